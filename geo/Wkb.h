// Polygons straight out of WKB, for the reader's column path: GDAL hands a GeoPackage layer's
// geometries over as WKB blobs, and reading the common case (polygons) here skips building one
// OGRGeometry per feature. Anything else is left to GDAL's own decoder.
#pragma once
#include <cstddef>
#include <vector>
#include "geo/Feature.h"

namespace geo {

/// Appends the polygons of a WKB Polygon or MultiPolygon (either byte order; ISO or extended Z/M type
/// codes, Z and M dropped) to `out`, each ring's points as written (a closed ring repeats its first
/// point). Polygons whose rings are all empty are left out. Returns false, with `out` as it was, for
/// any other geometry type and for a blob that is truncated or malformed.
bool readWkbPolygons(const unsigned char* data, std::size_t size, std::vector<Polygon>& out);

}  // namespace geo
