#include "geo/ProjectData.h"
#include <ogrsf_frmts.h>
#include <future>
#include <map>
#include <memory>
#include "geo/Errors.h"
#include "geo/FeatureReader.h"
#include "geo/Log.h"
#include "geo/QgisStyle.h"
#include "geo/Source.h"

namespace geo {

namespace {

/// A models layer's files placed in `frame`, and a feature for each (what picking names).
void readModels(LoadedLayer& loaded, const SceneFrame& frame) {
    auto set = std::make_shared<ModelSet>(describeModels(loaded.spec));
    placeModels(*set, loaded.spec, frame);
    FeatureLayer& data = loaded.data;
    data.name = loaded.spec.name;
    data.kind = GeometryKind::None;
    data.fields = {{"name", FieldType::String}, {"file", FieldType::String}};
    const Vec2 at{set->placement.translation[0], set->placement.translation[1]};
    for (std::size_t i = 0; i < set->tiles.size(); ++i) {
        Feature f;
        f.fid = static_cast<std::int64_t>(i);
        f.values = {set->tiles[i].name, set->tiles[i].file};
        f.bounds.add(at.x, at.y);
        data.bounds.add(f.bounds);
        data.features.push_back(std::move(f));
    }
    data.report.read = data.features.size();
    log().info("{}: {} {} in {}, origin {}, {}, {}", loaded.spec.source, set->tiles.size(),
               set->tileSet ? "tiles" : "model", set->srs, set->origin[0], set->origin[1], set->origin[2]);
    loaded.models = std::move(set);
}

/// A raster layer opened (or `raster` when given) and described into `frame`: no features, its extent.
void readRaster(LoadedLayer& loaded, const SceneFrame& frame, std::shared_ptr<const RasterWindow> raster = nullptr) {
    if (!raster) raster = RasterWindow::open(loaded.spec.source, loaded.spec.rasterCrs);
    FeatureLayer& data = loaded.data;
    data.name = loaded.spec.name;
    data.kind = GeometryKind::None;
    data.bounds = raster->sceneExtent(frame);
    const RasterDescription& d = raster->description();
    log().info("{}: {} × {} pixels, {} band(s) of {}, {} overview(s), {}", loaded.spec.source, d.size.width, d.size.height,
               d.bands.size(), d.bands.front().dataType, d.overviews.size(), d.crs);
    loaded.raster = std::move(raster);
}

/// The project's sources, each opened once however many layers it serves; errors kept per layer.
struct OpenSources {
    std::map<std::string, std::unique_ptr<Source>> byLocation;
    std::map<std::string, std::shared_ptr<const RasterWindow>> rasters;   // by source and assigned CRS
    std::vector<std::string> errors;   // per layer, "" when its layer was found
    Extent lonLat;

    explicit OpenSources(const Project& project) : errors(project.layers.size()) {
        for (std::size_t i = 0; i < project.layers.size(); ++i) {
            const LayerSpec& spec = project.layers[i];
            try {
                if (spec.kind == LayerKind::Models) {   // not GDAL's: placed by their own CRS
                    const Vec2 at = describeModels(spec).lonLat;
                    lonLat.add(at.x, at.y);
                    continue;
                }
                if (isRasterKind(spec.kind)) {
                    auto& raster = rasters[spec.source + "\n" + spec.rasterCrs];
                    if (!raster) raster = RasterWindow::open(spec.source, spec.rasterCrs);
                    addLonLatExtent(lonLat, raster->description().lonLatExtent);
                    continue;
                }
                auto& source = byLocation[spec.source];
                if (!source) source = std::make_unique<Source>(Source::open(spec.source));
                OGRLayer& layer = source->layer(spec.layer);
                addLonLatExtent(lonLat, layerFrameExtent(layer, source->location() + " layer '" + spec.name + "'"));
            } catch (const InputError& e) {
                errors[i] = e.what();
            }
        }
    }
};

}  // namespace

SceneFrame chooseProjectFrame(const Project& project, std::vector<std::string>* errors) {
    OpenSources sources(project);
    if (errors) *errors = sources.errors;
    return SceneFrame::choose(sources.lonLat, project.crs);
}

namespace {

/// A frame that is already there, for what takes one still being chosen.
std::shared_future<SceneFrame> readyFrame(const SceneFrame& frame) {
    std::promise<SceneFrame> made;
    made.set_value(frame);
    return made.get_future().share();
}

/// Reads (or plans the streaming of) one layer of an opened source into `loaded`.
void readInto(LoadedLayer& loaded, const Source& source, const std::shared_future<SceneFrame>& frame,
              const std::string& projectPath, const std::function<void(std::size_t, long long)>& progress,
              bool allowStreaming) {
    ReadOptions options;
    options.where = loaded.spec.where;
    options.fromGcj02 = loaded.spec.gcj02;
    options.progress = progress;
    OGRLayer& layer = source.layer(loaded.spec.layer);
    const std::string what = source.location() + " layer '" + loaded.spec.name + "'";
    // No style in the project: the one stored with the data (QGIS's layer_styles, a .qml beside it).
    if (!loaded.spec.styled)
        if (auto stored = storedQgisStyle(source, layer.GetName())) applyQgisStyle(loaded.spec, *stored, projectPath);
    if (allowStreaming) loaded.stream = planStream(loaded.spec, layer, frame.get(), what);
    if (loaded.streamed()) {
        loaded.data = describeLayer(layer);
        for (const Extent& tile : loaded.stream->tileBounds) loaded.data.bounds.add(tile);
        log().info("{}: {} features, streamed in {} tiles around the camera", what, loaded.stream->featureCount,
                   loaded.stream->grid.count());
    } else {
        loaded.data = readLayer(source, loaded.spec.layer, frame, options);
        // A QGIS rule-based style: each feature's rule, evaluated once.
        for (const std::string& warning : applyStyleRules(loaded.spec.style, loaded.data, filterDialectFor(loaded.spec.source)))
            log().warn("{}: {}", what, warning);
    }
    // A misspelt field leaves the layer flat, unlabelled or one colour: say why.
    for (const std::string& warning : missingFieldWarnings(projectPath, loaded.spec, loaded.data.fields))
        log().warn("{}", warning);
}

}  // namespace

LoadedLayer loadLayer(const Project& project, std::size_t index, const SceneFrame& frame, bool allowStreaming) {
    LoadedLayer loaded;
    loaded.spec = project.layers.at(index);
    try {
        if (loaded.spec.kind == LayerKind::Models) {
            readModels(loaded, frame);
            return loaded;
        }
        if (isRasterKind(loaded.spec.kind)) {
            readRaster(loaded, frame);
            return loaded;
        }
        const Source source = Source::open(loaded.spec.source);
        readInto(loaded, source, readyFrame(frame), project.path, {}, allowStreaming);
    } catch (const InputError& e) {
        loaded = LoadedLayer{project.layers[index], {}, e.what(), std::nullopt, nullptr, nullptr};
    }
    return loaded;
}

ProjectData loadProjectData(const Project& project, const SceneFrame* frame, const LoadProgressCallback& progress,
                            bool allowStreaming) {
    OpenSources sources(project);
    // PROJ takes tens of milliseconds to choose the frame's operation: the layers are read meanwhile
    // (and shaped into the frame once it is there).
    std::shared_future<SceneFrame> chosenFrame =
        frame ? readyFrame(*frame)
              : std::async(std::launch::async, [&] { return SceneFrame::choose(sources.lonLat, project.crs); }).share();
    std::vector<LoadedLayer> layers;
    Extent bounds;
    for (std::size_t i = 0; i < project.layers.size(); ++i) {
        LoadedLayer loaded;
        loaded.spec = project.layers[i];
        loaded.error = sources.errors[i];
        if (loaded.available()) {
            try {
                std::function<void(std::size_t, long long)> layerProgress;
                if (progress)
                    layerProgress = [&](std::size_t read, long long total) {
                        progress(LoadProgress{i, project.layers.size(), loaded.spec.name, read, total});
                    };
                if (loaded.spec.kind == LayerKind::Models)
                    readModels(loaded, chosenFrame.get());
                else if (isRasterKind(loaded.spec.kind))
                    readRaster(loaded, chosenFrame.get(), sources.rasters[loaded.spec.source + "\n" + loaded.spec.rasterCrs]);
                else
                    readInto(loaded, *sources.byLocation[loaded.spec.source], chosenFrame, project.path, layerProgress,
                             allowStreaming);
                bounds.add(loaded.data.bounds);
            } catch (const InputError& e) {
                loaded.error = e.what();
            }
        }
        layers.push_back(std::move(loaded));
    }
    ProjectData data{project, chosenFrame.get(), std::move(layers), bounds};
    bool any = false;
    for (const auto& l : data.layers) any = any || l.available();
    // When nothing loads, the error says it all (one line); otherwise each missing layer is a warning.
    if (!any) throw InputError(data.layers.empty() ? project.path + ": no layers" : data.layers.front().error);
    for (const auto& l : data.layers)
        if (!l.available()) log().warn("layer '{}' is unavailable: {}", l.spec.name, l.error);
    return data;
}

bool isZoneLayer(const LoadedLayer& layer) {
    return layer.available() && layer.spec.kind == LayerKind::Boundary && layer.data.kind == GeometryKind::Polygon;
}

}  // namespace geo
