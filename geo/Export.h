// Exporting a layer for colleagues' tools (QGIS, ArcGIS, Google Earth, CAD): every attribute and geometry
// kept, styles carried where the format can hold them, written atomically.
#pragma once
#include <string>
#include <utility>
#include <vector>
#include "geo/Style.h"

namespace geo {

class Source;

struct ExportOptions {
    std::string layer;          ///< layer in the source ("" = the only or first one)
    std::string output;         ///< target path
    std::string format;         ///< GDAL driver name (GPKG, "ESRI Shapefile", GeoJSON, KML, FlatGeobuf, CSV, DXF);
                                ///< "" = from the output's extension
    std::string where;          ///< OGR SQL attribute filter, "" = every feature
    std::string targetCrs;      ///< e.g. "EPSG:4549"; "" = the source's (GeoJSON and KML are always EPSG:4326)
    bool overwrite = false;     ///< replace an existing target
    bool fromGcj02 = false;     ///< undo the GCJ-02 offset of coordinates copied from a Chinese web map
    std::string title;          ///< the layer's display name (KML document, style names)
    LayerStyle style;           ///< colours for KML styles, the GeoPackage's layer_styles and DXF layers
    std::string labelField;     ///< KML placemark names and QGIS labels ("" = none)
};

struct ExportReport {
    std::string output;
    std::string format;
    long long features = 0;
    std::size_t unreadableGeometries = 0;   ///< features GDAL could not decode the geometry of (warned)
    /// Fields the format made rename (Shapefile's 10-byte names): original -> written.
    std::vector<std::pair<std::string, std::string>> renamedFields;
    /// Text fields whose values the format cannot hold whole (a Shapefile's DBF keeps at most 254
    /// bytes): cut on a UTF-8 character boundary, and said.
    struct Truncated {
        std::string field;            ///< the source's name
        std::string written;          ///< its name in the output
        long long values = 0;         ///< how many values were cut
        std::size_t longestBytes = 0; ///< the longest value's length before cutting, in bytes
    };
    std::vector<Truncated> truncatedFields;
    /// The GDAL driver that wrote the file ("LIBKML", or "KML" for a layer of more than
    /// kLibkmlMostFeatures features or when LIBKML failed and the older driver wrote it instead).
    std::string writer;
};

/// The most features a KML export writes with GDAL's LIBKML driver; a larger layer goes to the older
/// KML driver (the same styles, inline), since GDAL 3.6's LIBKML writer is quadratic in the features.
constexpr std::size_t kLibkmlMostFeatures = 1000;

/// The longest text a Shapefile field holds, in bytes (DBF).
constexpr std::size_t kShapefileTextBytes = 254;

/// The GDAL driver for an output path's extension ("" when unknown).
std::string formatForPath(const std::string& path);

/// Exports one layer of `source`. The output is written in a temporary folder beside the target
/// (".planview-export-<pid>-<random>") and moved into place only when complete; the folder is removed
/// whatever happens: a GDAL error, an exception, a crash of GDAL's writer (which runs in a forked
/// child, see geo/Isolated.h, so an assertion in a driver cannot end the caller), or SIGINT/SIGTERM/
/// SIGHUP (held off until the folder is gone, then acted on). Throws OutputError when the target
/// exists (without `overwrite`), cannot be written, or the writer crashed; InputError for a bad
/// filter, unknown layer, format or CRS.
ExportReport exportLayer(const Source& source, const ExportOptions& options);

/// A QGIS style (QML) for a layer drawn with `style`: its renderer (qgisRendererXml) and labels
/// (qgisLabelingXml). `geometry` is "polygon", "line" or "point". `values` are the values of style.by
/// present in the data: each gets its own category in the colour PlanView draws it with (QGIS matches
/// values exactly).
std::string qgisStyle(const LayerStyle& style, const std::string& geometry, const std::string& labelField,
                      const std::vector<std::string>& values);
/// The <renderer-v2> element of a QML document or a QGIS project's <maplayer>: rule-based for a style
/// with rules, graduated for one with ranges, categorized by style.by (with `values`, as qgisStyle),
/// else a single symbol; the symbols' opacity is style.opacity. `geometry` as qgisStyle's, or
/// "boundary": polygons drawn by their outline alone in the class colour (no brush).
std::string qgisRendererXml(const LayerStyle& style, const std::string& geometry, const std::vector<std::string>& values);
/// The <labeling> element for simple labels of `labelField` ("" when there is no label field).
std::string qgisLabelingXml(const std::string& labelField, const std::string& geometry);
/// The same as an OGC Styled Layer Descriptor (SLD 1.1).
std::string sldStyle(const LayerStyle& style, const std::string& geometry, const std::string& layerName,
                     const std::vector<std::string>& values);

}  // namespace geo
