// Every input of the corpus through `info`, `render`, `stats` and `export`: as a plain source, as the
// only layer of a project, and beside a good layer in a project (where an unusable source leaves its
// layer unavailable, said in a warning, while the rest of the project works).
#include <gtest/gtest.h>
#include "tests/corpus/Corpus.h"

using namespace corpus;
using cli::RunResult;
using cli::lines;
using cli::runPlanview;

namespace {

class Corpus : public ::testing::TestWithParam<Case> {};

std::string relativeTo(const path& dir, const std::string& location) {
    path r = path(location).lexically_relative(dir);
    return r.empty() || r.string().rfind("..", 0) == 0 ? location : r.string();
}

/// The [[layer]] lines of a project layer called `name` drawing the case's input.
std::vector<std::string> layerLines(const std::string& name, const Input& in, const path& projectDir, const char* kind) {
    std::vector<std::string> l = {"name = " + tomlString(name), "source = " + tomlString(relativeTo(projectDir, in.location)),
                                  std::string("kind = \"") + kind + "\""};
    if (!in.layer.empty()) l.push_back("layer = " + tomlString(in.layer));
    return l;
}

Expect expectationOf(const Case& c, const std::string& verb) { return c.verbs.count(verb) ? c.verbs.at(verb) : c.expect; }

bool hasWarningNaming(const std::string& err, const std::string& text) {
    for (const auto& line : lines(err))
        if (line.rfind("planview: warning: ", 0) == 0 && line.find(text) != std::string::npos) return true;
    return false;
}

}  // namespace

// The input given directly on the command line.
TEST_P(Corpus, AsSource) {
    const Case& c = GetParam();
    const path dir = freshDir("source", c.name);
    const Input in = c.make(dir);
    const Sweep s = runVerbs(in, freshDir("source-out", c.name));
    checkSweep(c, in, s, "");
}

// A project whose one layer is the input: the same outcome, the error naming the source. Not
// rendered: render reads a plain source as a one-layer project through the same loadProjectData, so
// AsSource has run that already (render is the costly verb: an X connection and a GL context);
// project layers are rendered beside a good layer (Beside) and in ProjectSources.
TEST_P(Corpus, AsProjectLayer) {
    const Case& c = GetParam();
    const path dir = freshDir("project", c.name);
    const Input source = c.make(dir);
    const path toml = writeProject(dir / "project.toml", {layerLines("corpus", source, dir, "polygons")});
    const Input in{toml.string(), "", source.by, {source.location, toml.string()}};
    const Sweep s = runVerbs(in, freshDir("project-out", c.name), false);
    checkSweep(c, in, s, "corpus");
}

// A project with a good parcels layer and the input as a second layer: the project always opens.
// render and stats succeed; a layer that cannot be loaded is marked unavailable and named in a warning.
class Beside : public ::testing::TestWithParam<Case> {};

TEST_P(Beside, AGoodLayer) {
    const Case& c = GetParam();
    const path dir = freshDir("beside", c.name);
    const Input source = c.make(dir);
    const path toml = writeProject(dir / "project.toml", {{"name = \"parcels\"", "source = " + tomlString(goodParcels().string()),
                                                           "kind = \"parcels\""},
                                                          layerLines("corpus", source, dir, "polygons")});
    const path out = freshDir("beside-out", c.name);

    RunResult render = runRender({toml.string(), "-o", (out / "view.png").string(), "--size", "160x120", "--stats"});
    ASSERT_TRUE(cli::succeeded(render)) << "one good layer is enough to render";
    EXPECT_EQ(renderFeatureCount(render.out, "parcels"), 3) << render.describe();
    for (const auto& line : lines(render.err))
        EXPECT_EQ(line.rfind("planview: warning: ", 0), 0u) << "not a planview warning: " << line << "\n" << render.describe();
    bool unavailable = false;
    const long drawn = renderFeatureCount(render.out, "corpus", &unavailable);
    if (expectationOf(c, "render") == Expect::Reject) EXPECT_TRUE(unavailable) << render.describe();
    if (unavailable) {
        EXPECT_TRUE(hasWarningNaming(render.err, "'corpus'")) << "the unavailable layer is not named\n" << render.describe();
    } else if (c.total >= 0) {
        const FeatureWarnings w = featureWarnings(render.err);
        EXPECT_EQ(drawn + w.skipped, c.total) << "features drawn + skipped\n" << render.describe();
    }

    RunResult stats = runPlanview({"stats", toml.string(), "--by", "kind", "--format", "json"});
    ASSERT_TRUE(cli::succeeded(stats)) << "stats of the good layer";
    EXPECT_EQ(statsFeatureCount(stats.out), 3) << stats.describe();
    // stats reads only the layers it counts: it names an unused layer whose source cannot be opened,
    // but cannot know of one whose features fail to read (render reads it, and says so).
    if (unavailable && expectationOf(c, "info") == Expect::Reject)
        EXPECT_TRUE(hasWarningNaming(stats.err, "'corpus'"))
            << "stats succeeds, but must say that layer 'corpus' of the project is unavailable\n" << stats.describe();

    RunResult good = runPlanview({"export", toml.string(), "--layer", "parcels", "-o", (out / "parcels.gpkg").string()});
    ASSERT_TRUE(cli::succeeded(good)) << "export of the good layer";
    EXPECT_EQ(exportFeatureCount(good.out), 3) << good.describe();

    RunResult bad = runPlanview({"export", toml.string(), "--layer", "corpus", "-o", (out / "corpus.gpkg").string()});
    ASSERT_TRUE(cli::endedNormally(bad));
    if (expectationOf(c, "export") == Expect::Reject || bad.code != 0)
        EXPECT_TRUE(rejectedCleanly(bad, {source.location, toml.string()}, {})) << "export of the unusable layer";

    RunResult info = runPlanview({"info", toml.string(), "--json"});
    ASSERT_TRUE(cli::endedNormally(info));
    if (info.code != 0) EXPECT_TRUE(rejectedCleanly(info, {source.location, toml.string()}, {}));
}

std::vector<Case> besideCases() {
    std::vector<Case> some;
    for (const Case& c : cases())
        if (c.beside) some.push_back(c);
    return some;
}

INSTANTIATE_TEST_SUITE_P(Inputs, Corpus, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& info) { return info.param.name; });
INSTANTIATE_TEST_SUITE_P(Inputs, Beside, ::testing::ValuesIn(besideCases()),
                         [](const ::testing::TestParamInfo<Case>& info) { return info.param.name; });

// ---- Projects whose sources are missing ---------------------------------------------------------

// Two of three sources missing: the project opens, render and stats succeed and name both missing
// layers in warnings; export of the good layer works, of a missing one fails in one line.
TEST(ProjectSources, SomeMissing) {
    const path dir = freshDir("projects", "some-missing");
    const path toml = writeProject(dir / "project.toml", {{"name = \"parcels\"", "source = " + tomlString(goodParcels().string()),
                                                           "kind = \"parcels\""},
                                                          {"name = \"platforms\"", "source = \"gone/platforms.gpkg\"", "kind = \"boundary\""},
                                                          {"name = \"projects\"", "source = \"gone/projects.shp\"", "kind = \"points\""}});
    RunResult render = runRender({toml.string(), "-o", (dir / "view.png").string(), "--size", "160x120", "--stats"});
    ASSERT_TRUE(cli::succeeded(render));
    bool unavailable = false;
    EXPECT_EQ(renderFeatureCount(render.out, "parcels", &unavailable), 3) << render.describe();
    EXPECT_FALSE(unavailable);
    for (const char* layer : {"platforms", "projects"}) {
        EXPECT_EQ(renderFeatureCount(render.out, layer, &unavailable), 0) << render.describe();
        EXPECT_TRUE(unavailable) << layer << "\n" << render.describe();
        EXPECT_TRUE(hasWarningNaming(render.err, std::string("'") + layer + "'")) << render.describe();
    }

    RunResult stats = runPlanview({"stats", toml.string(), "--by", "kind", "--format", "json"});
    ASSERT_TRUE(cli::succeeded(stats));
    EXPECT_EQ(statsFeatureCount(stats.out), 3) << stats.describe();
    for (const char* layer : {"platforms", "projects"})
        EXPECT_TRUE(hasWarningNaming(stats.err, std::string("'") + layer + "'"))
            << "stats must name the unavailable layer " << layer << "\n" << stats.describe();

    RunResult good = runPlanview({"export", toml.string(), "--layer", "parcels", "-o", (dir / "parcels.gpkg").string()});
    EXPECT_TRUE(cli::succeeded(good));
    RunResult bad = runPlanview({"export", toml.string(), "--layer", "platforms", "-o", (dir / "platforms.gpkg").string()});
    EXPECT_TRUE(rejectedCleanly(bad, {(dir / "gone" / "platforms.gpkg").string()}, {"no such file"}));

    // A stats layer that is itself unavailable cannot be counted: one line naming it.
    RunResult missing = runPlanview({"stats", toml.string(), "--layer", "platforms", "--by", "kind"});
    EXPECT_TRUE(rejectedCleanly(missing, {(dir / "gone" / "platforms.gpkg").string()}, {"no such file"}));
}

// Every source missing: nothing to show, so each verb fails in exactly one line.
TEST(ProjectSources, AllMissing) {
    const path dir = freshDir("projects", "all-missing");
    const path toml = writeProject(dir / "project.toml", {{"name = \"platforms\"", "source = \"gone/platforms.gpkg\""},
                                                          {"name = \"projects\"", "source = \"gone/projects.shp\""}});
    const std::vector<std::string> names = {(dir / "gone" / "platforms.gpkg").string(), (dir / "gone" / "projects.shp").string(),
                                            toml.string()};
    EXPECT_TRUE(rejectedCleanly(runPlanview({"info", toml.string()}), names, {}));
    EXPECT_TRUE(rejectedCleanly(runRender({toml.string(), "-o", (dir / "v.png").string(), "--size", "160x120"}),
                                names, {}));
    EXPECT_TRUE(rejectedCleanly(runPlanview({"stats", toml.string(), "--by", "kind"}), names, {}));
    EXPECT_TRUE(rejectedCleanly(runPlanview({"export", toml.string(), "--layer", "platforms", "-o", (dir / "p.gpkg").string()}),
                                names, {}));
}
