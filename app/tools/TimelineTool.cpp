#include "app/tools/TimelineTool.h"
#include <algorithm>

namespace planview {

namespace {
// Seconds the timeline takes to play its whole range.
constexpr double kPlaySeconds = 12.0;
}  // namespace

void TimelineTool::setTimelineActive(bool active) {
    TimelineUiState& t = map_.state().timeline;
    if (t.layer < 0) return;
    if (active) map_.view().date = t.date;
    else map_.view().date.reset();
    if (!active) t.playing = false;
    map_.show();
}

void TimelineTool::setTimelineDate(geo::Date date) {
    TimelineUiState& t = map_.state().timeline;
    if (t.layer < 0) return;
    t.date = geo::Date{std::clamp(date.days, t.range.first.days, t.range.last.days)};
    if (map_.view().date) map_.view().date = t.date;
    map_.show();
}

void TimelineTool::setTimelinePlaying(bool playing) {
    TimelineUiState& t = map_.state().timeline;
    if (t.layer < 0) return;
    if (playing && !map_.view().date) setTimelineActive(true);
    // Playing from the end starts again from the beginning.
    if (playing && !(t.date < t.range.last)) setTimelineDate(t.range.first);
    t.playing = playing;
}

bool TimelineTool::tick(double seconds) {
    TimelineUiState& t = map_.state().timeline;
    if (!t.playing || !map_.view().date) return false;
    const double span = std::max(1, t.range.last.days - t.range.first.days);
    int step = std::max(1, static_cast<int>(span * seconds / kPlaySeconds));
    geo::Date next{t.date.days + step};
    if (t.range.last < next) {
        next = t.range.last;
        t.playing = false;
    }
    setTimelineDate(next);
    return t.playing;
}

}  // namespace planview
