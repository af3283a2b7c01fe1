#include "app/tools/SunlightTool.h"
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>
#include <thread>
#include "app/scene/CameraViews.h"
#include "app/scene/ModelTriangles.h"
#include "app/ui/ImageCameraOsg.h"
#include "app/ui/UiText.h"
#include "geo/Errors.h"
#include "geo/FeatureFilter.h"
#include "geo/InView.h"
#include "geo/Style.h"
#include "geo/SunlightJob.h"
#include "geo/SunlightRamp.h"

namespace planview {

namespace {

// The fast mode's first pass samples facades this many times more coarsely; facades with a point
// within this many minutes of the threshold (or on both sides of it) are counted again at the spacing.
constexpr double kCoarseFactor = 4, kMarginMinutes = 30;
constexpr double kGroundMargin = 30;        // metres of ground grid around the buildings
constexpr double kMarkOffWall = 0.35;       // metres the marks stand off their facade (beyond geo's 0.05)
const geo::Color kPickedColor{0.0f, 0.45f, 1.0f, 1};   // the scene's highlight colour

std::string buildingName(const geo::LoadedLayer& layer, const geo::Feature& f) {
    for (const std::string& field : {layer.spec.label, std::string("name_zh"), std::string("name"), std::string("plot_code")}) {
        if (field.empty()) continue;
        std::string name = geo::toString(layer.data.value(f, field));
        if (!name.empty()) return name;
    }
    return "fid " + std::to_string(f.fid);
}

}  // namespace

/// A count on the worker thread: its inputs, its progress, and its result once `done`.
struct SunlightTool::Run {
    std::thread worker;
    std::atomic<bool> cancel{false}, done{false};
    std::atomic<int> pass{0};
    std::atomic<double> progress{0};
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    // Inputs.
    std::size_t layer = 0;
    std::vector<bool> chosen;
    geo::FacadeOptions facade;
    geo::SunlightWindow window;
    bool fast = true;
    double spacing = 1, thresholdMinutes = 120;
    std::vector<geo::SunlightPoint> groundPoints;
    // Result.
    std::vector<geo::SunlightPoint> points;
    std::vector<geo::SunlightResult> results;
    geo::SunlightStats stats;
    std::string error;
};

SunlightTool::SunlightTool(MapModel& map, InspectorTool& inspector) : map_(map), inspector_(inspector) {
    // The standard counts homes: on a layer coloured by land use, its residential classes (R…) first.
    const std::vector<std::size_t> layers = analysableLayers(map.data());
    if (layers.empty()) return;
    SunlightUiState& s = map.state().sunlight;
    s.layer = static_cast<int>(layers.front());
    const std::string& by = map.data().layers[layers.front()].spec.style.by;
    if (geo::isLandUseFieldName(by)) s.where = by + " LIKE 'R%'";
}

SunlightTool::~SunlightTool() {
    if (run_) {
        run_->cancel = true;
        run_->worker.join();
    }
}

std::vector<std::size_t> SunlightTool::analysableLayers(const geo::ProjectData& data) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < data.layers.size(); ++i) {
        const geo::LoadedLayer& l = data.layers[i];
        if (geo::isExtrudedBuildings(l.spec) && l.available() && !l.streamed() && l.data.kind == geo::GeometryKind::Polygon)
            out.push_back(i);
    }
    return out;
}

geo::SunVec3 SunlightTool::markPosition(const geo::SunlightPoint& p) {
    if (p.feature == kGroundPoint) return {p.position.x, p.position.y, p.base + 0.15};
    return {p.position.x + p.normal.x * kMarkOffWall, p.position.y + p.normal.y * kMarkOffWall, p.base + p.height};
}

std::vector<bool> SunlightTool::chosenBuildings(std::size_t layer) {
    const SunlightUiState& s = map_.state().sunlight;
    const geo::LoadedLayer& loaded = map_.data().layers[layer];
    auto matching = [&](const std::string& where) {
        return geo::AttributeQuery(loaded.data, geo::filterDialectFor(loaded.spec.source)).matches(where);
    };
    switch (s.scope) {
    case SunlightScope::Selection: {
        const std::optional<FeatureRef> selected = map_.view().selection;
        if (!selected || selected->layer != static_cast<int>(layer) || selected->tile >= 0 ||
            selected->feature >= loaded.data.features.size())
            throw geo::InputError(tr(text::kSunlightSelectFirst) + (" " + loaded.spec.name));
        std::vector<bool> chosen(loaded.data.features.size(), false);
        chosen[selected->feature] = true;
        return chosen;
    }
    case SunlightScope::Where:
        if (s.where.empty()) throw geo::InputError(tr(text::kSunlightWhereFirst));
        return matching(s.where);
    case SunlightScope::InView: {
        const ImageCamera& camera = map_.state().camera;
        if (camera.width <= 0) throw geo::InputError(tr(text::kSunlightNoView));
        const geo::ConvexArea area(groundFootprint(osgView(camera), osgProjection(camera)));
        std::vector<bool> chosen = geo::featuresMeeting(loaded.data, area);
        if (!s.where.empty()) {
            const std::vector<bool> where = matching(s.where);
            for (std::size_t i = 0; i < chosen.size(); ++i) chosen[i] = chosen[i] && i < where.size() && where[i];
        }
        return chosen;
    }
    }
    return {};
}

void SunlightTool::runSunlight() {
    cancelSunlight();
    if (run_) {
        run_->worker.join();
        run_.reset();
    }
    SunlightUiState& s = map_.state().sunlight;
    s.error.clear();
    s.cancelled = false;
    const geo::ProjectData& data = map_.data();
    auto run = std::make_unique<Run>();
    try {
        const std::vector<std::size_t> layers = analysableLayers(data);
        if (layers.empty()) throw geo::InputError(tr(text::kSunlightNoLayer));
        if (std::find(layers.begin(), layers.end(), static_cast<std::size_t>(std::max(s.layer, 0))) == layers.end() || s.layer < 0)
            s.layer = static_cast<int>(layers.front());
        if (!(s.fromHours < s.toHours) || s.fromHours < 0 || s.toHours > 24 || !(s.stepMinutes > 0) || !(s.spacing > 0) ||
            s.thresholdHours < 0 || !(s.floorHeight > 0) || s.minPeriodMinutes < 0 || !(s.groundSpacing > 0))
            throw geo::InputError(tr(text::kSunlightBadSettings));
        run->layer = static_cast<std::size_t>(s.layer);
        run->chosen = chosenBuildings(run->layer);
        const geo::LoadedLayer& loaded = data.layers[run->layer];
        const std::vector<double>& heights = map_.scene().heights(run->layer);
        geo::Extent chosenBounds;
        for (std::size_t i = 0; i < run->chosen.size(); ++i)
            if (run->chosen[i] && i < heights.size() && heights[i] > 0) chosenBounds.add(loaded.data.features[i].bounds);
        if (chosenBounds.empty()) throw geo::InputError(tr(text::kSunlightNoBuildings));
        run->window.date = map_.state().sun.date;
        run->window.utcOffsetHours = map_.state().sun.utcOffsetHours;
        run->window.fromMinutes = std::round(s.fromHours * 60.0);
        run->window.toMinutes = std::round(s.toHours * 60.0);
        run->window.stepMinutes = s.stepMinutes;
        run->window.minPeriodMinutes = s.minPeriodMinutes;
        run->facade.floorHeight = s.floorHeight;
        run->facade.spacing = s.fast ? s.spacing * kCoarseFactor : s.spacing;
        run->fast = s.fast;
        run->spacing = s.spacing;
        run->thresholdMinutes = s.thresholdHours * 60.0;
        if (s.ground) {
            // A grid over the buildings' extent and a margin around it, on the ground, facing every way.
            const double step = s.groundSpacing;
            for (double y = chosenBounds.minY - kGroundMargin + step / 2; y < chosenBounds.maxY + kGroundMargin; y += step)
                for (double x = chosenBounds.minX - kGroundMargin + step / 2; x < chosenBounds.maxX + kGroundMargin; x += step) {
                    geo::SunlightPoint p;
                    p.position = {x, y};
                    p.height = 0.05;
                    p.feature = kGroundPoint;
                    run->groundPoints.push_back(p);
                }
        }
    } catch (const geo::InputError& e) {
        s.error = e.what();
        s.running = false;
        return;
    }
    Run* r = run.get();
    const int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    r->worker = std::thread([r, threads, &data] {
        try {
            geo::SunlightJob job = geo::sunlightJobOf(data, r->layer, r->chosen, r->facade, r->window);
            job.models = modelTriangles(data, job).corners;
            const geo::Obstacles obstacles(job.prisms, job.ground, job.models);
            if (r->fast) {
                geo::RefinedSunlight fast = geo::refineSunlight(
                    job, obstacles, r->spacing, r->thresholdMinutes, kMarginMinutes, threads,
                    [r](int pass, std::size_t done, std::size_t total) {
                        r->pass = pass;
                        r->progress = total ? static_cast<double>(done) / total : 1.0;
                    },
                    &r->cancel);
                r->points = std::move(fast.points);
                r->results = std::move(fast.results);
                r->stats = fast.stats;
            } else {
                r->pass = 1;
                r->points = job.points;
                r->results = geo::computeSunlight(
                    job.points, obstacles, job.window, threads,
                    [r](std::size_t done, std::size_t total) { r->progress = total ? static_cast<double>(done) / total : 1.0; },
                    &r->stats, &r->cancel);
            }
            if (!r->groundPoints.empty() && !r->cancel) {
                r->pass = 3;
                for (auto& p : r->groundPoints) p.base = job.ground.at(p.position);
                geo::SunlightStats ground;
                const auto results = geo::computeSunlight(
                    r->groundPoints, obstacles, job.window, threads,
                    [r](std::size_t done, std::size_t total) { r->progress = total ? static_cast<double>(done) / total : 1.0; },
                    &ground, &r->cancel);
                r->points.insert(r->points.end(), r->groundPoints.begin(), r->groundPoints.end());
                r->results.insert(r->results.end(), results.begin(), results.end());
                r->stats.points += ground.points;
                r->stats.rays += ground.rays;
                r->stats.milliseconds += ground.milliseconds;
            }
        } catch (const std::exception& e) {
            r->error = e.what();
        }
        r->done = true;
    });
    run_ = std::move(run);
    s.running = true;
    s.pass = 1;
    s.progress = 0;
}

void SunlightTool::cancelSunlight() {
    if (run_) run_->cancel = true;
}

bool SunlightTool::busy() const { return run_ != nullptr || map_.state().sunlight.runWhenViewed; }

bool SunlightTool::tick() {
    SunlightUiState& s = map_.state().sunlight;
    if (s.runWhenViewed && !run_ && map_.state().camera.width > 0) {
        s.runWhenViewed = false;
        runSunlight();
    }
    if (!run_) return false;
    s.pass = run_->pass;
    s.progress = run_->progress;
    if (!run_->done) return true;
    wait();
    return false;
}

void SunlightTool::wait() {
    if (!run_) return;
    run_->worker.join();
    std::unique_ptr<Run> run = std::move(run_);
    take(*run);
}

void SunlightTool::take(Run& run) {
    SunlightUiState& s = map_.state().sunlight;
    s.running = false;
    if (!run.error.empty()) {
        s.error = run.error;
        return;
    }
    if (run.cancel) {
        s.cancelled = true;
        return;
    }
    const geo::LoadedLayer& layer = map_.data().layers[run.layer];
    s.computed = true;
    s.resultLayer = static_cast<int>(run.layer);
    s.date = run.window.date;
    s.fromMinutes = run.window.fromMinutes;
    s.toMinutes = run.window.toMinutes;
    s.thresholdMinutes = run.thresholdMinutes;
    s.points = std::move(run.points);
    s.results = std::move(run.results);
    s.stats = run.stats;
    s.elapsedMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - run.started).count();
    s.picked.reset();
    s.colors.clear();
    s.failures.clear();
    s.failingPoints = 0;
    s.settingsOpen = false;   // the result takes the panel's room
    const double needed = s.thresholdMinutes - 1e-9;
    std::map<std::pair<std::size_t, int>, SunlightFailure> floors;
    for (std::size_t i = 0; i < s.points.size(); ++i) {
        const geo::SunlightPoint& p = s.points[i];
        const double minutes = s.results[i].minutes;
        s.colors.push_back(geo::sunlightRampColor(minutes, s.thresholdMinutes, s.toMinutes - s.fromMinutes));
        if (p.feature == kGroundPoint) continue;
        SunlightFailure& f = floors[{p.feature, p.floor}];
        if (f.points++ == 0) {
            f.feature = p.feature;
            f.floor = p.floor;
            f.sill = p.height;
            f.leastMinutes = minutes;
        }
        f.leastMinutes = std::min(f.leastMinutes, minutes);
        if (minutes < needed) {
            ++f.failing;
            ++s.failingPoints;
            f.bounds.add(p.position.x, p.position.y);
        }
    }
    for (auto& [key, f] : floors) {
        if (f.failing == 0) continue;
        f.building = buildingName(layer, layer.data.features[f.feature]);
        s.failures.push_back(std::move(f));
    }
    std::stable_sort(s.failures.begin(), s.failures.end(), [](const SunlightFailure& a, const SunlightFailure& b) {
        if (a.leastMinutes != b.leastMinutes) return a.leastMinutes < b.leastMinutes;
        return a.feature != b.feature ? a.feature < b.feature : a.floor < b.floor;
    });
    showMarks();
}

void SunlightTool::clearSunlight() {
    cancelSunlight();
    SunlightUiState& s = map_.state().sunlight;
    s.computed = false;
    s.points.clear();
    s.results.clear();
    s.colors.clear();
    s.failures.clear();
    s.failingPoints = 0;
    s.picked.reset();
    showMarks();
}

void SunlightTool::setSunlightMarksShown(bool shown) {
    map_.state().sunlight.marksShown = shown;
    showMarks();
}

void SunlightTool::showMarks() {
    const SunlightUiState& s = map_.state().sunlight;
    std::vector<Mark> marks;
    if (s.computed && s.marksShown) {
        marks.reserve(s.points.size());
        for (std::size_t i = 0; i < s.points.size(); ++i) {
            const geo::SunVec3 at = markPosition(s.points[i]);
            marks.push_back({osg::Vec3f(static_cast<float>(at.x), static_cast<float>(at.y), static_cast<float>(at.z)),
                             s.picked && *s.picked == i ? kPickedColor : s.colors[i]});
        }
    }
    map_.scene().setMarks(marks);
}

void SunlightTool::flyToSunlightFailure(std::size_t row) {
    const SunlightUiState& s = map_.state().sunlight;
    if (row >= s.failures.size() || s.resultLayer < 0) return;
    const SunlightFailure f = s.failures[row];
    inspector_.select(FeatureRef{s.resultLayer, f.feature});
    // The failing points with their street around them: at least 120 m across.
    constexpr double kMinimumSide = 120;
    const geo::Vec2 centre = f.bounds.center();
    const double halfWidth = std::max(f.bounds.width(), kMinimumSide) / 2, halfHeight = std::max(f.bounds.height(), kMinimumSide) / 2;
    geo::Extent framed;
    framed.add(centre.x - halfWidth, centre.y - halfHeight);
    framed.add(centre.x + halfWidth, centre.y + halfHeight);
    if (map_.host.onFlyTo) map_.host.onFlyTo(framed, f.sill);
}

bool SunlightTool::pickPoint(double x, double y, double maxDistance, double pixels) {
    SunlightUiState& s = map_.state().sunlight;
    const ImageCamera& camera = map_.state().camera;
    std::optional<std::size_t> best;
    if (s.computed && s.marksShown && camera.width > 0) {
        const osg::Matrixd view = osgView(camera), viewProjection = view * osgProjection(camera);
        double bestPixels = pixels * pixels, bestDistance = std::numeric_limits<double>::infinity();
        for (std::size_t i = 0; i < s.points.size(); ++i) {
            const geo::SunVec3 at = markPosition(s.points[i]);
            const osg::Vec3d p(at.x, at.y, at.z);
            const double distance = (p * view).length();
            if (distance > maxDistance + 1.0) continue;   // behind what the pick hit
            const osg::Vec4d clip = osg::Vec4d(p, 1.0) * viewProjection;
            if (clip.w() <= 0) continue;
            const double px = (clip.x() / clip.w() + 1) / 2 * camera.width, py = (clip.y() / clip.w() + 1) / 2 * camera.height;
            const double d2 = (px - x) * (px - x) + (py - y) * (py - y);
            if (d2 < bestPixels - 1e-9 || (d2 <= bestPixels && distance < bestDistance)) {
                bestPixels = d2;
                bestDistance = distance;
                best = i;
            }
        }
    }
    if (!best) {
        if (s.picked) {
            s.picked.reset();
            showMarks();
        }
        return false;
    }
    pickIndex(*best);
    return true;
}

void SunlightTool::pickIndex(std::size_t index) {
    SunlightUiState& s = map_.state().sunlight;
    if (index >= s.points.size()) return;
    const geo::SunlightPoint& p = s.points[index];
    if (p.feature != kGroundPoint && s.resultLayer >= 0) inspector_.select(FeatureRef{s.resultLayer, p.feature});
    else inspector_.select(std::nullopt);
    s.picked = index;
    map_.state().showInspector = true;
    showMarks();
}

}  // namespace planview
