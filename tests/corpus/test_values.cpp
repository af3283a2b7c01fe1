// Values that must come back exactly: 100 KiB strings, 64-bit integers beyond 2^53 (up to ±(2^63 - 1)),
// dates and times before 1970 and after 2038, and NULL in every field. From each source format through
// `export` (to GeoPackage, read back with GDAL), `info --features` and `stats --by`; and a 100 KiB label
// through `render`.
#include <cstdio>
#include <map>
#include <regex>
#include <set>
#include <gdal.h>
#include <ogrsf_frmts.h>
#include <gtest/gtest.h>
#include "tests/corpus/Corpus.h"

using namespace corpus;
using cli::RunResult;
using cli::runPlanview;

namespace {

const std::string kNull = "<NULL>";

struct ValueFormat {
    const char* key;
    const char* driver;
    const char* ext;
    std::vector<std::string> options;   ///< layer creation options
    std::vector<std::string> fields;    ///< the value fields the format can hold exactly
    bool nullGeometry = true;           ///< whether the format keeps a feature without geometry
    std::vector<std::string> open = {}; ///< GDAL open options that read the fixture exactly
};

std::ostream& operator<<(std::ostream& o, const ValueFormat& f) { return o << f.key; }

const std::vector<std::string> kAllFields = {"kind", "long", "big", "d", "dt"};

const ValueFormat kFormats[] = {
    {"gpkg", "GPKG", ".gpkg", {}, kAllFields},
    {"geojson", "GeoJSON", ".geojson", {}, kAllFields},
    // GDAL writes no FlatGeobuf feature without geometry.
    {"fgb", "FlatGeobuf", ".fgb", {}, kAllFields, false},
    // CSV has no NULL text: GDAL reads it as "" (compared with what GDAL reads, not with the NULL written).
    {"csv", "CSV", ".csv", {"GEOMETRY=AS_WKT", "CREATE_CSVT=YES"}, kAllFields},
    // KML has no date type (GDAL writes dates as "1969/12/31" text): text and integers only.
    {"kml", "KML", ".kml", {}, {"kind", "long", "big"}},
    // A .dbf holds at most 254 bytes of text and no time of day; its 20-digit integers are exact in the
    // file, and GDAL reads them exactly when asked to (ADJUST_TYPE), else as doubles.
    {"shp", "ESRI Shapefile", ".shp", {"ENCODING=UTF-8"}, {"kind", "big", "d"}, true, {"ADJUST_TYPE=YES"}},
};

/// Strips a time zone ("Z", "+08:00") from an ISO date-time's end.
std::string withoutZone(std::string text) {
    static const std::regex zone("(Z|[+-][0-9]{2}(:?[0-9]{2})?)$");
    static const std::regex dateTime("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}.*");
    if (std::regex_match(text, dateTime)) text = std::regex_replace(text, zone, "");
    // "…:59.000" is "…:59"; midnight is the date alone (FlatGeobuf keeps dates as date-times).
    static const std::regex zeroFraction("(T[0-9]{2}:[0-9]{2}:[0-9]{2})\\.0+$");
    static const std::regex midnight("^([0-9]{4}-[0-9]{2}-[0-9]{2})T00:00:00$");
    return std::regex_replace(std::regex_replace(text, zeroFraction, "$1"), midnight, "$1");
}

/// A field of an OGR feature as exact text: integers in decimal, dates as ISO 8601 (no zone), NULL as <NULL>.
std::string canonical(OGRFeature& f, int i) {
    if (!f.IsFieldSetAndNotNull(i)) return kNull;
    char buffer[64];
    switch (f.GetFieldDefnRef(i)->GetType()) {
    case OFTInteger:
    case OFTInteger64: return std::to_string(f.GetFieldAsInteger64(i));
    case OFTReal: std::snprintf(buffer, sizeof buffer, "%.17g", f.GetFieldAsDouble(i)); return buffer;
    case OFTDate:
    case OFTDateTime: {
        int y, mo, d, h, mi, tz;
        float s;
        f.GetFieldAsDateTime(i, &y, &mo, &d, &h, &mi, &s, &tz);
        if (f.GetFieldDefnRef(i)->GetType() == OFTDate) std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", y, mo, d);
        else std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, h, mi, static_cast<int>(s));
        return withoutZone(buffer);
    }
    default: return withoutZone(f.GetFieldAsString(i));
    }
}

using Row = std::map<std::string, std::string>;
using Rows = std::vector<Row>;

/// A row's identity whatever order a format returns rows in (FlatGeobuf sorts them along its
/// spatial index): its kind (NULL and "" alike) and whether it has a geometry.
std::string keyOf(const Row& row) {
    const std::string kind = row.count("kind") && row.at("kind") != kNull ? row.at("kind") : "";
    return kind + "|" + row.at("(geometry)");
}

/// `rows` by keyOf(); fails the test when two rows share a key.
std::map<std::string, Row> byKey(const Rows& rows, const std::string& what) {
    std::map<std::string, Row> out;
    for (const Row& r : rows)
        if (!out.emplace(keyOf(r), r).second) ADD_FAILURE() << what << ": two rows with key " << keyOf(r);
    return out;
}

/// Every feature of the first data layer of `file` (layer_styles left out) as field name -> exact text,
/// plus "(geometry)" -> "yes"/<NULL>.
Rows readRows(const path& file, const std::vector<std::string>& openOptions = {}) {
    GDALAllRegister();
    std::vector<const char*> options;
    for (const auto& o : openOptions) options.push_back(o.c_str());
    options.push_back(nullptr);
    GDALDatasetUniquePtr ds(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, options.data()));
    Rows rows;
    if (!ds) {
        ADD_FAILURE() << "GDAL cannot open " << file;
        return rows;
    }
    for (OGRLayer* layer : ds->GetLayers()) {
        if (std::string(layer->GetName()) == "layer_styles") continue;
        for (auto& f : *layer) {
            std::map<std::string, std::string> row;
            for (int i = 0; i < f->GetFieldCount(); ++i) row[f->GetFieldDefnRef(i)->GetNameRef()] = canonical(*f, i);
            row["(geometry)"] = f->GetGeometryRef() && !f->GetGeometryRef()->IsEmpty() ? "yes" : kNull;
            rows.push_back(std::move(row));
        }
        break;
    }
    return rows;
}

/// The values as written (valueRows(), without the row lacking geometry unless `nullGeometry`), as exact text.
Rows intendedRows(bool nullGeometry) {
    Rows rows;
    for (const auto& r : valueRows()) {
        if (r.wkt.empty() && !nullGeometry) continue;
        std::map<std::string, std::string> row;
        for (std::size_t i = 0; i < valueFields().size(); ++i)
            row[valueFields()[i].name] = r.values[i] == fixtures::null ? kNull : r.values[i];
        row["(geometry)"] = r.wkt.empty() ? kNull : "yes";
        rows.push_back(std::move(row));
    }
    return rows;
}

std::string shortened(const std::string& text) {
    return text.size() <= 80 ? text : text.substr(0, 40) + "…(" + std::to_string(text.size()) + " bytes)…" + text.substr(text.size() - 20);
}

class Values : public ::testing::TestWithParam<ValueFormat> {
protected:
    /// Writes the value layer in this format; returns its path.
    path writeSource() {
        const ValueFormat& f = GetParam();
        dir_ = freshDir("values", f.key);
        std::vector<fixtures::Field> fields;
        std::vector<std::size_t> keep;
        for (std::size_t i = 0; i < valueFields().size(); ++i)
            if (std::find(f.fields.begin(), f.fields.end(), valueFields()[i].name) != f.fields.end()) {
                fields.push_back(valueFields()[i]);
                keep.push_back(i);
            }
        std::vector<fixtures::Row> rows;
        for (const auto& r : valueRows()) {
            if (r.wkt.empty() && !f.nullGeometry) continue;
            fixtures::Row row{r.wkt, {}};
            for (std::size_t i : keep) row.values.push_back(r.values[i]);
            rows.push_back(row);
        }
        const path file = dir_ / (std::string("values") + f.ext);
        fixtures::writeLayer(file.string(), f.driver, "values", std::string(f.key) == "csv" ? 0 : 4326, wkbPolygon, fields, rows,
                             f.options);
        return file;
    }
    path dir_;
};

}  // namespace

TEST_P(Values, RoundTripExactly) {
    const ValueFormat& f = GetParam();
    const path source = writeSource();
    const Rows intended = intendedRows(f.nullGeometry);

    // The fixture itself: GDAL reads from the source exactly the values written (NULL aside, which
    // some formats cannot hold); `truth` is what GDAL reads, the reference for everything below.
    const Rows truthRows = readRows(source, f.open);
    ASSERT_EQ(truthRows.size(), intended.size()) << "fixture " << source;
    const std::map<std::string, Row> truth = byKey(truthRows, "fixture");
    for (const auto& [key, row] : byKey(intended, "intended")) {
        ASSERT_TRUE(truth.count(key)) << "fixture: no row " << key << " in " << source;
        for (const std::string& field : f.fields)
            if (row.at(field) != kNull)
                ASSERT_EQ(truth.at(key).at(field), row.at(field))
                    << "fixture: GDAL's " << f.driver << " driver does not keep row " << key << " field " << field;
    }

    // export -> GeoPackage -> GDAL: every row, every field, exactly.
    const path exported = dir_ / "exported.gpkg";
    RunResult run = runPlanview({"export", source.string(), "-o", exported.string()});
    ASSERT_TRUE(cli::succeeded(run));
    EXPECT_EQ(exportFeatureCount(run.out), static_cast<long>(truth.size())) << run.describe();
    const Rows backRows = readRows(exported);
    ASSERT_EQ(backRows.size(), truth.size()) << "rows read back from " << exported;
    for (const auto& [key, row] : byKey(backRows, "export")) {
        ASSERT_TRUE(truth.count(key)) << "export: row " << key << " is not in the source";
        for (const std::string& field : f.fields) {
            ASSERT_TRUE(row.count(field)) << "field " << field << " missing from the export";
            EXPECT_EQ(row.at(field), truth.at(key).at(field))
                << "export, row " << key << " field " << field << ": exported " << shortened(row.at(field))
                << ", source " << shortened(truth.at(key).at(field));
        }
    }

    // info --features: the values as read, exactly (integers as JSON integers).
    RunResult info = runPlanview({"info", source.string(), "--json", "--features", "10"});
    ASSERT_TRUE(cli::succeeded(info));
    nlohmann::json j = cli::parseJson(info.out);
    ASSERT_TRUE(j.is_object() && j["layers"].size() == 1) << info.out.substr(0, 2000);
    const nlohmann::json& samples = j["layers"][0]["features"];
    ASSERT_EQ(samples.size(), truth.size());
    Rows infoRows;
    for (const auto& sample : samples) {
        Row row;
        for (const std::string& field : f.fields) {
            const nlohmann::json& v = sample["attributes"][field];
            row[field] = v.is_null() ? kNull
                       : v.is_number_integer() ? v.dump()
                       : v.is_string() ? (field == "long" || field == "kind" ? v.get<std::string>() : withoutZone(v.get<std::string>()))
                       : "(not exact: " + v.dump() + ")";
        }
        row["(geometry)"] = sample["centroid_wgs84"].is_null() ? kNull : "yes";
        infoRows.push_back(row);
    }
    for (const auto& [key, row] : byKey(infoRows, "info")) {
        ASSERT_TRUE(truth.count(key)) << "info: row " << key << " is not in the source";
        for (const std::string& field : f.fields)
            EXPECT_EQ(row.at(field), truth.at(key).at(field)) << "info, row " << key << " field " << field << ": "
                                                               << shortened(row.at(field));
    }

    // stats --by each value field: one category per value, exactly (NULL is ""); the row without
    // geometry is skipped with a warning.
    for (const std::string& field : f.fields) {
        SCOPED_TRACE("stats --by " + field);
        RunResult stats = runPlanview({"stats", source.string(), "--by", field, "--format", "json"});
        ASSERT_TRUE(cli::succeeded(stats));
        std::multiset<std::string> expected, got;
        for (const auto& [key, row] : truth)
            if (row.at("(geometry)") != kNull) expected.insert(row.at(field) == kNull ? "" : row.at(field));
        nlohmann::json table = cli::parseJson(stats.out);
        for (const auto& row : table["rows"])
            for (long n = 0; n < row["count"].get<long>(); ++n)
                got.insert(field == "d" || field == "dt" ? withoutZone(row["category"].get<std::string>())
                                                         : row["category"].get<std::string>());
        EXPECT_TRUE(got == expected) << "categories differ from the values:\n  got:     " << [&] {
            std::string t;
            for (const auto& g : got) t += " [" + shortened(g) + "]";
            return t;
        }() << "\n  expected:" << [&] {
            std::string t;
            for (const auto& e : expected) t += " [" + shortened(e) + "]";
            return t;
        }();
        const FeatureWarnings w = featureWarnings(stats.err);
        EXPECT_EQ(w.skipped, f.nullGeometry ? 1 : 0) << stats.err;
    }
}

INSTANTIATE_TEST_SUITE_P(Formats, Values, ::testing::ValuesIn(kFormats),
                         [](const ::testing::TestParamInfo<ValueFormat>& info) { return std::string(info.param.key); });

// A 100 KiB label, and the extreme values, through the scene: render succeeds and counts the
// feature without geometry as skipped.
TEST(ValuesRender, HundredKilobyteLabel) {
    const path dir = freshDir("values", "label");
    const path source = dir / "values.gpkg";
    fixtures::writeLayer(source.string(), "GPKG", "values", 4326, wkbPolygon, valueFields(), valueRows());
    const path toml = writeProject(dir / "project.toml", {{"name = \"values\"", "source = \"values.gpkg\"", "kind = \"parcels\"",
                                                           "label = \"long\"", "extrude = \"big\""}});
    RunResult render = runRender({toml.string(), "-o", (dir / "view.png").string(), "--size", "160x120", "--stats"});
    ASSERT_TRUE(cli::succeeded(render));
    EXPECT_EQ(renderFeatureCount(render.out, "values"), 5) << render.describe();
    const FeatureWarnings w = featureWarnings(render.err);
    EXPECT_EQ(w.skipped, 1) << render.describe();
    EXPECT_LT(render.err.size(), 4000u) << "warnings must not repeat the 100 KiB text";
}
