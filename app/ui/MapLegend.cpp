#include "app/ui/MapLegend.h"
#include <cmath>
#include "app/ui/UiText.h"
#include "geo/TerrainTint.h"

namespace planview {

namespace {

// A terrain's colours by height: its lowest and highest point and the tint's stops between them
// ("8 m", "40 m", "150 m", "344 m"), each in the colour the terrain is drawn in there (before the
// hillshade). Imagery has no classes to list.
std::vector<LegendEntry> terrainLegend(const geo::RasterWindow& dem) {
    const std::optional<std::pair<double, double>> range = dem.valueRange();
    if (!range) return {};
    std::vector<double> heights{range->first};
    for (double h : geo::terrainTintStops())
        if (h > range->first && h < range->second) heights.push_back(h);
    if (range->second > range->first) heights.push_back(range->second);
    std::vector<LegendEntry> legend;
    for (double h : heights) {
        LegendEntry e;
        e.value = std::to_string(static_cast<long long>(std::lround(h))) + " m";
        e.color = geo::terrainTint(h);
        legend.push_back(e);
    }
    return legend;
}

}  // namespace

std::vector<LegendEntry> mapLegend(const Scene& scene, std::size_t layer) {
    const geo::LoadedLayer& loaded = scene.data().layers[layer];
    if (!loaded.available()) return {};
    if (loaded.raster) return loaded.spec.kind == geo::LayerKind::Terrain ? terrainLegend(*loaded.raster) : std::vector<LegendEntry>{};
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
