// The legend: for each visible layer the colours of its active style, with the value, the GB 50137
// meaning where the value is a land-use code, and how many features carry it.
#pragma once
#include "app/ui/UiModel.h"

namespace planview {
void drawLegendPanel(const UiContext& ui);
}
