#include "geo/Reprojection.h"
#include <ogr_spatialref.h>
#include <proj.h>
#include <cmath>
#include <map>
#include <mutex>
#include <regex>
#include "geo/Errors.h"
#include "geo/SceneFrame.h"

namespace geo {

namespace {

std::string wkt2(const OGRSpatialReference& srs) {
    char* text = nullptr;
    const char* options[] = {"FORMAT=WKT2_2019", nullptr};
    srs.exportToWkt(&text, options);
    std::string out = text ? text : "";
    CPLFree(text);
    return out;
}

/// PROJ's transverse Mercator (and UTM, the same maths) defaults to the exact Poder/Engsager series;
/// "+algo=auto" lets PROJ take the Evenden/Snyder series, about twice as fast, wherever PROJ knows it
/// to stay within 0.1 mm of the exact one, and the exact one elsewhere.
std::string withAutoTransverseMercator(const std::string& pipeline) {
    if (pipeline.find("+algo=") != std::string::npos || pipeline.find("+approx") != std::string::npos) return pipeline;
    static const std::regex projection(R"(\+proj=(tmerc|utm)\b)");
    return std::regex_replace(pipeline, projection, "+proj=$1 +algo=auto");
}

struct ContextDeleter {
    void operator()(PJ_CONTEXT* c) const { proj_context_destroy(c); }
};
struct OperationDeleter {
    void operator()(PJ* p) const { proj_destroy(p); }
};

}  // namespace

std::unique_ptr<Reprojection> Reprojection::between(const OGRSpatialReference& from, const OGRSpatialReference& to) {
    // PROJ chooses an operation from its database in tens of milliseconds (and much longer under the
    // sanitizers), while a clone of a chosen one is cheap: the few pairs a process meets (a frame and
    // its way back, a project's layers sharing a CRS; the fuzzer's thousands of layers a second) are
    // chosen once and cloned.
    static std::mutex mutex;
    static std::map<std::string, std::unique_ptr<Reprojection>> chosen;
    const std::string key = wkt2(from) + "\n->\n" + wkt2(to);
    {
        std::lock_guard<std::mutex> lock(mutex);
        auto it = chosen.find(key);
        if (it != chosen.end()) return it->second->clone();
    }
    std::unique_ptr<Reprojection> made = choose(from, to);
    std::unique_ptr<Reprojection> kept = made->clone();
    std::lock_guard<std::mutex> lock(mutex);
    if (chosen.size() >= 16) chosen.clear();
    chosen[key] = std::move(kept);
    return made;
}

std::unique_ptr<Reprojection> Reprojection::choose(const OGRSpatialReference& from, const OGRSpatialReference& to) {
    std::unique_ptr<PJ_CONTEXT, ContextDeleter> context(proj_context_create());
    auto fail = [&](const std::string& cause) {
        return InputError("no transformation from " + crsCode(from) + " to " + crsCode(to) + (cause.empty() ? "" : ": " + cause));
    };
    if (!context) throw fail("PROJ has no context");
    const std::string fromText = wkt2(from), toText = wkt2(to);
    std::unique_ptr<PJ, OperationDeleter> source(proj_create(context.get(), fromText.c_str()));
    std::unique_ptr<PJ, OperationDeleter> target(proj_create(context.get(), toText.c_str()));
    if (!source || !target) throw fail(proj_context_errno_string(context.get(), proj_context_errno(context.get())));
    std::unique_ptr<PJ, OperationDeleter> chosen(proj_create_crs_to_crs_from_pj(context.get(), source.get(), target.get(), nullptr, nullptr));
    if (!chosen) throw fail(proj_context_errno_string(context.get(), proj_context_errno(context.get())));
    // x = longitude or easting on both sides, as GDAL's traditional GIS order reads and writes them.
    std::unique_ptr<PJ, OperationDeleter> normalised(proj_normalize_for_visualization(context.get(), chosen.get()));
    if (!normalised) throw fail(proj_context_errno_string(context.get(), proj_context_errno(context.get())));

    std::unique_ptr<Reprojection> r(new Reprojection);
    // One operation has a PROJ string; several candidates (chosen per point by PROJ) have none and
    // are used as they are.
    const char* pipeline = proj_as_proj_string(context.get(), normalised.get(), PJ_PROJ_5, nullptr);
    if (pipeline) {
        r->definition_ = withAutoTransverseMercator(pipeline);
        std::unique_ptr<PJ, OperationDeleter> faster(proj_create(context.get(), r->definition_.c_str()));
        if (faster) normalised = std::move(faster);
        else r->definition_ = pipeline;
        // Degrees in, one projection: the conversion to radians is done here (see fromDegrees_).
        static const std::string degreesThen = "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad +step ";
        const std::string& d = r->definition_;
        if (d.compare(0, degreesThen.size(), degreesThen) == 0) {
            const std::string projection = d.substr(degreesThen.size());
            if (projection.find("+step") == std::string::npos && projection.find("+inv") == std::string::npos)
                if (PJ* alone = proj_create(context.get(), projection.c_str())) {
                    normalised.reset(alone);
                    r->fromDegrees_ = true;
                }
        }
    } else {
        r->definition_ = "the best of PROJ's operations from " + crsCode(from) + " to " + crsCode(to) + " at each point";
    }
    r->operation_ = normalised.release();
    r->context_ = context.release();
    return r;
}

Reprojection::~Reprojection() {
    proj_destroy(operation_);
    proj_context_destroy(context_);
}

std::unique_ptr<Reprojection> Reprojection::clone() const {
    std::unique_ptr<Reprojection> r(new Reprojection);
    r->context_ = proj_context_create();
    r->operation_ = r->context_ ? proj_clone(r->context_, operation_) : nullptr;
    if (!r->operation_) throw InputError("the transformation (" + definition_ + ") cannot be copied for another thread");
    r->inverse_ = inverse_;
    r->fromDegrees_ = fromDegrees_;
    r->definition_ = definition_;
    return r;
}

std::unique_ptr<Reprojection> Reprojection::inverse() const {
    std::unique_ptr<Reprojection> r = clone();
    r->inverse_ = !inverse_;
    r->definition_ = "the inverse of " + definition_;
    return r;
}

bool Reprojection::transform(std::size_t n, double* xs, double* ys, std::size_t stride) const {
    if (n == 0) return true;
    auto at = [stride](double* first, std::size_t i) -> double& {
        return *reinterpret_cast<double*>(reinterpret_cast<char*>(first) + i * stride);
    };
    // As PROJ's unitconvert step does it (x * factor forward, x / factor back): the same bits.
    constexpr double kDegree = 0.017453292519943296167;   // PROJ's DEG_TO_RAD
    if (fromDegrees_ && !inverse_)
        for (std::size_t i = 0; i < n; ++i) {
            at(xs, i) *= kDegree;
            at(ys, i) *= kDegree;
        }
    proj_trans_generic(operation_, inverse_ ? PJ_INV : PJ_FWD, xs, stride, n, ys, stride, n, nullptr, 0, 0, nullptr, 0, 0);
    if (fromDegrees_ && inverse_)
        for (std::size_t i = 0; i < n; ++i) {
            at(xs, i) /= kDegree;
            at(ys, i) /= kDegree;
        }
    // A point PROJ cannot transform comes back as HUGE_VAL.
    for (std::size_t i = 0; i < n; ++i)
        if (!std::isfinite(at(xs, i)) || !std::isfinite(at(ys, i))) return false;
    return true;
}

}  // namespace geo
