#include "app/ui/MapLegend.h"
#include "app/ui/UiText.h"

namespace planview {

std::vector<LegendEntry> mapLegend(const Scene& scene, std::size_t layer) {
    const geo::LoadedLayer& loaded = scene.data().layers[layer];
    if (!loaded.available()) return {};
    if (loaded.raster) return {};   // a raster's pixels have no classes to list (yet)
    if (loaded.streamed())
        return scene.streamer() ? legendEntries(scene.layerStyle(layer), scene.streamer()->valueCounts(layer))
                                : std::vector<LegendEntry>{};
    const std::optional<geo::ProjectTimeline>& timeline = scene.timeline();
    const std::optional<geo::Date>& date = scene.shown().date;
    if (!date || !timeline || timeline->layer != layer) return legendEntries(scene.layerStyle(layer), loaded.data);
    const geo::StatusCounts counts = geo::countStatuses(loaded.data, timeline->fields, *date);
    std::vector<LegendEntry> legend;
    auto add = [&](const Phrase& name, geo::Color color, std::size_t count) {
        if (count == 0) return;
        LegendEntry e;
        e.value = tr(name);
        e.color = color;
        e.count = count;
        legend.push_back(e);
    };
    const geo::LayerStyle& style = loaded.spec.style;
    add(text::kPlanned, geo::statusColor(style, geo::ProjectStatus::Planned), counts.planned);
    add(text::kUnderConstruction, geo::statusColor(style, geo::ProjectStatus::UnderConstruction), counts.underConstruction);
    add(text::kCompleted, geo::statusColor(style, geo::ProjectStatus::Completed), counts.completed);
    add(text::kUnknownStatus, style.defaultColor, counts.unknown);
    return legend;
}

}  // namespace planview
