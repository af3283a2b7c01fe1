#include "app/ui/StatusBar.h"
#include <cstdio>
#include <string>
#include <imgui.h>
#include "app/ui/UiText.h"

namespace planview {

void drawStatusBar(const UiContext& ui) {
    const ScreenRect& bar = ui.state.layout.statusBar;
    ImGui::SetNextWindowPos(ImVec2(bar.x0, bar.y0));
    ImGui::SetNextWindowSize(ImVec2(bar.width(), bar.height()));
    ImGui::SetNextWindowBgAlpha(0.75f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(10, 4));
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoBringToFrontOnFocus;
    if (ImGui::Begin("##status", nullptr, flags)) {
        const FrameStats& s = ui.state.stats;
        char line[256];
        std::string text;
        if (s.frameMs > 0) {   // an offscreen render has no previous frame to time
            std::snprintf(line, sizeof line, "%s %.1f ms   ", tr(text::kFrame), s.frameMs);
            text = line;
        }
        std::snprintf(line, sizeof line, "%s %d", tr(text::kDrawCalls), s.drawCalls);
        text += line;
        if (s.cursorLonLat) {
            std::snprintf(line, sizeof line, "   %s %.5f°  %s %.5f°", tr(text::kLon), s.cursorLonLat->x, tr(text::kLat), s.cursorLonLat->y);
            text += line;
        }
        if (!ui.state.selection.empty()) text += std::string("   ") + tr(text::kSelected) + " " + ui.state.selection;
        ImGui::TextUnformatted(text.c_str());
    }
    ImGui::End();
    ImGui::PopStyleVar(2);
}

}  // namespace planview
