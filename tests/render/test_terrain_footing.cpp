// Features standing on terrain (issue 18): a DEM written here with GDAL (a slope with a hill on it),
// and a project of parcels, a flat polygon, a line, a boundary and pins on it. The Scene is built in
// process and its drawn vertices, bases and picks are compared with the DEM's own pixels read back
// with GDAL (bilinear between pixel centres, computed here): a parcel's base is the DEM's height at
// its centroid, its roof that plus its extrusion, its walls' feet on the ground; the flat polygon,
// the line and the curtain's foot follow the hill; a pin stands on the ground; a click from above
// meets the roof; a ray meets the ground where the DEM is.
#include <gtest/gtest.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <cmath>
#include <fstream>
#include <osg/Geometry>
#include <osg/NodeVisitor>
#include "app/scene/Mesh.h"
#include "app/scene/Picker.h"
#include "app/scene/Scene.h"
#include "geo/GroundHeights.h"
#include "geo/Project.h"
#include "geo/ProjectChecks.h"
#include "geo/ProjectData.h"
#include "tests/support/Fixtures.h"

namespace {

using fixtures::kOriginX;
using fixtures::kOriginY;

constexpr double kPixel = 10;                           // metres
constexpr int kSize = 200;                              // pixels a side
constexpr double kWest = -500, kNorth = 1500;           // the DEM's corner, metres off kOriginX/Y

// The DEM's heights: a slope rising east and north, and a 30 m hill at (1000, 1000).
double terrainAt(double x, double y) {
    const double r2 = (x - 1000) * (x - 1000) + (y - 1000) * (y - 1000);
    return 40 + 0.1 * x + 0.05 * y + 30 * std::exp(-r2 / (200.0 * 200.0));
}

class Dem {
public:
    explicit Dem(const std::string& path) {
        fixtures::writeDem(path, kWest, kNorth, kPixel, kSize, kSize, terrainAt);
        // Read back as GDAL stores it: the reference below interpolates these pixels, not terrainAt.
        GDALDataset* back = static_cast<GDALDataset*>(GDALOpen(path.c_str(), GA_ReadOnly));
        pixels_.resize(static_cast<std::size_t>(kSize) * kSize);
        EXPECT_EQ(back->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, kSize, kSize, pixels_.data(), kSize, kSize, GDT_Float32, 0, 0), CE_None);
        GDALClose(back);
    }
    // Bilinear between pixel centres at (x, y) metres off kOriginX/Y.
    double at(double x, double y) const {
        const double u = (x - kWest) / kPixel - 0.5, v = (kNorth - y) / kPixel - 0.5;
        const int c = std::clamp(static_cast<int>(std::floor(u)), 0, kSize - 2), r = std::clamp(static_cast<int>(std::floor(v)), 0, kSize - 2);
        const double fu = u - c, fv = v - r;
        auto p = [&](int col, int row) { return static_cast<double>(pixels_[static_cast<std::size_t>(row) * kSize + col]); };
        return (p(c, r) * (1 - fu) + p(c + 1, r) * fu) * (1 - fv) + (p(c, r + 1) * (1 - fu) + p(c + 1, r + 1) * fu) * fv;
    }

    float pixel(int col, int row) const { return pixels_[static_cast<std::size_t>(row) * kSize + col]; }

private:
    std::vector<float> pixels_;
};

// The vertices of the geometries the scene draws for one layer (by their GeometryTag).
std::vector<osg::Vec3f> layerVertices(osg::Node* root, int layer, bool pickableOnly) {
    struct Collect : osg::NodeVisitor {
        Collect() : osg::NodeVisitor(TRAVERSE_ALL_CHILDREN) {}
        int layer = 0;
        bool pickableOnly = false;
        std::vector<osg::Vec3f> vertices;
        void apply(osg::Geometry& g) override {
            const auto* tag = dynamic_cast<const planview::GeometryTag*>(g.getUserData());
            if (!tag || tag->layer != layer || (pickableOnly && !tag->pickable)) return;
            if (const auto* v = dynamic_cast<const osg::Vec3Array*>(g.getVertexArray())) vertices.insert(vertices.end(), v->begin(), v->end());
        }
    } collect;
    collect.layer = layer;
    collect.pickableOnly = pickableOnly;
    root->accept(collect);
    return collect.vertices;
}

class TerrainFooting : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new fixtures::TempDir;
        dem_ = new Dem(*dir_ / "dem.tif");
        const std::string gpkg = *dir_ / "plan.gpkg";
        using fixtures::Field;
        using fixtures::Row;
        using fixtures::rect;
        fixtures::writeLayer(gpkg, "GPKG", "parcels", 4549, wkbPolygon,
                             {{"height_m", OFTReal}, {"max_height_m", OFTReal}, {"min_setback_m", OFTReal}},
                             {Row{rect(100, 200, 140, 230), {"20", "30", "5"}}});
        fixtures::writeLayer(gpkg, "GPKG", "green", 4549, wkbPolygon, {{"kind", OFTString}}, {Row{rect(800, 800, 1200, 1200), {"park"}}});
        std::ostringstream line;
        line.precision(12);
        line << "LINESTRING(" << kOriginX + 700 << ' ' << kOriginY + 1000 << ',' << kOriginX + 1300 << ' ' << kOriginY + 1000 << ')';
        fixtures::writeLayer(gpkg, "GPKG", "roads", 4549, wkbLineString, {{"name", OFTString}}, {Row{line.str(), {"road"}}});
        fixtures::writeLayer(gpkg, "GPKG", "platforms", 4549, wkbPolygon, {{"name", OFTString}}, {Row{rect(850, 850, 1150, 1150), {"p"}}});
        std::ostringstream point;
        point.precision(12);
        point << "POINT(" << kOriginX + 1000 << ' ' << kOriginY + 1000 << ')';
        fixtures::writeLayer(gpkg, "GPKG", "pins", 4549, wkbPoint, {{"name", OFTString}}, {Row{point.str(), {"summit"}}});
        const std::string project = *dir_ / "project.toml";
        std::ofstream(project) << "title = \"terrain\"\ncrs = \"EPSG:4549\"\n"
                                  "[[layer]]\nname = \"dem\"\nsource = \"dem.tif\"\nkind = \"terrain\"\n"
                                  "[[layer]]\nname = \"green\"\nsource = \"plan.gpkg\"\nlayer = \"green\"\nkind = \"polygons\"\n"
                                  "[[layer]]\nname = \"roads\"\nsource = \"plan.gpkg\"\nlayer = \"roads\"\nkind = \"lines\"\n"
                                  "[[layer]]\nname = \"parcels\"\nsource = \"plan.gpkg\"\nlayer = \"parcels\"\nkind = \"parcels\"\nextrude = \"height_m\"\n"
                                  "[[layer]]\nname = \"platforms\"\nsource = \"plan.gpkg\"\nlayer = \"platforms\"\nkind = \"boundary\"\n"
                                  "[[layer]]\nname = \"pins\"\nsource = \"plan.gpkg\"\nlayer = \"pins\"\nkind = \"points\"\n";
        data_ = new geo::ProjectData(geo::loadProjectData(geo::openProject(project, "")));
        shaders_ = new planview::ShaderLibrary(planview::ShaderLibrary::locate(PLANVIEW_BINARY));
        scene_ = new planview::Scene(*data_, *shaders_);
    }
    static void TearDownTestSuite() {
        delete scene_;
        delete shaders_;
        delete data_;
        delete dem_;
        delete dir_;
    }
    // Scene metres to metres off kOriginX/Y (the fixtures' coordinates).
    static double fixtureX(double sceneX) { return sceneX + data_->frame.origin().x - kOriginX; }
    static double fixtureY(double sceneY) { return sceneY + data_->frame.origin().y - kOriginY; }
    static double sceneX(double x) { return x + kOriginX - data_->frame.origin().x; }
    static double sceneY(double y) { return y + kOriginY - data_->frame.origin().y; }
    static double demAtScene(const osg::Vec3f& v) { return dem_->at(fixtureX(v.x()), fixtureY(v.y())); }

    static inline fixtures::TempDir* dir_ = nullptr;
    static inline Dem* dem_ = nullptr;
    static inline geo::ProjectData* data_ = nullptr;
    static inline planview::ShaderLibrary* shaders_ = nullptr;
    static inline planview::Scene* scene_ = nullptr;
};

constexpr std::size_t kGreen = 1, kRoads = 2, kParcels = 3, kPlatforms = 4, kPins = 5;

TEST_F(TerrainFooting, TheGroundIsTheDemsOwnHeights) {
    const geo::GroundHeights& ground = scene_->ground();
    ASSERT_FALSE(ground.flat());
    EXPECT_LE(ground.spacing(), kPixel + 1e-6);
    // Everywhere under the features, within a few centimetres of GDAL's pixels interpolated here.
    double worst = 0;
    for (double x = 100; x <= 1300; x += 37)
        for (double y = 200; y <= 1200; y += 41) worst = std::max(worst, std::abs(ground.at(sceneX(x), sceneY(y)) - dem_->at(x, y)));
    EXPECT_LT(worst, 0.3) << "the ground differs from the DEM by up to " << worst << " m";
}

TEST_F(TerrainFooting, AParcelOnTheSlopeStandsOnTheDemAtItsCentroid) {
    const std::vector<double>& bases = scene_->bases(kParcels);
    ASSERT_EQ(bases.size(), 1u);
    const double expected = dem_->at(120, 215);   // the rectangle's centroid
    EXPECT_NEAR(bases[0], expected, 0.05);
    // Its roof is level at base + 20 m, its walls' feet on the ground where they stand.
    const std::vector<osg::Vec3f> vertices = layerVertices(scene_->root(), static_cast<int>(kParcels), true);
    ASSERT_FALSE(vertices.empty());
    int roof = 0, feet = 0;
    for (const osg::Vec3f& v : vertices) {
        if (std::abs(v.z() - (expected + 20)) < 0.05) {
            ++roof;
        } else {
            EXPECT_NEAR(v.z(), demAtScene(v), 0.05) << "a wall's foot off the ground at " << fixtureX(v.x()) << ", " << fixtureY(v.y());
            ++feet;
        }
    }
    EXPECT_GE(roof, 4);
    EXPECT_GE(feet, 4);
}

// The height-limit envelope (控规盒子) stands where the parcel does: its lid level at the parcel's base
// + its 30 m limit, its walls' feet on the DEM, its footprint the parcel's less the 5 m setback.
TEST_F(TerrainFooting, AnEnvelopeRisesFromTheParcelsBaseToItsLimit) {
    geo::MapView view = scene_->shown();
    view.envelopes = geo::projectEnvelopeView(*data_);
    scene_->apply(view);
    const std::vector<osg::Vec3f> vertices = layerVertices(scene_->root(), -1, false);
    view.envelopes.reset();
    scene_->apply(view);
    ASSERT_FALSE(vertices.empty());
    const double lid = dem_->at(120, 215) + 30;
    int top = 0, feet = 0;
    for (const osg::Vec3f& v : vertices) {
        EXPECT_NEAR(fixtureX(v.x()), std::clamp(fixtureX(v.x()), 105.0, 135.0), 0.01) << "inside the setback";
        EXPECT_NEAR(fixtureY(v.y()), std::clamp(fixtureY(v.y()), 205.0, 225.0), 0.01) << "inside the setback";
        if (std::abs(v.z() - lid) < 0.05) {
            ++top;
        } else {
            EXPECT_NEAR(v.z(), demAtScene(v), 0.05) << "a wall's foot off the ground at " << fixtureX(v.x()) << ", " << fixtureY(v.y());
            ++feet;
        }
    }
    EXPECT_GE(top, 4);
    EXPECT_GE(feet, 4);
}

TEST_F(TerrainFooting, AClickFromAboveMeetsTheRoofOnTheSlope) {
    const osg::Vec3d centre(sceneX(120), sceneY(215), 0);
    const osg::Matrixd view = osg::Matrixd::lookAt(centre + osg::Vec3d(0, 0, 2000), centre, osg::Vec3d(0, 1, 0));
    const osg::Matrixd projection = osg::Matrixd::perspective(30, 1, 10, 5000);
    const std::optional<planview::PickResult> hit = planview::pickFeature(*scene_, view, projection, 100, 100, 50, 50);
    ASSERT_TRUE(hit.has_value());
    EXPECT_EQ(hit->feature.layer, static_cast<int>(kParcels));
    EXPECT_NEAR(hit->point.z(), dem_->at(120, 215) + 20, 0.05);
}

TEST_F(TerrainFooting, AFlatPolygonALineAndACurtainFollowTheHill) {
    for (std::size_t layer : {kGreen, kRoads}) {
        const std::vector<osg::Vec3f> vertices = layerVertices(scene_->root(), static_cast<int>(layer), true);
        ASSERT_FALSE(vertices.empty()) << layer;
        double worst = 0, highest = 0;
        for (const osg::Vec3f& v : vertices) {
            worst = std::max(worst, std::abs(v.z() - demAtScene(v)));
            highest = std::max(highest, static_cast<double>(v.z()));
        }
        EXPECT_LT(worst, 0.3) << "layer " << layer;
        // Over the hill's top, not only at its foot: the shape was split to follow it.
        EXPECT_GT(highest, dem_->at(1000, 1000) - 3) << "layer " << layer;
    }
    // The boundary's curtain: its foot on the ground, its top 60 m (the default) above the foot.
    const std::vector<osg::Vec3f> curtain = layerVertices(scene_->root(), static_cast<int>(kPlatforms), true);
    ASSERT_FALSE(curtain.empty());
    for (const osg::Vec3f& v : curtain) {
        const double ground = demAtScene(v);
        EXPECT_TRUE(std::abs(v.z() - ground) < 0.3 || std::abs(v.z() - ground - 60) < 0.3) << v.z() << " over ground " << ground;
    }
}

TEST_F(TerrainFooting, APinStandsOnTheGround) {
    const std::vector<osg::Vec3f> vertices = layerVertices(scene_->root(), static_cast<int>(kPins), false);
    ASSERT_FALSE(vertices.empty());
    for (const osg::Vec3f& v : vertices) EXPECT_NEAR(v.z(), dem_->at(1000, 1000), 0.3);
}

TEST_F(TerrainFooting, ARayMeetsTheGroundWhereTheDemIs) {
    // Looking north-east and down from south-west of the hill, at 45°.
    const geo::PickRay ray{{sceneX(600), sceneY(600), 400}, {1, 1, -std::sqrt(2.0)}, INFINITY};
    const std::optional<geo::PickPoint> p = scene_->ground().intersect(ray);
    ASSERT_TRUE(p.has_value());
    EXPECT_NEAR(p->z, dem_->at(fixtureX(p->x), fixtureY(p->y)), 0.3);
    // On the ray.
    const double t = (p->x - ray.origin.x) / ray.direction.x;
    EXPECT_NEAR(p->y, ray.origin.y + t * ray.direction.y, 1e-6);
    EXPECT_NEAR(p->z, ray.origin.z + t * ray.direction.z, 0.01);
    // Nothing nearer: the ray was above the ground all the way there (checked every metre).
    for (double s = 0; s < t; s += 1.0 / std::hypot(ray.direction.x, ray.direction.y))
        ASSERT_GT(ray.origin.z + s * ray.direction.z, dem_->at(fixtureX(ray.origin.x + s), fixtureY(ray.origin.y + s)) - 0.3);
}

TEST_F(TerrainFooting, AMeasuredPathUpTheSlopeIsLongerByTheSlope) {
    // 300 m east on the plane part of the DEM, rising 0.1 m a metre: 300 × √1.01 along the ground.
    const std::vector<geo::Vec2> path{{sceneX(100), sceneY(200)}, {sceneX(400), sceneY(200)}};
    EXPECT_NEAR(scene_->ground().surfaceLength(path), 300 * std::sqrt(1.01), 0.01);
    EXPECT_NEAR(geo::GroundHeights().surfaceLength(path), 300, 1e-9);   // flat ground: the plain length
}

TEST_F(TerrainFooting, TheInspectorReadsThePixelGdalHasUnderThePoint) {
    const geo::RasterWindow& dem = *data_->layers[0].raster;
    for (const auto& [x, y] : std::vector<std::pair<double, double>>{{123.4, 217.9}, {1000, 1000}, {-495, 1495}, {1494, -494}}) {
        const auto values = dem.valuesAt(data_->frame, {sceneX(x), sceneY(y)});
        ASSERT_TRUE(values.has_value()) << x << ", " << y;
        ASSERT_EQ(values->size(), 1u);
        const int col = static_cast<int>(std::floor((x - kWest) / kPixel)), row = static_cast<int>(std::floor((kNorth - y) / kPixel));
        EXPECT_DOUBLE_EQ((*values)[0], dem_->pixel(col, row)) << x << ", " << y;
    }
    EXPECT_FALSE(dem.valuesAt(data_->frame, {sceneX(-600), sceneY(0)}).has_value());   // west of the DEM
}

TEST(Densified, NoSegmentLongerThanTheStepAndTheLineUnchanged) {
    const std::vector<geo::Vec2> line{{0, 0}, {100, 0}, {100, 35}};
    const std::vector<geo::Vec2> dense = geo::densified(line, false, 10);
    ASSERT_EQ(dense.size(), 15u);   // 10 pieces along the first segment, 4 along the second, and the end
    EXPECT_DOUBLE_EQ(dense.back().y, 35);
    for (std::size_t i = 1; i < dense.size(); ++i)
        EXPECT_LE(std::hypot(dense[i].x - dense[i - 1].x, dense[i].y - dense[i - 1].y), 10 + 1e-9);
    // A closed ring: its closing segment too, the first point not repeated.
    const std::vector<geo::Vec2> ring = geo::densified({{0, 0}, {30, 0}, {30, 30}}, true, 10);
    EXPECT_EQ(ring.size(), 3u + 2 + 2 + 4);   // 30 m, 30 m, and 42.4 m split into 5
}

}  // namespace
