#include <algorithm>
#include <cmath>
#include <imgui.h>
#include "app/ui/DockedPanel.h"
#include "app/ui/ImageCameraOsg.h"
#include "app/ui/ToolPanels.h"
#include "app/ui/UiText.h"
#include "geo/Triangulate.h"

namespace planview {

namespace {

// A ground point (scene metres, z = 0) on screen (ImGui pixels, y down); nullopt behind the eye.
std::optional<ImVec2> toScreen(const ImageCamera& s, geo::Vec2 p, double z = 0) {
    osg::Vec4d clip = osg::Vec4d(p.x, p.y, z, 1) * (osgView(s) * osgProjection(s));
    if (clip.w() <= 1e-9) return std::nullopt;
    return ImVec2(static_cast<float>((clip.x() / clip.w() * 0.5 + 0.5) * s.width),
                  static_cast<float>((1 - (clip.y() / clip.w() * 0.5 + 0.5)) * s.height));
}

}  // namespace

void drawMeasurePanel(const UiContext& ui) {
    if (!ui.state.showMeasure) {
        if (ui.state.measure.mode != MeasureMode::Off) ui.commands.measure.setMeasureMode(MeasureMode::Off);
        return;
    }
    if (!beginDockedPanel(ui.state, text::kMeasure, "measure", &ui.state.showMeasure)) {
        endDockedPanel();
        return;
    }
    // Opening the tool means measuring: start with a distance.
    if (ImGui::IsWindowAppearing() && ui.state.measure.mode == MeasureMode::Off) ui.commands.measure.setMeasureMode(MeasureMode::Distance);
    const MeasureUiState& m = ui.state.measure;
    int mode = static_cast<int>(m.mode);
    if (ImGui::RadioButton(tr(text::kMeasureOff), &mode, 0)) ui.commands.measure.setMeasureMode(MeasureMode::Off);
    sameLineIfFits(checkboxWidth(tr(text::kMeasureDistance)));
    if (ImGui::RadioButton(tr(text::kMeasureDistance), &mode, 1)) ui.commands.measure.setMeasureMode(MeasureMode::Distance);
    sameLineIfFits(checkboxWidth(tr(text::kMeasureArea)));
    if (ImGui::RadioButton(tr(text::kMeasureArea), &mode, 2)) ui.commands.measure.setMeasureMode(MeasureMode::Area);
    if (m.mode != MeasureMode::Off) {
        ImGui::TextDisabled("%s", tr(text::kMeasureHint));
        ImGui::Text("%s %zu", tr(text::kPoints), m.points.size());
        ImGui::Text("%s  %s", tr(text::kLength), geo::formatLength(m.lengthM).c_str());
        if (m.groundLengthM > 0) ImGui::Text("%s  %s", tr(text::kAlongTheGround), geo::formatLength(m.groundLengthM).c_str());
        if (m.mode == MeasureMode::Area) {
            ImGui::Text("%s  %s", tr(text::kPerimeter), geo::formatLength(m.perimeterM).c_str());
            ImGui::Text("%s  %s", tr(text::kArea), geo::formatArea(m.areaM2, uiLanguage() == Language::Chinese).c_str());
        }
        if (ImGui::Button(tr(text::kClear))) ui.commands.measure.clearMeasure();
    }
    endDockedPanel();
}

void drawMeasureOverlay(const UiContext& ui) {
    const ImageCamera& s = ui.state.camera;
    const MeasureUiState& m = ui.state.measure;
    if (m.mode == MeasureMode::Off || m.points.empty() || s.width <= 0) return;
    ImDrawList* draw = ImGui::GetBackgroundDrawList();
    const ImU32 line = IM_COL32(255, 140, 0, 255), fill = IM_COL32(255, 140, 0, 70), halo = IM_COL32(255, 255, 255, 220);
    std::vector<ImVec2> screen;
    // On the ground where it is: at each point's terrain height.
    for (std::size_t i = 0; i < m.points.size(); ++i)
        if (auto at = toScreen(s, m.points[i], i < m.pointHeights.size() ? m.pointHeights[i] : 0.0)) screen.push_back(*at);
    if (screen.size() != m.points.size()) return;   // a point behind the eye: nothing sensible to draw
    const bool area = m.mode == MeasureMode::Area && m.points.size() > 2;
    if (area) {
        // Concave shapes too: fill the triangles of the drawn ring.
        geo::Polygon polygon;
        polygon.rings.push_back(m.points);
        std::vector<double> heights = m.pointHeights;
        heights.resize(m.points.size(), 0.0);
        if (geo::signedArea(polygon.rings[0]) < 0) {
            std::reverse(polygon.rings[0].begin(), polygon.rings[0].end());
            std::reverse(heights.begin(), heights.end());
        }
        std::vector<geo::Vec2> vertices;   // the ring's points, in order
        std::vector<std::uint32_t> indices;
        if (geo::triangulate(polygon, vertices, indices) && vertices.size() == heights.size())
            for (std::size_t i = 0; i + 2 < indices.size(); i += 3) {
                auto corner = [&](std::size_t k) { return toScreen(s, vertices[indices[k]], heights[indices[k]]); };
                auto a = corner(i), b = corner(i + 1), c = corner(i + 2);
                if (a && b && c) draw->AddTriangleFilled(*a, *b, *c, fill);
            }
    }
    draw->AddPolyline(screen.data(), static_cast<int>(screen.size()), halo, area ? ImDrawFlags_Closed : 0, 5.0f);
    draw->AddPolyline(screen.data(), static_cast<int>(screen.size()), line, area ? ImDrawFlags_Closed : 0, 2.5f);
    for (const ImVec2& p : screen) {
        draw->AddCircleFilled(p, 5, halo);
        draw->AddCircleFilled(p, 3.5f, line);
    }
    // The running figure beside the last point.
    std::string label = area ? geo::formatArea(m.areaM2, uiLanguage() == Language::Chinese) : geo::formatLength(m.lengthM);
    ImVec2 at(screen.back().x + 10, screen.back().y - 10);
    ImVec2 size = ImGui::CalcTextSize(label.c_str());
    draw->AddRectFilled(ImVec2(at.x - 4, at.y - 2), ImVec2(at.x + size.x + 4, at.y + size.y + 2), IM_COL32(255, 255, 255, 220), 4);
    draw->AddText(at, IM_COL32(40, 40, 40, 255), label.c_str());
}

}  // namespace planview
