#include <gtest/gtest.h>
#include <algorithm>
#include <chrono>
#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogr_api.h>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>
#include "geo/Errors.h"
#include "geo/FeatureFilter.h"
#include "geo/Project.h"
#include "geo/ProjectData.h"
#include "tests/support/Fixtures.h"

namespace {

const std::string shangcheng = PLANVIEW_SOURCE_DIR "/assets/shangcheng/shangcheng.gpkg";

std::string shellQuote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

/// The FIDs the real `ogrinfo -where` prints for `layer` of `path`.
std::set<std::int64_t> ogrinfoFids(const std::string& path, const std::string& layer, const std::string& where) {
    std::string out = fixtures::run("ogrinfo -ro -q -fields=NO -geom=NO -where " + shellQuote(where) + " " +
                                    shellQuote(path) + " " + shellQuote(layer) + " 2>&1");
    std::set<std::int64_t> fids;
    const std::string marker = "OGRFeature(" + layer + "):";
    std::istringstream lines(out);
    for (std::string line; std::getline(lines, line);) {
        if (line.find("ERROR") != std::string::npos) throw std::runtime_error("ogrinfo: " + line);
        if (line.rfind(marker, 0) == 0) fids.insert(std::stoll(line.substr(marker.size())));
    }
    return fids;
}

/// The FIDs of the features whose flag is set.
std::set<std::int64_t> fidsOf(const geo::FeatureLayer& layer, const std::vector<bool>& flags) {
    std::set<std::int64_t> fids;
    for (std::size_t i = 0; i < flags.size(); ++i)
        if (flags[i]) fids.insert(layer.features.at(i).fid);
    return fids;
}

geo::FeatureLayer loadLayer(const std::string& path, const std::string& layer) {
    geo::ProjectData data = geo::loadProjectData(geo::openProject(path, layer));
    return std::move(data.layers.at(0).data);
}

const geo::FeatureLayer& parcels() {
    static const geo::FeatureLayer layer = loadLayer(shangcheng, "parcels");
    return layer;
}

/// A small layer with every field type the filter copies, NULLs and Chinese text.
void writeFixture(const std::string& path, const std::string& driver) {
    std::vector<fixtures::Row> rows;
    const char* names[] = {"湖滨四期", "Hubin Phase 4", "望江地块", "SC0403-03", "清河坊", "吴山广场"};
    for (int i = 0; i < 24; ++i) {
        std::string lon = std::to_string(120.16 + i * 0.001);
        rows.push_back({"POINT(" + lon + " 30.25)",
                        {i % 7 == 3 ? fixtures::null : names[i % 6],
                         i % 5 == 4 ? fixtures::null : std::to_string(i * 1000000000LL),   // beyond 32 bits
                         i % 6 == 5 ? fixtures::null : std::to_string(i * 0.75),
                         "20" + std::to_string(10 + i % 10) + "-0" + std::to_string(1 + i % 9) + "-15",
                         i % 4 == 0 ? fixtures::null : std::string(i % 2 ? "R2" : "B1")}});
    }
    fixtures::writeLayer(path, driver, "things", 4490, wkbPoint,
                         {{"name"}, {"n", OFTInteger64}, {"x", OFTReal}, {"d", OFTDate}, {"landuse"}}, rows);
}

}  // namespace

const char* parcelExpressions[] = {
    "landuse IN ('R2', 'B1', 'G1')",
    "landuse NOT IN ('R2')",
    "landuse LIKE 'R%'",
    "plot_code LIKE 'SC04%'",
    "name_zh LIKE '%安置房%'",
    "platform = '大湖滨商圈'",
    "platform <> '大湖滨商圈'",
    "platform IN ('大湖滨商圈', '山南基金小镇') AND height_m > 24",
    "height_m > 50",
    "far >= 2.5 AND height_m < 100",
    "area_m2 BETWEEN 5000 AND 20000",
    "renewal = 1 OR landuse = 'M1'",
    "height_m * far > 100",
    "CAST(height_m AS INTEGER) = 30",
    "SUBSTR(plot_code, 1, 4) = 'SC04'",
    "name_zh IS NULL",
    "name_zh IS NOT NULL AND NOT (landuse = 'R2')",
    "platform IS NULL",
    "FID IN (3, 5, 100)",
    "fid < 10 OR fid > 5000",
};

/// Where OGR SQL and SQLite part ways (see FilterDialect): each dialect must still agree with
/// ogrinfo on a source of its kind.
const char* divergentExpressions[] = {
    "landuse = 'r2'",
    "landuse LIKE 'r%'",
    "NOT platform = '大湖滨商圈'",
};

void expectSameAsOgrinfo(const geo::FeatureLayer& layer, geo::FilterDialect dialect, const std::string& path,
                         const std::string& layerName) {
    geo::AttributeQuery query(layer, dialect);
    EXPECT_EQ(query.dialect(), dialect);
    std::size_t nonTrivial = 0;
    for (const char* where : parcelExpressions) {
        std::set<std::int64_t> expected = ogrinfoFids(path, layerName, where);
        std::set<std::int64_t> got = fidsOf(layer, query.matches(where));
        EXPECT_EQ(got, expected) << where << ": " << got.size() << " vs ogrinfo's " << expected.size();
        nonTrivial += !expected.empty() && expected.size() < layer.features.size();
    }
    EXPECT_EQ(nonTrivial, std::size(parcelExpressions)) << "every expression should select some but not all parcels";
    for (const char* where : divergentExpressions)
        EXPECT_EQ(fidsOf(layer, query.matches(where)), ogrinfoFids(path, layerName, where)) << where;
}

TEST(FeatureFilter, ShangchengParcelsMatchOgrinfoWhereOnTheGeoPackage) {
    const geo::FeatureLayer& layer = parcels();
    ASSERT_GT(layer.features.size(), 1000u);
    ASSERT_EQ(geo::filterDialectFor(shangcheng), geo::FilterDialect::SQLite);
    expectSameAsOgrinfo(layer, geo::FilterDialect::SQLite, shangcheng, "parcels");
    // A type mismatch matches nothing in SQLite, as ogrinfo says.
    geo::AttributeQuery query(layer, geo::FilterDialect::SQLite);
    EXPECT_TRUE(fidsOf(layer, query.matches("plot_code = 3")).empty());
    EXPECT_TRUE(ogrinfoFids(shangcheng, "parcels", "plot_code = 3").empty());
}

TEST(FeatureFilter, ShangchengParcelsMatchOgrinfoWhereOnAFlatGeobufCopy) {
    fixtures::TempDir dir;
    const std::string path = dir / "parcels.fgb";
    fixtures::run("ogr2ogr -f FlatGeobuf " + shellQuote(path) + " " + shellQuote(shangcheng) + " parcels");
    geo::FeatureLayer layer = loadLayer(path, "parcels");
    ASSERT_EQ(layer.features.size(), parcels().features.size());
    ASSERT_EQ(geo::filterDialectFor(path), geo::FilterDialect::OgrSql);
    expectSameAsOgrinfo(layer, geo::FilterDialect::OgrSql, path, "parcels");
    // The dialects really differ on these, so the choice matters.
    geo::AttributeQuery ogr(layer, geo::FilterDialect::OgrSql);
    geo::AttributeQuery sqlite(layer, geo::FilterDialect::SQLite);
    for (const char* where : divergentExpressions)
        EXPECT_NE(fidsOf(layer, ogr.matches(where)), fidsOf(layer, sqlite.matches(where))) << where;
}

TEST(FeatureFilter, DialectFollowsTheSource) {
    EXPECT_EQ(geo::filterDialectFor("/data/Plan.GPKG"), geo::FilterDialect::SQLite);
    EXPECT_EQ(geo::filterDialectFor("/data/plan.sqlite"), geo::FilterDialect::SQLite);
    EXPECT_EQ(geo::filterDialectFor("PG:dbname=city"), geo::FilterDialect::SQLite);
    EXPECT_EQ(geo::filterDialectFor("postgresql://planner@db/city"), geo::FilterDialect::SQLite);
    for (const char* s : {"/data/plan.shp", "/data/plan.geojson", "/data/plan.fgb", "/data/plan.csv", "/data/plan.kml"})
        EXPECT_EQ(geo::filterDialectFor(s), geo::FilterDialect::OgrSql) << s;
}

TEST(FeatureFilter, FixtureMatchesOgrinfoWhereInGeoPackageAndFlatGeobuf) {
    fixtures::TempDir dir;
    for (const auto& [file, driver] : {std::pair<std::string, std::string>{"t.gpkg", "GPKG"}, {"t.fgb", "FlatGeobuf"}}) {
        const std::string path = dir / file;
        writeFixture(path, driver);
        geo::FeatureLayer layer = loadLayer(path, "things");
        ASSERT_EQ(layer.features.size(), 24u);
        geo::AttributeQuery query(layer, geo::filterDialectFor(path));
        const char* expressions[] = {
            "n IN (0, 3000000000, 7000000000)",
            "n > 10000000000",
            "n IS NULL",
            "x >= 4.5 AND x < 12",
            "x IS NULL OR n IS NULL",
            "name = '湖滨四期'",
            "name LIKE '%地块'",
            "name IN ('清河坊', '吴山广场')",
            "name LIKE 'SC04%'",
            "name LIKE 'hubin%'",
            "name = 'hubin phase 4'",
            "name IS NULL",
            "NOT name = '清河坊'",
            "d > '2015-01-01'",
            "d BETWEEN '2012-01-01' AND '2016-12-31'",
            "landuse <> 'R2'",
            "NOT (landuse IS NULL) AND x > 3",
        };
        for (const char* where : expressions) {
            std::set<std::int64_t> expected = ogrinfoFids(path, "things", where);
            EXPECT_EQ(fidsOf(layer, query.matches(where)), expected) << driver << ": " << where;
        }
    }
}

TEST(FeatureFilter, AnAttributeNamedFidStaysAnAttribute) {
    fixtures::TempDir dir;
    const std::string path = dir / "t.fgb";
    std::vector<fixtures::Row> rows;
    for (int i = 0; i < 10; ++i) rows.push_back({"POINT(120.17 30.25)", {std::to_string(100 + i * 7)}});
    fixtures::writeLayer(path, "FlatGeobuf", "t", 4490, wkbPoint, {{"fid", OFTInteger}}, rows);
    geo::FeatureLayer layer = loadLayer(path, "t");
    ASSERT_EQ(layer.fieldIndex("fid"), 0);
    std::vector<bool> expected;
    for (const auto& f : layer.features) expected.push_back(geo::toNumber(f.values[0], 0) > 130);
    EXPECT_EQ(geo::AttributeQuery(layer, geo::FilterDialect::SQLite).matches("fid > 130"), expected);
}

TEST(FeatureFilter, EmptyExpressionMatchesEverything) {
    const geo::FeatureLayer& layer = parcels();
    for (auto dialect : {geo::FilterDialect::OgrSql, geo::FilterDialect::SQLite}) {
        geo::AttributeQuery query(layer, dialect);
        for (const char* where : {"", "   "}) {
            std::vector<bool> all = query.matches(where);
            ASSERT_EQ(all.size(), layer.features.size());
            EXPECT_EQ(std::count(all.begin(), all.end(), true), static_cast<long>(layer.features.size()));
        }
    }
}

TEST(FeatureFilter, InvalidExpressionIsAnInputErrorWithGdalsMessage) {
    fixtures::TempDir dir;
    const std::string path = dir / "t.fgb";
    writeFixture(path, "FlatGeobuf");
    geo::FeatureLayer layer = loadLayer(path, "things");
    geo::AttributeQuery query(layer);
    // GDAL's own words for the same expression on the source's own layer.
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    for (const char* where : {"landuse ==", "nosuchfield = 1", "name = 'unclosed", "landuse IN ()"}) {
        CPLPushErrorHandler(CPLQuietErrorHandler);
        CPLErrorReset();
        OGRErr err = ds->GetLayerByName("things")->SetAttributeFilter(where);
        std::string gdal = CPLGetLastErrorMsg();
        CPLPopErrorHandler();
        ASSERT_NE(err, OGRERR_NONE) << where;
        gdal = gdal.substr(0, gdal.find('\n'));   // the first line: the cause
        while (!gdal.empty() && (gdal.back() == ' ' || gdal.back() == '.')) gdal.pop_back();
        ASSERT_FALSE(gdal.empty());
        try {
            query.matches(where);
            ADD_FAILURE() << "no error for " << where;
        } catch (const geo::InputError& e) {
            std::string message = e.what();
            EXPECT_EQ(message.find('\n'), std::string::npos) << message;
            EXPECT_NE(message.find(gdal), std::string::npos) << message << " lacks " << gdal;
            EXPECT_NE(message.find(where), std::string::npos) << message;
            EXPECT_NE(message.find("things"), std::string::npos) << message;
        }
    }
    // It stays usable after an error.
    EXPECT_EQ(fidsOf(layer, query.matches("x > 3")), ogrinfoFids(path, "things", "x > 3"));
}

TEST(FeatureFilter, InvalidExpressionIsAnInputErrorWithSQLitesReasonInTheSQLiteDialect) {
    fixtures::TempDir dir;
    const std::string path = dir / "t.gpkg";
    writeFixture(path, "GPKG");
    geo::FeatureLayer layer = loadLayer(path, "things");
    geo::AttributeQuery query(layer, geo::FilterDialect::SQLite);
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    for (const char* where : {"landuse ==", "nosuchfield = 1", "name = 'unclosed", "landuse IN (", "x > 1)"}) {
        // ogrinfo on the GeoPackage refuses it too.
        EXPECT_THROW(ogrinfoFids(path, "things", where), std::runtime_error) << where;
        // SQLite's reason, as GDAL reports it for the same WHERE on the source's own table.
        CPLPushErrorHandler(CPLQuietErrorHandler);
        CPLErrorReset();
        OGRLayer* result = ds->ExecuteSQL((std::string("SELECT fid FROM things WHERE ") + where).c_str(), nullptr, nullptr);
        std::string gdal = CPLGetLastErrorMsg();
        CPLPopErrorHandler();
        ASSERT_EQ(result, nullptr) << where;
        gdal = gdal.substr(gdal.rfind("):") + 2);
        gdal = gdal.substr(gdal.find_first_not_of(" \n"));
        try {
            query.matches(where);
            ADD_FAILURE() << "no error for " << where;
        } catch (const geo::InputError& e) {
            std::string message = e.what();
            EXPECT_EQ(message.find('\n'), std::string::npos) << message;
            EXPECT_NE(message.find(gdal), std::string::npos) << message << " lacks " << gdal;
            EXPECT_NE(message.find(where), std::string::npos) << message;
        }
    }
    EXPECT_EQ(fidsOf(layer, query.matches("x > 3")), ogrinfoFids(path, "things", "x > 3"));
}

TEST(FeatureFilter, CategoryCountsMatchGdalGroupBy) {
    const geo::FeatureLayer& layer = parcels();
    for (const char* field : {"landuse", "platform"}) {
        GDALDatasetUniquePtr ds(GDALDataset::Open(shangcheng.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
        ASSERT_TRUE(ds);
        std::map<std::string, std::size_t> expected;
        OGRLayer* sql = ds->ExecuteSQL(
            (std::string("SELECT ") + field + " AS v, COUNT(*) AS n FROM parcels GROUP BY " + field).c_str(), nullptr, nullptr);
        ASSERT_NE(sql, nullptr);
        for (OGRFeatureUniquePtr row(sql->GetNextFeature()); row; row.reset(sql->GetNextFeature()))
            expected[row->IsFieldSetAndNotNull(0) ? row->GetFieldAsString(0) : ""] += static_cast<std::size_t>(row->GetFieldAsInteger64(1));
        ds->ReleaseResultSet(sql);

        std::vector<geo::CategoryCount> counts = geo::categoryCounts(layer, field);
        std::map<std::string, std::size_t> got;
        for (const auto& c : counts) got[c.value] = c.count;
        EXPECT_EQ(got, expected) << field;
        EXPECT_EQ(got.size(), counts.size()) << "each value once";
        for (std::size_t i = 1; i < counts.size(); ++i) {
            EXPECT_GE(counts[i - 1].count, counts[i].count) << field << ": most frequent first";
            if (counts[i - 1].count == counts[i].count) EXPECT_LT(counts[i - 1].value, counts[i].value) << "ties by value";
        }
    }
    EXPECT_THROW(geo::categoryCounts(layer, "nosuchfield"), geo::InputError);
}

TEST(FeatureFilter, LayerFilterCombinesHiddenCategoriesAndWhere) {
    const geo::FeatureLayer& layer = parcels();
    geo::LayerFilter filter(layer, geo::filterDialectFor(shangcheng));   // ogrinfo below reads the GeoPackage
    EXPECT_EQ(filter.dialect(), geo::FilterDialect::SQLite);
    EXPECT_FALSE(filter.active());
    EXPECT_EQ(filter.shownCount(), layer.features.size());

    filter.setCategoryField("landuse");
    ASSERT_FALSE(filter.categories().empty());
    filter.setCategoryShown("R2", false);
    filter.setCategoryShown("B1", false);
    EXPECT_TRUE(filter.active());
    EXPECT_FALSE(filter.categoryShown("R2"));
    EXPECT_TRUE(filter.categoryShown("G1"));
    EXPECT_EQ(fidsOf(layer, filter.shown()), ogrinfoFids(shangcheng, "parcels", "landuse NOT IN ('R2', 'B1')"));

    filter.setWhere("height_m > 30");
    const std::set<std::int64_t> both = ogrinfoFids(shangcheng, "parcels", "landuse NOT IN ('R2', 'B1') AND height_m > 30");
    EXPECT_EQ(fidsOf(layer, filter.shown()), both);
    EXPECT_EQ(filter.shownCount(), both.size());

    // A bad expression throws and leaves the filter as it was.
    EXPECT_THROW(filter.setWhere("height_m >"), geo::InputError);
    EXPECT_EQ(filter.where(), "height_m > 30");
    EXPECT_EQ(fidsOf(layer, filter.shown()), both);

    filter.setCategoryShown("R2", true);
    EXPECT_EQ(fidsOf(layer, filter.shown()), ogrinfoFids(shangcheng, "parcels", "landuse <> 'B1' AND height_m > 30"));
    filter.showAllCategories();
    filter.setWhere("");
    EXPECT_FALSE(filter.active());
    EXPECT_EQ(filter.shownCount(), layer.features.size());

    // NULL is the category "".
    filter.setCategoryField("name_zh");
    filter.setCategoryShown("", false);
    EXPECT_EQ(fidsOf(layer, filter.shown()), ogrinfoFids(shangcheng, "parcels", "name_zh IS NOT NULL"));
    // Choosing another field clears the hidden categories.
    filter.setCategoryField("platform");
    EXPECT_FALSE(filter.active());
    EXPECT_THROW(filter.setCategoryField("nosuchfield"), geo::InputError);
}

// Correct at city scale; the times are printed for reading, not asserted (speed is the bench's job, and
// a loaded or sanitized build would make a timed test fail for nothing).
TEST(FeatureFilter, TwoHundredThousandFeaturesMatchExactly) {
    geo::FeatureLayer layer;
    layer.name = "big";
    layer.fields = {{"landuse", geo::FieldType::String}, {"height_m", geo::FieldType::Real},
                    {"floors", geo::FieldType::Integer}, {"name_zh", geo::FieldType::String}};
    const char* classes[] = {"R2", "B1", "G1", "A7", "M1"};
    std::size_t expectedTall = 0, expectedR2orB1 = 0;
    for (int i = 0; i < 200000; ++i) {
        geo::Feature f;
        f.fid = i;
        double height = (i * 37) % 150;
        f.values = {std::string(classes[i % 5]), height, std::int64_t(i % 40),
                    i % 3 ? geo::Value{} : geo::Value{std::string("地块") + std::to_string(i)}};
        expectedTall += height > 100;
        expectedR2orB1 += i % 5 < 2;
        layer.features.push_back(std::move(f));
    }
    for (auto dialect : {geo::FilterDialect::OgrSql, geo::FilterDialect::SQLite}) {
        auto t0 = std::chrono::steady_clock::now();
        geo::AttributeQuery query(layer, dialect);
        auto t1 = std::chrono::steady_clock::now();
        std::vector<bool> tall = query.matches("height_m > 100");
        auto t2 = std::chrono::steady_clock::now();
        std::vector<bool> classesIn = query.matches("landuse IN ('R2', 'B1') AND (name_zh IS NULL OR name_zh LIKE '地块%')");
        auto t3 = std::chrono::steady_clock::now();
        EXPECT_EQ(static_cast<std::size_t>(std::count(tall.begin(), tall.end(), true)), expectedTall);
        EXPECT_EQ(static_cast<std::size_t>(std::count(classesIn.begin(), classesIn.end(), true)), expectedR2orB1);
        auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
        std::cout << (dialect == geo::FilterDialect::SQLite ? "SQLite" : "OGR SQL") << ": build " << ms(t0, t1)
                  << " ms, queries " << ms(t1, t2) << " and " << ms(t2, t3) << " ms\n";
    }
}

// ---- LayerFilter as a value (spec/apply) and as a condition for GDAL (sqlCondition) -------------

namespace {

/// The FIDs GDAL itself gives for `where` on the source's layer (OGR_L_SetAttributeFilter: the
/// driver's own SQL, as an export's `-where` would be evaluated), and GDAL's feature count.
std::set<std::int64_t> gdalFids(const std::string& path, const std::string& layerName, const std::string& where,
                                long long* count = nullptr) {
    GDALAllRegister();
    GDALDatasetH ds = GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
    if (!ds) throw std::runtime_error("cannot open " + path);
    OGRLayerH layer = GDALDatasetGetLayerByName(ds, layerName.c_str());
    std::set<std::int64_t> fids;
    const OGRErr err = layer ? OGR_L_SetAttributeFilter(layer, where.c_str()) : OGRERR_FAILURE;
    if (err == OGRERR_NONE) {
        if (count) *count = OGR_L_GetFeatureCount(layer, TRUE);
        OGR_L_ResetReading(layer);
        for (OGRFeatureH f = OGR_L_GetNextFeature(layer); f; f = OGR_L_GetNextFeature(layer)) {
            fids.insert(OGR_F_GetFID(f));
            OGR_F_Destroy(f);
        }
    }
    GDALClose(ds);
    if (err != OGRERR_NONE) throw std::runtime_error("GDAL refused the condition: " + where);
    return fids;
}

/// Expects GDAL, given the filter's sqlCondition() on the source, to select exactly the features the
/// filter shows.
void expectConditionSelectsTheShown(const geo::LayerFilter& filter, const geo::FeatureLayer& layer, const std::string& path,
                                    const std::string& layerName, const std::string& what) {
    const std::string condition = filter.sqlCondition();
    ASSERT_FALSE(condition.empty()) << what;
    long long count = -1;
    std::set<std::int64_t> selected;
    ASSERT_NO_THROW(selected = gdalFids(path, layerName, condition, &count)) << what << ": " << condition;
    EXPECT_EQ(count, static_cast<long long>(filter.shownCount())) << what << ": " << condition;
    EXPECT_EQ(selected, fidsOf(layer, filter.shown())) << what << ": " << condition;
    EXPECT_GT(filter.shownCount(), 0u) << what;
    EXPECT_LT(filter.shownCount(), layer.features.size()) << what << ": the filter should hide something";
}

}  // namespace

TEST(FeatureFilter, SpecAppliedToAnotherFilterGivesTheSameFilter) {
    const geo::FeatureLayer& layer = parcels();
    geo::LayerFilter a(layer, geo::FilterDialect::SQLite);
    a.setCategoryField("platform");
    a.setCategoryShown("", false);
    a.setCategoryShown("大湖滨商圈", false);
    a.setWhere("height_m > 24");
    a.mode = geo::FilterMode::Grey;
    const geo::FilterSpec spec = a.spec();
    EXPECT_EQ(spec.categoryField, "platform");
    EXPECT_EQ(spec.hiddenCategories, (std::set<std::string>{"", "大湖滨商圈"}));
    EXPECT_EQ(spec.where, "height_m > 24");
    EXPECT_EQ(spec.mode, geo::FilterMode::Grey);

    geo::LayerFilter b(layer, geo::FilterDialect::SQLite);
    b.apply(spec);
    EXPECT_EQ(b.spec(), spec);
    EXPECT_EQ(b.categoryField(), "platform");
    EXPECT_EQ(b.where(), "height_m > 24");
    EXPECT_EQ(b.mode, geo::FilterMode::Grey);
    EXPECT_FALSE(b.categories().empty()) << "apply lists the new field's categories";
    // What it shows, by the real ogrinfo on the GeoPackage.
    const std::set<std::int64_t> expected =
        ogrinfoFids(shangcheng, "parcels", "platform IS NOT NULL AND platform <> '大湖滨商圈' AND height_m > 24");
    EXPECT_EQ(fidsOf(layer, b.shown()), expected);
    EXPECT_EQ(b.shownCount(), expected.size());

    // Back to no filter at all.
    b.apply(geo::FilterSpec{});
    EXPECT_EQ(b.spec(), geo::FilterSpec{});
    EXPECT_FALSE(b.active());
    EXPECT_EQ(b.shownCount(), layer.features.size());
}

TEST(FeatureFilter, ApplyThatThrowsLeavesTheFilterAsItWas) {
    const geo::FeatureLayer& layer = parcels();
    geo::LayerFilter filter(layer, geo::FilterDialect::SQLite);
    filter.apply({"landuse", {"R2", "B1"}, "height_m > 30", geo::FilterMode::Grey});
    const geo::FilterSpec before = filter.spec();
    const std::vector<bool> shownBefore = filter.shown();
    const std::size_t countBefore = filter.shownCount();
    const std::string conditionBefore = filter.sqlCondition();
    const std::size_t categoriesBefore = filter.categories().size();
    ASSERT_EQ(fidsOf(layer, shownBefore), ogrinfoFids(shangcheng, "parcels", "landuse NOT IN ('R2', 'B1') AND height_m > 30"));

    auto expectUnchanged = [&](const char* what) {
        EXPECT_EQ(filter.spec(), before) << what;
        EXPECT_EQ(filter.shown(), shownBefore) << what;
        EXPECT_EQ(filter.shownCount(), countBefore) << what;
        EXPECT_EQ(filter.sqlCondition(), conditionBefore) << what;
        EXPECT_EQ(filter.categories().size(), categoriesBefore) << what;
        EXPECT_TRUE(filter.categoryShown("G1")) << what;
        EXPECT_FALSE(filter.categoryShown("R2")) << what;
    };
    // An expression GDAL refuses, with every other part of the spec changed too.
    EXPECT_THROW(filter.apply({"platform", {""}, "height_m >", geo::FilterMode::Hide}), geo::FilterError);
    expectUnchanged("bad WHERE");
    // A category field the layer lacks, with a valid new expression.
    try {
        filter.apply({"nosuchfield", {"x"}, "height_m > 50", geo::FilterMode::Hide});
        ADD_FAILURE() << "no error for a missing field";
    } catch (const geo::FilterError&) {
        ADD_FAILURE() << "a missing field is not a bad expression";
    } catch (const geo::InputError& e) {
        EXPECT_NE(std::string(e.what()).find("nosuchfield"), std::string::npos) << e.what();
    }
    expectUnchanged("missing field");
    // And it still applies a good spec afterwards.
    filter.apply({"landuse", {"R2"}, "", geo::FilterMode::Hide});
    EXPECT_EQ(fidsOf(layer, filter.shown()), ogrinfoFids(shangcheng, "parcels", "landuse <> 'R2'"));
}

// sqlCondition() is what an export hands GDAL as `-where`: on the source itself, GDAL must select
// exactly the features the filter shows, in either SQL (the GeoPackage's SQLite, a FlatGeobuf's OGR SQL).
TEST(FeatureFilter, SqlConditionSelectsInGdalWhatTheFilterShows) {
    fixtures::TempDir dir;
    const std::string fgb = dir / "parcels.fgb";
    fixtures::run("ogr2ogr -f FlatGeobuf " + shellQuote(fgb) + " " + shellQuote(shangcheng) + " parcels");
    const geo::FeatureLayer fgbLayer = loadLayer(fgb, "parcels");
    struct Case {
        const char* what;
        geo::FilterSpec spec;
    };
    const Case cases[] = {
        {"hidden values", {"landuse", {"R2", "B1"}, "", geo::FilterMode::Hide}},
        {"hidden NULL alone", {"platform", {""}, "", geo::FilterMode::Hide}},
        {"hidden NULL and a value", {"platform", {"", "大湖滨商圈"}, "", geo::FilterMode::Hide}},
        {"a value hidden, NULL shown", {"platform", {"吴山宋韵小镇", "望江智慧产业园"}, "", geo::FilterMode::Hide}},
        {"an integer field", {"renewal", {"1"}, "", geo::FilterMode::Hide}},
        {"expression alone", {"", {}, "far >= 2.5 AND height_m < 100", geo::FilterMode::Hide}},
        // An OR in the expression must stay inside its parentheses.
        {"expression with OR and hidden values",
         {"landuse", {"R2", "G1"}, "landuse = 'R2' OR height_m > 50", geo::FilterMode::Hide}},
        {"expression and hidden NULL", {"platform", {"", "山南基金小镇"}, "height_m > 24", geo::FilterMode::Hide}},
    };
    for (const auto& [path, layer, dialect] :
         {std::tuple<std::string, const geo::FeatureLayer*, geo::FilterDialect>{shangcheng, &parcels(), geo::FilterDialect::SQLite},
          {fgb, &fgbLayer, geo::FilterDialect::OgrSql}}) {
        for (const Case& c : cases) {
            geo::LayerFilter filter(*layer, dialect);
            filter.apply(c.spec);
            expectConditionSelectsTheShown(filter, *layer, path, "parcels", path.substr(path.rfind('.')) + ": " + c.what);
        }
        geo::LayerFilter none(*layer, dialect);
        EXPECT_EQ(none.sqlCondition(), "") << "an inactive filter has no condition";
    }
}

// The same over the small fixture: NULLs in every field, 64-bit integers, reals, dates, Chinese text.
TEST(FeatureFilter, SqlConditionSelectsInGdalWhatTheFilterShowsForEveryFieldType) {
    fixtures::TempDir dir;
    for (const auto& [file, driver] : {std::pair<std::string, std::string>{"t.gpkg", "GPKG"}, {"t.fgb", "FlatGeobuf"}}) {
        const std::string path = dir / file;
        writeFixture(path, driver);
        const geo::FeatureLayer layer = loadLayer(path, "things");
        const geo::FilterDialect dialect = geo::filterDialectFor(path);
        for (const char* field : {"name", "n", "x", "d", "landuse"}) {
            // Its most frequent non-NULL value, hidden with and without NULL, and NULL alone.
            const std::vector<geo::CategoryCount> counts = geo::categoryCounts(layer, field);
            auto value = std::find_if(counts.begin(), counts.end(), [](const geo::CategoryCount& c) { return !c.value.empty(); });
            ASSERT_NE(value, counts.end()) << field;
            const bool hasNull = std::any_of(counts.begin(), counts.end(), [](const geo::CategoryCount& c) { return c.value.empty(); });
            std::vector<std::set<std::string>> hiddenSets = {{value->value}};
            if (hasNull) hiddenSets.insert(hiddenSets.end(), {{value->value, ""}, {""}});
            for (const auto& hidden : hiddenSets) {
                for (const char* where : {"", "x > 3 OR x IS NULL"}) {
                    geo::LayerFilter filter(layer, dialect);
                    filter.apply({field, hidden, where, geo::FilterMode::Hide});
                    std::string what = driver + ": " + field + " hiding " + std::to_string(hidden.size()) +
                                       (hidden.count("") ? " with NULL" : "") + (*where ? " and a WHERE" : "");
                    expectConditionSelectsTheShown(filter, layer, path, "things", what);
                }
            }
        }
    }
}
