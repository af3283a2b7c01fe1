// Lines as ribbons a given number of metres wide, lying on the ground, with mitred joints.
#include <cmath>
#include "app/scene/LayerBuilders.h"
#include "app/scene/Mesh.h"
#include "geo/MeshShapes.h"

namespace planview {

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
        const geo::Footing footing = footingOf(context, i);
        for (const auto& line : f.lines) {
            if (!layer.spec.style.dashed) {
                geo::appendRibbon(mesh, drapedLine(line, false, context), false, halfWidth, i, footing);
                continue;
            }
            // A QGIS dashed pen: dashes four widths long, two apart (Qt's DashLine pattern).
            for (const auto& dash : geo::dashPieces(line, 8 * halfWidth, 4 * halfWidth))
                geo::appendRibbon(mesh, drapedLine(dash, false, context), false, halfWidth, i, footing);
        }
        for (const auto& polygon : f.polygons)
            for (const auto& ring : polygon.rings) geo::appendRibbon(mesh, drapedLine(ring, true, context), true, halfWidth, i, footing);
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
