#include <gtest/gtest.h>
#include "geo/Style.h"

TEST(Style, ParsesHexColours) {
    auto c = geo::parseColor("#FF8000");
    ASSERT_TRUE(c);
    EXPECT_FLOAT_EQ(c->r, 1.0f);
    EXPECT_NEAR(c->g, 128 / 255.0, 1e-6);
    EXPECT_FLOAT_EQ(c->b, 0.0f);
    EXPECT_FLOAT_EQ(c->a, 1.0f);
    EXPECT_NEAR(geo::parseColor("#00000080")->a, 128 / 255.0, 1e-6);
    EXPECT_EQ(geo::colorHex(*geo::parseColor("#a0522d")), "#A0522D");
    for (const char* bad : {"", "red", "#FFF", "#GG0000", "FF0000", "#FF00001"}) EXPECT_FALSE(geo::parseColor(bad)) << bad;
}

TEST(Style, CategorizedColourWithLandUsePrefixesAndDefault) {
    geo::LayerStyle style;
    style.by = "landuse";
    style.colors = {{"R2", *geo::parseColor("#FFE600")}, {"B", *geo::parseColor("#FF0000")}, {"1", *geo::parseColor("#0000FF")}};
    style.defaultColor = *geo::parseColor("#BBBBBB");
    EXPECT_EQ(style.colorFor(std::string("R2")), *geo::parseColor("#FFE600"));
    EXPECT_EQ(style.colorFor(std::string("R21")), *geo::parseColor("#FFE600"));   // sub-class takes its class
    EXPECT_EQ(style.colorFor(std::string("B29")), *geo::parseColor("#FF0000"));
    EXPECT_EQ(style.colorFor(std::string("M1")), style.defaultColor);
    EXPECT_EQ(style.colorFor(geo::Value{}), style.defaultColor);                  // NULL
    EXPECT_EQ(style.colorFor(std::int64_t{1}), *geo::parseColor("#0000FF"));
    EXPECT_EQ(style.colorFor(std::int64_t{12}), style.defaultColor);              // numbers match exactly only
}

TEST(Style, LandUsePaletteFollowsTheChineseConvention) {
    auto hue = [](const char* code) { return geo::findLandUseClass(code)->color; };
    geo::Color r = hue("R2"), b = hue("B1"), g = hue("G1"), e = hue("E1");
    EXPECT_GT(r.r, 0.9f); EXPECT_GT(r.g, 0.8f); EXPECT_LT(r.b, 0.2f);   // residential yellow
    EXPECT_GT(b.r, 0.9f); EXPECT_LT(b.g, 0.3f);                          // commercial red
    EXPECT_GT(g.g, 0.6f); EXPECT_LT(g.r, 0.3f);                          // green space green
    EXPECT_GT(e.b, 0.9f);                                                // water light blue
    EXPECT_EQ(geo::findLandUseClass("R21")->code, "R2");
    EXPECT_EQ(geo::findLandUseClass("A7")->nameZh, "文物古迹用地");
    EXPECT_EQ(geo::findLandUseClass("X9"), nullptr);
    EXPECT_TRUE(geo::isLandUseFieldName("LandUse"));
    EXPECT_TRUE(geo::isLandUseFieldName("用地性质"));
    EXPECT_FALSE(geo::isLandUseFieldName("height_m"));
}
