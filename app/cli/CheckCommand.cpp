// `planview check PROJECT|SOURCE [--layer L] [--rules FILE] [--format table|csv|json|gpkg] [-o OUT] [--overwrite]`:
// regulatory checks (控规检查, geo/Checks): every parcel's limits (its own attributes, or the project's
// and the rules file's [[rule]] tables) against its measured height, FAR, density, green ratio and
// setback. One row a parcel and limit, then a summary line; a violation is a finding, not an error,
// so the exit code is 0 whatever the parcels do.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <tuple>
#include <nlohmann/json.hpp>
#include "app/cli/Command.h"
#include "app/cli/Progress.h"
#include "app/cli/TextTable.h"
#include "geo/CheckOutput.h"
#include "geo/Checks.h"
#include "geo/Errors.h"
#include "geo/Log.h"
#include "geo/Project.h"
#include "geo/ProjectData.h"

namespace planview {

namespace {

struct CheckOptions {
    std::string input, layer, rules;
    OutputOptions out;
    bool fromGcj02 = false;
};

std::string fixed(double v, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
    return buffer;
}

/// A limit's or a measure's value for people: metres, a ratio, or a percentage.
std::string shown(double v, geo::LimitKind k) {
    if (!std::isfinite(v)) return "";
    if (geo::isShareLimit(k)) return fixed(100 * v, 1) + "%";
    if (k == geo::LimitKind::MaxFar) return fixed(v, 2);
    return fixed(v, 1) + " m";
}

std::string summaryLine(const geo::CheckReport& r) {
    return std::to_string(r.parcels) + " parcels, " + std::to_string(r.parcelsWithLimits) + " with limits, " +
           std::to_string(r.parcelsViolating) + " breaking at least one; " + std::to_string(r.rows.size()) + " checks: " +
           std::to_string(r.pass) + " pass, " + std::to_string(r.violations) + " exceed (or fall short), " +
           std::to_string(r.noData) + " without data";
}

void render(std::ostream& out, const geo::CheckReport& report, const std::string& format) {
    if (format == "json") {
        nlohmann::json rows = nlohmann::json::array();
        for (const auto& r : report.rows) {
            auto number = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); };
            rows.push_back({{"id", r.id}, {"name", r.name}, {"landuse", r.landuse}, {"limit", geo::limitKey(r.kind)},
                            {"indicator", geo::limitNameZh(r.kind)}, {"limit_value", r.limit}, {"measured", number(r.measured)},
                            {"result", geo::checkOutcomeName(r.outcome, r.kind)},
                            {"by", r.outcome == geo::CheckOutcome::Violation ? nlohmann::json(r.by) : nlohmann::json(nullptr)},
                            {"source", r.source}});
        }
        const nlohmann::json summary = {{"parcels", report.parcels}, {"parcels_with_limits", report.parcelsWithLimits},
                                        {"parcels_violating", report.parcelsViolating}, {"checks", report.rows.size()},
                                        {"pass", report.pass}, {"violations", report.violations}, {"no_data", report.noData}};
        out << nlohmann::json{{"summary", summary}, {"rows", rows}}.dump(2) << '\n';
        return;
    }
    if (format == "csv") {
        auto line = [&](const std::vector<std::string>& values) {
            for (std::size_t i = 0; i < values.size(); ++i) out << (i ? "," : "") << csvField(values[i]);
            out << '\n';
        };
        line(geo::checkColumns());
        for (const auto& r : report.rows) {
            auto exact = [](double v) {
                if (!std::isfinite(v)) return std::string();
                char buffer[64];
                std::snprintf(buffer, sizeof buffer, "%.17g", v);
                return std::string(buffer);
            };
            line({r.id, r.name, r.landuse, geo::limitKey(r.kind), geo::limitNameZh(r.kind), exact(r.limit), exact(r.measured),
                  geo::checkOutcomeName(r.outcome, r.kind), r.outcome == geo::CheckOutcome::Violation ? exact(r.by) : "",
                  r.source});
        }
        return;
    }
    std::vector<std::vector<std::string>> rows;
    for (const auto& r : report.rows) {
        std::string result = geo::checkOutcomeName(r.outcome, r.kind);
        if (r.outcome == geo::CheckOutcome::Violation) result += " by " + shown(r.by, r.kind);
        rows.push_back({r.id, r.name, r.landuse, std::string(geo::limitNameZh(r.kind)) + " " + geo::limitKey(r.kind),
                        shown(r.limit, r.kind), shown(r.measured, r.kind), result, r.source});
    }
    printTable(out, {"id", "name", "landuse", "limit", "limit_value", "measured", "result", "source"}, rows,
               {false, false, false, false, true, true, false, false});
    out << summaryLine(report) << '\n';
}

}  // namespace

CommandRunner addCheckCommand(CLI::App& app, const CommandContext&) {
    auto o = std::make_shared<CheckOptions>();
    CLI::App* cmd = app.add_subcommand("check", "Regulatory checks (控规): parcels' height, FAR, density, green ratio and setbacks against their limits");
    cmd->add_option("input", o->input, "A project .toml or a GDAL vector source")->required();
    cmd->add_option("--layer", o->layer, "The parcels to check (default: [check] layer, else the first parcels layer)");
    cmd->add_option("--rules", o->rules, "A TOML file of [[rule]] tables (and [check] settings), applied after the project's");
    addOutputOptions(*cmd, o->out);
    addFromGcj02Option(*cmd, o->fromGcj02);
    return [o] {
        const std::string format = o->out.chosen();
        geo::Project project = geo::openProject(o->input);
        applyFromGcj02Option(o->fromGcj02, project);
        geo::CheckSettings settings = project.checks;
        if (!o->rules.empty()) settings.merge(geo::loadCheckRules(o->rules));
        if (!o->layer.empty()) settings.layer = o->layer;

        // The layers the check reads: the parcels, then the buildings, green and zones it is given.
        geo::Project needed = project;
        needed.layers.clear();
        if (settings.layer.empty()) {
            for (const auto& l : project.layers)
                if (l.kind == geo::LayerKind::Parcels) { needed.layers.push_back(l); break; }
            if (needed.layers.empty()) needed.layers.push_back(project.layers.front());
        } else {
            needed.layers.push_back(pickLayer(project, settings.layer, o->layer.empty() ? "[check] layer" : "--layer"));
        }
        int buildings = -1, green = -1, zones = -1;
        for (auto [name, index, what] : {std::tuple{&settings.buildings, &buildings, "[check] buildings"},
                                         {&settings.green, &green, "[check] green"}, {&settings.zones, &zones, "[check] zones"}}) {
            if (name->empty()) continue;
            *index = static_cast<int>(needed.layers.size());
            needed.layers.push_back(pickLayer(project, *name, what));
        }
        std::vector<std::string> errors;
        const geo::SceneFrame frame = geo::chooseProjectFrame(project, &errors);
        for (std::size_t i = 0; i < project.layers.size(); ++i)
            for (const auto& l : needed.layers)
                if (l.name == project.layers[i].name && !errors[i].empty()) throw geo::InputError(errors[i]);
        geo::ProjectData data = geo::loadProjectData(needed, &frame, terminalProgress());
        for (const auto& l : data.layers)
            if (!l.available()) throw geo::InputError(l.spec.source + ": " + l.error);
        auto layer = [&](int i) {
            return i < 0 ? geo::CheckLayer{} : geo::CheckLayer{&data.layers[static_cast<std::size_t>(i)].spec,
                                                               &data.layers[static_cast<std::size_t>(i)].data};
        };
        const geo::CheckInput input{layer(0), layer(buildings), layer(green), layer(zones)};
        geo::CheckReport report;
        try {
            report = geo::runChecks(input, settings, &data.frame);
        } catch (const geo::InputError& e) {
            const std::string what = e.what();
            // A rule's own message names its file; the others name the parcels' source.
            for (const auto& rule : settings.rules)
                if (what.rfind(rule.file + ":", 0) == 0) throw;
            throw geo::InputError(data.layers[0].spec.source + ": " + what);
        }

        if (format == "gpkg") {
            geo::writeChecksGpkg(o->out.output, report, data.layers[0].data, data.frame.origin(), data.frame.srs(), o->out.overwrite);
            std::cout << o->out.output << ": " << report.rows.size() << " checks written (GPKG); " << summaryLine(report) << '\n';
        } else if (!o->out.output.empty()) {
            writeTextAtomically(o->out.output, [&](std::ostream& out) { render(out, report, format); }, o->out.overwrite);
            std::cout << o->out.output << ": " << summaryLine(report) << '\n';
        } else {
            render(std::cout, report, format);
            if (format == "csv") std::cerr << "planview: check: " << summaryLine(report) << '\n';
        }
        return static_cast<int>(ExitOk);
    };
}

}  // namespace planview
