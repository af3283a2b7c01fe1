// Writing rendered images: PNG, or GeoTIFF with the scene frame's CRS and a geotransform. Written to
// a temporary file beside the target, then renamed over it, so a failed or interrupted write never
// leaves a half-written image under the target's name.
#pragma once
#include <array>
#include <string>
#include "app/render/OffscreenRenderer.h"

class OGRSpatialReference;

namespace planview {

/// Throws geo::OutputError naming `path` when its folder is missing or not writable. Cheap; call
/// before a long render.
void checkWritable(const std::string& path);

/// Throws geo::OutputError naming `path` and GDAL's reason on any failure.
void writePng(const std::string& path, const RgbImage& image);

/// `geoTransform` as GDAL's: x0, pixel width, 0, y0, 0, -pixel height (x0/y0: the top-left corner
/// of the top-left pixel, in `crs` units).
void writeGeoTiff(const std::string& path, const RgbImage& image, const std::array<double, 6>& geoTransform,
                  const OGRSpatialReference& crs);

/// A one-page GeoPDF through GDAL's PDF driver: the image fills the page, whose size is the image at
/// `dpi` (3307 × 2339 pixels at 200 dpi is A3 landscape), georeferenced as writeGeoTiff (ISO 32000
/// encoding), with `title` in the document's information. Atomic as the others.
void writeGeoPdf(const std::string& path, const RgbImage& image, const std::array<double, 6>& geoTransform,
                 const OGRSpatialReference& crs, double dpi, const std::string& title);

}  // namespace planview
