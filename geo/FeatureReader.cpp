#include "geo/FeatureReader.h"
#include <ogr_recordbatch.h>
#include <ogrsf_frmts.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <map>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <exception>
#include <future>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include "geo/Errors.h"
#include "geo/Gcj02.h"
#include "geo/Geometry.h"
#include "geo/Log.h"
#include "geo/OgrValues.h"
#include "geo/Reprojection.h"
#include "geo/Source.h"
#include "geo/Wkb.h"

namespace geo {

OGRSpatialReference layerCrs(OGRLayer& layer, const std::string& what) {
    if (const OGRSpatialReference* srs = layer.GetSpatialRef()) {
        OGRSpatialReference copy(*srs);
        copy.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        return copy;
    }
    OGREnvelope env;
    const bool hasCoordinates = layer.GetGeomType() != wkbNone && layer.GetFeatureCount(FALSE) != 0 &&
                                layer.GetExtent(&env, TRUE) == OGRERR_NONE;
    if (hasCoordinates) {
        bool lonLat = env.MinX >= -180 && env.MaxX <= 180 && env.MinY >= -90 && env.MaxY <= 90;
        if (!lonLat)
            throw InputError(what + ": has no CRS and its coordinates are not longitude/latitude; "
                                    "give it a .prj or convert it with a CRS");
        // Said once per layer, however many times the layer is opened.
        static std::mutex mutex;
        static std::set<std::string> warned;
        std::lock_guard<std::mutex> lock(mutex);
        if (warned.insert(what).second)
            log().warn("{}: has no CRS; its coordinates look like longitude/latitude, reading them as EPSG:4326", what);
    }
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return wgs84;
}

namespace {

/// What is wrong with a filter, from GDAL's message. SQLite-backed drivers (GeoPackage, SQLite) say
/// only "failed to prepare SQL: SELECT <every column> FROM … WHERE <expr>", without SQLite's reason:
/// then OGR SQL's own parser is asked about the expression on the layer's fields (it names an unknown
/// field or the syntax error), and the statement is never repeated.
std::string filterCause(OGRLayer& layer, const std::string& where, const std::string& message) {
    const std::size_t statement = message.find("SELECT ");
    if (statement == std::string::npos) return message;
    OGRFeatureQuery query;
    CPLErrorReset();
    const OGRErr compiled = query.Compile(layer.GetLayerDefn(), where.c_str(), TRUE, nullptr);
    std::string ogrMessage = compiled != OGRERR_NONE ? std::string(CPLGetLastErrorMsg()) : "";
    CPLErrorReset();
    std::string oneLine;   // GDAL's parser points at the error on a second line: one line, single spaces
    for (char c : ogrMessage) {
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
        if (!(c == ' ' && (oneLine.empty() || oneLine.back() == ' '))) oneLine += c;
    }
    while (!oneLine.empty() && oneLine.back() == ' ') oneLine.pop_back();
    if (!oneLine.empty()) return oneLine;
    std::string before = message.substr(0, statement);
    while (!before.empty() && (before.back() == ' ' || before.back() == ':')) before.pop_back();
    return (before.empty() ? std::string("the data source rejects it") : before) + " (the expression is valid OGR SQL, "
           "but this source evaluates filters in its own SQL dialect)";
}

}  // namespace

void applyAttributeFilter(OGRLayer& layer, const std::string& where, const std::string& what) {
    checkServerFilter(layer, where, what);  // a database layer's filter runs on the server: plain predicates only
    CPLErrorReset();
    lastGdalError();
    bool ok = layer.SetAttributeFilter(where.empty() ? nullptr : where.c_str()) == OGRERR_NONE;
    if (ok && !where.empty()) {
        layer.ResetReading();
        OGRFeatureUniquePtr first(layer.GetNextFeature());
        ok = first || CPLGetLastErrorType() != CE_Failure;
    }
    layer.ResetReading();
    if (!ok) {
        const std::string cause = filterCause(layer, where, lastGdalError());
        layer.SetAttributeFilter(nullptr);
        throw InputError(what + ": bad filter '" + where + "': " + cause);
    }
}

OGRFeatureUniquePtr nextFeature(OGRLayer& layer, const std::string& what) {
    CPLErrorReset();
    OGRFeatureUniquePtr f(layer.GetNextFeature());
    if (!f && CPLGetLastErrorType() == CE_Failure)
        throw InputError(what + (isDatabaseLayer(layer) ? ": reading stopped; the database connection failed: "
                                                        : ": cannot be read to its end (truncated or corrupt?): ") +
                         lastGdalError());
    return f;
}

Extent layerLonLatExtent(OGRLayer& layer, const std::string& what) {
    Extent extent;
    if (layer.GetGeomType() == wkbNone || layer.GetFeatureCount(FALSE) == 0) return extent;  // (Shapefile says 0,0,0,0)
    OGREnvelope env;
    if (layer.GetExtent(&env, TRUE) != OGRERR_NONE) return extent;
    OGRSpatialReference source = layerCrs(layer, what);
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> t(OGRCreateCoordinateTransformation(&source, &wgs84));
    if (!t) throw InputError(what + ": its CRS cannot be transformed to WGS84: " + lastGdalError());
    double minX, minY, maxX, maxY;
    if (!t->TransformBounds(env.MinX, env.MinY, env.MaxX, env.MaxY, &minX, &minY, &maxX, &maxY, 21))
        throw InputError(what + ": its extent lies outside what its CRS can express in longitude/latitude");
    extent.add(minX, minY);
    extent.add(maxX, maxY);
    return extent;
}

std::string featureSummary(std::size_t read, std::size_t repaired, std::size_t skipped) {
    return std::to_string(read) + " features read, " + std::to_string(repaired) + " repaired, " + std::to_string(skipped) +
           " skipped";
}

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

/// One feature on its way through readLayer: its attributes read and its geometry taken from GDAL on
/// the reading thread (GDAL's geometry, or the polygons of the column path's WKB), then shaped
/// (LayerReader::shape) on either thread.
struct PendingFeature {
    Feature feature;
    std::unique_ptr<OGRGeometry> geometry;
    std::vector<Polygon> polygons;   ///< read from WKB, rings as written, in the source CRS
    bool skipped = false;
    std::string warning;                     ///< why it was skipped
    GeometryKind kind = GeometryKind::None;  ///< what it kept, when not skipped
    std::string note;                        ///< why it was changed ("" = it was not)

    void skip(const char* why) {
        skipped = true;
        warning = why;
        geometry.reset();
        polygons = {};
    }

    /// Takes the column path's WKB (null: no geometry): polygons read here, anything else decoded by GDAL.
    void takeWkb(const unsigned char* wkb, std::size_t size) {
        if (!wkb || readWkbPolygons(wkb, size, polygons)) return;
        OGRGeometry* decoded = nullptr;
        if (OGRGeometryFactory::createFromWkb(wkb, nullptr, &decoded, size) != OGRERR_NONE)
            return skip("geometry cannot be decoded; skipped");
        geometry.reset(decoded);
    }
};

class LayerReader {
public:
    explicit LayerReader(const std::string& what) : what_(what) {}

    void warn(FeatureLayer& out, std::int64_t fid, const std::string& cause) {
        std::string line = "feature " + std::to_string(fid) + ": " + cause;
        if (out.report.warnings.size() < 1000) out.report.warnings.push_back(line);
        if (++warnings_ <= 20) log().warn("{}: {}", what_, line);
    }

    void finish(FeatureLayer& out) {
        if (warnings_ > 20) log().warn("{}: {} more features repaired or skipped", what_, warnings_ - 20);
        if (out.report.repaired || out.report.skipped)
            log().warn("{}: {}", what_, featureSummary(out.report.read, out.report.repaired, out.report.skipped));
    }

    /// Where features go: the frame, and the transformation from the layer's CRS into it.
    void setTransform(const SceneFrame& frame, std::unique_ptr<Reprojection> t, bool fromGcj02) {
        frame_ = &frame;
        toFrame_ = std::move(t);
        fromGcj02_ = fromGcj02;
    }
    const SceneFrame& frame() const { return *frame_; }
    bool fromGcj02() const { return fromGcj02_; }
    /// A copy of the transformation, for another thread's LayerReader (made on this one's thread).
    std::unique_ptr<Reprojection> cloneTransform() const { return toFrame_->clone(); }

    /// Takes points in the source CRS into scene metres in place; false if any point fails.
    bool project(std::vector<Vec2>& points) const {
        if (points.empty()) return true;
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

    /// The geometry step of one feature, everything after GDAL read it: curves linearized and parts
    /// taken from GDAL's geometry (or the polygons read from WKB), points projected, polygons judged and
    /// repaired, parts converted into item.feature. Touches no GDAL dataset, so it runs on either
    /// thread of readLayer (each with its own LayerReader). Validity is judged after projecting, in the
    /// frame where the triangles are made: a ring valid in degrees can cross itself once projected.
    void shape(PendingFeature& item) {
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
        for (Polygon& p : polygons)
            for (Ring& ring : p.rings) projected = projected && project(ring);
        for (auto& line : lines) projected = projected && project(line);
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

    /// A judged polygon in scene metres into the model: repeated points and the closing one dropped,
    /// rings of fewer than three points left out, the shell counter-clockwise and holes clockwise.
    static void addPolygon(Polygon&& judged, Feature& f) {
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

private:
    const SceneFrame* frame_ = nullptr;
    std::string what_;
    std::unique_ptr<Reprojection> toFrame_;
    std::size_t warnings_ = 0;
    bool fromGcj02_ = false;
};

/// Overlaps readLayer's two halves on the machine's two cores: the calling thread reads features
/// with GDAL (the dataset stays on it) and hands them in batches to a worker thread that shapes their
/// geometry. When the worker falls behind, the reading thread shapes the oldest waiting batch itself,
/// so both cores stay busy whichever half is slower. Batches are consumed strictly in read order, so
/// the features, their warnings and the counts come out as a single thread makes them.
/// The worker starts only once a layer proves large (kThreadFrom features): small layers, the many
/// of tests and projects, pay no thread start. PLANVIEW_READ_THREADS=1 keeps every layer on one
/// thread and =2 starts the worker with the first batch (the tests compare the two).
/// Until `prepare` (called on the reading thread: with true it waits) says the reader can shape, that
/// is until the scene frame is chosen, batches are read and kept waiting.
class ShapingPipeline {
public:
    ShapingPipeline(LayerReader& reader, const std::string& what, std::function<bool(bool wait)> prepare,
                    std::function<void(PendingFeature&)> consume)
        : reader_(reader), what_(what), prepare_(std::move(prepare)), consume_(std::move(consume)) {
        const char* threads = std::getenv("PLANVIEW_READ_THREADS");
        const std::string mode = threads ? threads : "";
        startAt_ = mode == "1" ? SIZE_MAX : mode == "2" ? 0 : kThreadFrom;
        batch_.reserve(kBatchSize);
    }
    ShapingPipeline(const ShapingPipeline&) = delete;
    ShapingPipeline& operator=(const ShapingPipeline&) = delete;
    ~ShapingPipeline() { stop(); }

    /// On the reading thread, in read order.
    void add(PendingFeature&& item) {
        batch_.push_back(std::move(item));
        if (batch_.size() >= kBatchSize) submit();
    }

    /// Shapes and consumes everything added; rethrows what the worker (or `prepare`) threw.
    void finish() {
        if (!batch_.empty()) submit();
        if (!prepared_ && added_ > 0) {
            prepared_ = prepare_(true);
            startIfLarge();
        }
        while (Batch* b = take(0)) shapeHere(*b);
        consumeDone(true);
        stop();
    }

private:
    static constexpr std::size_t kBatchSize = 256;
    static constexpr std::size_t kThreadFrom = 2000;
    static constexpr std::size_t kMaxWaiting = 8;   // batches queued for the worker (bounds memory)

    struct Batch {
        std::vector<PendingFeature> items;
        bool done = false;
    };

    void submit() {
        auto batch = std::make_unique<Batch>();
        batch->items.swap(batch_);
        batch_.reserve(kBatchSize);
        added_ += batch->items.size();
        {
            std::lock_guard<std::mutex> lock(mutex_);
            waiting_.push_back(batch.get());
            inOrder_.push_back(std::move(batch));
        }
        if (!prepared_ && !(prepared_ = prepare_(false))) return;   // shaped once the frame is known
        startIfLarge();
        // Alone, this thread shapes everything waiting; beside the worker, what it falls behind by.
        while (Batch* b = take(worker_.joinable() ? kMaxWaiting : 0)) shapeHere(*b);
        consumeDone(false);
    }

    void startIfLarge() {
        if (!worker_.joinable() && added_ >= startAt_) {
            seed_ = reader_.cloneTransform();
            worker_ = std::thread([this] { work(*seed_); });
        }
        if (worker_.joinable()) wake_.notify_one();
    }

    void stop() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_all();
        if (worker_.joinable()) worker_.join();
    }

    /// The oldest batch waiting for the worker when more than `over` wait, else null.
    Batch* take(std::size_t over) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (waiting_.size() <= over) return nullptr;
        Batch* b = waiting_.front();
        waiting_.pop_front();
        return b;
    }

    void shapeHere(Batch& b) {
        for (PendingFeature& item : b.items) reader_.shape(item);
        std::lock_guard<std::mutex> lock(mutex_);
        b.done = true;
    }

    /// Consumes finished batches from the front, in read order; with `wait`, all of them.
    void consumeDone(bool wait) {
        for (;;) {
            std::unique_ptr<Batch> front;
            {
                std::unique_lock<std::mutex> lock(mutex_);
                if (wait) done_.wait(lock, [&] { return failure_ || inOrder_.empty() || inOrder_.front()->done; });
                if (failure_) std::rethrow_exception(failure_);
                if (inOrder_.empty() || !inOrder_.front()->done) return;
                front = std::move(inOrder_.front());
                inOrder_.pop_front();
            }
            for (PendingFeature& item : front->items) consume_(item);
        }
    }

    void work(const Reprojection& seed) {
        try {
            // Its own transformation, cloned on this thread (PROJ objects belong to a thread's context).
            std::unique_ptr<Reprojection> own = seed.clone();
            LayerReader reader(what_);
            reader.setTransform(reader_.frame(), std::move(own), reader_.fromGcj02());
            for (;;) {
                Batch* b = nullptr;
                {
                    std::unique_lock<std::mutex> lock(mutex_);
                    wake_.wait(lock, [&] { return stopping_ || !waiting_.empty(); });
                    if (waiting_.empty()) return;
                    b = waiting_.front();
                    waiting_.pop_front();
                }
                for (PendingFeature& item : b->items) reader.shape(item);
                {
                    std::lock_guard<std::mutex> lock(mutex_);
                    b->done = true;
                }
                done_.notify_one();
            }
        } catch (...) {
            std::lock_guard<std::mutex> lock(mutex_);
            failure_ = std::current_exception();
            done_.notify_one();
        }
    }

    LayerReader& reader_;
    std::string what_;
    std::function<bool(bool)> prepare_;
    bool prepared_ = false;
    std::function<void(PendingFeature&)> consume_;
    std::size_t startAt_ = kThreadFrom;
    std::size_t added_ = 0;
    std::vector<PendingFeature> batch_;          // being filled by the reading thread
    std::mutex mutex_;
    std::condition_variable wake_, done_;
    std::deque<std::unique_ptr<Batch>> inOrder_;  // submitted, not yet consumed
    std::deque<Batch*> waiting_;                 // submitted, not yet taken by either thread
    bool stopping_ = false;
    std::exception_ptr failure_;
    std::unique_ptr<Reprojection> seed_;   // made and freed on the reading thread
    std::thread worker_;
};

/// Reads a layer through GDAL's column-oriented interface (RFC 86: Arrow C data batches of attributes
/// and WKB geometries). For a GeoPackage that is about four times faster than one OGRFeature at a time
/// (32-37 ms against 134-142 ms for the benchmark's 200,000 parcels and their attributes), and the WKB
/// goes to readWkbPolygons without an OGRGeometry per feature. Used only where it gives exactly what
/// the feature path gives: a GeoPackage layer with one geometry column and fields that are numbers or
/// text without a subtype (dates stay on the feature path: a malformed date's text would not survive
/// Arrow's date type; booleans, int16 and float32 fields too, which GDAL 3.6 gets wrong there).
/// PLANVIEW_READ_COLUMNS=0 turns it off (the tests compare).
class ColumnReader {
public:
    ColumnReader() = default;
    ColumnReader(const ColumnReader&) = delete;
    ColumnReader& operator=(const ColumnReader&) = delete;
    ~ColumnReader() { release(); }

    /// Starts the layer's stream (with its filters as set); false, having read nothing, when the layer
    /// is not one for the column path.
    bool open(const Source& source, OGRLayer& layer) {
        const char* setting = std::getenv("PLANVIEW_READ_COLUMNS");
        if (setting && std::string(setting) == "0") return false;
        const GDALDriver* driver = source.dataset().GetDriver();
        OGRFeatureDefn* defn = layer.GetLayerDefn();
        if (!driver || std::string(driver->GetDescription()) != "GPKG" || defn->GetGeomFieldCount() != 1) return false;
        for (int i = 0; i < defn->GetFieldCount(); ++i) {
            const OGRFieldType t = defn->GetFieldDefn(i)->GetType();
            if (t != OFTInteger && t != OFTInteger64 && t != OFTReal && t != OFTString) return false;
            // Numbers with a subtype stay on the feature path: GDAL 3.6's column reader narrows int16 and
            // float32 fields to those types while the file holds more, and packs booleans wrongly.
            if (t != OFTString && defn->GetFieldDefn(i)->GetSubType() != OFSTNone) return false;
        }
        layer.ResetReading();
        char** streamOptions = CSLSetNameValue(nullptr, "MAX_FEATURES_IN_BATCH", "4096");
        const bool started = layer.GetArrowStream(&stream_, streamOptions);
        CSLDestroy(streamOptions);
        // Not usable after all: the stream is given up before the layer is read feature by feature.
        auto giveUp = [&] {
            release();
            layer.ResetReading();
            return false;
        };
        if (!started) return giveUp();
        if (stream_.get_schema(&stream_, &schema_) != 0) return giveUp();
        // The expected columns: the FID, the fields in order, the geometry as WKB.
        const char* fidName = layer.GetFIDColumn();
        const int fields = defn->GetFieldCount();
        if (schema_.n_children != fields + 2 || !sameName(schema_.children[0], *fidName ? fidName : "OGC_FID") ||
            std::string(schema_.children[0]->format) != "l" || std::string(schema_.children[fields + 1]->format) != "z")
            return giveUp();
        for (int i = 0; i < fields; ++i) {
            const ArrowSchema* column = schema_.children[i + 1];
            ColumnKind kind = kindOfFormat(column->format);
            if (!sameName(column, defn->GetFieldDefn(i)->GetNameRef()) || kind == ColumnKind::Unknown) return giveUp();
            kinds_.push_back(kind);
        }
        return true;
    }

    /// Calls take(fid, values, wkb, wkbSize) for each feature in read order (wkb null for a NULL
    /// geometry). A read error (a truncated or corrupt file) throws InputError naming `what`.
    template <class Take>
    void read(const std::string& what, Take&& take) {
        for (;;) {
            ArrowArray batch{};
            if (stream_.get_next(&stream_, &batch) != 0) {
                const char* cause = stream_.get_last_error(&stream_);
                throw InputError(what + ": cannot be read to its end (truncated or corrupt?): " + (cause ? cause : lastGdalError()));
            }
            if (!batch.release) return;   // the end
            std::unique_ptr<ArrowArray, void (*)(ArrowArray*)> owned(&batch, [](ArrowArray* a) { a->release(a); });
            const ArrowArray& fids = *batch.children[0];
            const ArrowArray& geometries = *batch.children[kinds_.size() + 1];
            const auto* wkbOffsets = static_cast<const std::int32_t*>(geometries.buffers[1]);
            const auto* wkbBytes = static_cast<const unsigned char*>(geometries.buffers[2]);
            for (std::int64_t row = 0; row < batch.length; ++row) {
                const std::int64_t at = batch.offset + row;
                std::vector<Value> values;
                values.reserve(kinds_.size());
                for (std::size_t i = 0; i < kinds_.size(); ++i) values.push_back(columnValue(*batch.children[i + 1], kinds_[i], at));
                const std::int64_t g = geometries.offset + at;
                const bool hasWkb = isValid(geometries, g) && wkbOffsets[g + 1] > wkbOffsets[g];
                take(static_cast<const std::int64_t*>(fids.buffers[1])[fids.offset + at], std::move(values),
                     hasWkb ? wkbBytes + wkbOffsets[g] : nullptr,
                     hasWkb ? static_cast<std::size_t>(wkbOffsets[g + 1] - wkbOffsets[g]) : 0);
            }
        }
    }

private:
    void release() {
        if (schema_.release) schema_.release(&schema_);
        if (stream_.release) stream_.release(&stream_);
        schema_ = {};
        stream_ = {};
    }

    enum class ColumnKind { Unknown, Int32, Int64, Float64, Utf8, LargeUtf8 };

    static ColumnKind kindOfFormat(const std::string& f) {
        return f == "i" ? ColumnKind::Int32 : f == "l" ? ColumnKind::Int64 : f == "g" ? ColumnKind::Float64
             : f == "u" ? ColumnKind::Utf8 : f == "U" ? ColumnKind::LargeUtf8 : ColumnKind::Unknown;
    }
    static bool sameName(const ArrowSchema* column, const char* name) { return column->name && std::string(column->name) == name; }
    static bool bit(const void* bitmap, std::int64_t i) {
        return (static_cast<const std::uint8_t*>(bitmap)[i >> 3] >> (i & 7)) & 1;
    }
    static bool isValid(const ArrowArray& a, std::int64_t i) { return a.null_count == 0 || !a.buffers[0] || bit(a.buffers[0], i); }

    /// Row `row` of the batch (its offset added) as readValue() gives it: NULL as monostate, integers
    /// as 64-bit, text as UTF-8 (cut at a NUL, as C strings are).
    static Value columnValue(const ArrowArray& a, ColumnKind kind, std::int64_t row) {
        const std::int64_t i = a.offset + row;
        if (!isValid(a, i)) return std::monostate{};
        const void* values = a.buffers[1];
        auto text = [&](std::int64_t from, std::int64_t to) -> Value {
            const char* start = static_cast<const char*>(a.buffers[2]) + from;
            std::string s(start, static_cast<std::size_t>(to - from));
            s.resize(std::strlen(s.c_str()));
            if (CPLIsUTF8(s.c_str(), static_cast<int>(s.size()))) return s;
            return toUtf8(s.c_str());
        };
        switch (kind) {
        case ColumnKind::Int32: return std::int64_t(static_cast<const std::int32_t*>(values)[i]);
        case ColumnKind::Int64: return static_cast<const std::int64_t*>(values)[i];
        case ColumnKind::Float64: return static_cast<const double*>(values)[i];
        case ColumnKind::Utf8: {
            const auto* o = static_cast<const std::int32_t*>(values);
            return text(o[i], o[i + 1]);
        }
        case ColumnKind::LargeUtf8: {
            const auto* o = static_cast<const std::int64_t*>(values);
            return text(o[i], o[i + 1]);
        }
        case ColumnKind::Unknown: break;
        }
        return std::monostate{};
    }

    ArrowArrayStream stream_{};
    ArrowSchema schema_{};
    std::vector<ColumnKind> kinds_;
};

GeometryKind kindOf(OGRwkbGeometryType t) {
    switch (wkbFlatten(OGR_GT_GetLinear(t))) {
    case wkbPolygon:
    case wkbMultiPolygon: return GeometryKind::Polygon;
    case wkbLineString:
    case wkbMultiLineString: return GeometryKind::Line;
    case wkbPoint:
    case wkbMultiPoint: return GeometryKind::Point;
    default: return GeometryKind::None;
    }
}

}  // namespace

FeatureLayer describeLayer(OGRLayer& layer) {
    FeatureLayer out;
    out.name = layer.GetName();
    out.kind = layer.GetGeomType() == wkbNone ? GeometryKind::None : kindOf(layer.GetGeomType());
    OGRFeatureDefn* defn = layer.GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
        OGRFieldDefn* fd = defn->GetFieldDefn(i);
        out.fields.push_back({toUtf8(fd->GetNameRef()), toFieldType(fd->GetType())});
    }
    return out;
}

namespace {

/// The scene frame once it is there: with `wait` false, null while it is still being chosen.
using FrameWhenReady = std::function<const SceneFrame*(bool wait)>;

FeatureLayer readLayerInto(const Source& source, const std::string& layerName, const FrameWhenReady& frameWhenReady,
                           const ReadOptions& options) {
    OGRLayer& layer = source.layer(layerName);
    const std::string what = source.location() + " layer '" + layer.GetName() + "'";
    FeatureLayer out = describeLayer(layer);

    applyAttributeFilter(layer, options.where, what);
    // A tile reads what its rectangle touches (through the spatial index; infinite bounds are
    // clamped, as drivers want finite numbers) and keeps what is anchored in it.
    if (options.tile) {
        auto finite = [](double v) { return std::clamp(v, -1e300, 1e300); };
        layer.SetSpatialFilterRect(finite(options.tile->minX), finite(options.tile->minY),
                                   finite(options.tile->maxX), finite(options.tile->maxY));
    }
    // `envelope`: the feature's geometry's, null for a feature without one.
    auto anchoredHere = [&](const OGREnvelope* envelope) {
        if (!options.tile) return true;
        if (!envelope) return options.tile->minX == -INFINITY && options.tile->minY == -INFINITY;
        const double x = (envelope->MinX + envelope->MaxX) / 2, y = (envelope->MinY + envelope->MaxY) / 2;
        return x >= options.tile->minX && x < options.tile->maxX && y >= options.tile->minY && y < options.tile->maxY;
    };
    auto geometryAnchoredHere = [&](const OGRGeometry* g) {
        if (!options.tile || !g || g->IsEmpty()) return anchoredHere(nullptr);
        OGREnvelope e;
        g->getEnvelope(&e);
        return anchoredHere(&e);
    };
    auto pendingAnchoredHere = [&](const PendingFeature& item) {
        if (!options.tile || item.geometry) return geometryAnchoredHere(item.geometry.get());
        OGREnvelope e;
        bool any = false;
        for (const Polygon& p : item.polygons)
            for (const Ring& ring : p.rings)
                for (const Vec2& v : ring) {
                    e.Merge(v.x, v.y);
                    any = true;
                }
        return anchoredHere(any ? &e : nullptr);
    };

    const bool hasGeometry = layer.GetGeomType() != wkbNone;
    LayerReader reader(what);
    OGRSpatialReference crs;
    if (hasGeometry) {
        crs = layerCrs(layer, what);
        if (options.fromGcj02 && !crs.IsGeographic())
            throw InputError(what + ": datum gcj02 applies to longitude/latitude, but the layer is in " + crsCode(crs));
    }
    // Features are shaped into the frame once it is known (PROJ may still be choosing it: reading
    // goes on meanwhile).
    auto prepare = [&](bool wait) {
        const SceneFrame* frame = frameWhenReady(wait);
        if (!frame) return false;
        reader.setTransform(*frame, Reprojection::between(crs, frame->srs()), options.fromGcj02);
        return true;
    };

    // Layers declared "Unknown" or "GeometryCollection" may mix kinds: keep the dominant one.
    GeometryKind declared = kindOf(layer.GetGeomType());
    // Shaped features go straight into out.features; what each kept, and why some were changed, wait
    // beside them for the layer's kind (a feature of another kind is taken out again at the end).
    std::vector<GeometryKind> kinds;                              // parallel to out.features
    std::vector<std::pair<std::size_t, std::string>> repairNotes;   // (index in out.features, why it was changed)

    const long long total = options.progress ? static_cast<long long>(layer.GetFeatureCount(FALSE)) : -1;
    if (hasGeometry && options.where.empty() && !options.tile) {
        // Room for every feature up front where the driver knows the count cheaply: growing
        // vectors of 200,000 features moved each of them several times.
        const long long known = layer.GetFeatureCount(FALSE);
        if (known > 0) {
            out.features.reserve(static_cast<std::size_t>(known));
            kinds.reserve(static_cast<std::size_t>(known));
        }
    }
    constexpr std::size_t kProgressEvery = 4096;
    // Consumed in read order: a skipped feature is said at once, the others wait for the layer's kind.
    ShapingPipeline pipeline(reader, what, prepare, [&](PendingFeature& item) {
        if (item.skipped) {
            ++out.report.skipped;
            reader.warn(out, item.feature.fid, item.warning);
            return;
        }
        if (!item.note.empty()) repairNotes.emplace_back(out.features.size(), std::move(item.note));
        kinds.push_back(item.kind);
        out.features.push_back(std::move(item.feature));
    });
    // Every feature read: counted, then its geometry shaped (a table's rows are kept as they are).
    auto add = [&](PendingFeature&& item) {
        if (options.progress && out.report.read % kProgressEvery == 0) options.progress(out.report.read, total);
        ++out.report.read;
        if (hasGeometry) pipeline.add(std::move(item));
        else out.features.push_back(std::move(item.feature));
    };
    {
        ColumnReader columns;
        if (hasGeometry && columns.open(source, layer)) {
            log().debug("{}: read through GDAL's column interface", what);
            columns.read(what, [&](std::int64_t fid, std::vector<Value>&& values, const unsigned char* wkb, std::size_t size) {
                PendingFeature item;
                item.takeWkb(wkb, size);
                if (!pendingAnchoredHere(item)) return;   // another tile's
                item.feature.fid = fid;
                item.feature.values = std::move(values);
                add(std::move(item));
            });
        } else {
            for (OGRFeatureUniquePtr f = nextFeature(layer, what); f; f = nextFeature(layer, what)) {
                if (!geometryAnchoredHere(f->GetGeometryRef())) continue;   // another tile's
                PendingFeature item;
                item.feature.fid = f->GetFID();
                item.feature.values.reserve(out.fields.size());
                for (int i = 0; i < static_cast<int>(out.fields.size()); ++i)
                    item.feature.values.push_back(readValue(*f, i));
                if (hasGeometry) item.geometry.reset(f->StealGeometry());
                add(std::move(item));
            }
        }
    }
    pipeline.finish();
    layer.SetAttributeFilter(nullptr);
    if (options.tile) layer.SetSpatialFilter(nullptr);

    if (hasGeometry) {
        // Dominant kind: the declared one, else polygon > line > point among what was read.
        GeometryKind kind = declared;
        if (kind == GeometryKind::None) {
            for (GeometryKind k : {GeometryKind::Point, GeometryKind::Line, GeometryKind::Polygon})
                if (std::find(kinds.begin(), kinds.end(), k) != kinds.end()) kind = k;
        }
        out.kind = kind;
        // In read order: features of another kind are skipped, the others' changes said; those kept
        // close up in place.
        auto note = repairNotes.begin();
        std::size_t kept = 0;
        for (std::size_t i = 0; i < out.features.size(); ++i) {
            Feature& feature = out.features[i];
            const bool changed = note != repairNotes.end() && note->first == i;
            if (kinds[i] != kind) {
                ++out.report.skipped;
                reader.warn(out, feature.fid,
                            std::string("is a ") + geometryKindName(kinds[i]) + " in a " + geometryKindName(kind) +
                                " layer; skipped");
            } else {
                if (changed) {
                    ++out.report.repaired;
                    reader.warn(out, feature.fid, note->second);
                }
                out.bounds.add(feature.bounds);
                if (kept != i) out.features[kept] = std::move(feature);
                ++kept;
            }
            if (changed) ++note;
        }
        out.features.resize(kept);
    }
    reader.finish(out);
    if (options.progress) options.progress(out.report.read, total);
    return out;
}

}  // namespace

FeatureLayer readLayer(const Source& source, const std::string& layerName, const SceneFrame& frame,
                       const ReadOptions& options) {
    return readLayerInto(source, layerName, [&](bool) { return &frame; }, options);
}

FeatureLayer readLayer(const Source& source, const std::string& layerName, const std::shared_future<SceneFrame>& frame,
                       const ReadOptions& options) {
    return readLayerInto(source, layerName, [&](bool wait) -> const SceneFrame* {
        if (!wait && frame.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return nullptr;
        return &frame.get();   // throws what choosing it threw
    }, options);
}

}  // namespace geo
