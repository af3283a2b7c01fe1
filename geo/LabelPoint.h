// Where a feature's label and pin go (the scene's labels and pins, picking, the glTF export's pins).
#pragma once
#include "geo/Feature.h"

namespace geo {

/// A point inside the feature's largest polygon (its centroid when that lies inside), for labels and
/// pins. For lines: the middle of the longest line; for points: the first point. Scene metres.
Vec2 labelPoint(const Feature& feature);

}  // namespace geo
