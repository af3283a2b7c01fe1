#include "geo/SceneFrame.h"
#include <ogr_spatialref.h>
#include <proj.h>
#include <algorithm>
#include <cmath>
#include "geo/Errors.h"
#include "geo/Log.h"
#include "geo/Reprojection.h"
#include "geo/Source.h"

namespace geo {

std::string crsCode(const OGRSpatialReference& srs) {
    const char* authority = srs.GetAuthorityName(nullptr);
    const char* code = srs.GetAuthorityCode(nullptr);
    if (authority && code) return std::string(authority) + ":" + code;
    // Many files (shapefile .prj, some GeoJSON) carry only WKT: ask PROJ for a confident match.
    int count = 0;
    int* confidences = nullptr;
    OGRSpatialReferenceH* matches = srs.FindMatches(nullptr, &count, &confidences);
    std::string found;
    if (matches && count > 0 && confidences[0] >= 90) {
        const OGRSpatialReference* best = OGRSpatialReference::FromHandle(matches[0]);
        authority = best->GetAuthorityName(nullptr);
        code = best->GetAuthorityCode(nullptr);
        if (authority && code) found = std::string(authority) + ":" + code;
    }
    OSRFreeSRSArray(matches);
    CPLFree(confidences);
    if (!found.empty()) return found;
    const char* name = srs.GetName();
    return name ? name : "";
}

namespace {

std::unique_ptr<OGRSpatialReference> traditional(std::unique_ptr<OGRSpatialReference> srs) {
    srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

std::unique_ptr<OGRSpatialReference> wgs84() {
    auto srs = std::make_unique<OGRSpatialReference>();
    srs->importFromEPSG(4326);
    return traditional(std::move(srs));
}

}  // namespace

namespace {

/// Great-circle angle between two lon/lat points, degrees (on the sphere: for choosing a frame).
double arcDegrees(double lon1, double lat1, double lon2, double lat2) {
    constexpr double d = M_PI / 180;
    const double c = std::sin(lat1 * d) * std::sin(lat2 * d) + std::cos(lat1 * d) * std::cos(lat2 * d) * std::cos((lon2 - lon1) * d);
    return std::acos(std::clamp(c, -1.0, 1.0)) / d;
}

/// The largest departure from 1 of the frame's scale (along meridians, along parallels, of areas) at
/// a grid of points over `extent`, by PROJ's own factors; +inf where PROJ has none.
double largestScaleError(const OGRSpatialReference& srs, const Extent& extent) {
    // The projection as a PROJ string: an operation from lon/lat radians, with no axis swap (a CRS
    // such as EPSG:4549, northing first, would give proj_factors swapped, meaningless figures).
    char* text = nullptr;
    srs.exportToProj4(&text);
    std::string projection = text ? text : "";
    CPLFree(text);
    const std::size_t type = projection.find("+type=crs");
    if (type != std::string::npos) projection.erase(type, 9);
    if (projection.empty()) return INFINITY;
    PJ_CONTEXT* context = proj_context_create();
    PJ* crs = proj_create(context, projection.c_str());
    double worst = 0;
    constexpr int kSteps = 6;
    for (int i = 0; i <= kSteps && crs; ++i)
        for (int j = 0; j <= kSteps; ++j) {
            const double lon = extent.minX + extent.width() * i / kSteps;
            const double lat = std::clamp(extent.minY + extent.height() * j / kSteps, -89.9, 89.9);
            PJ_COORD c = proj_coord(proj_torad(std::remainder(lon, 360.0)), proj_torad(lat), 0, 0);
            PJ_FACTORS f = proj_factors(crs, c);
            if (proj_errno(crs) != 0 || !std::isfinite(f.areal_scale)) {
                worst = INFINITY;
                proj_errno_reset(crs);
                continue;
            }
            worst = std::max({worst, std::abs(f.meridional_scale - 1), std::abs(f.parallel_scale - 1), std::abs(f.areal_scale - 1)});
        }
    if (!crs) worst = INFINITY;
    proj_destroy(crs);
    proj_context_destroy(context);
    return worst;
}

double rounded(double v, double step) { return std::round(v / step) * step; }

}  // namespace

SceneFrame SceneFrame::choose(const Extent& lonLatExtent, const std::string& crs) {
    initGdal();
    SceneFrame frame;
    auto srs = std::make_unique<OGRSpatialReference>();
    Vec2 centre = lonLatExtent.empty() ? Vec2{120.18, 30.23} : lonLatExtent.center();
    // An extent across the antimeridian runs past 180: its centre's longitude is brought back.
    if (centre.x > 180) centre.x -= 360;
    const Extent e = lonLatExtent;
    int zone = static_cast<int>(std::floor((centre.x + 180.0) / 6.0)) + 1;
    zone = std::clamp(zone, 1, 60);
    const double zoneMeridian = zone * 6.0 - 183.0;
    const bool city = e.empty() || (e.width() <= 6 && e.height() <= 6 && std::abs(e.minX - zoneMeridian) <= 4.5 &&
                                    std::abs(e.maxX - zoneMeridian) <= 4.5 && e.minY >= -84 && e.maxY <= 84);
    double arc = 0;   // how far the extent reaches from its centre, degrees of arc
    if (!e.empty())
        for (double lon : {e.minX, centre.x, e.maxX})
            for (double lat : {e.minY, centre.y, e.maxY}) arc = std::max(arc, arcDegrees(centre.x, centre.y, lon, lat));
    if (!crs.empty()) {
        if (srs->SetFromUserInput(crs.c_str()) != OGRERR_NONE)
            throw InputError("scene CRS '" + crs + "' is not a CRS PROJ knows");
        if (!srs->IsProjected())
            throw InputError("scene CRS '" + crs + "' is not a projected (metric) CRS");
    } else if (e.minX >= 118.5 && e.maxX <= 121.5 && e.minY >= 18 && e.maxY <= 54) {
        srs->importFromEPSG(4549);  // CGCS2000 / 3-degree Gauss-Kruger CM 120E: Hangzhou's own frame
    } else if (city) {
        srs->importFromEPSG((centre.y >= 0 ? 32600 : 32700) + zone);
    } else if (arc <= 80) {
        // A province, a country, a continent: equal-area, centred on the data.
        const std::string laea = "+proj=laea +lat_0=" + std::to_string(rounded(centre.y, 0.01)) +
                                 " +lon_0=" + std::to_string(rounded(centre.x, 0.01)) +
                                 " +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs +type=crs";
        srs->importFromProj4(laea.c_str());
    } else {
        // The world: equirectangular, the data's middle meridian in the middle. "+over": a ring the
        // reader unwrapped past the window's edge (across the antimeridian) stays in one piece.
        frame.world_ = true;
        frame.worldCentreLon_ = rounded(centre.x, 1);
        centre = {frame.worldCentreLon_, 0};
        const std::string eqc = "+proj=eqc +lat_ts=0 +lat_0=0 +lon_0=" + std::to_string(frame.worldCentreLon_) +
                                " +x_0=0 +y_0=0 +datum=WGS84 +units=m +over +no_defs +type=crs";
        srs->importFromProj4(eqc.c_str());
    }
    frame.srs_ = traditional(std::move(srs));
    frame.crsName_ = crsCode(*frame.srs_);
    if (frame.crsName_.empty() || frame.crsName_ == "unknown") {
        char* proj4 = nullptr;
        frame.srs_->exportToProj4(&proj4);
        frame.crsName_ = proj4 ? proj4 : crs;
        CPLFree(proj4);
    }
    frame.distorts_ = !e.empty() && largestScaleError(*frame.srs_, e) > 1e-4;

    auto lonLat = wgs84();
    frame.toFrame_ = Reprojection::between(*lonLat, *frame.srs_);   // throws when PROJ has none
    frame.toWgs84_ = frame.toFrame_->inverse();

    double x = centre.x, y = centre.y;
    if (!frame.toFrame_->transform(1, &x, &y))
        throw InputError("the data's centre cannot be projected into the scene CRS " + frame.crsName_);
    frame.origin_ = {std::round(x), std::round(y)};
    return frame;
}

SceneFrame::SceneFrame(const SceneFrame& other)
    : crsName_(other.crsName_), srs_(std::make_unique<OGRSpatialReference>(*other.srs_)), origin_(other.origin_),
      world_(other.world_), worldCentreLon_(other.worldCentreLon_), distorts_(other.distorts_) {
    srs_->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    toFrame_ = other.toFrame_->clone();
    toWgs84_ = other.toWgs84_->clone();
}

SceneFrame& SceneFrame::operator=(const SceneFrame& other) {
    if (this != &other) *this = SceneFrame(other);
    return *this;
}

SceneFrame::SceneFrame(SceneFrame&&) noexcept = default;
SceneFrame& SceneFrame::operator=(SceneFrame&&) noexcept = default;
SceneFrame::~SceneFrame() = default;

Vec2 SceneFrame::fromLonLat(double lon, double lat) const {
    double x = lon, y = lat;
    if (!toFrame_->transform(1, &x, &y)) return {NAN, NAN};
    return {x - origin_.x, y - origin_.y};
}

Vec2 SceneFrame::toLonLat(Vec2 scene) const {
    double x = scene.x + origin_.x, y = scene.y + origin_.y;
    if (!toWgs84_->transform(1, &x, &y)) return {NAN, NAN};
    return {x, y};
}

std::unique_ptr<OGRCoordinateTransformation> SceneFrame::transformFrom(const OGRSpatialReference& source) const {
    OGRSpatialReference from(source);
    from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    CPLErrorReset();
    std::unique_ptr<OGRCoordinateTransformation> t(OGRCreateCoordinateTransformation(&from, srs_.get()));
    if (!t) {
        std::string cause = lastGdalError();
        throw InputError("no transformation from " + crsCode(source) + " to the scene CRS " + crsName_ +
                         (cause.empty() ? "" : ": " + cause));
    }
    return t;
}

}  // namespace geo
