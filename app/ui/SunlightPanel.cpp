// The sun panel's 日照分析 section: what to count (layer, scope, window, threshold, step, spacing),
// the run's progress and Cancel, the colour ramp's legend with the threshold marked, and the floors
// short of it (a row flies to its facade); and a clicked point's sun in the inspector.
#include <cmath>
#include <cstdio>
#include <string>
#include <imgui.h>
#include "app/ui/DockedPanel.h"
#include "app/ui/ToolPanels.h"
#include "app/ui/UiText.h"
#include "geo/SunlightJob.h"
#include "geo/SunlightRamp.h"

namespace planview {

namespace {

/// Minutes after midnight as "HH:MM".
std::string clockOf(double minutes) {
    const long m = std::lround(minutes);
    char text[48];
    std::snprintf(text, sizeof text, "%02ld:%02ld", m / 60, m % 60);
    return text;
}

/// A duration as "2 h 05 min" / "2时05分".
std::string durationOf(double minutes) {
    const long m = std::lround(minutes);
    char text[48];
    if (uiLanguage() == Language::Chinese) std::snprintf(text, sizeof text, "%ld时%02ld分", m / 60, m % 60);
    else std::snprintf(text, sizeof text, "%ld h %02ld min", m / 60, m % 60);
    return text;
}

ImU32 imColor(const geo::Color& c) { return ImGui::ColorConvertFloat4ToU32(ImVec4(c.r, c.g, c.b, c.a)); }

/// The ramp from 0 to the window's hours as a bar, the threshold marked by a tick and its hours.
void drawLegend(const SunlightUiState& s) {
    const double full = s.toMinutes - s.fromMinutes;
    if (full <= 0) return;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float width = std::max(120.0f, ImGui::GetContentRegionAvail().x - 8), height = ImGui::GetFontSize() * 0.9f;
    constexpr int kSteps = 96;
    for (int k = 0; k < kSteps; ++k) {
        const double minutes = (k + 0.5) / kSteps * full;
        const float x0 = at.x + width * k / kSteps, x1 = at.x + width * (k + 1) / kSteps + 0.5f;
        draw->AddRectFilled(ImVec2(x0, at.y), ImVec2(x1, at.y + height), imColor(geo::sunlightRampColor(minutes, s.thresholdMinutes, full)));
    }
    draw->AddRect(ImVec2(at.x, at.y), ImVec2(at.x + width, at.y + height), IM_COL32(40, 40, 40, 255));
    const float tx = at.x + static_cast<float>(width * std::min(1.0, s.thresholdMinutes / full));
    draw->AddLine(ImVec2(tx, at.y - 3), ImVec2(tx, at.y + height + 3), IM_COL32(0, 0, 0, 255), 2.5f);
    ImGui::Dummy(ImVec2(width, height + 4));
    char text[64];
    std::snprintf(text, sizeof text, "0 h");
    ImGui::TextUnformatted(text);
    std::snprintf(text, sizeof text, "| %.4g h", s.thresholdMinutes / 60);
    const float thresholdX = tx - at.x - 3;
    ImGui::SameLine(std::max(thresholdX, ImGui::CalcTextSize("0 h ").x), 0);
    ImGui::TextUnformatted(text);
    std::snprintf(text, sizeof text, "%.4g h", full / 60);
    const float right = width - ImGui::CalcTextSize(text).x;
    if (right > thresholdX + ImGui::CalcTextSize("| 00 h  ").x) {
        ImGui::SameLine(right, 0);
        ImGui::TextUnformatted(text);
    }
}

void drawSettings(const UiContext& ui, SunlightUiState& s) {
    // The layers that can be counted: extruded buildings, loaded in full.
    std::vector<std::size_t> layers;
    for (std::size_t i = 0; i < ui.data.layers.size(); ++i) {
        const geo::LoadedLayer& l = ui.data.layers[i];
        if (geo::isExtrudedBuildings(l.spec) && l.available() && !l.streamed() && l.data.kind == geo::GeometryKind::Polygon)
            layers.push_back(i);
    }
    if (layers.empty()) {
        ImGui::TextWrapped("%s", tr(text::kSunlightNoLayer));
        return;
    }
    if (s.layer < 0) s.layer = static_cast<int>(layers.front());
    setItemWidthBesideLabel(tr(text::kSunlightLayer), 220);
    if (ImGui::BeginCombo(tr(text::kSunlightLayer), ui.data.layers[static_cast<std::size_t>(s.layer)].spec.name.c_str())) {
        for (std::size_t i : layers)
            if (ImGui::Selectable(ui.data.layers[i].spec.name.c_str(), static_cast<int>(i) == s.layer)) s.layer = static_cast<int>(i);
        ImGui::EndCombo();
    }
    int scope = static_cast<int>(s.scope);
    ImGui::RadioButton(tr(text::kSunlightScopeInView), &scope, static_cast<int>(SunlightScope::InView));
    ImGui::SameLine();
    ImGui::RadioButton(tr(text::kSunlightScopeSelection), &scope, static_cast<int>(SunlightScope::Selection));
    ImGui::SameLine();
    ImGui::RadioButton(tr(text::kSunlightScopeWhere), &scope, static_cast<int>(SunlightScope::Where));
    s.scope = static_cast<SunlightScope>(scope);
    if (s.scope != SunlightScope::Selection) {
        char buffer[512];
        std::snprintf(buffer, sizeof buffer, "%s", s.where.c_str());
        setItemWidthBesideLabel("WHERE", 400);
        if (ImGui::InputText("WHERE", buffer, sizeof buffer)) s.where = buffer;
    }
    ImGui::TextUnformatted(tr(text::kSunlightWindow));
    ImGui::SetNextItemWidth(150);
    ImGui::DragFloatRange2("##window", &s.fromHours, &s.toHours, 0.25f, 0.0f, 24.0f, "%.2f h", "%.2f h");
    ImGui::SameLine();
    if (ImGui::SmallButton("8–16")) s.fromHours = 8, s.toHours = 16;   // 大寒
    ImGui::SameLine();
    if (ImGui::SmallButton("9–15")) s.fromHours = 9, s.toHours = 15;   // 冬至
    auto number = [](const Phrase& label, float* value, const char* format) {
        ImGui::SetNextItemWidth(70);
        ImGui::InputFloat(tr(label), value, 0, 0, format);
    };
    number(text::kSunlightThreshold, &s.thresholdHours, "%.2f");
    sameLineIfFits(160);
    number(text::kSunlightStep, &s.stepMinutes, "%.1f");
    number(text::kSunlightSpacing, &s.spacing, "%.1f");
    sameLineIfFits(160);
    number(text::kSunlightFloorHeight, &s.floorHeight, "%.1f");
    number(text::kSunlightMinPeriod, &s.minPeriodMinutes, "%.0f");
    ImGui::Checkbox(tr(text::kSunlightFast), &s.fast);
    ImGui::Checkbox(tr(text::kSunlightGround), &s.ground);
    if (s.ground) {
        ImGui::SameLine();
        ImGui::SetNextItemWidth(80);
        ImGui::InputFloat("m##groundSpacing", &s.groundSpacing, 0, 0, "%.1f");
    }
}

}  // namespace

void drawSunlightSection(const UiContext& ui) {
    SunlightUiState& s = ui.state.sunlight;
    SunlightCommands& commands = ui.commands.sunlight;
    if (!ImGui::CollapsingHeader((std::string(tr(text::kSunlightAnalysis)) + "###sunlight").c_str(), ImGuiTreeNodeFlags_DefaultOpen))
        return;
    ImGui::SetNextItemOpen(s.settingsOpen, ImGuiCond_Always);
    s.settingsOpen = ImGui::TreeNode((std::string(tr(text::kSunlightSettings)) + "###sunlightSettings").c_str());
    if (s.settingsOpen) {
        drawSettings(ui, s);
        ImGui::TreePop();
    }
    if (s.running) {
        if (ImGui::Button(tr(text::kSunlightCancel))) commands.cancelSunlight();
        ImGui::SameLine();
        const Phrase& pass = s.pass == 2 ? text::kSunlightRefine : s.pass == 3 ? text::kSunlightGroundPass : text::kSunlightCoarse;
        char label[64];
        std::snprintf(label, sizeof label, "%s %.0f%%", s.fast || s.pass == 3 ? tr(pass) : "", 100 * s.progress);
        ImGui::ProgressBar(static_cast<float>(s.progress), ImVec2(-1, 0), label);
    } else if (ImGui::Button(tr(text::kSunlightRun))) {
        commands.runSunlight();
    }
    if (!s.error.empty()) ImGui::TextColored(ImVec4(0.85f, 0.2f, 0.2f, 1), "%s", s.error.c_str());
    if (s.cancelled) ImGui::TextDisabled("%s", tr(text::kSunlightCancelled));
    if (!s.computed) return;

    ImGui::Separator();
    ImGui::Text("%s %s–%s · %zu %s · %zu %s · %.1f s", geo::formatCivilDate(s.date).c_str(), clockOf(s.fromMinutes).c_str(),
                clockOf(s.toMinutes).c_str(), s.points.size(), tr(text::kSunlightPoints), s.failingPoints, tr(text::kSunlightFailing),
                s.elapsedMs / 1000);
    drawLegend(s);
    bool marks = s.marksShown;
    if (ImGui::Checkbox(tr(text::kSunlightShowMarks), &marks)) commands.setSunlightMarksShown(marks);
    if (s.failures.empty()) {
        ImGui::TextColored(ImVec4(0.1f, 0.5f, 0.24f, 1), "%s", tr(text::kSunlightAllPass));
        return;
    }
    ImGui::Text("%s (%zu)", tr(text::kSunlightFailures), s.failures.size());
    ImGui::TextDisabled("%s", tr(text::kSunlightRowHint));
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollY;
    const float height = std::max(ImGui::GetContentRegionAvail().y, ImGui::GetTextLineHeightWithSpacing() * 6);
    if (ImGui::BeginTable("##sunlightFailures", 4, flags, ImVec2(0, height))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn(tr(text::kSunlightBuilding));
        ImGui::TableSetupColumn(tr(text::kSunlightFloor));
        ImGui::TableSetupColumn(tr(text::kSunlightFailing));
        ImGui::TableSetupColumn(tr(text::kSunlightLeast));
        ImGui::TableHeadersRow();
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(s.failures.size()));
        while (clipper.Step())
            for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
                const SunlightFailure& f = s.failures[static_cast<std::size_t>(row)];
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::PushID(row);
                if (ImGui::Selectable(f.building.c_str(), false, ImGuiSelectableFlags_SpanAllColumns))
                    commands.flyToSunlightFailure(static_cast<std::size_t>(row));
                ImGui::PopID();
                ImGui::TableNextColumn();
                ImGui::Text("%d", f.floor);
                ImGui::TableNextColumn();
                ImGui::Text("%zu/%zu", f.failing, f.points);
                ImGui::TableNextColumn();
                const geo::Color c = geo::sunlightRampColor(f.leastMinutes, s.thresholdMinutes, s.toMinutes - s.fromMinutes);
                ImGui::TextColored(ImVec4(c.r * 0.85f, c.g * 0.85f, c.b * 0.85f, 1), "%s", durationOf(f.leastMinutes).c_str());
            }
        ImGui::EndTable();
    }
}

bool drawSunlightPointInfo(const UiContext& ui) {
    const SunlightUiState& s = ui.state.sunlight;
    if (!s.computed || !s.picked || *s.picked >= s.points.size()) return false;
    const geo::SunlightPoint& p = s.points[*s.picked];
    const geo::SunlightResult& r = s.results[*s.picked];
    const bool ground = p.feature == kGroundPoint;
    // The inspector describes the point's building; a pick elsewhere since leaves it out.
    if (!ground && (!ui.state.inspector || ui.state.inspector->feature != p.feature ||
                    static_cast<int>(ui.state.inspector->layer) != s.resultLayer))
        return false;
    if (ground && ui.state.inspector) return false;
    ImGui::TextUnformatted(tr(text::kSunlightPoint));
    const bool pass = r.minutes >= s.thresholdMinutes - 1e-9;
    if (ground) ImGui::Text("%s", tr(text::kSunlightGroundPoint));
    else ImGui::Text("%s %d · %s %.1f m", tr(text::kSunlightFloor), p.floor, tr(text::kSunlightHeight), p.height);
    ImGui::TextColored(pass ? ImVec4(0.1f, 0.5f, 0.24f, 1) : ImVec4(0.8f, 0.15f, 0.1f, 1), "%s %s (%.0f min) · %s",
                       tr(text::kSunlightMinutes), durationOf(r.minutes).c_str(), r.minutes,
                       tr(pass ? text::kSunlightPass : text::kSunlightFail));
    std::string periods;
    for (const geo::SunPeriod& period : r.periods)
        periods += (periods.empty() ? "" : ", ") + clockOf(period.start) + "–" + clockOf(period.end);
    ImGui::TextWrapped("%s %s", tr(text::kSunlightPeriods), periods.empty() ? "-" : periods.c_str());
    ImGui::Separator();
    return true;
}

}  // namespace planview
