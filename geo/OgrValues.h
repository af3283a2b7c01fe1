// Conversions from OGR's field types and values to the feature model (internal to geo/).
#pragma once
#include <ogr_feature.h>
#include "geo/Feature.h"

namespace geo {

FieldType toFieldType(OGRFieldType type);
/// Field i of `feature` as a Value: integers exactly (64-bit), dates as ISO 8601 text, NULL as monostate.
Value readValue(const OGRFeature& feature, int i);

}  // namespace geo
