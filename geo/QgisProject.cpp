#include "geo/QgisProject.h"
#include <cpl_minixml.h>
#include <cpl_vsi.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include "geo/Errors.h"
#include "geo/Log.h"
#include "geo/Qgis3D.h"
#include "geo/QgisStyle.h"
#include "geo/Source.h"
#include "geo/Xml.h"

namespace fs = std::filesystem;

namespace geo {

namespace {

using xml::attr;
using xml::child;
using xml::name;

/// An element's text ("" for none).
std::string text(const CPLXMLNode* n) {
    for (const CPLXMLNode* c = n ? n->psChild : nullptr; c; c = c->psNext)
        if (c->eType == CXT_Text && c->pszValue) return c->pszValue;
    return "";
}

/// A layer of the layer tree: its id, name and whether it and every group above it are checked.
struct TreeLayer {
    std::string id, name;
    bool visible = true;
};

void walkTree(const CPLXMLNode* group, bool visible, std::vector<TreeLayer>& out, int depth) {
    if (depth > 64) return;
    for (const CPLXMLNode* c = group->psChild; c; c = c->psNext) {
        if (c->eType != CXT_Element) continue;
        const bool checked = attr(c, "checked", "Qt::Checked") != "Qt::Unchecked";
        if (name(c) == "layer-tree-layer") out.push_back({attr(c, "id"), attr(c, "name"), visible && checked});
        else if (name(c) == "layer-tree-group") walkTree(c, visible && checked, out, depth + 1);
    }
}

std::string libpqQuoted(const std::string& v) {
    std::string out = "'";
    for (char c : v) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    return out + "'";
}

/// A bookmark's extent (WKT in its CRS) as a view from above that shows it whole.
std::optional<View> bookmarkView(const CPLXMLNode* b) {
    OGRGeometry* geometry = nullptr;
    const std::string wkt = attr(b, "extent");
    if (OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &geometry) != OGRERR_NONE || !geometry) return std::nullopt;
    std::unique_ptr<OGRGeometry> owned(geometry);
    OGREnvelope e;
    geometry->getEnvelope(&e);
    const CPLXMLNode* srs = child(b, "spatialrefsys");
    std::string crs = attr(srs, "authid");
    if (crs.empty()) crs = text(child(srs, "wkt"));
    OGRSpatialReference from, wgs84;
    CPLPushErrorHandler(CPLQuietErrorHandler);
    const bool known = !crs.empty() && from.SetFromUserInput(crs.c_str()) == OGRERR_NONE;
    CPLPopErrorHandler();
    if (!known) return std::nullopt;
    from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    // PROJ's complaints (a corner outside the projection's domain) are this function's nullopt.
    CPLPushErrorHandler(CPLQuietErrorHandler);
    std::unique_ptr<OGRCoordinateTransformation> t(OGRCreateCoordinateTransformation(&from, &wgs84));
    double x[2] = {e.MinX, e.MaxX}, y[2] = {e.MinY, e.MaxY};
    const bool moved = t && t->Transform(2, x, y);
    CPLPopErrorHandler();
    CPLErrorReset();
    if (!moved) return std::nullopt;
    for (double v : {x[0], x[1], y[0], y[1]})
        if (!std::isfinite(v)) return std::nullopt;
    View v;
    v.lon = (x[0] + x[1]) / 2;
    v.lat = (y[0] + y[1]) / 2;
    if (std::fabs(v.lon) > 180 || std::fabs(v.lat) > 90) return std::nullopt;
    const double kDegree = 111320.0;
    const double width = std::fabs(x[1] - x[0]) * kDegree * std::cos(v.lat * M_PI / 180);
    const double height = std::fabs(y[1] - y[0]) * kDegree;
    // The viewer's 30° vertical field of view, on a 16:9 window: the extent fits with a little margin.
    const double fit = std::max(height, width / (16.0 / 9.0)) * 1.1;
    v.distance = std::max(fit / (2 * std::tan(15.0 * M_PI / 180)), 50.0);
    v.heading = 0;
    v.pitch = 90;
    return v;
}

class QgisProjectParser {
public:
    explicit QgisProjectParser(std::string path) : path_(std::move(path)) {}

    Project parse(const std::string& document) {
        const XmlDocument xml(document, path_ + ": not a QGIS project");
        const CPLXMLNode* qgis = xml.element("qgis");
        if (!qgis) throw InputError(path_ + ": not a QGIS project (no <qgis> root element)");

        Project p;
        p.path = path_;
        p.title = text(child(qgis, "title"));
        if (p.title.empty()) p.title = attr(qgis, "projectname");
        if (p.title.empty()) p.title = fs::path(path_).stem().string();
        // A projected project CRS is the scene's; QGIS's default lon/lat is not a frame to build in.
        if (const CPLXMLNode* srs = child(child(qgis, "projectCrs"), "spatialrefsys"))
            if (text(child(srs, "geographicflag")) == "false") {
                p.crs = text(child(srs, "authid"));
                if (p.crs.empty() || p.crs.rfind("USER:", 0) == 0) p.crs = text(child(srs, "wkt"));
            }

        std::map<std::string, const CPLXMLNode*> maplayers;
        for (const CPLXMLNode* l = child(child(qgis, "projectlayers"), "maplayer"); l; l = l->psNext)
            if (l->eType == CXT_Element && name(l) == "maplayer") maplayers[text(child(l, "id"))] = l;

        terrains_ = qgisDemTerrains(qgis);
        std::vector<TreeLayer> tree_;
        if (const CPLXMLNode* root = child(qgis, "layer-tree-group")) {
            walkTree(root, true, tree_, 0);
            // A custom drawing order, when on, replaces the tree's.
            const CPLXMLNode* custom = child(root, "custom-order");
            if (custom && attr(custom, "enabled") == "1") {
                std::vector<TreeLayer> ordered;
                for (const CPLXMLNode* item = custom->psChild; item; item = item->psNext) {
                    if (item->eType != CXT_Element || name(item) != "item") continue;
                    auto it = std::find_if(tree_.begin(), tree_.end(), [&](const TreeLayer& t) { return t.id == text(item); });
                    if (it != tree_.end()) ordered.push_back(*it);
                }
                if (!ordered.empty()) tree_ = ordered;
            }
        }
        // The tree lists the top layer first; PlanView draws its first layer first (at the bottom).
        std::string skipped;
        for (auto it = tree_.rbegin(); it != tree_.rend(); ++it) {
            auto found = maplayers.find(it->id);
            if (found == maplayers.end()) {
                log().warn("{}: layer '{}' is in the layer tree but not among the project's layers, left out", path_, it->name);
                continue;
            }
            std::string why;
            if (auto spec = layer(*it, found->second, why)) p.layers.push_back(std::move(*spec));
            else {
                log().warn("{}: layer '{}' left out: {}", path_, it->name, why);
                skipped += (skipped.empty() ? "" : "; ") + it->name + ": " + why;
            }
        }
        for (const CPLXMLNode* b = child(child(qgis, "Bookmarks"), "Bookmark"); b; b = b->psNext) {
            if (b->eType != CXT_Element || name(b) != "Bookmark") continue;
            auto view = bookmarkView(b);
            if (!view) {
                log().warn("{}: bookmark '{}' left out: its extent or CRS cannot be read", path_, attr(b, "name"));
                continue;
            }
            p.bookmarks.push_back({attr(b, "name", "bookmark " + std::to_string(p.bookmarks.size() + 1)), *view, std::nullopt, "", "", ""});
        }
        if (p.layers.empty())
            throw InputError(path_ + ": the QGIS project has no layer PlanView can read" +
                             (skipped.empty() ? "" : " (" + skipped + ")"));
        return p;
    }

private:
    std::string path_;
    std::map<std::string, double> terrains_;   ///< raster layers a 3D view uses as DEM terrain: id, exaggeration

    /// A file source as written in the project, relative ones resolved against its folder.
    std::string resolved(const std::string& file) const {
        if (fs::path(file).is_relative() && file.rfind("/vsi", 0) != 0 && file.find(':') == std::string::npos)
            return (fs::path(path_).parent_path() / file).lexically_normal().string();
        return file;
    }

    /// A raster layer read through GDAL (provider `gdal`): terrain when a 3D view of the project uses
    /// it as its DEM (or PlanView wrote it as terrain), imagery otherwise.
    std::optional<LayerSpec> rasterLayer(const TreeLayer& t, const CPLXMLNode* m, std::string& why) const {
        const std::string provider = text(child(m, "provider"));
        if (provider != "gdal") {
            why = "its raster provider '" + provider + "' is not read by PlanView";
            return std::nullopt;
        }
        LayerSpec spec;
        spec.name = t.name.empty() ? text(child(m, "layername")) : t.name;
        spec.visible = t.visible;
        const std::string datasource = text(child(m, "datasource"));
        if (datasource.empty()) {
            why = "it has no data source";
            return std::nullopt;
        }
        spec.source = resolved(datasource);
        spec.kind = LayerKind::Imagery;
        if (auto terrain = terrains_.find(text(child(m, "id"))); terrain != terrains_.end()) {
            spec.kind = LayerKind::Terrain;
            spec.exaggeration = terrain->second;
        }
        auto custom = customProperties(m);
        if (custom["planview/kind"] == "terrain") spec.kind = LayerKind::Terrain;
        if (spec.kind == LayerKind::Terrain && !custom["planview/exaggeration"].empty()) {
            char* end = nullptr;
            const double e = std::strtod(custom["planview/exaggeration"].c_str(), &end);
            if (end && *end == '\0' && std::isfinite(e) && e > 0) spec.exaggeration = e;
        }
        return spec;
    }

    std::optional<LayerSpec> layer(const TreeLayer& t, const CPLXMLNode* m, std::string& why) const {
        const std::string type = attr(m, "type");
        if (type == "raster") return rasterLayer(t, m, why);
        if (type != "vector") {
            why = (type.empty() ? std::string("unknown") : type) + " layers are not read by PlanView";
            return std::nullopt;
        }
        LayerSpec spec;
        spec.name = t.name.empty() ? text(child(m, "layername")) : t.name;
        spec.visible = t.visible;
        const std::string provider = text(child(m, "provider"));
        const std::string datasource = text(child(m, "datasource"));
        if (provider == "ogr") {
            std::istringstream parts(datasource);
            std::string file, option;
            std::getline(parts, file, '|');
            while (std::getline(parts, option, '|')) {
                if (option.rfind("layername=", 0) == 0) spec.layer = option.substr(10);
                else if (option.rfind("subset=", 0) == 0) spec.where = option.substr(7);
                else if (option.rfind("layerid=", 0) == 0 && option != "layerid=0") {
                    why = "its source names a layer by number (" + option + ")";
                    return std::nullopt;
                }
            }
            if (file.empty()) {
                why = "it has no data source";
                return std::nullopt;
            }
            spec.source = resolved(file);
        } else if (provider == "postgres") {
            if (!postgisSource(datasource, spec.source, spec.layer, spec.where)) {
                why = "its PostGIS source names no table";
                return std::nullopt;
            }
        } else if (provider == "spatialite") {
            auto k = dataSourceKeywords(datasource);
            if (k["dbname"].empty() || k["table"].empty()) {
                why = "its SpatiaLite source names no database or table";
                return std::nullopt;
            }
            spec.source = resolved(k["dbname"]);
            spec.layer = k["table"];
            spec.where = k["sql"];
        } else {
            why = "its provider '" + provider + "' is not read by PlanView";
            return std::nullopt;
        }
        const std::string geometry = attr(m, "geometry");
        if (geometry == "Line") spec.kind = LayerKind::Lines;
        else if (geometry == "Point") spec.kind = LayerKind::Points;
        else if (geometry == "No geometry") {
            why = "it has no geometry";
            return std::nullopt;
        }
        if (child(m, "renderer-v2")) applyQgisStyle(spec, qgisStyleFromXml(m), path_);
        planViewProperties(spec, m);
        if (spec.extrudeField.empty() && spec.extrudeConstant == 0) extrusion3D(spec, m);
        return spec;
    }

    /// The extrusion the layer's QGIS 3D renderer gives it (when PlanView's own property gives none).
    void extrusion3D(LayerSpec& spec, const CPLXMLNode* m) const {
        auto e = qgisExtrusion(m);
        if (!e) return;
        if (spec.kind != LayerKind::Polygons && spec.kind != LayerKind::Parcels) return;
        if (!e->unsupported.empty())
            log().warn("{}: layer '{}': {} not supported, {}", path_, spec.name, e->unsupported,
                       e->constant > 0 ? "extruded by the symbol's constant height" : "drawn flat");
        if (!e->field.empty()) spec.extrudeField = e->field;
        else spec.extrudeConstant = e->constant;
    }

    /// A layer's custom properties (QGIS 3.22's <Option type="Map">, and the older <property key= value=>).
    static std::map<std::string, std::string> customProperties(const CPLXMLNode* m) {
        std::map<std::string, std::string> custom;
        const CPLXMLNode* properties = child(m, "customproperties");
        for (const CPLXMLNode* o = child(child(properties, "Option"), "Option"); o; o = o->psNext)
            if (o->eType == CXT_Element && name(o) == "Option") custom[attr(o, "name")] = attr(o, "value");
        for (const CPLXMLNode* p = child(properties, "property"); p; p = p->psNext)
            if (p->eType == CXT_Element && name(p) == "property") custom[attr(p, "key")] = attr(p, "value");
        return custom;
    }

    /// What a project PlanView wrote (geo/QgisProjectWriter.h) keeps in a layer's custom properties:
    /// the kind of a polygon layer, its extrusion, and the opacity of a boundary, whose symbols are
    /// rings without brush (read with a transparent fill) and whose colours are the rings'.
    static void planViewProperties(LayerSpec& spec, const CPLXMLNode* m) {
        auto custom = customProperties(m);
        if (spec.kind == LayerKind::Polygons) {
            if (custom["planview/kind"] == "parcels") spec.kind = LayerKind::Parcels;
            else if (custom["planview/kind"] == "boundary") spec.kind = LayerKind::Boundary;
        }
        if (const std::string& extrude = custom["planview/extrude"]; !extrude.empty()) {
            char* end = nullptr;
            const double metres = std::strtod(extrude.c_str(), &end);
            if (end && *end == '\0' && std::isfinite(metres) && metres > 0) spec.extrudeConstant = metres;
            else spec.extrudeField = extrude;
        }
        if (spec.kind == LayerKind::Boundary && custom.count("planview/opacity")) {
            char* end = nullptr;
            const double opacity = std::strtod(custom["planview/opacity"].c_str(), &end);
            if (!end || *end != '\0' || !std::isfinite(opacity)) return;
            LayerStyle& st = spec.style;
            for (auto& [value, colour] : st.colors) colour.a = 1;
            for (auto& r : st.ranges) r.color.a = 1;
            for (auto& r : st.rules) r.color.a = 1;
            st.defaultColor.a = 1;
            st.opacity = std::clamp(opacity, 0.0, 1.0);
        }
    }
};

}  // namespace

std::map<std::string, std::string> dataSourceKeywords(const std::string& s) {
    std::map<std::string, std::string> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && s[i] == ' ') ++i;
        const std::size_t eq = s.find('=', i);
        if (eq == std::string::npos) break;
        const std::string key = s.substr(i, eq - i);
        i = eq + 1;
        std::string value;
        if (key == "sql") {
            out[key] = s.substr(i);
            break;
        }
        if (key == "table") {
            // "schema"."table" (geom)
            while (i < s.size() && s[i] != ' ') {
                if (s[i] == '"') {
                    const std::size_t end = s.find('"', i + 1);
                    if (end == std::string::npos) return out;
                    value += s.substr(i + 1, end - i - 1);
                    i = end + 1;
                } else {
                    value += s[i++];
                }
            }
            out[key] = value;
            while (i < s.size() && s[i] == ' ') ++i;
            if (i < s.size() && s[i] == '(') {
                const std::size_t end = s.find(')', i);
                if (end == std::string::npos) return out;
                out["geometry_column"] = s.substr(i + 1, end - i - 1);
                i = end + 1;
            }
            continue;
        }
        if (i < s.size() && s[i] == '\'') {
            ++i;
            while (i < s.size() && s[i] != '\'') {
                if (s[i] == '\\' && i + 1 < s.size()) ++i;
                value += s[i++];
            }
            ++i;
        } else {
            while (i < s.size() && s[i] != ' ') value += s[i++];
        }
        out[key] = value;
    }
    return out;
}

bool postgisSource(const std::string& datasource, std::string& location, std::string& layer, std::string& where) {
    auto k = dataSourceKeywords(datasource);
    if (k["table"].empty()) return false;
    location = "PG:";
    for (const char* key : {"dbname", "host", "hostaddr", "port", "user", "password", "service", "sslmode", "connect_timeout"})
        if (auto it = k.find(key); it != k.end() && !it->second.empty())
            location += (location.size() > 3 ? " " : "") + std::string(key) + "=" + libpqQuoted(it->second);
    layer = k["table"];
    where = k["sql"];
    return true;
}

Project parseQgisProject(const std::string& text, const std::string& path) {
    return QgisProjectParser(path).parse(text);
}

Project loadQgisProject(const std::string& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) throw InputError(path + ": no such file or directory");
    if (fs::is_directory(path, ec)) throw InputError(path + ": is a directory, not a QGIS project");
    std::string document;
    std::string ext = fs::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext == ".qgz") {
        // Braces: GDAL opens an archive of any extension so (it knows .zip, not .qgz, by name).
        const std::string zip = "/vsizip/{" + fs::absolute(path, ec).string() + "}";
        CPLPushErrorHandler(CPLQuietErrorHandler);
        char** files = VSIReadDir(zip.c_str());
        CPLPopErrorHandler();
        std::string qgs;
        for (char** f = files; f && *f && qgs.empty(); ++f) {
            const std::string n = *f;
            if (n.size() > 4 && EQUAL(n.substr(n.size() - 4).c_str(), ".qgs")) qgs = n;
        }
        CSLDestroy(files);
        if (qgs.empty()) throw InputError(path + ": not a QGIS project (not a zip archive holding a .qgs file)");
        VSILFILE* f = VSIFOpenL((zip + "/" + qgs).c_str(), "rb");
        if (!f) throw InputError(path + ": cannot read " + qgs + " inside it");
        char buffer[65536];
        std::size_t n;
        while ((n = VSIFReadL(buffer, 1, sizeof buffer, f)) > 0) {
            document.append(buffer, n);
            if (document.size() > (std::size_t{1} << 30)) break;
        }
        VSIFCloseL(f);
    } else {
        std::ifstream in(path, std::ios::binary);
        std::ostringstream s;
        s << in.rdbuf();
        if (!in) throw InputError(path + ": cannot be read");
        document = s.str();
    }
    return parseQgisProject(document, path);
}

}  // namespace geo
