#include <imgui.h>
#include <imgui_stdlib.h>
#include "app/ui/DockedPanel.h"
#include "app/ui/ToolPanels.h"
#include "app/ui/UiText.h"

namespace planview {

std::string whereErrorText(const FilterUiState& filter) {
    if (filter.error.empty()) return "";
    const bool chinese = uiLanguage() == Language::Chinese;
    return std::string(tr(text::kBadWhere)) + (chinese ? "“" : " “") + filter.error + "”";
}

void drawFilterPanel(const UiContext& ui) {
    if (!ui.state.showFilter) return;
    if (!beginDockedPanel(ui.state, text::kFilter, "filter", &ui.state.showFilter)) {
        endDockedPanel();
        return;
    }
    FilterUiState& f = ui.state.filter;
    const std::size_t layerIndex = f.layer;
    const geo::LoadedLayer& layer = ui.data.layers.at(layerIndex);
    const auto& filter = ui.state.filters.at(layerIndex);

    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##layer", layer.spec.name.c_str())) {
        for (std::size_t i = 0; i < ui.data.layers.size(); ++i)
            if (ui.state.filters[i] && !ui.data.layers[i].streamed() && ImGui::Selectable(ui.data.layers[i].spec.name.c_str(), i == layerIndex))
                ui.commands.filter.setFilterLayer(i);
        ImGui::EndCombo();
    }
    if (!filter || layer.streamed()) {
        ImGui::TextDisabled("%s", tr(layer.streamed() ? text::kNotForStreamed : text::kUnavailable));
        endDockedPanel();
        return;
    }
    ImGui::Text("%s %zu / %zu", tr(text::kShownCount), filter->active() ? filter->shownCount() : layer.data.features.size(),
                layer.data.features.size());
    sameLineIfFits(checkboxWidth(tr(text::kHideFiltered)));
    int mode = filter->mode == geo::FilterMode::Grey ? 1 : 0;
    if (ImGui::RadioButton(tr(text::kHideFiltered), &mode, 0)) ui.commands.filter.setFilterMode(layerIndex, geo::FilterMode::Hide);
    sameLineIfFits(checkboxWidth(tr(text::kGreyFiltered)));
    if (ImGui::RadioButton(tr(text::kGreyFiltered), &mode, 1)) ui.commands.filter.setFilterMode(layerIndex, geo::FilterMode::Grey);

    // The WHERE expression: applied on Enter or the button; GDAL's complaint shows below.
    ImGui::TextDisabled("%s", tr(text::kWhere));
    ImGui::SetNextItemWidth(-1);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();   // opened to type an expression, as Search
    bool apply = ImGui::InputTextWithHint("##where", "landuse IN ('R2','B1') AND height_m > 50", &f.whereText,
                                          ImGuiInputTextFlags_EnterReturnsTrue);
    apply |= ImGui::Button(tr(text::kApply));
    ImGui::SameLine();
    if (ImGui::Button(tr(text::kClear))) {
        f.whereText.clear();
        apply = true;
    }
    if (apply) ui.commands.filter.applyWhere(layerIndex, f.whereText);
    if (!f.error.empty()) {   // wrapped at the panel's edge (beginDockedPanel), however long GDAL's message
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.8f, 0.1f, 0.1f, 1));
        ImGui::TextUnformatted(whereErrorText(f).c_str());
        ImGui::PopStyleColor();
    }

    ImGui::Separator();
    // Categories of a field, with their counts.
    const std::string& field = filter->categoryField();
    setItemWidthBesideLabel(tr(text::kCategories));
    if (ImGui::BeginCombo(tr(text::kCategories), field.empty() ? tr(text::kNone) : field.c_str())) {
        for (const std::string& candidate : styleableFields(layer.data))
            if (ImGui::Selectable(candidate.c_str(), candidate == field)) ui.commands.filter.setFilterCategoryField(layerIndex, candidate);
        ImGui::EndCombo();
    }
    if (!field.empty()) {
        if (ImGui::SmallButton(tr(text::kAll))) ui.commands.filter.setAllCategoriesShown(layerIndex, true);
        ImGui::SameLine();
        if (ImGui::SmallButton(tr(text::kNoneButton))) ui.commands.filter.setAllCategoriesShown(layerIndex, false);
        // The list in the panel itself: the panel scrolls when it is longer than its share of the column.
        // Values in the project's words, with the code an expression names ("运河（canal）").
        geo::LayerStyle words = layer.spec.style.by == field ? layer.spec.style : geo::LayerStyle();
        words.by = field;
        for (const geo::CategoryCount& c : filter->categories()) {
            bool shown = filter->categoryShown(c.value);
            const std::string name = c.value.empty() ? "NULL" : attributeText(words, field, c.value, uiLanguage() == Language::Chinese);
            ImGui::PushID(c.value.c_str());
            if (ImGui::Checkbox(name.c_str(), &shown)) ui.commands.filter.setCategoryShown(layerIndex, c.value, shown);
            ImGui::SameLine();
            ImGui::TextDisabled("%zu", c.count);
            ImGui::PopID();
        }
    }
    endDockedPanel();
}

}  // namespace planview
