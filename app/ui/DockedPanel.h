// Panels docked in the screen layout's columns (ScreenLayout.h): the layer, legend and bookmark
// panels stacked on the left, the tool panels on the right, each at a fixed place and size the
// layout gives it every frame, so no two overlap and none leaves the window. A panel collapses to
// its title bar, scrolls when its content is taller (or wider) than its share of the column, and
// wraps its text at its edge.
#pragma once
#include <string>
#include <vector>
#include <imgui.h>
#include "app/ui/ToolCommands.h"

namespace planview {

/// The height of the tool bar and of the status line, pixels (from the current font).
float barHeight();

/// Lays this frame out: state.layout from the display size, the bars and the panels open (their
/// content measured on the previous frame). Call in each UI frame before drawing the panels.
void layOutPanels(UiState& state);

/// ImGui::Begin for panel `id` (the part of its window ID after "###") at its place in
/// state.layout, with `title` in the UI's language; `open` gives it a close button. Text wraps at
/// the panel's edge until endDockedPanel (PushTextWrapPos(-1) for a table's columns). Returns
/// false when collapsed: then draw nothing. Always call endDockedPanel.
bool beginDockedPanel(const UiState& state, const Phrase& title, const char* id, bool* open = nullptr);
void endDockedPanel();

/// Opens the panels named by their window IDs (`panels`: "filter", "statistics" …; unknown
/// names are ignored) and, when `where` is not empty, applies it in the Filter panel (opening it):
/// the viewer's --open and --where. "sunlight" opens the sun panel and has its 日照分析 run on the
/// buildings in view once the window has drawn them.
void openAtStart(UiState& state, const UiCommands& commands, const std::vector<std::string>& panels, const std::string& where);

/// Sets the next item's width so that it and its label, drawn at its right, fit the rest of the
/// line (at most `most` pixels wide).
void setItemWidthBesideLabel(const char* label, float most = 1e9f);
/// ImGui::SameLine() when an item `width` pixels wide still fits the current line; else the item
/// goes on the next line.
void sameLineIfFits(float width);
/// The width of a button, checkbox or radio button labelled `label` (for sameLineIfFits).
float buttonWidth(const char* label);
float checkboxWidth(const char* label);

}  // namespace planview
