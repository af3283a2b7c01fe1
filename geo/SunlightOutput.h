// Writing a sunlight analysis's points as a GeoPackage: one point a row, with its values, and a QGIS
// style colouring the points by whether they pass the threshold, so the result opens in QGIS as it is.
#pragma once
#include <functional>
#include <string>
#include <vector>
#include "geo/Feature.h"
#include "geo/Sunlight.h"

class OGRSpatialReference;

namespace geo {

/// Points with attributes, ready to write, made one row at a time (millions of facade points would
/// not fit in memory as values).
struct PointTable {
    std::vector<FieldDef> fields;             ///< Integer, Real or String (others are written as text)
    std::size_t count = 0;                    ///< rows
    /// Fills row `i`: its values (parallel to fields) and its point (x, y in the CRS's metres, z the height).
    std::function<void(std::size_t i, std::vector<Value>& values, SunVec3& point)> row;
};

/// Writes `table` as the layer `layerName` of a new GeoPackage at `path` (3D points in `srs`), with a
/// layer_styles entry (QML and SLD) that colours the points by `passField` ("yes" green, "no" red).
/// Written under a temporary name beside the target and renamed into place when complete. Throws
/// OutputError when the target exists (without `overwrite`), its folder does not, or GDAL fails.
void writePointTableGpkg(const std::string& path, const std::string& layerName, const PointTable& table,
                         const OGRSpatialReference& srs, const std::string& passField, bool overwrite);

}  // namespace geo
