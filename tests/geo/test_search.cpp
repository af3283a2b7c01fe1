#include <gtest/gtest.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <set>
#include "geo/Project.h"
#include "geo/ProjectData.h"
#include "geo/Search.h"

namespace {

const std::string shangcheng = PLANVIEW_SOURCE_DIR "/assets/shangcheng/shangcheng.gpkg";

const geo::ProjectData& project() {
    static const geo::ProjectData data =
        geo::loadProjectData(geo::loadProject(PLANVIEW_SOURCE_DIR "/assets/shangcheng/project.toml"));
    return data;
}

const geo::SearchIndex& index() {
    static const geo::SearchIndex i(project());
    return i;
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

/// (source layer, fid) of every feature of `layer` in the sample GeoPackage matching `where`, by GDAL.
std::set<std::pair<std::string, std::int64_t>> gdalFids(const std::string& layer, const std::string& where) {
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(shangcheng.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    OGRLayer* l = ds->GetLayerByName(layer.c_str());
    l->SetAttributeFilter(where.c_str());
    std::set<std::pair<std::string, std::int64_t>> out;
    for (OGRFeatureUniquePtr f(l->GetNextFeature()); f; f.reset(l->GetNextFeature())) out.insert({layer, f->GetFID()});
    return out;
}

std::set<std::pair<std::string, std::int64_t>> hitFids(const std::vector<geo::SearchHit>& hits) {
    std::set<std::pair<std::string, std::int64_t>> out;
    for (const auto& h : hits) {
        const auto& layer = project().layers.at(h.layer);
        out.insert({layer.spec.layer, layer.data.features.at(h.feature).fid});
    }
    return out;
}

/// The order the index promises: exact, then prefix, then substring; within each, shorter first.
void expectRanked(const std::vector<geo::SearchHit>& hits, const std::string& query) {
    const std::string q = lower(query);
    auto rank = [&](const geo::SearchHit& h) {
        const std::string t = lower(h.text);
        return t == q ? 0 : t.rfind(q, 0) == 0 ? 1 : 2;
    };
    for (std::size_t i = 0; i < hits.size(); ++i) {
        EXPECT_NE(lower(hits[i].text).find(q), std::string::npos) << hits[i].text;
        if (i == 0) continue;
        const int a = rank(hits[i - 1]), b = rank(hits[i]);
        EXPECT_LE(a, b) << hits[i - 1].text << " before " << hits[i].text;
        if (a == b) EXPECT_LE(hits[i - 1].text.size(), hits[i].text.size()) << hits[i - 1].text << " before " << hits[i].text;
    }
}

}  // namespace

TEST(Search, FindsAChineseNameExactFirst) {
    std::vector<geo::SearchHit> hits = index().find("湖滨四期");
    ASSERT_FALSE(hits.empty());
    expectRanked(hits, "湖滨四期");
    EXPECT_EQ(hits[0].text, "湖滨四期");
    // Every parcel and project so named is found: GDAL's own filter on the file says which.
    auto expected = gdalFids("parcels", "name_zh = '湖滨四期'");
    auto projects = gdalFids("projects", "name_zh = '湖滨四期'");
    expected.insert(projects.begin(), projects.end());
    ASSERT_FALSE(expected.empty());
    auto found = hitFids(hits);
    for (const auto& e : expected) EXPECT_TRUE(found.count(e)) << e.first << " " << e.second;

    // A substring finds more, exact and prefix matches first.
    std::vector<geo::SearchHit> wider = index().find("湖滨", 500);
    expectRanked(wider, "湖滨");
    auto containing = gdalFids("parcels", "name_zh LIKE '%湖滨%'");
    auto found2 = hitFids(wider);
    for (const auto& e : containing) EXPECT_TRUE(found2.count(e)) << e.first << " " << e.second;
}

TEST(Search, FindsAnEnglishNameWhateverItsCase) {
    for (const char* q : {"hubin phase 4", "HUBIN PHASE 4", "  Hubin Phase 4 "}) {
        std::vector<geo::SearchHit> hits = index().find(q);
        ASSERT_FALSE(hits.empty()) << q;
        EXPECT_EQ(hits[0].text, "Hubin Phase 4") << q;
        EXPECT_EQ(hits[0].field, "name_en");
    }
    std::vector<geo::SearchHit> hits = index().find("hubin", 500);
    expectRanked(hits, "hubin");
    auto expected = gdalFids("projects", "name_en LIKE '%hubin%'");   // SQLite's LIKE is ASCII case-blind
    ASSERT_GT(expected.size(), 2u);
    auto found = hitFids(hits);
    for (const auto& e : expected) EXPECT_TRUE(found.count(e)) << e.first << " " << e.second;
}

TEST(Search, FindsAPlotCode) {
    for (const char* q : {"SC0403-03", "sc0403-03"}) {
        std::vector<geo::SearchHit> hits = index().find(q);
        ASSERT_FALSE(hits.empty()) << q;
        EXPECT_EQ(hits[0].text, "SC0403-03");
        EXPECT_EQ(hits[0].field, "plot_code");
        auto expected = gdalFids("parcels", "plot_code = 'SC0403-03'");
        ASSERT_EQ(expected.size(), 1u);
        EXPECT_TRUE(hitFids(hits).count(*expected.begin()));
    }
    // A prefix: every parcel whose code starts with it, codes before names that only contain it.
    std::vector<geo::SearchHit> hits = index().find("SC0403", 1000);
    expectRanked(hits, "SC0403");
    auto expected = gdalFids("parcels", "plot_code LIKE 'SC0403%'");
    ASSERT_GT(expected.size(), 3u);
    auto found = hitFids(hits);
    for (const auto& e : expected) EXPECT_TRUE(found.count(e)) << e.first << " " << e.second;
}

TEST(Search, ListsEachFeatureOnceAndHonoursTheLimit) {
    std::vector<geo::SearchHit> hits = index().find("SC0403", 1000);
    std::set<std::pair<std::size_t, std::size_t>> seen;
    for (const auto& h : hits) EXPECT_TRUE(seen.insert({h.layer, h.feature}).second) << h.text;
    std::vector<geo::SearchHit> few = index().find("SC0403", 3);
    ASSERT_EQ(few.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(few[i].text, hits[i].text);
}

TEST(Search, EmptyOrUnknownFindsNothing) {
    EXPECT_TRUE(index().find("").empty());
    EXPECT_TRUE(index().find("   ").empty());
    EXPECT_TRUE(index().find("不存在的地名xyz").empty());
    EXPECT_GT(index().size(), 0u);
}

TEST(Search, HitsPointAtTheirFeatureAndField) {
    for (const auto& h : index().find("望江", 200)) {
        const auto& layer = project().layers.at(h.layer).data;
        EXPECT_EQ(geo::toString(layer.value(layer.features.at(h.feature), h.field)), h.text);
    }
}

TEST(Search, TwoHundredThousandParcelsRankedAndComplete) {
    geo::Extent lonLat;
    lonLat.add(120.15, 30.23);
    lonLat.add(120.18, 30.26);
    geo::ProjectData data{geo::Project{}, geo::SceneFrame::choose(lonLat), {}, {}};
    data.layers.emplace_back();
    geo::FeatureLayer& layer = data.layers[0].data;
    layer.fields = {{"plot_code", geo::FieldType::String}, {"name_zh", geo::FieldType::String}, {"height_m", geo::FieldType::Real}};
    std::size_t expected17 = 0;
    for (int i = 0; i < 200000; ++i) {
        geo::Feature f;
        char code[32];
        std::snprintf(code, sizeof code, "SC%04d-%02d", i / 100, i % 100);
        f.values = {std::string(code), std::string("地块") + std::to_string(i), double(i % 90)};
        expected17 += std::string(code).find("17") != std::string::npos || std::to_string(i).find("17") != std::string::npos;
        layer.features.push_back(std::move(f));
    }
    geo::SearchIndex index(data);
    EXPECT_EQ(index.size(), 400000u) << "code and name, not the height";
    for (const char* q : {"s", "sc", "17", "SC0999-99"}) {
        auto t0 = std::chrono::steady_clock::now();
        std::vector<geo::SearchHit> hits = index.find(q);
        double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        std::cout << q << ": " << ms << " ms\n";
        ASSERT_FALSE(hits.empty());
        expectRanked(hits, q);
    }
    EXPECT_EQ(index.find("SC0999-99")[0].feature, 99999u);
    EXPECT_EQ(index.find("17", 1000000).size(), expected17);
}
