#include "app/bench/ImageryBenchmark.h"
#include <malloc.h>
#include <filesystem>
#include <fstream>
#include <memory>
#include <osg/Group>
#include "app/bench/Machine.h"
#include "app/bench/RasterGenerator.h"
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

namespace {

void writeProject(const fs::path& path, const std::string& layers) {
    std::ofstream out(path);
    out << "title = \"planview bench --imagery\"\n" << layers;
    if (!out) throw geo::OutputError(path.string() + ": cannot be written");
}

std::string layer(const std::string& name, const fs::path& source, const char* kind) {
    return "[[layer]]\nname = \"" + name + "\"\nsource = \"" + source.filename().string() + "\"\nkind = \"" + kind + "\"\n";
}

/// A project opened as the viewer opens it and its scene hung under `root`.
struct OpenedProject {
    geo::ProjectData data;
    std::unique_ptr<Scene> scene;
};

std::unique_ptr<OpenedProject> openProject(const fs::path& path, ShaderLibrary& shaders, osg::Group* root) {
    auto opened = std::make_unique<OpenedProject>(
        OpenedProject{geo::loadProjectData(geo::loadProject(path.string()), nullptr, {}, true), nullptr});
    opened->scene = std::make_unique<Scene>(opened->data, shaders);
    root->addChild(opened->scene->root());
    return opened;
}

}  // namespace

ImageryBenchResult runImageryBenchmark(const ImageryBenchOptions& options) {
    ImageryBenchResult r;
    routeOsgMessagesToLog();
    geo::initGdal();
    r.rasterSize = options.rasterSize;
    r.demSize = options.demSize;

    const WorkFolder folder(options.workDir);
    const fs::path ortho = folder.path() / ("ortho-" + std::to_string(options.rasterSize) + ".tif");
    const fs::path dem = folder.path() / ("dem-" + std::to_string(options.demSize) + ".tif");
    const auto generating = Clock::now();
    if (!fs::exists(ortho)) generateOrthophoto(ortho.string(), options.rasterSize);
    if (!fs::exists(dem)) generateDem(dem.string(), options.demSize);
    r.generateMs = msSince(generating);   // next to nothing when both were kept from an earlier run
    r.orthophotoPath = ortho.string();
    r.demPath = dem.string();
    // Terrain first: layers draw in project order, and imagery drapes on it.
    const fs::path both = folder.path() / "imagery.toml", terrainOnly = folder.path() / "terrain.toml";
    writeProject(both, layer("地形", dem, "terrain") + layer("影像", ortho, "imagery"));
    writeProject(terrainOnly, layer("地形", dem, "terrain"));
    // What the viewer holds, not what writing the rasters took: the memory that held their tiles
    // goes back to the system first, then the high-water mark starts again.
    malloc_trim(0);
    resetPeakRss();

    // The window first (as the viewer's is open before a project loads), then the clock.
    ShaderLibrary shaders = ShaderLibrary::locate(options.executablePath);
    osg::ref_ptr<osg::Group> root = new osg::Group;
    OffscreenOptions offscreen;
    offscreen.width = options.width;
    offscreen.height = options.height;
    offscreen.multisample = false;   // as the viewer's window draws
    OffscreenRenderer renderer(offscreen, shaders, root.get());
    const double aspect = static_cast<double>(options.width) / options.height;
    const osg::Matrixd projection = perspectiveProjection(aspect);
    FrameReport report;

    // The first view: the whole raster from above, every tile it asks for paged in.
    auto start = Clock::now();
    std::unique_ptr<OpenedProject> project = openProject(both, shaders, root.get());
    const geo::Extent bounds = project->scene->bounds();
    renderer.render(viewMatrixOf(framingPose(bounds, 0, 0, 90, aspect)), projection, nullptr, &report);
    r.firstViewMs = msSince(start);
    r.firstViewDrawCalls = report.drawCalls;
    r.firstViewFrames = report.frames;

    // The pan: closer in and tilted as a planner looks at a street, west to east across the middle
    // of the raster, one frame a step, the pager loading tiles in the background.
    CameraPose pose;
    pose.distance = 1500;
    pose.pitch = 55;
    pose.heading = 0;
    const double y = bounds.center().y, x0 = bounds.minX + 0.1 * bounds.width(), x1 = bounds.maxX - 0.1 * bounds.width();
    renderer.setWaitForPagedData(false);
    double total = 0;
    const int frames = std::max(options.panFrames, 1);
    for (int i = 0; i < frames; ++i) {
        pose.target = osg::Vec3d(x0 + (x1 - x0) * i / std::max(frames - 1, 1), y, 0);
        renderer.render(viewMatrixOf(pose), projection, nullptr, &report);
        total += report.milliseconds;
    }
    r.panFrames = frames;
    r.panFrameMs = total / frames;
    r.panDistanceM = x1 - x0;
    r.panViewDistanceM = pose.distance;
    renderer.setWaitForPagedData(true);
    start = Clock::now();
    renderer.render(viewMatrixOf(pose), projection, nullptr, &report);
    r.panSettleMs = msSince(start);
    root->removeChildren(0, root->getNumChildren());
    project.reset();

    // The terrain on its own: the DEM's tiles meshed and shaded for its first view.
    start = Clock::now();
    project = openProject(terrainOnly, shaders, root.get());
    renderer.render(viewMatrixOf(framingPose(project->scene->bounds(), 0, 0, 90, aspect)), projection, nullptr, &report);
    r.terrainBuildMs = msSince(start);
    r.terrainDrawCalls = report.drawCalls;
    root->removeChildren(0, root->getNumChildren());
    project.reset();

    r.peakRssMb = peakRssMb();
    r.machine = cpuDescription();
    return r;
}

}  // namespace planview::bench
