#include "app/ui/NorthArrow.h"
#include <algorithm>
#include <imgui.h>
#include "app/ui/ImageCameraOsg.h"
#include "app/ui/UiText.h"

namespace planview {

namespace {
// The overlay's design sizes (1080 px) times this: a 16 px scale label, a 30 px arrow.
constexpr float kViewerScale = 0.75f;
constexpr float kArrowRadius = 30;
constexpr float kMargin = 10;
}  // namespace

ScaleBarMark drawScaleAndNorth(const UiContext& ui) {
    UiState& state = ui.state;
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ScreenRect map = state.layout.freeArea;
    if (map.empty()) map = {0, 0, display.x, display.y};
    ImDrawList* draw = ImGui::GetForegroundDrawList();
    // The arrow with room for its "北", which turns around it with the heading.
    const float outer = kArrowRadius + ImGui::GetFontSize() * 1.3f;
    const ImVec2 centre(map.x1 - kMargin - outer, map.y1 - kMargin - outer);
    drawNorthMark(draw, centre, kArrowRadius, state.camera.heading, kViewerScale);

    const double metresPerPixel = planview::metresPerPixel(state.camera);
    // The bar's box ends beside the arrow, its bottom on the map's bottom margin.
    const ScaleBarMark measured = drawScaleBar(nullptr, metresPerPixel, kViewerScale, 0, 0);
    const float bottom = map.y1 - kMargin - measured.box.y1;
    const float left = std::max(map.x0 + kMargin, centre.x - outer - kMargin - measured.box.width());
    const ScaleBarMark bar = drawScaleBar(draw, metresPerPixel, kViewerScale, left, bottom);
    ScreenRect marks{centre.x - outer, centre.y - outer, centre.x + outer, centre.y + outer};
    if (bar.metres > 0) marks = {std::min(marks.x0, bar.box.x0), std::min(marks.y0, bar.box.y0), marks.x1, std::max(marks.y1, bar.box.y1)};
    state.layout.mapMarks = marks;
    return bar;
}

}  // namespace planview
