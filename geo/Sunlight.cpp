// Sunlight hours: facade sampling, the Embree scene of the buildings' walls, the sun's steps and the
// counting of sunlit periods. See Sunlight.h for the rules.
#include "geo/Sunlight.h"
#include <embree3/rtcore.h>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <thread>
#include "geo/Errors.h"
#include "geo/FeatureBases.h"
#include "geo/Geometry.h"

namespace geo {

namespace {

constexpr double kPi = 3.14159265358979323846;

double heightAt(const std::vector<double>& heights, std::size_t i) {
    if (heights.empty()) return 0;
    return heights.size() == 1 ? heights[0] : (i < heights.size() ? heights[i] : 0);
}

bool isChosen(const std::vector<bool>& chosen, std::size_t i) {
    return chosen.empty() || (i < chosen.size() && chosen[i]);
}

void addRingPoints(const Ring& ring, bool exterior, double buildingHeight, double base, double floorHeight,
                   const FacadeOptions& options, std::size_t feature, std::vector<SunlightPoint>& out) {
    if (ring.size() < 3) return;
    // The outward normal is on the right of an edge when the building lies on its left: a
    // counter-clockwise exterior ring, a clockwise hole. Rings read from elsewhere may be either way.
    const double area = signedArea(ring);
    if (area == 0) return;
    const bool buildingOnLeft = exterior ? area > 0 : area < 0;
    const int floors = std::max(1, static_cast<int>(std::floor(buildingHeight / floorHeight + 1e-9)));
    for (std::size_t i = 0; i < ring.size(); ++i) {
        const Vec2 a = ring[i], b = ring[(i + 1) % ring.size()];
        const double dx = b.x - a.x, dy = b.y - a.y, length = std::hypot(dx, dy);
        if (length < 1e-6) continue;
        Vec2 normal = buildingOnLeft ? Vec2{dy / length, -dx / length} : Vec2{-dy / length, dx / length};
        const int count = std::max(1, static_cast<int>(std::lround(length / options.spacing)));
        for (int floor = 0; floor < floors; ++floor) {
            const double z = floor * floorHeight + options.sillHeight;
            if (z >= buildingHeight) break;
            for (int k = 0; k < count; ++k) {
                const double t = (k + 0.5) / count;
                SunlightPoint p;
                p.position = {a.x + dx * t + normal.x * options.offset, a.y + dy * t + normal.y * options.offset};
                p.height = z;
                p.base = base;
                p.normal = normal;
                p.feature = feature;
                p.floor = floor + 1;
                out.push_back(p);
            }
        }
    }
}

/// The ground's grid as triangles, each cell cut as GroundHeights cuts it (north-west to south-east),
/// so that a point set on the ground with GroundHeights::at lies on them.
void addGroundTriangles(const GroundHeights& ground, std::vector<float>& vertices, std::vector<unsigned>& indices) {
    if (ground.flat() || ground.columns() < 2 || ground.rows() < 2) return;
    const unsigned first = static_cast<unsigned>(vertices.size() / 3);
    const auto columns = static_cast<unsigned>(ground.columns());
    for (int r = 0; r < ground.rows(); ++r)
        for (int c = 0; c < ground.columns(); ++c) {
            const Vec2 p = ground.gridPoint(c, r);
            const float v[] = {float(p.x), float(p.y), float(ground.gridHeight(c, r))};
            vertices.insert(vertices.end(), v, v + 3);
        }
    for (unsigned r = 0; r + 1 < static_cast<unsigned>(ground.rows()); ++r)
        for (unsigned c = 0; c + 1 < columns; ++c) {
            const unsigned nw = first + r * columns + c, ne = nw + 1, sw = nw + columns, se = sw + 1;
            const unsigned tris[] = {nw, ne, se, nw, se, sw};
            indices.insert(indices.end(), tris, tris + 6);
        }
}

}  // namespace

std::vector<SunlightPoint> facadePoints(const FeatureLayer& layer, const std::vector<double>& heights,
                                        const std::vector<bool>& chosen, const FacadeOptions& options) {
    if (!(options.spacing > 0)) throw InputError("the facade spacing must be more than 0 m");
    if (!(options.floorHeight > 0)) throw InputError("the floor height must be more than 0 m");
    if (!(options.sillHeight >= 0)) throw InputError("the sill height must not be negative");
    std::vector<SunlightPoint> out;
    for (std::size_t i = 0; i < layer.features.size(); ++i) {
        const double h = heightAt(heights, i);
        if (!(h > 0) || !isChosen(chosen, i)) continue;
        double floorHeight = options.floorHeight;
        if (i < options.floorHeights.size() && options.floorHeights[i] > 0) floorHeight = options.floorHeights[i];
        const double base = i < options.bases.size() ? options.bases[i] : 0;
        for (const auto& polygon : layer.features[i].polygons)
            for (std::size_t r = 0; r < polygon.rings.size(); ++r)
                addRingPoints(polygon.rings[r], r == 0, h, base, floorHeight, options, i, out);
    }
    return out;
}

std::vector<SunlightPoint> layerPoints(const FeatureLayer& layer, const std::vector<double>& heights,
                                       const std::vector<bool>& chosen, const GroundHeights& ground) {
    std::vector<SunlightPoint> out;
    for (std::size_t i = 0; i < layer.features.size(); ++i) {
        if (!isChosen(chosen, i)) continue;
        for (const auto& v : layer.features[i].points) {
            SunlightPoint p;
            p.position = v;
            p.height = std::max(0.0, heightAt(heights, i));
            p.base = ground.at(v);
            p.feature = i;
            out.push_back(p);
        }
    }
    return out;
}

std::vector<Prism> prismsOf(const FeatureLayer& layer, const std::vector<double>& heights, const GroundHeights& ground) {
    std::vector<Prism> out;
    for (std::size_t i = 0; i < layer.features.size(); ++i) {
        const double h = heightAt(heights, i);
        if (!(h > 0)) continue;
        const Feature& feature = layer.features[i];
        const double base = featureBase(ground, feature);
        double bottom = base;
        for (const auto& polygon : feature.polygons)
            for (const auto& ring : polygon.rings)
                for (const Vec2& v : ring) bottom = std::min(bottom, ground.at(v));
        for (const auto& polygon : feature.polygons) out.push_back({polygon, h, base, bottom});
    }
    return out;
}

struct Obstacles::Impl {
    RTCDevice device = nullptr;
    RTCScene scene = nullptr;
    std::size_t triangles = 0;
};

Obstacles::Obstacles(const std::vector<Prism>& prisms, const GroundHeights& ground, const std::vector<SunVec3>& models)
    : impl_(std::make_unique<Impl>()) {
    std::vector<float> vertices;
    std::vector<unsigned> indices;
    for (const auto& prism : prisms)
        for (const auto& ring : prism.footprint.rings)
            for (std::size_t i = 0; i < ring.size(); ++i) {
                const Vec2 a = ring[i], b = ring[(i + 1) % ring.size()];
                if (a.x == b.x && a.y == b.y) continue;
                const unsigned base = static_cast<unsigned>(vertices.size() / 3);
                const float low = static_cast<float>(prism.bottom), top = static_cast<float>(prism.base + prism.height);
                const float quad[] = {float(a.x), float(a.y), low, float(b.x), float(b.y), low,
                                      float(b.x), float(b.y), top, float(a.x), float(a.y), top};
                vertices.insert(vertices.end(), quad, quad + 12);
                const unsigned tris[] = {base, base + 1, base + 2, base, base + 2, base + 3};
                indices.insert(indices.end(), tris, tris + 6);
            }
    addGroundTriangles(ground, vertices, indices);
    for (std::size_t i = 0; i + 2 < models.size(); i += 3)
        for (std::size_t k = i; k < i + 3; ++k) {
            indices.push_back(static_cast<unsigned>(vertices.size() / 3));
            const float v[] = {float(models[k].x), float(models[k].y), float(models[k].z)};
            vertices.insert(vertices.end(), v, v + 3);
        }
    impl_->triangles = indices.size() / 3;
    impl_->device = rtcNewDevice(nullptr);
    if (!impl_->device) throw std::runtime_error("Embree could not start (rtcNewDevice failed)");
    impl_->scene = rtcNewScene(impl_->device);
    rtcSetSceneFlags(impl_->scene, RTC_SCENE_FLAG_ROBUST);
    rtcSetSceneBuildQuality(impl_->scene, RTC_BUILD_QUALITY_HIGH);
    if (impl_->triangles) {
        RTCGeometry geometry = rtcNewGeometry(impl_->device, RTC_GEOMETRY_TYPE_TRIANGLE);
        auto* v = static_cast<float*>(rtcSetNewGeometryBuffer(geometry, RTC_BUFFER_TYPE_VERTEX, 0, RTC_FORMAT_FLOAT3,
                                                              3 * sizeof(float), vertices.size() / 3));
        auto* ix = static_cast<unsigned*>(rtcSetNewGeometryBuffer(geometry, RTC_BUFFER_TYPE_INDEX, 0, RTC_FORMAT_UINT3,
                                                                  3 * sizeof(unsigned), impl_->triangles));
        if (!v || !ix) {
            rtcReleaseGeometry(geometry);
            throw std::runtime_error("Embree could not allocate the obstacles' geometry");
        }
        std::copy(vertices.begin(), vertices.end(), v);
        std::copy(indices.begin(), indices.end(), ix);
        rtcCommitGeometry(geometry);
        rtcAttachGeometry(impl_->scene, geometry);
        rtcReleaseGeometry(geometry);
    }
    rtcCommitScene(impl_->scene);
    if (rtcGetDeviceError(impl_->device) != RTC_ERROR_NONE)
        throw std::runtime_error("Embree could not build the buildings' scene");
}

Obstacles::~Obstacles() {
    if (impl_->scene) rtcReleaseScene(impl_->scene);
    if (impl_->device) rtcReleaseDevice(impl_->device);
}

std::size_t Obstacles::triangleCount() const { return impl_->triangles; }

bool Obstacles::blocked(const SunVec3& origin, const SunVec3& direction) const {
    if (!impl_->triangles) return false;
    RTCIntersectContext context;
    rtcInitIntersectContext(&context);
    RTCRay ray{};
    ray.org_x = static_cast<float>(origin.x);
    ray.org_y = static_cast<float>(origin.y);
    ray.org_z = static_cast<float>(origin.z);
    ray.dir_x = static_cast<float>(direction.x);
    ray.dir_y = static_cast<float>(direction.y);
    ray.dir_z = static_cast<float>(direction.z);
    ray.tnear = 0.001f;
    ray.tfar = INFINITY;
    ray.mask = 0xFFFFFFFFu;
    rtcOccluded1(impl_->scene, &context, &ray);
    return ray.tfar < 0;   // Embree sets tfar to -inf when something is hit
}

void Obstacles::blockedPacket(std::size_t count, const SunVec3* origins, const SunVec3& direction, const bool* active,
                              bool* blocked) const {
    count = std::min(count, kPacket);
    for (std::size_t i = 0; i < count; ++i) blocked[i] = false;
    if (!impl_->triangles) return;
    alignas(64) int valid[16] = {};
    RTCRay16 rays{};
    bool any = false;
    for (std::size_t i = 0; i < count; ++i) {
        if (!active[i]) continue;
        any = true;
        valid[i] = -1;
        rays.org_x[i] = static_cast<float>(origins[i].x);
        rays.org_y[i] = static_cast<float>(origins[i].y);
        rays.org_z[i] = static_cast<float>(origins[i].z);
        rays.dir_x[i] = static_cast<float>(direction.x);
        rays.dir_y[i] = static_cast<float>(direction.y);
        rays.dir_z[i] = static_cast<float>(direction.z);
        rays.tnear[i] = 0.001f;
        rays.tfar[i] = INFINITY;
        rays.mask[i] = 0xFFFFFFFFu;
    }
    if (!any) return;
    RTCIntersectContext context;
    rtcInitIntersectContext(&context);
    context.flags = RTC_INTERSECT_CONTEXT_FLAG_COHERENT;
    rtcOccluded16(valid, impl_->scene, &context, &rays);
    for (std::size_t i = 0; i < count; ++i) blocked[i] = active[i] && rays.tfar[i] < 0;
}

double trueNorthInGrid(const SceneFrame& frame, double lon, double lat) {
    const Vec2 a = frame.fromLonLat(lon, lat), b = frame.fromLonLat(lon, lat + 0.001);
    return std::atan2(b.x - a.x, b.y - a.y) * 180 / kPi;
}

std::vector<SunSample> sunSamples(const SunlightWindow& w) {
    if (!validDate(w.date)) throw InputError("the date " + formatCivilDate(w.date) + " does not exist");
    if (!(w.fromMinutes < w.toMinutes)) throw InputError("the time window is empty (from must be before to)");
    if (w.fromMinutes < 0 || w.toMinutes > 24 * 60) throw InputError("the time window must lie within the day (00:00–24:00)");
    if (!(w.stepMinutes > 0)) throw InputError("the time step must be more than 0 minutes");
    std::vector<SunSample> out;
    for (long k = 0;; ++k) {
        SunSample s;
        s.start = w.fromMinutes + k * w.stepMinutes;
        if (s.start >= w.toMinutes - 1e-9) break;
        s.end = std::min(s.start + w.stepMinutes, w.toMinutes);
        const double middle = (s.start + s.end) / 2 / 60;
        const double clock = trueSolarToClock(w.date, middle, w.utcOffsetHours, w.lon);
        s.sun = sunPosition(w.date, clock, w.utcOffsetHours, w.lon, w.lat, w.sun);
        const double azimuth = (s.sun.azimuth + w.trueNorthInGrid) * kPi / 180, altitude = s.sun.altitude * kPi / 180;
        s.direction = {std::sin(azimuth) * std::cos(altitude), std::cos(azimuth) * std::cos(altitude), std::sin(altitude)};
        out.push_back(s);
    }
    return out;
}

SunlightResult countSunlight(const std::vector<SunSample>& samples, const std::vector<bool>& sunlit,
                             double minPeriodMinutes, int maxPeriods) {
    std::vector<SunPeriod> periods;
    for (std::size_t i = 0; i < samples.size() && i < sunlit.size();) {
        if (!sunlit[i]) { ++i; continue; }
        std::size_t j = i;
        while (j + 1 < samples.size() && j + 1 < sunlit.size() && sunlit[j + 1]) ++j;
        SunPeriod p{samples[i].start, samples[j].end};
        if (p.minutes() >= minPeriodMinutes - 1e-9) periods.push_back(p);
        i = j + 1;
    }
    if (maxPeriods > 0 && periods.size() > static_cast<std::size_t>(maxPeriods)) {
        std::stable_sort(periods.begin(), periods.end(),
                         [](const SunPeriod& a, const SunPeriod& b) { return a.minutes() > b.minutes(); });
        periods.resize(maxPeriods);
        std::sort(periods.begin(), periods.end(), [](const SunPeriod& a, const SunPeriod& b) { return a.start < b.start; });
    }
    SunlightResult out;
    for (const auto& p : periods) out.minutes += p.minutes();
    out.periods = std::move(periods);
    return out;
}

bool sunReaches(const SunlightPoint& point, const SunSample& sample, const Obstacles& obstacles) {
    if (!sample.up()) return false;
    if (point.normal.x * sample.direction.x + point.normal.y * sample.direction.y <= 0 &&
        (point.normal.x != 0 || point.normal.y != 0))
        return false;
    return !obstacles.blocked(point.origin(), sample.direction);
}

std::vector<SunlightResult> computeSunlight(const std::vector<SunlightPoint>& points, const Obstacles& obstacles,
                                            const SunlightWindow& window, int threads,
                                            const std::function<void(std::size_t, std::size_t)>& progress,
                                            SunlightStats* stats, const std::atomic<bool>* cancel) {
    const auto started = std::chrono::steady_clock::now();
    const std::vector<SunSample> samples = sunSamples(window);
    std::vector<SunlightResult> results(points.size());
    std::atomic<std::size_t> next{0}, done{0}, rays{0};
    constexpr std::size_t kChunk = 64;
    // Points in packets of neighbours (consecutive points lie along one facade), each packet cast
    // toward each sun position together.
    auto work = [&](bool reports) {
        constexpr std::size_t P = Obstacles::kPacket;
        std::vector<std::vector<bool>> sunlit(P, std::vector<bool>(samples.size()));
        SunVec3 origins[P];
        bool active[P], hidden[P];
        std::size_t myRays = 0;
        for (;;) {
            if (cancel && cancel->load()) break;
            const std::size_t begin = next.fetch_add(kChunk);
            if (begin >= points.size()) break;
            const std::size_t end = std::min(points.size(), begin + kChunk);
            for (std::size_t first = begin; first < end; first += P) {
                const std::size_t n = std::min(P, end - first);
                for (std::size_t k = 0; k < n; ++k) {
                    origins[k] = points[first + k].origin();
                }
                for (std::size_t s = 0; s < samples.size(); ++s) {
                    const SunSample& sample = samples[s];
                    for (std::size_t k = 0; k < n; ++k) {
                        const SunlightPoint& p = points[first + k];
                        const bool facade = p.normal.x != 0 || p.normal.y != 0;
                        active[k] = sample.up() &&
                                    (!facade || p.normal.x * sample.direction.x + p.normal.y * sample.direction.y > 0);
                        myRays += active[k];
                    }
                    obstacles.blockedPacket(n, origins, sample.direction, active, hidden);
                    for (std::size_t k = 0; k < n; ++k) sunlit[k][s] = active[k] && !hidden[k];
                }
                for (std::size_t k = 0; k < n; ++k)
                    results[first + k] = countSunlight(samples, sunlit[k], window.minPeriodMinutes, window.maxPeriods);
            }
            done += end - begin;
            if (reports && progress) progress(done.load(), points.size());
        }
        rays += myRays;
    };
    std::vector<std::thread> workers;
    for (int t = 1; t < threads; ++t) workers.emplace_back(work, false);
    work(true);
    for (auto& w : workers) w.join();
    if (progress) progress(points.size(), points.size());
    if (stats) {
        stats->points = points.size();
        stats->rays = rays.load();
        stats->milliseconds =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    }
    return results;
}

}  // namespace geo
