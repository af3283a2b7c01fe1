#include "geo/MapView.h"
#include "geo/ProjectChecks.h"
#include "geo/ProjectCompare.h"
#include <algorithm>
#include "geo/Errors.h"
#include "geo/ProjectData.h"

namespace geo {

const char* compareModeName(CompareMode mode) {
    switch (mode) {
    case CompareMode::Changes: return "changes";
    case CompareMode::Split: return "split";
    case CompareMode::Swipe: break;
    }
    return "swipe";
}

std::optional<CompareMode> compareModeNamed(const std::string& name) {
    for (CompareMode mode : {CompareMode::Swipe, CompareMode::Changes, CompareMode::Split})
        if (name == compareModeName(mode)) return mode;
    return std::nullopt;
}

MapView projectMapView(const ProjectData& data) {
    MapView view;
    view.layers.resize(data.layers.size());
    for (std::size_t i = 0; i < data.layers.size(); ++i) {
        const LoadedLayer& layer = data.layers[i];
        LayerView& l = view.layers[i];
        l.visible = layer.spec.visible;
        l.styleField = layer.spec.style.by;
        // The filter's check boxes list the categories the layer is coloured by.
        if (layer.available() && !l.styleField.empty() && layer.data.fieldIndex(l.styleField) >= 0)
            l.filter.categoryField = l.styleField;
    }
    return view;
}

std::optional<ProjectTimeline> findProjectTimeline(const ProjectData& data) {
    for (std::size_t i = 0; i < data.layers.size(); ++i) {
        if (!data.layers[i].available()) continue;
        TimelineFields fields = findTimelineFields(data.layers[i].data);
        if (!fields.usable()) continue;
        if (auto range = timelineRange(data.layers[i].data, fields)) return ProjectTimeline{i, fields, *range};
    }
    return std::nullopt;
}

void showBookmark(MapView& view, const Bookmark& b, const ProjectData& data, const std::optional<ProjectTimeline>& timeline) {
    view.camera = b.view;
    if (!b.sun.empty()) {
        try {
            view.sun = parseSunTime(b.sun, projectUtcOffset(data));
        } catch (const InputError& e) {
            throw InputError("bookmark '" + b.name + "': sun: " + e.what());
        }
    } else if (b.layers) {
        view.sun.reset();
    }
    if (!b.compare.empty()) {
        const CompareMode mode = compareModeNamed(b.compare).value_or(CompareMode::Swipe);
        // The changes' colours are worked out once: a view coloured so already keeps them.
        const CompareSettings* shown = view.compare ? shownComparePair(data, *view.compare) : nullptr;
        if (!view.compare || view.compare->mode != mode || shown != data.project.comparePair(b.comparePair)) {
            try {
                view.compare = projectCompareView(data, mode, view.compare ? view.compare->swipe : 0.5f, b.comparePair);
            } catch (const InputError& e) {
                throw InputError("bookmark '" + b.name + "': compare: " + e.what());
            }
        }
    } else if (b.layers) {
        view.compare.reset();
    }
    if (b.envelopes) {
        if (!view.envelopes) {
            try {
                view.envelopes = projectEnvelopeView(data);
            } catch (const InputError& e) {
                throw InputError("bookmark '" + b.name + "': envelopes: " + e.what());
            }
        }
    } else if (b.layers) {
        view.envelopes.reset();
    }
    if (b.layers)
        for (std::size_t i = 0; i < data.layers.size() && i < view.layers.size(); ++i)
            view.layers[i].visible = std::find(b.layers->begin(), b.layers->end(), data.layers[i].spec.name) != b.layers->end();
    if (!timeline) return;
    if (auto date = b.date.empty() ? std::nullopt : parseDate(b.date))
        view.date = Date{std::clamp(date->days, timeline->range.first.days, timeline->range.last.days)};
    else if (!b.date.empty() || b.layers)
        // A bookmark saved without a date shows the plain styles (one saved with layers says how
        // the whole map should look).
        view.date.reset();
}

Bookmark bookmarkOf(const MapView& view, const std::string& name, const ProjectData& data) {
    Bookmark b;
    b.name = name;
    if (view.camera) b.view = *view.camera;
    std::vector<std::string> visible;
    for (std::size_t i = 0; i < view.layers.size() && i < data.layers.size(); ++i)
        if (view.layers[i].visible) visible.push_back(data.layers[i].spec.name);
    b.layers = visible;
    if (view.date) b.date = formatDate(*view.date);
    if (view.sun) b.sun = formatSunTime(*view.sun, projectUtcOffset(data));
    if (view.compare) {
        b.compare = compareModeName(view.compare->mode);
        // The pair by name, unless it is the default (the first).
        const CompareSettings* shown = shownComparePair(data, *view.compare);
        if (shown && shown != data.project.comparePair()) b.comparePair = shown->name;
    }
    b.envelopes = view.envelopes.has_value();
    return b;
}

}  // namespace geo
