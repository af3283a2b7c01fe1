#include "geo/InView.h"
#include <algorithm>
#include "geo/Geometry.h"

namespace geo {

namespace {

double cross(Vec2 o, Vec2 a, Vec2 b) { return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x); }

bool boxesMeet(const Extent& a, const Extent& b) {
    return !a.empty() && !b.empty() && a.minX <= b.maxX && b.minX <= a.maxX && a.minY <= b.maxY && b.minY <= a.maxY;
}

}  // namespace

ConvexArea::ConvexArea(std::vector<Vec2> points) {
    if (points.size() < 3) return;
    // Andrew's monotone chain: the hull, counter-clockwise, without collinear points.
    std::sort(points.begin(), points.end(), [](Vec2 a, Vec2 b) { return a.x < b.x || (a.x == b.x && a.y < b.y); });
    std::vector<Vec2> hull(2 * points.size());
    std::size_t k = 0;
    for (std::size_t i = 0; i < points.size(); ++i) {
        while (k >= 2 && cross(hull[k - 2], hull[k - 1], points[i]) <= 0) --k;
        hull[k++] = points[i];
    }
    for (std::size_t i = points.size() - 1, lower = k + 1; i-- > 0;) {
        while (k >= lower && cross(hull[k - 2], hull[k - 1], points[i]) <= 0) --k;
        hull[k++] = points[i];
    }
    hull.resize(k > 1 ? k - 1 : k);
    if (hull.size() < 3) return;
    points_ = std::move(hull);
    for (const Vec2& p : points_) bounds_.add(p.x, p.y);
}

bool ConvexArea::contains(Vec2 p) const {
    if (empty() || p.x < bounds_.minX || p.x > bounds_.maxX || p.y < bounds_.minY || p.y > bounds_.maxY) return false;
    for (std::size_t i = 0; i < points_.size(); ++i)
        if (cross(points_[i], points_[(i + 1) % points_.size()], p) < 0) return false;
    return true;
}

bool ConvexArea::meetsSegment(Vec2 a, Vec2 b) const {
    if (empty()) return false;
    if (contains(a) || contains(b)) return true;
    // Both ends outside: the segment meets a convex area only by crossing one of its edges.
    for (std::size_t i = 0; i < points_.size(); ++i) {
        const Vec2 c = points_[i], d = points_[(i + 1) % points_.size()];
        const double d1 = cross(c, d, a), d2 = cross(c, d, b), d3 = cross(a, b, c), d4 = cross(a, b, d);
        if (((d1 > 0) != (d2 > 0)) && ((d3 > 0) != (d4 > 0))) return true;
    }
    return false;
}

bool ConvexArea::meets(const Feature& f) const {
    if (empty() || !boxesMeet(bounds_, f.bounds)) return false;
    for (const Vec2& p : f.points)
        if (contains(p)) return true;
    for (const auto& line : f.lines) {
        if (line.size() == 1 && contains(line[0])) return true;
        for (std::size_t i = 0; i + 1 < line.size(); ++i)
            if (meetsSegment(line[i], line[i + 1])) return true;
    }
    for (const Polygon& polygon : f.polygons) {
        // A boundary that meets the area, or the area lying wholly inside the polygon.
        for (const Ring& ring : polygon.rings)
            for (std::size_t i = 0; i < ring.size(); ++i)
                if (meetsSegment(ring[i], ring[(i + 1) % ring.size()])) return true;
        if (pointInPolygon(polygon, points_[0])) return true;
    }
    return false;
}

std::vector<bool> featuresMeeting(const FeatureLayer& layer, const ConvexArea& area) {
    std::vector<bool> in(layer.features.size(), false);
    for (std::size_t i = 0; i < layer.features.size(); ++i) in[i] = area.meets(layer.features[i]);
    return in;
}

}  // namespace geo
