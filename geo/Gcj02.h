// GCJ-02, the offset datum of Chinese web maps: coordinates copied from them lie a few hundred metres
// off WGS84. Converting back uses the published forward formula and an iterative inverse.
#pragma once
#include "geo/Vec.h"

namespace geo {

/// Whether (lon, lat) lies in the rectangle where GCJ-02 applies (mainland China's bounds).
bool insideChina(double lon, double lat);

/// WGS84 -> GCJ-02 (degrees, x = lon). Outside China the point passes unchanged.
Vec2 wgs84ToGcj02(Vec2 wgs84);

/// GCJ-02 -> WGS84 (degrees, x = lon), iterating the forward formula until it reproduces the input
/// within 1e-9 degrees (about 0.1 mm; far better than the 0.5 m asked for). Outside China unchanged.
Vec2 gcj02ToWgs84(Vec2 gcj02);

}  // namespace geo
