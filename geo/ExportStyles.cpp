// How an export carries PlanView's colours: OGR style strings (KML styles, DXF pens and hatches),
// QGIS's QML and OGC SLD documents, and the GeoPackage's layer_styles table that QGIS reads them from.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <unistd.h>
#include "geo/Errors.h"
#include "geo/Export.h"
#include "geo/ExportInternal.h"
#include "geo/Log.h"
#include "geo/Xml.h"

namespace geo {

namespace {

/// "#RRGGBBAA" for OGR style strings.
std::string ogrColor(const Color& c, float alpha) {
    Color withAlpha = c;
    char buffer[4];
    std::snprintf(buffer, sizeof buffer, "%02X", static_cast<int>(std::clamp(alpha, 0.0f, 1.0f) * 255 + 0.5f));
    return colorHex(withAlpha) + buffer;
}

std::string rgbaText(const Color& c, float alpha) {
    auto byte = [](float v) { return std::to_string(static_cast<int>(std::clamp(v, 0.0f, 1.0f) * 255 + 0.5f)); };
    return byte(c.r) + "," + byte(c.g) + "," + byte(c.b) + "," + byte(alpha);
}

/// Google Earth's white circle, which it tints with the IconStyle's colour.
constexpr const char* kKmlPointIcon = "http://maps.google.com/mapfiles/kml/shapes/placemark_circle.png";

std::map<std::string, Color> categoryColors(const LayerStyle& style, const std::vector<std::string>& values) {
    std::map<std::string, Color> categories;
    for (const auto& [value, color] : style.colors) categories[value] = color;
    // Values in the data take the colour PlanView gives them (prefix rules: R21 is drawn as R2).
    for (const auto& value : values) categories[value] = style.colorFor(value);
    return categories;
}

}  // namespace

namespace exporting {

std::string styleString(const Color& c, float alpha, const std::string& geometry, bool kml) {
    if (geometry == "polygon") return "PEN(c:" + ogrColor(c, 1) + ",w:2px);BRUSH(fc:" + ogrColor(c, fillAlpha(alpha)) + ")";
    if (geometry == "line") return "PEN(c:" + ogrColor(c, 1) + ",w:3px)";
    // KML: a symbol must name its icon. GDAL 3.6's LIBKML driver makes an IconStyle only for an id,
    // angle or size, then sets the colour on it regardless: a colour alone asserts (aborts).
    if (kml) return std::string("SYMBOL(id:\"") + kKmlPointIcon + "\",c:" + ogrColor(c, 1) + ",s:1.1)";
    return "SYMBOL(c:" + ogrColor(c, 1) + ")";
}

void fillKmlPolygons(const std::string& path, float alpha) {
    // The KML driver writes each placemark's style on one line: <Style><LineStyle><color>AABBGGRR</color>…
    static const std::string kNoFill = "<PolyStyle><fill>0</fill></PolyStyle>", kLineColor = "<LineStyle><color>";
    const std::string alphaByte = ogrColor(Color{}, alpha).substr(7, 2);
    const std::string rewritten = path + ".filled";
    {
        std::ifstream in(path);
        std::ofstream out(rewritten, std::ios::trunc);
        for (std::string line; std::getline(in, line);) {
            const std::size_t noFill = line.find(kNoFill), color = line.find(kLineColor);
            if (noFill != std::string::npos && color != std::string::npos && color + kLineColor.size() + 8 <= line.size()) {
                const std::string bgr = line.substr(color + kLineColor.size() + 2, 6);
                line.replace(noFill, kNoFill.size(), "<PolyStyle><color>" + alphaByte + bgr + "</color></PolyStyle>");
            }
            out << line << '\n';
        }
        if (in.bad() || !out.flush()) throw OutputError(path + ": cannot fill the KML's polygons: " + std::strerror(errno));
    }
    if (std::rename(rewritten.c_str(), path.c_str()) != 0)
        throw OutputError(path + ": cannot fill the KML's polygons: " + std::strerror(errno));
}

void addLayerStyles(GDALDataset& gpkg, const std::string& table, const std::string& geometryColumn,
                    const std::string& geometry, const ExportOptions& o, const std::vector<std::string>& values) {
    OGRLayer* styles = gpkg.CreateLayer("layer_styles", nullptr, wkbNone, nullptr);
    if (!styles) throw OutputError(o.output + ": cannot add the layer_styles table: " + lastGdalError());
    const std::pair<const char*, OGRFieldType> fields[] = {
        {"f_table_catalog", OFTString}, {"f_table_schema", OFTString}, {"f_table_name", OFTString},
        {"f_geometry_column", OFTString}, {"styleName", OFTString}, {"styleQML", OFTString},
        {"styleSLD", OFTString}, {"useAsDefault", OFTInteger}, {"description", OFTString},
        {"owner", OFTString}, {"ui", OFTString}, {"update_time", OFTDateTime}};
    for (auto& [name, type] : fields) {
        OGRFieldDefn defn(name, type);
        if (std::string(name) == "useAsDefault") defn.SetSubType(OFSTBoolean);
        styles->CreateField(&defn);
    }
    OGRFeature f(styles->GetLayerDefn());
    f.SetField("f_table_catalog", "");
    f.SetField("f_table_schema", "");
    f.SetField("f_table_name", table.c_str());
    f.SetField("f_geometry_column", geometryColumn.c_str());
    f.SetField("styleName", o.title.empty() ? table.c_str() : o.title.c_str());
    f.SetField("styleQML", qgisStyle(o.style, geometry, o.labelField, values).c_str());
    f.SetField("styleSLD", sldStyle(o.style, geometry, table, values).c_str());
    f.SetField("useAsDefault", 1);
    f.SetField("description", "Exported by PlanView");
    f.SetField("owner", "");
    f.SetField("ui", "");
    if (styles->CreateFeature(&f) != OGRERR_NONE) throw OutputError(o.output + ": cannot write the layer style");
}

}  // namespace exporting

std::string qgisRendererXml(const LayerStyle& style, const std::string& geometry, const std::vector<std::string>& values) {
    const auto categories = categoryColors(style, values);
    const float alpha = static_cast<float>(style.opacity);
    auto symbol = [&](int index, const Color& c) {
        std::ostringstream s;
        if (geometry == "polygon" || geometry == "boundary") {
            // A boundary is drawn by its ring alone (PlanView's curtains seen from above): no brush, a
            // pen in the class colour. The brush colour is kept, so the class colour reads back.
            const bool ring = geometry == "boundary";
            s << "      <symbol type=\"fill\" name=\"" << index << "\" alpha=\"" << alpha << "\" clip_to_extent=\"1\" force_rhr=\"0\">\n"
              << "        <layer class=\"SimpleFill\" enabled=\"1\" pass=\"0\" locked=\"0\">\n"
              << "          <Option type=\"Map\">\n"
              << "            <Option type=\"QString\" name=\"color\" value=\"" << rgbaText(c, 1) << "\"/>\n"
              << "            <Option type=\"QString\" name=\"outline_color\" value=\"" << (ring ? rgbaText(c, 1) : "90,90,90,255") << "\"/>\n"
              << "            <Option type=\"QString\" name=\"outline_style\" value=\"solid\"/>\n"
              << "            <Option type=\"QString\" name=\"outline_width\" value=\"" << (ring ? "0.6" : "0.2") << "\"/>\n"
              << "            <Option type=\"QString\" name=\"style\" value=\"" << (ring ? "no" : "solid") << "\"/>\n"
              << "          </Option>\n        </layer>\n      </symbol>\n";
        } else if (geometry == "line") {
            s << "      <symbol type=\"line\" name=\"" << index << "\" alpha=\"" << alpha << "\" clip_to_extent=\"1\" force_rhr=\"0\">\n"
              << "        <layer class=\"SimpleLine\" enabled=\"1\" pass=\"0\" locked=\"0\">\n"
              << "          <Option type=\"Map\">\n"
              << "            <Option type=\"QString\" name=\"line_color\" value=\"" << rgbaText(c, 1) << "\"/>\n"
              << "            <Option type=\"QString\" name=\"line_width\" value=\"" << style.lineWidth << "\"/>\n"
              << "            <Option type=\"QString\" name=\"line_width_unit\" value=\"MapUnit\"/>\n"
              << "            <Option type=\"QString\" name=\"line_style\" value=\"" << (style.dashed ? "dash" : "solid") << "\"/>\n"
              << "          </Option>\n        </layer>\n      </symbol>\n";
        } else {
            s << "      <symbol type=\"marker\" name=\"" << index << "\" alpha=\"" << alpha << "\" clip_to_extent=\"1\" force_rhr=\"0\">\n"
              << "        <layer class=\"SimpleMarker\" enabled=\"1\" pass=\"0\" locked=\"0\">\n"
              << "          <Option type=\"Map\">\n"
              << "            <Option type=\"QString\" name=\"color\" value=\"" << rgbaText(c, 1) << "\"/>\n"
              << "            <Option type=\"QString\" name=\"name\" value=\"circle\"/>\n"
              << "            <Option type=\"QString\" name=\"size\" value=\"" << (style.markerSizeMm > 0 ? style.markerSizeMm : 3.0) << "\"/>\n"
              << "            <Option type=\"QString\" name=\"outline_color\" value=\"255,255,255,255\"/>\n"
              << "          </Option>\n        </layer>\n      </symbol>\n";
        }
        return s.str();
    };

    std::ostringstream q;
    if (!style.rules.empty()) {
        // Rule-based (read from QGIS): each rule's OGR SQL filter is a QGIS expression as well; QGIS
        // draws every rule that holds, the later on top, as PlanView colours by the last.
        q << "  <renderer-v2 type=\"RuleRenderer\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n"
          << "    <rules key=\"root\">\n";
        int index = 0;
        for (const StyleRule& r : style.rules) {
            q << "      <rule key=\"rule" << index << "\" symbol=\"" << index << "\" label=\"" << xml::escaped(r.label)
              << "\" filter=\"" << xml::escaped(r.elseRule ? "ELSE" : r.where) << "\"/>\n";
            ++index;
        }
        q << "    </rules>\n    <symbols>\n";
        index = 0;
        for (const StyleRule& r : style.rules) {
            auto c = style.colors.find(r.label);
            q << symbol(index++, c != style.colors.end() ? c->second : r.color);
        }
        q << "    </symbols>\n";
    } else if (!style.ranges.empty() && !style.by.empty()) {
        q << "  <renderer-v2 type=\"graduatedSymbol\" attr=\"" << xml::escaped(style.by)
          << "\" graduatedMethod=\"GraduatedColor\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n    <ranges>\n";
        int index = 0;
        for (const StyleRange& r : style.ranges)
            q << "      <range symbol=\"" << index++ << "\" lower=\"" << exporting::exactReal(r.lower) << "\" upper=\""
              << exporting::exactReal(r.upper) << "\" label=\"" << xml::escaped(r.label) << "\" render=\"true\"/>\n";
        q << "    </ranges>\n    <symbols>\n";
        index = 0;
        for (const StyleRange& r : style.ranges) q << symbol(index++, r.color);
        q << "    </symbols>\n";
    } else if (style.by.empty() || style.colors.empty()) {
        q << "  <renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n"
          << "    <symbols>\n" << symbol(0, style.defaultColor) << "    </symbols>\n";
    } else {
        q << "  <renderer-v2 type=\"categorizedSymbol\" attr=\"" << xml::escaped(style.by)
          << "\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n    <categories>\n";
        int index = 0;
        // QGIS's legend shows a category's label: the project's words for the value, as the viewer's does.
        const bool landUse = isLandUseFieldName(style.by);
        for (const auto& [value, color] : categories)
            q << "      <category symbol=\"" << index++ << "\" value=\"" << xml::escaped(value) << "\" label=\""
              << xml::escaped(style.caption(value, true, landUse)) << "\" render=\"true\"/>\n";
        q << "      <category symbol=\"" << index << "\" value=\"\" label=\"\" render=\"true\"/>\n"
          << "    </categories>\n    <symbols>\n";
        index = 0;
        for (const auto& [value, color] : categories) q << symbol(index++, color);
        q << symbol(index, style.defaultColor) << "    </symbols>\n";
    }
    q << "  </renderer-v2>\n";
    return q.str();
}

std::string qgisLabelingXml(const std::string& labelField, const std::string& geometry) {
    if (labelField.empty()) return "";
    std::ostringstream q;
    q << "  <labeling type=\"simple\">\n    <settings calloutType=\"simple\">\n"
      << "      <text-style fieldName=\"" << xml::escaped(labelField) << "\" isExpression=\"0\" fontFamily=\"WenQuanYi Micro Hei\" "
      << "fontSize=\"9\" textColor=\"30,30,30,255\"/>\n"
      << "      <text-buffer bufferDraw=\"1\" bufferSize=\"1\" bufferColor=\"255,255,255,255\"/>\n"
      << "      <placement placement=\"" << (geometry == "line" ? 2 : 0) << "\"/>\n"
      << "    </settings>\n  </labeling>\n";
    return q.str();
}

std::string qgisStyle(const LayerStyle& style, const std::string& geometry, const std::string& labelField,
                      const std::vector<std::string>& values) {
    const int geometryType = geometry == "point" ? 0 : geometry == "line" ? 1 : 2;
    std::ostringstream q;
    q << "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
      << "<qgis version=\"3.28.0\" styleCategories=\"Symbology|Labeling\" labelsEnabled=\"" << (labelField.empty() ? 0 : 1) << "\">\n"
      << qgisRendererXml(style, geometry, values) << qgisLabelingXml(labelField, geometry)
      << "  <layerGeometryType>" << geometryType << "</layerGeometryType>\n</qgis>\n";
    return q.str();
}

std::string sldStyle(const LayerStyle& style, const std::string& geometry, const std::string& layerName,
                     const std::vector<std::string>& values) {
    const auto categories = categoryColors(style, values);
    auto symbolizer = [&](const Color& c) {
        std::ostringstream s;
        if (geometry == "polygon")
            s << "<se:PolygonSymbolizer><se:Fill><se:SvgParameter name=\"fill\">" << colorHex(c)
              << "</se:SvgParameter><se:SvgParameter name=\"fill-opacity\">" << style.opacity
              << "</se:SvgParameter></se:Fill><se:Stroke><se:SvgParameter name=\"stroke\">#5A5A5A</se:SvgParameter>"
                 "<se:SvgParameter name=\"stroke-width\">0.5</se:SvgParameter></se:Stroke></se:PolygonSymbolizer>";
        else if (geometry == "line")
            s << "<se:LineSymbolizer><se:Stroke><se:SvgParameter name=\"stroke\">" << colorHex(c)
              << "</se:SvgParameter><se:SvgParameter name=\"stroke-width\">2</se:SvgParameter></se:Stroke></se:LineSymbolizer>";
        else
            s << "<se:PointSymbolizer><se:Graphic><se:Mark><se:WellKnownName>circle</se:WellKnownName><se:Fill>"
                 "<se:SvgParameter name=\"fill\">" << colorHex(c) << "</se:SvgParameter></se:Fill></se:Mark>"
                 "<se:Size>8</se:Size></se:Graphic></se:PointSymbolizer>";
        return s.str();
    };
    std::ostringstream s;
    s << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<StyledLayerDescriptor xmlns=\"http://www.opengis.net/sld\" xmlns:ogc=\"http://www.opengis.net/ogc\" "
         "xmlns:se=\"http://www.opengis.net/se\" version=\"1.1.0\">\n"
      << " <NamedLayer><se:Name>" << xml::escaped(layerName) << "</se:Name><UserStyle><se:Name>" << xml::escaped(layerName)
      << "</se:Name><se:FeatureTypeStyle>\n";
    if (style.by.empty() || style.colors.empty()) {
        s << "  <se:Rule>" << symbolizer(style.defaultColor) << "</se:Rule>\n";
    } else {
        for (const auto& [value, color] : categories)
            s << "  <se:Rule><se:Name>" << xml::escaped(value) << "</se:Name><se:Description><se:Title>"
              << xml::escaped(style.caption(value, true, isLandUseFieldName(style.by))) << "</se:Title></se:Description>"
              << "<ogc:Filter><ogc:PropertyIsEqualTo>"
              << "<ogc:PropertyName>" << xml::escaped(style.by) << "</ogc:PropertyName><ogc:Literal>" << xml::escaped(value)
              << "</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter>" << symbolizer(color) << "</se:Rule>\n";
        s << "  <se:Rule><se:ElseFilter/>" << symbolizer(style.defaultColor) << "</se:Rule>\n";
    }
    s << " </se:FeatureTypeStyle></UserStyle></NamedLayer>\n</StyledLayerDescriptor>\n";
    return s.str();
}

exporting::GpkgReplacement::GpkgReplacement(const std::string& path, bool overwrite) : path_(path) {
    namespace fs = std::filesystem;
    const fs::path target(path);
    const fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    std::error_code ec;
    if (fs::is_regular_file(target, ec) && !overwrite) throw OutputError(path + ": already exists (use --overwrite to replace it)");
    if (!fs::is_directory(folder, ec)) throw OutputError(path + ": cannot be written: folder " + folder.string() + " does not exist");
    if (fs::is_directory(target, ec)) throw OutputError(path + ": cannot be written: it is a folder");
    if (fs::exists(target, ec) && !fs::is_regular_file(target, ec))
        throw OutputError(path + ": cannot be written: it is not a regular file");
    // The target's own extension: GDAL and zip writers choose by it.
    temporary_ = folder / ("." + target.filename().string() + ".partial-" + std::to_string(getpid()) + target.extension().string());
    fs::remove(temporary_, ec);
}

exporting::GpkgReplacement::~GpkgReplacement() {
    if (committed_) return;
    std::error_code e;
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) std::filesystem::remove(temporary_.string() + suffix, e);
}

std::unique_ptr<GDALDataset> exporting::GpkgReplacement::create() const {
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (!driver) throw OutputError(path_ + ": cannot be written: GDAL has no GPKG driver");
    std::unique_ptr<GDALDataset> gpkg(driver->Create(temporary_.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!gpkg) throw OutputError(path_ + ": cannot be written: " + lastGdalError());
    return gpkg;
}

void exporting::GpkgReplacement::commit() {
    std::error_code ec;
    std::filesystem::rename(temporary_, path_, ec);
    if (ec) throw OutputError(path_ + ": cannot be written: " + ec.message());
    committed_ = true;
}

}  // namespace geo
