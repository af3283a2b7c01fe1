// The geometry step of readLayer: a feature's geometry as GDAL decoded it (or its polygons as read
// from WKB) into the feature model in the scene frame. Parts taken by kind, curves linearized,
// points projected, polygons judged valid (a cheap check, else GEOS), repaired with MakeValid,
// slivers and flat shells dropped, rings oriented. Runs on either thread of the shaping pipeline.
#include <algorithm>
#include <cmath>
#include "geo/FeatureReaderInternal.h"
#include "geo/Gcj02.h"
#include "geo/Geometry.h"
#include "geo/Wkb.h"

namespace geo {
namespace reading {

namespace {

/// Parts of one feature's geometry as GDAL decoded it, in the source CRS, sorted by kind.
struct Parts {
    std::vector<const OGRPolygon*> polygons;
    std::vector<const OGRLineString*> lines;
    std::vector<const OGRPoint*> points;
};

void collectParts(const OGRGeometry* g, Parts& parts) {
    if (!g || g->IsEmpty()) return;
    switch (wkbFlatten(g->getGeometryType())) {
    case wkbPolygon: parts.polygons.push_back(g->toPolygon()); break;
    case wkbLineString: parts.lines.push_back(g->toLineString()); break;
    case wkbPoint: parts.points.push_back(g->toPoint()); break;
    case wkbMultiPolygon:
    case wkbMultiLineString:
    case wkbMultiPoint:
    case wkbGeometryCollection:
        for (const OGRGeometry* part : g->toGeometryCollection()) collectParts(part, parts);
        break;
    default: break;  // curves were linearized before; anything else (TIN, polyhedral) is left out
    }
}

// Polygons are judged and repaired as plain rings (geo::Polygon) "as read": each ring's points as the
// source wrote them, closed by repeating the first point unless the source left it open, repeated
// points kept. addPolygon() makes them the model's rings once they are judged.

std::vector<Vec2> curvePoints(const OGRSimpleCurve& curve) {
    std::vector<Vec2> points(static_cast<std::size_t>(curve.getNumPoints()));
    if (!points.empty()) curve.getPoints(&points[0].x, sizeof(Vec2), &points[0].y, sizeof(Vec2));
    return points;
}

Polygon ringsOf(const OGRPolygon& polygon) {
    Polygon out;
    for (const OGRLinearRing* ring : polygon) out.rings.push_back(curvePoints(*ring));
    return out;
}

OGRPolygon toOgr(const Polygon& polygon) {
    OGRPolygon out;
    for (const Ring& points : polygon.rings) {
        auto ring = std::make_unique<OGRLinearRing>();
        ring->setNumPoints(static_cast<int>(points.size()), FALSE);
        for (std::size_t i = 0; i < points.size(); ++i) ring->setPoint(static_cast<int>(i), points[i].x, points[i].y);
        out.addRingDirectly(ring.release());
    }
    return out;
}

bool samePoint(const Vec2& a, const Vec2& b) { return a.x == b.x && a.y == b.y; }

// Cheap validity check for the common small polygon (up to 64 points) with closed rings, which only
// says yes to a valid one: rings of >= 3 points, none repeated, no two edges of any rings crossing or
// touching except neighbours in a ring, every hole inside the shell and outside the other holes. What it
// cannot settle (rings touching, edges on one line, larger polygons) goes to GEOS.
bool smallPolygonLooksValid(const Polygon& polygon) {
    auto geosSaysValid = [&] { return toOgr(polygon).IsValid() != FALSE; };
    // Every ring's points but the closing one, ring after ring: ring r is start[r] .. start[r + 1) - 1.
    constexpr int kMaxPoints = 64;
    double xs[kMaxPoints], ys[kMaxPoints];
    int start[kMaxPoints / 3 + 2];
    const int rings = static_cast<int>(polygon.rings.size());
    if (rings == 0) return false;
    if (rings > kMaxPoints / 3) return geosSaysValid();
    int total = 0;
    for (int r = 0; r < rings; ++r) {
        const Ring& ring = polygon.rings[static_cast<std::size_t>(r)];
        const int n = static_cast<int>(ring.size()) - 1;  // closed: last == first
        if (n < 3) return false;
        if (total + n > kMaxPoints) return geosSaysValid();
        start[r] = total;
        for (int i = 0; i < n; ++i) {
            xs[total + i] = ring[static_cast<std::size_t>(i)].x;
            ys[total + i] = ring[static_cast<std::size_t>(i)].y;
        }
        total += n;
    }
    start[rings] = total;
    auto orient = [&](int a, int b, int c) {
        const double v = (xs[b] - xs[a]) * (ys[c] - ys[a]) - (ys[b] - ys[a]) * (xs[c] - xs[a]);
        return (v > 0) - (v < 0);
    };
    // No two segments of any rings meet, but neighbours in a ring at their shared point.
    for (int r = 0; r < rings; ++r)
        for (int i = start[r]; i < start[r + 1]; ++i) {
            const int i2 = i + 1 < start[r + 1] ? i + 1 : start[r];
            if (xs[i] == xs[i2] && ys[i] == ys[i2]) return geosSaysValid();  // a repeated point: GEOS decides
            for (int q = r; q < rings; ++q)
                for (int j = q == r ? i + 1 : start[q]; j < start[q + 1]; ++j) {
                    const int j2 = j + 1 < start[q + 1] ? j + 1 : start[q];
                    if (q == r && (j == i2 || j2 == i)) continue;
                    const int o1 = orient(i, i2, j), o2 = orient(i, i2, j2), o3 = orient(j, j2, i), o4 = orient(j, j2, i2);
                    if (o1 == 0 || o2 == 0 || o3 == 0 || o4 == 0) return geosSaysValid();  // touching: ask GEOS
                    if (o1 != o2 && o3 != o4) return false;                                // crossing
                }
        }
    // With no rings meeting, each hole lies wholly inside or outside the shell and each other hole:
    // one point of it tells. Inside the shell and outside the others, the interior is connected.
    // (The rings are closed: their closing edge has no length and crosses nothing.)
    for (std::size_t h = 1; h < polygon.rings.size(); ++h) {
        const Vec2 first = polygon.rings[h][0];
        if (!pointInRing(polygon.rings[0], first)) return geosSaysValid();
        for (std::size_t g = 1; g < polygon.rings.size(); ++g)
            if (g != h && pointInRing(polygon.rings[g], first)) return geosSaysValid();
    }
    return std::fabs(area(polygon)) > 0;
}

// A polygon thinner than a millimetre on the ground (twice its area over its perimeter) is a digitizing
// artefact, not a parcel: it would be drawn as nothing and counted as something.
bool isSliver(const Polygon& polygon) {
    double perimeter = 0;
    if (!polygon.rings.empty())
        for (std::size_t i = 1; i < polygon.rings[0].size(); ++i) {
            const Vec2& a = polygon.rings[0][i - 1];
            const Vec2& b = polygon.rings[0][i];
            perimeter += std::sqrt((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y));   // (hypot is 5x slower)
        }
    return perimeter <= 0 || 2 * std::fabs(area(polygon)) / perimeter < 1e-3;
}

// A shell whose points all lie on one line (to a billionth of its length), in whatever units its
// coordinates are. (Not a zero signed area: a bow-tie's two halves cancel.)
bool isFlat(const Ring& shell) {
    const std::size_t n = shell.size();
    if (n < 3) return false;   // left to the checks after projection
    const Vec2 p0 = shell[0];
    std::size_t far = 0;
    double farthest = 0;
    for (std::size_t i = 1; i < n; ++i) {
        const double dx = shell[i].x - p0.x, dy = shell[i].y - p0.y;
        const double d = std::sqrt(dx * dx + dy * dy);
        if (d > farthest) { farthest = d; far = i; }
    }
    if (farthest == 0) return true;
    const double dx = shell[far].x - p0.x, dy = shell[far].y - p0.y;
    for (std::size_t i = 1; i < n; ++i) {
        double offLine = std::fabs(dx * (shell[i].y - p0.y) - dy * (shell[i].x - p0.x)) / farthest;
        if (offLine > 1e-9 * farthest) return false;
    }
    return true;
}

/// Drops repeated consecutive points.
void dropRepeats(std::vector<Vec2>& points) {
    points.erase(std::unique(points.begin(), points.end(), samePoint), points.end());
}

}  // namespace

void PendingFeature::takeWkb(const unsigned char* wkb, std::size_t size) {
    if (!wkb || readWkbPolygons(wkb, size, polygons)) return;
    OGRGeometry* decoded = nullptr;
    if (OGRGeometryFactory::createFromWkb(wkb, nullptr, &decoded, size) != OGRERR_NONE)
        return skip("geometry cannot be decoded; skipped");
    geometry.reset(decoded);
}

namespace {

/// `lon` moved by whole turns to lie within 180° of `near`.
double nearLongitude(double lon, double near) {
    if (std::abs(lon - near) <= 180) return lon;
    return lon - 360.0 * std::round((lon - near) / 360.0);
}

/// A geographic line or ring made continuous across the antimeridian (see LayerReader::project).
void unwrapLongitudes(std::vector<Vec2>& points, LayerReader::Along along, double start) {
    if (points.empty()) return;
    if (along == LayerReader::Along::Points) {
        for (Vec2& p : points) p.x = nearLongitude(p.x, start);
        return;
    }
    bool moves = std::abs(points[0].x - start) > 180;
    for (std::size_t i = 1; i < points.size() && !moves; ++i) moves = std::abs(points[i].x - points[i - 1].x) > 180;
    if (!moves) return;   // the common case: nothing to change
    std::vector<Vec2> unwrapped = points;
    unwrapped[0].x = nearLongitude(unwrapped[0].x, start);
    for (std::size_t i = 1; i < unwrapped.size(); ++i) unwrapped[i].x = nearLongitude(unwrapped[i].x, unwrapped[i - 1].x);
    // A ring round a pole gains a whole turn on its way round: it is kept as written (but for the
    // first point's turn, which moves the whole ring).
    if (along == LayerReader::Along::Ring && std::abs(unwrapped.back().x - unwrapped[0].x) > 180) {
        const double turn = unwrapped[0].x - points[0].x;
        for (Vec2& p : points) p.x += turn;
        return;
    }
    points = std::move(unwrapped);
}

}  // namespace

bool LayerReader::project(std::vector<Vec2>& points, Along along, double* reference) const {
    if (points.empty()) return true;
    if (geographic_) {
        const bool world = frame_->isWorld();
        double start = reference && std::isfinite(*reference) ? *reference : world ? frame_->worldCentreLon() : points[0].x;
        // Outside a world frame only steps across the antimeridian matter: the first point stays.
        if (!world && along == Along::Points) start = NAN;
        if (std::isfinite(start)) unwrapLongitudes(points, along, start);
        if (reference) *reference = points[0].x;
    }
    // A closed ring ends on its first point again: that one is projected once (a seventh of a
    // parcel layer's points), the same point giving the same result.
    const bool closed = points.size() > 1 && points.front().x == points.back().x && points.front().y == points.back().y;
    const std::size_t n = closed ? points.size() - 1 : points.size();
    if (fromGcj02_)
        for (std::size_t i = 0; i < n; ++i) points[i] = gcj02ToWgs84(points[i]);
    if (!toFrame_->transform(n, &points[0].x, &points[0].y, sizeof(Vec2))) return false;
    if (closed) points.back() = points.front();
    const Vec2 o = frame_->origin();
    for (Vec2& p : points) {
        p.x -= o.x;
        p.y -= o.y;
    }
    return true;
}

void LayerReader::shape(PendingFeature& item) {
    if (item.skipped) return;   // its WKB could not be decoded
    std::vector<Polygon> polygons = std::move(item.polygons);   // as read, in the source CRS until projected
    std::vector<std::vector<Vec2>> lines;
    std::vector<Vec2> points;
    if (OGRGeometry* g = item.geometry.get()) {
        if (g->IsEmpty()) return item.skip("has no geometry; skipped");
        std::unique_ptr<OGRGeometry> owned;
        if (g->hasCurveGeometry()) { owned.reset(g->getLinearGeometry()); g = owned.get(); }
        if (g->Is3D() || g->IsMeasured()) g->flattenTo2D();
        Parts parts;
        collectParts(g, parts);
        for (const OGRPolygon* p : parts.polygons) polygons.push_back(ringsOf(*p));
        for (const OGRLineString* l : parts.lines) lines.push_back(curvePoints(*l));
        for (const OGRPoint* p : parts.points) points.push_back({p->getX(), p->getY()});
    } else if (polygons.empty()) {
        return item.skip("has no geometry; skipped");
    }
    Feature& feature = item.feature;
    // Flat in the source's own coordinates (points on one line): nothing the author drew, even if
    // the projection bends it into a sliver with area. Judged before projecting.
    std::vector<bool> flatInSource;
    for (const Polygon& p : polygons) flatInSource.push_back(!p.rings.empty() && isFlat(p.rings[0]));
    bool projected = project(points);
    // In a world frame, a feature's parts go beside its largest one: a country split at the
    // antimeridian (Fiji, Russia's Chukotka) draws in one piece, past the window's edge.
    double featureLongitude = NAN;
    if (geographic_ && frame_->isWorld() && polygons.size() > 1) {
        double largest = -1;
        for (const Polygon& p : polygons) {
            if (p.rings.empty() || p.rings[0].empty()) continue;
            Extent box;
            for (const Vec2& v : p.rings[0]) box.add(v.x, v.y);
            if (box.width() * box.height() > largest) {
                largest = box.width() * box.height();
                featureLongitude = p.rings[0][0].x;
            }
        }
        if (std::isfinite(featureLongitude)) featureLongitude = nearLongitude(featureLongitude, frame_->worldCentreLon());
    }
    for (Polygon& p : polygons) {
        double shellLongitude = featureLongitude;   // then the shell's: holes beside their shell
        for (Ring& ring : p.rings) projected = projected && project(ring, Along::Ring, &shellLongitude);
    }
    for (auto& line : lines) projected = projected && project(line, Along::Line);
    if (!projected) return item.skip("coordinates cannot be transformed into the scene CRS; skipped");

    // Repair polygons that are not valid (self-intersections, unclosed rings, spikes).
    bool repaired = false;
    std::size_t slivers = 0;
    std::vector<Polygon> kept;
    for (std::size_t i = 0; i < polygons.size(); ++i) {
        Polygon& p = polygons[i];
        if (flatInSource[i]) {
            ++slivers;
            continue;
        }
        // Any ring, not only the shell, may be open: it is repaired by closing it, then checked
        // like any other.
        for (Ring& ring : p.rings)
            if (!ring.empty() && !samePoint(ring.front(), ring.back())) {
                ring.push_back(ring.front());
                repaired = true;
            }
        if (smallPolygonLooksValid(p)) {
            if (isSliver(p)) slivers++;
            else kept.push_back(std::move(p));
            continue;
        }
        repaired = true;
        std::unique_ptr<OGRGeometry> valid(toOgr(p).MakeValid());
        if (!valid) continue;
        Parts fixed;
        collectParts(valid.get(), fixed);
        for (const OGRPolygon* q : fixed.polygons) {
            if (q->get_Area() <= 0) continue;
            Polygon rings = ringsOf(*q);
            if (isSliver(rings)) slivers++;
            else kept.push_back(std::move(rings));
        }
    }

    GeometryKind kind = !kept.empty() || !polygons.empty() ? GeometryKind::Polygon
                      : !lines.empty()                     ? GeometryKind::Line
                      : !points.empty()                    ? GeometryKind::Point
                                                           : GeometryKind::None;
    // A collection mixing kinds keeps the feature's main kind; the other parts are dropped, said.
    std::size_t otherParts = kind == GeometryKind::Polygon ? lines.size() + points.size()
                           : kind == GeometryKind::Line    ? points.size()
                                                           : 0;
    for (Polygon& p : kept) addPolygon(std::move(p), feature);
    if (kind == GeometryKind::Line) {
        for (auto& line : lines) {
            dropRepeats(line);
            if (line.size() < 2) continue;
            for (const auto& p : line) feature.bounds.add(p.x, p.y);
            feature.lines.push_back(std::move(line));
        }
    } else if (kind == GeometryKind::Point) {
        for (const Vec2& p : points) feature.bounds.add(p.x, p.y);
        feature.points = std::move(points);
    }
    if (feature.polygons.empty() && feature.lines.empty() && feature.points.empty())
        return item.skip(repaired || slivers ? "geometry is invalid beyond repair; skipped"
                                             : "geometry has no usable part; skipped");
    // Counted as repaired only once the layer's kind is known: a feature then skipped for its kind
    // is one skipped feature, not also a repaired one.
    std::string note;
    if (otherParts) note = std::to_string(otherParts) + " part(s) of another geometry kind dropped from its " + geometryKindName(kind) + " collection";
    else if (repaired) note = "invalid geometry repaired (MakeValid)";
    if (slivers) note += (note.empty() ? "" : "; ") + std::to_string(slivers) + " sliver part(s) under 1 mm wide dropped";
    item.kind = kind;
    item.note = std::move(note);
    item.geometry.reset();
}

void LayerReader::addPolygon(Polygon&& judged, Feature& f) {
    Polygon polygon;
    for (Ring& ring : judged.rings) {
        dropRepeats(ring);
        if (ring.size() > 1 && samePoint(ring.front(), ring.back())) ring.pop_back();
        if (ring.size() < 3) continue;
        bool exterior = polygon.rings.empty();
        if ((signedArea(ring) > 0) != exterior) std::reverse(ring.begin(), ring.end());
        for (const auto& p : ring) f.bounds.add(p.x, p.y);
        polygon.rings.push_back(std::move(ring));
    }
    if (polygon.rings.empty()) return;
    f.polygons.push_back(std::move(polygon));
}

}  // namespace reading
}  // namespace geo
