// Extrusion heights (geo::extrusionHeights): from an attribute or a constant, and what a value that
// is not a usable height gives (flat, never a wall below the ground).
#include <cmath>
#include <limits>
#include <string>
#include <gtest/gtest.h>
#include "geo/Extrusion.h"

namespace {

// A layer with fields name (String) and height (as given), one feature per height value.
geo::FeatureLayer layerWithHeights(const std::vector<geo::Value>& heights, geo::FieldType type = geo::FieldType::Real) {
    geo::FeatureLayer layer;
    layer.name = "parcels";
    layer.kind = geo::GeometryKind::Polygon;
    layer.fields = {{"name", geo::FieldType::String}, {"height", type}};
    for (std::size_t i = 0; i < heights.size(); ++i) {
        geo::Feature f;
        f.fid = static_cast<std::int64_t>(i + 1);
        f.values = {std::string("parcel ") + std::to_string(i + 1), heights[i]};
        layer.features.push_back(std::move(f));
    }
    return layer;
}

geo::LayerSpec extrudedBy(const std::string& field, double constant = 0) {
    geo::LayerSpec spec;
    spec.name = "parcels";
    spec.extrudeField = field;
    spec.extrudeConstant = constant;
    return spec;
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

}  // namespace

TEST(Extrusion, HeightsComeFromTheAttribute) {
    geo::FeatureLayer layer = layerWithHeights({24.5, 60.0, 12.5, 0.25});
    EXPECT_EQ(geo::extrusionHeights(extrudedBy("height"), layer), (std::vector<double>{24.5, 60.0, 12.5, 0.25}));
    geo::FeatureLayer integers = layerWithHeights({std::int64_t{3}, std::int64_t{100}}, geo::FieldType::Integer);
    EXPECT_EQ(geo::extrusionHeights(extrudedBy("height"), integers), (std::vector<double>{3.0, 100.0}));
}

TEST(Extrusion, TextHoldingANumberIsThatNumber) {
    // Heights often arrive as text (CSV, shapefiles written by hand): a whole number parses.
    geo::FeatureLayer layer = layerWithHeights({std::string("24.5"), std::string("1e2"), std::string("7")},
                                               geo::FieldType::String);
    EXPECT_EQ(geo::extrusionHeights(extrudedBy("height"), layer), (std::vector<double>{24.5, 100.0, 7.0}));
}

TEST(Extrusion, AConstantRaisesEveryFeature) {
    geo::FeatureLayer layer = layerWithHeights({24.5, geo::Value{}, std::string("tall")});
    EXPECT_EQ(geo::extrusionHeights(extrudedBy("", 12), layer), (std::vector<double>{12.0, 12.0, 12.0}));
    EXPECT_EQ(geo::extrusionHeights(extrudedBy("", 0), layer), (std::vector<double>{0.0, 0.0, 0.0})) << "0 = flat";
    EXPECT_TRUE(geo::extrusionHeights(extrudedBy("", 12), layerWithHeights({})).empty());
}

TEST(Extrusion, TheAttributeWinsOverAConstant) {
    // extrude is either a name or a number; a spec holding both (made in code) uses the field.
    geo::FeatureLayer layer = layerWithHeights({24.5, geo::Value{}});
    EXPECT_EQ(geo::extrusionHeights(extrudedBy("height", 12), layer), (std::vector<double>{24.5, 0.0}));
}

TEST(Extrusion, NullNonNumericNegativeAndNonFiniteValuesAreFlat) {
    geo::FeatureLayer layer = layerWithHeights({geo::Value{}, std::string("tall"), std::string("24.5 m"), std::string(""),
                                                -5.0, std::int64_t{-3}, std::string("-8"), kNaN, kInf, -kInf, 0.0, 30.0});
    const std::vector<double> h = geo::extrusionHeights(extrudedBy("height"), layer);
    ASSERT_EQ(h.size(), layer.features.size());
    for (std::size_t i = 0; i + 1 < h.size(); ++i)
        EXPECT_EQ(h[i], 0.0) << "feature " << i + 1 << " (" << geo::toString(layer.features[i].values[1]) << ")";
    EXPECT_EQ(h.back(), 30.0) << "a usable height among unusable ones is kept";
    for (double c : {-12.0, kNaN, kInf})
        EXPECT_EQ(geo::extrusionHeights(extrudedBy("", c), layer), std::vector<double>(layer.features.size(), 0.0))
            << "constant " << c;
}

TEST(Extrusion, AFieldTheLayerLacksLeavesItFlat) {
    geo::FeatureLayer layer = layerWithHeights({24.5, 60.0});
    EXPECT_EQ(geo::extrusionHeights(extrudedBy("nope"), layer), (std::vector<double>{0.0, 0.0}));
    EXPECT_EQ(geo::extrusionHeights(extrudedBy("name"), layer), (std::vector<double>{0.0, 0.0})) << "text, not numbers";
}

TEST(Extrusion, ValueRule) {
    EXPECT_EQ(geo::extrusionHeight(24.5), 24.5);
    EXPECT_EQ(geo::extrusionHeight(std::int64_t{9}), 9.0);
    EXPECT_EQ(geo::extrusionHeight(std::string("3.5")), 3.5);
    EXPECT_EQ(geo::extrusionHeight(geo::Value{}), 0.0);
    EXPECT_EQ(geo::extrusionHeight(-1.0), 0.0);
    EXPECT_EQ(geo::extrusionHeight(kNaN), 0.0);
}
