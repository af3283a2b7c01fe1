#include "geo/ModelSet.h"
#include <algorithm>
#include <cmath>
#include <cpl_error.h>
#include <cpl_minixml.h>
#include <filesystem>
#include <fstream>
#include <memory>
#include <ogr_spatialref.h>
#include <sstream>
#include "geo/Errors.h"
#include "geo/Project.h"
#include "geo/SceneFrame.h"
#include "geo/Xml.h"

namespace fs = std::filesystem;

namespace geo {

namespace {

std::string trim(const std::string& s) {
    const char* space = " \t\r\n";
    std::size_t a = s.find_first_not_of(space);
    if (a == std::string::npos) return "";
    return s.substr(a, s.find_last_not_of(space) - a + 1);
}

/// The text directly inside `element` (its text children joined), trimmed.
std::string elementText(const CPLXMLNode* element) {
    std::string text;
    for (const CPLXMLNode* c = element->psChild; c; c = c->psNext)
        if (c->eType == CXT_Text && c->pszValue) text += c->pszValue;
    return trim(text);
}

/// Exactly `count` (or `alt`) comma-separated finite numbers, nothing else.
bool parseNumbers(const std::string& text, std::vector<double>& out) {
    out.clear();
    std::size_t at = 0;
    while (true) {
        std::size_t comma = text.find(',', at);
        std::string part = trim(text.substr(at, comma == std::string::npos ? std::string::npos : comma - at));
        if (part.empty()) return false;
        std::size_t used = 0;
        double v = 0;
        try {
            v = std::stod(part, &used);
        } catch (...) {
            return false;
        }
        if (used != part.size() || !std::isfinite(v)) return false;
        out.push_back(v);
        if (comma == std::string::npos) return true;
        at = comma + 1;
    }
}

OGRSpatialReference spatialReference(const std::string& wkt) {
    OGRSpatialReference srs;
    srs.importFromWkt(wkt.c_str());
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

std::string readText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) throw InputError(path + ": cannot be read");
    return text.str();
}

/// The Tile_* folders of a tile set's Data folder, each with its same-named .osgb.
std::vector<ModelTile> findTiles(const fs::path& data, const std::string& metadataPath) {
    std::error_code ec;
    if (!fs::is_directory(data, ec))
        throw InputError(metadataPath + ": no Data folder beside it (" + data.string() + ")");
    std::vector<ModelTile> tiles;
    for (const fs::directory_entry& entry : fs::directory_iterator(data, ec)) {
        if (!entry.is_directory(ec)) continue;
        const std::string name = entry.path().filename().string();
        fs::path top = entry.path() / (name + ".osgb");
        if (fs::is_regular_file(top, ec)) tiles.push_back({name, top.string()});
    }
    if (tiles.empty())
        throw InputError(metadataPath + ": its Data folder holds no tiles (Data/Tile_*/Tile_*.osgb)");
    std::sort(tiles.begin(), tiles.end(), [](const ModelTile& a, const ModelTile& b) { return a.name < b.name; });
    return tiles;
}

/// Where `x, y` of `wkt` lies in WGS 84 degrees (x = lon).
Vec2 toLonLat(const std::string& wkt, double x, double y, const std::string& what) {
    OGRSpatialReference from = spatialReference(wkt), wgs84;
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> t(OGRCreateCoordinateTransformation(&from, &wgs84));
    if (!t || !t->Transform(1, &x, &y)) throw InputError(what + ": PROJ cannot place its origin in WGS 84");
    if (!std::isfinite(x) || !std::isfinite(y) || std::fabs(x) > 180 || std::fabs(y) > 90)
        throw InputError(what + ": its origin lies outside the world");
    return {x, y};
}

}  // namespace

void ModelPlacement::apply(const double in[3], double out[3]) const {
    out[0] = translation[0] + linear[0] * in[0] + linear[1] * in[1];
    out[1] = translation[1] + linear[2] * in[0] + linear[3] * in[1];
    out[2] = translation[2] + zScale * in[2];
}

ModelMetadata parseModelMetadata(const std::string& text, const std::string& path) {
    const XmlDocument document(text, path);
    const CPLXMLNode* model = nullptr;
    for (const CPLXMLNode* n = document.first(); n; n = n->psNext)
        if (n->eType == CXT_Element && n->pszValue && n->pszValue[0] != '?') {
            if (std::string(n->pszValue) != "ModelMetadata")
                throw InputError(path + ": the root element is <" + n->pszValue + ">, not <ModelMetadata>");
            if (model) throw InputError(path + ": more than one root element");
            model = n;
        }
    if (!model) throw InputError(path + ": no <ModelMetadata> element");
    ModelMetadata meta;
    const CPLXMLNode *srs = nullptr, *origin = nullptr;
    for (const CPLXMLNode* c = model->psChild; c; c = c->psNext) {
        if (c->eType != CXT_Element) continue;
        const std::string name = c->pszValue ? c->pszValue : "";
        const CPLXMLNode*& slot = name == "SRS" ? srs : origin;
        if (name != "SRS" && name != "SRSOrigin") continue;   // Texture, ColorSource, …: not ours
        if (slot) throw InputError(path + ": <" + name + "> is given twice");
        slot = c;
    }
    if (!srs) throw InputError(path + ": missing <SRS> (the tiles' coordinate system, e.g. EPSG:4549)");
    meta.srs = elementText(srs);
    if (meta.srs.empty()) throw InputError(path + ": <SRS> is empty");
    if (origin) {
        std::vector<double> v;
        const std::string t = elementText(origin);
        if (!parseNumbers(t, v) || v.size() < 2 || v.size() > 3)
            throw InputError(path + ": <SRSOrigin> '" + t + "' is not x,y or x,y,z in numbers");
        for (std::size_t i = 0; i < v.size(); ++i) meta.origin[i] = v[i];
    }
    return meta;
}

namespace {

std::string srsWkt(const std::string& srs, const std::string& path, bool projectedOnly) {
    OGRSpatialReference ref;
    if (srs.rfind("ENU:", 0) == 0) {
        std::vector<double> latLon;
        if (!parseNumbers(srs.substr(4), latLon) || latLon.size() != 2 || std::fabs(latLon[0]) > 90 ||
            std::fabs(latLon[1]) > 180)
            throw InputError(path + ": SRS '" + srs + "' is not ENU:lat,lon in degrees");
        std::ostringstream proj;
        proj.precision(12);
        proj << "+proj=aeqd +lat_0=" << latLon[0] << " +lon_0=" << latLon[1] << " +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs";
        if (ref.importFromProj4(proj.str().c_str()) != OGRERR_NONE)
            throw InputError(path + ": SRS '" + srs + "': PROJ cannot make a local frame there");
    } else {
        const char* const options[] = {"ALLOW_NETWORK_ACCESS=NO", "ALLOW_FILE_ACCESS=NO", nullptr};
        CPLPushErrorHandler(CPLQuietErrorHandler);
        OGRErr err = ref.SetFromUserInput(srs.c_str(), options);
        CPLPopErrorHandler();
        CPLErrorReset();
        const std::string shown = srs.size() > 60 ? srs.substr(0, 57) + "..." : srs;
        if (err != OGRERR_NONE) throw InputError(path + ": unknown SRS '" + shown + "'");
        if (projectedOnly && !ref.IsProjected())
            throw InputError(path + ": SRS '" + shown + "' is not projected (the tiles' coordinates must be metres)");
    }
    char* wkt = nullptr;
    const char* const wktOptions[] = {"FORMAT=WKT2_2019", nullptr};
    ref.exportToWkt(&wkt, wktOptions);
    std::string out = wkt ? wkt : "";
    CPLFree(wkt);
    return out;
}

}  // namespace

std::string modelSrsWkt(const std::string& srs, const std::string& path) { return srsWkt(srs, path, true); }

bool isModelFile(const std::string& path) {
    std::string ext = fs::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const char* e : {".osgb", ".osgt", ".osg", ".ive", ".obj", ".dae", ".3ds"})
        if (ext == e) return true;
    return false;
}

ModelSet describeModels(const LayerSpec& spec) {
    ModelSet set;
    set.location = spec.source;
    std::error_code ec;
    fs::path source(spec.source);
    if (!fs::exists(source, ec)) throw InputError(spec.source + ": no such file or directory");
    fs::path metadata;
    if (fs::is_directory(source, ec)) metadata = source / "metadata.xml";
    else if (source.filename() == "metadata.xml") metadata = source;
    if (!metadata.empty()) {
        if (!fs::is_regular_file(metadata, ec))
            throw InputError(metadata.string() + ": no such file (a tile set's folder holds metadata.xml and Data/)");
        const std::string path = metadata.string();
        ModelMetadata meta = parseModelMetadata(readText(path), path);
        set.tileSet = true;
        set.srs = meta.srs;
        std::copy(meta.origin, meta.origin + 3, set.origin);
        const std::string wkt = modelSrsWkt(meta.srs, path);
        set.srsName = spatialReference(wkt).GetName() ? spatialReference(wkt).GetName() : meta.srs;
        set.lonLat = toLonLat(wkt, set.origin[0], set.origin[1], path);
        set.tiles = findTiles(metadata.parent_path() / "Data", path);
        return set;
    }
    if (!isModelFile(spec.source))
        throw InputError(spec.source + ": not a model (.osgb, .osgt, .ive, .obj, .dae, .3ds) nor a tile set's folder");
    if (!spec.modelPosition)
        throw InputError(spec.source + ": layer '" + spec.name + "' needs a position = [lon, lat, height] to place it");
    set.srs = spec.modelCrs.empty() ? "EPSG:4326" : spec.modelCrs;
    std::copy(spec.modelPosition->begin(), spec.modelPosition->end(), set.origin);
    if (spec.modelCrs.empty()) {
        set.srsName = "WGS 84";
        set.lonLat = {set.origin[0], set.origin[1]};
    } else {
        const std::string wkt = srsWkt(spec.modelCrs, spec.source, false);
        set.srsName = spatialReference(wkt).GetName() ? spatialReference(wkt).GetName() : spec.modelCrs;
        set.lonLat = toLonLat(wkt, set.origin[0], set.origin[1], spec.source);
    }
    set.tiles.push_back({source.filename().string(), spec.source});
    return set;
}

void placeModels(ModelSet& set, const LayerSpec& spec, const SceneFrame& frame) {
    ModelPlacement& p = set.placement;
    const Vec2 origin = frame.origin();
    if (set.tileSet) {
        // The tile set's axes as the frame sees them at its origin: central differences over 10 m.
        const OGRSpatialReference srs = spatialReference(modelSrsWkt(set.srs, set.location));
        std::unique_ptr<OGRCoordinateTransformation> t = frame.transformFrom(srs);
        const double d = 10;
        double x[5] = {set.origin[0], set.origin[0] + d, set.origin[0] - d, set.origin[0], set.origin[0]};
        double y[5] = {set.origin[1], set.origin[1], set.origin[1], set.origin[1] + d, set.origin[1] - d};
        if (!t->Transform(5, x, y)) throw InputError(set.location + ": PROJ cannot take its SRS into the scene frame");
        p.translation[0] = x[0] - origin.x;
        p.translation[1] = y[0] - origin.y;
        p.translation[2] = set.origin[2];
        p.linear[0] = (x[1] - x[2]) / (2 * d);
        p.linear[2] = (y[1] - y[2]) / (2 * d);
        p.linear[1] = (x[3] - x[4]) / (2 * d);
        p.linear[3] = (y[3] - y[4]) / (2 * d);
        p.zScale = 1;
        return;
    }
    // A single model: its +y turned `heading` degrees clockwise from true north, scaled; true north
    // and a metre east as the frame sees them at the position.
    const double lon = set.lonLat.x, lat = set.lonLat.y;
    const Vec2 at = frame.fromLonLat(lon, lat);
    const double dLat = 1e-4, dLon = 1e-4;
    const Vec2 north = frame.fromLonLat(lon, lat + dLat), south = frame.fromLonLat(lon, lat - dLat);
    const Vec2 east = frame.fromLonLat(lon + dLon, lat), west = frame.fromLonLat(lon - dLon, lat);
    const double northAngle = std::atan2(north.y - south.y, north.x - south.x);
    // Metres of the frame per metre on the ground (its scale factor there), from the east step.
    constexpr double kA = 6378137.0, kE2 = 0.00669437999014;   // WGS 84
    const double phi = lat * M_PI / 180;
    const double groundEast = 2 * dLon * M_PI / 180 * kA * std::cos(phi) / std::sqrt(1 - kE2 * std::sin(phi) * std::sin(phi));
    const double k = std::hypot(east.x - west.x, east.y - west.y) / groundEast;
    const double turn = northAngle - spec.modelHeading * M_PI / 180 - M_PI / 2;
    const double s = spec.modelScale * k;
    p.translation[0] = at.x;
    p.translation[1] = at.y;
    p.translation[2] = set.origin[2];
    p.linear[0] = s * std::cos(turn);
    p.linear[1] = -s * std::sin(turn);
    p.linear[2] = s * std::sin(turn);
    p.linear[3] = s * std::cos(turn);
    p.zScale = spec.modelScale;
}

}  // namespace geo
