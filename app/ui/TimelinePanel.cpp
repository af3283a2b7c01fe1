#include <algorithm>
#include <imgui.h>
#include "app/ui/DockedPanel.h"
#include "app/ui/ToolPanels.h"
#include "app/ui/UiText.h"

namespace planview {

void drawTimelinePanel(const UiContext& ui) {
    TimelineUiState& t = ui.state.timeline;
    if (!ui.state.showTimeline || t.layer < 0) return;
    if (!beginDockedPanel(ui.state, text::kTimeline, "timeline", &ui.state.showTimeline)) {
        endDockedPanel();
        return;
    }
    const bool on = ui.state.view.date.has_value();
    bool active = on;
    if (ImGui::Checkbox(tr(text::kTimelineOn), &active)) ui.commands.timeline.setTimelineActive(active);
    ImGui::TextDisabled("(%s)", ui.data.layers[static_cast<std::size_t>(t.layer)].spec.name.c_str());
    if (ImGui::Button(t.playing ? tr(text::kPause) : tr(text::kPlay), ImVec2(70, 0))) ui.commands.timeline.setTimelinePlaying(!t.playing);
    ImGui::SameLine();
    int days = t.date.days;
    ImGui::SetNextItemWidth(-1);
    // The slider moves by days; its label is the date itself.
    if (ImGui::SliderInt("##date", &days, t.range.first.days, t.range.last.days, geo::formatDate(t.date).c_str())) {
        if (!on) ui.commands.timeline.setTimelineActive(true);
        ui.commands.timeline.setTimelineDate(geo::Date{days});
    }
    if (on) {
        const geo::StatusCounts& c = t.counts;
        ImGui::Text("%s %zu   %s %zu   %s %zu", tr(text::kPlanned), c.planned, tr(text::kUnderConstruction), c.underConstruction,
                    tr(text::kCompleted), c.completed);
        if (c.unknown) ImGui::TextDisabled("%s %zu", tr(text::kUnknownStatus), c.unknown);
    }
    endDockedPanel();
}

void drawTimelineDate(const UiContext& ui) {
    const std::optional<geo::Date>& shown = ui.state.view.date;
    if (!shown || ui.state.timeline.layer < 0) return;
    const ScreenRect& map = ui.state.layout.freeArea;
    ImDrawList* draw = ImGui::GetBackgroundDrawList();
    const std::string date = geo::formatDate(*shown);
    ImFont* font = ImGui::GetFont();
    const float size = ImGui::GetFontSize() * 2.0f;
    ImVec2 extent = font->CalcTextSizeA(size, FLT_MAX, 0, date.c_str());
    // At the top of the map, clear of the panels.
    ImVec2 at((map.x0 + map.x1) / 2 - extent.x / 2, map.y0 + 12);
    draw->AddRectFilled(ImVec2(at.x - 12, at.y - 4), ImVec2(at.x + extent.x + 12, at.y + extent.y + 4), IM_COL32(255, 255, 255, 200), 6);
    draw->AddText(font, size, at, IM_COL32(30, 30, 30, 255), date.c_str());
}

}  // namespace planview
