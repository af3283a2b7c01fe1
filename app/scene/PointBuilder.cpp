// Points as pins: a pole from the ground (the terrain's, when there is some) up through any roof at the point and a round head above it,
// of a size relative to the image (at a feature's geo::labelPoint when it is not a point).
#include <algorithm>
#include <cmath>
#include <osg/BlendFunc>
#include <osg/Point>
#include <osg/PointSprite>
#include "app/scene/LayerBuilders.h"
#include "app/scene/Mesh.h"
#include "geo/LayerDrawing.h"

namespace planview {

bool isPinLayer(const geo::LoadedLayer& layer) { return geo::layerDrawing(layer) == geo::LayerDrawing::Pins; }

LayerParts buildPointLayer(const geo::LoadedLayer& layer, const BuildContext& context) {
    const geo::FeatureLayer& data = layer.data;
    Mesh poles, heads;
    const osg::Vec3f up(0, 0, 1);
    for (std::size_t i = 0; i < data.features.size(); ++i) {
        const geo::Feature& f = data.features[i];
        std::vector<geo::Vec2> points = f.points;
        if (points.empty() && (!f.polygons.empty() || !f.lines.empty())) points.push_back(labelPoint(f));
        for (const geo::Vec2& p : points) {
            // The pole's top vertex sits on the roof at the point; pins.vert lifts it (and the head)
            // further by a share of the eye distance, so the head always shows above the roof.
            const float ground = context.ground ? static_cast<float>(context.ground->at(p)) : 0.0f;
            const float roof = context.surfaces ? static_cast<float>(pinRoofHeight(*context.surfaces, p)) : 0.0f;
            osg::Vec3f base(static_cast<float>(p.x), static_cast<float>(p.y), ground), top(base.x(), base.y(), std::max(roof, ground));
            std::uint32_t footIndex = poles.addVertex(base, up, i, 0);
            std::uint32_t topIndex = poles.addVertex(top, up, i, 1);
            poles.indices.insert(poles.indices.end(), {footIndex, topIndex});
            heads.indices.push_back(heads.addVertex(top, up, i, 1));
        }
    }
    LayerParts parts;
    parts.solid = new osg::Group;
    parts.solid->setName(layer.spec.name);
    osg::StateSet* state = parts.solid->getOrCreateStateSet();
    state->setAttributeAndModes(context.shaders->program("pins"));
    state->addUniform(new osg::Uniform("u_pinHeight", kPinHeight));
    // A QGIS marker's size scales the head: QGIS's default 2 mm marker is PlanView's default head.
    const double markerMm = layer.spec.style.markerSizeMm;
    const float headScale = markerMm > 0 ? static_cast<float>(std::clamp(markerMm / 2.0, 0.5, 3.0)) : 1.0f;
    state->addUniform(new osg::Uniform("u_headShare", kPinHeadShare * headScale));
    state->addUniform(new osg::Uniform("u_selectedScale", kPinSelectedScale));
    if (poles.empty()) return parts;

    // The pole's width follows the image height too: the Scene gives the layer its LineWidth.
    osg::ref_ptr<osg::Geometry> pole = makeGeometry(poles, GL_LINES, true, new GeometryTag(context.layerIndex, Pass::Solid, false));
    pole->getOrCreateStateSet()->addUniform(new osg::Uniform("u_head", 0.0f));
    osg::ref_ptr<osg::Geometry> head = makeGeometry(heads, GL_POINTS, true, new GeometryTag(context.layerIndex, Pass::Solid, true));
    osg::StateSet* headState = head->getOrCreateStateSet();
    headState->addUniform(new osg::Uniform("u_head", 1.0f));
    headState->setTextureAttributeAndModes(1, new osg::PointSprite, osg::StateAttribute::ON);
    headState->setMode(GL_VERTEX_PROGRAM_POINT_SIZE, osg::StateAttribute::ON);
    headState->setMode(GL_BLEND, osg::StateAttribute::ON);
    headState->setAttributeAndModes(new osg::BlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA));
    parts.solid->addChild(pole);
    parts.solid->addChild(head);
    return parts;
}

LayerParts buildLayer(const geo::LoadedLayer& layer, const BuildContext& context) {
    switch (geo::layerDrawing(layer)) {
    case geo::LayerDrawing::Models: return buildModelLayer(layer, context);
    case geo::LayerDrawing::Raster: return buildRasterLayer(layer, context);
    case geo::LayerDrawing::Pins: return buildPointLayer(layer, context);
    case geo::LayerDrawing::Ribbons: return buildLineLayer(layer, context);
    case geo::LayerDrawing::Curtains: return buildBoundaryLayer(layer, context);
    case geo::LayerDrawing::Prisms: return buildPolygonLayer(layer, context);
    case geo::LayerDrawing::None: break;
    }
    return {};
}

}  // namespace planview
