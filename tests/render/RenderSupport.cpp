#include "tests/render/RenderSupport.h"
#include <sys/wait.h>
#include <unistd.h>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <random>
#include <sstream>
#include <stdexcept>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <gtest/gtest.h>

namespace render_test {

namespace {

struct WorkDir {
    fs::path path;
    WorkDir() {
        std::string pattern = (fs::temp_directory_path() / "planview-render-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed for " + pattern);
        path = pattern;
    }
    ~WorkDir() {
        std::error_code ec;
        if (!std::getenv("PLANVIEW_KEEP_TEST_FILES")) fs::remove_all(path, ec);
    }
};

void initGdalOnce() {
    static std::once_flag once;
    std::call_once(once, [] {
        GDALAllRegister();
        CPLSetErrorHandler(CPLQuietErrorHandler);
    });
}

std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

const fs::path& workDir() {
    static WorkDir dir;
    return dir.path;
}

std::string RunResult::describe() const {
    return "command: " + command + "\nexit code: " + std::to_string(code) + "\n--- stdout ---\n" + out +
           "--- stderr ---\n" + err + "---";
}

RunResult runPlanview(const std::vector<std::string>& args, const std::vector<std::string>& env, const fs::path& cwd) {
    static int counter = 0;
    ++counter;
    const fs::path outPath = workDir() / ("run-" + std::to_string(counter) + ".out");
    const fs::path errPath = workDir() / ("run-" + std::to_string(counter) + ".err");
    std::string command;
    if (!cwd.empty()) command += "cd " + quote(cwd.string()) + " && ";
    command += "env";
    for (const std::string& e : env) command += e[0] == '-' ? " -u " + quote(e.substr(1)) : " " + quote(e);
    command += " timeout 300 " + quote(PLANVIEW_BINARY);
    for (const std::string& a : args) command += " " + quote(a);
    RunResult r;
    r.command = command;
    int status = std::system((command + " >" + quote(outPath.string()) + " 2>" + quote(errPath.string()) + " </dev/null").c_str());
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (r.code == 124) r.code = -1;   // timeout(1): hung
    r.out = slurp(outPath);
    r.err = slurp(errPath);
    return r;
}

int runTool(const std::string& commandLine, std::string* log) {
    const fs::path logPath = workDir() / "tool.log";
    int status = std::system((commandLine + " >" + quote(logPath.string()) + " 2>&1 </dev/null").c_str());
    if (log) *log = slurp(logPath);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

const std::vector<TestClass>& testClasses() {
    // GB 50137 colours as geo/Style.cpp gives them; distinct enough to classify by nearest colour.
    static const std::vector<TestClass> classes = {
        {"R2", {0xFF, 0xE6, 0x00}}, {"B1", {0xFF, 0x33, 0x33}}, {"G1", {0x00, 0xA6, 0x51}},
        {"A1", {0xFF, 0x66, 0xB3}}, {"M2", {0xA0, 0x52, 0x2D}}, {"W", {0x99, 0x66, 0xCC}},
    };
    return classes;
}

ParcelFixture makeParcelFixture(const fs::path& path, int columns, int rows, double cell, bool names) {
    initGdalOnce();
    ParcelFixture fixture;
    fixture.path = path;
    std::mt19937 random(20160101);
    std::uniform_real_distribution<double> jitter(-0.06, 0.06), unit(0, 1);
    const double angle = 17.0 * M_PI / 180.0, ca = std::cos(angle), sa = std::sin(angle);
    const double e0 = 508000, n0 = 3349000;   // near 120.08 E, 30.26 N in EPSG:4549
    auto place = [&](double u, double v) -> std::array<double, 2> {
        return {e0 + u * ca - v * sa, n0 + u * sa + v * ca};
    };
    using Ring = std::vector<std::array<double, 2>>;
    std::int64_t fid = 0;
    for (int row = 0; row < rows; ++row) {
        for (int column = 0; column < columns; ++column) {
            TestParcel p;
            p.fid = ++fid;
            p.classIndex = static_cast<int>(unit(random) * testClasses().size()) % static_cast<int>(testClasses().size());
            p.height = 5 + unit(random) * 75;
            const double u0 = column * cell, v0 = row * cell, gap = 0.1 * cell;
            auto corner = [&](double fu, double fv) {
                return place(u0 + gap + fu * (cell - 2 * gap) + jitter(random) * cell,
                             v0 + gap + fv * (cell - 2 * gap) + jitter(random) * cell);
            };
            const int k = static_cast<int>(fid);
            if (k % 11 == 0) {
                // Two parts side by side: a multipolygon.
                p.parts.push_back({{corner(0, 0), corner(0.42, 0), corner(0.42, 1), corner(0, 1)}});
                p.parts.push_back({{corner(0.58, 0), corner(1, 0), corner(1, 1), corner(0.58, 1)}});
                p.inside = place(u0 + cell * 0.25, v0 + cell * 0.5);
            } else if (k % 5 == 0) {
                // An L: concave.
                p.parts.push_back({{corner(0, 0), corner(1, 0), corner(1, 0.45), corner(0.45, 0.45), corner(0.45, 1), corner(0, 1)}});
                p.inside = place(u0 + cell * 0.25, v0 + cell * 0.25);
            } else {
                Ring outer = {corner(0, 0), corner(1, 0), corner(1, 1), corner(0, 1)};
                p.parts.push_back({outer});
                if (k % 7 == 0) {
                    // A courtyard: a clockwise hole in the middle.
                    Ring hole = {place(u0 + cell * 0.35, v0 + cell * 0.35), place(u0 + cell * 0.35, v0 + cell * 0.65),
                                 place(u0 + cell * 0.65, v0 + cell * 0.65), place(u0 + cell * 0.65, v0 + cell * 0.35)};
                    p.parts.back().push_back(hole);
                    p.hasHole = true;
                    p.inHole = place(u0 + cell * 0.5, v0 + cell * 0.5);
                    p.inside = place(u0 + cell * 0.22, v0 + cell * 0.5);
                } else {
                    p.inside = place(u0 + cell * 0.5, v0 + cell * 0.5);
                }
            }
            if (names && k % 15 == 0) p.name = "地块" + std::to_string(k);
            fixture.parcels.push_back(std::move(p));
        }
    }

    // Stored in EPSG:4490 lon/lat, as the district's data is, so the renderer reprojects.
    OGRSpatialReference metric, geographic;
    metric.importFromEPSG(4549);
    geographic.importFromEPSG(4490);
    metric.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    geographic.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> toGeographic(OGRCreateCoordinateTransformation(&metric, &geographic));

    std::error_code ec;
    fs::remove(path, ec);
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    GDALDatasetUniquePtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw std::runtime_error("cannot create " + path.string());
    OGRLayer* layer = ds->CreateLayer("parcels", &geographic, wkbMultiPolygon, nullptr);
    OGRFieldDefn landuse("landuse", OFTString), classId("class_id", OFTInteger), height("height_m", OFTReal),
        name("name_zh", OFTString);
    for (OGRFieldDefn* field : {&landuse, &classId, &height, &name})
        if ((names || field != &name) && layer->CreateField(field) != OGRERR_NONE)
            throw std::runtime_error("cannot create a field in " + path.string());
    if (layer->StartTransaction() != OGRERR_NONE) throw std::runtime_error("cannot write " + path.string());
    for (const TestParcel& p : fixture.parcels) {
        OGRFeature feature(layer->GetLayerDefn());
        feature.SetFID(p.fid);
        feature.SetField("landuse", testClasses()[static_cast<std::size_t>(p.classIndex)].code.c_str());
        feature.SetField("class_id", p.classIndex + 1);
        feature.SetField("height_m", p.height);
        if (names && !p.name.empty()) feature.SetField("name_zh", p.name.c_str());
        OGRMultiPolygon multi;
        for (const auto& part : p.parts) {
            OGRPolygon polygon;
            for (const auto& ring : part) {
                OGRLinearRing r;
                for (const auto& xy : ring) {
                    double x = xy[0], y = xy[1];
                    toGeographic->Transform(1, &x, &y);
                    r.addPoint(x, y);
                }
                r.closeRings();
                polygon.addRing(&r);
            }
            multi.addGeometry(&polygon);
        }
        feature.SetGeometry(&multi);
        if (layer->CreateFeature(&feature) != OGRERR_NONE) throw std::runtime_error("cannot write a parcel");
    }
    if (layer->CommitTransaction() != OGRERR_NONE) throw std::runtime_error("cannot write " + path.string());

    if (names) {
        OGRLayer* platforms = ds->CreateLayer("platforms", &geographic, wkbPolygon, nullptr);
        OGRFieldDefn platformName("name_zh", OFTString);
        if (platforms->CreateField(&platformName) != OGRERR_NONE) throw std::runtime_error("cannot write platforms");
        const double width = columns * cell, height = rows * cell;
        const char* labels[] = {"南区平台", "北区平台"};
        for (int half = 0; half < 2; ++half) {
            OGRFeature feature(platforms->GetLayerDefn());
            feature.SetField("name_zh", labels[half]);
            OGRPolygon polygon;
            OGRLinearRing r;
            double v0 = half * height / 2, v1 = v0 + height / 2;
            for (auto [u, v] : std::vector<std::pair<double, double>>{{0, v0}, {width, v0}, {width, v1}, {0, v1}}) {
                auto xy = place(u, v);
                double x = xy[0], y = xy[1];
                toGeographic->Transform(1, &x, &y);
                r.addPoint(x, y);
            }
            r.closeRings();
            polygon.addRing(&r);
            feature.SetGeometry(&polygon);
            if (platforms->CreateFeature(&feature) != OGRERR_NONE) throw std::runtime_error("cannot write a platform");
        }
    }
    return fixture;
}

Image readImage(const fs::path& path) {
    initGdalOnce();
    Image image;
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER));
    if (!ds) {
        ADD_FAILURE() << "cannot read the image " << path;
        return image;
    }
    image.width = ds->GetRasterXSize();
    image.height = ds->GetRasterYSize();
    if (ds->GetRasterCount() < 3) {
        ADD_FAILURE() << path << " has " << ds->GetRasterCount() << " band(s), not RGB";
        return image;
    }
    image.rgb.resize(static_cast<std::size_t>(image.width) * image.height * 3);
    int bands[] = {1, 2, 3};
    if (ds->RasterIO(GF_Read, 0, 0, image.width, image.height, image.rgb.data(), image.width, image.height, GDT_Byte, 3,
                     bands, 3, static_cast<GSpacing>(image.width) * 3, 1, nullptr) != CE_None)
        ADD_FAILURE() << "cannot read the pixels of " << path;
    double gt[6] = {0, 1, 0, 0, 0, 1};
    if (ds->GetGeoTransform(gt) == CE_None) std::copy(gt, gt + 6, image.geoTransform.begin());
    if (const OGRSpatialReference* srs = ds->GetSpatialRef()) {
        char* wkt = nullptr;
        srs->exportToWkt(&wkt);
        image.wkt = wkt ? wkt : "";
        CPLFree(wkt);
    }
    return image;
}

std::vector<std::uint8_t> readBand(const fs::path& path, int* width, int* height) {
    initGdalOnce();
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER));
    if (!ds) {
        ADD_FAILURE() << "cannot read " << path;
        return {};
    }
    *width = ds->GetRasterXSize();
    *height = ds->GetRasterYSize();
    std::vector<std::uint8_t> band(static_cast<std::size_t>(*width) * *height);
    if (ds->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, *width, *height, band.data(), *width, *height, GDT_Byte, 0, 0) != CE_None)
        ADD_FAILURE() << "cannot read band 1 of " << path;
    return band;
}

int distance2(const std::array<int, 3>& a, const std::array<int, 3>& b) {
    int dr = a[0] - b[0], dg = a[1] - b[1], db = a[2] - b[2];
    return dr * dr + dg * dg + db * db;
}

int nearest(const std::array<int, 3>& rgb, const std::vector<std::array<int, 3>>& palette) {
    int best = 0, bestDistance = INT32_MAX;
    for (std::size_t i = 0; i < palette.size(); ++i) {
        int d = distance2(rgb, palette[i]);
        if (d < bestDistance) {
            bestDistance = d;
            best = static_cast<int>(i);
        }
    }
    return best;
}

std::map<std::string, std::string> statsLines(const std::string& out) {
    std::map<std::string, std::string> lines;
    std::istringstream in(out);
    std::string line;
    while (std::getline(in, line)) {
        auto colon = line.find(": ");
        if (colon != std::string::npos) lines[line.substr(0, colon)] = line.substr(colon + 2);
    }
    return lines;
}

}  // namespace render_test
