#include "app/ui/BookmarkPanel.h"
#include <algorithm>
#include <string>
#include <imgui.h>
#include <imgui_stdlib.h>
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
    UiState& s = ui.state;
    if (ImGui::Button(tr(text::kHome))) ui.commands.goHome();
    if (s.interactive) {
        ImGui::SameLine();
        if (ImGui::Button(tr(text::kSaveView))) ui.commands.saveCurrentView();
        ImGui::SameLine();
        if (ImGui::Button(tr(text::kRenderStill))) ui.commands.renderStill();
    }
    // Rows as wide as the longest name, so that the edit buttons never cover one.
    auto rowLabel = [&](std::size_t i) {
        return (i < 9 ? std::to_string(i + 1) + "  " : std::string("   ")) + s.bookmarks[i].bookmark.name;
    };
    float rowWidth = 200;
    for (std::size_t i = 0; i < s.bookmarks.size(); ++i) rowWidth = std::max(rowWidth, ImGui::CalcTextSize(rowLabel(i).c_str()).x + 8);
    for (std::size_t i = 0; i < s.bookmarks.size(); ++i) {
        const std::string& name = s.bookmarks[i].bookmark.name;
        ImGui::PushID(static_cast<int>(i));
        if (s.renaming == static_cast<int>(i)) {
            // Enter (or leaving the field) keeps the new name; Esc cancels.
            ImGui::SetNextItemWidth(rowWidth);
            if (ImGui::IsWindowAppearing() || !ImGui::IsAnyItemActive()) ImGui::SetKeyboardFocusHere();
            bool done = ImGui::InputText("##name", &s.renameText, ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll);
            if (done || ImGui::IsItemDeactivated()) {
                if (!ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) ui.commands.renameBookmark(i, s.renameText);
                s.renaming = -1;
            }
        } else {
            if (ImGui::Selectable(rowLabel(i).c_str(), false, ImGuiSelectableFlags_AllowDoubleClick, ImVec2(rowWidth, 0))) {
                if (s.interactive && ImGui::IsMouseDoubleClicked(0)) {
                    s.renaming = static_cast<int>(i);
                    s.renameText = name;
                } else {
                    ui.commands.goToBookmark(i);
                }
            }
            if (s.interactive && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(text::kBookmarkHint));
        }
        if (s.interactive) {
            // Small edit buttons at the end of the row.
            ImGui::SameLine();
            ImGui::BeginDisabled(i == 0);
            if (ImGui::ArrowButton("##up", ImGuiDir_Up)) ui.commands.moveBookmark(i, -1);
            ImGui::EndDisabled();
            ImGui::SameLine();
            ImGui::BeginDisabled(i + 1 == s.bookmarks.size());
            if (ImGui::ArrowButton("##down", ImGuiDir_Down)) ui.commands.moveBookmark(i, +1);
            ImGui::EndDisabled();
            ImGui::SameLine();
            if (ImGui::SmallButton("×")) ui.commands.deleteBookmark(i);
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(text::kDelete));
        }
        ImGui::PopID();
    }
    if (!s.bookmarkMessage.empty()) ImGui::TextDisabled("%s", s.bookmarkMessage.c_str());
    if (!s.stillMessage.empty()) ImGui::TextDisabled("%s", s.stillMessage.c_str());
    if (s.interactive) ImGui::TextDisabled("%s", tr(text::kKeysHint));
    ImGui::End();
}

}  // namespace planview
