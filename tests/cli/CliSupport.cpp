#include "tests/cli/CliSupport.h"
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <gdal_utils.h>
#include <ogr_api.h>
#include <gtest/gtest.h>

extern char** environ;

namespace cli {

const Parcel kParcels[3] = {
    {"劝业里", "R2", kBigId, "2016-07-01", 24.5, 120.165, 30.255},
    {"湖滨", "B1", -9007199254740995LL, "2018-01-31", 60.0, 120.175, 30.255},
    {"清河坊", "G1", 42, "2020-12-31", 12.5, 120.170, 30.245},
};

// 劝 C8B0, 业 D2B5, 里 C0EF; 用 D3C3, 地 B5D8, 性 D0D4, 质 D6CA (GB 2312 / GBK).
const std::string kGbkQuanYeLi = "\xC8\xB0\xD2\xB5\xC0\xEF";
const std::string kGbkYongDiXingZhi = "\xD3\xC3\xB5\xD8\xD0\xD4\xD6\xCA";

namespace {

struct WorkDir {
    fs::path path;
    WorkDir() {
        std::string pattern = (fs::temp_directory_path() / "planview-cli-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed for " + pattern);
        path = pattern;
    }
    ~WorkDir() {
        std::error_code ec;
        if (!std::getenv("PLANVIEW_KEEP_TEST_FILES")) fs::remove_all(path, ec);
    }
};

void initGdalOnce() {
    static std::once_flag once;
    std::call_once(once, [] {
        GDALAllRegister();
        CPLSetErrorHandler(CPLQuietErrorHandler);  // failures are checked and reported by the callers
    });
}

}  // namespace

const fs::path& workDir() {
    static WorkDir dir;
    return dir.path;
}

std::string RunResult::describe() const {
    std::ostringstream s;
    s << "command: " << command << "\n";
    if (timedOut) s << "TIMED OUT (hung)\n";
    else if (signal) s << "killed by signal " << signal << "\n";
    else s << "exit code: " << code << "\n";
    s << "--- stdout ---\n" << out << "--- stderr ---\n" << err << "---";
    return s.str();
}

namespace {

RunResult run(const std::vector<std::string>& args, const fs::path& cwd, const fs::path& stdoutPath) {
    static int counter = 0;
    RunResult r;
    const std::string name = "run-" + std::to_string(++counter);
    const fs::path outPath = stdoutPath.empty() ? workDir() / (name + ".out") : stdoutPath;
    const fs::path errPath = workDir() / (name + ".err");

    std::vector<std::string> argv = {"timeout", "-k", "5", "30", PLANVIEW_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    for (std::size_t i = 4; i < argv.size(); ++i) r.command += (i > 4 ? " " : "") + argv[i];
    if (!cwd.empty()) r.command = "(in " + cwd.string() + ") " + r.command;
    if (!stdoutPath.empty()) r.command += " > " + stdoutPath.string();
    std::vector<char*> cargv;
    for (auto& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
    pid_t pid = 0;
    int rc = posix_spawnp(&pid, "timeout", &actions, nullptr, cargv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        ADD_FAILURE() << "cannot run " << r.command << ": " << std::strerror(rc);
        return r;
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    if (stdoutPath.empty()) r.out = readFile(outPath);
    r.err = readFile(errPath);
    if (WIFSIGNALED(status)) {
        r.signal = WTERMSIG(status);  // timeout re-raises the child's signal on itself
    } else if (WIFEXITED(status)) {
        int code = WEXITSTATUS(status);
        if (code == 124 || code == 137) r.timedOut = true;  // timeout's "timed out" / killed after -k
        else if (code >= 125 && code <= 127) ADD_FAILURE() << "timeout could not run " << r.command << " (" << code << ")";
        else if (code > 128 && code < 160) r.signal = code - 128;
        else { r.exited = true; r.code = code; }
    }
    return r;
}

}  // namespace

RunResult runPlanview(const std::vector<std::string>& args, const fs::path& cwd) { return run(args, cwd, {}); }

RunResult runPlanviewWritingTo(const fs::path& stdoutPath, const std::vector<std::string>& args) {
    return run(args, {}, stdoutPath);
}

::testing::AssertionResult endedNormally(const RunResult& r) {
    if (r.timedOut) return ::testing::AssertionFailure() << "hung (killed after 30 s)\n" << r.describe();
    if (r.signal) return ::testing::AssertionFailure() << "crashed (signal " << r.signal << ")\n" << r.describe();
    if (!r.exited) return ::testing::AssertionFailure() << "did not run\n" << r.describe();
    if (r.code < 0 || r.code > 3)
        return ::testing::AssertionFailure() << "exit code " << r.code << " is not one of 0, 1, 2, 3\n" << r.describe();
    return ::testing::AssertionSuccess();
}

::testing::AssertionResult succeeded(const RunResult& r) {
    if (auto ok = endedNormally(r); !ok) return ok;
    if (r.code != 0) return ::testing::AssertionFailure() << "expected exit code 0\n" << r.describe();
    return ::testing::AssertionSuccess();
}

::testing::AssertionResult failedCleanly(const RunResult& r, int code, const std::vector<std::string>& mentions) {
    if (auto ok = endedNormally(r); !ok) return ok;
    if (r.code != code) return ::testing::AssertionFailure() << "expected exit code " << code << "\n" << r.describe();
    if (!r.out.empty()) return ::testing::AssertionFailure() << "expected nothing on stdout\n" << r.describe();
    if (r.err.empty() || r.err.back() != '\n' || lines(r.err).size() != 1)
        return ::testing::AssertionFailure() << "expected exactly one line on stderr, got " << lines(r.err).size()
                                             << "\n" << r.describe();
    for (const auto& m : mentions)
        if (r.err.find(m) == std::string::npos)
            return ::testing::AssertionFailure() << "the error line does not mention '" << m << "'\n" << r.describe();
    return ::testing::AssertionSuccess();
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        out.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

bool validUtf8(const std::string& s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) { ++i; continue; }
        int n = 0;
        std::uint32_t cp = 0, min = 0;
        if ((c & 0xE0) == 0xC0) { n = 1; cp = c & 0x1F; min = 0x80; }
        else if ((c & 0xF0) == 0xE0) { n = 2; cp = c & 0x0F; min = 0x800; }
        else if ((c & 0xF8) == 0xF0) { n = 3; cp = c & 0x07; min = 0x10000; }
        else return false;
        if (i + static_cast<std::size_t>(n) >= s.size()) return false;
        for (int k = 1; k <= n; ++k) {
            const auto b = static_cast<unsigned char>(s[i + k]);
            if ((b & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (b & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += static_cast<std::size_t>(n) + 1;
    }
    return true;
}

bool hasDigitRunLongerThan(const std::string& text, std::size_t n) {
    std::size_t run = 0;
    for (char c : text) {
        run = std::isdigit(static_cast<unsigned char>(c)) ? run + 1 : 0;
        if (run > n) return true;
    }
    return false;
}

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void writeFile(const fs::path& path, const std::string& content) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

bool containsBytes(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

fs::path parcelsGeoJson() {
    const fs::path path = workDir() / "parcels" / "parcels.geojson";
    if (fs::exists(path)) return path;
    auto square = [](double x0, double y0, double x1, double y1, bool clockwise) {
        std::ostringstream s;
        s.precision(10);
        if (!clockwise)
            s << "[[" << x0 << "," << y0 << "],[" << x1 << "," << y0 << "],[" << x1 << "," << y1 << "],[" << x0 << ","
              << y1 << "],[" << x0 << "," << y0 << "]]";
        else
            s << "[[" << x0 << "," << y0 << "],[" << x0 << "," << y1 << "],[" << x1 << "," << y1 << "],[" << x1 << ","
              << y0 << "],[" << x0 << "," << y0 << "]]";
        return s.str();
    };
    std::ostringstream g;
    g << "{\"type\":\"FeatureCollection\",\"name\":\"parcels\",\n"
         "\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:OGC:1.3:CRS84\"}},\n"
         "\"features\":[\n";
    const std::string rings[3] = {
        "[" + square(120.160, 30.250, 120.170, 30.260, false) + "]",
        "[" + square(120.170, 30.250, 120.180, 30.260, false) + "]",
        "[" + square(120.160, 30.240, 120.180, 30.250, false) + "," + square(120.165, 30.2425, 120.175, 30.2475, true) +
            "]",
    };
    for (int i = 0; i < 3; ++i) {
        const Parcel& p = kParcels[i];
        g << (i ? ",\n" : "") << "{\"type\":\"Feature\",\"properties\":{\"name_zh\":\"" << p.name
          << "\",\"用地性质\":\"" << p.landUse << "\",\"big_id\":" << p.bigId << ",\"approved\":\"" << p.date
          << "\",\"height_m\":" << p.height << "},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" << rings[i]
          << "}}";
    }
    g << "\n]}\n";
    writeFile(path, g.str());
    return path;
}

namespace {

fs::path translate(const fs::path& source, const fs::path& target, const std::vector<std::string>& options) {
    initGdalOnce();
    fs::create_directories(target.parent_path());
    GDALDatasetH src = GDALOpenEx(source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
    if (!src) throw std::runtime_error("fixture: cannot open " + source.string() + ": " + CPLGetLastErrorMsg());
    CPLStringList argv;
    for (const auto& o : options) argv.AddString(o.c_str());
    GDALVectorTranslateOptions* opts = GDALVectorTranslateOptionsNew(argv.List(), nullptr);
    int usageError = 0;
    CPLErrorReset();
    GDALDatasetH out = GDALVectorTranslate(target.c_str(), nullptr, 1, &src, opts, &usageError);
    GDALVectorTranslateOptionsFree(opts);
    std::string error = CPLGetLastErrorMsg();
    if (out) GDALClose(out);
    GDALClose(src);
    if (!out || usageError) throw std::runtime_error("fixture: cannot write " + target.string() + ": " + error);
    return target;
}

}  // namespace

fs::path convertParcels(const std::string& relative, const std::vector<std::string>& options) {
    static std::map<std::string, fs::path> made;
    auto it = made.find(relative);
    if (it != made.end()) return it->second;
    fs::path path = translate(parcelsGeoJson(), workDir() / relative, options);
    made[relative] = path;
    return path;
}

fs::path parcelsGpkg4549() {
    return convertParcels("gpkg/parcels.gpkg", {"-f", "GPKG", "-nln", "parcels", "-t_srs", "EPSG:4549"});
}
fs::path parcelsGpkg4490() {
    return convertParcels("gpkg4490/parcels.gpkg", {"-f", "GPKG", "-nln", "parcels", "-t_srs", "EPSG:4490"});
}
fs::path parcelsFlatGeobuf() { return convertParcels("fgb/parcels.fgb", {"-f", "FlatGeobuf", "-nln", "parcels"}); }
fs::path parcelsKml() { return convertParcels("kml/parcels.kml", {"-f", "KML", "-nln", "parcels"}); }
fs::path parcelsCsv() {
    return convertParcels("csv/parcels.csv", {"-f", "CSV", "-lco", "GEOMETRY=AS_WKT"});
}
fs::path parcelsShapefileGbk() {
    return convertParcels("shp_cp936/parcels.shp", {"-f", "ESRI Shapefile", "-nln", "parcels", "-t_srs", "EPSG:4549",
                                                    "-lco", "ENCODING=CP936"});
}

fs::path multiLayerGpkg() {
    const fs::path path = workDir() / "multi" / "plan.gpkg";
    if (fs::exists(path)) return path;
    translate(parcelsGeoJson(), path, {"-f", "GPKG", "-nln", "parcels", "-t_srs", "EPSG:4549"});
    const fs::path roads = workDir() / "multi" / "roads.geojson";
    writeFile(roads,
              "{\"type\":\"FeatureCollection\",\"name\":\"roads\",\"features\":[\n"
              "{\"type\":\"Feature\",\"properties\":{\"name_zh\":\"延安路\"},\"geometry\":{\"type\":\"LineString\","
              "\"coordinates\":[[120.165,30.24],[120.165,30.26]]}},\n"
              "{\"type\":\"Feature\",\"properties\":{\"name_zh\":\"解放路\"},\"geometry\":{\"type\":\"LineString\","
              "\"coordinates\":[[120.16,30.25],[120.18,30.25]]}}]}\n");
    translate(roads, path, {"-update", "-nln", "roads", "-nlt", "LINESTRING", "-t_srs", "EPSG:4549"});
    return path;
}

std::vector<double> gdalExtent(const fs::path& path) {
    initGdalOnce();
    GDALDatasetH ds = GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
    if (!ds) return {};
    OGREnvelope env;
    std::vector<double> out;
    if (OGR_L_GetExtent(GDALDatasetGetLayer(ds, 0), &env, TRUE) == OGRERR_NONE)
        out = {env.MinX, env.MinY, env.MaxX, env.MaxY};
    GDALClose(ds);
    return out;
}

nlohmann::json parseJson(const std::string& text) {
    try {
        return nlohmann::json::parse(text);
    } catch (const std::exception& e) {
        ADD_FAILURE() << "stdout is not JSON (" << e.what() << "):\n" << text;
        return nullptr;
    }
}

nlohmann::json findSample(const nlohmann::json& layer, const std::string& name) {
    if (!layer.is_object() || !layer.contains("features")) return nullptr;
    for (const auto& f : layer["features"])
        if (f.contains("attributes") && f["attributes"].value("name_zh", std::string()) == name) return f;
    return nullptr;
}

std::vector<double> textExtent(const std::string& out, const std::string& label) {
    const std::string prefix = "  " + label + ": ";
    for (const auto& line : lines(out)) {
        if (line.rfind(prefix, 0) != 0) continue;
        std::string rest = line.substr(prefix.size());
        std::vector<double> numbers;
        const char* p = rest.c_str();
        while (*p) {
            char* end = nullptr;
            double v = std::strtod(p, &end);
            if (end != p) { numbers.push_back(v); p = end; }
            else ++p;
        }
        return numbers.size() == 4 ? numbers : std::vector<double>{};
    }
    return {};
}

}  // namespace cli
