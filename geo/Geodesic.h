// Lengths and areas on the WGS84 ellipsoid of what lies in the scene frame: the measures PlanView
// reports (inspector, statistics, measuring) when the frame distorts them (SceneFrame::
// distortsMeasures: a province's, a country's or the world's frame). Scene points go back to lon/lat
// through the frame and PROJ's geodesic routines (GeographicLib's algorithms, geodesic.h) measure
// them: edges are geodesics between the vertices, as in QGIS's ellipsoidal measures and PostGIS's
// geography type.
#pragma once
#include <vector>
#include "geo/Feature.h"

namespace geo {

class SceneFrame;

/// Length of a polyline given in scene metres, along the ellipsoid's geodesics, metres.
double geodesicLength(const std::vector<Vec2>& scenePoints, const SceneFrame& frame);
/// Area enclosed by a ring given in scene metres (closed implicitly, either orientation), m².
double geodesicRingArea(const Ring& ring, const SceneFrame& frame);
/// Area of a polygon in scene metres: its exterior ring's ellipsoidal area less its holes', m².
double geodesicArea(const Polygon& polygon, const SceneFrame& frame);

/// Lengths, perimeters and areas as PlanView reports them in `frame`: planar in scene metres where the
/// frame keeps them true (a district's transverse Mercator), geodesic where it distorts them.
double reportedLength(const std::vector<Vec2>& scenePoints, const SceneFrame& frame);
double reportedRingArea(const Ring& ring, const SceneFrame& frame);
double reportedArea(const Polygon& polygon, const SceneFrame& frame);

}  // namespace geo
