// `planview compare` (issue 20): exit codes, and every --format read back and checked against a
// reference the test computes itself with GDAL/OGR (keys' set differences, attributes compared field
// by field, outlines' distances and areas with GEOS in EPSG:4549) — on a small fixture whose answers are
// also known by construction, and on the sample's 三元坊 renewal scheme against the plan.
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>
#include <cmath>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include "tests/cli/CliSupport.h"
#include "tests/support/Fixtures.h"

namespace {

using namespace cli;

constexpr double kTolerance = 0.5;            // --tolerance's default

using fixtures::rect;

/// Two versions of five plots: K1 unchanged; K2 land use and height changed; K3 30 m wider; K4 moved
/// 0.2 m (within the tolerance: unchanged); K5 removed; K6 added. The after version has a field the
/// before lacks (note), which is not compared.
fs::path compareFolder() {
    const fs::path folder = workDir() / "compare";
    if (fs::exists(folder / "after.gpkg")) return folder;
    fs::create_directories(folder);
    const std::vector<fixtures::Field> fields{{"plot_code"}, {"landuse"}, {"name_zh"}, {"height_m", OFTReal}, {"far", OFTReal}};
    fixtures::writeLayer((folder / "before.gpkg").string(), "GPKG", "parcels", 4549, wkbPolygon, fields,
                         {{rect(0, 0, 100, 100), {"K1", "R2", "甲", "30", "2.0"}},
                          {rect(200, 0, 300, 100), {"K2", "R2", "乙", "30", "2.0"}},
                          {rect(0, 200, 100, 300), {"K3", "B1", "丙", "24", "1.5"}},
                          {rect(200, 200, 300, 300), {"K4", "G1", "丁", fixtures::null, "0"}},
                          {rect(400, 0, 500, 100), {"K5", "M1", "戊", "12", "1.0"}}});
    std::vector<fixtures::Field> afterFields = fields;
    afterFields.push_back({"note"});
    fixtures::writeLayer((folder / "after.gpkg").string(), "GPKG", "plots", 4549, wkbPolygon, afterFields,
                         {{rect(0, 0, 100, 100), {"K1", "R2", "甲", "30.0", "2", "same"}},
                          {rect(200, 0, 300, 100), {"K2", "B1", "乙", "45", "2.0", "raised"}},
                          {rect(0, 200, 130, 300), {"K3", "B1", "丙", "24", "1.5", "wider"}},
                          {rect(200.2, 200, 300, 300), {"K4", "G1", "丁", fixtures::null, "0", "nudged"}},
                          {rect(400, 200, 500, 300), {"K6", "A3", "己", "18", "1.2", "new"}}});
    return folder;
}

std::vector<std::string> fixtureArgs(std::vector<std::string> more) {
    std::vector<std::string> all{"compare", (compareFolder() / "before.gpkg").string(), (compareFolder() / "after.gpkg").string(),
                                 "--after-layer", "plots", "--key", "plot_code"};
    all.insert(all.end(), more.begin(), more.end());
    return all;
}

fs::path sampleFolder() { return fs::path(PLANVIEW_SOURCE_DIR) / "assets/shangcheng"; }

std::vector<std::string> sampleArgs(std::vector<std::string> more) {
    std::vector<std::string> all{"compare", (sampleFolder() / "project.toml").string(), (sampleFolder() / "scheme/scheme.vrt").string(),
                                 "--layer", "用地", "--after-layer", "parcels", "--key", "plot_code"};
    all.insert(all.end(), more.begin(), more.end());
    return all;
}

// ---- The reference, with GDAL/OGR only ---------------------------------------------------------

/// One version's features by key: attributes as OGR reads them, the polygon in EPSG:4549.
struct Version {
    std::vector<std::string> fields;
    std::set<std::string> numeric;   ///< fields of an integer or real type
    struct Plot {
        std::unique_ptr<OGRFeature> feature;
        std::unique_ptr<OGRGeometry> geometry;   ///< EPSG:4549
        double area = 0;
    };
    std::map<std::string, Plot> plots;
};

Version readVersion(const fs::path& path, const std::string& layerName, const std::string& key) {
    GDALAllRegister();
    Version v;
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
    if (!ds) throw std::runtime_error("GDAL cannot open " + path.string());
    OGRLayer* layer = ds->GetLayerByName(layerName.c_str());
    if (!layer) throw std::runtime_error(path.string() + " has no layer " + layerName);
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
        const OGRFieldDefn* f = defn->GetFieldDefn(i);
        v.fields.push_back(f->GetNameRef());
        if (f->GetType() == OFTInteger || f->GetType() == OFTInteger64 || f->GetType() == OFTReal) v.numeric.insert(f->GetNameRef());
    }
    OGRSpatialReference metric;
    metric.importFromEPSG(4549);
    metric.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    for (auto& f : *layer) {
        Version::Plot plot;
        plot.geometry.reset(f->GetGeometryRef()->clone());
        if (plot.geometry->transformTo(&metric) != OGRERR_NONE) throw std::runtime_error("cannot project a feature of " + path.string());
        plot.area = plot.geometry->toPolygon()->get_Area();
        const std::string k = f->GetFieldAsString(key.c_str());
        plot.feature.reset(f.release());
        v.plots.emplace(k, std::move(plot));
    }
    return v;
}

bool sameField(const OGRFeature& a, const OGRFeature& b, const std::string& field, bool numeric) {
    const int ia = a.GetFieldIndex(field.c_str()), ib = b.GetFieldIndex(field.c_str());
    const bool nullA = !a.IsFieldSetAndNotNull(ia), nullB = !b.IsFieldSetAndNotNull(ib);
    if (nullA || nullB) return nullA && nullB;
    if (numeric) {
        const double x = a.GetFieldAsDouble(ia), y = b.GetFieldAsDouble(ib);
        return std::fabs(x - y) <= 1e-9 * std::max({1.0, std::fabs(x), std::fabs(y)});
    }
    return std::string(a.GetFieldAsString(ia)) == b.GetFieldAsString(ib);
}

/// The farthest any vertex of `a` lies from the outline of `b` (GEOS distances through OGR).
double farthestVertex(const OGRGeometry& a, const OGRGeometry& b) {
    std::unique_ptr<OGRGeometry> outline(b.Boundary());
    double farthest = 0;
    const OGRPolygon* polygon = a.toPolygon();
    for (const OGRLinearRing* ring : *polygon)
        for (const OGRPoint& p : *ring) farthest = std::max(farthest, p.Distance(outline.get()));
    return farthest;
}

/// What changed, key by key: "added", "removed", "unchanged" or "changed" with the changed fields
/// (the fields both versions have) and "geometry" when an outline moved more than the tolerance.
struct Reference {
    std::map<std::string, std::string> kind;
    std::map<std::string, std::set<std::string>> changed;
    std::map<std::string, std::size_t> counts;   ///< by kind
    Version before, after;
};

Reference reference(const fs::path& before, const std::string& beforeLayer, const fs::path& after, const std::string& afterLayer,
                    const std::string& key) {
    Reference r;
    r.before = readVersion(before, beforeLayer, key);
    r.after = readVersion(after, afterLayer, key);
    std::vector<std::string> shared;
    for (const auto& f : r.before.fields)
        if (std::find(r.after.fields.begin(), r.after.fields.end(), f) != r.after.fields.end()) shared.push_back(f);
    for (const auto& [k, plot] : r.before.plots) {
        const auto match = r.after.plots.find(k);
        if (match == r.after.plots.end()) {
            r.kind[k] = "removed";
            continue;
        }
        std::set<std::string> fields;
        for (const auto& f : shared)
            if (!sameField(*plot.feature, *match->second.feature, f, r.before.numeric.count(f) || r.after.numeric.count(f)))
                fields.insert(f);
        const OGRGeometry& g0 = *plot.geometry;
        const OGRGeometry& g1 = *match->second.geometry;
        if (!g0.Equals(&g1) && std::max(farthestVertex(g0, g1), farthestVertex(g1, g0)) > kTolerance) fields.insert("geometry");
        r.kind[k] = fields.empty() ? "unchanged" : "changed";
        if (!fields.empty()) r.changed[k] = fields;
    }
    for (const auto& [k, plot] : r.after.plots)
        if (!r.before.plots.count(k)) r.kind[k] = "added";
    for (const auto& [k, kind] : r.kind) ++r.counts[kind];
    return r;
}

/// Features and area (m², EPSG:4549) by land use, and over all ("").
std::map<std::string, std::pair<std::size_t, double>> byLandUse(const Version& v) {
    std::map<std::string, std::pair<std::size_t, double>> totals;
    for (const auto& [k, plot] : v.plots)
        for (const std::string& category : {std::string(), std::string(plot.feature->GetFieldAsString("landuse"))}) {
            ++totals[category].first;
            totals[category].second += plot.area;
        }
    return totals;
}

const Reference& sampleReference() {
    static const Reference r = reference(sampleFolder() / "shangcheng.gpkg", "parcels", sampleFolder() / "scheme/scheme.vrt",
                                         "parcels", "plot_code");
    return r;
}

const Reference& fixtureReference() {
    static const Reference r = reference(compareFolder() / "before.gpkg", "parcels", compareFolder() / "after.gpkg", "plots", "plot_code");
    return r;
}

/// A CSV line's cells (fields in double quotes may hold commas and doubled quotes).
std::vector<std::string> csvCells(const std::string& line) {
    std::vector<std::string> cells(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') cells.back() += '"', ++i;
        else if (c == '"') quoted = !quoted;
        else if (c == ',' && !quoted) cells.emplace_back();
        else cells.back() += c;
    }
    return cells;
}

std::set<std::string> jsonSet(const nlohmann::json& array) {
    std::set<std::string> s;
    for (const auto& v : array) s.insert(v.get<std::string>());
    return s;
}

/// The JSON output against the reference: every key's change, the changed fields, the areas and the
/// indicators' feature counts and areas by land use.
void expectJsonMatches(const nlohmann::json& j, const Reference& ref) {
    ASSERT_TRUE(j.contains("changes") && j.contains("summary") && j.contains("indicators"));
    std::map<std::string, std::string> kinds;
    for (const auto& c : j["changes"]) {
        const std::string key = c["key"];
        kinds[key] = c["change"];
        if (c["change"] == "changed") EXPECT_EQ(jsonSet(c["changed"]), ref.changed.at(key)) << key;
        else EXPECT_TRUE(c["changed"].empty()) << key;
        if (ref.before.plots.count(key)) EXPECT_NEAR(c["area_before_m2"].get<double>(), ref.before.plots.at(key).area, 1e-3) << key;
        else EXPECT_TRUE(c["area_before_m2"].is_null()) << key;
        if (ref.after.plots.count(key)) EXPECT_NEAR(c["area_after_m2"].get<double>(), ref.after.plots.at(key).area, 1e-3) << key;
        else EXPECT_TRUE(c["area_after_m2"].is_null()) << key;
    }
    EXPECT_EQ(kinds, ref.kind);
    for (const char* kind : {"added", "removed", "changed", "unchanged"}) {
        const auto n = ref.counts.count(kind) ? ref.counts.at(kind) : 0;
        EXPECT_EQ(j["summary"][kind].get<std::size_t>(), n) << kind;
    }
    EXPECT_EQ(j["summary"]["before"].get<std::size_t>(), ref.before.plots.size());
    EXPECT_EQ(j["summary"]["after"].get<std::size_t>(), ref.after.plots.size());
    const auto before = byLandUse(ref.before), after = byLandUse(ref.after);
    std::size_t featureRows = 0, areaRows = 0;
    for (const auto& row : j["indicators"]) {
        const std::string category = row["category"], indicator = row["indicator"];
        auto expected = [&](const std::map<std::string, std::pair<std::size_t, double>>& totals, bool area) {
            const auto t = totals.find(category);
            return t == totals.end() ? 0.0 : area ? t->second.second : static_cast<double>(t->second.first);
        };
        if (indicator == "features") {
            ++featureRows;
            EXPECT_EQ(row["before"].get<double>(), expected(before, false)) << category;
            EXPECT_EQ(row["after"].get<double>(), expected(after, false)) << category;
            EXPECT_EQ(row["delta"].get<double>(), expected(after, false) - expected(before, false)) << category;
        } else if (indicator == "area_m2") {
            ++areaRows;
            const double b = expected(before, true), a = expected(after, true);
            EXPECT_NEAR(row["before"].get<double>(), b, 1e-7 * b + 1e-3) << category;
            EXPECT_NEAR(row["after"].get<double>(), a, 1e-7 * a + 1e-3) << category;
            EXPECT_NEAR(row["delta"].get<double>(), a - b, 1e-7 * b + 1e-3) << category;
        }
    }
    // Every land-use class (and the whole layer) of either version has its row.
    std::set<std::string> categories;
    for (const auto* totals : {&before, &after})
        for (const auto& [category, t] : *totals) categories.insert(category);
    EXPECT_EQ(featureRows, categories.size());
    EXPECT_EQ(areaRows, categories.size());
}

}  // namespace

TEST(CompareCli, FixtureReferenceIsWhatTheFixtureWasMadeTo) {
    // The reference itself, against the answers known by construction.
    const Reference& ref = fixtureReference();
    const std::map<std::string, std::string> expected{{"K1", "unchanged"}, {"K2", "changed"}, {"K3", "changed"},
                                                      {"K4", "unchanged"}, {"K5", "removed"}, {"K6", "added"}};
    EXPECT_EQ(ref.kind, expected);
    EXPECT_EQ(ref.changed.at("K2"), (std::set<std::string>{"landuse", "height_m"}));
    EXPECT_EQ(ref.changed.at("K3"), (std::set<std::string>{"geometry"}));
}

TEST(CompareCli, FixtureJsonAgreesWithGdal) {
    RunResult r = runPlanview(fixtureArgs({"--format", "json"}));
    ASSERT_TRUE(succeeded(r)) << r.describe();
    const nlohmann::json j = parseJson(r.out);
    expectJsonMatches(j, fixtureReference());
    EXPECT_EQ(j["summary"]["key"], "plot_code");
    EXPECT_EQ(jsonSet(j["summary"]["fields_only_after"]), std::set<std::string>{"note"});
    for (const auto& c : j["changes"])
        if (c["key"] == "K2") {
            EXPECT_EQ(c["attributes"]["landuse"]["before"], "R2");
            EXPECT_EQ(c["attributes"]["landuse"]["after"], "B1");
            EXPECT_EQ(c["attributes"]["height_m"]["after"].get<double>(), 45);
        } else if (c["key"] == "K3") {
            EXPECT_NEAR(c["shift_m"].get<double>(), 30, 1e-6);   // the east edge moved 30 m
        }
}

TEST(CompareCli, FixtureByOverlapMatchesAsTheKeysDo) {
    // Without --key, K3 (70 % of its after self) and K4 pair by overlap; K5 and K6 overlap nothing.
    RunResult r = runPlanview({"compare", (compareFolder() / "before.gpkg").string(), (compareFolder() / "after.gpkg").string(),
                               "--after-layer", "plots", "--format", "json"});
    ASSERT_TRUE(succeeded(r)) << r.describe();
    const nlohmann::json j = parseJson(r.out);
    EXPECT_EQ(j["summary"]["matched_by"], "overlap");
    for (const char* kind : {"added", "removed", "changed", "unchanged"})
        EXPECT_EQ(j["summary"][kind].get<std::size_t>(), fixtureReference().counts.at(kind)) << kind;
}

TEST(CompareCli, SampleSchemeJsonAgreesWithGdal) {
    const Reference& ref = sampleReference();
    // The set differences of plot_code, as GDAL reads both versions.
    std::set<std::string> added, removed;
    for (const auto& [k, p] : ref.after.plots)
        if (!ref.before.plots.count(k)) added.insert(k);
    for (const auto& [k, p] : ref.before.plots)
        if (!ref.after.plots.count(k)) removed.insert(k);
    ASSERT_FALSE(added.empty());
    ASSERT_FALSE(removed.empty());
    ASSERT_GT(ref.changed.size(), 0u);

    RunResult r = runPlanview(sampleArgs({"--format", "json"}));
    ASSERT_TRUE(succeeded(r)) << r.describe();
    const nlohmann::json j = parseJson(r.out);
    std::set<std::string> jsonAdded, jsonRemoved;
    for (const auto& c : j["changes"]) {
        if (c["change"] == "added") jsonAdded.insert(c["key"].get<std::string>());
        if (c["change"] == "removed") jsonRemoved.insert(c["key"].get<std::string>());
    }
    EXPECT_EQ(jsonAdded, added);
    EXPECT_EQ(jsonRemoved, removed);
    expectJsonMatches(j, ref);
}

TEST(CompareCli, SampleSchemeCsvAgreesWithGdal) {
    const Reference& ref = sampleReference();
    RunResult r = runPlanview(sampleArgs({"--format", "csv"}));
    ASSERT_TRUE(succeeded(r)) << r.describe();
    const std::vector<std::string> rows = lines(r.out);
    ASSERT_GT(rows.size(), ref.kind.size() + 2);
    EXPECT_EQ(rows[0], "change,key,changed,before,after,area_before_m2,area_after_m2,shift_m");
    std::map<std::string, std::string> kinds;
    std::size_t i = 1;
    for (; i < rows.size() && !rows[i].empty(); ++i) {
        const std::vector<std::string> cells = csvCells(rows[i]);
        ASSERT_EQ(cells.size(), 8u) << rows[i];
        kinds[cells[1]] = cells[0];
        if (cells[0] == "changed") {
            std::set<std::string> changed;
            std::istringstream in(cells[2]);
            for (std::string field; std::getline(in, field, ';');) changed.insert(field.substr(field.find_first_not_of(' ')));
            EXPECT_EQ(changed, ref.changed.at(cells[1])) << rows[i];
        }
        if (ref.before.plots.count(cells[1])) EXPECT_NEAR(std::stod(cells[5]), ref.before.plots.at(cells[1]).area, 1e-3) << rows[i];
        else EXPECT_EQ(cells[5], "") << rows[i];
    }
    EXPECT_EQ(kinds, ref.kind);
    ASSERT_LT(i + 1, rows.size());   // a blank line, then the indicators
    EXPECT_EQ(rows[i + 1], "indicator,category,before,after,delta");
    bool sawFeatures = false;
    for (std::size_t k = i + 2; k < rows.size(); ++k) {
        const std::vector<std::string> cells = csvCells(rows[k]);
        ASSERT_EQ(cells.size(), 5u) << rows[k];
        if (cells[0] == "features" && cells[1].empty()) {
            sawFeatures = true;
            EXPECT_EQ(std::stod(cells[2]), static_cast<double>(ref.before.plots.size()));
            EXPECT_EQ(std::stod(cells[3]), static_cast<double>(ref.after.plots.size()));
        }
    }
    EXPECT_TRUE(sawFeatures);
}

TEST(CompareCli, SampleSchemeTableAgreesWithGdal) {
    const Reference& ref = sampleReference();
    RunResult r = runPlanview(sampleArgs({"--only-changes"}));
    ASSERT_TRUE(succeeded(r)) << r.describe();
    const std::vector<std::string> rows = lines(r.out);
    ASSERT_FALSE(rows.empty());
    EXPECT_EQ(rows[0].rfind("change", 0), 0u) << rows[0];
    std::map<std::string, std::string> shown;
    std::size_t i = 1;
    for (; i < rows.size() && rows[i].find(" features before, ") == std::string::npos; ++i) {
        std::istringstream in(rows[i]);
        std::string kind, key;
        in >> kind >> key;
        shown[key] = kind;
    }
    std::map<std::string, std::string> expected;
    for (const auto& [k, kind] : ref.kind)
        if (kind != "unchanged") expected[k] = kind;
    EXPECT_EQ(shown, expected);
    ASSERT_LT(i, rows.size());
    auto count = [&](const char* kind) { return ref.counts.count(kind) ? ref.counts.at(kind) : 0; };
    std::ostringstream summary;
    summary << ref.before.plots.size() << " features before, " << ref.after.plots.size() << " after, matched by plot_code: "
            << count("added") << " added, " << count("removed") << " removed, " << count("changed") << " changed, "
            << count("unchanged") << " unchanged";
    EXPECT_EQ(rows[i], summary.str());
}

TEST(CompareCli, SampleSchemeGeoPackageReadBackWithGdal) {
    const Reference& ref = sampleReference();
    const fs::path out = workDir() / "compare-sample.gpkg";
    fs::remove(out);
    RunResult r = runPlanview(sampleArgs({"-o", out.string()}));
    ASSERT_TRUE(succeeded(r)) << r.describe();
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    OGRLayer* changes = ds->GetLayerByName("changes");
    ASSERT_TRUE(changes);
    EXPECT_EQ(changes->GetFeatureCount(), static_cast<GIntBig>(ref.kind.size()));
    ASSERT_TRUE(changes->GetSpatialRef());
    EXPECT_STREQ(changes->GetSpatialRef()->GetAuthorityCode(nullptr), "4549");
    std::map<std::string, std::string> kinds;
    for (auto& f : *changes) {
        const std::string key = f->GetFieldAsString("key");
        kinds[key] = f->GetFieldAsString("change");
        // Added and matched plots are drawn as they are after, removed ones as they were before.
        const Version& side = ref.after.plots.count(key) ? ref.after : ref.before;
        ASSERT_TRUE(f->GetGeometryRef()) << key;
        EXPECT_NEAR(OGR_G_Area(OGRGeometry::ToHandle(f->GetGeometryRef())), side.plots.at(key).area, 1e-3) << key;
    }
    EXPECT_EQ(kinds, ref.kind);
    OGRLayer* indicators = ds->GetLayerByName("indicators");
    ASSERT_TRUE(indicators);
    bool sawFeatures = false;
    for (auto& f : *indicators)
        if (std::string(f->GetFieldAsString("indicator")) == "features" && std::string(f->GetFieldAsString("category")).empty()) {
            sawFeatures = true;
            EXPECT_EQ(f->GetFieldAsDouble("before"), static_cast<double>(ref.before.plots.size()));
            EXPECT_EQ(f->GetFieldAsDouble("after"), static_cast<double>(ref.after.plots.size()));
        }
    EXPECT_TRUE(sawFeatures);
    OGRLayer* styles = ds->GetLayerByName("layer_styles");
    ASSERT_TRUE(styles);
    styles->SetAttributeFilter("f_table_name = 'changes'");
    EXPECT_EQ(styles->GetFeatureCount(), 1);
    for (auto& f : *styles) EXPECT_NE(std::string(f->GetFieldAsString("styleQML")).find("added"), std::string::npos);
}

TEST(CompareCli, ExitCodes) {
    const std::string before = (compareFolder() / "before.gpkg").string(), after = (compareFolder() / "after.gpkg").string();
    // 0 with changes found.
    RunResult r = runPlanview(fixtureArgs({}));
    EXPECT_TRUE(succeeded(r)) << r.describe();
    EXPECT_NE(r.out.find("1 added, 1 removed, 2 changed, 2 unchanged"), std::string::npos) << r.out;
    // 1: usage.
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"compare", before}, fixtureArgs({"--format", "xml"}), fixtureArgs({"--tolerance", "-1"}), fixtureArgs({"--bogus"})}) {
        r = runPlanview(args);
        EXPECT_TRUE(endedNormally(r));
        EXPECT_EQ(r.code, 1) << r.describe();
        EXPECT_TRUE(r.out.empty()) << r.describe();
    }
    EXPECT_TRUE(failedCleanly(runPlanview(fixtureArgs({"--format", "gpkg"})), 1, {"gpkg", "-o"}));
    // 2: a missing or corrupt source, an unknown layer, an unknown key field.
    const fs::path missing = workDir() / "compare-missing.gpkg";
    EXPECT_TRUE(failedCleanly(runPlanview({"compare", before, missing.string()}), 2, {missing.string()}));
    EXPECT_TRUE(failedCleanly(runPlanview({"compare", missing.string(), after}), 2, {missing.string()}));
    const fs::path corrupt = workDir() / "compare-corrupt.gpkg";
    writeFile(corrupt, "this is not a GeoPackage, whatever its name says\n");
    EXPECT_TRUE(failedCleanly(runPlanview({"compare", before, corrupt.string()}), 2, {corrupt.string()}));
    EXPECT_TRUE(failedCleanly(runPlanview({"compare", before, after, "--layer", "道路"}), 2, {"--layer", "道路"}));
    EXPECT_TRUE(failedCleanly(runPlanview({"compare", before, after, "--after-layer", "道路"}), 2, {"--after-layer", "道路"}));
    EXPECT_TRUE(failedCleanly(runPlanview({"compare", before, after, "--after-layer", "plots", "--key", "地块编码"}), 2, {"--key", "地块编码"}));
}

TEST(CompareCli, OutputErrorsLeaveExistingFilesIntact) {
    // 3: a folder that does not exist, for a text format and for a GeoPackage.
    for (const char* name : {"out.csv", "out.json", "out.gpkg"}) {
        const fs::path target = workDir() / "compare-no-such-folder" / name;
        EXPECT_TRUE(failedCleanly(runPlanview(fixtureArgs({"-o", target.string()})), 3, {target.string()}));
        EXPECT_FALSE(fs::exists(target.parent_path()));
    }
    // 3: an existing output without --overwrite, the file left as it was; replaced with --overwrite.
    for (const char* name : {"existing.csv", "existing.txt", "existing.gpkg"}) {
        const fs::path target = workDir() / "compare-out" / name;
        fs::create_directories(target.parent_path());
        const std::string kept = std::string("keep me: ") + name + "\n";
        writeFile(target, kept);
        EXPECT_TRUE(failedCleanly(runPlanview(fixtureArgs({"-o", target.string()})), 3, {target.string(), "--overwrite"}));
        EXPECT_EQ(readFile(target), kept) << target;
        RunResult r = runPlanview(fixtureArgs({"-o", target.string(), "--overwrite"}));
        EXPECT_TRUE(succeeded(r)) << r.describe();
        EXPECT_NE(readFile(target), kept) << target;
    }
    // What was written: the CSV as the CSV on standard output, the GeoPackage with GDAL.
    RunResult csv = runPlanview(fixtureArgs({"--format", "csv"}));
    ASSERT_TRUE(succeeded(csv));
    EXPECT_EQ(readFile(workDir() / "compare-out" / "existing.csv"), csv.out);
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open((workDir() / "compare-out" / "existing.gpkg").c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds && ds->GetLayerByName("changes"));
    EXPECT_EQ(ds->GetLayerByName("changes")->GetFeatureCount(), 6);
    for (const auto& entry : fs::directory_iterator(workDir() / "compare-out"))
        EXPECT_EQ(entry.path().filename().string().find(".partial"), std::string::npos) << entry.path();
}
