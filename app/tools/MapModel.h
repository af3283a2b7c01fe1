// What every tool works on: the project's scene, the panels' state with the map view in it, and
// what the host (the viewer's window and camera) does for the tools. The tools change the map view
// and call show(); the scene draws it and the panels' legends follow.
#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include "app/scene/Scene.h"
#include "app/ui/UiModel.h"

namespace planview {

/// What the host does for the tools: the viewer flies its camera and opens its window full screen;
/// offscreen nothing is set, and the commands that need these do nothing.
struct ToolHost {
    std::function<void()> onHome;
    /// Fly the camera to a view (bookmarks, tour stops) in this many seconds.
    std::function<void(const geo::View&, double)> onFlyToView;
    /// Frame these bounds (scene metres) up to this height.
    std::function<void(const geo::Extent&, double)> onFlyTo;
    /// The camera's current view, for saving it as a bookmark.
    std::function<std::optional<geo::View>()> currentView;
    /// Renders the current map view to a still image; returns its path (throws geo errors).
    std::function<std::string()> onRenderStill;
    /// Exports the map (GeoTIFF or PDF) to a path; returns a line saying what was written.
    std::function<std::string(const std::string& path, const std::string& driver, bool overwrite)> onExportMap;
    /// Presentation mode entered or left: the viewer goes full screen and back.
    std::function<void(bool)> onPresentingChanged;
    /// Read again a layer that was unavailable when the project loaded (the viewer does it in the
    /// background, then calls MapController::layerReconnected). Streamed layers reconnect by themselves.
    std::function<void(std::size_t)> onReconnectLayer;
};

class MapModel {
public:
    /// The panels' state of the scene's map as it is drawn now.
    explicit MapModel(Scene& scene);

    const geo::ProjectData& data() const { return scene_.data(); }
    Scene& scene() { return scene_; }
    const Scene& scene() const { return scene_; }
    UiState& state() { return state_; }
    const UiState& state() const { return state_; }
    /// The map view the tools edit; show() draws it.
    geo::MapView& view() { return state_.view; }

    /// Has the scene draw the map view as it now is, and the legends follow what changed. Throws
    /// geo::FilterError as Scene::apply does (the rest of the view shown).
    void show();

    /// The panels' state of layer `layer` taken from the scene (after it has been built again).
    void takeLayer(std::size_t layer);
    /// Makes the layer's legend again (its words follow the UI's language).
    void refreshLegend(std::size_t layer);

    ToolHost host;

private:
    void refreshLegends(const geo::MapView& before);

    Scene& scene_;
    UiState state_;
};

}  // namespace planview
