// Models layers' metadata and placement (issue 18): metadata.xml parsed strictly, each bad input an
// InputError naming the file; a tile set's and a single model's placement against PROJ computed here.
#include <gtest/gtest.h>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <ogr_spatialref.h>
#include <proj.h>
#include "geo/Errors.h"
#include "geo/ModelSet.h"
#include "geo/Project.h"
#include "geo/SceneFrame.h"

namespace fs = std::filesystem;

namespace {

std::string errorOf(const std::string& xml) {
    try {
        geo::parseModelMetadata(xml, "/data/set/metadata.xml");
    } catch (const geo::InputError& e) {
        return e.what();
    }
    return "";
}

// PROJ's own transformation from `from` to `to` (traditional GIS order) of one point.
void projTransform(const char* from, const char* to, double& x, double& y) {
    PJ_CONTEXT* context = proj_context_create();
    PJ* raw = proj_create_crs_to_crs(context, from, to, nullptr);
    ASSERT_NE(raw, nullptr);
    PJ* t = proj_normalize_for_visualization(context, raw);
    PJ_COORD c = proj_trans(t, PJ_FWD, proj_coord(x, y, 0, 0));
    x = c.xy.x;
    y = c.xy.y;
    proj_destroy(t);
    proj_destroy(raw);
    proj_context_destroy(context);
}

struct TempTileSet {
    fs::path dir = fs::temp_directory_path() / ("planview_models_" + std::to_string(::getpid()));
    TempTileSet(const std::string& metadata, bool withData = true) {
        fs::remove_all(dir);
        fs::create_directories(dir);
        std::ofstream(dir / "metadata.xml") << metadata;
        if (withData) {
            fs::create_directories(dir / "Data/Tile_+000_+000");
            std::ofstream(dir / "Data/Tile_+000_+000/Tile_+000_+000.osgb") << "not read here";
        }
    }
    ~TempTileSet() { fs::remove_all(dir); }
};

}  // namespace

TEST(ModelMetadata, ReadsSrsAndOrigin) {
    geo::ModelMetadata m = geo::parseModelMetadata(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ModelMetadata version=\"1\">\n<!--c-->\n"
        "<SRS> EPSG:4549 </SRS>\n<SRSOrigin>516000.5,3345000,12.25</SRSOrigin>\n<Texture><ColorSource>Visible</ColorSource></Texture>\n"
        "</ModelMetadata>\n",
        "m.xml");
    EXPECT_EQ(m.srs, "EPSG:4549");
    EXPECT_DOUBLE_EQ(m.origin[0], 516000.5);
    EXPECT_DOUBLE_EQ(m.origin[1], 3345000);
    EXPECT_DOUBLE_EQ(m.origin[2], 12.25);
    // No origin: the SRS's own zero, as ContextCapture means it.
    geo::ModelMetadata enu = geo::parseModelMetadata("<ModelMetadata><SRS>ENU:30.24,120.16</SRS></ModelMetadata>", "m.xml");
    EXPECT_EQ(enu.srs, "ENU:30.24,120.16");
    EXPECT_EQ(enu.origin[0], 0);
}

TEST(ModelMetadata, BadInputNamesTheFile) {
    for (const std::string& xml : {std::string("<ModelMetadata><SRSOrigin>1,2,3</SRSOrigin></ModelMetadata>"),
                                   std::string("<ModelMetadata><SRS></SRS></ModelMetadata>"),
                                   std::string("<ModelMetadata><SRS>EPSG:4549</SRS><SRSOrigin>1,,3</SRSOrigin></ModelMetadata>"),
                                   std::string("<ModelMetadata><SRS>EPSG:4549</SRS><SRSOrigin>1 2 3</SRSOrigin></ModelMetadata>"),
                                   std::string("<ModelMetadata><SRS>EPSG:4549</SRS><SRSOrigin>1,2,3,4</SRSOrigin></ModelMetadata>"),
                                   std::string("<ModelMetadata><SRS>EPSG:4549</SRS><SRSOrigin>1,nan,3</SRSOrigin></ModelMetadata>"),
                                   std::string("<ModelMetadata><SRS>EPSG:4549</SRS><SRS>EPSG:4547</SRS></ModelMetadata>"),
                                   std::string("<Other><SRS>EPSG:4549</SRS></Other>"), std::string("<ModelMetadata><SRS>EPSG"),
                                   std::string(""), std::string("plain text")}) {
        const std::string error = errorOf(xml);
        EXPECT_EQ(error.rfind("/data/set/metadata.xml: ", 0), 0u) << xml << " -> " << error;
        EXPECT_EQ(error.find('\n'), std::string::npos) << error;
    }
    EXPECT_NE(errorOf("<ModelMetadata><SRSOrigin>1,2</SRSOrigin></ModelMetadata>").find("missing <SRS>"), std::string::npos);
    EXPECT_NE(errorOf("<ModelMetadata><SRS>EPSG:4549</SRS><SRSOrigin>a,b</SRSOrigin></ModelMetadata>").find("SRSOrigin"),
              std::string::npos);
}

TEST(ModelMetadata, SrsMustBeKnownAndProjected) {
    EXPECT_THROW(geo::modelSrsWkt("EPSG:999999", "m.xml"), geo::InputError);
    EXPECT_THROW(geo::modelSrsWkt("EPSG:4326", "m.xml"), geo::InputError);        // degrees, not metres
    EXPECT_THROW(geo::modelSrsWkt("/etc/passwd", "m.xml"), geo::InputError);      // no file look-ups
    EXPECT_THROW(geo::modelSrsWkt("ENU:95,120", "m.xml"), geo::InputError);
    EXPECT_THROW(geo::modelSrsWkt("ENU:30", "m.xml"), geo::InputError);
    EXPECT_FALSE(geo::modelSrsWkt("EPSG:4549", "m.xml").empty());
    EXPECT_FALSE(geo::modelSrsWkt("ENU:30.24,120.16", "m.xml").empty());
}

// A tile set in EPSG:4549 with an SRSOrigin, placed in a UTM frame: a local point (the origin plus
// (dx, dy)) lands where PROJ takes that EPSG:4549 point, within a centimetre.
TEST(ModelPlacement, TileSetLandsWherePROJSays) {
    TempTileSet set("<ModelMetadata version=\"1\"><SRS>EPSG:4549</SRS><SRSOrigin>516000,3345000,7</SRSOrigin></ModelMetadata>");
    geo::LayerSpec spec;
    spec.name = "tiles";
    spec.kind = geo::LayerKind::Models;
    spec.source = set.dir.string();
    geo::ModelSet models = geo::describeModels(spec);
    ASSERT_TRUE(models.tileSet);
    ASSERT_EQ(models.tiles.size(), 1u);
    EXPECT_EQ(models.tiles[0].name, "Tile_+000_+000");
    double lon = 516000, lat = 3345000;
    projTransform("EPSG:4549", "EPSG:4326", lon, lat);
    EXPECT_NEAR(models.lonLat.x, lon, 1e-9);
    EXPECT_NEAR(models.lonLat.y, lat, 1e-9);

    for (const char* crs : {"EPSG:4549", "EPSG:32651", "EPSG:3857"}) {
        geo::Extent extent;
        extent.add(120.16, 30.23);
        extent.add(120.19, 30.26);
        geo::SceneFrame frame = geo::SceneFrame::choose(extent, crs);
        geo::placeModels(models, spec, frame);
        for (const auto& [dx, dy] : {std::pair{0.0, 0.0}, {800.0, -300.0}, {-1200.0, 1500.0}}) {
            double x = 516000 + dx, y = 3345000 + dy;
            projTransform("EPSG:4549", crs, x, y);
            const double local[3] = {dx, dy, 3};
            double scene[3];
            models.placement.apply(local, scene);
            // The tile set's axes are taken as straight in the frame (one linear map at its origin): within
            // a centimetre or so over two kilometres between transverse Mercators; Web Mercator's scale,
            // 1/cos(lat), changes faster (about 0.1 m over 1.5 km north).
            const double tolerance = std::string(crs) == "EPSG:3857" ? 0.25 : 0.02;
            EXPECT_NEAR(scene[0] + frame.origin().x, x, tolerance) << crs << " " << dx << "," << dy;
            EXPECT_NEAR(scene[1] + frame.origin().y, y, tolerance) << crs << " " << dx << "," << dy;
            EXPECT_DOUBLE_EQ(scene[2], 10);
        }
    }
}

// ENU:lat,lon: the local east/north axes at that point, as PROJ's topocentric conversion has them.
TEST(ModelPlacement, EnuTileSetFollowsTheLocalAxes) {
    TempTileSet set("<ModelMetadata><SRS>ENU:30.2410,120.1630</SRS><SRSOrigin>0,0,0</SRSOrigin></ModelMetadata>");
    geo::LayerSpec spec;
    spec.kind = geo::LayerKind::Models;
    spec.source = set.dir.string();
    geo::ModelSet models = geo::describeModels(spec);
    EXPECT_NEAR(models.lonLat.x, 120.1630, 1e-9);
    EXPECT_NEAR(models.lonLat.y, 30.2410, 1e-9);
    geo::Extent extent;
    extent.add(120.16, 30.23);
    extent.add(120.19, 30.26);
    geo::SceneFrame frame = geo::SceneFrame::choose(extent, "EPSG:4549");
    geo::placeModels(models, spec, frame);
    // The reference: ENU (e, n, 0) -> geocentric -> lon/lat by PROJ's topocentric pipeline.
    PJ_CONTEXT* context = proj_context_create();
    PJ* enuToGeographic = proj_create(context,
                                      "+proj=pipeline +step +inv +proj=topocentric +ellps=WGS84 +lon_0=120.1630 +lat_0=30.2410 +h_0=0 "
                                      "+step +inv +proj=cart +ellps=WGS84 +step +proj=unitconvert +xy_in=rad +xy_out=deg");
    ASSERT_NE(enuToGeographic, nullptr);
    for (const auto& [e, n] : {std::pair{300.0, 0.0}, {0.0, -400.0}, {-250.0, 350.0}}) {
        PJ_COORD c = proj_trans(enuToGeographic, PJ_FWD, proj_coord(e, n, 0, 0));
        geo::Vec2 expected = frame.fromLonLat(c.lpz.lam, c.lpz.phi);
        const double local[3] = {e, n, 0};
        double scene[3];
        models.placement.apply(local, scene);
        EXPECT_NEAR(scene[0], expected.x, 0.02) << e << "," << n;
        EXPECT_NEAR(scene[1], expected.y, 0.02) << e << "," << n;
    }
    proj_destroy(enuToGeographic);
    proj_context_destroy(context);
}

// A single model by lon/lat, heading and scale: a model point (x east, y north, metres) lands at the
// ground offset scale · R(heading) · (x, y) from the position, found with PROJ's azimuthal
// equidistant projection centred there.
TEST(ModelPlacement, SingleModelByLonLatHeadingScale) {
    const fs::path obj = fs::temp_directory_path() / ("planview_model_" + std::to_string(::getpid()) + ".obj");
    std::ofstream(obj) << "v 0 0 0\n";
    geo::LayerSpec spec;
    spec.name = "one";
    spec.kind = geo::LayerKind::Models;
    spec.source = obj.string();
    spec.modelPosition = std::array<double, 3>{120.1820, 30.2440, 4};
    spec.modelHeading = 30;
    spec.modelScale = 2;
    geo::ModelSet models = geo::describeModels(spec);
    EXPECT_FALSE(models.tileSet);
    geo::Extent extent;
    extent.add(120.16, 30.23);
    extent.add(120.19, 30.26);
    for (const char* crs : {"EPSG:4549", "EPSG:32651"}) {
        geo::SceneFrame frame = geo::SceneFrame::choose(extent, crs);
        geo::placeModels(models, spec, frame);
        const double h = 30 * M_PI / 180;
        for (const auto& [x, y] : {std::pair{10.0, 0.0}, {0.0, 25.0}, {-40.0, 15.0}}) {
            const double east = 2 * (x * std::cos(h) + y * std::sin(h)), north = 2 * (-x * std::sin(h) + y * std::cos(h));
            PJ_CONTEXT* context = proj_context_create();
            PJ* aeqd = proj_create(context, "+proj=aeqd +lat_0=30.2440 +lon_0=120.1820 +ellps=WGS84");
            PJ_COORD c = proj_trans(aeqd, PJ_INV, proj_coord(east, north, 0, 0));
            proj_destroy(aeqd);
            proj_context_destroy(context);
            double fx = c.lp.lam * 180 / M_PI, fy = c.lp.phi * 180 / M_PI;
            projTransform("EPSG:4326", crs, fx, fy);
            const double local[3] = {x, y, 1};
            double scene[3];
            models.placement.apply(local, scene);
            EXPECT_NEAR(scene[0] + frame.origin().x, fx, 0.02) << crs << " " << x << "," << y;
            EXPECT_NEAR(scene[1] + frame.origin().y, fy, 0.02) << crs << " " << x << "," << y;
            EXPECT_DOUBLE_EQ(scene[2], 6);
        }
    }
    fs::remove(obj);
}

TEST(ModelSet, MissingPiecesNameTheFile) {
    {
        TempTileSet set("<ModelMetadata><SRS>EPSG:4549</SRS></ModelMetadata>", false);
        geo::LayerSpec spec;
        spec.kind = geo::LayerKind::Models;
        spec.source = set.dir.string();
        try {
            geo::describeModels(spec);
            FAIL() << "no Data folder accepted";
        } catch (const geo::InputError& e) {
            EXPECT_EQ(std::string(e.what()).rfind((set.dir / "metadata.xml").string() + ": no Data folder", 0), 0u) << e.what();
        }
    }
    {
        TempTileSet set("<ModelMetadata><SRS>EPSG:12345678</SRS></ModelMetadata>");
        geo::LayerSpec spec;
        spec.kind = geo::LayerKind::Models;
        spec.source = set.dir.string();
        try {
            geo::describeModels(spec);
            FAIL() << "unknown SRS accepted";
        } catch (const geo::InputError& e) {
            EXPECT_NE(std::string(e.what()).find("unknown SRS 'EPSG:12345678'"), std::string::npos) << e.what();
        }
    }
    geo::LayerSpec noPosition;
    noPosition.kind = geo::LayerKind::Models;
    noPosition.source = PLANVIEW_SOURCE_DIR "/assets/shangcheng/landmarks/gateway.obj";
    EXPECT_THROW(geo::describeModels(noPosition), geo::InputError);
}

TEST(ModelSet, ProjectKeys) {
    geo::Project p = geo::parseProject(
        "[[layer]]\nname = \"m\"\nsource = \"m.obj\"\nkind = \"models\"\nposition = [516000, 3345000, 3]\ncrs = \"EPSG:4549\"\n"
        "heading = 45\nscale = 0.5\n",
        "/p/project.toml");
    ASSERT_EQ(p.layers.size(), 1u);
    EXPECT_EQ(p.layers[0].kind, geo::LayerKind::Models);
    ASSERT_TRUE(p.layers[0].modelPosition);
    EXPECT_EQ((*p.layers[0].modelPosition)[2], 3);
    EXPECT_EQ(p.layers[0].modelCrs, "EPSG:4549");
    EXPECT_EQ(p.layers[0].modelHeading, 45);
    EXPECT_EQ(p.layers[0].modelScale, 0.5);
    auto error = [](const std::string& text) {
        try {
            geo::parseProject(text, "/p/project.toml");
        } catch (const geo::InputError& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    const std::string head = "[[layer]]\nname = \"m\"\nsource = \"m.obj\"\nkind = \"models\"\n";
    EXPECT_EQ(error(head + "position = [120.1, 95]\n").rfind("/p/project.toml:5: layer 'm'.position:", 0), 0u);
    EXPECT_EQ(error(head + "position = [120.1]\n").rfind("/p/project.toml:5: layer 'm'.position:", 0), 0u);
    EXPECT_EQ(error(head + "position = [\"a\", 1]\n").rfind("/p/project.toml:5: layer 'm'.position:", 0), 0u);
    EXPECT_EQ(error(head + "scale = 0\n").rfind("/p/project.toml:5: layer 'm'.scale:", 0), 0u);
    EXPECT_EQ(error(head + "heading = \"north\"\n").rfind("/p/project.toml:5: layer 'm'.heading:", 0), 0u);
    EXPECT_EQ(error("[[layer]]\nname = \"p\"\nsource = \"p.gpkg\"\nheading = 3\n").rfind("/p/project.toml:4: layer 'p'.heading:", 0), 0u);
}
