#include "app/scene/Mesh.h"
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include "app/scene/ShaderLibrary.h"

namespace planview {

ChunkGrid::ChunkGrid(const geo::Extent& bounds, std::size_t estimatedVertices) : bounds_(bounds) {
    // About 250k vertices a chunk: big enough to keep draw calls few, small enough to cull.
    double cells = std::ceil(std::sqrt(static_cast<double>(estimatedVertices) / 250000.0));
    side_ = bounds.empty() ? 1 : std::clamp(static_cast<int>(cells), 1, 4);
    meshes_.resize(static_cast<std::size_t>(side_ * side_));
}

void Mesh::reserve(std::size_t vertices, std::size_t indexCount) {
    positions.reserve(vertices);
    normals.reserve(vertices);
    featureIds.reserve(vertices);
    indices.reserve(indexCount);
}

std::size_t ChunkGrid::cellOf(geo::Vec2 where) const {
    if (side_ == 1) return 0;
    auto cell = [&](double v, double lo, double size) {
        if (size <= 0) return 0;
        return std::clamp(static_cast<int>((v - lo) / size * side_), 0, side_ - 1);
    };
    int cx = cell(where.x, bounds_.minX, bounds_.width());
    int cy = cell(where.y, bounds_.minY, bounds_.height());
    return static_cast<std::size_t>(cy * side_ + cx);
}

Mesh& ChunkGrid::at(geo::Vec2 where) { return meshes_[cellOf(where)]; }

namespace {

// A buffer filled close to its capacity moves into OSG's array (which wraps a std::vector) rather
// than being copied; one with much room left over is copied to its size, as kept buffers are.
// (Moving was once blamed for a viewer window without its map: that was a 0×0 window, 62b0fb2.)
template <typename Vector>
void take(Vector& to, Vector& from) {
    if (from.capacity() - from.size() <= from.size() / 8) to.swap(from);
    else to.assign(from.begin(), from.end());
}

osg::ref_ptr<osg::Geometry> newGeometry() {
    osg::ref_ptr<osg::Geometry> geometry = new osg::Geometry;
    geometry->setUseDisplayList(false);
    geometry->setUseVertexBufferObjects(true);
    return geometry;
}

}  // namespace

osg::ref_ptr<osg::Geometry> makeGeometry(Mesh& mesh, GLenum mode, bool withParam, GeometryTag* tag) {
    if (withParam && mesh.params.size() != mesh.positions.size())
        throw std::logic_error("makeGeometry: a mesh without a parameter a vertex");
    osg::ref_ptr<osg::Geometry> geometry = newGeometry();
    auto* positions = new osg::Vec3Array;
    take(positions->asVector(), mesh.positions);
    auto* normals = new osg::Vec3bArray;
    take(normals->asVector(), mesh.normals);
    normals->setNormalize(true);
    auto* ids = new osg::FloatArray;
    take(ids->asVector(), mesh.featureIds);
    ids->setBinding(osg::Array::BIND_PER_VERTEX);
    ids->setNormalize(false);
    geometry->setVertexArray(positions);
    geometry->setNormalArray(normals, osg::Array::BIND_PER_VERTEX);
    geometry->setVertexAttribArray(kFeatureIdAttribute, ids, osg::Array::BIND_PER_VERTEX);
    if (withParam) {
        auto* params = new osg::FloatArray;
        take(params->asVector(), mesh.params);
        params->setNormalize(false);
        geometry->setVertexAttribArray(kParamAttribute, params, osg::Array::BIND_PER_VERTEX);
    }
    auto* elements = new osg::DrawElementsUInt(mode);
    take(elements->asVector(), mesh.indices);
    geometry->addPrimitiveSet(elements);
    geometry->setUserData(tag);
    mesh = Mesh{};
    return geometry;
}

osg::ref_ptr<osg::Geometry> makeGeometryOver(osg::Geometry& vertices, std::vector<std::uint32_t>& indices,
                                             GLenum mode, GeometryTag* tag) {
    osg::ref_ptr<osg::Geometry> geometry = newGeometry();
    // The arrays keep the buffer object `vertices` gave them, so both geometries draw from one VBO.
    geometry->setVertexArray(vertices.getVertexArray());
    geometry->setNormalArray(vertices.getNormalArray(), osg::Array::BIND_PER_VERTEX);
    for (unsigned i = 0; i < vertices.getNumVertexAttribArrays(); ++i)
        if (osg::Array* array = vertices.getVertexAttribArray(i)) geometry->setVertexAttribArray(i, array, osg::Array::BIND_PER_VERTEX);
    auto* elements = new osg::DrawElementsUInt(mode);
    take(elements->asVector(), indices);
    geometry->addPrimitiveSet(elements);
    geometry->setUserData(tag);
    indices = {};
    return geometry;
}

}  // namespace planview
