#include "geo/SunlightJob.h"
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <unordered_map>
#include "geo/Errors.h"
#include "geo/Extrusion.h"
#include "geo/FeatureBases.h"
#include "geo/FeatureFilter.h"
#include "geo/RasterWindow.h"

namespace geo {

namespace {

const LayerSpec& pickLayer(const Project& project, const std::string& name, const char* option) {
    for (const auto& l : project.layers)
        if (l.name == name || l.layer == name) return l;
    std::string names;
    for (const auto& l : project.layers) names += (names.empty() ? "" : ", ") + l.name;
    throw InputError(project.path + ": " + option + " '" + name + "' is not a layer (layers: " + names + ")");
}

/// A number, or the name of a field of `layer` holding one per feature: parallel to the features.
std::vector<double> numberOrField(const std::string& text, const LoadedLayer& layer, const char* option) {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (!text.empty() && end && *end == '\0') {
        if (!std::isfinite(v) || v < 0) throw InputError(std::string(option) + " '" + text + "' must be a number >= 0");
        return std::vector<double>(layer.data.features.size(), v);
    }
    if (layer.data.fieldIndex(text) < 0)
        throw InputError(layer.spec.source + ": " + option + " '" + text + "' is neither a number nor a field of layer '" +
                         layer.spec.name + "'");
    std::vector<double> out;
    for (const auto& f : layer.data.features) out.push_back(toNumber(layer.data.value(f, text), 0));
    return out;
}

/// The request's buildings layer, with --extrude applied; InputError when it is not extruded buildings.
LayerSpec buildingsLayer(const Project& project, const SunlightRequest& request) {
    LayerSpec buildings = pickLayer(project, request.layer, "--layer");
    if (!request.extrude.empty()) {
        char* end = nullptr;
        const double v = std::strtod(request.extrude.c_str(), &end);
        if (end && *end == '\0') {
            buildings.extrudeField.clear();
            buildings.extrudeConstant = v;
        } else {
            buildings.extrudeField = request.extrude;
        }
        if (buildings.kind != LayerKind::Parcels && buildings.kind != LayerKind::Polygons) buildings.kind = LayerKind::Polygons;
    }
    if (!isExtrudedBuildings(buildings))
        throw InputError(project.path + ": layer '" + buildings.name + "' is not a layer of extruded buildings (" +
                         (buildings.kind == LayerKind::Parcels || buildings.kind == LayerKind::Polygons
                              ? std::string("it has no extrude; give --extrude FIELD|M")
                              : std::string("it is drawn as ") + layerKindName(buildings.kind)) + ")");
    return buildings;
}

/// The request's window placed at the job's points' centre (lon/lat, grid north); a clock window
/// turned into true solar time there.
void placeWindow(SunlightJob& job, const SunlightWindow& window, bool clockWindow) {
    // The sun is computed at the targets' centre.
    Extent extent;
    for (const auto& p : job.points) extent.add(p.position.x, p.position.y);
    const Vec2 centre = extent.empty() ? job.data.bounds.center() : extent.center();
    const Vec2 lonLat = job.frame().toLonLat(centre);
    job.window = window;
    job.window.lon = lonLat.x;
    job.window.lat = lonLat.y;
    job.window.trueNorthInGrid = trueNorthInGrid(job.frame(), lonLat.x, lonLat.y);
    if (clockWindow) {
        SunlightWindow& w = job.window;
        w.fromMinutes = std::max(0.0, clockToTrueSolar(w.date, w.fromMinutes / 60, w.utcOffsetHours, lonLat.x) * 60);
        w.toMinutes = std::min(24.0 * 60, clockToTrueSolar(w.date, w.toMinutes / 60, w.utcOffsetHours, lonLat.x) * 60);
    }
}

// How far a shadow is looked for, and how finely the sunlight ground is read.
constexpr double kMaxShadowReach = 10000;   // metres
constexpr int kMaxGroundPoints = 1025;      // a side: two million triangles at most
// The ground just around the points is always read: the viewer counts a grid of ground points up to
// 30 m beyond its buildings, which stand on it.
constexpr double kGroundMargin = 100;       // metres

/// The ground that can hide the sun from the job's points: the project's ground layer (its DEM at its
/// own resolution) over the points and as far around them as its relief can cast a shadow with the
/// sun at its lowest in the window; flat without terrain.
GroundHeights sunlightGround(const SunlightJob& job, const ProjectData& source) {
    const LoadedLayer* terrain = groundLayer(source);
    Extent targets;
    for (const auto& p : job.points) targets.add(p.position.x, p.position.y);
    if (!terrain || targets.empty()) return {};
    const auto range = terrain->raster->valueRange();
    const double relief = range ? (range->second - range->first) * std::abs(terrain->spec.exaggeration) : 0;
    const double reach = shadowReach(job, relief);
    const Extent dem = terrain->data.bounds;
    const RasterSize size = terrain->raster->description().size;
    const double pixel = std::min(dem.width() / std::max(size.width, 1), dem.height() / std::max(size.height, 1));
    const Extent area = targets.grown(reach + kGroundMargin + pixel).intersection(dem);
    if (area.empty()) return {};
    const double spacing = std::max({pixel, area.width() / (kMaxGroundPoints - 1), area.height() / (kMaxGroundPoints - 1)});
    return GroundHeights::read(*terrain->raster, source.frame, area, spacing, terrain->spec.exaggeration);
}

/// Stands the job on its ground: the points' bases (a facade's floors count from its building's base,
/// as the scene raises the building; a point of a point layer from the ground under it), and the
/// obstacles, every extruded layer of `source` that is loaded whole, on the same ground.
void standOnGround(SunlightJob& job, const ProjectData& source) {
    for (const SunSample& s : sunSamples(job.window))
        if (s.up()) job.lowestSunAltitude = std::min(job.lowestSunAltitude, s.sun.altitude);
    job.ground = sunlightGround(job, source);
    if (!job.hasPointLayer) job.facade.bases = featureBases(job.ground, job.buildings().data);
    for (auto& p : job.points) p.base = job.hasPointLayer ? job.ground.at(p.position) : job.facade.bases[p.feature];
    job.prisms.clear();
    for (const auto& l : source.layers) {
        if (!isExtrudedBuildings(l.spec) || l.data.kind != GeometryKind::Polygon || !l.available() || l.streamed()) continue;
        const auto more = prismsOf(l.data, extrusionHeights(l.spec, l.data), job.ground);
        job.prisms.insert(job.prisms.end(), more.begin(), more.end());
    }
}

}  // namespace

double shadowReach(const SunlightJob& job, double height) {
    if (!(height > 0)) return 0;
    return std::min(kMaxShadowReach, height / std::tan(std::max(job.lowestSunAltitude, 0.5) * 3.14159265358979323846 / 180));
}

bool isExtrudedBuildings(const LayerSpec& spec) {
    return (spec.kind == LayerKind::Parcels || spec.kind == LayerKind::Polygons) &&
           (!spec.extrudeField.empty() || spec.extrudeConstant > 0);
}

SunlightJob prepareSunlight(const Project& project, const SunlightRequest& request, const SunlightWindow& window,
                            const LoadProgressCallback& progress) {
    if (!(request.spacing > 0)) throw InputError("--spacing must be more than 0 m");
    const LayerSpec buildings = buildingsLayer(project, request);
    // The layers read: the buildings, the points, and every other layer of extruded buildings (obstacles).
    Project needed = project;
    needed.layers = {buildings};
    if (!request.points.empty()) needed.layers.push_back(pickLayer(project, request.points, "--points"));
    for (const auto& l : project.layers)
        if (isExtrudedBuildings(l) && l.name != buildings.name && l.name != request.points) needed.layers.push_back(l);
    // The terrain the buildings stand on, which hides the sun too (the first the project shows, as the
    // scene's), and the models it shows, whose triangles the caller adds (SunlightJob::models).
    const auto terrain = std::find_if(project.layers.begin(), project.layers.end(),
                                      [](const LayerSpec& l) { return l.kind == LayerKind::Terrain && l.visible; });
    if (terrain != project.layers.end()) needed.layers.push_back(*terrain);
    for (const auto& l : project.layers)
        if (l.kind == LayerKind::Models && l.visible) needed.layers.push_back(l);
    const SceneFrame frame = chooseProjectFrame(needed);

    SunlightJob job(loadProjectData(needed, &frame, progress));
    job.hasPointLayer = !request.points.empty();
    for (const auto& l : job.data.layers)
        if (!l.available()) throw InputError(l.spec.source + ": " + l.error);
    const LoadedLayer& target = job.buildings();
    if (target.data.kind != GeometryKind::Polygon)
        throw InputError(target.spec.source + ": layer '" + target.spec.name + "' holds " +
                         geometryKindName(target.data.kind) + "s, not building footprints");

    if (const LoadedLayer* points = job.pointLayer()) {
        if (points->data.kind != GeometryKind::Point)
            throw InputError(points->spec.source + ": --points layer '" + points->spec.name + "' holds " +
                             geometryKindName(points->data.kind) + "s, not points");
        std::vector<bool> chosen;
        if (!request.where.empty())
            chosen = AttributeQuery(points->data, filterDialectFor(points->spec.source)).matches(request.where);
        job.points = layerPoints(points->data, numberOrField(request.pointHeight, *points, "--point-height"), chosen);
    } else {
        if (!request.where.empty())
            job.chosen = AttributeQuery(target.data, filterDialectFor(target.spec.source)).matches(request.where);
        job.facade.spacing = request.spacing;
        job.facade.floorHeights = numberOrField(request.floorHeight, target, "--floor-height");
        for (double& h : job.facade.floorHeights)
            if (!(h > 0)) h = 3;   // a field's NULL or 0: the default floor
        job.heights = extrusionHeights(target.spec, target.data);
        job.points = facadePoints(target.data, job.heights, job.chosen, job.facade);
    }

    placeWindow(job, window, request.clockWindow);
    standOnGround(job, job.data);
    return job;
}

SunlightJob sunlightJobOf(const ProjectData& loaded, std::size_t layer, const std::vector<bool>& chosen,
                          const FacadeOptions& facade, const SunlightWindow& window) {
    if (layer >= loaded.layers.size()) throw InputError("no layer " + std::to_string(layer) + " in the project");
    const LoadedLayer& target = loaded.layers[layer];
    if (!isExtrudedBuildings(target.spec) || target.data.kind != GeometryKind::Polygon)
        throw InputError("layer '" + target.spec.name + "' is not a layer of extruded buildings");
    if (!target.available()) throw InputError("layer '" + target.spec.name + "' is unavailable: " + target.error);
    if (target.streamed())
        throw InputError("layer '" + target.spec.name + "' is streamed: its features are only read near the camera");
    SunlightJob job(ProjectData{loaded.project, loaded.frame, {target}, loaded.bounds});
    job.chosen = chosen;
    job.facade = facade;
    job.heights = extrusionHeights(target.spec, target.data);
    job.points = facadePoints(target.data, job.heights, job.chosen, job.facade);
    placeWindow(job, window, false);
    standOnGround(job, loaded);
    return job;
}

std::uint64_t facadeKey(const SunlightPoint& point) {
    const double degrees = std::atan2(point.normal.x, point.normal.y) * 180 / 3.14159265358979323846;
    const auto facing = static_cast<std::uint64_t>(std::lround(degrees + 360)) % 360;
    return (static_cast<std::uint64_t>(point.feature) << 24) | (static_cast<std::uint64_t>(point.floor & 0xFFFF) << 9) | facing;
}

RefinedSunlight refineSunlight(const SunlightJob& coarse, const Obstacles& obstacles, double fineSpacing,
                               double thresholdMinutes, double marginMinutes, int threads,
                               const std::function<void(int, std::size_t, std::size_t)>& progress,
                               const std::atomic<bool>* cancel) {
    RefinedSunlight out;
    auto passProgress = [&progress](int pass) -> std::function<void(std::size_t, std::size_t)> {
        if (!progress) return {};
        return [&progress, pass](std::size_t done, std::size_t total) { progress(pass, done, total); };
    };
    const std::vector<SunlightResult> first =
        computeSunlight(coarse.points, obstacles, coarse.window, threads, passProgress(1), &out.stats, cancel);
    struct Verdicts {
        bool passes = false, fails = false, near = false;
        bool unclear() const { return near || (passes && fails); }
    };
    std::unordered_map<std::uint64_t, Verdicts> facades;
    for (std::size_t i = 0; i < coarse.points.size(); ++i) {
        Verdicts& v = facades[facadeKey(coarse.points[i])];
        const double minutes = first[i].minutes;
        (minutes >= thresholdMinutes ? v.passes : v.fails) = true;
        if (std::abs(minutes - thresholdMinutes) < marginMinutes) v.near = true;
    }
    out.facades = facades.size();
    std::vector<bool> refineBuilding(coarse.buildings().data.features.size(), false);
    for (std::size_t i = 0; i < coarse.points.size(); ++i) {
        if (facades[facadeKey(coarse.points[i])].unclear()) {
            refineBuilding[coarse.points[i].feature] = true;
        } else {
            out.points.push_back(coarse.points[i]);
            out.results.push_back(first[i]);
        }
    }
    for (const auto& [key, v] : facades) out.refinedFacades += v.unclear();
    if (out.refinedFacades == 0) return out;
    // The refined buildings sampled anew; only the points of their unclear facades are counted.
    FacadeOptions fine = coarse.facade;
    fine.spacing = fineSpacing;
    std::vector<SunlightPoint> finePoints;
    for (const auto& p : facadePoints(coarse.buildings().data, coarse.heights, refineBuilding, fine)) {
        const auto found = facades.find(facadeKey(p));
        if (found != facades.end() && found->second.unclear()) finePoints.push_back(p);
    }
    SunlightStats second;
    const std::vector<SunlightResult> refined =
        computeSunlight(finePoints, obstacles, coarse.window, threads, passProgress(2), &second, cancel);
    out.points.insert(out.points.end(), finePoints.begin(), finePoints.end());
    out.results.insert(out.results.end(), refined.begin(), refined.end());
    out.stats.points += second.points;
    out.stats.rays += second.rays;
    out.stats.milliseconds += second.milliseconds;
    return out;
}

}  // namespace geo
