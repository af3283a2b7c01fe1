// Parcels and polygons: roofs from geo::triangulate, walls with outward normals, parcel edges.
#include <algorithm>
#include <cmath>
#include <exception>
#include <thread>
#include <osg/CullFace>
#include <osg/LineWidth>
#include <osg/PolygonOffset>
#include "app/scene/LayerBuilders.h"
#include "app/scene/Mesh.h"
#include "geo/Extrusion.h"
#include "geo/Log.h"
#include "geo/Triangulate.h"

namespace planview {

namespace {

// Layers with fewer features are built on the calling thread alone (a thread costs more than it saves).
constexpr std::size_t kTwoThreadsFrom = 20000;

// Walls along one ring at height h, facing outwards (front faces counter-clockwise seen from
// outside, so back faces can be culled). `reversed` walks a ring wound against the convention
// (exterior counter-clockwise, holes clockwise) backwards.
void addWalls(Mesh& mesh, const geo::Ring& ring, float h, bool reversed, std::size_t feature) {
    const std::size_t n = ring.size();
    for (std::size_t k = 0; k < n; ++k) {
        std::size_t i = reversed ? n - 1 - k : k, j = reversed ? (i + n - 1) % n : (i + 1) % n;
        const geo::Vec2& a = ring[i];
        const geo::Vec2& b = ring[j];
        double dx = b.x - a.x, dy = b.y - a.y;
        double length = std::sqrt(dx * dx + dy * dy);   // (std::hypot is several times slower)
        if (length < 1e-6) continue;
        // Right of the direction of travel is outside for a counter-clockwise exterior and for a
        // clockwise hole alike.
        osg::Vec3f normal(static_cast<float>(dy / length), static_cast<float>(-dx / length), 0);
        osg::Vec3f a0(static_cast<float>(a.x), static_cast<float>(a.y), 0), b0(static_cast<float>(b.x), static_cast<float>(b.y), 0);
        osg::Vec3f a1 = a0 + osg::Vec3f(0, 0, h), b1 = b0 + osg::Vec3f(0, 0, h);
        std::uint32_t i0 = mesh.addVertex(a0, normal, feature);
        std::uint32_t i1 = mesh.addVertex(b0, normal, feature);
        std::uint32_t i2 = mesh.addVertex(b1, normal, feature);
        std::uint32_t i3 = mesh.addVertex(a1, normal, feature);
        for (std::uint32_t index : {i0, i1, i2, i0, i2, i3}) mesh.indices.push_back(index);
    }
}

void addEdges(Mesh& mesh, const geo::Ring& ring, float z, std::size_t feature) {
    const osg::Vec3f up(0, 0, 1);
    const std::size_t n = ring.size();
    std::uint32_t first = mesh.vertexCount();
    for (const geo::Vec2& p : ring) mesh.addVertex({static_cast<float>(p.x), static_cast<float>(p.y), z}, up, feature);
    for (std::size_t i = 0; i < n; ++i) {
        mesh.indices.push_back(first + static_cast<std::uint32_t>(i));
        mesh.indices.push_back(first + static_cast<std::uint32_t>((i + 1) % n));
    }
}

}  // namespace

LayerParts buildPolygonLayer(const geo::LoadedLayer& layer, const BuildContext& context) {
    const geo::FeatureLayer& data = layer.data;
    std::vector<double> computedHeights;
    const std::vector<double>& heights = layerHeights(layer, context, computedHeights);
    const bool extruded = std::any_of(heights.begin(), heights.end(), [](double h) { return h > 0; });
    const bool edges = context.options.parcelEdges && layer.spec.kind == geo::LayerKind::Parcels;

    std::size_t ringPoints = 0;
    for (const geo::Feature& f : data.features)
        for (const geo::Polygon& p : f.polygons)
            for (const geo::Ring& r : p.rings) ringPoints += r.size();
    const std::size_t estimate = ringPoints * (extruded ? 5 : 1);
    ChunkGrid surfaces(data.bounds, estimate);
    ChunkGrid outlines(data.bounds, estimate);

    // Each chunk is built by one thread, from its features in order: the same meshes as one pass
    // makes. A large layer's chunks are shared out between two threads by their points.
    const std::size_t n = data.features.size();
    std::vector<std::size_t> cell(n), cellPoints(surfaces.meshes().size(), 0);
    for (std::size_t i = 0; i < n; ++i) {
        cell[i] = surfaces.cellOf(data.features[i].bounds.center());
        for (const geo::Polygon& p : data.features[i].polygons)
            for (const geo::Ring& r : p.rings) cellPoints[cell[i]] += r.size();
    }
    for (std::size_t c = 0; c < cellPoints.size(); ++c) {
        // Roofs: a vertex a ring point and about a triangle a point; walls: four vertices and two
        // triangles a point; edges: a vertex and a segment a point.
        surfaces.meshes()[c].reserve(cellPoints[c] * (extruded ? 5 : 1), cellPoints[c] * (extruded ? 9 : 3));
        if (edges) outlines.meshes()[c].reserve(cellPoints[c], cellPoints[c] * 2);
    }
    std::vector<int> owner(cellPoints.size(), 0);
    const bool twoThreads = n >= kTwoThreadsFrom && cellPoints.size() > 1;
    if (twoThreads) {
        std::vector<std::size_t> order(cellPoints.size());
        for (std::size_t c = 0; c < order.size(); ++c) order[c] = c;
        std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return cellPoints[a] > cellPoints[b]; });
        std::size_t load[2] = {0, 0};
        for (std::size_t c : order) {
            int t = load[1] < load[0] ? 1 : 0;
            owner[c] = t;
            load[t] += cellPoints[c];
        }
    }

    // The features of the chunks `thread` owns into their meshes, then the meshes into OSG geometry
    // (in chunk order: the same geometries as one thread makes); returns the parts that could not be
    // triangulated.
    std::vector<osg::ref_ptr<osg::Geometry>> faceGeometries(owner.size()), edgeGeometries(owner.size());
    auto build = [&](int thread) {
        std::vector<geo::Vec2> flatVertices;
        std::vector<std::uint32_t> flatIndices;
        std::size_t failed = 0;
        const osg::Vec3f up(0, 0, 1);
        for (std::size_t i = 0; i < data.features.size(); ++i) {
            if (owner[cell[i]] != thread) continue;
            const geo::Feature& f = data.features[i];
            const float h = static_cast<float>(heights[i]);
            Mesh& mesh = surfaces.meshes()[cell[i]];
            Mesh& edgeMesh = outlines.meshes()[cell[i]];
            for (const geo::Polygon& polygon : f.polygons) {
                flatVertices.clear();
                flatIndices.clear();
                if (!geo::triangulate(polygon, flatVertices, flatIndices)) {
                    ++failed;
                    continue;
                }
                std::uint32_t first = mesh.vertexCount();
                for (const geo::Vec2& v : flatVertices)
                    mesh.addVertex({static_cast<float>(v.x), static_cast<float>(v.y), h}, up, i);
                for (std::uint32_t index : flatIndices) mesh.indices.push_back(first + index);
                for (std::size_t r = 0; r < polygon.rings.size(); ++r) {
                    const geo::Ring& ring = polygon.rings[r];
                    if (ring.size() < 3) continue;
                    if (h > 0) {
                        // Rings should be CCW outside, CW holes; trust the winding we see, not the index.
                        bool clockwise = geo::signedArea(ring) < 0;
                        bool expectClockwise = r > 0;
                        addWalls(mesh, ring, h, clockwise != expectClockwise, i);
                    }
                    if (edges) addEdges(edgeMesh, ring, h, i);
                }
            }
        }
        for (std::size_t c = 0; c < owner.size(); ++c) {
            if (owner[c] != thread) continue;
            if (!surfaces.meshes()[c].empty())
                faceGeometries[c] = makeGeometry(surfaces.meshes()[c], GL_TRIANGLES, false,
                                                 new GeometryTag(context.layerIndex, extruded ? Pass::Solid : Pass::Flat, true));
            if (edges && !outlines.meshes()[c].empty())
                edgeGeometries[c] = makeGeometry(outlines.meshes()[c], GL_LINES, false,
                                                 new GeometryTag(context.layerIndex, extruded ? Pass::Solid : Pass::Flat, false));
        }
        return failed;
    };
    std::size_t failed = 0;
    if (!twoThreads) {
        failed = build(0);
    } else {
        std::size_t otherFailed = 0;
        std::exception_ptr otherError;
        std::thread other([&] {
            try {
                otherFailed = build(1);
            } catch (...) {
                otherError = std::current_exception();
            }
        });
        try {
            failed = build(0);
        } catch (...) {
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
        edgeState->setAttributeAndModes(new osg::LineWidth(1.0f));
        if (lines->getNumChildren() > 0) group->addChild(lines);
    }

    LayerParts parts;
    (extruded ? parts.solid : parts.flat) = group;
    return parts;
}

}  // namespace planview
