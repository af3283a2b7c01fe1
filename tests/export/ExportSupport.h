// Support for the export tests: the fixture the tests export (parcels in EPSG:4490 with Chinese text,
// a field named 用地性质, names longer than Shapefile's 10 bytes, Integer64 beyond 2^53, Real, Date,
// NULLs, a polygon with a hole and a multipolygon), a project with a known style, reading the exports
// back with GDAL, comparing geometry in metres, and a large generated layer for the kill tests.
// Everything is made at run time in cli::workDir() (this process's temporary folder).
#pragma once
#include <ogrsf_frmts.h>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>
#include "tests/cli/CliSupport.h"

namespace xt {

namespace fs = std::filesystem;
using cli::RunResult;

// ---- The fixture ---------------------------------------------------------------------------------

/// The fixture's fields, in order. Names longer than 10 bytes: 用地性质 (12 bytes in UTF-8),
/// floor_area_ratio and floor_area_total (16 bytes, the same first 10 bytes: a collision when cut).
struct FieldSpec {
    const char* name;
    OGRFieldType type;
};
extern const std::vector<FieldSpec> kFields;
constexpr const char* kKeyField = "parcel_no";     ///< unique per feature, to match features read back
constexpr const char* kLandUseField = "用地性质";
constexpr const char* kLabelField = "name_zh";
constexpr const char* kLayerName = "parcels";
constexpr std::int64_t kBigPositive = 9007199254740993LL;    ///< 2^53 + 1: not representable as a double
constexpr std::int64_t kBigNegative = -9007199254740995LL;

/// One fixture feature as the test wrote it: values as text ("" key absent = NULL), the geometry as
/// WKT in EPSG:4549 metres (converted to EPSG:4490 when written).
struct FixtureFeature {
    std::map<std::string, std::string> values;   ///< field -> value text; missing field = NULL
    std::string wkt4549;
};
extern const std::vector<FixtureFeature> kFeatures;

/// The land-use categories of the fixture and the colours the project gives them ("" = NULL).
extern const std::map<std::string, std::string> kProjectColors;   ///< by 用地性质 value -> "#RRGGBB"
constexpr const char* kProjectDefaultColor = "#C8C8C8";
constexpr double kProjectOpacity = 0.8;
constexpr const char* kProjectLayerTitle = "规划地块";

/// fixture/parcels.gpkg: layer "parcels" in EPSG:4490 (geometry type GEOMETRY, holding Polygons and
/// a MultiPolygon). Made once per process.
fs::path sourceGpkg();
/// fixture/plan.toml: one layer 规划地块 on sourceGpkg() with label name_zh and [layer.style] by
/// 用地性质 with kProjectColors, default kProjectDefaultColor, opacity kProjectOpacity.
fs::path projectToml();
/// fixture/two-layers.toml: two layers (规划地块 and 居住用地) on sourceGpkg().
fs::path twoLayerProjectToml();

/// A fresh, empty output folder workDir()/out/<name>.
fs::path outDir(const std::string& name);

// ---- Reading back -------------------------------------------------------------------------------

/// A dataset opened read-only with GDAL (vector), or null.
GDALDatasetUniquePtr openVector(const fs::path& path, const std::vector<std::string>& openOptions = {});

/// The source fixture's features, read with GDAL: key -> feature.
struct ReadFeature {
    std::map<std::string, std::string> text;      ///< field -> GetFieldAsString (set, non-null fields only)
    std::map<std::string, OGRFieldType> types;    ///< field -> the field's type in its layer
    std::map<std::string, bool> isNull;           ///< field -> null or unset
    std::map<std::string, double> real;           ///< Real fields: the value as a double (exact)
    std::map<std::string, std::vector<int>> date; ///< Date/DateTime fields: year, month, day, h, m, s
    std::unique_ptr<OGRGeometry> geometry;        ///< as read, with its layer's CRS assigned (may be null)
    std::int64_t fid = -1;
};
/// Reads every feature of `layer` (all fields by name; `rename` maps a name in the file to the name
/// the test uses, e.g. KML's "Name" -> "name_zh").
std::vector<ReadFeature> readFeatures(OGRLayer& layer, const std::map<std::string, std::string>& rename = {});

/// `geometry` transformed into EPSG:4549 from `from` (its own CRS when null).
std::unique_ptr<OGRGeometry> to4549(const OGRGeometry& geometry, const OGRSpatialReference* from = nullptr);

/// Compares two (multi)polygons vertex by vertex in metres: same number of polygons, rings and
/// vertices, each vertex within `tolerance` (ring start and orientation may differ; polygon and ring
/// order may differ). Returns "" when equal, else what differs.
std::string compareGeometry(const OGRGeometry& expected, const OGRGeometry& actual, double tolerance = 0.001);

/// The signed area of a ring (positive = counter-clockwise in x/y).
double signedArea(const std::vector<std::pair<double, double>>& ring);

/// Whether `text` is well-formed XML for GDAL's own XML parser (CPLParseXMLString), with the parse
/// error when it is not.
::testing::AssertionResult wellFormedXml(const std::string& text);

/// The byte contents of every regular file in `dir` (recursively), by relative path.
std::map<std::string, std::string> snapshot(const fs::path& dir);

/// The number of features GDAL itself counts in `source`'s layer with attribute filter `where`
/// (what `ogrinfo -where` reports), or -1 when GDAL rejects the filter.
long long gdalCount(const fs::path& source, const std::string& layer, const std::string& where);
/// GDAL's error message (one line, whitespace collapsed) for filter `where` on `source`'s layer.
std::string gdalFilterError(const fs::path& source, const std::string& layer, const std::string& where);

/// The "N features written" count printed on stdout, or -1.
long long reportedCount(const std::string& out);

// ---- The large layer ----------------------------------------------------------------------------

/// big/big.gpkg: layer "big" with `count` small polygons in EPSG:4490 and a few fields (Chinese
/// text included). Made once per process.
fs::path bigGpkg(int count);

/// A shell command's exit code and what it printed.
struct ToolRun {
    int code = -1;
    std::string output;
};
/// Runs `command` through the shell (a checker, a validator, node): `output` is its stdout, with its
/// stderr too when `withStderr` (leave it out when the output is parsed).
ToolRun runTool(const std::string& command, bool withStderr);

/// Starts `planview args...` directly (no `timeout`), stdout/stderr to files in workDir(); returns
/// the pid.
int spawnPlanview(const std::vector<std::string>& args);

}  // namespace xt
