// What a raster layer's source is (`kind = "imagery"` or `"terrain"`): small on purpose, shared by the
// project loader, `info` and the scene.
#pragma once
#include <optional>
#include <string>
#include "geo/Vec.h"

namespace geo {

struct RasterDescription {
    std::string location;           ///< the GDAL location it was opened from
    std::string driver;             ///< GDAL's short name ("GTiff", "GPKG", "WMS", …)
    int width = 0, height = 0;      ///< pixels of the full resolution
    int bands = 0;
    std::string dataType;           ///< of the first band ("Byte", "Float32", …)
    bool palette = false;           ///< the first band is indexed through a colour table
    std::optional<double> noData;   ///< the first band's nodata value
    int overviews = 0;              ///< of the first band
    std::string crs;                ///< authority code, or the CRS's name
    Extent extent;                  ///< in the raster's CRS
    Extent lonLat;                  ///< WGS 84 degrees (x = lon)
    double pixelSize = 0;           ///< the larger side of a pixel, in the raster's CRS units
};

}  // namespace geo
