#include "tests/export/ExportSupport.h"
#include <fcntl.h>
#include <sys/wait.h>
#include <spawn.h>
#include <unistd.h>
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>
#include <cpl_minixml.h>

extern char** environ;

namespace xt {

const std::vector<FieldSpec> kFields = {
    {"parcel_no", OFTString},        {"name_zh", OFTString},          {"用地性质", OFTString},
    {"big_id", OFTInteger64},        {"height_m", OFTReal},           {"approved", OFTDate},
    {"floor_area_ratio", OFTReal},   {"floor_area_total", OFTReal},   {"plots", OFTInteger},
};

// Geometry in EPSG:4549 (CGCS2000 / 3-degree GK CM 120E) metres with millimetres, near Hangzhou's
// Shangcheng district; written in EPSG:4490 lon/lat at full double precision. Ring orientations are
// mixed on purpose (clockwise exterior, counter-clockwise hole) to check RFC 7946's winding.
const std::vector<FixtureFeature> kFeatures = {
    {{{"parcel_no", "DK-001"}, {"name_zh", "劝业里"}, {"用地性质", "R2"}, {"big_id", "9007199254740993"},
      {"height_m", "24.5"}, {"approved", "2016-07-01"}, {"floor_area_ratio", "2.345678901234567"},
      {"floor_area_total", "12345.678901234567"}, {"plots", "3"}},
     // clockwise exterior
     "POLYGON ((516100.123 3347500.456,516100.987 3347620.321,516230.555 3347640.789,516250.432 3347510.111,"
     "516170.246 3347480.864,516100.123 3347500.456))"},
    {{{"parcel_no", "DK-002"}, {"name_zh", "湖滨"}, {"用地性质", "B1"}, {"big_id", "-9007199254740995"},
      {"height_m", "60"}, {"approved", "2018-01-31"}},
     // counter-clockwise exterior, counter-clockwise hole
     "POLYGON ((516300.001 3347500.002,516480.113 3347500.997,516481.359 3347680.424,516299.876 3347679.635,"
     "516300.001 3347500.002),(516350.5 3347550.25,516420.125 3347550.375,516420.625 3347620.875,"
     "516350.0625 3347620.0,516350.5 3347550.25))"},
    {{{"parcel_no", "DK-003"}, {"name_zh", "清河坊"}, {"用地性质", "G1"}, {"big_id", "42"},
      {"floor_area_ratio", "1.2"}, {"floor_area_total", "98765.4321"}, {"plots", "7"}},
     "MULTIPOLYGON (((516100.5 3347300.5,516200.75 3347300.25,516200.125 3347400.875,516100.375 3347400.625,"
     "516100.5 3347300.5),(516130.111 3347330.222,516130.333 3347370.444,516170.555 3347370.666,"
     "516170.777 3347330.888,516130.111 3347330.222)),((516250.25 3347300.75,516320.5 3347310.125,"
     "516290.875 3347390.375,516250.25 3347300.75)))"},
    {{{"parcel_no", "DK-004"}, {"height_m", "12.5"}, {"approved", "2020-12-31"}, {"floor_area_ratio", "0.5"},
      {"plots", "0"}},
     "POLYGON ((516500.314 3347300.159,516560.265 3347300.358,516560.979 3347360.323,516500.846 3347360.264,"
     "516500.314 3347300.159))"},
    {{{"parcel_no", "DK-005"}, {"name_zh", "南宋御街 \"河坊街\", A&B <东>"}, {"用地性质", "R21"}, {"big_id", "1"},
      {"height_m", "100.25"}, {"approved", "2019-05-20"}, {"floor_area_ratio", "3.3"},
      {"floor_area_total", "0.1"}, {"plots", "-12"}},
     "POLYGON ((516600.1 3347500.2,516700.3 3347500.4,516650.5 3347590.6,516600.1 3347500.2))"},
};

const std::map<std::string, std::string> kProjectColors = {
    {"R2", "#FFEE00"}, {"B1", "#E60012"}, {"G1", "#2E8B57"}};

namespace {

void initGdalOnce() {
    static std::once_flag once;
    std::call_once(once, [] {
        GDALAllRegister();
        CPLSetErrorHandler(CPLQuietErrorHandler);
    });
}

OGRSpatialReference epsg(int code) {
    OGRSpatialReference srs;
    srs.importFromEPSG(code);
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

std::string oneLine(std::string text) {
    std::string out;
    for (char c : text) {
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
        if (!(c == ' ' && (out.empty() || out.back() == ' '))) out += c;
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == '.')) out.pop_back();
    return out;
}

}  // namespace

fs::path sourceGpkg() {
    const fs::path path = cli::workDir() / "fixture" / "parcels.gpkg";
    if (fs::exists(path)) return path;
    initGdalOnce();
    fs::create_directories(path.parent_path());
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    GDALDatasetUniquePtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw std::runtime_error("cannot create " + path.string());
    OGRSpatialReference srs4490 = epsg(4490), srs4549 = epsg(4549);
    OGRLayer* layer = ds->CreateLayer(kLayerName, &srs4490, wkbUnknown, nullptr);
    for (const auto& f : kFields) {
        OGRFieldDefn defn(f.name, f.type);
        if (layer->CreateField(&defn) != OGRERR_NONE) throw std::runtime_error(std::string("fixture field ") + f.name);
    }
    std::unique_ptr<OGRCoordinateTransformation> toGeographic(OGRCreateCoordinateTransformation(&srs4549, &srs4490));
    for (const auto& feature : kFeatures) {
        OGRFeature f(layer->GetLayerDefn());
        for (const auto& field : kFields) {
            auto it = feature.values.find(field.name);
            if (it == feature.values.end()) f.SetFieldNull(f.GetFieldIndex(field.name));
            else f.SetField(field.name, it->second.c_str());
        }
        OGRGeometry* g = nullptr;
        if (OGRGeometryFactory::createFromWkt(feature.wkt4549.c_str(), &srs4549, &g) != OGRERR_NONE)
            throw std::runtime_error("bad fixture WKT " + feature.wkt4549);
        if (g->transform(toGeographic.get()) != OGRERR_NONE) throw std::runtime_error("cannot transform fixture");
        g->assignSpatialReference(&srs4490);
        f.SetGeometryDirectly(g);
        if (layer->CreateFeature(&f) != OGRERR_NONE) throw std::runtime_error("cannot write fixture feature");
    }
    return path;
}

fs::path projectToml() {
    const fs::path path = cli::workDir() / "fixture" / "plan.toml";
    if (fs::exists(path)) return path;
    sourceGpkg();
    std::string colors;
    for (const auto& [value, color] : kProjectColors)
        colors += (colors.empty() ? "" : ", ") + value + " = \"" + color + "\"";
    cli::writeFile(path, std::string("title = \"上城区地块\"\n\n[[layer]]\nname = \"") + kProjectLayerTitle +
                             "\"\nsource = \"parcels.gpkg\"\nlayer = \"parcels\"\nkind = \"parcels\"\n"
                             "label = \"name_zh\"\nextrude = \"height_m\"\n[layer.style]\nby = \"用地性质\"\n"
                             "colors = { " + colors + " }\ndefault = \"" + kProjectDefaultColor +
                             "\"\nopacity = 0.8\n");
    return path;
}

fs::path twoLayerProjectToml() {
    const fs::path path = cli::workDir() / "fixture" / "two-layers.toml";
    if (fs::exists(path)) return path;
    sourceGpkg();
    cli::writeFile(path,
                   "title = \"两个图层\"\n\n"
                   "[[layer]]\nname = \"规划地块\"\nsource = \"parcels.gpkg\"\nlayer = \"parcels\"\n\n"
                   "[[layer]]\nname = \"居住用地\"\nsource = \"parcels.gpkg\"\nlayer = \"parcels\"\n"
                   "where = \"用地性质 LIKE 'R%'\"\n");
    return path;
}

fs::path outDir(const std::string& name) {
    const fs::path dir = cli::workDir() / "out" / name;
    std::error_code ec;
    fs::remove_all(dir, ec);
    fs::create_directories(dir);
    return dir;
}

GDALDatasetUniquePtr openVector(const fs::path& path, const std::vector<std::string>& openOptions) {
    initGdalOnce();
    std::vector<const char*> options;
    for (const auto& o : openOptions) options.push_back(o.c_str());
    options.push_back(nullptr);
    return GDALDatasetUniquePtr(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                                                  options.data(), nullptr));
}

std::vector<ReadFeature> readFeatures(OGRLayer& layer, const std::map<std::string, std::string>& rename) {
    std::vector<ReadFeature> out;
    OGRFeatureDefn* defn = layer.GetLayerDefn();
    layer.ResetReading();
    for (OGRFeatureUniquePtr f(layer.GetNextFeature()); f; f.reset(layer.GetNextFeature())) {
        ReadFeature r;
        r.fid = f->GetFID();
        for (int i = 0; i < defn->GetFieldCount(); ++i) {
            std::string name = defn->GetFieldDefn(i)->GetNameRef();
            if (auto it = rename.find(name); it != rename.end()) name = it->second;
            r.types[name] = defn->GetFieldDefn(i)->GetType();
            r.isNull[name] = !f->IsFieldSetAndNotNull(i);
            if (!f->IsFieldSetAndNotNull(i)) continue;
            r.text[name] = f->GetFieldAsString(i);
            const OGRFieldType type = defn->GetFieldDefn(i)->GetType();
            if (type == OFTReal) r.real[name] = f->GetFieldAsDouble(i);
            if (type == OFTDate || type == OFTDateTime) {
                int y = 0, m = 0, d = 0, h = 0, mi = 0, tz = 0;
                float s = 0;
                f->GetFieldAsDateTime(i, &y, &m, &d, &h, &mi, &s, &tz);
                r.date[name] = {y, m, d, h, mi, static_cast<int>(s)};
            }
        }
        if (OGRGeometry* g = f->GetGeometryRef()) {
            r.geometry.reset(g->clone());
            if (!r.geometry->getSpatialReference() && layer.GetSpatialRef())
                r.geometry->assignSpatialReference(layer.GetSpatialRef());
        }
        out.push_back(std::move(r));
    }
    return out;
}

std::unique_ptr<OGRGeometry> to4549(const OGRGeometry& geometry, const OGRSpatialReference* from) {
    std::unique_ptr<OGRGeometry> g(geometry.clone());
    OGRSpatialReference source;
    if (from) source = *from;
    else if (geometry.getSpatialReference()) source = *geometry.getSpatialReference();
    else throw std::runtime_error("geometry without a CRS");
    source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReference target = epsg(4549);
    if (source.IsSame(&target)) return g;
    std::unique_ptr<OGRCoordinateTransformation> t(OGRCreateCoordinateTransformation(&source, &target));
    if (!t || g->transform(t.get()) != OGRERR_NONE) throw std::runtime_error("cannot transform to EPSG:4549");
    return g;
}

namespace {

using Ring = std::vector<std::pair<double, double>>;
using Polygon = std::vector<Ring>;

Ring ringPoints(const OGRLinearRing& r) {
    Ring out;
    for (int i = 0; i < r.getNumPoints(); ++i) out.emplace_back(r.getX(i), r.getY(i));
    if (out.size() > 1 && out.front() == out.back()) out.pop_back();
    return out;
}

void collectPolygons(const OGRGeometry& g, std::vector<Polygon>& out, std::string& problem) {
    switch (wkbFlatten(g.getGeometryType())) {
    case wkbPolygon: {
        Polygon p;
        const OGRPolygon* poly = g.toPolygon();
        if (poly->getExteriorRing()) p.push_back(ringPoints(*poly->getExteriorRing()));
        for (int i = 0; i < poly->getNumInteriorRings(); ++i) p.push_back(ringPoints(*poly->getInteriorRing(i)));
        out.push_back(std::move(p));
        break;
    }
    case wkbMultiPolygon:
    case wkbGeometryCollection:
        for (const OGRGeometry* part : g.toGeometryCollection()) collectPolygons(*part, out, problem);
        break;
    default:
        problem += std::string("unexpected geometry ") + g.getGeometryName() + "; ";
    }
}

double distance(const std::pair<double, double>& a, const std::pair<double, double>& b) {
    return std::hypot(a.first - b.first, a.second - b.second);
}

/// The largest vertex distance between two rings (same vertices, any start, any orientation), or
/// infinity when they have different vertex counts.
double ringDeviation(const Ring& expected, Ring actual) {
    if (expected.size() != actual.size() || expected.empty()) return INFINITY;
    if ((signedArea(expected) > 0) != (signedArea(actual) > 0)) std::reverse(actual.begin(), actual.end());
    std::size_t start = 0;
    for (std::size_t k = 1; k < actual.size(); ++k)
        if (distance(actual[k], expected[0]) < distance(actual[start], expected[0])) start = k;
    double worst = 0;
    for (std::size_t i = 0; i < expected.size(); ++i)
        worst = std::max(worst, distance(expected[i], actual[(start + i) % actual.size()]));
    return worst;
}

double polygonDeviation(const Polygon& expected, const Polygon& actual) {
    if (expected.size() != actual.size() || expected.empty()) return INFINITY;
    double worst = ringDeviation(expected[0], actual[0]);
    std::vector<bool> used(actual.size(), false);
    for (std::size_t i = 1; i < expected.size(); ++i) {
        double best = INFINITY;
        std::size_t bestIndex = 0;
        for (std::size_t j = 1; j < actual.size(); ++j)
            if (!used[j]) {
                double d = ringDeviation(expected[i], actual[j]);
                if (d < best) { best = d; bestIndex = j; }
            }
        if (best == INFINITY) return INFINITY;
        used[bestIndex] = true;
        worst = std::max(worst, best);
    }
    return worst;
}

}  // namespace

double signedArea(const std::vector<std::pair<double, double>>& ring) {
    double a = 0;
    for (std::size_t i = 0; i < ring.size(); ++i) {
        const auto& p = ring[i];
        const auto& q = ring[(i + 1) % ring.size()];
        a += p.first * q.second - q.first * p.second;
    }
    return a / 2;
}

std::string compareGeometry(const OGRGeometry& expected, const OGRGeometry& actual, double tolerance) {
    std::vector<Polygon> e, a;
    std::string problem;
    collectPolygons(expected, e, problem);
    collectPolygons(actual, a, problem);
    if (!problem.empty()) return problem;
    if (e.size() != a.size())
        return std::to_string(a.size()) + " polygons instead of " + std::to_string(e.size());
    std::vector<bool> used(a.size(), false);
    double worst = 0;
    for (const Polygon& p : e) {
        double best = INFINITY;
        std::size_t bestIndex = 0;
        for (std::size_t j = 0; j < a.size(); ++j)
            if (!used[j]) {
                double d = polygonDeviation(p, a[j]);
                if (d < best) { best = d; bestIndex = j; }
            }
        if (best == INFINITY) {
            char* wkt = nullptr;
            actual.exportToWkt(&wkt);
            std::string text = wkt ? wkt : "";
            CPLFree(wkt);
            return "no polygon with the same rings and vertex counts (actual: " + text.substr(0, 600) + ")";
        }
        used[bestIndex] = true;
        worst = std::max(worst, best);
    }
    if (worst > tolerance) {
        std::ostringstream s;
        s << "vertices differ by up to " << worst * 1000 << " mm (tolerance " << tolerance * 1000 << " mm)";
        return s.str();
    }
    return "";
}

namespace {

/// What GDAL's lenient parser lets through: '&' that starts no entity, '<' inside an attribute value.
std::string lexicalXmlError(const std::string& text) {
    auto lineOf = [&](std::size_t at) { return std::to_string(1 + std::count(text.begin(), text.begin() + at, '\n')); };
    std::size_t i = 0;
    while (i < text.size()) {
        if (text.compare(i, 4, "<!--") == 0) { i = text.find("-->", i); if (i == std::string::npos) return "unclosed comment"; i += 3; continue; }
        if (text.compare(i, 9, "<![CDATA[") == 0) { i = text.find("]]>", i); if (i == std::string::npos) return "unclosed CDATA"; i += 3; continue; }
        if (text.compare(i, 2, "<!") == 0 || text.compare(i, 2, "<?") == 0) { i = text.find('>', i); if (i == std::string::npos) return "unclosed declaration"; ++i; continue; }
        if (text[i] == '<') {   // a tag: quoted attribute values must not hold '<'
            char quote = 0;
            for (++i; i < text.size(); ++i) {
                const char c = text[i];
                if (quote) { if (c == quote) quote = 0; else if (c == '<') return "'<' in an attribute value, line " + lineOf(i); }
                else if (c == '"' || c == '\'') quote = c;
                else if (c == '>') break;
                else if (c == '<') return "'<' inside a tag, line " + lineOf(i);
            }
            if (i >= text.size()) return "unclosed tag";
        }
        if (text[i] == '&') {
            const std::size_t end = text.find(';', i);
            const std::string name = end == std::string::npos || end - i > 12 ? "" : text.substr(i + 1, end - i - 1);
            const bool ok = name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos" ||
                            (name.size() > 1 && name[0] == '#' &&
                             (name[1] == 'x' ? name.size() > 2 && name.find_first_not_of("0123456789abcdefABCDEF", 2) == std::string::npos
                                             : name.find_first_not_of("0123456789", 1) == std::string::npos));
            if (!ok) return "'&' that starts no entity, line " + lineOf(i);
        }
        ++i;
    }
    return "";
}

}  // namespace

::testing::AssertionResult wellFormedXml(const std::string& text) {
    initGdalOnce();
    CPLErrorReset();
    CPLXMLNode* root = CPLParseXMLString(text.c_str());
    std::string error = CPLGetLastErrorType() >= CE_Warning ? CPLGetLastErrorMsg() : "";
    if (root) CPLDestroyXMLNode(root);
    if (!root || !error.empty()) return ::testing::AssertionFailure() << "not well-formed XML: " << error;
    if (std::string lexical = lexicalXmlError(text); !lexical.empty())
        return ::testing::AssertionFailure() << "not well-formed XML: " << lexical;
    return ::testing::AssertionSuccess();
}

std::map<std::string, std::string> snapshot(const fs::path& dir) {
    std::map<std::string, std::string> out;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        const std::string relative = fs::relative(entry.path(), dir).string();
        if (entry.is_regular_file()) out[relative] = cli::readFile(entry.path());
        else out[relative + "/"] = "";
    }
    return out;
}

long long gdalCount(const fs::path& source, const std::string& layerName, const std::string& where) {
    GDALDatasetUniquePtr ds = openVector(source);
    if (!ds) return -1;
    OGRLayer* layer = ds->GetLayerByName(layerName.c_str());
    if (!layer) return -1;
    CPLErrorReset();
    if (layer->SetAttributeFilter(where.c_str()) != OGRERR_NONE) return -1;
    long long n = 0;
    for (OGRFeatureUniquePtr f(layer->GetNextFeature()); f; f.reset(layer->GetNextFeature())) ++n;
    if (CPLGetLastErrorType() >= CE_Failure) return -1;
    return n;
}

std::string gdalFilterError(const fs::path& source, const std::string& layerName, const std::string& where) {
    GDALDatasetUniquePtr ds = openVector(source);
    if (!ds) return "";
    OGRLayer* layer = ds->GetLayerByName(layerName.c_str());
    if (!layer) return "";
    CPLErrorReset();
    if (layer->SetAttributeFilter(where.c_str()) == OGRERR_NONE) {
        OGRFeatureUniquePtr first(layer->GetNextFeature());
    }
    return CPLGetLastErrorType() >= CE_Failure ? oneLine(CPLGetLastErrorMsg()) : "";
}

long long reportedCount(const std::string& out) {
    const std::string marker = " features written";
    std::size_t at = out.find(marker);
    if (at == std::string::npos) return -1;
    std::size_t start = at;
    while (start > 0 && std::isdigit(static_cast<unsigned char>(out[start - 1]))) --start;
    if (start == at) return -1;
    return std::stoll(out.substr(start, at - start));
}

fs::path bigGpkg(int count) {
    const fs::path path = cli::workDir() / "big" / ("big-" + std::to_string(count) + ".gpkg");
    if (fs::exists(path)) return path;
    initGdalOnce();
    fs::create_directories(path.parent_path());
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    GDALDatasetUniquePtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    OGRSpatialReference srs = epsg(4490);
    const char* options[] = {"SPATIAL_INDEX=NO", nullptr};
    OGRLayer* layer = ds->CreateLayer("big", &srs, wkbPolygon, const_cast<char**>(options));
    for (const auto& [name, type] : std::vector<std::pair<const char*, OGRFieldType>>{
             {"name_zh", OFTString}, {"用地性质", OFTString}, {"big_id", OFTInteger64}, {"height_m", OFTReal}}) {
        OGRFieldDefn defn(name, type);
        layer->CreateField(&defn);
    }
    static const char* classes[] = {"R2", "B1", "G1", "A33", "S4"};
    ds->StartTransaction();
    const int side = static_cast<int>(std::ceil(std::sqrt(count)));
    for (int i = 0; i < count; ++i) {
        OGRFeature f(layer->GetLayerDefn());
        f.SetField(0, ("地块" + std::to_string(i)).c_str());
        f.SetField(1, classes[i % 5]);
        f.SetField(2, static_cast<GIntBig>(kBigPositive + i));
        f.SetField(3, 3.0 + (i % 100) * 0.5);
        const double x = 120.10 + (i % side) * 0.0003, y = 30.20 + (i / side) * 0.0003, d = 0.0002;
        auto* ring = new OGRLinearRing();
        ring->addPoint(x, y);
        ring->addPoint(x + d, y);
        ring->addPoint(x + d, y + d);
        ring->addPoint(x, y + d);
        ring->addPoint(x, y);
        auto* polygon = new OGRPolygon();
        polygon->addRingDirectly(ring);
        f.SetGeometryDirectly(polygon);
        if (layer->CreateFeature(&f) != OGRERR_NONE) throw std::runtime_error("cannot write the big layer");
    }
    ds->CommitTransaction();
    return path;
}

ToolRun runTool(const std::string& command, bool withStderr) {
    ToolRun r;
    FILE* pipe = popen((command + (withStderr ? " 2>&1" : "")).c_str(), "r");
    if (!pipe) return r;
    char buffer[4096];
    for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) r.output.append(buffer, n);
    const int status = pclose(pipe);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

int spawnPlanview(const std::vector<std::string>& args) {
    static int counter = 0;
    const fs::path out = cli::workDir() / ("spawn-" + std::to_string(++counter) + ".out");
    const fs::path err = cli::workDir() / ("spawn-" + std::to_string(counter) + ".err");
    std::vector<std::string> argv = {PLANVIEW_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> cargv;
    for (auto& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid = 0;
    int rc = posix_spawn(&pid, argv[0].c_str(), &actions, nullptr, cargv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start " + argv[0]);
    return pid;
}

}  // namespace xt
