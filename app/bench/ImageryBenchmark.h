// `planview bench --imagery`: how a large orthophoto and a DEM open in the viewer (issue 18). Over a
// generated 20,000² RGB GeoTIFF with overviews and a 4,000² DEM (RasterGenerator), in a project of
// one terrain and one imagery layer: the time from opening the project until the whole raster seen
// from above is drawn with every tile that view needs paged in, the mean frame while the camera pans
// across it closer in (tiles paging in the background), the terrain's first view on its own, and
// peak memory.
#pragma once
#include <string>

namespace planview::bench {

struct ImageryBenchOptions {
    int rasterSize = 20000;        ///< the orthophoto's side, pixels
    int demSize = 4000;            ///< the DEM's side, pixels (the same square: 2.5 m pixels at 4,000)
    int width = 1280, height = 720;
    int panFrames = 120;           ///< frames of the pan
    std::string executablePath;
    std::string workDir;           ///< where the rasters are kept ("" = a temporary folder); existing ones of the same size are reused
};

struct ImageryBenchResult {
    int rasterSize = 0, demSize = 0;
    double generateMs = 0;          ///< both rasters written (next to nothing when kept ones were reused)
    double firstViewMs = 0;         ///< from opening the project until the top view of the whole raster is drawn, every tile in
    int firstViewDrawCalls = 0;
    int firstViewFrames = 0;        ///< frames drawn until the pager had nothing left to load
    double panFrameMs = 0;          ///< mean frame while panning across the raster, closer in
    int panFrames = 0;
    double panDistanceM = 0;        ///< how far the camera moved over the pan
    double panViewDistanceM = 0;    ///< the camera's distance from the ground while panning
    double panSettleMs = 0;         ///< after the pan, until its last view has every tile in
    double terrainBuildMs = 0;      ///< a project of the DEM alone: opened, its top view drawn with every tile in
    int terrainDrawCalls = 0;
    double peakRssMb = 0;           ///< from opening the project on (generation not counted)
    std::string machine;
    std::string orthophotoPath, demPath;
};

ImageryBenchResult runImageryBenchmark(const ImageryBenchOptions& options);

}  // namespace planview::bench
