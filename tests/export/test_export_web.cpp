// `planview export PROJECT --format web -o DIR/` (issue 22): a fixture project (nine extruded parcels
// in three known colours, two bookmarks, a tour) exported as a web briefing and opened in Debian's
// chromium (web_check.js, npm playwright-core, installed with CesiumJS by the web_npm fixture): no
// console error and no failed or outside request; the screenshot is not blank, and at each parcel's
// roof, where the page's Cesium camera projects the parcel's centroid (computed here with GDAL and
// PROJ), the colour is nearer its class's style colour than any other class's; playing the tour's
// first stop shows its caption and leaves the camera looking at the bookmark's point from its distance;
// a click on a parcel lists its attributes.
// The folder's refusals and the missing-CesiumJS error are those of the other folder exports.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include "tests/export/ExportSupport.h"

using namespace xt;

namespace {

struct Colour {
    double r, g, b;
};

struct Parcel {
    std::string cls;
    double lon = 0, lat = 0;   ///< the centroid, WGS 84
};

// The style's classes: distinct hues, so a lit roof stays nearest its own.
const std::map<std::string, std::string> kClassColours = {{"red", "#D03030"}, {"green", "#30A040"}, {"blue", "#3050D0"}};
constexpr double kHeight = 30;   // extrude: roofs 30 m above the (flat) ground
constexpr double kBookmarkLon = 120.170, kBookmarkLat = 30.245, kBookmarkDistance = 1500;
const char* const kCaption = "第一站：地块群";

Colour fromHex(const std::string& hex) {
    const unsigned v = static_cast<unsigned>(std::stoul(hex.substr(1), nullptr, 16));
    return {static_cast<double>((v >> 16) & 255), static_cast<double>((v >> 8) & 255), static_cast<double>(v & 255)};
}

/// Chromaticity: the colour's share of each channel, so shading (brightness) drops out.
Colour chroma(const Colour& c) {
    const double sum = std::max(1.0, c.r + c.g + c.b);
    return {c.r / sum, c.g / sum, c.b / sum};
}

double distance(const Colour& a, const Colour& b) {
    return std::hypot(a.r - b.r, a.g - b.g, a.b - b.b);
}

/// The fixture: a 3 × 3 grid of 200 m squares 60 m apart in EPSG:4549 around the bookmark, classes
/// in turn, written with GDAL; returns each parcel's class and WGS 84 centroid (GDAL/PROJ).
std::vector<Parcel> writeFixture(const fs::path& dir) {
    GDALAllRegister();
    OGRSpatialReference srs4549, wgs84;
    srs4549.importFromEPSG(4549);
    wgs84.importFromEPSG(4326);
    srs4549.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> toProjected(OGRCreateCoordinateTransformation(&wgs84, &srs4549));
    std::unique_ptr<OGRCoordinateTransformation> toLonLat(OGRCreateCoordinateTransformation(&srs4549, &wgs84));
    double cx = kBookmarkLon, cy = kBookmarkLat;
    toProjected->Transform(1, &cx, &cy);
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    GDALDatasetUniquePtr ds(driver->Create((dir / "grid.gpkg").c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    OGRLayer* layer = ds->CreateLayer("grid", &srs4549, wkbPolygon, nullptr);
    OGRFieldDefn cls("cls", OFTString), name("name_zh", OFTString);
    layer->CreateField(&cls);
    layer->CreateField(&name);
    const char* classes[] = {"red", "green", "blue"};
    std::vector<Parcel> parcels;
    for (int row = 0; row < 3; ++row)
        for (int column = 0; column < 3; ++column) {
            const double x0 = cx + (column - 1.5) * 260 + 30, y0 = cy + (row - 1.5) * 260 + 30;
            OGRLinearRing ring;
            for (auto [dx, dy] : {std::pair{0, 0}, {200, 0}, {200, 200}, {0, 200}, {0, 0}}) ring.addPoint(x0 + dx, y0 + dy);
            OGRPolygon polygon;
            polygon.addRing(&ring);
            OGRFeature f(layer->GetLayerDefn());
            const std::string c = classes[(row + column) % 3];
            f.SetField("cls", c.c_str());
            f.SetField("name_zh", ("地块" + std::to_string(row * 3 + column + 1)).c_str());
            f.SetGeometry(&polygon);
            EXPECT_EQ(layer->CreateFeature(&f), OGRERR_NONE);
            OGRPoint centroid;
            polygon.Centroid(&centroid);
            centroid.transform(toLonLat.get());
            parcels.push_back({c, centroid.getX(), centroid.getY()});
        }
    std::string colours;
    for (const auto& [c, hex] : kClassColours) colours += (colours.empty() ? "" : ", ") + c + " = \"" + hex + "\"";
    char views[512];
    std::snprintf(views, sizeof views,
                  "[[bookmark]]\nname = \"地块群\"\nlon = %.4f\nlat = %.4f\ndistance = %.0f\nheading = 30\npitch = 60\n\n"
                  "[[bookmark]]\nname = \"俯瞰\"\nlon = %.4f\nlat = %.4f\ndistance = 4000\nheading = 0\npitch = 89\n\n",
                  kBookmarkLon, kBookmarkLat, kBookmarkDistance, kBookmarkLon, kBookmarkLat);
    cli::writeFile(dir / "plan.toml",
                   std::string("title = \"网页简报测试\"\n\n[[layer]]\nname = \"地块\"\nsource = \"grid.gpkg\"\nkind = \"parcels\"\n"
                               "extrude = 30\nlabel = \"name_zh\"\n[layer.style]\nby = \"cls\"\ncolors = { ") + colours +
                       " }\n\n[home]\nlon = " + std::to_string(kBookmarkLon) + "\nlat = " + std::to_string(kBookmarkLat) +
                       "\ndistance = 2500\nheading = 0\npitch = 89\n\n" + views +
                       "[[tour]]\nname = \"简报\"\n\n[[tour.stop]]\nbookmark = \"地块群\"\nflight = 1\ndwell = 30\ncaption = \"" +
                       kCaption + "\"\n\n[[tour.stop]]\nbookmark = \"俯瞰\"\nflight = 1\ndwell = 2\ncaption = \"第二站\"\n");
    return parcels;
}

/// The mean colour of the 5 × 5 pixels around (x, y) of the RGB(A) image `png`, read with GDAL.
Colour pixelColour(GDALDataset& png, double x, double y) {
    const int px = static_cast<int>(std::lround(x)) - 2, py = static_cast<int>(std::lround(y)) - 2;
    double mean[3] = {0, 0, 0};
    for (int band = 0; band < 3; ++band) {
        std::vector<unsigned char> values(25);
        if (png.GetRasterBand(band + 1)->RasterIO(GF_Read, px, py, 5, 5, values.data(), 5, 5, GDT_Byte, 0, 0) != CE_None) return {-1, -1, -1};
        for (unsigned char v : values) mean[band] += v / 25.0;
    }
    return {mean[0], mean[1], mean[2]};
}

TEST(ExportWeb, TheBriefingLoadsInChromiumDrawsTheStyleColoursAtTheFeaturesAndPlaysATour) {
    const fs::path dir = outDir("web-fixture");
    const std::vector<Parcel> parcels = writeFixture(dir);
    const fs::path out = dir / "briefing";
    cli::RunResult r = cli::runPlanview({"export", (dir / "plan.toml").string(), "--format", "web", "-o", out.string()});
    ASSERT_TRUE(cli::succeeded(r)) << r.describe();
    EXPECT_NE(r.out.find("web briefing written (1 layer, 9 features, 2 bookmarks, 1 tour"), std::string::npos) << r.out;
    for (const char* file : {"index.html", "briefing.js", "briefing.css", "briefing.json", "cesium/Cesium.js", "tiles/0/tileset.json"})
        EXPECT_TRUE(fs::is_regular_file(out / file)) << file;

    nlohmann::json probes = nlohmann::json::array();
    for (const Parcel& p : parcels) probes.push_back({{"lon", p.lon}, {"lat", p.lat}, {"height", kHeight}});
    cli::writeFile(dir / "probes.json", probes.dump());
    const fs::path screenshot = dir / "briefing.png";
    ToolRun run = runTool("timeout 600 node " PLANVIEW_SOURCE_DIR "/tests/export/web_check.js " PLANVIEW_NPM_DIR "/web/node_modules '" +
                          out.string() + "' '" + (dir / "probes.json").string() + "' '" + screenshot.string() + "'", false);
    ASSERT_EQ(run.code, 0) << run.output;
    const nlohmann::json result = nlohmann::json::parse(run.output);
    std::printf("chromium: %s seconds\n", result["seconds"].dump().c_str());
    // PLANVIEW_TEST_KEEP=DIR keeps the screenshots there, to look at.
    if (const char* keep = std::getenv("PLANVIEW_TEST_KEEP"))
        for (const char* shot : {"briefing.png", "briefing-tour.png"}) fs::copy_file(dir / shot, fs::path(keep) / shot, fs::copy_options::overwrite_existing);
    EXPECT_TRUE(result["errors"].empty()) << result["errors"].dump(1);
    EXPECT_TRUE(result["requests"].empty()) << result["requests"].dump(1);

    GDALDatasetUniquePtr png(GDALDataset::Open(screenshot.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    ASSERT_TRUE(png) << screenshot;
    ASSERT_GE(png->GetRasterCount(), 3);
    // Not blank: the map holds many colours, not the one of an empty canvas.
    std::set<std::tuple<int, int, int>> seen;
    for (int y = 20; y < png->GetRasterYSize(); y += 37)
        for (int x = 300; x < png->GetRasterXSize(); x += 41) {
            const Colour c = pixelColour(*png, x, y);
            seen.insert({static_cast<int>(c.r) / 8, static_cast<int>(c.g) / 8, static_cast<int>(c.b) / 8});
        }
    EXPECT_GT(seen.size(), 10u);
    ASSERT_EQ(result["points"].size(), parcels.size());
    for (std::size_t i = 0; i < parcels.size(); ++i) {
        const nlohmann::json& at = result["points"][i];
        ASSERT_TRUE(at.is_object()) << "parcel " << i << " not on screen";
        const double x = at["x"], y = at["y"];
        ASSERT_TRUE(x > 300 && x < png->GetRasterXSize() - 3 && y > 3 && y < png->GetRasterYSize() - 3) << i << ": " << x << ", " << y;
        const Colour seenColour = chroma(pixelColour(*png, x, y));
        std::string nearest;
        double best = 1e9;
        for (const auto& [cls, hex] : kClassColours)
            if (const double d = distance(seenColour, chroma(fromHex(hex))); d < best) best = d, nearest = cls;
        EXPECT_EQ(nearest, parcels[i].cls) << "parcel " << i << " at " << x << ", " << y << ": chromaticity " << seenColour.r << ", "
                                           << seenColour.g << ", " << seenColour.b;
        EXPECT_LT(best, 0.12) << "parcel " << i;
    }

    // A click on the first parcel lists its attributes as GDAL wrote them.
    const nlohmann::json& clicked = result["clicked"];
    ASSERT_TRUE(clicked.is_object()) << run.output;
    EXPECT_EQ(clicked["layer"], "地块");
    EXPECT_EQ(clicked["attributes"]["name_zh"], "地块1") << clicked.dump();
    EXPECT_EQ(clicked["attributes"]["cls"], parcels[0].cls) << clicked.dump();

    // The tour's first stop: its caption, the camera at the bookmark.
    const nlohmann::json& tour = result["tour"];
    ASSERT_TRUE(tour.is_object()) << run.output;
    EXPECT_EQ(tour["caption"], kCaption);
    EXPECT_TRUE(tour["captionShown"].get<bool>());
    ASSERT_TRUE(tour["lon"].is_number()) << tour.dump();
    const double metresPerDegree = 111320;
    const double dx = (tour["lon"].get<double>() - kBookmarkLon) * metresPerDegree * std::cos(kBookmarkLat * M_PI / 180);
    const double dy = (tour["lat"].get<double>() - kBookmarkLat) * metresPerDegree;
    EXPECT_LT(std::hypot(dx, dy), 5.0) << tour.dump();
    EXPECT_NEAR(tour["distance"].get<double>(), kBookmarkDistance, kBookmarkDistance * 0.01) << tour.dump();
    // pitch 60: the camera kBookmarkDistance · sin 60° above the ground.
    EXPECT_NEAR(tour["cameraHeight"].get<double>(), kBookmarkDistance * std::sin(60 * M_PI / 180), 15) << tour.dump();
}

TEST(ExportWeb, AFolderThatIsNotEmptyIsRefusedWithoutOverwriteAndMissingCesiumIsOneLine) {
    const fs::path dir = outDir("web-refusals");
    writeFixture(dir);
    const fs::path out = dir / "briefing";
    fs::create_directories(out);
    cli::writeFile(out / "keep.txt", "mine");
    const std::string project = (dir / "plan.toml").string();
    cli::RunResult r = cli::runPlanview({"export", project, "--format", "web", "-o", out.string()});
    EXPECT_TRUE(cli::failedCleanly(r, 3, {out.string(), "--overwrite"})) << r.describe();
    EXPECT_EQ(cli::readFile(out / "keep.txt"), "mine");
    r = cli::runPlanview({"export", project, "--format", "web", "-o", out.string(), "--overwrite"});
    ASSERT_TRUE(cli::succeeded(r)) << r.describe();
    EXPECT_FALSE(fs::exists(out / "keep.txt"));
    EXPECT_TRUE(fs::is_regular_file(out / "briefing.json"));

    setenv("PLANVIEW_CESIUM_DIR", (dir / "no-cesium").c_str(), 1);
    r = cli::runPlanview({"export", project, "--format", "web", "-o", (dir / "other").string()});
    unsetenv("PLANVIEW_CESIUM_DIR");
    EXPECT_TRUE(cli::failedCleanly(r, 3, {"CesiumJS", "scripts/web-npm"})) << r.describe();
    EXPECT_FALSE(fs::exists(dir / "other"));
    for (const auto& entry : fs::directory_iterator(dir)) EXPECT_NE(entry.path().filename().string().rfind(".planview-export", 0), 0u);
}

}  // namespace
