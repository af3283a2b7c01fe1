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
};

/// The GDAL driver for an output path's extension ("" when unknown).
std::string formatForPath(const std::string& path);

/// Exports one layer of `source`. The output is written beside the target under a temporary name and
/// renamed into place only when complete. Throws OutputError when the target exists (without
/// `overwrite`) or cannot be written, InputError for a bad filter, unknown layer, format or CRS.
ExportReport exportLayer(const Source& source, const ExportOptions& options);

/// A QGIS style (QML) for a layer drawn with `style`: categorized by style.by, or a single symbol.
/// `geometry` is "polygon", "line" or "point". `values` are the values of style.by present in the data:
/// each gets its own category in the colour PlanView draws it with (QGIS matches values exactly).
std::string qgisStyle(const LayerStyle& style, const std::string& geometry, const std::string& labelField,
                      const std::vector<std::string>& values);
/// The same as an OGC Styled Layer Descriptor (SLD 1.1).
std::string sldStyle(const LayerStyle& style, const std::string& geometry, const std::string& layerName,
                     const std::vector<std::string>& values);

}  // namespace geo
