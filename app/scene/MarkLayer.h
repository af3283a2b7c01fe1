// Coloured marks over the scene: round dots of a few pixels at points in scene metres (the 日照分析's
// window-sill points coloured by their sunlit hours). Hidden by the buildings in front of them, not
// lit by the sun nor casting shadows, the same size in pixels at any distance.
#pragma once
#include <vector>
#include <osg/Geometry>
#include "app/scene/ShaderLibrary.h"
#include "geo/Style.h"

namespace planview {

struct Mark {
    osg::Vec3f position;   ///< scene metres
    geo::Color color;
};

/// The marks as one GL_POINTS geometry with the "marks" program (nullptr when there are none).
osg::ref_ptr<osg::Geometry> buildMarks(ShaderLibrary& shaders, const std::vector<Mark>& marks);

}  // namespace planview
