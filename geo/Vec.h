#pragma once
#include <cmath>

namespace geo {

/// A 2D point. In scene-frame data: metres east and north of the frame's local origin.
struct Vec2 {
    double x = 0, y = 0;
};

/// An axis-aligned box; empty() until a point is added.
struct Extent {
    double minX = INFINITY, minY = INFINITY, maxX = -INFINITY, maxY = -INFINITY;
    bool empty() const { return minX > maxX || minY > maxY; }
    void add(double x, double y) {
        minX = std::fmin(minX, x); minY = std::fmin(minY, y);
        maxX = std::fmax(maxX, x); maxY = std::fmax(maxY, y);
    }
    void add(const Extent& e) {
        if (!e.empty()) { add(e.minX, e.minY); add(e.maxX, e.maxY); }
    }
    double width() const { return empty() ? 0 : maxX - minX; }
    double height() const { return empty() ? 0 : maxY - minY; }
    Vec2 center() const { return {(minX + maxX) / 2, (minY + maxY) / 2}; }
    /// This box widened by `by` on every side (empty stays empty).
    Extent grown(double by) const { return empty() ? *this : Extent{minX - by, minY - by, maxX + by, maxY + by}; }
    /// Where this box and `o` overlap (empty when they do not).
    Extent intersection(const Extent& o) const {
        return {std::fmax(minX, o.minX), std::fmax(minY, o.minY), std::fmin(maxX, o.maxX), std::fmin(maxY, o.maxY)};
    }
};

}  // namespace geo
