// Owns the UI state of a view of a project and carries out the panels' commands on the scene and the
// camera. Shared by the interactive viewer and the offscreen renderer (which draws the same panels).
#pragma once
#include <functional>
#include <optional>
#include <string>
#include "app/scene/Scene.h"
#include "app/ui/UiModel.h"

namespace planview {

class ViewController : public UiCommands {
public:
    explicit ViewController(Scene& scene);

    UiState& state() { return state_; }
    const UiState& state() const { return state_; }
    Scene& scene() { return scene_; }

    /// Draws the panels (when `panels`), the status line and the north arrow: call inside a UI frame.
    void drawUi(bool panels);

    /// Every string the panels may show from the data (layer names, fields, values, class names,
    /// bookmarks, the title): the glyphs the UI font atlas must hold.
    std::string glyphText() const;

    /// Selects a feature (nullopt clears): highlights it and describes it in the status line.
    void select(std::optional<FeatureRef> feature);

    /// Where the camera commands go (the viewer flies, the renderer ignores them).
    std::function<void()> onHome;
    std::function<void(std::size_t)> onBookmark;

    // UiCommands
    void setLayerVisible(std::size_t layer, bool visible) override;
    void setLayerOpacity(std::size_t layer, float opacity) override;
    void setLayerStyleField(std::size_t layer, const std::string& field) override;
    void goHome() override;
    void goToBookmark(std::size_t bookmark) override;

private:
    Scene& scene_;
    UiState state_;
};

}  // namespace planview
