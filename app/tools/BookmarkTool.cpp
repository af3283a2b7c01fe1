#include "app/tools/BookmarkTool.h"
#include "app/ui/UiText.h"
#include "geo/Errors.h"

namespace planview {

namespace {
// Seconds of flight to a bookmark chosen in the panel or by its key.
constexpr double kBookmarkFlightSeconds = 1.5;
}  // namespace

BookmarkTool::BookmarkTool(MapModel& map) : map_(map) {
    UiState& state = map.state();
    const geo::Project& project = map.data().project;
    for (std::size_t i = 0; i < project.bookmarks.size(); ++i) state.bookmarks.push_back({project.bookmarks[i], i});
    state.tours = project.tours;
    const std::string& path = project.path;
    state.bookmarksSaveToFile = path.size() > 5 && path.compare(path.size() - 5, 5, ".toml") == 0;
}

void BookmarkTool::goHome() {
    if (map_.host.onHome) map_.host.onHome();
}

void BookmarkTool::goToBookmark(std::size_t bookmark) {
    UiState& state = map_.state();
    if (bookmark >= state.bookmarks.size()) return;
    const geo::Bookmark b = state.bookmarks[bookmark].bookmark;
    if (tourStopNamed && tourStopNamed(b.name)) return;
    showBookmark(b, kBookmarkFlightSeconds);
}

void BookmarkTool::showBookmark(const geo::Bookmark& b, double seconds) {
    geo::MapView& view = map_.view();
    geo::showBookmark(view, b, map_.data(), map_.scene().timeline());
    TimelineUiState& t = map_.state().timeline;
    if (view.date) t.date = *view.date;
    else t.playing = false;
    map_.show();
    if (map_.host.onFlyToView) map_.host.onFlyToView(b.view, seconds);
}

void BookmarkTool::saveCurrentView() {
    std::optional<geo::View> camera = map_.host.currentView ? map_.host.currentView() : std::nullopt;
    if (!camera) return;
    UiState& state = map_.state();
    // "视图 3" / "View 3": the first number not taken.
    std::string name;
    for (int n = static_cast<int>(state.bookmarks.size()) + 1; name.empty(); ++n) {
        std::string candidate = std::string(tr(text::kViewName)) + " " + std::to_string(n);
        bool taken = false;
        for (const auto& e : state.bookmarks) taken = taken || e.bookmark.name == candidate;
        if (!taken) name = candidate;
    }
    geo::MapView view = map_.view();
    view.camera = camera;
    state.bookmarks.push_back({geo::bookmarkOf(view, name, map_.data()), std::nullopt});
    persist();
}

void BookmarkTool::renameBookmark(std::size_t bookmark, const std::string& name) {
    UiState& state = map_.state();
    if (bookmark >= state.bookmarks.size() || name.empty() || state.bookmarks[bookmark].bookmark.name == name) return;
    for (const auto& other : state.bookmarks)
        if (other.bookmark.name == name) {
            state.bookmarkMessage = std::string(tr(text::kNameTaken)) + ": " + name;
            return;
        }
    std::string& current = state.bookmarks[bookmark].bookmark.name;
    for (geo::Tour& tour : state.tours)
        for (geo::TourStop& stop : tour.stops)
            if (stop.bookmark == current) stop.bookmark = name;
    current = name;
    persist();
}

void BookmarkTool::moveBookmark(std::size_t bookmark, int delta) {
    UiState& state = map_.state();
    const long long to = static_cast<long long>(bookmark) + delta;
    if (bookmark >= state.bookmarks.size() || to < 0 || to >= static_cast<long long>(state.bookmarks.size())) return;
    std::swap(state.bookmarks[bookmark], state.bookmarks[static_cast<std::size_t>(to)]);
    persist();
}

void BookmarkTool::deleteBookmark(std::size_t bookmark) {
    UiState& state = map_.state();
    if (bookmark >= state.bookmarks.size()) return;
    // A tour stop needs its bookmark: refuse rather than break the tour.
    for (const geo::Tour& tour : state.tours)
        for (const geo::TourStop& stop : tour.stops)
            if (stop.bookmark == state.bookmarks[bookmark].bookmark.name) {
                state.bookmarkMessage = std::string(tr(text::kUsedByTour)) + " " + tour.name;
                return;
            }
    state.bookmarks.erase(state.bookmarks.begin() + static_cast<std::ptrdiff_t>(bookmark));
    persist();
}

void BookmarkTool::persist() {
    UiState& state = map_.state();
    state.bookmarkMessage.clear();
    if (!state.bookmarksSaveToFile) {
        state.bookmarkMessage = tr(text::kBookmarksNotSaved);
        return;
    }
    const std::string& path = map_.data().project.path;
    try {
        geo::saveBookmarks(path, state.bookmarks);
        // The file's tables are now these, in this order.
        for (std::size_t i = 0; i < state.bookmarks.size(); ++i) state.bookmarks[i].origin = i;
        state.bookmarkMessage = std::string(tr(text::kBookmarksSaved)) + " " + path;
    } catch (const geo::OutputError& e) {
        state.bookmarkMessage = e.what();
    }
}

}  // namespace planview
