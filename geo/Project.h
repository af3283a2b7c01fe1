// The project file (TOML): its layers, how to draw them, bookmarks and the home view.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <variant>
#include <vector>
#include "geo/CheckRules.h"
#include "geo/Style.h"

namespace geo {

enum class LayerKind { Parcels, Polygons, Boundary, Lines, Points, Models, Imagery, Terrain };
/// Whether the layer is a raster (imagery or terrain) rather than features or models.
inline bool isRasterKind(LayerKind k) { return k == LayerKind::Imagery || k == LayerKind::Terrain; }
const char* layerKindName(LayerKind k);

struct LayerSpec {
    std::string name;        ///< display name
    std::string source;      ///< GDAL location: an absolute path (resolved against the project's folder)
                             ///< or a connection string, as written
    std::string layer;       ///< layer inside the source; "" = the only or first one
    LayerKind kind = LayerKind::Polygons;
    std::string extrudeField;         ///< attribute giving the height in metres, or ""
    double extrudeConstant = 0;       ///< used when extrudeField is ""; 0 = flat
    std::string label;                ///< attribute to label features with, or ""
    std::string where;                ///< OGR SQL attribute filter, or ""
    bool gcj02 = false;               ///< `datum = "gcj02"`: coordinates from a Chinese web map
    LayerStyle style;
    /// Whether the project gives the layer a style of its own ([layer.style], a QGIS project's
    /// renderer); when not, the style stored with the data (geo/QgisStyle.h) is used where there is one.
    bool styled = false;
    bool visible = true;
    /// `stream`: load the layer in tiles around the camera (true), all at once (false), or decide by
    /// its size (unset: streamed from kStreamThreshold features when its source has a spatial index).
    std::optional<bool> stream;
    /// The lines of the project file where `extrude`, `label` and `style.by` are written (0 = not
    /// written there, or not from a file), so that warnings about the fields they name can point there.
    int extrudeLine = 0, labelLine = 0, styleByLine = 0;
    /// `kind = "models"` (see geo/ModelSet.h): a single model's `position = [lon, lat, height]` (or
    /// [x, y, height] in `crs`), `heading` (degrees clockwise from true north) and `scale`; a tile
    /// set (a folder with metadata.xml) is placed by its own SRS and takes none of these.
    std::optional<std::array<double, 3>> modelPosition;
    std::string modelCrs;      ///< `crs`: the position's CRS ("" = WGS 84 lon/lat)
    double modelHeading = 0, modelScale = 1;
    /// `kind = "imagery"` or `"terrain"`: `crs` gives a raster without one its CRS (a JPEG or PNG
    /// with a world file); "" = the raster's own. Terrain: `exaggeration` multiplies its heights.
    std::string rasterCrs;
    double exaggeration = 1;
};

/// A camera placement: looking at (lon, lat) on the ground from `distance` metres away.
struct View {
    double lon = 0, lat = 0;   ///< WGS84 degrees
    double distance = 1000;    ///< metres from the target
    double heading = 0;        ///< degrees clockwise from north
    double pitch = 45;         ///< degrees above the horizon (90 = straight down)
};

struct Bookmark {
    std::string name;
    View view;
    /// `layers`: the names of the layers shown at this view (the others hidden); none = leave as is.
    std::optional<std::vector<std::string>> layers;
    /// `date`: the timeline's date at this view ("YYYY-MM-DD"), "" = timeline off.
    std::string date;
    /// `sun`: the sun at this view, local clock time ("2020-01-20 10:00", optionally with a zone:
    /// "… UTC+8"; see geo/SunView.h), "" = none (the everyday lighting, no cast shadows).
    std::string sun;
    /// `compare`: "swipe", "changes" or "split": the project's [compare] layers drawn so at this view; "" = not
    /// comparing (a bookmark saved with layers), or as it was.
    std::string compare;
    /// `compare_pair`: the name of the [[compare]] pair drawn; "" = the project's first.
    std::string comparePair;
    /// `envelopes = true`: the height-limit envelopes (控规盒子) drawn at this view; false = not drawn
    /// (a bookmark saved with layers), or as they were.
    bool envelopes = false;
};

/// One stop of a tour: fly to a bookmark, then hold the view while its caption shows.
struct TourStop {
    static constexpr double kDefaultFlightSeconds = 2.5;
    std::string bookmark;      ///< a bookmark's name (checked to exist when the project is read)
    double dwell = 5;          ///< seconds the view holds once there (`dwell`, default 5)
    double flight = kDefaultFlightSeconds;   ///< `flight`: seconds of flying there from the previous stop;
                               ///< the first stop's flight starts from the home view
    std::string caption;       ///< shown while at the stop (UTF-8, usually Chinese); may be ""
    std::string sun;           ///< `sun`: the sun while at the stop (as a bookmark's), "" = the bookmark's
};

/// An ordered list of stops, played like slides.
struct Tour {
    std::string name;
    std::vector<TourStop> stops;
    /// Total seconds: the sum of every stop's flight and dwell.
    double seconds() const;
};

/// `[compare]`, or each of several `[[compare]]` tables (geo/ComparePairs.h): two layers of the project
/// that are two versions of one plan (现状 and 规划, or the plan in force and a scheme), compared in the
/// viewer's compare panel (geo/Compare.h).
struct CompareSettings {
    std::string name;            ///< `name`: how the panel and bookmarks call the pair; "" = unnamed
    std::string before, after;   ///< layer names; both empty = no [compare]
    std::string key;             ///< the field matching features ("" = by overlap)
    double toleranceM = 0.5;     ///< geometry moves up to this count as unchanged
    bool present() const { return !before.empty(); }
};

struct Project {
    std::string path;          ///< the project file, or the source for a project made from a source
    std::string title;
    std::string crs;           ///< scene CRS as written, or "" to choose automatically
    std::vector<LayerSpec> layers;
    std::vector<Bookmark> bookmarks;
    std::optional<View> home;  ///< nullopt = frame the data
    std::vector<Tour> tours;   ///< `[[tour]]` tables, in file order
    std::string attribution;   ///< `attribution = "…"`: who made the data; "" = from the sources' metadata
    CheckSettings checks;      ///< `[check]` and `[[rule]]` tables: regulatory limits (geo/CheckRules.h)
    /// `[compare]` or `[[compare]]`: the pairs of versions the compare panel offers, the first the default.
    std::vector<CompareSettings> compares;
    /// The bookmark named so, or nullptr.
    const Bookmark* bookmark(const std::string& name) const;
    /// The tour named so, or nullptr.
    const Tour* tour(const std::string& name) const;
    /// The compare pair named so ("" = the first), or nullptr.
    const CompareSettings* comparePair(const std::string& name = "") const;
};

/// Reads a project file. Throws InputError naming the file, the line and the key for any error
/// (TOML syntax, unknown kind, bad colour, wrong type, missing source).
Project loadProject(const std::string& path);

/// Parses a project from `text`, as if read from the file `path` (which names it in errors and is
/// the folder relative sources resolve against). Throws InputError as loadProject does.
Project parseProject(const std::string& text, const std::string& path);

/// One warning line for each field the layer's `extrude`, `label` or `style.by` names that `fields`
/// (the fields its source layer has) lacks: "FILE:LINE: KEY: layer 'NAME' has no field 'F' (fields:
/// a, b)", FILE being `projectPath`. Nothing throws: such a layer still loads, flat, unlabelled or in
/// its default colour.
std::vector<std::string> missingFieldWarnings(const std::string& projectPath, const LayerSpec& spec,
                                              const std::vector<FieldDef>& fields);

/// A default project for a plain data source: every layer with geometry, kinds from geometry types,
/// the land-use palette where a land-use-like field exists. Throws InputError as Source::open does.
/// `onlyLayer` restricts it to one layer.
Project projectFromSource(const std::string& location, const std::string& onlyLayer = "");

/// Whether `path` names a project file: PlanView's ".toml", or a QGIS ".qgs" or ".qgz".
bool isProjectFileName(const std::string& path);

/// A project file (".toml", or a QGIS project: geo/QgisProject.h) or a data source. `onlyLayer` keeps only the layer so named (display
/// name or source layer); InputError when there is none.
Project openProject(const std::string& location, const std::string& onlyLayer = "");

/// What to credit for a project's data: its `attribution` when set, else the metadata of its first
/// file source that has some (GDAL dataset metadata: a Chinese abstract ABSTRACT_ZH, or
/// SOURCE/SOURCE_EN with ACCURACY, as the Shangcheng GeoPackage carries), "" when none. `chinese`
/// picks the language where the metadata has both. Never throws: an unreadable source is skipped.
std::string dataAttribution(const Project& project, bool chinese);

/// The embedded default project (assets/shangcheng/project.toml), searched beside the executable's
/// folder and in the source tree; "" when not found.
std::string defaultProjectPath(const std::string& executablePath);

}  // namespace geo
