// Reading QGIS styles and projects without data (issue 21): a hand-written project whose every
// unsupported part is known, and QGIS expressions judged OGR-SQL-expressible checked against GDAL's
// own OGR SQL parser (a filter on a Memory layer), the reference for what PlanView can evaluate.
#include <ogrsf_frmts.h>
#include <algorithm>
#include <fstream>
#include <sstream>
#include <gtest/gtest.h>
#include "geo/Errors.h"
#include "geo/QgisProject.h"
#include "geo/QgisStyle.h"
#include "geo/Ribbon.h"

namespace {

std::string seed(const std::string& name) {
    std::ifstream in(std::string(PLANVIEW_SOURCE_DIR) + "/tests/fuzz/seeds/" + name);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

TEST(QgisStyle, ProjectWithUnsupportedPartsKeepsTheRest) {
    geo::Project p = geo::parseQgisProject(seed("fuzz_qgis_project/postgis.qgs"), "/data/plan.qgs");
    ASSERT_EQ(p.layers.size(), 1u);
    const geo::LayerSpec& l = p.layers[0];
    EXPECT_EQ(l.name, "Parcels");
    EXPECT_FALSE(l.visible) << "its group is unchecked";
    EXPECT_EQ(l.layer, "public.parcels");
    EXPECT_EQ(l.where, "\"landuse\" = 'R2'");
    EXPECT_NE(l.source.find("dbname='plan'"), std::string::npos) << l.source;
    EXPECT_NE(l.source.find("password='it\\'s'"), std::string::npos) << l.source;
    EXPECT_EQ(l.style.by, geo::kRuleField);
    // The regexp_match rule is not OGR SQL: left out; the LIKE rule and its nested ELSE are kept.
    ASSERT_EQ(l.style.rules.size(), 2u);
    EXPECT_EQ(l.style.rules[0].where, "\"landuse\" LIKE 'R%'");
    EXPECT_FLOAT_EQ(l.style.rules[0].color.a, 0.5f) << "the symbol's alpha";
    EXPECT_FLOAT_EQ(l.style.opacity, 0.7f);
    ASSERT_EQ(p.bookmarks.size(), 1u);
    EXPECT_DOUBLE_EQ(p.bookmarks[0].view.pitch, 90);
}

TEST(QgisStyle, UnsupportedPartsAreNamedOnce) {
    const std::string qml = "<qgis><renderer-v2 type=\"categorizedSymbol\" attr=\"kind\"><categories>"
                            "<category value=\"a\" symbol=\"0\"/><category value=\"b\" symbol=\"1\"/>"
                            "<category value=\"\" symbol=\"1\"/></categories><symbols>"
                            "<symbol type=\"fill\" name=\"0\"><layer class=\"SVGFill\"><prop k=\"color\" v=\"10,20,30,255\"/></layer></symbol>"
                            "<symbol type=\"fill\" name=\"1\"><layer class=\"SVGFill\"><prop k=\"color\" v=\"40,50,60,255\"/></layer></symbol>"
                            "</symbols></renderer-v2></qgis>";
    geo::QgisStyle s = geo::parseQml(qml, "x.qml");
    ASSERT_EQ(s.unsupported.size(), 1u);
    EXPECT_EQ(s.unsupported[0], "symbol layer 'SVGFill'");
    EXPECT_EQ(s.style.by, "kind");
    EXPECT_EQ(geo::colorHex(s.style.colorFor(geo::Value(std::string("a")))), "#0A141E");
    EXPECT_EQ(geo::colorHex(s.style.colorFor(geo::Value(std::string("ab")))), "#28323C") << "whole values only";
    EXPECT_THROW(geo::parseQml("<qgis><renderer-v2>", "y.qml"), geo::InputError);
    EXPECT_THROW(geo::parseQml("<style/>", "y.qml"), geo::InputError);
}

TEST(QgisStyle, OgrSqlExpressionsAreThoseGdalAccepts) {
    GDALAllRegister();
    GDALDriver* memory = GetGDALDriverManager()->GetDriverByName("Memory");
    GDALDatasetUniquePtr ds(memory->Create("", 0, 0, 0, GDT_Unknown, nullptr));
    OGRLayer* layer = ds->CreateLayer("t", nullptr, wkbPolygon, nullptr);
    for (const char* f : {"kind", "height", "name"}) {
        OGRFieldDefn d(f, std::string(f) == "height" ? OFTReal : OFTString);
        layer->CreateField(&d);
    }
    const char* expressions[] = {"\"kind\" = 'park'", "\"height\" > 40 AND \"kind\" IN ('a', 'b')",
                                 "NOT \"name\" IS NULL", "\"height\" BETWEEN 1 AND 2", "\"name\" LIKE 'x%'",
                                 "(\"height\" * 2) >= 10 OR \"kind\" <> 'x'", "kind = 'park'",
                                 "regexp_match(\"name\", 'x')", "\"height\" > @scale", "$area > 10",
                                 "\"name\" ~ 'x'", "\"a\" || \"b\" = 'x'", "upper (\"name\") = 'X'"};
    for (const char* e : expressions) {
        if (!geo::isOgrSqlExpression(e)) continue;
        CPLPushErrorHandler(CPLQuietErrorHandler);
        const OGRErr err = layer->SetAttributeFilter(e);
        CPLPopErrorHandler();
        EXPECT_EQ(err, OGRERR_NONE) << "judged OGR SQL but GDAL refuses: " << e;
    }
    EXPECT_FALSE(geo::isOgrSqlExpression("regexp_match(\"name\", 'x')"));
    EXPECT_TRUE(geo::isOgrSqlExpression("\"kind\" IN ('a(b)')"));
    EXPECT_EQ(geo::expressionField(" \"name\" "), "name");
    EXPECT_EQ(geo::expressionField("name"), "name");
    EXPECT_EQ(geo::expressionField("\"a\" || \"b\""), "");
}

// A QGIS dashed pen is drawn as dashes: on a 10 m line, 2 m dashes 1 m apart start at 0, 3, 6 and 9 m
// (the last cut short by the line's end); round a corner the pattern carries on.
TEST(QgisStyle, DashesFollowTheLine) {
    auto pieces = geo::dashPieces({{0, 0}, {10, 0}}, 2, 1);
    ASSERT_EQ(pieces.size(), 4u);
    const double starts[] = {0, 3, 6, 9}, ends[] = {2, 5, 8, 10};
    for (std::size_t i = 0; i < 4; ++i) {
        EXPECT_NEAR(pieces[i].front().x, starts[i], 1e-9);
        EXPECT_NEAR(pieces[i].back().x, ends[i], 1e-9);
    }
    // An L: 3 m east then 3 m north; a 4 m dash turns the corner (three points), the gap ends at 5 m.
    auto corner = geo::dashPieces({{0, 0}, {3, 0}, {3, 3}}, 4, 1);
    ASSERT_EQ(corner.size(), 2u);
    ASSERT_EQ(corner[0].size(), 3u);
    EXPECT_NEAR(corner[0].back().y, 1, 1e-9);
    EXPECT_NEAR(corner[1].front().y, 2, 1e-9);
    EXPECT_NEAR(corner[1].back().y, 3, 1e-9);
    EXPECT_EQ(geo::dashPieces({{0, 0}, {1, 0}}, 0, 1).size(), 1u);
}
