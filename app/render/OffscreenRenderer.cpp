#include "app/render/OffscreenRenderer.h"
#include <algorithm>
#include <chrono>
#include <thread>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <osg/GL>
#include <osg/GraphicsContext>
#include <osg/Notify>
#include <osgDB/DatabasePager>
#include <osgViewer/Viewer>
#include "app/render/FrameDrawCalls.h"
#include "app/scene/OsgLog.h"
#include "app/scene/ShaderLibrary.h"
#include "app/scene/SplitView.h"
#include "app/ui/ImGuiOverlay.h"
#include "geo/Errors.h"
#include "geo/Log.h"

#include <X11/Xlib.h>   // last: it defines macros (Status, None, Bool) that clash with OSG's names

namespace planview {

namespace {

struct TileRegion {
    int x = 0, y = 0, width = 0, height = 0;   // pixels of the whole image, origin bottom-left
};

// Draws the UI for the tile, then reads the tile's pixels back (neither on a counting frame).
class ReadbackCallback : public osg::Camera::DrawCallback {
public:
    void operator()(osg::RenderInfo&) const override {
        if (countOnly) return;
        if (overlay) overlay->draw(imageWidth, imageHeight, tile.x, tile.y, tile.width, tile.height, time);
        pixels->resize(static_cast<std::size_t>(tile.width) * tile.height * 3);
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glReadBuffer(GL_FRONT);
        glReadPixels(0, 0, tile.width, tile.height, GL_RGB, GL_UNSIGNED_BYTE, pixels->data());
    }
    ImGuiOverlay* overlay = nullptr;
    int imageWidth = 0, imageHeight = 0;
    TileRegion tile;
    double time = 0;   // the UI's clock: still, so every tile lays the UI out the same way
    std::vector<std::uint8_t>* pixels = nullptr;
    bool countOnly = false;
};

osg::ref_ptr<osg::GraphicsContext> makePbuffer(int width, int height, bool multisample) {
    osg::ref_ptr<osg::GraphicsContext::Traits> traits = new osg::GraphicsContext::Traits;
    traits->readDISPLAY();
    traits->setUndefinedScreenDetailsToDefaultScreen();
    traits->x = 0;
    traits->y = 0;
    traits->width = width;
    traits->height = height;
    traits->red = traits->green = traits->blue = 8;
    traits->alpha = 0;
    traits->depth = 24;
    traits->windowDecoration = false;
    traits->pbuffer = true;
    traits->doubleBuffer = false;
    traits->sharedContext = nullptr;
    if (multisample) {
        traits->sampleBuffers = 1;
        traits->samples = 4;
    }
    return osg::GraphicsContext::createGraphicsContext(traits.get());
}

// `projection` with near and far planes around `bound` (the scene seen through `view`).
osg::Matrixd withSceneDepthRange(const osg::Matrixd& projection, const osg::Matrixd& view, const osg::BoundingSphere& bound) {
    if (!bound.valid()) return projection;
    double distance = -(bound.center() * view).z(), radius = bound.radius();
    double zFar = std::max(distance + radius, 1.0) * 1.01;
    double zNear = std::max({distance - radius, zFar * 1e-5, 0.1});
    double left, right, bottom, top, n, f;
    osg::Matrixd result = projection;
    if (projection(3, 3) == 1.0 && projection.getOrtho(left, right, bottom, top, n, f))
        result.makeOrtho(left, right, bottom, top, zNear, zFar);
    else if (projection.getFrustum(left, right, bottom, top, n, f))
        result.makeFrustum(left * zNear / n, right * zNear / n, bottom * zNear / n, top * zNear / n, zNear, zFar);
    return result;
}

// Draws a frame, then again until OSG's DatabasePager has merged every paged level (a model tile
// set's PagedLOD children) the view asks for: a still shows the detail a window would reach. A
// scene without paged nodes asks for nothing, and costs no frame more. Returns the frames drawn.
int frameWithPagedData(osgViewer::Viewer& viewer, const std::function<void()>& beforeFrame, bool wait) {
    beforeFrame();
    viewer.frame();
    osgDB::DatabasePager* pager = viewer.getDatabasePager();
    if (!pager || !wait) return 1;
    // Bounds against a pager that never settles (files that keep failing are dropped, so this is
    // not expected): frames, and waiting for the pager's thread between them.
    constexpr int kMaxFrames = 64;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    // Between frames, every request the last frame made is loaded first: a frame (costly on a
    // software renderer) for each level of detail, not one for each tile as it arrives.
    auto loading = [pager] {
        if (pager->getFileRequestListSize() > 0) return true;
        for (unsigned i = 0; i < pager->getNumDatabaseThreads(); ++i)
            if (pager->getDatabaseThread(i)->getActive()) return true;
        return false;
    };
    int frames = 0;
    while (pager->getRequestsInProgress()) {
        while (pager->getRequestsInProgress() && (loading() || !pager->requiresUpdateSceneGraph()) &&
               std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        if (++frames > kMaxFrames || std::chrono::steady_clock::now() >= deadline) {
            geo::log().warn("render: paged models still loading after {} frames; drawn as far as they are", frames - 1);
            return frames;
        }
        beforeFrame();
        viewer.frame();
    }
    return frames + 1;
}

}  // namespace

struct OffscreenRenderer::Impl {
    osg::ref_ptr<osgViewer::Viewer> viewer;
    osg::ref_ptr<osg::GraphicsContext> context;
    osg::ref_ptr<ReadbackCallback> readback;
    std::vector<std::uint8_t> tilePixels;
    // The draw calls of the whole image's view, taken from the first frame of a render (before its
    // overlay is drawn) and handed to that render's onDrawCalls.
    bool counting = false;
    int drawCalls = 0;
    const std::function<void(int)>* onDrawCalls = nullptr;
    osg::ref_ptr<osg::Node> scene;
    std::unique_ptr<SplitView> split;   // what the camera draws: the scene, or it side by side
};

bool hasDisplay() {
    const char* display = std::getenv("DISPLAY");
    if (!display || !*display) return false;
    // An X server resets when its last client disconnects and drops the connections that arrive while
    // it does (xvfb-run's Xvfb, one test's planview starting as the previous one exits). The first
    // connection to a display is kept open until planview exits, so that its own later connections (OSG's
    // screen query, the window, pbuffers) never find the server resetting after one of them closed.
    // Never closed: XCloseDisplay on a server that has gone (a private Xvfb stopped) would exit the process.
    static std::mutex mutex;
    static std::map<std::string, Display*> held;
    std::lock_guard<std::mutex> lock(mutex);
    Display*& connection = held[display];
    // A server resetting after another program's last client refuses for a moment: try a few times.
    for (int attempt = 0; attempt < 5 && !connection; ++attempt) {
        if (attempt) std::this_thread::sleep_for(std::chrono::milliseconds(250 * attempt));
        connection = XOpenDisplay(display);
    }
    return connection != nullptr;
}

OffscreenRenderer::OffscreenRenderer(const OffscreenOptions& options, ShaderLibrary& shaders, osg::Node* scene)
    : impl_(new Impl), options_(options) {
    if (!hasDisplay())
        throw geo::OutputError("cannot render: no X display ($DISPLAY unset or unreachable); run under xvfb-run");
    int columns = (options.width + options.maxTile - 1) / options.maxTile;
    int rows = (options.height + options.maxTile - 1) / options.maxTile;
    tileWidth_ = (options.width + columns - 1) / columns;
    tileHeight_ = (options.height + rows - 1) / rows;

    impl_->viewer = new osgViewer::Viewer;
    // A busy X server can refuse a pbuffer now and grant it a moment later (seen before hasDisplay held
    // its connection, which removed the cause known since: a server resetting between connections).
    // Only when every try fails is a multisampled pbuffer given up for a plain one: falling back on the
    // first refusal made the same render anti-aliased or not depending on the machine's load.
    for (bool multisample : {options.multisample, false}) {
        for (int attempt = 0; attempt < 4 && !impl_->context; ++attempt) {
            if (attempt) std::this_thread::sleep_for(std::chrono::milliseconds(300 * attempt));
            impl_->context = makePbuffer(tileWidth_, tileHeight_, multisample);
        }
        if (impl_->context || !multisample) break;
        geo::log().warn("no multisampled {}x{} pbuffer on display {}: rendering without anti-aliasing", tileWidth_,
                       tileHeight_, std::getenv("DISPLAY"));
    }
    if (!impl_->context)
        throw geo::OutputError("cannot render: no " + std::to_string(tileWidth_) + "x" + std::to_string(tileHeight_) +
                               " pbuffer on display " + std::string(std::getenv("DISPLAY")));

    osgViewer::Viewer& viewer = *impl_->viewer;
    viewer.setThreadingModel(osgViewer::ViewerBase::SingleThreaded);
    viewer.setKeyEventSetsDone(0);
    viewer.setQuitEventSetsDone(false);
    osg::Camera* camera = viewer.getCamera();
    camera->setGraphicsContext(impl_->context.get());
    camera->setViewport(0, 0, tileWidth_, tileHeight_);
    camera->setDrawBuffer(GL_FRONT);
    camera->setReadBuffer(GL_FRONT);
    camera->setClearColor(osg::Vec4(options.clearColor, 1.0f));
    camera->setComputeNearFarMode(osg::CullSettings::COMPUTE_NEAR_FAR_USING_BOUNDING_VOLUMES);
    camera->setNearFarRatio(1e-5);
    camera->setProjectionResizePolicy(osg::Camera::FIXED);
    enableDrawCallCount(*camera);
    Impl* impl = impl_;
    camera->setInitialDrawCallback(new DrawCallCounter(camera, [impl](int calls) {
        if (!impl->counting) return;
        impl->counting = false;
        impl->drawCalls = calls;
        if (impl->onDrawCalls && *impl->onDrawCalls) (*impl->onDrawCalls)(calls);
    }));
    impl_->readback = new ReadbackCallback;
    impl_->readback->pixels = &impl_->tilePixels;
    camera->setFinalDrawCallback(impl_->readback.get());
    impl_->scene = scene;
    impl_->split = std::make_unique<SplitView>(scene);
    viewer.setSceneData(impl_->split->root());

    osg::ref_ptr<VerifyShaders> verify = new VerifyShaders(shaders);
    viewer.setRealizeOperation(verify.get());
    viewer.realize();
    if (!viewer.isRealized()) throw geo::OutputError("cannot render: the pbuffer's GL context did not start");
    if (!verify->error.empty()) throw geo::InputError(verify->error);
}

OffscreenRenderer::~OffscreenRenderer() { delete impl_; }

void OffscreenRenderer::setSplit(bool split) { impl_->split->setSplit(split); }

RgbImage OffscreenRenderer::render(const osg::Matrixd& view, const osg::Matrixd& projection, ImGuiOverlay* overlay,
                                   FrameReport* report, const std::function<void(int)>& onDrawCalls) {
    auto start = std::chrono::steady_clock::now();
    RgbImage image;
    image.width = options_.width;
    image.height = options_.height;
    image.pixels.assign(static_cast<std::size_t>(image.width) * image.height * 3, 0);

    osgViewer::Viewer& viewer = *impl_->viewer;
    osg::Camera* camera = viewer.getCamera();
    ReadbackCallback& readback = *impl_->readback;
    readback.overlay = overlay;
    readback.imageWidth = image.width;
    readback.imageHeight = image.height;
    // Tiles share one depth range: with near/far computed per tile the depth precision, and so
    // the outcome of near-coplanar tests (edges on roofs), would differ from tile to tile.
    const bool tiled = tileWidth_ < image.width || tileHeight_ < image.height;
    osg::Matrixd wholeProjection = projection;
    if (tiled) {
        camera->setComputeNearFarMode(osg::CullSettings::DO_NOT_COMPUTE_NEAR_FAR);
        wholeProjection = withSceneDepthRange(projection, view, impl_->scene->getBound());
    } else {
        camera->setComputeNearFarMode(osg::CullSettings::COMPUTE_NEAR_FAR_USING_BOUNDING_VOLUMES);
    }
    impl_->drawCalls = 0;
    impl_->onDrawCalls = &onDrawCalls;
    impl_->counting = true;
    int frames = 0;
    if (tiled) {
        // Each tile culls to its own part of the view: the count is the whole view's, from a frame
        // drawn with the whole image's projection and neither read back nor drawn over.
        camera->setViewport(0, 0, tileWidth_, tileHeight_);
        camera->setViewMatrix(view);
        camera->setProjectionMatrix(wholeProjection);
        if (impl_->split->split()) impl_->split->layout(tileWidth_, 0, tileWidth_, tileHeight_);   // the whole image in the tile
        readback.countOnly = true;
        frames += frameWithPagedData(viewer, [this] { impl_->counting = true; }, waitForPagedData_);
        readback.countOnly = false;
    }
    int tiles = 0;
    for (int y0 = 0; y0 < image.height; y0 += tileHeight_) {
        for (int x0 = 0; x0 < image.width; x0 += tileWidth_) {
            TileRegion tile{x0, y0, std::min(tileWidth_, image.width - x0), std::min(tileHeight_, image.height - y0)};
            // The tile's part of the image's clip space, stretched over the whole viewport.
            double sx = static_cast<double>(image.width) / tile.width, sy = static_cast<double>(image.height) / tile.height;
            double cx = (2.0 * (tile.x + tile.width / 2.0) / image.width) - 1.0;
            double cy = (2.0 * (tile.y + tile.height / 2.0) / image.height) - 1.0;
            osg::Matrixd tileProjection = wholeProjection * osg::Matrixd::translate(-cx, -cy, 0) * osg::Matrixd::scale(sx, sy, 1);
            camera->setViewport(0, 0, tile.width, tile.height);
            camera->setViewMatrix(view);
            camera->setProjectionMatrix(tileProjection);
            // Where the tile begins in the whole image (the compare swipe's line is placed in it).
            camera->getOrCreateStateSet()->getOrCreateUniform("u_tileOriginX", osg::Uniform::FLOAT)->set(static_cast<float>(tile.x));
            if (impl_->split->split()) impl_->split->layout(image.width, tile.x, tile.width, tile.height);
            readback.tile = tile;
            // Untiled, the frame counts its draw calls: the last one drawn, with every paged level in.
            frames += frameWithPagedData(viewer, [this, tiled] { if (!tiled) impl_->counting = true; }, waitForPagedData_);
            ++tiles;

            // GL rows run bottom-up; the image's rows top-down.
            for (int row = 0; row < tile.height; ++row) {
                const std::uint8_t* src = impl_->tilePixels.data() + static_cast<std::size_t>(row) * tile.width * 3;
                int imageRow = image.height - 1 - (tile.y + row);
                std::uint8_t* dst = image.pixels.data() + (static_cast<std::size_t>(imageRow) * image.width + tile.x) * 3;
                std::memcpy(dst, src, static_cast<std::size_t>(tile.width) * 3);
            }
        }
    }
    impl_->counting = false;
    impl_->onDrawCalls = nullptr;
    if (report) {
        report->tiles = tiles;
        report->frames = frames;
        report->drawCalls = impl_->drawCalls;
        report->milliseconds = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    }
    return image;
}

}  // namespace planview
