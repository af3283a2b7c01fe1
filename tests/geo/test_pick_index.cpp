// geo::PickIndex against shapes whose answer is known: prisms hiding one another, holes, rays that
// miss, flat layers in drawing order, filtered features, ribbons with mitred corners, translucent
// walls, and a city of boxes checked against an independent ray-box test.
#include <gtest/gtest.h>
#include <array>
#include <cmath>
#include <algorithm>
#include <random>
#include "geo/PickIndex.h"

namespace {

using geo::Feature;
using geo::FeatureLayer;
using geo::PickIndex;
using geo::PickRay;
using geo::Polygon;
using geo::Ring;
using geo::Vec2;
using Drawing = PickIndex::Drawing;
using Pass = PickIndex::Pass;
using Surface = PickIndex::Surface;

Ring box(double x0, double y0, double x1, double y1) { return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}; }

Feature polygonFeature(std::vector<Ring> rings) {
    Feature f;
    f.polygons.push_back(Polygon{std::move(rings)});
    for (const Ring& r : f.polygons[0].rings)
        for (const Vec2& p : r) f.bounds.add(p.x, p.y);
    return f;
}

Feature lineFeature(std::vector<Vec2> line) {
    Feature f;
    for (const Vec2& p : line) f.bounds.add(p.x, p.y);
    f.lines.push_back(std::move(line));
    return f;
}

FeatureLayer layerOf(std::vector<Feature> features) {
    FeatureLayer layer;
    layer.features = std::move(features);
    for (const Feature& f : layer.features) layer.bounds.add(f.bounds);
    return layer;
}

PickRay down(double x, double y) { return PickRay{{x, y, 1000}, {0, 0, -1}}; }

const Drawing kSolid{Surface::Prisms, Pass::Solid, 0};
const Drawing kFlat{Surface::Prisms, Pass::Flat, 0};

// A low block (10 m) behind a tall one (100 m), seen from the east and a little above.
struct TwoBlocks {
    FeatureLayer layer = layerOf({polygonFeature({box(0, 0, 10, 10)}), polygonFeature({box(20, 0, 30, 10)})});
    PickIndex index;
    TwoBlocks() { index.addLayer(0, layer, {10, 100}, kSolid); }
};
const PickRay kFromTheEast{{100, 5, 60}, {-1, 0, -0.6}};

TEST(PickIndex, TallPrismHidesTheLowOneBehindIt) {
    TwoBlocks s;
    auto hit = s.index.pick(kFromTheEast);
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->feature, 1u);
    EXPECT_NEAR(hit->point.x, 30, 1e-9);   // the tall block's east wall
    EXPECT_NEAR(hit->point.z, 18, 1e-9);
    EXPECT_NEAR(hit->distance, 70 * std::hypot(1.0, 0.6), 1e-9);
}

TEST(PickIndex, WithoutTheTallPrismTheRayReachesTheLowOnesWall) {
    TwoBlocks s;
    auto hit = s.index.pick(kFromTheEast, {}, [](std::size_t, std::size_t f) { return f != 1; });
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->feature, 0u);
    EXPECT_NEAR(hit->point.x, 10, 1e-9);
    EXPECT_NEAR(hit->point.z, 6, 1e-9);
}

TEST(PickIndex, StraightDownHitsTheRoof) {
    TwoBlocks s;
    auto hit = s.index.pick(down(25, 5));
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->feature, 1u);
    EXPECT_NEAR(hit->point.z, 100, 1e-9);
    hit = s.index.pick(down(5, 5));
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->feature, 0u);
    EXPECT_NEAR(hit->point.z, 10, 1e-9);
}

TEST(PickIndex, RaysThatMissEverythingFindNothing) {
    TwoBlocks s;
    EXPECT_FALSE(s.index.pick(down(15, 5)));                          // the gap between the blocks
    EXPECT_FALSE(s.index.pick(down(500, 500)));                       // far off
    EXPECT_FALSE(s.index.pick(PickRay{{5, 5, 200}, {0, 0, 1}}));      // looking up
    EXPECT_FALSE(s.index.pick(PickRay{{-50, 5, 150}, {1, 0, 0}}));    // level, above the tallest roof
    EXPECT_FALSE(s.index.pick(PickRay{{5, 5, 1000}, {0, 0, -1}, 900}));   // stops 100 m above ground
    EXPECT_FALSE(PickIndex().pick(down(5, 5)));                       // nothing indexed
}

TEST(PickIndex, HiddenLayerIsNotPicked) {
    TwoBlocks s;
    EXPECT_FALSE(s.index.pick(down(25, 5), {false}));
    EXPECT_TRUE(s.index.pick(down(25, 5), {true}));
}

TEST(PickIndex, AHoleIsNotAHitButItsRingIs) {
    FeatureLayer courtyard = layerOf({polygonFeature({box(0, 0, 30, 30), {{10, 10}, {10, 20}, {20, 20}, {20, 10}}})});
    PickIndex extruded, flat;
    extruded.addLayer(0, courtyard, {24}, kSolid);
    flat.addLayer(0, courtyard, {0}, kFlat);
    EXPECT_FALSE(extruded.pick(down(15, 15))) << "no floor under the courtyard";
    EXPECT_FALSE(flat.pick(down(15, 15)));
    auto roof = extruded.pick(down(5, 15));
    ASSERT_TRUE(roof);
    EXPECT_NEAR(roof->point.z, 24, 1e-9);
    EXPECT_TRUE(flat.pick(down(5, 15)));
    // Looking into the courtyard at a slant: the inner wall facing the ray.
    auto wall = extruded.pick(PickRay{{12, 15, 30}, {1, 0, -1}});
    ASSERT_TRUE(wall);
    EXPECT_NEAR(wall->point.x, 20, 1e-9);
    EXPECT_NEAR(wall->point.z, 22, 1e-9);
}

TEST(PickIndex, CoplanarFlatLayersGoToTheOneDrawnLast) {
    FeatureLayer below = layerOf({polygonFeature({box(0, 0, 100, 100)})});
    FeatureLayer above = layerOf({polygonFeature({box(40, 40, 60, 60)})});
    PickIndex index;
    index.addLayer(0, below, {}, kFlat);
    index.addLayer(1, above, {}, kFlat);
    auto hit = index.pick(PickRay{{0, 0, 300}, {50, 50, -300}});
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->layer, 1u);
    hit = index.pick(down(20, 20));
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->layer, 0u);
    hit = index.pick(down(50, 50), {true, false});
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->layer, 0u) << "the layer on top is hidden";
}

TEST(PickIndex, FlatPartOfAnExtrudedLayerIsDrawnOverFlatLayers) {
    // An extruded layer's unextruded features lie on the ground in the solid pass, after the flat ones.
    FeatureLayer extruded = layerOf({polygonFeature({box(0, 0, 10, 10)}), polygonFeature({box(20, 0, 30, 10)})});
    FeatureLayer ground = layerOf({polygonFeature({box(-50, -50, 50, 50)})});
    PickIndex index;
    index.addLayer(0, extruded, {15, 0}, kSolid);
    index.addLayer(1, ground, {}, kFlat);
    auto hit = index.pick(down(25, 5));
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->layer, 0u);
    EXPECT_EQ(hit->feature, 1u);
    hit = index.pick(down(40, 40));
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->layer, 1u);
}

TEST(PickIndex, LineRibbonIsItsWidthWideWithMitredCorners) {
    FeatureLayer roads = layerOf({lineFeature({{0, 0}, {100, 0}, {100, 100}})});
    PickIndex index;
    index.addLayer(0, roads, {}, Drawing{Surface::Ribbons, Pass::Flat, 10});
    EXPECT_TRUE(index.pick(down(50, 4.9)));
    EXPECT_TRUE(index.pick(down(50, -4.9)));
    EXPECT_FALSE(index.pick(down(50, 5.1)));
    EXPECT_FALSE(index.pick(down(-0.5, 0))) << "the ribbon ends square at the line's end";
    // The mitre fills the outer corner out to (105, -5), beyond 5 m from the line itself.
    EXPECT_TRUE(index.pick(down(104, -4.6)));
    EXPECT_FALSE(index.pick(down(105.5, -5.5)));
    auto hit = index.pick(PickRay{{100, 50, 100}, {0, 0, -1}});
    ASSERT_TRUE(hit);
    EXPECT_NEAR(hit->point.z, 0, 1e-12);
}

TEST(PickIndex, WhereRibbonsCrossTheOneDrawnLaterIsOnTop) {
    FeatureLayer roads = layerOf({lineFeature({{0, 50}, {100, 50}}), lineFeature({{50, 0}, {50, 100}}),
                                  lineFeature({{0, 20}, {100, 20}})});
    PickIndex index;
    index.addLayer(0, roads, {}, Drawing{Surface::Ribbons, Pass::Flat, 6});
    auto hit = index.pick(down(51, 49));
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->feature, 1u);
    hit = index.pick(PickRay{{0, 0, 100}, {50, 20, -100}});
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->feature, 2u);
}

TEST(PickIndex, PolygonRingsAsRibbonsAreHollow) {
    FeatureLayer outlines = layerOf({polygonFeature({box(0, 0, 100, 100)})});
    PickIndex index;
    index.addLayer(0, outlines, {}, Drawing{Surface::Ribbons, Pass::Flat, 4});
    EXPECT_TRUE(index.pick(down(50, 1)));
    EXPECT_TRUE(index.pick(down(99, 50)));
    EXPECT_FALSE(index.pick(down(50, 50)));
}

TEST(PickIndex, TranslucentWallsOnlyWhenNothingElseIsHit) {
    FeatureLayer blocks = layerOf({polygonFeature({box(40, 40, 60, 60)})});
    FeatureLayer platform = layerOf({polygonFeature({box(0, 0, 100, 100)})});
    PickIndex index;
    index.addLayer(0, blocks, {30}, kSolid);
    index.addLayer(1, platform, {60}, Drawing{Surface::Walls, Pass::Translucent, 0});
    // From outside the platform: through its wall (x = 100, z = 45), then onto the block's wall.
    auto hit = index.pick(PickRay{{150, 50, 70}, {-1, 0, -0.5}});
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->layer, 0u);
    EXPECT_NEAR(hit->point.x, 60, 1e-9);
    // Through the wall and onto bare ground: the wall.
    hit = index.pick(PickRay{{150, 10, 70}, {-1, 0, -0.5}});
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->layer, 1u);
    EXPECT_NEAR(hit->point.x, 100, 1e-9);
    EXPECT_NEAR(hit->point.z, 45, 1e-9);
    // Walls are only walls: nothing inside the platform but the block.
    EXPECT_FALSE(index.pick(down(20, 20)));
}

// Nearest entry into the box [x0,x1]×[y0,y1]×[0,h] along a ray starting outside it (slab method).
std::optional<double> enterBox(const PickRay& r, double x0, double y0, double x1, double y1, double h) {
    double t0 = 0, t1 = INFINITY;
    const double o[3] = {r.origin.x, r.origin.y, r.origin.z}, d[3] = {r.direction.x, r.direction.y, r.direction.z};
    const double lo[3] = {x0, y0, 0}, hi[3] = {x1, y1, h};
    for (int a = 0; a < 3; ++a) {
        if (d[a] == 0) {
            if (o[a] < lo[a] || o[a] > hi[a]) return std::nullopt;
            continue;
        }
        double ta = (lo[a] - o[a]) / d[a], tb = (hi[a] - o[a]) / d[a];
        if (ta > tb) std::swap(ta, tb);
        t0 = std::max(t0, ta);
        t1 = std::min(t1, tb);
    }
    if (t0 > t1) return std::nullopt;
    return t0;
}

TEST(PickIndex, ACityOfBoxesAgreesWithARayBoxTestOnEveryRay) {
    // 60×60 blocks of 8 m on a 10 m pitch, heights 0..80 m, a few left out; rays from high and low.
    std::mt19937 random(8);
    std::uniform_real_distribution<double> height(0, 80), unit(0, 1);
    std::vector<Feature> features;
    std::vector<double> heights;
    struct Block {
        double x0, y0, h;
    };
    std::vector<Block> blocks;
    for (int i = 0; i < 60; ++i)
        for (int j = 0; j < 60; ++j) {
            if (unit(random) < 0.1) continue;
            double x0 = i * 10.0, y0 = j * 10.0, h = std::max(height(random), 0.5);
            features.push_back(polygonFeature({box(x0, y0, x0 + 8, y0 + 8)}));
            heights.push_back(h);
            blocks.push_back({x0, y0, h});
        }
    FeatureLayer city = layerOf(std::move(features));
    PickIndex index;
    index.addLayer(0, city, heights, kSolid);
    int hits = 0;
    for (int k = 0; k < 2000; ++k) {
        const double angle = unit(random) * 2 * M_PI, pitch = 0.05 + unit(random) * 1.5;
        PickRay ray{{unit(random) * 700 - 50, unit(random) * 700 - 50, 90 + unit(random) * 300},
                    {std::cos(angle) * std::cos(pitch), std::sin(angle) * std::cos(pitch), -std::sin(pitch)}};
        std::optional<std::size_t> expected;
        double nearest = INFINITY;
        for (std::size_t b = 0; b < blocks.size(); ++b)
            if (auto t = enterBox(ray, blocks[b].x0, blocks[b].y0, blocks[b].x0 + 8, blocks[b].y0 + 8, blocks[b].h))
                if (*t < nearest) {
                    nearest = *t;
                    expected = b;
                }
        auto hit = index.pick(ray);
        ASSERT_EQ(hit.has_value(), expected.has_value()) << "ray " << k;
        if (!hit) continue;
        ++hits;
        EXPECT_EQ(hit->feature, *expected) << "ray " << k;
        EXPECT_NEAR(hit->distance, nearest, 1e-6) << "ray " << k;
    }
    EXPECT_GT(hits, 500) << "most rays meet a block";
}

TEST(PickIndex, AFeatureSpanningTheWholeLayerIsStillFound) {
    // One huge parcel among many small ones: it is tested on every pick rather than filed in every cell.
    std::vector<Feature> features;
    for (int i = 0; i < 200; ++i)
        for (int j = 0; j < 200; ++j) features.push_back(polygonFeature({box(i * 10.0, j * 10.0, i * 10.0 + 5, j * 10.0 + 5)}));
    features.push_back(polygonFeature({box(-5000, -5000, -10, -10)}));
    FeatureLayer layer = layerOf(std::move(features));
    PickIndex index;
    index.addLayer(0, layer, {}, kFlat);
    auto hit = index.pick(down(-1000, -2000));
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->feature, layer.features.size() - 1);
    hit = index.pick(down(1002, 1002));
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->feature, 100u * 200u + 100u);
}

// ---- heightNear: what the camera's eye keeps above and a pin rises over ---------------------------

TEST(PickIndexHeightNear, TheTallestRoofAtOrWithinTheRadiusOfThePoint) {
    TwoBlocks s;   // 10 m over x 0..10, 100 m over x 20..30, both y 0..10
    EXPECT_EQ(s.index.heightNear(5, 5, 0), 10.0);
    EXPECT_EQ(s.index.heightNear(25, 5, 0), 100.0);
    EXPECT_EQ(s.index.heightNear(15, 5, 0), 0.0);      // the street between: the ground
    EXPECT_EQ(s.index.heightNear(15, 5, 4.9), 0.0);    // both walls 5 m away
    EXPECT_EQ(s.index.heightNear(15, 5, 5.1), 100.0);  // both within reach: the taller
    EXPECT_EQ(s.index.heightNear(12, 5, 2.5), 10.0);
    // Off a corner: the distance is to the corner, not to the walls' lines.
    EXPECT_EQ(s.index.heightNear(33, 13, 4.0), 0.0);   // 4.24 m from (30, 10)
    EXPECT_EQ(s.index.heightNear(33, 13, 4.3), 100.0);
    EXPECT_EQ(s.index.heightNear(500, 500, 10), 0.0);  // outside the grid altogether
}

TEST(PickIndexHeightNear, HolesHiddenLayersFilteredFeaturesAndWallsDoNotCount) {
    // A courtyard block: 30 m around an open 20 m square court.
    FeatureLayer court = layerOf({polygonFeature({box(0, 0, 40, 40), box(10, 10, 30, 30)})});
    FeatureLayer walls = layerOf({polygonFeature({box(100, 0, 140, 40)})});
    PickIndex index;
    index.addLayer(0, court, {30}, kSolid);
    index.addLayer(1, walls, {80}, Drawing{Surface::Walls, Pass::Translucent, 0});
    EXPECT_EQ(index.heightNear(20, 20, 0), 0.0);     // in the court
    EXPECT_EQ(index.heightNear(20, 20, 9.9), 0.0);   // its walls 10 m away
    EXPECT_EQ(index.heightNear(20, 20, 10.1), 30.0);
    EXPECT_EQ(index.heightNear(5, 20, 0), 30.0);
    EXPECT_EQ(index.heightNear(120, 20, 30), 0.0);   // translucent boundary walls are no building
    EXPECT_EQ(index.heightNear(5, 20, 0, {false}), 0.0);
    EXPECT_EQ(index.heightNear(5, 20, 0, {}, [](std::size_t, std::size_t) { return false; }), 0.0);
}

TEST(PickIndexHeightNear, ACityOfBoxesAgreesWithABruteForceDistance) {
    std::mt19937 random(16);
    std::uniform_real_distribution<double> coordinate(0, 2000), size(5, 60), tall(0, 150);
    std::vector<Feature> features;
    std::vector<double> heights;
    std::vector<std::array<double, 4>> boxes;
    for (int i = 0; i < 800; ++i) {
        const double x = coordinate(random), y = coordinate(random), w = size(random), h = size(random);
        boxes.push_back({x, y, x + w, y + h});
        features.push_back(polygonFeature({box(x, y, x + w, y + h)}));
        heights.push_back(tall(random));
    }
    FeatureLayer layer = layerOf(features);
    PickIndex index;
    index.addLayer(0, layer, heights, kSolid);
    for (int q = 0; q < 2000; ++q) {
        const double x = coordinate(random), y = coordinate(random), radius = q % 3 == 0 ? 0 : size(random) / 4;
        double expected = 0;
        for (std::size_t i = 0; i < boxes.size(); ++i) {
            const auto& b = boxes[i];
            const double dx = std::max({b[0] - x, 0.0, x - b[2]}), dy = std::max({b[1] - y, 0.0, y - b[3]});
            if (std::hypot(dx, dy) <= radius) expected = std::max(expected, heights[i]);
        }
        ASSERT_EQ(index.heightNear(x, y, radius), expected) << x << " " << y << " r " << radius;
    }
}

}  // namespace
