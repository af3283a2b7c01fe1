// Any extent (issue 18), through the binary: a world layer renders whole and framed with nothing
// skipped, and `planview stats` reports a province's areas as the ellipsoid's (PROJ's geodesic
// routines, called here on the source's vertices).
#include <gtest/gtest.h>
#include <geodesic.h>
#include <cmath>
#include <fstream>
#include <sstream>
#include "tests/render/RenderSupport.h"
#include "tests/support/Fixtures.h"

namespace render_test {
namespace {

using Ring = std::vector<std::pair<double, double>>;

std::string polygonText(const Ring& corners, int perEdge, Ring* out = nullptr) {
    Ring ring;
    for (std::size_t k = 0; k < corners.size(); ++k) {
        auto [x0, y0] = corners[k];
        auto [x1, y1] = corners[(k + 1) % corners.size()];
        for (int t = 0; t < perEdge; ++t) ring.push_back({x0 + (x1 - x0) * t / perEdge, y0 + (y1 - y0) * t / perEdge});
    }
    ring.push_back(ring.front());
    std::ostringstream s;
    s.precision(12);
    s << "POLYGON((";
    for (std::size_t i = 0; i < ring.size(); ++i) s << (i ? "," : "") << ring[i].first << ' ' << ring[i].second;
    s << "))";
    if (out) *out = ring;
    return s.str();
}

double ellipsoidArea(const Ring& ring) {
    geod_geodesic g;
    geod_init(&g, 6378137, 1 / 298.257223563);
    geod_polygon p;
    geod_polygon_init(&p, 0);
    for (std::size_t i = 0; i + 1 < ring.size(); ++i) geod_polygon_addpoint(&g, &p, ring[i].second, ring[i].first);
    double area = 0;
    geod_polygon_compute(&g, &p, 0, 1, &area, nullptr);
    return std::abs(area);
}

TEST(AnyExtentRender, AWorldLayerRendersWholeFramedAndNothingIsSkipped) {
    // 24 × 11 "countries" of 15° × 15° covering -180..180, -80..85, jittered, and one ring written
    // across the antimeridian (170 E to 170 W).
    const fs::path data = workDir() / "world.gpkg";
    std::vector<fixtures::Row> rows;
    const int nx = 24, ny = 11;
    auto corner = [&](int i, int j) {
        double x = -180 + 15.0 * i, y = -80 + 15.0 * j;
        if (i > 0 && i < nx) x += 2 * std::sin(i * 12.9898 + j * 78.233);
        if (j > 0 && j < ny) y += 2 * std::cos(i * 39.3468 + j * 11.135);
        return std::pair{x, y};
    };
    for (int i = 0; i < nx; ++i)
        for (int j = 0; j < ny; ++j) rows.push_back({polygonText({corner(i, j), corner(i + 1, j), corner(i + 1, j + 1), corner(i, j + 1)}, 5), {"c"}});
    rows.push_back({"POLYGON((170 60,-170 60,-170 70,170 70,170 60))", {"across"}});
    fixtures::writeLayer(data.string(), "GPKG", "countries", 4326, wkbPolygon, {{"name"}}, rows);
    const fs::path project = workDir() / "world.toml";
    std::ofstream(project) << "title = \"world\"\n[[layer]]\nname = \"countries\"\nsource = \"world.gpkg\"\nkind = \"polygons\"\n"
                              "[layer.style]\ndefault = \"#C03030\"\n";
    const fs::path out = workDir() / "world.png";
    RunResult r = runPlanview({"render", project.string(), "--view", "top", "--hide-ui", "--size", "800x450", "--stats", "-o", out.string()});
    ASSERT_EQ(r.code, 0) << r.describe();
    EXPECT_EQ(r.err.find("skipped"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("repaired"), std::string::npos) << r.err;
    auto stats = statsLines(r.out);
    EXPECT_EQ(stats["layer countries"].substr(0, stats["layer countries"].find(' ')), std::to_string(rows.size())) << r.out;

    // The drawn world: the pixels of the fill (or its darker outline), against the background.
    Image image = readImage(out);
    const std::array<int, 3> background = image.at(0, 0), fill{192, 48, 48}, outline{106, 26, 26};
    int x0 = image.width, x1 = -1, y0 = image.height, y1 = -1;
    auto isWorld = [&](int x, int y) { return nearest(image.at(x, y), {background, fill, outline}) != 0; };
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x)
            if (isWorld(x, y)) {
                x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
            }
    ASSERT_GT(x1, x0);
    // The ring across the antimeridian sticks out past 180 E by 20° between 60 and 70 N: the world
    // rectangle is the rest. Its shape: 360° by 165° (equirectangular), seen straight down.
    int east = x0;   // the rectangle's east edge: the last column filled at the equator
    const int equator = y0 + static_cast<int>((y1 - y0) * 85.0 / 165.0);
    for (int x = x0; x <= x1; ++x)
        if (isWorld(x, equator)) east = x;
    const double width = east - x0 + 1, height = y1 - y0 + 1;
    EXPECT_NEAR(width / height, 360.0 / 165.0, 0.04 * 360.0 / 165.0) << width << " x " << height;
    // Framed: the whole of it in the image, filling most of one side.
    EXPECT_GT(x0, 0);
    EXPECT_LT(x1, image.width - 1);
    EXPECT_GT(y0, 0);
    EXPECT_LT(y1, image.height - 1);
    EXPECT_TRUE(x1 - x0 + 1 > 0.85 * image.width || height > 0.85 * image.height) << x0 << ".." << x1 << ", " << y0 << ".." << y1;
    // Whole: nothing missing inside the rectangle.
    long inside = 0, drawn = 0;
    for (int y = y0 + 2; y <= y1 - 2; ++y)
        for (int x = x0 + 2; x <= east - 2; ++x, ++inside) drawn += isWorld(x, y);
    EXPECT_GT(static_cast<double>(drawn) / inside, 0.995) << drawn << " of " << inside;
    // The ring across the antimeridian (170 E to 170 W) in one piece: its half past 180 E beyond the east edge.
    const int north65 = y0 + static_cast<int>((y1 - y0) * 20.0 / 165.0);
    int beyond = 0;
    for (int x = east + 1; x <= x1; ++x) beyond += isWorld(x, north65);
    EXPECT_NEAR(beyond, width * 10.0 / 360.0, width * 3.0 / 360.0);
}

TEST(AnyExtentRender, StatsReportAProvincesAreasAsTheEllipsoids) {
    const fs::path data = workDir() / "province.gpkg";
    std::vector<fixtures::Row> rows;
    double north = 0, south = 0;
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 3; ++j) {
            Ring ring;
            const double x = 118 + 1.2 * i, y = 27 + 1.45 * j;
            rows.push_back({polygonText({{x, y}, {x + 1.2, y}, {x + 1.2, y + 1.45}, {x, y + 1.45}}, 8, &ring), {j == 2 ? "N" : "S"}});
            (j == 2 ? north : south) += ellipsoidArea(ring);
        }
    fixtures::writeLayer(data.string(), "GPKG", "cities", 4490, wkbPolygon, {{"region"}}, rows);
    RunResult r = runPlanview({"stats", data.string(), "--by", "region", "--format", "csv"});
    ASSERT_EQ(r.code, 0) << r.describe();
    std::istringstream lines(r.out);
    std::string line;
    std::getline(lines, line);   // header
    int seen = 0;
    while (std::getline(lines, line)) {
        std::istringstream cells(line);
        std::string region, count, area;
        std::getline(cells, region, ',');
        std::getline(cells, count, ',');
        std::getline(cells, area, ',');
        const double expected = region == "N" ? north : south;
        EXPECT_NEAR(std::stod(area), expected, expected * 1e-3) << line;
        ++seen;
    }
    EXPECT_EQ(seen, 2) << r.out;
}

}  // namespace
}  // namespace render_test
