// The status line along the bottom: frame time, draw calls, the cursor's lon/lat, the selection.
#pragma once
#include "app/ui/ToolCommands.h"

namespace planview {
void drawStatusBar(const UiContext& ui);
}
