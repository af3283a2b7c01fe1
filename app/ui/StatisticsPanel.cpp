#include <algorithm>
#include <cmath>
#include <cstdio>
#include <imgui.h>
#include "app/ui/DockedPanel.h"
#include "app/ui/ToolPanels.h"
#include "app/ui/UiText.h"

namespace planview {

std::string groupedNumber(double value, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, std::abs(value));
    std::string digits = buffer, fraction;
    if (auto point = digits.find('.'); point != std::string::npos) {
        fraction = digits.substr(point);
        digits.resize(point);
    }
    std::string grouped;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) grouped += ',';
        grouped += digits[i];
    }
    return (value < 0 && std::abs(value) >= 0.5 * std::pow(10.0, -decimals) ? "-" : "") + grouped + fraction;
}

std::string sharePercent(double share) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f%%", 100 * share);   // as `planview stats` prints share_%
    return buffer;
}

namespace {

bool isPolygonLayer(const geo::LoadedLayer& layer) { return layer.available() && layer.data.kind == geo::GeometryKind::Polygon; }

}  // namespace

void drawStatisticsPanel(const UiContext& ui) {
    if (!ui.state.showStatistics) return;
    if (!beginDockedPanel(ui.state, text::kStatistics, "statistics", &ui.state.showStatistics)) {
        endDockedPanel();
        return;
    }
    StatsUiState& s = ui.state.statistics;
    const auto& layers = ui.data.layers;
    bool changed = false;
    if (s.layer < 0) {
        ImGui::TextDisabled("%s", tr(text::kUnavailable));
        endDockedPanel();
        return;
    }
    const geo::LoadedLayer& layer = layers[static_cast<std::size_t>(s.layer)];
    // One choice a line, each as wide as the panel allows: nothing clipped at the panel's edge.
    setItemWidthBesideLabel(tr(text::kLayer), 320);
    if (ImGui::BeginCombo(tr(text::kLayer), layer.spec.name.c_str())) {
        for (std::size_t i = 0; i < layers.size(); ++i)
            if (layers[i].available() && !layers[i].streamed() && ImGui::Selectable(layers[i].spec.name.c_str(), static_cast<int>(i) == s.layer)) {
                s.layer = static_cast<int>(i);
                std::vector<std::string> fields = styleableFields(layers[i].data);
                s.by = layers[i].spec.style.by.empty() && !fields.empty() ? fields.front() : layers[i].spec.style.by;
                s.sums.clear();
                changed = true;
            }
        ImGui::EndCombo();
    }
    if (layers[static_cast<std::size_t>(s.layer)].streamed()) {   // its features are only near the camera
        ImGui::TextDisabled("%s", tr(text::kNotForStreamed));
        endDockedPanel();
        return;
    }
    setItemWidthBesideLabel(tr(text::kGroupBy), 320);
    if (ImGui::BeginCombo(tr(text::kGroupBy), s.by.c_str())) {
        for (const std::string& field : styleableFields(layers[static_cast<std::size_t>(s.layer)].data))
            if (ImGui::Selectable(field.c_str(), field == s.by)) {
                s.by = field;
                changed = true;
            }
        ImGui::EndCombo();
    }
    setItemWidthBesideLabel(tr(text::kWithin), 320);
    const char* zoneName = s.zoneLayer >= 0 ? layers[static_cast<std::size_t>(s.zoneLayer)].spec.name.c_str() : tr(text::kNoZones);
    if (ImGui::BeginCombo(tr(text::kWithin), zoneName)) {
        if (ImGui::Selectable(tr(text::kNoZones), s.zoneLayer < 0)) {
            s.zoneLayer = -1;
            changed = true;
        }
        for (std::size_t i = 0; i < layers.size(); ++i)
            if (static_cast<int>(i) != s.layer && isPolygonLayer(layers[i]) &&
                ImGui::Selectable(layers[i].spec.name.c_str(), static_cast<int>(i) == s.zoneLayer)) {
                s.zoneLayer = static_cast<int>(i);
                changed = true;
            }
        ImGui::EndCombo();
    }
    // Numeric fields to add up (investment, floor area …).
    const geo::FeatureLayer& data = layers[static_cast<std::size_t>(s.layer)].data;
    bool anyNumeric = false;
    for (const geo::FieldDef& f : data.fields) {
        if (f.type != geo::FieldType::Real && f.type != geo::FieldType::Integer) continue;
        if (!anyNumeric) ImGui::TextDisabled("%s", tr(text::kSum));
        anyNumeric = true;
        sameLineIfFits(checkboxWidth(f.name.c_str()));
        bool on = std::find(s.sums.begin(), s.sums.end(), f.name) != s.sums.end();
        if (ImGui::Checkbox(f.name.c_str(), &on)) {
            if (on) s.sums.push_back(f.name);
            else s.sums.erase(std::remove(s.sums.begin(), s.sums.end(), f.name), s.sums.end());
            changed = true;
        }
    }
    if (changed || (!s.computed && s.error.empty())) ui.commands.statistics.computeStatistics();
    if (!s.error.empty()) {
        ImGui::TextColored(ImVec4(0.8f, 0.1f, 0.1f, 1), "%s", s.error.c_str());
        endDockedPanel();
        return;
    }
    if (!s.computed) {
        endDockedPanel();
        return;
    }
    const geo::StatsTable& table = s.table;
    double maxArea = 0, totalArea = 0, totalFloor = 0;
    std::size_t maxCount = 0, totalCount = 0;
    bool hasArea = false, hasFloor = false;
    for (const geo::StatsRow& r : table.rows) {
        maxArea = std::max(maxArea, r.areaM2);
        maxCount = std::max(maxCount, r.count);
        totalArea += r.areaM2;
        totalCount += r.count;
        totalFloor += r.floorAreaM2;
        hasArea |= r.areaM2 > 0;
        hasFloor |= r.floorAreaKnown;
    }
    const int columns = (table.zoned ? 1 : 0) + 3 + (hasArea ? 3 : 0) + (hasFloor ? 1 : 0) + static_cast<int>(table.sumFields.size());
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_ScrollX | ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit;
    // The table as tall as its rows (up to about half the window, then it scrolls under its frozen
    // header), so the panel's height does not depend on the space it is given; it scrolls sideways
    // when its columns are wider than the panel. The totals line stays below it.
    const float rowHeight = ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2;
    const float tableHeight = std::min((static_cast<float>(table.rows.size()) + 1) * rowHeight + ImGui::GetStyle().ScrollbarSize + 4,
                                       std::max(8 * rowHeight, ImGui::GetIO().DisplaySize.y * 0.45f));
    ImGui::PushTextWrapPos(-1.0f);   // columns fit their text; the table scrolls instead
    if (ImGui::BeginTable("stats", columns, flags, ImVec2(0, tableHeight))) {
        if (table.zoned) ImGui::TableSetupColumn(tr(text::kZone));
        ImGui::TableSetupColumn(tr(text::kCategory));
        ImGui::TableSetupColumn(tr(text::kCount));
        if (hasArea) {
            ImGui::TableSetupColumn((std::string(tr(text::kArea)) + " m²").c_str());
            ImGui::TableSetupColumn(tr(text::kMu));
            ImGui::TableSetupColumn(tr(text::kShare));
        }
        if (hasFloor) ImGui::TableSetupColumn((std::string(tr(text::kFloorArea)) + " m²").c_str());
        for (const std::string& f : table.sumFields) ImGui::TableSetupColumn(f.c_str());
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, 6 * ImGui::GetFontSize());   // the bar
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableHeadersRow();
        const bool chinese = uiLanguage() == Language::Chinese;
        // Categories in the project's words where the layer's style labels this field.
        const geo::LayerStyle& style = layers[static_cast<std::size_t>(s.layer)].spec.style;
        geo::LayerStyle words = style.by == table.by ? style : geo::LayerStyle();
        words.by = table.by;
        for (const geo::StatsRow& r : table.rows) {
            ImGui::TableNextRow();
            if (table.zoned) {
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(r.zone.c_str());
            }
            ImGui::TableNextColumn();
            const std::string category = r.category.empty() ? "NULL" : words.caption(r.category, chinese, true);
            ImGui::TextUnformatted(category.c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%zu", r.count);
            if (hasArea) {
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(groupedNumber(r.areaM2, 0).c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(groupedNumber(r.areaM2 / geo::squareMetresPerMu, 1).c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(sharePercent(r.share).c_str());
            }
            if (hasFloor) {
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(r.floorAreaKnown ? groupedNumber(r.floorAreaM2, 0).c_str() : "");
            }
            for (double v : r.sums) {
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(groupedNumber(v, 2).c_str());
            }
            // A bar of the row's area (or count) against the largest row.
            ImGui::TableNextColumn();
            double share = hasArea ? (maxArea > 0 ? r.areaM2 / maxArea : 0) : (maxCount ? static_cast<double>(r.count) / maxCount : 0);
            ImVec2 p = ImGui::GetCursorScreenPos();
            float width = std::max(ImGui::GetContentRegionAvail().x, 40.0f), height = ImGui::GetTextLineHeight();
            ImU32 colour = IM_COL32(70, 130, 180, 255);
            if (const geo::LandUseClass* cls = geo::findLandUseClass(r.category))
                colour = ImGui::GetColorU32(ImVec4(cls->color.r, cls->color.g, cls->color.b, 1));
            ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + static_cast<float>(width * share), p.y + height), colour, 2);
            ImGui::Dummy(ImVec2(width, height));
        }
        ImGui::EndTable();
    }
    ImGui::PopTextWrapPos();
    ImGui::Text("%s: %zu", tr(text::kTotal), totalCount);
    if (hasArea) {
        ImGui::SameLine();
        ImGui::Text("%s", geo::formatArea(totalArea, uiLanguage() == Language::Chinese).c_str());
    }
    if (hasFloor) {
        const std::string floor = std::string(tr(text::kFloorArea)) + " " + groupedNumber(totalFloor, 0) + " m²";
        sameLineIfFits(ImGui::CalcTextSize(floor.c_str()).x);
        ImGui::TextUnformatted(floor.c_str());
    }
    endDockedPanel();
}

}  // namespace planview
