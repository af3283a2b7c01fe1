// The indicators of two versions of a layer, before, after and delta: feature counts, area and floor
// area in all and by land-use class (geo/Statistics: areas as `planview stats` measures them, floor
// area from FAR or height as it computes it), and, where a version carries limits (attributes or
// [[rule]] tables), the regulatory checks' counts (geo/Checks).
#pragma once
#include <cmath>
#include <optional>
#include <string>
#include <vector>
#include "geo/Checks.h"
#include "geo/Feature.h"
#include "geo/Project.h"

namespace geo {

class SceneFrame;

/// One version as the indicators see it.
struct CompareSide {
    const FeatureLayer* layer = nullptr;
    /// The field holding the land-use class ("" = none: totals only); see classField().
    std::string classField;
    /// The checks to run on this version (its parcels, buildings, green, zones) and their settings;
    /// none = no checks for it.
    std::optional<CheckInput> checks;
    const CheckSettings* settings = nullptr;
};

struct IndicatorRow {
    std::string indicator;        ///< features, area_m2, floor_area_m2, checks_pass, checks_exceed, checks_no_data, parcels_violating
    std::string category;         ///< the land-use class, "" for the whole layer
    double before = NAN, after = NAN;   ///< NaN where the version does not tell (no floor area, no checks)
    double delta() const { return after - before; }
};

/// The field a layer's features are classed by for the indicators: the style's `by` when the layer has
/// it (the project's categorized field), else the first land-use-like field (isLandUseFieldName), else "".
std::string classField(const LayerSpec& spec, const FeatureLayer& layer);

/// Indicators of both versions (in the scene frame `frame`): the whole layer's rows first (features,
/// area, floor area), then each class's, the classes by their larger area of the two versions, then the
/// checks' counts when either version ran checks that found limits. Throws InputError when a check's
/// rule cannot be applied (as runChecks).
std::vector<IndicatorRow> compareIndicators(const CompareSide& before, const CompareSide& after,
                                            const SceneFrame* frame = nullptr);

}  // namespace geo
