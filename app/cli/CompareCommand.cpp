// `planview compare BEFORE AFTER [--layer L] [--after-layer L2] [--key FIELD] [--tolerance M]
// [--format table|csv|json|gpkg] [-o OUT] [--overwrite]`: plan against plan (方案比选, geo/Compare).
// Two versions of a layer — two sources, two layers of one source, the same layer in two projects —
// read into one scene frame and compared feature by feature, then by indicators. What changed is a
// finding, not an error: the exit code is 0 whatever changed.
#include <optional>
#include <iostream>
#include "app/cli/Command.h"
#include "app/cli/CompareText.h"
#include "app/cli/Progress.h"
#include "geo/Errors.h"
#include "geo/Log.h"
#include "geo/Project.h"
#include "geo/ProjectData.h"

namespace planview {

namespace {

struct CompareCliOptions {
    std::string before, after, layer, afterLayer, key;
    OutputOptions out;
    double tolerance = 0.5;
    bool onlyChanges = false, fromGcj02 = false;
};

/// The first parcels layer, else the first layer (as `planview stats`).
const geo::LayerSpec& defaultLayer(const geo::Project& project) {
    if (project.layers.empty()) throw geo::InputError(project.path + ": has no layers");
    for (const auto& l : project.layers)
        if (l.kind == geo::LayerKind::Parcels) return l;
    return project.layers.front();
}

/// One version: its project, the compared layer, and what its regulatory checks read.
struct Version {
    geo::Project project;
    geo::LayerSpec spec;
    geo::CheckSettings settings;   ///< its own [check] and rules, or the other version's (see below)
    bool checked = false;          ///< whether its checks run
    std::optional<geo::ProjectData> data;   ///< layers[0] the compared layer, then buildings, green, zones as given
    int buildings = -1, green = -1, zones = -1;
};

/// Which checks a version runs: the compared layer must be parcels (or the [check] layer). A version
/// without rules of its own (a scheme given as a plain source) is checked against the other's rules
/// and zones — the regulatory plan applies to the scheme — but not the other's buildings or green.
void chooseChecks(Version& v, const Version& other) {
    const bool ownRules = !v.project.checks.rules.empty();
    v.settings = ownRules || other.project.checks.rules.empty() ? v.project.checks : other.project.checks;
    if (!ownRules && !other.project.checks.rules.empty()) v.settings.buildings.clear(), v.settings.green.clear();
    const std::string& checkLayer = v.settings.layer;
    v.checked = v.spec.kind == geo::LayerKind::Parcels || (!checkLayer.empty() && (v.spec.name == checkLayer || v.spec.layer == checkLayer));
}

void load(Version& v, const Version& other, const geo::SceneFrame& frame) {
    geo::Project needed = v.project;
    needed.layers = {v.spec};
    const bool borrowed = v.project.checks.rules.empty() && !other.project.checks.rules.empty();
    if (v.checked) {
        auto add = [&](const std::string& name, int& index, const geo::Project& from, const char* what) {
            if (name.empty()) return;
            index = static_cast<int>(needed.layers.size());
            needed.layers.push_back(pickLayer(from, name, what));
        };
        add(v.settings.buildings, v.buildings, v.project, "[check] buildings");
        add(v.settings.green, v.green, v.project, "[check] green");
        add(v.settings.zones, v.zones, borrowed ? other.project : v.project, "[check] zones");
    }
    v.data.emplace(geo::loadProjectData(needed, &frame, terminalProgress()));
    for (const auto& l : v.data->layers)
        if (!l.available()) throw geo::InputError(l.spec.source + ": " + l.error);
    if (v.data->layers[0].data.kind != geo::GeometryKind::Polygon) v.checked = false;
}

geo::CompareSide sideOf(const Version& v, bool withChecks) {
    geo::CompareSide side;
    side.layer = &v.data->layers[0].data;
    side.classField = geo::classField(v.data->layers[0].spec, v.data->layers[0].data);
    if (withChecks && v.checked) {
        auto layer = [&](int i) {
            if (i < 0) return geo::CheckLayer{};
            const auto& l = v.data->layers[static_cast<std::size_t>(i)];
            return geo::CheckLayer{&l.spec, &l.data};
        };
        side.checks = geo::CheckInput{layer(0), layer(v.buildings), layer(v.green), layer(v.zones)};
        side.settings = &v.settings;
    }
    return side;
}

}  // namespace

CommandRunner addCompareCommand(CLI::App& app, const CommandContext&) {
    auto o = std::make_shared<CompareCliOptions>();
    CLI::App* cmd = app.add_subcommand("compare", "Plan against plan (方案比选): what changed between two versions of a layer, and the indicators' deltas");
    cmd->add_option("before", o->before, "The version before: a project .toml or a GDAL vector source")->required();
    cmd->add_option("after", o->after, "The version after: a project .toml or a GDAL vector source")->required();
    cmd->add_option("--layer", o->layer, "The layer compared (default: the first parcels layer)");
    cmd->add_option("--after-layer", o->afterLayer, "The after version's layer, when its name differs (default: --layer)");
    cmd->add_option("--key", o->key, "Match features by this field (e.g. plot_code); default: by overlap");
    cmd->add_option("--tolerance", o->tolerance, "Geometry moves up to this many metres are no change (default 0.5)")
        ->check(CLI::NonNegativeNumber);
    addOutputOptions(*cmd, o->out);
    cmd->add_flag("--only-changes", o->onlyChanges, "Leave the unchanged features and indicators out (not of a GeoPackage)");
    addFromGcj02Option(*cmd, o->fromGcj02);
    return [o] {
        const std::string format = o->out.chosen();
        Version before, after;
        before.project = geo::openProject(o->before);
        after.project = geo::openProject(o->after);
        applyFromGcj02Option(o->fromGcj02, before.project);
        applyFromGcj02Option(o->fromGcj02, after.project);
        before.spec = o->layer.empty() ? defaultLayer(before.project) : pickLayer(before.project, o->layer, "--layer");
        const std::string afterName = o->afterLayer.empty() ? o->layer : o->afterLayer;
        after.spec = afterName.empty() ? defaultLayer(after.project)
                                       : pickLayer(after.project, afterName, o->afterLayer.empty() ? "--layer" : "--after-layer");
        chooseChecks(before, after);
        chooseChecks(after, before);

        // One scene frame for both: the before project's CRS (else the after's), else chosen from both layers.
        geo::Project joint = before.project;
        joint.crs = before.project.crs.empty() ? after.project.crs : before.project.crs;
        joint.layers = {before.spec, after.spec};
        std::vector<std::string> errors;
        const geo::SceneFrame frame = geo::chooseProjectFrame(joint, &errors);
        for (const std::string& e : errors)
            if (!e.empty()) throw geo::InputError(e);
        load(before, after, frame);
        load(after, before, frame);

        const geo::FeatureLayer& b = before.data->layers[0].data;
        const geo::FeatureLayer& a = after.data->layers[0].data;
        if (!o->key.empty())
            for (const Version* v : {&before, &after}) {
                try {
                    v->data->layers[0].data.requireField(o->key);
                } catch (const geo::InputError& e) {
                    throw geo::InputError(v->spec.source + ": --key '" + o->key + "': " + e.what());
                }
            }
        geo::CompareReport report;
        try {
            report = geo::compareLayers(b, a, geo::CompareOptions{o->key, o->tolerance}, &frame);
        } catch (const geo::InputError& e) {
            throw geo::InputError(o->before + ", " + o->after + ": " + e.what());
        }
        std::vector<geo::IndicatorRow> indicators;
        try {
            indicators = geo::compareIndicators(sideOf(before, true), sideOf(after, true), &frame);
        } catch (const geo::InputError& e) {
            // A rule that cannot be applied costs the checks' rows, not the comparison.
            geo::log().warn("compare: the checks are left out of the indicators: {}", e.what());
            indicators = geo::compareIndicators(sideOf(before, false), sideOf(after, false), &frame);
        }
        if (!report.duplicateKeys.empty() || report.emptyKeys) {
            std::string list;
            for (std::size_t i = 0; i < report.duplicateKeys.size() && i < 5; ++i) list += (i ? ", " : "") + report.duplicateKeys[i];
            if (report.duplicateKeys.size() > 5) list += ", …";
            std::string line = std::to_string(report.duplicateKeys.size()) + " duplicate keys of " + report.keyField +
                               " (their features paired in layer order)" + (list.empty() ? "" : ": " + list);
            if (report.emptyKeys) line += "; " + std::to_string(report.emptyKeys) + " features without a key (never matched)";
            geo::log().warn("compare: {}", line);
        }
        if (!report.onlyBefore.empty() || !report.onlyAfter.empty()) {
            auto join = [](const std::vector<std::string>& names) {
                std::string s;
                for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
                return s.empty() ? std::string("none") : s;
            };
            geo::log().info("compare: fields not compared: only before: {}; only after: {}", join(report.onlyBefore),
                            join(report.onlyAfter));
        }

        const geo::ComparedLayers layers{&b, &a};
        if (format == "gpkg") {
            geo::writeCompareGpkg(o->out.output, report, indicators, layers, frame.origin(), frame.srs(), o->out.overwrite);
            std::cout << o->out.output << ": " << report.changes.size() << " features and " << indicators.size()
                      << " indicators written (GPKG); " << compareSummary(report, layers) << '\n';
        } else if (!o->out.output.empty()) {
            writeTextAtomically(o->out.output, [&](std::ostream& out) { renderComparison(out, report, indicators, layers, format, o->onlyChanges); },
                                o->out.overwrite);
            std::cout << o->out.output << ": " << compareSummary(report, layers) << '\n';
        } else {
            renderComparison(std::cout, report, indicators, layers, format, o->onlyChanges);
            if (format == "csv") std::cerr << "planview: compare: " << compareSummary(report, layers) << '\n';
        }
        return static_cast<int>(ExitOk);
    };
}

}  // namespace planview
