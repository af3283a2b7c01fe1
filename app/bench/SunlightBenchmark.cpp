#include "app/bench/SunlightBenchmark.h"
#include <algorithm>
#include <thread>
#include <unordered_map>
#include <vector>
#include "app/bench/Machine.h"
#include "app/scene/ModelTriangles.h"
#include "geo/Project.h"
#include "geo/Sun.h"
#include "geo/SunlightJob.h"

namespace planview::bench {

namespace {

constexpr double kThresholdMinutes = 120;   // GB 50180-2018: 2 hours on 大寒

/// Per facade (facadeKey): whether every point of it has its two hours.
std::unordered_map<std::uint64_t, bool> facadesPassing(const std::vector<geo::SunlightPoint>& points,
                                                       const std::vector<geo::SunlightResult>& results) {
    std::unordered_map<std::uint64_t, bool> passing;
    for (std::size_t i = 0; i < points.size(); ++i) {
        auto [it, added] = passing.emplace(geo::facadeKey(points[i]), true);
        if (results[i].minutes < kThresholdMinutes - 1e-9) it->second = false;
    }
    return passing;
}

}  // namespace

SunlightBenchResult runSunlightBenchmark(const SunlightBenchOptions& options) {
    SunlightBenchResult r;
    r.threads = options.threads > 0 ? options.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const geo::Project project = geo::openProject(options.project);
    geo::SunlightWindow window;
    window.date = geo::solarTermDate(geo::SolarTerm::GreatCold, options.year, window.utcOffsetHours);
    r.date = geo::formatCivilDate(window.date) + " (大寒)";
    geo::SunlightRequest request;
    request.layer = options.layer;
    request.where = options.where;

    auto started = Clock::now();
    geo::SunlightJob job = geo::prepareSunlight(project, request, window);
    job.models = planview::modelTriangles(job.data, job).corners;
    r.prepareMs = msSince(started);
    const geo::Obstacles obstacles(job.prisms, job.ground, job.models);
    r.obstacles = job.prisms.size();
    r.triangles = obstacles.triangleCount();

    geo::SunlightStats stats;
    const auto results = geo::computeSunlight(job.points, obstacles, job.window, r.threads, {}, &stats);
    r.points = stats.points;
    r.rays = stats.rays;
    r.sunlightMs = stats.milliseconds;
    std::vector<bool> counted(job.buildings().data.features.size(), false);
    for (const auto& p : job.points) counted[p.feature] = true;
    for (bool c : counted) r.buildings += c;
    for (const auto& result : results) r.failingPoints += result.minutes < kThresholdMinutes - 1e-9;
    const auto passing = facadesPassing(job.points, results);
    r.facades = passing.size();
    for (const auto& [key, pass] : passing) r.failingFacades += !pass;

    // The interactive mode, sampled anew at the coarse spacing.
    request.spacing = options.coarseSpacing;
    const geo::SunlightJob coarse = geo::prepareSunlight(project, request, window);
    const geo::RefinedSunlight fast =
        geo::refineSunlight(coarse, obstacles, job.facade.spacing, kThresholdMinutes, options.marginMinutes, r.threads);
    r.fastPoints = fast.stats.points;
    r.fastRays = fast.stats.rays;
    r.fastMs = fast.stats.milliseconds;
    r.refinedFacades = fast.refinedFacades;
    for (const auto& [key, pass] : facadesPassing(fast.points, fast.results)) {
        const auto full = passing.find(key);
        r.verdictAgreements += full != passing.end() && full->second == pass;
    }
    r.peakRssMb = peakRssMb();
    r.machine = cpuDescription();
    return r;
}

}  // namespace planview::bench
