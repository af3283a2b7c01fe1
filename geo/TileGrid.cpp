#include "geo/TileGrid.h"
#include <ogrsf_frmts.h>
#include <algorithm>
#include <cmath>
#include "geo/Errors.h"
#include "geo/FeatureReader.h"
#include "geo/Source.h"

namespace geo {

namespace {

/// Features a tile holds on average: a tile of parcels then loads in tens of milliseconds and a
/// screen near the ground shows a few dozen tiles.
constexpr int kFeaturesPerTile = 4000;

bool isPolygonType(OGRwkbGeometryType type) {
    const OGRwkbGeometryType flat = wkbFlatten(OGR_GT_GetLinear(type));
    return flat == wkbPolygon || flat == wkbMultiPolygon;
}

/// The rectangle's outline in scene metres: corners and points along its edges, transformed (a
/// projection bends straight edges).
Extent sceneRectangle(const Extent& r, OGRCoordinateTransformation& toFrame, Vec2 origin) {
    constexpr int kSteps = 8;
    std::vector<double> x, y;
    for (int i = 0; i <= kSteps; ++i) {
        const double t = static_cast<double>(i) / kSteps;
        const double ex = r.minX + t * (r.maxX - r.minX), ey = r.minY + t * (r.maxY - r.minY);
        x.insert(x.end(), {ex, ex, r.minX, r.maxX});
        y.insert(y.end(), {r.minY, r.maxY, ey, ey});
    }
    std::vector<int> ok(x.size());
    toFrame.Transform(static_cast<int>(x.size()), x.data(), y.data(), nullptr, ok.data());
    Extent out;
    for (std::size_t i = 0; i < x.size(); ++i)
        if (ok[i] && std::isfinite(x[i]) && std::isfinite(y[i])) out.add(x[i] - origin.x, y[i] - origin.y);
    return out;
}

}  // namespace

TileGrid TileGrid::cover(const Extent& extent, long long features, int featuresPerTile) {
    TileGrid grid;
    grid.extent = extent;
    const double tiles = std::max(1.0, std::ceil(static_cast<double>(std::max(features, 1LL)) / std::max(featuresPerTile, 1)));
    const double w = std::max(extent.width(), 1e-9), h = std::max(extent.height(), 1e-9);
    // columns / rows ≈ w / h and columns · rows ≈ tiles
    grid.columns = std::clamp(static_cast<int>(std::lround(std::sqrt(tiles * w / h))), 1, 1024);
    grid.rows = std::clamp(static_cast<int>(std::ceil(tiles / grid.columns)), 1, 1024);
    return grid;
}

Extent TileGrid::bounds(int tile) const {
    const int column = tile % columns, row = tile / columns;
    const double w = extent.width() / columns, h = extent.height() / rows;
    Extent r;
    r.minX = extent.minX + column * w;
    r.maxX = column + 1 == columns ? extent.maxX : extent.minX + (column + 1) * w;
    r.minY = extent.minY + row * h;
    r.maxY = row + 1 == rows ? extent.maxY : extent.minY + (row + 1) * h;
    return r;
}

Extent TileGrid::anchor(int tile) const {
    const int column = tile % columns, row = tile / columns;
    Extent r = bounds(tile);
    if (column == 0) r.minX = -INFINITY;
    if (column + 1 == columns) r.maxX = INFINITY;
    if (row == 0) r.minY = -INFINITY;
    if (row + 1 == rows) r.maxY = INFINITY;
    return r;
}

std::optional<StreamedLayer> planStream(const LayerSpec& spec, OGRLayer& layer, const SceneFrame& frame,
                                        const std::string& what) {
    if (spec.stream == false || spec.gcj02) return std::nullopt;
    if (spec.kind != LayerKind::Parcels && spec.kind != LayerKind::Polygons) return std::nullopt;
    if (!isPolygonType(layer.GetGeomType()) || !layer.TestCapability(OLCFastSpatialFilter)) return std::nullopt;
    const long long count = static_cast<long long>(layer.GetFeatureCount(FALSE));
    if (count < 0 && spec.stream != true) return std::nullopt;   // uncounted without a scan
    if (!spec.stream && count < kStreamThreshold) return std::nullopt;

    OGREnvelope envelope;
    if (layer.GetExtent(&envelope, TRUE) != OGRERR_NONE) return std::nullopt;
    StreamedLayer stream;
    stream.featureCount = count < 0 ? static_cast<long long>(layer.GetFeatureCount(TRUE)) : count;
    Extent extent;
    extent.add(envelope.MinX, envelope.MinY);
    extent.add(envelope.MaxX, envelope.MaxY);
    stream.grid = TileGrid::cover(extent, stream.featureCount, kFeaturesPerTile);

    std::unique_ptr<OGRCoordinateTransformation> toFrame = frame.transformFrom(layerCrs(layer, what));
    for (int t = 0; t < stream.grid.count(); ++t) {
        Extent scene = sceneRectangle(stream.grid.bounds(t), *toFrame, frame.origin());
        if (scene.empty()) throw InputError(what + ": tile " + std::to_string(t) + " cannot be transformed into the scene CRS");
        stream.tileBounds.push_back(scene);
    }
    return stream;
}

FeatureLayer readTile(const Source& source, const LayerSpec& spec, const StreamedLayer& stream, int tile,
                      const SceneFrame& frame) {
    ReadOptions options;
    options.where = spec.where;
    options.tile = stream.grid.anchor(tile);
    return readLayer(source, spec.layer, frame, options);
}

}  // namespace geo
