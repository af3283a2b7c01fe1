// An interrupted export never leaves a broken file at the target: `planview export` of a large layer
// (200 000 features, made once per test process) is killed with SIGKILL after several delays spread
// over an uninterrupted export's duration; each time the target must be absent (a new target) or
// byte-identical to its previous content (--overwrite), or else complete; never half-written.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cerrno>
#include <chrono>
#include <iostream>
#include <thread>
#include <gtest/gtest.h>
#include "tests/export/ExportSupport.h"

using namespace xt;

namespace {

constexpr int kBigCount = 200000;

struct Outcome {
    bool killed = false;     ///< ended by our SIGKILL (not finished before it)
    int exitCode = -1;       ///< when it finished first
    double seconds = 0;
};

/// Runs the export, killing it after `delay` seconds (negative = let it finish).
Outcome runAndKill(const std::vector<std::string>& args, double delay) {
    const auto start = std::chrono::steady_clock::now();
    const int pid = spawnPlanview(args);
    int status = 0;
    if (delay >= 0) {
        // Sleep in small steps so a run that ends early is noticed (and its pid not reused).
        const auto deadline = start + std::chrono::duration<double>(delay);
        while (std::chrono::steady_clock::now() < deadline) {
            if (waitpid(pid, &status, WNOHANG) == pid) {
                Outcome o;
                o.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
                o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
                return o;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        kill(pid, SIGKILL);
    }
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    Outcome o;
    o.killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
    o.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return o;
}

/// The target's files (the main file and, for a shapefile, its companions) present in `dir`.
std::map<std::string, std::string> targetFiles(const fs::path& dir, const std::string& stem,
                                               const std::vector<std::string>& extensions) {
    std::map<std::string, std::string> out;
    for (const auto& ext : extensions) {
        const fs::path p = dir / (stem + ext);
        if (fs::exists(p)) out[stem + ext] = cli::readFile(p);
    }
    return out;
}

long long countIn(const fs::path& path) {
    GDALDatasetUniquePtr ds = openVector(path);
    if (!ds || ds->GetLayerCount() == 0) return -1;
    return ds->GetLayer(0)->GetFeatureCount(TRUE);
}

enum class State { Absent, Previous, Complete, Broken };

const char* stateName(State s) {
    switch (s) {
    case State::Absent: return "absent";
    case State::Previous: return "previous content";
    case State::Complete: return "complete new export";
    default: return "BROKEN";
    }
}

/// What the target is now: absent, exactly its previous files, or a complete new export (every file
/// of the set new and GDAL reading all the features). Anything else is broken.
State targetState(const fs::path& dir, const std::string& stem, const std::vector<std::string>& extensions,
                  const std::map<std::string, std::string>& previous, const std::map<std::string, std::string>& full,
                  std::string& detail) {
    const auto now = targetFiles(dir, stem, extensions);
    if (now.empty()) return State::Absent;
    if (!previous.empty() && now == previous) return State::Previous;
    // A file still as it was, beside others that changed, unless the new export's is the same (.cpg, .prj).
    for (const auto& [name, bytes] : now)
        if (previous.count(name) && previous.at(name) == bytes && !(full.count(name) && full.at(name) == bytes)) {
            detail = name + " is still the previous one while other files of the set changed";
            return State::Broken;
        }
    if (now.size() != extensions.size()) {
        detail = std::to_string(now.size()) + " of the " + std::to_string(extensions.size()) + " files present";
        return State::Broken;
    }
    const long long n = countIn(dir / (stem + extensions.front()));
    if (n != kBigCount) {
        detail = "GDAL reads " + std::to_string(n) + " features";
        return State::Broken;
    }
    return State::Complete;
}

/// One line per run on stdout, for whoever reads the log: when it was killed and what it left.
void report(const std::string& what, double fraction, const Outcome& o, State s, const fs::path& dir) {
    int staging = 0;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.path().filename().string().rfind(".planview-export-", 0) == 0) ++staging;
    std::cout << "[ kill     ] " << what << " at " << static_cast<int>(fraction * 100) << "% ("
              << o.seconds << " s): " << (o.killed ? "killed" : "finished first") << ", target " << stateName(s)
              << (staging ? ", staging folder left beside it" : "") << "\n";
}

void killDuringExport(const std::string& name, const std::string& ext, const std::vector<std::string>& extensions) {
    const fs::path big = bigGpkg(kBigCount);
    const std::string stem = "big";

    // An uninterrupted export: complete, and how long one takes here.
    const fs::path fullDir = outDir(name + "-full");
    const fs::path fullTarget = fullDir / (stem + ext);
    Outcome full = runAndKill({"export", big.string(), "-o", fullTarget.string()}, -1);
    ASSERT_EQ(full.exitCode, 0) << "the uninterrupted export failed";
    std::string detail;
    ASSERT_EQ(targetState(fullDir, stem, extensions, {}, {}, detail), State::Complete) << detail;
    const auto fullFiles = targetFiles(fullDir, stem, extensions);
    const double duration = full.seconds;

    int killedMidWrite = 0;
    // A new target: absent or complete.
    for (double fraction : {0.05, 0.4, 0.85}) {
        const fs::path dir = outDir(name + "-new-" + std::to_string(static_cast<int>(fraction * 100)));
        const fs::path target = dir / (stem + ext);
        Outcome o = runAndKill({"export", big.string(), "-o", target.string()}, duration * fraction);
        SCOPED_TRACE("new target, killed after " + std::to_string(duration * fraction) + " s");
        if (!o.killed) { EXPECT_EQ(o.exitCode, 0) << "finished before the kill, but failed"; }
        State s = targetState(dir, stem, extensions, {}, fullFiles, detail);
        EXPECT_TRUE(s == State::Absent || s == State::Complete) << "the target is " << stateName(s) << ": " << detail;
        if (o.killed && s == State::Absent) ++killedMidWrite;
        report(name + " new target", fraction, o, s, dir);
    }

    // An existing target with --overwrite: its previous content or complete.
    for (double fraction : {0.2, 0.65}) {
        const fs::path dir = outDir(name + "-overwrite-" + std::to_string(static_cast<int>(fraction * 100)));
        const fs::path target = dir / (stem + ext);
        ASSERT_EQ(cli::runPlanview({"export", sourceGpkg().string(), "-o", target.string()}).code, 0);
        const auto previous = targetFiles(dir, stem, extensions);
        ASSERT_EQ(previous.size(), extensions.size());
        Outcome o = runAndKill({"export", big.string(), "-o", target.string(), "--overwrite"}, duration * fraction);
        SCOPED_TRACE("--overwrite, killed after " + std::to_string(duration * fraction) + " s");
        if (!o.killed) { EXPECT_EQ(o.exitCode, 0) << "finished before the kill, but failed"; }
        State s = targetState(dir, stem, extensions, previous, fullFiles, detail);
        EXPECT_TRUE(s == State::Previous || s == State::Complete) << "the target is " << stateName(s) << ": " << detail;
        if (o.killed && s == State::Previous) ++killedMidWrite;
        report(name + " --overwrite", fraction, o, s, dir);
    }
    EXPECT_GE(killedMidWrite, 2) << "too few kills landed while the export was writing (an export took "
                                 << duration << " s): the test showed nothing";
}

TEST(Interrupted, KilledGeoPackageExportLeavesTargetAbsentOrIntact) {
    killDuringExport("kill-gpkg", ".gpkg", {".gpkg"});
}

TEST(Interrupted, KilledShapefileExportLeavesTargetAbsentOrIntact) {
    killDuringExport("kill-shp", ".shp", {".shp", ".shx", ".dbf", ".prj", ".cpg"});
}

// A shapefile is several files moved into place one by one. When moving fails part-way (here: a
// folder stands where one of the new companion files must go, each in turn, so that whatever order the
// files are moved in, some are moved before the failure), the previous shapefile must still be whole:
// not its old .shp with a new .shx or .dbf.
TEST(Interrupted, FailedMoveIntoPlaceLeavesThePreviousShapefileWhole) {
    for (const char* blocked : {".shx", ".dbf", ".prj", ".cpg"}) {
        SCOPED_TRACE(std::string("a folder in place of parcels") + blocked);
        const fs::path dir = outDir(std::string("shp-move-fails") + blocked);
        const fs::path target = dir / "parcels.shp";
        ASSERT_TRUE(cli::succeeded(cli::runPlanview({"export", sourceGpkg().string(), "-o", target.string(),
                                                     "--where", "用地性质 LIKE 'R%'"})));
        fs::remove(dir / (std::string("parcels") + blocked));
        fs::create_directories(dir / (std::string("parcels") + blocked) / "blocker");
        const auto before = snapshot(dir);
        RunResult r = cli::runPlanview({"export", sourceGpkg().string(), "-o", target.string(), "--overwrite"});
        EXPECT_TRUE(cli::failedCleanly(r, 3, {target.string()}));
        std::string changed;
        const auto after = snapshot(dir);
        for (const auto& [name, bytes] : after)
            if (!before.count(name) || before.at(name) != bytes) changed += " " + name;
        EXPECT_TRUE(after == before) << "files of the previous shapefile replaced although the export failed:" << changed;
    }
}

}  // namespace
