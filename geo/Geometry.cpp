// Ring and polygon areas and point-in-ring tests for the feature model (see Geometry.h).
#include "geo/Geometry.h"
#include <cmath>

namespace geo {

double signedArea(const Ring& ring) {
    double sum = 0;
    for (std::size_t i = 0, j = ring.size() ? ring.size() - 1 : 0; i < ring.size(); j = i++)
        sum += (ring[j].x - ring[i].x) * (ring[i].y + ring[j].y);
    return sum / 2;
}

double ringArea(const Ring& ring) {
    return std::fabs(signedArea(ring));
}

double area(const Polygon& polygon) {
    double a = 0;
    for (std::size_t i = 0; i < polygon.rings.size(); ++i) {
        const double ring = ringArea(polygon.rings[i]);
        a += i == 0 ? ring : -ring;
    }
    return a;
}

bool pointInRing(const Ring& ring, Vec2 p) {
    if (ring.size() < 3) return false;
    bool inside = false;
    for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
        const Vec2& a = ring[i];
        const Vec2& b = ring[j];
        if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) inside = !inside;
    }
    return inside;
}

bool pointInPolygon(const Polygon& polygon, Vec2 p) {
    if (polygon.rings.empty() || !pointInRing(polygon.rings[0], p)) return false;
    for (std::size_t i = 1; i < polygon.rings.size(); ++i)
        if (pointInRing(polygon.rings[i], p)) return false;
    return true;
}

}  // namespace geo
