// A layer's legend as the scene draws it: what the legend panel lists and the presentation overlay
// summarizes.
#pragma once
#include <cstddef>
#include <vector>
#include "app/scene/LayerStyling.h"
#include "app/scene/Scene.h"

namespace planview {

/// The legend of `layer` as `scene` draws it: the values of the style it is drawn in with their
/// counts over the layer (over the tiles read so far, for a streamed layer), or, while the timeline
/// colours the layer, its statuses in words (in the UI's language) with their colours and counts.
/// Empty for an unavailable layer.
std::vector<LegendEntry> mapLegend(const Scene& scene, std::size_t layer);

}  // namespace planview
