// Which feature is drawn at a pixel. Surfaces are intersected with the merged geometry (the vertex's
// feature index names the feature); pins by their on-screen head. Coplanar hits on the ground go to
// the layer drawn last, as on screen; translucent walls only when nothing else is hit.
#pragma once
#include <optional>
#include <osg/Matrixd>
#include "app/scene/Scene.h"

namespace planview {

struct PickResult {
    FeatureRef feature;
    osg::Vec3d point;   ///< scene metres
};

/// The feature under pixel (x, y) (origin bottom-left, pixel centres at .5) of a `width`×`height`
/// image drawn with `view` and `projection`; nullopt over the ground or sky. Hidden layers and
/// hidden features are not picked.
std::optional<PickResult> pickFeature(const Scene& scene, const osg::Matrixd& view, const osg::Matrixd& projection,
                                      double width, double height, double x, double y);

}  // namespace planview
