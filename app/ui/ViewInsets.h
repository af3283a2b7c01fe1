// What the panels cover at the image's edges: the frame the camera's views (home, top, fly-to) fit
// the map into. Taken from the screen layout, so views and the scale bar agree on the free area.
#pragma once
#include "app/scene/CameraViews.h"
#include "app/ui/ScreenLayout.h"

namespace planview {

/// The insets (pixels) the layout's free area leaves at each edge of a `width`×`height` window;
/// none before the first layout (an empty free area).
ViewInsets viewInsetsOf(const ScreenLayout& layout, float width, float height);

}  // namespace planview
