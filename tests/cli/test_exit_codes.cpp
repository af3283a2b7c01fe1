// Exit codes and error messages: 0 success, 1 usage error, 2 input error; every error is exactly one
// line on stderr naming the input and the cause; no input crashes or hangs the program.
#include <random>
#include <gtest/gtest.h>
#include "tests/cli/CliSupport.h"

using namespace cli;

namespace {

// ---- Input errors (exit 2) ---------------------------------------------------------------------

struct InputErrorCase {
    const char* name;
    fs::path (*make)();                   ///< makes the bad input, returns its path
    std::vector<std::string> cause;       ///< what the one line must say besides the path
    std::vector<std::string> extraArgs;   ///< after the path
};

std::ostream& operator<<(std::ostream& o, const InputErrorCase& c) { return o << c.name; }

fs::path badDir() { return workDir() / "bad"; }

fs::path missingPath() { return badDir() / "nowhere.gpkg"; }
fs::path directory() {
    fs::create_directories(badDir() / "a-folder");
    writeFile(badDir() / "a-folder" / "readme.txt", "not GIS data\n");
    return badDir() / "a-folder";
}
fs::path zeroBytes() {
    writeFile(badDir() / "zero.gpkg", "");
    return badDir() / "zero.gpkg";
}
fs::path randomGpkg() {
    std::mt19937 random(20240601);
    std::string bytes(8192, '\0');
    for (char& b : bytes) b = static_cast<char>(random() & 0xFF);
    writeFile(badDir() / "random.gpkg", bytes);
    return badDir() / "random.gpkg";
}
fs::path truncatedGpkg() {
    std::string bytes = readFile(parcelsGpkg4549());
    writeFile(badDir() / "truncated.gpkg", bytes.substr(0, bytes.size() / 2));
    return badDir() / "truncated.gpkg";
}
fs::path textShp() {
    writeFile(badDir() / "notes.shp", "This is not a shapefile, just text with a .shp name.\n");
    return badDir() / "notes.shp";
}
fs::path shapefileWithoutShx() {
    const fs::path shp = parcelsShapefileGbk();
    const fs::path dir = badDir() / "no-shx";
    fs::create_directories(dir);
    for (const char* ext : {".shp", ".dbf", ".prj", ".cpg"})
        fs::copy_file(fs::path(shp).replace_extension(ext), dir / (std::string("parcels") + ext),
                      fs::copy_options::overwrite_existing);
    return dir / "parcels.shp";
}
fs::path gpkgForUnknownLayer() { return multiLayerGpkg(); }

const InputErrorCase kInputErrors[] = {
    {"missing_path", missingPath, {"no such file"}, {}},
    {"directory", directory, {}, {}},
    {"zero_byte_file", zeroBytes, {"empty"}, {}},
    {"random_bytes_gpkg", randomGpkg, {}, {}},
    {"truncated_gpkg", truncatedGpkg, {"malformed"}, {}},
    {"text_with_shp_extension", textShp, {}, {}},
    {"shapefile_without_shx", shapefileWithoutShx, {".shx"}, {}},
    {"unknown_layer", gpkgForUnknownLayer, {"'buildings'", "parcels", "roads"}, {"--layer", "buildings"}},
};

class InputError : public ::testing::TestWithParam<InputErrorCase> {};

TEST_P(InputError, ExitsTwoWithOneLineNamingInputAndCause) {
    const InputErrorCase& c = GetParam();
    const fs::path path = c.make();
    std::vector<std::string> mentions = c.cause;
    mentions.insert(mentions.begin(), path.string());
    for (bool json : {false, true}) {
        std::vector<std::string> args = {"info", path.string()};
        args.insert(args.end(), c.extraArgs.begin(), c.extraArgs.end());
        if (json) args.push_back("--json");
        RunResult r = runPlanview(args);
        EXPECT_TRUE(failedCleanly(r, 2, mentions)) << (json ? "with --json" : "text");
        EXPECT_EQ(r.err.rfind("planview: ", 0), 0u) << r.err;
    }
}

INSTANTIATE_TEST_SUITE_P(Sources, InputError, ::testing::ValuesIn(kInputErrors),
                         [](const auto& info) { return std::string(info.param.name); });

// ---- Usage errors (exit 1) ---------------------------------------------------------------------

struct UsageCase {
    const char* name;
    std::vector<std::string> args;   ///< "@" stands for a valid source
    std::string mention;             ///< what the one line must name
};

std::ostream& operator<<(std::ostream& o, const UsageCase& c) { return o << c.name; }

class UsageError : public ::testing::TestWithParam<UsageCase> {};

std::vector<std::string> withSource(std::vector<std::string> args) {
    for (auto& a : args)
        if (a == "@") a = parcelsGeoJson().string();
    return args;
}

TEST_P(UsageError, ExitsOneWithOneLine) {
    const UsageCase& c = GetParam();
    RunResult r = runPlanview(withSource(c.args));
    EXPECT_TRUE(failedCleanly(r, 1, {c.mention}));
}

const UsageCase kUsageErrors[] = {
    {"unknown_flag", {"info", "@", "--bogus"}, "--bogus"},
    {"unknown_global_flag", {"--bogus", "info", "@"}, "--bogus"},
    {"unknown_subcommand", {"frobnicate", "@"}, "frobnicate"},
    {"missing_input", {"info"}, "input"},
    {"missing_layer_value", {"info", "@", "--layer"}, "--layer"},
    {"missing_features_value", {"info", "@", "--features"}, "--features"},
    {"features_negative", {"info", "@", "--features", "-1"}, "--features"},
    {"features_not_a_number", {"info", "@", "--features", "abc"}, "--features"},
    {"features_fraction", {"info", "@", "--features", "1.5"}, "--features"},
    {"two_inputs", {"info", "@", "@"}, "not expected"},
};
INSTANTIATE_TEST_SUITE_P(CommandLine, UsageError, ::testing::ValuesIn(kUsageErrors),
                         [](const auto& info) { return std::string(info.param.name); });

// "One clear line": the bad value and what is expected, not CLI11's range up to DBL_MAX
// (a 309-digit number) or "not in range" for text that is not a number at all.
TEST(UsageMessage, BadFeaturesCountIsExplainedClearly) {
    for (const char* value : {"-1", "abc"}) {
        SCOPED_TRACE(value);
        RunResult r = runPlanview(withSource({"info", "@", "--features", value}));
        ASSERT_TRUE(failedCleanly(r, 1, {"--features", value}));
        EXPECT_FALSE(hasDigitRunLongerThan(r.err, 20)) << "a number no reader can use:\n" << r.err;
        EXPECT_LT(r.err.size(), 160u) << r.err;
    }
}

// ---- Help and version (exit 0) -----------------------------------------------------------------

TEST(Help, MainHelpExitsZeroAndListsInfo) {
    RunResult r = runPlanview({"--help"});
    ASSERT_TRUE(succeeded(r));
    EXPECT_NE(r.out.find("info"), std::string::npos) << r.out;
    EXPECT_EQ(r.err, "");
}

TEST(Help, InfoHelpExitsZeroAndListsItsOptions) {
    RunResult r = runPlanview({"info", "--help"});
    ASSERT_TRUE(succeeded(r));
    for (const char* option : {"--layer", "--json", "--features"})
        EXPECT_NE(r.out.find(option), std::string::npos) << option << "\n" << r.out;
    EXPECT_EQ(r.err, "");
}

TEST(Help, VersionExitsZero) {
    RunResult r = runPlanview({"--version"});
    ASSERT_TRUE(succeeded(r));
    EXPECT_EQ(r.out.rfind("planview ", 0), 0u) << r.out;
}

// ---- No crash, no hang -------------------------------------------------------------------------

// Every fixture cut at several lengths (and the .dbf of a shapefile cut): planview ends by itself with
// 0 or 2, and when it fails, with one line naming the input.
TEST(Robustness, TruncatedSourcesNeverCrashOrHang) {
    struct Source { fs::path path; const char* part; };
    const fs::path shp = parcelsShapefileGbk();
    const Source sources[] = {{parcelsGpkg4549(), nullptr}, {parcelsGeoJson(), nullptr}, {parcelsFlatGeobuf(), nullptr},
                              {parcelsKml(), nullptr},      {parcelsCsv(), nullptr},     {shp, ".shp"},
                              {shp, ".dbf"}};
    int runs = 0;
    for (const Source& s : sources) {
        for (double fraction : {0.05, 0.3, 0.6, 0.95}) {
            const fs::path dir = workDir() / "cut" / (std::to_string(runs) + "");
            fs::create_directories(dir);
            fs::path target;
            if (s.part) {
                for (const char* ext : {".shp", ".shx", ".dbf", ".prj", ".cpg"})
                    fs::copy_file(fs::path(s.path).replace_extension(ext), dir / (std::string("parcels") + ext));
                target = dir / "parcels.shp";
                const fs::path cut = fs::path(target).replace_extension(s.part);
                std::string bytes = readFile(cut);
                writeFile(cut, bytes.substr(0, static_cast<std::size_t>(bytes.size() * fraction)));
            } else {
                target = dir / s.path.filename();
                std::string bytes = readFile(s.path);
                writeFile(target, bytes.substr(0, static_cast<std::size_t>(bytes.size() * fraction)));
            }
            ++runs;
            SCOPED_TRACE(target.string() + " cut to " + std::to_string(fraction));
            RunResult r = runPlanview({"info", target.string(), "--json", "--features", "10"});
            ASSERT_TRUE(endedNormally(r));
            EXPECT_TRUE(r.code == 0 || r.code == 2) << r.describe();
            if (r.code == 2) EXPECT_TRUE(failedCleanly(r, 2, {target.string()}));
        }
    }
}

}  // namespace
