// What the panels cover at the image's edges, measured from the windows the UI drew this frame:
// the frame the camera's views (home, top, fly-to) fit the map into.
#pragma once
#include "app/scene/CameraViews.h"

namespace planview {

/// The insets (pixels) of the ImGui windows drawn in the current frame that touch an edge of the
/// display (within a few pixels): each counts at the edge where it takes the least share of the
/// map (the tool bar at the top, a tall panel at its side, the status line at the bottom).
/// Floating windows clear of every edge, tooltips, popups and child windows do not count. Call
/// between ImGui::NewFrame and the next NewFrame, after the panels are drawn.
ViewInsets measureViewInsets();

}  // namespace planview
