// Plane geometry of the feature model's rings and polygons, written once: ring and polygon areas
// (shoelace) and point-in-ring / point-in-polygon (even-odd crossing). Used by the reader's validity
// checks, triangulation, measures, picking and the view tests.
#pragma once
#include "geo/Feature.h"

namespace geo {

/// Signed area of a ring (positive when counter-clockwise), in square units of its coordinates. The
/// ring is closed implicitly: an explicitly closed one (last point = first) gives the same. A
/// self-intersecting ring gives the shoelace sum (a bow-tie's halves cancel).
double signedArea(const Ring& ring);
/// Area enclosed by a ring, either orientation, closed or not: |signedArea|.
double ringArea(const Ring& ring);
/// Area of a polygon: the exterior ring's area less each hole's, whatever their orientation (as
/// OGRPolygon::get_Area).
double area(const Polygon& polygon);

/// Whether `p` lies inside the ring, by the even-odd crossing rule (the ring closed implicitly,
/// either orientation, closed or not). A ring of fewer than 3 points contains nothing. Points exactly
/// on an edge fall on either side (consistently for neighbouring rings sharing the edge).
bool pointInRing(const Ring& ring, Vec2 p);
/// Whether `p` lies inside the polygon: inside its exterior ring and in none of its holes.
bool pointInPolygon(const Polygon& polygon, Vec2 p);

}  // namespace geo
