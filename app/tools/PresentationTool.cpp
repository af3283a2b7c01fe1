#include "app/tools/PresentationTool.h"
#include <algorithm>
#include "app/ui/UiText.h"
#include "geo/Errors.h"
#include "geo/SunView.h"

namespace planview {

PresentationTool::PresentationTool(MapModel& map, BookmarkTool& bookmarks) : map_(map), bookmarks_(bookmarks) {
    // During a tour a bookmark that is one of its stops is that stop, caption and all; any other
    // view pauses the tour and shows no stop's caption.
    bookmarks.tourStopNamed = [this](const std::string& name) {
        TourPlayState& tour = map_.state().tourPlay;
        if (tour.tour < 0) return false;
        const auto& stops = map_.state().tours[static_cast<std::size_t>(tour.tour)].stops;
        for (std::size_t i = 0; i < stops.size(); ++i)
            if (stops[i].bookmark == name) {
                goToStop(static_cast<int>(i));
                return true;
            }
        tour.playing = false;
        tour.stop = -1;
        return false;
    };
}

void PresentationTool::setPresenting(bool presenting) {
    UiState& state = map_.state();
    if (presenting == state.presenting) return;
    state.presenting = presenting;
    if (!presenting) {
        state.tourPlay.playing = false;
        state.tourPlay.tour = -1;
    }
    if (map_.host.onPresentingChanged) map_.host.onPresentingChanged(presenting);
}

void PresentationTool::startTour(std::size_t tour) {
    UiState& state = map_.state();
    if (tour >= state.tours.size() || state.tours[tour].stops.empty()) return;
    setPresenting(true);
    state.tourPlay.tour = static_cast<int>(tour);
    state.tourPlay.playing = true;
    goToStop(0);
}

void PresentationTool::nextStop() {
    const TourPlayState& t = map_.state().tourPlay;
    if (t.tour < 0) return;
    if (t.stop + 1 < static_cast<int>(map_.state().tours[static_cast<std::size_t>(t.tour)].stops.size())) goToStop(t.stop + 1);
}

void PresentationTool::previousStop() {
    const TourPlayState& t = map_.state().tourPlay;
    if (t.tour < 0) return;
    // Off the tour (a bookmark that is no stop): back to its first stop.
    if (t.stop != 0) goToStop(std::max(t.stop - 1, 0));
}

void PresentationTool::setTourPlaying(bool playing) {
    TourPlayState& t = map_.state().tourPlay;
    if (t.tour < 0) return;
    // Playing on from the last stop (or from a view off the tour) starts the tour again.
    const auto& stops = map_.state().tours[static_cast<std::size_t>(t.tour)].stops;
    if (playing && !t.playing && (t.stop < 0 || t.stop + 1 == static_cast<int>(stops.size()))) {
        t.playing = true;
        goToStop(0);
        return;
    }
    t.playing = playing;
}

void PresentationTool::goToStop(int stop) {
    UiState& state = map_.state();
    TourPlayState& t = state.tourPlay;
    const geo::Tour& tour = state.tours[static_cast<std::size_t>(t.tour)];
    t.stop = stop;
    t.elapsed = 0;
    const geo::TourStop& s = tour.stops[static_cast<std::size_t>(stop)];
    for (const auto& e : state.bookmarks)
        if (e.bookmark.name == s.bookmark) {
            geo::Bookmark b = e.bookmark;
            if (!s.sun.empty()) b.sun = s.sun;   // the stop's own sun
            bookmarks_.showBookmark(b, s.flight);
            return;
        }
}

std::optional<geo::SunTime> PresentationTool::stopSun(int stop) const {
    const UiState& state = map_.state();
    const geo::TourStop& s = state.tours[static_cast<std::size_t>(state.tourPlay.tour)].stops[static_cast<std::size_t>(stop)];
    std::string text = s.sun;
    for (const auto& e : state.bookmarks)
        if (text.empty() && e.bookmark.name == s.bookmark) text = e.bookmark.sun;
    if (text.empty()) return std::nullopt;
    try {
        return geo::parseSunTime(text, geo::projectUtcOffset(map_.data()));
    } catch (const geo::InputError&) {
        return std::nullopt;   // said when the project was read
    }
}

bool PresentationTool::tick(double seconds) {
    // A stop's time runs whether the tour plays or not (paused, ended, or stepped to by hand): its
    // caption fades in as the camera arrives however the stop was reached.
    TourPlayState& tour = map_.state().tourPlay;
    if (tour.tour < 0 || tour.stop < 0) return false;
    tour.elapsed += seconds;
    const auto& stops = map_.state().tours[static_cast<std::size_t>(tour.tour)].stops;
    const geo::TourStop& stop = stops[static_cast<std::size_t>(tour.stop)];
    const bool captionFading = tour.elapsed < stop.flight + seconds;
    // On the way from a stop to the next of the same day the sun's clock sweeps between theirs.
    if (tour.stop > 0 && tour.elapsed - seconds < stop.flight) {
        const std::optional<geo::SunTime> sun =
            geo::sunBetween(stopSun(tour.stop - 1), stopSun(tour.stop), stop.flight > 0 ? tour.elapsed / stop.flight : 1);
        if (sun && sun != map_.view().sun) {
            map_.view().sun = sun;
            map_.show();
        }
    }
    if (tour.playing && tour.elapsed >= stop.flight + stop.dwell) {
        if (tour.stop + 1 < static_cast<int>(stops.size())) goToStop(tour.stop + 1);
        else tour.playing = false;   // the last stop stays on screen
    }
    return captionFading;
}

PresentationContent PresentationTool::content() {
    const UiState& state = map_.state();
    if (!fixed_) fixed_ = presentationContent(map_.scene(), state.camera);
    PresentationContent c = *fixed_;
    updatePresentationView(c, map_.scene(), state.camera);
    const TourPlayState& t = state.tourPlay;
    if (t.tour >= 0 && t.stop >= 0) {
        const geo::Tour& tour = state.tours[static_cast<std::size_t>(t.tour)];
        const geo::TourStop& stop = tour.stops[static_cast<std::size_t>(t.stop)];
        c.caption = stop.caption;
        c.progress = std::to_string(t.stop + 1) + " / " + std::to_string(tour.stops.size());
        // The caption fades in as the camera arrives.
        c.captionAlpha = static_cast<float>(std::clamp((t.elapsed - stop.flight * 0.6) / std::max(stop.flight * 0.4, 0.2), 0.0, 1.0));
    }
    return c;
}

void PresentationTool::renderStill() {
    UiState& state = map_.state();
    if (!map_.host.onRenderStill) return;
    try {
        state.stillMessage = std::string(tr(text::kStillSaved)) + " " + map_.host.onRenderStill();
    } catch (const std::exception& e) {
        state.stillMessage = e.what();
    }
}

}  // namespace planview
