// Extrusion, a styling rule: how tall each feature of a layer stands, from the project's `extrude`
// (an attribute name or a constant number of metres). The scene builders raise roofs and walls to
// these heights; the rule itself needs no graphics, so it is tested without a display.
#pragma once
#include <vector>
#include "geo/Feature.h"
#include "geo/Project.h"

namespace geo {

/// The height in metres one value of the extrusion field gives: a number as it is; text parsed as a
/// whole number ("24.5" gives 24.5, "24.5 m" is not a number). NULL, non-numeric text, zero, negative
/// and non-finite values give 0, which means flat: a height below the ground would turn walls inside out.
double extrusionHeight(const Value& value);

/// Each feature's height in metres, parallel to layer.features; 0 = flat. With spec.extrudeField set,
/// from that field (extrusionHeight of each value; every feature flat when the layer has no such
/// field: project loading warns about that); else spec.extrudeConstant for every feature (0 when
/// negative or not finite).
std::vector<double> extrusionHeights(const LayerSpec& spec, const FeatureLayer& layer);

}  // namespace geo
