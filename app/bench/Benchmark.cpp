#include "app/bench/Benchmark.h"
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <osg/GL>
#include <osg/Geode>
#include <osg/Geometry>
#include <osg/TriangleFunctor>
#include <osgUtil/IntersectionVisitor>
#include <osgUtil/LineSegmentIntersector>
#include <osgUtil/Tessellator>
#include "app/bench/Machine.h"
#include "app/bench/ParcelGenerator.h"
#include "app/render/OffscreenRenderer.h"
#include "app/scene/CameraViews.h"
#include "app/scene/LabelLayer.h"
#include "app/scene/Mesh.h"
#include "app/scene/OsgLog.h"
#include "app/scene/Picker.h"
#include "app/scene/Scene.h"
#include "app/scene/ShaderLibrary.h"
#include "geo/Errors.h"
#include "geo/Log.h"
#include "geo/Project.h"
#include "geo/ProjectData.h"
#include "geo/Source.h"
#include "geo/Triangulate.h"

namespace fs = std::filesystem;

namespace planview::bench {

namespace {

/// Records the GL renderer string on its first draw; draws nothing.
class RendererProbe : public osg::Drawable {
public:
    RendererProbe() { setCullingActive(false); setUseDisplayList(false); }
    RendererProbe(const RendererProbe& o, const osg::CopyOp& op) : osg::Drawable(o, op) {}
    META_Object(planview, RendererProbe)
    void drawImplementation(osg::RenderInfo&) const override {
        if (renderer.empty()) {
            const char* r = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
            const char* v = reinterpret_cast<const char*>(glGetString(GL_VERSION));
            renderer = std::string(r ? r : "?") + ", OpenGL " + (v ? v : "?");
        }
    }
    osg::BoundingBox computeBoundingBox() const override { return osg::BoundingBox(0, 0, 0, 0, 0, 0); }
    mutable std::string renderer;
};

/// Sums the absolute area of every triangle a Geometry draws (any primitive mode).
struct AreaSum {
    double area = 0;
    void operator()(const osg::Vec3& a, const osg::Vec3& b, const osg::Vec3& c) {
        area += 0.5 * std::fabs(double(b.x() - a.x()) * (c.y() - a.y()) - double(b.y() - a.y()) * (c.x() - a.x()));
    }
};

/// The feature a raw LineSegmentIntersector finds first along the ray through pixel (x, y): the
/// nearest hit on a pickable feature geometry (the same tags and feature ids the scene carries).
std::optional<FeatureRef> intersectorPick(const Scene& scene, const osg::Matrixd& view, const osg::Matrixd& projection,
                                          double width, double height, double x, double y) {
    const double nx = x / width * 2 - 1, ny = y / height * 2 - 1;
    const osg::Matrixd inverse = osg::Matrixd::inverse(view * projection);
    osg::ref_ptr<osgUtil::LineSegmentIntersector> intersector =
        new osgUtil::LineSegmentIntersector(osg::Vec3d(nx, ny, -1) * inverse, osg::Vec3d(nx, ny, 1) * inverse);
    osgUtil::IntersectionVisitor visitor(intersector.get());
    scene.root()->accept(visitor);
    for (const auto& hit : intersector->getIntersections()) {   // sorted nearest first
        const osg::Drawable* drawable = hit.drawable.get();
        const auto* tag = drawable ? dynamic_cast<const GeometryTag*>(drawable->getUserData()) : nullptr;
        if (!tag || !tag->pickable || hit.indexList.empty()) continue;
        const auto* geometry = drawable->asGeometry();
        const auto* ids = geometry ? dynamic_cast<const osg::FloatArray*>(geometry->getVertexAttribArray(kFeatureIdAttribute)) : nullptr;
        if (!ids || hit.indexList[0] >= ids->size()) continue;
        return FeatureRef{tag->layer, static_cast<std::size_t>((*ids)[hit.indexList[0]] + 0.5f)};
    }
    return std::nullopt;
}

}  // namespace

BenchResult runBenchmark(const BenchOptions& options) {
    BenchResult r;
    routeOsgMessagesToLog();
    geo::initGdal();

    // A fresh GeoPackage: not measured.
    const WorkFolder folder(options.workDir);
    const fs::path& dir = folder.path();
    const fs::path gpkg = dir / ("parcels-" + std::to_string(options.parcels) + ".gpkg");
    auto start = Clock::now();
    {
        std::error_code ec;
        fs::remove(gpkg, ec);
        GeneratedParcels made = generateParcels(gpkg.string(), options.parcels);
        r.parcels = made.parcels;
        r.withHoles = made.withHoles;
        r.vertices = made.vertices;
    }
    r.generateMs = msSince(start);

    // read_ms: GDAL alone, every feature and its geometry (the floor).
    start = Clock::now();
    {
        GDALDatasetUniquePtr ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
        if (!ds) throw geo::InputError(gpkg.string() + ": cannot be opened: " + geo::lastGdalError());
        std::size_t points = 0;
        for (auto& f : *ds->GetLayer(0)) {
            const OGRGeometry* g = f->GetGeometryRef();
            if (g && wkbFlatten(g->getGeometryType()) == wkbPolygon)
                for (const OGRLinearRing* ring : *g->toPolygon()) points += static_cast<std::size_t>(ring->getNumPoints());
        }
        if (points == 0) throw geo::InputError(gpkg.string() + ": no geometry read");
    }
    r.readMs = msSince(start);

    // load_ms: what the viewer does to open the file: a default project, loadProjectData (read,
    // repair, reproject), then the scene (triangulation, merged meshes, labels).
    start = Clock::now();
    geo::Project project = geo::projectFromSource(gpkg.string());
    geo::ProjectData data = geo::loadProjectData(project);
    r.loadDataMs = msSince(start);
    auto sceneStart = Clock::now();
    ShaderLibrary shaders = ShaderLibrary::locate(options.executablePath);
    auto scene = std::make_unique<Scene>(data, shaders);
    r.sceneMs = msSince(sceneStart);
    r.loadMs = msSince(start);

    // Triangulation: PlanView's against osgUtil::Tessellator on the same polygons (scene metres).
    std::vector<const geo::Polygon*> polygons;
    for (const auto& layer : data.layers)
        for (const auto& f : layer.data.features)
            for (const auto& p : f.polygons) polygons.push_back(&p);
    r.polygons = polygons.size();
    for (const geo::Polygon* p : polygons) r.polygonAreaM2 += geo::area(*p);
    {
        std::vector<geo::Vec2> vertices;
        std::vector<std::uint32_t> indices;
        start = Clock::now();
        for (const geo::Polygon* p : polygons) {
            vertices.clear();
            indices.clear();
            if (!geo::triangulate(*p, vertices, indices)) {
                ++r.triangulateFailures;
                continue;
            }
            for (std::size_t i = 0; i + 2 < indices.size(); i += 3) {
                const geo::Vec2 &a = vertices[indices[i]], &b = vertices[indices[i + 1]], &c = vertices[indices[i + 2]];
                r.triangulateAreaM2 += 0.5 * std::fabs((b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x));
            }
        }
        r.triangulateMs = msSince(start);
    }
    {
        start = Clock::now();
        for (const geo::Polygon* p : polygons) {
            // A temporary Geometry and Tessellator per polygon, as osgUtil is meant to be used (a
            // Tessellator reused across geometries carries vertices over from the previous one).
            osg::ref_ptr<osgUtil::Tessellator> tessellator = new osgUtil::Tessellator;
            tessellator->setTessellationType(osgUtil::Tessellator::TESS_TYPE_GEOMETRY);
            tessellator->setWindingType(osgUtil::Tessellator::TESS_WINDING_ODD);
            tessellator->setBoundaryOnly(false);
            osg::ref_ptr<osg::Geometry> geometry = new osg::Geometry;
            osg::ref_ptr<osg::Vec3Array> points = new osg::Vec3Array;
            for (const geo::Ring& ring : p->rings) {
                const unsigned first = points->size();
                for (const geo::Vec2& v : ring) points->push_back(osg::Vec3(float(v.x), float(v.y), 0.f));
                geometry->addPrimitiveSet(new osg::DrawArrays(GL_POLYGON, first, static_cast<int>(ring.size())));
            }
            geometry->setVertexArray(points.get());
            tessellator->retessellatePolygons(*geometry);
            osg::TriangleFunctor<AreaSum> sum;
            geometry->accept(sum);
            if (sum.area <= 0) ++r.tessellatorFailures;
            r.tessellatorAreaM2 += sum.area;
        }
        r.tessellatorMs = msSince(start);
    }

    // The home view, offscreen: draw calls and frame time.
    OffscreenOptions offscreen;
    offscreen.width = options.width;
    offscreen.height = options.height;
    osg::ref_ptr<osg::Group> root = new osg::Group;
    root->addChild(scene->root());
    osg::ref_ptr<RendererProbe> probe = new RendererProbe;
    osg::ref_ptr<osg::Geode> probeNode = new osg::Geode;
    probeNode->addDrawable(probe.get());
    probeNode->setCullingActive(false);
    root->addChild(probeNode);
    OffscreenRenderer renderer(offscreen, shaders, root.get());
    const double aspect = static_cast<double>(options.width) / options.height;
    const CameraPose home = framingPose(scene->bounds(), scene->maxHeight(), 0, kHomePitch, aspect);
    const osg::Matrixd view = viewMatrixOf(home), projection = perspectiveProjection(aspect);
    scene->labels()->place(LabelView{view, projection, double(options.width), double(options.height)});
    FrameReport report;
    renderer.render(view, projection, nullptr, &report);
    r.firstFrameMs = report.milliseconds;
    double total = 0;
    for (int i = 0; i < options.frames; ++i) {
        renderer.render(view, projection, nullptr, &report);
        total += report.milliseconds;
    }
    r.frameMs = options.frames > 0 ? total / options.frames : r.firstFrameMs;
    // The frame's count (FrameDrawCalls) includes the labels' text drawables; the layers' own share
    // is the same view drawn without labels, below.
    r.drawCalls = report.drawCalls;
    r.labelsShown = static_cast<int>(scene->labels()->shownCount());
    // Why frames cost what they cost: the same view without labels.
    scene->labels()->setNodeMask(0);
    total = 0;
    for (int i = 0; i < options.frames; ++i) {
        renderer.render(view, projection, nullptr, &report);
        total += report.milliseconds;
    }
    r.frameWithoutLabelsMs = options.frames > 0 ? total / options.frames : 0;
    r.geometryDrawCalls = report.drawCalls;
    scene->labels()->setNodeMask(~0u);

    // The memory the loaded, drawn and picked scene took (before the breakdown below adds its own).
    r.peakRssMb = peakRssMb();

    // Why loading costs what it costs: the labels the scene made, made again on their own.
    start = Clock::now();
    {
        osg::ref_ptr<LabelLayer> labels = new LabelLayer(findCjkFont());
        for (std::size_t i = 0; i < data.layers.size(); ++i)
            if (data.layers[i].available()) labels->addLayer(static_cast<int>(i), data.layers[i], scene->heights(i));
        labels->finish();
        r.labelCount = labels->labelCount();
    }
    r.labelsMs = msSince(start);

    // Picking: the same screen points (a grid over the image) through both.
    const double w = options.width, h = options.height;
    double pickTotal = 0, intersectorTotal = 0;
    for (int row = 0; row < options.pickRows; ++row) {
        for (int column = 0; column < options.pickColumns; ++column) {
            const double x = (column + 0.5) * w / options.pickColumns, y = (row + 0.5) * h / options.pickRows;
            auto t = Clock::now();
            std::optional<PickResult> picked = pickFeature(*scene, view, projection, w, h, x, y);
            pickTotal += msSince(t);
            t = Clock::now();
            std::optional<FeatureRef> raw = intersectorPick(*scene, view, projection, w, h, x, y);
            intersectorTotal += msSince(t);
            ++r.picks;
            r.pickHits += picked.has_value();
            bool same = picked.has_value() == raw.has_value() && (!raw || picked->feature == *raw);
            r.pickAgreements += same;
        }
    }
    r.pickMs = r.picks ? pickTotal / r.picks : 0;
    r.intersectorMs = r.picks ? intersectorTotal / r.picks : 0;

    r.machine = cpuDescription() + ", " +
                (probe->renderer.empty() ? std::string("GL renderer unknown") : probe->renderer);
    return r;
}

}  // namespace planview::bench
