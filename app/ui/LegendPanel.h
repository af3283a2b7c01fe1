// The legend: for each visible layer the colours of its active style, with the value's words (the
// style's labels; a land-use code with its GB 50137 name), and how many features carry it.
#pragma once
#include "app/ui/ToolCommands.h"

namespace planview {
void drawLegendPanel(const UiContext& ui);
}
