// PlanView's QGIS project writer read back by PlanView's QGIS project reader (issue 21): the round trip
// of the Shangcheng sample keeps every layer QGIS can show, its order, visibility, source, filter,
// label field, colours and opacity, and (through custom properties) its kind and extrusion; bookmarks
// come back at their point and range. (QGIS itself judges the
// written projects in tests/render/test_qgis_export.cpp.)
#include <cmath>
#include <filesystem>
#include <gtest/gtest.h>
#include "geo/QgisProject.h"
#include "geo/QgisProjectWriter.h"

namespace fs = std::filesystem;

namespace {

const std::string kSample = PLANVIEW_SOURCE_DIR "/assets/shangcheng/project.toml";

bool sameRgb(const geo::Color& a, const geo::Color& b) {
    return std::lround(a.r * 255) == std::lround(b.r * 255) && std::lround(a.g * 255) == std::lround(b.g * 255) &&
           std::lround(a.b * 255) == std::lround(b.b * 255);
}

}  // namespace

TEST(QgisProjectWriter, SampleRoundTripsThroughTheReader) {
    const geo::Project original = geo::loadProject(kSample);
    // Written elsewhere than the data: sources come back through "../" paths.
    const std::string written = (fs::temp_directory_path() / "planview-writer-test" / "sample.qgs").string();
    geo::QgisProjectReport report;
    const std::string document = geo::qgisProjectDocument(original, written, report);
    EXPECT_EQ(report.leftOut.size(), 2u) << "the two model layers";
    EXPECT_EQ(report.crs, "EPSG:4549");
    EXPECT_FALSE(report.crsFromScene);
    const geo::Project back = geo::parseQgisProject(document, written);
    EXPECT_EQ(back.title, original.title);
    EXPECT_EQ(back.crs, "EPSG:4549");

    std::vector<const geo::LayerSpec*> shown;
    for (const auto& l : original.layers)
        if (l.kind != geo::LayerKind::Models) shown.push_back(&l);
    ASSERT_EQ(back.layers.size(), shown.size());
    for (std::size_t i = 0; i < shown.size(); ++i) {
        const geo::LayerSpec& a = *shown[i];
        const geo::LayerSpec& b = back.layers[i];
        SCOPED_TRACE(a.name);
        EXPECT_EQ(b.name, a.name);
        EXPECT_EQ(b.visible, a.visible);
        EXPECT_EQ(fs::weakly_canonical(b.source), fs::weakly_canonical(a.source));
        EXPECT_EQ(b.layer, a.layer);
        EXPECT_EQ(b.where, a.where);
        EXPECT_EQ(b.label, a.label);
        EXPECT_EQ(b.style.by, a.style.by);
        // PlanView's own settings, kept in the layers' custom properties.
        EXPECT_EQ(geo::layerKindName(b.kind), std::string(geo::layerKindName(a.kind)));
        EXPECT_EQ(b.extrudeField, a.extrudeField);
        EXPECT_DOUBLE_EQ(b.extrudeConstant, a.extrudeConstant);
        // Colours as drawn: the same RGB, and the same opacity (the colour's alpha times the layer's).
        auto alpha = [](const geo::Color& c, const geo::LayerSpec& l) { return c.a * l.style.opacity; };
        EXPECT_TRUE(sameRgb(b.style.defaultColor, a.style.defaultColor));
        EXPECT_NEAR(alpha(b.style.defaultColor, b), alpha(a.style.defaultColor, a), 0.01);
        for (const auto& [value, colour] : a.style.colors) {
            ASSERT_TRUE(b.style.colors.count(value)) << value;
            EXPECT_TRUE(sameRgb(b.style.colors.at(value), colour)) << value;
            EXPECT_NEAR(alpha(b.style.colors.at(value), b), alpha(colour, a), 0.01) << value;
        }
        // The project's words for a category come back as its label.
        for (const auto& [value, words] : a.style.labels) EXPECT_EQ(b.style.labelFor(value, true), words) << value;
        if (a.kind == geo::LayerKind::Lines) EXPECT_DOUBLE_EQ(b.style.lineWidth, a.style.lineWidth);
    }

    ASSERT_EQ(back.bookmarks.size(), original.bookmarks.size());
    for (std::size_t i = 0; i < original.bookmarks.size(); ++i) {
        const geo::View& a = original.bookmarks[i].view;
        const geo::View& b = back.bookmarks[i].view;
        SCOPED_TRACE(original.bookmarks[i].name);
        EXPECT_EQ(back.bookmarks[i].name, original.bookmarks[i].name);
        // Within 2 m: the reader takes the middle of the extent's corners in lon/lat, not of the
        // projected rectangle, which differ by under a metre for a district-wide view.
        EXPECT_NEAR(b.lon, a.lon, 2e-5);
        EXPECT_NEAR(b.lat, a.lat, 2e-5);
        EXPECT_NEAR(b.distance, a.distance, a.distance * 0.01) << "the range kept, seen from above";
        EXPECT_EQ(b.pitch, 90);
    }
}

// Rasters and extrusion (issue 21): terrain (with its exaggeration) and imagery come back as raster
// layers of their kinds, sources and visibility; a layer's extrusion comes back from the <renderer-3d>
// QGIS's 3D view reads when PlanView's own custom property is gone (as after a colleague's QGIS rewrote
// the project without it).
TEST(QgisProjectWriter, RastersAndExtrusionRoundTrip) {
    const std::string folder = PLANVIEW_SOURCE_DIR "/assets/shangcheng/";
    const geo::Project original = geo::parseProject(R"(title = "rasters"
[[layer]]
name = "地形"
source = "terrain/dem.tif"
kind = "terrain"
exaggeration = 1.5
[[layer]]
name = "影像"
source = "terrain/imagery.tif"
kind = "imagery"
visible = false
[[layer]]
name = "用地"
source = "shangcheng.gpkg"
layer = "parcels"
kind = "parcels"
extrude = "height_m"
[[layer]]
name = "水系"
source = "shangcheng.gpkg"
layer = "parcels"
kind = "polygons"
extrude = 12.5
)", folder + "rasters.toml");
    const std::string written = (fs::temp_directory_path() / "planview-writer-test" / "rasters.qgs").string();
    geo::QgisProjectReport report;
    std::string document = geo::qgisProjectDocument(original, written, report);
    EXPECT_EQ(report.layers.size(), 4u);
    const geo::Project back = geo::parseQgisProject(document, written);
    ASSERT_EQ(back.layers.size(), 4u);
    EXPECT_EQ(back.layers[0].kind, geo::LayerKind::Terrain);
    EXPECT_DOUBLE_EQ(back.layers[0].exaggeration, 1.5);
    EXPECT_EQ(back.layers[1].kind, geo::LayerKind::Imagery);
    EXPECT_FALSE(back.layers[1].visible);
    for (int i = 0; i < 2; ++i) EXPECT_EQ(fs::weakly_canonical(back.layers[i].source), fs::weakly_canonical(original.layers[i].source));
    EXPECT_EQ(back.layers[2].extrudeField, "height_m");
    EXPECT_DOUBLE_EQ(back.layers[3].extrudeConstant, 12.5);

    // Without PlanView's custom properties the 3D renderers still give the extrusion.
    for (const std::string property : {"planview/extrude", "planview/kind"}) {
        for (std::size_t at; (at = document.find("name=\"" + property + "\"")) != std::string::npos;)
            document.replace(at, property.size() + 7, "name=\"ignored\"");
    }
    const geo::Project bare = geo::parseQgisProject(document, written);
    ASSERT_EQ(bare.layers.size(), 4u);
    EXPECT_EQ(bare.layers[2].extrudeField, "height_m");
    EXPECT_DOUBLE_EQ(bare.layers[3].extrudeConstant, 12.5);
    // Terrain needs a 3D view naming it (or PlanView's own property): a raster alone is imagery.
    EXPECT_EQ(bare.layers[0].kind, geo::LayerKind::Imagery);
}

// A data-defined extrusion by an expression (QGIS's property type 3): one that is just a field is
// that field; any other keeps the symbol's constant height. A rule-based 3D renderer leaves the layer flat.
TEST(QgisProjectReader, ExtrusionByExpressionAndRuleBased3DRenderers) {
    auto project = [](const std::string& expression, const std::string& renderer) {
        return "<qgis><layer-tree-group><layer-tree-layer id=\"a\" name=\"A\" checked=\"Qt::Checked\"/></layer-tree-group>"
               "<projectlayers><maplayer type=\"vector\" geometry=\"Polygon\"><id>a</id><datasource>./x.gpkg|layername=x</datasource>"
               "<provider>ogr</provider><renderer-3d type=\"" + renderer + "\"><symbol type=\"polygon\"><data extrusion-height=\"7\"/>"
               "<data-defined-properties><Option type=\"Map\"><Option name=\"properties\" type=\"Map\">"
               "<Option name=\"extrusionHeight\" type=\"Map\"><Option name=\"active\" value=\"true\" type=\"bool\"/>"
               "<Option name=\"expression\" value=\"" + expression + "\" type=\"QString\"/><Option name=\"type\" value=\"3\" type=\"int\"/>"
               "</Option></Option></Option></data-defined-properties></symbol></renderer-3d></maplayer></projectlayers></qgis>";
    };
    const geo::Project field = geo::parseQgisProject(project("&quot;floors&quot;", "vector"), "/tmp/p.qgs");
    ASSERT_EQ(field.layers.size(), 1u);
    EXPECT_EQ(field.layers[0].extrudeField, "floors");
    const geo::Project product = geo::parseQgisProject(project("&quot;floors&quot; * 3", "vector"), "/tmp/p.qgs");
    EXPECT_EQ(product.layers[0].extrudeField, "");
    EXPECT_DOUBLE_EQ(product.layers[0].extrudeConstant, 7);
    const geo::Project ruled = geo::parseQgisProject(project("&quot;floors&quot;", "rulebased"), "/tmp/p.qgs");
    EXPECT_EQ(ruled.layers[0].extrudeField, "");
    EXPECT_DOUBLE_EQ(ruled.layers[0].extrudeConstant, 0);
}
