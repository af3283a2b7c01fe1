// Exports from the viewer's Export panel that go through every vector driver and through crashing
// writers (issue 16): what GDAL reads back, and the viewer's process surviving a writer's crash.
// Label export: slow under the sanitizers (LIBKML) and about GDAL and process isolation.
#include <gtest/gtest.h>
#include <unistd.h>
#include <ogrsf_frmts.h>
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>
#include <nlohmann/json.hpp>
#include "app/ui/ToolPanels.h"
#include "geo/QgisProject.h"
#include "tests/viewer/SampleControllerTest.h"

namespace {

using viewer_test::SourceLayer;
using ControllerTest = viewer_test::SampleControllerTest;

// Every vector format the Export panel offers writes the filtered parcels, read back by GDAL.
TEST_F(ControllerTest, EveryVectorFormatExportsFromTheViewer) {
    const std::size_t parcels = layerIndex("parcels");
    const std::string dir = (std::filesystem::temp_directory_path() / ("planview-ui-formats-" + std::to_string(getpid()))).string();
    std::filesystem::create_directories(dir);
    controller_->filter.applyWhere(parcels, "height_m > 40");
    const auto filter = controller_->state().filters[parcels];
    ASSERT_GT(filter->shownCount(), 0u);
    planview::ExportUiState& e = controller_->state().exporting;
    e.layer = parcels;
    e.filtered = true;
    int vectorFormats = 0;
    for (std::size_t i = 0; i < planview::exportFormats().size(); ++i) {
        const planview::ExportFormat& format = planview::exportFormats()[i];
        const std::string driver = format.driver;
        if (driver == "GTiff" || driver == "PDF") continue;   // maps: tests/export/test_export_map
        if (driver == "QGIS") continue;                       // the project: below and tests/render/test_qgis_export
        if (driver == "glTF" || driver == "3DTiles") continue;   // 3D: below and tests/export/test_export_gltf
        if (driver == "web") continue;                        // the briefing: below and tests/export/test_export_web
        ++vectorFormats;
        e.format = static_cast<int>(i);
        e.output = dir + "/parcels" + format.extension;
        controller_->exporting.exportData();
        GDALDatasetUniquePtr ds(GDALDataset::Open(e.output.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
        ASSERT_TRUE(ds) << driver << ": " << e.message;
        const std::string readBy = ds->GetDriver()->GetDescription();
        EXPECT_TRUE(readBy == driver || (driver == "KML" && readBy == "LIBKML")) << readBy << " read " << e.output;
        if (driver == "DXF") {
            // DXF keeps no attributes or feature identity: entities on one CAD layer per land-use class.
            EXPECT_GT(ds->GetLayer(0)->GetFeatureCount(), 0) << e.message;
            continue;
        }
        EXPECT_EQ(ds->GetLayer(0)->GetFeatureCount(), static_cast<GIntBig>(filter->shownCount())) << driver << ": " << e.message;
    }
    EXPECT_EQ(vectorFormats, 7);
    std::filesystem::remove_all(dir);
}

// Issue 16: the Export panel on the sample's points (重点项目) to KML, the export that aborted the
// viewer in GDAL's LIBKML driver: written, styled. A crash inside GDAL's write (injected through the
// test hook) leaves this process (the viewer) running with its state, reports the crash in the panel,
// and leaves nothing beside the target. A Shapefile's cut text is reported in the panel.
TEST_F(ControllerTest, ExportPanelSurvivesACrashingWriterAndReportsCutText) {
    const std::string dir = (std::filesystem::temp_directory_path() / ("planview-ui-crash-" + std::to_string(getpid()))).string();
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    planview::ExportUiState& e = controller_->state().exporting;
    auto formatIndex = [](const std::string& driver) {
        for (std::size_t i = 0; i < planview::exportFormats().size(); ++i)
            if (planview::exportFormats()[i].driver == driver) return static_cast<int>(i);
        return -1;
    };
    auto entries = [&] {
        std::vector<std::string> names;
        for (const auto& entry : std::filesystem::directory_iterator(dir)) names.push_back(entry.path().filename().string());
        std::sort(names.begin(), names.end());
        return names;
    };

    e.layer = layerIndex("projects");
    e.format = formatIndex("KML");
    e.filtered = false;
    e.selectedOnly = false;
    e.output = dir + "/projects.kml";
    controller_->exporting.exportData();
    GDALDatasetUniquePtr kml(GDALDataset::Open(e.output.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    ASSERT_TRUE(kml) << e.message;
    EXPECT_EQ(kml->GetLayer(0)->GetFeatureCount(), SourceLayer("projects").layer->GetFeatureCount()) << e.message;
    OGRFeatureUniquePtr first(kml->GetLayer(0)->GetNextFeature());
    ASSERT_TRUE(first);
    ASSERT_TRUE(first->GetStyleString()) << "the placemark has no style";
    EXPECT_NE(std::string(first->GetStyleString()).find("SYMBOL("), std::string::npos) << first->GetStyleString();

    setenv("PLANVIEW_TEST_WRITE_FAULT", "abort", 1);
    e.output = dir + "/crash.gpkg";
    controller_->exporting.exportData();
    unsetenv("PLANVIEW_TEST_WRITE_FAULT");
    EXPECT_NE(e.message.find("crashed while writing"), std::string::npos) << e.message;
    EXPECT_EQ(entries(), std::vector<std::string>{"projects.kml"}) << "the crashed export left something";

    e.layer = layerIndex("platforms");
    e.format = formatIndex("ESRI Shapefile");
    e.output = dir + "/platforms.shp";
    controller_->exporting.exportData();
    std::size_t longer = 0;
    SourceLayer platforms("platforms");
    for (auto& f : *platforms.layer)
        if (f->IsFieldSetAndNotNull(f->GetFieldIndex("targets")) && std::strlen(f->GetFieldAsString("targets")) > 254) ++longer;
    ASSERT_GT(longer, 0u) << "the sample has no text longer than 254 bytes any more";
    EXPECT_NE(e.message.find("targets: " + std::to_string(longer) + " "), std::string::npos) << e.message;
    std::filesystem::remove_all(dir);
}

// The Export panel's "QGIS project": the project as the viewer shows it (a layer hidden in the viewer
// is unchecked in QGIS's layer tree), read back by PlanView's QGIS project reader; the model layers
// are named in the panel as left out.
TEST_F(ControllerTest, ExportPanelWritesTheProjectForQgis) {
    const std::string dir = (std::filesystem::temp_directory_path() / ("planview-ui-qgis-" + std::to_string(getpid()))).string();
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    planview::ExportUiState& e = controller_->state().exporting;
    for (std::size_t i = 0; i < planview::exportFormats().size(); ++i)
        if (planview::exportFormats()[i].driver == std::string("QGIS")) e.format = static_cast<int>(i);
    const std::size_t water = layerIndex("water");
    controller_->state().view.layers.at(water).visible = false;
    e.output = dir + "/sample.qgz";
    controller_->exporting.exportData();
    controller_->state().view.layers.at(water).visible = true;
    EXPECT_NE(e.message.find("地标建筑"), std::string::npos) << e.message;
    geo::Project back;
    ASSERT_NO_THROW(back = geo::loadQgisProject(e.output)) << e.message;
    std::size_t models = 0;
    for (const auto& l : data_->layers) models += l.spec.kind == geo::LayerKind::Models;
    ASSERT_EQ(back.layers.size(), data_->layers.size() - models);
    for (const auto& l : back.layers) {
        // Checked in QGIS as shown in the viewer: as the project file says, less the water hidden here.
        const auto in = std::find_if(data_->layers.begin(), data_->layers.end(),
                                     [&](const geo::LoadedLayer& d) { return d.spec.name == l.name; });
        ASSERT_NE(in, data_->layers.end()) << l.name;
        EXPECT_EQ(l.visible, in->spec.visible && l.name != data_->layers[water].spec.name) << l.name;
    }
    EXPECT_EQ(back.bookmarks.size(), controller_->state().bookmarks.size());
    std::filesystem::remove_all(dir);
}

/// Through the Export panel: layer `layer` as its filter shows it, in the format of `driver`, to `output`.
void exportFiltered(planview::MapController& controller, std::size_t layer, const std::string& driver, const std::string& output) {
    planview::ExportUiState& e = controller.state().exporting;
    for (std::size_t i = 0; i < planview::exportFormats().size(); ++i)
        if (planview::exportFormats()[i].driver == driver) e.format = static_cast<int>(i);
    e.layer = layer;
    e.filtered = true;
    e.selectedOnly = false;
    e.output = output;
    controller.exporting.exportData();
}

/// Runs tests/export/`script` (python, against GDAL) with `arguments`: its exit status and what it printed.
std::pair<int, std::string> runChecker(const std::string& script, const std::string& arguments, const std::string& dir) {
    const std::string report = dir + "/check.txt";
    const std::string command = "timeout 300 /usr/bin/python3 " PLANVIEW_SOURCE_DIR "/tests/export/" + script + " " + arguments +
                                " >'" + report + "' 2>&1";
    const int status = std::system(command.c_str());
    std::ifstream in(report);
    return {status, std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>())};
}

/// A fresh folder for one test's output.
std::string freshDir(const std::string& name) {
    const std::string dir = (std::filesystem::temp_directory_path() / (name + "-" + std::to_string(getpid()))).string();
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

// The Export panel's "glTF 3D": the filtered parcels in 3D, read back by tests/export/gltf_check.py
// against GDAL's features for the same condition (count, attributes, placement, roof heights).
TEST_F(ControllerTest, ExportPanelWritesTheFilteredLayerAsGltf) {
    const std::string dir = freshDir("planview-ui-gltf");
    const std::size_t parcels = layerIndex("parcels");
    controller_->filter.applyWhere(parcels, "height_m > 40");
    const auto filter = controller_->state().filters[parcels];
    const std::string output = dir + "/parcels.glb";
    exportFiltered(*controller_, parcels, "glTF", output);
    ASSERT_TRUE(std::filesystem::exists(output)) << controller_->state().exporting.message;
    const auto [status, report] = runChecker("gltf_check.py", "'" + output + "' --source " PLANVIEW_SOURCE_DIR
                                             "/assets/shangcheng/shangcheng.gpkg --layer parcels --where 'height_m > 40' "
                                             "--crs EPSG:4549 --height-field height_m --dem " PLANVIEW_SOURCE_DIR
                                             "/assets/shangcheng/terrain/dem.tif", dir);
    EXPECT_EQ(status, 0) << report;
    EXPECT_NE(report.find(": " + std::to_string(filter->shownCount()) + " features"), std::string::npos) << report;
    std::filesystem::remove_all(dir);
}

// The Export panel's "3D Tiles": the filtered parcels as a tileset, read back by
// tests/export/tileset_check.py against GDAL's features for the same condition (each once, every
// attribute, every tile's region holding its vertices).
TEST_F(ControllerTest, ExportPanelWritesTheFilteredLayerAsA3dTileset) {
    const std::string dir = freshDir("planview-ui-tiles");
    const std::size_t parcels = layerIndex("parcels");
    controller_->filter.applyWhere(parcels, "height_m > 40");
    const auto filter = controller_->state().filters[parcels];
    const std::string output = dir + "/parcels/";
    exportFiltered(*controller_, parcels, "3DTiles", output);
    ASSERT_TRUE(std::filesystem::exists(output + "tileset.json")) << controller_->state().exporting.message;
    const auto [status, report] = runChecker("tileset_check.py", "'" + output + "' --source " PLANVIEW_SOURCE_DIR
                                             "/assets/shangcheng/shangcheng.gpkg --layer parcels --where 'height_m > 40'", dir);
    EXPECT_EQ(status, 0) << report;
    EXPECT_NE(report.find(" " + std::to_string(filter->shownCount()) + " features (GDAL: " + std::to_string(filter->shownCount()) + ")"),
              std::string::npos) << report;
    std::filesystem::remove_all(dir);
}

// The Export panel's "Web briefing": the project as the viewer shows it (the water hidden here) as a
// briefing folder: briefing.json names every shown feature layer, each with its tileset, and the
// viewer's bookmarks and the project's tours. CesiumJS stands in as one file (the browser test,
// tests/export/test_export_web, uses the real one).
TEST_F(ControllerTest, ExportPanelWritesTheProjectAsAWebBriefing) {
    const std::string dir = freshDir("planview-ui-web");
    std::filesystem::create_directories(dir + "/cesium");
    std::ofstream(dir + "/cesium/Cesium.js") << "// a stand-in\n";
    setenv("PLANVIEW_CESIUM_DIR", (dir + "/cesium").c_str(), 1);
    planview::ExportUiState& e = controller_->state().exporting;
    for (std::size_t i = 0; i < planview::exportFormats().size(); ++i)
        if (planview::exportFormats()[i].driver == std::string("web")) e.format = static_cast<int>(i);
    const std::size_t water = layerIndex("water");
    controller_->state().view.layers.at(water).visible = false;
    e.output = dir + "/briefing/";
    controller_->exporting.exportData();
    controller_->state().view.layers.at(water).visible = true;
    unsetenv("PLANVIEW_CESIUM_DIR");
    std::ifstream in(dir + "/briefing/briefing.json");
    ASSERT_TRUE(in) << e.message;
    const nlohmann::json briefing = nlohmann::json::parse(in);
    std::vector<std::string> expected, written;
    for (const auto& l : data_->layers)
        if (l.spec.visible && l.spec.name != data_->layers[water].spec.name && l.spec.kind != geo::LayerKind::Models &&
            !geo::isRasterKind(l.spec.kind))
            expected.push_back(l.spec.name);
    for (const auto& l : briefing["layers"]) {
        written.push_back(l["name"]);
        EXPECT_TRUE(std::filesystem::exists(dir + "/briefing/" + l["tileset"].get<std::string>())) << l["name"];
    }
    EXPECT_EQ(written, expected) << e.message;
    EXPECT_EQ(briefing["bookmarks"].size(), controller_->state().bookmarks.size());
    EXPECT_EQ(briefing["tours"].size(), data_->project.tours.size());
    EXPECT_TRUE(std::filesystem::exists(dir + "/briefing/cesium/Cesium.js"));
    // The imagery draped on the globe: its rectangle is the raster's extent as GDAL reads it (CGCS2000
    // lon/lat, which PROJ takes to WGS 84 unchanged).
    ASSERT_TRUE(briefing["imagery"].is_object()) << briefing.dump();
    EXPECT_TRUE(std::filesystem::exists(dir + "/briefing/" + briefing["imagery"]["url"].get<std::string>()));
    GDALDatasetUniquePtr imagery(GDALDataset::Open(PLANVIEW_SOURCE_DIR "/assets/shangcheng/terrain/imagery.tif", GDAL_OF_RASTER | GDAL_OF_READONLY));
    ASSERT_TRUE(imagery);
    double gt[6];
    imagery->GetGeoTransform(gt);
    const double corners[4] = {gt[0], gt[3] + imagery->GetRasterYSize() * gt[5], gt[0] + imagery->GetRasterXSize() * gt[1], gt[3]};
    for (int i = 0; i < 4; ++i) EXPECT_NEAR(briefing["imagery"]["rectangle"][i].get<double>(), corners[i], 1e-6) << i;
    std::filesystem::remove_all(dir);
}

}  // namespace
