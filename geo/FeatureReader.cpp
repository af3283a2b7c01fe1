#include "geo/FeatureReader.h"
#include <ogrsf_frmts.h>
#include <algorithm>
#include <cmath>
#include <map>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include "geo/Errors.h"
#include "geo/Gcj02.h"
#include "geo/Log.h"
#include "geo/OgrValues.h"
#include "geo/Reprojection.h"
#include "geo/Source.h"
#include "geo/Triangulate.h"

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
        std::string cause = lastGdalError();
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

/// Parts of one feature's geometry, in the source CRS, sorted by kind.
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

// Cheap validity check for the common small polygon (up to 64 points), which only says yes to a
// valid one: rings of >= 3 points, none repeated, no two edges of any rings crossing or touching except
// neighbours in a ring, every hole inside the shell and outside the other holes. What it cannot
// settle (rings touching, edges on one line, larger polygons) goes to GEOS.
bool smallPolygonLooksValid(const OGRPolygon& polygon) {
    // Every ring's points but the closing one, ring after ring: ring r is start[r] .. start[r + 1) - 1.
    constexpr int kMaxPoints = 64;
    double xs[kMaxPoints], ys[kMaxPoints];
    int start[kMaxPoints / 3 + 2];
    const int rings = 1 + polygon.getNumInteriorRings();
    if (rings > kMaxPoints / 3) return polygon.IsValid();
    int total = 0;
    for (int r = 0; r < rings; ++r) {
        const OGRLinearRing* ring = r == 0 ? polygon.getExteriorRing() : polygon.getInteriorRing(r - 1);
        const int n = ring ? ring->getNumPoints() - 1 : 0;  // closed: last == first
        if (n < 3) return false;
        if (total + n > kMaxPoints) return polygon.IsValid();
        start[r] = total;
        for (int i = 0; i < n; ++i) {
            xs[total + i] = ring->getX(i);
            ys[total + i] = ring->getY(i);
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
            if (xs[i] == xs[i2] && ys[i] == ys[i2]) return polygon.IsValid();  // a repeated point: GEOS decides
            for (int q = r; q < rings; ++q)
                for (int j = q == r ? i + 1 : start[q]; j < start[q + 1]; ++j) {
                    const int j2 = j + 1 < start[q + 1] ? j + 1 : start[q];
                    if (q == r && (j == i2 || j2 == i)) continue;
                    const int o1 = orient(i, i2, j), o2 = orient(i, i2, j2), o3 = orient(j, j2, i), o4 = orient(j, j2, i2);
                    if (o1 == 0 || o2 == 0 || o3 == 0 || o4 == 0) return polygon.IsValid();  // touching: ask GEOS
                    if (o1 != o2 && o3 != o4) return false;                                  // crossing
                }
        }
    // With no rings meeting, each hole lies wholly inside or outside the shell and each other hole:
    // one point of it tells. Inside the shell and outside the others, the interior is connected.
    auto inside = [&](int point, int r) {
        bool in = false;
        const double x = xs[point], y = ys[point];
        for (int i = start[r], j = start[r + 1] - 1; i < start[r + 1]; j = i++)
            if ((ys[i] > y) != (ys[j] > y) && x < (xs[j] - xs[i]) * (y - ys[i]) / (ys[j] - ys[i]) + xs[i]) in = !in;
        return in;
    };
    for (int h = 1; h < rings; ++h) {
        if (!inside(start[h], 0)) return polygon.IsValid();
        for (int g = 1; g < rings; ++g)
            if (g != h && inside(start[h], g)) return polygon.IsValid();
    }
    return std::fabs(polygon.get_Area()) > 0;
}

// A polygon thinner than a millimetre on the ground (twice its area over its perimeter) is a digitizing
// artefact, not a parcel: it would be drawn as nothing and counted as something.
bool isSliver(const OGRPolygon& polygon) {
    const OGRLinearRing* shell = polygon.getExteriorRing();
    const double perimeter = shell ? shell->get_Length() : 0;
    return perimeter <= 0 || 2 * std::fabs(polygon.get_Area()) / perimeter < 1e-3;
}

// A polygon whose shell's points all lie on one line (to a billionth of its length), in whatever
// units its coordinates are. (Not a zero signed area: a bow-tie's two halves cancel.)
bool isFlat(const OGRPolygon& polygon) {
    const OGRLinearRing* shell = polygon.getExteriorRing();
    const int n = shell ? shell->getNumPoints() : 0;
    if (n < 3) return false;   // left to the checks after projection
    const double x0 = shell->getX(0), y0 = shell->getY(0);
    int far = 0;
    double farthest = 0;
    for (int i = 1; i < n; ++i) {
        double d = std::hypot(shell->getX(i) - x0, shell->getY(i) - y0);
        if (d > farthest) { farthest = d; far = i; }
    }
    if (farthest == 0) return true;
    const double dx = shell->getX(far) - x0, dy = shell->getY(far) - y0;
    for (int i = 1; i < n; ++i) {
        double offLine = std::fabs(dx * (shell->getY(i) - y0) - dy * (shell->getX(i) - x0)) / farthest;
        if (offLine > 1e-9 * farthest) return false;
    }
    return true;
}

/// One feature on its way through readLayer: its attributes read and its geometry taken from GDAL's
/// feature on the reading thread, then shaped (LayerReader::shape) on either thread.
struct PendingFeature {
    Feature feature;
    std::unique_ptr<OGRGeometry> geometry;
    bool skipped = false;
    std::string warning;                     ///< why it was skipped
    GeometryKind kind = GeometryKind::None;  ///< what it kept, when not skipped
    std::string note;                        ///< why it was changed ("" = it was not)

    void skip(const char* why) {
        skipped = true;
        warning = why;
        geometry.reset();
    }
};

class LayerReader {
public:
    LayerReader(const SceneFrame& frame, const std::string& what) : frame_(frame), what_(what) {}

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

    void setTransform(std::unique_ptr<Reprojection> t, bool fromGcj02) {
        toFrame_ = std::move(t);
        fromGcj02_ = fromGcj02;
    }
    bool fromGcj02() const { return fromGcj02_; }
    /// A copy of the transformation, for another thread's LayerReader (made on this one's thread).
    std::unique_ptr<Reprojection> cloneTransform() const { return toFrame_->clone(); }

    // Transforms the first n points of xs_, ys_ in place into scene metres; false if any point fails.
    bool projectScratch(std::size_t n) {
        if (fromGcj02_)
            for (std::size_t i = 0; i < n; ++i) {
                Vec2 p = gcj02ToWgs84({xs_[i], ys_[i]});
                xs_[i] = p.x;
                ys_[i] = p.y;
            }
        if (!toFrame_->transform(n, xs_.data(), ys_.data())) return false;
        const Vec2 o = frame_.origin();
        for (std::size_t i = 0; i < n; ++i) {
            if (!std::isfinite(xs_[i]) || !std::isfinite(ys_[i])) return false;
            xs_[i] -= o.x;
            ys_[i] -= o.y;
        }
        return true;
    }

    static std::vector<Vec2> points(const OGRSimpleCurve& curve, bool dropClosing) {
        std::vector<Vec2> pts;
        int n = curve.getNumPoints();
        pts.reserve(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i) {
            Vec2 p{curve.getX(i), curve.getY(i)};
            if (!pts.empty() && pts.back().x == p.x && pts.back().y == p.y) continue;
            pts.push_back(p);
        }
        if (dropClosing && pts.size() > 1 && pts.front().x == pts.back().x && pts.front().y == pts.back().y)
            pts.pop_back();
        return pts;
    }

    /// Takes every point of `g` into scene metres in place (a linear geometry: curves were linearized
    /// before); false if any point fails. Validity is judged and repaired after this, in the frame where
    /// the triangles are made: a ring valid in degrees can cross itself once projected.
    bool projectGeometry(OGRGeometry& g) {
        switch (wkbFlatten(g.getGeometryType())) {
        case wkbPoint: {
            OGRPoint& point = *g.toPoint();
            if (point.IsEmpty()) return true;
            xs_.assign(1, point.getX());
            ys_.assign(1, point.getY());
            if (!projectScratch(1)) return false;
            point.setX(xs_[0]);
            point.setY(ys_[0]);
            return true;
        }
        case wkbLineString:
        case wkbLinearRing: {
            // Straight from the curve's points and back: no Vec2 copy, no per-point set.
            OGRSimpleCurve& curve = *g.toSimpleCurve();
            const int n = curve.getNumPoints();
            xs_.resize(static_cast<std::size_t>(n));
            ys_.resize(static_cast<std::size_t>(n));
            if (n > 0) curve.getPoints(xs_.data(), sizeof(double), ys_.data(), sizeof(double));
            if (!projectScratch(static_cast<std::size_t>(n))) return false;
            if (n > 0) curve.setPoints(n, xs_.data(), ys_.data());
            return true;
        }
        case wkbPolygon:
            for (OGRLinearRing* ring : *g.toPolygon())
                if (!projectGeometry(*ring)) return false;
            return true;
        case wkbMultiPolygon:
        case wkbMultiLineString:
        case wkbMultiPoint:
        case wkbGeometryCollection:
            for (OGRGeometry* part : *g.toGeometryCollection())
                if (!projectGeometry(*part)) return false;
            return true;
        default: return true;  // left out by collectParts
        }
    }

    /// The geometry step of one feature, everything after GDAL read it: curves linearized, points
    /// projected, polygons judged and repaired, parts converted into item.feature. Touches no GDAL
    /// dataset, so it runs on either thread of readLayer (each with its own LayerReader).
    void shape(PendingFeature& item) {
        OGRGeometry* g = item.geometry.get();
        if (!g || g->IsEmpty()) return item.skip("has no geometry; skipped");
        Feature& feature = item.feature;
        std::unique_ptr<OGRGeometry> owned;
        if (g->hasCurveGeometry()) { owned.reset(g->getLinearGeometry()); g = owned.get(); }
        if (g->Is3D() || g->IsMeasured()) g->flattenTo2D();
        Parts parts;
        collectParts(g, parts);
        // Flat in the source's own coordinates (points on one line): nothing the author drew, even if
        // the projection bends it into a sliver with area. Judged before projecting, in place.
        std::set<const OGRPolygon*> flatInSource;
        for (const OGRPolygon* p : parts.polygons)
            if (isFlat(*p)) flatInSource.insert(p);
        if (!projectGeometry(*g)) return item.skip("coordinates cannot be transformed into the scene CRS; skipped");

        // Repair polygons that are not valid (self-intersections, unclosed rings, spikes).
        bool repaired = false;
        std::size_t slivers = 0;
        std::vector<std::unique_ptr<OGRGeometry>> repairs;
        std::vector<const OGRPolygon*> polygons;
        for (const OGRPolygon* p : parts.polygons) {
            if (flatInSource.count(p)) {
                ++slivers;
                continue;
            }
            // Any ring, not only the shell, may be open; and the shell may be empty while a hole is not
            // (get_IsClosed() on a ring without points dereferences null in GDAL 3.6: a fuzzer finding).
            bool open = false;
            for (const OGRLinearRing* ring : *p) open = open || (ring->getNumPoints() > 0 && !ring->get_IsClosed());
            if (open) {
                // An unclosed ring is repaired by closing it, then checked like any other.
                auto closed = std::unique_ptr<OGRPolygon>(p->clone());
                closed->closeRings();
                p = closed.get();
                repairs.push_back(std::move(closed));
                repaired = true;
            }
            if (smallPolygonLooksValid(*p)) {
                if (isSliver(*p)) slivers++;
                else polygons.push_back(p);
                continue;
            }
            repaired = true;
            std::unique_ptr<OGRGeometry> valid(p->MakeValid());
            if (!valid) continue;
            Parts fixed;
            collectParts(valid.get(), fixed);
            for (const OGRPolygon* q : fixed.polygons) {
                if (q->get_Area() <= 0) continue;
                if (isSliver(*q)) slivers++;
                else polygons.push_back(q);
            }
            repairs.push_back(std::move(valid));
        }

        GeometryKind kind = !polygons.empty() || !parts.polygons.empty() ? GeometryKind::Polygon
                          : !parts.lines.empty()                         ? GeometryKind::Line
                          : !parts.points.empty()                        ? GeometryKind::Point
                                                                         : GeometryKind::None;
        // A collection mixing kinds keeps the feature's main kind; the other parts are dropped, said.
        std::size_t otherParts = kind == GeometryKind::Polygon ? parts.lines.size() + parts.points.size()
                               : kind == GeometryKind::Line    ? parts.points.size()
                                                               : 0;
        for (const OGRPolygon* p : polygons) addPolygon(*p, feature);
        if (kind == GeometryKind::Line) {
            for (const OGRLineString* l : parts.lines) {
                auto pts = points(*l, false);
                if (pts.size() < 2) continue;
                for (const auto& p : pts) feature.bounds.add(p.x, p.y);
                feature.lines.push_back(std::move(pts));
            }
        } else if (kind == GeometryKind::Point) {
            for (const OGRPoint* p : parts.points) {
                feature.points.push_back({p->getX(), p->getY()});
                feature.bounds.add(p->getX(), p->getY());
            }
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

    /// A polygon already in scene metres: rings oriented (shell counter-clockwise, holes clockwise).
    static void addPolygon(const OGRPolygon& source, Feature& f) {
        Polygon polygon;
        for (const OGRLinearRing* ring : source) {
            std::vector<Vec2> pts = points(*ring, true);
            if (pts.size() < 3) continue;
            bool exterior = polygon.rings.empty();
            if ((signedArea(pts) > 0) != exterior) std::reverse(pts.begin(), pts.end());
            polygon.rings.push_back(std::move(pts));
        }
        if (polygon.rings.empty()) return;
        for (const auto& r : polygon.rings) for (const auto& p : r) f.bounds.add(p.x, p.y);
        f.polygons.push_back(std::move(polygon));
    }

private:
    const SceneFrame& frame_;
    std::string what_;
    std::unique_ptr<Reprojection> toFrame_;
    std::vector<double> xs_, ys_;
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
class ShapingPipeline {
public:
    ShapingPipeline(LayerReader& reader, const SceneFrame& frame, const std::string& what,
                    std::function<void(PendingFeature&)> consume)
        : reader_(reader), frame_(frame), what_(what), consume_(std::move(consume)) {
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

    /// Shapes and consumes everything added; rethrows what the worker threw.
    void finish() {
        if (!batch_.empty()) submit();
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
        if (!worker_.joinable() && added_ >= startAt_) start();
        if (!worker_.joinable()) {
            for (PendingFeature& item : batch->items) reader_.shape(item);
            for (PendingFeature& item : batch->items) consume_(item);
            return;
        }
        {
            std::lock_guard<std::mutex> lock(mutex_);
            waiting_.push_back(batch.get());
            inOrder_.push_back(std::move(batch));
        }
        wake_.notify_one();
        while (Batch* b = take(kMaxWaiting)) shapeHere(*b);
        consumeDone(false);
    }

    void start() {
        seed_ = reader_.cloneTransform();
        worker_ = std::thread([this] { work(*seed_); });
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
            LayerReader reader(frame_, what_);
            reader.setTransform(std::move(own), reader_.fromGcj02());
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
    const SceneFrame& frame_;
    std::string what_;
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

FeatureLayer readLayer(const Source& source, const std::string& layerName, const SceneFrame& frame,
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
    auto anchoredHere = [&](const OGRGeometry* g) {
        if (!options.tile) return true;
        if (!g || g->IsEmpty()) return options.tile->minX == -INFINITY && options.tile->minY == -INFINITY;
        OGREnvelope e;
        g->getEnvelope(&e);
        const double x = (e.MinX + e.MaxX) / 2, y = (e.MinY + e.MaxY) / 2;
        return x >= options.tile->minX && x < options.tile->maxX && y >= options.tile->minY && y < options.tile->maxY;
    };

    const bool hasGeometry = layer.GetGeomType() != wkbNone;
    LayerReader reader(frame, what);
    if (hasGeometry) {
        OGRSpatialReference crs = layerCrs(layer, what);
        if (options.fromGcj02 && !crs.IsGeographic())
            throw InputError(what + ": datum gcj02 applies to longitude/latitude, but the layer is in " + crsCode(crs));
        reader.setTransform(Reprojection::between(crs, frame.srs()), options.fromGcj02);
    }

    // Layers declared "Unknown" or "GeometryCollection" may mix kinds: keep the dominant one.
    GeometryKind declared = kindOf(layer.GetGeomType());
    std::vector<std::pair<Feature, GeometryKind>> mixed;
    std::vector<std::string> repairNotes;   // parallel to mixed: why a feature was changed ("" = it was not)

    const long long total = options.progress ? static_cast<long long>(layer.GetFeatureCount(FALSE)) : -1;
    if (hasGeometry && options.where.empty() && !options.tile) {
        // Room for every feature up front where the driver knows the count cheaply: growing
        // vectors of 200,000 features moved each of them several times.
        const long long known = layer.GetFeatureCount(FALSE);
        if (known > 0) {
            mixed.reserve(static_cast<std::size_t>(known));
            repairNotes.reserve(static_cast<std::size_t>(known));
        }
    }
    constexpr std::size_t kProgressEvery = 4096;
    // Consumed in read order: a skipped feature is said at once, the others wait for the layer's kind.
    ShapingPipeline pipeline(reader, frame, what, [&](PendingFeature& item) {
        if (item.skipped) {
            ++out.report.skipped;
            reader.warn(out, item.feature.fid, item.warning);
            return;
        }
        repairNotes.push_back(std::move(item.note));
        mixed.emplace_back(std::move(item.feature), item.kind);
    });
    for (OGRFeatureUniquePtr f = nextFeature(layer, what); f; f = nextFeature(layer, what)) {
        if (!anchoredHere(f->GetGeometryRef())) continue;   // another tile's
        if (options.progress && out.report.read % kProgressEvery == 0) options.progress(out.report.read, total);
        ++out.report.read;
        PendingFeature item;
        Feature& feature = item.feature;
        feature.fid = f->GetFID();
        feature.values.reserve(out.fields.size());
        for (int i = 0; i < static_cast<int>(out.fields.size()); ++i)
            feature.values.push_back(readValue(*f, i));

        if (!hasGeometry) {
            out.features.push_back(std::move(feature));
            continue;
        }
        item.geometry.reset(f->StealGeometry());
        pipeline.add(std::move(item));
    }
    pipeline.finish();
    layer.SetAttributeFilter(nullptr);
    if (options.tile) layer.SetSpatialFilter(nullptr);

    if (hasGeometry) {
        // Dominant kind: the declared one, else polygon > line > point among what was read.
        GeometryKind kind = declared;
        if (kind == GeometryKind::None) {
            for (GeometryKind k : {GeometryKind::Point, GeometryKind::Line, GeometryKind::Polygon})
                if (std::any_of(mixed.begin(), mixed.end(), [&](const auto& m) { return m.second == k; })) kind = k;
        }
        out.kind = kind;
        out.features.reserve(mixed.size());
        for (std::size_t i = 0; i < mixed.size(); ++i) {
            auto& [feature, k] = mixed[i];
            if (k != kind) {
                ++out.report.skipped;
                reader.warn(out, feature.fid,
                            std::string("is a ") + geometryKindName(k) + " in a " + geometryKindName(kind) +
                                " layer; skipped");
                continue;
            }
            if (!repairNotes[i].empty()) {
                ++out.report.repaired;
                reader.warn(out, feature.fid, repairNotes[i]);
            }
            out.bounds.add(feature.bounds);
            out.features.push_back(std::move(feature));
        }
    }
    reader.finish(out);
    if (options.progress) options.progress(out.report.read, total);
    return out;
}

}  // namespace geo
