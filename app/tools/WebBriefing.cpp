// The web briefing: each visible feature layer through the 3D Tiles export into tiles/<n>/, the
// legends (app/scene/LayerStyling, as the legend panel shows them), bookmarks and tours as
// briefing.json, and the viewer's files and CesiumJS copied beside, all in a staging folder renamed
// into place (geo::FolderReplacement).
#include "app/tools/WebBriefing.h"
#include <cpl_conv.h>
#include <gdal_utils.h>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include "app/scene/LayerStyling.h"
#include "app/ui/UiText.h"
#include "geo/Errors.h"
#include "geo/FolderReplacement.h"
#include "geo/GroundHeights.h"
#include "geo/Log.h"
#include "geo/ProjectData.h"
#include "geo/TilesetExport.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace planview {

namespace {

// The viewer's own files, copied to the briefing's root.
const char* const kViewerFiles[] = {"index.html", "briefing.js", "briefing.css"};

std::string fromEnvironment(const char* name, const std::string& fallback) {
    const char* value = std::getenv(name);
    return value && *value ? value : fallback;
}

/// A camera placement as the viewer's script flies to it: the target on the ground (its height from
/// the terrain, metres above the ellipsoid as the tiles are placed), distance, heading and pitch.
json cameraJson(const geo::View& view, const geo::SceneFrame& frame, const geo::GroundHeights& ground) {
    const double height = ground.flat() ? 0.0 : ground.at(frame.fromLonLat(view.lon, view.lat));
    return {{"lon", view.lon}, {"lat", view.lat}, {"height", height}, {"distance", view.distance},
            {"heading", view.heading}, {"pitch", view.pitch}};
}

json legendJson(const geo::LoadedLayer& layer) {
    const bool chinese = uiLanguage() == Language::Chinese;
    const geo::LayerStyle& style = layer.spec.style;
    std::vector<LegendEntry> entries;
    if (layer.streamed()) {
        // A streamed layer's features are not all read: the style's classes stand for them.
        ValueCounts classes;
        for (const auto& [value, colour] : style.colors) classes.emplace_back(value, 0);
        entries = legendEntries(style, classes);
    } else {
        entries = legendEntries(style, layer.data);
    }
    json legend = json::array();
    for (const LegendEntry& e : entries)
        legend.push_back({{"value", e.value}, {"text", legendText(e, chinese)}, {"color", geo::colorHex(e.color)}, {"count", e.count}});
    return legend;
}

/// Why a layer is not in the briefing as a tileset, or "" when it is.
std::string leftOutBecause(const geo::LoadedLayer& layer) {
    if (!layer.spec.visible) return "hidden in the project";
    if (layer.spec.kind == geo::LayerKind::Models) return "3D models, which the briefing does not carry";
    if (layer.spec.kind == geo::LayerKind::Terrain) return "the layers stand on this terrain; its own surface is not drawn";
    if (geo::isRasterKind(layer.spec.kind)) return std::string("a raster (") + geo::layerKindName(layer.spec.kind) + ")";
    if (!layer.streamed() && layer.data.features.empty()) return "no features";
    return "";
}

// The draped imagery's longer side at most (pixels): a few MB of PNG.
constexpr int kDrapePixels = 4096;

using GdalArguments = std::vector<std::string>;
/// GDAL's utilities take argv-style options.
std::vector<char*> argv(GdalArguments& arguments) {
    std::vector<char*> out;
    for (std::string& a : arguments) out.push_back(a.data());
    out.push_back(nullptr);
    return out;
}

/// `imagery` warped to WGS 84 lon/lat (transparent outside the raster) as one PNG, which the viewer
/// drapes on the globe (SingleTileImageryProvider takes a lon/lat rectangle); returns the file's name
/// and its rectangle in degrees. Throws InputError with GDAL's reason.
json writeDrape(const geo::LayerSpec& imagery, const fs::path& folder) {
    using Dataset = std::unique_ptr<void, decltype(&GDALClose)>;
    Dataset source(GDALOpen(imagery.source.c_str(), GA_ReadOnly), &GDALClose);
    if (!source) throw geo::InputError(imagery.source + ": " + geo::lastGdalError());
    const int bands = GDALGetRasterCount(source.get());
    GdalArguments warpArguments{"-of", "VRT", "-t_srs", "EPSG:4326", "-r", "bilinear", "-dstalpha"};
    if (!imagery.rasterCrs.empty()) warpArguments.insert(warpArguments.end(), {"-s_srs", imagery.rasterCrs});
    auto warpArgv = argv(warpArguments);
    GDALWarpAppOptions* warpOptions = GDALWarpAppOptionsNew(warpArgv.data(), nullptr);
    GDALDatasetH from = source.get();
    Dataset warped(warpOptions ? GDALWarp("", nullptr, 1, &from, warpOptions, nullptr) : nullptr, &GDALClose);
    GDALWarpAppOptionsFree(warpOptions);
    if (!warped) throw geo::InputError(imagery.source + ": " + geo::lastGdalError());
    const int width = GDALGetRasterXSize(warped.get()), height = GDALGetRasterYSize(warped.get());
    const double scale = std::min(1.0, static_cast<double>(kDrapePixels) / std::max(width, height));
    double gt[6];
    GDALGetGeoTransform(warped.get(), gt);
    const std::string alpha = std::to_string(bands + 1);
    GdalArguments pngArguments{"-of", "PNG", "-ot", "Byte", "-outsize", std::to_string(std::max(1, static_cast<int>(width * scale))),
                               std::to_string(std::max(1, static_cast<int>(height * scale))), "-r", "bilinear", "-co", "WORLDFILE=NO"};
    for (const std::string& b : bands >= 3 ? GdalArguments{"1", "2", "3", alpha} : GdalArguments{"1", alpha})
        pngArguments.insert(pngArguments.end(), {"-b", b});
    auto pngArgv = argv(pngArguments);
    GDALTranslateOptions* pngOptions = GDALTranslateOptionsNew(pngArgv.data(), nullptr);
    const fs::path png = folder / "imagery.png";
    CPLSetThreadLocalConfigOption("GDAL_PAM_ENABLED", "NO");   // no imagery.png.aux.xml beside it
    Dataset written(pngOptions ? GDALTranslate(png.c_str(), warped.get(), pngOptions, nullptr) : nullptr, &GDALClose);
    CPLSetThreadLocalConfigOption("GDAL_PAM_ENABLED", nullptr);
    GDALTranslateOptionsFree(pngOptions);
    if (!written) throw geo::InputError(imagery.source + ": " + geo::lastGdalError());
    return {{"url", png.filename().string()}, {"name", imagery.name},
            {"rectangle", {gt[0], gt[3] + height * gt[5], gt[0] + width * gt[1], gt[3]}}};
}

void copyInto(const fs::path& from, const fs::path& to, const std::string& output) {
    std::error_code ec;
    fs::copy(from, to, fs::copy_options::recursive, ec);
    if (ec) throw geo::OutputError(output + ": cannot copy " + from.string() + ": " + ec.message());
}

std::uintmax_t folderBytes(const fs::path& folder) {
    std::uintmax_t bytes = 0;
    for (const auto& entry : fs::recursive_directory_iterator(folder))
        if (entry.is_regular_file()) bytes += entry.file_size();
    return bytes;
}

}  // namespace

std::string webCesiumDir() {
    return fromEnvironment("PLANVIEW_CESIUM_DIR", PLANVIEW_NPM_DIR "/web/node_modules/cesium/Build/Cesium");
}

std::string webViewerDir() {
    return fromEnvironment("PLANVIEW_WEB_DIR", PLANVIEW_SOURCE_DIR "/app/web");
}

WebBriefingReport exportWebBriefing(const geo::Project& project, const WebBriefingOptions& options) {
    const fs::path cesium = options.cesiumDir.empty() ? webCesiumDir() : options.cesiumDir;
    const fs::path viewer = options.viewerDir.empty() ? webViewerDir() : options.viewerDir;
    std::error_code ec;
    if (!fs::is_regular_file(cesium / "Cesium.js", ec))
        throw geo::OutputError(options.output + ": CesiumJS is missing (no " + (cesium / "Cesium.js").string() +
                               "; install it with scripts/web-npm BUILD_DIR)");
    for (const char* file : kViewerFiles)
        if (!fs::is_regular_file(viewer / file, ec))
            throw geo::OutputError(options.output + ": the briefing's viewer is missing (no " + (viewer / file).string() + ")");

    const geo::ProjectData data = geo::loadProjectData(project);
    for (const geo::LoadedLayer& layer : data.layers)
        if (!layer.available() && layer.spec.visible) throw geo::InputError(layer.spec.source + ": " + layer.error);
    const geo::GroundHeights ground = geo::projectGround(data);
    std::vector<geo::LayerSpec> terrain;
    for (const geo::LoadedLayer& layer : data.layers)
        if (layer.spec.kind == geo::LayerKind::Terrain) terrain.push_back(layer.spec);

    geo::FolderReplacement folder(options.output, options.overwrite);
    WebBriefingReport report;
    report.output = folder.target().string();
    json layers = json::array();
    double west = 180, south = 90, east = -180, north = -90;
    // The first visible imagery is draped on the globe (a plain globe without it).
    const auto imagery = std::find_if(data.layers.begin(), data.layers.end(), [](const geo::LoadedLayer& l) {
        return l.spec.kind == geo::LayerKind::Imagery && l.spec.visible;
    });
    for (const geo::LoadedLayer& layer : data.layers) {
        if (imagery != data.layers.end() && &layer == &*imagery) continue;   // draped, below
        if (const std::string why = leftOutBecause(layer); !why.empty()) {
            report.leftOut.push_back(layer.spec.name + ": " + why);
            continue;
        }
        // The layer alone on the project's terrain, as `export --format 3DTiles --layer` writes it.
        geo::Project one = project;
        one.layers = terrain;
        one.layers.push_back(layer.spec);
        const std::string folderName = "tiles/" + std::to_string(report.layers.size());
        fs::create_directories(folder.staging() / "tiles", ec);
        geo::TilesetOptions tiles;
        tiles.output = (folder.staging() / folderName).string();
        tiles.gltf.style = layer.spec.style;
        const geo::TilesetReport written = geo::exportProjectLayerTileset(one, tiles);
        report.layers.push_back({layer.spec.name, written.features, written.tiles});
        west = std::min(west, written.west);
        south = std::min(south, written.south);
        east = std::max(east, written.east);
        north = std::max(north, written.north);
        layers.push_back({{"name", layer.spec.name}, {"kind", geo::layerKindName(layer.spec.kind)},
                          {"tileset", folderName + "/tileset.json"}, {"features", written.features},
                          {"by", layer.spec.style.by}, {"opacity", layer.spec.style.opacity}, {"legend", legendJson(layer)}});
    }
    if (report.layers.empty()) throw geo::InputError(project.path + ": the project has no visible feature layer for a briefing");
    json drape = nullptr;
    if (imagery != data.layers.end()) {
        drape = writeDrape(imagery->spec, folder.staging());
        report.draped = imagery->spec.name;
    }

    json bookmarks = json::array();
    for (const geo::Bookmark& b : project.bookmarks) {
        json camera = cameraJson(b.view, data.frame, ground);
        camera["name"] = b.name;
        if (b.layers) camera["layers"] = *b.layers;
        bookmarks.push_back(camera);
    }
    json tours = json::array();
    for (const geo::Tour& tour : project.tours) {
        json stops = json::array();
        for (const geo::TourStop& s : tour.stops)
            stops.push_back({{"bookmark", s.bookmark}, {"caption", s.caption}, {"dwell", s.dwell}, {"flight", s.flight}});
        tours.push_back({{"name", tour.name}, {"stops", stops}});
    }
    json briefing = {{"title", project.title.empty() ? fs::path(project.path).stem().string() : project.title},
                     {"attribution", geo::dataAttribution(project, uiLanguage() == Language::Chinese)},
                     {"extent", {west, south, east, north}},
                     {"imagery", drape},
                     {"home", project.home ? cameraJson(*project.home, data.frame, ground) : json(nullptr)},
                     {"layers", layers}, {"bookmarks", bookmarks}, {"tours", tours}};
    {
        std::ofstream out(folder.staging() / "briefing.json");
        out << briefing.dump(1) << '\n';
        if (!out) throw geo::OutputError(options.output + ": cannot write briefing.json");
    }
    for (const char* file : kViewerFiles) copyInto(viewer / file, folder.staging() / file, options.output);
    copyInto(cesium, folder.staging() / "cesium", options.output);
    report.bookmarks = project.bookmarks.size();
    report.tours = project.tours.size();
    report.cesiumBytes = folderBytes(folder.staging() / "cesium");
    report.bytes = folderBytes(folder.staging());
    folder.commit();
    return report;
}

}  // namespace planview
