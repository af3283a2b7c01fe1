// What `planview info` reports about a raster source (a GeoTIFF or COG, a DEM, a PNG or JPEG with a
// world file, a GeoPackage's tiles, anything GDAL reads as a raster): size, bands, CRS, extent, pixel
// size, overviews.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <vector>
#include "geo/Vec.h"

namespace geo {

struct RasterSize {
    int width = 0, height = 0;
};

struct RasterBandDescription {
    int index = 0;                              ///< 1-based, as GDAL counts
    std::string dataType;                       ///< GDAL's name: "Byte", "Int16", "Float32" …
    std::optional<double> noData;               ///< the band's nodata value, if it has one
    std::string colorInterpretation;            ///< GDAL's name: "Red", "Gray", "Palette", "Undefined" …
    std::string description;                    ///< the band's own description; "" without
    std::string unit;                           ///< its unit ("m", "metre"); "" without
};

struct RasterDescription {
    std::string driver;                         ///< GDAL's short name, e.g. "GTiff", "PNG", "GPKG"
    RasterSize size;
    std::string crs;                            ///< "EPSG:4490", or the CRS's name
    std::array<double, 6> geoTransform{};       ///< GDAL's: origin x, pixel width, row rotation, origin y, …
    double pixelWidth = 0, pixelHeight = 0;     ///< in CRS units, both positive
    Extent nativeExtent;                        ///< in the raster's CRS (the four corners' envelope)
    Extent lonLatExtent;                        ///< WGS84 degrees, x = lon
    std::vector<RasterBandDescription> bands;
    std::vector<RasterSize> overviews;          ///< the first band's, largest first
    bool hasVectorLayers = false;               ///< the source also holds vector layers (a GeoPackage)
};

/// Describes `location` when GDAL opens it as a raster; nullopt when it does not (then it is a vector
/// source, or nothing GDAL reads, which opening it as a vector source says). Throws InputError naming
/// `location` for a raster that has no CRS or no georeferencing, one that holds several rasters (their
/// names listed), or one whose pixels cannot be read (a truncated or corrupt file). `assignedCrs` (a
/// layer's `crs`, any PROJ definition) stands for the raster's own CRS: for a JPEG or PNG placed by a
/// world file only.
std::optional<RasterDescription> describeRaster(const std::string& location, const std::string& assignedCrs = "");

}  // namespace geo
