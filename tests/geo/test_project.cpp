#include <gtest/gtest.h>
#include <fstream>
#include <map>
#include <spdlog/sinks/ringbuffer_sink.h>
#include "geo/Errors.h"
#include "geo/Extrusion.h"
#include "geo/Log.h"
#include "geo/Project.h"
#include "geo/ProjectData.h"
#include "tests/support/Fixtures.h"

namespace {

const char* exampleProject = R"(title = "上城区“十三五”规划"
crs = "EPSG:4549"
[[layer]]
name = "parcels"
source = "data/parcels.gpkg"
layer = "parcels"
kind = "parcels"
extrude = "height_m"
label = "name_zh"
[layer.style]
by = "landuse"
colors = { R2 = "#FFE600", B1 = "#FF0000", G1 = "#00A651" }
default = "#BBBBBB"
opacity = 0.8
[[layer]]
name = "platforms"
source = "/abs/platforms.gpkg"
kind = "boundary"
extrude = 40
[[bookmark]]
name = "湖滨"
lon = 120.1665
lat = 30.2555
distance = 1800
heading = 0
pitch = 45
)";

std::string write(const fixtures::TempDir& dir, const std::string& name, const std::string& text) {
    std::string path = dir / name;
    std::ofstream(path) << text;
    return path;
}

/// The InputError message of loading `text` as a project.
std::string errorOf(const std::string& text) {
    fixtures::TempDir dir;
    std::string path = write(dir, "p.toml", text);
    try {
        geo::loadProject(path);
    } catch (const geo::InputError& e) {
        std::string message = e.what();
        return message.substr(message.find("p.toml"));
    }
    return "no error";
}

}  // namespace

TEST(Project, ParsesTheDocumentedExample) {
    fixtures::TempDir dir;
    geo::Project p = geo::loadProject(write(dir, "project.toml", exampleProject));
    EXPECT_EQ(p.title, "上城区“十三五”规划");
    EXPECT_EQ(p.crs, "EPSG:4549");
    ASSERT_EQ(p.layers.size(), 2u);
    const geo::LayerSpec& parcels = p.layers[0];
    EXPECT_EQ(parcels.source, (dir.path() / "data/parcels.gpkg").string()) << "relative to the project file";
    EXPECT_EQ(parcels.kind, geo::LayerKind::Parcels);
    EXPECT_EQ(parcels.extrudeField, "height_m");
    EXPECT_EQ(parcels.label, "name_zh");
    EXPECT_EQ(parcels.style.by, "landuse");
    EXPECT_EQ(geo::colorHex(parcels.style.colors.at("R2")), "#FFE600");
    EXPECT_EQ(geo::colorHex(parcels.style.defaultColor), "#BBBBBB");
    EXPECT_DOUBLE_EQ(parcels.style.opacity, 0.8);
    EXPECT_EQ(p.layers[1].source, "/abs/platforms.gpkg");
    EXPECT_EQ(p.layers[1].kind, geo::LayerKind::Boundary);
    EXPECT_DOUBLE_EQ(p.layers[1].extrudeConstant, 40);
    ASSERT_EQ(p.bookmarks.size(), 1u);
    EXPECT_EQ(p.bookmarks[0].name, "湖滨");
    EXPECT_DOUBLE_EQ(p.bookmarks[0].view.lon, 120.1665);
    EXPECT_DOUBLE_EQ(p.bookmarks[0].view.distance, 1800);
    EXPECT_FALSE(p.home.has_value());
}

TEST(Project, ErrorsNameTheFileTheLineAndTheKey) {
    std::string base = "[[layer]]\nname = \"a\"\nsource = \"a.gpkg\"\n";
    EXPECT_NE(errorOf("title = \n").find("p.toml:1:"), std::string::npos);
    EXPECT_EQ(errorOf(base + "kind = \"blob\"\n"),
              "p.toml:4: layer 'a'.kind: unknown kind 'blob' (parcels, polygons, boundary, lines, points, models, imagery or terrain)");
    EXPECT_EQ(errorOf(base + "[layer.style]\ndefault = \"#12\"\n"),
              "p.toml:5: layer 'a'.style.default: '#12' is not a colour (#RRGGBB or #RRGGBBAA)");
    EXPECT_EQ(errorOf("[[layer]]\nname = \"a\"\n"), "p.toml:1: layer 'a': missing required key 'source'");
    EXPECT_EQ(errorOf(base + "extrude = true\n"), "p.toml:4: layer 'a'.extrude: must be an attribute name or a number of metres");
    EXPECT_EQ(errorOf(base + "[layer.style]\nopacity = 3\n"), "p.toml:5: layer 'a'.style.opacity: must be within 0..1");
    EXPECT_EQ(errorOf(base + "[[bookmark]]\nname = \"b\"\nlat = 30\n"), "p.toml:4: bookmark 'b': missing required key 'lon'");
    EXPECT_EQ(errorOf("title = \"t\"\n"), "p.toml: the project has no [[layer]]");
    EXPECT_EQ(errorOf("layer = 3\n"), "p.toml:1: layer: must be an array of tables ([[layer]])");
}

// Issue 16: a style gives its values words (`labels`, `labels_en` for an English UI); legends, the
// inspector and exports show them in place of the data's codes.
TEST(Project, StyleLabelsGiveEachValueWordsInEitherLanguage) {
    fixtures::TempDir dir;
    geo::Project p = geo::loadProject(write(dir, "project.toml", R"([[layer]]
name = "水系"
source = "water.gpkg"
[layer.style]
by = "kind"
colors = { lake = "#A6D8F0", canal = "#7EC3E8" }
labels = { lake = "湖泊", river = "河流", canal = "运河" }
labels_en = { canal = "Canal" }
[[layer]]
name = "用地"
source = "parcels.gpkg"
[layer.style]
by = "landuse"
[layer.style.labels]
B1 = "商业"
)"));
    ASSERT_EQ(p.layers.size(), 2u);
    const geo::LayerStyle& water = p.layers[0].style;
    EXPECT_EQ(water.labels, (std::map<std::string, std::string>{{"lake", "湖泊"}, {"river", "河流"}, {"canal", "运河"}}));
    EXPECT_EQ(water.labelsEn, (std::map<std::string, std::string>{{"canal", "Canal"}}));
    EXPECT_EQ(water.caption("canal", true), "运河");
    EXPECT_EQ(water.caption("canal", false), "Canal");
    EXPECT_EQ(water.caption("river", false), "河流") << "a value labels_en lacks takes the project's words";
    EXPECT_EQ(water.caption("pond", true), "pond") << "an unlabelled value stays as it is";
    EXPECT_EQ(water.labelFor("pond", true), "");
    // Land-use codes keep their code, with the project's words or else the GB 50137 name.
    const geo::LayerStyle& landUse = p.layers[1].style;
    EXPECT_EQ(landUse.caption("B1", true, true), "B1 商业");
    EXPECT_EQ(landUse.caption("R2", true, true), "R2 二类居住用地");
    EXPECT_EQ(landUse.caption("R2", false, true), "R2 Class 2 residential");
    EXPECT_EQ(landUse.caption("R21", true, true), "R21 二类居住用地") << "a sub-class named by its class";
    EXPECT_EQ(landUse.caption("R21", true, false), "R21") << "not a code outside a land-use field";
}

TEST(Project, ALabelThatIsNotTextIsAnErrorNamingItsLineAndKey) {
    std::string base = "[[layer]]\nname = \"a\"\nsource = \"a.gpkg\"\n[layer.style]\nby = \"kind\"\n";
    EXPECT_EQ(errorOf(base + "labels = { lake = \"湖泊\", canal = 3 }\n"),
              "p.toml:6: layer 'a'.style.labels.canal: must be a string (the words shown for the value)");
    EXPECT_EQ(errorOf(base + "[layer.style.labels_en]\nlake = \"Lake\"\ncanal = [\"Canal\"]\n"),
              "p.toml:8: layer 'a'.style.labels_en.canal: must be a string (the words shown for the value)");
    EXPECT_EQ(errorOf(base + "labels = \"运河\"\n"), "p.toml:6: layer 'a'.style.labels: must be a table of value = \"label\"");
}

TEST(Project, CompareNamesTwoOfItsLayersAndErrorsSayWhichKey) {
    const std::string layers = "[[layer]]\nname = \"现状\"\nsource = \"a.gpkg\"\n[[layer]]\nname = \"规划\"\nsource = \"b.gpkg\"\n";
    fixtures::TempDir dir;
    geo::Project p = geo::loadProject(write(dir, "p.toml", layers + "[compare]\nbefore = \"现状\"\nafter = \"规划\"\nkey = \"code\"\ntolerance = 2\n"));
    // The single [compare] of projects written before [[compare]]: one unnamed pair, the default.
    ASSERT_EQ(p.compares.size(), 1u);
    ASSERT_NE(p.comparePair(), nullptr);
    EXPECT_EQ(p.comparePair()->name, "");
    EXPECT_EQ(p.comparePair()->before, "现状");
    EXPECT_EQ(p.comparePair()->after, "规划");
    EXPECT_EQ(p.comparePair()->key, "code");
    EXPECT_EQ(p.comparePair()->toleranceM, 2);
    EXPECT_TRUE(geo::loadProject(write(dir, "q.toml", layers)).compares.empty());
    EXPECT_EQ(errorOf(layers + "[compare]\nbefore = \"现状\"\nafter = \"方案\"\n"), "p.toml:9: compare.after: no layer named '方案'");
    EXPECT_EQ(errorOf(layers + "[compare]\nafter = \"规划\"\n"), "p.toml:7: compare: missing required key 'before'");
    EXPECT_EQ(errorOf(layers + "[compare]\nbefore = \"现状\"\nafter = \"现状\"\n"),
              "p.toml:9: compare.after: names the same layer as compare.before");
    EXPECT_EQ(errorOf(layers + "[compare]\nbefore = \"现状\"\nafter = \"规划\"\ntolerance = -1\n"),
              "p.toml:10: compare.tolerance: must be a number of metres, 0 or more");
    EXPECT_EQ(errorOf("compare = 3\n" + layers), "p.toml:1: compare: must be a table ([compare]) or an array of tables ([[compare]])");
}

TEST(Project, SeveralNamedComparePairsAndBookmarksChoosingOne) {
    const std::string layers = "[[layer]]\nname = \"现状\"\nsource = \"a.gpkg\"\n[[layer]]\nname = \"规划\"\nsource = \"b.gpkg\"\n"
                               "[[layer]]\nname = \"方案\"\nsource = \"c.gpkg\"\n";
    const std::string pairs = "[[compare]]\nname = \"现状→规划\"\nbefore = \"现状\"\nafter = \"规划\"\nkey = \"code\"\n"
                              "[[compare]]\nname = \"规划→方案\"\nbefore = \"规划\"\nafter = \"方案\"\n";
    const std::string view = "lon = 120.17\nlat = 30.25\n";
    fixtures::TempDir dir;
    const geo::Project p = geo::loadProject(write(
        dir, "p.toml",
        layers + pairs + "[[bookmark]]\nname = \"a\"\n" + view + "compare = \"swipe\"\n" +
            "[[bookmark]]\nname = \"b\"\n" + view + "compare = \"changes\"\ncompare_pair = \"规划→方案\"\n"));
    ASSERT_EQ(p.compares.size(), 2u);
    EXPECT_EQ(p.compares[0].name, "现状→规划");
    EXPECT_EQ(p.compares[0].key, "code");
    EXPECT_EQ(p.compares[1].before, "规划");
    EXPECT_EQ(p.compares[1].after, "方案");
    EXPECT_EQ(p.compares[1].key, "");
    EXPECT_EQ(p.comparePair(), &p.compares[0]) << "the first pair is the default";
    EXPECT_EQ(p.comparePair("规划→方案"), &p.compares[1]);
    EXPECT_EQ(p.comparePair("no such pair"), nullptr);
    ASSERT_EQ(p.bookmarks.size(), 2u);
    EXPECT_EQ(p.bookmarks[0].comparePair, "");
    EXPECT_EQ(p.bookmarks[1].comparePair, "规划→方案");

    // Lines: the layers take 9, the pairs 10-18, a bookmark after them starts at 19.
    EXPECT_EQ(errorOf(layers + pairs + "[[bookmark]]\nname = \"c\"\n" + view + "compare = \"swipe\"\ncompare_pair = \"现状→方案\"\n"),
              "p.toml:24: bookmark 'c'.compare_pair: no [[compare]] pair named '现状→方案' (pairs: '现状→规划', '规划→方案')");
    EXPECT_EQ(errorOf(layers + pairs + "[[bookmark]]\nname = \"c\"\n" + view + "compare_pair = \"规划→方案\"\n"),
              "p.toml:23: bookmark 'c'.compare_pair: needs compare = \"swipe\" or \"changes\" beside it");
    EXPECT_EQ(errorOf(layers + "[[compare]]\nbefore = \"现状\"\nafter = \"规划\"\n"),
              "p.toml:10: compare 1: missing required key 'name' (each [[compare]] names its pair)");
    EXPECT_EQ(errorOf(layers + pairs + "[[compare]]\nname = \"现状→规划\"\nbefore = \"现状\"\nafter = \"方案\"\n"),
              "p.toml:20: compare 3.name: a pair of this name comes earlier");
    EXPECT_EQ(errorOf(layers + pairs + "[[compare]]\nname = \"x\"\nbefore = \"现状\"\nafter = \"水系\"\n"),
              "p.toml:22: compare 3.after: no layer named '水系'");
}

TEST(Project, ABookmarksCompareIsSwipeChangesOrSplit) {
    const std::string project = "[[layer]]\nname = \"现状\"\nsource = \"a.gpkg\"\n[[layer]]\nname = \"规划\"\nsource = \"b.gpkg\"\n"
                                "[compare]\nbefore = \"现状\"\nafter = \"规划\"\n[[bookmark]]\nname = \"v\"\nlon = 120\nlat = 30\n";
    fixtures::TempDir dir;
    for (const std::string mode : {"swipe", "changes", "split"}) {
        geo::Project p = geo::loadProject(write(dir, mode + ".toml", project + "compare = \"" + mode + "\"\n"));
        ASSERT_EQ(p.bookmarks.size(), 1u);
        EXPECT_EQ(p.bookmarks[0].compare, mode);
    }
    EXPECT_EQ(errorOf(project + "compare = \"sideways\"\n"), "p.toml:14: bookmark 'v'.compare: must be \"swipe\", \"changes\" or \"split\"");
}

TEST(Project, MissingOrDirectoryIsAnInputError) {
    fixtures::TempDir dir;
    EXPECT_THROW(geo::loadProject(dir / "none.toml"), geo::InputError);
    EXPECT_THROW(geo::loadProject(dir.path().string()), geo::InputError);
}

TEST(Project, ASourceBecomesADefaultProjectWithTheLandUsePalette) {
    fixtures::TempDir dir;
    fixtures::writeLayer(dir / "d.gpkg", "GPKG", "parcels", 4326, wkbPolygon, {{"landuse"}, {"height_m", OFTReal}},
                         {{"POLYGON((120.17 30.25,120.171 30.25,120.171 30.251,120.17 30.25))", {"R2", "10"}}});
    fixtures::writeLayer(dir / "r.gpkg", "GPKG", "roads", 4326, wkbLineString, {{"name"}},
                         {{"LINESTRING(120.17 30.25,120.18 30.25)", {"延安路"}}});
    geo::Project p = geo::openProject(dir / "d.gpkg");
    ASSERT_EQ(p.layers.size(), 1u);
    EXPECT_EQ(p.layers[0].kind, geo::LayerKind::Parcels);
    EXPECT_EQ(p.layers[0].style.by, "landuse");
    EXPECT_EQ(p.layers[0].extrudeField, "height_m");
    EXPECT_EQ(p.layers[0].style.colorFor(std::string("R2")), geo::findLandUseClass("R2")->color);
    geo::Project roads = geo::openProject(dir / "r.gpkg");
    EXPECT_EQ(roads.layers.at(0).kind, geo::LayerKind::Lines);
    EXPECT_EQ(roads.layers.at(0).label, "name");
    EXPECT_THROW(geo::openProject(dir / "d.gpkg", "nope"), geo::InputError);
}

TEST(ProjectData, LoadsLayersIntoOneFrameAndKeepsUnavailableOnes) {
    fixtures::TempDir dir;
    fixtures::writeLayer(dir / "d.gpkg", "GPKG", "parcels", 4490, wkbPolygon, {{"landuse"}},
                         {{"POLYGON((120.17 30.25,120.171 30.25,120.171 30.251,120.17 30.25))", {"R2"}}});
    std::string path = write(dir, "p.toml",
                             "[[layer]]\nname = \"parcels\"\nsource = \"d.gpkg\"\n"
                             "[[layer]]\nname = \"gone\"\nsource = \"missing.gpkg\"\n");
    geo::ProjectData data = geo::loadProjectData(geo::loadProject(path));
    EXPECT_EQ(data.frame.crsName(), "EPSG:4549");
    ASSERT_EQ(data.layers.size(), 2u);
    EXPECT_TRUE(data.layers[0].available());
    EXPECT_EQ(data.layers[0].data.features.size(), 1u);
    EXPECT_FALSE(data.layers[1].available());
    EXPECT_NE(data.layers[1].error.find("missing.gpkg"), std::string::npos);
    EXPECT_FALSE(data.bounds.empty());
    EXPECT_LT(data.bounds.width(), 200);
}

TEST(ProjectData, NoLoadableLayerIsAnInputError) {
    fixtures::TempDir dir;
    std::string path = write(dir, "p.toml", "[[layer]]\nname = \"gone\"\nsource = \"missing.gpkg\"\n");
    EXPECT_THROW(geo::loadProjectData(geo::loadProject(path)), geo::InputError);
}

// A field named by `extrude`, `label` or `style.by` that the layer does not have is a warning naming
// the project file, the line, the key, the missing field and the fields there are; the layer still
// loads, flat, unlabelled and in its default colour.
TEST(ProjectData, FieldsTheLayerLacksAreWarnedAboutAndTheLayerStillLoads) {
    fixtures::TempDir dir;
    fixtures::writeLayer(dir / "d.gpkg", "GPKG", "parcels", 4490, wkbPolygon,
                         {{"landuse"}, {"height_m", OFTReal}, {"name_zh"}},
                         {{"POLYGON((120.17 30.25,120.171 30.25,120.171 30.251,120.17 30.25))", {"R2", "24.5", "劝业里"}}});
    auto load = [&](const std::string& text, std::string& warnings) {
        const std::string path = write(dir, "p.toml", text);
        auto sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(16);
        sink->set_pattern("%v");
        struct Listening {
            explicit Listening(spdlog::sink_ptr s) { geo::log().sinks().push_back(std::move(s)); }
            ~Listening() { geo::log().sinks().pop_back(); }
        } listening(sink);
        geo::ProjectData data = geo::loadProjectData(geo::loadProject(path));
        warnings.clear();
        for (const std::string& line : sink->last_formatted()) warnings += line;
        return data;
    };
    const std::string p = dir / "p.toml";
    std::string warnings;
    geo::ProjectData data = load("[[layer]]\n"                 // 1
                                 "name = \"parcels\"\n"        // 2
                                 "source = \"d.gpkg\"\n"       // 3
                                 "kind = \"parcels\"\n"        // 4
                                 "extrude = \"nope\"\n"        // 5
                                 "label = \"nolabel\"\n"       // 6
                                 "[layer.style]\n"             // 7
                                 "default = \"#BBBBBB\"\n"     // 8
                                 "by = \"nofield\"\n",         // 9
                                 warnings);
    const std::string fields = " (fields: landuse, height_m, name_zh)";
    EXPECT_EQ(warnings, p + ":5: extrude: layer 'parcels' has no field 'nope'" + fields + "\n" +
                        p + ":6: label: layer 'parcels' has no field 'nolabel'" + fields + "\n" +
                        p + ":9: style.by: layer 'parcels' has no field 'nofield'" + fields + "\n");
    ASSERT_EQ(data.layers.size(), 1u);
    const geo::LoadedLayer& layer = data.layers[0];
    ASSERT_TRUE(layer.available());
    ASSERT_EQ(layer.data.features.size(), 1u);
    EXPECT_EQ(geo::extrusionHeights(layer.spec, layer.data), std::vector<double>{0.0}) << "flat";
    EXPECT_EQ(layer.spec.style.colorFor(layer.data.value(layer.data.features[0], layer.spec.style.by)),
              *geo::parseColor("#BBBBBB")) << "the default colour";

    // The same keys naming fields the layer has, or a constant height: no warning, and the height used.
    data = load("[[layer]]\nname = \"parcels\"\nsource = \"d.gpkg\"\nextrude = \"height_m\"\nlabel = \"name_zh\"\n"
                "[layer.style]\nby = \"landuse\"\n"
                "[[layer]]\nname = \"raised\"\nsource = \"d.gpkg\"\nextrude = 12\n",
                warnings);
    EXPECT_EQ(warnings, "");
    EXPECT_EQ(geo::extrusionHeights(data.layers[0].spec, data.layers[0].data), std::vector<double>{24.5});
    EXPECT_EQ(geo::extrusionHeights(data.layers[1].spec, data.layers[1].data), std::vector<double>{12.0});
}

TEST(Project, MissingFieldWarningsNameEachKeyAndLine) {
    geo::Project p = geo::parseProject("[[layer]]\nname = \"地块\"\nsource = \"/d.gpkg\"\nlabel = \"名称\"\n"
                                       "[layer.style]\nby = \"用地\"\n",
                                       "plan.toml");
    ASSERT_EQ(p.layers.size(), 1u);
    EXPECT_EQ(p.layers[0].labelLine, 4);
    EXPECT_EQ(p.layers[0].styleByLine, 6);
    EXPECT_EQ(p.layers[0].extrudeLine, 0);
    const std::vector<geo::FieldDef> fields = {{"用地性质", geo::FieldType::String}, {"名称", geo::FieldType::String}};
    EXPECT_EQ(geo::missingFieldWarnings(p.path, p.layers[0], fields),
              std::vector<std::string>{"plan.toml:6: style.by: layer '地块' has no field '用地' (fields: 用地性质, 名称)"});
    EXPECT_EQ(geo::missingFieldWarnings(p.path, p.layers[0], {}),
              (std::vector<std::string>{"plan.toml:4: label: layer '地块' has no field '名称' (it has no fields)",
                                        "plan.toml:6: style.by: layer '地块' has no field '用地' (it has no fields)"}));
}
