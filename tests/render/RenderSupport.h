// Support for the rendering tests: running build/planview as a child process, the fixtures the
// tests make at run time (parcels in EPSG:4490 generated from a fixed seed, with holes and
// multipolygons), reading rendered images back with GDAL, and classifying pixels by the nearest
// palette colour. Nothing here links the application: the tests judge the binary's output.
#pragma once
#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace render_test {

namespace fs = std::filesystem;

struct RunResult {
    int code = -1;            ///< exit code, or -1 when killed or timed out
    std::string out, err;
    std::string command;
    std::string describe() const;
};

/// Runs `planview args...` under `timeout 300`, with `env` ("NAME=value", or "-NAME" to unset) and
/// in `cwd` when given.
RunResult runPlanview(const std::vector<std::string>& args, const std::vector<std::string>& env = {},
                      const fs::path& cwd = {});

/// Runs a GDAL command-line tool (gdal_rasterize, ogr2ogr …); returns its exit code, output in `log`.
int runTool(const std::string& commandLine, std::string* log = nullptr);

/// This process's temporary folder (removed at exit unless PLANVIEW_KEEP_TEST_FILES is set).
const fs::path& workDir();

// ---- Fixtures ------------------------------------------------------------------------------------

/// The land-use classes the parcel fixtures use, with their GB 50137 palette colours as 0..255.
struct TestClass {
    std::string code;
    std::array<int, 3> rgb;
};
const std::vector<TestClass>& testClasses();

/// One generated parcel, in EPSG:4549 metres (the scene frame the renderer will choose).
struct TestParcel {
    std::int64_t fid = 0;
    int classIndex = 0;                                  ///< into testClasses(), 0-based
    std::vector<std::vector<std::vector<std::array<double, 2>>>> parts;   ///< polygons of rings
    std::array<double, 2> inside{};                      ///< a point well inside the first part
    bool hasHole = false;
    std::array<double, 2> inHole{};                      ///< the middle of the hole, when hasHole
    double height = 0;
    std::string name;                                    ///< "" for most parcels
};

struct ParcelFixture {
    fs::path path;                     ///< GeoPackage, layer "parcels", EPSG:4490
    std::vector<TestParcel> parcels;
};

/// `columns`×`rows` parcels of about `cell` metres on a grid turned by 17°, jittered, every 7th with
/// a courtyard hole, every 11th split into two parts, every 5th L-shaped; fields landuse, class_id
/// (1-based index into testClasses()), height_m and, when `names`, name_zh on every 15th parcel.
/// Also writes a "platforms" layer (two named halves) when `names`.
ParcelFixture makeParcelFixture(const fs::path& path, int columns, int rows, double cell, bool names);

// ---- Images ---------------------------------------------------------------------------------------

struct Image {
    int width = 0, height = 0;
    std::vector<std::uint8_t> rgb;                       ///< rows top-down
    std::array<double, 6> geoTransform{};
    std::string wkt;                                     ///< CRS, "" when none
    std::array<int, 3> at(int x, int y) const {
        const std::uint8_t* p = &rgb[(static_cast<std::size_t>(y) * width + x) * 3];
        return {p[0], p[1], p[2]};
    }
};

/// Reads a PNG or GeoTIFF (first three bands); fails the calling test when it cannot.
Image readImage(const fs::path& path);
/// Reads band 1 of a single-band raster.
std::vector<std::uint8_t> readBand(const fs::path& path, int* width, int* height);

/// Index of the nearest colour in `palette` (squared RGB distance).
int nearest(const std::array<int, 3>& rgb, const std::vector<std::array<int, 3>>& palette);
/// Squared RGB distance.
int distance2(const std::array<int, 3>& a, const std::array<int, 3>& b);

/// The renderer's ground colour (EnvironmentColors::ground), 0..255.
constexpr std::array<int, 3> kGround{239, 237, 230};

/// The `key: value` lines of planview's --stats output.
std::map<std::string, std::string> statsLines(const std::string& out);

}  // namespace render_test
