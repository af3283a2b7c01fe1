// Merged geometry: the vertices of many features in one buffer, each vertex tagged with its
// feature's index, cut into a few spatial chunks so a large layer stays a handful of draw calls
// that can still be culled.
#pragma once
#include <algorithm>
#include <cstdint>
#include <vector>
#include <osg/Geometry>
#include <osg/Vec3b>
#include <osg/Vec3f>
#include "geo/Vec.h"

namespace planview {

/// Where a layer part is drawn; also the order in which coplanar picks win (later wins).
enum class Pass { Flat = 0, Solid = 1, Translucent = 2 };

/// Attached to every feature geometry (as user data) so a pick can name the layer and pass.
struct GeometryTag : osg::Referenced {
    GeometryTag(int layer, Pass pass, bool pickable) : layer(layer), pass(pass), pickable(pickable) {}
    int layer;
    Pass pass;
    bool pickable;   ///< false for outlines and edges
};

/// One buffer of vertices with a normal, a feature index and (for the builders that give one) a free
/// parameter each, plus indices. Normals are kept as signed bytes (the normal pointer scales them to
/// -1..1), as drawn: 3 bytes a vertex instead of 12, for the same shading; a large layer's meshes are
/// hundreds of megabytes, and writing fresh memory is much of what building them costs.
struct Mesh {
    std::vector<osg::Vec3f> positions;
    std::vector<osg::Vec3b> normals;
    std::vector<float> featureIds;
    std::vector<float> params;   ///< empty, or one a vertex
    std::vector<std::uint32_t> indices;

    std::uint32_t vertexCount() const { return static_cast<std::uint32_t>(positions.size()); }
    std::uint32_t addVertex(const osg::Vec3f& p, const osg::Vec3f& n, std::size_t feature) {
        positions.push_back(p);
        normals.push_back(toBytes(n));
        featureIds.push_back(static_cast<float>(feature));
        return vertexCount() - 1;
    }
    std::uint32_t addVertex(const osg::Vec3f& p, const osg::Vec3f& n, std::size_t feature, float param) {
        params.push_back(param);
        return addVertex(p, n, feature);
    }
    /// The same from plain floats, as geo/MeshShapes.h's shapes add their vertices.
    std::uint32_t addVertex(float x, float y, float z, float nx, float ny, float nz, std::size_t feature) {
        return addVertex(osg::Vec3f(x, y, z), osg::Vec3f(nx, ny, nz), feature);
    }
    std::uint32_t addVertex(float x, float y, float z, float nx, float ny, float nz, std::size_t feature, float param) {
        return addVertex(osg::Vec3f(x, y, z), osg::Vec3f(nx, ny, nz), feature, param);
    }
    bool empty() const { return indices.empty(); }
    /// Room for this many vertices and indices (a large layer's chunks grow without reallocating).
    void reserve(std::size_t vertices, std::size_t indexCount);

    /// A unit normal as signed bytes, each component rounded half away from zero (as std::lround,
    /// without its library call a component).
    static osg::Vec3b toBytes(const osg::Vec3f& n) {
        auto toByte = [](float v) {
            const float scaled = std::clamp(v, -1.0f, 1.0f) * 127.0f;
            return static_cast<signed char>(scaled + (scaled >= 0 ? 0.5f : -0.5f));
        };
        return osg::Vec3b(toByte(n.x()), toByte(n.y()), toByte(n.z()));
    }
};

/// A g×g grid of meshes over a layer's extent (g from 1 to 4, growing with the vertex count).
class ChunkGrid {
public:
    ChunkGrid(const geo::Extent& bounds, std::size_t estimatedVertices);
    /// The mesh of the cell holding `where` (clamped into the grid).
    Mesh& at(geo::Vec2 where);
    /// The index in meshes() of the cell holding `where`.
    std::size_t cellOf(geo::Vec2 where) const;
    std::vector<Mesh>& meshes() { return meshes_; }
    int side() const { return side_; }

private:
    geo::Extent bounds_;
    int side_ = 1;
    std::vector<Mesh> meshes_;
};

/// An osg::Geometry drawing `mesh` as `mode` (GL_TRIANGLES, GL_LINES, GL_POINTS) from VBOs, with the
/// feature index as vertex attribute kFeatureIdAttribute and, when `withParam` (the mesh was given a
/// parameter a vertex), the parameter as kParamAttribute. Empties `mesh`.
osg::ref_ptr<osg::Geometry> makeGeometry(Mesh& mesh, GLenum mode, bool withParam, GeometryTag* tag);

/// An osg::Geometry drawing `indices` as `mode` over the vertex arrays of `vertices` (shared, not
/// copied, so one buffer on the GPU too), e.g. parcel edges over their roofs' vertices. Empties `indices`.
osg::ref_ptr<osg::Geometry> makeGeometryOver(osg::Geometry& vertices, std::vector<std::uint32_t>& indices,
                                             GLenum mode, GeometryTag* tag);

}  // namespace planview
