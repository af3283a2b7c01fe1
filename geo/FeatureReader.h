// Reading a GDAL layer into the feature model: attributes as UTF-8, geometry repaired where invalid,
// reprojected into the scene frame.
#pragma once
#include <functional>
#include <future>
#include <optional>
#include <string>
#include <ogr_feature.h>
#include <ogr_spatialref.h>
#include "geo/Feature.h"
#include "geo/SceneFrame.h"

class OGRLayer;

namespace geo {

class Source;

/// The CRS a layer's coordinates are in. A layer without a CRS whose extent is plainly lon/lat
/// (within ±180, ±90) is taken as EPSG:4326 with a warning in the log; otherwise InputError
/// naming `what` (source and layer). The returned reference uses traditional GIS axis order.
OGRSpatialReference layerCrs(OGRLayer& layer, const std::string& what);

/// The layer's extent in WGS84 lon/lat degrees (x = lon). Empty for a layer without geometry.
/// Throws InputError as layerCrs() does.
Extent layerLonLatExtent(OGRLayer& layer, const std::string& what);

/// The extent the scene frame is chosen for: layerLonLatExtent, except for a lon/lat layer that spans
/// more than 180° of longitude while its features leave a wider gap elsewhere (data across the
/// antimeridian: Fiji, Chukotka, a Pacific layer): then the smaller extent that wraps, its maxX past
/// 180 (e.g. 176..182), found from the features' parts (at most 200,000 features are looked at;
/// 0.5° steps). Leaves reading reset.
Extent layerFrameExtent(OGRLayer& layer, const std::string& what);

/// Adds a lon/lat extent to `into` (both may run past 180, see layerFrameExtent), shifted by a whole
/// turn where that keeps the union narrower.
void addLonLatExtent(Extent& into, const Extent& e);

/// Sets `where` (OGR SQL; "" clears it) as the layer's attribute filter and checks it by starting to
/// read, since some drivers (GeoPackage, PostGIS) only compile it then. Leaves reading reset.
/// Throws InputError naming `what`, the filter and GDAL's message when it is not valid.
void applyAttributeFilter(OGRLayer& layer, const std::string& where, const std::string& what);

/// The layer's next feature, or null at its end. A read error (a truncated or corrupt file) is not
/// taken for the end: it throws InputError naming `what` and GDAL's message.
OGRFeatureUniquePtr nextFeature(OGRLayer& layer, const std::string& what);

/// "N features read, R repaired, S skipped": the one wording of a layer's summary warning, for every
/// verb that reads or writes features (the corpus tests reconcile counts by it).
std::string featureSummary(std::size_t read, std::size_t repaired, std::size_t skipped);

/// The layer's name, geometry kind (as declared) and fields, without features.
FeatureLayer describeLayer(OGRLayer& layer);

struct ReadOptions {
    std::string where;        ///< an OGR SQL attribute filter; "" = every feature. Bad syntax: InputError.
    bool fromGcj02 = false;   ///< lon/lat copied from a Chinese web map: undo the GCJ-02 offset first
    /// Called now and then while reading (every few thousand features, and at the end) with the
    /// features read so far and the layer's count where the driver knows it cheaply (-1 when not).
    std::function<void(std::size_t read, long long total)> progress;
    /// Only the features anchored in this rectangle of the layer's own coordinates: those whose
    /// envelope centre lies in [minX, maxX) × [minY, maxY) (a tile of a TileGrid, so that every
    /// feature belongs to exactly one tile). Read through the source's spatial index.
    std::optional<Extent> tile;
};

/// Reads every feature of `layer`; with options.fromGcj02, a layer whose CRS is not geographic is an
/// InputError (GCJ-02 is an offset of longitude/latitude).
/// Reads every feature of `layer` (of `source`, named in messages) into `frame`.
/// Invalid geometries are repaired with GEOS MakeValid and counted; features with no usable geometry
/// are counted as skipped (tables without geometry keep all rows, with no geometry). Mixed geometry
/// types keep the dominant kind (polygon > line > point) and skip the rest with a counted warning.
FeatureLayer readLayer(const Source& source, const std::string& layerName, const SceneFrame& frame,
                       const ReadOptions& options = {});
/// The same with the frame still being chosen on another thread (PROJ's search for an operation takes
/// tens of milliseconds): the layer is read meanwhile and its features shaped into the frame once it
/// is there. What choosing the frame threw is thrown.
FeatureLayer readLayer(const Source& source, const std::string& layerName, const std::shared_future<SceneFrame>& frame,
                       const ReadOptions& options = {});

}  // namespace geo
