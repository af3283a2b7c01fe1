// The ground's height under the vector layers when the project has terrain: what parcels, boundaries,
// lines, pins and labels stand on, what picking and the camera meet. The first terrain layer's DEM
// is read once over the vector layers' extent, at the DEM's own resolution (capped), through the
// same GDAL warp as the terrain's tiles (geo::RasterWindow::readHeights, bilinear), times the layer's
// exaggeration; between grid points the ground is the grid's triangles (each cell cut from its
// north-west to its south-east corner), one surface for what stands on it and what the sunlight count
// casts its rays against (geo/Sunlight's Obstacles). Without terrain the ground is flat at 0.
#pragma once
#include <optional>
#include <vector>
#include "geo/PickIndex.h"
#include "geo/Vec.h"

namespace geo {

class RasterWindow;
class SceneFrame;
struct LoadedLayer;
struct ProjectData;

class GroundHeights {
public:
    /// Flat ground at 0.
    GroundHeights() = default;

    /// `terrain`'s heights (times `exaggeration`) over `area` (scene metres of `frame`), grid points
    /// `spacing` metres apart (at most kMaxPoints a side: coarser over a large area). Where the DEM
    /// has no data, or outside it, the ground is at 0, as the terrain's tiles draw it.
    static GroundHeights read(const RasterWindow& terrain, const SceneFrame& frame, const Extent& area, double spacing,
                              double exaggeration);

    static constexpr int kMaxPoints = 2049;

    bool flat() const { return heights_.empty(); }
    /// Metres between grid points (0 when flat): the resolution heights are known at.
    double spacing() const { return spacing_; }
    /// The ground's height at (x, y) in scene metres.
    double at(double x, double y) const;
    double at(Vec2 p) const { return at(p.x, p.y); }
    /// The ground's upward unit normal at (x, y) (from its slope over one spacing each way; straight
    /// up on flat ground): how a feature draped there is shaded.
    void normalAt(double x, double y, float normal[3]) const;

    /// The length of `path` (scene metres) along the ground, its rises and falls included: each
    /// segment followed in steps of half a spacing. The plain length on flat ground.
    double surfaceLength(const std::vector<Vec2>& path) const;

    /// The grid: `columns` × `rows` points from the north-west corner, `spacing` apart (0 × 0 when flat).
    int columns() const { return columns_; }
    int rows() const { return rows_; }
    Vec2 gridPoint(int column, int row) const { return {area_.minX + column * spacing_, area_.maxY - row * spacing_}; }
    double gridHeight(int column, int row) const {
        return heights_[static_cast<std::size_t>(row) * static_cast<std::size_t>(columns_) + static_cast<std::size_t>(column)];
    }

    /// The first point where `ray` meets the ground (the terrain, else the plane z = 0), or nullopt
    /// when it does not within ray.maxT.
    std::optional<PickPoint> intersect(const PickRay& ray) const;

private:
    Extent area_;                 // of the grid points: (minX, maxY) is point (0, 0), rows go south
    int columns_ = 0, rows_ = 0;
    double spacing_ = 0;
    std::vector<float> heights_;
};

/// The layer whose DEM is the project's ground: its first available terrain layer that the project
/// shows (a DEM kept hidden for another use is not the ground); null when there is none.
const LoadedLayer* groundLayer(const ProjectData& data);

/// The project's ground: its first available terrain layer that the project shows (`visible`) read over the extent of its vector layers
/// (their features, and models' placements) at the DEM's resolution; flat when it has no terrain or
/// nothing else to stand on it. Throws InputError naming the DEM when GDAL cannot read it.
GroundHeights projectGround(const ProjectData& data);

/// `line`'s points with points added between them so that no segment is longer than `step` metres
/// (a closed ring's closing segment too, without repeating its first point): what a line draped on
/// the ground needs to follow it.
std::vector<Vec2> densified(const std::vector<Vec2>& line, bool closed, double step);

}  // namespace geo
