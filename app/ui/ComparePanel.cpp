#include <algorithm>
#include <cmath>
#include <cstdio>
#include <imgui.h>
#include "app/ui/DockedPanel.h"
#include "app/ui/ToolPanels.h"
#include "app/ui/UiText.h"
#include "geo/ProjectCompare.h"

namespace planview {

namespace {

const Phrase kKeyHeader{"编号", "Key"}, kChangeHeader{"变化", "Change"}, kWhatHeader{"内容", "What changed"},
    kGeometryWord{"形状", "shape"};

ImVec4 imColor(const geo::Color& c) { return ImVec4(c.r, c.g, c.b, c.a); }

const Phrase& changeWord(geo::ChangeKind k) {
    switch (k) {
    case geo::ChangeKind::Added: return text::kAdded;
    case geo::ChangeKind::Removed: return text::kRemoved;
    case geo::ChangeKind::Changed: return text::kChanged;
    case geo::ChangeKind::Unchanged: break;
    }
    return text::kUnchanged;
}

/// An indicator row's name in the UI's language, with its class.
std::string indicatorName(const geo::IndicatorRow& row) {
    struct Name {
        const char* key;
        Phrase phrase;
    };
    static const Name names[] = {{"features", {"要素数", "Features"}},
                                 {"area_m2", {"用地面积 m²", "Area m²"}},
                                 {"floor_area_m2", {"建筑面积 m²", "Floor area m²"}},
                                 {"checks_pass", {"控规符合", "Checks pass"}},
                                 {"checks_exceed", {"控规超出", "Checks exceed"}},
                                 {"checks_no_data", {"控规无数据", "Checks no data"}},
                                 {"parcels_violating", {"违规地块", "Parcels violating"}}};
    std::string name = row.indicator;
    for (const Name& n : names)
        if (row.indicator == n.key) name = tr(n.phrase);
    return row.category.empty() ? name : row.category + " " + name;
}

std::string number(double v, bool signedDelta = false) {
    if (!std::isfinite(v)) return "-";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, signedDelta ? "%+.0f" : "%.0f", v);
    return buffer;
}

/// What changed in a matched pair: the fields, and the shape when its outline moved.
std::string whatChanged(const geo::FeatureChange& c) {
    std::string out;
    for (const geo::AttributeChange& a : c.attributes)
        out += (out.empty() ? "" : ", ") + a.field + " " + geo::toString(a.before) + "→" + geo::toString(a.after);
    if (c.geometryChanged) out += std::string(out.empty() ? "" : ", ") + tr(kGeometryWord);
    return out;
}

}  // namespace

void drawComparePanel(const UiContext& ui) {
    if (!ui.state.showCompare) return;
    if (!beginDockedPanel(ui.state, text::kCompare, "compare", &ui.state.showCompare)) {
        endDockedPanel();
        return;
    }
    CompareUiState& s = ui.state.compare;
    const geo::Project& project = ui.data.project;
    // The map may show another pair (a bookmark's compare_pair): the panel follows it.
    if (const geo::CompareSettings* shown = ui.state.view.compare ? geo::shownComparePair(ui.data, *ui.state.view.compare) : nullptr;
        shown && shown != project.comparePair(s.pair))
        ui.commands.compare.selectPair(shown->name);
    if (!s.computed && s.error.empty()) ui.commands.compare.runCompare();
    const geo::CompareSettings* settings = project.comparePair(s.pair);
    if (!settings) {
        endDockedPanel();
        return;
    }
    // Several [[compare]] pairs: the user picks the one compared.
    if (project.compares.size() > 1 && ImGui::BeginCombo("##pair", settings->name.c_str())) {
        for (const geo::CompareSettings& c : project.compares)
            if (ImGui::Selectable(c.name.c_str(), &c == settings)) ui.commands.compare.selectPair(c.name);
        ImGui::EndCombo();
    }
    ImGui::TextWrapped("%s: %s  →  %s", tr(text::kCompare), settings->before.c_str(), settings->after.c_str());
    if (!s.error.empty()) {
        ImGui::TextWrapped("%s", s.error.c_str());
        endDockedPanel();
        return;
    }
    // How the two versions are drawn: not together, one each side of a swipe, coloured by change, or
    // in two views side by side.
    const auto& shown = ui.state.view.compare;
    const geo::CompareMode modes[] = {geo::CompareMode::Swipe, geo::CompareMode::Changes, geo::CompareMode::Split};
    int mode = !shown ? 0 : 1 + static_cast<int>(std::find(std::begin(modes), std::end(modes), shown->mode) - std::begin(modes));
    const int was = mode;
    ImGui::RadioButton(tr(text::kCompareOff), &mode, 0);
    ImGui::SameLine();
    ImGui::RadioButton(tr(text::kCompareSwipe), &mode, 1);
    ImGui::SameLine();
    ImGui::RadioButton(tr(text::kCompareChanges), &mode, 2);
    ImGui::SameLine();
    ImGui::RadioButton(tr(text::kCompareSplit), &mode, 3);
    if (mode != was) ui.commands.compare.setCompareMode(mode == 0 ? std::nullopt : std::optional(modes[mode - 1]));
    if (shown && shown->mode == geo::CompareMode::Swipe) {
        float swipe = shown->swipe * 100;
        if (ImGui::SliderFloat("##swipe", &swipe, 0, 100, "%.0f%%")) ui.commands.compare.setSwipe(swipe / 100);
    }
    // The counts in the colours the changes take on the map: the legend of the change colours.
    const geo::CompareReport& r = s.comparison.report;
    const std::pair<geo::ChangeKind, std::size_t> counts[] = {{geo::ChangeKind::Added, r.added},
                                                              {geo::ChangeKind::Removed, r.removed},
                                                              {geo::ChangeKind::Changed, r.changed},
                                                              {geo::ChangeKind::Unchanged, r.unchanged}};
    for (std::size_t i = 0; i < std::size(counts); ++i) {
        if (i) ImGui::SameLine();
        ImGui::TextColored(imColor(geo::changeKindColor(counts[i].first)), "%s %zu", tr(changeWord(counts[i].first)), counts[i].second);
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit;
    if (ImGui::CollapsingHeader(tr(text::kIndicators), ImGuiTreeNodeFlags_DefaultOpen) &&
        ImGui::BeginTable("##indicators", 4, flags | ImGuiTableFlags_ScrollY, ImVec2(0, ImGui::GetTextLineHeightWithSpacing() * 9))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        for (const Phrase* h : {&text::kIndicators, &text::kBeforeVersion, &text::kAfterVersion, &text::kDelta})
            ImGui::TableSetupColumn(tr(*h));
        ImGui::TableHeadersRow();
        for (const geo::IndicatorRow& row : s.indicators) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(indicatorName(row).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(number(row.before).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(number(row.after).c_str());
            ImGui::TableNextColumn();
            const double d = row.delta();
            const ImVec4 colour = !std::isfinite(d) || d == 0 ? ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled)
                                                             : ImGui::GetStyleColorVec4(ImGuiCol_Text);
            ImGui::TextColored(colour, "%s", number(d, true).c_str());
        }
        ImGui::EndTable();
    }
    ImGui::Checkbox(tr(text::kShowUnchanged), &s.showUnchanged);
    ImGui::TextDisabled("%s", tr(text::kCompareRowHint));
    if (ImGui::BeginTable("##changes", 3, flags | ImGuiTableFlags_ScrollY, ImVec2(0, ImGui::GetContentRegionAvail().y))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        for (const Phrase* h : {&kKeyHeader, &kChangeHeader, &kWhatHeader}) ImGui::TableSetupColumn(tr(*h));
        ImGui::TableHeadersRow();
        for (std::size_t i = 0; i < r.changes.size(); ++i) {
            const geo::FeatureChange& c = r.changes[i];
            if (!s.showUnchanged && c.kind == geo::ChangeKind::Unchanged) continue;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushID(static_cast<int>(i));
            // A removed feature is only in the before version; the others are seen in the after one.
            if (ImGui::Selectable(c.key.c_str(), false, ImGuiSelectableFlags_SpanAllColumns)) {
                if (c.after >= 0) ui.commands.inspector.flyToFeature(s.comparison.after, static_cast<std::size_t>(c.after));
                else if (c.before >= 0) ui.commands.inspector.flyToFeature(s.comparison.before, static_cast<std::size_t>(c.before));
            }
            ImGui::PopID();
            ImGui::TableNextColumn();
            ImGui::TextColored(imColor(geo::changeKindColor(c.kind)), "%s", tr(changeWord(c.kind)));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(whatChanged(c).c_str());
        }
        ImGui::EndTable();
    }
    endDockedPanel();
}

void drawCompareSwipe(const UiContext& ui) {
    const auto& compare = ui.state.view.compare;
    if (!compare || compare->mode == geo::CompareMode::Changes) return;
    const bool split = compare->mode == geo::CompareMode::Split;
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const ScreenRect& map = ui.state.layout.freeArea.empty() ? ScreenRect{0, 0, display.x, display.y} : ui.state.layout.freeArea;
    // Side by side, the divider between the halves (app/scene/SplitView), thinner than a swipe's line.
    const float x = (split ? 0.5f : compare->swipe) * display.x;
    ImDrawList* draw = ImGui::GetBackgroundDrawList();
    draw->AddLine(ImVec2(x, 0), ImVec2(x, display.y), IM_COL32(30, 30, 30, 160), split ? 3.0f : 4.0f);
    draw->AddLine(ImVec2(x, 0), ImVec2(x, display.y), IM_COL32(255, 255, 255, 255), split ? 1.0f : 2.0f);
    // Which version is which, at the top of the map on either side of the line (side by side, in the
    // middle of each half's free part).
    const float top = map.y0 + 8, pad = 6;
    auto tag = [&](const std::string& label, bool left) {
        const ImVec2 size = ImGui::CalcTextSize(label.c_str());
        const float width = size.x + 2 * pad;
        float x0 = left ? x - 10 - width : x + 10;
        if (split) x0 = left ? (std::max(map.x0, 0.0f) + x - width) / 2 : (x + std::min(map.x1, display.x) - width) / 2;
        draw->AddRectFilled(ImVec2(x0, top), ImVec2(x0 + size.x + 2 * pad, top + size.y + 2 * pad), IM_COL32(255, 255, 255, 225), 4);
        draw->AddText(ImVec2(x0 + pad, top + pad), IM_COL32(30, 30, 30, 255), label.c_str());
    };
    auto layerName = [&](int index) {
        return index >= 0 && static_cast<std::size_t>(index) < ui.data.layers.size() ? ui.data.layers[index].spec.name : std::string();
    };
    tag(std::string(tr(text::kBeforeVersion)) + " " + layerName(compare->before), true);
    tag(std::string(tr(text::kAfterVersion)) + " " + layerName(compare->after), false);
    if (split) return;   // the halves' divider stays in the middle
    // The handle: a round grip in the middle of the map, dragged sideways.
    const ImVec2 grip(x, (map.y0 + map.y1) / 2);
    draw->AddCircleFilled(grip, 14, IM_COL32(255, 255, 255, 240));
    draw->AddCircle(grip, 14, IM_COL32(30, 30, 30, 200), 0, 1.5f);
    const ImU32 arrow = IM_COL32(30, 30, 30, 255);
    draw->AddTriangleFilled(ImVec2(grip.x - 10, grip.y), ImVec2(grip.x - 3, grip.y - 6), ImVec2(grip.x - 3, grip.y + 6), arrow);
    draw->AddTriangleFilled(ImVec2(grip.x + 10, grip.y), ImVec2(grip.x + 3, grip.y + 6), ImVec2(grip.x + 3, grip.y - 6), arrow);
    if (!ui.state.interactive) return;
    // An invisible window over the line takes the drag (and keeps the camera from taking it).
    ImGui::SetNextWindowPos(ImVec2(x - 16, map.y0));
    ImGui::SetNextWindowSize(ImVec2(32, map.height()));
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoMove;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    if (ImGui::Begin("##swipe", nullptr, flags)) {
        ImGui::InvisibleButton("##swipeLine", ImVec2(32, map.height()));
        if (ImGui::IsItemHovered() || ImGui::IsItemActive()) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
        if (ImGui::IsItemActive() && display.x > 0)
            ui.commands.compare.setSwipe(ImGui::GetIO().MousePos.x / display.x);
    }
    ImGui::End();
    ImGui::PopStyleVar();
}

}  // namespace planview
