// `planview info` on each kind of source: what it prints (text and --json), in which CRS, with which
// fields, and the first features' attributes (Chinese text, a 64-bit integer, a date) and centroids.
#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include "tests/cli/CliSupport.h"

using namespace cli;
using nlohmann::json;

namespace {

bool hasLine(const std::string& out, const std::string& line) {
    auto ls = lines(out);
    return std::find(ls.begin(), ls.end(), line) != ls.end();
}

std::size_t countLinesStartingWith(const std::string& out, const std::string& prefix) {
    std::size_t n = 0;
    for (const auto& l : lines(out)) n += l.rfind(prefix, 0) == 0;
    return n;
}

void expectNear4(const std::vector<double>& got, const std::vector<double>& want, double tolerance,
                 const std::string& what) {
    ASSERT_EQ(got.size(), 4u) << what;
    ASSERT_EQ(want.size(), 4u) << what;
    for (int i = 0; i < 4; ++i) EXPECT_NEAR(got[i], want[i], tolerance) << what << " [" << i << "]";
}

std::vector<double> jsonExtent(const json& e) {
    if (!e.is_array() || e.size() != 4) return {};
    std::vector<double> out;
    for (const auto& v : e) out.push_back(v.get<double>());
    return out;
}

const std::vector<double> kLonLatExtent = {kMinLon, kMinLat, kMaxLon, kMaxLat};

// ---- One parcel set, every format --------------------------------------------------------------

struct FormatCase {
    const char* name;
    fs::path (*make)();
    const char* crs;             ///< expected "crs"; "" = none (JSON null)
    const char* geometryType;    ///< expected OGR geometry name; nullptr = not checked (format-generic)
    bool typedFields;            ///< the format keeps String, Integer64, Date and Real types as they are
    bool exactInteger64;         ///< the format stores big_id as a 64-bit integer
    const char* bigIdText;       ///< big_id of 劝业里 as printed in text; nullptr = the format cannot hold it
    const char* datePrefix;      ///< how approved of 劝业里 begins; nullptr = the format cannot hold a date
};

std::ostream& operator<<(std::ostream& o, const FormatCase& c) { return o << c.name; }

const FormatCase kFormats[] = {
    {"GeoPackage_EPSG4549", parcelsGpkg4549, "EPSG:4549", "Polygon", true, true, "9007199254740993", "2016-07-01"},
    {"GeoPackage_EPSG4490", parcelsGpkg4490, "EPSG:4490", "Polygon", true, true, "9007199254740993", "2016-07-01"},
    {"Shapefile_GBK_EPSG4549", parcelsShapefileGbk, "EPSG:4549", "Polygon", true, true, "9007199254740993", "2016-07-01"},
    {"GeoJSON", parcelsGeoJson, "EPSG:4326", "Polygon", true, true, "9007199254740993", "2016-07-01"},
    // FlatGeobuf has no Date type: GDAL stores the date as a DateTime at midnight.
    {"FlatGeobuf", parcelsFlatGeobuf, "EPSG:4326", "Polygon", false, true, "9007199254740993", "2016-07-01"},
    // KML stores every attribute as text: GDAL turns Integer64 into Real on writing.
    {"KML", parcelsKml, "EPSG:4326", nullptr, false, false, nullptr, nullptr},
    // CSV without .csvt: every column is a string; the geometry column is named WKT; no CRS.
    {"CSV_WKT", parcelsCsv, "", nullptr, false, false, "9007199254740993", nullptr},
};

class InfoFormat : public ::testing::TestWithParam<FormatCase> {};

TEST_P(InfoFormat, JsonDescribesLayerCrsExtentsFieldsAndSamples) {
    const FormatCase& c = GetParam();
    const fs::path path = c.make();
    RunResult r = runPlanview({"info", path.string(), "--json", "--features", "3"});
    ASSERT_TRUE(succeeded(r));
    if (*c.crs) EXPECT_EQ(r.err, "") << "no warning expected for a source with a CRS";
    json j = parseJson(r.out);
    ASSERT_TRUE(j.is_object()) << r.out;
    EXPECT_EQ(j.value("source", ""), path.string());
    ASSERT_TRUE(j["layers"].is_array());
    ASSERT_EQ(j["layers"].size(), 1u) << r.out;
    const json& layer = j["layers"][0];
    EXPECT_EQ(layer.value("name", ""), "parcels");
    if (c.geometryType) EXPECT_EQ(layer.value("geometry_type", ""), c.geometryType);
    EXPECT_EQ(layer.value("feature_count", -1), 3);
    if (*c.crs) EXPECT_EQ(layer["crs"], c.crs);
    else EXPECT_TRUE(layer["crs"].is_null()) << layer["crs"];

    // Extents: the native one as GDAL reports it for the file, the WGS84 one as the parcels were made.
    expectNear4(jsonExtent(layer["extent"]), gdalExtent(path), 1e-6, "native extent");
    expectNear4(jsonExtent(layer["extent_wgs84"]), kLonLatExtent, 1e-4, "WGS84 extent");

    // Fields, with the Chinese field name intact.
    std::vector<std::string> names;
    for (const auto& f : layer["fields"]) names.push_back(f.value("name", ""));
    for (const char* want : {"name_zh", "用地性质", "big_id", "height_m"})
        EXPECT_NE(std::find(names.begin(), names.end(), want), names.end()) << "field " << want << " in " << layer["fields"];
    if (c.typedFields) {
        json want = json::array({{{"name", "name_zh"}, {"type", "String"}},
                                 {{"name", "用地性质"}, {"type", "String"}},
                                 {{"name", "big_id"}, {"type", "Integer"}},
                                 {{"name", "approved"}, {"type", "Date"}},
                                 {{"name", "height_m"}, {"type", "Real"}}});
        EXPECT_EQ(layer["fields"], want);
    }

    // Samples: all three parcels, each with its attributes and its centroid in WGS84.
    ASSERT_TRUE(layer["features"].is_array()) << r.out;
    EXPECT_EQ(layer["features"].size(), 3u);
    for (const Parcel& p : kParcels) {
        json s = findSample(layer, p.name);
        ASSERT_FALSE(s.is_null()) << "no sample with name_zh = " << p.name << " in\n" << r.out;
        EXPECT_EQ(s["attributes"].value("用地性质", ""), p.landUse) << p.name;
        ASSERT_TRUE(s["centroid_wgs84"].is_array()) << s;
        EXPECT_NEAR(s["centroid_wgs84"][0].get<double>(), p.centroidLon, 1e-5) << p.name;
        EXPECT_NEAR(s["centroid_wgs84"][1].get<double>(), p.centroidLat, 1e-5) << p.name;
    }
    json first = findSample(layer, kParcels[0].name);
    ASSERT_FALSE(first.is_null());
    if (c.exactInteger64) {
        ASSERT_TRUE(first["attributes"]["big_id"].is_number_integer()) << first;
        EXPECT_EQ(first["attributes"]["big_id"].get<std::int64_t>(), kBigId) << "2^53 + 1 must survive exactly";
        EXPECT_EQ(findSample(layer, kParcels[1].name)["attributes"]["big_id"].get<std::int64_t>(), kParcels[1].bigId);
        EXPECT_DOUBLE_EQ(first["attributes"]["height_m"].get<double>(), 24.5);
    } else if (c.bigIdText) {
        EXPECT_EQ(first["attributes"]["big_id"], c.bigIdText);
    }
    if (c.datePrefix) EXPECT_EQ(first["attributes"].value("approved", "").rfind(c.datePrefix, 0), 0u) << first;
}

TEST_P(InfoFormat, TextShowsChineseAttributesOfTheSamples) {
    const FormatCase& c = GetParam();
    const fs::path path = c.make();
    RunResult r = runPlanview({"info", path.string(), "--features", "3"});
    ASSERT_TRUE(succeeded(r));
    EXPECT_TRUE(validUtf8(r.out));
    EXPECT_EQ(lines(r.out).at(0), path.string());
    EXPECT_TRUE(hasLine(r.out, "layer parcels")) << r.out;
    EXPECT_TRUE(hasLine(r.out, "  features: 3")) << r.out;
    EXPECT_TRUE(hasLine(r.out, std::string("  crs: ") + (*c.crs ? c.crs : "(none)"))) << r.out;
    EXPECT_TRUE(hasLine(r.out, "    用地性质: String")) << r.out;
    EXPECT_EQ(countLinesStartingWith(r.out, "  feature "), 3u) << r.out;
    for (const Parcel& p : kParcels) {
        EXPECT_TRUE(hasLine(r.out, std::string("    name_zh = ") + p.name)) << r.out;
        EXPECT_TRUE(hasLine(r.out, std::string("    用地性质 = ") + p.landUse)) << r.out;
    }
    if (c.bigIdText) EXPECT_TRUE(hasLine(r.out, std::string("    big_id = ") + c.bigIdText)) << r.out;
    expectNear4(textExtent(r.out, "extent (WGS84 lon/lat)"), kLonLatExtent, 1e-4, "WGS84 extent");
}

INSTANTIATE_TEST_SUITE_P(Formats, InfoFormat, ::testing::ValuesIn(kFormats),
                         [](const auto& info) { return std::string(info.param.name); });

// ---- Text output in detail ---------------------------------------------------------------------

TEST(InfoText, ProjectedGeoPackageLayerFieldsAndExtents) {
    const fs::path path = parcelsGpkg4549();
    RunResult r = runPlanview({"info", path.string()});
    ASSERT_TRUE(succeeded(r));
    EXPECT_EQ(r.err, "");
    const auto ls = lines(r.out);
    ASSERT_GE(ls.size(), 14u) << r.out;
    EXPECT_EQ(ls[0], path.string());
    EXPECT_EQ(ls[1], "");
    EXPECT_EQ(ls[2], "layer parcels");
    EXPECT_EQ(ls[3], "  geometry: Polygon");
    EXPECT_EQ(ls[4], "  features: 3");
    EXPECT_EQ(ls[5], "  crs: EPSG:4549");
    // Native extent: Gauss-Kruger metres near CM 120E (x ≈ 515 km, y ≈ 3347 km), as GDAL reads them.
    std::vector<double> native = textExtent(r.out, "extent");
    expectNear4(native, gdalExtent(path), 1e-5, "native extent");
    ASSERT_EQ(native.size(), 4u);
    EXPECT_GT(native[0], 515000);
    EXPECT_LT(native[2], 518000);
    EXPECT_GT(native[1], 3346000);
    EXPECT_LT(native[3], 3350000);
    expectNear4(textExtent(r.out, "extent (WGS84 lon/lat)"), kLonLatExtent, 1e-4, "WGS84 extent");
    const std::vector<std::string> fields = {"  fields:",          "    name_zh: String", "    用地性质: String",
                                             "    big_id: Integer", "    approved: Date",  "    height_m: Real"};
    auto at = std::find(ls.begin(), ls.end(), "  fields:");
    ASSERT_NE(at, ls.end()) << r.out;
    EXPECT_EQ(std::vector<std::string>(at, std::min(at + 6, ls.end())), fields);
    EXPECT_EQ(countLinesStartingWith(r.out, "  feature "), 0u) << "no samples without --features";
}

TEST(InfoText, FeaturesNPrintsTheFirstNWithCentroidsAndExactValues) {
    const fs::path path = parcelsGpkg4549();
    RunResult r = runPlanview({"info", path.string(), "--features", "2"});
    ASSERT_TRUE(succeeded(r));
    const auto ls = lines(r.out);
    std::vector<std::string> heads;
    for (const auto& l : ls)
        if (l.rfind("  feature ", 0) == 0) heads.push_back(l);
    ASSERT_EQ(heads.size(), 2u) << r.out;
    // GeoPackage fids start at 1, in insertion order: 劝业里 first.
    double lon = 0, lat = 0;
    ASSERT_EQ(std::sscanf(heads[0].c_str(), "  feature 1 (centroid %lf, %lf)", &lon, &lat), 2) << heads[0];
    EXPECT_NEAR(lon, 120.165, 1e-5);
    EXPECT_NEAR(lat, 30.255, 1e-5);
    ASSERT_EQ(std::sscanf(heads[1].c_str(), "  feature 2 (centroid %lf, %lf)", &lon, &lat), 2) << heads[1];
    EXPECT_NEAR(lon, 120.175, 1e-5);
    EXPECT_NEAR(lat, 30.255, 1e-5);
    for (const char* want : {"    name_zh = 劝业里", "    用地性质 = R2", "    big_id = 9007199254740993",
                             "    approved = 2016-07-01", "    height_m = 24.5", "    name_zh = 湖滨",
                             "    big_id = -9007199254740995", "    approved = 2018-01-31", "    height_m = 60"})
        EXPECT_TRUE(hasLine(r.out, want)) << want << "\n" << r.out;
    EXPECT_FALSE(hasLine(r.out, "    name_zh = 清河坊")) << "only the first 2 features";
}

TEST(InfoText, FeaturesZeroAndMoreThanThereAre) {
    const fs::path path = parcelsGpkg4549();
    RunResult none = runPlanview({"info", path.string(), "--features", "0"});
    ASSERT_TRUE(succeeded(none));
    EXPECT_EQ(countLinesStartingWith(none.out, "  feature "), 0u) << none.out;
    RunResult all = runPlanview({"info", path.string(), "--features", "1000"});
    ASSERT_TRUE(succeeded(all));
    EXPECT_EQ(countLinesStartingWith(all.out, "  feature "), 3u) << all.out;
}

// ---- Layer selection ---------------------------------------------------------------------------

TEST(InfoLayers, EveryLayerWithoutLayerOption) {
    const fs::path path = multiLayerGpkg();
    RunResult r = runPlanview({"info", path.string(), "--json"});
    ASSERT_TRUE(succeeded(r));
    json j = parseJson(r.out);
    ASSERT_TRUE(j.is_object());
    ASSERT_EQ(j["layers"].size(), 2u) << r.out;
    EXPECT_EQ(j["layers"][0]["name"], "parcels");
    EXPECT_EQ(j["layers"][0]["feature_count"], 3);
    EXPECT_EQ(j["layers"][1]["name"], "roads");
    EXPECT_EQ(j["layers"][1]["feature_count"], 2);
}

TEST(InfoLayers, LayerOptionSelectsOneLayer) {
    const fs::path path = multiLayerGpkg();
    RunResult r = runPlanview({"info", path.string(), "--layer", "roads", "--json", "--features", "5"});
    ASSERT_TRUE(succeeded(r));
    json j = parseJson(r.out);
    ASSERT_TRUE(j.is_object());
    ASSERT_EQ(j["layers"].size(), 1u) << r.out;
    const json& roads = j["layers"][0];
    EXPECT_EQ(roads["name"], "roads");
    EXPECT_EQ(roads["geometry_type"], "Line String");
    EXPECT_EQ(roads["feature_count"], 2);
    EXPECT_EQ(roads["crs"], "EPSG:4549");
    EXPECT_FALSE(findSample(roads, "延安路").is_null()) << r.out;
    EXPECT_FALSE(findSample(roads, "解放路").is_null()) << r.out;

    RunResult text = runPlanview({"info", path.string(), "--layer", "roads"});
    ASSERT_TRUE(succeeded(text));
    EXPECT_TRUE(hasLine(text.out, "layer roads")) << text.out;
    EXPECT_FALSE(hasLine(text.out, "layer parcels")) << text.out;
}

// ---- GBK shapefiles ----------------------------------------------------------------------------

enum class GbkMarker { CpgAsWritten, CpgGBK, Cpg936, LanguageDriverByte };

struct GbkCase {
    const char* name;
    GbkMarker marker;
};

class InfoGbkShapefile : public ::testing::TestWithParam<GbkCase> {};

// A copy of the CP936 shapefile whose code page is declared only by the case's marker.
fs::path gbkVariant(const GbkCase& c) {
    const fs::path original = parcelsShapefileGbk();
    const fs::path dir = workDir() / (std::string("gbk_") + c.name);
    fs::create_directories(dir);
    for (const char* ext : {".shp", ".shx", ".dbf", ".prj", ".cpg"})
        fs::copy_file(fs::path(original).replace_extension(ext), dir / (std::string("parcels") + ext),
                      fs::copy_options::overwrite_existing);
    const fs::path dbf = dir / "parcels.dbf", cpg = dir / "parcels.cpg";
    std::string bytes = readFile(dbf);
    switch (c.marker) {
    case GbkMarker::CpgAsWritten: break;
    case GbkMarker::CpgGBK: writeFile(cpg, "GBK"); break;
    case GbkMarker::Cpg936: writeFile(cpg, "936"); break;
    case GbkMarker::LanguageDriverByte:
        fs::remove(cpg);
        bytes[29] = '\x4D';  // DBF language driver 0x4D: Chinese GBK (PRC), code page 936
        writeFile(dbf, bytes);
        break;
    }
    return dir / "parcels.shp";
}

TEST_P(InfoGbkShapefile, AttributesAndFieldNamesArriveAsUtf8) {
    const GbkCase& c = GetParam();
    const fs::path shp = gbkVariant(c);
    // The fixture is what it claims: GBK bytes in the DBF, and only the marker under test.
    const std::string dbf = readFile(fs::path(shp).replace_extension(".dbf"));
    ASSERT_TRUE(containsBytes(dbf, kGbkQuanYeLi)) << "the DBF should hold 劝业里 in GBK";
    ASSERT_TRUE(containsBytes(dbf, kGbkYongDiXingZhi)) << "the DBF should hold the field name 用地性质 in GBK";
    ASSERT_FALSE(containsBytes(dbf, "劝业里")) << "the DBF should not hold UTF-8";
    const fs::path cpg = fs::path(shp).replace_extension(".cpg");
    if (c.marker == GbkMarker::LanguageDriverByte) {
        ASSERT_FALSE(fs::exists(cpg));
        ASSERT_EQ(static_cast<unsigned char>(dbf[29]), 0x4D);
    } else {
        ASSERT_EQ(static_cast<unsigned char>(dbf[29]), 0x00) << "no language driver byte: only the .cpg speaks";
        if (c.marker == GbkMarker::CpgAsWritten) ASSERT_EQ(readFile(cpg), "CP936");
    }

    RunResult r = runPlanview({"info", shp.string(), "--features", "3"});
    ASSERT_TRUE(succeeded(r));
    EXPECT_TRUE(validUtf8(r.out));
    for (const char* want : {"    用地性质: String", "    name_zh = 劝业里", "    用地性质 = R2", "    name_zh = 湖滨",
                             "    name_zh = 清河坊", "    用地性质 = G1", "    big_id = 9007199254740993",
                             "    approved = 2016-07-01"})
        EXPECT_TRUE(hasLine(r.out, want)) << want << "\n" << r.out;

    RunResult j = runPlanview({"info", shp.string(), "--features", "1", "--json"});
    ASSERT_TRUE(succeeded(j));
    json doc = parseJson(j.out);
    ASSERT_TRUE(doc.is_object());
    json sample = findSample(doc["layers"][0], "劝业里");
    ASSERT_FALSE(sample.is_null()) << j.out;
    EXPECT_EQ(sample["attributes"]["用地性质"], "R2");
}

const GbkCase kGbkCases[] = {{"cpg_CP936", GbkMarker::CpgAsWritten},
                             {"cpg_GBK", GbkMarker::CpgGBK},
                             {"cpg_936", GbkMarker::Cpg936},
                             {"ldid_0x4D", GbkMarker::LanguageDriverByte}};
INSTANTIATE_TEST_SUITE_P(CodePages, InfoGbkShapefile, ::testing::ValuesIn(kGbkCases),
                         [](const auto& info) { return std::string(info.param.name); });

// A DBF whose .cpg says UTF-8 but whose bytes are GBK (a common mislabelling): the output is still
// UTF-8 (the issue: "attributes arrive as UTF-8"), with the bad bytes replaced, not passed through.
fs::path mislabelledUtf8Shapefile() {
    const fs::path original = parcelsShapefileGbk();
    const fs::path dir = workDir() / "mislabelled";
    fs::create_directories(dir);
    for (const char* ext : {".shp", ".shx", ".dbf", ".prj"})
        fs::copy_file(fs::path(original).replace_extension(ext), dir / (std::string("parcels") + ext),
                      fs::copy_options::overwrite_existing);
    writeFile(dir / "parcels.cpg", "UTF-8");
    return dir / "parcels.shp";
}

TEST(InfoEncoding, MislabelledUtf8DbfStillPrintsValidUtf8Text) {
    const fs::path shp = mislabelledUtf8Shapefile();
    RunResult r = runPlanview({"info", shp.string(), "--features", "1"});
    ASSERT_TRUE(succeeded(r));
    EXPECT_TRUE(validUtf8(r.out)) << "stdout carries the DBF's GBK bytes as they are:\n" << r.out;
}

TEST(InfoEncoding, MislabelledUtf8DbfJsonIsValidOrANamedInputError) {
    const fs::path shp = mislabelledUtf8Shapefile();
    RunResult r = runPlanview({"info", shp.string(), "--features", "1", "--json"});
    ASSERT_TRUE(endedNormally(r));
    if (r.code == 0) {
        json j = parseJson(r.out);
        EXPECT_TRUE(j.is_object());
        EXPECT_TRUE(validUtf8(r.out));
    } else {
        EXPECT_TRUE(failedCleanly(r, 2, {shp.string()}));
        EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err;
    }
}

// ---- Sources without a CRS ---------------------------------------------------------------------

TEST(InfoNoCrs, LonLatCoordinatesAreDescribedWithAWarning) {
    const fs::path csv = parcelsCsv();
    ASSERT_EQ(lines(readFile(csv)).at(0).rfind("WKT,", 0), 0u) << "the geometry column is named WKT";
    ASSERT_FALSE(fs::exists(fs::path(csv).replace_extension(".prj")));
    RunResult r = runPlanview({"info", csv.string()});
    ASSERT_TRUE(succeeded(r));
    EXPECT_TRUE(hasLine(r.out, "  crs: (none)")) << r.out;
    expectNear4(textExtent(r.out, "extent"), kLonLatExtent, 1e-9, "native extent");
    expectNear4(textExtent(r.out, "extent (WGS84 lon/lat)"), kLonLatExtent, 1e-9, "WGS84 extent");
    ASSERT_EQ(lines(r.err).size(), 1u) << "one warning line\n" << r.describe();
    EXPECT_NE(r.err.find("warning"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(csv.string()), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("no CRS"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("EPSG:4326"), std::string::npos) << r.err;

    RunResult j = runPlanview({"info", csv.string(), "--json"});
    ASSERT_TRUE(succeeded(j));
    json doc = parseJson(j.out);
    ASSERT_TRUE(doc.is_object());
    EXPECT_TRUE(doc["layers"][0]["crs"].is_null());
    expectNear4(jsonExtent(doc["layers"][0]["extent_wgs84"]), kLonLatExtent, 1e-9, "JSON WGS84 extent");
}

TEST(InfoNoCrs, LonLatWarningIsGivenOnceWithFeatures) {
    const fs::path csv = parcelsCsv();
    RunResult r = runPlanview({"info", csv.string(), "--features", "3"});
    ASSERT_TRUE(succeeded(r));
    EXPECT_EQ(countLinesStartingWith(r.out, "  feature "), 3u) << r.out;
    EXPECT_EQ(lines(r.err).size(), 1u) << "the no-CRS warning once per layer, not once per use\n" << r.err;
}

TEST(InfoNoCrs, MetricCoordinatesAreANamedInputError) {
    // Gauss-Kruger metres with no CRS: not lon/lat, so neither a WGS84 extent nor centroids exist.
    const fs::path csv = workDir() / "nocrs" / "metres.csv";
    writeFile(csv, "WKT,name_zh\n"
                   "\"POLYGON ((515397 3347837,516397 3347837,516397 3348837,515397 3348837,515397 3347837))\",劝业里\n");
    RunResult r = runPlanview({"info", csv.string()});
    EXPECT_TRUE(failedCleanly(r, 2, {csv.string(), "no CRS"}));
}

TEST(InfoNoCrs, EmptyLayerWithoutCrsIsDescribedWithOrWithoutFeatures) {
    // A CSV with a WKT column and no rows: nothing to place, so nothing to refuse.
    const fs::path csv = workDir() / "nocrs" / "empty.csv";
    writeFile(csv, "WKT,name_zh\n");
    RunResult plain = runPlanview({"info", csv.string()});
    ASSERT_TRUE(succeeded(plain));
    EXPECT_TRUE(hasLine(plain.out, "  features: 0")) << plain.out;
    RunResult samples = runPlanview({"info", csv.string(), "--features", "5"});
    ASSERT_TRUE(succeeded(samples)) << "--features must not turn an empty layer into an error";
    EXPECT_EQ(samples.out, plain.out);
}

// ---- Empty layers and corrupt features ---------------------------------------------------------

TEST(InfoEmpty, EmptyShapefileHasNoExtent) {
    const fs::path shp = convertParcels("empty_shp/parcels.shp", {"-f", "ESRI Shapefile", "-nln", "parcels", "-t_srs",
                                                                  "EPSG:4549", "-where", "0=1", "-lco", "ENCODING=CP936"});
    const fs::path gpkg = convertParcels("empty_gpkg/parcels.gpkg", {"-f", "GPKG", "-nln", "parcels", "-t_srs",
                                                                     "EPSG:4549", "-where", "0=1"});
    for (const fs::path& path : {gpkg, shp}) {
        SCOPED_TRACE(path.string());
        RunResult r = runPlanview({"info", path.string(), "--json"});
        ASSERT_TRUE(succeeded(r));
        json j = parseJson(r.out);
        ASSERT_TRUE(j.is_object());
        const json& layer = j["layers"][0];
        EXPECT_EQ(layer["feature_count"], 0);
        EXPECT_EQ(layer["crs"], "EPSG:4549");
        EXPECT_TRUE(layer["extent"].is_null()) << "a layer without features has no extent, got " << layer["extent"];
        EXPECT_TRUE(layer["extent_wgs84"].is_null()) << "got " << layer["extent_wgs84"];
    }
}

TEST(InfoCorrupt, TruncatedFlatGeobufFeaturesAreAnInputError) {
    // Header and index intact, the last feature cut short: reading the samples meets the damage.
    const fs::path good = parcelsFlatGeobuf();
    const fs::path cut = workDir() / "corrupt" / "cut.fgb";
    std::string bytes = readFile(good);
    ASSERT_GT(bytes.size(), 100u);
    writeFile(cut, bytes.substr(0, bytes.size() - 20));
    RunResult r = runPlanview({"info", cut.string(), "--features", "5"});
    EXPECT_TRUE(failedCleanly(r, 2, {cut.string()}))
        << "a feature that cannot be read must not vanish silently from the samples";
}

}  // namespace
