// Synthetic rasters for `planview bench --imagery`: an orthophoto as a district's survey delivers one
// (RGB, tiled, JPEG-compressed in YCbCr, with internal overviews) and a DEM of hills under it, both in
// CGCS2000 / 3-degree GK CM 120E (EPSG:4549) around Hangzhou, over the same square.
#pragma once
#include <string>

namespace planview::bench {

/// Where the generated rasters lie: the same square for both, in EPSG:4549 metres.
constexpr double kRasterWest = 495000, kRasterNorth = 3352000, kRasterSide = 10000;

/// Writes a `size`×`size` RGB GeoTIFF over the square (pixels of kRasterSide / size metres): fields,
/// roofs and water in blocks of 60–180 m between grey roads, with a fine grain so that JPEG has work
/// to do; 256² tiles, JPEG (YCbCr, quality 85), internal overviews by 2 down to under 256 pixels.
/// Throws geo::OutputError when the file cannot be written.
void generateOrthophoto(const std::string& path, int size);

/// Writes a `size`×`size` Float32 DEM over the square: a dozen Gaussian hills of 40–260 m over a
/// plain at 5 m; 256² tiles, DEFLATE with the floating-point predictor, overviews as above.
void generateDem(const std::string& path, int size);

}  // namespace planview::bench
