// Conversions from OGR's field types and values to the feature model (internal to geo/).
#pragma once
#include <ogr_feature.h>
#include "geo/Feature.h"

namespace geo {

FieldType toFieldType(OGRFieldType type);
/// Text from a driver as valid UTF-8. Files often lie about their encoding (a GBK .dbf with a .cpg saying
/// UTF-8, or none): text that is not UTF-8 is decoded as GBK (CP936) when that yields valid text, else
/// its invalid bytes become U+FFFD.
std::string toUtf8(const char* text);
/// Field i of `feature` as a Value: integers exactly (64-bit), dates as ISO 8601 text, NULL as monostate.
Value readValue(const OGRFeature& feature, int i);

}  // namespace geo
