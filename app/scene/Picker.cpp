#include "app/scene/Picker.h"
#include <algorithm>
#include <cmath>
#include <osgUtil/IntersectionVisitor>
#include <osgUtil/LineSegmentIntersector>
#include "app/scene/LayerBuilders.h"
#include "app/scene/Mesh.h"

namespace planview {

namespace {

bool isPinLayer(const geo::LoadedLayer& layer) {
    return layer.data.kind == geo::GeometryKind::Point ||
           (layer.data.kind != geo::GeometryKind::Line && layer.spec.kind == geo::LayerKind::Points);
}

// The pin under the cursor, within the head's radius: pins stand above everything else.
std::optional<PickResult> pickPin(const Scene& scene, const osg::Matrixd& view, const osg::Matrixd& projection,
                                  double width, double height, double x, double y) {
    const osg::Matrixd vp = view * projection;
    const osg::Vec3d eye = osg::Vec3d() * osg::Matrixd::inverse(view);
    std::optional<PickResult> best;
    double bestDistance = 10.0;   // pixels: the head's radius plus a little
    for (std::size_t l = 0; l < scene.layerCount(); ++l) {
        const geo::LoadedLayer& layer = scene.data().layers[l];
        if (!scene.layerVisible(l) || !layer.available() || !isPinLayer(layer)) continue;
        for (std::size_t i = 0; i < layer.data.features.size(); ++i) {
            const geo::Feature& f = layer.data.features[i];
            std::vector<geo::Vec2> points = f.points;
            if (points.empty()) points.push_back(labelPoint(f));
            for (const geo::Vec2& p : points) {
                osg::Vec3d base(p.x, p.y, 0);
                osg::Vec3d head = base + osg::Vec3d(0, 0, kPinHeight * (base - eye).length());   // as pins.vert
                osg::Vec4d clip = osg::Vec4d(head, 1) * vp;
                if (clip.w() <= 0) continue;
                double sx = (clip.x() / clip.w() * 0.5 + 0.5) * width, sy = (clip.y() / clip.w() * 0.5 + 0.5) * height;
                double d = std::hypot(sx - x, sy - y);
                if (d < bestDistance) {
                    bestDistance = d;
                    best = PickResult{{static_cast<int>(l), i}, head};
                }
            }
        }
    }
    return best;
}

}  // namespace

std::optional<PickResult> pickFeature(const Scene& scene, const osg::Matrixd& view, const osg::Matrixd& projection,
                                      double width, double height, double x, double y) {
    if (auto pin = pickPin(scene, view, projection, width, height, x, y)) return pin;

    const double nx = x / width * 2 - 1, ny = y / height * 2 - 1;
    const osg::Matrixd inverse = osg::Matrixd::inverse(view * projection);
    const osg::Vec3d start = osg::Vec3d(nx, ny, -1) * inverse, end = osg::Vec3d(nx, ny, 1) * inverse;
    osg::ref_ptr<osgUtil::LineSegmentIntersector> intersector = new osgUtil::LineSegmentIntersector(start, end);
    osgUtil::IntersectionVisitor visitor(intersector.get());
    scene.root()->accept(visitor);

    struct Hit {
        PickResult result;
        double depth;   // metres from the start of the segment
        int rank;       // drawing order among coplanar hits: later passes and layers on top
        bool translucent;
    };
    std::vector<Hit> hits;
    const double length = (end - start).length();
    for (const auto& intersection : intersector->getIntersections()) {
        const osg::Drawable* drawable = intersection.drawable.get();
        const auto* tag = drawable ? dynamic_cast<const GeometryTag*>(drawable->getUserData()) : nullptr;
        if (!tag || !tag->pickable || intersection.indexList.empty()) continue;
        const auto* geometry = drawable->asGeometry();
        const auto* ids = geometry ? dynamic_cast<const osg::FloatArray*>(geometry->getVertexAttribArray(kFeatureIdAttribute)) : nullptr;
        if (!ids || intersection.indexList[0] >= ids->size()) continue;
        std::size_t feature = static_cast<std::size_t>((*ids)[intersection.indexList[0]] + 0.5f);
        const geo::LoadedLayer& layer = scene.data().layers[static_cast<std::size_t>(tag->layer)];
        if (feature >= layer.data.features.size()) continue;
        Hit hit{{{tag->layer, feature}, intersection.getWorldIntersectPoint()},
                intersection.ratio * length,
                static_cast<int>(tag->pass) * 100000 + tag->layer,
                tag->pass == Pass::Translucent};
        hits.push_back(hit);
    }
    auto best = [&](bool translucent) -> std::optional<PickResult> {
        const Hit* chosen = nullptr;
        for (const Hit& h : hits) {
            if (h.translucent != translucent) continue;
            // Within a centimetre counts as the same surface: the one drawn later is on top.
            if (!chosen || h.depth < chosen->depth - 0.01 ||
                (std::abs(h.depth - chosen->depth) <= 0.01 && h.rank > chosen->rank))
                chosen = &h;
        }
        if (!chosen) return std::nullopt;
        return chosen->result;
    };
    if (auto solid = best(false)) return solid;
    return best(true);
}

}  // namespace planview
