// `planview sunlight --format pdf` (issue 19): the PDF report. Its text, extracted with poppler's
// pdftotext, holds the parameters, the summary numbers and every failing building and floor the CSV of
// the same run lists, and every row; its first page, rendered with pdftoppm, is red where the failing
// building stands and green where the passing one does (their places computed here with GDAL).
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>
#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include "tests/cli/CliSupport.h"
#include "tests/support/Fixtures.h"

namespace {

using namespace cli;

// The report's map rectangle on page 1 (points from the top-left corner; app/cli/SunlightReport.h).
constexpr double kMapLeft = 300, kMapTop = 64, kMapWidth = 506, kMapHeight = 495;

/// A wall 100 m tall; 住宅 (about 96 × 55 m, 9.5 m tall) 105 m north of it, in its shadow all day on
/// 大寒; 三角楼, a triangle 40 m wide and 111 m deep pointing north, south of the wall, in the open:
/// its facades face south, 80° and 280°, each in front of the sun for well over two hours.
fs::path reportProject() {
    const fs::path folder = workDir() / "sunlight-report";
    const fs::path project = folder / "report.toml";
    if (fs::exists(project)) return project;
    writeFile(folder / "buildings.geojson", R"({"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"name_zh": "墙", "height_m": 100.0, "use": "wall"},
 "geometry": {"type": "Polygon", "coordinates": [[[120.16, 30.25], [120.18, 30.25], [120.18, 30.25005], [120.16, 30.25005], [120.16, 30.25]]]}},
{"type": "Feature", "properties": {"name_zh": "住宅", "height_m": 9.5, "use": "home"},
 "geometry": {"type": "Polygon", "coordinates": [[[120.169, 30.251], [120.170, 30.251], [120.170, 30.2515], [120.169, 30.2515], [120.169, 30.251]]]}},
{"type": "Feature", "properties": {"name_zh": "三角楼", "height_m": 9.5, "use": "home"},
 "geometry": {"type": "Polygon", "coordinates": [[[120.165, 30.248], [120.165416, 30.248], [120.165208, 30.249], [120.165, 30.248]]]}}
]})");
    writeFile(project, R"(title = "日照报告"
[[layer]]
name = "建筑"
source = "buildings.geojson"
kind = "parcels"
extrude = "height_m"
label = "name_zh"
)");
    return project;
}

std::vector<std::string> reportArgs(std::vector<std::string> more) {
    std::vector<std::string> all{"sunlight", reportProject().string(), "--layer", "建筑", "--where", "use = 'home'",
                                 "--date", "大寒", "--year", "2024", "--spacing", "5"};
    all.insert(all.end(), more.begin(), more.end());
    return all;
}

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

struct CsvRow {
    std::string id, name, floor;
    double lon = 0, lat = 0, minutes = 0;
    bool pass = false;
};

std::vector<CsvRow> csvRows(const std::string& csv) {
    std::vector<CsvRow> rows;
    const std::vector<std::string> text = lines(csv);
    EXPECT_FALSE(text.empty());
    if (!text.empty()) EXPECT_EQ(text[0], "building_id,name,floor,facing,lon,lat,x,y,height,sun_minutes,periods,pass");
    for (std::size_t i = 1; i < text.size(); ++i) {
        std::vector<std::string> cells;
        std::stringstream in(text[i]);
        for (std::string c; std::getline(in, c, ',');) cells.push_back(c);
        if (cells.size() < 12) {
            ADD_FAILURE() << text[i];
            continue;
        }
        rows.push_back({cells[0], cells[1], cells[2], std::stod(cells[4]), std::stod(cells[5]), std::stod(cells[9]), cells[11] == "yes"});
    }
    return rows;
}

/// EPSG:4326 lon/lat to EPSG:4549 metres, with GDAL.
std::pair<double, double> toGaussKruger(double lon, double lat) {
    static OGRCoordinateTransformation* transform = [] {
        OGRSpatialReference from, to;
        from.importFromEPSG(4326);
        to.importFromEPSG(4549);
        from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        to.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        return OGRCreateCoordinateTransformation(&from, &to);
    }();
    double x = lon, y = lat;
    EXPECT_TRUE(transform->Transform(1, &x, &y));
    return {x, y};
}

/// The centroid of the building named `name` in EPSG:4549, from GDAL's reading of the fixture.
std::pair<double, double> centroidOf(const std::string& name) {
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open((reportProject().parent_path() / "buildings.geojson").c_str(), GDAL_OF_VECTOR));
    OGRSpatialReference to;
    to.importFromEPSG(4549);
    to.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    for (auto& f : *ds->GetLayer(0)) {
        if (name != f->GetFieldAsString("name_zh")) continue;
        OGRGeometry* g = f->GetGeometryRef();
        EXPECT_EQ(g->transformTo(&to), OGRERR_NONE);
        OGRPoint c;
        g->Centroid(&c);
        return {c.getX(), c.getY()};
    }
    ADD_FAILURE() << "no building " << name;
    return {0, 0};
}

/// The colour of the rendered page at page point (x, y), read back with GDAL's PNG driver.
std::vector<int> pixelAt(const fs::path& png, double x, double y, double dpi) {
    GDALDatasetUniquePtr image(GDALDataset::Open(png.c_str(), GDAL_OF_RASTER));
    if (!image) {
        ADD_FAILURE() << "GDAL cannot open " << png;
        return {};
    }
    std::vector<int> rgb;
    for (int band = 1; band <= 3; ++band) {
        GByte value = 0;
        const int px = static_cast<int>(x * dpi / 72), py = static_cast<int>(y * dpi / 72);
        EXPECT_EQ(image->GetRasterBand(band)->RasterIO(GF_Read, px, py, 1, 1, &value, 1, 1, GDT_Byte, 0, 0), CE_None);
        rgb.push_back(value);
    }
    return rgb;
}

}  // namespace

TEST(SunlightReport, PdfHoldsTheParametersSummaryAndFailingBuildingsAndMapsThem) {
    // The CSV of the same run: the reference for the numbers and the failing buildings and floors.
    RunResult r = runPlanview(reportArgs({"--format", "csv"}));
    ASSERT_TRUE(succeeded(r)) << r.describe();
    const std::vector<CsvRow> rows = csvRows(r.out);
    ASSERT_FALSE(rows.empty());
    std::size_t passing = 0;
    std::set<std::string> failingBuildings;
    std::set<std::tuple<std::string, std::string, std::string>> failingFloors;
    std::set<std::string> names;
    for (const auto& row : rows) {
        passing += row.pass;
        names.insert(row.name);
        if (!row.pass) failingBuildings.insert(row.name), failingFloors.insert({row.id, row.name, row.floor});
    }
    // What the fixture was made for: 住宅 fails (in the wall's shadow), 三角楼 passes everywhere.
    ASSERT_EQ(names, (std::set<std::string>{"住宅", "三角楼"}));
    ASSERT_EQ(failingBuildings, std::set<std::string>{"住宅"});

    const fs::path pdf = workDir() / "sunlight-report" / "report.pdf";
    fs::remove(pdf);
    r = runPlanview(reportArgs({"-o", pdf.string()}));
    ASSERT_TRUE(succeeded(r)) << r.describe();
    ASSERT_TRUE(fs::exists(pdf));
    EXPECT_EQ(readFile(pdf).rfind("%PDF-", 0), 0u);
    const std::string info = fixtures::run("pdfinfo " + quoted(pdf));   // throws unless poppler reads it
    EXPECT_NE(info.find("Pages:"), std::string::npos) << info;

    // The text: parameters and summary numbers (in reading order, a wrapped line joined with a space),
    // every failing building and floor and every row (as laid out, a table row a line).
    const std::string flowing = std::regex_replace(fixtures::run("pdftotext " + quoted(pdf) + " -"), std::regex("\\s+"), " ");
    for (const char* expected : {"2024-01-20 (大寒)", "08:00–16:00", "真太阳时", "1 min", "5 min", "2 h", "5 m", "3 m", "0.9 m", "建筑",
                                 "use = 'home'", "日照报告"})
        EXPECT_NE(flowing.find(expected), std::string::npos) << expected << "\n" << flowing.substr(0, 3000);
    std::ostringstream summary;
    summary << "计算点 " << rows.size() << " points: " << passing << " 达标 pass, " << rows.size() - passing << " 未达标 fail";
    EXPECT_NE(flowing.find(summary.str()), std::string::npos) << summary.str() << "\n" << flowing.substr(0, 3000);
    const std::string text = fixtures::run("pdftotext -layout " + quoted(pdf) + " -");
    for (const auto& [id, name, floor] : failingFloors) {
        const std::regex line("(^|\\n)\\s*" + id + "\\s+" + name + "\\s+" + floor + "\\s+\\d+ / \\d+");
        EXPECT_TRUE(std::regex_search(text, line)) << "no failing row for building " << id << " floor " << floor;
    }
    const std::regex pointRow("\\n\\s*\\d+\\s+\\S+\\s+\\d+\\s+[\\d.]+\\s+120\\.\\d{7}\\s+30\\.\\d{7}\\s");
    const auto begin = std::sregex_iterator(text.begin(), text.end(), pointRow);
    EXPECT_EQ(static_cast<std::size_t>(std::distance(begin, std::sregex_iterator())), rows.size());

    // The map: the page at 72 dpi (a pixel a point); the map frames the points' extent, grown by a
    // quarter of its longer side on every side, scaled alike on both axes and centred.
    fixtures::run("pdftoppm -r 72 -f 1 -l 1 -singlefile -png " + quoted(pdf) + " " + quoted(workDir() / "sunlight-report" / "page"));
    const fs::path png = workDir() / "sunlight-report" / "page.png";
    ASSERT_TRUE(fs::exists(png));
    double minX = 1e300, minY = 1e300, maxX = -1e300, maxY = -1e300;
    for (const auto& row : rows) {
        const auto [x, y] = toGaussKruger(row.lon, row.lat);
        minX = std::min(minX, x), maxX = std::max(maxX, x), minY = std::min(minY, y), maxY = std::max(maxY, y);
    }
    const double pad = std::max(30.0, 0.25 * std::max(maxX - minX, maxY - minY));
    const double scale = std::min(kMapWidth / (maxX - minX + 2 * pad), kMapHeight / (maxY - minY + 2 * pad));
    auto page = [&](std::pair<double, double> p) {
        return std::pair{kMapLeft + kMapWidth / 2 + (p.first - (minX + maxX) / 2) * scale,
                         kMapTop + kMapHeight / 2 - (p.second - (minY + maxY) / 2) * scale};
    };
    const auto [redX, redY] = page(centroidOf("住宅"));
    const auto [greenX, greenY] = page(centroidOf("三角楼"));
    ASSERT_GT(std::hypot(redX - greenX, redY - greenY), 100);   // far apart on the page
    const std::vector<int> red = pixelAt(png, redX, redY, 72), green = pixelAt(png, greenX, greenY, 72);
    ASSERT_EQ(red.size(), 3u);
    ASSERT_EQ(green.size(), 3u);
    EXPECT_TRUE(red[0] > 170 && red[1] < 90 && red[2] < 90) << "住宅 at " << redX << ", " << redY << ": " << red[0] << ' ' << red[1] << ' ' << red[2];
    EXPECT_TRUE(green[1] > 130 && green[0] < 120 && green[2] < 120)
        << "三角楼 at " << greenX << ", " << greenY << ": " << green[0] << ' ' << green[1] << ' ' << green[2];
    // Beside the buildings, away from the wall: the map's pale ground, neither red nor green.
    const std::vector<int> ground = pixelAt(png, redX + 60, redY - 60, 72);
    ASSERT_EQ(ground.size(), 3u);
    EXPECT_TRUE(ground[0] > 200 && ground[1] > 200 && ground[2] > 200) << ground[0] << ' ' << ground[1] << ' ' << ground[2];
}

TEST(SunlightReport, PdfIsWrittenAtomicallyAndRefusesToOverwrite) {
    const fs::path folder = workDir() / "sunlight-report-out";
    fs::create_directories(folder);
    const fs::path pdf = folder / "review.pdf";
    // Without -o: a usage error (exit 1), the PDF needs a file.
    EXPECT_TRUE(failedCleanly(runPlanview(reportArgs({"--format", "pdf"})), 1, {"pdf", "-o"}));
    // The format from the extension; an existing file is kept without --overwrite (exit 3).
    writeFile(pdf, "an earlier report\n");
    EXPECT_TRUE(failedCleanly(runPlanview(reportArgs({"-o", pdf.string()})), 3, {pdf.string(), "--overwrite"}));
    EXPECT_EQ(readFile(pdf), "an earlier report\n");
    RunResult r = runPlanview(reportArgs({"-o", pdf.string(), "--overwrite"}));
    EXPECT_TRUE(succeeded(r)) << r.describe();
    EXPECT_EQ(readFile(pdf).rfind("%PDF-", 0), 0u);
    // A folder that does not exist: exit 3; bad input still exit 2 before anything is written.
    const fs::path nowhere = folder / "no-such-folder" / "r.pdf";
    EXPECT_TRUE(failedCleanly(runPlanview(reportArgs({"-o", nowhere.string()})), 3, {nowhere.string()}));
    EXPECT_TRUE(failedCleanly(runPlanview(reportArgs({"--from", "16:00", "--to", "08:00", "-o", (folder / "bad.pdf").string()})), 2,
                              {"16:00"}));
    EXPECT_FALSE(fs::exists(folder / "bad.pdf"));
    for (const auto& entry : fs::directory_iterator(folder))
        EXPECT_EQ(entry.path().filename().string().find(".partial"), std::string::npos) << entry.path();
}
