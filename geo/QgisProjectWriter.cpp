#include "geo/QgisProjectWriter.h"
#include <cpl_conv.h>
#include <cpl_string.h>
#include <ogrsf_frmts.h>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include "geo/Errors.h"
#include "geo/Export.h"
#include "geo/ExportInternal.h"
#include "geo/Log.h"
#include "geo/ProjectData.h"
#include "geo/Qgis3D.h"
#include "geo/QgisProject.h"
#include "geo/QgisStyle.h"
#include "geo/RasterDescribe.h"
#include "geo/SceneFrame.h"
#include "geo/Source.h"
#include "geo/Xml.h"

namespace fs = std::filesystem;

namespace geo {

namespace {

using xml::escaped;

/// A coordinate as text that reads back as the same double.
std::string number(double v) { return exporting::exactReal(v); }

/// QGIS's <spatialrefsys> for a CRS: WKT, PROJ string and authority code (QGIS 3.22 reads the
/// authority code first, the WKT when it has none).
std::string spatialRefSys(const OGRSpatialReference& srs, const std::string& indent) {
    char* wkt = nullptr;
    const char* wktOptions[] = {"FORMAT=WKT2_2018", nullptr};
    srs.exportToWkt(&wkt, wktOptions);
    char* proj4 = nullptr;
    srs.exportToProj4(&proj4);
    const std::string code = crsCode(srs);
    const bool authority = code.find(':') != std::string::npos && code.find(' ') == std::string::npos;
    const std::string srid = authority && code.rfind("EPSG:", 0) == 0 ? code.substr(5) : "0";
    std::ostringstream s;
    s << indent << "<spatialrefsys>\n"
      << indent << "  <wkt>" << escaped(wkt ? wkt : "") << "</wkt>\n"
      << indent << "  <proj4>" << escaped(proj4 ? proj4 : "") << "</proj4>\n"
      << indent << "  <srsid>0</srsid>\n"
      << indent << "  <srid>" << srid << "</srid>\n"
      << indent << "  <authid>" << escaped(authority ? code : "") << "</authid>\n"
      << indent << "  <description>" << escaped(srs.GetName() ? srs.GetName() : "") << "</description>\n"
      << indent << "  <projectionacronym></projectionacronym>\n"
      << indent << "  <ellipsoidacronym></ellipsoidacronym>\n"
      << indent << "  <geographicflag>" << (srs.IsGeographic() ? "true" : "false") << "</geographicflag>\n"
      << indent << "</spatialrefsys>\n";
    CPLFree(wkt);
    CPLFree(proj4);
    return s.str();
}

/// A file source relative to the project's folder ("./…", "../…"), as QGIS writes relative paths;
/// GDAL connection strings and virtual paths as they are.
std::string relativeSource(const std::string& source, const fs::path& folder) {
    std::error_code ec;
    if (source.rfind("/vsi", 0) == 0 || !fs::exists(source, ec)) return source;
    const fs::path from = fs::weakly_canonical(fs::absolute(folder, ec), ec);
    const fs::path file = fs::weakly_canonical(fs::absolute(source, ec), ec);
    const fs::path relative = file.lexically_relative(from);
    if (relative.empty()) return file.string();
    const std::string r = relative.generic_string();
    return r.rfind("../", 0) == 0 ? r : "./" + r;
}

/// QGIS's postgres data source for a PostGIS layer: the connection's keywords, the table, its
/// geometry and key columns, and the subset as `sql=`.
std::string postgresDataSource(const LayerSpec& spec, OGRLayer& layer) {
    std::string conninfo = postgresConnection(spec.source);
    if (conninfo.rfind("PG:", 0) == 0) conninfo = conninfo.substr(3);
    auto k = dataSourceKeywords(conninfo);
    std::ostringstream s;
    auto quoted = [](const std::string& v) {
        std::string out = "'";
        for (char c : v) out += (c == '\'' || c == '\\') ? std::string("\\") + c : std::string(1, c);
        return out + "'";
    };
    for (const char* key : {"dbname", "host", "hostaddr", "port", "user", "password", "service", "sslmode"})
        if (auto it = k.find(key); it != k.end() && !it->second.empty()) s << key << "=" << quoted(it->second) << " ";
    if (const char* fid = layer.GetFIDColumn(); fid && *fid) s << "key=" << quoted(fid) << " ";
    std::string table = spec.layer.empty() ? layer.GetName() : spec.layer, schema = "public";
    if (const auto dot = table.find('.'); dot != std::string::npos) {
        schema = table.substr(0, dot);
        table = table.substr(dot + 1);
    }
    auto identifier = [](const std::string& v) {
        std::string out = "\"";
        for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
        return out + "\"";
    };
    s << "checkPrimaryKeyUnicity='1' table=" << identifier(schema) << "." << identifier(table);
    if (const char* geometry = layer.GetGeometryColumn(); geometry && *geometry) s << " (" << geometry << ")";
    if (!spec.where.empty()) s << " sql=" << spec.where;
    return s.str();
}

/// What a layer is to QGIS, read from its source.
struct LayerFacts {
    std::string id, provider, datasource;
    std::string geometry;        ///< QGIS's "Polygon", "Line" or "Point"
    std::string symbols;         ///< the QML writer's "polygon", "boundary", "line" or "point"
    std::string srs;             ///< its <srs> element ("" when the source has no CRS)
    std::vector<std::string> values;   ///< of the style field, for categories
    bool raster = false;         ///< an imagery or terrain layer (provider gdal)
    bool geographic = false;     ///< a raster in degrees (a hillshade's slopes need metres)
    OGREnvelope extent;          ///< a raster's, in its own CRS
    LayerSpec spec;              ///< with the style PlanView draws it in (the stored one when the project has none)
};

std::string geometryOf(OGRwkbGeometryType type, LayerKind kind) {
    switch (wkbFlatten(type)) {
    case wkbPoint: case wkbMultiPoint: return "Point";
    case wkbLineString: case wkbMultiLineString: case wkbCircularString: case wkbCompoundCurve: case wkbMultiCurve: return "Line";
    case wkbPolygon: case wkbMultiPolygon: case wkbCurvePolygon: case wkbMultiSurface: return "Polygon";
    default:
        return kind == LayerKind::Lines ? "Line" : kind == LayerKind::Points ? "Point" : "Polygon";
    }
}

class ProjectDocument {
public:
    ProjectDocument(const Project& project, const std::string& output, QgisProjectReport& report)
        : project_(project), folder_(fs::path(output).parent_path().empty() ? fs::path(".") : fs::path(output).parent_path()),
          report_(report) {}

    std::string write() {
        chooseCrs();
        for (std::size_t i = 0; i < project_.layers.size(); ++i) {
            const LayerSpec& spec = project_.layers[i];
            if (spec.kind == LayerKind::Models) {
                report_.leftOut.push_back("layer '" + spec.name + "' left out: it holds 3D models, which a QGIS project's 2D map does not show");
                continue;
            }
            if (spec.gcj02)
                report_.notes.push_back("layer '" + spec.name + "': its coordinates are GCJ-02 (datum = \"gcj02\"), which QGIS "
                                        "shows as they are, a few hundred metres from where PlanView draws them");
            layers_.push_back(isRasterKind(spec.kind) ? rasterFacts(spec, i) : facts(spec, i));
            report_.layers.push_back(spec.name);
        }
        if (layers_.empty()) throw InputError(project_.path + ": no layer a QGIS project can show (3D models are left out)");
        std::ostringstream q;
        const std::string title = project_.title.empty() ? fs::path(project_.path).stem().string() : project_.title;
        q << "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
          << "<qgis projectname=\"" << escaped(title) << "\" version=\"3.22.16-Białowieża\">\n"
          << "  <homePath path=\"\"/>\n"
          << "  <title>" << escaped(title) << "</title>\n"
          << "  <projectCrs>\n" << spatialRefSys(*crs_, "    ") << "  </projectCrs>\n";
        tree(q);
        q << "  <projectlayers>\n";
        for (const LayerFacts& l : layers_) l.raster ? rasterLayer(q, l) : mapLayer(q, l);
        q << "  </projectlayers>\n  <layerorder>\n";
        for (auto l = layers_.rbegin(); l != layers_.rend(); ++l) q << "    <layer id=\"" << l->id << "\"/>\n";
        q << "  </layerorder>\n"
          << "  <properties>\n    <Paths>\n      <Absolute type=\"bool\">false</Absolute>\n    </Paths>\n"
             // QGIS 3.22 reads <projectCrs> only with this on.
          << "    <SpatialRefSys>\n      <ProjectionsEnabled type=\"int\">1</ProjectionsEnabled>\n    </SpatialRefSys>\n"
          << "  </properties>\n";
        canvas(q);
        bookmarks(q);
        q << "</qgis>\n";
        return q.str();
    }

private:
    const Project& project_;
    fs::path folder_;
    QgisProjectReport& report_;
    std::unique_ptr<OGRSpatialReference> crs_;
    std::vector<LayerFacts> layers_;
    OGREnvelope extent_;   ///< of every layer, in the project CRS

    void chooseCrs() {
        crs_ = std::make_unique<OGRSpatialReference>();
        if (!project_.crs.empty()) {
            if (crs_->SetFromUserInput(project_.crs.c_str()) != OGRERR_NONE)
                throw InputError(project_.path + ": crs '" + project_.crs + "' is not a CRS GDAL knows");
            // As the scene frame: metres, so that a bookmark's extent is its range in metres.
            if (!crs_->IsProjected())
                throw InputError(project_.path + ": crs '" + project_.crs + "' is not a projected CRS (the project's map is in metres)");
        } else {
            // No CRS of its own: the scene frame PlanView builds the project in (EPSG:4549 around
            // Hangzhou, else a UTM zone, …), so QGIS shows the map as PlanView's top view does.
            *crs_ = chooseProjectFrame(project_).srs();
            report_.crsFromScene = true;
        }
        crs_->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        report_.crs = crsCode(*crs_);
    }

    LayerFacts facts(const LayerSpec& spec, std::size_t index) {
        LayerFacts f;
        f.spec = spec;
        f.id = "planview_layer_" + std::to_string(index + 1);
        Source source = Source::open(spec.source);
        OGRLayer& layer = source.layer(spec.layer);
        if (!spec.styled)
            if (auto stored = storedQgisStyle(source, layer.GetName())) applyQgisStyle(f.spec, *stored, project_.path);
        f.geometry = geometryOf(layer.GetGeomType(), spec.kind);
        f.symbols = f.geometry == "Line" ? "line" : f.geometry == "Point" ? "point" : spec.kind == LayerKind::Boundary ? "boundary" : "polygon";
        if (source.isDatabase()) {
            f.provider = "postgres";
            f.datasource = postgresDataSource(spec, layer);
        } else {
            f.provider = "ogr";
            f.datasource = relativeSource(spec.source, folder_) + "|layername=" + layer.GetName();
            if (!spec.where.empty()) f.datasource += "|subset=" + spec.where;
        }
        if (const OGRSpatialReference* srs = layer.GetSpatialRef()) {
            f.srs = spatialRefSys(*srs, "        ");
            OGREnvelope e;
            if (layer.GetExtent(&e, TRUE) == OGRERR_NONE) mergeExtent(*srs, e);
        }
        const LayerStyle& style = f.spec.style;
        const int field = style.by.empty() ? -1 : layer.GetLayerDefn()->GetFieldIndex(style.by.c_str());
        if (field >= 0 && style.rules.empty() && style.ranges.empty()) {
            // Every value in the data gets its category in PlanView's colour (QGIS matches whole values;
            // PlanView gives R21 the colour of R2).
            std::set<std::string> values;
            for (auto& feature : layer)
                if (feature->IsFieldSetAndNotNull(field)) values.insert(feature->GetFieldAsString(field));
            layer.ResetReading();
            f.values.assign(values.begin(), values.end());
        }
        return f;
    }

    /// Adds `e` (in `srs`) to the project's extent, in the project CRS.
    void mergeExtent(const OGRSpatialReference& srs, const OGREnvelope& e) {
        OGRSpatialReference from(srs);
        from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        std::unique_ptr<OGRCoordinateTransformation> t(OGRCreateCoordinateTransformation(&from, crs_.get()));
        double x0, y0, x1, y1;
        if (t && t->TransformBounds(e.MinX, e.MinY, e.MaxX, e.MaxY, &x0, &y0, &x1, &y1, 21)) {
            OGREnvelope moved;
            moved.MinX = x0, moved.MinY = y0, moved.MaxX = x1, moved.MaxY = y1;
            extent_.Merge(moved);
        }
    }

    /// An imagery or terrain layer: a GDAL raster (geo/RasterDescribe.h says what it holds), its file
    /// relative to the written project, its CRS the layer's `crs` when it gives one.
    LayerFacts rasterFacts(const LayerSpec& spec, std::size_t index) {
        LayerFacts f;
        f.spec = spec;
        f.raster = true;
        f.id = "planview_layer_" + std::to_string(index + 1);
        f.provider = "gdal";
        auto described = describeRaster(spec.source, spec.rasterCrs);
        if (!described) throw InputError(spec.source + ": not a raster GDAL reads (layer '" + spec.name + "' is " + layerKindName(spec.kind) + ")");
        f.datasource = relativeSource(spec.source, folder_);
        OGRSpatialReference srs;
        if (!spec.rasterCrs.empty()) {
            srs.SetFromUserInput(spec.rasterCrs.c_str());
        } else {
            GDALDatasetUniquePtr ds(GDALDataset::Open(spec.source.c_str(), GDAL_OF_RASTER));
            if (ds && ds->GetSpatialRef()) srs = *ds->GetSpatialRef();
        }
        srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        if (!srs.IsEmpty()) f.srs = spatialRefSys(srs, "        ");
        f.geographic = srs.IsGeographic();
        const Extent& e = described->nativeExtent;
        f.extent.MinX = e.minX, f.extent.MinY = e.minY, f.extent.MaxX = e.maxX, f.extent.MaxY = e.maxY;
        if (!srs.IsEmpty()) mergeExtent(srs, f.extent);
        return f;
    }

    /// A raster layer as QGIS 3.22 writes one. Imagery keeps the renderer QGIS gives the file (RGB as
    /// it is, a palette as its colours); terrain is drawn as a hillshade exaggerated as in PlanView.
    void rasterLayer(std::ostringstream& q, const LayerFacts& l) const {
        const LayerSpec& spec = l.spec;
        q << "    <maplayer type=\"raster\" hasScaleBasedVisibilityFlag=\"0\" minScale=\"100000000\" maxScale=\"0\""
             " styleCategories=\"AllStyleCategories\" autoRefreshEnabled=\"0\" refreshOnNotifyEnabled=\"0\">\n"
          << "      <extent>\n        <xmin>" << number(l.extent.MinX) << "</xmin>\n        <ymin>" << number(l.extent.MinY)
          << "</ymin>\n        <xmax>" << number(l.extent.MaxX) << "</xmax>\n        <ymax>" << number(l.extent.MaxY)
          << "</ymax>\n      </extent>\n"
          << "      <id>" << l.id << "</id>\n"
          << "      <datasource>" << escaped(l.datasource) << "</datasource>\n"
          << "      <layername>" << escaped(spec.name) << "</layername>\n";
        if (!l.srs.empty()) q << "      <srs>\n" << l.srs << "      </srs>\n";
        q << "      <provider>gdal</provider>\n"
          << "      <customproperties>\n        <Option type=\"Map\">\n"
          << "          <Option type=\"QString\" name=\"planview/kind\" value=\"" << layerKindName(spec.kind) << "\"/>\n";
        if (spec.kind == LayerKind::Terrain)
            q << "          <Option type=\"QString\" name=\"planview/exaggeration\" value=\"" << number(spec.exaggeration) << "\"/>\n";
        q << "        </Option>\n      </customproperties>\n      <pipe>\n";
        if (spec.kind == LayerKind::Terrain) {
            // Slopes from heights in metres over cells in the CRS's units: degrees need metres (as
            // gdaldem's -s 111120 for a DEM in lon/lat).
            const double zFactor = spec.exaggeration / (l.geographic ? 111320.0 : 1.0);
            q << "        <rasterrenderer type=\"hillshade\" opacity=\"1\" alphaBand=\"-1\" band=\"1\" zfactor=\"" << number(zFactor)
              << "\" azimuth=\"315\" angle=\"45\" multidirection=\"0\" nodataColor=\"\">\n"
              << "          <minMaxOrigin>\n            <limits>None</limits>\n            <extent>WholeRaster</extent>\n"
              << "            <statAccuracy>Estimated</statAccuracy>\n            <cumulativeCutLower>0.02</cumulativeCutLower>\n"
              << "            <cumulativeCutUpper>0.98</cumulativeCutUpper>\n            <stdDevFactor>2</stdDevFactor>\n"
              << "          </minMaxOrigin>\n        </rasterrenderer>\n";
        }
        q << "        <brightnesscontrast brightness=\"0\" contrast=\"0\" gamma=\"1\"/>\n"
          << "        <rasterresampler maxOversampling=\"2\"/>\n"
          << "        <resamplingStage>resamplingFilter</resamplingStage>\n"
          << "      </pipe>\n      <blendMode>0</blendMode>\n    </maplayer>\n";
    }

    void tree(std::ostringstream& q) const {
        q << "  <layer-tree-group>\n    <customproperties/>\n";
        // QGIS lists the top layer first; PlanView draws its first layer first (at the bottom).
        for (auto l = layers_.rbegin(); l != layers_.rend(); ++l)
            q << "    <layer-tree-layer id=\"" << l->id << "\" name=\"" << escaped(l->spec.name) << "\" checked=\""
              << (l->spec.visible ? "Qt::Checked" : "Qt::Unchecked") << "\" expanded=\"1\" providerKey=\"" << l->provider
              << "\" source=\"" << escaped(l->datasource) << "\">\n      <customproperties/>\n    </layer-tree-layer>\n";
        q << "    <custom-order enabled=\"0\">\n";
        for (auto l = layers_.rbegin(); l != layers_.rend(); ++l) q << "      <item>" << l->id << "</item>\n";
        q << "    </custom-order>\n  </layer-tree-group>\n";
    }

    void mapLayer(std::ostringstream& q, const LayerFacts& l) const {
        const LayerSpec& spec = l.spec;
        // No simplification: QGIS draws every vertex, as PlanView does.
        q << "    <maplayer type=\"vector\" geometry=\"" << l.geometry << "\" labelsEnabled=\"" << (spec.label.empty() ? 0 : 1)
          << "\" simplifyDrawingHints=\"0\" simplifyLocal=\"0\" hasScaleBasedVisibilityFlag=\"0\" minScale=\"100000000\" maxScale=\"0\""
             " readOnly=\"0\" styleCategories=\"AllStyleCategories\" autoRefreshEnabled=\"0\" refreshOnNotifyEnabled=\"0\">\n"
          << "      <id>" << l.id << "</id>\n"
          << "      <datasource>" << escaped(l.datasource) << "</datasource>\n"
          << "      <layername>" << escaped(spec.name) << "</layername>\n";
        if (!l.srs.empty()) q << "      <srs>\n" << l.srs << "      </srs>\n";
        q << "      <provider encoding=\"UTF-8\">" << l.provider << "</provider>\n";
        std::string renderer = qgisRendererXml(spec.style, l.symbols, l.values) + qgisLabelingXml(spec.label, l.symbols == "line" ? "line" : "polygon");
        // The QML writer indents for a <qgis> root; here the elements sit two levels deeper.
        std::istringstream lines(renderer);
        for (std::string line; std::getline(lines, line);) q << "    " << line << "\n";
        // What QGIS's 2D layers have no place for, kept as custom properties (QGIS keeps them when it
        // saves the project again), for PlanView reading the project back: the kind, the extrusion, and
        // the opacity a boundary's colours take (its symbols are rings without brush).
        const std::string extrude = !spec.extrudeField.empty() ? spec.extrudeField
                                    : spec.extrudeConstant > 0 ? number(spec.extrudeConstant) : "";
        q << "      <customproperties>\n        <Option type=\"Map\">\n"
          << "          <Option type=\"QString\" name=\"planview/kind\" value=\"" << layerKindName(spec.kind) << "\"/>\n";
        if (!extrude.empty()) q << "          <Option type=\"QString\" name=\"planview/extrude\" value=\"" << escaped(extrude) << "\"/>\n";
        q << "          <Option type=\"QString\" name=\"planview/opacity\" value=\"" << number(spec.style.opacity) << "\"/>\n"
          << "        </Option>\n      </customproperties>\n";
        // The extrusion for QGIS's 3D views too, as a QgsVectorLayer3DRenderer.
        q << qgisRenderer3DXml(spec, l.id, "      ");
        q << "      <blendMode>0</blendMode>\n      <featureBlendMode>0</featureBlendMode>\n"
          << "      <layerOpacity>1</layerOpacity>\n"
          << "      <layerGeometryType>" << (l.geometry == "Point" ? 0 : l.geometry == "Line" ? 1 : 2) << "</layerGeometryType>\n"
          << "    </maplayer>\n";
    }

    /// The extent around a view seen from above: what the viewer's 30° vertical field of view shows at
    /// `distance` on a 16:9 window, less the 10 % margin geo/QgisProject.h adds back when it reads one.
    std::optional<OGREnvelope> viewExtent(const View& v) const {
        OGRSpatialReference wgs84;
        wgs84.SetWellKnownGeogCS("WGS84");
        wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        std::unique_ptr<OGRCoordinateTransformation> t(OGRCreateCoordinateTransformation(&wgs84, crs_.get()));
        double x = v.lon, y = v.lat;
        if (!t || !t->Transform(1, &x, &y) || !std::isfinite(x) || !std::isfinite(y)) return std::nullopt;
        const double halfHeight = v.distance * std::tan(15.0 * M_PI / 180) / 1.1, halfWidth = halfHeight * 16.0 / 9.0;
        OGREnvelope e;
        e.MinX = x - halfWidth, e.MaxX = x + halfWidth, e.MinY = y - halfHeight, e.MaxY = y + halfHeight;
        return e;
    }

    void canvas(std::ostringstream& q) const {
        std::optional<OGREnvelope> e;
        if (project_.home) e = viewExtent(*project_.home);
        if (!e && extent_.IsInit()) e = extent_;
        if (!e) return;
        q << "  <mapcanvas name=\"theMapCanvas\" annotationsVisible=\"1\">\n    <units>meters</units>\n    <extent>\n"
          << "      <xmin>" << number(e->MinX) << "</xmin>\n      <ymin>" << number(e->MinY) << "</ymin>\n"
          << "      <xmax>" << number(e->MaxX) << "</xmax>\n      <ymax>" << number(e->MaxY) << "</ymax>\n    </extent>\n"
          << "    <rotation>0</rotation>\n    <destinationsrs>\n" << spatialRefSys(*crs_, "      ") << "    </destinationsrs>\n"
          << "    <rendermaptile>0</rendermaptile>\n  </mapcanvas>\n";
    }

    void bookmarks(std::ostringstream& q) {
        q << "  <Bookmarks>\n";
        const std::string srs = spatialRefSys(*crs_, "      ");
        for (const Bookmark& b : project_.bookmarks) {
            auto e = viewExtent(b.view);
            if (!e) {
                report_.leftOut.push_back("bookmark '" + b.name + "' left out: its point is outside the project CRS");
                continue;
            }
            ++report_.bookmarks;
            const std::string x0 = number(e->MinX), y0 = number(e->MinY), x1 = number(e->MaxX), y1 = number(e->MaxY);
            q << "    <Bookmark id=\"planview_bookmark_" << report_.bookmarks << "\" name=\"" << escaped(b.name)
              << "\" group=\"\" extent=\"POLYGON((" << x0 << " " << y0 << ", " << x1 << " " << y0 << ", " << x1 << " " << y1
              << ", " << x0 << " " << y1 << ", " << x0 << " " << y0 << "))\">\n" << srs << "    </Bookmark>\n";
        }
        q << "  </Bookmarks>\n";
    }
};

/// Writes `document` into a new zip archive at `zip` as its one entry `entry`.
void writeQgz(const std::string& zip, const std::string& entry, const std::string& document, const std::string& target) {
    void* archive = CPLCreateZip(zip.c_str(), nullptr);
    if (!archive) throw OutputError(target + ": cannot be written: " + lastGdalError());
    bool ok = CPLCreateFileInZip(archive, entry.c_str(), nullptr) == CE_None;
    ok = ok && CPLWriteFileInZip(archive, document.data(), static_cast<int>(document.size())) == CE_None;
    ok = CPLCloseFileInZip(archive) == CE_None && ok;
    ok = CPLCloseZip(archive) == CE_None && ok;
    if (!ok) throw OutputError(target + ": cannot be written: " + lastGdalError());
}

}  // namespace

bool isQgisProjectPath(const std::string& path) {
    const std::string ext = fs::path(path).extension().string();
    return EQUAL(ext.c_str(), ".qgs") || EQUAL(ext.c_str(), ".qgz");
}

std::string qgisProjectDocument(const Project& project, const std::string& output, QgisProjectReport& report) {
    report.output = output;
    return ProjectDocument(project, output, report).write();
}

QgisProjectReport writeQgisProject(const Project& project, const std::string& output, bool overwrite) {
    exporting::GpkgReplacement target(output, overwrite);
    QgisProjectReport report;
    const std::string document = qgisProjectDocument(project, output, report);
    const std::string temporary = target.temporary().string();
    if (EQUAL(fs::path(output).extension().string().c_str(), ".qgz")) {
        writeQgz(temporary, fs::path(output).stem().string() + ".qgs", document, output);
    } else {
        std::ofstream out(temporary, std::ios::binary);
        out << document;
        out.close();
        if (!out) throw OutputError(output + ": cannot be written");
    }
    target.commit();
    return report;
}

}  // namespace geo
