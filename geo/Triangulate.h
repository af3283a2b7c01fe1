// Polygon triangulation for the scene: ear clipping with holes bridged into the outer ring.
#pragma once
#include <cstdint>
#include <vector>
#include "geo/Feature.h"
#include "geo/Geometry.h"   // signedArea and area, once part of this header

namespace geo {

/// Triangulates `polygon` (outer ring plus holes, any orientation, valid as after MakeValid).
/// Appends the polygon's vertices to `vertices` and three indices per triangle (counter-clockwise,
/// seen from +z) into `indices`, offset by the vertices already there. For a valid polygon the
/// triangles' total area equals the polygon's area. Returns false, appending nothing, for a polygon
/// with fewer than 3 distinct vertices or one it cannot triangulate.
bool triangulate(const Polygon& polygon, std::vector<Vec2>& vertices, std::vector<std::uint32_t>& indices);

}  // namespace geo
