// Support for the command-line tests: running build/planview as a child process (stdout, stderr and
// the exit status captured separately, under `timeout`), and the fixtures the tests make at run time
// in a per-process temporary folder (nothing downloaded, no binary files in the repository).
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace cli {

namespace fs = std::filesystem;

/// How a run of planview ended.
struct RunResult {
    bool exited = false;     ///< ended by exit() (not by a signal, not timed out)
    int code = -1;           ///< exit code when exited
    int signal = 0;          ///< the signal that ended it, or 0
    bool timedOut = false;   ///< still running after the time limit and killed
    std::string out, err;    ///< stdout and stderr
    std::string command;     ///< the command line, for messages

    /// A multi-line summary for failure messages.
    std::string describe() const;
};

/// Runs `planview args...` (PLANVIEW_BINARY) through `timeout 30`, in `cwd` when given, stdin from
/// /dev/null. Never throws for the child's behaviour; fails the calling test if it cannot spawn.
RunResult runPlanview(const std::vector<std::string>& args, const fs::path& cwd = {});
/// As runPlanview, with standard output going to `stdoutPath` (e.g. /dev/full) instead of being
/// captured: RunResult::out stays "".
RunResult runPlanviewWritingTo(const fs::path& stdoutPath, const std::vector<std::string>& args);

/// The run ended by itself (no signal, no hang) with one of the documented exit codes 0, 1, 2, 3.
::testing::AssertionResult endedNormally(const RunResult& r);
/// Exit code 0.
::testing::AssertionResult succeeded(const RunResult& r);
/// Exit code `code`, nothing on stdout, exactly one line on stderr, and that line mentions every
/// string in `mentions` (the input and the cause).
::testing::AssertionResult failedCleanly(const RunResult& r, int code, const std::vector<std::string>& mentions);

/// The lines of `text` (split at '\n'; a final '\n' does not start a new line).
std::vector<std::string> lines(const std::string& text);
/// Whether `text` is valid UTF-8.
bool validUtf8(const std::string& text);
/// Whether `text` holds a run of more than `n` decimal digits.
bool hasDigitRunLongerThan(const std::string& text, std::size_t n);

std::string readFile(const fs::path& path);
void writeFile(const fs::path& path, const std::string& content);

/// This process's temporary folder (made on first use, removed at exit).
const fs::path& workDir();

// ---- The parcel set ----------------------------------------------------------------------------
// Three parcels in Hangzhou's Shangcheng district, EPSG:4326 lon/lat:
//   劝业里  R2  big_id  9007199254740993 (2^53 + 1)  2016-07-01  24.5 m  square 120.160–120.170 × 30.250–30.260
//   湖滨    B1  big_id -9007199254740995             2018-01-31  60 m    square 120.170–120.180 × 30.250–30.260
//   清河坊  G1  big_id 42                            2020-12-31  12.5 m  120.160–120.180 × 30.240–30.250 with a
//                                                                          centred hole 120.165–120.175 × 30.2425–30.2475
// Fields, in this order: name_zh (String), 用地性质 (String), big_id (Integer64), approved (Date),
// height_m (Real).
struct Parcel {
    const char* name;
    const char* landUse;
    std::int64_t bigId;
    const char* date;
    double height;
    double centroidLon, centroidLat;
};
extern const Parcel kParcels[3];
constexpr std::int64_t kBigId = 9007199254740993LL;   // 2^53 + 1: not exactly representable as a double
constexpr double kMinLon = 120.16, kMinLat = 30.24, kMaxLon = 120.18, kMaxLat = 30.26;

/// The parcel set as hand-written GeoJSON (CRS84), layer "parcels": parcels/parcels.geojson.
fs::path parcelsGeoJson();

/// The parcel set converted with GDAL (like ogr2ogr) into workDir()/`relative`, with `options`
/// (ogr2ogr's arguments, e.g. {"-f", "GPKG", "-t_srs", "EPSG:4549"}). Made once per process.
fs::path convertParcels(const std::string& relative, const std::vector<std::string>& options);

fs::path parcelsGpkg4549();        ///< gpkg/parcels.gpkg, layer "parcels", EPSG:4549
fs::path parcelsGpkg4490();        ///< gpkg4490/parcels.gpkg, layer "parcels", EPSG:4490
fs::path parcelsFlatGeobuf();      ///< fgb/parcels.fgb, EPSG:4326
fs::path parcelsKml();             ///< kml/parcels.kml, EPSG:4326
fs::path parcelsCsv();             ///< csv/parcels.csv, geometry in a column named WKT, no CRS
fs::path parcelsShapefileGbk();    ///< shp_cp936/parcels.shp: EPSG:4549, DBF in GBK, .cpg "CP936"
/// A GPKG with two layers: "parcels" (polygons, EPSG:4549) and then "roads" (lines).
fs::path multiLayerGpkg();

/// The GBK encoding of the name 劝业里 and of the field name 用地性质 (to check what a DBF holds).
extern const std::string kGbkQuanYeLi, kGbkYongDiXingZhi;

/// Where `needle` occurs in `haystack` (raw bytes).
bool containsBytes(const std::string& haystack, const std::string& needle);

/// The extent GDAL itself reports for the first layer of `path` (minX, minY, maxX, maxY), for
/// comparing with what planview prints.
std::vector<double> gdalExtent(const fs::path& path);

/// Parses stdout as JSON; fails the test (and returns null) when it is not JSON.
nlohmann::json parseJson(const std::string& text);

/// The sample whose attribute name_zh equals `name` in a layer's "features" (JSON), or null.
nlohmann::json findSample(const nlohmann::json& layer, const std::string& name);

/// The four numbers of a text line "  <label>: a, b — c, d"; empty when the line is missing or
/// does not hold four numbers.
std::vector<double> textExtent(const std::string& out, const std::string& label);

}  // namespace cli
