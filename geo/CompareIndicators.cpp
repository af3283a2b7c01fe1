#include "geo/CompareIndicators.h"
#include <algorithm>
#include <map>
#include "geo/MeasuredArea.h"
#include "geo/Statistics.h"
#include "geo/Style.h"

namespace geo {

namespace {

/// One version's figures: per class ("" = the whole layer) count, area and floor area.
struct Figures {
    struct Class {
        double count = 0, areaM2 = 0, floorAreaM2 = 0;
        bool floorKnown = false;
    };
    std::map<std::string, Class> classes;
    Class all;
    std::optional<CheckReport> checks;
};

Figures figuresOf(const CompareSide& side, const SceneFrame* frame) {
    Figures f;
    const FeatureLayer& layer = *side.layer;
    // The statistics group by a field; without a class field any field gives the same totals.
    std::string by = side.classField;
    if (by.empty() && !layer.fields.empty()) by = layer.fields.front().name;
    if (by.empty()) {
        f.all.count = static_cast<double>(layer.features.size());
        for (const Feature& feature : layer.features) f.all.areaM2 += featureArea(feature, frame);
    } else {
        const StatsTable table = computeStatistics(layer, StatsOptions{by, {}, ""}, nullptr, frame);
        for (const StatsRow& row : table.rows) {
            f.all.count += static_cast<double>(row.count);
            f.all.areaM2 += row.areaM2;
            f.all.floorAreaM2 += row.floorAreaM2;
            f.all.floorKnown = f.all.floorKnown || row.floorAreaKnown;
            if (side.classField.empty()) continue;
            Figures::Class& c = f.classes[row.category];
            c.count += static_cast<double>(row.count);
            c.areaM2 += row.areaM2;
            c.floorAreaM2 += row.floorAreaM2;
            c.floorKnown = c.floorKnown || row.floorAreaKnown;
        }
    }
    if (side.checks && side.settings) f.checks = runChecks(*side.checks, *side.settings, frame);
    return f;
}

}  // namespace

std::string classField(const LayerSpec& spec, const FeatureLayer& layer) {
    if (!spec.style.by.empty() && spec.style.by != kRuleField && layer.fieldIndex(spec.style.by) >= 0) return spec.style.by;
    for (const FieldDef& f : layer.fields)
        if (isLandUseFieldName(f.name)) return f.name;
    return "";
}

std::vector<IndicatorRow> compareIndicators(const CompareSide& before, const CompareSide& after, const SceneFrame* frame) {
    const Figures b = figuresOf(before, frame), a = figuresOf(after, frame);
    std::vector<IndicatorRow> rows;
    auto add = [&](const std::string& category, const Figures::Class* x, const Figures::Class* y) {
        const Figures::Class none;
        const Figures::Class& p = x ? *x : none;
        const Figures::Class& q = y ? *y : none;
        rows.push_back({"features", category, p.count, q.count});
        rows.push_back({"area_m2", category, p.areaM2, q.areaM2});
        if (p.floorKnown || q.floorKnown) {
            // A class one version lacks has no floor area there: 0, not unknown. A version that
            // cannot tell floor area at all (no FAR, no height) is unknown.
            auto floor = [](const Figures::Class* c, const Figures& all) {
                if (!all.all.floorKnown) return static_cast<double>(NAN);
                return c ? c->floorAreaM2 : 0.0;
            };
            rows.push_back({"floor_area_m2", category, floor(x, b), floor(y, a)});
        }
    };
    add("", &b.all, &a.all);

    // Classes by the larger of their two areas, then by name.
    std::vector<std::pair<double, std::string>> order;
    std::map<std::string, bool> seen;
    for (const Figures* f : {&b, &a})
        for (const auto& [name, c] : f->classes) {
            if (seen[name]) continue;
            seen[name] = true;
            double largest = 0;
            for (const Figures* g : {&b, &a}) {
                auto found = g->classes.find(name);
                if (found != g->classes.end()) largest = std::max(largest, found->second.areaM2);
            }
            order.emplace_back(largest, name);
        }
    std::sort(order.begin(), order.end(), [](const auto& x, const auto& y) {
        return x.first != y.first ? x.first > y.first : x.second < y.second;
    });
    for (const auto& [area, name] : order) {
        auto find = [&name](const Figures& f) -> const Figures::Class* {
            auto found = f.classes.find(name);
            return found == f.classes.end() ? nullptr : &found->second;
        };
        add(name, find(b), find(a));
    }

    auto limited = [](const Figures& f) { return f.checks && !f.checks->rows.empty(); };
    if (limited(b) || limited(a)) {
        auto count = [](const Figures& f, std::size_t CheckReport::*member) {
            return f.checks ? static_cast<double>((*f.checks).*member) : static_cast<double>(NAN);
        };
        rows.push_back({"checks_pass", "", count(b, &CheckReport::pass), count(a, &CheckReport::pass)});
        rows.push_back({"checks_exceed", "", count(b, &CheckReport::violations), count(a, &CheckReport::violations)});
        rows.push_back({"checks_no_data", "", count(b, &CheckReport::noData), count(a, &CheckReport::noData)});
        rows.push_back({"parcels_violating", "", count(b, &CheckReport::parcelsViolating),
                        count(a, &CheckReport::parcelsViolating)});
    }
    return rows;
}

}  // namespace geo
