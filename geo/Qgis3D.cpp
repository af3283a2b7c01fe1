#include "geo/Qgis3D.h"
#include <cpl_minixml.h>
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include "geo/ExportInternal.h"
#include "geo/QgisStyle.h"
#include "geo/Xml.h"

namespace geo {

namespace {

using xml::attr;
using xml::child;
using xml::escaped;
using xml::name;

/// A finite number, or `fallback`.
double number(const std::string& text, double fallback) {
    if (text.empty()) return fallback;
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    return end && *end == '\0' && std::isfinite(v) ? v : fallback;
}

/// The named child <Option> of an <Option type="Map">, or null.
const CPLXMLNode* option(const CPLXMLNode* map, const std::string& key) {
    for (const CPLXMLNode* o = map ? map->psChild : nullptr; o; o = o->psNext)
        if (o->eType == CXT_Element && name(o) == "Option" && attr(o, "name") == key) return o;
    return nullptr;
}

int channel(float v) { return static_cast<int>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255)); }

}  // namespace

std::optional<QgisExtrusion> qgisExtrusion(const CPLXMLNode* maplayer) {
    const CPLXMLNode* renderer = child(maplayer, "renderer-3d");
    if (!renderer) return std::nullopt;
    QgisExtrusion e;
    const std::string type = attr(renderer, "type");
    if (type != "vector") {
        // A rule-based 3D renderer's rules are not read: the layer stays flat, said once.
        e.unsupported = "3D renderer '" + type + "'";
        return e;
    }
    const CPLXMLNode* symbol = child(renderer, "symbol");
    if (!symbol || attr(symbol, "type") != "polygon") return std::nullopt;
    e.constant = std::max(0.0, number(attr(child(symbol, "data"), "extrusion-height"), 0));
    if (const CPLXMLNode* material = child(symbol, "material")) e.diffuse = qgisColor(attr(material, "diffuse"));
    // <data-defined-properties><Option type="Map"><Option name="properties" type="Map">
    //   <Option name="extrusionHeight" type="Map"> active, type (2 = field, 3 = expression), field, expression
    const CPLXMLNode* properties = option(child(child(symbol, "data-defined-properties"), "Option"), "properties");
    const CPLXMLNode* height = option(properties, "extrusionHeight");
    if (height && attr(option(height, "active"), "value") == "true") {
        const std::string kind = attr(option(height, "type"), "value");
        if (kind == "2") {
            e.field = attr(option(height, "field"), "value");
        } else if (kind == "3") {
            const std::string expression = attr(option(height, "expression"), "value");
            e.field = expressionField(expression);
            if (e.field.empty()) e.unsupported = "3D extrusion by the expression '" + expression + "'";
        }
    }
    return e;
}

std::map<std::string, double> qgisDemTerrains(const CPLXMLNode* qgis) {
    std::map<std::string, double> out;
    // QGIS 3.22: each 3D map view's settings (Qgs3DMapSettings::writeXml), kept by the desktop app.
    for (const CPLXMLNode* view = child(child(qgis, "mapViewDocks3D"), "view"); view; view = view->psNext) {
        if (view->eType != CXT_Element || name(view) != "view") continue;
        const CPLXMLNode* terrain = child(child(view, "qgis3d"), "terrain");
        const CPLXMLNode* generator = child(terrain, "generator");
        if (attr(generator, "type") != "dem") continue;
        // 3.22 names the layer on the generator; later versions on <terrain> itself.
        std::string layer = attr(generator, "layer");
        if (layer.empty()) layer = attr(terrain, "layer");
        if (layer.empty()) continue;
        const double exaggeration = number(attr(terrain, "exaggeration"), 1);
        out.emplace(layer, exaggeration > 0 ? exaggeration : 1);
    }
    // QGIS 3.26 and later: the project's own terrain (QgsProjectElevationProperties).
    const CPLXMLNode* provider = child(child(qgis, "ElevationProperties"), "terrainProvider");
    if (attr(provider, "type") == "raster") {
        const CPLXMLNode* settings = child(provider, "TerrainProvider");
        const std::string layer = attr(settings, "layer");
        const double scale = number(attr(settings, "scale"), 1);
        if (!layer.empty()) out.emplace(layer, scale > 0 ? scale : 1);
    }
    return out;
}

std::string qgisRenderer3DXml(const LayerSpec& spec, const std::string& layerId, const std::string& indent) {
    if (spec.extrudeField.empty() && !(spec.extrudeConstant > 0)) return "";
    if (spec.kind != LayerKind::Parcels && spec.kind != LayerKind::Polygons) return "";
    const Color& c = spec.style.defaultColor;
    const std::string diffuse = std::to_string(channel(c.r)) + "," + std::to_string(channel(c.g)) + "," + std::to_string(channel(c.b)) + ",255";
    const std::string height = spec.extrudeField.empty() ? exporting::exactReal(spec.extrudeConstant) : "0";
    const std::string i = indent;
    std::ostringstream x;
    // As QGIS 3.22 writes a QgsVectorLayer3DRenderer: walls and roofs standing on the ground
    // (relative clamping), both faces drawn.
    x << i << "<renderer-3d layer=\"" << escaped(layerId) << "\" type=\"vector\">\n"
      << i << "  <vector-layer-3d-tiling show-bounding-boxes=\"0\" zoom-levels-count=\"3\"/>\n"
      << i << "  <symbol material_type=\"phong\" type=\"polygon\">\n"
      << i << "    <data culling-mode=\"no-culling\" extrusion-height=\"" << height << "\" alt-binding=\"centroid\" rendered-facade=\"3\""
              " add-back-faces=\"0\" alt-clamping=\"relative\" invert-normals=\"0\" height=\"0\"/>\n"
      << i << "    <material ambient=\"26,26,26,255\" shininess=\"0\" diffuse=\"" << diffuse << "\" specular=\"255,255,255,255\"/>\n"
      << i << "    <data-defined-properties>\n"
      << i << "      <Option type=\"Map\">\n"
      << i << "        <Option name=\"name\" value=\"\" type=\"QString\"/>\n";
    if (spec.extrudeField.empty()) {
        x << i << "        <Option name=\"properties\"/>\n";
    } else {
        x << i << "        <Option name=\"properties\" type=\"Map\">\n"
          << i << "          <Option name=\"extrusionHeight\" type=\"Map\">\n"
          << i << "            <Option name=\"active\" value=\"true\" type=\"bool\"/>\n"
          << i << "            <Option name=\"field\" value=\"" << escaped(spec.extrudeField) << "\" type=\"QString\"/>\n"
          << i << "            <Option name=\"type\" value=\"2\" type=\"int\"/>\n"
          << i << "          </Option>\n"
          << i << "        </Option>\n";
    }
    x << i << "        <Option name=\"type\" value=\"collection\" type=\"QString\"/>\n"
      << i << "      </Option>\n"
      << i << "    </data-defined-properties>\n"
      << i << "    <edges enabled=\"0\" width=\"1\" color=\"0,0,0,255\"/>\n"
      << i << "  </symbol>\n"
      << i << "</renderer-3d>\n";
    return x.str();
}

}  // namespace geo
