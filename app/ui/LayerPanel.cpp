#include "app/ui/LayerPanel.h"
#include <imgui.h>
#include "app/ui/DockedPanel.h"
#include "app/ui/UiText.h"
#include "geo/RasterWindow.h"

namespace planview {

void drawLayerPanel(const UiContext& ui) {
    if (!ui.state.showLayers) return;
    if (!beginDockedPanel(ui.state, text::kLayers, "layers")) {
        endDockedPanel();
        return;
    }
    if (!ui.data.project.title.empty()) {
        ImGui::TextUnformatted(ui.data.project.title.c_str());
        ImGui::Separator();
    }
    for (std::size_t i = 0; i < ui.data.layers.size(); ++i) {
        const geo::LoadedLayer& layer = ui.data.layers[i];
        const LayerUiState& state = ui.state.layers[i];
        ImGui::PushID(static_cast<int>(i));
        if (!layer.available() || !state.error.empty()) {
            // Unavailable (its source missing, its server gone): say why, and offer to try again.
            ImGui::TextDisabled("%s  (%s)", layer.spec.name.c_str(), tr(text::kUnavailable));
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", state.error.c_str());
            sameLineIfFits(buttonWidth(tr(text::kReconnect)));
            if (state.reconnecting) ImGui::TextDisabled("%s", tr(text::kReconnecting));
            else if (ImGui::SmallButton(tr(text::kReconnect))) ui.commands.layers.reconnectLayer(i);
            ImGui::PopID();
            continue;
        }
        const geo::LayerView& view = ui.state.view.layers[i];
        bool visible = view.visible;
        if (ImGui::Checkbox("##visible", &visible)) ui.commands.layers.setLayerVisible(i, visible);
        ImGui::SameLine();
        // A streamed layer counts what its source holds; the others what was loaded; a raster its pixels.
        const long long count = layer.streamed() ? layer.stream->featureCount : static_cast<long long>(layer.data.features.size());
        const std::string size = layer.raster ? std::to_string(layer.raster->description().size.width) + "×" +
                                                    std::to_string(layer.raster->description().size.height) + " px"
                                              : std::to_string(count);
        bool open = ImGui::TreeNodeEx(layer.spec.name.c_str(), ImGuiTreeNodeFlags_SpanAvailWidth, "%s  %s",
                                      layer.spec.name.c_str(), size.c_str());
        if (open) {
            if (layer.streamed()) {
                ImGui::TextDisabled("%s", tr(text::kStreamed));
                ImGui::TextDisabled("%s", state.streamStatus.c_str());
            }
            float opacity = view.opacity;
            setItemWidthBesideLabel(tr(text::kOpacity), 180);
            if (ImGui::SliderFloat(tr(text::kOpacity), &opacity, 0.0f, 1.0f, "%.2f")) ui.commands.layers.setLayerOpacity(i, opacity);
            std::vector<std::string> fields = styleableFields(layer.data);
            const char* current = view.styleField.empty() ? tr(text::kOneColour) : view.styleField.c_str();
            setItemWidthBesideLabel(tr(text::kStyleField), 180);
            if (ImGui::BeginCombo(tr(text::kStyleField), current)) {
                if (ImGui::Selectable(tr(text::kOneColour), view.styleField.empty())) ui.commands.layers.setLayerStyleField(i, "");
                for (const std::string& field : fields)
                    if (ImGui::Selectable(field.c_str(), field == view.styleField)) ui.commands.layers.setLayerStyleField(i, field);
                ImGui::EndCombo();
            }
            ImGui::TreePop();
        }
        ImGui::PopID();
    }
    endDockedPanel();
}

}  // namespace planview
