// What `planview info` reports about a source: per layer its geometry type, count, CRS, extents, fields.
#pragma once
#include <optional>
#include <string>
#include <vector>
#include "geo/Feature.h"

namespace geo {

class Source;

struct FeatureSample {
    std::int64_t fid = -1;
    std::vector<Value> values;                  ///< parallel to LayerDescription::fields
    std::optional<Vec2> centroidLonLat;         ///< WGS84, x = lon; nullopt without geometry
};

struct LayerDescription {
    std::string name;
    std::string geometryType;                   ///< OGR's name, e.g. "Multi Polygon", "None"
    std::int64_t featureCount = 0;
    std::string crs;                            ///< "EPSG:4490", or a name, or "" without CRS
    Extent nativeExtent;                        ///< in the layer's CRS; empty without geometry
    Extent lonLatExtent;                        ///< WGS84 degrees; empty without geometry or CRS
    std::vector<FieldDef> fields;
    std::vector<FeatureSample> samples;         ///< the first N features when asked for
};

/// Describes the named layer (or every layer when `layerName` is "") of `source`, with the first
/// `sampleCount` features. Throws InputError for an unknown layer or an unusable CRS.
std::vector<LayerDescription> describe(const Source& source, const std::string& layerName, int sampleCount);

}  // namespace geo
