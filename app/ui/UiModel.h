// What the UI panels see and what they may ask for. Panels read the project data and a plain UI
// state, and issue commands; they never touch the scene graph. The viewer (or the offscreen
// renderer) owns the state and carries the commands out on the scene and the camera.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>
#include <memory>
#include <osg/Matrixd>
#include "app/scene/CameraViews.h"
#include "app/scene/LayerStyling.h"
#include "app/ui/ScreenLayout.h"
#include "app/ui/UiText.h"
#include "geo/FeatureFilter.h"
#include "geo/Measure.h"
#include "geo/ProjectData.h"
#include "geo/ProjectWriter.h"
#include "geo/Search.h"
#include "geo/Statistics.h"
#include "geo/Timeline.h"

namespace planview {

struct LayerUiState {
    bool visible = true;
    float opacity = 1.0f;                 ///< 0..1, on top of the style's opacity
    std::string styleField;               ///< the field colouring the layer ("" = one colour)
    std::vector<LegendEntry> legend;      ///< of the active style
    bool streamed = false;                ///< loaded in tiles around the camera (TileStreamer)
    std::string streamStatus;             ///< for a streamed layer: its tiles in full, coarse and loading
    std::size_t legendTiles = 0;          ///< for a streamed layer: tiles its legend has counted
    std::string error;                    ///< why the layer cannot be read now ("" = it can)
    bool reconnecting = false;            ///< a reconnect is under way
};

struct FrameStats {
    double frameMs = 0;                   ///< last frame's time, milliseconds
    int drawCalls = 0;                    ///< glDraw calls of the last frame
    std::optional<geo::Vec2> cursorLonLat;   ///< ground point under the cursor, WGS84 degrees
};

/// What the inspector shows of the selected feature (computed once, when it is selected).
struct InspectorInfo {
    std::size_t layer = 0, feature = 0;
    std::string layerName, title;
    std::vector<std::pair<std::string, std::string>> attributes;   ///< field, value as text
    geo::FeatureMeasures measures;
    std::vector<std::pair<std::string, std::string>> zones;        ///< zone layer, the zone it lies in ("" = none)
};

struct FilterUiState {
    std::size_t layer = 0;                ///< the layer the panel edits
    std::string whereText;                ///< the expression being typed
    std::string error;                    ///< GDAL's reason the last expression was refused ("" = none);
                                          ///< the panel shows it in a sentence (whereErrorText)
};

struct TimelineUiState {
    int layer = -1;                       ///< the layer with start/finish dates, -1 when none
    geo::TimelineFields fields;
    geo::DateRange range;
    bool active = false, playing = false;
    geo::Date date;
    std::size_t planned = 0, underConstruction = 0, completed = 0, unknown = 0;
};

struct SearchUiState {
    std::string query;
    std::vector<geo::SearchHit> hits;
    int chosen = 0;                       ///< index into hits of the highlighted one
};

enum class MeasureMode { Off, Distance, Area };
struct MeasureUiState {
    MeasureMode mode = MeasureMode::Off;
    std::vector<geo::Vec2> points;        ///< scene metres, on the ground
};

struct StatsUiState {
    int layer = -1, zoneLayer = -1;       ///< -1 zone layer: no zones
    std::string by;
    std::vector<std::string> sums;
    geo::StatsTable table;
    std::string error;
    bool computed = false;
};

/// The export panel's choices.
struct ExportUiState {
    std::size_t layer = 0;
    int format = 0;                       ///< index into exportFormats()
    std::string output;                   ///< "" = planview-exports/<layer>.<extension>
    bool filtered = true;                 ///< only the features the filter shows
    bool selectedOnly = false;            ///< only the selected feature
    bool overwrite = false;
    std::string message;                  ///< the last export's outcome
};

/// A tour being played: the stop shown (or flown to) and the time since it began.
struct TourPlayState {
    int tour = -1;                        ///< index into UiState::tours, -1 when none
    int stop = -1;
    bool playing = false;                 ///< advancing by itself after each stop's dwell time
    double elapsed = 0;                   ///< seconds since the flight to the stop began (counted while
                                          ///< paused too: the caption fades in on arrival)
};

struct UiState {
    std::vector<LayerUiState> layers;     ///< parallel to ProjectData::layers
    FrameStats stats;
    double heading = 0;                   ///< camera heading, degrees clockwise from north
    std::string selection;                ///< a line describing the selected feature, or ""
    std::optional<InspectorInfo> inspector;
    std::vector<std::shared_ptr<geo::LayerFilter>> filters;   ///< parallel to layers; null when unavailable
    FilterUiState filter;
    TimelineUiState timeline;
    SearchUiState search;
    MeasureUiState measure;
    StatsUiState statistics;
    /// The bookmarks as edited in the viewer (saved to the project file after each change).
    std::vector<geo::EditedBookmark> bookmarks;
    std::vector<geo::Tour> tours;         ///< the project's tours (stops follow renamed bookmarks)
    TourPlayState tourPlay;
    ExportUiState exporting;
    bool showExport = false;
    bool presenting = false;              ///< presentation mode: no panels, the presentation overlay
    bool bookmarksSaveToFile = false;     ///< the project is a .toml file the edits are written to
    std::string bookmarkMessage;          ///< the last save's outcome (an error, or where it went)
    int renaming = -1;                    ///< the bookmark whose name is being edited, -1 none
    std::string stillMessage;             ///< where the last still went, or why it failed
    std::string renameText;
    /// The camera of the last frame and the image size: what draws measured lines over the map.
    osg::Matrixd view, projection;
    double width = 0, height = 0;
    /// What the panels covered at the image's edges in the last frame (the layout's free area,
    /// viewInsetsOf): views frame the map in the rest.
    ViewInsets viewInsets;
    bool showLayers = true, showLegend = true, showBookmarks = true;
    bool showInspector = false, showFilter = false, showTimeline = false, showSearch = false, showMeasure = false,
         showStatistics = false;
    bool interactive = true;              ///< false in offscreen renders (no bookmarks panel hints)
    /// Where the panels are and the map's free area (layout.freeArea), laid out in each UI frame.
    ScreenLayout layout;
};

/// The requests panels can make. Implemented by the viewer's controller.
class UiCommands {
public:
    virtual ~UiCommands() = default;
    virtual void setLayerVisible(std::size_t layer, bool visible) = 0;
    virtual void setLayerOpacity(std::size_t layer, float opacity) = 0;
    virtual void setLayerStyleField(std::size_t layer, const std::string& field) = 0;
    /// Reads a layer that is unavailable (its source was missing or its server went away) again.
    virtual void reconnectLayer(std::size_t layer) = 0;
    virtual void goHome() = 0;
    virtual void goToBookmark(std::size_t bookmark) = 0;
    virtual void setLanguage(Language language) = 0;

    /// Presentation mode: full screen, panels hidden, only the map and the presentation overlay.
    virtual void setPresenting(bool presenting) = 0;
    /// Plays a tour from its first stop (in presentation mode).
    virtual void startTour(std::size_t tour) = 0;
    virtual void nextStop() = 0;
    virtual void previousStop() = 0;
    virtual void setTourPlaying(bool playing) = 0;

    /// Adds the current view (camera, visible layers, timeline date) as a new bookmark.
    virtual void saveCurrentView() = 0;
    virtual void renameBookmark(std::size_t bookmark, const std::string& name) = 0;
    /// Moves a bookmark up (-1) or down (+1) the list.
    virtual void moveBookmark(std::size_t bookmark, int delta) = 0;
    virtual void deleteBookmark(std::size_t bookmark) = 0;

    /// Sets the export panel's choices from the map as it is, when the panel opens: the selected
    /// feature alone when there is one, else the filter layer's features the filter shows.
    virtual void prepareExport() = 0;
    /// Exports as the export panel says (a layer in a vector format, or the map as GeoTIFF or PDF).
    virtual void exportData() = 0;

    /// Renders the current view as a high-resolution still (7680×4320, presentation overlay).
    virtual void renderStill() = 0;

    virtual void clearSelection() = 0;
    /// Selects the feature and flies the camera to it.
    virtual void flyToFeature(std::size_t layer, std::size_t feature) = 0;

    virtual void setFilterLayer(std::size_t layer) = 0;
    virtual void setFilterCategoryField(std::size_t layer, const std::string& field) = 0;
    virtual void setCategoryShown(std::size_t layer, const std::string& value, bool shown) = 0;
    virtual void setAllCategoriesShown(std::size_t layer, bool shown) = 0;
    /// Applies the expression typed in the filter panel ("" clears it).
    virtual void applyWhere(std::size_t layer, const std::string& where) = 0;
    virtual void setFilterMode(std::size_t layer, geo::FilterMode mode) = 0;

    virtual void setTimelineActive(bool active) = 0;
    virtual void setTimelineDate(geo::Date date) = 0;
    virtual void setTimelinePlaying(bool playing) = 0;

    /// Runs the search for the panel's query.
    virtual void search(const std::string& query) = 0;

    virtual void setMeasureMode(MeasureMode mode) = 0;
    virtual void removeLastMeasurePoint() = 0;
    virtual void clearMeasure() = 0;

    /// Recomputes the statistics panel's table for its layer, field and zones.
    virtual void computeStatistics() = 0;
};

/// The formats the export panel offers: label, GDAL driver ("GTiff"/"PDF": the map), extension.
struct ExportFormat {
    const char* label;
    const char* driver;
    const char* extension;
};
const std::vector<ExportFormat>& exportFormats();

/// Everything a panel draws from.
/// Panels may edit the state's plain UI fields (text being typed, panel choices); anything that
/// changes the scene or the camera goes through the commands.
struct UiContext {
    const geo::ProjectData& data;
    UiState& state;
    UiCommands& commands;
};

}  // namespace planview
