// The test hook of the interactive viewer (documented in the README's "Testing the viewer"), so that a
// test driving the real window with xdotool and xclip can read what its text boxes hold:
// - PLANVIEW_UI_STATE=FILE: the viewer writes the UI's text state as JSON to FILE once the project
//   has loaded ("phase": "ready") and again as it quits ("phase": "exit"): the Search box's query and
//   hits, the Filter's layer, expression, error and counts, the inspector's lines, whether a text box
//   has the keyboard, and the characters of all these the font atlas lacks.
#pragma once
#include <string>

namespace planview {

class ImGuiOverlay;
class MapController;

/// Writes the UI state to $PLANVIEW_UI_STATE (when set) with this `phase`. Never throws: a test hook
/// that cannot write only logs a warning.
void writeUiStateIfAsked(MapController& controller, const ImGuiOverlay& overlay, const std::string& phase);

/// The text the panels show from the data now (inspector, search hits): for the atlas to hold.
std::string shownDataText(const MapController& controller);

}  // namespace planview
