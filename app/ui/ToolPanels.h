// The planner's tools: a tool bar that opens them, the inspector, filter, timeline, search, measure
// and statistics panels, and what they draw over the map (measured lines, the timeline's date).
#pragma once
#include "app/ui/ToolCommands.h"

namespace planview {

/// Tool panels hold tables and text to read: nearly opaque over the busy map.
constexpr float kToolPanelAlpha = 0.96f;

/// The row of buttons at the top that opens each tool, and the language switch.
void drawToolBar(const UiContext& ui);
void drawInspectorPanel(const UiContext& ui);
void drawFilterPanel(const UiContext& ui);
void drawTimelinePanel(const UiContext& ui);
void drawSunPanel(const UiContext& ui);
/// The sun panel's 日照分析 section (SunlightPanel.cpp): settings, Analyse/Cancel with progress, the
/// ramp's legend with the threshold, the floors short of it.
void drawSunlightSection(const UiContext& ui);
/// In the inspector: the clicked 日照 point's floor, height, minutes of sun and periods; false (nothing
/// drawn) when no point is picked or the inspector has moved on to another feature.
bool drawSunlightPointInfo(const UiContext& ui);
void drawSearchPanel(const UiContext& ui);
void drawMeasurePanel(const UiContext& ui);
void drawStatisticsPanel(const UiContext& ui);
/// The checks panel (控规检查): the rules, counts of pass, exceed and no data, the findings; a row
/// clicked flies to its parcel.
void drawChecksPanel(const UiContext& ui);
/// The compare panel (方案比选): the two versions' counts of change, the indicators before, after and
/// delta, the changed features (a row flies there); the swipe or the change colours on the map.
void drawComparePanel(const UiContext& ui);
/// The swipe's line over the map while comparing by swipe, with a handle to drag it.
void drawCompareSwipe(const UiContext& ui);
void drawExportPanel(const UiContext& ui);

/// The filter panel's error: PlanView's sentence in the UI's language, then GDAL's message quoted
/// ("" when the last expression was accepted).
std::string whereErrorText(const FilterUiState& filter);

/// The measured polyline or polygon on the ground, with its running length or area.
void drawMeasureOverlay(const UiContext& ui);
/// The timeline's date, large, at the top of the map while the timeline is on.
void drawTimelineDate(const UiContext& ui);

/// "12,345" / "12,345.6": thousands separated, `decimals` after the point.
std::string groupedNumber(double value, int decimals);
/// A row's share of its zone's area as the Statistics panel shows it: "12.34%".
std::string sharePercent(double share);

}  // namespace planview
