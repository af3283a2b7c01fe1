// The bookmarks: the home view and the project's bookmarks, numbered as their keys (1–9).
#pragma once
#include "app/ui/ToolCommands.h"

namespace planview {
void drawBookmarkPanel(const UiContext& ui);
}
