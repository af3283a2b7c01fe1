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
