// Reconnecting a layer in the viewer (issue 8): a layer whose source was missing when the project
// loaded is shown unavailable with its reason, and once its source is back it is read again and
// drawn, filtered and picked like the others; still missing, it keeps its (new) reason.
#include <gtest/gtest.h>
#include <filesystem>
#include "app/scene/Picker.h"
#include "app/scene/Scene.h"
#include "app/scene/ShaderLibrary.h"
#include "app/tools/MapController.h"
#include "geo/Project.h"
#include "geo/ProjectData.h"
#include "tests/support/Fixtures.h"

namespace {

std::string square(double x, double y, double side) {
    char wkt[256];
    std::snprintf(wkt, sizeof wkt, "POLYGON ((%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f))", x, y, x + side, y,
                  x + side, y + side, x, y + side, x, y);
    return wkt;
}

geo::LayerSpec layer(const std::string& name, const std::string& path) {
    geo::LayerSpec spec;
    spec.name = name;
    spec.source = path;
    spec.kind = geo::LayerKind::Parcels;
    return spec;
}

}  // namespace

TEST(Reconnect, ALayerMissingAtLoadIsReadAgainAndDrawnOnceItsSourceIsBack) {
    fixtures::TempDir dir;
    const std::string base = dir / "base.gpkg", late = dir / "late.gpkg";
    fixtures::writeLayer(base, "GPKG", "base", 4549, wkbPolygon, {{"name", OFTString}},
                         {{square(500000, 3350000, 400), {"底图"}}});
    geo::Project project;
    project.path = dir / "project.toml";
    project.crs = "EPSG:4549";
    project.layers = {layer("底图", base), layer("新地块", late)};

    geo::ProjectData data = geo::loadProjectData(project, nullptr, {}, true);
    ASSERT_FALSE(data.layers[1].available());
    planview::ShaderLibrary shaders = planview::ShaderLibrary::locate(PLANVIEW_BINARY);
    planview::Scene scene(data, shaders);
    planview::MapController controller(scene);
    EXPECT_NE(controller.state().layers[1].error.find("late.gpkg"), std::string::npos) << controller.state().layers[1].error;
    EXPECT_EQ(scene.layerDrawCalls(1), 0);

    // The panel's button asks the viewer to read the layer again.
    std::vector<std::size_t> asked;
    controller.host().onReconnectLayer = [&](std::size_t i) { asked.push_back(i); };
    controller.layers.reconnectLayer(1);
    ASSERT_EQ(asked, std::vector<std::size_t>{1});
    EXPECT_TRUE(controller.state().layers[1].reconnecting);
    controller.layers.reconnectLayer(1);   // one read at a time
    EXPECT_EQ(asked.size(), 1u);

    // Still missing: a fresh reason, and the layer stays out.
    data.layers[1] = geo::loadLayer(project, 1, data.frame, true);
    controller.layerReconnected(1);
    EXPECT_FALSE(controller.state().layers[1].reconnecting);
    EXPECT_FALSE(controller.state().layers[1].error.empty());
    EXPECT_EQ(scene.layerDrawCalls(1), 0);

    // Back: read, drawn, filterable and picked.
    fixtures::writeLayer(late, "GPKG", "late", 4549, wkbPolygon, {{"name", OFTString}},
                         {{square(500100, 3350100, 50), {"甲"}}, {square(500200, 3350200, 50), {"乙"}}});
    data.layers[1] = geo::loadLayer(project, 1, data.frame, true);
    ASSERT_TRUE(data.layers[1].available()) << data.layers[1].error;
    controller.layerReconnected(1);
    EXPECT_EQ(controller.state().layers[1].error, "");
    EXPECT_GT(scene.layerDrawCalls(1), 0);
    ASSERT_NE(controller.state().filters[1], nullptr);
    EXPECT_EQ(scene.pickIndex().layerCount(), 2u);
    const geo::Vec2 centre = data.layers[1].data.features[0].bounds.center();
    const osg::Vec3d target(centre.x, centre.y, 0);
    const osg::Matrixd view = osg::Matrixd::lookAt(target + osg::Vec3d(0, 0, 500), target, osg::Vec3d(0, 1, 0));
    const osg::Matrixd projection = osg::Matrixd::perspective(30, 1, 1, 10000);
    std::optional<planview::PickResult> picked = planview::pickFeature(scene, view, projection, 100, 100, 50, 50);
    ASSERT_TRUE(picked);
    EXPECT_EQ(picked->feature, (planview::FeatureRef{1, 0}));
    // The first layer is drawn as before.
    EXPECT_GT(scene.layerDrawCalls(0), 0);
}
