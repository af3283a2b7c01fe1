// `planview bench`: one run over a generated GeoPackage of N parcels, measuring what issue 8 asks of
// PlanView at city scale: reading, loading, triangulation against osgUtil::Tessellator, draw calls
// and offscreen frame time of the home view, picking against osgUtil::LineSegmentIntersector, and
// peak memory. A benchmark, not a test: it reports figures and whether each target is met.
#pragma once
#include <cstddef>
#include <string>

namespace planview::bench {

struct BenchOptions {
    std::size_t parcels = 200000;
    int width = 1280, height = 720;   ///< the offscreen frame
    int frames = 10;                  ///< frames averaged for frame_ms (after one warm-up frame)
    int pickColumns = 16, pickRows = 9;
    std::string executablePath;       ///< to find the shaders
    std::string workDir;              ///< where the GeoPackage is written ("" = a temporary folder, removed)
};

struct BenchResult {
    std::size_t parcels = 0, withHoles = 0, vertices = 0, polygons = 0;
    double generateMs = 0;

    double readMs = 0;                ///< GDAL alone: every feature and its geometry
    double loadMs = 0;                ///< open + read + repair + reproject (loadProjectData) + build the scene
    double loadDataMs = 0;            ///< of which loadProjectData
    double sceneMs = 0;               ///< of which the Scene (triangulation, meshes, labels)

    double triangulateMs = 0;         ///< geo::triangulate over every polygon
    double tessellatorMs = 0;         ///< osgUtil::Tessellator, a temporary Geometry per polygon
    double polygonAreaM2 = 0;         ///< sum of the polygons' areas (exterior minus holes)
    double triangulateAreaM2 = 0;     ///< sum of |area| of geo::triangulate's triangles
    double tessellatorAreaM2 = 0;     ///< sum of |area| of the tessellator's triangles
    std::size_t triangulateFailures = 0, tessellatorFailures = 0;

    int drawCalls = 0;                ///< drawables submitted for the home view: geometry + labels
    int geometryDrawCalls = 0;        ///< OSG's count of primitive sets drawn (merged meshes, sky, ground)
    int labelsShown = 0;              ///< labels drawn, each its own osgText drawable
    double frameWithoutLabelsMs = 0;  ///< mean frame of the same view with the labels hidden
    double labelsMs = 0;              ///< making the scene's labels again, on their own (part of sceneMs)
    std::size_t labelCount = 0;
    double firstFrameMs = 0;          ///< the first frame (uploads, shader compiles)
    double frameMs = 0;               ///< mean of the next `frames`

    int picks = 0;
    double pickMs = 0;                ///< mean planview::pickFeature
    double intersectorMs = 0;         ///< mean raw LineSegmentIntersector, no KdTree
    int pickHits = 0;                 ///< points where pickFeature found a feature
    int pickAgreements = 0;           ///< points where both found the same feature (or both none)

    double peakRssMb = 0;             ///< the process's peak resident memory (VmHWM)
    std::string machine;              ///< CPU model, cores, GL renderer
};

/// Runs the benchmark. Needs an X display for the frame (callers start a private Xvfb without one).
/// Throws geo::InputError / geo::OutputError as loading and rendering do.
BenchResult runBenchmark(const BenchOptions& options);

}  // namespace planview::bench
