#include <imgui.h>
#include <imgui_stdlib.h>
#include "app/ui/DockedPanel.h"
#include "app/ui/ToolPanels.h"
#include "app/ui/UiText.h"

namespace planview {

// 3D Tiles' "extension" ends the default target as a folder: planview-exports/<layer>/.
const std::vector<ExportFormat>& exportFormats() {
    static const std::vector<ExportFormat> formats = {
        {"GeoPackage", "GPKG", ".gpkg"},          {"Shapefile", "ESRI Shapefile", ".shp"}, {"GeoJSON", "GeoJSON", ".geojson"},
        {"KML (Google Earth)", "KML", ".kml"},    {"FlatGeobuf", "FlatGeobuf", ".fgb"},    {"CSV (WKT)", "CSV", ".csv"},
        {"DXF (CAD)", "DXF", ".dxf"},             {"GeoTIFF map", "GTiff", ".tif"},        {"PDF map (A3)", "PDF", ".pdf"},
        {"QGIS project", "QGIS", ".qgz"},         {"glTF 3D (.glb)", "glTF", ".glb"},      {"3D Tiles (folder)", "3DTiles", "/"},
        {"Web briefing (folder)", "web", "/"}};
    return formats;
}

void drawExportPanel(const UiContext& ui) {
    if (!ui.state.showExport) return;
    if (!beginDockedPanel(ui.state, text::kExport, "export", &ui.state.showExport)) {
        endDockedPanel();
        return;
    }
    if (ImGui::IsWindowAppearing()) ui.commands.exporting.prepareExport();
    ExportUiState& e = ui.state.exporting;
    const auto& formats = exportFormats();
    const std::string driver = formats[static_cast<std::size_t>(e.format)].driver;
    const bool whole = driver == "GTiff" || driver == "PDF" || driver == "QGIS" || driver == "web";   // the map or the project, not a layer
    setItemWidthBesideLabel(tr(text::kFormat), 240);
    if (ImGui::BeginCombo(tr(text::kFormat), formats[static_cast<std::size_t>(e.format)].label)) {
        for (std::size_t i = 0; i < formats.size(); ++i)
            if (ImGui::Selectable(formats[i].label, static_cast<int>(i) == e.format)) e.format = static_cast<int>(i);
        ImGui::EndCombo();
    }
    if (!whole) {
        setItemWidthBesideLabel(tr(text::kLayer), 240);
        if (ImGui::BeginCombo(tr(text::kLayer), ui.data.layers.at(e.layer).spec.name.c_str())) {
            for (std::size_t i = 0; i < ui.data.layers.size(); ++i)
                if (ui.data.layers[i].available() && ImGui::Selectable(ui.data.layers[i].spec.name.c_str(), i == e.layer)) e.layer = i;
            ImGui::EndCombo();
        }
        const auto& filter = ui.state.filters.at(e.layer);
        ImGui::BeginDisabled(!filter || !filter->active());
        ImGui::Checkbox(tr(text::kOnlyFiltered), &e.filtered);
        ImGui::EndDisabled();
        ImGui::Checkbox(tr(text::kOnlySelected), &e.selectedOnly);
    }
    setItemWidthBesideLabel(tr(text::kOutputFile), 340);
    ImGui::InputTextWithHint(tr(text::kOutputFile), driver == "QGIS" ? "planview-exports/project.qgz" : driver == "web" ? "planview-exports/briefing/" : whole ? "planview-exports/map" : "planview-exports/<layer>", &e.output);
    ImGui::Checkbox(tr(text::kOverwrite), &e.overwrite);
    if (ImGui::Button(tr(text::kExport), ImVec2(120, 0))) ui.commands.exporting.exportData();
    if (!e.message.empty()) ImGui::TextWrapped("%s", e.message.c_str());
    endDockedPanel();
}

}  // namespace planview
