// Exporting a layer: the copy prepared in memory (fields as the format holds them, GCJ-02 undone,
// reprojected, styled), written by GDAL in an isolated child into a staging folder and moved into
// place. What each format needs is in ExportFormats.cpp, the styles in ExportStyles.cpp.
#include "geo/Export.h"
#include <gdal_utils.h>
#include <ogrsf_frmts.h>
#include <unistd.h>
#include <algorithm>
#include <fstream>
#include <set>
#include <filesystem>
#include <random>
#include <sstream>
#include "geo/Errors.h"
#include "geo/ExportInternal.h"
#include "geo/FeatureReader.h"
#include "geo/Gcj02.h"
#include "geo/Isolated.h"
#include "geo/Log.h"
#include "geo/SceneFrame.h"
#include "geo/Source.h"

namespace fs = std::filesystem;

namespace geo {

using exporting::addLayerStyles;
using exporting::cutUtf8;
using exporting::exactReal;
using exporting::fillAlpha;
using exporting::fillKmlPolygons;
using exporting::formats;
using exporting::geometryName;
using exporting::lower;
using exporting::shapefileFieldNames;
using exporting::styleString;
using exporting::translateOptions;
using exporting::writtenAsText;

namespace {

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

/// Moves each staged file into the target folder, keeping what it replaces aside until all are in:
/// a failure puts the old files back, so a shapefile's parts never end up mixed.
void moveIntoPlace(const fs::path& staging, const fs::path& folder, const fs::path& mainFile, const std::string& output) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(staging))
        if (entry.is_regular_file()) files.push_back(entry.path());
    std::stable_partition(files.begin(), files.end(), [&](const fs::path& p) { return p.filename() != mainFile.filename(); });
    const fs::path aside = staging / "replaced";
    std::error_code ec;
    fs::create_directory(aside, ec);
    std::vector<fs::path> setAside, placed;
    auto rollBack = [&](const std::string& cause) {
        std::error_code e;
        for (const auto& p : placed) fs::remove(p, e);
        for (const auto& p : setAside) fs::rename(aside / p.filename(), p, e);
        throw OutputError(output + ": cannot move the export into place: " + cause);
    };
    for (const auto& file : files) {
        fs::path destination = folder / file.filename();
        if (fs::exists(destination, ec)) {
            if (fs::is_directory(destination, ec)) rollBack(destination.string() + " is a directory");
            fs::rename(destination, aside / file.filename(), ec);
            if (ec) rollBack(ec.message());
            setAside.push_back(destination);
        }
    }
    for (const auto& file : files) {
        fs::path destination = folder / file.filename();
        fs::rename(file, destination, ec);
        if (ec) rollBack(ec.message());
        placed.push_back(destination);
    }
}

std::string tempName() {
    std::random_device seed;
    std::mt19937_64 random(seed());
    std::ostringstream s;
    s << ".planview-export-" << getpid() << "-" << std::hex << random();
    return s.str();
}

}  // namespace

ExportReport exportLayer(const Source& source, const ExportOptions& o) {
    ExportReport report;
    report.output = o.output;
    report.format = o.format.empty() ? formatForPath(o.output) : o.format;
    bool known = false;
    for (const auto& [driver, ext] : formats()) known = known || driver == report.format;
    if (!known)
        throw InputError(o.output + ": unknown export format" + (report.format.empty() ? "" : " '" + report.format + "'") +
                         " (GPKG, \"ESRI Shapefile\", GeoJSON, KML, FlatGeobuf, CSV, DXF)");
    const std::string& format = report.format;
    if (format == "ESRI Shapefile" && lower(fs::path(o.output).extension().string()) != ".shp")
        throw InputError(o.output + ": a shapefile's name must end in .shp");

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
    if (fs::exists(target, ec) && fs::equivalent(target, fs::path(source.location()), ec))
        throw OutputError(o.output + ": is the source being exported; write to another file");

    applyAttributeFilter(layer, o.where, what);  // a bad filter is the user's input error, before any write

    // The CRS: GeoJSON (RFC 7946) and KML are WGS84 by definition; CAD users want metres.
    std::string crs = o.targetCrs;
    if (format == "GeoJSON" || format == "KML") crs = "EPSG:4326";
    if (format == "DXF" && crs.empty()) {
        const OGRSpatialReference* srs = layer.GetSpatialRef();
        if (!srs || srs->IsGeographic()) crs = SceneFrame::choose(layerLonLatExtent(layer, what)).crsName();
    }
    OGRSpatialReference sourceCrs = layerCrs(layer, what);
    OGRSpatialReference targetCrs = sourceCrs;
    if (!crs.empty()) {
        if (targetCrs.SetFromUserInput(crs.c_str()) != OGRERR_NONE)
            throw InputError("--t-srs '" + crs + "' is not a CRS PROJ knows");
        targetCrs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    }
    if (o.fromGcj02 && !sourceCrs.IsGeographic())
        throw InputError(what + ": --from-gcj02 applies to longitude/latitude, but the layer is in " + crsCode(sourceCrs));
    std::unique_ptr<OGRCoordinateTransformation> reproject;
    if (!crs.empty() && !targetCrs.IsSame(&sourceCrs)) {
        reproject.reset(OGRCreateCoordinateTransformation(&sourceCrs, &targetCrs));
        if (!reproject) throw InputError(what + ": no transformation to " + crs + ": " + lastGdalError());
    }

    // The copy to write, prepared in memory: fields as the format can hold them exactly, geometry
    // corrected (GCJ-02) and reprojected, styles and CAD layers set.
    OGRFeatureDefn* in = layer.GetLayerDefn();
    std::vector<std::string> names;
    for (int i = 0; i < in->GetFieldCount(); ++i) names.push_back(in->GetFieldDefn(i)->GetNameRef());
    const std::vector<std::string> written = format == "ESRI Shapefile" ? shapefileFieldNames(names) : names;
    GDALDriver* memoryDriver = GetGDALDriverManager()->GetDriverByName("Memory");
    GDALDatasetUniquePtr memory(memoryDriver->Create("", 0, 0, 0, GDT_Unknown, nullptr));
    const std::string outputLayerName = format == "KML" && !o.title.empty() ? o.title : layerName;
    OGRLayer* copy = memory->CreateLayer(outputLayerName.c_str(), &targetCrs, layer.GetGeomType(), nullptr);
    std::vector<int> realAsText;
    for (int i = 0; i < in->GetFieldCount(); ++i) {
        OGRFieldDefn defn(in->GetFieldDefn(i));
        defn.SetName(written[static_cast<std::size_t>(i)].c_str());
        if (writtenAsText(format, defn.GetType())) {
            if (defn.GetType() == OFTReal) realAsText.push_back(i);
            defn.SetType(OFTString);
            defn.SetSubType(OFSTNone);
            defn.SetWidth(0);
            defn.SetPrecision(0);
        }
        if (copy->CreateField(&defn) != OGRERR_NONE) throw OutputError(o.output + ": cannot prepare field " + names[static_cast<std::size_t>(i)]);
        if (written[static_cast<std::size_t>(i)] != names[static_cast<std::size_t>(i)])
            report.renamedFields.emplace_back(names[static_cast<std::size_t>(i)], written[static_cast<std::size_t>(i)]);
    }
    if (format == "DXF" && copy->GetLayerDefn()->GetFieldIndex("Layer") < 0) {
        OGRFieldDefn layerField("Layer", OFTString);
        copy->CreateField(&layerField);
    }
    const int byField = o.style.by.empty() ? -1 : in->GetFieldIndex(o.style.by.c_str());
    // KML: each placemark's description names its category in the project's words ("运河"), shown in
    // Google Earth's balloon; a layer with a description field of its own keeps it.
    int kmlDescription = -1;
    if (format == "KML" && byField >= 0 && in->GetFieldIndex("description") < 0) {
        OGRFieldDefn description("description", OFTString);
        if (copy->CreateField(&description) == OGRERR_NONE) kmlDescription = copy->GetLayerDefn()->GetFieldIndex("description");
    }
    std::set<std::string> values;  // of the style field, for the GeoPackage's categories
    struct Gcj02Visitor : OGRDefaultGeometryVisitor {
        using OGRDefaultGeometryVisitor::visit;
        void visit(OGRPoint* p) override {
            Vec2 wgs = gcj02ToWgs84({p->getX(), p->getY()});
            p->setX(wgs.x);
            p->setY(wgs.y);
        }
    } gcj02;
    // A Shapefile's text holds 254 bytes: longer values are cut here, on a character boundary (GDAL
    // would cut them with only a warning), and counted to be said.
    std::vector<int> textFields;
    if (format == "ESRI Shapefile")
        for (int i = 0; i < in->GetFieldCount(); ++i)
            if (in->GetFieldDefn(i)->GetType() == OFTString) textFields.push_back(i);
    std::map<int, ExportReport::Truncated> truncated;
    std::vector<int> sameFields(static_cast<std::size_t>(in->GetFieldCount()));
    for (int i = 0; i < in->GetFieldCount(); ++i) sameFields[static_cast<std::size_t>(i)] = i;

    // Every feature is written. One whose geometry GDAL could not decode goes without it: it is counted
    // as repaired (changed to be written) and warned about like readLayer's repairs, with the same summary.
    std::size_t read = 0, unreadable = 0, withoutGeometry = 0;
    std::string withoutGeometryFids;
    const bool hasGeometry = layer.GetGeomType() != wkbNone;
    for (OGRFeatureUniquePtr f = nextFeature(layer, what); f; f = nextFeature(layer, what)) {
        ++read;
        if (CPLGetLastErrorType() == CE_Failure && !f->GetGeometryRef()) {
            if (++unreadable <= 20)
                log().warn("{}: feature {}: its geometry cannot be read ({}); written without geometry", what,
                           f->GetFID(), CPLGetLastErrorMsg());
        } else if (hasGeometry && (!f->GetGeometryRef() || f->GetGeometryRef()->IsEmpty())) {
            // Null or empty as GDAL reads it: some drivers (GeoJSON, KML, CSV) give a geometry they cannot
            // parse so, without an error. Written as read, but said (not counted: nothing was changed).
            if (++withoutGeometry <= 10) withoutGeometryFids += (withoutGeometryFids.empty() ? "" : ", ") + std::to_string(f->GetFID());
        }
        OGRFeature out(copy->GetLayerDefn());
        out.SetFrom(f.get(), sameFields.data(), TRUE);
        out.SetFID(f->GetFID());
        for (int i : realAsText)
            if (f->IsFieldSetAndNotNull(i)) out.SetField(i, exactReal(f->GetFieldAsDouble(i)).c_str());
        for (int i : textFields) {
            if (!f->IsFieldSetAndNotNull(i)) continue;
            const std::string text = f->GetFieldAsString(i);
            if (text.size() <= kShapefileTextBytes) continue;
            out.SetField(i, cutUtf8(text, kShapefileTextBytes).c_str());
            ExportReport::Truncated& t = truncated[i];
            t.field = names[static_cast<std::size_t>(i)];
            t.written = written[static_cast<std::size_t>(i)];
            ++t.values;
            t.longestBytes = std::max(t.longestBytes, text.size());
        }
        if (OGRGeometry* g = out.GetGeometryRef()) {
            if (o.fromGcj02) g->accept(&gcj02);
            if (reproject && g->transform(reproject.get()) != OGRERR_NONE)
                throw InputError(what + ": feature " + std::to_string(f->GetFID()) + " cannot be reprojected to " + crs);
        }
        Value v = byField >= 0 && f->IsFieldSetAndNotNull(byField) ? Value(std::string(f->GetFieldAsString(byField))) : Value();
        if (byField >= 0 && !toString(v).empty()) values.insert(toString(v));
        const Color c = o.style.colorFor(v);
        if (kmlDescription >= 0 && !toString(v).empty())
            out.SetField(kmlDescription, o.style.caption(toString(v), true, isLandUseFieldName(o.style.by)).c_str());
        if (format == "KML" || format == "DXF") {
            const OGRGeometry* g = out.GetGeometryRef();
            const std::string featureGeometry = g && !g->IsEmpty() ? geometryName(g->getGeometryType()) : geometry;
            out.SetStyleString(styleString(c, static_cast<float>(o.style.opacity), featureGeometry, format == "KML").c_str());
        }
        if (format == "DXF") {
            std::string cadLayer = byField >= 0 ? (toString(v).empty() ? "(none)" : toString(v)) : (o.title.empty() ? layerName : o.title);
            out.SetField("Layer", cadLayer.c_str());
        }
        if (copy->CreateFeature(&out) != OGRERR_NONE) throw OutputError(o.output + ": cannot prepare feature " + std::to_string(f->GetFID()));
    }
    layer.SetAttributeFilter(nullptr);
    if (withoutGeometry)
        log().warn("{}: {} feature(s) without geometry (null, empty, or not readable by GDAL) written as read: fid {}{}", what,
                   withoutGeometry, withoutGeometryFids, withoutGeometry > 10 ? ", …" : "");
    if (unreadable > 20) log().warn("{}: {} more features repaired or skipped", what, unreadable - 20);
    if (unreadable) log().warn("{}: {}", what, featureSummary(read, unreadable, 0));
    report.unreadableGeometries = unreadable;
    for (auto& [index, t] : truncated) report.truncatedFields.push_back(t);

    // Write into a fresh folder beside the target, then move into place: an interrupted export
    // leaves the target as it was. The guard comes first, so that a signal acts after the cleanup.
    InterruptGuard holdSignals;
    const fs::path staging = target.parent_path() / tempName();
    if (!fs::create_directory(staging, ec))
        throw OutputError(o.output + ": cannot write in " + target.parent_path().string() + ": " + ec.message());
    struct Cleanup {
        fs::path dir;
        ~Cleanup() { std::error_code e; fs::remove_all(dir, e); }
    } cleanup{staging};
    // FlatGeobuf writes a folder unless the name ends in .fgb: stage it so, rename it after.
    const bool renameStaged = format == "FlatGeobuf" && lower(target.extension().string()) != ".fgb";
    const fs::path staged = staging / (target.filename().string() + (renameStaged ? ".fgb" : ""));

    // GDAL's write, run in a child process (geo/Isolated.h): returns the count read back.
    auto write = [&](const std::string& driver) -> std::string {
        const std::vector<std::string> args = translateOptions(format, driver, o.labelField);
        CPLConfigOptionSetter nameField("LIBKML_NAME_FIELD", o.labelField.empty() ? "Name" : o.labelField.c_str(), false);
        GDALDatasetUniquePtr out = translate(staged.string(), GDALDataset::ToHandle(memory.get()), args, o.output);
        injectTestWriteFault(driver);
        if (format == "GPKG") {
            OGRLayer* writtenLayer = out->GetLayerByName(outputLayerName.c_str());
            std::string geometryColumn = writtenLayer ? writtenLayer->GetGeometryColumn() : "geom";
            addLayerStyles(*out, outputLayerName, geometryColumn, geometry, o, {values.begin(), values.end()});
        }
        out.reset();  // closed (and flushed) before it is read back and moved
        if (driver == "KML") fillKmlPolygons(staged.string(), fillAlpha(static_cast<float>(o.style.opacity)));
        if (format == "CSV" && !realAsText.empty()) {
            // The reals went as exact text; tell readers their type is still Real.
            fs::path csvt = fs::path(staged).replace_extension(".csvt");
            std::ifstream typesIn(csvt);
            std::string types;
            std::getline(typesIn, types);
            typesIn.close();
            std::vector<std::string> columns;
            std::stringstream split(types);
            for (std::string column; std::getline(split, column, ',');) columns.push_back(column);
            const std::size_t offset = columns.size() - static_cast<std::size_t>(in->GetFieldCount());  // the WKT column first
            for (int i : realAsText) columns[offset + static_cast<std::size_t>(i)] = "Real";
            std::ofstream typesOut(csvt, std::ios::trunc);
            for (std::size_t i = 0; i < columns.size(); ++i) typesOut << (i ? "," : "") << columns[i];
            typesOut << '\n';
        }
        // Count what was written by reading it back.
        GDALDatasetUniquePtr check(GDALDataset::Open(staged.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
        if (!check) throw OutputError(o.output + ": the written file cannot be read back: " + lastGdalError());
        OGRLayer* writtenLayer = check->GetLayerByName(outputLayerName.c_str());
        if (!writtenLayer) writtenLayer = check->GetLayer(0);
        return std::to_string(writtenLayer ? writtenLayer->GetFeatureCount(TRUE) : 0);
    };
    // LIBKML, not the older KML driver: it turns OGR style strings into full KML styles (fills too). But
    // GDAL 3.6's LIBKML writer takes time quadratic in the features (5,236 parcels: 105 s against 0.8 s;
    // fixed in GDAL 3.9.1, OSGeo/gdal#10142), so a large layer goes to the older driver, which writes the
    // same style strings as inline line, polygon and icon styles.
    report.writer = format != "KML" ? format : read > kLibkmlMostFeatures ? "KML" : "LIBKML";
    std::string count;
    try {
        count = runIsolated(o.output, "GDAL's " + report.writer + " driver", [&] { return write(report.writer); });
    } catch (const WriterCrashed& crash) {
        if (report.writer != "LIBKML") throw;
        // The older KML driver writes the same style strings as inline styles (line, polygon, icon).
        std::string why = crash.what();
        if (const std::size_t end = why.rfind("; nothing was written"); end != std::string::npos) why.resize(end);
        log().warn("{}; writing it with GDAL's KML driver instead", why);
        for (const auto& entry : fs::directory_iterator(staging)) fs::remove_all(entry.path(), ec);
        report.writer = "KML";
        count = runIsolated(o.output, "GDAL's KML driver", [&] { return write(report.writer); });
    }
    report.features = std::stoll(count);
    InterruptGuard::throwIfInterrupted(o.output);
    if (renameStaged) fs::rename(staged, staging / target.filename());
    moveIntoPlace(staging, target.parent_path(), target, o.output);
    if (format == "ESRI Shapefile")
        for (const char* stale : {".qix", ".sbn", ".sbx"}) fs::remove(fs::path(target).replace_extension(stale), ec);
    for (const auto& [from, to] : report.renamedFields)
        log().warn("{}: field '{}' written as '{}' (Shapefile field names are at most 10 bytes)", o.output, from, to);
    for (const auto& t : report.truncatedFields)
        log().warn("{}: field '{}': {} value(s) cut to {} bytes (Shapefile text holds at most {}; the longest had {})",
                   o.output, t.field, t.values, kShapefileTextBytes, kShapefileTextBytes, t.longestBytes);
    return report;
}

}  // namespace geo
