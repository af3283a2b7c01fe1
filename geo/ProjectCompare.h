// The project's [compare] layers (geo::CompareSettings) compared: what the viewer's compare panel,
// `render --compare` and stills show (geo::MapView::compare).
#pragma once
#include <string>
#include <vector>
#include "geo/Compare.h"
#include "geo/CompareIndicators.h"
#include "geo/MapView.h"
#include "geo/ProjectData.h"

namespace geo {

struct ProjectComparison {
    std::string pair;                    ///< the compared pair's name ("" = an unnamed [compare])
    std::size_t before = 0, after = 0;   ///< indices into ProjectData::layers
    CompareReport report;
};

/// Matches the layers of the project's compare pair named `pair` ("" = the first [compare]) feature by
/// feature in the scene frame. Throws InputError when the project has no [compare] or no such pair,
/// or a compared layer is unavailable, streamed or of models.
ProjectComparison compareProjectLayers(const ProjectData& data, const std::string& pair = "");

/// Both versions' indicators, with the project's [check] settings run on each (its buildings, green
/// and zones layers where they are loaded); when a rule cannot be applied, without the checks' rows
/// (a warning says why), as `planview compare` does.
std::vector<IndicatorRow> projectCompareIndicators(const ProjectData& data, const ProjectComparison& comparison);

/// The map view's comparison of the two layers as `mode`, its swipe line at `swipe` (0..1); the
/// changes' colours (changeColors) when the mode shows them.
CompareView compareViewOf(const ProjectData& data, const ProjectComparison& comparison, CompareMode mode, float swipe = 0.5f);
/// The same for the project's [compare] layers, compared here when the mode shows the changes (a
/// swipe needs only the layers). Throws InputError as compareProjectLayers.
CompareView projectCompareView(const ProjectData& data, CompareMode mode, float swipe = 0.5f, const std::string& pair = "");
/// The project's compare pair a view shows (by its two layers), or nullptr.
const CompareSettings* shownComparePair(const ProjectData& data, const CompareView& view);

}  // namespace geo
