// `planview export PROJECT|SOURCE --layer NAME -o OUT [--format F] [--where EXPR] [--t-srs CRS] [--overwrite]`.
#include <iostream>
#include "app/cli/Command.h"
#include "geo/Errors.h"
#include "geo/Export.h"
#include "geo/Project.h"
#include "geo/Source.h"

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
};

}  // namespace

CommandRunner addExportCommand(CLI::App& app, const CommandContext&) {
    auto o = std::make_shared<ExportCommandOptions>();
    CLI::App* cmd = app.add_subcommand("export", "Export a layer for QGIS, ArcGIS, Google Earth or CAD");
    cmd->add_option("input", o->input, "A project .toml or a GDAL vector source")->required();
    cmd->add_option("--layer", o->layer, "The layer to export (display or source name; default: the only one)");
    cmd->add_option("-o,--output", o->output, "The file to write")->required();
    cmd->add_option("--format", o->format, "GPKG, \"ESRI Shapefile\", GeoJSON, KML, FlatGeobuf, CSV or DXF (default: from OUT's extension)");
    cmd->add_option("--where", o->where, "Only features matching this OGR SQL expression");
    cmd->add_option("--t-srs", o->targetCrs, "Reproject to this CRS (e.g. EPSG:4549)");
    cmd->add_flag("--overwrite", o->overwrite, "Replace OUT when it exists");
    cmd->add_flag("--from-gcj02", o->fromGcj02, "The source's lon/lat come from a Chinese web map (GCJ-02): correct them");
    return [o] {
        // The project supplies the layer's source and its style; a plain source its default style.
        geo::Project project = geo::openProject(o->input, o->layer);
        if (project.layers.size() > 1 && o->layer.empty()) {
            std::string names;
            for (const auto& l : project.layers) names += (names.empty() ? "" : ", ") + l.name;
            throw geo::InputError(o->input + ": holds several layers; choose one with --layer (" + names + ")");
        }
        const geo::LayerSpec& spec = project.layers.front();
        geo::Source source = geo::Source::open(spec.source);
        geo::ExportOptions options;
        options.layer = spec.layer;
        options.output = o->output;
        options.format = o->format;
        options.where = o->where.empty() ? spec.where : (spec.where.empty() ? o->where : "(" + spec.where + ") AND (" + o->where + ")");
        options.targetCrs = o->targetCrs;
        options.overwrite = o->overwrite;
        options.fromGcj02 = o->fromGcj02 || spec.gcj02;
        options.title = spec.name;
        options.style = spec.style;
        options.labelField = spec.label;
        geo::ExportReport report = geo::exportLayer(source, options);
        std::cout << report.output << ": " << report.features << " features written (" << report.format << ")\n";
        for (const auto& [from, to] : report.renamedFields) std::cout << "  field " << from << " -> " << to << '\n';
        return 0;
    };
}

}  // namespace planview
