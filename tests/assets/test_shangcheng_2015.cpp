// The sample's existing land use of 2015 (现状, layer parcels_2015, written by
// assets/shangcheng/existing2015.py) against the plan's parcels (layer parcels), checked with GDAL and
// GEOS in the test: the plots that differ lie in the plan's renewal sites or under its projects of
// 2016–2020, the 红星化工厂 and 中策橡胶 plots were industry and are no longer, and `planview compare`
// counts what the test's own comparison counts. Areas in EPSG:4549.
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>
#include "geo/Project.h"
#include "tests/cli/CliSupport.h"

namespace {

const std::string kFolder = PLANVIEW_SOURCE_DIR "/assets/shangcheng";
const std::string kGpkg = kFolder + "/shangcheng.gpkg";

struct Row {
    std::map<std::string, std::string> text;   // every field as text ("" for NULL)
    std::unique_ptr<OGRGeometry> geom;         // in EPSG:4549
    std::string operator[](const std::string& f) const {
        auto it = text.find(f);
        return it == text.end() ? "" : it->second;
    }
};

std::vector<Row> readLayer(const std::string& name) {
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(kGpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    std::vector<Row> rows;
    if (!ds) return rows;
    OGRLayer* layer = ds->GetLayerByName(name.c_str());
    if (!layer) return rows;
    OGRSpatialReference gk;
    gk.importFromEPSG(4549);
    gk.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReference src(*layer->GetSpatialRef());
    src.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> toGk(OGRCreateCoordinateTransformation(&src, &gk));
    for (auto& f : *layer) {
        Row row;
        for (int i = 0; i < f->GetFieldCount(); ++i)
            row.text[f->GetFieldDefnRef(i)->GetNameRef()] = f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "";
        row.geom.reset(f->GetGeometryRef()->clone());
        row.geom->transform(toGk.get());
        rows.push_back(std::move(row));
    }
    return rows;
}

struct Versions {
    std::vector<Row> before, after, sites, projects;
    std::map<std::string, const Row*> beforeByCode, afterByCode;
};

const Versions& versions() {
    static const Versions v = [] {
        Versions v;
        v.before = readLayer("parcels_2015");
        v.after = readLayer("parcels");
        v.sites = readLayer("renewal_sites");
        v.projects = readLayer("projects");
        for (const Row& r : v.before) v.beforeByCode[r["plot_code"]] = &r;
        for (const Row& r : v.after) v.afterByCode[r["plot_code"]] = &r;
        return v;
    }();
    return v;
}

double area(const OGRGeometry* g) {
    const OGRwkbGeometryType t = wkbFlatten(g->getGeometryType());
    if (t == wkbPolygon) return g->toPolygon()->get_Area();
    if (t == wkbMultiPolygon || t == wkbGeometryCollection) {
        double a = 0;
        for (const OGRGeometry* part : *g->toGeometryCollection()) a += area(part);
        return a;
    }
    return 0;
}

/// The test's own comparison by plot_code: a plot is changed when any field both versions share
/// differs as text, or its outline moved (the symmetric difference of the two outlines covers more
/// than 1 m²; planview's 0.5 m tolerance lets only rounding through, and the data copies unchanged
/// outlines exactly).
struct Reference {
    std::set<std::string> changed, added, removed;
    std::size_t unchanged = 0;
};

const Reference& reference() {
    static const Reference ref = [] {
        Reference r;
        const Versions& v = versions();
        for (const auto& [code, before] : v.beforeByCode) {
            auto after = v.afterByCode.find(code);
            if (after == v.afterByCode.end()) {
                r.removed.insert(code);
                continue;
            }
            bool differs = false;
            for (const auto& [field, value] : before->text)
                if (after->second->text.count(field) && after->second->text.at(field) != value) differs = true;
            std::unique_ptr<OGRGeometry> moved(before->geom->SymDifference(after->second->geom.get()));
            if (moved && area(moved.get()) > 1.0) differs = true;
            if (differs) r.changed.insert(code);
            else ++r.unchanged;
        }
        for (const auto& [code, after] : v.afterByCode)
            if (!v.beforeByCode.count(code)) r.added.insert(code);
        return r;
    }();
    return ref;
}

int yearOf(const std::string& date) { return date.size() >= 4 ? std::stoi(date.substr(0, 4)) : 0; }

/// A project of 2016–2020: not completed at the plan's adoption, started or finished in those years.
bool builtIn2016To2020(const Row& p) {
    auto within = [](int y) { return y >= 2016 && y <= 2020; };
    return p["status"] != "completed" && (within(yearOf(p["start_date"])) || within(yearOf(p["finish_date"])));
}

/// Whether the plot's outline overlaps a renewal site (by more than 1 m²) or holds a project of 2016–2020.
bool inRenewalOrProject(const OGRGeometry& plot) {
    for (const Row& site : versions().sites) {
        if (!plot.Intersects(site.geom.get())) continue;
        std::unique_ptr<OGRGeometry> common(plot.Intersection(site.geom.get()));
        if (common && area(common.get()) > 1.0) return true;
    }
    for (const Row& p : versions().projects)
        if (builtIn2016To2020(p) && plot.Contains(p.geom.get())) return true;
    return false;
}

}  // namespace

TEST(Shangcheng2015, HasThePlotsOfThePlanWithTheirOwnCodes) {
    const Versions& v = versions();
    ASSERT_GT(v.after.size(), 1000u);
    ASSERT_GT(v.before.size(), 1000u) << "no layer parcels_2015 in " << kGpkg;
    EXPECT_EQ(v.beforeByCode.size(), v.before.size()) << "duplicate plot codes in 2015";
    const Reference& r = reference();
    std::printf("2015 -> 2020: %zu unchanged, %zu changed, %zu added, %zu removed\n", r.unchanged, r.changed.size(),
                r.added.size(), r.removed.size());
    // Most of the district stood in 2015 as the plan keeps it.
    EXPECT_GT(r.unchanged, v.after.size() * 9 / 10);
    EXPECT_GT(r.changed.size(), 50u);
}

TEST(Shangcheng2015, EveryPlotThatDiffersLiesInARenewalSiteOrUnderAProjectOf2016To2020) {
    const Versions& v = versions();
    const Reference& r = reference();
    for (const std::set<std::string>* kind : {&r.changed, &r.added, &r.removed})
        for (const std::string& code : *kind) {
            const Row* plot = v.afterByCode.count(code) ? v.afterByCode.at(code) : v.beforeByCode.at(code);
            const Row* old = v.beforeByCode.count(code) ? v.beforeByCode.at(code) : plot;
            EXPECT_TRUE(inRenewalOrProject(*plot->geom) || inRenewalOrProject(*old->geom))
                << code << " (" << (*old)["landuse"] << " → " << (*plot)["landuse"] << ") differs outside the renewal sites and projects";
        }
    // And the story is told everywhere: each renewal site on the surface has a plot that changed.
    for (const Row& site : v.sites) {
        if (site["type"] == "underground") continue;
        bool any = false;
        for (const std::string& code : r.changed) any = any || v.afterByCode.at(code)->geom->Intersects(site.geom.get());
        EXPECT_TRUE(any) << "nothing changed in the renewal site " << site["name_zh"];
    }
}

TEST(Shangcheng2015, HongxingAndZhongceWereIndustryAndAreNoLonger) {
    const Versions& v = versions();
    std::size_t hongxing = 0, zhongce = 0;
    auto check = [&](const Row& after, std::size_t& count) {
        const std::string code = after["plot_code"];
        ASSERT_TRUE(v.beforeByCode.count(code)) << code << " has no 2015 plot";
        const Row& before = *v.beforeByCode.at(code);
        EXPECT_EQ(before["landuse"].substr(0, 1), "M") << code << " in 2015: " << before["landuse"];
        EXPECT_GT(std::stod(before["height_m"]), 0) << code << ": the works stood there in 2015";
        EXPECT_NE(after["landuse"].substr(0, 1), "M") << code << " in 2020: " << after["landuse"];
        ++count;
    };
    const Row* site = nullptr;
    for (const Row& s : v.sites)
        if (s["name_zh"].find("红星化工厂") != std::string::npos) site = &s;
    ASSERT_NE(site, nullptr);
    for (const Row& p : v.after) {
        if (p.geom->Intersects(site->geom.get())) {
            std::unique_ptr<OGRGeometry> common(p.geom->Intersection(site->geom.get()));
            if (area(common.get()) > 0.5 * area(p.geom.get())) check(p, hongxing);
        }
        if (p["name_zh"].find("中策橡胶") != std::string::npos) check(p, zhongce);
    }
    EXPECT_GE(hongxing, 1u);
    EXPECT_EQ(zhongce, 2u) << "the plan's SC0403-03 and SC0403-04 (中策橡胶)";
}

TEST(Shangcheng2015, UrbanVillagesWereLowDenseVillageHousing) {
    const Versions& v = versions();
    std::size_t villages = 0;
    for (const Row& site : v.sites) {
        if (site["type"] != "urban_village") continue;
        ++villages;
        std::size_t plots = 0;
        for (const Row& plot : v.before) {
            if (!plot.geom->Intersects(site.geom.get())) continue;
            std::unique_ptr<OGRGeometry> common(plot.geom->Intersection(site.geom.get()));
            if (area(common.get()) < 0.5 * area(plot.geom.get())) continue;
            ++plots;
            EXPECT_EQ(plot["landuse"], "R3") << plot["plot_code"];
            EXPECT_LE(std::stod(plot["height_m"]), 12.0) << plot["plot_code"] << ": low";
            EXPECT_GE(std::stod(plot["far"]), 1.5) << plot["plot_code"] << ": dense";
        }
        EXPECT_GE(plots, 1u) << site["name_zh"] << ": no 2015 plot stands on the village";
    }
    EXPECT_GE(villages, 1u) << "the sample has an urban village (城中村) to rebuild";
}

TEST(Shangcheng2015, PlanviewCompareCountsWhatGdalCounts) {
    const cli::RunResult run = cli::runPlanview({"compare", kGpkg, kGpkg, "--layer", "parcels_2015", "--after-layer", "parcels",
                                                 "--key", "plot_code", "--format", "json"});
    ASSERT_TRUE(cli::succeeded(run)) << run.describe();
    const nlohmann::json j = nlohmann::json::parse(run.out);
    const Reference& r = reference();
    EXPECT_EQ(j["summary"]["changed"].get<std::size_t>(), r.changed.size());
    EXPECT_EQ(j["summary"]["added"].get<std::size_t>(), r.added.size());
    EXPECT_EQ(j["summary"]["removed"].get<std::size_t>(), r.removed.size());
    EXPECT_EQ(j["summary"]["unchanged"].get<std::size_t>(), r.unchanged);
    std::set<std::string> changed;
    for (const auto& c : j["changes"])
        if (c["change"] == "changed") changed.insert(c["key"].get<std::string>());
    EXPECT_EQ(changed, r.changed);
}

TEST(Shangcheng2015, TheProjectComparesBothPairsAndItsBookmarksChooseOne) {
    const geo::Project p = geo::loadProject(kFolder + "/project.toml");
    ASSERT_EQ(p.compares.size(), 2u);
    const geo::CompareSettings* existing = nullptr;
    for (const geo::CompareSettings& c : p.compares)
        if (c.after == "用地" && c.before != "用地") existing = &c;
    ASSERT_NE(existing, nullptr) << "no pair with the plan's parcels after";
    EXPECT_EQ(existing->key, "plot_code");
    const geo::LayerSpec* before = nullptr;
    for (const geo::LayerSpec& l : p.layers)
        if (l.name == existing->before) before = &l;
    ASSERT_NE(before, nullptr);
    EXPECT_EQ(before->layer, "parcels_2015");
    EXPECT_FALSE(before->visible) << "hidden until compared";
    std::size_t choosing = 0;
    for (const geo::Bookmark& b : p.bookmarks)
        if (b.comparePair == existing->name) {
            ++choosing;
            EXPECT_FALSE(b.compare.empty()) << b.name;
        }
    EXPECT_GE(choosing, 2u) << "a swipe and the changes of 2015→2020";
}
