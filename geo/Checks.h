// Regulatory checks (控规检查): each parcel's limits (geo/CheckRules.h: its own attributes, else the
// most specific rule) against what the scheme builds on it. Measures, all in the metric scene frame
// (areas as the statistics report them: planar, or geodesic where the frame distorts areas):
// - height: the tallest building on the parcel (the extrusion of the buildings layer, see
//   geo/Extrusion), or the parcel's own extrusion when the parcels are the buildings;
// - FAR (容积率): floor area over the parcel's area. The floor area is the parcel's floor-area
//   attribute; else, with a buildings layer, the sum of each building's footprint inside the parcel
//   times its floors; else the parcel's own FAR attribute (far, plot_ratio); else the parcel's area
//   times its floors when the parcels are the buildings. Floors: the floors attribute, else
//   round(height / storey height), at least 1;
// - density (建筑密度): the union of the buildings' footprints inside the parcel over its area (GEOS
//   intersections through OGR); the parcel itself (1, or 0 when flat) when the parcels are the buildings;
// - green ratio (绿地率): the union of the green layer's areas inside the parcel over its area;
// - setback (退线): the least distance from a building on the parcel to the parcel's boundary (0 when
//   it crosses it); with no separate buildings layer there is nothing to measure.
// A measure that cannot be made (a NULL height, no green layer …) is "no data", never a pass.
#pragma once
#include <cmath>
#include <string>
#include <vector>
#include "geo/CheckRules.h"
#include "geo/Feature.h"
#include "geo/Project.h"

namespace geo {

class SceneFrame;

/// A layer as loaded, with the project's description of it (its extrusion, its source's SQL dialect).
struct CheckLayer {
    const LayerSpec* spec = nullptr;
    const FeatureLayer* data = nullptr;
};

struct CheckInput {
    CheckLayer parcels;     ///< required: polygons
    CheckLayer buildings;   ///< optional: footprints, extruded; none = the parcels are the buildings
    CheckLayer green;       ///< optional: polygons
    CheckLayer zones;       ///< optional: polygons named by `zone` in rules
};

enum class CheckOutcome { Pass, Violation, NoData };
/// "pass", "exceeds" (an upper limit passed) or "short" (a lower limit not reached), "no data".
const char* checkOutcomeName(CheckOutcome o, LimitKind k);

struct CheckRow {
    std::size_t feature = 0;        ///< index into the parcels layer's features
    std::string id, name, landuse;
    LimitKind kind = LimitKind::MaxHeight;
    double limit = 0;               ///< metres, ratio or share 0..1
    double measured = NAN;          ///< NaN when there is no data
    CheckOutcome outcome = CheckOutcome::NoData;
    double by = 0;                  ///< how far beyond the limit (> 0) for a violation, else 0
    std::string source;             ///< "attribute 限高" or a rule's description
};

struct CheckReport {
    std::vector<CheckRow> rows;     ///< by parcel (layer order), then by LimitKind
    std::size_t parcels = 0;        ///< parcels checked
    std::size_t parcelsWithLimits = 0, parcelsViolating = 0;
    std::size_t pass = 0, violations = 0, noData = 0;   ///< rows
    std::string landuseField, idField, nameField;       ///< "" when none was found
};

/// Checks every parcel. Throws InputError when a rule cannot be applied: a `where` GDAL refuses (the
/// message names the rule's file and line), `landuse` rules on a layer without a land-use field,
/// `zone` rules without a zones layer, a field named in the settings that the layer lacks.
CheckReport runChecks(const CheckInput& input, const CheckSettings& settings, const SceneFrame* frame = nullptr);

/// Each parcel's colour by its worst result: red when it exceeds (or falls short of) any limit, green
/// when every limit it has is kept, grey when it lacks data for one and breaks none, and its own
/// `unchecked` colour (parallel to the parcels; light grey when empty) when it has no limit.
std::vector<Color> checkResultColors(const CheckReport& report, std::size_t parcels, const std::vector<Color>& unchecked = {});
/// The colours checkResultColors gives.
extern const Color kCheckPassColor, kCheckViolationColor, kCheckNoDataColor;

/// A limit attribute's value as a limit: numbers as they are, text parsed ("35%" is 0.35 for a
/// share); shares above 1 are percentages. NaN for NULL, other text, negative or non-finite values.
double limitValue(const Value& v, LimitKind kind);

}  // namespace geo
