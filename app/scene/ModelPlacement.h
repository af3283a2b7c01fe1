// Where a models layer's files go in the scene: its geo::ModelPlacement as an OSG matrix, shared by
// the scene's model layer and the models' triangles the sunlight count casts rays against.
#pragma once
#include <osg/Matrixd>
#include "geo/ModelSet.h"

namespace planview {

inline osg::Matrixd modelPlacementMatrix(const geo::ModelPlacement& p) {
    // OSG multiplies row vectors: v' = v · M, so the 2×2 goes in transposed.
    return osg::Matrixd(p.linear[0], p.linear[2], 0, 0,
                        p.linear[1], p.linear[3], 0, 0,
                        0, 0, p.zScale, 0,
                        p.translation[0], p.translation[1], p.translation[2], 1);
}

}  // namespace planview
