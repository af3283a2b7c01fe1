// `planview export PROJECT|SOURCE --layer NAME -o OUT [--format F] [--where EXPR] [--t-srs CRS] [--overwrite]`;
// with OUT.tif/OUT.pdf (or --format GTiff|PDF) the map instead of a layer: the top view as a GeoTIFF,
// or a GeoPDF page with the title, legend, scale bar and north arrow (app/render/MapExport); with
// OUT.qgz/OUT.qgs (or --format QGIS) the whole project as a QGIS project (geo/QgisProjectWriter); with
// OUT.glb (or --format glTF) the layer in 3D as drawn, as binary glTF on the globe (geo/GltfExport);
// with --format 3DTiles -o DIR/ the same as a 3D Tiles 1.1 tileset of such .glb tiles (geo/TilesetExport);
// with --format web -o DIR/ the project as a briefing for a browser (app/tools/WebBriefing).
#include <cpl_port.h>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <regex>
#include "app/cli/Command.h"
#include "app/render/MapExport.h"
#include "app/tools/WebBriefing.h"
#include "app/ui/UiText.h"
#include "geo/Errors.h"
#include "geo/Export.h"
#include "geo/GltfExport.h"
#include "geo/Project.h"
#include "geo/QgisProjectWriter.h"
#include "geo/Source.h"
#include "geo/TilesetExport.h"

namespace planview {

namespace {

struct ExportCommandOptions {
    std::string input;
    std::string layer;
    std::string output;
    std::string format;
    std::string where;
    std::string targetCrs;
    bool overwrite = false;
    bool fromGcj02 = false;
    // The map (GeoTIFF, PDF).
    std::string size;
    double dpi = 200;
    std::string paper = "A3";
    bool noLabels = false;
    std::string language;
    // 3D Tiles.
    std::size_t tileFeatures = geo::TilesetOptions{}.maxTileFeatures;
};

// "WxH" or "N" (the longer side) in pixels, each 16..8192: "" when valid, else the reason.
std::string parseSize(const std::string& text, int* width, int* height) {
    std::smatch m;
    static const std::regex both("^([0-9]{1,5})[xX]([0-9]{1,5})$"), one("^([0-9]{1,5})$");
    int w = 0, h = 0;
    if (std::regex_match(text, m, both)) {
        w = std::stoi(m[1]);
        h = std::stoi(m[2]);
    } else if (std::regex_match(text, m, one)) {
        w = std::stoi(m[1]);
    } else {
        return "expected WIDTHxHEIGHT or the longer side in pixels, e.g. 4096x3072 or 4096, got '" + text + "'";
    }
    auto bad = [](int v) { return v < 16 || v > 8192; };
    if (bad(w) || (h != 0 && bad(h))) return "each side must be between 16 and 8192 pixels, got '" + text + "'";
    if (width) *width = w;
    if (height) *height = h;
    return "";
}

// The project's condition on a layer and --where's, both holding ("" when neither is given).
std::string bothConditions(const std::string& project, const std::string& option) {
    if (option.empty()) return project;
    if (project.empty()) return option;
    return "(" + project + ") AND (" + option + ")";
}

// The map: every layer (or --layer's) of the project, drawn as the viewer draws it.
int runMapExport(const ExportCommandOptions& o, const CommandContext& context, const std::string& format) {
    applyLanguageOption(o.language);
    geo::Project project = geo::openProject(o.input, o.layer);
    applyLanguageOption(o.language, project);   // the page speaks the project's language unless --lang says otherwise
    applyFromGcj02Option(o.fromGcj02, project);
    for (auto& layer : project.layers) layer.where = bothConditions(layer.where, o.where);
    if (!o.targetCrs.empty()) project.crs = o.targetCrs;   // the map's CRS: the scene frame's
    geo::ProjectData data = geo::loadProjectData(project);
    for (const auto& layer : data.layers)
        if (!layer.available()) throw geo::InputError(layer.spec.source + ": " + layer.error);
    MapExportOptions options;
    options.output = o.output;
    options.format = format;
    options.overwrite = o.overwrite;
    options.dpi = o.dpi;
    options.paper = o.paper;
    options.labels = !o.noLabels;
    if (!o.size.empty()) {
        int w = 0, h = 0;
        parseSize(o.size, &w, &h);
        if (h == 0) {
            // The longer side: the other follows the data.
            const double dw = data.bounds.width(), dh = data.bounds.height();
            if (dw >= dh) options.width = w;
            else options.height = w;
        } else {
            options.width = w;
            options.height = h;
        }
    }
    MapExportReport report = exportMap(data, context.executablePath, options);
    std::printf("%s: map written (%s, %dx%d pixels, %.3f m a pixel", report.output.c_str(), report.format.c_str(),
                report.width, report.height, report.metresPerPixel);
    if (report.format == "PDF") std::printf(", %.0f x %.0f mm at %g dpi", report.pageWidthMm, report.pageHeightMm, o.dpi);
    std::printf(")\n");
    return ExitOk;
}

// The project as a QGIS project: every layer QGIS can show (or --layer's), styles, bookmarks.
int runQgisExport(const ExportCommandOptions& o) {
    geo::Project project = geo::openProject(o.input, o.layer);
    for (auto& layer : project.layers) layer.where = bothConditions(layer.where, o.where);
    if (!o.targetCrs.empty()) project.crs = o.targetCrs;
    geo::QgisProjectReport report = geo::writeQgisProject(project, o.output, o.overwrite);
    for (const auto& line : report.leftOut) std::cout << line << '\n';
    for (const auto& line : report.notes) std::cout << line << '\n';
    std::cout << report.output << ": QGIS project written (" << report.layers.size() << " layer"
              << (report.layers.size() == 1 ? "" : "s") << ", " << report.bookmarks << " bookmark" << (report.bookmarks == 1 ? "" : "s")
              << ", project CRS " << report.crs << (report.crsFromScene ? ", the scene frame's" : "") << ")\n";
    return ExitOk;
}

// Whether the export is the layer in 3D: --format glTF / GLB, or OUT.glb without --format.
bool isGltfExport(const std::string& format, const std::string& output) {
    if (!format.empty()) return EQUAL(format.c_str(), "glTF") || EQUAL(format.c_str(), "GLB");
    return output.size() > 4 && EQUAL(output.substr(output.size() - 4).c_str(), ".glb");
}

// Whether the export is a 3D Tiles tileset: --format 3DTiles.
bool isTilesetExport(const std::string& format) {
    return EQUAL(format.c_str(), "3DTiles");
}

// The project with its terrain layer, which a 3D layer stands on as the viewer draws it (--layer
// leaves it out of `project`).
geo::Project withProjectGround(const ExportCommandOptions& o, const geo::Project& project) {
    geo::Project withGround = project;
    if (!o.layer.empty())
        for (const geo::LayerSpec& l : geo::openProject(o.input, "").layers)
            if (l.kind == geo::LayerKind::Terrain) withGround.layers.insert(withGround.layers.begin(), l);
    return withGround;
}

// The project's one layer (or --layer's) as binary glTF, drawn as the viewer draws it.
int runGltfExport(const ExportCommandOptions& o, const geo::Project& project) {
    geo::GltfOptions options;
    options.output = o.output;
    options.overwrite = o.overwrite;
    options.style = project.layers.front().style;
    geo::GltfReport report = geo::exportProjectLayerGltf(withProjectGround(o, project), options);
    std::printf("%s: %zu features written (glTF, %zu vertices, %zu triangles, %zu line segments, %zu points, %.1f kB; "
                "origin %.6f, %.6f)\n",
                report.output.c_str(), report.features, report.vertices, report.triangles, report.lineSegments, report.points,
                static_cast<double>(report.bytes) / 1024.0, report.originLon, report.originLat);
    return ExitOk;
}

// Whether the file or folder `path` lies in `folder` (or is it), by their resolved paths.
bool liesIn(const std::string& path, const std::string& folder) {
    std::error_code ec;
    if (path.empty() || !std::filesystem::exists(path, ec)) return false;   // a connection string
    const std::filesystem::path p = std::filesystem::weakly_canonical(path, ec);
    std::filesystem::path f = std::filesystem::weakly_canonical(folder, ec);
    if (f.filename().empty()) f = f.parent_path();
    auto fi = f.begin(), pi = p.begin();
    for (; fi != f.end() && pi != p.end() && *fi == *pi; ++fi, ++pi) {}
    return fi == f.end();
}

// The same layer as a 3D Tiles tileset of glTF tiles.
int runTilesetExport(const ExportCommandOptions& o, const geo::Project& project) {
    // --overwrite replaces the folder whole: never one holding what the export reads.
    for (const std::string& read : {o.input, project.layers.front().source})
        if (liesIn(read, o.output)) throw geo::OutputError(o.output + ": holds " + read + ", which the export reads; choose another folder");
    geo::TilesetOptions options;
    options.output = o.output;
    options.overwrite = o.overwrite;
    options.gltf.style = project.layers.front().style;
    options.maxTileFeatures = o.tileFeatures;
    geo::TilesetReport report = geo::exportProjectLayerTileset(withProjectGround(o, project), options);
    std::printf("%s: %zu features written (3D Tiles, %zu tiles, %d levels below the root, %.1f kB, the largest tile %.1f kB; "
                "region %.6f, %.6f to %.6f, %.6f, %.1f to %.1f m)\n",
                report.output.c_str(), report.features, report.tiles, report.depth, static_cast<double>(report.bytes) / 1024.0,
                static_cast<double>(report.largestTileBytes) / 1024.0, report.west, report.south, report.east, report.north,
                report.low, report.high);
    return ExitOk;
}

// Whether the export is the web briefing: --format web.
bool isWebExport(const std::string& format) {
    return EQUAL(format.c_str(), "web");
}

// The project as a briefing in a browser: its visible layers in 3D, legends, bookmarks and tours.
int runWebExport(const ExportCommandOptions& o) {
    applyLanguageOption(o.language);
    geo::Project project = geo::openProject(o.input, o.layer);
    applyLanguageOption(o.language, project);   // the legends speak the project's language unless --lang says otherwise
    applyFromGcj02Option(o.fromGcj02, project);
    for (auto& layer : project.layers) layer.where = bothConditions(layer.where, o.where);
    // --overwrite replaces the folder whole: never one holding what the export reads.
    std::vector<std::string> read = {o.input};
    for (const geo::LayerSpec& layer : project.layers) read.push_back(layer.source);
    for (const std::string& path : read)
        if (liesIn(path, o.output)) throw geo::OutputError(o.output + ": holds " + path + ", which the export reads; choose another folder");
    WebBriefingOptions options;
    options.output = o.output;
    options.overwrite = o.overwrite;
    WebBriefingReport report = exportWebBriefing(withProjectGround(o, project), options);   // --layer's on the terrain
    for (const std::string& line : report.leftOut) std::cout << "  left out: " << line << '\n';
    if (!report.draped.empty()) std::cout << "  draped on the globe: " << report.draped << '\n';
    std::size_t features = 0;
    for (const auto& layer : report.layers) features += layer.features;
    std::printf("%s: web briefing written (%zu layer%s, %zu features, %zu bookmark%s, %zu tour%s; %.1f MB, of which CesiumJS %.1f MB)\n",
                report.output.c_str(), report.layers.size(), report.layers.size() == 1 ? "" : "s", features, report.bookmarks,
                report.bookmarks == 1 ? "" : "s", report.tours, report.tours == 1 ? "" : "s",
                static_cast<double>(report.bytes) / 1048576.0, static_cast<double>(report.cesiumBytes) / 1048576.0);
    return ExitOk;
}

}  // namespace

CommandRunner addExportCommand(CLI::App& app, const CommandContext& context) {
    auto o = std::make_shared<ExportCommandOptions>();
    CLI::App* cmd = app.add_subcommand("export", "Export a layer for QGIS, ArcGIS, Google Earth or CAD, in 3D as glTF or 3D Tiles, the project as a briefing in a browser, the map as a GeoTIFF or a PDF for print, or the project as a QGIS project");
    cmd->add_option("input", o->input, "A project (.toml, or a QGIS .qgz/.qgs) or a GDAL vector source")->required();
    cmd->add_option("--layer", o->layer, "The layer to export (display or source name; default: the only one); for a map, draw only this layer");
    cmd->add_option("-o,--output", o->output, "The file to write (3DTiles, web: the folder)")->required();
    cmd->add_option("--format", o->format, "GPKG, \"ESRI Shapefile\", GeoJSON, KML, FlatGeobuf, CSV or DXF; glTF for the layer in 3D (.glb); 3DTiles for it as a 3D Tiles 1.1 tileset (a folder); web for the project as a briefing in a browser (a folder); GTiff or PDF for the map; QGIS for the project (default: from OUT's extension)");
    cmd->add_option("--where", o->where, "Only features matching this OGR SQL expression");
    cmd->add_option("--t-srs", o->targetCrs, "Reproject to this CRS (e.g. EPSG:4549)");
    cmd->add_flag("--overwrite", o->overwrite, "Replace OUT when it exists (3DTiles, web: a folder that is not empty)");
    addFromGcj02Option(*cmd, o->fromGcj02);
    cmd->add_option("--size", o->size, "GeoTIFF map: WIDTHxHEIGHT, or the longer side, in pixels (default 4096 on the longer side)")
        ->check(CLI::Validator([](std::string& s) { return parseSize(s, nullptr, nullptr); }, "SIZE", "size"));
    cmd->add_option("--dpi", o->dpi, "PDF map: the map's resolution on the page (72..600; GDAL's PDF driver makes no page below 72)")->capture_default_str()->check(CLI::Range(72.0, 600.0));
    cmd->add_option("--paper", o->paper, "PDF map: the page, landscape")->capture_default_str()->check(CLI::IsMember({"A3", "A4"}, CLI::ignore_case));
    cmd->add_flag("--no-labels", o->noLabels, "PDF map: leave out the feature labels");
    cmd->add_option("--tile-features", o->tileFeatures, "3DTiles: a tile holds at most this many features (a cell with more is split in four)")
        ->capture_default_str()->check(CLI::Range(1, 1000000));
    addLanguageOption(*cmd, o->language);
    return [o, context] {
        if ((isGltfExport(o->format, o->output) || isTilesetExport(o->format) || isWebExport(o->format)) && !o->targetCrs.empty()) {
            std::cerr << "planview export: --t-srs: a glTF, 3D Tiles or web export is placed on the globe (WGS 84 geocentric), not in a CRS of choice\n";
            return static_cast<int>(ExitUsage);
        }
        const std::string mapFormat = mapFormatFor(o->format, o->output);
        if (!mapFormat.empty()) return runMapExport(*o, context, mapFormat);
        if (isWebExport(o->format)) return runWebExport(*o);
        if (EQUAL(o->format.c_str(), "QGIS") || (o->format.empty() && geo::isQgisProjectPath(o->output))) return runQgisExport(*o);
        // The project supplies the layer's source and its style; a plain source its default style.
        geo::Project project = geo::openProject(o->input, o->layer);
        applyFromGcj02Option(o->fromGcj02, project);
        if (project.layers.size() > 1 && o->layer.empty()) {
            std::string names;
            for (const auto& l : project.layers) names += (names.empty() ? "" : ", ") + l.name;
            throw geo::InputError(o->input + ": holds several layers; choose one with --layer (" + names + ")");
        }
        for (auto& layer : project.layers) layer.where = bothConditions(layer.where, o->where);
        if (isGltfExport(o->format, o->output)) return runGltfExport(*o, project);
        if (isTilesetExport(o->format)) return runTilesetExport(*o, project);
        const geo::LayerSpec& spec = project.layers.front();
        if (spec.kind == geo::LayerKind::Models)
            throw geo::InputError(o->input + ": layer '" + spec.name +
                                  "' holds 3D models, which export as a layer does not write (export the map instead)");
        if (geo::isRasterKind(spec.kind))
            throw geo::InputError(o->input + ": layer '" + spec.name + "' is a raster (" + geo::layerKindName(spec.kind) +
                                  "), which export as a layer does not write (export the map instead)");
        geo::Source source = geo::Source::open(spec.source);
        geo::ExportOptions options;
        options.layer = spec.layer;
        options.output = o->output;
        options.format = o->format;
        options.where = spec.where;
        options.targetCrs = o->targetCrs;
        options.overwrite = o->overwrite;
        options.fromGcj02 = spec.gcj02;
        options.title = spec.name;
        options.style = spec.style;
        options.labelField = spec.label;
        geo::ExportReport report = geo::exportLayer(source, options);
        std::cout << report.output << ": " << report.features << " features written (" << report.format << ")\n";
        for (const auto& [from, to] : report.renamedFields) std::cout << "  field " << from << " -> " << to << '\n';
        for (const auto& t : report.truncatedFields)
            std::cout << "  field " << t.field << ": " << t.values << " value" << (t.values == 1 ? "" : "s") << " cut to "
                      << geo::kShapefileTextBytes << " bytes (Shapefile's limit; the longest had " << t.longestBytes << ")\n";
        return 0;
    };
}

}  // namespace planview
