// geo/Geometry.h against an independent reference: the same rings built as OGR geometries, measured
// and tested by GDAL/GEOS (OGRPolygon::get_Area, OGRLinearRing::isClockwise, Contains, Intersects).
#include <gtest/gtest.h>
#include <ogr_geometry.h>
#include <cmath>
#include <random>
#include <string>
#include <vector>
#include "geo/Geometry.h"

namespace {

using geo::Extent;
using geo::Polygon;
using geo::Ring;
using geo::Vec2;

Ring rect(double x0, double y0, double x1, double y1) { return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}; }

Ring reversed(Ring r) { return {r.rbegin(), r.rend()}; }

Ring closed(Ring r) {
    r.push_back(r.front());
    return r;
}

Ring moved(Ring r, double dx, double dy) {
    for (Vec2& v : r) v = {v.x + dx, v.y + dy};
    return r;
}

/// A star-shaped ring (concave): `n` points at alternating radii around `c`, counter-clockwise.
Ring star(Vec2 c, double outer, double inner, int n) {
    Ring r;
    for (int i = 0; i < n; ++i) {
        const double a = 2 * M_PI * i / n, radius = i % 2 ? inner : outer;
        r.push_back({c.x + radius * std::cos(a), c.y + radius * std::sin(a)});
    }
    return r;
}

/// A concave ring with random radii (seeded), counter-clockwise.
Ring randomRing(std::mt19937& random, Vec2 c, double scale, int n) {
    std::uniform_real_distribution<double> radius(0.2 * scale, scale);
    Ring r;
    for (int i = 0; i < n; ++i) {
        const double a = 2 * M_PI * i / n;
        const double d = radius(random);
        r.push_back({c.x + d * std::cos(a), c.y + d * std::sin(a)});
    }
    return r;
}

/// The ring as GDAL's: always closed there, whether ours is or not.
OGRLinearRing ogrRing(const Ring& ring) {
    OGRLinearRing out;
    for (const Vec2& v : ring) out.addPoint(v.x, v.y);
    out.closeRings();
    return out;
}

OGRPolygon ogrPolygon(const Polygon& polygon) {
    OGRPolygon out;
    for (const Ring& r : polygon.rings) {
        OGRLinearRing ring = ogrRing(r);
        out.addRing(&ring);
    }
    return out;
}

struct Case {
    std::string name;
    Polygon polygon;
};

/// Polygons with holes, concave rings, either orientation, open and closed rings.
std::vector<Case> cases() {
    std::vector<Case> out;
    const Ring shell = rect(0, 0, 100, 60);
    const Ring hole1 = reversed(rect(10, 10, 30, 25)), hole2 = reversed(rect(50, 20, 90, 50));
    out.push_back({"open rings, shell anticlockwise, holes clockwise", {{shell, hole1, hole2}}});
    out.push_back({"closed rings", {{closed(shell), closed(hole1), closed(hole2)}}});
    out.push_back({"shell clockwise, holes anticlockwise", {{reversed(shell), reversed(hole1), reversed(hole2)}}});
    out.push_back({"closed, shell clockwise", {{closed(reversed(shell)), closed(hole1)}}});
    // An L (concave) with a hole in its foot, and a U whose arms hold holes.
    const Ring ell = {{0, 0}, {80, 0}, {80, 20}, {20, 20}, {20, 70}, {0, 70}};
    out.push_back({"concave L with a hole", {{ell, reversed(rect(40, 5, 60, 15))}}});
    out.push_back({"concave L clockwise, closed", {{closed(reversed(ell))}}});
    const Ring u = {{0, 0}, {90, 0}, {90, 80}, {60, 80}, {60, 30}, {30, 30}, {30, 80}, {0, 80}};
    out.push_back({"concave U with holes in both arms", {{u, rect(10, 40, 20, 70), reversed(rect(70, 40, 80, 70))}}});
    out.push_back({"star with a star hole", {{star({0, 0}, 50, 20, 14), reversed(star({0, 0}, 15, 8, 10))}}});
    out.push_back({"star clockwise, closed", {{closed(reversed(star({5, -3}, 40, 12, 22)))}}});
    // Far from the origin, as rings are in a projected CRS before the scene frame.
    out.push_back({"UTM-sized coordinates with a hole",
                   {{moved(u, 500000.25, 3400000.5), moved(reversed(rect(10, 40, 20, 70)), 500000.25, 3400000.5)}}});
    std::mt19937 random(17);
    for (int i = 0; i < 6; ++i) {
        Ring r = randomRing(random, {i * 3.0, -i * 2.0}, 100, 9 + 7 * i);
        if (i % 2) r = reversed(r);
        if (i % 3 == 0) r = closed(r);
        out.push_back({"random concave ring " + std::to_string(i), {{r}}});
    }
    return out;
}

Extent boundsOf(const Polygon& p) {
    Extent e;
    for (const Ring& r : p.rings)
        for (const Vec2& v : r) e.add(v.x, v.y);
    return e;
}

}  // namespace

TEST(Geometry, RingAreasAndOrientationAsGdal) {
    for (const Case& c : cases())
        for (std::size_t i = 0; i < c.polygon.rings.size(); ++i) {
            const Ring& ring = c.polygon.rings[i];
            OGRPolygon alone;
            OGRLinearRing reference = ogrRing(ring);
            alone.addRing(&reference);
            const double expected = alone.get_Area();
            SCOPED_TRACE(c.name + ", ring " + std::to_string(i));
            EXPECT_NEAR(geo::ringArea(ring), expected, 1e-9 * expected);
            EXPECT_NEAR(std::fabs(geo::signedArea(ring)), expected, 1e-9 * expected);
            // isClockwise() is GDAL's own test (lowest vertex's turn), not a shoelace sum.
            EXPECT_EQ(geo::signedArea(ring) < 0, reference.isClockwise() != 0);
        }
}

TEST(Geometry, PolygonAreaIsShellLessHolesAsGdal) {
    for (const Case& c : cases()) {
        const double expected = ogrPolygon(c.polygon).get_Area();
        EXPECT_NEAR(geo::area(c.polygon), expected, 1e-9 * expected) << c.name;
    }
}

TEST(Geometry, DegenerateRingsHaveNoAreaAndContainNothing) {
    const Ring line = {{0, 0}, {10, 10}};
    const Ring flat = {{0, 0}, {5, 5}, {10, 10}};
    for (const Ring& r : {Ring{}, Ring{{1, 1}}, line, flat}) {
        EXPECT_EQ(geo::ringArea(r), 0.0);
        EXPECT_FALSE(geo::pointInRing(r, {5, 5}));
        EXPECT_FALSE(geo::pointInRing(r, {2, 3}));
    }
    EXPECT_FALSE(geo::pointInPolygon(Polygon{}, {0, 0}));
}

TEST(Geometry, PointInRingAndPolygonAsGeos) {
    // A grid of points over each polygon's box, off every vertex's x and y (the steps are not round),
    // plus points just inside and outside each vertex. Where GEOS says a point is on the boundary
    // (Intersects but not Contains) the crossing rule may say either; those are counted, not compared.
    std::size_t compared = 0, inside = 0;
    for (const Case& c : cases()) {
        const OGRPolygon reference = ogrPolygon(c.polygon);
        const Extent box = boundsOf(c.polygon);
        std::vector<Vec2> points;
        const int n = 41;
        for (int i = 0; i <= n; ++i)
            for (int j = 0; j <= n; ++j)
                points.push_back({box.minX - 1.37 + (box.width() + 2.74) * (i + 0.123) / n,
                                  box.minY - 1.41 + (box.height() + 2.82) * (j + 0.377) / n});
        for (const Ring& r : c.polygon.rings)
            for (const Vec2& v : r)
                for (double d : {-1e-3, 1e-3}) {
                    points.push_back({v.x + d, v.y + d / 2});
                    points.push_back({v.x - d / 2, v.y + d});
                }
        for (const Vec2& p : points) {
            OGRPoint point(p.x, p.y);
            const bool contains = reference.Contains(&point) != 0;
            if (!contains && reference.Intersects(&point)) continue;   // on the boundary
            ++compared;
            inside += contains;
            ASSERT_EQ(geo::pointInPolygon(c.polygon, p), contains) << c.name << ": " << p.x << ' ' << p.y;
            // Each ring on its own, as a polygon of one ring.
            for (const Ring& r : c.polygon.rings) {
                OGRPolygon alone;
                OGRLinearRing ring = ogrRing(r);
                alone.addRing(&ring);
                const bool inRing = alone.Contains(&point) != 0;
                if (!inRing && alone.Intersects(&point)) continue;
                ASSERT_EQ(geo::pointInRing(r, p), inRing) << c.name << ": " << p.x << ' ' << p.y;
            }
        }
    }
    EXPECT_GT(compared, 20000u);
    EXPECT_GT(inside, compared / 4) << "the grid is meant to fall inside as well as outside";
}

TEST(Geometry, PointOnASharedEdgeIsInExactlyOneOfTheTwoRings) {
    // GEOS: on both boundaries, in neither interior. The crossing rule gives it to exactly one ring,
    // so a point between neighbouring parcels belongs to one of them, whichever way the rings turn.
    const Ring left = rect(0, 0, 10, 10), right = rect(10, 0, 20, 10), above = rect(0, 10, 10, 20);
    for (Vec2 p : {Vec2{10, 5}, Vec2{10, 0.25}, Vec2{5, 10}, Vec2{2.5, 10}}) {
        const bool sharedVertically = p.x == 10;
        const Ring& other = sharedVertically ? right : above;
        for (bool flip : {false, true}) {
            const Ring a = flip ? reversed(left) : left, b = flip ? reversed(other) : other;
            OGRPoint point(p.x, p.y);
            OGRPolygon ogrA, ogrB;
            OGRLinearRing ra = ogrRing(a), rb = ogrRing(b);
            ogrA.addRing(&ra);
            ogrB.addRing(&rb);
            ASSERT_TRUE(ogrA.Intersects(&point) && ogrB.Intersects(&point));
            ASSERT_FALSE(ogrA.Contains(&point) || ogrB.Contains(&point));
            EXPECT_NE(geo::pointInRing(a, p), geo::pointInRing(b, p)) << p.x << ' ' << p.y;
        }
    }
}
