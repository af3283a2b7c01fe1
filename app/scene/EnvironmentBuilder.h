// What surrounds the data: a sky gradient behind everything and a ground plane under it, so an empty
// area still reads as a map. Neither takes part in near/far computation or culling.
#pragma once
#include <osg/Node>
#include "app/scene/ShaderLibrary.h"
#include "geo/Vec.h"

namespace planview {

/// Colours shared by the sky and the ground (linear 0..1 RGB).
struct EnvironmentColors {
    osg::Vec3f ground{0.937f, 0.929f, 0.902f};   // #EFEDE6, a paper tone unlike any palette colour
    osg::Vec3f haze{0.855f, 0.894f, 0.933f};
    osg::Vec3f zenith{0.435f, 0.612f, 0.820f};
};

/// A full-screen quad drawn first, coloured by the elevation of each pixel's view ray.
osg::ref_ptr<osg::Node> buildSky(ShaderLibrary& shaders, const EnvironmentColors& colors);

/// A square of ground around `dataBounds` (scene metres), many times larger, at z = 0, drawn right
/// after the sky without depth writes; hazed with distance. `grid` draws the 100 m / 1 km grid.
osg::ref_ptr<osg::Node> buildGround(ShaderLibrary& shaders, const EnvironmentColors& colors,
                                    const geo::Extent& dataBounds, bool grid);

}  // namespace planview
