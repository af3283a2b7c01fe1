// The interactive viewer: a window on the project's scene with the map manipulator, the ImGui
// panels, bookmarks on keys 1–9, picking on click and the status line.
#pragma once
#include <string>
#include <vector>
#include "geo/ProjectData.h"

namespace planview {

/// Opens the window, loads the project in the background (showing its progress) and runs until the
/// window is closed. Returns the exit code. Throws geo::InputError for a missing or broken shader or
/// a project none of whose layers loads, geo::OutputError when no window can be opened.
/// With `present`, starts in presentation mode (playing the project's first tour, if it has one).
/// `start`: tool panels to open and a filter expression to apply once the project has loaded.
struct ViewerStart {
    std::vector<std::string> panels;   ///< window IDs: search, inspector, filter, timeline, measure, statistics, export
    std::string where;                 ///< applied in the Filter panel (which opens), "" none
    std::string view;                  ///< a bookmark to start at (its camera at once, its sun, layers…), "" home
};
int runViewer(const geo::Project& project, const std::string& executablePath, bool present = false,
              const std::string& screenshot = "", const ViewerStart& start = {});

}  // namespace planview
