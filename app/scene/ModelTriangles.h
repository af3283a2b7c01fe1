// The models layers as obstacles to the sun (issue 19): their triangles in scene metres, which
// geo::Obstacles casts the sunlight count's rays against beside the buildings and the ground. Read
// from the models' files rather than from what a view has paged in, so that `planview sunlight` and
// the viewer's 日照分析 count alike: a tile set's levels of detail are read level by level, the tiles
// near enough to the points to hide the sun going down to the finest level whose triangles, all tiles
// together, stay within the budget.
#pragma once
#include <cstddef>
#include <vector>
#include "geo/ProjectData.h"
#include "geo/SunlightJob.h"

namespace planview {

constexpr std::size_t kModelTriangleBudget = 4'000'000;

struct ModelTriangles {
    std::vector<geo::SunVec3> corners;   ///< three a triangle, scene metres
    std::size_t files = 0;               ///< model files read
    int levels = 0;                      ///< levels of detail read below the top tiles
};

/// The triangles of `data`'s available models layers that the project shows (as for the terrain, a
/// hidden layer is not part of the city), for `job`'s count. Throws geo::InputError naming
/// a top tile or model OSG cannot read (a finer level that cannot be read is left at the level above).
ModelTriangles modelTriangles(const geo::ProjectData& data, const geo::SunlightJob& job,
                              std::size_t budget = kModelTriangleBudget);

}  // namespace planview
