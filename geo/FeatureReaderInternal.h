// Inside readLayer (geo/FeatureReader.h), shared by the files it is written in: a feature on its way
// (PendingFeature), the geometry step that shapes it into the model (LayerReader, FeatureShape.cpp),
// the two-thread pipeline that runs that step (ShapingPipeline, FeatureReadPipeline.cpp) and GDAL's
// column interface (ColumnReader, FeatureColumns.cpp). Not for use outside those files.
#pragma once
#include <ogr_recordbatch.h>
#include <ogrsf_frmts.h>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>
#include "geo/Feature.h"
#include "geo/Reprojection.h"
#include "geo/SceneFrame.h"

namespace geo {

class Source;

namespace reading {

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
    void takeWkb(const unsigned char* wkb, std::size_t size);
};

/// One layer's reading state on one thread: where features go (the frame and the transformation
/// into it), the geometry step, and the layer's warnings.
class LayerReader {
public:
    explicit LayerReader(const std::string& what) : what_(what) {}

    /// Counts and logs (the first 20) a repaired or skipped feature's warning (FeatureReader.cpp).
    void warn(FeatureLayer& out, std::int64_t fid, const std::string& cause);
    /// Logs the layer's summary of repaired and skipped features (FeatureReader.cpp).
    void finish(FeatureLayer& out);

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

    /// Whether the source's coordinates are longitudes and latitudes (degrees): then rings and lines
    /// are unwrapped across the antimeridian before projecting (see project).
    void setGeographicSource(bool geographic) { geographic_ = geographic; }
    bool geographicSource() const { return geographic_; }

    /// What project() is given: separate points, or the vertices of a line or of a polygon's ring.
    enum class Along { Points, Line, Ring };
    /// Takes points in the source CRS into scene metres in place; false if any point fails. From a
    /// geographic source, a line's or a ring's longitudes are first made continuous (no step of more
    /// than 180°: a ring across the antimeridian stays one piece), unless a ring would not close so
    /// (it goes round a pole); in a world frame, they are moved by whole turns into the frame's
    /// window, a hole beside its shell: `reference` is the longitude to start near (NAN: the
    /// window's centre), set to where the first point landed.
    bool project(std::vector<Vec2>& points, Along along = Along::Points, double* reference = nullptr) const;

    /// The geometry step of one feature, everything after GDAL read it: curves linearized and parts
    /// taken from GDAL's geometry (or the polygons read from WKB), points projected, polygons judged and
    /// repaired, parts converted into item.feature. Touches no GDAL dataset, so it runs on either
    /// thread of readLayer (each with its own LayerReader). Validity is judged after projecting, in the
    /// frame where the triangles are made: a ring valid in degrees can cross itself once projected.
    void shape(PendingFeature& item);

    /// A judged polygon in scene metres into the model: repeated points and the closing one dropped,
    /// rings of fewer than three points left out, the shell counter-clockwise and holes clockwise.
    static void addPolygon(Polygon&& judged, Feature& f);

private:
    const SceneFrame* frame_ = nullptr;
    std::string what_;
    std::unique_ptr<Reprojection> toFrame_;
    bool geographic_ = false;
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
                    std::function<void(PendingFeature&)> consume);
    ShapingPipeline(const ShapingPipeline&) = delete;
    ShapingPipeline& operator=(const ShapingPipeline&) = delete;
    ~ShapingPipeline() { stop(); }

    /// On the reading thread, in read order.
    void add(PendingFeature&& item);

    /// Shapes and consumes everything added; rethrows what the worker (or `prepare`) threw.
    void finish();

private:
    static constexpr std::size_t kBatchSize = 256;
    static constexpr std::size_t kThreadFrom = 2000;
    static constexpr std::size_t kMaxWaiting = 8;   // batches queued for the worker (bounds memory)

    struct Batch {
        std::vector<PendingFeature> items;
        bool done = false;
    };

    void submit();
    void startIfLarge();
    void stop();
    /// The oldest batch waiting for the worker when more than `over` wait, else null.
    Batch* take(std::size_t over);
    void shapeHere(Batch& b);
    /// Consumes finished batches from the front, in read order; with `wait`, all of them.
    void consumeDone(bool wait);
    void work(const Reprojection& seed);

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

/// How ColumnReader reads a column: the Arrow formats it takes.
enum class ColumnKind { Unknown, Int32, Int64, Float64, Utf8, LargeUtf8 };

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
    bool open(const Source& source, OGRLayer& layer);

    /// (fid, values, wkb, wkbSize) of one feature; wkb null for a NULL geometry.
    using Take = std::function<void(std::int64_t fid, std::vector<Value>&& values, const unsigned char* wkb, std::size_t size)>;
    /// Calls take(fid, values, wkb, wkbSize) for each feature in read order (wkb null for a NULL
    /// geometry). A read error (a truncated or corrupt file) throws InputError naming `what`.
    void read(const std::string& what, const Take& take);

private:
    void release();

    ArrowArrayStream stream_{};
    ArrowSchema schema_{};
    std::vector<ColumnKind> kinds_;
};

}  // namespace reading
}  // namespace geo
