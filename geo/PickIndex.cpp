#include "geo/PickIndex.h"
#include "geo/Geometry.h"
#include "geo/Ribbon.h"
#include <algorithm>
#include <unordered_set>

namespace geo {

namespace {

// Footprints are registered this much larger than their bounds, so a hit on a cell's edge is found
// from either side (the scene's vertices are floats: millimetres at city scale).
constexpr double kCellPadding = 1e-3;
// The ray's slice between the ground and the layer's top is widened by this much for the same reason.
constexpr double kHeightPadding = 1e-4;
// Hits this close (metres along the ray) are the same surface: the one drawn later is on top.
constexpr double kCoplanar = 0.01;
// A feature over more cells than this is kept out of the cells and tested on every pick instead.
constexpr std::size_t kMaxCellsPerFeature = 4096;
// Bounds the grid's memory for layers spread thin over a large extent.
constexpr double kMaxCells = 4.0e6;

double cross(double ax, double ay, double bx, double by) { return ax * by - ay * bx; }

PickPoint along(const PickRay& ray, double t) {
    return {ray.origin.x + t * ray.direction.x, ray.origin.y + t * ray.direction.y, ray.origin.z + t * ray.direction.z};
}

// Even-odd over all rings, so a point in a hole is outside (as the triangulation leaves holes open).
bool insidePolygon(const Polygon& polygon, double x, double y) {
    bool inside = false;
    for (const Ring& ring : polygon.rings) inside ^= pointInRing(ring, {x, y});
    return inside;
}

// Where the ray meets the vertical quad over segment a→b from z = `bottom` to `top`, if it does in [tMin, tMax].
std::optional<double> hitWall(const PickRay& ray, const Vec2& a, const Vec2& b, double bottom, double top, double tMin,
                              double tMax) {
    const double ex = b.x - a.x, ey = b.y - a.y;
    if (std::hypot(ex, ey) < 1e-6) return std::nullopt;   // the builders draw no wall there either
    const double denominator = cross(ray.direction.x, ray.direction.y, ex, ey);
    if (std::abs(denominator) < 1e-15) return std::nullopt;   // parallel: the wall is seen edge on
    const double wx = a.x - ray.origin.x, wy = a.y - ray.origin.y;
    const double t = cross(wx, wy, ex, ey) / denominator;
    const double s = cross(wx, wy, ray.direction.x, ray.direction.y) / denominator;
    if (s < 0 || s > 1 || t < tMin || t > tMax) return std::nullopt;
    const double z = ray.origin.z + t * ray.direction.z;
    if (z < bottom - kHeightPadding || z > top + kHeightPadding) return std::nullopt;
    return t;
}

// Where the ray meets the plane z = height, if it does in [tMin, tMax].
std::optional<double> hitPlane(const PickRay& ray, double height, double tMin, double tMax) {
    if (ray.direction.z == 0) return std::nullopt;
    const double t = (height - ray.origin.z) / ray.direction.z;
    if (t < tMin || t > tMax) return std::nullopt;
    return t;
}

bool insideTriangle(const Vec2& a, const Vec2& b, const Vec2& c, double x, double y) {
    const double d1 = cross(b.x - a.x, b.y - a.y, x - a.x, y - a.y);
    const double d2 = cross(c.x - b.x, c.y - b.y, x - b.x, y - b.y);
    const double d3 = cross(a.x - c.x, a.y - c.y, x - c.x, y - c.y);
    const bool negative = d1 < 0 || d2 < 0 || d3 < 0, positive = d1 > 0 || d2 > 0 || d3 > 0;
    return !(negative && positive);
}

// Whether (x, y) is on the ribbon the line builder draws along `line`: the same mitred vertices
// (bisector of the neighbouring segments' normals, lengthened at most twice) and the same two
// triangles per segment, so sharp corners cover what they cover on screen.
bool onRibbon(const std::vector<Vec2>& line, bool closed, double halfWidth, double x, double y) {
    const RibbonEdges ribbon = ribbonEdges(line, closed, halfWidth);
    const std::vector<Vec2>& left = ribbon.left;
    const std::vector<Vec2>& right = ribbon.right;
    for (std::size_t i = 0; i < ribbon.segments(); ++i) {
        const std::size_t j = (i + 1) % left.size();
        if (insideTriangle(right[i], right[j], left[j], x, y) || insideTriangle(right[i], left[j], left[i], x, y))
            return true;
    }
    return false;
}

// Whether (x, y) lies inside the polygon or within `radius` of one of its rings.
bool nearPolygon(const Polygon& polygon, double x, double y, double radius) {
    if (insidePolygon(polygon, x, y)) return true;
    const double r2 = radius * radius;
    for (const Ring& ring : polygon.rings) {
        const std::size_t n = ring.size();
        for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
            const Vec2 &a = ring[j], &b = ring[i];
            const double ex = b.x - a.x, ey = b.y - a.y, length2 = ex * ex + ey * ey;
            double t = length2 > 0 ? ((x - a.x) * ex + (y - a.y) * ey) / length2 : 0;
            t = std::clamp(t, 0.0, 1.0);
            const double dx = a.x + t * ex - x, dy = a.y + t * ey - y;
            if (dx * dx + dy * dy <= r2) return true;
        }
    }
    return false;
}

}  // namespace

void PickIndex::addLayer(std::size_t layer, const FeatureLayer& features, std::vector<double> heights,
                         const Drawing& drawing, std::vector<double> bases) {
    Layer l;
    l.index = layer;
    l.rank = layers_.size();
    l.data = &features;
    l.heights = std::move(heights);
    l.heights.resize(features.features.size(), 0.0);
    l.bases = std::move(bases);
    l.bases.resize(features.features.size(), 0.0);
    l.drawing = drawing;
    for (std::size_t i = 0; i < l.heights.size(); ++i) {
        l.bottom = std::min(l.bottom, l.bases[i]);
        l.top = std::max(l.top, l.bases[i] + (drawing.surface != Surface::Ribbons ? l.heights[i] : 0.0));
    }
    // A mitre lengthens the ribbon's half width at most twice (see onRibbon).
    if (drawing.surface == Surface::Ribbons) l.margin = std::max(drawing.ribbonWidth, 0.0);
    buildGrid(l);
    layers_.push_back(std::move(l));
}

void PickIndex::buildGrid(Layer& layer) {
    Grid& grid = layer.grid;
    const std::vector<Feature>& features = layer.data->features;
    const double pad = layer.margin + kCellPadding;
    Extent extent;
    std::size_t placed = 0;
    for (const Feature& f : features)
        if (!f.bounds.empty()) {
            extent.add(f.bounds);
            ++placed;
        }
    if (placed == 0) return;
    extent.add(extent.minX - pad, extent.minY - pad);
    extent.add(extent.maxX + pad, extent.maxY + pad);

    // About one feature's footprint per cell: a parcel lies in a few cells, a cell holds a few parcels.
    const double width = extent.width(), height = extent.height();
    double cellSize = std::max(std::sqrt(width * height / static_cast<double>(placed)), 1e-3);
    if ((width / cellSize + 1) * (height / cellSize + 1) > kMaxCells) cellSize = std::sqrt(width * height / kMaxCells) * 1.01;
    grid.minX = extent.minX;
    grid.minY = extent.minY;
    grid.cellSize = cellSize;
    grid.columns = std::max(1, static_cast<int>(std::ceil(width / cellSize)));
    grid.rows = std::max(1, static_cast<int>(std::ceil(height / cellSize)));

    auto cellRange = [&](const Extent& b, int& x0, int& y0, int& x1, int& y1) {
        auto clampX = [&](double v) { return std::clamp(static_cast<int>(std::floor((v - grid.minX) / cellSize)), 0, grid.columns - 1); };
        auto clampY = [&](double v) { return std::clamp(static_cast<int>(std::floor((v - grid.minY) / cellSize)), 0, grid.rows - 1); };
        x0 = clampX(b.minX - pad);
        x1 = clampX(b.maxX + pad);
        y0 = clampY(b.minY - pad);
        y1 = clampY(b.maxY + pad);
    };
    const std::size_t cells = static_cast<std::size_t>(grid.columns) * static_cast<std::size_t>(grid.rows);
    std::vector<std::uint32_t> counts(cells + 1, 0);
    auto forEachPlacement = [&](auto&& place) {
        for (std::size_t i = 0; i < features.size(); ++i) {
            const Extent& b = features[i].bounds;
            if (b.empty()) continue;
            int x0, y0, x1, y1;
            cellRange(b, x0, y0, x1, y1);
            const std::size_t covered = static_cast<std::size_t>(x1 - x0 + 1) * static_cast<std::size_t>(y1 - y0 + 1);
            if (covered > kMaxCellsPerFeature) {
                place(i, cells);   // the everywhere list
                continue;
            }
            for (int y = y0; y <= y1; ++y)
                for (int x = x0; x <= x1; ++x) place(i, static_cast<std::size_t>(y) * grid.columns + static_cast<std::size_t>(x));
        }
    };
    forEachPlacement([&](std::size_t, std::size_t cell) { ++counts[cell]; });
    grid.cellStart.assign(cells + 1, 0);
    for (std::size_t c = 0; c < cells; ++c) grid.cellStart[c + 1] = grid.cellStart[c] + counts[c];
    grid.entries.resize(grid.cellStart[cells]);
    grid.everywhere.reserve(counts[cells]);
    std::vector<std::uint32_t> next(grid.cellStart.begin(), grid.cellStart.end() - 1);
    forEachPlacement([&](std::size_t feature, std::size_t cell) {
        if (cell == cells) grid.everywhere.push_back(static_cast<std::uint32_t>(feature));
        else grid.entries[next[cell]++] = static_cast<std::uint32_t>(feature);
    });
}

std::optional<double> PickIndex::hitFeature(const Layer& layer, std::size_t feature, const PickRay& ray, double tMin,
                                            double tMax) const {
    const Feature& f = layer.data->features[feature];
    const double height = layer.heights[feature], base = layer.bases[feature];
    std::optional<double> best;
    auto keep = [&](std::optional<double> t) {
        if (t && (!best || *t < *best)) best = t;
    };
    switch (layer.drawing.surface) {
    case Surface::Prisms:
        for (const Polygon& polygon : f.polygons) {
            if (std::optional<double> t = hitPlane(ray, base + height, tMin, tMax)) {
                const PickPoint p = along(ray, *t);
                if (insidePolygon(polygon, p.x, p.y)) keep(t);
            }
            if (height <= 0) continue;
            for (const Ring& ring : polygon.rings) {
                if (ring.size() < 3) continue;
                for (std::size_t i = 0; i < ring.size(); ++i)
                    keep(hitWall(ray, ring[i], ring[(i + 1) % ring.size()], base, base + height, tMin, tMax));
            }
        }
        break;
    case Surface::Ribbons: {
        std::optional<double> t = hitPlane(ray, base, tMin, tMax);
        if (!t) break;
        const PickPoint p = along(ray, *t);
        const double halfWidth = layer.drawing.ribbonWidth / 2;
        for (const auto& line : f.lines)
            if (onRibbon(line, false, halfWidth, p.x, p.y)) return t;
        for (const Polygon& polygon : f.polygons)
            for (const Ring& ring : polygon.rings)
                if (onRibbon(ring, true, halfWidth, p.x, p.y)) return t;
        break;
    }
    case Surface::Walls:
        if (height <= 0) break;
        for (const Polygon& polygon : f.polygons)
            for (const Ring& ring : polygon.rings) {
                if (ring.size() < 2) continue;
                for (std::size_t i = 0; i < ring.size(); ++i)
                    keep(hitWall(ray, ring[i], ring[(i + 1) % ring.size()], base, base + height, tMin, tMax));
            }
        break;
    }
    return best;
}

std::optional<PickIndex::LayerHit> PickIndex::pickInLayer(const Layer& layer, const PickRay& ray, double length,
                                                          const PickFeatureShown& shown) const {
    const Grid& grid = layer.grid;
    if (grid.columns == 0) return std::nullopt;
    const PickPoint& o = ray.origin;
    const PickPoint& d = ray.direction;
    const double tLimit = ray.maxT;

    // Coplanar within the layer (crossing roads, overlapping parcels on the ground): the feature
    // drawn later, i.e. later in the layer's merged geometry, is on top.
    const double coplanarT = kCoplanar / length;
    std::optional<LayerHit> best;
    std::unordered_set<std::uint32_t> tested;
    auto test = [&](std::uint32_t feature) {
        if (!tested.insert(feature).second) return;
        if (shown && !shown(layer.index, feature)) return;
        if (std::optional<double> t = hitFeature(layer, feature, ray, 0, tLimit))
            if (!best || *t < best->t - coplanarT || (std::abs(*t - best->t) <= coplanarT && feature > best->feature))
                best = LayerHit{feature, *t};
    };
    for (std::uint32_t feature : grid.everywhere) test(feature);

    // The part of the ray between the ground and the layer's top, inside the grid: only there can
    // it meet the layer's surfaces.
    double t0 = 0, t1 = tLimit;
    clipToSlab(o.z, d.z, layer.bottom - kHeightPadding, layer.top + kHeightPadding, t0, t1);
    clipToSlab(o.x, d.x, grid.minX, grid.minX + grid.columns * grid.cellSize, t0, t1);
    clipToSlab(o.y, d.y, grid.minY, grid.minY + grid.rows * grid.cellSize, t0, t1);
    if (!(t0 <= t1)) return best;

    // Cell by cell along the ray's ground projection (Amanatides & Woo), nearest first.
    const double size = grid.cellSize;
    const PickPoint entry = along(ray, t0);
    int x = std::clamp(static_cast<int>(std::floor((entry.x - grid.minX) / size)), 0, grid.columns - 1);
    int y = std::clamp(static_cast<int>(std::floor((entry.y - grid.minY) / size)), 0, grid.rows - 1);
    const int stepX = d.x > 0 ? 1 : -1, stepY = d.y > 0 ? 1 : -1;
    const double deltaX = d.x != 0 ? size / std::abs(d.x) : INFINITY;
    const double deltaY = d.y != 0 ? size / std::abs(d.y) : INFINITY;
    double nextX = d.x != 0 ? (grid.minX + (x + (d.x > 0 ? 1 : 0)) * size - o.x) / d.x : INFINITY;
    double nextY = d.y != 0 ? (grid.minY + (y + (d.y > 0 ? 1 : 0)) * size - o.y) / d.y : INFINITY;
    while (true) {
        const std::size_t cell = static_cast<std::size_t>(y) * grid.columns + static_cast<std::size_t>(x);
        for (std::uint32_t i = grid.cellStart[cell]; i < grid.cellStart[cell + 1]; ++i) test(grid.entries[i]);
        const double exit = std::min({nextX, nextY, t1});
        // Every hit before this cell's exit lies in a cell already walked: nothing later is nearer
        // (or coplanar with the best).
        if ((best && best->t + coplanarT < exit) || exit >= t1) break;
        if (nextX < nextY) {
            x += stepX;
            nextX += deltaX;
        } else {
            y += stepY;
            nextY += deltaY;
        }
        if (x < 0 || y < 0 || x >= grid.columns || y >= grid.rows) break;
    }
    return best;
}

double PickIndex::heightNear(double x, double y, double radius, const std::vector<bool>& layerVisible,
                             const PickFeatureShown& shown) const {
    radius = std::max(radius, 0.0);
    double top = 0;
    for (const Layer& layer : layers_) {
        if (layer.drawing.surface != Surface::Prisms || layer.drawing.pass == Pass::Translucent) continue;
        if (layer.index < layerVisible.size() && !layerVisible[layer.index]) continue;
        if (layer.top <= top || layer.grid.columns == 0) continue;
        const Grid& grid = layer.grid;
        const std::vector<Feature>& features = layer.data->features;
        auto consider = [&](std::uint32_t i) {
            if (layer.heights[i] <= 0) return;   // flat: the ground, not a solid
            const double height = layer.bases[i] + layer.heights[i];
            if (height <= top) return;
            const Extent& b = features[i].bounds;
            if (x < b.minX - radius || x > b.maxX + radius || y < b.minY - radius || y > b.maxY + radius) return;
            if (shown && !shown(layer.index, i)) return;
            for (const Polygon& polygon : features[i].polygons)
                if (nearPolygon(polygon, x, y, radius)) {
                    top = height;
                    return;
                }
        };
        for (std::uint32_t i : grid.everywhere) consider(i);
        // The cells the circle's bounding square touches (a feature listed in several is tested
        // again, cheaply: its height no longer beats the top found).
        auto column = [&](double v) { return static_cast<int>(std::floor((v - grid.minX) / grid.cellSize)); };
        auto row = [&](double v) { return static_cast<int>(std::floor((v - grid.minY) / grid.cellSize)); };
        const int x0 = std::max(column(x - radius), 0), x1 = std::min(column(x + radius), grid.columns - 1);
        const int y0 = std::max(row(y - radius), 0), y1 = std::min(row(y + radius), grid.rows - 1);
        for (int cy = y0; cy <= y1; ++cy)
            for (int cx = x0; cx <= x1; ++cx) {
                const std::size_t cell = static_cast<std::size_t>(cy) * grid.columns + static_cast<std::size_t>(cx);
                for (std::uint32_t e = grid.cellStart[cell]; e < grid.cellStart[cell + 1]; ++e) consider(grid.entries[e]);
            }
    }
    return top;
}

std::optional<PickHit> PickIndex::pick(const PickRay& ray, const std::vector<bool>& layerVisible,
                                       const PickFeatureShown& shown) const {
    const double length = std::sqrt(ray.direction.x * ray.direction.x + ray.direction.y * ray.direction.y +
                                    ray.direction.z * ray.direction.z);
    if (length == 0) return std::nullopt;
    struct Candidate {
        const Layer* layer;
        LayerHit hit;
        double distance;
    };
    std::optional<Candidate> opaque, translucent;
    auto drawnLater = [](const Layer& a, const Layer& b) {
        return a.drawing.pass != b.drawing.pass ? a.drawing.pass > b.drawing.pass : a.rank > b.rank;
    };
    for (const Layer& layer : layers_) {
        if (layer.index < layerVisible.size() && !layerVisible[layer.index]) continue;
        std::optional<LayerHit> hit = pickInLayer(layer, ray, length, shown);
        if (!hit) continue;
        Candidate c{&layer, *hit, hit->t * length};
        std::optional<Candidate>& chosen = layer.drawing.pass == Pass::Translucent ? translucent : opaque;
        if (!chosen || c.distance < chosen->distance - kCoplanar ||
            (std::abs(c.distance - chosen->distance) <= kCoplanar && drawnLater(layer, *chosen->layer)))
            chosen = c;
    }
    const std::optional<Candidate>& chosen = opaque ? opaque : translucent;
    if (!chosen) return std::nullopt;
    return PickHit{chosen->layer->index, chosen->hit.feature, along(ray, chosen->hit.t), chosen->distance};
}

}  // namespace geo
