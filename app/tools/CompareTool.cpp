#include "app/tools/CompareTool.h"
#include <algorithm>
#include "geo/ProjectCompare.h"

namespace planview {

void CompareTool::runCompare() {
    CompareUiState& s = map_.state().compare;
    s.error.clear();
    s.computed = false;
    try {
        s.comparison = geo::compareProjectLayers(map_.data(), s.pair);
        s.indicators = geo::projectCompareIndicators(map_.data(), s.comparison);
        s.computed = true;
    } catch (const geo::InputError& e) {
        s.error = e.what();
    }
    // A comparison shown already follows the new result.
    if (map_.view().compare) setCompareMode(s.computed ? std::optional(map_.view().compare->mode) : std::nullopt);
}

void CompareTool::setCompareMode(std::optional<geo::CompareMode> mode) {
    CompareUiState& s = map_.state().compare;
    if (mode && !s.computed) runCompare();
    std::optional<geo::CompareView> compare;
    if (mode && s.computed)
        compare = geo::compareViewOf(map_.data(), s.comparison, *mode, map_.view().compare ? map_.view().compare->swipe : 0.5f);
    if (compare == map_.view().compare) return;
    map_.view().compare = std::move(compare);
    map_.show();
}

void CompareTool::selectPair(const std::string& name) {
    CompareUiState& s = map_.state().compare;
    if (s.pair == name && (s.computed || !s.error.empty())) return;
    s.pair = name;
    runCompare();
}

void CompareTool::setSwipe(float share) {
    if (!map_.view().compare) return;
    map_.view().compare->swipe = std::clamp(share, 0.0f, 1.0f);
    map_.show();
}

}  // namespace planview
