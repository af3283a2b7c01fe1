// What the panels may ask for, one interface a tool: each is carried out by its tool controller
// (app/tools), which changes the map view, the scene or the camera. Panels draw from a UiContext:
// the project data, the plain UI state, and these commands.
#pragma once
#include <cstddef>
#include <string>
#include "app/ui/UiModel.h"

namespace planview {

class LayerCommands {
public:
    virtual ~LayerCommands() = default;
    virtual void setLayerVisible(std::size_t layer, bool visible) = 0;
    virtual void setLayerOpacity(std::size_t layer, float opacity) = 0;
    virtual void setLayerStyleField(std::size_t layer, const std::string& field) = 0;
    /// Reads a layer that is unavailable (its source was missing or its server went away) again.
    virtual void reconnectLayer(std::size_t layer) = 0;
};

class BookmarkCommands {
public:
    virtual ~BookmarkCommands() = default;
    virtual void goHome() = 0;
    /// Shows the bookmark's map view and flies to its camera.
    virtual void goToBookmark(std::size_t bookmark) = 0;
    /// Adds the current view (camera, visible layers, timeline date) as a new bookmark.
    virtual void saveCurrentView() = 0;
    virtual void renameBookmark(std::size_t bookmark, const std::string& name) = 0;
    /// Moves a bookmark up (-1) or down (+1) the list.
    virtual void moveBookmark(std::size_t bookmark, int delta) = 0;
    virtual void deleteBookmark(std::size_t bookmark) = 0;
};

class PresentationCommands {
public:
    virtual ~PresentationCommands() = default;
    /// Presentation mode: full screen, panels hidden, only the map and the presentation overlay.
    virtual void setPresenting(bool presenting) = 0;
    /// Plays a tour from its first stop (in presentation mode).
    virtual void startTour(std::size_t tour) = 0;
    virtual void nextStop() = 0;
    virtual void previousStop() = 0;
    virtual void setTourPlaying(bool playing) = 0;
    /// Renders the current view as a high-resolution still (7680×4320, presentation overlay).
    virtual void renderStill() = 0;
};

class LanguageCommands {
public:
    virtual ~LanguageCommands() = default;
    /// Switches the UI's language: panels, legends, the inspector and the presentation follow.
    virtual void setLanguage(Language language) = 0;
};

class ExportCommands {
public:
    virtual ~ExportCommands() = default;
    /// Sets the export panel's choices from the map as it is, when the panel opens: the selected
    /// feature alone when there is one, else the filter layer's features the filter shows.
    virtual void prepareExport() = 0;
    /// Exports as the export panel says (a layer in a vector format, or the map as GeoTIFF or PDF).
    virtual void exportData() = 0;
};

class InspectorCommands {
public:
    virtual ~InspectorCommands() = default;
    virtual void clearSelection() = 0;
    /// Selects the feature and flies the camera to it.
    virtual void flyToFeature(std::size_t layer, std::size_t feature) = 0;
};

class FilterCommands {
public:
    virtual ~FilterCommands() = default;
    virtual void setFilterLayer(std::size_t layer) = 0;
    virtual void setFilterCategoryField(std::size_t layer, const std::string& field) = 0;
    virtual void setCategoryShown(std::size_t layer, const std::string& value, bool shown) = 0;
    virtual void setAllCategoriesShown(std::size_t layer, bool shown) = 0;
    /// Applies the expression typed in the filter panel ("" clears it).
    virtual void applyWhere(std::size_t layer, const std::string& where) = 0;
    virtual void setFilterMode(std::size_t layer, geo::FilterMode mode) = 0;
};

class TimelineCommands {
public:
    virtual ~TimelineCommands() = default;
    virtual void setTimelineActive(bool active) = 0;
    virtual void setTimelineDate(geo::Date date) = 0;
    virtual void setTimelinePlaying(bool playing) = 0;
};

class SunCommands {
public:
    virtual ~SunCommands() = default;
    /// Lights the map by the panel's sun (true) or the everyday light (false).
    virtual void setSunActive(bool active) = 0;
    virtual void setSunDate(const geo::CivilDate& date) = 0;
    /// Local clock time, hours after midnight (0..24).
    virtual void setSunClock(double hours) = 0;
    virtual void setSunPlaying(bool playing) = 0;
};

class SearchCommands {
public:
    virtual ~SearchCommands() = default;
    /// Runs the search for the panel's query.
    virtual void search(const std::string& query) = 0;
};

class MeasureCommands {
public:
    virtual ~MeasureCommands() = default;
    virtual void setMeasureMode(MeasureMode mode) = 0;
    virtual void removeLastMeasurePoint() = 0;
    virtual void clearMeasure() = 0;
};

class StatisticsCommands {
public:
    virtual ~StatisticsCommands() = default;
    /// Recomputes the statistics panel's table for its layer, field and zones.
    virtual void computeStatistics() = 0;
};

class CheckCommands {
public:
    virtual ~CheckCommands() = default;
    /// Checks the project's parcels against their limits (geo/Checks) into the checks panel's state.
    virtual void runChecks() = 0;
    /// Colours the checked parcels on the map by their results (exceeds red, pass green, no data grey;
    /// parcels without limits keep their colour), or gives them back their style.
    virtual void setTint(bool on) = 0;
    /// Draws the height-limit envelopes (控规盒子) of the checked parcels: a translucent box at each
    /// parcel's height limit, its setback applied, that a taller building pierces; or hides them.
    virtual void setEnvelopes(bool on) = 0;
};

class CompareCommands {
public:
    virtual ~CompareCommands() = default;
    /// Matches the project's [compare] layers (geo/Compare) and computes their indicators into the
    /// compare panel's state; a project without [compare], or a layer unavailable, is the panel's error.
    virtual void runCompare() = 0;
    /// Shows the two versions as `mode` (a swipe, or the changes coloured), or stops comparing.
    virtual void setCompareMode(std::optional<geo::CompareMode> mode) = 0;
    /// Moves the swipe's line (a share of the image's width from the left).
    virtual void setSwipe(float share) = 0;
    /// Compares the project's pair named `name` ("" = the first) instead; a comparison shown follows.
    virtual void selectPair(const std::string& name) = 0;
};

class SunlightCommands {
public:
    virtual ~SunlightCommands() = default;
    /// Starts the 日照分析 in the background as the sun panel says (its date, the analysis's window,
    /// threshold, step, spacing and scope); a run under way is cancelled first.
    virtual void runSunlight() = 0;
    virtual void cancelSunlight() = 0;
    /// Forgets the result and takes its points off the map.
    virtual void clearSunlight() = 0;
    virtual void setSunlightMarksShown(bool shown) = 0;
    /// Flies to the failing points of a row of the failing list.
    virtual void flyToSunlightFailure(std::size_t row) = 0;
};

/// Every tool's commands, as the panels reach them (`context.commands.filter.applyWhere(…)`).
struct UiCommands {
    LayerCommands& layers;
    BookmarkCommands& bookmarks;
    PresentationCommands& presentation;
    ExportCommands& exporting;
    InspectorCommands& inspector;
    FilterCommands& filter;
    TimelineCommands& timeline;
    SunCommands& sun;
    SearchCommands& search;
    MeasureCommands& measure;
    StatisticsCommands& statistics;
    LanguageCommands& language;
    CheckCommands& checks;
    CompareCommands& compare;
    SunlightCommands& sunlight;
};

/// Everything a panel draws from.
/// Panels may edit the state's plain UI fields (text being typed, panel choices); anything that
/// changes the map, the scene or the camera goes through the commands.
struct UiContext {
    const geo::ProjectData& data;
    UiState& state;
    UiCommands commands;
};

}  // namespace planview
