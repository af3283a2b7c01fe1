#include "app/ui/ViewInsets.h"
#include <algorithm>

namespace planview {

ViewInsets viewInsetsOf(const ScreenLayout& layout, float width, float height) {
    const ScreenRect& free = layout.freeArea;
    if (free.empty() || width <= 0 || height <= 0) return {};
    return {std::max(0.0f, free.x0), std::max(0.0f, width - free.x1), std::max(0.0f, free.y0), std::max(0.0f, height - free.y1)};
}

}  // namespace planview
