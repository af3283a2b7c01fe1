// `planview sunlight PROJECT|SOURCE --layer L [--where EXPR] [--points LAYER] [--date 大寒|冬至|夏至|春分|秋分|
// YYYY-MM-DD] [--from HH:MM --to HH:MM] [--clock] [--step MIN] [--min-period MIN] [--max-periods N]
// [--threshold HOURS] [--floor-height M|FIELD] [--spacing M] [--format table|csv|json|gpkg|pdf] [-o OUT]`:
// 日照分析 to GB 50180-2018 (geo/Sunlight): the sunlit minutes of every window-sill point of the chosen
// buildings' facades (or of a point layer's points), with the periods, against a threshold.
#include <unistd.h>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>
#include <nlohmann/json.hpp>
#include "app/cli/Command.h"
#include "app/cli/Progress.h"
#include "app/cli/SunlightReport.h"
#include "app/scene/ModelTriangles.h"
#include "app/cli/TextTable.h"
#include "geo/Errors.h"
#include "geo/Project.h"
#include "geo/ProjectData.h"
#include "geo/Sun.h"
#include "geo/Sunlight.h"
#include "geo/SunlightJob.h"
#include "geo/SunlightOutput.h"

namespace planview {

namespace {

struct SunlightOptions {
    std::string input, layer, where, points, date = "大寒", from, to, extrude, floorHeight = "3", pointHeight = "0.9";
    OutputOptions out;
    int year = 0;
    bool clock = false, fromGcj02 = false, timing = false;
    double step = 1, minPeriod = 5, threshold = 2, spacing = 1, utcOffset = 8;
    int maxPeriods = 0, threads = 0;
};

/// "HH:MM" (00:00–24:00) as minutes after midnight; InputError naming the option otherwise.
double parseClock(const std::string& text, const char* option) {
    int h = -1, m = -1;
    char tail = 0;
    if (std::sscanf(text.c_str(), "%2d:%2d%c", &h, &m, &tail) != 2 || text.size() != 5 || h < 0 || h > 24 || m < 0 ||
        m > 59 || (h == 24 && m != 0))
        throw geo::InputError(std::string(option) + " '" + text + "' is not a time of day (HH:MM, 00:00–24:00)");
    return h * 60 + m;
}

std::string formatMinutes(double minutes) {
    const long seconds = std::lround(minutes * 60);
    char buffer[32];
    if (seconds % 60 == 0) std::snprintf(buffer, sizeof buffer, "%02ld:%02ld", seconds / 3600, seconds / 60 % 60);
    else std::snprintf(buffer, sizeof buffer, "%02ld:%02ld:%02ld", seconds / 3600, seconds / 60 % 60, seconds % 60);
    return buffer;
}

std::string fixed(double v, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
    return buffer;
}

/// The sun's day and window from the options: a solar term (of --year, default this year) or a date.
geo::SunlightWindow sunWindow(const SunlightOptions& o, std::string* dateLabel) {
    geo::SunlightWindow w;
    const std::optional<geo::SolarTerm> term = geo::parseSolarTerm(o.date);
    if (term) {
        int year = o.year;
        if (year == 0) {
            const std::time_t now = std::time(nullptr);
            std::tm local{};
            localtime_r(&now, &local);
            year = local.tm_year + 1900;
        }
        if (year < 1900 || year > 2150) throw geo::InputError("--year " + std::to_string(year) + " is outside 1900–2150");
        w.date = geo::solarTermDate(*term, year, o.utcOffset);
        *dateLabel = geo::formatCivilDate(w.date) + " (" + geo::solarTermName(*term) + ")";
    } else {
        try {
            w.date = geo::parseCivilDate(o.date);
        } catch (const geo::InputError& e) {
            throw geo::InputError("--date: " + std::string(e.what()) + "; or a solar term: 大寒, 冬至, 夏至, 春分, 秋分");
        }
        *dateLabel = geo::formatCivilDate(w.date);
    }
    // The standard's windows: 8:00–16:00 true solar time on 大寒, 9:00–15:00 on 冬至.
    const bool dongzhi = term && *term == geo::SolarTerm::WinterSolstice;
    w.fromMinutes = o.from.empty() ? (dongzhi ? 9 * 60 : 8 * 60) : parseClock(o.from, "--from");
    w.toMinutes = o.to.empty() ? (dongzhi ? 15 * 60 : 16 * 60) : parseClock(o.to, "--to");
    if (w.fromMinutes >= w.toMinutes)
        throw geo::InputError("the time window is empty: --from " + formatMinutes(w.fromMinutes) + " is not before --to " +
                              formatMinutes(w.toMinutes));
    if (!(o.step > 0) || o.step > w.toMinutes - w.fromMinutes)
        throw geo::InputError("--step " + fixed(o.step, 2) + " must be more than 0 and at most the window's length");
    if (o.minPeriod < 0) throw geo::InputError("--min-period must not be negative");
    if (o.maxPeriods < 0) throw geo::InputError("--max-periods must not be negative");
    if (o.threshold < 0) throw geo::InputError("--threshold must not be negative");
    w.utcOffsetHours = o.utcOffset;
    w.stepMinutes = o.step;
    w.minPeriodMinutes = o.minPeriod;
    w.maxPeriods = o.maxPeriods;
    return w;
}

/// A progress line on stderr (when it is a terminal), at most ten times a second.
std::function<void(std::size_t, std::size_t)> sunlightProgress() {
    if (!isatty(STDERR_FILENO)) return {};
    auto last = std::make_shared<std::chrono::steady_clock::time_point>();
    return [last](std::size_t done, std::size_t total) {
        const auto now = std::chrono::steady_clock::now();
        if (done < total && now - *last < std::chrono::milliseconds(100)) return;
        *last = now;
        if (done >= total) std::fprintf(stderr, "\r\033[K");
        else std::fprintf(stderr, "\r\033[Kplanview: sunlight: %zu of %zu points, %.0f%%", done, total, 100.0 * done / total);
        std::fflush(stderr);
    };
}

nlohmann::json jsonRow(const std::vector<geo::FieldDef>& fields, const std::vector<geo::Value>& row) {
    nlohmann::json j = nlohmann::json::object();
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const geo::Value& v = row[i];
        if (fields[i].name == "periods") {
            nlohmann::json periods = nlohmann::json::array();
            std::istringstream in(std::get<std::string>(v));
            for (std::string p; in >> p;) {
                const auto dash = p.find('-');
                periods.push_back({{"start", p.substr(0, dash)}, {"end", p.substr(dash + 1)}});
            }
            j["periods"] = periods;
        } else if (fields[i].name == "pass") {
            j["pass"] = std::get<std::string>(v) == "yes";
        } else if (std::holds_alternative<std::int64_t>(v)) {
            j[fields[i].name] = std::get<std::int64_t>(v);
        } else if (std::holds_alternative<double>(v)) {
            j[fields[i].name] = std::get<double>(v);
        } else if (std::holds_alternative<std::string>(v)) {
            j[fields[i].name] = std::get<std::string>(v);
        } else {
            j[fields[i].name] = nullptr;
        }
    }
    return j;
}

/// A row's values as the text and CSV outputs show them.
void textCells(const std::vector<geo::FieldDef>& fields, const std::vector<geo::Value>& row, std::vector<std::string>& text) {
    text.clear();
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const geo::Value& v = row[i];
        const std::string& name = fields[i].name;
        if (std::holds_alternative<double>(v))
            text.push_back(fixed(std::get<double>(v), name == "lon" || name == "lat" ? 7 : name == "sun_minutes" ? 1 : 2));
        else
            text.push_back(geo::toString(v));
    }
}

/// The rows as JSON (streamed, one row at a time), CSV (streamed) or an aligned table with a summary line.
void render(std::ostream& out, const geo::PointTable& table, const std::string& format, const nlohmann::json& summary) {
    const auto& fields = table.fields;
    std::vector<geo::Value> row;
    geo::SunVec3 point;
    if (format == "json") {
        out << "{\n  \"summary\": " << summary.dump() << ",\n  \"rows\": [";
        for (std::size_t r = 0; r < table.count; ++r) {
            row.clear();
            table.row(r, row, point);
            out << (r ? ",\n    " : "\n    ") << jsonRow(fields, row).dump();
        }
        out << (table.count ? "\n  ]\n}\n" : "]\n}\n");
        return;
    }
    auto cells = [&](std::vector<std::string>& text) { textCells(fields, row, text); };
    std::vector<std::string> header, text;
    std::vector<bool> right;
    for (const auto& f : fields) {
        header.push_back(f.name);
        right.push_back(f.type == geo::FieldType::Integer || f.type == geo::FieldType::Real);
    }
    if (format == "csv") {
        auto line = [&](const std::vector<std::string>& values) {
            for (std::size_t i = 0; i < values.size(); ++i) out << (i ? "," : "") << csvField(values[i]);
            out << '\n';
        };
        line(header);
        for (std::size_t r = 0; r < table.count; ++r) {
            row.clear();
            table.row(r, row, point);
            cells(text);
            line(text);
        }
        return;
    }
    std::vector<std::vector<std::string>> rows;
    for (std::size_t r = 0; r < table.count; ++r) {
        row.clear();
        table.row(r, row, point);
        cells(text);
        rows.push_back(text);
    }
    printTable(out, header, rows, right);
    out << summary["points"].get<std::size_t>() << " points, " << summary["passing"].get<std::size_t>() << " with at least "
        << summary["threshold_hours"].get<double>() << " h of sun, " << summary["failing"].get<std::size_t>()
        << " without; " << summary["date"].get<std::string>() << " " << summary["from"].get<std::string>() << "–"
        << summary["to"].get<std::string>() << " true solar time, every " << summary["step_minutes"].get<double>()
        << " min, periods of at least " << summary["min_period_minutes"].get<double>() << " min\n";
}

std::string number(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", v);
    return buffer;
}

/// The PDF report of a run: the parameters as given, the summary, the map, the failing buildings and
/// floors (with --points: the failing points), and every row.
SunlightReport reportOf(const SunlightOptions& o, const geo::Project& project, const std::string& dateLabel, const geo::SunlightJob& job,
                        const std::vector<geo::SunlightResult>& results, const geo::PointTable& table, std::size_t passing,
                        std::size_t rays) {
    const geo::SunlightWindow& w = job.window;
    const geo::LoadedLayer& buildings = job.buildings();
    const bool facades = !job.pointLayer();
    const double needed = o.threshold * 60 - 1e-9;
    SunlightReport report;
    report.title = project.title.empty() ? o.input : project.title + " — " + o.input;
    auto& p = report.parameters;
    p.push_back({"项目 Project", o.input});
    p.push_back({"建筑图层 Layer", o.layer + (o.extrude.empty() ? "" : " (高度 height: " + o.extrude + ")")});
    p.push_back({"条件 Where", o.where.empty() ? "全部 all" : o.where});
    if (!facades) p.push_back({"计算点图层 Points", o.points + ", 高度 height " + o.pointHeight + (o.pointHeight.find_first_not_of("0123456789.") == std::string::npos ? " m" : "")});
    p.push_back({"日期 Date", dateLabel});
    std::string window = formatMinutes(w.fromMinutes) + "–" + formatMinutes(w.toMinutes) + " 真太阳时 true solar time";
    if (o.clock) window += " (given as clock time " + o.from + "–" + o.to + ", UTC" + (o.utcOffset >= 0 ? "+" : "") + number(o.utcOffset) + ")";
    p.push_back({"时段 Window", window});
    p.push_back({"步长 Step", number(w.stepMinutes) + " min"});
    p.push_back({"最短连续时段 Min period", number(w.minPeriodMinutes) + " min"});
    p.push_back({"最多时段 Max periods", w.maxPeriods > 0 ? std::to_string(w.maxPeriods) : "全部 all"});
    p.push_back({"日照标准 Threshold", number(o.threshold) + " h"});
    if (facades) {
        p.push_back({"点间距 Spacing", number(o.spacing) + " m"});
        const bool metres = o.floorHeight.find_first_not_of("0123456789.") == std::string::npos;
        p.push_back({"层高 Floor height", o.floorHeight + (metres ? " m" : "") + ", 窗台 sill 0.9 m"});
    }
    char place[96];
    std::snprintf(place, sizeof place, "%.5f E, %.5f N; ", w.lon, w.lat);
    p.push_back({"位置 Place", place + job.frame().crsName()});

    const std::size_t count = results.size(), failing = count - passing;
    report.summary.push_back("计算点 " + std::to_string(count) + " points: " + std::to_string(passing) + " 达标 pass, " +
                             std::to_string(failing) + " 未达标 fail (< " + number(o.threshold) + " h)");
    // Facades: each building's verdict and its failing floors.
    struct Floor {
        std::size_t points = 0, failing = 0;
        double least = 1e300, most = -1;
    };
    std::map<std::size_t, std::map<int, Floor>> floors;   // feature → floor → its points
    for (std::size_t i = 0; i < count; ++i) {
        Floor& f = floors[job.points[i].feature][job.points[i].floor];
        ++f.points;
        f.failing += results[i].minutes < needed;
        f.least = std::min(f.least, results[i].minutes);
        f.most = std::max(f.most, results[i].minutes);
    }
    const std::string nameField = !buildings.spec.label.empty() ? buildings.spec.label
                                  : buildings.data.fieldIndex("name_zh") >= 0 ? "name_zh" : "name";
    if (facades) {
        std::size_t failingBuildings = 0, failingFloors = 0;
        report.failingTitle = "未达标的建筑与楼层 Failing buildings and floors";
        report.failingColumns = {"building_id", "name", "floor", "failing points", "least sun (min)", "most sun (min)"};
        for (const auto& [feature, byFloor] : floors) {
            const geo::Feature& f = buildings.data.features[feature];
            bool fails = false;
            for (const auto& [floor, stats] : byFloor) {
                if (!stats.failing) continue;
                fails = true;
                ++failingFloors;
                report.failingRows.push_back({std::to_string(f.fid), geo::toString(buildings.data.value(f, nameField)), std::to_string(floor),
                                              std::to_string(stats.failing) + " / " + std::to_string(stats.points), fixed(stats.least, 1),
                                              fixed(stats.most, 1)});
            }
            failingBuildings += fails;
            report.targets.push_back({&f.polygons, fails});
        }
        report.summary.push_back("建筑 " + std::to_string(floors.size()) + " buildings analysed: " + std::to_string(failingBuildings) +
                                 " with failing points, on " + std::to_string(failingFloors) + " floors");
    } else {
        report.failingTitle = "未达标的计算点 Failing points";
        report.failingColumns = {"fid", "sun (min)", "lon", "lat"};
        const geo::LoadedLayer& layer = *job.pointLayer();
        for (std::size_t a = 0; a < layer.data.fields.size() && a < 3; ++a) report.failingColumns.push_back(layer.data.fields[a].name);
        for (std::size_t i = 0; i < count; ++i) {
            if (results[i].minutes >= needed) continue;
            const geo::Feature& f = layer.data.features[job.points[i].feature];
            const geo::Vec2 ll = job.frame().toLonLat(job.points[i].position);
            std::vector<std::string> row{std::to_string(f.fid), fixed(results[i].minutes, 1), fixed(ll.x, 7), fixed(ll.y, 7)};
            for (std::size_t a = 0; a < layer.data.fields.size() && a < 3; ++a) row.push_back(a < f.values.size() ? geo::toString(f.values[a]) : "");
            report.failingRows.push_back(row);
        }
    }
    report.summary.push_back("光线 " + std::to_string(rays) + " rays cast");

    for (const geo::Prism& prism : job.prisms) report.obstacles.push_back(&prism.footprint);
    for (std::size_t i = 0; i < count; ++i)
        report.points.push_back({job.points[i].position, results[i].minutes, results[i].minutes < needed});
    report.thresholdMinutes = o.threshold * 60;
    report.windowMinutes = w.toMinutes - w.fromMinutes;
    report.trueNorthInGrid = w.trueNorthInGrid;
    for (const auto& f : table.fields) report.columns.push_back(f.name);
    report.rowCount = table.count;
    report.row = [&table](std::size_t i, std::vector<std::string>& cells) {
        std::vector<geo::Value> values;
        geo::SunVec3 point;
        table.row(i, values, point);
        textCells(table.fields, values, cells);
    };
    return report;
}

}  // namespace

CommandRunner addSunlightCommand(CLI::App& app, const CommandContext&) {
    auto o = std::make_shared<SunlightOptions>();
    CLI::App* cmd = app.add_subcommand("sunlight", "Sunlight hours (日照) of buildings' facades or of points, to GB 50180-2018");
    cmd->add_option("input", o->input, "A project .toml or a GDAL vector source")->required();
    cmd->add_option("--layer", o->layer, "The extruded layer of buildings (display or source name)")->required();
    cmd->add_option("--where", o->where, "Only the buildings (with --points: the points) matching this SQL expression");
    cmd->add_option("--points", o->points, "Count at the points of this point layer instead of the facades");
    cmd->add_option("--date", o->date, "大寒, 冬至, 夏至, 春分, 秋分 (of --year) or YYYY-MM-DD")->capture_default_str();
    cmd->add_option("--year", o->year, "The year of a solar term (default: this year)");
    cmd->add_option("--from", o->from, "Window start, HH:MM true solar time (default 08:00; 09:00 on 冬至)");
    cmd->add_option("--to", o->to, "Window end, HH:MM true solar time (default 16:00; 15:00 on 冬至)");
    cmd->add_flag("--clock", o->clock, "--from and --to are clock times of the zone --utc-offset, not true solar time");
    cmd->add_option("--utc-offset", o->utcOffset, "The clock's zone, hours east of UTC")->capture_default_str();
    cmd->add_option("--step", o->step, "Minutes between the sun's positions")->capture_default_str();
    cmd->add_option("--min-period", o->minPeriod, "Shorter continuous sunlit periods do not count (minutes)")->capture_default_str();
    cmd->add_option("--max-periods", o->maxPeriods, "Count only the N longest periods (0 = all)")->capture_default_str();
    cmd->add_option("--threshold", o->threshold, "Hours of sun a point needs to pass")->capture_default_str();
    cmd->add_option("--floor-height", o->floorHeight, "Metres a floor, or the field giving them")->capture_default_str();
    cmd->add_option("--spacing", o->spacing, "Metres between points along a facade")->capture_default_str();
    cmd->add_option("--extrude", o->extrude, "The buildings' heights: a field or metres (default: the project's extrude)");
    cmd->add_option("--point-height", o->pointHeight, "With --points: metres above the ground, or the field giving them")->capture_default_str();
    cmd->add_option("--threads", o->threads, "Threads to cast rays on (default: every core)");
    addOutputOptions(*cmd, o->out, {"table", "csv", "json", "gpkg", "pdf"});
    cmd->add_flag("--timing", o->timing, "Say on stderr how many rays were cast and how long it took");
    addFromGcj02Option(*cmd, o->fromGcj02);
    return [o] {
        const std::string format = o->out.chosen();
        std::string dateLabel;
        const geo::SunlightWindow requested = sunWindow(*o, &dateLabel);
        geo::Project project = geo::openProject(o->input);
        applyFromGcj02Option(o->fromGcj02, project);
        geo::SunlightRequest request;
        request.layer = o->layer;
        request.where = o->where;
        request.points = o->points;
        request.extrude = o->extrude;
        request.floorHeight = o->floorHeight;
        request.pointHeight = o->pointHeight;
        request.spacing = o->spacing;
        request.clockWindow = o->clock;
        geo::SunlightJob job = geo::prepareSunlight(project, request, requested, terminalProgress());
        job.models = planview::modelTriangles(job.data, job).corners;
        const geo::SunlightWindow& window = job.window;
        const geo::SceneFrame& frame = job.frame();
        const geo::LoadedLayer& target = job.buildings();
        const geo::LoadedLayer* pointLayer = job.pointLayer();
        const std::vector<geo::SunlightPoint>& points = job.points;

        geo::Obstacles obstacles(job.prisms, job.ground, job.models);
        const int threads = o->threads > 0 ? o->threads : std::max(1u, std::thread::hardware_concurrency());
        geo::SunlightStats stats;
        const auto results = geo::computeSunlight(points, obstacles, window, threads, sunlightProgress(), &stats);

        geo::PointTable table;
        auto& fields = table.fields;
        using FT = geo::FieldType;
        std::size_t attributeCount = 0;
        if (pointLayer) {
            fields.push_back({"fid", FT::Integer});
            for (const auto& f : pointLayer->data.fields) {
                fields.push_back({f.name, f.type == FT::Integer || f.type == FT::Real ? f.type : FT::String});
                ++attributeCount;
            }
        } else {
            fields.push_back({"building_id", FT::Integer});
            fields.push_back({"name", FT::String});
            fields.push_back({"floor", FT::Integer});
            fields.push_back({"facing", FT::Real});   // the facade's outward direction, degrees from true north
        }
        for (const char* name : {"lon", "lat", "x", "y", "height", "sun_minutes"}) fields.push_back({name, FT::Real});
        fields.push_back({"periods", FT::String});
        fields.push_back({"pass", FT::String});
        const std::string nameField = !target.spec.label.empty() ? target.spec.label
                                      : target.data.fieldIndex("name_zh") >= 0 ? "name_zh" : "name";
        const double neededMinutes = o->threshold * 60 - 1e-9;
        std::size_t passing = 0;
        for (const auto& r : results) passing += r.minutes >= neededMinutes;
        table.count = points.size();
        table.row = [&](std::size_t i, std::vector<geo::Value>& row, geo::SunVec3& point) {
            const geo::SunlightPoint& p = points[i];
            if (pointLayer) {
                const geo::Feature& f = pointLayer->data.features[p.feature];
                row.push_back(static_cast<std::int64_t>(f.fid));
                for (std::size_t a = 0; a < attributeCount; ++a) row.push_back(a < f.values.size() ? f.values[a] : geo::Value{});
            } else {
                const geo::Feature& f = target.data.features[p.feature];
                row.push_back(static_cast<std::int64_t>(f.fid));
                row.push_back(geo::toString(target.data.value(f, nameField)));
                row.push_back(static_cast<std::int64_t>(p.floor));
                const double facing = std::atan2(p.normal.x, p.normal.y) * 180 / 3.14159265358979323846 - window.trueNorthInGrid;
                const double wrapped = std::fmod(facing + 720, 360.0);
                row.push_back(wrapped >= 359.995 ? 0.0 : wrapped);
            }
            const geo::Vec2 ll = frame.toLonLat(p.position);
            std::string periods;
            for (const auto& period : results[i].periods)
                periods += (periods.empty() ? "" : " ") + formatMinutes(period.start) + "-" + formatMinutes(period.end);
            for (double v : {ll.x, ll.y, p.position.x, p.position.y, p.height, results[i].minutes}) row.push_back(v);
            row.push_back(periods);
            row.push_back(std::string(results[i].minutes >= neededMinutes ? "yes" : "no"));
            // The point's elevation: its height above the ground it stands on (the terrain's, else 0).
            point = {p.position.x + frame.origin().x, p.position.y + frame.origin().y, p.base + p.height};
        };

        const nlohmann::json summary = {
            {"date", dateLabel}, {"from", formatMinutes(window.fromMinutes)}, {"to", formatMinutes(window.toMinutes)},
            {"time", "true solar time"}, {"lon", window.lon}, {"lat", window.lat}, {"step_minutes", window.stepMinutes},
            {"min_period_minutes", window.minPeriodMinutes}, {"max_periods", window.maxPeriods},
            {"threshold_hours", o->threshold}, {"points", points.size()}, {"passing", passing},
            {"failing", points.size() - passing}, {"rays", stats.rays},
            {"crs", frame.crsName()}};
        if (o->timing)
            std::fprintf(stderr, "planview: sunlight: %zu points, %zu rays, %.0f ms (%.2f million rays a second, %d threads, %zu triangles)\n",
                         stats.points, stats.rays, stats.milliseconds,
                         stats.milliseconds > 0 ? stats.rays / stats.milliseconds / 1000 : 0.0, threads, obstacles.triangleCount());
        if (format == "gpkg") {
            geo::writePointTableGpkg(o->out.output, "sunlight", table, frame.srs(), "pass", o->out.overwrite);
            std::cout << o->out.output << ": " << points.size() << " points written (GPKG), " << passing << " with at least "
                      << o->threshold << " h of sun\n";
        } else if (format == "pdf") {
            const SunlightReport report = reportOf(*o, project, dateLabel, job, results, table, passing, stats.rays);
            writeTextAtomically(o->out.output, [&](std::ostream& out) { writeSunlightPdf(out, report); }, o->out.overwrite);
            std::cout << o->out.output << ": " << points.size() << " points, " << passing << " with at least " << o->threshold
                      << " h of sun (PDF report, " << report.failingRows.size() << " failing " << (pointLayer ? "points" : "floors") << ")\n";
        } else if (!o->out.output.empty()) {
            writeTextAtomically(o->out.output, [&](std::ostream& out) { render(out, table, format, summary); }, o->out.overwrite);
        } else {
            render(std::cout, table, format, summary);
        }
        return static_cast<int>(ExitOk);
    };
}

}  // namespace planview
