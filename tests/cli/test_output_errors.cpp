// Output errors on standard output (exit 3): a verb whose result cannot be written (a full disk,
// here /dev/full) fails with one line on stderr naming standard output and the cause, whatever it
// printed and whatever warnings it held.
#include <gtest/gtest.h>
#include "tests/cli/CliSupport.h"

using namespace cli;

namespace {

const fs::path kFull = "/dev/full";

// The verbs that print their result: info (text and JSON) and stats, on a source that loads cleanly
// and on one that also warns (a CSV without a CRS), whose warning must not join the error line.
std::vector<std::vector<std::string>> printingVerbs() {
    const std::string gpkg = parcelsGpkg4549().string(), csv = parcelsCsv().string();
    return {{"info", gpkg},         {"info", gpkg, "--json"}, {"info", gpkg, "--features", "3"},
            {"stats", gpkg, "--by", "用地性质"}, {"stats", gpkg, "--by", "用地性质", "--format", "json"},
            {"info", csv},          {"info", csv, "--json"},  {"stats", csv, "--by", "用地性质"}};
}

}  // namespace

TEST(OutputErrors, AFullStandardOutputIsExitCodeThreeWithOneLine) {
    if (!fs::exists(kFull)) GTEST_SKIP() << "no /dev/full on this system";
    for (const auto& args : printingVerbs()) {
        RunResult r = runPlanviewWritingTo(kFull, args);
        EXPECT_TRUE(failedCleanly(r, 3, {"planview: cannot write to standard output", "No space left on device"}));
    }
}

// The same commands succeed when standard output can be written: exit 3 above comes from the full
// device, not from the commands.
TEST(OutputErrors, TheSameCommandsSucceedIntoAFile) {
    for (const auto& args : printingVerbs()) {
        const fs::path out = workDir() / "output-errors.out";
        RunResult r = runPlanviewWritingTo(out, args);
        EXPECT_TRUE(succeeded(r));
        EXPECT_FALSE(readFile(out).empty()) << r.describe();
        EXPECT_EQ(r.err.find("cannot write"), std::string::npos) << r.describe();
    }
}
