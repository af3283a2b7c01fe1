#include "geo/SceneFrame.h"
#include <ogr_spatialref.h>
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

SceneFrame SceneFrame::choose(const Extent& lonLatExtent, const std::string& crs) {
    initGdal();
    SceneFrame frame;
    auto srs = std::make_unique<OGRSpatialReference>();
    Vec2 centre = lonLatExtent.empty() ? Vec2{120.18, 30.23} : lonLatExtent.center();
    if (!crs.empty()) {
        if (srs->SetFromUserInput(crs.c_str()) != OGRERR_NONE)
            throw InputError("scene CRS '" + crs + "' is not a CRS PROJ knows");
        if (!srs->IsProjected())
            throw InputError("scene CRS '" + crs + "' is not a projected (metric) CRS");
    } else if (lonLatExtent.minX >= 118.5 && lonLatExtent.maxX <= 121.5 && lonLatExtent.minY >= 18 &&
               lonLatExtent.maxY <= 54) {
        srs->importFromEPSG(4549);  // CGCS2000 / 3-degree Gauss-Kruger CM 120E: Hangzhou's own frame
    } else {
        int zone = static_cast<int>(std::floor((centre.x + 180.0) / 6.0)) + 1;
        zone = std::clamp(zone, 1, 60);
        srs->importFromEPSG((centre.y >= 0 ? 32600 : 32700) + zone);
    }
    frame.srs_ = traditional(std::move(srs));
    frame.crsName_ = crsCode(*frame.srs_);
    if (frame.crsName_.empty()) frame.crsName_ = crs;

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
    : crsName_(other.crsName_), srs_(std::make_unique<OGRSpatialReference>(*other.srs_)), origin_(other.origin_) {
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
