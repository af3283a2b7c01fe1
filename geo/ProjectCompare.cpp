#include "geo/ProjectCompare.h"
#include <algorithm>
#include "geo/Errors.h"
#include "geo/Log.h"

namespace geo {

namespace {

/// The project's layer named `name`, read whole (the comparison needs every feature).
std::size_t comparedLayer(const ProjectData& data, const std::string& name, const char* key) {
    for (std::size_t i = 0; i < data.layers.size(); ++i) {
        const LoadedLayer& l = data.layers[i];
        if (l.spec.name != name) continue;
        const std::string what = std::string("[compare] ") + key + " '" + name + "'";
        if (!l.available()) throw InputError(what + " is unavailable: " + l.error);
        if (l.streamed()) throw InputError(what + " is streamed: its features are only read near the camera");
        if (l.models) throw InputError(what + " is a models layer: it has no features to compare");
        return i;
    }
    throw InputError(std::string("[compare] ") + key + " '" + name + "' is not a layer of the project");
}

/// A version as the indicators see it: its class field, and the checks with the [check] settings.
CompareSide sideOf(const ProjectData& data, std::size_t index, bool withChecks) {
    const LoadedLayer& l = data.layers[index];
    CompareSide side;
    side.layer = &l.data;
    side.classField = classField(l.spec, l.data);
    if (!withChecks) return side;
    const CheckSettings& settings = data.project.checks;
    auto named = [&](const std::string& name) {
        for (const LoadedLayer& other : data.layers)
            if (!name.empty() && other.spec.name == name && other.available() && !other.streamed())
                return CheckLayer{&other.spec, &other.data};
        return CheckLayer{};
    };
    side.checks = CheckInput{{&l.spec, &l.data}, named(settings.buildings), named(settings.green), named(settings.zones)};
    side.settings = &settings;
    return side;
}

/// The pair named `pair` ("" = the first) of the project's [compare] tables.
const CompareSettings& comparePairOf(const ProjectData& data, const std::string& pair) {
    if (data.project.compares.empty())
        throw InputError(data.project.path + ": the project has no [compare] table naming two versions");
    const CompareSettings* settings = data.project.comparePair(pair);
    if (!settings) throw InputError(data.project.path + ": the project has no [[compare]] pair named '" + pair + "'");
    return *settings;
}

/// The project's [compare] layers, without comparing them yet.
ProjectComparison comparedLayers(const ProjectData& data, const std::string& pair) {
    const CompareSettings& settings = comparePairOf(data, pair);
    ProjectComparison c;
    c.pair = settings.name;
    c.before = comparedLayer(data, settings.before, "before");
    c.after = comparedLayer(data, settings.after, "after");
    return c;
}

}  // namespace

ProjectComparison compareProjectLayers(const ProjectData& data, const std::string& pair) {
    const CompareSettings& settings = comparePairOf(data, pair);
    ProjectComparison c = comparedLayers(data, pair);
    CompareOptions options;
    options.key = settings.key;
    options.toleranceM = settings.toleranceM;
    c.report = compareLayers(data.layers[c.before].data, data.layers[c.after].data, options, &data.frame);
    return c;
}

std::vector<IndicatorRow> projectCompareIndicators(const ProjectData& data, const ProjectComparison& c) {
    try {
        return compareIndicators(sideOf(data, c.before, true), sideOf(data, c.after, true), &data.frame);
    } catch (const InputError& e) {
        // A rule that cannot be applied costs the checks' rows, not the comparison.
        log().warn("compare: the checks are left out of the indicators: {}", e.what());
        return compareIndicators(sideOf(data, c.before, false), sideOf(data, c.after, false), &data.frame);
    }
}

CompareView compareViewOf(const ProjectData& data, const ProjectComparison& c, CompareMode mode, float swipe) {
    CompareView view;
    view.before = static_cast<int>(c.before);
    view.after = static_cast<int>(c.after);
    view.mode = mode;
    view.swipe = std::clamp(swipe, 0.0f, 1.0f);
    if (mode == CompareMode::Changes)
        changeColors(c.report, data.layers[c.before].data.features.size(), data.layers[c.after].data.features.size(),
                     view.beforeColors, view.afterColors);
    return view;
}

}  // namespace geo

namespace geo {

CompareView projectCompareView(const ProjectData& data, CompareMode mode, float swipe, const std::string& pair) {
    return compareViewOf(data, mode == CompareMode::Changes ? compareProjectLayers(data, pair) : comparedLayers(data, pair), mode, swipe);
}

const CompareSettings* shownComparePair(const ProjectData& data, const CompareView& view) {
    auto name = [&](int index) {
        return index >= 0 && static_cast<std::size_t>(index) < data.layers.size() ? data.layers[index].spec.name : std::string();
    };
    for (const CompareSettings& c : data.project.compares)
        if (c.before == name(view.before) && c.after == name(view.after)) return &c;
    return nullptr;
}

}  // namespace geo
