#include "app/bench/StreamBenchmark.h"
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <thread>
#include "app/bench/Machine.h"
#include "app/bench/ParcelGenerator.h"
#include "app/render/OffscreenRenderer.h"
#include "app/scene/CameraViews.h"
#include "app/scene/OsgLog.h"
#include "app/scene/Scene.h"
#include "app/scene/ShaderLibrary.h"
#include "geo/Errors.h"
#include "geo/Project.h"
#include "geo/ProjectData.h"
#include "geo/Source.h"

namespace fs = std::filesystem;

namespace planview::bench {

StreamBenchResult runStreamBenchmark(const StreamBenchOptions& options) {
    StreamBenchResult r;
    routeOsgMessagesToLog();
    geo::initGdal();

    const WorkFolder folder(options.workDir);
    const fs::path& dir = folder.path();
    const fs::path gpkg = keptParcels(dir.string(), options.parcels, r.generateMs);
    r.parcels = options.parcels;

    // Open: what the viewer does before its first frame.
    auto open = Clock::now();
    geo::Project project = geo::projectFromSource(gpkg.string());
    for (geo::LayerSpec& layer : project.layers) layer.stream = true;
    geo::ProjectData data = geo::loadProjectData(project, nullptr, {}, true);
    ShaderLibrary shaders = ShaderLibrary::locate(options.executablePath);
    auto scene = std::make_unique<Scene>(data, shaders);
    r.openMs = msSince(open);
    TileStreamer* streamer = scene->streamer();
    if (!streamer) throw geo::InputError(gpkg.string() + ": the layer is not streamed (no spatial index?)");
    r.tiles = streamer->tileCount(0);

    OffscreenOptions offscreen;
    offscreen.width = options.width;
    offscreen.height = options.height;
    OffscreenRenderer renderer(offscreen, shaders, scene->root());
    const double aspect = static_cast<double>(options.width) / options.height;
    const osg::Matrixd projection = perspectiveProjection(aspect);
    auto frames = [&](const CameraPose& pose, double& meanMs, int& drawCalls) {
        const osg::Matrixd view = viewMatrixOf(pose);
        FrameReport report;
        renderer.render(view, projection, nullptr, &report);   // uploads
        double total = 0;
        for (int i = 0; i < options.frames; ++i) {
            renderer.render(view, projection, nullptr, &report);
            total += report.milliseconds;
        }
        meanMs = total / std::max(options.frames, 1);
        drawCalls = report.drawCalls;
    };
    auto noteMemory = [&] { r.maxFullFeatures = std::max(r.maxFullFeatures, streamer->counts().fullFeatures); };

    const CameraPose home = framingPose(scene->bounds(), 0, 0, kHomePitch, aspect);
    const osg::Vec3d homeEye = eyeOf(home);
    while (streamer->counts().coarse + streamer->counts().full == 0) {
        scene->updateStreaming(homeEye);
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    r.firstTileMs = msSince(open);
    scene->settleStreaming(homeEye);
    r.homeMs = msSince(open);
    noteMemory();
    frames(home, r.homeFrameMs, r.homeDrawCalls);

    // Street level in the middle of the data, then moves of 1 km.
    CameraPose close;
    close.target = osg::Vec3d(scene->bounds().center().x, scene->bounds().center().y, 0);
    close.distance = 800;
    close.pitch = 45;
    auto start = Clock::now();
    scene->settleStreaming(eyeOf(close));
    r.closeMs = msSince(start);
    noteMemory();
    const TileStreamer::Counts counts = streamer->counts();
    r.closeFullTiles = counts.full;
    r.closeFullFeatures = counts.fullFeatures;
    frames(close, r.closeFrameMs, r.closeDrawCalls);
    double moving = 0;
    for (int i = 0; i < 8; ++i) {
        close.target.x() += 1000;
        start = Clock::now();
        scene->settleStreaming(eyeOf(close));
        moving += msSince(start);
        noteMemory();
        ++r.moves;
    }
    r.moveMs = moving / r.moves;
    r.peakRssMb = peakRssMb();
    r.machine = cpuDescription();
    return r;
}

}  // namespace planview::bench
