// Boundaries (planning platforms and the like): translucent curtains along every ring, outlined.
#include <algorithm>
#include <cmath>
#include <osg/BlendFunc>
#include <osg/LineWidth>
#include "app/scene/LayerBuilders.h"
#include "geo/Extrusion.h"
#include "app/scene/Mesh.h"
#include "geo/LayerDrawing.h"
#include "geo/MeshShapes.h"

namespace planview {

LayerParts buildBoundaryLayer(const geo::LoadedLayer& layer, const BuildContext& context) {
    const geo::FeatureLayer& data = layer.data;
    std::vector<double> computedHeights;
    const std::vector<double> heights = geo::curtainHeights(layerHeights(layer, context, computedHeights));

    std::size_t ringPoints = 0;
    for (const geo::Feature& f : data.features)
        for (const geo::Polygon& p : f.polygons)
            for (const geo::Ring& r : p.rings) ringPoints += r.size();
    ChunkGrid walls(data.bounds, ringPoints * 4);
    ChunkGrid outline(data.bounds, ringPoints * 4);

    for (std::size_t i = 0; i < data.features.size(); ++i) {
        const geo::Feature& f = data.features[i];
        const float h = static_cast<float>(heights[i]);
        if (h <= 0) continue;
        Mesh& wall = walls.at(f.bounds.center());
        Mesh& line = outline.at(f.bounds.center());
        for (const geo::Polygon& polygon : f.polygons)
            for (const geo::Ring& ring : polygon.rings)
                geo::appendCurtain(wall, line, drapedLine(ring, true, context), h, i, footingOf(context, i));
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
