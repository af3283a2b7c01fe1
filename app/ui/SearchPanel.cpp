#include <imgui.h>
#include <imgui_stdlib.h>
#include "app/ui/DockedPanel.h"
#include "app/ui/ToolPanels.h"
#include "app/ui/UiText.h"

namespace planview {

void drawSearchPanel(const UiContext& ui) {
    if (!ui.state.showSearch) return;
    if (!beginDockedPanel(ui.state, text::kSearch, "search", &ui.state.showSearch)) {
        endDockedPanel();
        return;
    }
    SearchUiState& s = ui.state.search;
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    std::string query = s.query;
    ImGui::SetNextItemWidth(-1);
    bool enter = ImGui::InputTextWithHint("##query", tr(text::kSearchHint), &query, ImGuiInputTextFlags_EnterReturnsTrue);
    if (query != s.query) ui.commands.search.search(query);
    // Arrow keys move through the matches while the box has the keyboard.
    if (ImGui::IsItemActive() && !s.hits.empty()) {
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow))) s.chosen = std::min<int>(s.chosen + 1, static_cast<int>(s.hits.size()) - 1);
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow))) s.chosen = std::max(s.chosen - 1, 0);
    }
    if (enter && !s.hits.empty()) {
        const geo::SearchHit& hit = s.hits[static_cast<std::size_t>(s.chosen)];
        ui.commands.inspector.flyToFeature(hit.layer, hit.feature);
        ImGui::SetKeyboardFocusHere(-1);   // keep typing after a jump
    }
    if (!s.query.empty() && s.hits.empty()) ImGui::TextDisabled("%s", tr(text::kNoMatches));
    if (!s.hits.empty()) {
        float rows = std::min<float>(static_cast<float>(s.hits.size()), 12.0f);
        ImGui::BeginChild("hits", ImVec2(0, rows * ImGui::GetTextLineHeightWithSpacing() + 6), false);
        for (std::size_t i = 0; i < s.hits.size(); ++i) {
            const geo::SearchHit& hit = s.hits[i];
            ImGui::PushID(static_cast<int>(i));
            std::string line = hit.text + "   ";
            bool chosen = static_cast<int>(i) == s.chosen;
            if (ImGui::Selectable(line.c_str(), chosen)) {
                s.chosen = static_cast<int>(i);
                ui.commands.inspector.flyToFeature(hit.layer, hit.feature);
            }
            if (chosen && ImGui::IsItemVisible() == false) ImGui::SetScrollHereY();
            ImGui::SameLine();
            ImGui::TextDisabled("%s · %s", ui.data.layers[hit.layer].spec.name.c_str(), hit.field.c_str());
            ImGui::PopID();
        }
        ImGui::EndChild();
    }
    endDockedPanel();
}

}  // namespace planview
