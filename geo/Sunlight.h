// 日照分析 (sunlight hours) as GB 50180-2018 counts them: for points on building facades (at each floor's
// window sill) or of a point layer, the minutes of sun in a window of true solar time on one day
// (8:00–16:00 on 大寒 by default), from the sun's positions every `step` minutes, where the sun counts
// when it is above the horizon, in front of the facade and not hidden by any building or by the
// ground. Buildings are the extruded footprints of the project (prisms standing on the ground, as the
// scene draws them); the ground is the project's terrain (geo/GroundHeights: the DEM's grid as
// triangles), flat without one. Obstruction is found by casting rays with Embree on the CPU,
// deterministic and without a display.
#pragma once
#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>
#include "geo/Feature.h"
#include "geo/GroundHeights.h"
#include "geo/SceneFrame.h"
#include "geo/Sun.h"

namespace geo {

/// A direction or point in the scene frame: metres east, north, and up.
struct SunVec3 {
    double x = 0, y = 0, z = 0;
};

/// A place whose sunlight is counted.
struct SunlightPoint {
    Vec2 position;            ///< scene metres (for a facade: just outside the wall)
    double height = 0;        ///< metres above its base
    double base = 0;          ///< the ground level (scene z) height counts from: its building's base, the ground under a point
    Vec2 normal;              ///< the facade's outward horizontal unit normal; {0, 0} = no facade (any direction)
    std::size_t feature = 0;  ///< index of the feature (building or point) in its layer
    int floor = 0;            ///< 1 = ground floor; 0 for the points of a point layer
    SunVec3 origin() const { return {position.x, position.y, base + height}; }
};

/// How facades are sampled.
struct FacadeOptions {
    double floorHeight = 3;             ///< metres a floor, when floorHeights is empty
    std::vector<double> floorHeights;   ///< per feature (parallel to the layer), e.g. from an attribute; <= 0 = floorHeight
    std::vector<double> bases;          ///< per feature: the ground level its floors count from (featureBases); empty = 0
    double sillHeight = 0.9;            ///< window sill above each floor's level, metres
    double spacing = 1;                 ///< metres between points along a facade
    double offset = 0.05;               ///< metres outside the wall the points stand
};

/// Points on the facades of the chosen buildings: along every edge of every ring (courtyards too),
/// `spacing` apart (edge length / spacing rounded, at least one, centred in equal parts, so never on a
/// corner), on every floor whose sill lies below the roof (floors = height / floorHeight, at least one),
/// facing out of the building whatever the ring's orientation. `heights` are the buildings' heights
/// (extrusionHeights), parallel to layer.features; flat features (0) and those not `chosen` (when
/// chosen is not empty) give no points. A point on a wall shared with a neighbouring building (parcels
/// cut from one block) stands inside that neighbour and gets no sun, as a party wall has no windows.
/// Throws InputError for spacing or floor heights <= 0 or a negative sill height.
std::vector<SunlightPoint> facadePoints(const FeatureLayer& layer, const std::vector<double>& heights,
                                        const std::vector<bool>& chosen, const FacadeOptions& options);

/// The points of a point layer (every point of each chosen feature), `heights[i]` metres above the ground
/// under it (one value for all when heights has one element), facing every way.
std::vector<SunlightPoint> layerPoints(const FeatureLayer& layer, const std::vector<double>& heights,
                                       const std::vector<bool>& chosen, const GroundHeights& ground = {});

/// A building as an obstacle: its footprint with its roof `height` metres above its base (the ground
/// at its label point, as the scene raises it) and its walls reaching down to `bottom`, the lowest
/// ground under its corners.
struct Prism {
    Polygon footprint;
    double height = 0;
    double base = 0;
    double bottom = 0;
};
/// The prisms of a layer's extruded features (flat ones left out), standing on `ground`.
std::vector<Prism> prismsOf(const FeatureLayer& layer, const std::vector<double>& heights,
                            const GroundHeights& ground = {});

/// What hides the sun: the walls of the prisms, the ground's triangles and the models' (`models`: three
/// corners a triangle) in an Embree scene. Only
/// walls are needed of the buildings: a ray toward the sun rises, so from a point outside every prism
/// it can enter one only through a wall (never through a roof from above; its floor lies in the
/// ground); from a point inside one below its roof it leaves through a wall and is blocked, as it
/// should be. A flat ground hides nothing (the sun counts only above the horizon) and is left out.
/// Thread-safe to query once built.
class Obstacles {
public:
    explicit Obstacles(const std::vector<Prism>& prisms, const GroundHeights& ground = {},
                       const std::vector<SunVec3>& models = {});
    ~Obstacles();
    Obstacles(const Obstacles&) = delete;
    Obstacles& operator=(const Obstacles&) = delete;

    /// Whether the ray from `origin` along `direction` (unit) hits a wall beyond 1 mm.
    bool blocked(const SunVec3& origin, const SunVec3& direction) const;
    /// The same for up to kPacket rays sharing one direction, cast together (neighbouring points of a
    /// facade toward the same sun: coherent rays, about twice as fast). Only rays with active[i] are
    /// cast; blocked[i] is false for the others.
    static constexpr std::size_t kPacket = 16;
    void blockedPacket(std::size_t count, const SunVec3* origins, const SunVec3& direction, const bool* active,
                       bool* blocked) const;
    std::size_t triangleCount() const;   ///< walls, ground and models

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// The day and window of the count.
struct SunlightWindow {
    CivilDate date;
    double utcOffsetHours = 8;    ///< the zone of the clock (China: +8)
    double lon = 120.17, lat = 30.25;   ///< where the sun is computed (the scene's centre)
    double fromMinutes = 8 * 60;  ///< window start, minutes of true solar time after midnight
    double toMinutes = 16 * 60;   ///< window end (> fromMinutes)
    double stepMinutes = 1;       ///< the sun's position is taken every step
    double minPeriodMinutes = 5;  ///< shorter continuous sunlit periods do not count
    int maxPeriods = 0;           ///< > 0: only this many of the longest periods count
    /// Degrees clockwise from the scene's +y axis (grid north) to true north at the place: the frame's
    /// meridian convergence (gridNorthToTrueNorth), which turns the sun's true azimuth into the grid's.
    double trueNorthInGrid = 0;
    SunOptions sun;
};

/// The angle clockwise from the frame's grid north to true north at lon/lat (degrees; about −0.09° for
/// Hangzhou in EPSG:4549).
double trueNorthInGrid(const SceneFrame& frame, double lon, double lat);

/// One time step: the interval [start, end) of true solar time (minutes) and the sun at its middle.
struct SunSample {
    double start = 0, end = 0;
    SunPosition sun;
    SunVec3 direction;            ///< unit vector toward the sun in the scene frame
    bool up() const { return sun.altitude > 0; }
};
/// The window cut into steps (the last one shorter when the step does not divide it). Throws InputError
/// for an empty window (from >= to), a step <= 0, or a date that does not exist.
std::vector<SunSample> sunSamples(const SunlightWindow& window);

/// A continuous sunlit period, minutes of true solar time.
struct SunPeriod {
    double start = 0, end = 0;
    double minutes() const { return end - start; }
};

struct SunlightResult {
    double minutes = 0;               ///< counted sunlit minutes (sum of the counted periods)
    std::vector<SunPeriod> periods;   ///< the counted periods, in time order
};

/// The counted sunlight of one point, from whether each sample is sunlit (parallel to samples): runs
/// of sunlit samples make periods; those shorter than minPeriodMinutes are dropped; with maxPeriods > 0
/// only the longest that many are kept (earlier first among equals).
SunlightResult countSunlight(const std::vector<SunSample>& samples, const std::vector<bool>& sunlit,
                             double minPeriodMinutes, int maxPeriods);

/// Whether the sun of `sample` reaches `point`: above the horizon, in front of the facade, not blocked.
bool sunReaches(const SunlightPoint& point, const SunSample& sample, const Obstacles& obstacles);

struct SunlightStats {
    std::size_t points = 0;
    std::size_t rays = 0;         ///< rays cast (samples with the sun up and in front of the facade)
    double milliseconds = 0;
};

/// The sunlight of every point (parallel to `points`), on `threads` threads (each point's result is
/// independent of the others and of the thread count). `progress(done, total)` is called now and then
/// from the calling thread. When `cancel` is set (from another thread) the threads stop at their next
/// chunk of points and the points not reached keep empty results (the viewer's Cancel).
std::vector<SunlightResult> computeSunlight(const std::vector<SunlightPoint>& points, const Obstacles& obstacles,
                                            const SunlightWindow& window, int threads = 2,
                                            const std::function<void(std::size_t, std::size_t)>& progress = {},
                                            SunlightStats* stats = nullptr, const std::atomic<bool>* cancel = nullptr);

}  // namespace geo
