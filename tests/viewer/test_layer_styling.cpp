// A layer's feature colours (featureColors, which looks each distinct value up once) are every
// feature's own colour under the style (featureColor): exact values, land-use prefixes, numbers that
// take no prefix, nulls, features with fewer values than fields, a field the layer lacks.
#include <gtest/gtest.h>
#include "app/scene/LayerStyling.h"

namespace {

geo::Feature featureWith(std::vector<geo::Value> values) {
    geo::Feature f;
    f.values = std::move(values);
    return f;
}

bool sameColor(const geo::Color& a, const geo::Color& b) { return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a; }

}  // namespace

TEST(LayerStyling, FeatureColorsAreEachFeaturesOwnColour) {
    geo::FeatureLayer layer;
    layer.fields = {{"name", geo::FieldType::String}, {"code", geo::FieldType::String}};
    const std::vector<geo::Value> codes = {std::string("R2"), std::string("R21"), std::string("B1"), std::string("公园"),
                                           std::int64_t{1}, std::int64_t{12}, 1.5, geo::Value{}, std::string("")};
    for (std::size_t i = 0; i < 300; ++i) layer.features.push_back(featureWith({std::string("n"), codes[i % codes.size()]}));
    layer.features.push_back(featureWith({std::string("short")}));   // no value for "code"

    geo::LayerStyle style;
    style.by = "code";
    style.colors = {{"R2", {1, 1, 0, 1}}, {"B1", {1, 0, 0, 1}}, {"公园", {0, 1, 0, 1}}, {"1", {0, 0, 1, 1}}, {"1.5", {0, 1, 1, 1}}};
    style.defaultColor = {0.5f, 0.5f, 0.5f, 1};
    style.opacity = 0.5;

    const std::vector<geo::Color> colors = planview::featureColors(style, layer);
    ASSERT_EQ(colors.size(), layer.features.size());
    for (std::size_t i = 0; i < colors.size(); ++i)
        ASSERT_TRUE(sameColor(colors[i], planview::featureColor(style, layer, layer.features[i]))) << "feature " << i;
    // What those are: R21 takes R2's colour, 12 not 1's; opacity folded into alpha.
    EXPECT_TRUE(sameColor(colors[1], {1, 1, 0, 0.5f}));
    EXPECT_TRUE(sameColor(colors[3], {0, 1, 0, 0.5f}));
    EXPECT_TRUE(sameColor(colors[4], {0, 0, 1, 0.5f}));
    EXPECT_TRUE(sameColor(colors[5], {0.5f, 0.5f, 0.5f, 0.5f}));
    EXPECT_TRUE(sameColor(colors[6], {0, 1, 1, 0.5f}));
    EXPECT_TRUE(sameColor(colors.back(), {0.5f, 0.5f, 0.5f, 0.5f}));

    style.by = "missing";
    for (const geo::Color& c : planview::featureColors(style, layer)) ASSERT_TRUE(sameColor(c, {0.5f, 0.5f, 0.5f, 0.5f}));
    style.by = "";
    for (const geo::Color& c : planview::featureColors(style, layer)) ASSERT_TRUE(sameColor(c, {0.5f, 0.5f, 0.5f, 0.5f}));
}
