#include "app/tools/ExportTool.h"
#include <cstdio>
#include <filesystem>
#include "app/tools/WebBriefing.h"
#include "app/ui/UiText.h"
#include "geo/Export.h"
#include "geo/GltfExport.h"
#include "geo/QgisProjectWriter.h"
#include "geo/Source.h"
#include "geo/TilesetExport.h"

namespace planview {

ExportTool::ExportTool(MapModel& map, const FilterTool& filter, const InspectorTool& inspector)
    : map_(map), filter_(filter), inspector_(inspector) {
    map.state().exporting.layer = map.state().filter.layer;
}

void ExportTool::prepareExport() {
    UiState& state = map_.state();
    ExportUiState& e = state.exporting;
    const geo::ProjectData& data = map_.data();
    if (auto selected = map_.scene().selection(); selected && data.layers.at(static_cast<std::size_t>(selected->layer)).available()) {
        e.layer = static_cast<std::size_t>(selected->layer);
        e.selectedOnly = true;
    } else {
        if (state.filter.layer < data.layers.size() && data.layers[state.filter.layer].available()) e.layer = state.filter.layer;
        e.selectedOnly = false;
    }
    e.filtered = state.view.layers.at(e.layer).filter.active();
    e.message.clear();
}

void ExportTool::exportData() {
    ExportUiState& e = map_.state().exporting;
    const ExportFormat& format = exportFormats().at(static_cast<std::size_t>(e.format));
    const std::string driver = format.driver;
    const bool map = driver == "GTiff" || driver == "PDF";
    const geo::LoadedLayer& layer = map_.data().layers.at(e.layer);
    std::string output = e.output;
    if (output.empty()) {
        std::string name = driver == "QGIS" ? "project" : driver == "web" ? "briefing" : map ? "map" : layer.spec.layer;
        for (char& c : name)
            if (c == '/' || c == '\\' || c == ' ') c = '_';
        output = "planview-exports/" + name + format.extension;
    }
    try {
        std::error_code ec;
        if (auto parent = std::filesystem::path(output).parent_path(); !parent.empty()) std::filesystem::create_directories(parent, ec);
        if (map) {
            if (map_.host.onExportMap) e.message = map_.host.onExportMap(output, driver, e.overwrite);
            return;
        }
        if (driver == "QGIS") {
            e.message = exportQgisProject(output, e.overwrite);
            return;
        }
        if (driver == "web") {
            e.message = exportWeb(output, e.overwrite);
            return;
        }
        geo::ExportOptions options;
        options.layer = layer.spec.layer;
        options.output = output;
        options.format = driver;
        options.overwrite = e.overwrite;
        options.fromGcj02 = layer.spec.gcj02;
        options.title = layer.spec.name;
        options.style = map_.scene().layerStyle(e.layer);
        options.labelField = layer.spec.label;
        options.where = e.filtered ? filter_.shownCondition(e.layer) : layer.spec.where;
        const std::optional<FeatureRef> selected = map_.scene().selection();
        const geo::FeatureLayer* features = inspector_.selectedFeatures();
        if (e.selectedOnly && selected && features && selected->layer == static_cast<int>(e.layer)) {
            std::string fid = "FID = " + std::to_string(features->features.at(selected->feature).fid);
            options.where = options.where.empty() ? fid : "(" + options.where + ") AND " + fid;
        }
        if (driver == "glTF" || driver == "3DTiles") {
            e.message = export3d(output, options.where, options.style, driver == "3DTiles");
            return;
        }
        geo::Source source = geo::Source::open(layer.spec.source);
        geo::ExportReport report = geo::exportLayer(source, options);
        e.message = std::filesystem::absolute(report.output).string() + ": " + std::to_string(report.features) + " " +
                    tr(report.features == 1 ? text::kOneFeature : text::kFeatures) + " (" + report.format + ")";
        for (const auto& [from, to] : report.renamedFields) e.message += "\n  " + from + " -> " + to;
        for (const auto& t : report.truncatedFields)
            e.message += "\n  " + t.field + ": " + std::to_string(t.values) + " " + tr(text::kTextCut);
    } catch (const std::exception& error) {
        e.message = error.what();
    }
}

std::string ExportTool::export3d(const std::string& output, const std::string& where, const geo::LayerStyle& style, bool tileset) const {
    // The layer alone, read again from its source with the shown features' condition (as the vector
    // exports), drawn in the viewer's colours.
    const ExportUiState& e = map_.state().exporting;
    geo::Project project = map_.data().project;
    geo::LayerSpec exported = map_.data().layers.at(e.layer).spec;
    exported.where = where;
    // With the project's terrain, which it stands on as in the viewer.
    project.layers.clear();
    for (const geo::LoadedLayer& l : map_.data().layers)
        if (l.spec.kind == geo::LayerKind::Terrain) project.layers.push_back(l.spec);
    project.layers.push_back(exported);
    geo::GltfOptions options;
    options.output = output;
    options.overwrite = e.overwrite;
    options.style = style;
    if (tileset) {
        geo::TilesetOptions tiles;
        tiles.output = output;
        tiles.overwrite = e.overwrite;
        tiles.gltf = options;
        const geo::TilesetReport report = geo::exportProjectLayerTileset(project, tiles);
        return std::filesystem::absolute(report.output).string() + ": " + std::to_string(report.features) + " " +
               tr(report.features == 1 ? text::kOneFeature : text::kFeatures) + " (3D Tiles)";
    }
    const geo::GltfReport report = geo::exportProjectLayerGltf(project, options);
    return std::filesystem::absolute(report.output).string() + ": " + std::to_string(report.features) + " " +
           tr(report.features == 1 ? text::kOneFeature : text::kFeatures) + " (glTF)";
}

geo::Project ExportTool::shownProject() const {
    // The project as the viewer shows it: its layers' visibility and its bookmarks as edited.
    const UiState& state = map_.state();
    geo::Project project = map_.data().project;
    for (std::size_t i = 0; i < project.layers.size() && i < state.view.layers.size(); ++i)
        project.layers[i].visible = state.view.layers[i].visible;
    project.bookmarks.clear();
    for (const auto& b : state.bookmarks) project.bookmarks.push_back(b.bookmark);
    return project;
}

std::string ExportTool::exportWeb(const std::string& output, bool overwrite) const {
    WebBriefingOptions options;
    options.output = output;
    options.overwrite = overwrite;
    const WebBriefingReport report = exportWebBriefing(shownProject(), options);
    std::size_t features = 0;
    for (const auto& layer : report.layers) features += layer.features;
    char size[32];
    std::snprintf(size, sizeof size, "%.1f MB", static_cast<double>(report.bytes) / 1048576.0);
    return std::filesystem::absolute(report.output).string() + "/index.html: " + std::to_string(features) + " " +
           tr(features == 1 ? text::kOneFeature : text::kFeatures) + " (web, " + size + ")";
}

std::string ExportTool::exportQgisProject(const std::string& output, bool overwrite) const {
    const geo::Project project = shownProject();
    geo::QgisProjectReport report = geo::writeQgisProject(project, output, overwrite);
    std::string message = std::filesystem::absolute(report.output).string() + ": " + tr(text::kQgisProjectWritten) + " " +
                          std::to_string(report.layers.size()) + ", " + tr(text::kBookmarksWritten) + " " +
                          std::to_string(report.bookmarks) + " (" + report.crs + ")";
    for (const auto& line : report.leftOut) message += "\n  " + line;
    for (const auto& line : report.notes) message += "\n  " + line;
    return message;
}

}  // namespace planview
