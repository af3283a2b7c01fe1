#include "app/render/ViewRenderer.h"
#include <cmath>
#include "app/scene/OsgLog.h"
#include "app/scene/Scene.h"
#include "app/scene/ShaderLibrary.h"
#include "app/scene/SplitView.h"
#include "app/ui/ImGuiOverlay.h"
#include "app/ui/UiText.h"
#include "app/tools/MapController.h"
#include "app/ui/ImageCameraOsg.h"
#include "geo/Errors.h"
#include "geo/Log.h"

namespace planview {

void checkViewName(const geo::Project& project, const std::string& name) {
    if (name == "home" || name == "top") return;
    std::string names;
    for (const geo::Bookmark& b : project.bookmarks) {
        if (b.name == name) return;
        names += (names.empty() ? "" : ", ") + b.name;
    }
    throw geo::InputError("no view named '" + name + "': use home, top or a bookmark of " + project.path +
                          (names.empty() ? " (it has none)" : " (" + names + ")"));
}

ViewRenderer::ViewRenderer(const geo::ProjectData& data, const std::string& executablePath, const RenderSettings& settings)
    : data_(data), settings_(settings) {
    routeOsgMessagesToLog();
    shaders_ = std::make_unique<ShaderLibrary>(ShaderLibrary::locate(executablePath));
    SceneOptions options;
    options.parcelEdges = !settings.mapExport;
    options.groundGrid = settings.groundGrid && !settings.mapExport;
    options.labels = settings.labels && !settings.mapExport;
    scene_ = std::make_unique<Scene>(data, *shaders_, options);
    scene_->setImageHeight(settings.height);   // the whole image's, however it is tiled
    scene_->setImageWidth(settings.width);
    if (settings.present && !settings.mapExport) {
        // Only the overlay's own characters, rasterized near the size they are drawn at: sharp on
        // an 8K still without a huge atlas.
        overlay_ = new ImGuiOverlay(findCjkFont(), presentationGlyphText(data),
                                    presentationFontPixels(static_cast<float>(settings.height)), false);
        presentation_ = presentationContent(*scene_, camera_);
        overlay_->setPanels([this] { drawPresentationOverlay(presentation_, static_cast<float>(settings_.height)); });
    } else if (settings.ui && !settings.mapExport) {
        panels_ = std::make_unique<MapController>(*scene_);
        panels_->state().interactive = false;
        overlay_ = new ImGuiOverlay(findCjkFont(), panels_->glyphText());
        overlay_->setPanels([this] { panels_->drawUi(true); });
    }
    OffscreenOptions offscreen;
    offscreen.width = settings.width;
    offscreen.height = settings.height;
    offscreen.maxTile = settings.maxTile;
    // Exact colours for a map export: no multisampled edges mixing neighbouring classes.
    offscreen.multisample = !settings.mapExport;
    renderer_ = std::make_unique<OffscreenRenderer>(offscreen, *shaders_, scene_->root());
}

ViewRenderer::~ViewRenderer() = default;

void ViewRenderer::show(const geo::MapView& view) {
    if (panels_) panels_->show(view);
    else scene_->apply(view);
}

CameraPose ViewRenderer::poseFor(const std::string& viewName, bool& wholeData) const {
    const geo::Project& project = data_.project;
    wholeData = false;
    if (viewName == "top") {
        wholeData = true;
        return framingPose(scene_->bounds(), scene_->maxHeight(), 0, 90, settings_.width, settings_.height, insets_);
    }
    if (viewName == "home") {
        if (project.home) return poseFromView(*project.home, data_.frame);
        wholeData = true;
        return framingPose(scene_->bounds(), scene_->maxHeight(), 0, kHomePitch, settings_.width, settings_.height, insets_);
    }
    for (const geo::Bookmark& b : project.bookmarks)
        if (b.name == viewName) return poseFromView(b.view, data_.frame);
    checkViewName(project, viewName);   // throws
    return {};
}

CameraPose ViewRenderer::viewPose(const std::string& viewName) const {
    bool wholeData = false;
    return poseFor(viewName, wholeData);
}

RenderedView ViewRenderer::render(const std::string& viewName) {
    // The panels drawn over the image cover its edges: home and top frame the map in what they leave
    // free (laid out first, as the still will show them).
    if (overlay_ && !settings_.present) {
        overlay_->settle(settings_.width, settings_.height, 3);
        insets_ = panels_ ? panels_->state().viewInsets : ViewInsets{};
    }
    bool wholeData = false;
    CameraPose pose = poseFor(viewName, wholeData);
    // A bookmark's layers (and date) are part of the view it saves, as in the viewer.
    const geo::Bookmark* bookmark = data_.project.bookmark(viewName);
    if ((bookmark && (bookmark->layers || !bookmark->date.empty() || !bookmark->sun.empty() || !bookmark->compare.empty() ||
                      bookmark->envelopes)) ||
        sunOverride_ || envelopesOverride_) {
        geo::MapView view = scene_->shown();
        if (bookmark) geo::showBookmark(view, *bookmark, data_, scene_->timeline());
        if (sunOverride_) view.sun = sunOverride_;
        if (envelopesOverride_) view.envelopes = envelopesOverride_;
        show(view);
    }
    RenderedView out = renderPose(pose, wholeData);
    geo::log().debug("rendered view {} ({}x{}, {} tile(s)) in {:.0f} ms, {} draw calls", viewName, settings_.width,
                     settings_.height, out.report.tiles, out.report.milliseconds, out.report.drawCalls);
    return out;
}

void ViewRenderer::setSunOverride(const std::optional<geo::SunTime>& sun) {
    sunOverride_ = sun;
    if (!sun) return;
    geo::MapView view = scene_->shown();
    view.sun = sun;
    show(view);
}

void ViewRenderer::setEnvelopesOverride(const std::optional<geo::EnvelopeView>& envelopes) {
    envelopesOverride_ = envelopes;
    if (!envelopes) return;
    geo::MapView view = scene_->shown();
    view.envelopes = envelopes;
    show(view);
}

RenderedView ViewRenderer::renderPose(const CameraPose& pose) { return renderPose(pose, false); }

RenderedView ViewRenderer::renderPose(const CameraPose& pose, bool wholeData) {
    RenderedView out;
    out.pose = pose;
    const double aspect = static_cast<double>(settings_.width) / settings_.height;
    out.view = viewMatrixOf(out.pose);
    if (settings_.ortho) {
        OrthoWindow window;
        if (wholeData) {
            window = orthoWindow(out.pose, scene_->bounds(), scene_->maxHeight(), aspect, 0.02);
        } else {
            // The ground the perspective view would show around its target, at the same scale.
            double h = 2 * out.pose.distance * std::tan(kFieldOfViewY * M_PI / 360.0);
            window = {-h * aspect / 2, h * aspect / 2, -h / 2, h / 2};
        }
        out.window = window;
        out.projection = orthoProjection(window);
        if (out.pose.pitch >= 90 && out.pose.heading == 0) {
            // Straight down, north up: eye x/y are scene x/y shifted by the target.
            const geo::Vec2 origin = data_.frame.origin();
            double x0 = origin.x + out.pose.target.x() + window.left;
            double y0 = origin.y + out.pose.target.y() + window.top;
            out.geoTransform = std::array<double, 6>{x0, (window.right - window.left) / settings_.width, 0,
                                                     y0, 0, -(window.top - window.bottom) / settings_.height};
        }
    } else {
        out.projection = perspectiveProjection(aspect);
    }

    // Streamed layers: the tiles this eye wants, in place before the frame is drawn.
    scene_->settleStreaming(osg::Matrixd::inverse(out.view).getTrans());

    // Side by side (the compare mode's split), each half is a narrower view of its own: its labels
    // are placed for the half, and each half draws them.
    const bool split = scene_->shown().compare && scene_->shown().compare->mode == geo::CompareMode::Split;
    renderer_->setSplit(split);
    LabelView labelView{out.view, split ? splitHalfImageProjection(out.projection) : out.projection,
                        settings_.width / (split ? 2.0 : 1.0), static_cast<double>(settings_.height)};
    // Presented stills: map labels grow with the image, as the overlay does.
    if (settings_.present) labelView.scale = std::max(1.0, settings_.height / 1080.0);
    scene_->labels()->place(labelView);

    // The camera of the still: the scale bar (panels or overlay) measures its ground.
    setImageCamera(camera_, out.view, out.projection, settings_.width, settings_.height, out.pose.heading);
    if (panels_) {
        UiState& state = panels_->state();
        state.camera = camera_;
        state.stats.cursorLonLat = data_.frame.toLonLat({out.pose.target.x(), out.pose.target.y()});
    }
    if (settings_.present) {
        updatePresentationView(presentation_, *scene_, camera_);
    } else if (overlay_) {
        overlay_->settle(settings_.width, settings_.height, 3);
    }

    // The status line shows the frame's own count, the one --stats prints.
    out.image = renderer_->render(out.view, out.projection, overlay_.get(), &out.report, [this](int calls) {
        if (panels_) panels_->state().stats.drawCalls = calls;
    });
    return out;
}

}  // namespace planview
