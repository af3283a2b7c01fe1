#include "geo/Geodesic.h"
#include <geodesic.h>
#include <cmath>
#include "geo/Geometry.h"
#include "geo/Measure.h"
#include "geo/SceneFrame.h"

namespace geo {

namespace {

const geod_geodesic& wgs84() {
    static const geod_geodesic g = [] {
        geod_geodesic made;
        geod_init(&made, 6378137.0, 1 / 298.257223563);
        return made;
    }();
    return g;
}

}  // namespace

double geodesicLength(const std::vector<Vec2>& scenePoints, const SceneFrame& frame) {
    double sum = 0;
    Vec2 previous{NAN, NAN};
    for (std::size_t i = 0; i < scenePoints.size(); ++i) {
        const Vec2 p = frame.toLonLat(scenePoints[i]);
        if (i > 0 && std::isfinite(p.x) && std::isfinite(previous.x)) {
            double s12 = 0;
            geod_inverse(&wgs84(), previous.y, previous.x, p.y, p.x, &s12, nullptr, nullptr);
            sum += s12;
        }
        previous = p;
    }
    return sum;
}

double geodesicRingArea(const Ring& ring, const SceneFrame& frame) {
    if (ring.size() < 3) return 0;
    geod_polygon polygon;
    geod_polygon_init(&polygon, 0);
    std::size_t n = ring.size();
    if (n > 1 && ring.front().x == ring.back().x && ring.front().y == ring.back().y) --n;   // closed implicitly
    for (std::size_t i = 0; i < n; ++i) {
        const Vec2 p = frame.toLonLat(ring[i]);
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
        geod_polygon_addpoint(&wgs84(), &polygon, p.y, p.x);
    }
    double area = 0;
    geod_polygon_compute(&wgs84(), &polygon, 0, 1, &area, nullptr);
    return std::abs(area);
}

double geodesicArea(const Polygon& polygon, const SceneFrame& frame) {
    if (polygon.rings.empty()) return 0;
    double a = geodesicRingArea(polygon.rings[0], frame);
    for (std::size_t i = 1; i < polygon.rings.size(); ++i) a -= geodesicRingArea(polygon.rings[i], frame);
    return a;
}

double reportedLength(const std::vector<Vec2>& scenePoints, const SceneFrame& frame) {
    return frame.distortsMeasures() ? geodesicLength(scenePoints, frame) : polylineLength(scenePoints);
}

double reportedRingArea(const Ring& ring, const SceneFrame& frame) {
    return frame.distortsMeasures() ? geodesicRingArea(ring, frame) : ringArea(ring);
}

double reportedArea(const Polygon& polygon, const SceneFrame& frame) {
    return frame.distortsMeasures() ? geodesicArea(polygon, frame) : area(polygon);
}

}  // namespace geo
