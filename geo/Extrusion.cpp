#include "geo/Extrusion.h"
#include <cmath>

namespace geo {

namespace {

double flatUnlessPositive(double h) { return std::isfinite(h) && h > 0 ? h : 0.0; }

}  // namespace

double extrusionHeight(const Value& value) { return flatUnlessPositive(toNumber(value, 0)); }

std::vector<double> extrusionHeights(const LayerSpec& spec, const FeatureLayer& layer) {
    if (spec.extrudeField.empty()) return std::vector<double>(layer.features.size(), flatUnlessPositive(spec.extrudeConstant));
    std::vector<double> heights(layer.features.size(), 0.0);
    const int field = layer.fieldIndex(spec.extrudeField);
    if (field < 0) return heights;
    const auto index = static_cast<std::size_t>(field);
    for (std::size_t i = 0; i < heights.size(); ++i) {
        const std::vector<Value>& values = layer.features[i].values;
        if (index < values.size()) heights[i] = extrusionHeight(values[index]);
    }
    return heights;
}

}  // namespace geo
