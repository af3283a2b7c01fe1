// Which feature is drawn at a pixel. Surfaces are found through the scene's geo::PickIndex (a grid
// over the features' footprints and an exact ray test against the surfaces the builders draw), not
// by intersecting the scene graph; pins by their on-screen head. Coplanar hits on the ground go to
// the layer drawn last, as on screen; translucent walls only when nothing else is hit.
#pragma once
#include <optional>
#include <osg/Matrixd>
#include "app/scene/Scene.h"
#include "geo/PickIndex.h"

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

/// The projection pixel column `x` of a `width`-wide image of `scene` was drawn with: the whole
/// image's, or, while the scene compares two versions side by side (SplitView), its half's.
osg::Matrixd drawnProjection(const Scene& scene, const osg::Matrixd& whole, double x, double width);

/// The pick index of a scene's layers, as its builders draw them (the Scene builds it once).
geo::PickIndex buildPickIndex(const Scene& scene);

}  // namespace planview
