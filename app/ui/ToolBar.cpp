#include <imgui.h>
#include "app/ui/ToolPanels.h"
#include "app/ui/UiText.h"

namespace planview {

void drawToolBar(const UiContext& ui) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(display.x / 2, 8), ImGuiCond_Always, ImVec2(0.5f, 0));
    ImGui::SetNextWindowBgAlpha(0.85f);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing;
    if (!ImGui::Begin("##tools", nullptr, flags)) {
        ImGui::End();
        return;
    }
    UiState& s = ui.state;
    // A toggle per tool: highlighted while its panel is open.
    auto toggle = [](const Phrase& name, bool& open) {
        if (open) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        bool clicked = ImGui::Button(tr(name));
        if (open) ImGui::PopStyleColor();
        if (clicked) open = !open;
        ImGui::SameLine();
    };
    toggle(text::kSearch, s.showSearch);
    toggle(text::kInspector, s.showInspector);
    toggle(text::kFilter, s.showFilter);
    if (s.timeline.layer >= 0) toggle(text::kTimeline, s.showTimeline);
    toggle(text::kMeasure, s.showMeasure);
    toggle(text::kStatistics, s.showStatistics);
    toggle(text::kExport, s.showExport);
    ImGui::TextDisabled("|");
    ImGui::SameLine();
    if (ImGui::Button(tr(text::kLanguageButton)))
        ui.commands.setLanguage(uiLanguage() == Language::Chinese ? Language::English : Language::Chinese);
    ImGui::End();
}

}  // namespace planview
