// The status line along the bottom: frame time, draw calls, the cursor's lon/lat, the selection.
#pragma once
#include "app/ui/UiModel.h"

namespace planview {
void drawStatusBar(const UiContext& ui);
}
