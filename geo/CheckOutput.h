// Writing a regulatory check (geo/Checks) as a GeoPackage: one polygon a row (the parcel's geometry,
// in the scene frame's CRS) with the row's values, and a QGIS style colouring the rows by result.
#pragma once
#include <string>
#include "geo/Checks.h"

class OGRSpatialReference;

namespace geo {

/// The columns every output of a check has, in order: id, name, landuse, limit (its key, e.g.
/// max_height_m), indicator (限高 …), limit_value, measured (NULL for no data), result (pass,
/// exceeds, short, no data), by (how far beyond the limit; NULL unless a violation), source.
const std::vector<std::string>& checkColumns();

/// Writes `report`'s rows as the layer "checks" of a new GeoPackage at `path`: each row with its
/// parcel's polygons from `parcels` (scene metres plus `origin`, in `srs`), styled for QGIS by
/// `result` (pass green, exceeds and short red, no data grey). Written under a temporary name beside
/// the target and renamed into place when complete. Throws OutputError when the target exists
/// (without `overwrite`), its folder does not, or GDAL fails.
void writeChecksGpkg(const std::string& path, const CheckReport& report, const FeatureLayer& parcels, Vec2 origin,
                     const OGRSpatialReference& srs, bool overwrite);

}  // namespace geo
