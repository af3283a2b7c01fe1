#include "app/ui/DockedPanel.h"
#include <algorithm>
#include <cmath>
#include <string>
#include <imgui_internal.h>
#include "app/ui/ToolPanels.h"

namespace planview {

namespace {

enum class Column { Left, Right };

// The docked panels, top to bottom in each column, and whether each is open.
struct DockedPanelEntry {
    const char* id;
    Column column;
    bool UiState::*shown;
};
const DockedPanelEntry kDockedPanels[] = {
    {"layers", Column::Left, &UiState::showLayers},
    {"legend", Column::Left, &UiState::showLegend},
    {"bookmarks", Column::Left, &UiState::showBookmarks},
    {"search", Column::Right, &UiState::showSearch},
    {"inspector", Column::Right, &UiState::showInspector},
    {"filter", Column::Right, &UiState::showFilter},
    {"timeline", Column::Right, &UiState::showTimeline},
    {"sun", Column::Right, &UiState::showSun},
    {"measure", Column::Right, &UiState::showMeasure},
    {"statistics", Column::Right, &UiState::showStatistics},
    {"checks", Column::Right, &UiState::showChecks},
    {"compare", Column::Right, &UiState::showCompare},
    {"export", Column::Right, &UiState::showExport},
};

bool isOpen(const UiState& state, const DockedPanelEntry& panel) {
    // The timeline panel only with a layer of dates to show.
    return state.*panel.shown && (panel.shown != &UiState::showTimeline || state.timeline.layer >= 0);
}

constexpr float kGap = 6;

float titleBarHeight() { return ImGui::GetFontSize() + ImGui::GetStyle().FramePadding.y * 2; }

// The height panel `id` needs for all of its content, as drawn on the last frame (at the same
// width: the column's); a column's full height for a panel not drawn yet.
float naturalHeight(const char* id, float columnHeight) {
    ImGuiWindow* window = ImGui::FindWindowByName((std::string("###") + id).c_str());
    if (!window || !window->WasActive) return columnHeight;
    if (window->Collapsed) return titleBarHeight();
    const ImGuiStyle& style = ImGui::GetStyle();
    float content = window->DC.CursorMaxPos.y - window->DC.CursorStartPos.y;
    float height = titleBarHeight() + style.WindowPadding.y * 2 + content;
    if (window->ScrollbarX) height += style.ScrollbarSize;
    return std::ceil(height);
}

}  // namespace

float barHeight() { return std::max(ImGui::GetFrameHeight() + 8, ImGui::GetStyle().WindowMinSize.y); }

void layOutPanels(UiState& state) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    bool left = false, right = false;
    for (const DockedPanelEntry& p : kDockedPanels)
        if (isOpen(state, p)) (p.column == Column::Left ? left : right) = true;
    state.layout = screenLayout(display.x, display.y, barHeight(), true, left, right);
    for (Column column : {Column::Left, Column::Right}) {
        const ScreenRect& area = column == Column::Left ? state.layout.left : state.layout.right;
        std::vector<const char*> ids;
        std::vector<float> natural;
        for (const DockedPanelEntry& p : kDockedPanels)
            if (p.column == column && isOpen(state, p)) {
                ids.push_back(p.id);
                natural.push_back(naturalHeight(p.id, area.height()));
            }
        const std::vector<float> heights = stackHeights(natural, area.height(), kGap, titleBarHeight());
        float y = area.y0;
        for (std::size_t i = 0; i < ids.size(); ++i) {
            state.layout.panels.push_back({ids[i], {area.x0, y, area.x1, y + heights[i]}});
            y += heights[i] + kGap;
        }
    }
}

void openAtStart(UiState& state, const UiCommands& commands, const std::vector<std::string>& panels, const std::string& where) {
    for (const std::string& name : panels) {
        for (const DockedPanelEntry& p : kDockedPanels)
            if (name == p.id) state.*p.shown = true;
        // The sun panel with its 日照分析 run on the buildings in view once the window shows them.
        if (name == "sunlight") {
            state.showSun = true;
            state.sunlight.runWhenViewed = true;
        }
    }
    if (!where.empty()) {
        state.showFilter = true;
        state.filter.whereText = where;
        commands.filter.applyWhere(state.filter.layer, where);
    }
}

bool beginDockedPanel(const UiState& state, const Phrase& title, const char* id, bool* open) {
    ScreenRect rect{0, 0, 300, 200};
    for (const PanelSlot& slot : state.layout.panels)
        if (slot.id == id) rect = slot.rect;
    ImGui::SetNextWindowPos(ImVec2(rect.x0, rect.y0), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(rect.width(), rect.height()), ImGuiCond_Always);
    ImGui::SetNextWindowBgAlpha(kToolPanelAlpha);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_HorizontalScrollbar | ImGuiWindowFlags_NoFocusOnAppearing;
    const bool visible = ImGui::Begin(windowTitle(title, id).c_str(), open, flags);
    ImGui::PushTextWrapPos(0.0f);
    return visible;
}

void endDockedPanel() {
    ImGui::PopTextWrapPos();
    ImGui::End();
}

void setItemWidthBesideLabel(const char* label, float most) {
    const float text = ImGui::CalcTextSize(label, nullptr, true).x;
    const float width = ImGui::GetContentRegionAvail().x - (text > 0 ? text + ImGui::GetStyle().ItemInnerSpacing.x : 0);
    ImGui::SetNextItemWidth(std::max(std::min(width, most), ImGui::GetFontSize() * 3));
}

void sameLineIfFits(float width) {
    const float right = ImGui::GetWindowPos().x + ImGui::GetContentRegionMax().x;
    if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width <= right) ImGui::SameLine();
}

float buttonWidth(const char* label) { return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2; }

float checkboxWidth(const char* label) {
    const float text = ImGui::CalcTextSize(label, nullptr, true).x;
    return ImGui::GetFrameHeight() + (text > 0 ? ImGui::GetStyle().ItemInnerSpacing.x + text : 0);
}

}  // namespace planview
