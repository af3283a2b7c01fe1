// The map's scale bar and north arrow outside presentation mode, in the bottom-right corner of the
// map's free area (UiState::layout.freeArea), drawn by the presentation overlay's own code.
#pragma once
#include "app/ui/PresentationOverlay.h"
#include "app/ui/ToolCommands.h"

namespace planview {

/// Draws the north arrow (turned with the camera's heading) and, at its left, the scale bar
/// measured on the ground at the middle of the view (groundMetresPerPixel of the state's camera).
/// Sets state.layout.mapMarks to the box both take. Returns the scale bar (metres 0: none).
ScaleBarMark drawScaleAndNorth(const UiContext& ui);

}  // namespace planview
