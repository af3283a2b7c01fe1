// Lines as ribbons a given number of metres wide, lying on the ground, with mitred joints.
#include <cmath>
#include "app/scene/LayerBuilders.h"
#include "app/scene/Mesh.h"
#include "geo/Ribbon.h"

namespace planview {

namespace {

// Appends the ribbon along `line` (geo::ribbonEdges: the shape picking tests too).
void addRibbon(Mesh& mesh, const std::vector<geo::Vec2>& line, bool closed, double halfWidth, std::size_t feature) {
    const geo::RibbonEdges ribbon = geo::ribbonEdges(line, closed, halfWidth);
    const osg::Vec3f up(0, 0, 1);
    const std::uint32_t first = mesh.vertexCount();
    for (std::size_t i = 0; i < ribbon.left.size(); ++i) {
        const geo::Vec2 &l = ribbon.left[i], &r = ribbon.right[i];
        mesh.addVertex({static_cast<float>(l.x), static_cast<float>(l.y), 0}, up, feature);
        mesh.addVertex({static_cast<float>(r.x), static_cast<float>(r.y), 0}, up, feature);
    }
    const std::size_t n = ribbon.left.size();
    for (std::size_t i = 0; i < ribbon.segments(); ++i) {
        std::uint32_t l0 = first + static_cast<std::uint32_t>(2 * i), r0 = l0 + 1;
        std::uint32_t l1 = first + static_cast<std::uint32_t>(2 * ((i + 1) % n)), r1 = l1 + 1;
        mesh.indices.insert(mesh.indices.end(), {r0, r1, l1, r0, l1, l0});
    }
}

}  // namespace

LayerParts buildLineLayer(const geo::LoadedLayer& layer, const BuildContext& context) {
    const geo::FeatureLayer& data = layer.data;
    const double halfWidth = std::max(layer.spec.style.lineWidth, 0.1) / 2;
    std::size_t points = 0;
    for (const geo::Feature& f : data.features) {
        for (const auto& line : f.lines) points += line.size();
        for (const auto& polygon : f.polygons)
            for (const auto& ring : polygon.rings) points += ring.size();
    }
    ChunkGrid ribbons(data.bounds, points * 2);
    for (std::size_t i = 0; i < data.features.size(); ++i) {
        const geo::Feature& f = data.features[i];
        Mesh& mesh = ribbons.at(f.bounds.center());
        for (const auto& line : f.lines) {
            if (!layer.spec.style.dashed) {
                addRibbon(mesh, line, false, halfWidth, i);
                continue;
            }
            // A QGIS dashed pen: dashes four widths long, two apart (Qt's DashLine pattern).
            for (const auto& dash : geo::dashPieces(line, 8 * halfWidth, 4 * halfWidth)) addRibbon(mesh, dash, false, halfWidth, i);
        }
        for (const auto& polygon : f.polygons)
            for (const auto& ring : polygon.rings) addRibbon(mesh, ring, true, halfWidth, i);
    }
    LayerParts parts;
    parts.flat = new osg::Group;
    parts.flat->setName(layer.spec.name);
    for (Mesh& mesh : ribbons.meshes())
        if (!mesh.empty())
            parts.flat->addChild(makeGeometry(mesh, GL_TRIANGLES, false, new GeometryTag(context.layerIndex, Pass::Flat, true)));
    osg::StateSet* state = parts.flat->getOrCreateStateSet();
    state->setAttributeAndModes(context.shaders->program("parcels"));
    state->addUniform(new osg::Uniform("u_edge", 0.0f));
    return parts;
}

}  // namespace planview
