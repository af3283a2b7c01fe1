// The language a project is written in (issue 16: stills and renders of a Chinese project speak
// Chinese whatever the machine's locale): judged from the project's own words.
#include <gtest/gtest.h>
#include "geo/Project.h"
#include "geo/ProjectLanguage.h"

namespace {

const std::string kProject = std::string(PLANVIEW_SOURCE_DIR) + "/assets/shangcheng/project.toml";

TEST(ProjectLanguage, TheShangchengSampleIsChinese) {
    EXPECT_EQ(geo::projectLanguage(geo::openProject(kProject, "")), geo::TextLanguage::Chinese);
}

TEST(ProjectLanguage, AProjectFileInEnglishIsEnglishAndOneWithoutWordsIsUnknown) {
    geo::Project english = geo::parseProject(R"(title = "Shangcheng District plan"
[[layer]]
name = "Land use"
source = "/abs/a.gpkg"
[[bookmark]]
name = "West Lake"
lon = 120.1663
lat = 30.2540
)", "p.toml");
    EXPECT_EQ(geo::projectLanguage(english), geo::TextLanguage::English);
    // Chinese names with a few Latin codes (R2, GB 50137) stay Chinese.
    geo::Project mixed = geo::parseProject(R"(title = "上城区 GB 50137 用地规划"
[[layer]]
name = "R2 居住用地"
source = "/abs/a.gpkg"
)", "p.toml");
    EXPECT_EQ(geo::projectLanguage(mixed), geo::TextLanguage::Chinese);
    geo::Project none = geo::parseProject(R"(title = "2020"
[[layer]]
name = "1"
source = "/abs/a.gpkg"
)", "p.toml");
    EXPECT_EQ(geo::projectLanguage(none), geo::TextLanguage::Unknown);
}

TEST(ProjectLanguage, ADataSourcesTableNamesSayChineseButNotEnglish) {
    geo::Project source;
    source.path = "/data/shangcheng.gpkg";
    source.title = "shangcheng.gpkg";
    geo::LayerSpec parcels;
    parcels.name = "parcels";
    source.layers.push_back(parcels);
    EXPECT_EQ(geo::projectLanguage(source), geo::TextLanguage::Unknown) << "Latin table names are identifiers";
    geo::LayerSpec landUse;
    landUse.name = "用地";
    source.layers.push_back(landUse);
    EXPECT_EQ(geo::projectLanguage(source), geo::TextLanguage::Chinese);
}

TEST(ProjectLanguage, TextLanguageCountsChineseCharactersAgainstLatinWords) {
    EXPECT_EQ(geo::textLanguage("大湖滨商圈"), geo::TextLanguage::Chinese);
    EXPECT_EQ(geo::textLanguage("Hubin business district"), geo::TextLanguage::English);
    EXPECT_EQ(geo::textLanguage("R2 B1 M1 4.0"), geo::TextLanguage::Unknown) << "codes are no words";
    EXPECT_EQ(geo::textLanguage(""), geo::TextLanguage::Unknown);
}

}  // namespace
