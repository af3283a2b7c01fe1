// The viewer's real panels laid out by ImGui without a display (frames run without a GL backend) on
// the Shangcheng sample, every panel open, in Chinese and English at 1024×640, 1400×900 and
// 1920×1080: every window inside the display, no two overlapping, nothing wider than its panel
// unless it scrolls; the filter's error in the UI's language with GDAL's message quoted and
// wrapped; the viewer's scale bar against the ground scale of a camera looking straight down.
#include <gtest/gtest.h>
#include <cmath>
#include <memory>
#include <string>
#include <vector>
#include <imgui.h>
#include <imgui_internal.h>
#include "app/ui/ImageCameraOsg.h"
#include "app/scene/CameraViews.h"
#include "app/scene/LabelLayer.h"
#include "app/scene/Scene.h"
#include "app/scene/ShaderLibrary.h"
#include "app/ui/ImGuiOverlay.h"
#include "app/ui/NorthArrow.h"
#include "app/ui/ToolPanels.h"
#include "app/tools/MapController.h"
#include "tests/viewer/SampleControllerTest.h"
#include "geo/Project.h"
#include "geo/ProjectData.h"

namespace {

using planview::ScreenRect;

class PanelLayoutTest : public viewer_test::SampleControllerTest {
protected:
    void TearDown() override { planview::setUiLanguage(planview::Language::Chinese); }

    // The camera of a window `width`×`height` looking at the district's centre from `distance` m.
    void setCamera(double width, double height, double distance, double pitch) {
        planview::UiState& s = controller_->state();
        planview::CameraPose pose;
        pose.target = osg::Vec3d(scene_->bounds().center().x, scene_->bounds().center().y, 0);
        pose.distance = distance;
        pose.pitch = pitch;
        planview::setImageCamera(s.camera, planview::viewMatrixOf(pose), planview::perspectiveProjection(width / height), width, height, pose.heading);
    }

    // Everything a planner can open, with content: a selected parcel, a refused expression, statistics.
    void openEverything() {
        planview::UiState& s = controller_->state();
        s.showSearch = s.showInspector = s.showFilter = s.showTimeline = s.showMeasure = s.showStatistics = s.showExport = true;
        s.showLayers = s.showLegend = s.showBookmarks = true;
        controller_->inspector.select(planview::FeatureRef{static_cast<int>(layerIndex("parcels")), 0});
        controller_->search.search("湖滨");
        controller_->filter.applyWhere(s.filter.layer, "height_m >>> 3");
    }
};

ScreenRect rectOf(const ImGuiWindow* w) { return {w->Pos.x, w->Pos.y, w->Pos.x + w->Size.x, w->Pos.y + w->Size.y}; }

// The top-level windows drawn in the last frame (panels, tool bar, status line).
std::vector<ImGuiWindow*> drawnWindows() {
    std::vector<ImGuiWindow*> out;
    for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows) {
        if (!w->Active || w->Hidden) continue;
        if (w->Flags & (ImGuiWindowFlags_ChildWindow | ImGuiWindowFlags_Tooltip | ImGuiWindowFlags_Popup)) continue;
        out.push_back(w);
    }
    return out;
}

ImGuiWindow* windowWithId(const char* id) { return ImGui::FindWindowByName((std::string("###") + id).c_str()); }

std::string describe(const ImGuiWindow* w) {
    const ScreenRect r = rectOf(w);
    return std::string(w->Name) + " at (" + std::to_string(r.x0) + ", " + std::to_string(r.y0) + ")–(" + std::to_string(r.x1) + ", " +
           std::to_string(r.y1) + ")";
}

TEST_F(PanelLayoutTest, EveryPanelInsideTheWindowAndNoneOverlapsAnother) {
    const char* const panels[] = {"layers", "legend", "bookmarks", "search", "inspector", "filter", "timeline", "measure", "statistics", "export"};
    for (planview::Language language : {planview::Language::Chinese, planview::Language::English}) {
        for (auto [width, height] : {std::pair{1024, 640}, std::pair{1400, 900}, std::pair{1920, 1080}}) {
            SCOPED_TRACE((language == planview::Language::Chinese ? "zh " : "en ") + std::to_string(width) + "x" + std::to_string(height));
            planview::setUiLanguage(language);
            SetUp();
            openEverything();
            setCamera(width, height, 3000, 60);
            planview::ImGuiOverlay overlay(planview::findCjkFont(), controller_->glyphText());
            overlay.setPanels([&] { controller_->drawUi(true); });
            overlay.settle(width, height, 4);

            const ScreenRect display{0, 0, static_cast<float>(width), static_cast<float>(height)};
            std::vector<ImGuiWindow*> windows = drawnWindows();
            for (const char* id : panels) {
                ImGuiWindow* w = windowWithId(id);
                ASSERT_TRUE(w && w->Active) << id << " is not drawn";
                // Nothing wider than the panel unless it scrolls sideways: text wraps, choices fit the
                // line, tables scroll inside.
                const float content = w->DC.CursorMaxPos.x - w->Pos.x;
                if (!w->ScrollbarX) EXPECT_LE(content, w->Size.x + 0.5f) << describe(w) << ": its content is " << content << " px wide";
            }
            ASSERT_GE(windows.size(), std::size(panels) + 2);   // and the tool bar and status line
            const planview::ScreenLayout& layout = controller_->state().layout;
            for (std::size_t i = 0; i < windows.size(); ++i) {
                const ScreenRect r = rectOf(windows[i]);
                EXPECT_TRUE(display.contains(r)) << describe(windows[i]);
                EXPECT_FALSE(r.overlaps(layout.freeArea)) << describe(windows[i]) << " covers the map's free area";
                EXPECT_FALSE(r.overlaps(layout.mapMarks)) << describe(windows[i]) << " covers the scale bar or north arrow";
                for (std::size_t j = i + 1; j < windows.size(); ++j)
                    EXPECT_FALSE(r.overlaps(rectOf(windows[j]))) << describe(windows[i]) << " overlaps " << describe(windows[j]);
            }
            EXPECT_TRUE(layout.freeArea.contains(layout.mapMarks));
            // The map keeps a fair part of the window.
            EXPECT_GE(layout.freeArea.width(), width / 3.0f);
            EXPECT_GE(layout.freeArea.height(), height - 80.0f);
        }
    }
}

TEST_F(PanelLayoutTest, TheMapHasTheWholeWindowWithoutPanels) {
    planview::UiState& s = controller_->state();
    s.showLayers = s.showLegend = s.showBookmarks = false;
    setCamera(1400, 900, 3000, 60);
    planview::ImGuiOverlay overlay(planview::findCjkFont(), controller_->glyphText());
    overlay.setPanels([&] { controller_->drawUi(true); });
    overlay.settle(1400, 900, 2);
    const planview::ScreenLayout& layout = s.layout;
    EXPECT_EQ(layout.freeArea.x0, 0);
    EXPECT_EQ(layout.freeArea.x1, 1400);
    EXPECT_EQ(layout.freeArea.y0, layout.toolBar.y1);
    EXPECT_EQ(layout.freeArea.y1, layout.statusBar.y0);
    // A panel opened on the right takes its column from the map.
    s.showFilter = true;
    overlay.settle(1400, 900, 2);
    ImGuiWindow* filter = windowWithId("filter");
    ASSERT_TRUE(filter && filter->Active);
    EXPECT_LE(s.layout.freeArea.x1, filter->Pos.x);
}

TEST_F(PanelLayoutTest, AFilterErrorSaysWhyInTheUisLanguageWithGdalsMessageQuotedAndWraps) {
    planview::UiState& s = controller_->state();
    const std::size_t parcels = layerIndex("parcels");
    ASSERT_EQ(s.filter.layer, parcels);
    controller_->filter.applyWhere(parcels, "height_m >>> 3");
    // GDAL's message (SQLite's, for the GeoPackage), not PlanView's sentence about it.
    const std::string gdal = s.filter.error;
    EXPECT_NE(gdal.find("syntax error"), std::string::npos) << gdal;
    EXPECT_EQ(gdal.find("bad filter"), std::string::npos) << gdal;

    planview::setUiLanguage(planview::Language::Chinese);
    const std::string zh = planview::whereErrorText(s.filter);
    EXPECT_EQ(zh.rfind("条件表达式无效，筛选未改变。", 0), 0u) << zh;
    EXPECT_NE(zh.find("“" + gdal + "”"), std::string::npos) << zh;
    planview::setUiLanguage(planview::Language::English);
    const std::string en = planview::whereErrorText(s.filter);
    EXPECT_EQ(en.rfind("The expression is not valid", 0), 0u) << en;
    EXPECT_NE(en.find("“" + gdal + "”"), std::string::npos) << en;

    // At 1024×640 in the Chinese UI the sentence takes more than one line of the filter panel, and
    // nothing of it runs past the panel's edge.
    planview::setUiLanguage(planview::Language::Chinese);
    s.showFilter = true;
    setCamera(1024, 640, 3000, 60);
    planview::ImGuiOverlay overlay(planview::findCjkFont(), controller_->glyphText());
    overlay.setPanels([&] { controller_->drawUi(true); });
    overlay.settle(1024, 640, 3);
    ImGuiWindow* filter = windowWithId("filter");
    ASSERT_TRUE(filter && filter->Active);
    const float textWidth = filter->ContentRegionRect.GetWidth();
    const float lines = ImGui::CalcTextSize(zh.c_str(), nullptr, false, textWidth).y / ImGui::GetTextLineHeight();
    EXPECT_GT(std::lround(lines), 1) << "at " << textWidth << " px";
    EXPECT_LE(filter->DC.CursorMaxPos.x, filter->Pos.x + filter->Size.x + 0.5f);
    // The drawn text: the filter window holds a run of wrapped lines of the error's height.
    EXPECT_GT(ImGui::CalcTextSize(zh.c_str()).x, textWidth);   // unwrapped, it would run off the panel
}

TEST_F(PanelLayoutTest, TheScaleBarMeasuresTheGroundOfAViewStraightDown) {
    // 1000 m above the ground looking straight down, a 30° vertical field of view over 900 pixels.
    const double width = 1400, height = 900, distance = 1000;
    setCamera(width, height, distance, 90);
    const double metresPerPixel = 2 * distance * std::tan(planview::kFieldOfViewY / 2 * M_PI / 180) / height;
    planview::ImGuiOverlay overlay(planview::findCjkFont(), controller_->glyphText());
    planview::ScaleBarMark bar;
    overlay.setPanels([&] {
        controller_->drawUi(true);
        bar = planview::drawScaleAndNorth(planview::UiContext{*data_, controller_->state(), controller_->commands()});
    });
    overlay.settle(static_cast<int>(width), static_cast<int>(height), 2);
    ASSERT_GT(bar.metres, 0);
    // Its length on screen is its length on the ground at the camera's scale …
    EXPECT_NEAR(bar.pixels * metresPerPixel, bar.metres, bar.metres * 1e-3);
    // … a round length (1, 2 or 5 times a power of ten), as long as fits the bar's room (180 px).
    const double mantissa = bar.metres / std::pow(10.0, std::floor(std::log10(bar.metres) + 1e-9));
    EXPECT_TRUE(std::abs(mantissa - 1) < 1e-9 || std::abs(mantissa - 2) < 1e-9 || std::abs(mantissa - 5) < 1e-9) << bar.metres;
    EXPECT_LE(bar.pixels, 180.0f + 0.01f);
    EXPECT_GT(bar.pixels, 180.0f / 2.5f);
    // Here: 0.595 m a pixel, 180 px hold 107 m: a 100 m bar of 168 px.
    EXPECT_DOUBLE_EQ(bar.metres, 100);
    EXPECT_TRUE(controller_->state().layout.freeArea.contains(bar.box));
}

}  // namespace
