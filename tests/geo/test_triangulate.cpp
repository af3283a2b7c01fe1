#include <gtest/gtest.h>
#include <cmath>
#include <random>
#include "geo/Triangulate.h"

namespace {

using geo::Polygon;
using geo::Ring;
using geo::Vec2;

/// Sum of the triangles' areas, and whether every triangle is counter-clockwise (non-negative area).
std::pair<double, bool> triangleArea(const std::vector<Vec2>& v, const std::vector<std::uint32_t>& idx) {
    double total = 0;
    bool ccw = true;
    for (std::size_t i = 0; i + 2 < idx.size(); i += 3) {
        const Vec2 &a = v[idx[i]], &b = v[idx[i + 1]], &c = v[idx[i + 2]];
        double a2 = (b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y);
        ccw = ccw && a2 >= 0;
        total += a2 / 2;
    }
    return {total, ccw};
}

void expectExactArea(const Polygon& p) {
    std::vector<Vec2> v;
    std::vector<std::uint32_t> idx;
    ASSERT_TRUE(geo::triangulate(p, v, idx));
    auto [total, ccw] = triangleArea(v, idx);
    EXPECT_TRUE(ccw) << "a triangle is clockwise";
    EXPECT_NEAR(total, geo::area(p), 1e-6 * geo::area(p));
}

Ring circle(double cx, double cy, double r, int n, bool clockwise = false) {
    Ring ring;
    for (int i = 0; i < n; ++i) {
        double t = 2 * M_PI * i / n * (clockwise ? -1 : 1);
        ring.push_back({cx + r * std::cos(t), cy + r * std::sin(t)});
    }
    return ring;
}

}  // namespace

TEST(Triangulate, SquareGivesTwoTriangles) {
    Polygon p{{{{0, 0}, {10, 0}, {10, 10}, {0, 10}}}};
    std::vector<Vec2> v;
    std::vector<std::uint32_t> idx;
    ASSERT_TRUE(geo::triangulate(p, v, idx));
    EXPECT_EQ(idx.size(), 6u);
    EXPECT_EQ(v.size(), 4u);
    EXPECT_DOUBLE_EQ(triangleArea(v, idx).first, 100.0);
}

TEST(Triangulate, ClockwiseInputStillGivesCounterClockwiseTriangles) {
    expectExactArea(Polygon{{{{0, 0}, {0, 10}, {10, 10}, {10, 0}}}});
}

TEST(Triangulate, AppendsWithIndexOffset) {
    std::vector<Vec2> v{{99, 99}};
    std::vector<std::uint32_t> idx{0, 0, 0};
    ASSERT_TRUE(geo::triangulate(Polygon{{{{0, 0}, {1, 0}, {0, 1}}}}, v, idx));
    ASSERT_EQ(idx.size(), 6u);
    for (std::size_t i = 3; i < 6; ++i) EXPECT_GE(idx[i], 1u);
}

TEST(Triangulate, ConcaveLShape) {
    expectExactArea(Polygon{{{{0, 0}, {30, 0}, {30, 10}, {10, 10}, {10, 30}, {0, 30}}}});
}

TEST(Triangulate, PolygonWithHolesKeepsItsArea) {
    Polygon p;
    p.rings.push_back({{0, 0}, {100, 0}, {100, 60}, {0, 60}});
    p.rings.push_back({{10, 10}, {10, 30}, {30, 30}, {30, 10}});
    p.rings.push_back(circle(70, 30, 15, 40, true));
    EXPECT_NEAR(geo::area(p), 6000 - 400 - M_PI * 225, 5);
    expectExactArea(p);
}

TEST(Triangulate, HoleTouchingTheShellAtAVertex) {
    Polygon p;
    p.rings.push_back({{0, 0}, {10, 0}, {10, 10}, {0, 10}});
    p.rings.push_back({{0, 0}, {4, 6}, {6, 4}});
    expectExactArea(p);
}

// A chain of holes touching the shell and each other at single points (valid, and what MakeValid
// makes of many bow-ties): fuzz_geometry found ear clipping covering more than the polygon here.
TEST(Triangulate, HolesTouchingEachOtherAndTheShellKeepTheArea) {
    Polygon p;
    p.rings = {{{0, 0}, {100, 0}, {100, 100}, {0, 100}},
               {{0, 100}, {40, 90}, {30, 60}},      // touches the shell at its corner
               {{30, 60}, {70, 70}, {60, 40}},      // touches the first hole
               {{60, 40}, {80, 50}, {100, 20}}};    // touches the second hole and the shell's side
    std::vector<Vec2> v;
    std::vector<std::uint32_t> idx;
    ASSERT_TRUE(geo::triangulate(p, v, idx));
    const double expected = geo::area(p);
    EXPECT_NEAR(triangleArea(v, idx).first, expected, 1e-9 * expected);
    // Triangles keep the polygon's own vertices, and none folds over (only hairline slivers may).
    EXPECT_EQ(v.size(), 13u);
    for (std::size_t i = 0; i + 2 < idx.size(); i += 3) {
        const Vec2 &a = v[idx[i]], &b = v[idx[i + 1]], &c = v[idx[i + 2]];
        EXPECT_GT((b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y), -1e-6);
    }
}

// A fuzz finding once projected with PROJ's faster transverse Mercator (within a micrometre of the
// exact one): the leftmost point of one hole is a vertex of the shell and of another hole. Ear
// clipping bridged that hole elsewhere and covered 2,801 m² too much, and GEOS 3.11's triangulation,
// the fallback, fails on it ("Unable to find a convex corner"): ear clipping must bridge at the
// shared vertex itself.
TEST(Triangulate, AHoleWhoseLeftmostPointIsASharedVertexIsBridgedThere) {
    Polygon p;
    p.rings = {{{186.53201134397614, 65.663685663529634}, {-0.36658677450205346, 7.1560329285325963},
                {40.231773956432747, 199.56705178008414}, {38.560290261127335, 201.09690092597071},
                {105.5064084904367, 514.76622824810408}, {-1701.7338784385938, 1047.4823992033489},
                {2394.4908720871317, -1955.2019600784406}},
               {{38.560290261127335, 201.09690092597071}, {2.6682085633510724, 32.928149397019297},
                {10.689504990645219, 226.6060322211124}},
               {{-0.36658677450205346, 7.1560329285325963}, {-0.4731720881536603, 6.6508847298100591},
                {-0.47394282919329911, 7.1224256632555694}},
               {{-0.47394282919329911, 7.1224256632555694}, {-25.102051826077513, -0.58727822545915842},
                {-0.97164566733408719, 311.61803288478404}}};
    std::vector<Vec2> v;
    std::vector<std::uint32_t> idx;
    ASSERT_TRUE(geo::triangulate(p, v, idx));
    const double expected = geo::area(p);
    EXPECT_NEAR(triangleArea(v, idx).first, expected, 1e-9 * expected);
}

// A fuzz finding (projected, repaired, valid by GEOS): a shell with a spike a few centimetres wide
// along two kilometres and a small hole near a corner, where ear clipping covered 163 m² too much.
TEST(Triangulate, NearDegenerateSpikeFallsBackToARobustTriangulation) {
    Polygon p;
    p.rings = {{{-0.63955447579988078, 132.74320289095863}, {-115.16089733240837, 5.5368244924122942},
                {-296.4314627382555, 13.359401641879231},   {-198.32502396573545, -86.839033996686339},
                {-184.62676814435875, -71.623481419767003}, {20.528575325151905, -227.56230515940115},
                {1452.1423596162349, 1.5682445834390819},   {1359.5023095304716, 857.10988968451932},
                {25.810710886958987, -0.40926958015188575}, {24.371750077836069, 160.52490184706289},
                {1283.488275847405, 1559.1083381716921},    {1105.0557233603904, 3206.9537285077386},
                {2066.833189370996, 2429.220991417691},     {2986.8354670780063, 3451.1279560614348},
                {1164.268574740272, 3448.485958816018},     {2986.9354004730703, 3451.2389586479403},
                {-5.0125375190400518, 3446.879851475358}},
               {{-0.46381483657751232, -0.44395406730473042}, {-0.4651754751685262, 0.58722812008741965},
                {20.228430786868557, -0.30578686622902751}}};
    std::vector<Vec2> v;
    std::vector<std::uint32_t> idx;
    ASSERT_TRUE(geo::triangulate(p, v, idx));
    EXPECT_EQ(v.size(), 20u) << "only the polygon's own vertices";
    const double expected = geo::area(p);
    EXPECT_NEAR(triangleArea(v, idx).first, expected, 1e-9 * expected);
    EXPECT_TRUE(triangleArea(v, idx).second) << "a triangle is clockwise";
}

TEST(Triangulate, CollinearAndRepeatedVerticesAreHandled) {
    expectExactArea(Polygon{{{{0, 0}, {5, 0}, {10, 0}, {10, 0}, {10, 5}, {10, 10}, {0, 10}, {0, 5}}}});
}

TEST(Triangulate, LargeRingUsesTheIndexedPathAndKeepsItsArea) {
    // A 10,000-vertex star: deeply concave, exercises the z-order path.
    Ring star;
    std::mt19937 random(7);
    std::uniform_real_distribution<double> radius(200, 1000);
    for (int i = 0; i < 10000; ++i) {
        double t = 2 * M_PI * i / 10000, r = radius(random);
        star.push_back({r * std::cos(t), r * std::sin(t)});
    }
    expectExactArea(Polygon{{star}});
}

TEST(Triangulate, ManyRandomParcelsWithHoles) {
    std::mt19937 random(42);
    std::uniform_real_distribution<double> jitter(-2, 2);
    for (int k = 0; k < 500; ++k) {
        Polygon p;
        int n = 4 + k % 4;
        p.rings.push_back(circle(0, 0, 50, n));
        for (auto& pt : p.rings[0]) { pt.x += jitter(random); pt.y += jitter(random); }
        if (k % 3 == 0) p.rings.push_back(circle(jitter(random), jitter(random), 10, 5, true));
        expectExactArea(p);
    }
}

TEST(Triangulate, DegenerateInputIsRefusedWithoutOutput) {
    std::vector<Vec2> v;
    std::vector<std::uint32_t> idx;
    EXPECT_FALSE(geo::triangulate(Polygon{{{{0, 0}, {1, 1}}}}, v, idx));
    EXPECT_FALSE(geo::triangulate(Polygon{{{{0, 0}, {1, 1}, {2, 2}}}}, v, idx));  // collinear: no area
    EXPECT_FALSE(geo::triangulate(Polygon{}, v, idx));
    EXPECT_TRUE(v.empty());
    EXPECT_TRUE(idx.empty());
}

TEST(Triangulate, SignedAreaFollowsOrientation) {
    Ring ccw{{0, 0}, {2, 0}, {2, 2}, {0, 2}};
    Ring cw(ccw.rbegin(), ccw.rend());
    EXPECT_DOUBLE_EQ(geo::signedArea(ccw), 4);
    EXPECT_DOUBLE_EQ(geo::signedArea(cw), -4);
}
