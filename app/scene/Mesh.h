// Merged geometry: the vertices of many features in one buffer, each vertex tagged with its
// feature's index, cut into a few spatial chunks so a large layer stays a handful of draw calls
// that can still be culled.
#pragma once
#include <cstdint>
#include <vector>
#include <osg/Geometry>
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

/// One buffer of vertices with a normal, a feature index and a free parameter each, plus indices.
struct Mesh {
    std::vector<osg::Vec3f> positions;
    std::vector<osg::Vec3f> normals;
    std::vector<float> featureIds;
    std::vector<float> params;
    std::vector<std::uint32_t> indices;

    std::uint32_t vertexCount() const { return static_cast<std::uint32_t>(positions.size()); }
    std::uint32_t addVertex(const osg::Vec3f& p, const osg::Vec3f& n, std::size_t feature, float param = 0) {
        positions.push_back(p);
        normals.push_back(n);
        featureIds.push_back(static_cast<float>(feature));
        params.push_back(param);
        return vertexCount() - 1;
    }
    bool empty() const { return indices.empty(); }
    /// Room for this many vertices and indices (a large layer's chunks grow without reallocating).
    void reserve(std::size_t vertices, std::size_t indexCount);
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
/// feature index as vertex attribute kFeatureIdAttribute and, when `withParam`, the parameter as
/// kParamAttribute. Empties `mesh`.
osg::ref_ptr<osg::Geometry> makeGeometry(Mesh& mesh, GLenum mode, bool withParam, GeometryTag* tag);

}  // namespace planview
