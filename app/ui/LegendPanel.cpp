#include "app/ui/LegendPanel.h"
#include <imgui.h>
#include "app/ui/DockedPanel.h"
#include "app/ui/UiText.h"

namespace planview {

void drawLegendPanel(const UiContext& ui) {
    if (!ui.state.showLegend) return;
    // In the left column, under the layers: it grows and shrinks with the styles and the language,
    // wraps its labels at its edge and scrolls when longer than its share of the column.
    if (!beginDockedPanel(ui.state, text::kLegend, "legend")) {
        endDockedPanel();
        return;
    }
    const float swatch = ImGui::GetTextLineHeight();
    bool first = true;
    for (std::size_t i = 0; i < ui.data.layers.size(); ++i) {
        const geo::LoadedLayer& layer = ui.data.layers[i];
        const LayerUiState& state = ui.state.layers[i];
        const geo::LayerView& view = ui.state.view.layers[i];
        if (!layer.available() || !view.visible || state.legend.empty()) continue;
        if (!first) ImGui::Spacing();
        first = false;
        ImGui::TextDisabled("%s", layer.spec.name.c_str());
        for (const LegendEntry& e : state.legend) {
            ImVec2 p = ImGui::GetCursorScreenPos();
            ImDrawList* draw = ImGui::GetWindowDrawList();
            ImU32 fill = ImGui::GetColorU32(ImVec4(e.color.r, e.color.g, e.color.b, 1.0f));
            draw->AddRectFilled(p, ImVec2(p.x + swatch * 1.4f, p.y + swatch), fill, 2.0f);
            draw->AddRect(p, ImVec2(p.x + swatch * 1.4f, p.y + swatch), IM_COL32(60, 60, 60, 160), 2.0f);
            ImGui::Dummy(ImVec2(swatch * 1.4f, swatch));
            ImGui::SameLine();
            const bool chinese = uiLanguage() == Language::Chinese;
            const std::string shown = e.value.empty() ? (view.styleField.empty() ? layer.spec.name : tr(text::kOther))
                                                      : legendText(e, chinese);
            ImGui::TextUnformatted(shown.c_str());
            bool hovered = ImGui::IsItemHovered();
            if (e.count > 0) {   // a terrain's heights count no features
                ImGui::SameLine();
                ImGui::TextDisabled("%zu", e.count);
                hovered = hovered || ImGui::IsItemHovered();
            }
            // On hover: the raw value (what a filter expression names) and the other language's words.
            std::string hint = e.isCode || shown == e.value ? "" : e.value;
            if (const std::string other = legendText(e, !chinese); other != shown && other != e.value)
                hint += (hint.empty() ? "" : "  ") + other;
            if (!e.value.empty() && !hint.empty() && hovered) ImGui::SetTooltip("%s", hint.c_str());
        }
    }
    endDockedPanel();
}

}  // namespace planview
