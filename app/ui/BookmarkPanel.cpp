#include "app/ui/BookmarkPanel.h"
#include <string>
#include <imgui.h>
#include "app/ui/UiText.h"

namespace planview {

void drawBookmarkPanel(const UiContext& ui) {
    if (!ui.state.showBookmarks) return;
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(10, display.y - 40), ImGuiCond_FirstUseEver, ImVec2(0, 1));
    if (!ImGui::Begin(windowTitle(text::kBookmarks, "bookmarks").c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::End();
        return;
    }
    if (ImGui::Button(tr(text::kHome))) ui.commands.goHome();
    const auto& bookmarks = ui.data.project.bookmarks;
    for (std::size_t i = 0; i < bookmarks.size(); ++i) {
        std::string label = (i < 9 ? std::to_string(i + 1) + "  " : std::string("   ")) + bookmarks[i].name;
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::Selectable(label.c_str(), false)) ui.commands.goToBookmark(i);
        ImGui::PopID();
    }
    if (ui.state.interactive) ImGui::TextDisabled("%s", tr(text::kKeysHint));
    ImGui::End();
}

}  // namespace planview
