// The north arrow, bottom right, turned with the camera's heading.
#pragma once
#include "app/ui/UiModel.h"

namespace planview {
void drawNorthArrow(const UiContext& ui);
}
