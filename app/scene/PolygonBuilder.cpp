// Parcels and polygons: roofs, walls and parcel edges (geo/MeshShapes.h's prisms) in merged chunks.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <thread>
#include <osg/CullFace>
#include <osg/LineWidth>
#include <osg/PolygonOffset>
#include "app/scene/LayerBuilders.h"
#include "app/scene/Mesh.h"
#include "geo/Extrusion.h"
#include "geo/LayerDrawing.h"
#include "geo/Log.h"
#include "geo/MeshShapes.h"

namespace planview {

namespace {

// Layers with fewer features are built on the calling thread alone (a thread costs more than it saves).
constexpr std::size_t kTwoThreadsFrom = 20000;

// The features `include` takes (all when empty) as one group of merged chunks: roofs and walls
// (`extruded`) or flat on the ground, with their edges where the layer has them (`edges`).
osg::ref_ptr<osg::Group> buildPrisms(const geo::LoadedLayer& layer, const BuildContext& context, const std::vector<double>& heights,
                                     const std::vector<bool>& include, bool extruded, bool edges) {
    const geo::FeatureLayer& data = layer.data;
    auto included = [&](std::size_t i) { return include.empty() || include[i]; };
    std::size_t ringPoints = 0;
    for (std::size_t i = 0; i < data.features.size(); ++i)
        if (included(i))
            for (const geo::Polygon& p : data.features[i].polygons)
                for (const geo::Ring& r : p.rings) ringPoints += r.size();
    // Roofs: a vertex a ring point and about a triangle a point; walls: a foot vertex and two
    // triangles a point; edges: a segment a point, over the roof's vertices.
    const std::size_t verticesPerPoint = extruded ? 2 : 1, indicesPerPoint = extruded ? 9 : 3;
    ChunkGrid grid(data.bounds, ringPoints * verticesPerPoint);
    std::vector<Mesh>& surfaces = grid.meshes();
    std::vector<std::vector<std::uint32_t>> edgeIndicesOf(surfaces.size());

    // Each chunk is built by one thread, from its features in order: the same meshes as one pass
    // makes. A large layer's chunks go to two threads, the largest first, each thread taking the next
    // chunk when it is done with one (the other core may be busy with the layer's labels meanwhile).
    const std::size_t n = data.features.size();
    std::vector<std::vector<std::uint32_t>> featuresOf(surfaces.size());
    std::vector<std::size_t> cellPoints(surfaces.size(), 0);
    for (std::size_t i = 0; i < n; ++i) {
        if (!included(i)) continue;
        const std::size_t c = grid.cellOf(data.features[i].bounds.center());
        featuresOf[c].push_back(static_cast<std::uint32_t>(i));
        for (const geo::Polygon& p : data.features[i].polygons)
            for (const geo::Ring& r : p.rings) cellPoints[c] += r.size();
    }
    std::vector<std::size_t> largestFirst(surfaces.size());
    for (std::size_t c = 0; c < largestFirst.size(); ++c) largestFirst[c] = c;
    std::stable_sort(largestFirst.begin(), largestFirst.end(), [&](std::size_t a, std::size_t b) { return cellPoints[a] > cellPoints[b]; });

    // One chunk's features into its mesh, then the mesh into OSG geometry; returns the polygon parts
    // that could not be triangulated.
    std::vector<osg::ref_ptr<osg::Geometry>> faceGeometries(surfaces.size()), edgeGeometries(surfaces.size());
    auto buildChunk = [&](std::size_t c, std::vector<geo::Vec2>& flatVertices) {
        Mesh& mesh = surfaces[c];
        std::vector<std::uint32_t>& edgeIndices = edgeIndicesOf[c];
        mesh.reserve(cellPoints[c] * verticesPerPoint, cellPoints[c] * indicesPerPoint);
        if (edges) edgeIndices.reserve(cellPoints[c] * 2);
        std::size_t failed = 0;
        for (const std::uint32_t i : featuresOf[c]) {
            const geo::Feature& f = data.features[i];
            const float h = static_cast<float>(heights[i]);
            for (const geo::Polygon& polygon : f.polygons)
                if (!geo::appendPrism(mesh, polygon, h, i, flatVertices, edges ? &edgeIndices : nullptr, footingOf(context, i)))
                    ++failed;
        }
        if (!mesh.empty()) {
            faceGeometries[c] = makeGeometry(mesh, GL_TRIANGLES, false,
                                             new GeometryTag(context.layerIndex, extruded ? Pass::Solid : Pass::Flat, true));
            if (edges && !edgeIndices.empty())
                edgeGeometries[c] = makeGeometryOver(*faceGeometries[c], edgeIndices, GL_LINES,
                                                     new GeometryTag(context.layerIndex, extruded ? Pass::Solid : Pass::Flat, false));
        }
        return failed;
    };
    std::atomic<std::size_t> nextChunk{0};
    auto buildChunks = [&] {
        std::vector<geo::Vec2> flatVertices;
        std::size_t failed = 0;
        for (std::size_t k; (k = nextChunk++) < largestFirst.size();) failed += buildChunk(largestFirst[k], flatVertices);
        return failed;
    };
    std::size_t failed = 0;
    if (n < kTwoThreadsFrom || surfaces.size() == 1) {
        failed = buildChunks();
    } else {
        std::size_t otherFailed = 0;
        std::exception_ptr otherError;
        std::thread other([&] {
            try {
                otherFailed = buildChunks();
            } catch (...) {
                otherError = std::current_exception();
            }
        });
        try {
            failed = buildChunks();
        } catch (...) {
            nextChunk = largestFirst.size();   // the other thread stops after its chunk
            other.join();
            throw;
        }
        other.join();
        if (otherError) std::rethrow_exception(otherError);
        failed += otherFailed;
    }
    if (failed > 0)
        geo::log().warn("layer {}: {} polygon part(s) could not be triangulated and are not drawn", layer.spec.name, failed);

    ShaderLibrary& shaders = *context.shaders;
    osg::ref_ptr<osg::Group> group = new osg::Group;
    group->setName(layer.spec.name);
    osg::ref_ptr<osg::Group> faces = new osg::Group;
    faces->setName("faces");
    for (const osg::ref_ptr<osg::Geometry>& geometry : faceGeometries)
        if (geometry) faces->addChild(geometry);
    osg::StateSet* faceState = faces->getOrCreateStateSet();
    faceState->setAttributeAndModes(shaders.program("parcels"));
    faceState->addUniform(new osg::Uniform("u_edge", 0.0f));
    if (extruded) {
        // Closed solids seen from above ground: their inner faces never show.
        faceState->setAttributeAndModes(new osg::CullFace(osg::CullFace::BACK));
        // Push the faces back a little so the edges drawn on the roofs win the depth test.
        if (edges) faceState->setAttributeAndModes(new osg::PolygonOffset(1.0f, 1.0f));
    }
    group->addChild(faces);

    if (edges) {
        osg::ref_ptr<osg::Group> lines = new osg::Group;
        lines->setName("edges");
        for (const osg::ref_ptr<osg::Geometry>& geometry : edgeGeometries)
            if (geometry) lines->addChild(geometry);
        osg::StateSet* edgeState = lines->getOrCreateStateSet();
        edgeState->setAttributeAndModes(shaders.program("parcels"));
        edgeState->addUniform(new osg::Uniform("u_edge", 1.0f));
        // A QGIS symbol's outline: its colour, and its width in pixels (0.26 mm a pixel, at most 4).
        const auto& own = layer.spec.style.outlineColor;
        edgeState->addUniform(new osg::Uniform("u_edgeColor", own ? osg::Vec4(own->r, own->g, own->b, own->a) : osg::Vec4()));
        const double widthPx = layer.spec.style.outlineWidthMm > 0 ? layer.spec.style.outlineWidthMm / 0.26 : 1.0;
        edgeState->setAttributeAndModes(new osg::LineWidth(static_cast<float>(std::clamp(widthPx, 1.0, 4.0))));
        lines->setNodeMask(~kCastsShadowMask);   // outlines on roofs would shadow the roofs themselves
        if (lines->getNumChildren() > 0) group->addChild(lines);
    }

    return group;
}

}  // namespace

LayerParts buildPolygonLayer(const geo::LoadedLayer& layer, const BuildContext& context) {
    std::vector<double> computedHeights;
    const std::vector<double>& heights = layerHeights(layer, context, computedHeights);
    const bool extruded = std::any_of(heights.begin(), heights.end(), [](double h) { return h > 0; });
    // Parcels have their edges drawn; flat polygons too unless the style says no (geo/LayerDrawing.h).
    const bool edges = context.options.parcelEdges && geo::layerHasEdges(layer.spec, extruded);
    LayerParts parts;
    if (!extruded || !context.ground) {
        (extruded ? parts.solid : parts.flat) = buildPrisms(layer, context, heights, {}, extruded, edges);
        return parts;
    }
    // On terrain the flat features of an extruded layer are painted over the ground with the flat
    // layers: depth-tested at the ground's height they would fight the terrain's own mesh.
    std::vector<bool> standing(heights.size());
    for (std::size_t i = 0; i < heights.size(); ++i) standing[i] = heights[i] > 0;
    parts.solid = buildPrisms(layer, context, heights, standing, true, edges);
    std::vector<bool> lying(standing.size());
    for (std::size_t i = 0; i < standing.size(); ++i) lying[i] = !standing[i];
    if (std::find(lying.begin(), lying.end(), true) != lying.end())
        parts.flat = buildPrisms(layer, context, heights, lying, false, edges);
    return parts;
}

}  // namespace planview
