#include "geo/MeasuredArea.h"
#include <ogr_api.h>
#include "geo/Geodesic.h"
#include "geo/Geometry.h"
#include "geo/SceneFrame.h"

namespace geo {

std::unique_ptr<OGRMultiPolygon> toOgr(const Feature& f) {
    auto multi = std::make_unique<OGRMultiPolygon>();
    for (const Polygon& p : f.polygons) {
        auto polygon = std::make_unique<OGRPolygon>();
        for (const Ring& r : p.rings) {
            if (r.empty()) continue;
            auto ring = std::make_unique<OGRLinearRing>();
            ring->setNumPoints(static_cast<int>(r.size()) + 1, FALSE);
            for (std::size_t i = 0; i <= r.size(); ++i) ring->setPoint(static_cast<int>(i), r[i % r.size()].x, r[i % r.size()].y);
            polygon->addRingDirectly(ring.release());
        }
        multi->addGeometryDirectly(polygon.release());
    }
    return multi;
}

double featureArea(const Feature& f, const SceneFrame* frame) {
    double a = 0;
    for (const Polygon& p : f.polygons) a += frame ? reportedArea(p, *frame) : area(p);
    return a;
}

double partArea(const OGRGeometry& part, const SceneFrame* frame) {
    if (!frame || !frame->distortsMeasures()) return OGR_G_Area(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(&part)));
    const OGRwkbGeometryType t = wkbFlatten(part.getGeometryType());
    if (t == wkbPolygon) {
        Polygon polygon;
        for (const OGRLinearRing* r : *part.toPolygon()) {
            Ring ring;
            for (const OGRPoint& p : *r) ring.push_back({p.getX(), p.getY()});
            polygon.rings.push_back(std::move(ring));
        }
        return geodesicArea(polygon, *frame);
    }
    double a = 0;
    if (t == wkbMultiPolygon || t == wkbGeometryCollection)
        for (const OGRGeometry* g : *part.toGeometryCollection()) a += partArea(*g, frame);
    return a;
}

}  // namespace geo
