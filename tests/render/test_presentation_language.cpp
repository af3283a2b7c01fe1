// Stills take the project's language (issue 16): the Chinese sample rendered under the C locale
// shows the same Chinese overlay and panels as with --lang zh, and --lang en still gives English.
// Judged by comparing whole images of one view rendered three ways: the only difference --lang can
// make is the text.
#include <gtest/gtest.h>
#include "tests/render/RenderSupport.h"

namespace render_test {
namespace {

const fs::path kSample = fs::path(PLANVIEW_SOURCE_DIR) / "assets/shangcheng/project.toml";

// Pixels differing by more than a little (anti-aliasing noise aside).
std::size_t differingPixels(const Image& a, const Image& b) {
    EXPECT_EQ(a.width, b.width);
    EXPECT_EQ(a.height, b.height);
    if (a.width != b.width || a.height != b.height) return static_cast<std::size_t>(-1);
    std::size_t n = 0;
    for (int y = 0; y < a.height; ++y)
        for (int x = 0; x < a.width; ++x) n += distance2(a.at(x, y), b.at(x, y)) > 30 * 30;
    return n;
}

void expectProjectLanguage(const std::vector<std::string>& mode, const std::string& name) {
    const std::vector<std::string> cLocale{"-LC_ALL", "-LC_MESSAGES", "-LANGUAGE", "LANG=C"};   // env(1) takes -u first
    auto render = [&](const std::string& tag, std::vector<std::string> extra, const std::vector<std::string>& env) {
        const fs::path out = workDir() / (name + "-" + tag + ".png");
        std::vector<std::string> args{"render", kSample.string(), "--view", "大湖滨商圈", "--size", "960x540", "-o", out.string()};
        args.insert(args.end(), mode.begin(), mode.end());
        args.insert(args.end(), extra.begin(), extra.end());
        RunResult r = runPlanview(args, env);
        EXPECT_EQ(r.code, 0) << r.describe();
        return readImage(out);
    };
    const Image byDefault = render("c-locale", {}, cLocale);
    const Image chinese = render("zh", {"--lang", "zh"}, cLocale);
    const Image english = render("en", {"--lang", "en"}, {"-LC_ALL", "-LC_MESSAGES", "-LANGUAGE", "LANG=zh_CN.UTF-8"});
    const std::size_t total = static_cast<std::size_t>(byDefault.width) * byDefault.height;
    EXPECT_LE(differingPixels(byDefault, chinese), total / 2000) << name << ": under LANG=C the Chinese sample speaks Chinese";
    EXPECT_GT(differingPixels(byDefault, english), total / 400) << name << ": --lang en overrides the project's language";
}

TEST(PresentationLanguage, AChineseProjectRendersAChineseOverlayWhateverTheLocale) {
    expectProjectLanguage({"--present"}, "present");
}

TEST(PresentationLanguage, AChineseProjectRendersChinesePanelsWhateverTheLocale) {
    expectProjectLanguage({}, "panels");
}

}  // namespace
}  // namespace render_test
