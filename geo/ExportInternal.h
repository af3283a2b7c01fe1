// Inside exportLayer (geo/Export.h), shared by the files it is written in: Export.cpp (the writing),
// ExportFormats.cpp (what each format needs) and ExportStyles.cpp (styles); the sunlight and checks
// GeoPackages (SunlightOutput.cpp, CheckOutput.cpp) add their style with addLayerStyles and are written
// through GpkgReplacement. Not for use elsewhere.
#pragma once
#include <ogrsf_frmts.h>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>
#include "geo/Export.h"

namespace geo::exporting {

/// The formats exportLayer writes: GDAL driver name and the output extensions that choose it.
const std::vector<std::pair<std::string, std::vector<std::string>>>& formats();
/// ASCII lower case.
std::string lower(std::string s);
/// "polygon", "line" or "point" for a geometry type (anything else: "polygon").
std::string geometryName(OGRwkbGeometryType t);

/// `text` cut to at most `bytes` bytes on a UTF-8 character boundary.
std::string cutUtf8(const std::string& text, std::size_t bytes);
/// Shapefile field names: at most 10 bytes, cut on a UTF-8 character boundary, unique (case-blind,
/// as in DBF). Returns the names to write, parallel to `names`.
std::vector<std::string> shapefileFieldNames(const std::vector<std::string>& names);
/// The shortest text that reads back as the same double.
std::string exactReal(double v);
/// Whether `format` gets a field of type `t` as exact text (KML: 64-bit integers, reals, dates;
/// CSV: reals).
bool writtenAsText(const std::string& format, OGRFieldType t);
/// ogr2ogr's arguments for writing `format` with GDAL driver `driver` (LIBKML or KML for KML).
std::vector<std::string> translateOptions(const std::string& format, const std::string& driver, const std::string& labelField);

/// A polygon's fill opacity in exports: the layer's opacity, a little lighter so its outline shows.
inline float fillAlpha(float opacity) { return opacity * 0.8f; }
/// The OGR style string for a feature of colour `c` (KML styles, DXF pen and hatch colours).
/// `geometry` is the feature's own ("polygon", "line", "point"), so a mixed layer's points get a symbol.
std::string styleString(const Color& c, float alpha, const std::string& geometry, bool kml);
/// GDAL's older KML driver writes a polygon's BRUSH as no fill (`<PolyStyle><fill>0</fill>`): rewrites
/// the KML at `path` so that each such placemark is filled in its LineStyle's colour at `alpha`, as
/// styleString's brush and the LIBKML driver have it (`alpha`: fillAlpha of the layer's opacity).
void fillKmlPolygons(const std::string& path, float alpha);
/// Adds QGIS's layer_styles table to a GeoPackage, with the layer's style as QML and SLD.
void addLayerStyles(GDALDataset& gpkg, const std::string& table, const std::string& geometryColumn,
                    const std::string& geometry, const ExportOptions& o, const std::vector<std::string>& values);

/// A GeoPackage (or any single file: a QGIS project) that replaces `path` whole or not at all: the
/// target is checked (OutputError when it exists without `overwrite`, is a folder or not a regular
/// file, or its folder is missing), created by create() (or written by the caller at temporary())
/// under a temporary name beside it, and moved into place by commit(); without commit the temporary
/// file (and SQLite's journal files) are removed.
class GpkgReplacement {
public:
    GpkgReplacement(const std::string& path, bool overwrite);
    ~GpkgReplacement();
    GpkgReplacement(const GpkgReplacement&) = delete;
    GpkgReplacement& operator=(const GpkgReplacement&) = delete;
    /// The new, empty GeoPackage (OutputError when GDAL cannot create it); close it before commit().
    std::unique_ptr<GDALDataset> create() const;
    /// Where the new file is written before commit() moves it to the target.
    const std::filesystem::path& temporary() const { return temporary_; }
    void commit();

private:
    std::string path_;
    std::filesystem::path temporary_;
    bool committed_ = false;
};

}  // namespace geo::exporting
