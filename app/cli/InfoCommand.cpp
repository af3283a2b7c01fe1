// `planview info SOURCE|PROJECT [--layer L] [--json] [--features N]`: what a source holds (a vector
// source's layers, a raster's size, bands, CRS, extent and overviews). For a project, every layer is
// listed; one that cannot be read shows why, as the viewer would load the rest.
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include "app/cli/Command.h"
#include "geo/Describe.h"
#include "geo/Errors.h"
#include "geo/Log.h"
#include "geo/ModelSet.h"
#include "geo/Project.h"
#include "geo/RasterDescribe.h"
#include "geo/Source.h"
#include <ogrsf_frmts.h>

namespace planview {

namespace {

struct InfoOptions {
    std::string input;
    std::string layer;
    bool json = false;
    int features = 0;
};

nlohmann::json toJson(const geo::Value& v) {
    if (auto* i = std::get_if<std::int64_t>(&v)) return *i;
    if (auto* d = std::get_if<double>(&v)) return *d;
    if (auto* s = std::get_if<std::string>(&v)) return *s;
    return nullptr;
}

nlohmann::json toJson(const geo::Extent& e) {
    if (e.empty()) return nullptr;
    return {e.minX, e.minY, e.maxX, e.maxY};
}

nlohmann::json toJson(const geo::LayerDescription& d) {
    nlohmann::json fields = nlohmann::json::array();
    for (const auto& f : d.fields) fields.push_back({{"name", f.name}, {"type", geo::fieldTypeName(f.type)}});
    nlohmann::json layer = {{"name", d.name},
                            {"geometry_type", d.geometryType},
                            {"feature_count", d.featureCount},
                            {"crs", d.crs.empty() ? nlohmann::json(nullptr) : nlohmann::json(d.crs)},
                            {"extent", toJson(d.nativeExtent)},
                            {"extent_wgs84", toJson(d.lonLatExtent)},
                            {"fields", fields}};
    if (!d.samples.empty()) {
        nlohmann::json features = nlohmann::json::array();
        for (const auto& s : d.samples) {
            nlohmann::json attributes = nlohmann::json::object();
            for (std::size_t i = 0; i < d.fields.size() && i < s.values.size(); ++i)
                attributes[d.fields[i].name] = toJson(s.values[i]);
            nlohmann::json centroid = nullptr;
            if (s.centroidLonLat) centroid = {s.centroidLonLat->x, s.centroidLonLat->y};
            features.push_back({{"fid", s.fid}, {"attributes", attributes}, {"centroid_wgs84", centroid}});
        }
        layer["features"] = features;
    }
    return layer;
}

std::string extentText(const geo::Extent& e, int precision) {
    if (e.empty()) return "(none)";
    std::ostringstream out;
    out << std::fixed << std::setprecision(precision) << e.minX << ", " << e.minY << " — " << e.maxX << ", " << e.maxY;
    return out.str();
}

/// What info reports for one source: its layers, or (for a project layer that cannot be read) why not.
struct Described {
    std::string location;                       ///< the source, a database's password masked
    std::vector<geo::LayerDescription> layers;
    std::string projectLayer;                   ///< the project layer's name; "" for a plain source
    std::string unavailableLayer;               ///< for an unavailable one: its `layer`, else its name
    std::string error;                          ///< why the project layer is unavailable ("" = it is not)
    std::optional<geo::ModelSet> models;        ///< a models layer: its files and where they stand
    bool visible = true;                        ///< a project layer shown when the project opens
    std::string kind;                           ///< a project layer's kind (geo::layerKindName)
    nlohmann::json extrude;                     ///< its extrusion: a field's name, metres, or null
    double exaggeration = 1;                    ///< a terrain layer's
    std::optional<geo::RasterDescription> raster;   ///< a raster source: its grid and bands
};

std::string sizeText(const geo::RasterSize& s) { return std::to_string(s.width) + " x " + std::to_string(s.height); }

void printRaster(const geo::RasterDescription& r) {
    std::cout << "\nraster\n"
              << "  driver: " << r.driver << '\n'
              << "  size: " << sizeText(r.size) << " pixels, " << r.bands.size() << (r.bands.size() == 1 ? " band" : " bands")
              << '\n'
              << "  crs: " << r.crs << '\n'
              << std::setprecision(12) << "  pixel size: " << r.pixelWidth << " x " << r.pixelHeight << '\n'
              << std::defaultfloat << "  extent: " << extentText(r.nativeExtent, 6) << '\n'
              << "  extent (WGS84 lon/lat): " << extentText(r.lonLatExtent, 6) << '\n'
              << "  overviews: ";
    if (r.overviews.empty()) std::cout << "(none)";
    for (std::size_t i = 0; i < r.overviews.size(); ++i) std::cout << (i ? ", " : "") << sizeText(r.overviews[i]);
    std::cout << '\n';
    for (const geo::RasterBandDescription& b : r.bands) {
        std::cout << "  band " << b.index << ": " << b.dataType << ", " << b.colorInterpretation;
        if (b.noData) std::cout << std::setprecision(17) << ", nodata " << *b.noData << std::defaultfloat;
        if (!b.unit.empty()) std::cout << ", unit " << b.unit;
        if (!b.description.empty()) std::cout << ", \"" << b.description << '"';
        std::cout << '\n';
    }
}

nlohmann::json toJson(const geo::RasterDescription& r) {
    nlohmann::json bands = nlohmann::json::array();
    for (const geo::RasterBandDescription& b : r.bands) {
        nlohmann::json noData = nullptr;
        // JSON has no NaN or infinity: GDAL's own gdalinfo -json writes them as strings too.
        if (b.noData) noData = std::isfinite(*b.noData) ? nlohmann::json(*b.noData)
                                                        : nlohmann::json(std::isnan(*b.noData) ? "NaN"
                                                                         : *b.noData > 0       ? "Infinity"
                                                                                               : "-Infinity");
        bands.push_back({{"band", b.index}, {"type", b.dataType}, {"nodata", noData},
                         {"color_interpretation", b.colorInterpretation},
                         {"description", b.description}, {"unit", b.unit}});
    }
    nlohmann::json overviews = nlohmann::json::array();
    for (const geo::RasterSize& o : r.overviews) overviews.push_back({o.width, o.height});
    return {{"driver", r.driver}, {"size", {r.size.width, r.size.height}}, {"crs", r.crs},
            {"geotransform", r.geoTransform}, {"pixel_size", {r.pixelWidth, r.pixelHeight}},
            {"extent", toJson(r.nativeExtent)}, {"extent_wgs84", toJson(r.lonLatExtent)},
            {"bands", bands}, {"overviews", overviews}};
}

void printModels(const geo::ModelSet& m) {
    std::cout << "\nmodels\n"
              << "  kind: " << (m.tileSet ? "tile set (metadata.xml, paged OSGB)" : "single model") << '\n'
              << "  srs: " << m.srs << (m.srsName.empty() || m.srsName == m.srs ? "" : " (" + m.srsName + ")") << '\n'
              << std::setprecision(12) << "  origin: " << m.origin[0] << ", " << m.origin[1] << ", " << m.origin[2] << '\n'
              << std::fixed << std::setprecision(6) << "  origin (WGS84 lon/lat): " << m.lonLat.x << ", " << m.lonLat.y
              << std::defaultfloat << '\n'
              << "  " << (m.tileSet ? "tiles" : "files") << ": " << m.tiles.size() << '\n';
    for (const geo::ModelTile& t : m.tiles) std::cout << "    " << t.name << ": " << t.file << '\n';
}

nlohmann::json toJson(const geo::ModelSet& m) {
    nlohmann::json tiles = nlohmann::json::array();
    for (const geo::ModelTile& t : m.tiles) tiles.push_back({{"name", t.name}, {"file", t.file}});
    return {{"kind", m.tileSet ? "tile_set" : "model"}, {"srs", m.srs}, {"srs_name", m.srsName},
            {"origin", {m.origin[0], m.origin[1], m.origin[2]}}, {"origin_wgs84", {m.lonLat.x, m.lonLat.y}},
            {"tiles", tiles}};
}

void printText(const Described& described) {
    std::cout << described.location << '\n';
    if (!described.error.empty())
        std::cout << "\nlayer " << described.unavailableLayer << '\n' << "  unavailable: " << described.error << '\n';
    if (described.models) printModels(*described.models);
    if (described.raster) printRaster(*described.raster);
    for (const auto& d : described.layers) {
        std::cout << "\nlayer " << d.name << '\n'
                  << "  geometry: " << d.geometryType << '\n'
                  << "  features: " << d.featureCount << '\n'
                  << "  crs: " << (d.crs.empty() ? "(none)" : d.crs) << '\n'
                  << "  extent: " << extentText(d.nativeExtent, 6) << '\n'
                  << "  extent (WGS84 lon/lat): " << extentText(d.lonLatExtent, 6) << '\n'
                  << "  fields:\n";
        for (const auto& f : d.fields) std::cout << "    " << f.name << ": " << geo::fieldTypeName(f.type) << '\n';
        for (const auto& s : d.samples) {
            std::cout << "  feature " << s.fid;
            if (s.centroidLonLat)
                std::cout << std::fixed << std::setprecision(6) << " (centroid " << s.centroidLonLat->x << ", "
                          << s.centroidLonLat->y << ")" << std::defaultfloat;
            std::cout << '\n';
            for (std::size_t i = 0; i < d.fields.size() && i < s.values.size(); ++i)
                std::cout << "    " << d.fields[i].name << " = " << geo::toString(s.values[i]) << '\n';
        }
    }
}

/// Each layer of a project, described from its source; a layer whose source or layer cannot be read
/// is listed with the reason (and warned about), as loading the project keeps the others. InputError
/// (the first layer's) only when no layer can be read at all.
std::vector<Described> describeProject(const InfoOptions& options) {
    geo::Project project = geo::openProject(options.input, options.layer);
    std::vector<Described> described;
    for (const geo::LayerSpec& spec : project.layers) {
        Described d;
        d.projectLayer = spec.name;
        d.visible = spec.visible;
        d.kind = geo::layerKindName(spec.kind);
        if (!spec.extrudeField.empty()) d.extrude = spec.extrudeField;
        else if (spec.extrudeConstant > 0) d.extrude = spec.extrudeConstant;
        d.exaggeration = spec.exaggeration;
        d.location = geo::isPostgresLocation(spec.source) ? geo::maskPassword(spec.source) : spec.source;
        try {
            if (spec.kind == geo::LayerKind::Models) {
                d.models = geo::describeModels(spec);
                described.push_back(std::move(d));
                continue;
            }
            if ((d.raster = geo::describeRaster(spec.source, spec.rasterCrs))) {
                described.push_back(std::move(d));
                continue;
            }
            geo::Source source = geo::Source::open(spec.source);
            // The layer the project layer draws (an empty `layer` means the source's only or first one).
            const std::string name = source.layer(spec.layer).GetName();
            d.layers = geo::describe(source, name, options.features);
            d.location = source.location();
            if (!d.layers.empty())
                for (const std::string& warning : geo::missingFieldWarnings(project.path, spec, d.layers.front().fields))
                    geo::log().warn("{}", warning);
        } catch (const geo::InputError& e) {
            d.unavailableLayer = spec.layer.empty() ? spec.name : spec.layer;
            d.error = e.what();
        }
        described.push_back(std::move(d));
    }
    bool any = false;
    for (const Described& d : described) any = any || d.error.empty();
    if (!any) throw geo::InputError(described.front().error);
    for (const Described& d : described)
        if (!d.error.empty()) geo::log().warn("layer '{}' is unavailable: {}", d.projectLayer, d.error);
    return described;
}

}  // namespace

CommandRunner addInfoCommand(CLI::App& app, const CommandContext&) {
    auto options = std::make_shared<InfoOptions>();
    CLI::App* cmd = app.add_subcommand("info", "Describe the layers of a data source or project");
    cmd->add_option("input", options->input, "A GDAL vector or raster source (file or connection string) or a project .toml")
        ->required();
    cmd->add_option("--layer", options->layer, "Only this layer");
    cmd->add_flag("--json", options->json, "Print JSON instead of text");
    cmd->add_option("--features", options->features, "Also print the first N features' attributes and centroids")
        ->check(CLI::Validator(
            [](std::string& text) {
                bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
                return digits && text.size() < 10 ? std::string() : "must be a whole number >= 0, got '" + text + "'";
            },
            "N", "whole number"));
    return [options] {
        // A project describes each of its layers' sources; a source describes itself.
        std::vector<Described> described;
        const bool isProject = geo::isProjectFileName(options->input);
        if (isProject) {
            described = describeProject(*options);
        } else if (std::filesystem::is_directory(options->input) &&
                   std::filesystem::exists(std::filesystem::path(options->input) / "metadata.xml")) {
            // A model tile set's folder: its metadata and tiles.
            geo::LayerSpec spec;
            spec.name = std::filesystem::path(options->input).filename().string();
            spec.source = options->input;
            spec.kind = geo::LayerKind::Models;
            described.emplace_back().location = options->input;
            described.back().models = geo::describeModels(spec);
        } else if (std::optional<geo::RasterDescription> raster = geo::describeRaster(options->input);
                   raster && !raster->hasVectorLayers) {
            if (!options->layer.empty())
                throw geo::InputError(options->input + ": is a raster; it has no layer '" + options->layer + "'");
            described.emplace_back().location = options->input;
            described.back().raster = std::move(raster);
        } else {
            // A GeoPackage holding tiles and vector layers shows both.
            geo::Source source = geo::Source::open(options->input);
            auto layers = geo::describe(source, options->layer, options->features);
            Described& d = described.emplace_back();
            d.location = source.location();   // a database's password masked
            d.layers = std::move(layers);
            d.raster = std::move(raster);
        }
        if (options->json) {
            nlohmann::json json = nlohmann::json::array();
            for (const Described& d : described) {
                nlohmann::json ls = nlohmann::json::array();
                for (const auto& l : d.layers) ls.push_back(toJson(l));
                nlohmann::json entry = {{"source", d.location}, {"layers", ls}};
                if (d.models) entry["models"] = toJson(*d.models);
                if (d.raster) entry["raster"] = toJson(*d.raster);
                if (isProject) {
                    entry["project_layer"] = d.projectLayer;
                    entry["visible"] = d.visible;
                    entry["kind"] = d.kind;
                    entry["extrude"] = d.extrude;
                    if (d.kind == "terrain") entry["exaggeration"] = d.exaggeration;
                    entry["available"] = d.error.empty();
                    if (!d.error.empty()) entry["error"] = d.error;
                }
                json.push_back(entry);
            }
            // Invalid UTF-8 never reaches here (geo decodes it), but never let JSON output fail on it.
            std::cout << (json.size() == 1 ? json[0] : json).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                      << '\n';
        } else {
            for (std::size_t i = 0; i < described.size(); ++i) {
                if (i) std::cout << '\n';
                printText(described[i]);
            }
        }
        return 0;
    };
}

}  // namespace planview
