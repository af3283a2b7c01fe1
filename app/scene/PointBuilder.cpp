// Points as pins: a pole from the ground up through any roof at the point and a round head above it,
// of a size relative to the image; and the label point of a feature.
#include <algorithm>
#include <cmath>
#include <osg/BlendFunc>
#include <osg/Point>
#include <osg/PointSprite>
#include "app/scene/LayerBuilders.h"
#include "app/scene/Mesh.h"
#include "geo/Triangulate.h"

namespace planview {

namespace {

bool inside(const geo::Polygon& polygon, geo::Vec2 p) {
    bool in = false;
    for (const geo::Ring& ring : polygon.rings) {
        for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
            const geo::Vec2 &a = ring[i], &b = ring[j];
            if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) in = !in;
        }
    }
    return in;
}

geo::Vec2 polygonLabelPoint(const geo::Polygon& polygon) {
    // Area centroid over all rings (holes, wound the other way, subtract themselves).
    double a = 0, cx = 0, cy = 0;
    const geo::Vec2 o = polygon.rings[0][0];   // shift for precision
    for (const geo::Ring& ring : polygon.rings) {
        for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
            double x0 = ring[j].x - o.x, y0 = ring[j].y - o.y, x1 = ring[i].x - o.x, y1 = ring[i].y - o.y;
            double cross = x0 * y1 - x1 * y0;
            a += cross;
            cx += (x0 + x1) * cross;
            cy += (y0 + y1) * cross;
        }
    }
    if (std::abs(a) > 1e-9) {
        geo::Vec2 c{o.x + cx / (3 * a), o.y + cy / (3 * a)};
        if (inside(polygon, c)) return c;
    }
    // A concave or holed shape whose centroid falls outside: the centre of its largest triangle.
    std::vector<geo::Vec2> vertices;
    std::vector<std::uint32_t> indices;
    if (!geo::triangulate(polygon, vertices, indices) || indices.empty()) return polygon.rings[0][0];
    double best = -1;
    geo::Vec2 result = polygon.rings[0][0];
    for (std::size_t t = 0; t + 2 < indices.size(); t += 3) {
        const geo::Vec2 &p = vertices[indices[t]], &q = vertices[indices[t + 1]], &r = vertices[indices[t + 2]];
        double area = std::abs((q.x - p.x) * (r.y - p.y) - (r.x - p.x) * (q.y - p.y));
        if (area > best) {
            best = area;
            result = {(p.x + q.x + r.x) / 3, (p.y + q.y + r.y) / 3};
        }
    }
    return result;
}

}  // namespace

geo::Vec2 labelPoint(const geo::Feature& feature) {
    const geo::Polygon* largest = nullptr;
    double largestArea = -1;
    for (const geo::Polygon& p : feature.polygons) {
        if (p.rings.empty() || p.rings[0].size() < 3) continue;
        double a = std::abs(geo::area(p));
        if (a > largestArea) {
            largestArea = a;
            largest = &p;
        }
    }
    if (largest) return polygonLabelPoint(*largest);
    const std::vector<geo::Vec2>* longest = nullptr;
    double longestLength = -1;
    for (const auto& line : feature.lines) {
        double length = 0;
        for (std::size_t i = 1; i < line.size(); ++i) length += std::hypot(line[i].x - line[i - 1].x, line[i].y - line[i - 1].y);
        if (!line.empty() && length > longestLength) {
            longestLength = length;
            longest = &line;
        }
    }
    if (longest) {
        double half = longestLength / 2, walked = 0;
        for (std::size_t i = 1; i < longest->size(); ++i) {
            const geo::Vec2 &a = (*longest)[i - 1], &b = (*longest)[i];
            double step = std::hypot(b.x - a.x, b.y - a.y);
            if (walked + step >= half && step > 0) {
                double t = (half - walked) / step;
                return {a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t};
            }
            walked += step;
        }
        return longest->front();
    }
    if (!feature.points.empty()) return feature.points.front();
    return feature.bounds.empty() ? geo::Vec2{} : feature.bounds.center();
}

bool isPinLayer(const geo::LoadedLayer& layer) {
    return layer.data.kind == geo::GeometryKind::Point ||
           (layer.data.kind != geo::GeometryKind::Line && layer.spec.kind == geo::LayerKind::Points);
}

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
            const float roof = context.surfaces ? static_cast<float>(pinRoofHeight(*context.surfaces, p)) : 0.0f;
            osg::Vec3f base(static_cast<float>(p.x), static_cast<float>(p.y), 0), top(base.x(), base.y(), roof);
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
    if (layer.spec.kind == geo::LayerKind::Models) return buildModelLayer(layer, context);
    if (geo::isRasterKind(layer.spec.kind)) return buildRasterLayer(layer, context);
    switch (layer.data.kind) {
    case geo::GeometryKind::Point: return buildPointLayer(layer, context);
    case geo::GeometryKind::Line: return buildLineLayer(layer, context);
    case geo::GeometryKind::Polygon:
        switch (layer.spec.kind) {
        case geo::LayerKind::Lines: return buildLineLayer(layer, context);
        case geo::LayerKind::Points: return buildPointLayer(layer, context);
        case geo::LayerKind::Boundary: return buildBoundaryLayer(layer, context);
        case geo::LayerKind::Parcels:
        case geo::LayerKind::Polygons: return buildPolygonLayer(layer, context);
        case geo::LayerKind::Models:
        case geo::LayerKind::Imagery:
        case geo::LayerKind::Terrain: break;
        }
        break;
    case geo::GeometryKind::None: break;
    }
    return {};
}

}  // namespace planview
