#include <algorithm>
#include <vector>
#include <imgui.h>
#include "app/ui/DockedPanel.h"
#include "app/ui/ToolPanels.h"
#include "app/ui/UiText.h"

namespace planview {

void drawToolBar(const UiContext& ui) {
    UiState& s = ui.state;
    // A strip along the top (state.layout.toolBar), its buttons centred; the panels start below it.
    const ScreenRect& bar = s.layout.toolBar;
    ImGui::SetNextWindowPos(ImVec2(bar.x0, bar.y0), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(bar.width(), bar.height()), ImGuiCond_Always);
    ImGui::SetNextWindowBgAlpha(0.85f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(8, 4));
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoBringToFrontOnFocus;
    if (!ImGui::Begin("##tools", nullptr, flags)) {
        ImGui::End();
        ImGui::PopStyleVar(2);
        return;
    }
    struct Tool {
        const Phrase& name;
        bool& open;
    };
    std::vector<Tool> tools{{text::kSearch, s.showSearch}, {text::kInspector, s.showInspector}, {text::kFilter, s.showFilter}};
    if (s.timeline.layer >= 0) tools.push_back({text::kTimeline, s.showTimeline});
    tools.push_back({text::kSun, s.showSun});
    tools.push_back({text::kMeasure, s.showMeasure});
    tools.push_back({text::kStatistics, s.showStatistics});
    tools.push_back({text::kChecks, s.showChecks});
    if (!ui.data.project.compares.empty()) tools.push_back({text::kCompare, s.showCompare});
    tools.push_back({text::kExport, s.showExport});
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    float width = buttonWidth(tr(text::kLanguageButton)) + ImGui::CalcTextSize("|").x + 2 * spacing;
    for (const Tool& t : tools) width += buttonWidth(tr(t.name)) + spacing;
    ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), (bar.width() - width) / 2));
    // A toggle per tool: highlighted while its panel is open.
    for (const Tool& t : tools) {
        if (t.open) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        bool clicked = ImGui::Button(tr(t.name));
        if (t.open) ImGui::PopStyleColor();
        if (clicked) t.open = !t.open;
        ImGui::SameLine();
    }
    ImGui::TextDisabled("|");
    ImGui::SameLine();
    if (ImGui::Button(tr(text::kLanguageButton)))
        ui.commands.language.setLanguage(uiLanguage() == Language::Chinese ? Language::English : Language::Chinese);
    ImGui::End();
    ImGui::PopStyleVar(2);
}

}  // namespace planview
