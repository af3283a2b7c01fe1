#include "app/ui/BookmarkPanel.h"
#include <algorithm>
#include <string>
#include <imgui.h>
#include <imgui_stdlib.h>
#include "app/ui/DockedPanel.h"
#include "app/ui/UiText.h"

namespace planview {

void drawBookmarkPanel(const UiContext& ui) {
    if (!ui.state.showBookmarks) return;
    if (!beginDockedPanel(ui.state, text::kBookmarks, "bookmarks")) {
        endDockedPanel();
        return;
    }
    UiState& s = ui.state;
    if (ImGui::Button(tr(text::kHome))) ui.commands.bookmarks.goHome();
    if (s.interactive) {
        sameLineIfFits(buttonWidth(tr(text::kSaveView)));
        if (ImGui::Button(tr(text::kSaveView))) ui.commands.bookmarks.saveCurrentView();
        sameLineIfFits(buttonWidth(tr(text::kRenderStill)));
        if (ImGui::Button(tr(text::kRenderStill))) ui.commands.presentation.renderStill();
    }
    auto rowLabel = [&](std::size_t i) {
        return (i < 9 ? std::to_string(i + 1) + "  " : std::string("   ")) + s.bookmarks[i].bookmark.name;
    };
    // Rows as wide as the panel leaves beside the edit buttons (a longer name is cut there; its
    // tooltip and the rename box show it whole).
    const ImGuiStyle& style = ImGui::GetStyle();
    const float buttons = s.interactive ? 2 * ImGui::GetFrameHeight() + buttonWidth("×") + 3 * style.ItemSpacing.x : 0;
    float rowWidth = std::max(ImGui::GetContentRegionAvail().x - buttons, 6 * ImGui::GetFontSize());
    for (std::size_t i = 0; i < s.bookmarks.size(); ++i) {
        const std::string& name = s.bookmarks[i].bookmark.name;
        ImGui::PushID(static_cast<int>(i));
        if (s.renaming == static_cast<int>(i)) {
            // Enter (or leaving the field) keeps the new name; Esc cancels.
            ImGui::SetNextItemWidth(rowWidth);
            if (ImGui::IsWindowAppearing() || !ImGui::IsAnyItemActive()) ImGui::SetKeyboardFocusHere();
            bool done = ImGui::InputText("##name", &s.renameText, ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll);
            if (done || ImGui::IsItemDeactivated()) {
                if (!ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) ui.commands.bookmarks.renameBookmark(i, s.renameText);
                s.renaming = -1;
            }
        } else {
            if (ImGui::Selectable(rowLabel(i).c_str(), false, ImGuiSelectableFlags_AllowDoubleClick, ImVec2(rowWidth, 0))) {
                if (s.interactive && ImGui::IsMouseDoubleClicked(0)) {
                    s.renaming = static_cast<int>(i);
                    s.renameText = name;
                } else {
                    ui.commands.bookmarks.goToBookmark(i);
                }
            }
            if (s.interactive && ImGui::IsItemHovered()) ImGui::SetTooltip("%s\n%s", name.c_str(), tr(text::kBookmarkHint));
        }
        if (s.interactive) {
            // Small edit buttons at the end of the row.
            ImGui::SameLine();
            ImGui::BeginDisabled(i == 0);
            if (ImGui::ArrowButton("##up", ImGuiDir_Up)) ui.commands.bookmarks.moveBookmark(i, -1);
            ImGui::EndDisabled();
            ImGui::SameLine();
            ImGui::BeginDisabled(i + 1 == s.bookmarks.size());
            if (ImGui::ArrowButton("##down", ImGuiDir_Down)) ui.commands.bookmarks.moveBookmark(i, +1);
            ImGui::EndDisabled();
            ImGui::SameLine();
            if (ImGui::SmallButton("×")) ui.commands.bookmarks.deleteBookmark(i);
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(text::kDelete));
        }
        ImGui::PopID();
    }
    if (!s.bookmarkMessage.empty()) ImGui::TextDisabled("%s", s.bookmarkMessage.c_str());
    if (!s.stillMessage.empty()) ImGui::TextDisabled("%s", s.stillMessage.c_str());
    if (s.interactive) ImGui::TextDisabled("%s", tr(text::kKeysHint));
    endDockedPanel();
}

}  // namespace planview
