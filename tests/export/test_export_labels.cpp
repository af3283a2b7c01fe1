// Issue 16: exports carry the project's words for each value of a style's field (`labels`). The
// sample's water layer (kind: canal / lake / river, labelled 运河 / 湖泊 / 河流) exported with
// `planview export`: the GeoPackage's layer_styles QML names each category so (QGIS's legend shows a
// category's `label`), its SLD rules carry them as titles, and each KML placemark's description says
// its category. Read back with GDAL (its XML parser, its KML reader) and with QGIS itself (PyQGIS,
// python3-qgis, which scripts/setup installs).
#include <cpl_minixml.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <cstdlib>
#include <map>
#include <string>
#include "tests/cli/CliSupport.h"

namespace {

namespace fs = std::filesystem;

const std::string kProject = std::string(PLANVIEW_SOURCE_DIR) + "/assets/shangcheng/project.toml";
// What assets/shangcheng/project.toml says of the water layer's kinds.
const std::map<std::string, std::string> kWaterLabels = {{"canal", "运河"}, {"lake", "湖泊"}, {"river", "河流"}};

fs::path exportWater(const std::string& name) {
    const fs::path dir = cli::workDir() / "labels";
    fs::create_directories(dir);
    const fs::path out = dir / name;
    cli::RunResult r = cli::runPlanview({"export", kProject, "--layer", "水系", "-o", out.string(), "--overwrite"});
    EXPECT_TRUE(cli::succeeded(r)) << r.describe();
    return out;
}

struct XmlTree {
    CPLXMLNode* root;
    explicit XmlTree(const std::string& text) : root(CPLParseXMLString(text.c_str())) {}
    ~XmlTree() { if (root) CPLDestroyXMLNode(root); }
    XmlTree(const XmlTree&) = delete;
    XmlTree& operator=(const XmlTree&) = delete;
};

void descendants(const CPLXMLNode* node, const std::string& name, std::vector<const CPLXMLNode*>& out) {
    for (const CPLXMLNode* c = node ? node->psChild : nullptr; c; c = c->psNext) {
        if (c->eType != CXT_Element) continue;
        if (name == c->pszValue) out.push_back(c);
        descendants(c, name, out);
    }
}
std::vector<const CPLXMLNode*> all(const XmlTree& tree, const std::string& name) {
    std::vector<const CPLXMLNode*> out;
    for (const CPLXMLNode* n = tree.root; n; n = n->psNext) {
        if (n->eType == CXT_Element && name == n->pszValue) out.push_back(n);
        descendants(n, name, out);
    }
    return out;
}

/// The layer_styles row's QML and SLD, read with GDAL.
std::pair<std::string, std::string> layerStyle(const fs::path& gpkg) {
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    OGRLayer* styles = ds ? ds->GetLayerByName("layer_styles") : nullptr;
    if (!styles) return {};
    OGRFeatureUniquePtr f(styles->GetNextFeature());
    if (!f) return {};
    return {f->GetFieldAsString("styleQML"), f->GetFieldAsString("styleSLD")};
}

TEST(ExportLabels, GeoPackageStyleNamesEachCategoryInTheProjectsWords) {
    const fs::path gpkg = exportWater("water.gpkg");
    const auto [qml, sld] = layerStyle(gpkg);
    ASSERT_FALSE(qml.empty()) << "no layer_styles row in " << gpkg;

    XmlTree qmlTree(qml);
    ASSERT_TRUE(qmlTree.root) << "the QML is not XML:\n" << qml;
    std::map<std::string, std::string> labels;   // category value -> label
    for (const CPLXMLNode* category : all(qmlTree, "category"))
        labels[CPLGetXMLValue(category, "value", "(none)")] = CPLGetXMLValue(category, "label", "(none)");
    for (const auto& [value, label] : kWaterLabels) {
        ASSERT_TRUE(labels.count(value)) << "no category " << value << " in\n" << qml;
        EXPECT_EQ(labels.at(value), label) << "category " << value;
    }

    XmlTree sldTree(sld);
    ASSERT_TRUE(sldTree.root) << "the SLD is not XML:\n" << sld;
    std::map<std::string, std::string> titles;   // rule name (the value) -> title
    for (const CPLXMLNode* rule : all(sldTree, "se:Rule"))
        if (const char* name = CPLGetXMLValue(rule, "se:Name", nullptr))
            titles[name] = CPLGetXMLValue(rule, "se:Description.se:Title", "(no title)");
    for (const auto& [value, label] : kWaterLabels) EXPECT_EQ(titles[value], label) << "SLD rule " << value;
}

TEST(ExportLabels, KmlPlacemarksDescribeTheirCategoryInTheProjectsWords) {
    const fs::path kml = exportWater("water.kml");
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(kml.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    ASSERT_TRUE(ds) << kml;
    std::size_t placemarks = 0;
    for (int i = 0; i < ds->GetLayerCount(); ++i) {
        OGRLayer* layer = ds->GetLayer(i);
        const int kind = layer->GetLayerDefn()->GetFieldIndex("kind");
        const int description = layer->GetLayerDefn()->GetFieldIndex("description");
        if (kind < 0) continue;
        ASSERT_GE(description, 0) << "no description field";
        for (auto& f : *layer) {
            const std::string value = f->GetFieldAsString(kind);
            ASSERT_TRUE(kWaterLabels.count(value)) << value;
            EXPECT_EQ(f->GetFieldAsString(description), kWaterLabels.at(value)) << "placemark of kind " << value;
            ++placemarks;
        }
    }
    EXPECT_EQ(placemarks, 5u) << "3 canals, a lake and a river";
}

// QGIS itself: the GeoPackage opened as a QGIS layer takes the layer_styles row as its default style;
// its categorized renderer's categories are listed as "value<TAB>label".
TEST(ExportLabels, QgisShowsTheLabelsInItsLegend) {
    if (std::system("QT_QPA_PLATFORM=offscreen /usr/bin/python3 -c 'import qgis.core' >/dev/null 2>&1") != 0)
        FAIL() << "PyQGIS cannot be imported (scripts/setup installs python3-qgis)";
    const fs::path gpkg = exportWater("water-qgis.gpkg");
    const fs::path script = cli::workDir() / "labels" / "categories.py";
    cli::writeFile(script, R"(import sys
from qgis.core import QgsApplication, QgsVectorLayer
app = QgsApplication([], False)
app.initQgis()
layer = QgsVectorLayer(sys.argv[1] + "|layername=water", "water", "ogr")
message, ok = layer.loadDefaultStyle()
print("style", ok, layer.renderer().type() if layer.renderer() else None, flush=True)
for c in layer.renderer().categories():
    print("category", c.value(), c.label(), sep="\t", flush=True)
sys.stdout.flush()
import os
os._exit(0)
)");
    const fs::path output = cli::workDir() / "labels" / "categories.txt";
    const std::string command = "QT_QPA_PLATFORM=offscreen timeout 60 /usr/bin/python3 '" + script.string() + "' '" +
                                gpkg.string() + "' >'" + output.string() + "' 2>/dev/null";
    (void)std::system(command.c_str());   // judged by its output (PyQGIS may crash at exit)
    const std::string text = cli::readFile(output);
    EXPECT_NE(text.find("style True categorizedSymbol"), std::string::npos) << text;
    std::map<std::string, std::string> labels;
    for (const std::string& line : cli::lines(text)) {
        if (line.rfind("category\t", 0) != 0) continue;
        const std::size_t tab = line.find('\t', 9);
        labels[line.substr(9, tab - 9)] = tab == std::string::npos ? "" : line.substr(tab + 1);
    }
    for (const auto& [value, label] : kWaterLabels) EXPECT_EQ(labels[value], label) << "QGIS's category " << value << "\n" << text;
}

}  // namespace
