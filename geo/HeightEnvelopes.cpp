#include "geo/HeightEnvelopes.h"
#include <algorithm>
#include <cmath>
#include <memory>
#include <ogr_geometry.h>
#include "geo/Geometry.h"
#include "geo/MeasuredArea.h"

namespace geo {

bool HeightEnvelope::operator==(const HeightEnvelope& o) const {
    if (feature != o.feature || height != o.height || setback != o.setback || exceeded != o.exceeded ||
        footprint.size() != o.footprint.size())
        return false;
    for (std::size_t p = 0; p < footprint.size(); ++p) {
        const auto &a = footprint[p].rings, &b = o.footprint[p].rings;
        if (a.size() != b.size()) return false;
        for (std::size_t r = 0; r < a.size(); ++r) {
            if (a[r].size() != b[r].size()) return false;
            for (std::size_t k = 0; k < a[r].size(); ++k)
                if (a[r][k].x != b[r][k].x || a[r][k].y != b[r][k].y) return false;
        }
    }
    return true;
}

namespace {

/// A GEOS result's polygons as the feature model's: rings unclosed, exteriors counter-clockwise and
/// holes clockwise (the winding the scene's walls face outward by).
void addPolygons(const OGRGeometry& g, std::vector<Polygon>& into) {
    const OGRwkbGeometryType type = wkbFlatten(g.getGeometryType());
    if (type == wkbMultiPolygon || type == wkbGeometryCollection) {
        for (const OGRGeometry* part : *g.toGeometryCollection()) addPolygons(*part, into);
        return;
    }
    if (type != wkbPolygon) return;
    Polygon polygon;
    for (const OGRLinearRing* ring : *g.toPolygon()) {
        Ring points;
        for (const OGRPoint& p : *ring) points.push_back({p.getX(), p.getY()});
        if (points.size() > 1 && points.front().x == points.back().x && points.front().y == points.back().y) points.pop_back();
        if (points.size() < 3) continue;
        const bool exterior = polygon.rings.empty();
        if ((signedArea(points) > 0) != exterior) std::reverse(points.begin(), points.end());
        polygon.rings.push_back(std::move(points));
    }
    if (!polygon.rings.empty() && area(polygon) > 0) into.push_back(std::move(polygon));
}

}  // namespace

std::vector<HeightEnvelope> heightEnvelopes(const CheckReport& report, const FeatureLayer& parcels) {
    // The report's rows are by parcel, then by kind of limit: each parcel's height and setback rows.
    struct Limits {
        double height = NAN, setback = 0;
        bool exceeded = false;
    };
    std::vector<Limits> limits(parcels.features.size());
    for (const CheckRow& row : report.rows) {
        if (row.feature >= limits.size()) continue;
        Limits& l = limits[row.feature];
        if (row.kind == LimitKind::MaxHeight) {
            l.height = row.limit;
            l.exceeded = row.outcome == CheckOutcome::Violation;
        } else if (row.kind == LimitKind::MinSetback) {
            l.setback = row.limit;
        }
    }
    std::vector<HeightEnvelope> out;
    for (std::size_t i = 0; i < limits.size(); ++i) {
        const Limits& l = limits[i];
        const Feature& f = parcels.features[i];
        if (!(l.height > 0) || f.polygons.empty()) continue;
        HeightEnvelope e;
        e.feature = i;
        e.height = l.height;
        e.setback = l.setback > 0 ? l.setback : 0;
        e.exceeded = l.exceeded;
        if (e.setback > 0) {
            const std::unique_ptr<OGRMultiPolygon> parcel = toOgr(f);
            const std::unique_ptr<OGRGeometry> shrunk(parcel->Buffer(-e.setback, kEnvelopeQuadrantSegments));
            if (shrunk) addPolygons(*shrunk, e.footprint);
        } else {
            e.footprint = f.polygons;
        }
        if (!e.footprint.empty()) out.push_back(std::move(e));
    }
    return out;
}

}  // namespace geo
