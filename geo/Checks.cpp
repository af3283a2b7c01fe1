#include "geo/Checks.h"
#include <ogr_api.h>
#include <ogr_geometry.h>
#include <algorithm>
#include <array>
#include <cstdlib>
#include <memory>
#include <optional>
#include <tuple>
#include "geo/Errors.h"
#include "geo/Extrusion.h"
#include "geo/FeatureFilter.h"
#include "geo/Geodesic.h"
#include "geo/Geometry.h"
#include "geo/MeasuredArea.h"
#include "geo/SceneFrame.h"
#include "geo/Style.h"

namespace geo {

const char* checkOutcomeName(CheckOutcome o, LimitKind k) {
    switch (o) {
    case CheckOutcome::Pass: return "pass";
    case CheckOutcome::Violation: return isUpperLimit(k) ? "exceeds" : "short";
    case CheckOutcome::NoData: return "no data";
    }
    return "";
}

double limitValue(const Value& v, LimitKind kind) {
    double x = NAN;
    if (std::holds_alternative<std::int64_t>(v)) x = static_cast<double>(std::get<std::int64_t>(v));
    else if (std::holds_alternative<double>(v)) x = std::get<double>(v);
    else if (std::holds_alternative<std::string>(v)) {
        std::string s = std::get<std::string>(v);
        while (!s.empty() && s.back() == ' ') s.pop_back();
        bool percent = !s.empty() && s.back() == '%';
        if (percent) s.pop_back();
        char* end = nullptr;
        const double parsed = std::strtod(s.c_str(), &end);
        if (!s.empty() && end && *end == '\0') x = percent ? parsed / 100 : parsed;
        if (percent && !isShareLimit(kind)) x = NAN;
    }
    if (!std::isfinite(x) || x < 0) return NAN;
    if (isShareLimit(kind) && x > 1) x /= 100;
    return x;
}

namespace {

/// Adds the polygons of `g` (a polygon, multipolygon or collection) to `into`.
void addPolygons(const OGRGeometry& g, OGRMultiPolygon& into) {
    const OGRwkbGeometryType t = wkbFlatten(g.getGeometryType());
    if (t == wkbPolygon) into.addGeometry(&g);
    else if (t == wkbMultiPolygon || t == wkbGeometryCollection)
        for (const OGRGeometry* part : *g.toGeometryCollection()) addPolygons(*part, into);
}

bool overlaps(const Extent& a, const Extent& b) {
    return !(a.maxX < b.minX || b.maxX < a.minX || a.maxY < b.minY || b.maxY < a.minY);
}

/// The settings' field (required to exist), else the first of `names` the layer has, else -1.
int pickField(const FeatureLayer& layer, const std::string& configured, std::initializer_list<const char*> names) {
    if (!configured.empty()) return static_cast<int>(layer.requireField(configured));
    for (const char* n : names)
        for (std::size_t i = 0; i < layer.fields.size(); ++i)
            if (EQUAL(layer.fields[i].name.c_str(), n)) return static_cast<int>(i);
    return -1;
}

std::string fieldName(const FeatureLayer& layer, int field) {
    return field >= 0 ? layer.fields[static_cast<std::size_t>(field)].name : std::string();
}

const Value& valueAt(const Feature& f, int field) {
    static const Value none;
    return field >= 0 && static_cast<std::size_t>(field) < f.values.size() ? f.values[static_cast<std::size_t>(field)] : none;
}

/// A number of an attribute, NaN for NULL or text that is no number.
double numberAt(const Feature& f, int field) { return toNumber(valueAt(f, field), NAN); }

/// Heights from a layer's extrusion, NaN where the extrusion field is NULL or no number (unknown, not
/// flat), and NaN for every feature when the layer is not extruded at all.
std::vector<double> knownHeights(const CheckLayer& layer) {
    const std::vector<double> heights = extrusionHeights(*layer.spec, *layer.data);
    std::vector<double> out(heights.size(), NAN);
    if (layer.spec->extrudeField.empty()) {
        if (layer.spec->extrudeConstant > 0) out = heights;
        return out;
    }
    const int field = layer.data->fieldIndex(layer.spec->extrudeField);
    if (field < 0) return out;
    for (std::size_t i = 0; i < heights.size(); ++i)
        if (std::isfinite(numberAt(layer.data->features[i], field))) out[i] = heights[i];
    return out;
}

struct Candidate {
    const Feature* feature;
    std::unique_ptr<OGRMultiPolygon> geometry;
    double height = NAN, floors = NAN, floorArea = NAN;
};

/// The polygons of `layer` as OGR geometries, once.
std::vector<Candidate> candidates(const CheckLayer& layer) {
    std::vector<Candidate> out;
    if (!layer.data) return out;
    for (const Feature& f : layer.data->features)
        if (!f.polygons.empty()) out.push_back({&f, toOgr(f)});
    return out;
}

/// The candidates whose bounds may overlap an extent, from a uniform grid over them (about one
/// candidate a cell), so that a city of parcels and buildings is not every pair of them.
class CandidateGrid {
public:
    explicit CandidateGrid(const std::vector<Candidate>& items) : items_(items), seen_(items.size(), 0) {
        for (const Candidate& c : items) bounds_.add(c.feature->bounds);
        if (items.empty()) return;
        n_ = std::max(1, std::min(1024, static_cast<int>(std::sqrt(static_cast<double>(items.size())))));
        cells_.resize(static_cast<std::size_t>(n_) * n_);
        for (std::size_t i = 0; i < items.size(); ++i) {
            const auto [x0, y0, x1, y1] = range(items[i].feature->bounds);
            for (int y = y0; y <= y1; ++y)
                for (int x = x0; x <= x1; ++x) cells_[static_cast<std::size_t>(y) * n_ + x].push_back(i);
        }
    }
    /// Calls `f` once for each candidate whose bounds overlap `e`.
    template <class F>
    void forEach(const Extent& e, F&& f) {
        if (items_.empty() || e.empty() || !overlaps(e, bounds_)) return;
        ++stamp_;
        const auto [x0, y0, x1, y1] = range(e);
        for (int y = y0; y <= y1; ++y)
            for (int x = x0; x <= x1; ++x)
                for (std::size_t i : cells_[static_cast<std::size_t>(y) * n_ + x]) {
                    if (seen_[i] == stamp_) continue;
                    seen_[i] = stamp_;
                    if (overlaps(items_[i].feature->bounds, e)) f(items_[i]);
                }
    }

private:
    int cell(double v, double lo, double hi) const {
        if (!(hi > lo)) return 0;
        return std::clamp(static_cast<int>((v - lo) / (hi - lo) * n_), 0, n_ - 1);
    }
    std::array<int, 4> range(const Extent& e) const {
        return {cell(e.minX, bounds_.minX, bounds_.maxX), cell(e.minY, bounds_.minY, bounds_.maxY),
                cell(e.maxX, bounds_.minX, bounds_.maxX), cell(e.maxY, bounds_.minY, bounds_.maxY)};
    }
    const std::vector<Candidate>& items_;
    Extent bounds_;
    int n_ = 1;
    std::vector<std::vector<std::size_t>> cells_;
    std::vector<unsigned> seen_;
    unsigned stamp_ = 0;
};

struct Measures {
    std::array<double, kLimitKinds> value;
    Measures() { value.fill(NAN); }
};

}  // namespace

CheckReport runChecks(const CheckInput& input, const CheckSettings& s, const SceneFrame* frame) {
    const FeatureLayer& parcels = *input.parcels.data;
    if (parcels.kind != GeometryKind::Polygon)
        throw InputError("layer '" + parcels.name + "' holds " + geometryKindName(parcels.kind) + "s, not parcels (polygons)");
    auto polygonLayer = [](const CheckLayer& l, const char* role) {
        if (l.data && l.data->kind != GeometryKind::Polygon)
            throw InputError(std::string(role) + " layer '" + l.data->name + "' holds " + geometryKindName(l.data->kind) +
                             "s, not polygons");
    };
    polygonLayer(input.buildings, "the buildings");
    polygonLayer(input.green, "the green");
    polygonLayer(input.zones, "the zones");

    CheckReport report;
    int landuseField = pickField(parcels, s.landuseField, {});
    if (landuseField < 0)
        for (std::size_t i = 0; i < parcels.fields.size() && landuseField < 0; ++i)
            if (isLandUseFieldName(parcels.fields[i].name)) landuseField = static_cast<int>(i);
    const int idField = pickField(parcels, s.idField, {"plot_code", "地块编码", "地块编号", "id", "code"});
    const std::string label = input.parcels.spec ? input.parcels.spec->label : std::string();
    const int nameField = pickField(parcels, s.nameField.empty() && parcels.fieldIndex(label) >= 0 ? label : s.nameField,
                                    {"name_zh", "name", "名称"});
    const int floorAreaField = pickField(parcels, s.floorAreaField, {"floor_area_m2", "floor_area", "建筑面积"});
    const int farField = pickField(parcels, "", {"far", "plot_ratio"});
    report.landuseField = fieldName(parcels, landuseField);
    report.idField = fieldName(parcels, idField);
    report.nameField = fieldName(parcels, nameField);

    std::array<int, kLimitKinds> limitFields;
    for (LimitKind k : kAllLimitKinds) {
        static const std::vector<std::vector<const char*>> defaults = {
            {"max_height_m", "max_height", "限高", "建筑限高"},
            {"max_far", "容积率", "容积率上限"},
            {"max_density", "建筑密度", "建筑密度上限"},
            {"min_green_ratio", "绿地率", "绿地率下限"},
            {"min_setback_m", "setback_m", "setback", "退线", "建筑退线"}};
        const auto i = static_cast<std::size_t>(k);
        limitFields[i] = -1;
        if (!s.limitFields[i].empty()) limitFields[i] = static_cast<int>(parcels.requireField(s.limitFields[i]));
        else
            for (const char* n : defaults[i])
                if (limitFields[i] < 0) limitFields[i] = parcels.fieldIndex(n);
    }

    // Which rules match which parcels.
    bool needsZones = false, needsLanduse = false;
    for (const CheckRule& r : s.rules) {
        needsZones = needsZones || !r.zone.empty();
        needsLanduse = needsLanduse || !r.landuse.empty();
    }
    if (needsLanduse && landuseField < 0)
        throw InputError("layer '" + parcels.name + "' has no land-use field for the rules' `landuse` (name it with [check] landuse_field)");
    if (needsZones && !input.zones.data)
        throw InputError("rules name zones but no zones layer is given ([check] zones = \"LAYER\")");
    std::vector<std::vector<bool>> whereMatches(s.rules.size());
    {
        std::unique_ptr<AttributeQuery> query;
        for (std::size_t r = 0; r < s.rules.size(); ++r) {
            if (s.rules[r].where.empty()) continue;
            if (!query)
                query = std::make_unique<AttributeQuery>(parcels, input.parcels.spec ? filterDialectFor(input.parcels.spec->source)
                                                                                      : FilterDialect::OgrSql);
            try {
                whereMatches[r] = query->matches(s.rules[r].where);
            } catch (const FilterError& e) {
                std::string cause = e.cause;
                std::replace(cause.begin(), cause.end(), '\n', ' ');
                throw InputError(s.rules[r].file + ":" + std::to_string(s.rules[r].line) + ": rule where '" + s.rules[r].where +
                                 "' is not valid on layer '" + parcels.name + "': " + cause);
            }
        }
    }
    // Zones: the zone holding a point inside the parcel.
    struct Zone {
        std::string name;
        std::unique_ptr<OGRMultiPolygon> geometry;
    };
    std::vector<Zone> zones;
    if (input.zones.data && needsZones) {
        const FeatureLayer& z = *input.zones.data;
        const int zoneName = pickField(z, s.zoneField, {"name_zh", "name", "名称"});
        for (const Feature& f : z.features)
            zones.push_back({zoneName >= 0 ? toString(valueAt(f, zoneName)) : std::to_string(f.fid), toOgr(f)});
    }

    std::vector<Candidate> buildings = candidates(input.buildings), green = candidates(input.green);
    const bool separateBuildings = input.buildings.data != nullptr;
    if (separateBuildings) {
        const std::vector<double> heights = knownHeights(input.buildings);
        const FeatureLayer& b = *input.buildings.data;
        const int floorsField = pickField(b, s.floorsField, {"floors", "层数", "storeys"});
        const int buildingFloorArea = pickField(b, "", {"floor_area_m2", "floor_area", "建筑面积"});
        std::size_t c = 0;
        for (std::size_t i = 0; i < b.features.size(); ++i) {
            if (b.features[i].polygons.empty()) continue;
            Candidate& cand = buildings[c++];
            cand.height = heights[i];
            cand.floors = numberAt(b.features[i], floorsField);
            if (!(cand.floors > 0) && cand.height > 0) cand.floors = std::max(1.0, std::round(cand.height / s.storeyHeight));
            if (cand.height == 0 && !(cand.floors > 0)) cand.floors = 0;
            cand.floorArea = numberAt(b.features[i], buildingFloorArea);
        }
    }
    CandidateGrid buildingGrid(buildings), greenGrid(green);
    const std::vector<double> parcelHeights = input.parcels.spec ? knownHeights(input.parcels) : std::vector<double>(parcels.features.size(), NAN);
    const int parcelFloorsField = pickField(parcels, separateBuildings ? "" : s.floorsField, {"floors", "层数", "storeys"});

    report.parcels = parcels.features.size();
    for (std::size_t p = 0; p < parcels.features.size(); ++p) {
        const Feature& f = parcels.features[p];
        // The limits: the attribute, else the most specific matching rule.
        std::array<std::optional<std::pair<double, std::string>>, kLimitKinds> limits;
        for (LimitKind k : kAllLimitKinds) {
            const auto i = static_cast<std::size_t>(k);
            const double v = limitValue(valueAt(f, limitFields[i]), k);
            if (std::isfinite(v)) limits[i] = {v, "attribute " + parcels.fields[static_cast<std::size_t>(limitFields[i])].name};
        }
        std::unique_ptr<OGRMultiPolygon> geometry = toOgr(f);
        std::optional<std::string> zone;
        std::tuple<int, int, std::size_t> best[kLimitKinds];
        bool haveBest[kLimitKinds] = {};
        const std::string landuse = landuseField >= 0 ? toString(valueAt(f, landuseField)) : std::string();
        for (std::size_t r = 0; r < s.rules.size(); ++r) {
            const CheckRule& rule = s.rules[r];
            if (!rule.where.empty() && !whereMatches[r][p]) continue;
            if (!rule.landuse.empty() && landuse.compare(0, rule.landuse.size(), rule.landuse) != 0) continue;
            if (!rule.zone.empty()) {
                if (!zone) {
                    zone = "";
                    // OGR_G_PointOnSurface is GEOS's (OGRMultiPolygon::PointOnSurface fails on GDAL 3.6).
                    std::unique_ptr<OGRGeometry> inside(
                        f.polygons.empty() ? nullptr : OGRGeometry::FromHandle(OGR_G_PointOnSurface(OGRGeometry::ToHandle(geometry.get()))));
                    if (inside)
                        for (const Zone& z : zones)
                            if (z.geometry->Contains(inside.get())) { *zone = z.name; break; }
                }
                if (*zone != rule.zone) continue;
            }
            // Specificity: where, then zone, then the length of the land-use code; later rules win ties.
            const std::tuple<int, int, std::size_t> rank{!rule.where.empty(), !rule.zone.empty(), rule.landuse.size()};
            for (LimitKind k : kAllLimitKinds) {
                const auto i = static_cast<std::size_t>(k);
                if (!rule.limits[i] || (limits[i] && limits[i]->second.rfind("attribute ", 0) == 0)) continue;
                if (haveBest[i] && rank < best[i]) continue;
                best[i] = rank;
                haveBest[i] = true;
                limits[i] = {*rule.limits[i], rule.describe()};
            }
        }
        bool any = false;
        for (const auto& l : limits) any = any || l.has_value();
        if (!any) continue;
        ++report.parcelsWithLimits;

        // The measures.
        Measures m;
        const double parcelArea = featureArea(f, frame);
        const double height = p < parcelHeights.size() ? parcelHeights[p] : NAN;
        const double floorArea = numberAt(f, floorAreaField);
        if (separateBuildings) {
            OGRMultiPolygon footprints;
            double tallest = 0, floors = 0, minSetback = NAN;
            bool heightsKnown = true, floorsKnown = true;
            std::unique_ptr<OGRGeometry> boundary;
            buildingGrid.forEach(f.bounds, [&](const Candidate& b) {
                std::unique_ptr<OGRGeometry> inside(geometry->Intersection(b.geometry.get()));
                const double insideArea = inside ? partArea(*inside, frame) : 0;
                if (!(insideArea > 0)) return;
                addPolygons(*inside, footprints);
                if (std::isfinite(b.height)) tallest = std::max(tallest, b.height);
                else heightsKnown = false;
                const double whole = featureArea(*b.feature, frame);
                if (b.floorArea >= 0 && whole > 0) floors += b.floorArea * insideArea / whole;
                else if (b.floors >= 0) floors += insideArea * b.floors;
                else floorsKnown = false;
                if (!boundary) boundary.reset(geometry->Boundary());
                const double d = boundary && geometry->Contains(b.geometry.get()) ? b.geometry->Distance(boundary.get()) : 0;
                minSetback = std::isfinite(minSetback) ? std::min(minSetback, d) : d;
            });
            m.value[0] = heightsKnown ? tallest : NAN;
            if (parcelArea > 0) {
                std::unique_ptr<OGRGeometry> merged(footprints.getNumGeometries() > 1 ? footprints.UnionCascaded() : footprints.clone());
                m.value[2] = merged ? partArea(*merged, frame) / parcelArea : NAN;
                if (floorsKnown) m.value[1] = floors / parcelArea;
            }
            m.value[4] = minSetback;
        } else {
            m.value[0] = height;
            if (std::isfinite(height)) m.value[2] = height > 0 ? 1.0 : 0.0;
        }
        if (parcelArea > 0) {
            const double far = numberAt(f, farField);
            double floors = numberAt(f, parcelFloorsField);
            if (!(floors > 0) && height > 0) floors = std::max(1.0, std::round(height / s.storeyHeight));
            if (height == 0) floors = 0;
            if (floorArea >= 0) m.value[1] = floorArea / parcelArea;
            else if (!separateBuildings && far >= 0) m.value[1] = far;
            else if (!separateBuildings && floors >= 0) m.value[1] = floors;
            if (input.green.data) {
                OGRMultiPolygon parts;
                greenGrid.forEach(f.bounds, [&](const Candidate& g) {
                    std::unique_ptr<OGRGeometry> inside(geometry->Intersection(g.geometry.get()));
                    if (inside) addPolygons(*inside, parts);
                });
                std::unique_ptr<OGRGeometry> merged(parts.getNumGeometries() > 1 ? parts.UnionCascaded() : parts.clone());
                m.value[3] = merged ? std::min(1.0, partArea(*merged, frame) / parcelArea) : NAN;
            }
        }

        bool violating = false;
        for (LimitKind k : kAllLimitKinds) {
            const auto i = static_cast<std::size_t>(k);
            if (!limits[i]) continue;
            CheckRow row;
            row.feature = p;
            row.id = idField >= 0 ? toString(valueAt(f, idField)) : std::to_string(f.fid);
            row.name = toString(valueAt(f, nameField));
            row.landuse = landuse;
            row.kind = k;
            row.limit = limits[i]->first;
            row.source = limits[i]->second;
            row.measured = m.value[i];
            // A hair's tolerance, so that a value written as the limit is not read as beyond it.
            const double tolerance = 1e-9 * std::max(1.0, std::fabs(row.limit));
            if (!std::isfinite(row.measured)) {
                row.outcome = CheckOutcome::NoData;
                ++report.noData;
            } else if (isUpperLimit(k) ? row.measured > row.limit + tolerance : row.measured < row.limit - tolerance) {
                row.outcome = CheckOutcome::Violation;
                row.by = std::fabs(row.measured - row.limit);
                ++report.violations;
                violating = true;
            } else {
                row.outcome = CheckOutcome::Pass;
                ++report.pass;
            }
            report.rows.push_back(std::move(row));
        }
        report.parcelsViolating += violating;
    }
    return report;
}

const Color kCheckPassColor{0.55f, 0.80f, 0.55f, 1}, kCheckViolationColor{0.90f, 0.16f, 0.13f, 1},
    kCheckNoDataColor{0.62f, 0.62f, 0.62f, 1};

std::vector<Color> checkResultColors(const CheckReport& report, std::size_t parcels, const std::vector<Color>& unchecked) {
    enum Worst { None, Pass, NoData, Violation };
    std::vector<Worst> worst(parcels, None);
    for (const CheckRow& row : report.rows) {
        if (row.feature >= parcels) continue;
        const Worst w = row.outcome == CheckOutcome::Violation ? Violation : row.outcome == CheckOutcome::NoData ? NoData : Pass;
        worst[row.feature] = std::max(worst[row.feature], w);
    }
    std::vector<Color> colors(parcels);
    for (std::size_t i = 0; i < parcels; ++i) {
        switch (worst[i]) {
        case Violation: colors[i] = kCheckViolationColor; break;
        case NoData: colors[i] = kCheckNoDataColor; break;
        case Pass: colors[i] = kCheckPassColor; break;
        case None: colors[i] = i < unchecked.size() ? unchecked[i] : Color{0.85f, 0.85f, 0.85f, 1}; break;
        }
    }
    return colors;
}

}  // namespace geo
