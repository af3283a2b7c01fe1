// Presentations (issue 6): presented stills whose overlay grows with the image, a north arrow that
// points north whatever the heading, tours exported as numbered frames (count = (flight + dwell) ×
// fps) and as an MP4 when ffmpeg is installed, and a clear refusal when it is not.
#include <gtest/gtest.h>
#include <cmath>
#include <fstream>
#include "tests/render/RenderSupport.h"

namespace render_test {
namespace {

// The overlay's colours (app/ui/PresentationOverlay.cpp): the title's red stripe and the north
// arrow's red tip and grey tail; the scale bar's dark half.
constexpr std::array<int, 3> kStripe{200, 40, 40}, kTipDark{140, 20, 20}, kTailDark{90, 90, 90}, kTailLight{150, 150, 150},
                             kBarDark{30, 30, 30};

struct PresentProject {
    ParcelFixture fixture;
    fs::path project;
};

// Parcels in colours far from the overlay's reds and greys, two bookmarks (north up; facing east)
// and a tour of 0.5 + 0.5 + 0.25 + 0.75 = 2 seconds.
const PresentProject& presentProject() {
    static PresentProject p = [] {
        PresentProject s;
        s.fixture = makeParcelFixture(workDir() / "present.gpkg", 10, 8, 60.0, true);
        s.project = workDir() / "present.toml";
        std::ofstream toml(s.project);
        toml << "title = \"演示项目\"\n"
                "attribution = \"示意数据，非测绘成果\"\n"
                "[[layer]]\nname = \"用地\"\nsource = \"present.gpkg\"\nlayer = \"parcels\"\nkind = \"parcels\"\n"
                "extrude = \"height_m\"\n[layer.style]\nby = \"landuse\"\n"
                "colors = { R2 = \"#FFE600\", B1 = \"#3366FF\", G1 = \"#00A651\", A1 = \"#FF99DD\", M2 = \"#66CCCC\", W = \"#9966CC\" }\n"
                "[[bookmark]]\nname = \"北向\"\nlon = 120.0835\nlat = 30.2615\ndistance = 900\nheading = 0\npitch = 50\n"
                "[[bookmark]]\nname = \"东向\"\nlon = 120.0835\nlat = 30.2615\ndistance = 700\nheading = 90\npitch = 50\n"
                "[[tour]]\nname = \"巡览\"\n"
                "[[tour.stop]]\nbookmark = \"北向\"\nflight = 0.5\ndwell = 0.5\ncaption = \"第一站：北向全景\"\n"
                "[[tour.stop]]\nbookmark = \"东向\"\nflight = 0.25\ndwell = 0.75\ncaption = \"第二站：向东看\"\n";
        return s;
    }();
    return p;
}

bool near(const std::array<int, 3>& a, const std::array<int, 3>& b, int tolerance) { return distance2(a, b) <= tolerance * tolerance; }

// Rows (top, bottom) spanned by pixels of `rgb` in the given box; (-1, -1) when none.
std::pair<int, int> rowSpan(const Image& image, const std::array<int, 3>& rgb, int x0, int x1, int y0, int y1) {
    int top = -1, bottom = -1;
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x)
            if (near(image.at(x, y), rgb, 12)) {
                if (top < 0) top = y;
                bottom = y;
                break;
            }
    return {top, bottom};
}

// The longest horizontal run of `rgb` pixels in the box.
int longestRun(const Image& image, const std::array<int, 3>& rgb, int x0, int x1, int y0, int y1) {
    int best = 0;
    for (int y = y0; y < y1; ++y) {
        int run = 0;
        for (int x = x0; x < x1; ++x) {
            run = near(image.at(x, y), rgb, 12) ? run + 1 : 0;
            best = std::max(best, run);
        }
    }
    return best;
}

struct Direction {
    double dx = 0, dy = 0;   // image pixels, y down
    std::size_t tip = 0, tail = 0;
};

// From the arrow's grey tail to its red tip, in the bottom-right corner where the arrow is drawn.
Direction northArrow(const Image& image) {
    double tx = 0, ty = 0, gx = 0, gy = 0;
    Direction d;
    const int x0 = image.width * 3 / 4, y0 = image.height * 3 / 5;
    for (int y = y0; y < image.height; ++y)
        for (int x = x0; x < image.width; ++x) {
            auto c = image.at(x, y);
            if (near(c, kStripe, 10) || near(c, kTipDark, 10)) {
                tx += x;
                ty += y;
                ++d.tip;
            } else if (near(c, kTailDark, 6) || near(c, kTailLight, 6)) {
                gx += x;
                gy += y;
                ++d.tail;
            }
        }
    if (d.tip && d.tail) {
        d.dx = tx / d.tip - gx / d.tail;
        d.dy = ty / d.tip - gy / d.tail;
    }
    return d;
}

TEST(Presentation, An8KStillCarriesTheOverlayFourTimesTheSizeOfA1080pOne) {
    const PresentProject& p = presentProject();
    const fs::path hd = workDir() / "present-1080.png", uhd = workDir() / "present-8k.png";
    RunResult a = runPlanview({"render", p.project.string(), "--view", "北向", "--present", "--size", "1920x1080", "-o", hd.string()});
    ASSERT_EQ(a.code, 0) << a.describe();
    RunResult b = runPlanview({"render", p.project.string(), "--view", "北向", "--present", "--size", "7680x4320", "-o", uhd.string()});
    ASSERT_EQ(b.code, 0) << b.describe();
    Image small = readImage(hd), large = readImage(uhd);
    ASSERT_EQ(large.width, 7680);
    ASSERT_EQ(large.height, 4320);

    // The title box's red stripe, top left: its height follows the title's text.
    auto s1 = rowSpan(small, kStripe, 0, small.width / 20, 0, small.height / 5);
    auto s8 = rowSpan(large, kStripe, 0, large.width / 20, 0, large.height / 5);
    ASSERT_GE(s1.first, 0) << "no title stripe in the 1080p still";
    ASSERT_GE(s8.first, 0) << "no title stripe in the 8K still";
    const double h1 = s1.second - s1.first + 1, h8 = s8.second - s8.first + 1;
    EXPECT_GT(h1, 40) << "the title is readable at 1080p";
    EXPECT_NEAR(h8 / h1, 4.0, 0.15) << h1 << " px at 1080p, " << h8 << " px at 8K";
    // Its top margin too: the layout scales, not only the text.
    EXPECT_NEAR(static_cast<double>(s8.first) / s1.first, 4.0, 0.2);

    // The scale bar, bottom left: the same round length, so four times the pixels.
    const int bar1 = longestRun(small, kBarDark, 0, small.width / 4, small.height * 3 / 4, small.height);
    const int bar8 = longestRun(large, kBarDark, 0, large.width / 4, large.height * 3 / 4, large.height);
    ASSERT_GT(bar1, 20) << "no scale bar in the 1080p still";
    EXPECT_NEAR(static_cast<double>(bar8) / bar1, 4.0, 0.15) << bar1 << " px at 1080p, " << bar8 << " px at 8K";
}

TEST(Presentation, TheOverlayIsLaidOutForTheWholeImageAndJoinsAtTileSeams) {
    const PresentProject& p = presentProject();
    const fs::path whole = workDir() / "seams-whole.png", tiled = workDir() / "seams-tiled.png";
    RunResult a = runPlanview({"render", p.project.string(), "--view", "北向", "--present", "--size", "960x540", "-o", whole.string()});
    ASSERT_EQ(a.code, 0) << a.describe();
    // 5 × 3 tiles of 192 × 180: seams cross the title, the legend, the scale bar and the north arrow.
    RunResult b = runPlanview({"render", p.project.string(), "--view", "北向", "--present", "--size", "960x540", "--max-tile", "192",
                               "-o", tiled.string()});
    ASSERT_EQ(b.code, 0) << b.describe();
    Image one = readImage(whole), many = readImage(tiled);
    ASSERT_EQ(many.width, 960);
    // Every opaque overlay pixel (the title's stripe, the scale bar, the arrow) is where it was.
    // Both ways: an overlay laid out per tile would also draw titles and arrows where there are none.
    auto isOverlay = [](const std::array<int, 3>& c) {
        return near(c, kStripe, 4) || near(c, kBarDark, 4) || near(c, kTipDark, 4) || near(c, kTailDark, 4);
    };
    std::size_t overlay = 0, moved = 0;
    for (int y = 0; y < one.height; ++y)
        for (int x = 0; x < one.width; ++x) {
            auto c = one.at(x, y), d = many.at(x, y);
            if (isOverlay(c)) {
                ++overlay;
                moved += !near(d, c, 24);
            } else if (isOverlay(d)) {
                ++overlay;
                moved += !near(d, c, 24);
            }
        }
    EXPECT_GT(overlay, 300u);
    EXPECT_LE(moved, overlay / 100) << moved << " of " << overlay << " overlay pixels differ between the tiled and the whole render";
}

TEST(Presentation, TheNorthArrowPointsNorthUnderARotatedCamera) {
    const PresentProject& p = presentProject();
    const fs::path up = workDir() / "north-0.png", east = workDir() / "north-90.png";
    RunResult a = runPlanview({"render", p.project.string(), "--view", "北向", "--present", "--size", "960x540", "-o", up.string()});
    ASSERT_EQ(a.code, 0) << a.describe();
    RunResult b = runPlanview({"render", p.project.string(), "--view", "东向", "--present", "--size", "960x540", "-o", east.string()});
    ASSERT_EQ(b.code, 0) << b.describe();

    // Heading 0: north is up the screen.
    Direction n0 = northArrow(readImage(up));
    ASSERT_GT(n0.tip, 20u);
    ASSERT_GT(n0.tail, 20u);
    EXPECT_LT(n0.dy, 0);
    EXPECT_LT(std::abs(n0.dx), std::abs(n0.dy) * 0.27) << n0.dx << ", " << n0.dy;   // within 15°

    // Facing east (heading 90): north is to the left.
    Direction n90 = northArrow(readImage(east));
    ASSERT_GT(n90.tip, 20u);
    ASSERT_GT(n90.tail, 20u);
    EXPECT_LT(n90.dx, 0);
    EXPECT_LT(std::abs(n90.dy), std::abs(n90.dx) * 0.27) << n90.dx << ", " << n90.dy;
}

TEST(Presentation, ATourExportsOneFramePerTickOfFlightAndDwell) {
    const PresentProject& p = presentProject();
    const fs::path frames = workDir() / "tour-frames";
    RunResult r = runPlanview({"render", p.project.string(), "--tour", "巡览", "--fps", "6", "--size", "320x180", "--frames",
                               frames.string(), "--stats"});
    ASSERT_EQ(r.code, 0) << r.describe();
    // (0.5 + 0.5 + 0.25 + 0.75) s × 6 fps = 12 frames, numbered from 0.
    auto stats = statsLines(r.out);
    EXPECT_EQ(stats["frames"], "12") << r.out;
    std::size_t count = 0;
    for (const auto& entry : fs::directory_iterator(frames)) count += entry.path().extension() == ".png";
    EXPECT_EQ(count, 12u);
    for (int i = 0; i < 12; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "frame_%05d.png", i);
        ASSERT_TRUE(fs::exists(frames / name)) << name;
    }
    Image last = readImage(frames / "frame_00011.png");
    EXPECT_EQ(last.width, 320);
    EXPECT_EQ(last.height, 180);
    // Exported again at a lower rate into the same folder: the frames beyond the new count go.
    RunResult again = runPlanview({"render", p.project.string(), "--tour", "巡览", "--fps", "3", "--size", "320x180", "--frames",
                                   frames.string()});
    ASSERT_EQ(again.code, 0) << again.describe();
    EXPECT_TRUE(fs::exists(frames / "frame_00005.png"));
    EXPECT_FALSE(fs::exists(frames / "frame_00006.png"));
    // Frames in flight and at rest differ: the camera moves.
    Image first = readImage(frames / "frame_00000.png"), held = readImage(frames / "frame_00005.png");
    EXPECT_NE(first.rgb, held.rgb);
}

TEST(Presentation, UnknownTourIsAnInputErrorNamingTheTours) {
    const PresentProject& p = presentProject();
    RunResult r = runPlanview({"render", p.project.string(), "--tour", "nowhere", "--frames", (workDir() / "nowhere").string()});
    EXPECT_EQ(r.code, 2) << r.describe();
    EXPECT_NE(r.err.find("nowhere"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("巡览"), std::string::npos) << r.err;
    RunResult usage = runPlanview({"render", p.project.string(), "--tour", "巡览"});
    EXPECT_EQ(usage.code, 1) << usage.describe();
}

TEST(Presentation, AnMp4NeedsFfmpegAndSaysSo) {
    const PresentProject& p = presentProject();
    // A PATH with timeout(1) and nothing else: no ffmpeg to be found.
    const fs::path bin = workDir() / "no-ffmpeg-bin";
    fs::create_directories(bin);
    std::error_code ec;
    fs::create_symlink("/usr/bin/timeout", bin / "timeout", ec);
    const fs::path out = workDir() / "none.mp4";
    RunResult r = runPlanview({"render", p.project.string(), "--tour", "巡览", "--size", "320x180", "-o", out.string()},
                              {"PATH=" + bin.string()});
    EXPECT_EQ(r.code, 3) << r.describe();
    EXPECT_NE(r.err.find("ffmpeg"), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one line: " << r.err;
    EXPECT_FALSE(fs::exists(out));
}

TEST(Presentation, AnMp4HoldsEveryFrameWhenFfmpegIsInstalled) {
    if (runTool("command -v ffmpeg && command -v ffprobe") != 0) GTEST_SKIP() << "ffmpeg is not installed";
    const PresentProject& p = presentProject();
    const fs::path out = workDir() / "tour.mp4";
    RunResult r = runPlanview({"render", p.project.string(), "--tour", "巡览", "--fps", "6", "--size", "320x180", "-o", out.string()});
    ASSERT_EQ(r.code, 0) << r.describe();
    EXPECT_EQ(r.out, out.string() + "\n");
    std::string log;
    ASSERT_EQ(runTool("ffprobe -v error -select_streams v:0 -count_frames -show_entries stream=nb_read_frames,width,height -of "
                      "default=noprint_wrappers=1 '" + out.string() + "'", &log), 0) << log;
    EXPECT_NE(log.find("nb_read_frames=12"), std::string::npos) << log;
    EXPECT_NE(log.find("width=320"), std::string::npos) << log;
    // The frames went to a temporary folder beside the video, removed afterwards.
    for (const auto& entry : fs::directory_iterator(workDir()))
        EXPECT_EQ(entry.path().filename().string().find(".tour.mp4."), std::string::npos) << entry.path();
}

}  // namespace
}  // namespace render_test
