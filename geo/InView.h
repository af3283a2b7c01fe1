// Which features a view shows: a feature is in view when its ground geometry meets the part of the
// ground the camera sees (a convex polygon, see planview::groundFootprint). No graphics here.
#pragma once
#include <vector>
#include "geo/Feature.h"

namespace geo {

/// A convex polygon on the ground, scene metres.
class ConvexArea {
public:
    /// The convex hull of `points` (in any order); an empty area (meets nothing) when they span no
    /// area (fewer than 3 points, or all on a line).
    explicit ConvexArea(std::vector<Vec2> points);

    bool empty() const { return points_.size() < 3; }
    const std::vector<Vec2>& points() const { return points_; }
    const Extent& bounds() const { return bounds_; }

    /// Whether `p` is inside or on the edge.
    bool contains(Vec2 p) const;
    /// Whether the segment a–b meets the area (an end inside, or crossing it).
    bool meetsSegment(Vec2 a, Vec2 b) const;
    /// Whether any part of the feature (polygon parts with their holes, lines, points) meets the area.
    bool meets(const Feature& feature) const;

private:
    std::vector<Vec2> points_;   // the hull, counter-clockwise
    Extent bounds_;
};

/// Whether each feature of `layer` meets `area`, in feature order.
std::vector<bool> featuresMeeting(const FeatureLayer& layer, const ConvexArea& area);

}  // namespace geo
