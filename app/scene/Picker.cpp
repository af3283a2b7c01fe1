#include "app/scene/Picker.h"
#include <algorithm>
#include <cmath>
#include <osgUtil/IntersectionVisitor>
#include <osgUtil/LineSegmentIntersector>
#include "app/scene/LayerBuilders.h"
#include "app/scene/SplitView.h"
#include "geo/LayerDrawing.h"

namespace planview {

namespace {

// The pin under the cursor, within the head's radius: pins stand above everything else.
std::optional<PickResult> pickPin(const Scene& scene, const osg::Matrixd& view, const osg::Matrixd& projection,
                                  double width, double height, double x, double y) {
    const osg::Matrixd vp = view * projection;
    const osg::Vec3d eye = osg::Vec3d() * osg::Matrixd::inverse(view);
    std::optional<PickResult> best;
    // Pixels: the head's radius (a share of the image height, as pins.vert) plus a little; the
    // selected pin's head is larger.
    const double headRadius = kPinHeadShare * height / 2;
    const std::optional<FeatureRef> selected = scene.selection();
    double bestDistance = headRadius * kPinSelectedScale + 3;
    for (std::size_t l = 0; l < scene.layerCount(); ++l) {
        const geo::LoadedLayer& layer = scene.data().layers[l];
        if (!scene.layerVisible(l) || !layer.available() || !isPinLayer(layer)) continue;
        for (std::size_t i = 0; i < layer.data.features.size(); ++i) {
            const geo::Feature& f = layer.data.features[i];
            std::vector<geo::Vec2> points = f.points;
            if (points.empty()) points.push_back(labelPoint(f));
            const bool isSelected = selected && selected->layer == static_cast<int>(l) && selected->feature == i && selected->tile < 0;
            for (const geo::Vec2& p : points) {
                // As PointBuilder and pins.vert: the top on the roof at the point, lifted by a share of
                // its eye distance.
                osg::Vec3d top(p.x, p.y, static_cast<float>(pinRoofHeight(scene.pickIndex(), p)));
                osg::Vec3d head = top + osg::Vec3d(0, 0, kPinHeight * (top - eye).length());
                osg::Vec4d clip = osg::Vec4d(head, 1) * vp;
                if (clip.w() <= 0) continue;
                double sx = (clip.x() / clip.w() * 0.5 + 0.5) * width, sy = (clip.y() / clip.w() * 0.5 + 0.5) * height;
                double d = std::hypot(sx - x, sy - y);
                if (d > headRadius * (isSelected ? kPinSelectedScale : 1.0) + 3) continue;
                if (d < bestDistance) {
                    bestDistance = d;
                    best = PickResult{{static_cast<int>(l), i}, head};
                }
            }
        }
    }
    return best;
}

// The nearest visible model under the segment start→end (ratio along it, 0..1), intersecting the
// triangles drawn now (a tile set's levels as paged in).
std::optional<std::pair<double, PickResult>> pickModel(const Scene& scene, const osg::Vec3d& start, const osg::Vec3d& end) {
    std::optional<std::pair<double, PickResult>> best;
    for (std::size_t l = 0; l < scene.layerCount(); ++l) {
        osg::Group* part = scene.modelPart(l);
        if (!part || !scene.layerVisible(l)) continue;
        osg::ref_ptr<osgUtil::LineSegmentIntersector> intersector = new osgUtil::LineSegmentIntersector(start, end);
        osgUtil::IntersectionVisitor visitor(intersector.get());
        part->accept(visitor);
        if (!intersector->containsIntersections()) continue;
        const osgUtil::LineSegmentIntersector::Intersection& hit = intersector->getFirstIntersection();
        // The visitor starts at the part: the path from it down, with the part first.
        const int tile = modelTileOf(part, hit.nodePath);
        if (tile < 0 || !scene.featureShown(l, static_cast<std::size_t>(tile))) continue;
        if (!best || hit.ratio < best->first)
            best = {hit.ratio, PickResult{{static_cast<int>(l), static_cast<std::size_t>(tile)}, hit.getWorldIntersectPoint()}};
    }
    return best;
}

// Whether what was hit is drawn depth-tested, so that the terrain in front hides it: extruded
// features and curtains, not what lies flat on the ground (on terrain, an extruded layer's flat
// features are painted with the flat layers: PolygonBuilder).
bool hiddenByGround(const Scene& scene, const geo::PickHit& hit) {
    const geo::LoadedLayer& layer = scene.data().layers[hit.layer];
    if (geo::layerDrawing(layer) == geo::LayerDrawing::Curtains) return true;
    const std::vector<double>& heights = scene.heights(hit.layer);
    return hit.feature < heights.size() && heights[hit.feature] > 0;
}

}  // namespace

osg::Matrixd drawnProjection(const Scene& scene, const osg::Matrixd& whole, double x, double width) {
    const std::optional<geo::CompareView>& compare = scene.shown().compare;
    if (!compare || compare->mode != geo::CompareMode::Split) return whole;
    return splitHalfProjection(whole, splitSideAt(x, width));
}

geo::PickIndex buildPickIndex(const Scene& scene) {
    using Drawing = geo::PickIndex::Drawing;
    using Surface = geo::PickIndex::Surface;
    using Pass = geo::PickIndex::Pass;
    geo::PickIndex index;
    for (std::size_t l = 0; l < scene.layerCount(); ++l) {
        const geo::LoadedLayer& layer = scene.data().layers[l];
        // Pins: the screen-space test above; models: their own triangles (pickModel).
        if (!layer.available() || isPinLayer(layer) || layer.models) continue;
        std::vector<double> heights = scene.heights(l);
        const bool anyHeight = std::any_of(heights.begin(), heights.end(), [](double h) { return h > 0; });
        // The same dispatch as buildLayer (geo::layerDrawing), and the same shapes as each builder draws.
        switch (geo::layerDrawing(layer)) {
        case geo::LayerDrawing::Ribbons:
            // LineBuilder: ribbons max(width, 0.1 m) wide on the ground, in the flat pass.
            index.addLayer(l, layer.data, {}, Drawing{Surface::Ribbons, Pass::Flat, std::max(layer.spec.style.lineWidth, 0.1)},
                           scene.bases(l));
            break;
        case geo::LayerDrawing::Curtains:
            // BoundaryBuilder: translucent walls at the feature's height, or geo::kDefaultCurtainHeight.
            index.addLayer(l, layer.data, geo::curtainHeights(std::move(heights)), Drawing{Surface::Walls, Pass::Translucent, 0},
                           scene.bases(l));
            break;
        case geo::LayerDrawing::Prisms:
            // PolygonBuilder: a layer with any extrusion is drawn solid (its flat features too), else flat.
            index.addLayer(l, layer.data, std::move(heights), Drawing{Surface::Prisms, anyHeight ? Pass::Solid : Pass::Flat, 0},
                           scene.bases(l));
            break;
        case geo::LayerDrawing::Pins:
        case geo::LayerDrawing::Models:
        case geo::LayerDrawing::Raster:   // the ground: not a feature to pick
        case geo::LayerDrawing::None: break;
        }
    }
    return index;
}

std::optional<PickResult> pickFeature(const Scene& scene, const osg::Matrixd& view, const osg::Matrixd& projection,
                                      double width, double height, double x, double y) {
    if (auto pin = pickPin(scene, view, projection, width, height, x, y)) return pin;

    // The segment from the near to the far plane under the pixel, as an intersector would take it.
    const double nx = x / width * 2 - 1, ny = y / height * 2 - 1;
    const osg::Matrixd inverse = osg::Matrixd::inverse(view * projection);
    const osg::Vec3d start = osg::Vec3d(nx, ny, -1) * inverse, end = osg::Vec3d(nx, ny, 1) * inverse;
    const osg::Vec3d direction = end - start;
    geo::PickRay ray{{start.x(), start.y(), start.z()}, {direction.x(), direction.y(), direction.z()}, 1.0};

    std::vector<bool> visible(scene.layerCount());
    for (std::size_t l = 0; l < visible.size(); ++l) visible[l] = scene.layerVisible(l);
    // Two versions compared are drawn whatever the layer list says: both coloured by change, or each
    // on its side of a line (a swipe, or side by side: the middle), where only it is picked.
    if (const std::optional<geo::CompareView>& compare = scene.shown().compare) {
        const float line = compare->mode == geo::CompareMode::Split ? 0.5f : compare->swipe;
        const bool left = x / width < line;
        auto set = [&](int layer, bool drawn) {
            if (layer >= 0 && static_cast<std::size_t>(layer) < visible.size()) visible[static_cast<std::size_t>(layer)] = drawn;
        };
        set(compare->before, compare->mode == geo::CompareMode::Changes || left);
        set(compare->after, compare->mode == geo::CompareMode::Changes || !left);
    }
    auto shown = [&scene](std::size_t layer, std::size_t feature) { return scene.featureShown(layer, feature); };
    std::optional<geo::PickHit> hit = scene.pickIndex().pick(ray, visible, shown);
    // On terrain a hill hides the solids and curtains behind it (the flat pass paints over the
    // ground, so draped features stay pickable where they show).
    if (hit && !scene.ground().flat() && hiddenByGround(scene, *hit))
        if (std::optional<geo::PickPoint> ground = scene.ground().intersect(ray)) {
            const double groundDistance = (osg::Vec3d(ground->x, ground->y, ground->z) - start).length();
            if (groundDistance + scene.ground().spacing() < hit->distance) hit.reset();
        }
    // Models: nearer than the indexed surfaces (distance in metres along the segment), or alone.
    if (auto model = pickModel(scene, start, end); model && (!hit || model->first * direction.length() < hit->distance))
        return model->second;
    // Streamed layers: the features of the tiles held in full (what is drawn in detail).
    if (const TileStreamer* streamer = scene.streamer())
        if (auto tileHit = streamer->pick(ray); tileHit && (!hit || tileHit->hit.distance < hit->distance))
            return PickResult{{static_cast<int>(tileHit->hit.layer), tileHit->hit.feature, tileHit->tile},
                              osg::Vec3d(tileHit->hit.point.x, tileHit->hit.point.y, tileHit->hit.point.z)};
    if (!hit) return std::nullopt;
    return PickResult{{static_cast<int>(hit->layer), hit->feature}, osg::Vec3d(hit->point.x, hit->point.y, hit->point.z)};
}

}  // namespace planview
