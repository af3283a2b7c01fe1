// Chinese text in the viewer's own window (issue 16): xdotool types UTF-8 text into the running
// viewer, xclip sets the desktop's clipboard for Ctrl+V, and the viewer's test hook
// (PLANVIEW_UI_STATE, app/viewer/UiStateHook.h) says what the Search box and the Filter's expression
// then hold and found. What they found is checked against GDAL reading the sample's GeoPackage.
// Needs an X display (scripts/test runs the suite under xvfb-run), xdotool and xclip.
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <nlohmann/json.hpp>
#include "tests/render/RenderSupport.h"

namespace render_test {
namespace {

const std::string kProject = std::string(PLANVIEW_SOURCE_DIR) + "/assets/shangcheng/project.toml";
const std::string kGpkg = std::string(PLANVIEW_SOURCE_DIR) + "/assets/shangcheng/shangcheng.gpkg";

std::string shellQuote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// A child process started with extra environment, ended by its id.
class Child {
public:
    Child(const std::vector<std::string>& args, const std::vector<std::string>& env, const fs::path& log) {
        pid_ = fork();
        if (pid_ == 0) {
            for (const std::string& e : env) putenv(const_cast<char*>(e.c_str()));
            FILE* out = std::fopen(log.c_str(), "w");
            if (out) {
                dup2(fileno(out), STDOUT_FILENO);
                dup2(fileno(out), STDERR_FILENO);
            }
            std::vector<char*> argv;
            for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
            argv.push_back(nullptr);
            execvp(argv[0], argv.data());
            _exit(127);
        }
    }
    ~Child() {
        if (pid_ > 0 && !exited_) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
    }
    /// The exit code, or -1 when it has not exited within `seconds`.
    int wait(double seconds) {
        const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
        while (std::chrono::steady_clock::now() < until) {
            int status = 0;
            if (waitpid(pid_, &status, WNOHANG) == pid_) {
                exited_ = true;
                return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return -1;
    }
    pid_t pid() const { return pid_; }

private:
    pid_t pid_ = -1;
    bool exited_ = false;
};

nlohmann::json readState(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return nlohmann::json::parse(text.str(), nullptr, false);
}

bool waitForPhase(const fs::path& path, const std::string& phase, double seconds) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < until) {
        const nlohmann::json state = readState(path);
        if (!state.is_discarded() && state.value("phase", "") == phase) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return false;
}

// A UTF-8 locale: xdotool reads its text argument as multibyte text in the current locale.
int xdotool(const std::string& arguments) { return runTool("LC_ALL=C.UTF-8 xdotool " + arguments); }

void pause(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

/// The code points of UTF-8 `text` above ASCII.
std::vector<unsigned> nonAsciiCodePoints(const std::string& text) {
    std::vector<unsigned> out;
    for (std::size_t i = 0; i < text.size();) {
        const unsigned char lead = static_cast<unsigned char>(text[i]);
        const int length = lead < 0x80 ? 1 : (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : 4;
        unsigned code = length == 1 ? lead : lead & (0xFF >> (length + 1));
        for (int k = 1; k < length && i + k < text.size(); ++k) code = (code << 6) | (text[i + k] & 0x3F);
        if (code >= 0x80) out.push_back(code);
        i += length;
    }
    return out;
}

/// Types `text` as key presses. Left to itself, xdotool types a character the keyboard lacks by
/// binding it to one scratch key code, pressing it, and binding the next character to the same code:
/// a viewer that reads the key after the next binding (a slow software-rendered frame under load)
/// sees the wrong character or none. So each such character first gets a spare key code of its own
/// (xmodmap), and xdotool finds them all on the keyboard: no binding changes while typing.
void typeText(const std::string& text) {
    std::string keymap;
    runTool("xmodmap -pke", &keymap);
    std::vector<int> spare;   // key codes bound to nothing ("keycode 200 =")
    std::istringstream lines(keymap);
    for (std::string line; std::getline(lines, line);) {
        int code = 0;
        char rest[8] = {};
        if (std::sscanf(line.c_str(), "keycode %d = %7s", &code, rest) == 1) spare.push_back(code);
    }
    std::string bindings;
    const std::vector<unsigned> codePoints = nonAsciiCodePoints(text);
    for (std::size_t k = 0; k < codePoints.size() && k < spare.size(); ++k) {
        char keysym[16];
        std::snprintf(keysym, sizeof keysym, "U%04X", codePoints[k]);
        bindings += " -e 'keycode " + std::to_string(spare[spare.size() - 1 - k]) + " = " + keysym + "'";
    }
    if (!bindings.empty()) {
        runTool("xmodmap" + bindings);
        pause(500);   // the viewer reads the new keyboard mapping
    }
    xdotool("type --delay 200 " + shellQuote(text));
}

// The viewer on the sample project with the test hook, its window focused once loaded.
class RunningViewer {
public:
    explicit RunningViewer(const std::string& name, const std::vector<std::string>& options = {}) {
        state = workDir() / (name + "-state.json");
        log = workDir() / (name + ".log");
        std::vector<std::string> command = {PLANVIEW_BINARY, kProject, "--lang", "en"};
        command.insert(command.end(), options.begin(), options.end());
        child_ = std::make_unique<Child>(command, std::vector<std::string>{"PLANVIEW_UI_STATE=" + state.string()}, log);
        ready = waitForPhase(state, "ready", 180);
        if (ready) {
            // Keyboard focus on the viewer's window (there is no window manager under Xvfb).
            xdotool("search --sync --pid " + std::to_string(child_->pid()) + " --name PlanView windowfocus --sync");
            xdotool("search --pid " + std::to_string(child_->pid()) + " --name PlanView mousemove --window %1 200 300");
            pause(300);
        }
    }
    /// Quits with Ctrl+Q and returns the state written at exit (null when it did not quit).
    nlohmann::json quit() {
        xdotool("key ctrl+q");
        exitCode = child_->wait(60);
        if (exitCode != 0) return nlohmann::json();
        return readState(state);
    }
    std::string logText() const {
        std::ifstream in(log);
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    }
    fs::path state, log;
    bool ready = false;
    int exitCode = -1;

private:
    std::unique_ptr<Child> child_;
};

void requireTools() {
    ASSERT_NE(std::getenv("DISPLAY"), nullptr) << "needs an X display (scripts/test runs the suite under xvfb-run)";
    ASSERT_EQ(runTool("command -v xdotool"), 0) << "xdotool is not installed (scripts/setup installs it)";
    ASSERT_EQ(runTool("command -v xclip"), 0) << "xclip is not installed (scripts/setup installs it)";
    ASSERT_EQ(runTool("command -v xmodmap"), 0) << "xmodmap is not installed (scripts/setup installs x11-xserver-utils)";
}

// Distinct values of `field` over the sample's layers that contain `part`, read with GDAL.
std::set<std::string> valuesContaining(const std::string& field, const std::string& part) {
    GDALAllRegister();
    std::set<std::string> values;
    GDALDatasetUniquePtr ds(GDALDataset::Open(kGpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!ds) return values;
    for (OGRLayer* layer : ds->GetLayers()) {
        const int index = layer->GetLayerDefn()->GetFieldIndex(field.c_str());
        if (index < 0) continue;
        for (const auto& feature : *layer)
            if (feature->IsFieldSetAndNotNull(index)) {
                const std::string value = feature->GetFieldAsString(index);
                if (value.find(part) != std::string::npos) values.insert(value);
            }
    }
    return values;
}

TEST(TextInput, ChineseTypedAndPastedIntoSearchFindsWhatGdalFinds) {
    requireTools();
    RunningViewer viewer("search");
    ASSERT_TRUE(viewer.ready) << viewer.logText();
    xdotool("key ctrl+f");
    pause(1500);
    typeText("湖滨");
    pause(1000);
    // The rest of the query from the desktop's clipboard, owned by xclip (in the foreground: -quiet).
    const fs::path clip = workDir() / "clip.txt";
    std::ofstream(clip) << "三期";
    Child xclip({"xclip", "-quiet", "-selection", "clipboard", "-i", clip.string()}, {}, workDir() / "xclip.log");
    pause(1000);
    xdotool("key ctrl+v");
    pause(1000);
    // And back out: the box's text copied to the desktop's clipboard with Ctrl+A, Ctrl+C.
    xdotool("key ctrl+a");
    pause(200);
    xdotool("key ctrl+c");
    // The viewer takes the clipboard from xclip when its next frames handle the keys: a while on a
    // busy machine.
    std::string copied;
    for (int tries = 0; tries < 20 && copied != "湖滨三期"; ++tries) {
        pause(500);
        copied.clear();
        runTool("timeout 5 xclip -o -selection clipboard", &copied);
    }
    const nlohmann::json state = viewer.quit();
    ASSERT_EQ(viewer.exitCode, 0) << viewer.logText();
    ASSERT_TRUE(state.is_object()) << viewer.logText();
    EXPECT_EQ(state["search"]["query"], "湖滨三期") << state.dump(2);
    EXPECT_EQ(copied, "湖滨三期");
    std::set<std::string> found;
    for (const auto& hit : state["search"]["hits"])
        if (hit["field"] == "name_zh") found.insert(hit["text"].get<std::string>());
    const std::set<std::string> expected = valuesContaining("name_zh", "湖滨三期");
    ASSERT_FALSE(expected.empty());
    EXPECT_EQ(found, expected) << state.dump(2);
    EXPECT_EQ(state["missingGlyphs"], "") << "characters shown without a glyph";
}

TEST(TextInput, ARareCharacterTypedJoinsTheAtlas) {
    requireTools();
    RunningViewer viewer("rare");
    ASSERT_TRUE(viewer.ready) << viewer.logText();
    xdotool("key ctrl+f");
    pause(1500);
    typeText("龘");   // in the font, in neither the common Chinese set nor the sample
    pause(800);
    const nlohmann::json state = viewer.quit();
    ASSERT_TRUE(state.is_object()) << viewer.logText();
    EXPECT_EQ(state["search"]["query"], "龘");
    EXPECT_EQ(state["missingGlyphs"], "");
}

TEST(TextInput, ChineseTypedIntoTheFilterExpressionFiltersAsGdalDoes) {
    requireTools();
    RunningViewer viewer("filter", {"--open", "filter"});   // on the parcels layer, 用地
    ASSERT_TRUE(viewer.ready) << viewer.logText();
    const std::string expression = "name_zh LIKE '%湖滨%'";
    typeText(expression);
    pause(600);
    xdotool("key Return");
    pause(800);
    const nlohmann::json state = viewer.quit();
    ASSERT_TRUE(state.is_object()) << viewer.logText();
    EXPECT_EQ(state["filter"]["layer"], "用地");
    EXPECT_EQ(state["filter"]["expression"], expression);
    EXPECT_EQ(state["filter"]["error"], "");
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(kGpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    ASSERT_TRUE(ds);
    OGRLayer* parcels = ds->GetLayerByName("parcels");
    const auto total = parcels->GetFeatureCount();
    parcels->SetAttributeFilter(expression.c_str());
    const auto shown = parcels->GetFeatureCount();
    ASSERT_GT(shown, 0);
    EXPECT_EQ(state["filter"]["total"], total);
    EXPECT_EQ(state["filter"]["shown"], shown) << state.dump(2);
}

}  // namespace
}  // namespace render_test
