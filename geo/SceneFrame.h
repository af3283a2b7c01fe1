// The scene frame: the one metric, projected CRS every layer is reprojected into, with a local origin
// at the data's centre so that single-precision vertices (OpenGL) stay within 1 cm.
#pragma once
#include <memory>
#include <string>
#include <vector>
#include "geo/Vec.h"

class OGRSpatialReference;
class OGRCoordinateTransformation;

namespace geo {

class Reprojection;

class SceneFrame {
public:
    /// Chooses the frame for data whose WGS84 lon/lat extent is `lonLatExtent`:
    /// `crs` when given (any string OGRSpatialReference::SetFromUserInput accepts, e.g. "EPSG:4549");
    /// else CGCS2000 / 3-degree Gauss-Kruger CM 120E (EPSG:4549) when the data lies in its zone
    /// (118.5–121.5 E); else the UTM zone (WGS84) of the extent's centre.
    /// The origin is the extent's centre, in frame metres, rounded to whole metres.
    /// Throws InputError when `crs` is unknown or not projected.
    static SceneFrame choose(const Extent& lonLatExtent, const std::string& crs = "");

    SceneFrame(const SceneFrame&);
    SceneFrame& operator=(const SceneFrame&);
    SceneFrame(SceneFrame&&) noexcept;
    SceneFrame& operator=(SceneFrame&&) noexcept;
    ~SceneFrame();

    /// The frame CRS as an authority code ("EPSG:4549") where it has one, else its PROJ string.
    const std::string& crsName() const { return crsName_; }
    /// The frame CRS, with traditional GIS axis order (x = easting).
    const OGRSpatialReference& srs() const { return *srs_; }
    /// The local origin in frame CRS metres; scene coordinates are frame coordinates minus this.
    Vec2 origin() const { return origin_; }

    /// WGS84 lon/lat (degrees) -> scene metres (relative to the origin).
    Vec2 fromLonLat(double lon, double lat) const;
    /// Scene metres -> WGS84 lon/lat (degrees, x = lon).
    Vec2 toLonLat(Vec2 scene) const;

    /// GDAL's transformation from `source` (any CRS) into frame CRS metres (not yet minus the origin),
    /// traditional axis order on both sides, for what GDAL does with one (an extent's transformed
    /// bounds); features' points go through geo::Reprojection. Throws InputError when PROJ has no path.
    std::unique_ptr<OGRCoordinateTransformation> transformFrom(const OGRSpatialReference& source) const;

private:
    SceneFrame() = default;
    std::string crsName_;
    std::unique_ptr<OGRSpatialReference> srs_;
    std::unique_ptr<Reprojection> toFrame_, toWgs84_;
    Vec2 origin_;
};

/// An authority code "AUTH:CODE" for `srs` when PROJ can identify one, else its WKT's name, else "".
std::string crsCode(const OGRSpatialReference& srs);

}  // namespace geo
