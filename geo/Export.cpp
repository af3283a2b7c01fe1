#include "geo/Export.h"
#include <gdal_utils.h>
#include <ogrsf_frmts.h>
#include <algorithm>
#include <filesystem>
#include <random>
#include <sstream>
#include "geo/Errors.h"
#include "geo/FeatureReader.h"
#include "geo/Gcj02.h"
#include "geo/Log.h"
#include "geo/SceneFrame.h"
#include "geo/Source.h"

namespace fs = std::filesystem;

namespace geo {

namespace {

const std::vector<std::pair<std::string, std::vector<std::string>>>& formats() {
    static const std::vector<std::pair<std::string, std::vector<std::string>>> f = {
        {"GPKG", {".gpkg"}},     {"ESRI Shapefile", {".shp"}}, {"GeoJSON", {".geojson", ".json"}},
        {"KML", {".kml"}},       {"FlatGeobuf", {".fgb"}},     {"CSV", {".csv"}},
        {"DXF", {".dxf"}}};
    return f;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string geometryName(OGRwkbGeometryType t) {
    switch (wkbFlatten(OGR_GT_GetLinear(t))) {
    case wkbLineString:
    case wkbMultiLineString: return "line";
    case wkbPoint:
    case wkbMultiPoint: return "point";
    default: return "polygon";
    }
}

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

std::string xmlEscape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default: out += c;
        }
    }
    return out;
}

/// Runs ogr2ogr's library form; throws OutputError with GDAL's message on failure.
GDALDatasetUniquePtr translate(const std::string& destination, GDALDatasetH source, const std::vector<std::string>& args,
                               const std::string& what) {
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    GDALVectorTranslateOptions* options = GDALVectorTranslateOptionsNew(argv.data(), nullptr);
    if (!options) throw InputError(what + ": " + lastGdalError());
    int usageError = FALSE;
    CPLErrorReset();
    lastGdalError();
    GDALDatasetH out = GDALVectorTranslate(destination.c_str(), nullptr, 1, &source, options, &usageError);
    GDALVectorTranslateOptionsFree(options);
    if (!out) {
        std::string cause = lastGdalError();
        throw OutputError(what + ": " + (cause.empty() ? "GDAL could not write it" : cause));
    }
    return GDALDatasetUniquePtr(GDALDataset::FromHandle(out));
}

/// Sets each feature's OGR style string (KML) or Layer field (DXF) from the layer's style.
void applyFeatureStyles(OGRLayer& layer, const ExportOptions& o, const std::string& geometry, bool dxf) {
    int byField = o.style.by.empty() ? -1 : layer.GetLayerDefn()->GetFieldIndex(o.style.by.c_str());
    const float alpha = static_cast<float>(o.style.opacity);
    layer.ResetReading();
    std::vector<OGRFeatureUniquePtr> features;
    for (OGRFeatureUniquePtr f(layer.GetNextFeature()); f; f.reset(layer.GetNextFeature())) features.push_back(std::move(f));
    for (auto& f : features) {
        Value v = byField >= 0 && f->IsFieldSetAndNotNull(byField) ? Value(std::string(f->GetFieldAsString(byField))) : Value();
        Color c = o.style.colorFor(v);
        if (dxf) {
            std::string layerName = byField >= 0 ? (toString(v).empty() ? "(none)" : toString(v)) : o.title;
            f->SetField("Layer", layerName.c_str());
        } else if (geometry == "polygon") {
            f->SetStyleString(("PEN(c:" + ogrColor(c, 1) + ",w:2px);BRUSH(fc:" + ogrColor(c, alpha * 0.8f) + ")").c_str());
        } else if (geometry == "line") {
            f->SetStyleString(("PEN(c:" + ogrColor(c, 1) + ",w:3px)").c_str());
        } else {
            f->SetStyleString(("SYMBOL(c:" + ogrColor(c, 1) + ")").c_str());
        }
        if (layer.SetFeature(f.get()) != OGRERR_NONE) throw OutputError(o.output + ": cannot style feature " + std::to_string(f->GetFID()));
    }
}

/// Adds QGIS's layer_styles table to a GeoPackage, with the layer's style as QML and SLD.
void addLayerStyles(GDALDataset& gpkg, const std::string& table, const std::string& geometryColumn,
                    const std::string& geometry, const ExportOptions& o) {
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
    f.SetField("styleQML", qgisStyle(o.style, geometry, o.labelField).c_str());
    f.SetField("styleSLD", sldStyle(o.style, geometry, table).c_str());
    f.SetField("useAsDefault", 1);
    f.SetField("description", "Exported by PlanView");
    f.SetField("owner", "");
    f.SetField("ui", "");
    if (styles->CreateFeature(&f) != OGRERR_NONE) throw OutputError(o.output + ": cannot write the layer style");
}

/// Moves every vertex of the layer from GCJ-02 to WGS84 (the layer is in longitude/latitude).
void correctGcj02(OGRLayer& layer, const std::string& output) {
    struct Visitor : OGRDefaultGeometryVisitor {
        using OGRDefaultGeometryVisitor::visit;
        void visit(OGRPoint* p) override {
            Vec2 wgs = gcj02ToWgs84({p->getX(), p->getY()});
            p->setX(wgs.x);
            p->setY(wgs.y);
        }
    } visitor;
    layer.ResetReading();
    std::vector<OGRFeatureUniquePtr> features;
    for (OGRFeatureUniquePtr f(layer.GetNextFeature()); f; f.reset(layer.GetNextFeature())) features.push_back(std::move(f));
    for (auto& f : features) {
        if (OGRGeometry* g = f->GetGeometryRef()) g->accept(&visitor);
        if (layer.SetFeature(f.get()) != OGRERR_NONE) throw OutputError(output + ": cannot correct feature " + std::to_string(f->GetFID()));
    }
}

std::string tempName() {
    std::random_device seed;
    std::mt19937_64 random(seed());
    std::ostringstream s;
    s << ".planview-export-" << std::hex << random();
    return s.str();
}

}  // namespace

std::string formatForPath(const std::string& path) {
    std::string ext = lower(fs::path(path).extension().string());
    for (const auto& [driver, extensions] : formats())
        if (std::find(extensions.begin(), extensions.end(), ext) != extensions.end()) return driver;
    return "";
}

std::string qgisStyle(const LayerStyle& style, const std::string& geometry, const std::string& labelField) {
    const int geometryType = geometry == "point" ? 0 : geometry == "line" ? 1 : 2;
    const float alpha = static_cast<float>(style.opacity);
    auto symbol = [&](int index, const Color& c) {
        std::ostringstream s;
        if (geometry == "polygon") {
            s << "      <symbol type=\"fill\" name=\"" << index << "\" alpha=\"" << alpha << "\" clip_to_extent=\"1\" force_rhr=\"0\">\n"
              << "        <layer class=\"SimpleFill\" enabled=\"1\" pass=\"0\" locked=\"0\">\n"
              << "          <Option type=\"Map\">\n"
              << "            <Option type=\"QString\" name=\"color\" value=\"" << rgbaText(c, 1) << "\"/>\n"
              << "            <Option type=\"QString\" name=\"outline_color\" value=\"90,90,90,255\"/>\n"
              << "            <Option type=\"QString\" name=\"outline_style\" value=\"solid\"/>\n"
              << "            <Option type=\"QString\" name=\"outline_width\" value=\"0.2\"/>\n"
              << "            <Option type=\"QString\" name=\"style\" value=\"solid\"/>\n"
              << "          </Option>\n        </layer>\n      </symbol>\n";
        } else if (geometry == "line") {
            s << "      <symbol type=\"line\" name=\"" << index << "\" alpha=\"" << alpha << "\" clip_to_extent=\"1\" force_rhr=\"0\">\n"
              << "        <layer class=\"SimpleLine\" enabled=\"1\" pass=\"0\" locked=\"0\">\n"
              << "          <Option type=\"Map\">\n"
              << "            <Option type=\"QString\" name=\"line_color\" value=\"" << rgbaText(c, 1) << "\"/>\n"
              << "            <Option type=\"QString\" name=\"line_width\" value=\"" << style.lineWidth << "\"/>\n"
              << "            <Option type=\"QString\" name=\"line_width_unit\" value=\"MapUnit\"/>\n"
              << "            <Option type=\"QString\" name=\"line_style\" value=\"solid\"/>\n"
              << "          </Option>\n        </layer>\n      </symbol>\n";
        } else {
            s << "      <symbol type=\"marker\" name=\"" << index << "\" alpha=\"" << alpha << "\" clip_to_extent=\"1\" force_rhr=\"0\">\n"
              << "        <layer class=\"SimpleMarker\" enabled=\"1\" pass=\"0\" locked=\"0\">\n"
              << "          <Option type=\"Map\">\n"
              << "            <Option type=\"QString\" name=\"color\" value=\"" << rgbaText(c, 1) << "\"/>\n"
              << "            <Option type=\"QString\" name=\"name\" value=\"circle\"/>\n"
              << "            <Option type=\"QString\" name=\"size\" value=\"3\"/>\n"
              << "            <Option type=\"QString\" name=\"outline_color\" value=\"255,255,255,255\"/>\n"
              << "          </Option>\n        </layer>\n      </symbol>\n";
        }
        return s.str();
    };

    std::ostringstream q;
    q << "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
      << "<qgis version=\"3.28.0\" styleCategories=\"Symbology|Labeling\" labelsEnabled=\"" << (labelField.empty() ? 0 : 1) << "\">\n";
    if (style.by.empty() || style.colors.empty()) {
        q << "  <renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n"
          << "    <symbols>\n" << symbol(0, style.defaultColor) << "    </symbols>\n";
    } else {
        q << "  <renderer-v2 type=\"categorizedSymbol\" attr=\"" << xmlEscape(style.by)
          << "\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n    <categories>\n";
        int index = 0;
        for (const auto& [value, color] : style.colors) {
            const LandUseClass* meaning = findLandUseClass(value);
            std::string label = value + (meaning && meaning->code == value ? " " + meaning->nameZh : "");
            q << "      <category symbol=\"" << index++ << "\" value=\"" << xmlEscape(value) << "\" label=\""
              << xmlEscape(label) << "\" render=\"true\"/>\n";
        }
        q << "      <category symbol=\"" << index << "\" value=\"\" label=\"\" render=\"true\"/>\n"
          << "    </categories>\n    <symbols>\n";
        index = 0;
        for (const auto& [value, color] : style.colors) q << symbol(index++, color);
        q << symbol(index, style.defaultColor) << "    </symbols>\n";
    }
    q << "  </renderer-v2>\n";
    if (!labelField.empty()) {
        q << "  <labeling type=\"simple\">\n    <settings calloutType=\"simple\">\n"
          << "      <text-style fieldName=\"" << xmlEscape(labelField) << "\" isExpression=\"0\" fontFamily=\"WenQuanYi Micro Hei\" "
          << "fontSize=\"9\" textColor=\"30,30,30,255\"/>\n"
          << "      <text-buffer bufferDraw=\"1\" bufferSize=\"1\" bufferColor=\"255,255,255,255\"/>\n"
          << "      <placement placement=\"" << (geometryType == 1 ? 2 : 0) << "\"/>\n"
          << "    </settings>\n  </labeling>\n";
    }
    q << "  <layerGeometryType>" << geometryType << "</layerGeometryType>\n</qgis>\n";
    return q.str();
}

std::string sldStyle(const LayerStyle& style, const std::string& geometry, const std::string& layerName) {
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
      << " <NamedLayer><se:Name>" << xmlEscape(layerName) << "</se:Name><UserStyle><se:Name>" << xmlEscape(layerName)
      << "</se:Name><se:FeatureTypeStyle>\n";
    if (style.by.empty() || style.colors.empty()) {
        s << "  <se:Rule>" << symbolizer(style.defaultColor) << "</se:Rule>\n";
    } else {
        for (const auto& [value, color] : style.colors)
            s << "  <se:Rule><se:Name>" << xmlEscape(value) << "</se:Name><ogc:Filter><ogc:PropertyIsEqualTo>"
              << "<ogc:PropertyName>" << xmlEscape(style.by) << "</ogc:PropertyName><ogc:Literal>" << xmlEscape(value)
              << "</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter>" << symbolizer(color) << "</se:Rule>\n";
        s << "  <se:Rule><se:ElseFilter/>" << symbolizer(style.defaultColor) << "</se:Rule>\n";
    }
    s << " </se:FeatureTypeStyle></UserStyle></NamedLayer>\n</StyledLayerDescriptor>\n";
    return s.str();
}

ExportReport exportLayer(const Source& source, const ExportOptions& o) {
    ExportReport report;
    report.output = o.output;
    report.format = o.format.empty() ? formatForPath(o.output) : o.format;
    bool known = false;
    for (const auto& [driver, ext] : formats()) known = known || driver == report.format;
    if (!known)
        throw InputError(o.output + ": unknown export format" + (report.format.empty() ? "" : " '" + report.format + "'") +
                         " (GPKG, \"ESRI Shapefile\", GeoJSON, KML, FlatGeobuf, CSV, DXF)");

    OGRLayer& layer = source.layer(o.layer);
    const std::string what = source.location() + " layer '" + layer.GetName() + "'";
    const std::string layerName = layer.GetName();
    const std::string geometry = geometryName(layer.GetGeomType());

    const fs::path target = fs::absolute(o.output);
    std::error_code ec;
    if (fs::exists(target, ec) && !o.overwrite)
        throw OutputError(o.output + ": already exists (use --overwrite to replace it)");
    if (fs::is_directory(target, ec)) throw OutputError(o.output + ": is a directory");
    if (!fs::is_directory(target.parent_path(), ec))
        throw OutputError(o.output + ": the folder " + target.parent_path().string() + " does not exist");

    applyAttributeFilter(layer, o.where, what);  // a bad filter is the user's input error, before any write
    layer.SetAttributeFilter(nullptr);

    // The CRS: GeoJSON (RFC 7946) and KML are WGS84 by definition; CAD users want metres.
    std::string crs = o.targetCrs;
    if (report.format == "GeoJSON" || report.format == "KML") crs = "EPSG:4326";
    if (report.format == "DXF" && crs.empty()) {
        const OGRSpatialReference* srs = layer.GetSpatialRef();
        if (!srs || srs->IsGeographic()) crs = SceneFrame::choose(layerLonLatExtent(layer, what)).crsName();
    }
    if (!crs.empty()) {
        OGRSpatialReference check;
        if (check.SetFromUserInput(crs.c_str()) != OGRERR_NONE)
            throw InputError("--t-srs '" + crs + "' is not a CRS PROJ knows");
    }

    std::vector<std::string> args;  // layer creation options, as -lco pairs
    if (report.format == "ESRI Shapefile") args.insert(args.end(), {"-lco", "ENCODING=UTF-8"});
    if (report.format == "GeoJSON") args.insert(args.end(), {"-lco", "RFC7946=YES"});
    if (report.format == "CSV") args.insert(args.end(), {"-lco", "GEOMETRY=AS_WKT", "-lco", "CREATE_CSVT=YES"});

    // Write into a fresh folder beside the target, then rename into place: an interrupted export
    // leaves the target as it was.
    const fs::path staging = target.parent_path() / tempName();
    if (!fs::create_directory(staging, ec)) throw OutputError(o.output + ": cannot write in " + target.parent_path().string() + ": " + ec.message());
    struct Cleanup {
        fs::path dir;
        ~Cleanup() { std::error_code e; fs::remove_all(dir, e); }
    } cleanup{staging};
    const fs::path staged = staging / target.filename();
    GDALDatasetH sourceHandle = GDALDataset::ToHandle(&source.dataset());

    // Layer creation options of each format (the filter and CRS are given where the data is read).
    std::vector<std::string> formatArgs{"-f", report.format == "KML" ? "LIBKML" : report.format};
    for (std::size_t i = 0; i + 1 < args.size(); i += 2)
        if (args[i] == "-lco") formatArgs.insert(formatArgs.end(), {args[i], args[i + 1]});

    GDALDatasetUniquePtr out;
    if (report.format == "KML" || report.format == "DXF" || o.fromGcj02) {
        // Per-feature styles (KML), CAD layers (DXF) and the GCJ-02 correction are applied to a copy in
        // memory first; the correction in longitude/latitude, before any reprojection.
        std::vector<std::string> copyArgs{"-f", "Memory", "-nln", layerName};
        if (!o.where.empty()) copyArgs.insert(copyArgs.end(), {"-where", o.where});
        if (o.fromGcj02) {
            OGRSpatialReference crsOfLayer = layerCrs(layer, what);
            if (!crsOfLayer.IsGeographic())
                throw InputError(what + ": --from-gcj02 applies to longitude/latitude, but the layer is in " + crsCode(crsOfLayer));
        } else if (!crs.empty()) {
            copyArgs.insert(copyArgs.end(), {"-t_srs", crs});
        }
        copyArgs.push_back(layerName);
        GDALDatasetUniquePtr memory = translate("", sourceHandle, copyArgs, o.output);
        OGRLayer* copy = memory->GetLayer(0);
        if (o.fromGcj02) correctGcj02(*copy, o.output);
        if (report.format == "DXF") {
            OGRFieldDefn layerField("Layer", OFTString);
            if (copy->GetLayerDefn()->GetFieldIndex("Layer") < 0) copy->CreateField(&layerField);
        }
        if (report.format == "KML" || report.format == "DXF") applyFeatureStyles(*copy, o, geometry, report.format == "DXF");
        if (o.fromGcj02 && !crs.empty()) formatArgs.insert(formatArgs.end(), {"-t_srs", crs});
        formatArgs.push_back(layerName);
        // LIBKML, not the older KML driver: it turns OGR style strings into full KML styles (fills too).
        CPLConfigOptionSetter nameField("LIBKML_NAME_FIELD", o.labelField.empty() ? "Name" : o.labelField.c_str(), false);
        out = translate(staged.string(), GDALDataset::ToHandle(memory.get()), formatArgs, o.output);
    } else {
        if (!o.where.empty()) formatArgs.insert(formatArgs.end(), {"-where", o.where});
        if (!crs.empty()) formatArgs.insert(formatArgs.end(), {"-t_srs", crs});
        formatArgs.push_back(layerName);
        out = translate(staged.string(), sourceHandle, formatArgs, o.output);
    }
    if (report.format == "GPKG") {
        OGRLayer* written = out->GetLayerByName(layerName.c_str());
        std::string geometryColumn = written ? written->GetGeometryColumn() : "geom";
        addLayerStyles(*out, layerName, geometryColumn, geometry, o);
    }
    out.reset();  // closed (and flushed) before it is read back and moved

    // Count what was written and which field names the format changed, by reading it back.
    {
        GDALDatasetUniquePtr check(GDALDataset::Open(staged.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
        if (!check) throw OutputError(o.output + ": the written file cannot be read back: " + lastGdalError());
        OGRLayer* written = check->GetLayerByName(layerName.c_str());
        if (!written) written = check->GetLayer(0);
        if (written) {
            report.features = written->GetFeatureCount(TRUE);
            OGRFeatureDefn* in = layer.GetLayerDefn();
            OGRFeatureDefn* out = written->GetLayerDefn();
            if (report.format == "ESRI Shapefile")
                for (int i = 0; i < in->GetFieldCount() && i < out->GetFieldCount(); ++i)
                    if (std::string(in->GetFieldDefn(i)->GetNameRef()) != out->GetFieldDefn(i)->GetNameRef())
                        report.renamedFields.emplace_back(in->GetFieldDefn(i)->GetNameRef(), out->GetFieldDefn(i)->GetNameRef());
        }
    }

    // Move every staged file into place (a shapefile is several); the main file last.
    std::vector<fs::path> staged_files;
    for (const auto& entry : fs::directory_iterator(staging)) staged_files.push_back(entry.path());
    std::stable_partition(staged_files.begin(), staged_files.end(), [&](const fs::path& p) { return p.filename() != target.filename(); });
    for (const fs::path& file : staged_files) {
        fs::rename(file, target.parent_path() / file.filename(), ec);
        if (ec) throw OutputError(o.output + ": cannot move the export into place: " + ec.message());
    }
    if (report.format == "ESRI Shapefile")
        for (const char* stale : {".qix", ".sbn", ".sbx"}) fs::remove(fs::path(target).replace_extension(stale), ec);
    for (const auto& [from, to] : report.renamedFields)
        log().warn("{}: field '{}' written as '{}' (Shapefile field names are at most 10 bytes)", o.output, from, to);
    return report;
}

}  // namespace geo
