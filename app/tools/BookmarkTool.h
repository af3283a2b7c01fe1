// The bookmarks' tool: going home or to a bookmark (its map view and camera), saving the current
// view as one, renaming, reordering and deleting them, written back to the project file.
#pragma once
#include <functional>
#include "app/tools/MapModel.h"
#include "app/ui/ToolCommands.h"

namespace planview {

class BookmarkTool : public BookmarkCommands {
public:
    /// The project's bookmarks and tours, edited in the panel (saved when the project is a .toml file).
    explicit BookmarkTool(MapModel& map);

    void goHome() override;
    void goToBookmark(std::size_t bookmark) override;
    void saveCurrentView() override;
    void renameBookmark(std::size_t bookmark, const std::string& name) override;
    void moveBookmark(std::size_t bookmark, int delta) override;
    void deleteBookmark(std::size_t bookmark) override;

    /// Shows bookmark `b`'s map view (layers, timeline date) and flies to its camera in `seconds`.
    void showBookmark(const geo::Bookmark& b, double seconds);

    /// During a tour: takes a bookmark that is one of its stops as that stop (true), or leaves the
    /// tour's stop (false). Set by the presentation tool.
    std::function<bool(const std::string& bookmark)> tourStopNamed;

private:
    void persist();

    MapModel& map_;
};

}  // namespace planview
