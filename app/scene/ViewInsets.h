// What covers an image at its edges, for framing views in the rest. Plain data: the UI's model
// holds it without the scene's OSG headers.
#pragma once

namespace planview {

/// What covers the image at each edge (pixels): the tool bar at the top, docked panels at the sides,
/// the status line at the bottom. Views frame the map in the rest, the free area.
struct ViewInsets {
    double left = 0, right = 0, top = 0, bottom = 0;
    bool operator==(const ViewInsets& o) const { return left == o.left && right == o.right && top == o.top && bottom == o.bottom; }
    bool operator!=(const ViewInsets& o) const { return !(*this == o); }
};

}  // namespace planview
