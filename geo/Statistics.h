// Planning statistics: area, floor area, counts and sums of a layer's features, grouped by a field
// (land-use class, status …) and optionally by the zones of a polygon layer (platforms …).
// Areas are computed in the metric scene frame, in square metres.
#pragma once
#include <string>
#include <vector>
#include "geo/Feature.h"

namespace geo {

struct StatsOptions {
    std::string by;                  ///< field to group by (required)
    std::vector<std::string> sums;   ///< numeric fields to add up per group (e.g. investment)
    std::string zoneNameField;       ///< field naming each zone; "" = name_zh, name, or the first text field
};

struct StatsRow {
    std::string zone;                ///< the zone's name, or "" when there are no zones
    std::string category;            ///< the value of the `by` field ("" for NULL)
    std::size_t count = 0;           ///< features (or parts of them) in this zone and category
    double areaM2 = 0;               ///< polygon area inside the zone, m² (0 for points and lines)
    double floorAreaM2 = 0;          ///< area × FAR where a far field exists, else area × floors from height
    bool floorAreaKnown = false;     ///< whether any feature in the row had FAR or height
    std::vector<double> sums;        ///< parallel to StatsOptions::sums (NULLs count as 0)
    /// areaM2 as a share (0..1) of its zone's counted area (of the whole layer's without zones);
    /// 0 when the zone has no area (points, lines). `planview stats` and the Statistics panel show it.
    double share = 0;
};

struct StatsTable {
    std::string by;
    std::vector<std::string> sumFields;
    bool zoned = false;
    std::vector<StatsRow> rows;      ///< sorted by zone (in zone-layer order), then by descending area/count
};

/// Groups `layer` by `options.by`. With `zones` (a polygon layer in the same scene frame), each polygon
/// feature's area is split by intersection among the zones it overlaps (parts outside every zone are
/// not counted), and points count in the zone that contains them. Throws InputError when `by` or a sum
/// field is not a field of the layer, or `zones` is not a polygon layer.
/// With `frame` (the frame the layers are in), areas are as PlanView reports them there: geodesic
/// where the frame distorts measures (a province's or the world's frame), else planar.
class SceneFrame;
StatsTable computeStatistics(const FeatureLayer& layer, const StatsOptions& options, const FeatureLayer* zones = nullptr,
                             const SceneFrame* frame = nullptr);

/// 1 mu (亩) = 10,000 / 15 m².
constexpr double squareMetresPerMu = 10000.0 / 15.0;

}  // namespace geo
