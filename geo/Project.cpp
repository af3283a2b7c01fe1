#include "geo/Project.h"
#include <ogrsf_frmts.h>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <toml++/toml.h>
#include "geo/Errors.h"
#include "geo/ComparePairs.h"
#include "geo/Timeline.h"
#include "geo/Log.h"
#include "geo/QgisProject.h"
#include "geo/QgisStyle.h"
#include "geo/Source.h"
#include "geo/SunView.h"

namespace fs = std::filesystem;

namespace geo {

const char* layerKindName(LayerKind k) {
    switch (k) {
    case LayerKind::Parcels: return "parcels";
    case LayerKind::Polygons: return "polygons";
    case LayerKind::Boundary: return "boundary";
    case LayerKind::Lines: return "lines";
    case LayerKind::Points: return "points";
    case LayerKind::Models: return "models";
    case LayerKind::Imagery: return "imagery";
    case LayerKind::Terrain: return "terrain";
    }
    return "polygons";
}

namespace {

bool isConnectionString(const std::string& s) {
    auto colon = s.find(':');
    return colon != std::string::npos && colon > 1 && s.find('/') > colon;
}

/// Reads one project file, turning every problem into an InputError "file:line: key: cause".
class ProjectParser {
public:
    explicit ProjectParser(std::string path) : path_(std::move(path)) {}

    Project parse(const std::string& text) {
        toml::table root;
        try {
            root = toml::parse(text, path_);
        } catch (const toml::parse_error& e) {
            throw InputError(path_ + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()));
        }
        Project p;
        p.path = path_;
        warnUnknown(root, "", {"title", "crs", "layer", "bookmark", "home", "tour", "attribution", "check", "rule", "compare"});
        p.title = optString(root, "title", "").value_or(fs::path(path_).stem().string());
        p.crs = optString(root, "crs", "").value_or("");
        for (const toml::table& t : tables(root, "layer")) p.layers.push_back(layer(t));
        for (const toml::table& t : tables(root, "bookmark")) {
            Bookmark b;
            b.name = requireString(t, "name", "bookmark");
            b.view = view(t, "bookmark '" + b.name + "'");
            if (const toml::node* layers = t.get("layers")) {
                const toml::array* list = layers->as_array();
                std::vector<std::string> names;
                for (std::size_t i = 0; list && i < list->size(); ++i) {
                    auto name = list->get(i)->value<std::string>();
                    if (!name) list = nullptr;
                    else names.push_back(*name);
                }
                if (!list) fail(*layers, "bookmark '" + b.name + "'.layers", "must be an array of layer names");
                for (const std::string& name : names) {
                    bool known = false;
                    for (const LayerSpec& l : p.layers) known = known || l.name == name;
                    if (!known) fail(*layers, "bookmark '" + b.name + "'.layers", "no layer named '" + name + "'");
                }
                b.layers = std::move(names);
            }
            if (const toml::node* date = t.get("date")) {
                auto text = date->value<std::string>();
                if (!text || !parseDate(*text))
                    fail(*date, "bookmark '" + b.name + "'.date", "must be a date as text (\"2018-06-30\")");
                b.date = *text;
            }
            if (const toml::node* sun = t.get("sun")) b.sun = sunText(*sun, "bookmark '" + b.name + "'.sun");
            if (const toml::node* compare = t.get("compare")) {
                auto mode = compare->value<std::string>();
                if (!mode || (*mode != "swipe" && *mode != "changes" && *mode != "split"))
                    fail(*compare, "bookmark '" + b.name + "'.compare", "must be \"swipe\", \"changes\" or \"split\"");
                if (!root.get("compare"))
                    fail(*compare, "bookmark '" + b.name + "'.compare", "the project has no [compare] table naming two versions");
                b.compare = *mode;
            }
            if (const toml::node* envelopes = t.get("envelopes")) {
                auto on = envelopes->value<bool>();
                if (!on || !envelopes->is_boolean()) fail(*envelopes, "bookmark '" + b.name + "'.envelopes", "must be true or false");
                b.envelopes = *on;
            }
            p.bookmarks.push_back(std::move(b));
        }
        if (auto* home = root.get("home")) {
            if (!home->is_table()) fail(*home, "home", "must be a table ([home])");
            p.home = view(*home->as_table(), "home");
        }
        if (auto attribution = optString(root, "attribution", "")) p.attribution = *attribution;
        for (const toml::table& t : tables(root, "tour")) p.tours.push_back(tour(t, p));
        if (p.layers.empty()) throw InputError(path_ + ": the project has no [[layer]]");
        return p;
    }

private:
    std::string path_;

    // A `sun` value: text parseSunTime reads (its zone checked later against the scene's default).
    std::string sunText(const toml::node& node, const std::string& key) const {
        auto text = node.value<std::string>();
        if (!text) fail(node, key, "must be a date and clock time as text (\"2020-01-20 10:00\")");
        try {
            parseSunTime(*text, 8);
        } catch (const InputError& e) {
            fail(node, key, e.what());
        }
        return *text;
    }

    [[noreturn]] void fail(const toml::node& node, const std::string& key, const std::string& cause) const {
        throw InputError(path_ + ":" + std::to_string(node.source().begin.line) + ": " + key + ": " + cause);
    }
    [[noreturn]] void failMissing(const toml::table& t, const std::string& key, const std::string& where) const {
        throw InputError(path_ + ":" + std::to_string(t.source().begin.line) + ": " + where +
                         ": missing required key '" + key + "'");
    }

    void warnUnknown(const toml::table& t, const std::string& where, std::initializer_list<const char*> known) const {
        for (const auto& [key, node] : t) {
            bool ok = false;
            for (const char* k : known) ok = ok || key.str() == k;
            if (!ok)
                log().warn("{}:{}: {}{}: unknown key, ignored", path_, node.source().begin.line,
                           where.empty() ? "" : where + ".", std::string(key.str()));
        }
    }

    std::vector<std::reference_wrapper<const toml::table>> tables(const toml::table& root, const char* key) const {
        std::vector<std::reference_wrapper<const toml::table>> out;
        const toml::node* node = root.get(key);
        if (!node) return out;
        const toml::array* array = node->as_array();
        if (!array) fail(*node, key, std::string("must be an array of tables ([[") + key + "]])");
        for (const toml::node& item : *array) {
            if (!item.is_table()) fail(item, key, std::string("must be an array of tables ([[") + key + "]])");
            out.emplace_back(*item.as_table());
        }
        return out;
    }

    std::optional<std::string> optString(const toml::table& t, const char* key, const std::string& where) const {
        const toml::node* n = t.get(key);
        if (!n) return std::nullopt;
        if (!n->is_string()) fail(*n, qualified(where, key), "must be a string");
        return n->as_string()->get();
    }
    std::string requireString(const toml::table& t, const char* key, const std::string& where) const {
        auto s = optString(t, key, where);
        if (!s) failMissing(t, key, where);
        if (s->empty()) fail(*t.get(key), qualified(where, key), "must not be empty");
        return *s;
    }
    std::optional<double> optNumber(const toml::table& t, const char* key, const std::string& where) const {
        const toml::node* n = t.get(key);
        if (!n) return std::nullopt;
        if (auto v = n->value<double>()) return *v;
        fail(*n, qualified(where, key), "must be a number");
    }
    static std::string qualified(const std::string& where, const char* key) {
        return where.empty() ? key : where + "." + key;
    }

    View view(const toml::table& t, const std::string& where) const {
        View v;
        auto lon = optNumber(t, "lon", where), lat = optNumber(t, "lat", where);
        if (!lon) failMissing(t, "lon", where);
        if (!lat) failMissing(t, "lat", where);
        if (*lon < -180 || *lon > 180) fail(*t.get("lon"), qualified(where, "lon"), "must be within -180..180");
        if (*lat < -90 || *lat > 90) fail(*t.get("lat"), qualified(where, "lat"), "must be within -90..90");
        v.lon = *lon;
        v.lat = *lat;
        v.distance = optNumber(t, "distance", where).value_or(v.distance);
        if (v.distance <= 0) fail(*t.get("distance"), qualified(where, "distance"), "must be positive (metres)");
        v.heading = optNumber(t, "heading", where).value_or(v.heading);
        v.pitch = optNumber(t, "pitch", where).value_or(v.pitch);
        if (v.pitch < 0 || v.pitch > 90) fail(*t.get("pitch"), qualified(where, "pitch"), "must be within 0..90 degrees");
        return v;
    }

    Tour tour(const toml::table& t, const Project& p) const {
        Tour tour;
        tour.name = requireString(t, "name", "tour");
        const std::string where = "tour '" + tour.name + "'";
        warnUnknown(t, where, {"name", "stop"});
        for (const Tour& other : p.tours)
            if (other.name == tour.name) fail(*t.get("name"), where + ".name", "a tour of this name comes earlier");
        for (const toml::table& s : tables(t, "stop")) {
            const std::string at = where + ".stop " + std::to_string(tour.stops.size() + 1);
            warnUnknown(s, at, {"bookmark", "dwell", "flight", "caption", "sun"});
            TourStop stop;
            stop.bookmark = requireString(s, "bookmark", at);
            if (!p.bookmark(stop.bookmark)) {
                std::string names;
                for (const Bookmark& b : p.bookmarks) names += (names.empty() ? "" : ", ") + b.name;
                fail(*s.get("bookmark"), at + ".bookmark",
                     "no bookmark named '" + stop.bookmark + "'" + (names.empty() ? " (the project has none)" : " (bookmarks: " + names + ")"));
            }
            auto seconds = [&](const char* key, double fallback, bool zeroOk) {
                auto v = optNumber(s, key, at);
                if (!v) return fallback;
                if (!std::isfinite(*v) || *v < 0 || (!zeroOk && *v == 0) || *v > 3600)
                    fail(*s.get(key), qualified(at, key),
                         std::string(zeroOk ? "must be within 0..3600 seconds" : "must be positive, at most 3600 seconds"));
                return *v;
            };
            stop.dwell = seconds("dwell", stop.dwell, false);
            stop.flight = seconds("flight", TourStop::kDefaultFlightSeconds, true);
            stop.caption = optString(s, "caption", at).value_or("");
            if (const toml::node* sun = s.get("sun")) stop.sun = sunText(*sun, qualified(at, "sun"));
            tour.stops.push_back(std::move(stop));
        }
        if (tour.stops.empty()) fail(t, where, "has no stops ([[tour.stop]] with a bookmark and a dwell time)");
        return tour;
    }

    LayerSpec layer(const toml::table& t) const {
        LayerSpec spec;
        std::string where = "layer";
        spec.name = requireString(t, "name", where);
        where = "layer '" + spec.name + "'";
        warnUnknown(t, where, {"name", "source", "layer", "kind", "extrude", "label", "where", "style", "visible", "datum", "stream",
                               "position", "crs", "heading", "scale", "exaggeration"});
        spec.source = requireString(t, "source", where);
        if (!isConnectionString(spec.source) && fs::path(spec.source).is_relative())
            spec.source = (fs::path(path_).parent_path() / spec.source).lexically_normal().string();
        spec.layer = optString(t, "layer", where).value_or("");
        if (auto kind = optString(t, "kind", where)) {
            static const std::pair<const char*, LayerKind> kinds[] = {
                {"parcels", LayerKind::Parcels}, {"polygons", LayerKind::Polygons}, {"boundary", LayerKind::Boundary},
                {"lines", LayerKind::Lines}, {"points", LayerKind::Points}, {"models", LayerKind::Models},
                {"imagery", LayerKind::Imagery}, {"terrain", LayerKind::Terrain}};
            bool found = false;
            for (auto& [n, k] : kinds) if (*kind == n) { spec.kind = k; found = true; }
            if (!found)
                fail(*t.get("kind"), where + ".kind",
                     "unknown kind '" + *kind + "' (parcels, polygons, boundary, lines, points, models, imagery or terrain)");
        }
        if (isRasterKind(spec.kind)) rasterSettings(t, where, spec);
        else modelPlacement(t, where, spec);
        if (const toml::node* n = t.get("exaggeration"); n && spec.kind != LayerKind::Terrain)
            fail(*n, where + ".exaggeration", "only a terrain layer (kind = \"terrain\") is exaggerated");
        if (const toml::node* e = t.get("extrude")) {
            spec.extrudeLine = static_cast<int>(e->source().begin.line);
            if (e->is_string()) spec.extrudeField = e->as_string()->get();
            else if (auto v = e->value<double>()) spec.extrudeConstant = *v;
            else fail(*e, where + ".extrude", "must be an attribute name or a number of metres");
        }
        spec.label = optString(t, "label", where).value_or("");
        if (const toml::node* l = t.get("label")) spec.labelLine = static_cast<int>(l->source().begin.line);
        spec.where = optString(t, "where", where).value_or("");
        if (auto datum = optString(t, "datum", where)) {
            if (*datum != "gcj02" && *datum != "wgs84")
                fail(*t.get("datum"), where + ".datum", "unknown datum '" + *datum + "' (gcj02 or wgs84)");
            spec.gcj02 = *datum == "gcj02";
        }
        if (const toml::node* v = t.get("visible")) {
            if (!v->is_boolean()) fail(*v, where + ".visible", "must be true or false");
            spec.visible = v->as_boolean()->get();
        }
        if (const toml::node* v = t.get("stream")) {
            if (!v->is_boolean()) fail(*v, where + ".stream", "must be true or false");
            spec.stream = v->as_boolean()->get();
        }
        if (const toml::node* s = t.get("style")) {
            if (!s->is_table()) fail(*s, where + ".style", "must be a table ([layer.style])");
            spec.style = style(*s->as_table(), where + ".style");
            spec.styled = true;
            if (const toml::node* by = s->as_table()->get("by")) spec.styleByLine = static_cast<int>(by->source().begin.line);
        }
        return spec;
    }

    /// A raster layer's `crs` (for a raster without one) and, for terrain, `exaggeration`.
    void rasterSettings(const toml::table& t, const std::string& where, LayerSpec& spec) const {
        for (const char* key : {"position", "heading", "scale"})
            if (const toml::node* n = t.get(key))
                fail(*n, qualified(where, key), "only a models layer (kind = \"models\") is placed so");
        spec.rasterCrs = optString(t, "crs", where).value_or("");
        spec.exaggeration = optNumber(t, "exaggeration", where).value_or(1);
        if (!std::isfinite(spec.exaggeration) || spec.exaggeration <= 0 || spec.exaggeration > 100)
            fail(*t.get("exaggeration"), where + ".exaggeration", "must be a positive number up to 100 (1 = true heights)");
    }

    /// A models layer's position, crs, heading and scale (geo/ModelSet.h); other kinds take none.
    void modelPlacement(const toml::table& t, const std::string& where, LayerSpec& spec) const {
        const bool models = spec.kind == LayerKind::Models;
        for (const char* key : {"position", "crs", "heading", "scale"})
            if (const toml::node* n = t.get(key); n && !models)
                fail(*n, qualified(where, key), "only a models layer (kind = \"models\") is placed so");
        if (!models) return;
        if (const toml::node* n = t.get("position")) {
            const toml::array* list = n->as_array();
            std::array<double, 3> v{0, 0, 0};
            bool ok = list && (list->size() == 2 || list->size() == 3);
            for (std::size_t i = 0; ok && i < list->size(); ++i) {
                auto number = list->get(i)->value<double>();
                ok = number && std::isfinite(*number);
                if (ok) v[i] = *number;
            }
            if (!ok) fail(*n, where + ".position", "must be [lon, lat] or [lon, lat, height] in numbers");
            spec.modelPosition = v;
        }
        spec.modelCrs = optString(t, "crs", where).value_or("");
        if (spec.modelPosition && spec.modelCrs.empty() &&
            (std::fabs((*spec.modelPosition)[0]) > 180 || std::fabs((*spec.modelPosition)[1]) > 90))
            fail(*t.get("position"), where + ".position",
                 "lon must be within -180..180 and lat within -90..90 (or give the CRS of the coordinates: crs = \"EPSG:…\")");
        spec.modelHeading = optNumber(t, "heading", where).value_or(0);
        if (!std::isfinite(spec.modelHeading)) fail(*t.get("heading"), where + ".heading", "must be a finite number of degrees");
        spec.modelScale = optNumber(t, "scale", where).value_or(1);
        if (!std::isfinite(spec.modelScale) || spec.modelScale <= 0 || spec.modelScale > 1e6)
            fail(*t.get("scale"), where + ".scale", "must be a positive number (1 = the model's own metres)");
    }

    /// `labels = { canal = "运河", … }`: a table of attribute value = the words to show for it.
    std::map<std::string, std::string> labels(const toml::table& t, const char* key, const std::string& where) const {
        std::map<std::string, std::string> out;
        const toml::node* node = t.get(key);
        if (!node) return out;
        const std::string at = qualified(where, key);
        if (!node->is_table()) fail(*node, at, "must be a table of value = \"label\"");
        for (const auto& [value, label] : *node->as_table()) {
            if (!label.is_string()) fail(label, at + "." + std::string(value.str()), "must be a string (the words shown for the value)");
            out[std::string(value.str())] = label.as_string()->get();
        }
        return out;
    }

    LayerStyle style(const toml::table& t, const std::string& where) const {
        warnUnknown(t, where, {"by", "colors", "labels", "labels_en", "default", "opacity", "width", "outline"});
        LayerStyle s;
        s.by = optString(t, "by", where).value_or("");
        auto color = [&](const toml::node& n, const std::string& key) {
            if (!n.is_string()) fail(n, key, "must be a colour string like \"#FF0000\"");
            auto c = parseColor(n.as_string()->get());
            if (!c) fail(n, key, "'" + n.as_string()->get() + "' is not a colour (#RRGGBB or #RRGGBBAA)");
            return *c;
        };
        if (const toml::node* d = t.get("default")) s.defaultColor = color(*d, where + ".default");
        if (const toml::node* cs = t.get("colors")) {
            if (!cs->is_table()) fail(*cs, where + ".colors", "must be a table of value = \"#RRGGBB\"");
            for (const auto& [value, c] : *cs->as_table())
                s.colors[std::string(value.str())] = color(c, where + ".colors." + std::string(value.str()));
        } else if (!s.by.empty() && isLandUseFieldName(s.by)) {
            LayerStyle palette = landUseStyle(s.by);
            s.colors = palette.colors;
        }
        s.labels = labels(t, "labels", where);
        s.labelsEn = labels(t, "labels_en", where);
        s.opacity = optNumber(t, "opacity", where).value_or(1.0);
        if (s.opacity < 0 || s.opacity > 1) fail(*t.get("opacity"), where + ".opacity", "must be within 0..1");
        s.lineWidth = optNumber(t, "width", where).value_or(s.lineWidth);
        if (s.lineWidth <= 0) fail(*t.get("width"), where + ".width", "must be positive (metres)");
        if (const toml::node* v = t.get("outline")) {
            if (!v->is_boolean()) fail(*v, where + ".outline", "must be true or false");
            s.outline = v->as_boolean()->get();
        }
        return s;
    }
};

LayerKind kindForGeometry(OGRwkbGeometryType t) {
    switch (wkbFlatten(OGR_GT_GetLinear(t))) {
    case wkbLineString:
    case wkbMultiLineString: return LayerKind::Lines;
    case wkbPoint:
    case wkbMultiPoint: return LayerKind::Points;
    default: return LayerKind::Polygons;
    }
}

std::string findField(OGRFeatureDefn& defn, bool (*matches)(const std::string&)) {
    for (int i = 0; i < defn.GetFieldCount(); ++i)
        if (matches(defn.GetFieldDefn(i)->GetNameRef())) return defn.GetFieldDefn(i)->GetNameRef();
    return "";
}

bool isHeightFieldName(const std::string& name) {
    static const char* names[] = {"height_m", "height", "bldg_height", "building_height", "高度", "建筑高度"};
    for (const char* n : names) if (EQUAL(name.c_str(), n)) return true;
    return false;
}

bool isLabelFieldName(const std::string& name) {
    static const char* names[] = {"name_zh", "name", "名称", "NAME", "label"};
    for (const char* n : names) if (EQUAL(name.c_str(), n)) return true;
    return false;
}

}  // namespace

double Tour::seconds() const {
    double total = 0;
    for (const TourStop& s : stops) total += s.flight + s.dwell;
    return total;
}

const Bookmark* Project::bookmark(const std::string& name) const {
    for (const Bookmark& b : bookmarks)
        if (b.name == name) return &b;
    return nullptr;
}

const Tour* Project::tour(const std::string& name) const {
    for (const Tour& t : tours)
        if (t.name == name) return &t;
    return nullptr;
}

std::string dataAttribution(const Project& project, bool chinese) {
    if (!project.attribution.empty()) return project.attribution;
    initGdal();
    std::vector<std::string> seen;
    for (const LayerSpec& layer : project.layers) {
        if (isConnectionString(layer.source)) continue;
        if (std::find(seen.begin(), seen.end(), layer.source) != seen.end()) continue;
        seen.push_back(layer.source);
        std::error_code ec;
        if (!fs::exists(layer.source, ec)) continue;
        GDALDatasetUniquePtr ds(GDALDataset::Open(layer.source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
        if (!ds) continue;
        auto item = [&](const char* key) {
            const char* v = ds->GetMetadataItem(key);
            return std::string(v ? v : "");
        };
        if (chinese && !item("ABSTRACT_ZH").empty()) return item("ABSTRACT_ZH");
        std::string source = chinese ? item("SOURCE") : item("SOURCE_EN");
        if (source.empty()) source = item("SOURCE");
        std::string accuracy = item("ACCURACY");
        if (source.empty() && accuracy.empty()) continue;
        std::string text = source;
        if (!accuracy.empty()) text += (text.empty() ? "" : " — ") + (chinese ? accuracy : "Data: " + accuracy);
        return text;
    }
    return "";
}

std::vector<std::string> missingFieldWarnings(const std::string& projectPath, const LayerSpec& spec,
                                              const std::vector<FieldDef>& fields) {
    std::string names;
    for (const FieldDef& f : fields) names += (names.empty() ? "" : ", ") + f.name;
    std::vector<std::string> warnings;
    auto check = [&](const std::string& field, int line, const char* key) {
        if (field.empty()) return;
        for (const FieldDef& f : fields)
            if (f.name == field) return;
        warnings.push_back(projectPath + (line > 0 ? ":" + std::to_string(line) : "") + ": " + key + ": layer '" +
                           spec.name + "' has no field '" + field + "' (" +
                           (names.empty() ? "it has no fields" : "fields: " + names) + ")");
    };
    check(spec.extrudeField, spec.extrudeLine, "extrude");
    check(spec.label, spec.labelLine, "label");
    check(spec.style.by, spec.styleByLine, "style.by");
    return warnings;
}

Project loadProject(const std::string& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) throw InputError(path + ": no such file or directory");
    if (fs::is_directory(path, ec)) throw InputError(path + ": is a directory, not a project file");
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) throw InputError(path + ": cannot be read");
    return parseProject(text.str(), path);
}

Project parseProject(const std::string& text, const std::string& path) {
    Project p = ProjectParser(path).parse(text);
    p.checks = parseCheckRules(text, path);
    parseComparePairs(text, path, p);
    return p;
}

Project projectFromSource(const std::string& location, const std::string& onlyLayer) {
    Source source = Source::open(location);
    Project p;
    // Titles and messages show a database's location without its password.
    p.path = isPostgresLocation(location) ? maskPassword(location) : location;
    p.title = isConnectionString(location) ? p.path : fs::path(location).filename().string();
    // A few distinct colours for layers without a land-use field, in layer order.
    static const char* colours[] = {"#4E79A7", "#F28E2B", "#59A14F", "#B07AA1", "#76B7B2", "#EDC948"};
    int index = 0;
    for (const std::string& name : source.layerNames()) {
        if (!onlyLayer.empty() && name != onlyLayer) continue;
        OGRLayer& layer = source.layer(name);
        if (layer.GetGeomType() == wkbNone) continue;
        LayerSpec spec;
        spec.name = name;
        spec.source = location;
        spec.layer = name;
        spec.kind = kindForGeometry(layer.GetGeomType());
        OGRFeatureDefn& defn = *layer.GetLayerDefn();
        std::string landUse = findField(defn, isLandUseFieldName);
        if (!landUse.empty()) {
            spec.style = landUseStyle(landUse);
            if (spec.kind == LayerKind::Polygons) spec.kind = LayerKind::Parcels;
        } else {
            spec.style.defaultColor = *parseColor(colours[index % 6]);
        }
        if (spec.kind == LayerKind::Parcels || spec.kind == LayerKind::Polygons) spec.extrudeField = findField(defn, isHeightFieldName);
        spec.label = findField(defn, isLabelFieldName);
        // A style stored with the data (QGIS's layer_styles, a .qml beside the file) beats the defaults.
        if (auto stored = storedQgisStyle(source, name)) applyQgisStyle(spec, *stored, p.path);
        spec.styled = true;
        p.layers.push_back(std::move(spec));
        ++index;
    }
    if (!onlyLayer.empty() && p.layers.empty()) source.layer(onlyLayer);  // throws naming the layers there are
    if (p.layers.empty()) throw InputError(location + ": holds no layer with geometry");
    return p;
}

bool isProjectFileName(const std::string& path) {
    const std::string ext = fs::path(path).extension().string();
    return ext == ".toml" || EQUAL(ext.c_str(), ".qgs") || EQUAL(ext.c_str(), ".qgz");
}

Project openProject(const std::string& location, const std::string& onlyLayer) {
    if (!isProjectFileName(location)) return projectFromSource(location, onlyLayer);
    Project p = fs::path(location).extension() == ".toml" ? loadProject(location) : loadQgisProject(location);
    if (!onlyLayer.empty()) {
        std::vector<LayerSpec> kept;
        for (auto& l : p.layers)
            if (l.name == onlyLayer || l.layer == onlyLayer) kept.push_back(l);
        if (kept.empty()) {
            std::string names;
            for (auto& l : p.layers) names += (names.empty() ? "" : ", ") + l.name;
            throw InputError(location + ": no layer named '" + onlyLayer + "' (layers: " + names + ")");
        }
        p.layers = std::move(kept);
    }
    return p;
}

std::string defaultProjectPath(const std::string& executablePath) {
    fs::path dir = fs::path(executablePath).parent_path();
    for (const fs::path& candidate : {dir / "assets/shangcheng/project.toml", dir / "../assets/shangcheng/project.toml",
                                      fs::path("/usr/share/planview/assets/shangcheng/project.toml")}) {
        std::error_code ec;
        if (fs::exists(candidate, ec)) return fs::weakly_canonical(candidate, ec).string();
    }
    return "";
}

}  // namespace geo
