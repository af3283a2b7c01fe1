// The base a feature stands on when the project has terrain: the ground's height at its label point
// (what the scene, its streamed tiles and the glTF export raise a roof from, and the inspector shows).
#pragma once
#include <vector>
#include "geo/Feature.h"
#include "geo/GroundHeights.h"
#include "geo/LabelPoint.h"

namespace geo {

inline double featureBase(const GroundHeights& ground, const Feature& feature) { return ground.at(labelPoint(feature)); }

/// Each feature's base, parallel to layer.features.
inline std::vector<double> featureBases(const GroundHeights& ground, const FeatureLayer& layer) {
    std::vector<double> bases;
    bases.reserve(layer.features.size());
    for (const Feature& f : layer.features) bases.push_back(featureBase(ground, f));
    return bases;
}

}  // namespace geo
