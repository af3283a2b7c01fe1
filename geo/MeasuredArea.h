// Features in GEOS's terms, and areas measured as the statistics report them: in the scene frame's
// plane, or geodesic where the frame distorts measures (a province or the world). Used by the
// statistics by zone and the regulatory checks (footprints and green inside a parcel).
#pragma once
#include <memory>
#include <ogr_geometry.h>
#include "geo/Feature.h"

namespace geo {

class SceneFrame;

/// The feature's polygons as one OGR multipolygon (empty rings left out), for GEOS's operations.
std::unique_ptr<OGRMultiPolygon> toOgr(const Feature& f);
/// The feature's area: plane (the frame's, or the coordinates' without one) or geodesic as above.
double featureArea(const Feature& f, const SceneFrame* frame);
/// The area of a GEOS result's polygons (a polygon, multipolygon or collection), as featureArea measures.
double partArea(const OGRGeometry& part, const SceneFrame* frame);

}  // namespace geo
