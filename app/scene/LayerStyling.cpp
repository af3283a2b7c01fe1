#include "app/scene/LayerStyling.h"
#include <algorithm>
#include <map>
#include <unordered_map>

namespace planview {

ValueCounts sortedCounts(const std::unordered_map<std::string, std::size_t>& counts) {
    ValueCounts sorted(counts.begin(), counts.end());
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    return sorted;
}

namespace {

// Tableau 10: distinct, print-friendly, none of them near the ground or sky colours.
const char* const kQualitative[] = {"#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F",
                                    "#EDC948", "#B07AA1", "#FF9DA7", "#9C755F", "#BAB0AC"};

bool countsAreLandUseCodes(const ValueCounts& counts) {
    std::size_t known = 0, total = 0;
    for (const auto& [value, count] : counts) {
        if (value.empty()) continue;
        total += count;
        if (geo::findLandUseClass(value)) known += count;
    }
    return total > 0 && known * 10 >= total * 9;
}

bool valuesAreLandUseCodes(const geo::FeatureLayer& layer, const std::string& field) {
    return countsAreLandUseCodes(valueCounts(layer, field));
}

}  // namespace

ValueCounts valueCounts(const geo::FeatureLayer& layer, const std::string& field) {
    std::unordered_map<std::string, std::size_t> counts;
    int index = layer.fieldIndex(field);
    for (const geo::Feature& f : layer.features) {
        std::string v = index >= 0 && static_cast<std::size_t>(index) < f.values.size()
                            ? geo::toString(f.values[static_cast<std::size_t>(index)])
                            : std::string();
        ++counts[v];
    }
    return sortedCounts(counts);
}

geo::LayerStyle styleForField(const geo::LoadedLayer& layer, const std::string& field) {
    if (field.empty() || field == layer.spec.style.by) return layer.spec.style;
    geo::LayerStyle style;
    if (geo::isLandUseFieldName(field) || valuesAreLandUseCodes(layer.data, field)) {
        style = geo::landUseStyle(field);
    } else {
        style.by = field;
        std::size_t i = 0;
        for (const auto& [value, count] : valueCounts(layer.data, field)) {
            if (i == std::size(kQualitative)) break;
            style.colors[value] = *geo::parseColor(kQualitative[i++]);
        }
    }
    style.defaultColor = layer.spec.style.defaultColor;
    style.opacity = layer.spec.style.opacity;
    style.lineWidth = layer.spec.style.lineWidth;
    return style;
}

bool isLandUseStyle(const geo::LayerStyle& style, const geo::FeatureLayer& layer) {
    return !style.by.empty() && (geo::isLandUseFieldName(style.by) || valuesAreLandUseCodes(layer, style.by));
}

std::vector<LegendEntry> legendEntries(const geo::LayerStyle& style, const geo::FeatureLayer& layer,
                                       std::size_t maxEntries) {
    if (style.by.empty()) return {{"", style.defaultColor, layer.features.size(), "", ""}};
    return legendEntries(style, valueCounts(layer, style.by), maxEntries);
}

std::vector<LegendEntry> legendEntries(const geo::LayerStyle& style, const ValueCounts& counts, std::size_t maxEntries) {
    std::vector<LegendEntry> entries;
    if (style.by.empty()) {
        std::size_t total = 0;
        for (const auto& [value, count] : counts) total += count;
        entries.push_back({"", style.defaultColor, total, "", ""});
        return entries;
    }
    const bool landUse = geo::isLandUseFieldName(style.by) || countsAreLandUseCodes(counts);
    for (std::size_t i = 0; i < counts.size(); ++i) {
        const auto& [value, count] = counts[i];
        if (i + 1 == maxEntries && counts.size() > maxEntries) {
            std::size_t rest = 0;
            for (std::size_t j = i; j < counts.size(); ++j) rest += counts[j].second;
            entries.push_back({"…", style.defaultColor, rest, "", ""});
            break;
        }
        LegendEntry e{value, style.colorFor(geo::Value(value)), count, style.labelFor(value, true), style.labelFor(value, false)};
        if (landUse) {
            if (const geo::LandUseClass* c = geo::findLandUseClass(value)) {
                if (e.meaningZh.empty()) e.meaningZh = c->nameZh;
                if (e.meaningEn.empty()) e.meaningEn = c->nameEn;
                e.isCode = true;
            }
        }
        entries.push_back(std::move(e));
    }
    return entries;
}

std::string legendText(const LegendEntry& entry, bool chinese) {
    const std::string& meaning = chinese ? entry.meaningZh : entry.meaningEn;
    if (meaning.empty()) return entry.value;
    return entry.isCode ? entry.value + " " + meaning : meaning;
}

std::string attributeText(const geo::LayerStyle& style, const std::string& field, const std::string& value, bool chinese) {
    if (value.empty() || field.empty() || field != style.by) return value;
    const std::string caption = style.caption(value, chinese, geo::isLandUseFieldName(field));
    if (caption.compare(0, value.size(), value) == 0) return caption;   // the value leads already
    return caption + (chinese ? "（" + value + "）" : " (" + value + ")");
}

void markInferredStatus(std::vector<std::pair<std::string, std::string>>& attributes, bool chinese) {
    auto source = std::find_if(attributes.begin(), attributes.end(), [](const auto& row) { return row.first == "status_source"; });
    if (source == attributes.end() || source->second != "inferred") return;
    for (auto& [field, value] : attributes)
        if (field == "status" && !value.empty()) value += chinese ? "（推断）" : " (inferred)";
}

std::vector<std::string> styleableFields(const geo::FeatureLayer& layer) {
    std::vector<std::string> fields;
    for (const geo::FieldDef& f : layer.fields)
        if (f.type == geo::FieldType::String || f.type == geo::FieldType::Integer) fields.push_back(f.name);
    return fields;
}

}  // namespace planview
