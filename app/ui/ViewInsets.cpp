#include "app/ui/ViewInsets.h"
#include <algorithm>
#include <imgui.h>
#include <imgui_internal.h>   // the windows of the frame (ImGui 1.86 has no public list of them)

namespace planview {

namespace {

// A window this close to an edge (pixels) is docked to it (panels keep a small gap).
constexpr float kTouching = 24.0f;

}  // namespace

ViewInsets measureViewInsets() {
    ViewInsets insets;
    ImGuiContext* context = ImGui::GetCurrentContext();
    if (!context) return insets;
    const ImVec2 display = context->IO.DisplaySize;
    if (display.x <= 0 || display.y <= 0) return insets;
    const ImGuiWindowFlags skipped = ImGuiWindowFlags_ChildWindow | ImGuiWindowFlags_Tooltip | ImGuiWindowFlags_Popup;
    for (ImGuiWindow* window : context->Windows) {
        if (!window->Active || window->Hidden || (window->Flags & skipped)) continue;
        const float x0 = std::max(window->Pos.x, 0.0f), y0 = std::max(window->Pos.y, 0.0f);
        const float x1 = std::min(window->Pos.x + window->Size.x, display.x);
        const float y1 = std::min(window->Pos.y + window->Size.y, display.y);
        if (x1 <= x0 || y1 <= y0) continue;
        // Each edge the window touches, with the inset it would make and the share of the map it
        // would take there; the least share wins.
        struct Candidate {
            double* inset;
            double value, share;
        };
        Candidate candidates[4];
        int count = 0;
        if (x0 <= kTouching) candidates[count++] = {&insets.left, x1, x1 / display.x};
        if (x1 >= display.x - kTouching) candidates[count++] = {&insets.right, display.x - x0, (display.x - x0) / display.x};
        if (y0 <= kTouching) candidates[count++] = {&insets.top, y1, y1 / display.y};
        if (y1 >= display.y - kTouching) candidates[count++] = {&insets.bottom, display.y - y0, (display.y - y0) / display.y};
        if (count == 0) continue;   // floating over the map
        const Candidate* best = std::min_element(candidates, candidates + count,
                                                 [](const Candidate& a, const Candidate& b) { return a.share < b.share; });
        *best->inset = std::max(*best->inset, best->value);
    }
    return insets;
}

}  // namespace planview
