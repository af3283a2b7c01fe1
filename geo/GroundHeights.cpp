#include "geo/GroundHeights.h"
#include <algorithm>
#include <cmath>
#include "geo/ProjectData.h"
#include "geo/RasterWindow.h"

namespace geo {

GroundHeights GroundHeights::read(const RasterWindow& terrain, const SceneFrame& frame, const Extent& area, double spacing,
                                  double exaggeration) {
    GroundHeights ground;
    if (area.empty() || !(spacing > 0)) return ground;
    spacing = std::max({spacing, area.width() / (kMaxPoints - 1), area.height() / (kMaxPoints - 1)});
    ground.spacing_ = spacing;
    ground.columns_ = static_cast<int>(std::ceil(area.width() / spacing)) + 1;
    ground.rows_ = static_cast<int>(std::ceil(area.height() / spacing)) + 1;
    ground.area_ = Extent{area.minX, area.maxY - (ground.rows_ - 1) * spacing, area.minX + (ground.columns_ - 1) * spacing, area.maxY};
    // A pixel a grid point, centred on it: the window reaches half a spacing beyond the points.
    const Extent window{ground.area_.minX - spacing / 2, ground.area_.minY - spacing / 2, ground.area_.maxX + spacing / 2,
                        ground.area_.maxY + spacing / 2};
    HeightGrid grid = terrain.readHeights(frame, window, ground.columns_, ground.rows_);
    for (float& h : grid.heights) h = std::isnan(h) ? 0.0f : static_cast<float>(h * exaggeration);
    ground.heights_ = std::move(grid.heights);
    return ground;
}

double GroundHeights::at(double x, double y) const {
    if (heights_.empty()) return 0;
    const double u = (x - area_.minX) / spacing_, v = (area_.maxY - y) / spacing_;
    if (!(u >= 0 && v >= 0 && u <= columns_ - 1 && v <= rows_ - 1)) return 0;
    const int c = std::min(static_cast<int>(u), columns_ - 2), r = std::min(static_cast<int>(v), rows_ - 2);
    if (c < 0 || r < 0) return heights_[0];   // a single point
    const double fu = u - c, fv = v - r;
    const double h00 = gridHeight(c, r), h11 = gridHeight(c + 1, r + 1);
    // The cell's north-east triangle (c, r), (c + 1, r), (c + 1, r + 1), or its south-west one.
    if (fu >= fv) return h00 + fu * (gridHeight(c + 1, r) - h00) + fv * (h11 - gridHeight(c + 1, r));
    return h00 + fv * (gridHeight(c, r + 1) - h00) + fu * (h11 - gridHeight(c, r + 1));
}

void GroundHeights::normalAt(double x, double y, float normal[3]) const {
    double dx = 0, dy = 0;
    if (!heights_.empty()) {
        dx = (at(x + spacing_, y) - at(x - spacing_, y)) / (2 * spacing_);
        dy = (at(x, y + spacing_) - at(x, y - spacing_)) / (2 * spacing_);
    }
    const double length = std::sqrt(dx * dx + dy * dy + 1);
    normal[0] = static_cast<float>(-dx / length);
    normal[1] = static_cast<float>(-dy / length);
    normal[2] = static_cast<float>(1 / length);
}

double GroundHeights::surfaceLength(const std::vector<Vec2>& path) const {
    const std::vector<Vec2> steps = flat() ? path : densified(path, false, spacing_ / 2);
    double length = 0;
    for (std::size_t i = 1; i < steps.size(); ++i) {
        const Vec2 &a = steps[i - 1], &b = steps[i];
        length += std::sqrt((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y) + (at(b) - at(a)) * (at(b) - at(a)));
    }
    return length;
}

std::optional<PickPoint> GroundHeights::intersect(const PickRay& ray) const {
    const PickPoint& o = ray.origin;
    const PickPoint& d = ray.direction;
    auto along = [&](double t) { return PickPoint{o.x + t * d.x, o.y + t * d.y, o.z + t * d.z}; };
    auto above = [&](double t) {
        const PickPoint p = along(t);
        return p.z - at(p.x, p.y);
    };
    if (!heights_.empty()) {
        // The part of the ray over the grid and between its lowest and highest points.
        const auto [low, high] = std::minmax_element(heights_.begin(), heights_.end());
        double t0 = 0, t1 = ray.maxT;
        clipToSlab(o.x, d.x, area_.minX, area_.maxX, t0, t1);
        clipToSlab(o.y, d.y, area_.minY, area_.maxY, t0, t1);
        clipToSlab(o.z, d.z, std::min(0.0, static_cast<double>(*low)) - 0.01, static_cast<double>(*high) + 0.01, t0, t1);
        if (t0 <= t1 && std::isfinite(t1)) {
            // Steps of half a grid spacing over the ground, then halving the step that crosses it.
            const double horizontal = std::hypot(d.x, d.y);
            const double step = horizontal > 0 ? std::max(spacing_ / 2 / horizontal, (t1 - t0) / 100000) : t1 - t0;
            double before = t0;
            if (above(t0) <= 0) return along(t0);
            for (double t = std::min(t0 + step, t1);; t = std::min(t + step, t1)) {
                if (above(t) <= 0) {
                    double lo = before, hi = t;
                    for (int i = 0; i < 40; ++i) {
                        const double mid = (lo + hi) / 2;
                        (above(mid) <= 0 ? hi : lo) = mid;
                    }
                    return along(hi);
                }
                if (t >= t1) break;
                before = t;
            }
        }
    }
    // Beyond the grid the ground is the plane z = 0.
    if (d.z == 0) return std::nullopt;
    const double t = -o.z / d.z;
    if (t < 0 || t > ray.maxT) return std::nullopt;
    const PickPoint p = along(t);
    if (!heights_.empty() && p.x >= area_.minX && p.x <= area_.maxX && p.y >= area_.minY && p.y <= area_.maxY) return std::nullopt;
    return p;
}

const LoadedLayer* groundLayer(const ProjectData& data) {
    for (const LoadedLayer& layer : data.layers)
        if (layer.available() && layer.raster && layer.spec.kind == LayerKind::Terrain && layer.spec.visible) return &layer;
    return nullptr;
}

GroundHeights projectGround(const ProjectData& data) {
    const LoadedLayer* terrain = groundLayer(data);
    Extent standing;
    for (const LoadedLayer& layer : data.layers)
        if (layer.available() && !layer.raster && !layer.data.bounds.empty()) standing.add(layer.data.bounds);
    if (!terrain || standing.empty()) return {};
    const RasterWindow& dem = *terrain->raster;
    const Extent demExtent = terrain->data.bounds;   // the raster's extent in scene metres
    const RasterSize size = dem.description().size;
    const double pixel = std::min(demExtent.width() / std::max(size.width, 1), demExtent.height() / std::max(size.height, 1));
    // Features at the DEM's edge still find their ground a pixel around them.
    const Extent area = standing.grown(pixel).intersection(demExtent);
    if (area.empty()) return {};
    return GroundHeights::read(dem, data.frame, area, pixel, terrain->spec.exaggeration);
}

std::vector<Vec2> densified(const std::vector<Vec2>& line, bool closed, double step) {
    if (line.size() < 2 || !(step > 0)) return line;
    std::vector<Vec2> out;
    out.reserve(line.size());
    const std::size_t segments = closed ? line.size() : line.size() - 1;
    for (std::size_t i = 0; i < segments; ++i) {
        const Vec2& a = line[i];
        const Vec2& b = line[(i + 1) % line.size()];
        out.push_back(a);
        const int pieces = static_cast<int>(std::ceil(std::hypot(b.x - a.x, b.y - a.y) / step));
        for (int k = 1; k < std::min(pieces, 100000); ++k) {
            const double f = static_cast<double>(k) / pieces;
            out.push_back({a.x + (b.x - a.x) * f, a.y + (b.y - a.y) * f});
        }
    }
    if (!closed) out.push_back(line.back());
    return out;
}

}  // namespace geo
