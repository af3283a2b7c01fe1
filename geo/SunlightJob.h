// A sunlight count set up from a project: the layers it reads (the chosen buildings, a point layer,
// every other layer of extruded buildings as obstacles, the terrain they stand on), the points whose sun is counted, the
// obstacles, and the window placed at the points' centre. Shared by `planview sunlight` and
// `planview bench --sunlight`, so the bench measures exactly what the verb computes, and by the
// viewer's 日照分析 (sunlightJobOf, over the data it has loaded).
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>
#include "geo/Project.h"
#include "geo/ProjectData.h"
#include "geo/Sunlight.h"

namespace geo {

/// What to count, as the sunlight verb's options say it.
struct SunlightRequest {
    std::string layer;               ///< the extruded buildings (display or source name)
    std::string where;               ///< only these buildings (with points: these points)
    std::string points;              ///< count at this point layer's points instead of the facades
    std::string extrude;             ///< the buildings' heights, a field or metres ("" = the project's)
    std::string floorHeight = "3";   ///< metres a floor, or the field giving them
    std::string pointHeight = "0.9"; ///< with points: metres above the ground, or the field giving them
    double spacing = 1;              ///< metres between points along a facade
    bool clockWindow = false;        ///< the window's from/to are clock times, not true solar time
};

struct SunlightJob {
    explicit SunlightJob(ProjectData loaded) : data(std::move(loaded)) {}
    ProjectData data;                  ///< layers[0]: the buildings; layers[1] the points when asked for
    bool hasPointLayer = false;
    std::vector<SunlightPoint> points;
    std::vector<Prism> prisms;         ///< every extruded building of the project, on the ground
    /// The terrain around the points (see sunlightGround in SunlightJob.cpp), flat without one: what the
    /// points and prisms stand on and, with the prisms, what hides the sun (Obstacles(prisms, ground)).
    GroundHeights ground;
    /// The models' triangles (three corners each, scene metres), which hide the sun too: geo reads no
    /// model files, the caller sets them (planview::modelTriangles).
    std::vector<SunVec3> models;
    // How the facade points were sampled (for refineSunlight): the buildings' heights, which were
    // chosen (empty = all), the floors and spacing.
    std::vector<double> heights;
    std::vector<bool> chosen;
    FacadeOptions facade;
    SunlightWindow window;             ///< the request's, placed at the points' centre
    double lowestSunAltitude = 90;     ///< degrees: the sun's lowest altitude above the horizon in the window

    const LoadedLayer& buildings() const { return data.layers[0]; }
    const LoadedLayer* pointLayer() const { return hasPointLayer ? &data.layers[1] : nullptr; }
    const SceneFrame& frame() const { return data.frame; }
};

/// How far from the job's points something `height` metres above them can hide the sun in its window:
/// that height over the tangent of the sun's lowest altitude (0.5° at least), at most 10 km.
double shadowReach(const SunlightJob& job, double height);

/// Whether a layer is drawn as extruded buildings (polygons or parcels with an extrusion).
bool isExtrudedBuildings(const LayerSpec& spec);

/// Reads what the request needs from `project` and samples the points. `window` gives the day, times and
/// counting rules; its place (lon/lat, grid north) is set here. InputError naming the project or the
/// option for a layer that is not there or not extruded buildings, a points layer without points, a
/// field that is not a number, or a layer that did not load.
SunlightJob prepareSunlight(const Project& project, const SunlightRequest& request, const SunlightWindow& window,
                            const LoadProgressCallback& progress = {});

/// The same count set up from a project already loaded (the viewer's): the facade points of layer
/// `layer`'s `chosen` features (empty = all) sampled as `facade` says, floors of `facade.floorHeight`
/// unless `facade.floorHeights` gives them; every available, not streamed layer of extruded buildings
/// as obstacles, with their extrusion heights; the window placed at the points' centre (its from/to are
/// true solar time). Copies the buildings' layer into the job. InputError for a layer that is not
/// extruded buildings, unavailable or streamed.
SunlightJob sunlightJobOf(const ProjectData& loaded, std::size_t layer, const std::vector<bool>& chosen,
                          const FacadeOptions& facade, const SunlightWindow& window);

/// The facade a point belongs to, for the interactive count: its building, floor and facing (to the
/// degree). Points of one facade share a key; the walls of one building facing the same way on one floor
/// count as one facade.
std::uint64_t facadeKey(const SunlightPoint& point);

/// The interactive count: the job's facade points (sampled at a coarse spacing) counted first; then every
/// facade whose coarse points do not all clearly pass or all clearly fail — one within `marginMinutes` of
/// `thresholdMinutes`, or some passing and some failing — is sampled again at `fineSpacing` and counted
/// again, its coarse points replaced. A clear facade's verdict rests on its coarse points (a north facade
/// on 大寒 fails whatever the spacing; a free south facade passes).
struct RefinedSunlight {
    std::vector<SunlightPoint> points;    ///< the clear facades' coarse points, then the refined ones
    std::vector<SunlightResult> results;  ///< parallel to points
    std::size_t facades = 0, refinedFacades = 0;
    SunlightStats stats;                  ///< both passes together
};
/// `progress(pass, done, total)` reports each pass (1 coarse, 2 refined) from the calling thread; with
/// `cancel` set the passes stop early (see computeSunlight) and the result is incomplete.
RefinedSunlight refineSunlight(const SunlightJob& coarse, const Obstacles& obstacles, double fineSpacing,
                               double thresholdMinutes, double marginMinutes, int threads,
                               const std::function<void(int, std::size_t, std::size_t)>& progress = {},
                               const std::atomic<bool>* cancel = nullptr);

}  // namespace geo
