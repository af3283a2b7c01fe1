// Lines as ribbons a given number of metres wide, lying on the ground, with mitred joints.
#include <cmath>
#include "app/scene/LayerBuilders.h"
#include "app/scene/Mesh.h"

namespace planview {

namespace {

struct Dir {
    double x = 0, y = 0;
};

Dir unit(const geo::Vec2& a, const geo::Vec2& b) {
    double dx = b.x - a.x, dy = b.y - a.y, l = std::hypot(dx, dy);
    return l > 0 ? Dir{dx / l, dy / l} : Dir{};
}

// Appends a ribbon along `points` (consecutive duplicates already removed).
void addRibbon(Mesh& mesh, const std::vector<geo::Vec2>& points, bool closed, double halfWidth, std::size_t feature) {
    const std::size_t n = points.size();
    if (n < 2) return;
    const osg::Vec3f up(0, 0, 1);
    std::uint32_t first = mesh.vertexCount();
    for (std::size_t i = 0; i < n; ++i) {
        bool hasPrev = closed || i > 0, hasNext = closed || i + 1 < n;
        Dir prev = hasPrev ? unit(points[(i + n - 1) % n], points[i]) : Dir{};
        Dir next = hasNext ? unit(points[i], points[(i + 1) % n]) : Dir{};
        if (!hasPrev) prev = next;
        if (!hasNext) next = prev;
        // Left normals of both segments; the mitre is their bisector, lengthened (at most twice).
        double mx = -prev.y - next.y, my = prev.x + next.x, ml = std::hypot(mx, my);
        if (ml < 1e-9) {
            mx = -prev.y;
            my = prev.x;
            ml = 1;
        }
        mx /= ml;
        my /= ml;
        double cosine = mx * -next.y + my * next.x;
        double scale = halfWidth / std::max(cosine, 0.5);
        const geo::Vec2& p = points[i];
        mesh.addVertex({static_cast<float>(p.x + mx * scale), static_cast<float>(p.y + my * scale), 0}, up, feature);
        mesh.addVertex({static_cast<float>(p.x - mx * scale), static_cast<float>(p.y - my * scale), 0}, up, feature);
    }
    std::size_t segments = closed ? n : n - 1;
    for (std::size_t i = 0; i < segments; ++i) {
        std::uint32_t l0 = first + static_cast<std::uint32_t>(2 * i), r0 = l0 + 1;
        std::uint32_t l1 = first + static_cast<std::uint32_t>(2 * ((i + 1) % n)), r1 = l1 + 1;
        mesh.indices.insert(mesh.indices.end(), {r0, r1, l1, r0, l1, l0});
    }
}

std::vector<geo::Vec2> withoutDuplicates(const std::vector<geo::Vec2>& line) {
    std::vector<geo::Vec2> out;
    for (const geo::Vec2& p : line)
        if (out.empty() || std::hypot(p.x - out.back().x, p.y - out.back().y) > 1e-3) out.push_back(p);
    return out;
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
        for (const auto& line : f.lines) addRibbon(mesh, withoutDuplicates(line), false, halfWidth, i);
        for (const auto& polygon : f.polygons)
            for (const auto& ring : polygon.rings) addRibbon(mesh, withoutDuplicates(ring), true, halfWidth, i);
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
