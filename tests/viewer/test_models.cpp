// Models layers in the scene (issue 18): an OSGB tile set in EPSG:4549 with an SRSOrigin, and a single
// OBJ placed by lon/lat, heading and scale, land where PROJ (called here) puts their known corners:
// picked from straight above, a point half a metre inside the corner hits the model (named by its
// layer and tile), half a metre outside misses. Hidden, they are not picked.
#include <gtest/gtest.h>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <osg/Geode>
#include <osg/Geometry>
#include <osg/PagedLOD>
#include <osg/ShapeDrawable>
#include <osgDB/WriteFile>
#include <proj.h>
#include "app/scene/Picker.h"
#include "app/scene/Scene.h"
#include "app/scene/ShaderLibrary.h"
#include "geo/Project.h"
#include "geo/ProjectData.h"

namespace fs = std::filesystem;

namespace {

// The tile set: its origin (EPSG:4549, deliberately not whole metres) and one block's footprint and
// height in its local metres.
constexpr double kOriginX = 516000.37, kOriginY = 3345000.81, kOriginZ = 5;
constexpr double kBlockX0 = 100, kBlockY0 = 200, kBlockX1 = 140, kBlockY1 = 230, kBlockTop = 25;
// The single model: an OBJ box 10 m × 10 m, 5 m tall, its corner at the origin.
constexpr double kLon = 120.1750, kLat = 30.2400, kHeight = 2, kHeading = 30, kScale = 2;

osg::ref_ptr<osg::Geode> block(double x0, double y0, double x1, double y1, double top) {
    osg::ref_ptr<osg::Geode> geode = new osg::Geode;
    geode->addDrawable(new osg::ShapeDrawable(
        new osg::Box(osg::Vec3((x0 + x1) / 2, (y0 + y1) / 2, top / 2), x1 - x0, y1 - y0, top)));
    return geode;
}

class ModelsTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new fs::path(fs::temp_directory_path() / ("planview_models_scene_" + std::to_string(::getpid())));
        fs::remove_all(*dir_);
        const fs::path tiles = *dir_ / "tiles";
        fs::create_directories(tiles / "Data/Tile_+000_+000");
        std::ofstream(tiles / "metadata.xml") << "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ModelMetadata version=\"1\">\n"
                                              << "<SRS>EPSG:4549</SRS>\n<SRSOrigin>516000.37,3345000.81,5</SRSOrigin>\n</ModelMetadata>\n";
        // The top tile: the block as its coarse level, a finer file (the same block) paged in near.
        ASSERT_TRUE(osgDB::writeNodeFile(*block(kBlockX0, kBlockY0, kBlockX1, kBlockY1, kBlockTop),
                                         (tiles / "Data/Tile_+000_+000/Tile_+000_+000_L2_0.osgb").string()));
        osg::ref_ptr<osg::PagedLOD> top = new osg::PagedLOD;
        top->setRangeMode(osg::LOD::PIXEL_SIZE_ON_SCREEN);
        top->addChild(block(kBlockX0, kBlockY0, kBlockX1, kBlockY1, kBlockTop), 0, 200);
        top->setFileName(1, "Tile_+000_+000_L2_0.osgb");
        top->setRange(1, 200, 1e30f);
        ASSERT_TRUE(osgDB::writeNodeFile(*top, (tiles / "Data/Tile_+000_+000/Tile_+000_+000.osgb").string()));
        // OBJ: y up, -z north (OSG's reader turns it z up).
        std::ofstream obj(*dir_ / "box.obj");
        for (int k = 0; k < 8; ++k) obj << "v " << ((k & 1) ? 10 : 0) << ' ' << ((k & 2) ? 5 : 0) << ' ' << ((k & 4) ? -10 : 0) << '\n';
        obj << "f 1 3 4 2\nf 5 6 8 7\nf 1 2 6 5\nf 3 7 8 4\nf 1 5 7 3\nf 2 4 8 6\n";
    }
    static void TearDownTestSuite() {
        fs::remove_all(*dir_);
        delete dir_;
    }

    // The project with both layers, in `crs` (or the automatic frame).
    void load(const std::string& crs) {
        const fs::path toml = *dir_ / "project.toml";
        std::ofstream(toml) << (crs.empty() ? "" : "crs = \"" + crs + "\"\n")
                            << "[[layer]]\nname = \"倾斜摄影\"\nsource = \"tiles\"\nkind = \"models\"\n"
                            << "[[layer]]\nname = \"单体\"\nsource = \"box.obj\"\nkind = \"models\"\n"
                            << "position = [" << kLon << ", " << kLat << ", " << kHeight << "]\nheading = " << kHeading
                            << "\nscale = " << kScale << "\n";
        data_ = std::make_unique<geo::ProjectData>(geo::loadProjectData(geo::loadProject(toml.string())));
        shaders_ = std::make_unique<planview::ShaderLibrary>(planview::ShaderLibrary::locate(PLANVIEW_BINARY));
        planview::SceneOptions options;
        options.labels = false;
        scene_ = std::make_unique<planview::Scene>(*data_, *shaders_, options);
    }

    // PROJ, here: a point of `from` into the frame's CRS, as scene metres.
    osg::Vec3d inFrame(const char* from, double x, double y, double z) const {
        PJ_CONTEXT* context = proj_context_create();
        PJ* raw = proj_create_crs_to_crs(context, from, data_->frame.crsName().c_str(), nullptr);
        PJ* t = proj_normalize_for_visualization(context, raw);
        PJ_COORD c = proj_trans(t, PJ_FWD, proj_coord(x, y, 0, 0));
        proj_destroy(t);
        proj_destroy(raw);
        proj_context_destroy(context);
        return {c.xy.x - data_->frame.origin().x, c.xy.y - data_->frame.origin().y, z};
    }
    // A point of the tile set's local metres.
    osg::Vec3d tilePoint(double x, double y) const { return inFrame("EPSG:4549", kOriginX + x, kOriginY + y, 0); }
    // A point of the single model's own metres (x east, y north before its heading), via the
    // azimuthal equidistant projection centred on its position.
    osg::Vec3d modelPoint(double x, double y) const {
        const double h = kHeading * M_PI / 180;
        const double east = kScale * (x * std::cos(h) + y * std::sin(h)), north = kScale * (-x * std::sin(h) + y * std::cos(h));
        PJ_CONTEXT* context = proj_context_create();
        const std::string aeqd = "+proj=aeqd +ellps=WGS84 +lat_0=" + std::to_string(kLat) + " +lon_0=" + std::to_string(kLon);
        PJ* p = proj_create(context, aeqd.c_str());
        PJ_COORD c = proj_trans(p, PJ_INV, proj_coord(east, north, 0, 0));
        proj_destroy(p);
        proj_context_destroy(context);
        return inFrame("EPSG:4326", c.lp.lam * 180 / M_PI, c.lp.phi * 180 / M_PI, 0);
    }

    // What is picked straight down at scene point p (the centre pixel of a 100 px, 10 m ortho view).
    std::optional<planview::PickResult> pickAt(const osg::Vec3d& p) const {
        osg::Matrixd view = osg::Matrixd::lookAt(osg::Vec3d(p.x(), p.y(), 500), osg::Vec3d(p.x(), p.y(), 0), osg::Vec3d(0, 1, 0));
        osg::Matrixd projection = osg::Matrixd::ortho(-5, 5, -5, 5, 1, 1000);
        return planview::pickFeature(*scene_, view, projection, 100, 100, 50, 50);
    }
    std::size_t layerNamed(const std::string& name) const {
        for (std::size_t i = 0; i < data_->layers.size(); ++i)
            if (data_->layers[i].spec.name == name) return i;
        ADD_FAILURE() << "no layer " << name;
        return 0;
    }
    std::string pickedName(const planview::PickResult& hit) const {
        const geo::FeatureLayer& features = data_->layers[static_cast<std::size_t>(hit.feature.layer)].data;
        return geo::toString(features.value(features.features.at(hit.feature.feature), "name"));
    }

    static fs::path* dir_;
    std::unique_ptr<geo::ProjectData> data_;
    std::unique_ptr<planview::ShaderLibrary> shaders_;
    std::unique_ptr<planview::Scene> scene_;
};
fs::path* ModelsTest::dir_ = nullptr;

}  // namespace

TEST_F(ModelsTest, TileSetCornerLandsWhereItsCoordinatesSay) {
    for (const std::string crs : {"", "EPSG:32651"}) {
        SCOPED_TRACE("frame " + (crs.empty() ? std::string("automatic") : crs));
        load(crs);
        const std::size_t layer = layerNamed("倾斜摄影");
        ASSERT_TRUE(data_->layers[layer].available()) << data_->layers[layer].error;
        // South-west and north-east corners, each approached from inside and outside.
        for (const auto& [cx, cy, inward] : {std::tuple{kBlockX0, kBlockY0, 1.0}, std::tuple{kBlockX1, kBlockY1, -1.0}}) {
            auto inside = pickAt(tilePoint(cx + 0.5 * inward, cy + 0.5 * inward));
            ASSERT_TRUE(inside) << "nothing half a metre inside corner " << cx << "," << cy;
            EXPECT_EQ(static_cast<std::size_t>(inside->feature.layer), layer);
            EXPECT_EQ(pickedName(*inside), "Tile_+000_+000");
            EXPECT_NEAR(inside->point.z(), kOriginZ + kBlockTop, 0.01);
            for (const auto& [ox, oy] : {std::pair{-0.5, -0.5}, {-0.5, 0.5}, {0.5, -0.5}})
                EXPECT_FALSE(pickAt(tilePoint(cx + ox * inward, cy + oy * inward)))
                    << "a model half a metre outside corner " << cx << "," << cy;
        }
    }
}

TEST_F(ModelsTest, SingleObjLandsWherePROJSays) {
    for (const std::string crs : {"", "EPSG:32651"}) {
        SCOPED_TRACE("frame " + (crs.empty() ? std::string("automatic") : crs));
        load(crs);
        const std::size_t layer = layerNamed("单体");
        ASSERT_TRUE(data_->layers[layer].available()) << data_->layers[layer].error;
        // The corner at the model's (10, 10): 0.25 model metres is half a metre on the ground at scale 2.
        auto inside = pickAt(modelPoint(9.75, 9.75));
        ASSERT_TRUE(inside);
        EXPECT_EQ(static_cast<std::size_t>(inside->feature.layer), layer);
        EXPECT_EQ(pickedName(*inside), "box.obj");
        EXPECT_NEAR(inside->point.z(), kHeight + 5 * kScale, 0.01);
        EXPECT_FALSE(pickAt(modelPoint(10.25, 10.25)));
        EXPECT_FALSE(pickAt(modelPoint(10.25, 9.75)));
        EXPECT_FALSE(pickAt(modelPoint(9.75, 10.25)));
        // The opposite corner, at the position itself.
        EXPECT_TRUE(pickAt(modelPoint(0.25, 0.25)));
        EXPECT_FALSE(pickAt(modelPoint(-0.25, -0.25)));
    }
}

TEST_F(ModelsTest, HiddenModelsAreNotPicked) {
    load("");
    const std::size_t layer = layerNamed("倾斜摄影");
    const osg::Vec3d inside = tilePoint(kBlockX0 + 5, kBlockY0 + 5);
    ASSERT_TRUE(pickAt(inside));
    geo::MapView view = scene_->shown();
    view.layers[layer].visible = false;
    scene_->apply(view);
    EXPECT_FALSE(pickAt(inside));
    EXPECT_EQ(scene_->modelPart(layer)->getNodeMask(), 0u);
    view.layers[layer].visible = true;
    view.layers[layer].opacity = 0.5f;
    scene_->apply(view);
    EXPECT_TRUE(pickAt(inside));
}
