// What a comparison (geo/Compare, geo/CompareIndicators) is written as: the columns and cell texts
// every output shares, and the GeoPackage (a change layer with its QGIS style, and the indicators).
#pragma once
#include <string>
#include <vector>
#include "geo/Compare.h"
#include "geo/CompareIndicators.h"

class OGRSpatialReference;

namespace geo {

/// The change table's columns, in order: change (added, removed, changed, unchanged), key, changed
/// (what changed: attribute names and "geometry", "; "-separated), before and after (the changed
/// attributes' values, "name=value; …"), area_before_m2, area_after_m2 (NULL for a version without the
/// feature), shift_m (how far the outline moved; NULL unless matched).
const std::vector<std::string>& changeColumns();
/// The indicator table's columns: indicator, category ("" = the whole layer), before, after, delta.
const std::vector<std::string>& indicatorColumns();

/// The `changed` cell: the changed attributes' names, then "geometry" when it moved.
std::string changedText(const FeatureChange& c);
/// The `before` (or, with `after`, the after) cell: "field=value; …" of the changed attributes.
std::string changedValuesText(const FeatureChange& c, bool after);

/// The two versions, for writing the changes' geometry: added and matched features are drawn as they
/// are after, removed ones as they were before.
struct ComparedLayers {
    const FeatureLayer* before = nullptr;
    const FeatureLayer* after = nullptr;
};

/// Writes a new GeoPackage at `path`: the layer "changes" (one feature a row of `report`, its geometry
/// in `srs`: scene metres plus `origin`), styled for QGIS by change (added green, removed red, changed
/// orange, unchanged grey) in layer_styles, and the table "indicators" (no geometry). Written under a
/// temporary name beside the target and renamed into place when complete. Throws OutputError when the
/// target exists (without `overwrite`), its folder does not, or GDAL fails.
void writeCompareGpkg(const std::string& path, const CompareReport& report, const std::vector<IndicatorRow>& indicators,
                      const ComparedLayers& layers, Vec2 origin, const OGRSpatialReference& srs, bool overwrite);

}  // namespace geo
