// The status line's draw-call count in offscreen renders (issue 3): it is the frame's own count, the
// one `planview render --stats` prints (FrameReport::drawCalls), not an estimate from the layers.
// Drives the app library's ViewRenderer on the Shangcheng sample project; needs an X display.
#include <gtest/gtest.h>
#include <cstddef>
#include "app/render/ViewRenderer.h"
#include "app/scene/Scene.h"
#include "app/tools/MapController.h"
#include "geo/Project.h"
#include "geo/ProjectData.h"

namespace {

const std::string kProject = std::string(PLANVIEW_SOURCE_DIR) + "/assets/shangcheng/project.toml";

const geo::ProjectData& shangcheng() {
    static const geo::ProjectData data = geo::loadProjectData(geo::openProject(kProject, ""));
    return data;
}

TEST(StatusDrawCalls, TheStatusLineShowsTheFramesCountAsStatsReportsIt) {
    planview::RenderSettings settings;
    settings.width = 640;
    settings.height = 360;
    planview::ViewRenderer renderer(shangcheng(), PLANVIEW_BINARY, settings);
    const planview::FrameStats& status = renderer.panels()->state().stats;

    planview::RenderedView home = renderer.render("home");
    ASSERT_GT(home.report.drawCalls, 0);
    EXPECT_EQ(status.drawCalls, home.report.drawCalls);

    // Fewer layers, fewer draw calls, and the status line follows the frame.
    geo::MapView oneLayerShown = renderer.scene().shown();
    for (std::size_t i = 0; i < oneLayerShown.layers.size(); ++i) oneLayerShown.layers[i].visible = i == 0;
    renderer.show(oneLayerShown);
    planview::RenderedView oneLayer = renderer.render("home");
    EXPECT_LT(oneLayer.report.drawCalls, home.report.drawCalls);
    EXPECT_EQ(status.drawCalls, oneLayer.report.drawCalls);
}

TEST(StatusDrawCalls, ATiledRenderShowsTheWholeViewsCount) {
    planview::RenderSettings settings;
    settings.width = 640;
    settings.height = 360;
    settings.maxTile = 256;   // 3 × 2 tiles, each culling to its own part of the view
    // Without the paged raster layers, whose tiles each image tile chooses by its own size on screen.
    auto withoutRasters = [](planview::ViewRenderer& r) {
        geo::MapView view = r.scene().shown();
        for (std::size_t i = 0; i < view.layers.size(); ++i)
            if (geo::isRasterKind(shangcheng().layers[i].spec.kind)) view.layers[i].visible = false;
        r.show(view);
    };
    planview::ViewRenderer renderer(shangcheng(), PLANVIEW_BINARY, settings);
    withoutRasters(renderer);
    planview::RenderedView view = renderer.render("home");
    ASSERT_EQ(view.report.tiles, 6);
    ASSERT_GT(view.report.drawCalls, 0);
    EXPECT_EQ(renderer.panels()->state().stats.drawCalls, view.report.drawCalls);

    // The count is the whole view's, not the last tile's: an untiled render's, within what culling
    // small features against a tile-sized viewport changes.
    settings.maxTile = 4096;
    planview::ViewRenderer whole(shangcheng(), PLANVIEW_BINARY, settings);
    withoutRasters(whole);
    planview::RenderedView untiled = whole.render("home");
    EXPECT_NEAR(view.report.drawCalls, untiled.report.drawCalls, untiled.report.drawCalls * 0.1);
}

}  // namespace
