// `planview export` options and safety: --where counts equal GDAL's own (what `ogrinfo -where`
// reports) and a bad filter is an input error carrying GDAL's message; --t-srs reprojects; an existing
// target is refused unless --overwrite and then left byte-for-byte unchanged; the source is never
// modified; bad arguments exit with the documented codes and one line naming the cause.
#include <set>
#include <gdal_utils.h>
#include <gtest/gtest.h>
#include "tests/export/ExportSupport.h"

using namespace xt;

namespace {

RunResult exportArgs(std::vector<std::string> args) {
    args.insert(args.begin(), "export");
    return cli::runPlanview(args);
}

long long featuresIn(const fs::path& path) {
    GDALDatasetUniquePtr ds = openVector(path);
    if (!ds || ds->GetLayerCount() == 0) return -1;
    OGRLayer* layer = ds->GetLayerByName(kLayerName);
    if (!layer) layer = ds->GetLayer(0);
    return layer->GetFeatureCount(TRUE);
}

// ---- --where -------------------------------------------------------------------------------------

struct WhereCase {
    const char* name;
    const char* where;
    long long count;    ///< what the fixture holds (checked against GDAL too)
};
std::ostream& operator<<(std::ostream& o, const WhereCase& c) { return o << c.name; }

const WhereCase kWheres[] = {
    {"chinese_field_equals", "\"用地性质\" = 'R2'", 1},
    {"chinese_field_like", "用地性质 LIKE 'R%'", 2},
    {"chinese_text", "name_zh = '湖滨'", 1},
    {"integer64_beyond_2_53", "big_id > 9007199254740992", 1},
    {"integer64_negative", "big_id < -9007199254740994", 1},
    {"is_null", "用地性质 IS NULL", 1},
    {"real_and_null", "height_m >= 24.5 OR height_m IS NULL", 4},
    {"date", "approved < '2019-01-01'", 2},
    {"in_list", "parcel_no IN ('DK-001', 'DK-003', 'DK-005')", 3},
    {"matches_nothing", "plots > 1000", 0},
};

class Where : public ::testing::TestWithParam<WhereCase> {};

TEST_P(Where, CountsEqualGdalsOwnFilterOnTheSource) {
    const WhereCase& c = GetParam();
    const long long gdal = gdalCount(sourceGpkg(), kLayerName, c.where);
    ASSERT_EQ(gdal, c.count) << "GDAL's own count for " << c.where << " (the fixture changed?)";
    // Through the plain ogr2ogr path (GeoPackage) and the in-memory copy path (KML).
    for (const char* ext : {"gpkg", "kml"}) {
        const fs::path out = outDir(std::string("where-") + c.name + "-" + ext) / (std::string("parcels.") + ext);
        RunResult r = exportArgs({sourceGpkg().string(), "--layer", kLayerName, "-o", out.string(), "--where", c.where});
        ASSERT_TRUE(cli::succeeded(r));
        EXPECT_EQ(reportedCount(r.out), gdal) << r.describe();
        EXPECT_EQ(featuresIn(out), gdal) << ext;
    }
}

INSTANTIATE_TEST_SUITE_P(Export, Where, ::testing::ValuesIn(kWheres),
                         [](const ::testing::TestParamInfo<WhereCase>& info) { return std::string(info.param.name); });

// A project layer's own `where` and --where both apply.
TEST(WhereInProject, CombinesWithTheLayersOwnFilter) {
    const fs::path dir = outDir("where-project");
    const fs::path project = dir / "residential.toml";
    cli::writeFile(project, "[[layer]]\nname = \"居住用地\"\nsource = \"" + sourceGpkg().string() +
                                "\"\nlayer = \"parcels\"\nwhere = \"用地性质 LIKE 'R%'\"\n");
    const std::string where = "height_m > 50";
    const long long gdal = gdalCount(sourceGpkg(), kLayerName, "(用地性质 LIKE 'R%') AND (height_m > 50)");
    ASSERT_EQ(gdal, 1);
    const fs::path out = dir / "residential.gpkg";
    RunResult r = exportArgs({project.string(), "-o", out.string(), "--where", where});
    ASSERT_TRUE(cli::succeeded(r));
    EXPECT_EQ(featuresIn(out), gdal);
}

struct BadWhereCase {
    const char* name;
    fs::path (*source)();
    const char* layer;
    const char* where;
};
std::ostream& operator<<(std::ostream& o, const BadWhereCase& c) { return o << c.name; }

fs::path geojsonSource() {
    // The same parcels as GeoJSON (GDAL's own OGR SQL evaluates the filter, not SQLite).
    static fs::path path;
    if (path.empty()) {
        path = cli::workDir() / "fixture" / "parcels.geojson";
        GDALDatasetUniquePtr src = openVector(sourceGpkg());
        const char* args[] = {"-f", "GeoJSON", nullptr};
        GDALVectorTranslateOptions* options = GDALVectorTranslateOptionsNew(const_cast<char**>(args), nullptr);
        GDALDatasetH h = GDALDataset::ToHandle(src.get());
        GDALDatasetH out = GDALVectorTranslate(path.c_str(), nullptr, 1, &h, options, nullptr);
        GDALVectorTranslateOptionsFree(options);
        if (!out) throw std::runtime_error("cannot write " + path.string());
        GDALClose(out);
    }
    return path;
}

const BadWhereCase kBadWheres[] = {
    {"gpkg_unknown_field", sourceGpkg, "parcels", "no_such_field = 1"},
    {"gpkg_syntax", sourceGpkg, "parcels", "height_m >>> 3 AND ("},
    {"geojson_unknown_field", geojsonSource, "parcels", "no_such_field = 1"},
    {"geojson_syntax", geojsonSource, "parcels", "height_m = = 3"},
};

class BadWhere : public ::testing::TestWithParam<BadWhereCase> {};

TEST_P(BadWhere, ExitsTwoWithGdalsMessageOnOneLineAndWritesNothing) {
    const BadWhereCase& c = GetParam();
    const fs::path source = c.source();
    // GDAL's message about the expression: OGR SQL's own parser on the same fields (the GeoJSON copy).
    // A GeoPackage's own message is only "failed to prepare SQL: SELECT <every column> …", never said.
    ASSERT_FALSE(gdalFilterError(source, c.layer, c.where).empty()) << "GDAL accepts the filter " << c.where;
    const std::string gdalMessage = gdalFilterError(geojsonSource(), c.layer, c.where);
    ASSERT_FALSE(gdalMessage.empty()) << "OGR SQL accepts the filter " << c.where;
    const fs::path dir = outDir(std::string("bad-where-") + c.name);
    for (const char* ext : {"gpkg", "kml", "dxf"}) {
        const fs::path out = dir / (std::string("parcels.") + ext);
        RunResult r = exportArgs({source.string(), "--layer", c.layer, "-o", out.string(), "--where", c.where});
        EXPECT_TRUE(cli::failedCleanly(r, 2, {source.string(), c.where, gdalMessage})) << "GDAL says: " << gdalMessage;
        EXPECT_EQ(r.err.find("SELECT"), std::string::npos) << "GDAL's SQL statement repeated: " << r.err;
        EXPECT_FALSE(fs::exists(out)) << out << " written despite the bad filter";
    }
    EXPECT_TRUE(fs::is_empty(dir)) << "something was left in " << dir;
}

INSTANTIATE_TEST_SUITE_P(Export, BadWhere, ::testing::ValuesIn(kBadWheres),
                         [](const ::testing::TestParamInfo<BadWhereCase>& info) { return std::string(info.param.name); });

// ---- --t-srs -------------------------------------------------------------------------------------

TEST(TargetSrs, Epsg4549ReprojectsTheGeoPackage) {
    const fs::path out = outDir("t-srs") / "parcels-4549.gpkg";
    RunResult r = exportArgs({projectToml().string(), "-o", out.string(), "--t-srs", "EPSG:4549"});
    ASSERT_TRUE(cli::succeeded(r));
    GDALDatasetUniquePtr ds = openVector(out);
    ASSERT_TRUE(ds);
    OGRLayer* layer = ds->GetLayerByName(kLayerName);
    ASSERT_TRUE(layer);
    const OGRSpatialReference* srs = layer->GetSpatialRef();
    ASSERT_TRUE(srs);
    EXPECT_STREQ(srs->GetAuthorityName(nullptr), "EPSG");
    EXPECT_STREQ(srs->GetAuthorityCode(nullptr), "4549");
    std::vector<ReadFeature> features = readFeatures(*layer);
    ASSERT_EQ(features.size(), kFeatures.size());
    for (const ReadFeature& f : features) {
        const std::string key = f.text.at(kKeyField);
        for (const auto& want : kFeatures) {
            if (want.values.at(kKeyField) != key) continue;
            OGRGeometry* g = nullptr;
            ASSERT_EQ(OGRGeometryFactory::createFromWkt(want.wkt4549.c_str(), nullptr, &g), OGRERR_NONE);
            std::unique_ptr<OGRGeometry> owner(g);
            // The coordinates themselves are EPSG:4549 metres (no transformation on reading).
            EXPECT_EQ(compareGeometry(*g, *f.geometry, 0.001), "") << key;
        }
    }
}

TEST(TargetSrs, UnknownCrsExitsTwo) {
    const fs::path dir = outDir("t-srs-bad");
    RunResult r = exportArgs({projectToml().string(), "-o", (dir / "x.gpkg").string(), "--t-srs", "EPSG:999999"});
    EXPECT_TRUE(cli::failedCleanly(r, 2, {"EPSG:999999"}));
    EXPECT_TRUE(fs::is_empty(dir));
}

// ---- Existing targets ----------------------------------------------------------------------------

class ExistingTarget : public ::testing::TestWithParam<const char*> {};

TEST_P(ExistingTarget, RefusedWithExitThreeAndUnchangedWithoutOverwriteReplacedWithIt) {
    const std::string ext = GetParam();
    const fs::path dir = outDir("existing-" + ext);
    const fs::path out = dir / ("parcels." + ext);
    // The previous target: the residential parcels only.
    RunResult first = exportArgs({projectToml().string(), "-o", out.string(), "--where", "用地性质 LIKE 'R%'"});
    ASSERT_TRUE(cli::succeeded(first));
    ASSERT_EQ(featuresIn(out), 2);
    const auto before = snapshot(dir);

    RunResult refused = exportArgs({projectToml().string(), "-o", out.string()});
    EXPECT_TRUE(cli::failedCleanly(refused, 3, {out.string(), "--overwrite"}));
    EXPECT_TRUE(snapshot(dir) == before) << "the existing target (or a file beside it) changed";

    RunResult replaced = exportArgs({projectToml().string(), "-o", out.string(), "--overwrite"});
    ASSERT_TRUE(cli::succeeded(replaced));
    EXPECT_GE(featuresIn(out), static_cast<long long>(kFeatures.size())) << "not replaced";  // DXF: an entity per polygon
    EXPECT_FALSE(snapshot(dir) == before);
    // Nothing of the export's own left beside the target (its staging folder).
    for (const auto& entry : fs::directory_iterator(dir))
        EXPECT_EQ(entry.path().stem(), "parcels") << "left beside the target: " << entry.path();
}

INSTANTIATE_TEST_SUITE_P(Export, ExistingTarget, ::testing::Values("gpkg", "shp", "geojson", "kml", "csv", "dxf"));

// ---- The source is never modified ----------------------------------------------------------------

TEST(Source, NeverModifiedByAnyExport) {
    // A project's source folder, and a GBK shapefile (read through its .cpg) exported as it is.
    const fs::path folder = sourceGpkg().parent_path();
    projectToml();
    twoLayerProjectToml();
    const fs::path shp = cli::parcelsShapefileGbk();
    const auto before = snapshot(folder);
    const auto shpBefore = snapshot(shp.parent_path());
    const fs::path out = outDir("source-unchanged");
    bool filtered = false;
    for (const char* ext : {"gpkg", "shp", "geojson", "kml", "fgb", "csv", "dxf"}) {
        SCOPED_TRACE(ext);
        std::vector<std::string> args = {projectToml().string(), "-o", (out / (std::string("p.") + ext)).string()};
        if ((filtered = !filtered)) args.insert(args.end(), {"--where", "big_id IS NOT NULL", "--t-srs", "EPSG:4549"});
        EXPECT_TRUE(cli::succeeded(exportArgs(args)));
    }
    for (const char* ext : {"shp", "geojson", "dxf"})
        EXPECT_TRUE(cli::succeeded(exportArgs({shp.string(), "-o", (out / (std::string("gbk.") + ext)).string()})));
    EXPECT_TRUE(snapshot(folder) == before) << "a file in the source's folder changed, appeared or went";
    EXPECT_TRUE(snapshot(shp.parent_path()) == shpBefore) << "the shapefile source changed";
    // The GBK shapefile's Chinese text arrives as UTF-8.
    EXPECT_TRUE(cli::containsBytes(cli::readFile(out / "gbk.geojson"), "劝业里"));
}

// Even with --overwrite, an export onto its own source (here one layer of a two-layer GeoPackage,
// the path spelled differently) must not replace it: that would lose the other layers and the
// features the filter leaves out.
TEST(Source, NotReplacedByAnExportOntoItselfEvenWithOverwrite) {
    const fs::path dir = outDir("onto-itself");
    const fs::path source = dir / "plan.gpkg";
    fs::copy_file(cli::multiLayerGpkg(), source);
    const auto before = snapshot(dir);
    const std::string sameFile = (dir / "." / "plan.gpkg").string();
    RunResult r = exportArgs({source.string(), "--layer", "roads", "-o", sameFile, "--overwrite"});
    EXPECT_TRUE(cli::endedNormally(r));
    EXPECT_TRUE(r.code == 2 || r.code == 3) << "expected a refusal (exit 2 or 3)\n" << r.describe();
    if (r.code != 0) { EXPECT_TRUE(cli::failedCleanly(r, r.code, {"plan.gpkg"})); }
    EXPECT_TRUE(snapshot(dir) == before) << "the source was replaced; GDAL now lists "
                                         << [&] {
                                                GDALDatasetUniquePtr ds = openVector(source);
                                                std::string names;
                                                for (int i = 0; ds && i < ds->GetLayerCount(); ++i)
                                                    names += std::string(names.empty() ? "" : ", ") + ds->GetLayer(i)->GetName();
                                                return names;
                                            }();
}

// ---- Bad arguments -------------------------------------------------------------------------------

TEST(Errors, UnknownFormatExtensionExitsTwo) {
    const fs::path dir = outDir("err-ext");
    const fs::path out = dir / "parcels.xyz";
    EXPECT_TRUE(cli::failedCleanly(exportArgs({projectToml().string(), "-o", out.string()}), 2, {out.string(), "format"}));
    const fs::path noExt = dir / "parcels";
    EXPECT_TRUE(cli::failedCleanly(exportArgs({projectToml().string(), "-o", noExt.string()}), 2, {noExt.string()}));
    EXPECT_TRUE(cli::failedCleanly(exportArgs({projectToml().string(), "-o", (dir / "p.gpkg").string(), "--format", "Excel"}),
                                   2, {"Excel"}));
    EXPECT_TRUE(fs::is_empty(dir));
}

TEST(Errors, MissingOutputFolderExitsThree) {
    const fs::path out = outDir("err-folder") / "no" / "such" / "folder" / "parcels.gpkg";
    EXPECT_TRUE(cli::failedCleanly(exportArgs({projectToml().string(), "-o", out.string()}), 3, {out.string()}));
    EXPECT_FALSE(fs::exists(out.parent_path()));
}

TEST(Errors, UnknownLayerExitsTwoNamingTheLayers) {
    const fs::path dir = outDir("err-layer");
    EXPECT_TRUE(cli::failedCleanly(
        exportArgs({sourceGpkg().string(), "--layer", "buildings", "-o", (dir / "a.gpkg").string()}), 2,
        {"buildings", kLayerName}));
    EXPECT_TRUE(cli::failedCleanly(
        exportArgs({projectToml().string(), "--layer", "建筑", "-o", (dir / "b.gpkg").string()}), 2,
        {"建筑", kProjectLayerTitle}));
    EXPECT_TRUE(fs::is_empty(dir));
}

TEST(Errors, SeveralLayersWithoutLayerExitsTwoNamingThem) {
    const fs::path dir = outDir("err-several");
    EXPECT_TRUE(cli::failedCleanly(exportArgs({twoLayerProjectToml().string(), "-o", (dir / "a.gpkg").string()}), 2,
                                   {"--layer", "规划地块", "居住用地"}));
    EXPECT_TRUE(cli::failedCleanly(exportArgs({cli::multiLayerGpkg().string(), "-o", (dir / "b.gpkg").string()}), 2,
                                   {"--layer", "parcels", "roads"}));
    EXPECT_TRUE(fs::is_empty(dir));
    // Naming one of them exports it.
    RunResult r = exportArgs({twoLayerProjectToml().string(), "--layer", "居住用地", "-o", (dir / "c.gpkg").string()});
    ASSERT_TRUE(cli::succeeded(r));
    EXPECT_EQ(featuresIn(dir / "c.gpkg"), 2);
}

}  // namespace
