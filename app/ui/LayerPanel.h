// The layer panel: per layer its visibility, opacity and the field it is coloured by.
#pragma once
#include "app/ui/ToolCommands.h"

namespace planview {
void drawLayerPanel(const UiContext& ui);
}
