// `planview stats PROJECT|SOURCE [--layer L] --by FIELD [--within LAYER] [--sum FIELD]… [--format table|csv|json]`:
// area, floor area, counts and sums by category, optionally per zone; areas in the metric scene frame.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include "app/cli/Command.h"
#include "app/cli/Progress.h"
#include "app/cli/TextTable.h"
#include "geo/Errors.h"
#include "geo/Log.h"
#include "geo/Project.h"
#include "geo/ProjectData.h"
#include "geo/Statistics.h"

namespace planview {

namespace {

struct StatsOptions {
    std::string input;
    std::string layer;
    std::string by;
    std::string within;
    std::string zoneName;
    std::vector<std::string> sums;
    std::string format = "table";
    bool fromGcj02 = false;
};

std::string fixed(double v, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
    return buffer;
}

bool matches(const geo::LayerSpec& spec, const std::string& name) { return spec.name == name || spec.layer == name; }

/// The project's layer called `name` (display or source name); the first parcels (else first) layer for "".
const geo::LayerSpec& pickLayer(const geo::Project& project, const std::string& name, const char* option) {
    if (name.empty()) {
        for (const auto& l : project.layers) if (l.kind == geo::LayerKind::Parcels) return l;
        return project.layers.front();
    }
    for (const auto& l : project.layers) if (matches(l, name)) return l;
    std::string names;
    for (const auto& l : project.layers) names += (names.empty() ? "" : ", ") + l.name;
    throw geo::InputError(project.path + ": " + option + " '" + name + "' is not a layer (layers: " + names + ")");
}

void print(const geo::StatsTable& table, const std::string& format) {
    double total = 0;
    for (const auto& r : table.rows) total += r.areaM2;
    // Shares are of each zone's counted area (of the whole layer without zones), as the panel shows them.
    auto share = [](const geo::StatsRow& r) { return r.share; };
    bool hasArea = total > 0;
    bool hasFloor = false;
    for (const auto& r : table.rows) hasFloor = hasFloor || r.floorAreaKnown;
    auto meaning = [](const std::string& code) {
        const geo::LandUseClass* c = geo::findLandUseClass(code);
        return c && !code.empty() ? c->nameZh : std::string();
    };

    if (format == "json") {
        nlohmann::json rows = nlohmann::json::array();
        for (const auto& r : table.rows) {
            nlohmann::json row = {{"category", r.category}, {"count", r.count}};
            if (table.zoned) row["zone"] = r.zone;
            if (hasArea) {
                row["area_m2"] = r.areaM2;
                row["area_mu"] = r.areaM2 / geo::squareMetresPerMu;
                row["share"] = share(r);
            }
            if (hasFloor) row["floor_area_m2"] = r.floorAreaKnown ? nlohmann::json(r.floorAreaM2) : nlohmann::json(nullptr);
            for (std::size_t i = 0; i < table.sumFields.size(); ++i) row["sum_" + table.sumFields[i]] = r.sums[i];
            rows.push_back(row);
        }
        std::cout << nlohmann::json{{"by", table.by}, {"zoned", table.zoned}, {"rows", rows}}.dump(2) << '\n';
        return;
    }

    std::vector<std::string> header;
    std::vector<bool> right;
    auto column = [&](const std::string& name, bool isNumber) { header.push_back(name); right.push_back(isNumber); };
    if (table.zoned) column("zone", false);
    column(table.by, false);
    if (format == "table") column("meaning", false);
    column("count", true);
    if (hasArea) { column("area_m2", true); column("area_mu", true); column("share_%", true); }
    if (hasFloor) column("floor_area_m2", true);
    for (const auto& s : table.sumFields) column("sum_" + s, true);

    std::vector<std::vector<std::string>> rows;
    for (const auto& r : table.rows) {
        std::vector<std::string> row;
        if (table.zoned) row.push_back(r.zone);
        row.push_back(r.category);
        if (format == "table") row.push_back(meaning(r.category));
        row.push_back(std::to_string(r.count));
        if (hasArea) {
            row.push_back(fixed(r.areaM2, 1));
            row.push_back(fixed(r.areaM2 / geo::squareMetresPerMu, 2));
            row.push_back(fixed(100 * share(r), 2));
        }
        if (hasFloor) row.push_back(r.floorAreaKnown ? fixed(r.floorAreaM2, 1) : "");
        for (double s : r.sums) row.push_back(fixed(s, 2));
        rows.push_back(std::move(row));
    }
    if (format == "csv") {
        auto line = [](const std::vector<std::string>& fields) {
            std::string out;
            for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + csvField(fields[i]);
            std::cout << out << '\n';
        };
        line(header);
        for (const auto& r : rows) line(r);
    } else {
        printTable(std::cout, header, rows, right);
    }
}

}  // namespace

CommandRunner addStatsCommand(CLI::App& app, const CommandContext&) {
    auto options = std::make_shared<StatsOptions>();
    CLI::App* cmd = app.add_subcommand("stats", "Area, floor area, counts and sums by category (and by zone)");
    cmd->add_option("input", options->input, "A project .toml or a GDAL vector source")->required();
    cmd->add_option("--layer", options->layer, "The layer to count (default: the first parcels layer)");
    cmd->add_option("--by", options->by, "Group by this field (e.g. landuse, status)")->required();
    cmd->add_option("--within", options->within, "Split by the zones of this polygon layer (e.g. platforms)");
    cmd->add_option("--zone-name", options->zoneName, "Field naming each zone (default: name_zh or name)");
    cmd->add_option("--sum", options->sums, "Also add up this numeric field (repeatable)");
    addFromGcj02Option(*cmd, options->fromGcj02);
    cmd->add_option("--format", options->format, "table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
    return [options] {
        geo::Project project = geo::openProject(options->input);
        applyFromGcj02Option(options->fromGcj02, project);
        std::vector<std::string> errors;
        const geo::SceneFrame frame = geo::chooseProjectFrame(project, &errors);
        geo::Project needed = project;
        needed.layers = {pickLayer(project, options->layer, "--layer")};
        if (!options->within.empty()) needed.layers.push_back(pickLayer(project, options->within, "--within"));
        // A layer the statistics need that cannot be opened is the error, alone; layers they do not
        // use are only mentioned (after that check) when they are unavailable.
        for (std::size_t i = 0; i < project.layers.size(); ++i)
            for (const auto& l : needed.layers)
                if (l.name == project.layers[i].name && !errors[i].empty()) throw geo::InputError(errors[i]);
        for (std::size_t i = 0; i < project.layers.size(); ++i) {
            bool used = false;
            for (const auto& l : needed.layers) used = used || l.name == project.layers[i].name;
            if (!used && !errors[i].empty())
                geo::log().warn("layer '{}' is unavailable: {}", project.layers[i].name, errors[i]);
        }
        geo::ProjectData data = geo::loadProjectData(needed, &frame, terminalProgress());
        for (const auto& l : data.layers)
            if (!l.available()) throw geo::InputError(l.error);
        geo::StatsOptions statsOptions{options->by, options->sums, options->zoneName};
        geo::StatsTable table;
        try {
            table = geo::computeStatistics(data.layers[0].data, statsOptions,
                                           options->within.empty() ? nullptr : &data.layers[1].data, &data.frame);
        } catch (const geo::InputError& e) {
            throw geo::InputError(data.layers[0].spec.source + ": " + e.what());  // name the input too
        }
        print(table, options->format);
        return 0;
    };
}

}  // namespace planview
