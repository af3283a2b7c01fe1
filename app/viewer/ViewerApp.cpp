#include "app/viewer/ViewerApp.h"
#include <chrono>
#include <thread>
#include <osg/GraphicsContext>
#include <osgViewer/Viewer>
#include "app/scene/CameraViews.h"
#include "app/scene/EnvironmentBuilder.h"
#include "app/scene/MapManipulator.h"
#include "app/scene/Picker.h"
#include "app/scene/OsgLog.h"
#include "app/scene/Scene.h"
#include "app/scene/ShaderLibrary.h"
#include "app/ui/ImGuiOverlay.h"
#include "app/viewer/ViewController.h"
#include "app/viewer/ViewerInput.h"
#include "geo/Errors.h"
#include "geo/Log.h"

namespace planview {

namespace {

constexpr double kHomePitch = 50.0;

}  // namespace

int runViewer(const geo::ProjectData& data, const std::string& executablePath) {
    routeOsgMessagesToLog();
    ShaderLibrary shaders = ShaderLibrary::locate(executablePath);
    Scene scene(data, shaders);
    ViewController controller(scene);

    osg::ref_ptr<osgViewer::Viewer> viewer = new osgViewer::Viewer;
    viewer->setThreadingModel(osgViewer::ViewerBase::SingleThreaded);
    viewer->setRunFrameScheme(osgViewer::ViewerBase::ON_DEMAND);
    viewer->setKeyEventSetsDone(0);   // Esc clears the selection; Ctrl+Q or closing the window quits

    // A window of 1400×900 or what the screen allows.
    unsigned screenWidth = 1400, screenHeight = 900;
    if (auto* wsi = osg::GraphicsContext::getWindowingSystemInterface()) {
        osg::GraphicsContext::ScreenIdentifier screen;
        screen.readDISPLAY();
        screen.setUndefinedScreenDetailsToDefaultScreen();
        wsi->getScreenResolution(screen, screenWidth, screenHeight);
    }
    int width = static_cast<int>(std::min(1400u, screenWidth)), height = static_cast<int>(std::min(900u, screenHeight));
    viewer->setUpViewInWindow((static_cast<int>(screenWidth) - width) / 2, (static_cast<int>(screenHeight) - height) / 2, width, height);
    osg::Camera* camera = viewer->getCamera();
    EnvironmentColors colors;
    camera->setClearColor(osg::Vec4(colors.haze, 1));
    camera->setComputeNearFarMode(osg::CullSettings::COMPUTE_NEAR_FAR_USING_BOUNDING_VOLUMES);
    camera->setNearFarRatio(1e-5);
    camera->setProjectionMatrix(perspectiveProjection(static_cast<double>(width) / height));
    camera->setStats(new osg::Stats("camera"));
    camera->getStats()->collectStats("scene", true);
    viewer->setSceneData(scene.root());

    osg::ref_ptr<MapManipulator> manipulator = new MapManipulator;
    const double aspect = static_cast<double>(width) / height;
    CameraPose home = data.project.home ? poseFromView(*data.project.home, data.frame)
                                        : framingPose(scene.bounds(), scene.maxHeight(), 0, kHomePitch, aspect);
    double size = std::max({scene.bounds().width(), scene.bounds().height(), 1000.0});
    manipulator->setDistanceLimits(5, size * 6);
    manipulator->setHomePose(home);
    manipulator->setPose(home);
    viewer->setCameraManipulator(manipulator, false);

    controller.onHome = [&] { manipulator->flyTo(manipulator->homePose()); viewer->requestRedraw(); };
    controller.onBookmark = [&](std::size_t i) {
        if (i >= data.project.bookmarks.size()) return;
        manipulator->flyTo(poseFromView(data.project.bookmarks[i].view, data.frame));
        viewer->requestRedraw();
    };

    controller.onFlyTo = [&](const geo::Extent& bounds, double height) {
        const osg::Viewport* vp = camera->getViewport();
        CameraPose now = manipulator->pose();
        manipulator->flyTo(framingPose(bounds, height, now.heading, std::max(now.pitch, 45.0), vp->width() / vp->height()));
        viewer->requestRedraw();
    };

    osg::ref_ptr<ImGuiOverlay> overlay = new ImGuiOverlay(findCjkFont(), controller.glyphText());
    overlay->setPanels([&] { controller.drawUi(true); });
    camera->setFinalDrawCallback(overlay->makeFinalDrawCallback());
    viewer->addEventHandler(overlay->makeEventHandler());
    viewer->addEventHandler(new ViewerInput(controller, *manipulator));

    osg::ref_ptr<VerifyShaders> verify = new VerifyShaders(shaders);
    viewer->setRealizeOperation(verify.get());
    viewer->realize();
    if (!viewer->isRealized()) throw geo::OutputError("cannot open a window on display " + std::string(getenv("DISPLAY") ? getenv("DISPLAY") : ""));
    if (!verify->error.empty()) throw geo::InputError(verify->error);

    geo::log().info("viewer: {} layer(s); drag to pan, right-drag to orbit, wheel to zoom, 1-9 bookmarks, H home, T top, "
                    "F1 panels, Ctrl+F search, L language, Esc clears the selection, Ctrl+Q quits",
                    data.layers.size());
    // ImGui lays windows out over a few frames (auto-sized windows, a language switch): a few frames
    // follow every event-driven one.
    int settleFrames = 3;
    auto lastFrame = std::chrono::steady_clock::now();
    while (!viewer->done()) {
        auto now = std::chrono::steady_clock::now();
        const bool animating = controller.tick(std::chrono::duration<double>(now - lastFrame).count());
        lastFrame = now;
        if (viewer->checkNeedToDoFrame() || manipulator->flying() || animating) {
            settleFrames = 4;
        } else if (settleFrames > 0) {
            --settleFrames;
        } else {
            std::this_thread::sleep_for(std::chrono::milliseconds(8));
            continue;
        }
        auto start = std::chrono::steady_clock::now();
        // frame(), split so the labels are placed for the camera the event traversal just moved.
        viewer->advance();
        viewer->eventTraversal();
        const osg::Viewport* vp = camera->getViewport();
        scene.labels()->place({manipulator->getInverseMatrix(), camera->getProjectionMatrix(), vp->width(), vp->height()});
        UiState& ui = controller.state();
        ui.heading = manipulator->pose().heading;
        ui.view = manipulator->getInverseMatrix();
        ui.projection = camera->getProjectionMatrix();
        ui.width = vp->width();
        ui.height = vp->height();
        viewer->updateTraversal();
        viewer->renderingTraversals();
        FrameStats& stats = controller.state().stats;
        stats.frameMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        double calls = 0;
        if (camera->getStats()->getAttribute(viewer->getFrameStamp()->getFrameNumber(), "Visible number of PrimitiveSets", calls))
            stats.drawCalls = static_cast<int>(calls);
    }
    return 0;
}

}  // namespace planview
