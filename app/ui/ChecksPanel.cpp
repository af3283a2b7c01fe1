#include <cmath>
#include <cstdio>
#include <imgui.h>
#include "app/ui/DockedPanel.h"
#include "app/ui/ToolPanels.h"
#include "app/ui/UiText.h"

namespace planview {

namespace {

// The table's own words (the tool bar's and the panel's title are in UiText).
const Phrase kLimitHeader{"限值", "Limit"}, kMeasuredHeader{"实测", "Measured"}, kParcelHeader{"地块", "Parcel"},
    kIndicatorHeader{"指标", "Indicator"}, kResultHeader{"结果", "Result"}, kPassWord{"符合", "pass"},
    kExceedsWord{"超出", "over"}, kShortWord{"不足", "under"};

ImVec4 imColor(const geo::Color& c) { return ImVec4(c.r, c.g, c.b, c.a); }

/// The indicator in the UI's language: 限高 …, or a short English name.
const char* indicator(geo::LimitKind k) {
    static const char* const english[] = {"Height", "FAR", "Density", "Green ratio", "Setback"};
    return uiLanguage() == Language::Chinese ? geo::limitNameZh(k) : english[static_cast<std::size_t>(k)];
}

/// A limit's or a measure's value: metres, a ratio, or a percentage (as `planview check` prints them).
std::string shown(double v, geo::LimitKind k) {
    if (!std::isfinite(v)) return "-";
    char buffer[64];
    if (geo::isShareLimit(k)) std::snprintf(buffer, sizeof buffer, "%.1f%%", 100 * v);
    else if (k == geo::LimitKind::MaxFar) std::snprintf(buffer, sizeof buffer, "%.2f", v);
    else std::snprintf(buffer, sizeof buffer, "%.1f m", v);
    return buffer;
}

}  // namespace

void drawChecksPanel(const UiContext& ui) {
    if (!ui.state.showChecks) return;
    if (!beginDockedPanel(ui.state, text::kChecks, "checks", &ui.state.showChecks)) {
        endDockedPanel();
        return;
    }
    ChecksUiState& s = ui.state.checks;
    if (!s.computed && s.error.empty()) ui.commands.checks.runChecks();
    if (ImGui::Button(tr(text::kRunChecks))) ui.commands.checks.runChecks();
    if (!s.error.empty()) {
        ImGui::TextWrapped("%s", s.error.c_str());
        endDockedPanel();
        return;
    }
    const geo::CheckSettings& settings = ui.data.project.checks;
    if (ImGui::CollapsingHeader((std::string(tr(text::kRules)) + " (" + std::to_string(settings.rules.size()) + ")###rules").c_str())) {
        if (settings.rules.empty()) ImGui::TextWrapped("%s", tr(text::kNoRules));
        for (const geo::CheckRule& rule : settings.rules) {
            std::string limits;
            for (geo::LimitKind k : geo::kAllLimitKinds)
                if (const auto& v = rule.limits[static_cast<std::size_t>(k)])
                    limits += std::string(limits.empty() ? "" : ", ") + indicator(k) + " " + shown(*v, k);
            ImGui::BulletText("%s: %s", rule.name.empty() ? rule.describe().c_str() : rule.name.c_str(), limits.c_str());
        }
    }
    const geo::CheckReport& r = s.report;
    // The counts in the colours the parcels take on the map: the legend of the tint.
    ImGui::TextColored(imColor(geo::kCheckPassColor), "%s %zu", tr(text::kPassCount), r.pass);
    ImGui::SameLine();
    ImGui::TextColored(imColor(geo::kCheckViolationColor), "%s %zu", tr(text::kExceedCount), r.violations);
    ImGui::SameLine();
    ImGui::TextColored(imColor(geo::kCheckNoDataColor), "%s %zu", tr(text::kNoDataCount), r.noData);
    bool tint = s.tint;
    if (ImGui::Checkbox(tr(text::kTintByResult), &tint)) ui.commands.checks.setTint(tint);
    ImGui::SameLine();
    ImGui::Checkbox(tr(text::kShowAllChecks), &s.showAll);
    // The envelopes are part of the map's view (a bookmark may show them): the box reads the view.
    bool envelopes = ui.state.view.envelopes.has_value();
    if (ImGui::Checkbox(tr(text::kShowEnvelopes), &envelopes)) ui.commands.checks.setEnvelopes(envelopes);
    ImGui::TextDisabled("%s", tr(text::kCheckRowHint));
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollY;
    if (ImGui::BeginTable("##checks", 5, flags, ImVec2(0, ImGui::GetContentRegionAvail().y))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        for (const Phrase* h : {&kParcelHeader, &kIndicatorHeader, &kLimitHeader, &kMeasuredHeader, &kResultHeader})
            ImGui::TableSetupColumn(tr(*h));
        ImGui::TableHeadersRow();
        for (std::size_t i = 0; i < r.rows.size(); ++i) {
            const geo::CheckRow& row = r.rows[i];
            if (!s.showAll && row.outcome == geo::CheckOutcome::Pass) continue;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushID(static_cast<int>(i));
            if (ImGui::Selectable(row.id.c_str(), false, ImGuiSelectableFlags_SpanAllColumns) && s.layer >= 0)
                ui.commands.inspector.flyToFeature(static_cast<std::size_t>(s.layer), row.feature);
            ImGui::PopID();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(indicator(row.kind));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(shown(row.limit, row.kind).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(shown(row.measured, row.kind).c_str());
            ImGui::TableNextColumn();
            const ImVec4 colour = imColor(row.outcome == geo::CheckOutcome::Pass        ? geo::kCheckPassColor
                                          : row.outcome == geo::CheckOutcome::Violation ? geo::kCheckViolationColor
                                                                                        : geo::kCheckNoDataColor);
            std::string result = row.outcome == geo::CheckOutcome::Pass ? tr(kPassWord) : tr(text::kNoDataCount);
            if (row.outcome == geo::CheckOutcome::Violation)
                result = std::string(tr(geo::isUpperLimit(row.kind) ? kExceedsWord : kShortWord)) + " " + shown(row.by, row.kind);
            ImGui::TextColored(colour, "%s", result.c_str());
        }
        ImGui::EndTable();
    }
    endDockedPanel();
}

}  // namespace planview
