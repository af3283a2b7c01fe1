// What the UI panels see and what they may ask for. Panels read the project data and a plain UI
// state (the map view among it), and issue commands (ToolCommands.h); they never touch the scene
// graph. The tools (app/tools) own the state and carry the commands out on the scene and the camera.
// Plain data: no OSG or ImGui here.
#pragma once
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>
#include <memory>
#include "app/scene/LayerStyling.h"
#include "app/ui/ScreenLayout.h"
#include "app/ui/UiText.h"
#include "geo/FeatureFilter.h"
#include "geo/MapView.h"
#include "geo/Measure.h"
#include "geo/ProjectData.h"
#include "geo/ProjectWriter.h"
#include "geo/Search.h"
#include "geo/Checks.h"
#include "geo/ProjectCompare.h"
#include "geo/Statistics.h"
#include "geo/Sunlight.h"
#include "geo/Timeline.h"

namespace planview {

/// What the panels show of a layer besides the map view's part (visibility, opacity, style field, filter).
struct LayerUiState {
    std::vector<LegendEntry> legend;      ///< of the style it is drawn in (or the timeline's statuses)
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
    std::optional<double> groundHeightM;   ///< the terrain's height under it (metres); none on flat ground
    std::vector<std::pair<std::string, std::string>> zones;        ///< zone layer, the zone it lies in ("" = none)
};

/// What the inspector shows of the ground point last clicked: its place, the terrain's height there
/// and every visible raster layer's pixel there.
struct PointInfo {
    geo::Vec2 scene;                      ///< scene metres
    geo::Vec2 lonLat;                     ///< WGS84 degrees
    std::optional<double> groundHeightM;  ///< the terrain's (none on flat ground)
    std::vector<std::pair<std::string, std::string>> rasterValues;   ///< layer name, its bands' values as text
};

struct FilterUiState {
    std::size_t layer = 0;                ///< the layer the panel edits
    std::string whereText;                ///< the expression being typed
    std::string error;                    ///< GDAL's reason the last expression was refused ("" = none);
                                          ///< the panel shows it in a sentence (whereErrorText)
};

/// The timeline panel. It colours the map while the map view has a date (MapView::date).
struct TimelineUiState {
    int layer = -1;                       ///< the layer with start/finish dates, -1 when none
    geo::TimelineFields fields;
    geo::DateRange range;
    bool playing = false;
    geo::Date date;                       ///< the slider's date (kept while the timeline is off)
    geo::StatusCounts counts;             ///< on the map view's date
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
    /// The measures of `points` as reported (geodesic where the scene frame distorts them), kept by
    /// the measure tool: the path's length, the closed ring's perimeter and area.
    double lengthM = 0, perimeterM = 0, areaM2 = 0;
    /// On terrain: each point's ground height (parallel to `points`; empty on flat ground) and the
    /// path's length along the ground, slopes included (0 on flat ground).
    std::vector<double> pointHeights;
    double groundLengthM = 0;
};

struct StatsUiState {
    int layer = -1, zoneLayer = -1;       ///< -1 zone layer: no zones
    std::string by;
    std::vector<std::string> sums;
    geo::StatsTable table;
    std::string error;
    bool computed = false;
};

/// The checks panel (控规检查): the last check of the project's parcels against their limits.
struct ChecksUiState {
    int layer = -1;                       ///< the parcels' layer in ProjectData::layers, -1 before a check
    geo::CheckReport report;
    std::string error;
    bool computed = false;
    bool showAll = false;                 ///< every row, not only the violations and missing data
    bool tint = true;                     ///< the parcels coloured by their results on the map (from the first check)
};

/// The compare panel (方案比选): the project's [compare] layers matched feature by feature.
struct CompareUiState {
    std::string pair;                      ///< the compared pair's name ("" = the project's first)
    geo::ProjectComparison comparison;     ///< the layers compared and what changed (when computed)
    std::vector<geo::IndicatorRow> indicators;
    std::string error;
    bool computed = false;
    bool showUnchanged = false;           ///< list the unchanged features too
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

/// The camera an image is drawn with (the window's last frame, or a still): what places measured
/// lines, the scale bar and the north arrow over it. Matrices as osg::Matrixd holds them (row-major,
/// row vectors), without OSG here.
struct ImageCamera {
    std::array<double, 16> view{}, projection{};
    double width = 0, height = 0;         ///< pixels; 0 before the first frame
    double heading = 0;                   ///< degrees clockwise from north
};

/// The sun panel. The scene is lit by the sun while the map view has one (MapView::sun).
struct SunUiState {
    geo::CivilDate date{2020, 1, 20};     ///< the panel's date (kept while the sun is off)
    double clockHours = 10;               ///< local clock time, 0..24
    double utcOffsetHours = 8;            ///< the clock's zone (the scene's)
    bool playing = false;                 ///< the clock running through the day
    /// Where the shown sun stands over the scene (none while the sun is off).
    std::optional<geo::SceneSun> shown;
};

/// Which buildings the 日照分析 counts: the selected one, those an expression matches, or those in view.
enum class SunlightScope { Selection, Where, InView };

/// A floor of a building with window-sill points short of the threshold: a row of the failing list.
struct SunlightFailure {
    std::size_t feature = 0;              ///< in the analysed layer
    int floor = 0;                        ///< 1 = the ground floor
    std::string building;                 ///< its name (label field, name_zh, name) or "fid N"
    std::size_t failing = 0, points = 0;  ///< its points short of the threshold, and all its points
    double leastMinutes = 0;              ///< the fewest minutes of sun among them
    geo::Extent bounds;                   ///< of its failing points, scene metres
    double sill = 0;                      ///< the floor's sill height, metres
};

/// The sun panel's 日照分析 (GB 50180-2018): what to count, a run under way, and its result.
struct SunlightUiState {
    int layer = -1;                       ///< the buildings (extruded layer); -1: the first one
    SunlightScope scope = SunlightScope::InView;
    std::string where;                    ///< the Where scope's expression; with InView, also narrows it
                                          ///< (default on a land-use layer: its residential classes, R…)
    float fromHours = 8, toHours = 16;    ///< the window, true solar time (大寒's by default)
    float stepMinutes = 1, spacing = 1, thresholdHours = 2, minPeriodMinutes = 5, floorHeight = 3;
    bool fast = true;                     ///< coarse points first, refined near the threshold (geo::refineSunlight)
    bool ground = false;                  ///< also a grid on the ground around the buildings
    float groundSpacing = 5;              ///< metres between the ground grid's points
    bool runWhenViewed = false;           ///< run once the window has drawn its first view (--open sunlight)
    bool settingsOpen = true;             ///< the settings unfolded (folded when a result comes)

    bool running = false;
    int pass = 0;                         ///< of a fast run: 1 coarse, 2 refined
    double progress = 0;                  ///< 0..1 of the pass
    std::string error;                    ///< why the last run could not start or failed ("" none)

    bool computed = false;
    bool cancelled = false;               ///< the last run was cancelled (the earlier result is kept)
    int resultLayer = -1;                 ///< the layer the result is of
    geo::CivilDate date;                  ///< the result's day and window, threshold (minutes)
    double fromMinutes = 0, toMinutes = 0, thresholdMinutes = 0;
    /// The counted points (facades' first, then the ground grid's: feature = kGroundPoint) and their
    /// sun, parallel; each point's colour on the ramp (geo::sunlightRampColor).
    std::vector<geo::SunlightPoint> points;
    std::vector<geo::SunlightResult> results;
    std::vector<geo::Color> colors;
    std::vector<SunlightFailure> failures;   ///< floors with failing points, fewest minutes first
    std::size_t failingPoints = 0;        ///< facade points short of the threshold
    geo::SunlightStats stats;
    double elapsedMs = 0;                 ///< the whole run, set-up included
    std::optional<std::size_t> picked;    ///< the point clicked (shown in the inspector)
    bool marksShown = true;               ///< the points drawn on the map
};
/// SunlightPoint::feature of the ground grid's points.
inline constexpr std::size_t kGroundPoint = static_cast<std::size_t>(-1);

struct UiState {
    /// What the map shows (layers, filters, the timeline's date, the selection): the tools change
    /// it, the scene draws it (Scene::apply).
    geo::MapView view;
    std::vector<LayerUiState> layers;     ///< parallel to ProjectData::layers
    FrameStats stats;
    ImageCamera camera;
    std::string selection;                ///< a line describing the selected feature, or ""
    std::optional<InspectorInfo> inspector;
    std::optional<PointInfo> inspectedPoint;   ///< the ground point last clicked (none before a click)
    /// The scene's filters as applied (categories and counts), parallel to layers; null when unavailable.
    std::vector<std::shared_ptr<const geo::LayerFilter>> filters;
    FilterUiState filter;
    TimelineUiState timeline;
    SunUiState sun;
    SearchUiState search;
    MeasureUiState measure;
    StatsUiState statistics;
    ChecksUiState checks;
    CompareUiState compare;
    SunlightUiState sunlight;
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
    /// What the panels covered at the image's edges in the last frame (the layout's free area,
    /// viewInsetsOf): views frame the map in the rest.
    ViewInsets viewInsets;
    bool showLayers = true, showLegend = true, showBookmarks = true;
    bool showInspector = false, showFilter = false, showTimeline = false, showSearch = false, showMeasure = false,
         showStatistics = false, showChecks = false, showSun = false,
         showCompare = false;
    bool interactive = true;              ///< false in offscreen renders (no bookmarks panel hints)
    /// Where the panels are and the map's free area (layout.freeArea), laid out in each UI frame.
    ScreenLayout layout;
};

/// The formats the export panel offers: label, GDAL driver ("GTiff"/"PDF": the map), extension.
struct ExportFormat {
    const char* label;
    const char* driver;
    const char* extension;
};
const std::vector<ExportFormat>& exportFormats();


}  // namespace planview
