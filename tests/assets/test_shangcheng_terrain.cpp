// Checks of the Shangcheng sample's terrain (assets/shangcheng/terrain) against public figures and the
// sample's own vector data, read through GDAL: the hills' summits at their published heights near their
// places, West Lake and the Qiantang at water level, the parcels on the flat city, and the imagery's
// colours (water blue, hills green) on the DEM's grid.

#include <gtest/gtest.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#ifndef PLANVIEW_SOURCE_DIR
#error "PLANVIEW_SOURCE_DIR must be defined as the repository root"
#endif

namespace {

const std::string kDir = PLANVIEW_SOURCE_DIR "/assets/shangcheng/";
const std::string kDem = kDir + "terrain/dem.tif";
const std::string kImagery = kDir + "terrain/imagery.tif";
const std::string kGpkg = kDir + "shangcheng.gpkg";

struct Closer {
    void operator()(GDALDataset* d) const { GDALClose(d); }
};
using Dataset = std::unique_ptr<GDALDataset, Closer>;

Dataset open(const std::string& path, unsigned flags) {
    GDALAllRegister();
    return Dataset(static_cast<GDALDataset*>(GDALOpenEx(path.c_str(), flags | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
}

/// A raster band read whole, with its grid.
struct Grid {
    int width = 0, height = 0;
    double gt[6] = {};
    std::vector<float> values;   // row by row, band 1 (or the band asked for)

    float at(int col, int row) const { return values[static_cast<std::size_t>(row) * width + col]; }
    double lon(int col) const { return gt[0] + (col + 0.5) * gt[1]; }
    double lat(int row) const { return gt[3] + (row + 0.5) * gt[5]; }
    int col(double lon) const { return static_cast<int>(std::floor((lon - gt[0]) / gt[1])); }
    int row(double lat) const { return static_cast<int>(std::floor((lat - gt[3]) / gt[5])); }
};

Grid readBand(const std::string& path, int band) {
    Grid g;
    Dataset ds = open(path, GDAL_OF_RASTER);
    if (!ds) return g;
    g.width = ds->GetRasterXSize();
    g.height = ds->GetRasterYSize();
    ds->GetGeoTransform(g.gt);
    g.values.resize(static_cast<std::size_t>(g.width) * g.height);
    if (ds->GetRasterBand(band)->RasterIO(GF_Read, 0, 0, g.width, g.height, g.values.data(), g.width, g.height,
                                          GDT_Float32, 0, 0) != CE_None)
        g.values.clear();
    return g;
}

const Grid& dem() {
    static Grid g = readBand(kDem, 1);
    return g;
}

/// Metres between two lon/lat points (equirectangular; exact enough over a few hundred metres).
double metres(double lon1, double lat1, double lon2, double lat2) {
    const double k = 6371008.8 * M_PI / 180.0;
    const double dx = (lon2 - lon1) * k * std::cos((lat1 + lat2) / 2 * M_PI / 180.0), dy = (lat2 - lat1) * k;
    return std::hypot(dx, dy);
}

/// The sample's polygon named `name` in layer `layer` of the GeoPackage (EPSG:4490, lon/lat).
std::unique_ptr<OGRGeometry> samplePolygon(const std::string& layer, const std::string& name) {
    Dataset ds = open(kGpkg, GDAL_OF_VECTOR);
    if (!ds) return nullptr;
    OGRLayer* l = ds->GetLayerByName(layer.c_str());
    if (!l) return nullptr;
    for (auto& f : *l)
        if (f->GetFieldAsString("name_zh") == name) return std::unique_ptr<OGRGeometry>(f->GetGeometryRef()->clone());
    return nullptr;
}

TEST(ShangchengTerrain, DemIsACompressedGeoTiffInTheSamplesCrsWithOverviews) {
    Dataset ds = open(kDem, GDAL_OF_RASTER);
    ASSERT_TRUE(ds) << kDem;
    EXPECT_STREQ(ds->GetDriver()->GetDescription(), "GTiff");
    EXPECT_LT(std::filesystem::file_size(kDem), 5u << 20);
    EXPECT_LT(std::filesystem::file_size(kImagery), 5u << 20);
    ASSERT_NE(ds->GetSpatialRef(), nullptr);
    EXPECT_STREQ(ds->GetSpatialRef()->GetAuthorityCode(nullptr), "4490");
    double gt[6];
    ASSERT_EQ(ds->GetGeoTransform(gt), CE_None);
    // 10-30 m pixels (a degree of longitude is about 96 km here, of latitude 111 km).
    EXPECT_GT(gt[1] * 96000, 10);
    EXPECT_LT(gt[1] * 96000, 30);
    EXPECT_GT(-gt[5] * 111000, 10);
    EXPECT_LT(-gt[5] * 111000, 30);
    // It covers the district's frame (PLAN-FACTS: lon 120.145-120.215, lat 30.200-30.263) and the lake's hills.
    EXPECT_LE(gt[0], 120.11);
    EXPECT_GE(gt[0] + gt[1] * ds->GetRasterXSize(), 120.215);
    EXPECT_GE(gt[3], 30.27);
    EXPECT_LE(gt[3] + gt[5] * ds->GetRasterYSize(), 30.20);
    EXPECT_EQ(ds->GetRasterCount(), 1);
    GDALRasterBand* band = ds->GetRasterBand(1);
    EXPECT_GE(band->GetOverviewCount(), 2);
    const char* compression = ds->GetMetadataItem("COMPRESSION", "IMAGE_STRUCTURE");
    ASSERT_NE(compression, nullptr);
    EXPECT_STREQ(compression, "DEFLATE");
}

struct Summit {
    const char* name;
    double lon, lat, height;
    bool peak;    ///< the highest point around (宝石山 is a knoll on a ridge rising to 葛岭)
};

// Published heights (rounded public figures; PLAN-FACTS.md and common knowledge) at the places the
// sample's README gives (about +-300 m from the real summits).
const Summit kSummits[] = {
    {"吴山", 120.1650, 30.2400, 94, true},    {"凤凰山", 120.1555, 30.2275, 178, true},
    {"玉皇山", 120.1520, 30.2212, 237, true}, {"南高峰", 120.1300, 30.2290, 257, true},
    {"北高峰", 120.1140, 30.2510, 314, true}, {"宝石山", 120.1495, 30.2705, 78, false},
};

TEST(ShangchengTerrain, SummitsStandAtTheirRealHeightsWhereTheyAre) {
    const Grid& g = dem();
    ASSERT_FALSE(g.values.empty());
    for (const Summit& s : kSummits) {
        // The highest cell within 300 m of the summit's place (the cell at the place for a knoll): its
        // height and how far from the place it is.
        float best = s.peak ? -1e9f : g.at(g.col(s.lon), g.row(s.lat));
        double bestLon = s.lon, bestLat = s.lat;
        for (int r = g.row(s.lat + 0.004); s.peak && r <= g.row(s.lat - 0.004); ++r)
            for (int c = g.col(s.lon - 0.004); c <= g.col(s.lon + 0.004); ++c) {
                if (metres(s.lon, s.lat, g.lon(c), g.lat(r)) > 300 || g.at(c, r) <= best) continue;
                best = g.at(c, r);
                bestLon = g.lon(c);
                bestLat = g.lat(r);
            }
        EXPECT_NEAR(best, s.height, 0.05 * s.height) << s.name;
        EXPECT_LT(metres(s.lon, s.lat, bestLon, bestLat), 100) << s.name << ": the summit is elsewhere";
        // A hill, not a plateau: 600 m from the summit the ground is well below it.
        const int c = g.col(s.lon), r = g.row(s.lat + 600.0 / 111000.0);
        EXPECT_LT(g.at(c, r), best - 0.3 * (best - 9)) << s.name << " 600 m north";
    }
}

/// Every DEM cell whose centre lies inside `polygon`.
std::vector<float> cellsInside(const OGRGeometry& polygon) {
    const Grid& g = dem();
    OGREnvelope env;
    polygon.getEnvelope(&env);
    std::vector<float> out;
    for (int r = std::max(0, g.row(env.MaxY)); r <= std::min(g.height - 1, g.row(env.MinY)); ++r)
        for (int c = std::max(0, g.col(env.MinX)); c <= std::min(g.width - 1, g.col(env.MaxX)); ++c) {
            OGRPoint p(g.lon(c), g.lat(r));
            if (polygon.Contains(&p)) out.push_back(g.at(c, r));
        }
    return out;
}

TEST(ShangchengTerrain, WestLakeAndTheQiantangLieAtWaterLevel) {
    std::unique_ptr<OGRGeometry> lake = samplePolygon("water", "西湖"), river = samplePolygon("water", "钱塘江");
    ASSERT_TRUE(lake && river);
    // The cells wholly on the water: inside the outline by a pixel (a cell whose centre lies on the
    // shore line may be either).
    const double pixel = dem().gt[1];
    const std::vector<float> lakeCells = cellsInside(*std::unique_ptr<OGRGeometry>(lake->Buffer(-pixel))),
                             riverCells = cellsInside(*std::unique_ptr<OGRGeometry>(river->Buffer(-pixel)));
    // West Lake is about 6.4 km² (about 20,000 cells of ~300 m²); the river's reach is larger.
    EXPECT_GT(lakeCells.size(), 10000u);
    EXPECT_GT(riverCells.size(), 10000u);
    for (float z : lakeCells) ASSERT_NEAR(z, 7.0, 0.01) << "West Lake stands at about 7 m";
    for (float z : riverCells) ASSERT_NEAR(z, 5.0, 1.0) << "the Qiantang stands at 4-6 m";
}

TEST(ShangchengTerrain, TheCityBetweenIsFlat) {
    Dataset ds = open(kGpkg, GDAL_OF_VECTOR);
    ASSERT_TRUE(ds);
    const Grid& g = dem();
    std::vector<float> heights;
    for (auto& f : *ds->GetLayerByName("parcels")) {
        OGRPoint centroid;
        ASSERT_EQ(f->GetGeometryRef()->Centroid(&centroid), OGRERR_NONE);
        const int c = g.col(centroid.getX()), r = g.row(centroid.getY());
        if (c < 0 || r < 0 || c >= g.width || r >= g.height) continue;
        heights.push_back(g.at(c, r));
    }
    ASSERT_EQ(heights.size(), static_cast<std::size_t>(ds->GetLayerByName("parcels")->GetFeatureCount()))
        << "the DEM covers every parcel";
    std::sort(heights.begin(), heights.end());
    // The old city at 8-12 m; only the parcels at the foot of 吴山 climb its slopes.
    EXPECT_GE(heights[heights.size() / 2], 8.0);
    EXPECT_LE(heights[heights.size() / 2], 12.0);
    EXPECT_GE(heights[heights.size() / 20], 7.0);
    EXPECT_LE(heights[heights.size() * 95 / 100], 12.0);
    EXPECT_LT(heights.back(), 94.0) << "no parcel above 吴山's summit";
    // Smooth: neighbouring cells on land never differ by a cliff (a 45° slope over a pixel is ~17 m).
    float steepest = 0;
    for (int r = 0; r < g.height; ++r)
        for (int c = 1; c < g.width; ++c) steepest = std::max(steepest, std::abs(g.at(c, r) - g.at(c - 1, r)));
    EXPECT_LT(steepest, 17.0f);
}

TEST(ShangchengTerrain, ImageryIsRgbOnTheDemsGridWaterBlueHillsGreen) {
    Dataset ds = open(kImagery, GDAL_OF_RASTER);
    ASSERT_TRUE(ds);
    ASSERT_EQ(ds->GetRasterCount(), 3);
    const GDALColorInterp want[3] = {GCI_RedBand, GCI_GreenBand, GCI_BlueBand};
    for (int b = 1; b <= 3; ++b) {
        EXPECT_EQ(ds->GetRasterBand(b)->GetColorInterpretation(), want[b - 1]);
        EXPECT_EQ(ds->GetRasterBand(b)->GetRasterDataType(), GDT_Byte);
        EXPECT_GE(ds->GetRasterBand(b)->GetOverviewCount(), 2);
    }
    double gt[6];
    ds->GetGeoTransform(gt);
    for (int i = 0; i < 6; ++i) EXPECT_DOUBLE_EQ(gt[i], dem().gt[i]);
    EXPECT_EQ(ds->GetRasterXSize(), dem().width);
    EXPECT_EQ(ds->GetRasterYSize(), dem().height);
    ASSERT_TRUE(ds->GetSpatialRef() && ds->GetSpatialRef()->IsSame(open(kDem, GDAL_OF_RASTER)->GetSpatialRef()));

    const Grid red = readBand(kImagery, 1), green = readBand(kImagery, 2), blue = readBand(kImagery, 3);
    auto rgbAt = [&](double lon, double lat) {
        const int c = red.col(lon), r = red.row(lat);
        return std::vector<float>{red.at(c, r), green.at(c, r), blue.at(c, r)};
    };
    const auto lake = rgbAt(120.1480, 30.2500);       // the middle of West Lake
    EXPECT_GT(lake[2], lake[0] + 40) << "West Lake is blue";
    const auto river = rgbAt(120.1800, 30.2050);      // the Qiantang
    EXPECT_GT(river[2], river[0] + 40) << "the Qiantang is blue";
    const auto hill = rgbAt(120.1300, 30.2400);       // the wooded slope between 南高峰 and the lake
    EXPECT_GT(hill[1], hill[0] + 20) << "the hills are green";
    EXPECT_GT(hill[1], hill[2] + 20) << "the hills are green";
    const auto city = rgbAt(120.1900, 30.2550);       // the flat city
    EXPECT_LT(std::abs(city[0] - city[1]), 20) << "the city is grey";
}

}  // namespace
