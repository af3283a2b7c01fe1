#include "app/ui/NorthArrow.h"
#include <cmath>
#include <imgui.h>
#include "app/ui/UiText.h"

namespace planview {

void drawNorthArrow(const UiContext& ui) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const float radius = 26;
    const ImVec2 c(display.x - radius - 18, display.y - radius - ImGui::GetFrameHeight() - 24);
    // North on screen: the up direction turned against the heading (y grows downwards).
    const float h = static_cast<float>(ui.state.heading * M_PI / 180.0);
    const ImVec2 n(-std::sin(h), -std::cos(h)), e(-n.y, n.x);
    auto at = [&](float along, float across) { return ImVec2(c.x + n.x * along + e.x * across, c.y + n.y * along + e.y * across); };
    ImDrawList* draw = ImGui::GetForegroundDrawList();
    draw->AddCircleFilled(c, radius, IM_COL32(255, 255, 255, 210), 40);
    draw->AddCircle(c, radius, IM_COL32(60, 60, 60, 200), 40, 1.5f);
    draw->AddTriangleFilled(at(radius * 0.8f, 0), at(-radius * 0.15f, -radius * 0.32f), at(0, 0), IM_COL32(200, 40, 40, 255));
    draw->AddTriangleFilled(at(radius * 0.8f, 0), at(0, 0), at(-radius * 0.15f, radius * 0.32f), IM_COL32(140, 20, 20, 255));
    draw->AddTriangleFilled(at(-radius * 0.6f, 0), at(0, 0), at(-radius * 0.15f, -radius * 0.32f), IM_COL32(90, 90, 90, 255));
    draw->AddTriangleFilled(at(-radius * 0.6f, 0), at(-radius * 0.15f, radius * 0.32f), at(0, 0), IM_COL32(150, 150, 150, 255));
    ImVec2 label = at(radius + 10, 0);
    ImVec2 size = ImGui::CalcTextSize(tr(text::kNorth));
    draw->AddText(ImVec2(label.x - size.x / 2, label.y - size.y / 2), IM_COL32(30, 30, 30, 255), tr(text::kNorth));
}

}  // namespace planview
