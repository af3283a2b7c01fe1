#include "app/bench/Export3dBenchmark.h"
#include <filesystem>
#include "app/bench/Machine.h"
#include "app/bench/ParcelGenerator.h"
#include "geo/GltfExport.h"
#include "geo/Project.h"
#include "geo/ProjectData.h"
#include "geo/Source.h"
#include "geo/TilesetExport.h"

namespace fs = std::filesystem;

namespace planview::bench {

Export3dBenchResult runExport3dBenchmark(const Export3dBenchOptions& options) {
    Export3dBenchResult r;
    geo::initGdal();
    const WorkFolder folder(options.workDir);
    const fs::path& dir = folder.path();
    const fs::path gpkg = keptParcels(dir.string(), options.parcels, r.generateMs);
    r.parcels = options.parcels;
    const fs::path out = dir / "tileset";
    std::error_code ec;
    fs::remove_all(out, ec);
    resetPeakRss();

    geo::Project project = geo::projectFromSource(gpkg.string());
    for (geo::LayerSpec& layer : project.layers) {
        layer.kind = geo::LayerKind::Parcels;
        layer.extrudeField = "height_m";
    }
    // The reading alone, for scale (the export reads the layer again).
    auto start = Clock::now();
    geo::loadProjectData(project);
    r.loadMs = msSince(start);

    // What `planview export GPKG --format 3DTiles -o DIR/` does, the parcels extruded by height_m.
    geo::TilesetOptions tiles;
    tiles.output = out.string();
    tiles.gltf.style = project.layers.front().style;
    start = Clock::now();
    const geo::TilesetReport report = geo::exportProjectLayerTileset(project, tiles);
    r.exportMs = msSince(start);
    r.features = report.features;
    r.tiles = report.tiles;
    r.depth = report.depth;
    r.bytes = report.bytes;
    r.largestTileBytes = report.largestTileBytes;
    r.peakRssMb = peakRssMb();
    r.machine = cpuDescription();
    fs::remove_all(out, ec);
    return r;
}

}  // namespace planview::bench
