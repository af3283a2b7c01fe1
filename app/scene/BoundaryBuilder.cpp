// Boundaries (planning platforms and the like): translucent curtains along every ring, outlined.
#include <algorithm>
#include <cmath>
#include <osg/BlendFunc>
#include <osg/LineWidth>
#include "app/scene/LayerBuilders.h"
#include "geo/Extrusion.h"
#include "app/scene/Mesh.h"

namespace planview {

namespace {

// Walls stand this high where the layer gives no extrusion: tall enough to read over the parcels.
constexpr double kDefaultWallHeight = 60.0;

}  // namespace

LayerParts buildBoundaryLayer(const geo::LoadedLayer& layer, const BuildContext& context) {
    const geo::FeatureLayer& data = layer.data;
    std::vector<double> computedHeights;
    const std::vector<double>& heights = layerHeights(layer, context, computedHeights);
    const bool anyHeight = std::any_of(heights.begin(), heights.end(), [](double h) { return h > 0; });

    std::size_t ringPoints = 0;
    for (const geo::Feature& f : data.features)
        for (const geo::Polygon& p : f.polygons)
            for (const geo::Ring& r : p.rings) ringPoints += r.size();
    ChunkGrid walls(data.bounds, ringPoints * 4);
    ChunkGrid outline(data.bounds, ringPoints * 4);

    for (std::size_t i = 0; i < data.features.size(); ++i) {
        const geo::Feature& f = data.features[i];
        const float h = static_cast<float>(anyHeight ? heights[i] : kDefaultWallHeight);
        if (h <= 0) continue;
        Mesh& wall = walls.at(f.bounds.center());
        Mesh& line = outline.at(f.bounds.center());
        for (const geo::Polygon& polygon : f.polygons) {
            for (const geo::Ring& ring : polygon.rings) {
                const std::size_t n = ring.size();
                if (n < 2) continue;
                std::uint32_t firstLine = line.vertexCount();
                for (std::size_t k = 0; k < n; ++k) {
                    const geo::Vec2& a = ring[k];
                    const geo::Vec2& b = ring[(k + 1) % n];
                    double dx = b.x - a.x, dy = b.y - a.y, length = std::hypot(dx, dy);
                    if (length < 1e-6) continue;
                    osg::Vec3f normal(static_cast<float>(dy / length), static_cast<float>(-dx / length), 0);
                    osg::Vec3f a0(static_cast<float>(a.x), static_cast<float>(a.y), 0);
                    osg::Vec3f b0(static_cast<float>(b.x), static_cast<float>(b.y), 0);
                    std::uint32_t i0 = wall.addVertex(a0, normal, i, 0);
                    std::uint32_t i1 = wall.addVertex(b0, normal, i, 0);
                    std::uint32_t i2 = wall.addVertex(b0 + osg::Vec3f(0, 0, h), normal, i, 1);
                    std::uint32_t i3 = wall.addVertex(a0 + osg::Vec3f(0, 0, h), normal, i, 1);
                    wall.indices.insert(wall.indices.end(), {i0, i1, i2, i0, i2, i3});
                }
                // The outline: the ring at the foot and at the top of the wall.
                const osg::Vec3f up(0, 0, 1);
                for (const geo::Vec2& p : ring) {
                    osg::Vec3f foot(static_cast<float>(p.x), static_cast<float>(p.y), 0.0f);
                    line.addVertex(foot, up, i, 0);
                    line.addVertex(foot + osg::Vec3f(0, 0, h), up, i, 1);
                }
                for (std::size_t k = 0; k < n; ++k) {
                    auto at = [&](std::size_t index, std::uint32_t top) {
                        return firstLine + static_cast<std::uint32_t>(2 * (index % n)) + top;
                    };
                    line.indices.insert(line.indices.end(), {at(k, 0), at(k + 1, 0), at(k, 1), at(k + 1, 1)});
                }
            }
        }
    }

    ShaderLibrary& shaders = *context.shaders;
    LayerParts parts;
    parts.translucent = new osg::Group;
    parts.translucent->setName(layer.spec.name + " walls");
    for (Mesh& mesh : walls.meshes())
        if (!mesh.empty())
            parts.translucent->addChild(
                makeGeometry(mesh, GL_TRIANGLES, true, new GeometryTag(context.layerIndex, Pass::Translucent, true)));
    osg::StateSet* wallState = parts.translucent->getOrCreateStateSet();
    wallState->setAttributeAndModes(shaders.program("walls"));
    wallState->addUniform(new osg::Uniform("u_outline", 0.0f));

    parts.solid = new osg::Group;
    parts.solid->setName(layer.spec.name + " outline");
    for (Mesh& mesh : outline.meshes())
        if (!mesh.empty())
            parts.solid->addChild(makeGeometry(mesh, GL_LINES, true, new GeometryTag(context.layerIndex, Pass::Solid, false)));
    osg::StateSet* lineState = parts.solid->getOrCreateStateSet();
    lineState->setAttributeAndModes(shaders.program("walls"));
    lineState->addUniform(new osg::Uniform("u_outline", 1.0f));
    lineState->setAttributeAndModes(new osg::LineWidth(2.0f));
    return parts;
}

}  // namespace planview
