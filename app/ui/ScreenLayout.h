// How the window is shared between the panels and the map: a tool bar along the top, a status line
// along the bottom, the layer, legend and bookmark panels stacked in a left column, the tool panels
// stacked in a right column, and the map's free area between them (where views are framed and the
// scale bar and north arrow sit). Plain arithmetic, no ImGui: the camera can use it too.
#pragma once
#include <string>
#include <vector>
#include "app/scene/ViewInsets.h"

namespace planview {

/// A rectangle of the window in UI pixels: origin at the top-left corner, y growing downwards
/// (ImGui's convention; OpenGL viewports count y from the bottom: y_gl = height - y1).
struct ScreenRect {
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    float width() const { return x1 - x0; }
    float height() const { return y1 - y0; }
    bool empty() const { return x1 <= x0 || y1 <= y0; }
    bool contains(const ScreenRect& r) const { return r.x0 >= x0 && r.y0 >= y0 && r.x1 <= x1 && r.y1 <= y1; }
    bool overlaps(const ScreenRect& r) const { return r.x0 < x1 && x0 < r.x1 && r.y0 < y1 && y0 < r.y1; }
};

/// A docked panel's place this frame.
struct PanelSlot {
    std::string id;     ///< the panel's window ID (the part after "###" of its title)
    ScreenRect rect;
};

struct ScreenLayout {
    ScreenRect toolBar, statusBar;
    ScreenRect left, right;     ///< the panel columns (empty when no panel is open on that side)
    /// The map that no panel, tool bar or status line covers: views are framed in it. Empty until
    /// the UI has been laid out once (then use the whole window); the whole window in presentation
    /// mode.
    ScreenRect freeArea;
    std::vector<PanelSlot> panels;   ///< the open docked panels' rectangles, top to bottom per column
    ScreenRect mapMarks;             ///< the scale bar and north arrow, in the free area's bottom-right corner
};

/// The columns and bars of a `width`×`height` window whose bars are `barHeight` high, with or
/// without panels on each side (`panels` = no panels at all: the whole window is map). Columns
/// are about a fifth (left) and a quarter (right) of the width, within limits that keep tables
/// readable, and narrower when the window is too narrow to leave the map a third of it.
ScreenLayout screenLayout(float width, float height, float barHeight, bool panels, bool leftColumn, bool rightColumn);

/// Shares a column's `height` between panels stacked with `gap` pixels between them: a panel
/// whose `natural` height (its whole content) fits its fair share gets it; the others share the
/// rest equally and scroll. No panel gets less than `minimum` (its title bar). Returns the
/// heights, in order.
std::vector<float> stackHeights(const std::vector<float>& natural, float height, float gap, float minimum);

/// The insets (pixels) the layout's free area leaves at each edge of a `width`×`height` window:
/// the frame the camera's views (home, top, fly-to) fit the map into, so views and the scale bar
/// agree on the free area. None before the first layout (an empty free area).
ViewInsets viewInsetsOf(const ScreenLayout& layout, float width, float height);

}  // namespace planview
