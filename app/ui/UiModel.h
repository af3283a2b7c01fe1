// What the UI panels see and what they may ask for. Panels read the project data and a plain UI
// state, and issue commands; they never touch the scene graph. The viewer (or the offscreen
// renderer) owns the state and carries the commands out on the scene and the camera.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>
#include "app/scene/LayerStyling.h"
#include "geo/ProjectData.h"

namespace planview {

struct LayerUiState {
    bool visible = true;
    float opacity = 1.0f;                 ///< 0..1, on top of the style's opacity
    std::string styleField;               ///< the field colouring the layer ("" = one colour)
    std::vector<LegendEntry> legend;      ///< of the active style
};

struct FrameStats {
    double frameMs = 0;                   ///< last frame's time, milliseconds
    int drawCalls = 0;                    ///< glDraw calls of the last frame
    std::optional<geo::Vec2> cursorLonLat;   ///< ground point under the cursor, WGS84 degrees
};

struct UiState {
    std::vector<LayerUiState> layers;     ///< parallel to ProjectData::layers
    FrameStats stats;
    double heading = 0;                   ///< camera heading, degrees clockwise from north
    std::string selection;                ///< a line describing the selected feature, or ""
    bool showLayers = true, showLegend = true, showBookmarks = true;
    bool interactive = true;              ///< false in offscreen renders (no bookmarks panel hints)
};

/// The requests panels can make. Implemented by the viewer's controller.
class UiCommands {
public:
    virtual ~UiCommands() = default;
    virtual void setLayerVisible(std::size_t layer, bool visible) = 0;
    virtual void setLayerOpacity(std::size_t layer, float opacity) = 0;
    virtual void setLayerStyleField(std::size_t layer, const std::string& field) = 0;
    virtual void goHome() = 0;
    virtual void goToBookmark(std::size_t bookmark) = 0;
};

/// Everything a panel draws from.
struct UiContext {
    const geo::ProjectData& data;
    const UiState& state;
    UiCommands& commands;
};

}  // namespace planview
