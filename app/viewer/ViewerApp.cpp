#include "app/viewer/ViewerApp.h"
#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <exception>
#include <future>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>
#include <imgui.h>
#include <osg/GraphicsContext>
#include <osgDB/DatabasePager>
#include <osgViewer/GraphicsWindow>
#include <osgViewer/Viewer>
#include "app/scene/CameraViews.h"
#include "app/scene/EnvironmentBuilder.h"
#include "app/scene/MapManipulator.h"
#include "app/scene/Picker.h"
#include "app/scene/OsgLog.h"
#include "app/scene/Scene.h"
#include "app/scene/ShaderLibrary.h"
#include "app/scene/SplitView.h"
#include "app/render/FrameDrawCalls.h"
#include "app/render/ImageWriter.h"
#include "app/render/MapExport.h"
#include "app/render/ViewRenderer.h"
#include "app/ui/DockedPanel.h"
#include "app/ui/ImGuiOverlay.h"
#include "app/ui/ImageCameraOsg.h"
#include "app/ui/PresentationOverlay.h"
#include "app/ui/UiText.h"
#include "app/tools/MapController.h"
#include "app/viewer/SdlWindow.h"
#include "app/viewer/UiStateHook.h"
#include "app/viewer/ViewerInput.h"
#include "geo/Errors.h"
#include "geo/Log.h"

namespace planview {

namespace {

// A project loading on a worker thread (read, reproject, triangulate, build the scene) while the
// window shows its progress. Closing the window cancels it at the next progress report.
class BackgroundLoad {
public:
    BackgroundLoad(const geo::Project& project, ShaderLibrary& shaders) {
        shaders.loadAll();   // shader files are read here, before the worker shares the library
        worker_ = std::thread([this, &project, &shaders] {
            try {
                auto data = std::make_unique<geo::ProjectData>(geo::loadProjectData(project, nullptr, [this](const geo::LoadProgress& p) {
                    if (cancel_) throw Cancelled{};
                    std::lock_guard<std::mutex> lock(mutex_);
                    progress_ = p;
                }, /*allowStreaming=*/true));
                auto scene = std::make_unique<Scene>(*data, shaders);
                std::lock_guard<std::mutex> lock(mutex_);
                data_ = std::move(data);
                scene_ = std::move(scene);
            } catch (const Cancelled&) {
            } catch (...) {
                std::lock_guard<std::mutex> lock(mutex_);
                error_ = std::current_exception();
            }
            done_ = true;
        });
    }
    ~BackgroundLoad() {
        cancel_ = true;
        if (worker_.joinable()) worker_.join();
    }
    bool done() const { return done_; }
    geo::LoadProgress progress() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return progress_;
    }
    /// After done(): the data and scene, or the load's exception rethrown.
    std::pair<std::unique_ptr<geo::ProjectData>, std::unique_ptr<Scene>> take() {
        worker_.join();
        if (error_) std::rethrow_exception(error_);
        // The scene refers to the data: hand both over together.
        return {std::move(data_), std::move(scene_)};
    }

private:
    struct Cancelled {};
    std::thread worker_;
    mutable std::mutex mutex_;
    geo::LoadProgress progress_;
    std::atomic<bool> done_{false}, cancel_{false};
    std::exception_ptr error_;
    std::unique_ptr<geo::ProjectData> data_;
    std::unique_ptr<Scene> scene_;
};

// The window's pixels after the UI has drawn (before the buffers swap), when asked for: the
// overlay's final draw callback runs first.
class WindowCapture : public osg::Camera::DrawCallback {
public:
    explicit WindowCapture(osg::Camera::DrawCallback* overlay) : overlay_(overlay) {}
    void operator()(osg::RenderInfo& info) const override {
        if (overlay_) (*overlay_)(info);
        if (!wanted) return;
        const osg::Viewport* vp = info.getCurrentCamera()->getViewport();
        const int width = static_cast<int>(vp->width()), height = static_cast<int>(vp->height());
        std::vector<std::uint8_t> rows(static_cast<std::size_t>(width) * height * 3);
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, rows.data());
        image.width = width;
        image.height = height;
        image.pixels.resize(rows.size());
        const std::size_t stride = static_cast<std::size_t>(width) * 3;
        for (int y = 0; y < height; ++y)   // GL counts rows from the bottom
            std::copy_n(rows.data() + static_cast<std::size_t>(height - 1 - y) * stride, stride, image.pixels.data() + y * stride);
        wanted = false;
        taken = true;
    }
    mutable bool wanted = false, taken = false;
    mutable RgbImage image;

private:
    osg::ref_ptr<osg::Camera::DrawCallback> overlay_;
};

void drawLoadingPanel(const geo::Project& project, const geo::LoadProgress& p) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(display.x / 2, display.y / 2), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(520.0f, display.x * 0.8f), 0));
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings;
    if (ImGui::Begin("##loading", nullptr, flags)) {
        ImGui::TextUnformatted(project.title.empty() ? project.path.c_str() : project.title.c_str());
        ImGui::Separator();
        if (p.layerCount) {
            ImGui::Text("%s %s (%zu/%zu)", tr(text::kLoading), p.layerName.c_str(), p.layer + 1, p.layerCount);
            char counts[96];
            if (p.featuresTotal > 0) std::snprintf(counts, sizeof counts, "%zu / %lld", p.featuresRead, p.featuresTotal);
            else std::snprintf(counts, sizeof counts, "%zu", p.featuresRead);
            ImGui::ProgressBar(static_cast<float>(p.fraction()), ImVec2(-1, 0), counts);
        } else {
            ImGui::Text("%s …", tr(text::kLoading));
            ImGui::ProgressBar(0.0f, ImVec2(-1, 0), "");
        }
    }
    ImGui::End();
}

}  // namespace

int runViewer(const geo::Project& project, const std::string& executablePath, bool present, const std::string& screenshot,
              const ViewerStart& start) {
    if (!screenshot.empty()) checkWritable(screenshot);
    routeOsgMessagesToLog();
    ShaderLibrary shaders = ShaderLibrary::locate(executablePath);

    osg::ref_ptr<osgViewer::Viewer> viewer = new osgViewer::Viewer;
    viewer->setThreadingModel(osgViewer::ViewerBase::SingleThreaded);
    viewer->setRunFrameScheme(osgViewer::ViewerBase::ON_DEMAND);
    viewer->setKeyEventSetsDone(0);   // Esc clears the selection; Ctrl+Q or closing the window quits

    // A window of 1400×900 or what the screen allows (a screen whose size SDL cannot tell keeps the
    // window at that size rather than opening it empty, with a projection of NaNs).
    SdlWindow::startVideo();
    int queriedWidth = 0, queriedHeight = 0;
    SdlWindow::desktopSize(queriedWidth, queriedHeight);
    unsigned screenWidth = 1400, screenHeight = 900;
    if (queriedWidth > 0 && queriedHeight > 0) {
        screenWidth = static_cast<unsigned>(queriedWidth);
        screenHeight = static_cast<unsigned>(queriedHeight);
    } else {
        geo::log().warn("the size of the screen of display {} is unknown: opening a 1400x900 window", getenv("DISPLAY") ? getenv("DISPLAY") : "");
    }
    int width = static_cast<int>(std::min(1400u, screenWidth)), height = static_cast<int>(std::min(900u, screenHeight));
    // OSG draws into an SDL window (text from the input method, the desktop's clipboard).
    const std::string windowTitle = "PlanView — " + (project.title.empty() ? project.path : project.title);
    osg::ref_ptr<SdlWindow> window = new SdlWindow(windowTitle, (static_cast<int>(screenWidth) - width) / 2,
                                                   (static_cast<int>(screenHeight) - height) / 2, width, height);
    osg::Camera* camera = viewer->getCamera();
    camera->setGraphicsContext(window.get());
    camera->setViewport(new osg::Viewport(0, 0, width, height));
    camera->setDrawBuffer(GL_BACK);
    camera->setReadBuffer(GL_BACK);
    EnvironmentColors colors;
    camera->setClearColor(osg::Vec4(colors.haze, 1));
    camera->setComputeNearFarMode(osg::CullSettings::COMPUTE_NEAR_FAR_USING_BOUNDING_VOLUMES);
    camera->setNearFarRatio(1e-5);
    camera->setProjectionMatrix(perspectiveProjection(static_cast<double>(width) / height));
    enableDrawCallCount(*camera);
    viewer->setSceneData(new osg::Group);

    // The window opens at once and shows the load's progress; the data loads on a worker thread.
    std::string loadingGlyphs = project.title;
    for (const geo::LayerSpec& layer : project.layers) loadingGlyphs += layer.name;
    osg::ref_ptr<ImGuiOverlay> overlay = new ImGuiOverlay(findCjkFont(), loadingGlyphs);
    osg::ref_ptr<WindowCapture> capture = new WindowCapture(overlay->makeFinalDrawCallback());
    camera->setFinalDrawCallback(capture.get());
    viewer->addEventHandler(overlay->makeEventHandler());
    window->connectTextInput(*overlay);
    osg::ref_ptr<VerifyShaders> verify = new VerifyShaders(shaders);
    viewer->setRealizeOperation(verify.get());

    BackgroundLoad load(project, shaders);
    overlay->setPanels([&] { drawLoadingPanel(project, load.progress()); });
    viewer->realize();
    if (!verify->error.empty()) throw geo::InputError(verify->error);
    while (!load.done() && !viewer->done()) {
        viewer->frame();
        std::this_thread::sleep_for(std::chrono::milliseconds(33));
    }
    if (viewer->done()) return 0;   // closed while loading: ~BackgroundLoad cancels the worker
    auto [loadedData, loadedScene] = load.take();
    const geo::ProjectData& data = *loadedData;
    Scene& scene = *loadedScene;
    MapController controller(scene);
    // The scene, drawn once or (comparing two versions side by side) in two halves of the window.
    SplitView split(scene.root());
    viewer->setSceneData(split.root());
    // OSG writes the near and far planes it computes back into the camera's projection: the project
    // starts from the window's own projection, not from what the loading frames left in it.
    camera->setProjectionMatrix(perspectiveProjection(static_cast<double>(width) / height));
    overlay->setGlyphText(controller.glyphText());

    osg::ref_ptr<MapManipulator> manipulator = new MapManipulator;
    // The eye keeps above the roofs (and the ground) under and near it.
    manipulator->setSurfaceHeight([&scene](double x, double y, double radius) { return scene.surfaceHeightNear(x, y, radius); });
    // The cursor's ground point, pans and zooms meet the terrain where there is some.
    if (!scene.ground().flat())
        manipulator->setGround([&scene](const osg::Vec3d& origin, const osg::Vec3d& direction) -> std::optional<osg::Vec3d> {
            const std::optional<geo::PickPoint> p = scene.ground().intersect(
                geo::PickRay{{origin.x(), origin.y(), origin.z()}, {direction.x(), direction.y(), direction.z()}, INFINITY});
            if (!p) return std::nullopt;
            return osg::Vec3d(p->x, p->y, p->z);
        });
    // Views computed from the data frame it in the part of the window the panels leave free (as
    // measured in the last frame; nothing before the first).
    auto framed = [&](const geo::Extent& bounds, double top, double heading, double pitch) {
        const osg::Viewport* vp = camera->getViewport();
        return framingPose(bounds, top, heading, pitch, vp->width(), vp->height(), controller.state().viewInsets);
    };
    auto homePose = [&] {
        return data.project.home ? poseFromView(*data.project.home, data.frame)
                                 : framed(scene.bounds(), scene.maxHeight(), 0, kHomePitch);
    };
    double size = std::max({scene.bounds().width(), scene.bounds().height(), 1000.0});
    manipulator->setDistanceLimits(5, size * 6);
    manipulator->setHomePose(homePose());
    manipulator->setPose(homePose());
    viewer->setCameraManipulator(manipulator, false);
    // Once the panels have been laid out (and whenever the window or the panels change), home is
    // framed again; a camera nobody has moved yet goes there at once.
    ViewInsets framedFor = controller.state().viewInsets;
    double framedWidth = camera->getViewport()->width(), framedHeight = camera->getViewport()->height();
    auto reframeHome = [&] {
        const osg::Viewport* vp = camera->getViewport();
        const ViewInsets& insets = controller.state().viewInsets;
        if (insets == framedFor && vp->width() == framedWidth && vp->height() == framedHeight) return;
        framedFor = insets;
        framedWidth = vp->width();
        framedHeight = vp->height();
        const CameraPose before = manipulator->homePose(), now = manipulator->pose();
        const bool untouched = !manipulator->flying() && now.target == before.target && now.distance == before.distance &&
                               now.heading == before.heading && now.pitch == before.pitch;
        manipulator->setHomePose(homePose());
        if (untouched) manipulator->setPose(manipulator->homePose());
        viewer->requestRedraw();
    };

    controller.host().onHome = [&] { manipulator->flyTo(homePose()); viewer->requestRedraw(); };
    controller.host().onFlyToView = [&](const geo::View& view, double seconds) {
        manipulator->flyTo(poseFromView(view, data.frame), seconds);
        viewer->requestRedraw();
    };
    controller.host().currentView = [&]() -> std::optional<geo::View> { return viewFromPose(manipulator->pose(), data.frame); };
    // A still of this view at 8K with the presentation overlay, drawn by the offscreen renderer
    // from the viewer's map view (the viewer waits while it renders).
    controller.host().onRenderStill = [&]() -> std::string {
        RenderSettings settings;
        settings.width = 7680;
        settings.height = 4320;
        settings.present = true;
        ViewRenderer renderer(data, executablePath, settings);
        renderer.show(controller.mapView());
        const UiState& ui = controller.state();
        if (ui.presenting) {
            // The stop on screen, caption and number, in the still.
            const PresentationContent shown = controller.presentation.content();
            renderer.presentation().caption = shown.caption;
            renderer.presentation().progress = shown.progress;
        }
        RenderedView view = renderer.renderPose(manipulator->pose());
        const std::string folder = "planview-stills";
        std::error_code ec;
        std::filesystem::create_directories(folder, ec);
        char stamp[32];
        std::time_t now = std::time(nullptr);
        std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::localtime(&now));
        const std::string path = folder + "/still-" + stamp + ".png";
        writePng(path, view.image);
        viewer->requestRedraw();
        return std::filesystem::absolute(path).string();
    };
    controller.host().onExportMap = [&](const std::string& path, const std::string& driver, bool overwrite) {
        MapExportOptions options;
        options.output = path;
        options.format = driver;
        options.overwrite = overwrite;
        options.view = controller.mapView();
        MapExportReport report = exportMap(data, executablePath, options);
        viewer->requestRedraw();
        return std::filesystem::absolute(report.output).string() + ": " + std::to_string(report.width) + "×" +
               std::to_string(report.height) + " (" + report.format + ")";
    };
    // Presentation mode: the window fills the screen without decoration, and the font atlas is
    // rebuilt large for the overlay's text (and back to the panels' size on leaving).
    int windowX = (static_cast<int>(screenWidth) - width) / 2, windowY = (static_cast<int>(screenHeight) - height) / 2;
    controller.host().onPresentingChanged = [&](bool presenting) {
        window->setFullScreen(presenting, windowX, windowY, width, height);
        const float rows = static_cast<float>(presenting ? screenHeight : static_cast<unsigned>(height));
        if (presenting) overlay->setFont(presentationGlyphText(data), presentationFontPixels(rows), false);
        else overlay->setFont(controller.glyphText(), 16.0f, true);
        viewer->requestRedraw();
    };

    controller.host().onFlyTo = [&](const geo::Extent& bounds, double height) {
        CameraPose now = manipulator->pose();
        manipulator->flyTo(framed(bounds, height, now.heading, std::max(now.pitch, 45.0)));
        viewer->requestRedraw();
    };

    // A layer unavailable at load is read again in the background, then taken into the scene.
    std::vector<std::pair<std::size_t, std::future<geo::LoadedLayer>>> reconnects;
    controller.host().onReconnectLayer = [&](std::size_t layer) {
        reconnects.emplace_back(layer, std::async(std::launch::async, [&data, layer] {
            return geo::loadLayer(data.project, layer, data.frame, /*allowStreaming=*/true);
        }));
    };
    auto takeReconnects = [&] {
        for (auto it = reconnects.begin(); it != reconnects.end();) {
            if (it->second.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
                ++it;
                continue;
            }
            loadedData->layers[it->first] = it->second.get();
            controller.layerReconnected(it->first);
            if (const std::string& error = loadedData->layers[it->first].error; !error.empty())
                geo::log().warn("layer '{}' is still unavailable: {}", loadedData->layers[it->first].spec.name, error);
            overlay->setGlyphText(controller.glyphText());
            viewer->requestRedraw();
            it = reconnects.erase(it);
        }
    };

    // The status line shows the count of the frame it is drawn in (the UI draws after the scene).
    camera->setInitialDrawCallback(new DrawCallCounter(camera, [&controller](int calls) { controller.state().stats.drawCalls = calls; }));
    overlay->setPanels([&] { controller.drawUi(true); });
    osg::ref_ptr<ViewerInput> input = new ViewerInput(controller, *manipulator);
    // T: the whole district straight down, north up, in the free area.
    input->onTopView = [&] { manipulator->flyTo(framed(scene.bounds(), scene.maxHeight(), 0, 90), 0.8); };
    viewer->addEventHandler(input.get());
    if (!start.view.empty()) {
        const auto& bookmarks = controller.state().bookmarks;
        std::size_t found = bookmarks.size();
        for (std::size_t i = 0; i < bookmarks.size() && found == bookmarks.size(); ++i)
            if (bookmarks[i].bookmark.name == start.view) found = i;
        if (found == bookmarks.size()) throw geo::InputError(project.path + ": --view '" + start.view + "' is not a bookmark of the project");
        controller.bookmarks.goToBookmark(found);
        manipulator->flyTo(poseFromView(bookmarks[found].bookmark.view, data.frame), 0);   // there at once
    }
    openAtStart(controller.state(), controller.commands(), start.panels, start.where);

    if (present) {
        if (!controller.state().tours.empty()) controller.presentation.startTour(0);
        else controller.presentation.setPresenting(true);
    }

    geo::log().info("viewer: {} layer(s); drag to pan, right-drag to orbit, wheel to zoom, 1-9 bookmarks, H home, T top, "
                    "F1 panels, F5 presentation (space, arrows, Page Up/Down through a tour; Esc leaves), Ctrl+F search, L language, "
                    "Esc clears the selection, Ctrl+Q quits",
                    data.layers.size());
    // ImGui lays windows out over a few frames (auto-sized windows, a language switch): a few frames
    // follow every event-driven one.
    int settleFrames = 3;
    bool reportedReady = false;   // PLANVIEW_UI_STATE's "ready": loaded, drawn and waiting for input
    auto lastFrame = std::chrono::steady_clock::now();
    while (!viewer->done()) {
        auto now = std::chrono::steady_clock::now();
        const bool animating = controller.tick(std::chrono::duration<double>(now - lastFrame).count());
        lastFrame = now;
        // Streamed layers: tiles that finished loading are drawn as they come.
        if (scene.updateStreaming(manipulator->getMatrix().getTrans())) viewer->requestRedraw();
        controller.layers.refreshStreaming();
        takeReconnects();
        // --screenshot: once everything is drawn and nothing moves, the next frame is saved, then quit.
        if (!screenshot.empty()) {
            if (capture->taken) {
                writePng(screenshot, capture->image);
                std::cout << screenshot << '\n';
                viewer->setDone(true);
                continue;
            }
            // Streamed layers' tiles, and paged models' levels (OSG's DatabasePager), all in.
            const bool streaming = (scene.streamer() && scene.streamer()->busy()) ||
                                   viewer->getDatabasePager()->getRequestsInProgress();
            if (!capture->wanted && settleFrames == 0 && !streaming && reconnects.empty() && !controller.sunlight.busy()) {
                capture->wanted = true;
                viewer->requestRedraw();
            }
        }
        if (viewer->checkNeedToDoFrame() || manipulator->flying() || animating) {
            settleFrames = 4;
        } else if (settleFrames > 0) {
            --settleFrames;
        } else {
            if (!reportedReady) writeUiStateIfAsked(controller, *overlay, "ready");
            reportedReady = true;
            std::this_thread::sleep_for(std::chrono::milliseconds(8));
            continue;
        }
        auto start = std::chrono::steady_clock::now();
        // frame(), split so the labels are placed for the camera the event traversal just moved.
        viewer->advance();
        viewer->eventTraversal();
        const osg::Viewport* vp = camera->getViewport();
        const std::optional<geo::CompareView>& compare = scene.shown().compare;
        const bool sideBySide = compare && compare->mode == geo::CompareMode::Split;
        split.setSplit(sideBySide);
        manipulator->setSplit(sideBySide);
        const osg::Matrixd& projection = camera->getProjectionMatrix();
        if (sideBySide) split.layout(vp->width(), 0, vp->width(), vp->height());
        // Side by side, labels are placed for a half (each half draws them), and the panels' marks
        // and scale bar follow the left half.
        scene.labels()->place({manipulator->getInverseMatrix(), sideBySide ? splitHalfImageProjection(projection) : projection,
                               vp->width() / (sideBySide ? 2 : 1), vp->height()});
        UiState& ui = controller.state();
        setImageCamera(ui.camera, manipulator->getInverseMatrix(), sideBySide ? splitHalfProjection(projection, -1) : projection,
                       vp->width(), vp->height(), manipulator->pose().heading);
        scene.setImageHeight(vp->height());
        scene.setImageWidth(vp->width());
        viewer->updateTraversal();
        overlay->requireGlyphs(shownDataText(controller));   // a streamed tile's values, a pasted query
        viewer->renderingTraversals();
        reframeHome();
        FrameStats& stats = controller.state().stats;
        stats.frameMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    }
    writeUiStateIfAsked(controller, *overlay, "exit");
    camera->setInitialDrawCallback(nullptr);   // it refers to the controller, which goes first
    return 0;
}

}  // namespace planview
