// Drawing a scene without a window: an OSG viewer on a pbuffer (no alpha channel: on a 24-bit Xvfb
// screen an alpha pbuffer raises X errors every frame), read back with glReadPixels after the UI
// overlay is drawn. Images larger than the pbuffer limit (4096 on Mesa's GLX) are drawn in tiles:
// each tile's projection is the matching sub-window of the whole image's projection, and labels and
// UI are laid out for the whole image, so the tiles join seamlessly.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>
#include <osg/Matrixd>
#include <osg/Node>
#include <osg/Vec3f>

namespace planview {

class ImGuiOverlay;
class ShaderLibrary;

/// 8-bit RGB pixels, rows from the top of the image down.
struct RgbImage {
    int width = 0, height = 0;
    std::vector<std::uint8_t> pixels;
};

struct OffscreenOptions {
    int width = 1280, height = 720;
    int maxTile = 4096;            ///< largest tile side; the pbuffer is at most this big
    bool multisample = true;       ///< 4× MSAA where available (off for exact GeoTIFF colours)
    osg::Vec3f clearColor{0.855f, 0.894f, 0.933f};
};

struct FrameReport {
    int drawCalls = 0;             ///< glDraw calls of the whole image's view (see FrameDrawCalls.h)
    double milliseconds = 0;       ///< wall time of all tiles
    int tiles = 0;
    int frames = 0;                ///< frames drawn, those waiting for paged data included
};

class OffscreenRenderer {
public:
    /// Opens the pbuffer and compiles `shaders`' programs in it. Throws geo::OutputError when there
    /// is no usable X display or pbuffer, geo::InputError when a shader fails (naming it).
    OffscreenRenderer(const OffscreenOptions& options, ShaderLibrary& shaders, osg::Node* scene);
    ~OffscreenRenderer();
    OffscreenRenderer(const OffscreenRenderer&) = delete;
    OffscreenRenderer& operator=(const OffscreenRenderer&) = delete;

    /// Draws the scene seen through `view` and `projection` (of the whole image), with `overlay`
    /// (may be null) on top, and returns the image. `onDrawCalls` (may be empty) receives the view's
    /// draw-call count (the one in `report`) before the overlay is drawn, so the overlay can show it.
    RgbImage render(const osg::Matrixd& view, const osg::Matrixd& projection, ImGuiOverlay* overlay,
                    FrameReport* report = nullptr, const std::function<void(int)>& onDrawCalls = {});

    /// Whether render() draws again until the DatabasePager has merged every paged level the view
    /// asks for (the default: a still shows what a window would reach), or draws one frame and
    /// leaves the pager loading in the background, as the viewer's frames do.
    void setWaitForPagedData(bool wait) { waitForPagedData_ = wait; }

    /// Whether render() draws the scene twice side by side (SplitView: the compare mode's two
    /// versions), or once over the whole image (the default).
    void setSplit(bool split);

    int tileWidth() const { return tileWidth_; }
    int tileHeight() const { return tileHeight_; }

private:
    struct Impl;
    Impl* impl_;
    OffscreenOptions options_;
    int tileWidth_ = 0, tileHeight_ = 0;
    bool waitForPagedData_ = true;
};

/// Whether an X display can be opened ($DISPLAY set and reachable). The first connection to each
/// display is kept open until planview exits (see the definition).
bool hasDisplay();

}  // namespace planview
