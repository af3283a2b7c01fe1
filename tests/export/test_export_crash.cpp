// A crashing writer and a stopped export (issue 16): GDAL's write runs in a forked child
// (geo/Isolated.h), so a driver's assertion or crash ends the export with one line and exit 3, leaves
// no temporary folder beside the target, and does not end the process that called exportLayer (the
// viewer). Ctrl-C / SIGTERM / SIGHUP end `planview export` as they should, but only after its
// temporary folder is removed, and take the writer child with them. The faults are injected through
// the test hook PLANVIEW_TEST_WRITE_FAULT (abort / segv / hang inside the write, after GDAL has
// created files in the temporary folder).
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cerrno>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>
#include <gtest/gtest.h>
#include "geo/Errors.h"
#include "geo/Export.h"
#include "geo/Source.h"
#include "tests/export/ExportSupport.h"

using namespace xt;

namespace {

const fs::path kProject = fs::path(PLANVIEW_SOURCE_DIR) / "assets" / "shangcheng" / "project.toml";

/// Sets PLANVIEW_TEST_WRITE_FAULT for this scope (children started meanwhile inherit it).
struct WriteFault {
    explicit WriteFault(const char* fault) { setenv("PLANVIEW_TEST_WRITE_FAULT", fault, 1); }
    ~WriteFault() { unsetenv("PLANVIEW_TEST_WRITE_FAULT"); }
};

std::vector<std::string> entries(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
    return names;
}

std::string joined(const std::vector<std::string>& names) {
    std::string s;
    for (const auto& n : names) s += " " + n;
    return s;
}

// ---- The command line ------------------------------------------------------------------------------

struct CrashCase {
    const char* name;
    const char* fault;
    const char* extension;
};
std::ostream& operator<<(std::ostream& o, const CrashCase& c) { return o << c.name; }

const CrashCase kCrashes[] = {
    {"gpkg_abort", "abort", ".gpkg"},  {"shp_abort", "abort", ".shp"},     {"kml_abort", "abort", ".kml"},
    {"geojson_segv", "segv", ".geojson"}, {"fgb_abort", "abort", ".fgb"}, {"csv_segv", "segv", ".csv"},
    {"dxf_abort", "abort", ".dxf"},
};

class CrashingWriter : public ::testing::TestWithParam<CrashCase> {};

TEST_P(CrashingWriter, ExitsThreeWithOneLineAndLeavesNothingBehind) {
    const CrashCase& c = GetParam();
    const fs::path dir = outDir(std::string("crash-") + c.name);
    const fs::path target = dir / (std::string("platforms") + c.extension);
    WriteFault fault(c.fault);
    RunResult r = cli::runPlanview({"export", kProject.string(), "--layer", "重大平台", "-o", target.string()});
    EXPECT_TRUE(cli::failedCleanly(r, 3, {target.string(), "crashed while writing"}));
    if (std::string(c.fault) == "abort") EXPECT_NE(r.err.find("Assertion `injected' failed"), std::string::npos) << r.err;
    EXPECT_TRUE(fs::is_empty(dir)) << "left behind:" << joined(entries(dir));
}

INSTANTIATE_TEST_SUITE_P(Export, CrashingWriter, ::testing::ValuesIn(kCrashes),
                         [](const ::testing::TestParamInfo<CrashCase>& info) { return std::string(info.param.name); });

// An existing target is left as it was when the writer crashes during --overwrite.
TEST(CrashingWriter, OverwriteKeepsThePreviousFile) {
    const fs::path dir = outDir("crash-overwrite");
    const fs::path target = dir / "projects.gpkg";
    ASSERT_TRUE(cli::succeeded(cli::runPlanview({"export", kProject.string(), "--layer", "重点项目", "-o", target.string()})));
    const auto before = snapshot(dir);
    WriteFault fault("abort");
    RunResult r = cli::runPlanview({"export", kProject.string(), "--layer", "重大平台", "-o", target.string(), "--overwrite"});
    EXPECT_TRUE(cli::failedCleanly(r, 3, {target.string(), "crashed"}));
    EXPECT_TRUE(snapshot(dir) == before) << "the previous export changed or something was left:" << joined(entries(dir));
}

// When LIBKML itself crashes, the KML is written by GDAL's older KML driver, which keeps the line and
// polygon styles (it writes no IconStyle for points: their placemarks keep Google Earth's default pin).
TEST(CrashingWriter, KmlFallsBackToTheKmlDriverWhenLibkmlCrashes) {
    const fs::path dir = outDir("crash-libkml");
    const fs::path target = dir / "platforms.kml";
    WriteFault fault("abort:LIBKML");
    RunResult r = cli::runPlanview({"export", kProject.string(), "--layer", "重大平台", "-o", target.string()});
    ASSERT_TRUE(cli::succeeded(r)) << r.describe();
    EXPECT_NE(r.err.find("KML driver instead"), std::string::npos) << r.err;
    EXPECT_EQ(entries(dir), std::vector<std::string>{"platforms.kml"});
    const long long expected = gdalCount(kProject.parent_path() / "shangcheng.gpkg", "platforms", "");
    EXPECT_EQ(reportedCount(r.out), expected);
    GDALDatasetUniquePtr ds = openVector(target);
    ASSERT_TRUE(ds);
    EXPECT_EQ(ds->GetLayer(0)->GetFeatureCount(TRUE), expected);
    const std::string kml = cli::readFile(target);
    EXPECT_NE(kml.find("<LineStyle><color>FF8A3A1E</color>"), std::string::npos)
        << "the fallback KML lacks the major platforms' outline colour #1E3A8A";
}

// ---- Stopping the command line ---------------------------------------------------------------------

/// The pids of the processes whose parent is `parent` (from /proc).
std::vector<int> childrenOf(int parent) {
    std::vector<int> children;
    for (const auto& e : fs::directory_iterator("/proc")) {
        const std::string name = e.path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        std::ifstream stat(e.path() / "stat");
        std::string line;
        std::getline(stat, line);
        const std::size_t close = line.rfind(')');
        if (close == std::string::npos) continue;
        std::istringstream rest(line.substr(close + 2));
        char state = 0;
        int ppid = 0;
        rest >> state >> ppid;
        if (ppid == parent) children.push_back(std::stoi(name));
    }
    return children;
}

bool alive(int pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(stat, line)) return false;
    const std::size_t close = line.rfind(')');
    return close != std::string::npos && line.size() > close + 2 && line[close + 2] != 'Z';
}

class Stopped : public ::testing::TestWithParam<int> {};

TEST_P(Stopped, ByASignalMidWriteLeavesNoTemporaryFolderAndNoWriter) {
    const int signal = GetParam();
    struct sigaction current {};
    sigaction(signal, nullptr, &current);
    if (current.sa_handler == SIG_IGN) GTEST_SKIP() << sigabbrev_np(signal) << " is ignored here, and so in planview";
    const fs::path dir = outDir("stopped-" + std::to_string(signal));
    const fs::path target = dir / "parcels.gpkg";
    int pid = 0;
    {
        WriteFault fault("hang");   // the writer stops after GDAL wrote the file: a long write, caught mid-way
        pid = spawnPlanview({"export", kProject.string(), "--layer", "用地", "-o", target.string()});
    }
    // Wait until the temporary folder holds the file being written.
    bool writing = false;
    for (int i = 0; i < 600 && !writing; ++i) {
        for (const auto& e : fs::directory_iterator(dir))
            if (e.path().filename().string().rfind(".planview-export-", 0) == 0 && !fs::is_empty(e.path())) writing = true;
        if (!writing) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_TRUE(writing) << "the export never started writing";
    const std::vector<int> writers = childrenOf(pid);
    ASSERT_EQ(writers.size(), 1u) << "expected one writer child";
    kill(pid, signal);
    int status = 0;
    bool ended = false;
    for (int i = 0; i < 500 && !ended; ++i) {
        ended = waitpid(pid, &status, WNOHANG) == pid;
        if (!ended) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (!ended) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        FAIL() << "planview did not end within 10 s of " << sigabbrev_np(signal);
    }
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == signal)
        << "planview should end by the signal it got (status " << status << ")";
    EXPECT_TRUE(fs::is_empty(dir)) << "left behind:" << joined(entries(dir));
    bool writerGone = false;
    for (int i = 0; i < 100 && !writerGone; ++i) {
        writerGone = !alive(writers[0]);
        if (!writerGone) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_TRUE(writerGone) << "the writer child " << writers[0] << " outlived planview";
}

INSTANTIATE_TEST_SUITE_P(Export, Stopped, ::testing::Values(SIGTERM, SIGINT, SIGHUP),
                         [](const ::testing::TestParamInfo<int>& info) { return std::string(sigabbrev_np(info.param)); });

// ---- The calling process survives --------------------------------------------------------------------

// What the viewer does: exportLayer in its own process. A crash inside GDAL's write must come back as
// an OutputError, with this process (the test) alive and nothing left beside the target.
TEST(CallingProcess, SurvivesAnAbortAndACrashInsideTheWrite) {
    for (const char* how : {"abort", "segv"}) {
        SCOPED_TRACE(how);
        const fs::path dir = outDir(std::string("in-process-") + how);
        geo::Source source = geo::Source::open((kProject.parent_path() / "shangcheng.gpkg").string());
        geo::ExportOptions options;
        options.layer = "projects";
        options.output = (dir / "projects.kml").string();
        WriteFault fault(how);
        try {
            geo::exportLayer(source, options);
            ADD_FAILURE() << "the export succeeded despite the fault";
        } catch (const geo::OutputError& e) {
            EXPECT_NE(std::string(e.what()).find("crashed while writing"), std::string::npos) << e.what();
        }
        EXPECT_TRUE(fs::is_empty(dir)) << "left behind:" << joined(entries(dir));
    }
    // And the process goes on exporting.
    const fs::path dir = outDir("in-process-after");
    geo::Source source = geo::Source::open((kProject.parent_path() / "shangcheng.gpkg").string());
    geo::ExportOptions options;
    options.layer = "projects";
    options.output = (dir / "projects.kml").string();
    const geo::ExportReport report = geo::exportLayer(source, options);
    EXPECT_EQ(report.features, gdalCount(kProject.parent_path() / "shangcheng.gpkg", "projects", ""));
    EXPECT_EQ(entries(dir), std::vector<std::string>{"projects.kml"});
}

}  // namespace
