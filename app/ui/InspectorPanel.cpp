#include <imgui.h>
#include "app/ui/DockedPanel.h"
#include "app/ui/ToolPanels.h"
#include "app/ui/UiText.h"

namespace planview {

namespace {

// The ground point clicked: where it is, the terrain's height, the raster layers' pixels there.
void drawPointInfo(const UiContext& ui) {
    const std::optional<PointInfo>& point = ui.state.inspectedPoint;
    if (!point || (!point->groundHeightM && point->rasterValues.empty())) return;
    ImGui::TextDisabled("%s  %.6f° E, %.6f° N", tr(text::kAtThisPoint), point->lonLat.x, point->lonLat.y);
    if (point->groundHeightM) ImGui::Text("%s  %.1f m", tr(text::kGroundHeight), *point->groundHeightM);
    for (const auto& [layer, values] : point->rasterValues) ImGui::TextWrapped("%s  %s", layer.c_str(), values.c_str());
    ImGui::Separator();
}

}  // namespace

void drawInspectorPanel(const UiContext& ui) {
    if (!ui.state.showInspector) return;
    if (!beginDockedPanel(ui.state, text::kInspector, "inspector", &ui.state.showInspector)) {
        endDockedPanel();
        return;
    }
    const std::optional<InspectorInfo>& info = ui.state.inspector;
    drawSunlightPointInfo(ui);
    drawPointInfo(ui);
    if (!info) {
        ImGui::TextDisabled("%s", tr(text::kNothingSelected));
        endDockedPanel();
        return;
    }
    ImGui::TextUnformatted(info->title.c_str());
    ImGui::TextDisabled("%s %s", tr(text::kLayer), info->layerName.c_str());
    sameLineIfFits(buttonWidth(tr(text::kClearSelection)));
    if (ImGui::SmallButton(tr(text::kClearSelection))) ui.commands.inspector.clearSelection();
    ImGui::Separator();
    const bool chinese = uiLanguage() == Language::Chinese;
    const geo::FeatureMeasures& m = info->measures;
    if (m.areaM2 > 0) {
        ImGui::Text("%s  %s", tr(text::kArea), geo::formatArea(m.areaM2, chinese).c_str());
        ImGui::Text("%s  %s", tr(text::kPerimeter), geo::formatLength(m.perimeterM).c_str());
    }
    if (m.lengthM > 0) ImGui::Text("%s  %s", tr(text::kLength), geo::formatLength(m.lengthM).c_str());
    if (info->groundHeightM) ImGui::Text("%s  %.1f m", tr(text::kGroundHeight), *info->groundHeightM);
    for (const auto& [zoneLayer, zone] : info->zones)
        ImGui::Text("%s  %s: %s", tr(text::kPlatform), zoneLayer.c_str(), zone.empty() ? tr(text::kNone) : zone.c_str());
    ImGui::Separator();
    // As tall as its rows: the panel scrolls when they are more than its share of the column.
    if (ImGui::BeginTable("attributes", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable)) {
        ImGui::TableSetupColumn(tr(text::kField), ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn(tr(text::kValue), ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableHeadersRow();
        for (const auto& [field, value] : info->attributes) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushTextWrapPos(-1.0f);   // the field column fits its names
            ImGui::TextDisabled("%s", field.c_str());
            ImGui::PopTextWrapPos();
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s", value.c_str());
        }
        ImGui::EndTable();
    }
    endDockedPanel();
}

}  // namespace planview
