#include <algorithm>
#include <imgui.h>
#include "app/ui/ToolPanels.h"
#include "app/ui/UiText.h"

namespace planview {

void drawTimelinePanel(const UiContext& ui) {
    TimelineUiState& t = ui.state.timeline;
    if (!ui.state.showTimeline || t.layer < 0) return;
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(display.x / 2, display.y - 40), ImGuiCond_FirstUseEver, ImVec2(0.5f, 1));
    ImGui::SetNextWindowBgAlpha(kToolPanelAlpha);
    if (!ImGui::Begin(windowTitle(text::kTimeline, "timeline").c_str(), &ui.state.showTimeline, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::End();
        return;
    }
    bool active = t.active;
    if (ImGui::Checkbox(tr(text::kTimelineOn), &active)) ui.commands.setTimelineActive(active);
    ImGui::SameLine();
    ImGui::TextDisabled("(%s)", ui.data.layers[static_cast<std::size_t>(t.layer)].spec.name.c_str());
    if (ImGui::Button(t.playing ? tr(text::kPause) : tr(text::kPlay), ImVec2(70, 0))) ui.commands.setTimelinePlaying(!t.playing);
    ImGui::SameLine();
    int days = t.date.days;
    ImGui::SetNextItemWidth(std::min(460.0f, display.x * 0.4f));
    // The slider moves by days; its label is the date itself.
    if (ImGui::SliderInt("##date", &days, t.range.first.days, t.range.last.days, geo::formatDate(t.date).c_str())) {
        if (!t.active) ui.commands.setTimelineActive(true);
        ui.commands.setTimelineDate(geo::Date{days});
    }
    ImGui::SameLine();
    ImGui::TextUnformatted(geo::formatDate(t.date).c_str());
    if (t.active) {
        ImGui::Text("%s %zu   %s %zu   %s %zu", tr(text::kPlanned), t.planned, tr(text::kUnderConstruction), t.underConstruction,
                    tr(text::kCompleted), t.completed);
        if (t.unknown) {
            ImGui::SameLine();
            ImGui::TextDisabled("   %s %zu", tr(text::kUnknownStatus), t.unknown);
        }
    }
    ImGui::End();
}

void drawTimelineDate(const UiContext& ui) {
    const TimelineUiState& t = ui.state.timeline;
    if (!t.active || t.layer < 0) return;
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImDrawList* draw = ImGui::GetBackgroundDrawList();
    const std::string date = geo::formatDate(t.date);
    ImFont* font = ImGui::GetFont();
    const float size = ImGui::GetFontSize() * 2.0f;
    ImVec2 extent = font->CalcTextSizeA(size, FLT_MAX, 0, date.c_str());
    ImVec2 at(display.x / 2 - extent.x / 2, 58);
    draw->AddRectFilled(ImVec2(at.x - 12, at.y - 4), ImVec2(at.x + extent.x + 12, at.y + extent.y + 4), IM_COL32(255, 255, 255, 200), 6);
    draw->AddText(font, size, at, IM_COL32(30, 30, 30, 255), date.c_str());
}

}  // namespace planview
