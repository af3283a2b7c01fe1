#include "geo/Measure.h"
#include <algorithm>
#include <charconv>
#include <cmath>
#include "geo/Geodesic.h"
#include "geo/SceneFrame.h"
#include "geo/Statistics.h"

namespace geo {

double polylineLength(const std::vector<Vec2>& points) {
    double sum = 0;
    for (std::size_t i = 1; i < points.size(); ++i)
        sum += std::hypot(points[i].x - points[i - 1].x, points[i].y - points[i - 1].y);
    return sum;
}

namespace {

double ringPerimeter(const Ring& ring) {
    if (ring.size() < 2) return 0;
    const Vec2& a = ring.back();
    const Vec2& b = ring.front();
    return polylineLength(ring) + std::hypot(b.x - a.x, b.y - a.y);
}

/// GEOS's interior-point idea: a horizontal scan line through the middle of the polygon, placed
/// between vertex heights so it crosses no vertex; the midpoint of its widest inside interval
/// lies strictly inside, holes included.
std::optional<Vec2> interiorPoint(const Polygon& polygon) {
    if (polygon.rings.empty() || polygon.rings[0].size() < 3) return std::nullopt;
    Extent box;
    for (const Vec2& p : polygon.rings[0]) box.add(p.x, p.y);
    const double centre = (box.minY + box.maxY) / 2;
    double below = box.minY, above = box.maxY;
    for (const Ring& r : polygon.rings)
        for (const Vec2& p : r) {
            if (p.y <= centre) below = std::max(below, p.y);
            if (p.y > centre) above = std::min(above, p.y);
        }
    const double y = (below + above) / 2;
    std::vector<double> xs;
    for (const Ring& r : polygon.rings)
        for (std::size_t i = 0, j = r.size() ? r.size() - 1 : 0; i < r.size(); j = i++) {
            const Vec2& a = r[i];
            const Vec2& b = r[j];
            if ((a.y > y) != (b.y > y)) xs.push_back(a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y));
        }
    std::sort(xs.begin(), xs.end());
    double bestWidth = -1, bestX = 0;
    for (std::size_t i = 0; i + 1 < xs.size(); i += 2)
        if (xs[i + 1] - xs[i] > bestWidth) {
            bestWidth = xs[i + 1] - xs[i];
            bestX = (xs[i] + xs[i + 1]) / 2;
        }
    if (bestWidth <= 0) return std::nullopt;   // degenerate (zero area)
    return Vec2{bestX, y};
}

/// `value` with `decimals` decimals and thousands separators, independent of the C locale.
std::string number(double value, int decimals) {
    char buffer[64];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, std::fabs(value), std::chars_format::fixed, decimals);
    if (ec != std::errc()) return "?";
    std::string digits(buffer, end);
    std::size_t point = digits.find('.');
    std::string whole = digits.substr(0, point);
    std::string out;
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0) out += ',';
        out += whole[i];
    }
    if (point != std::string::npos) out += digits.substr(point);
    // No "-0": a value that rounds to zero is written without a sign.
    bool zero = out.find_first_not_of("0.,") == std::string::npos;
    return (value < 0 && !zero ? "-" : "") + out;
}

/// Decimals that keep about three significant digits of `v` (at most `cap`).
int significant(double v, int cap) {
    if (v == 0) return 0;
    int d = 2 - static_cast<int>(std::floor(std::log10(std::fabs(v))));
    return std::clamp(d, 0, cap);
}

}  // namespace

FeatureMeasures measureFeature(const Feature& feature) {
    FeatureMeasures m;
    for (const Polygon& p : feature.polygons) {
        m.areaM2 += area(p);
        for (const Ring& r : p.rings) m.perimeterM += ringPerimeter(r);
    }
    for (const auto& line : feature.lines) m.lengthM += polylineLength(line);
    return m;
}

FeatureMeasures measureFeature(const Feature& feature, const SceneFrame& frame) {
    if (!frame.distortsMeasures()) return measureFeature(feature);
    FeatureMeasures m;
    for (const Polygon& p : feature.polygons) {
        m.areaM2 += geodesicArea(p, frame);
        for (const Ring& r : p.rings) {
            std::vector<Vec2> closed = r;
            if (closed.size() > 1) closed.push_back(closed.front());
            m.perimeterM += geodesicLength(closed, frame);
        }
    }
    for (const auto& line : feature.lines) m.lengthM += geodesicLength(line, frame);
    return m;
}

std::optional<Vec2> representativePoint(const Feature& feature) {
    if (!feature.polygons.empty()) {
        // Largest part first; a degenerate largest part falls back to the next.
        std::vector<std::size_t> order(feature.polygons.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::vector<double> areas;
        for (const Polygon& p : feature.polygons) areas.push_back(area(p));
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return areas[a] > areas[b]; });
        for (std::size_t i : order)
            if (auto p = interiorPoint(feature.polygons[i])) return p;
        return std::nullopt;
    }
    for (const auto& line : feature.lines)
        if (!line.empty()) return line[line.size() / 2];
    if (!feature.points.empty()) return feature.points.front();
    return std::nullopt;
}

std::optional<std::size_t> containingFeature(const FeatureLayer& zones, Vec2 point) {
    for (std::size_t i = 0; i < zones.features.size(); ++i) {
        const Feature& f = zones.features[i];
        const Extent& b = f.bounds;
        if (point.x < b.minX || point.x > b.maxX || point.y < b.minY || point.y > b.maxY) continue;
        for (const Polygon& p : f.polygons)
            if (pointInPolygon(p, point)) return i;
    }
    return std::nullopt;
}

std::string formatLength(double metres) {
    if (!std::isfinite(metres)) return "–";
    const double m = std::fabs(metres);
    if (m < 1000) return number(metres, m < 10 ? 2 : m < 100 ? 1 : 0) + " m";
    if (m < 10000) return number(metres, 0) + " m (" + number(metres / 1000, 2) + " km)";
    return number(metres / 1000, m < 100000 ? 1 : 0) + " km";
}

std::string formatArea(double squareMetres, bool chinese) {
    if (!std::isfinite(squareMetres)) return "–";
    const double a = std::fabs(squareMetres);
    const double mu = squareMetres / squareMetresPerMu;
    const double km2 = squareMetres / 1e6;
    std::string text = number(squareMetres, a < 10 ? 2 : a < 100 ? 1 : 0) + " m²";
    text += " · " + number(mu, std::fabs(mu) < 100 ? 2 : std::fabs(mu) < 10000 ? 1 : 0) + (chinese ? " 亩" : " mu");
    // km² only once it says something (from 0.01 km²).
    if (a >= 10000) text += " · " + number(km2, std::fabs(km2) >= 1 ? 2 : significant(km2, 6)) + " km²";
    return text;
}

}  // namespace geo
