// The colours the terrain is drawn in: a hypsometric tint by height (lowland green-grey to upland
// brown, snow-white far above), under the terrain tiles' hillshade (app/scene/RasterTiles) and in
// the legend of a terrain layer.
#pragma once
#include <vector>
#include "geo/Style.h"

namespace geo {

/// The tint at `heightM` metres (the stops' colours blended linearly between them).
Color terrainTint(double heightM);

/// The heights where the tint changes course, metres, ascending: what a legend lists between a
/// DEM's lowest and highest point.
const std::vector<double>& terrainTintStops();

}  // namespace geo
