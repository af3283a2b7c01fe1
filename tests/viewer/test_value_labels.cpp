// Issue 16, "reading the map": the Shangcheng sample's style labels in what the viewer shows. The
// legend panel's entries, the presentation legend and the inspector name values in the project's
// words (运河, not canal; Canal in English), land-use codes keep their GB 50137 names, and counts
// agree with GDAL's own count of each value in the GeoPackage. Expected words are those the sample
// project file gives (assets/shangcheng/project.toml), written out here.
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <map>
#include <memory>
#include <string>
#include "app/scene/LayerStyling.h"
#include "app/scene/Scene.h"
#include "app/scene/ShaderLibrary.h"
#include "app/ui/PresentationOverlay.h"
#include "app/tools/MapController.h"
#include "tests/viewer/SampleControllerTest.h"
#include "geo/Project.h"
#include "geo/ProjectData.h"

namespace {

using viewer_test::kGpkg;

class ValueLabels : public viewer_test::SampleControllerTest {
protected:
    void SetUp() override {
        SampleControllerTest::SetUp();
        controller_->setLanguage(planview::Language::Chinese);
    }
    void TearDown() override { planview::setUiLanguage(planview::Language::Chinese); }

    /// The legend panel's rows of a layer: value -> the text shown, and value -> count.
    std::map<std::string, std::string> legendTexts(std::size_t layer, bool chinese) const {
        std::map<std::string, std::string> out;
        for (const planview::LegendEntry& e : controller_->state().layers[layer].legend) out[e.value] = planview::legendText(e, chinese);
        return out;
    }
};

/// GDAL's count of each value of `field` in the sample's `layer`.
std::map<std::string, std::size_t> gdalCounts(const std::string& layer, const std::string& field) {
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(kGpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    std::map<std::string, std::size_t> counts;
    if (!ds) return counts;
    OGRLayer* l = ds->ExecuteSQL(("SELECT \"" + field + "\", COUNT(*) FROM \"" + layer + "\" GROUP BY \"" + field + "\"").c_str(),
                                 nullptr, nullptr);
    if (!l) return counts;
    for (auto& f : *l) counts[f->GetFieldAsString(0)] = static_cast<std::size_t>(f->GetFieldAsInteger64(1));
    ds->ReleaseResultSet(l);
    return counts;
}

TEST_F(ValueLabels, LegendNamesEachValueInTheProjectsWordsWithGdalsCounts) {
    const std::size_t water = layerIndex("water"), renewal = layerIndex("renewal_sites"), platforms = layerIndex("platforms"),
                      projects = layerIndex("projects"), parcels = layerIndex("parcels");
    EXPECT_EQ(legendTexts(water, true), (std::map<std::string, std::string>{{"canal", "运河"}, {"lake", "湖泊"}, {"river", "河流"}}));
    EXPECT_EQ(legendTexts(water, false), (std::map<std::string, std::string>{{"canal", "Canal"}, {"lake", "Lake"}, {"river", "River"}}));
    EXPECT_EQ(legendTexts(platforms, true), (std::map<std::string, std::string>{{"major", "重大平台"}, {"further", "拓展产业园区"}}));
    EXPECT_EQ(legendTexts(projects, true), (std::map<std::string, std::string>{
                                               {"planned", "规划"}, {"approved", "立项"}, {"under_construction", "在建"}, {"completed", "竣工"}}));
    const auto renewalTexts = legendTexts(renewal, true);
    EXPECT_EQ(renewalTexts.at("market_conversion"), "专业市场转型");
    EXPECT_EQ(renewalTexts.at("urban_village"), "城中村改造");
    EXPECT_EQ(renewalTexts.at("urban_renewal"), "城市更新");
    EXPECT_EQ(renewalTexts.at("comprehensive_improvement"), "综合整治");
    EXPECT_EQ(renewalTexts.size(), gdalCounts("renewal_sites", "type").size());
    // Land-use codes: the code and its GB 50137 name, as before labels existed.
    const auto parcelTexts = legendTexts(parcels, true);
    EXPECT_EQ(parcelTexts.at("R2"), "R2 二类居住用地");
    EXPECT_EQ(parcelTexts.at("B1"), "B1 商业用地");
    EXPECT_EQ(legendTexts(parcels, false).at("R2"), "R2 Class 2 residential");

    // No legend row of a labelled layer shows a raw code.
    for (std::size_t layer : {water, renewal, platforms, projects})
        for (const auto& [value, shown] : legendTexts(layer, true)) EXPECT_NE(shown, value) << data_->layers[layer].spec.name;
    // Each row counts what GDAL counts.
    for (const auto& [layer, field] : {std::pair{water, "kind"}, {renewal, "type"}, {platforms, "kind"}, {projects, "status"}}) {
        const auto counts = gdalCounts(data_->layers[layer].spec.layer, field);
        ASSERT_FALSE(counts.empty());
        for (const planview::LegendEntry& e : controller_->state().layers[layer].legend)
            EXPECT_EQ(e.count, counts.count(e.value) ? counts.at(e.value) : 0u) << e.value;
    }
}

TEST_F(ValueLabels, PresentationLegendListsTheWordsNotTheCodes) {
    for (planview::Language language : {planview::Language::Chinese, planview::Language::English}) {
        controller_->setLanguage(language);
        std::map<std::string, std::vector<std::string>> rows;   // heading -> row labels
        for (const planview::PresentationLegendGroup& g : planview::presentationLegend(controller_->scene(), controller_->state().camera, 24))
            for (const planview::PresentationLegendRow& r : g.rows) rows[g.heading].push_back(r.label);
        const bool chinese = language == planview::Language::Chinese;
        SCOPED_TRACE(chinese ? "Chinese" : "English");
        auto has = [&](const std::string& heading, const std::string& label) {
            const auto& list = rows[heading];
            return std::find(list.begin(), list.end(), label) != list.end();
        };
        EXPECT_TRUE(has("水系", chinese ? "运河" : "Canal"));
        EXPECT_TRUE(has("城市更新", chinese ? "专业市场转型" : "Market conversion"));
        EXPECT_TRUE(has("重大平台", chinese ? "拓展产业园区" : "Further industrial area"));
        EXPECT_TRUE(has("用地", chinese ? "R2 二类居住用地" : "R2 Class 2 residential"));
        for (const auto& [heading, labels] : rows)
            for (const std::string& code : {"canal", "lake", "market_conversion", "major", "further", "existing", "planned"})
                EXPECT_TRUE(std::find(labels.begin(), labels.end(), code) == labels.end()) << heading << " shows " << code;
    }
}

TEST_F(ValueLabels, InspectorShowsTheWordsBesideTheRawValue) {
    const std::size_t water = layerIndex("water");
    const geo::FeatureLayer& features = data_->layers[water].data;
    const int kind = features.fieldIndex("kind");
    ASSERT_GE(kind, 0);
    std::size_t canal = features.features.size();
    for (std::size_t i = 0; i < features.features.size() && canal == features.features.size(); ++i)
        if (geo::toString(features.features[i].values[static_cast<std::size_t>(kind)]) == "canal") canal = i;
    ASSERT_LT(canal, features.features.size());
    auto kindText = [&] {
        for (const auto& [field, value] : controller_->state().inspector->attributes)
            if (field == "kind") return value;
        return std::string("(no kind)");
    };
    controller_->inspector.select(planview::FeatureRef{static_cast<int>(water), canal});
    ASSERT_TRUE(controller_->state().inspector);
    EXPECT_EQ(kindText(), "运河（canal）");
    // The open inspector follows the language.
    controller_->setLanguage(planview::Language::English);
    ASSERT_TRUE(controller_->state().inspector);
    EXPECT_EQ(kindText(), "Canal (canal)");

    // A parcel's land-use code with its class name; a field the style does not colour by as it is.
    controller_->setLanguage(planview::Language::Chinese);
    const std::size_t parcels = layerIndex("parcels");
    const geo::FeatureLayer& parcelFeatures = data_->layers[parcels].data;
    const int landuse = parcelFeatures.fieldIndex("landuse");
    for (std::size_t i = 0; i < parcelFeatures.features.size(); ++i) {
        if (geo::toString(parcelFeatures.features[i].values[static_cast<std::size_t>(landuse)]) != "R2") continue;
        controller_->inspector.select(planview::FeatureRef{static_cast<int>(parcels), i});
        for (const auto& [field, value] : controller_->state().inspector->attributes) {
            if (field == "landuse") EXPECT_EQ(value, "R2 二类居住用地");
            if (field == "fid") EXPECT_EQ(value, std::to_string(parcelFeatures.features[i].fid));
        }
        break;
    }
}

// Issue 20: a project's status the plan does not state is marked as inferred in the data
// (status_source) and the inspector's status row says so; GDAL counts the inferred ones.
TEST_F(ValueLabels, InspectorMarksAStatusThePlanDoesNotStateAsInferred) {
    const std::size_t projects = layerIndex("projects");
    const geo::FeatureLayer& features = data_->layers[projects].data;
    const auto sources = gdalCounts("projects", "status_source");
    ASSERT_GT(sources.count("inferred") ? sources.at("inferred") : 0u, 0u);
    ASSERT_GT(sources.count("plan") ? sources.at("plan") : 0u, 0u);
    auto statusText = [&] {
        for (const auto& [field, value] : controller_->state().inspector->attributes)
            if (field == "status") return value;
        return std::string("(no status)");
    };
    auto endsWith = [](const std::string& s, const std::string& tail) {
        return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
    };
    std::size_t inferred = 0, stated = 0;
    std::size_t firstInferred = features.features.size();
    for (std::size_t i = 0; i < features.features.size(); ++i) {
        controller_->inspector.select(planview::FeatureRef{static_cast<int>(projects), i});
        ASSERT_TRUE(controller_->state().inspector);
        const std::string text = statusText();
        if (endsWith(text, "（推断）")) {
            ++inferred;
            if (firstInferred == features.features.size()) firstInferred = i;
        } else {
            ++stated;
            EXPECT_EQ(text.find("推断"), std::string::npos) << text;
        }
    }
    EXPECT_EQ(inferred, sources.at("inferred"));
    EXPECT_EQ(stated, sources.at("plan"));
    // In English, after the words and the raw value: "Planned (planned) (inferred)".
    controller_->setLanguage(planview::Language::English);
    controller_->inspector.select(planview::FeatureRef{static_cast<int>(projects), firstInferred});
    EXPECT_TRUE(endsWith(statusText(), ") (inferred)")) << statusText();
}

}  // namespace
