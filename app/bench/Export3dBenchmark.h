// `planview bench --export3d`: the 3D Tiles export at a city's scale. Over a generated GeoPackage of N
// parcels (ParcelGenerator, as the other benchmarks), extruded to their height and coloured by land
// use: reading the layer as the export does, then writing it as a tileset (geo/TilesetExport), its
// size, tile count and largest tile.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace planview::bench {

struct Export3dBenchOptions {
    std::size_t parcels = 200000;
    std::string workDir;   ///< where the GeoPackage is kept ("" = a temporary folder); an existing one of N parcels is reused
};

struct Export3dBenchResult {
    std::size_t parcels = 0;
    double generateMs = 0;          ///< 0 when a kept GeoPackage was reused
    double loadMs = 0;              ///< the layer read into the scene frame alone (exportMs reads it too)
    double exportMs = 0;            ///< `planview export --format 3DTiles` without the process start: read, tile, write
    std::size_t features = 0;       ///< written over the tiles
    std::size_t tiles = 0;
    int depth = 0;
    std::uintmax_t bytes = 0, largestTileBytes = 0;
    double peakRssMb = 0;
    std::string machine;
};

Export3dBenchResult runExport3dBenchmark(const Export3dBenchOptions& options);

}  // namespace planview::bench
