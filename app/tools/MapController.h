// A map's tools together: the model they share (the scene, the panels' state with its map view,
// the host's hooks) and one controller a tool. Drives the panels of the interactive viewer and of
// offscreen renders with panels, and the tests: nothing here needs a display.
#pragma once
#include <string>
#include "app/tools/BookmarkTool.h"
#include "app/tools/ExportTool.h"
#include "app/tools/FilterTool.h"
#include "app/tools/InspectorTool.h"
#include "app/tools/LayerTool.h"
#include "app/tools/MapModel.h"
#include "app/tools/MeasureTool.h"
#include "app/tools/PresentationTool.h"
#include "app/tools/SearchTool.h"
#include "app/tools/CheckTool.h"
#include "app/tools/CompareTool.h"
#include "app/tools/StatisticsTool.h"
#include "app/tools/SunTool.h"
#include "app/tools/SunlightTool.h"
#include "app/tools/TimelineTool.h"

namespace planview {

class MapController : public LanguageCommands {
public:
    explicit MapController(Scene& scene);
    MapController(const MapController&) = delete;
    MapController& operator=(const MapController&) = delete;

    UiState& state() { return model_.state(); }
    const UiState& state() const { return model_.state(); }
    Scene& scene() { return model_.scene(); }
    const geo::ProjectData& data() const { return model_.data(); }
    /// What the host does for the tools (the viewer's camera and window).
    ToolHost& host() { return model_.host; }

    /// The map as shown, seen from `camera`: what a still, a map export or a bookmark draws.
    geo::MapView mapView(std::optional<geo::View> camera = std::nullopt) const;

    /// Shows `view` (another drawer's map: layers, filters, date, selection) as this one's. Throws
    /// geo::FilterError as Scene::apply does.
    void show(const geo::MapView& view);

    /// Draws the panels (when `panels`) or the presentation overlay, the status line and the north
    /// arrow: call inside a UI frame.
    void drawUi(bool panels);
    /// Every string the panels may show from the data (layer names, fields, values, class names,
    /// bookmarks, the title): the glyphs the UI font atlas must hold.
    std::string glyphText() const;
    /// Advances what moves by itself (the timeline or the sun playing, a tour) by `seconds`; true while something does.
    bool tick(double seconds);
    /// A layer read again after ToolHost::onReconnectLayer: the scene and the panels take it up.
    void layerReconnected(std::size_t layer);

    void setLanguage(Language language) override;

    /// The panels' commands, one interface a tool.
    UiCommands commands();

private:
    MapModel model_;   // first: the tools refer to it

public:
    LayerTool layers;
    InspectorTool inspector;
    FilterTool filter;
    TimelineTool timeline;
    SunTool sun;
    BookmarkTool bookmarks;
    PresentationTool presentation;
    ExportTool exporting;
    MeasureTool measure;
    SearchTool search;
    StatisticsTool statistics;
    CheckTool checks;
    CompareTool compare;
    SunlightTool sunlight;
};

}  // namespace planview
