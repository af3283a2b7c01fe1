// A feature's label point: the area centroid of its largest polygon when inside, else the centre of
// its largest triangle; the middle of its longest line; its first point.
#include "geo/LabelPoint.h"
#include <cmath>
#include "geo/Triangulate.h"

namespace geo {

namespace {

bool inside(const Polygon& polygon, Vec2 p) {
    bool in = false;
    for (const Ring& ring : polygon.rings) {
        for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
            const Vec2 &a = ring[i], &b = ring[j];
            if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) in = !in;
        }
    }
    return in;
}

Vec2 polygonLabelPoint(const Polygon& polygon) {
    // Area centroid over all rings (holes, wound the other way, subtract themselves).
    double a = 0, cx = 0, cy = 0;
    const Vec2 o = polygon.rings[0][0];   // shift for precision
    for (const Ring& ring : polygon.rings) {
        for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
            double x0 = ring[j].x - o.x, y0 = ring[j].y - o.y, x1 = ring[i].x - o.x, y1 = ring[i].y - o.y;
            double cross = x0 * y1 - x1 * y0;
            a += cross;
            cx += (x0 + x1) * cross;
            cy += (y0 + y1) * cross;
        }
    }
    if (std::abs(a) > 1e-9) {
        Vec2 c{o.x + cx / (3 * a), o.y + cy / (3 * a)};
        if (inside(polygon, c)) return c;
    }
    // A concave or holed shape whose centroid falls outside: the centre of its largest triangle.
    std::vector<Vec2> vertices;
    std::vector<std::uint32_t> indices;
    if (!triangulate(polygon, vertices, indices) || indices.empty()) return polygon.rings[0][0];
    double best = -1;
    Vec2 result = polygon.rings[0][0];
    for (std::size_t t = 0; t + 2 < indices.size(); t += 3) {
        const Vec2 &p = vertices[indices[t]], &q = vertices[indices[t + 1]], &r = vertices[indices[t + 2]];
        double area = std::abs((q.x - p.x) * (r.y - p.y) - (r.x - p.x) * (q.y - p.y));
        if (area > best) {
            best = area;
            result = {(p.x + q.x + r.x) / 3, (p.y + q.y + r.y) / 3};
        }
    }
    return result;
}

}  // namespace

Vec2 labelPoint(const Feature& feature) {
    const Polygon* largest = nullptr;
    double largestArea = -1;
    for (const Polygon& p : feature.polygons) {
        if (p.rings.empty() || p.rings[0].size() < 3) continue;
        double a = std::abs(area(p));
        if (a > largestArea) {
            largestArea = a;
            largest = &p;
        }
    }
    if (largest) return polygonLabelPoint(*largest);
    const std::vector<Vec2>* longest = nullptr;
    double longestLength = -1;
    for (const auto& line : feature.lines) {
        double length = 0;
        for (std::size_t i = 1; i < line.size(); ++i) length += std::hypot(line[i].x - line[i - 1].x, line[i].y - line[i - 1].y);
        if (!line.empty() && length > longestLength) {
            longestLength = length;
            longest = &line;
        }
    }
    if (longest) {
        double half = longestLength / 2, walked = 0;
        for (std::size_t i = 1; i < longest->size(); ++i) {
            const Vec2 &a = (*longest)[i - 1], &b = (*longest)[i];
            double step = std::hypot(b.x - a.x, b.y - a.y);
            if (walked + step >= half && step > 0) {
                double t = (half - walked) / step;
                return {a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t};
            }
            walked += step;
        }
        return longest->front();
    }
    if (!feature.points.empty()) return feature.points.front();
    return feature.bounds.empty() ? Vec2{} : feature.bounds.center();
}

}  // namespace geo
