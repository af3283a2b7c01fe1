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
    /// Chooses the frame for data whose WGS84 lon/lat extent is `lonLatExtent` (its maxX may pass 180
    /// for data across the antimeridian, see layerLonLatExtent):
    /// `crs` when given (any string OGRSpatialReference::SetFromUserInput accepts, e.g. "EPSG:4549");
    /// else CGCS2000 / 3-degree Gauss-Kruger CM 120E (EPSG:4549) when the data lies in its zone
    /// (118.5–121.5 E); else, for a district or a city (at most 6° each way, within 4.5° of its UTM
    /// zone's central meridian), the UTM zone (WGS84) of the extent's centre; else, for a province, a
    /// country or a continent (every corner within 80° of arc of the centre), the Lambert azimuthal
    /// equal-area projection centred on the extent (true areas, shapes good to a few thousand km, any
    /// latitude, no zone edges); else (the world) the equirectangular projection centred on the extent's
    /// middle longitude, which keeps the poles and every longitude finite.
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

    /// Whether the frame covers the whole world (equirectangular): the reader then brings every
    /// longitude into the frame's window (worldCentreLon() ± 180) and keeps a ring across the window's
    /// edge in one piece, beyond the edge.
    bool isWorld() const { return world_; }
    /// The central longitude of a world frame (degrees).
    double worldCentreLon() const { return worldCentreLon_; }

    /// Whether lengths and areas measured in this frame's metres differ from the ellipsoid's by more
    /// than 0.01 % somewhere in the extent it was chosen for (PROJ's scale factors, sampled): then
    /// PlanView's measures are geodesic (geo/Geodesic.h) rather than planar.
    bool distortsMeasures() const { return distorts_; }

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
    bool world_ = false;
    double worldCentreLon_ = 0;
    bool distorts_ = false;
};

/// An authority code "AUTH:CODE" for `srs` when PROJ can identify one, else its WKT's name, else "".
std::string crsCode(const OGRSpatialReference& srs);

}  // namespace geo
