// --from-gcj02 on the command line: coordinates copied from a Chinese web map land where they belong.
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <cmath>
#include <sstream>
#include "geo/Gcj02.h"
#include "tests/cli/CliSupport.h"

using namespace cli;

namespace {

/// A square parcel near Hubin, its corners shifted to GCJ-02 as a web map shows them.
fs::path webMapParcel() {
    const fs::path path = workDir() / "gcj02" / "web.geojson";
    fs::create_directories(path.parent_path());
    std::ostringstream ring;
    ring.precision(12);
    const geo::Vec2 corners[] = {{120.170, 30.250}, {120.172, 30.250}, {120.172, 30.2515}, {120.170, 30.2515}, {120.170, 30.250}};
    for (std::size_t i = 0; i < 5; ++i) {
        geo::Vec2 p = geo::wgs84ToGcj02(corners[i]);
        ring << (i ? "," : "") << '[' << p.x << ',' << p.y << ']';
    }
    writeFile(path, "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"name\":\"web\"},"
                    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[" + ring.str() + "]]}}]}");
    return path;
}

double metres(double lon1, double lat1, double lon2, double lat2) {
    return std::hypot((lon1 - lon2) * 111320.0 * std::cos(lat1 * M_PI / 180), (lat1 - lat2) * 111320.0);
}

}  // namespace

TEST(FromGcj02, ExportPutsWebMapCoordinatesBackOnWgs84) {
    const fs::path source = webMapParcel();
    const fs::path corrected = workDir() / "gcj02" / "corrected.gpkg";
    const fs::path raw = workDir() / "gcj02" / "raw.gpkg";
    ASSERT_TRUE(succeeded(runPlanview({"export", source.string(), "-o", corrected.string(), "--from-gcj02", "--overwrite"})));
    ASSERT_TRUE(succeeded(runPlanview({"export", source.string(), "-o", raw.string(), "--overwrite"})));
    auto firstCorner = [](const fs::path& path) {
        GDALAllRegister();
        GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
        OGRFeatureUniquePtr f(ds->GetLayer(0)->GetNextFeature());
        const OGRLinearRing* ring = f->GetGeometryRef()->toPolygon()->getExteriorRing();
        return std::pair{ring->getX(0), ring->getY(0)};
    };
    auto [lon, lat] = firstCorner(corrected);
    EXPECT_LT(metres(lon, lat, 120.170, 30.250), 0.5) << lon << ", " << lat;
    auto [rawLon, rawLat] = firstCorner(raw);
    EXPECT_GT(metres(rawLon, rawLat, 120.170, 30.250), 100) << "without the option the offset stays";
}

TEST(FromGcj02, StatsAcceptsItAndInfoDoesNot) {
    const fs::path source = webMapParcel();
    EXPECT_TRUE(succeeded(runPlanview({"stats", source.string(), "--by", "name", "--from-gcj02"})));
    RunResult usage = runPlanview({"info", source.string(), "--from-gcj02"});
    EXPECT_EQ(usage.code, 1) << "info describes the file as it is";
}
