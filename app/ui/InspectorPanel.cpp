#include <imgui.h>
#include "app/ui/ToolPanels.h"
#include "app/ui/UiText.h"

namespace planview {

void drawInspectorPanel(const UiContext& ui) {
    if (!ui.state.showInspector) return;
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(display.x - 10, display.y - 110), ImGuiCond_FirstUseEver, ImVec2(1, 1));
    ImGui::SetNextWindowSize(ImVec2(340, 380), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowBgAlpha(kToolPanelAlpha);
    if (!ImGui::Begin(windowTitle(text::kInspector, "inspector").c_str(), &ui.state.showInspector)) {
        ImGui::End();
        return;
    }
    const std::optional<InspectorInfo>& info = ui.state.inspector;
    if (!info) {
        ImGui::TextDisabled("%s", tr(text::kNothingSelected));
        ImGui::End();
        return;
    }
    ImGui::TextUnformatted(info->title.c_str());
    ImGui::TextDisabled("%s %s", tr(text::kLayer), info->layerName.c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton(tr(text::kClearSelection))) ui.commands.clearSelection();
    ImGui::Separator();
    const bool chinese = uiLanguage() == Language::Chinese;
    const geo::FeatureMeasures& m = info->measures;
    if (m.areaM2 > 0) {
        ImGui::Text("%s  %s", tr(text::kArea), geo::formatArea(m.areaM2, chinese).c_str());
        ImGui::Text("%s  %s", tr(text::kPerimeter), geo::formatLength(m.perimeterM).c_str());
    }
    if (m.lengthM > 0) ImGui::Text("%s  %s", tr(text::kLength), geo::formatLength(m.lengthM).c_str());
    for (const auto& [zoneLayer, zone] : info->zones)
        ImGui::Text("%s  %s: %s", tr(text::kPlatform), zoneLayer.c_str(), zone.empty() ? tr(text::kNone) : zone.c_str());
    ImGui::Separator();
    if (ImGui::BeginTable("attributes", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                               ImGuiTableFlags_Resizable)) {
        ImGui::TableSetupColumn(tr(text::kField), ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn(tr(text::kValue), ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableHeadersRow();
        for (const auto& [field, value] : info->attributes) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextDisabled("%s", field.c_str());
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s", value.c_str());
        }
        ImGui::EndTable();
    }
    ImGui::End();
}

}  // namespace planview
