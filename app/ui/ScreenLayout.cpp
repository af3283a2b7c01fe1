#include "app/ui/ScreenLayout.h"
#include <algorithm>
#include <numeric>

namespace planview {

namespace {
// Pixels between the columns and the window's edges, the bars and each other.
constexpr float kMargin = 6;
}  // namespace

ScreenLayout screenLayout(float width, float height, float barHeight, bool panels, bool leftColumn, bool rightColumn) {
    ScreenLayout layout;
    layout.freeArea = {0, 0, width, height};
    if (!panels) return layout;
    layout.toolBar = {0, 0, width, barHeight};
    layout.statusBar = {0, height - barHeight, width, height};
    float left = leftColumn ? std::clamp(width * 0.2f, 240.0f, 340.0f) : 0;
    float right = rightColumn ? std::clamp(width * 0.27f, 300.0f, 460.0f) : 0;
    // The map keeps at least a third of a narrow window.
    const float most = std::max(0.0f, width * 2 / 3 - 3 * kMargin);
    if (left + right > most) {
        const float shrink = most / (left + right);
        left *= shrink;
        right *= shrink;
    }
    const float top = layout.toolBar.y1 + kMargin, bottom = std::max(top, layout.statusBar.y0 - kMargin);
    if (leftColumn) layout.left = {kMargin, top, kMargin + left, bottom};
    if (rightColumn) layout.right = {width - kMargin - right, top, width - kMargin, bottom};
    layout.freeArea = {leftColumn ? layout.left.x1 : 0, layout.toolBar.y1, rightColumn ? layout.right.x0 : width, layout.statusBar.y0};
    return layout;
}

std::vector<float> stackHeights(const std::vector<float>& natural, float height, float gap, float minimum) {
    const std::size_t n = natural.size();
    std::vector<float> out(n, minimum);
    if (n == 0) return out;
    float remaining = height - gap * static_cast<float>(n - 1);
    // Smallest first: each takes what it needs up to an equal share of what is left.
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return natural[a] < natural[b]; });
    for (std::size_t k = 0; k < n; ++k) {
        const std::size_t i = order[k];
        const float share = remaining / static_cast<float>(n - k);
        out[i] = std::max(minimum, std::min(natural[i], share));
        remaining -= out[i];
    }
    return out;
}

ViewInsets viewInsetsOf(const ScreenLayout& layout, float width, float height) {
    const ScreenRect& free = layout.freeArea;
    if (free.empty() || width <= 0 || height <= 0) return {};
    return {std::max(0.0f, free.x0), std::max(0.0f, width - free.x1), std::max(0.0f, free.y0), std::max(0.0f, height - free.y1)};
}

}  // namespace planview
