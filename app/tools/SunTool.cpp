#include "app/tools/SunTool.h"
#include <algorithm>
#include <cmath>

namespace planview {

namespace {
constexpr double kPlayFrom = 5, kPlayTo = 20;   // the hours the clock plays through
constexpr double kHoursPerSecond = 1;
}  // namespace

void SunTool::showPanelSun() {
    const SunUiState& s = map_.state().sun;
    map_.view().sun = geo::SunTime{s.date, s.clockHours, s.utcOffsetHours};
    map_.show();
}

void SunTool::setSunActive(bool active) {
    if (active) {
        showPanelSun();
        return;
    }
    map_.view().sun.reset();
    map_.state().sun.playing = false;
    map_.show();
}

void SunTool::setSunDate(const geo::CivilDate& date) {
    if (!geo::validDate(date)) return;
    map_.state().sun.date = date;
    if (map_.view().sun) showPanelSun();
}

void SunTool::setSunClock(double hours) {
    map_.state().sun.clockHours = std::clamp(hours, 0.0, 24.0 - 1.0 / 3600);
    if (map_.view().sun) showPanelSun();
}

void SunTool::setSunPlaying(bool playing) {
    SunUiState& s = map_.state().sun;
    if (playing) {
        // Playing from the evening starts again in the morning.
        if (s.clockHours >= kPlayTo || s.clockHours < kPlayFrom) s.clockHours = kPlayFrom;
        showPanelSun();
    }
    s.playing = playing;
}

bool SunTool::tick(double seconds) {
    SunUiState& s = map_.state().sun;
    if (!s.playing || !map_.view().sun) return false;
    double next = s.clockHours + seconds * kHoursPerSecond;
    if (next >= kPlayTo) {
        next = kPlayTo;
        s.playing = false;
    }
    setSunClock(next);
    return s.playing;
}

}  // namespace planview
