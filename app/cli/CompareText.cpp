#include "app/cli/CompareText.h"
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include "app/cli/TextTable.h"

namespace planview {

namespace {

std::string fixed(double v, int decimals) {
    if (!std::isfinite(v)) return "";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
    return buffer;
}

/// The shortest text that reads back as the same double ("" for NaN).
std::string exact(double v) { return std::isfinite(v) ? geo::toString(geo::Value(v)) : std::string(); }

nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

nlohmann::json jsonValue(const geo::Value& v) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
    if (const auto* d = std::get_if<double>(&v)) return number(*d);
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    return nullptr;
}

/// Counts as integers, areas to the decimetre; a delta with its sign.
std::string shown(const geo::IndicatorRow& r, double v, bool delta = false) {
    const bool count = r.indicator == "features" || r.indicator.rfind("checks_", 0) == 0 || r.indicator == "parcels_violating";
    std::string text = fixed(v, count ? 0 : 1);
    if (delta && std::isfinite(v) && v > 0) text = "+" + text;
    return text;
}

long fidOf(const geo::FeatureLayer* layer, long index) {
    return index >= 0 ? static_cast<long>(layer->features.at(static_cast<std::size_t>(index)).fid) : -1;
}

}  // namespace

std::string compareSummary(const geo::CompareReport& r, const geo::ComparedLayers& layers) {
    std::string how = r.byOverlap ? std::string("matched by overlap") : "matched by " + r.keyField;
    return std::to_string(layers.before->features.size()) + " features before, " + std::to_string(layers.after->features.size()) +
           " after, " + how + ": " + std::to_string(r.added) + " added, " + std::to_string(r.removed) + " removed, " +
           std::to_string(r.changed) + " changed, " + std::to_string(r.unchanged) + " unchanged";
}

void renderComparison(std::ostream& out, const geo::CompareReport& report, const std::vector<geo::IndicatorRow>& indicators,
                      const geo::ComparedLayers& layers, const std::string& format, bool onlyChanges) {
    auto shownRow = [&](const geo::FeatureChange& c) { return !onlyChanges || c.kind != geo::ChangeKind::Unchanged; };
    auto shownIndicator = [&](const geo::IndicatorRow& r) {
        const bool same = r.before == r.after || (std::isnan(r.before) && std::isnan(r.after));
        return !onlyChanges || !same;
    };
    if (format == "json") {
        nlohmann::json changes = nlohmann::json::array();
        for (const auto& c : report.changes) {
            if (!shownRow(c)) continue;
            nlohmann::json attributes = nlohmann::json::object(), changed = nlohmann::json::array();
            for (const auto& a : c.attributes) {
                attributes[a.field] = {{"before", jsonValue(a.before)}, {"after", jsonValue(a.after)}};
                changed.push_back(a.field);
            }
            if (c.geometryChanged) changed.push_back("geometry");
            const bool matched = c.before >= 0 && c.after >= 0;
            changes.push_back({{"change", geo::changeKindName(c.kind)}, {"key", c.key}, {"changed", changed},
                               {"attributes", attributes}, {"geometry_changed", c.geometryChanged},
                               {"shift_m", matched ? number(c.shiftM) : nlohmann::json(nullptr)},
                               {"area_before_m2", c.before >= 0 ? number(c.areaBeforeM2) : nlohmann::json(nullptr)},
                               {"area_after_m2", c.after >= 0 ? number(c.areaAfterM2) : nlohmann::json(nullptr)},
                               {"before_fid", c.before >= 0 ? nlohmann::json(fidOf(layers.before, c.before)) : nlohmann::json(nullptr)},
                               {"after_fid", c.after >= 0 ? nlohmann::json(fidOf(layers.after, c.after)) : nlohmann::json(nullptr)}});
        }
        nlohmann::json rows = nlohmann::json::array();
        for (const auto& r : indicators)
            if (shownIndicator(r))
                rows.push_back({{"indicator", r.indicator}, {"category", r.category}, {"before", number(r.before)},
                                {"after", number(r.after)}, {"delta", number(r.delta())}});
        const nlohmann::json summary = {
            {"before", layers.before->features.size()}, {"after", layers.after->features.size()},
            {"key", report.byOverlap ? nlohmann::json(nullptr) : nlohmann::json(report.keyField)},
            {"matched_by", report.byOverlap ? "overlap" : "key"},
            {"added", report.added}, {"removed", report.removed}, {"changed", report.changed}, {"unchanged", report.unchanged},
            {"duplicate_keys", report.duplicateKeys}, {"empty_keys", report.emptyKeys},
            {"fields_only_before", report.onlyBefore}, {"fields_only_after", report.onlyAfter}};
        out << nlohmann::json{{"summary", summary}, {"changes", changes}, {"indicators", rows}}.dump(2) << '\n';
        return;
    }

    std::vector<std::vector<std::string>> changeRows, indicatorRows;
    for (const auto& c : report.changes) {
        if (!shownRow(c)) continue;
        const bool matched = c.before >= 0 && c.after >= 0;
        auto area = [&](double v, bool present) { return present ? (format == "csv" ? exact(v) : fixed(v, 1)) : ""; };
        changeRows.push_back({geo::changeKindName(c.kind), c.key, geo::changedText(c), geo::changedValuesText(c, false),
                              geo::changedValuesText(c, true), area(c.areaBeforeM2, c.before >= 0), area(c.areaAfterM2, c.after >= 0),
                              matched ? (format == "csv" ? exact(c.shiftM) : fixed(c.shiftM, 2)) : ""});
    }
    for (const auto& r : indicators) {
        if (!shownIndicator(r)) continue;
        if (format == "csv") indicatorRows.push_back({r.indicator, r.category, exact(r.before), exact(r.after), exact(r.delta())});
        else indicatorRows.push_back({r.indicator, r.category.empty() ? "(all)" : r.category, shown(r, r.before), shown(r, r.after),
                                      shown(r, r.delta(), true)});
    }
    if (format == "csv") {
        auto line = [&](const std::vector<std::string>& values) {
            for (std::size_t i = 0; i < values.size(); ++i) out << (i ? "," : "") << csvField(values[i]);
            out << '\n';
        };
        line(geo::changeColumns());
        for (const auto& r : changeRows) line(r);
        out << '\n';
        line(geo::indicatorColumns());
        for (const auto& r : indicatorRows) line(r);
        return;
    }
    printTable(out, geo::changeColumns(), changeRows, {false, false, false, false, false, true, true, true});
    out << compareSummary(report, layers) << "\n\n";
    printTable(out, geo::indicatorColumns(), indicatorRows, {false, false, true, true, true});
}

}  // namespace planview
