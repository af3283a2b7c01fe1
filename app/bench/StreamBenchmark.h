// `planview bench --stream`: how a layer too large to load at once opens in the viewer. Over a
// generated GeoPackage of N parcels, streamed (TileStreamer): the time until the first tiles show,
// until the whole home view is covered, until a street-level view is at full detail, the frames of
// both, the cost of moving the camera, and peak memory.
#pragma once
#include <cstddef>
#include <string>

namespace planview::bench {

struct StreamBenchOptions {
    std::size_t parcels = 1000000;
    int width = 1280, height = 720;
    int frames = 5;
    std::string executablePath;
    std::string workDir;   ///< where the GeoPackage is kept ("" = a temporary folder); an existing one of N parcels is reused
};

struct StreamBenchResult {
    std::size_t parcels = 0;
    int tiles = 0;
    double generateMs = 0;      ///< 0 when a kept GeoPackage was reused
    double openMs = 0;          ///< project opened, scene frame chosen, tiles planned, empty scene built
    double firstTileMs = 0;     ///< from open until the first tile is drawn
    double homeMs = 0;          ///< from open until every tile of the home view is drawn (coarse)
    double homeFrameMs = 0;
    int homeDrawCalls = 0;
    double closeMs = 0;         ///< from the home view until a street-level view is at full detail
    double closeFrameMs = 0;
    int closeDrawCalls = 0;
    std::size_t closeFullTiles = 0, closeFullFeatures = 0;
    double moveMs = 0;          ///< mean wait for full detail after a 1 km move at street level
    int moves = 0;
    std::size_t maxFullFeatures = 0;   ///< the most features held at full detail at any point
    double peakRssMb = 0;
    std::string machine;
};

StreamBenchResult runStreamBenchmark(const StreamBenchOptions& options);

}  // namespace planview::bench
