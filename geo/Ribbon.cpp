#include "geo/Ribbon.h"
#include <algorithm>
#include <cmath>

namespace geo {

RibbonEdges ribbonEdges(const std::vector<Vec2>& line, bool closed, double halfWidth) {
    std::vector<Vec2> points;
    points.reserve(line.size());
    for (const Vec2& p : line)
        if (points.empty() || std::hypot(p.x - points.back().x, p.y - points.back().y) > 1e-3) points.push_back(p);
    RibbonEdges edges;
    edges.closed = closed;
    const std::size_t n = points.size();
    if (n < 2) return edges;
    auto unit = [](const Vec2& a, const Vec2& b) {
        double dx = b.x - a.x, dy = b.y - a.y, l = std::hypot(dx, dy);
        return l > 0 ? Vec2{dx / l, dy / l} : Vec2{};
    };
    edges.left.resize(n);
    edges.right.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        bool hasPrev = closed || i > 0, hasNext = closed || i + 1 < n;
        Vec2 prev = hasPrev ? unit(points[(i + n - 1) % n], points[i]) : Vec2{};
        Vec2 next = hasNext ? unit(points[i], points[(i + 1) % n]) : Vec2{};
        if (!hasPrev) prev = next;
        if (!hasNext) next = prev;
        // Left normals of both segments; the mitre is their bisector, lengthened (at most twice).
        double mx = -prev.y - next.y, my = prev.x + next.x, ml = std::hypot(mx, my);
        if (ml < 1e-9) {
            mx = -prev.y;
            my = prev.x;
            ml = 1;
        }
        mx /= ml;
        my /= ml;
        const double scale = halfWidth / std::max(mx * -next.y + my * next.x, 0.5);
        edges.left[i] = {points[i].x + mx * scale, points[i].y + my * scale};
        edges.right[i] = {points[i].x - mx * scale, points[i].y - my * scale};
    }
    return edges;
}

std::vector<std::vector<Vec2>> dashPieces(const std::vector<Vec2>& line, double on, double off) {
    if (!(on > 0) || !(off > 0) || line.size() < 2) return {line};
    std::vector<std::vector<Vec2>> pieces;
    std::vector<Vec2> piece{line[0]};
    bool drawing = true;
    double left = on;   // metres left of the current dash or gap
    for (std::size_t i = 1; i < line.size(); ++i) {
        Vec2 a = line[i - 1];
        const Vec2 b = line[i];
        double length = std::hypot(b.x - a.x, b.y - a.y);
        while (length > left && pieces.size() < 1000000) {
            const double t = left / length;
            const Vec2 cut{a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t};
            if (drawing) {
                piece.push_back(cut);
                pieces.push_back(std::move(piece));
                piece.clear();
            } else {
                piece = {cut};
            }
            drawing = !drawing;
            length -= left;
            a = cut;
            left = drawing ? on : off;
        }
        left -= length;
        if (drawing) piece.push_back(b);
    }
    if (drawing && piece.size() > 1) pieces.push_back(std::move(piece));
    return pieces;
}

}  // namespace geo
