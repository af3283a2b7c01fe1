// Rendering named views of a loaded project offscreen: the scene, the UI (optional) and the camera
// for "home", "top" or a bookmark. Used by `planview render` and by the viewer when there is no
// display.
#pragma once
#include <array>
#include <memory>
#include <optional>
#include <string>
#include "app/render/OffscreenRenderer.h"
#include "app/scene/CameraViews.h"
#include "app/ui/PresentationOverlay.h"
#include "geo/MapView.h"
#include "geo/ProjectData.h"

namespace planview {

class Scene;
class ShaderLibrary;
class MapController;
class ImGuiOverlay;

struct RenderSettings {
    int width = 1280, height = 720;
    bool ortho = false;
    bool ui = true;              ///< draw the panels, status line and north arrow (of the renderer's own
                                 ///< MapController, see panels())
    bool labels = true;
    bool mapExport = false;      ///< map colours only: no parcel edges, grid, labels or UI (GeoTIFF)
    bool present = false;        ///< the presentation overlay (title, caption, legend, north arrow,
                                 ///< scale bar, attribution) sized to the image, instead of the panels
    bool groundGrid = true;      ///< the ground's metre grid (off on printed maps and with mapExport)
    int maxTile = 4096;
};

/// Throws geo::InputError when `name` is not "home", "top" or one of `project`'s bookmarks
/// (naming the bookmarks there are).
void checkViewName(const geo::Project& project, const std::string& name);

struct RenderedView {
    RgbImage image;
    FrameReport report;
    osg::Matrixd view, projection;
    CameraPose pose;
    std::optional<OrthoWindow> window;   ///< set for orthographic views
    /// For an orthographic top view: GDAL's geotransform in the scene frame's CRS.
    std::optional<std::array<double, 6>> geoTransform;
};

class ViewRenderer {
public:
    /// Builds the scene and opens the offscreen context. `data` must outlive the ViewRenderer.
    /// Throws as Scene and OffscreenRenderer do.
    ViewRenderer(const geo::ProjectData& data, const std::string& executablePath, const RenderSettings& settings);
    ~ViewRenderer();

    /// Draws `view` from now on: its layers, filters, timeline date and selection (its camera is
    /// the pose or view name each render is given). Throws geo::FilterError as Scene::apply does.
    void show(const geo::MapView& view);

    /// The sun every render shows from now on, whatever the named view's bookmark says (`render
    /// --sun`); none = the view's own.
    void setSunOverride(const std::optional<geo::SunTime>& sun);
    const std::optional<geo::SunTime>& sunOverride() const { return sunOverride_; }
    /// The height-limit envelopes every render shows from now on, whatever the named view's bookmark
    /// says (`render --envelopes`); none = the view's own.
    void setEnvelopesOverride(const std::optional<geo::EnvelopeView>& envelopes);
    const std::optional<geo::EnvelopeView>& envelopesOverride() const { return envelopesOverride_; }

    /// Renders the named view (see checkViewName).
    RenderedView render(const std::string& viewName);
    /// Renders the view from `pose` (perspective, or the ortho window the perspective view would
    /// show around its target).
    RenderedView renderPose(const CameraPose& pose);
    /// The pose of the named view (see checkViewName; throws InputError for an unknown name), framed
    /// in the part of the image the panels left free in the last render (the whole image before).
    CameraPose viewPose(const std::string& viewName) const;
    /// What the panels covered at the image's edges in the last render (pixels; none without panels).
    const ViewInsets& viewInsets() const { return insets_; }

    /// What the presentation overlay shows (settings.present): the title, legend and attribution
    /// are filled in; set the caption before rendering a tour frame. Heading, scale and date are
    /// set at each render from the pose and the UI state.
    PresentationContent& presentation() { return presentation_; }

    Scene& scene() { return *scene_; }
    /// The tools behind the panels drawn over the image (settings.ui without present or mapExport;
    /// null otherwise): open panels, select, filter there as in the viewer.
    MapController* panels() { return panels_.get(); }

private:
    CameraPose poseFor(const std::string& viewName, bool& wholeData) const;
    RenderedView renderPose(const CameraPose& pose, bool wholeData);

    const geo::ProjectData& data_;
    RenderSettings settings_;
    std::unique_ptr<ShaderLibrary> shaders_;
    std::unique_ptr<Scene> scene_;
    std::unique_ptr<MapController> panels_;
    osg::ref_ptr<ImGuiOverlay> overlay_;
    std::unique_ptr<OffscreenRenderer> renderer_;
    PresentationContent presentation_;
    ImageCamera camera_;   // of the last render: the presentation's scale and legend
    ViewInsets insets_;   // what the panels cover at the edges (none without panels)
    std::optional<geo::SunTime> sunOverride_;
    std::optional<geo::EnvelopeView> envelopesOverride_;
};

}  // namespace planview
