#include "tests/corpus/Corpus.h"
#include <algorithm>
#include <cmath>
#include <iostream>
#include <mutex>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <thread>
#include <cpl_error.h>
#include <gdal.h>
#include <gdal_utils.h>
#include <ogr_api.h>
#include <ogrsf_frmts.h>

namespace corpus {

using cli::RunResult;
using cli::lines;
using cli::readFile;
using cli::runPlanview;
using cli::workDir;
using cli::writeFile;
using fixtures::Field;
using fixtures::Row;

std::ostream& operator<<(std::ostream& o, const Case& c) { return o << c.name; }

namespace {

void initGdalOnce() {
    static std::once_flag once;
    std::call_once(once, [] {
        GDALAllRegister();
        CPLSetErrorHandler(CPLQuietErrorHandler);
    });
}

// ---- Geometry text ------------------------------------------------------------------------------

std::string num(double v) {
    std::ostringstream s;
    s.precision(12);
    s << v;
    return s.str();
}

/// A closed ring around the box, counter-clockwise (or clockwise).
std::string ring(double x0, double y0, double x1, double y1, bool clockwise = false) {
    const std::string a = num(x0) + " " + num(y0), b = num(x1) + " " + num(y0), c = num(x1) + " " + num(y1),
                      d = num(x0) + " " + num(y1);
    return clockwise ? "(" + a + "," + d + "," + c + "," + b + "," + a + ")" : "(" + a + "," + b + "," + c + "," + d + "," + a + ")";
}
std::string square(double x0, double y0, double x1, double y1, bool clockwise = false) {
    return "POLYGON(" + ring(x0, y0, x1, y1, clockwise) + ")";
}

/// A ring of `n` vertices on a circle; with `twist`, two neighbouring vertices swapped half-way round,
/// so that the ring crosses itself once.
std::string circle(double cx, double cy, double r, int n, bool twist = false) {
    std::vector<int> order(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) order[static_cast<std::size_t>(i)] = i;
    if (twist) std::swap(order[static_cast<std::size_t>(n / 2)], order[static_cast<std::size_t>(n / 2 + 1)]);
    order.push_back(order.front());
    std::string text = "POLYGON((";
    for (std::size_t i = 0; i < order.size(); ++i) {
        const double a = 2 * M_PI * order[i] / n;
        text += (i ? "," : "") + num(cx + r * std::cos(a)) + " " + num(cy + r * std::sin(a));
    }
    return text + "))";
}

// The three good parcels every format case starts from (EPSG:4326, Hangzhou).
const std::string kOk1 = square(120.160, 30.250, 120.170, 30.260);
const std::string kOk2 = square(120.170, 30.250, 120.180, 30.260);
const std::string kOk3 = square(120.160, 30.240, 120.180, 30.250);

const std::vector<Field>& parcelFields() {
    static const std::vector<Field> f = {{"kind", OFTString}, {"n", OFTInteger}};
    return f;
}
std::vector<Row> parcelRows() { return {{kOk1, {"R2", "1"}}, {kOk2, {"B1", "2"}}, {kOk3, {"G1", "3"}}}; }

// ---- Formats ------------------------------------------------------------------------------------

struct Format {
    std::string key;      ///< in case names
    std::string driver;   ///< GDAL's name
    std::string ext;      ///< with the dot
};

const std::vector<Format>& formats() {
    static const std::vector<Format> f = {{"gpkg", "GPKG", ".gpkg"},      {"shp", "ESRI Shapefile", ".shp"},
                                          {"geojson", "GeoJSON", ".geojson"}, {"fgb", "FlatGeobuf", ".fgb"},
                                          {"kml", "KML", ".kml"},         {"csv", "CSV", ".csv"}};
    return f;
}

std::vector<std::string> creationOptions(const Format& f) {
    if (f.key == "csv") return {"GEOMETRY=AS_WKT"};
    return {};
}

const char* kShapefileParts[] = {".shp", ".shx", ".dbf", ".prj", ".cpg"};

/// Writes `rows` as layer `layer` of a new file `file` in format `f` (CSV: no CRS, as CSV has none).
void writeAs(const Format& f, const path& file, const std::string& layer, const std::vector<Row>& rows,
             const std::vector<Field>& fields = parcelFields(), int epsg = 4326,
             OGRwkbGeometryType type = wkbPolygon) {
    fs::create_directories(file.parent_path());
    fixtures::writeLayer(file.string(), f.driver, layer, f.key == "csv" ? 0 : epsg, type, fields, rows,
                         creationOptions(f));
}

/// The three good parcels in format `f`, made once per process: corpus/base/<key>/parcels<ext>.
path base(const Format& f) {
    static std::map<std::string, path> made;
    auto it = made.find(f.key);
    if (it != made.end()) return it->second;
    const path file = workDir() / "corpus" / "base" / f.key / ("parcels" + f.ext);
    writeAs(f, file, "parcels", parcelRows());
    made[f.key] = file;
    return file;
}

const Format& format(const std::string& key) {
    for (const auto& f : formats())
        if (f.key == key) return f;
    throw std::logic_error("no format " + key);
}

/// Copies a file, or a shapefile with its sidecar files (all but `leaveOut`), to `target`.
void copyInput(const path& from, const path& target, const std::string& leaveOut = "") {
    fs::create_directories(target.parent_path());
    if (from.extension() != ".shp") {
        fs::copy_file(from, target, fs::copy_options::overwrite_existing);
        return;
    }
    for (const char* ext : kShapefileParts) {
        const path part = path(from).replace_extension(ext);
        if (ext != leaveOut && fs::exists(part))
            fs::copy_file(part, path(target).replace_extension(ext), fs::copy_options::overwrite_existing);
    }
}

std::string randomBytes(std::size_t n, unsigned seed) {
    std::mt19937 random(seed);
    std::string bytes(n, '\0');
    for (char& b : bytes) b = static_cast<char>(random() & 0xFF);
    return bytes;
}

unsigned seedOf(const std::string& text) {
    unsigned h = 2166136261u;
    for (unsigned char c : text) h = (h ^ c) * 16777619u;
    return h;
}

/// Overwrites `n` bytes of `file` from `offset` with random ones.
void scramble(const path& file, std::size_t offset, std::size_t n) {
    std::string bytes = readFile(file);
    if (offset >= bytes.size()) throw std::logic_error("scramble: " + file.string() + " is too short");
    n = std::min(n, bytes.size() - offset);
    bytes.replace(offset, n, randomBytes(n, seedOf(file.string())));
    writeFile(file, bytes);
}

void replaceOnce(const path& file, const std::string& from, const std::string& to, std::size_t nth = 0) {
    std::string text = readFile(file);
    std::size_t at = text.find(from);
    for (std::size_t i = 0; i < nth && at != std::string::npos; ++i) at = text.find(from, at + 1);
    if (at == std::string::npos) throw std::logic_error("'" + from + "' not found in " + file.string());
    text.replace(at, from.size(), to);
    writeFile(file, text);
}

/// Runs SQL on a GeoPackage (through GDAL's SQLite).
void gpkgSql(const path& gpkg, const std::string& sql) {
    initGdalOnce();
    GDALDatasetH ds = GDALOpenEx(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr);
    if (!ds) throw std::runtime_error("cannot open " + gpkg.string());
    OGRLayerH result = GDALDatasetExecuteSQL(ds, sql.c_str(), nullptr, nullptr);
    if (result) GDALDatasetReleaseResultSet(ds, result);
    GDALClose(ds);
}

Input plain(const path& file, const std::string& by = "kind") { return Input{file.string(), "", by, {}}; }

// ---- The cases ---------------------------------------------------------------------------------

/// Areas must be right, not just present: for each `kind` whose geometries are all valid, the area
/// stats reports equals GDAL's own area of those geometries in the scene frame (EPSG:4549 near
/// Hangzhou), within a millionth. Clockwise shells, Z values and 10,000-vertex rings included.
void areasMatchGdal(const Input& in, const Sweep& s) {
    if (!s.stats.exited || s.stats.code != 0) return;
    initGdalOnce();
    OGRSpatialReference frame;
    frame.importFromEPSG(4549);
    frame.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::map<std::string, double> expected;
    std::set<std::string> invalid;
    const std::string source = in.names.empty() ? in.location : in.names.front();   // a project's source
    GDALDatasetUniquePtr ds(GDALDataset::Open(source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    ASSERT_TRUE(ds) << source;
    OGRLayer* layer = ds->GetLayer(0);
    for (auto& f : *layer) {
        const OGRGeometry* g = f->GetGeometryRef();
        const std::string kind = f->GetFieldAsString("kind");
        if (!g || g->IsEmpty()) continue;
        if (!g->IsValid()) {   // repaired: its area is MakeValid's, not checked here
            invalid.insert(kind);
            continue;
        }
        std::unique_ptr<OGRGeometry> projected(g->clone());
        projected->assignSpatialReference(layer->GetSpatialRef());
        ASSERT_EQ(projected->transformTo(&frame), OGRERR_NONE);
        expected[kind] += OGR_G_Area(OGRGeometry::ToHandle(projected.get()));
    }
    nlohmann::json table = nlohmann::json::parse(s.stats.out, nullptr, false);
    ASSERT_TRUE(table.is_object() && table.contains("rows")) << s.stats.describe();
    for (const auto& row : table["rows"]) {
        const std::string kind = row.value("category", std::string());
        if (invalid.count(kind) || !expected.count(kind)) continue;
        const double area = row.value("area_m2", 0.0);
        EXPECT_NEAR(area, expected[kind], expected[kind] * 1e-6) << "area of '" << kind << "' in stats\n" << s.stats.describe();
    }
}

/// A GeoPackage (EPSG:4326, fields kind and n) holding the two good parcels and then `bad` rows.
Case geometryCase(const std::string& name, std::vector<Row> bad, long skipped, long repaired,
                  std::vector<long> fids, OGRwkbGeometryType type = wkbPolygon) {
    Case c;
    c.name = name;
    c.expect = Expect::Load;
    c.total = 2 + static_cast<long>(bad.size());
    c.skipped = skipped;
    c.repaired = repaired;
    c.warnedFids = std::move(fids);
    c.extra = areasMatchGdal;
    c.make = [name, bad, type](const path& dir) {
        std::vector<Row> rows = {{kOk1, {"R2", "1"}}, {kOk2, {"B1", "2"}}};
        rows.insert(rows.end(), bad.begin(), bad.end());
        const path file = dir / (name + ".gpkg");
        writeAs(format("gpkg"), file, name, rows, parcelFields(), 4326, type);
        return plain(file);
    };
    return c;
}

/// A hand-written GeoJSON FeatureCollection of `features` (each a Feature's JSON text).
Case geojsonCase(const std::string& name, const std::vector<std::string>& features) {
    Case c;
    c.name = name;
    c.expect = Expect::Load;
    c.total = static_cast<long>(features.size());
    c.make = [name, features](const path& dir) {
        std::string text = "{\"type\":\"FeatureCollection\",\"name\":\"" + name + "\",\"features\":[\n";
        for (std::size_t i = 0; i < features.size(); ++i) text += (i ? ",\n" : "") + features[i];
        const path file = dir / (name + ".geojson");
        writeFile(file, text + "\n]}\n");
        return plain(file);
    };
    return c;
}

std::string feature(const std::string& kind, const std::string& geometry) {
    return "{\"type\":\"Feature\",\"properties\":{\"kind\":\"" + kind + "\"},\"geometry\":" + geometry + "}";
}
const std::string kJsonSquare = "{\"type\":\"Polygon\",\"coordinates\":[[[120.16,30.25],[120.17,30.25],[120.17,30.26],[120.16,30.26],[120.16,30.25]]]}";
const std::string kJsonSquare2 = "{\"type\":\"Polygon\",\"coordinates\":[[[120.17,30.25],[120.18,30.25],[120.18,30.26],[120.17,30.26],[120.17,30.25]]]}";
const std::string kJsonMultiSquare = "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[120.17,30.25],[120.18,30.25],[120.18,30.26],[120.17,30.26],[120.17,30.25]]]]}";
const std::string kJsonPoint = "{\"type\":\"Point\",\"coordinates\":[120.175,30.245]}";
const std::string kJsonLine = "{\"type\":\"LineString\",\"coordinates\":[[120.16,30.245],[120.18,30.246]]}";

/// The parcels in EPSG:4549 (metres), as a shapefile or GeoPackage: a CRS that cannot be guessed.
path projectedParcels(const Format& f, const path& file) {
    initGdalOnce();
    const path lonLat = base(format("gpkg"));
    GDALDatasetH src = GDALOpenEx(lonLat.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
    if (!src) throw std::runtime_error("cannot open " + lonLat.string());
    const std::string name = file.stem().string();
    const char* argv[] = {"-f", f.driver.c_str(), "-t_srs", "EPSG:4549", "-nln", name.c_str(), nullptr};
    GDALVectorTranslateOptions* options = GDALVectorTranslateOptionsNew(const_cast<char**>(argv), nullptr);
    fs::create_directories(file.parent_path());
    GDALDatasetH out = GDALVectorTranslate(file.c_str(), nullptr, 1, &src, options, nullptr);
    GDALVectorTranslateOptionsFree(options);
    GDALClose(src);
    if (!out) throw std::runtime_error("cannot write " + file.string());
    GDALClose(out);
    return file;
}

void addFormatCases(std::vector<Case>& all) {
    // The file of another format each format's extension is given in the wrong-extension cases.
    const std::map<std::string, std::string> impostor = {{"gpkg", "shp"}, {"shp", "geojson"}, {"geojson", "gpkg"},
                                                         {"fgb", "csv"},  {"kml", "fgb"},     {"csv", "kml"}};
    for (const Format& f : formats()) {
        {
            Case c;
            c.name = "zero_byte_" + f.key;
            c.expect = Expect::Reject;
            c.cause = {"empty"};
            c.make = [f](const path& dir) {
                writeFile(dir / ("zero" + f.ext), "");
                return plain(dir / ("zero" + f.ext));
            };
            all.push_back(c);
        }
        {
            // A well-formed file without a feature (GeoJSON and KML keep no fields without features).
            Case c;
            c.name = "empty_" + f.key;
            c.expect = Expect::Either;
            c.total = 0;
            c.make = [f](const path& dir) {
                writeAs(f, dir / ("empty" + f.ext), "empty", {});
                return plain(dir / ("empty" + f.ext));
            };
            all.push_back(c);
        }
        {
            Case c;
            c.name = "random_bytes_" + f.key;
            // GDAL's CSV driver takes any bytes in a .csv for a table without geometry, which info
            // describes and a project may hold as a layer without geometry.
            c.expect = f.key == "csv" ? Expect::Either : Expect::Reject;
            c.make = [f](const path& dir) {
                writeFile(dir / ("random" + f.ext), randomBytes(8192, seedOf(f.key)));
                return plain(dir / ("random" + f.ext));
            };
            all.push_back(c);
        }
        {
            // Cut in the middle (a shapefile's .shp, its .shx and .dbf left whole).
            Case c;
            c.name = "truncated_" + f.key;
            c.expect = Expect::Either;   // how many features survive the cut depends on the format
            if (f.key == "shp") c.mustWarn["export"] = "feature";   // geometry lost in the cut: not silently
            c.make = [f](const path& dir) {
                const path file = dir / ("truncated" + f.ext);
                copyInput(base(f), file);
                std::string bytes = readFile(file);
                writeFile(file, bytes.substr(0, bytes.size() / 2));
                return plain(file);
            };
            all.push_back(c);
        }
        all.push_back(Case{"wrong_extension_" + f.key,
                           [f, other = impostor.at(f.key)](const path& dir) {
                               // Only the main file of a shapefile: its sidecars do not follow a rename.
                               const path file = dir / ("parcels" + f.ext);
                               fs::copy_file(base(format(other)), file);
                               return plain(file);
                           },
                           Expect::Either, f.key == "csv" ? -1 : 3, 0, 0});
    }

    // Corrupt inside, each format in its own way.
    {
        Case c;
        c.name = "corrupt_gpkg_pages";   // the SQLite header intact, pages after the first third scrambled
        c.expect = Expect::Either;
        c.total = 3;
        c.make = [](const path& dir) {
            const path file = dir / "corrupt.gpkg";
            copyInput(base(format("gpkg")), file);
            const std::size_t size = fs::file_size(file);
            scramble(file, size / 3, size);
            return plain(file);
        };
        all.push_back(c);
    }
    {
        // A feature whose geometry blob is not a GeoPackage geometry: unreadable, so it cannot be drawn
        // (skipped with a warning) nor exported as it was (a warning, not a silent NULL).
        Case c;
        c.name = "corrupt_gpkg_geometry_blob";
        c.expect = Expect::Load;
        c.total = 3;
        c.skipped = 1;
        c.repaired = 0;
        c.warnedFids = {2};
        c.mustWarn["export"] = "feature";
        c.make = [](const path& dir) {
            const path file = dir / "blob.gpkg";
            copyInput(base(format("gpkg")), file);
            gpkgSql(file, "UPDATE parcels SET geom = X'4750000100000000DEADBEEFDEADBEEF00' WHERE fid = 2");
            return plain(file);
        };
        all.push_back(c);
    }
    {
        // The second record of the .shp claims 2^31 - 1 parts.
        Case c;
        c.name = "corrupt_shp_record";
        c.expect = Expect::Either;
        c.total = 3;
        c.skipped = 1;
        c.warnedFids = {1};
        c.mustWarn["export"] = "feature";
        c.make = [](const path& dir) {
            const path file = dir / "corrupt.shp";
            copyInput(base(format("shp")), file);
            const std::string shx = readFile(path(file).replace_extension(".shx"));
            auto be32 = [&](std::size_t at) {
                return (static_cast<unsigned char>(shx[at]) << 24) | (static_cast<unsigned char>(shx[at + 1]) << 16) |
                       (static_cast<unsigned char>(shx[at + 2]) << 8) | static_cast<unsigned char>(shx[at + 3]);
            };
            const std::size_t record = static_cast<std::size_t>(be32(100 + 8)) * 2;   // 2nd record, in bytes
            std::string shp = readFile(file);
            const std::size_t numParts = record + 8 + 4 + 32;
            shp.replace(numParts, 4, std::string("\xFF\xFF\xFF\x7F", 4));
            writeFile(file, shp);
            return plain(file);
        };
        all.push_back(c);
    }
    {
        Case c;
        c.name = "corrupt_geojson_syntax";   // a bracket missing in the middle
        c.expect = Expect::Reject;
        c.make = [](const path& dir) {
            const path file = dir / "corrupt.geojson";
            copyInput(base(format("geojson")), file);
            replaceOnce(file, "\"type\"", "\"type\",,", 2);
            return plain(file);
        };
        all.push_back(c);
    }
    {
        Case c;
        c.name = "corrupt_geojson_geometry";   // well-formed JSON, but coordinates that are not
        c.expect = Expect::Either;
        c.total = 3;
        c.skipped = 1;
        c.warnedFids = {1};
        c.mustWarn["export"] = "feature";   // its geometry cannot be written as it was: not silently
        c.make = [](const path& dir) {
            const path file = dir / "badgeom.geojson";
            writeFile(file, "{\"type\":\"FeatureCollection\",\"features\":[\n" + feature("R2", kJsonSquare) + ",\n" +
                                feature("B1", "{\"type\":\"Polygon\",\"coordinates\":\"garbage\"}") + ",\n" +
                                feature("G1", kJsonSquare2) + "]}\n");
            return plain(file);
        };
        all.push_back(c);
    }
    {
        Case c;
        c.name = "corrupt_fgb_features";   // header intact, feature data scrambled
        c.expect = Expect::Either;
        c.total = 3;
        c.make = [](const path& dir) {
            const path file = dir / "corrupt.fgb";
            copyInput(base(format("fgb")), file);
            const std::size_t size = fs::file_size(file);
            scramble(file, size * 2 / 3, size);
            return plain(file);
        };
        all.push_back(c);
    }
    {
        Case c;
        c.name = "corrupt_kml_coordinates";   // one placemark's coordinates are words
        c.expect = Expect::Either;
        c.total = 3;
        c.skipped = 1;
        c.warnedFids = {2};
        c.mustWarn["export"] = "feature";
        c.make = [](const path& dir) {
            const path file = dir / "corrupt.kml";
            copyInput(base(format("kml")), file);
            std::string text = readFile(file);
            std::size_t open = text.find("<coordinates>", text.find("<coordinates>") + 1);
            std::size_t close = text.find("</coordinates>", open);
            if (open == std::string::npos || close == std::string::npos) throw std::logic_error("no coordinates in KML");
            text.replace(open + 13, close - open - 13, "abc,def ghi,jkl");
            writeFile(file, text);
            return plain(file);
        };
        all.push_back(c);
    }
    {
        // One row's WKT does not parse: that feature has no geometry (skipped with a warning); export
        // keeps the row and its WKT text.
        Case c;
        c.name = "corrupt_csv_wkt";
        c.expect = Expect::Load;
        c.total = 3;
        c.skipped = 1;
        c.repaired = 0;
        c.make = [](const path& dir) {
            const path file = dir / "corrupt.csv";
            copyInput(base(format("csv")), file);
            replaceOnce(file, "POLYGON ((", "POLYGUN ((garbage ", 1);
            return plain(file);
        };
        all.push_back(c);
    }
}

void addShapefileAndCrsCases(std::vector<Case>& all) {
    all.push_back(Case{"shapefile_without_shx",
                       [](const path& dir) {
                           copyInput(base(format("shp")), dir / "parcels.shp", ".shx");
                           return plain(dir / "parcels.shp");
                       },
                       Expect::Reject, -1, -1, -1, {".shx"}});
    {
        // Without its .dbf a shapefile has no attributes: loading it must say so, or refuse it.
        Case c;
        c.name = "shapefile_without_dbf";
        c.expect = Expect::Either;
        c.total = 3;
        c.mustWarn = {{"info", ".dbf"}, {"render", ".dbf"}, {"stats", ".dbf"}, {"export", ".dbf"}};
        c.make = [](const path& dir) {
            copyInput(base(format("shp")), dir / "parcels.shp", ".dbf");
            return plain(dir / "parcels.shp");
        };
        all.push_back(c);
    }
    {
        // A 20-digit integer column (read exactly with GDAL's ADJUST_TYPE) in a .dbf cut short: GDAL 3.6
        // crashes with ADJUST_TYPE there, so planview must not ask for it.
        Case c;
        c.name = "truncated_dbf_big_integers";
        c.expect = Expect::Either;
        c.make = [](const path& dir) {
            const path file = dir / "big.shp";
            writeAs(format("shp"), file, "big",
                    {{kOk1, {"R2", "9007199254740993"}}, {kOk2, {"B1", "-9223372036854775807"}}, {kOk3, {"G1", "3"}}},
                    {{"kind", OFTString}, {"big", OFTInteger64}});
            const path dbf = path(file).replace_extension(".dbf");
            const std::string bytes = readFile(dbf);
            writeFile(dbf, bytes.substr(0, bytes.size() * 3 / 4));
            return plain(file);
        };
        all.push_back(c);
    }
    {
        // No .prj and coordinates in metres: no CRS can be assumed.
        Case c;
        c.name = "shapefile_without_prj_projected";
        c.expect = Expect::Either;
        c.verbs = {{"info", Expect::Reject}, {"render", Expect::Reject}, {"stats", Expect::Reject}};
        c.cause = {"CRS"};
        c.mustWarn["export"] = "CRS";
        c.make = [](const path& dir) {
            const path file = projectedParcels(format("shp"), dir / "metres.shp");
            fs::remove(path(file).replace_extension(".prj"));
            return plain(file);
        };
        all.push_back(c);
    }
    {
        Case c;
        c.name = "garbage_prj_projected";
        c.expect = Expect::Either;
        c.verbs = {{"info", Expect::Reject}, {"render", Expect::Reject}, {"stats", Expect::Reject}};
        c.cause = {"CRS"};
        c.mustWarn["export"] = "CRS";
        c.make = [](const path& dir) {
            const path file = projectedParcels(format("shp"), dir / "metres.shp");
            writeFile(path(file).replace_extension(".prj"), "PROJCS[\"garbage\x01\",GEOGCS[nonsense]]]]\n");
            return plain(file);
        };
        all.push_back(c);
    }
    {
        // A garbage .prj on lon/lat coordinates: read as WGS84, with a warning; export must say so too.
        Case c;
        c.name = "garbage_prj_lonlat";
        c.expect = Expect::Load;
        c.total = 3;
        c.skipped = 0;
        c.repaired = 0;
        c.mustWarn = {{"info", "CRS"}, {"render", "CRS"}, {"stats", "CRS"}, {"export", "CRS"}};
        c.make = [](const path& dir) {
            copyInput(base(format("shp")), dir / "parcels.shp");
            writeFile(dir / "parcels.prj", std::string("\x89PRJ not WKT \x01\x02\xFF", 18));
            return plain(dir / "parcels.shp");
        };
        all.push_back(c);
    }
    {
        Case c;
        c.name = "gpkg_undefined_srs_projected";
        c.expect = Expect::Either;
        c.verbs = {{"info", Expect::Reject}, {"render", Expect::Reject}, {"stats", Expect::Reject}};
        c.cause = {"CRS"};
        c.mustWarn["export"] = "CRS";
        c.make = [](const path& dir) {
            const path file = projectedParcels(format("gpkg"), dir / "metres.gpkg");
            gpkgSql(file, "UPDATE gpkg_geometry_columns SET srs_id = 99999");
            gpkgSql(file, "UPDATE gpkg_contents SET srs_id = 99999");
            return plain(file);
        };
        all.push_back(c);
    }
    {
        Case c;
        c.name = "gpkg_undefined_srs_lonlat";
        c.expect = Expect::Load;
        c.total = 3;
        c.skipped = 0;
        c.repaired = 0;
        c.mustWarn = {{"info", "CRS"}, {"render", "CRS"}, {"stats", "CRS"}, {"export", "CRS"}};
        c.make = [](const path& dir) {
            const path file = dir / "undefined.gpkg";
            copyInput(base(format("gpkg")), file);
            gpkgSql(file, "UPDATE gpkg_geometry_columns SET srs_id = 99999");
            gpkgSql(file, "UPDATE gpkg_contents SET srs_id = 99999");
            return plain(file);
        };
        all.push_back(c);
    }
}

void addGeometryCases(std::vector<Case>& all) {
    const std::string bowtie = "POLYGON((120.16 30.24,120.17 30.25,120.17 30.24,120.16 30.25,120.16 30.24))";
    all.push_back(geometryCase("self_intersection", {{bowtie, {"bowtie", "3"}}}, 0, 1, {3}));
    all.push_back(geometryCase("unclosed_ring", {{"POLYGON((120.16 30.24,120.17 30.24,120.17 30.25,120.16 30.25))", {"open", "3"}}},
                               0, 1, {3}));
    all.push_back(geometryCase("sliver_zero_area", {{"POLYGON((120.16 30.24,120.17 30.24,120.18 30.24,120.16 30.24))", {"sliver", "3"}}},
                               1, 0, {3}));
    // Valid, but ten micrometres wide: not a parcel anyone drew, skipped and said.
    all.push_back(geometryCase("sliver_thin", {{"POLYGON((120.16 30.24,120.18 30.24,120.18 30.2400000001,120.16 30.24))", {"thin", "3"}}},
                               1, 0, {3}));
    all.push_back(geometryCase("null_geometry", {{"", {"none", "3"}}}, 1, 0, {3}));
    all.push_back(geometryCase("empty_geometry", {{"POLYGON EMPTY", {"empty", "3"}}}, 1, 0, {3}));
    all.push_back(geometryCase("ring_10000_vertices", {{circle(120.17, 30.245, 0.004, 10000), {"round", "3"}}}, 0, 0, {}));
    all.push_back(geometryCase("ring_10000_vertices_crossing_itself",
                               {{circle(120.17, 30.245, 0.004, 10000, true), {"star", "3"}}}, 0, 1, {3}));
    all.push_back(geometryCase("z_values",
                               {{"POLYGON Z((120.16 30.24 5,120.17 30.24 5,120.17 30.25 9,120.16 30.25 9,120.16 30.24 5))", {"z", "3"}},
                                {"MULTIPOLYGON ZM(((120.17 30.24 1 2,120.18 30.24 1 2,120.18 30.25 1 2,120.17 30.25 1 2,120.17 30.24 1 2)))", {"zm", "4"}}},
                               0, 0, {}, wkbUnknown));
    all.push_back(geometryCase("clockwise_shell", {{square(120.16, 30.24, 120.17, 30.25, true), {"cw", "3"}}}, 0, 0, {}));
    all.push_back(geometryCase("hole_outside_shell",
                               {{"POLYGON(" + ring(120.16, 30.24, 120.17, 30.25) + "," + ring(120.175, 30.24, 120.178, 30.245, true) + ")",
                                 {"hole", "3"}}},
                               0, 1, {3}));
    {
        // GeoJSON rings need not be closed by the reader: load (repaired or not), never lose it.
        Case c = geojsonCase("unclosed_ring_geojson",
                             {feature("R2", kJsonSquare),
                              feature("open", "{\"type\":\"Polygon\",\"coordinates\":[[[120.17,30.25],[120.18,30.25],[120.18,30.26],[120.17,30.26]]]}")});
        c.skipped = 0;
        all.push_back(c);
    }
    {
        // Polygons, a point and a line in one layer: the polygons stay, the rest is skipped and said.
        Case c = geojsonCase("mixed_geometry_types", {feature("a", kJsonSquare), feature("b", kJsonPoint),
                                                      feature("c", kJsonLine),
                                                      feature("d", kJsonMultiSquare)});
        c.skipped = 2;
        c.repaired = 0;
        c.warnedFids = {1, 2};
        all.push_back(c);
    }
    {
        // Geometry collections: a polygon with a stray point (the point cannot be drawn in a polygon
        // layer: that feature is changed, so it is warned about), a point with a line, an empty one.
        const std::string gc1 = "{\"type\":\"GeometryCollection\",\"geometries\":[" + kJsonSquare2 + "," + kJsonPoint + "]}";
        const std::string gc2 = "{\"type\":\"GeometryCollection\",\"geometries\":[" + kJsonPoint + "," + kJsonLine + "]}";
        const std::string gc3 = "{\"type\":\"GeometryCollection\",\"geometries\":[]}";
        Case c = geojsonCase("geometry_collections", {feature("a", kJsonSquare), feature("gc1", gc1), feature("gc2", gc2),
                                                      feature("gc3", gc3)});
        c.touched = 3;
        c.warnedFids = {1, 2, 3};
        all.push_back(c);
    }
}

void addValueAndPathCases(std::vector<Case>& all) {
    {
        Case c;
        c.name = "extreme_values";   // 100 KiB strings, int64 beyond 2^53, dates 1899..9999, NULLs
        c.expect = Expect::Load;
        c.total = 6;
        c.skipped = 1;
        c.repaired = 0;
        c.warnedFids = {6};
        c.make = [](const path& dir) {
            writeAs(format("gpkg"), dir / "values.gpkg", "values", valueRows(), valueFields());
            return plain(dir / "values.gpkg", "big");
        };
        all.push_back(c);
    }
    all.push_back(Case{"missing_path", [](const path& dir) { return plain(dir / "nowhere.gpkg"); }, Expect::Reject, -1, -1,
                       -1, {"no such file"}});
    all.push_back(Case{"directory",
                       [](const path& dir) {
                           writeFile(dir / "a-folder" / "readme.txt", "not GIS data\n");
                           return plain(dir / "a-folder");
                       },
                       Expect::Reject});
    all.push_back(Case{"unknown_layer",
                       [](const path& dir) {
                           copyInput(base(format("gpkg")), dir / "parcels.gpkg");
                           Input in = plain(dir / "parcels.gpkg");
                           in.layer = "buildings";
                           return in;
                       },
                       Expect::Reject, -1, -1, -1, {"'buildings'"}});
    {
        // stats --by a field the layer does not have: the other verbs load it.
        Case c;
        c.name = "unknown_stats_field";
        c.expect = Expect::Load;
        c.verbs = {{"stats", Expect::Reject}};
        c.cause = {"no_such_field"};
        c.total = 3;
        c.skipped = 0;
        c.repaired = 0;
        c.make = [](const path& dir) {
            copyInput(base(format("gpkg")), dir / "parcels.gpkg");
            return plain(dir / "parcels.gpkg", "no_such_field");
        };
        all.push_back(c);
    }
}

// ---- Parsing the verbs' output ------------------------------------------------------------------

std::vector<nlohmann::json> infoLayers(const std::string& out) {
    std::vector<nlohmann::json> layers;
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(out);
    } catch (const std::exception&) {
        return layers;
    }
    auto add = [&](const nlohmann::json& source) {
        if (source.is_object() && source.contains("layers"))
            for (const auto& l : source["layers"]) layers.push_back(l);
    };
    if (j.is_array()) for (const auto& s : j) add(s);
    else add(j);
    return layers;
}

}  // namespace

const std::string& longText() {
    static const std::string text = [] {
        const std::string pieces[] = {"上城区", "规划", " \"quoted\" ", "a,b;c", "\\back\\slash", "\t", "湖滨 R2 ", "0123456789"};
        std::string s;
        std::mt19937 random(20241126);
        while (s.size() < 100 * 1024) s += pieces[random() % 8];
        // Cut at a character boundary, then pad with ASCII to exactly 100 KiB.
        while (s.size() > 100 * 1024 || (static_cast<unsigned char>(s.back()) & 0xC0) == 0x80 ||
               static_cast<unsigned char>(s.back()) >= 0xC0)
            s.pop_back();
        s.append(100 * 1024 - s.size(), 'x');
        return s;
    }();
    return text;
}

const std::vector<Field>& valueFields() {
    static const std::vector<Field> f = {
        {"kind", OFTString}, {"long", OFTString}, {"big", OFTInteger64}, {"d", OFTDate}, {"dt", OFTDateTime}};
    return f;
}

const std::vector<Row>& valueRows() {
    using fixtures::null;
    static const std::vector<Row> rows = {
        {square(120.160, 30.250, 120.165, 30.255), {"R2", longText(), "9007199254740993", "1969-12-31", "1969-12-31T23:59:59"}},
        {square(120.165, 30.250, 120.170, 30.255), {"B1", "短", "-9007199254740995", "1899-12-31", "1901-12-13T20:45:51"}},
        {square(120.170, 30.250, 120.175, 30.255), {"G1", "", "9223372036854775807", "2038-01-20", "2038-01-19T03:14:08"}},
        {square(120.175, 30.250, 120.180, 30.255), {"A1", "x", "-9223372036854775807", "9999-12-31", "2100-06-30T12:00:00"}},
        {square(120.160, 30.255, 120.165, 30.260), {null, null, null, null, null}},
        {"", {null, null, null, null, null}},
    };
    return rows;
}

const std::vector<Case>& cases() {
    static const std::vector<Case> all = [] {
        std::vector<Case> c;
        addFormatCases(c);
        addShapefileAndCrsCases(c);
        addGeometryCases(c);
        addValueAndPathCases(c);
        // Beside a good layer: one input for each stage a source can fail at (before GDAL, in GDAL's
        // open, at the layer, at the CRS, while reading features) and the sources that half load.
        const std::set<std::string> beside = {"zero_byte_gpkg",      "missing_path",          "directory",
                                               "random_bytes_kml",    "shapefile_without_shx", "unknown_layer",
                                               "garbage_prj_projected", "corrupt_fgb_features", "truncated_shp",
                                               "shapefile_without_dbf"};
        for (Case& k : c) k.beside = beside.count(k.name) > 0;
        return c;
    }();
    return all;
}

path freshDir(const std::string& variant, const std::string& name) {
    const path dir = workDir() / "corpus" / variant / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

path goodParcels() {
    static const path file = [] {
        const path f = workDir() / "corpus" / "good" / "parcels.gpkg";
        writeAs(format("gpkg"), f, "parcels", parcelRows());
        return f;
    }();
    return file;
}

std::string tomlString(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += std::string("\\") + c;
        else if (static_cast<unsigned char>(c) < 0x20) {
            char buffer[8];
            std::snprintf(buffer, sizeof buffer, "\\u%04X", static_cast<unsigned char>(c));
            out += buffer;
        } else out += c;
    }
    return out + "\"";
}

path writeProject(const path& file, const std::vector<std::vector<std::string>>& layers) {
    std::string text = "title = \"corpus\"\n";
    for (const auto& layer : layers) {
        text += "\n[[layer]]\n";
        for (const auto& line : layer) text += line + "\n";
    }
    writeFile(file, text);
    return file;
}

RunResult runRender(const std::vector<std::string>& args) {
    std::vector<std::string> full = {"render"};
    full.insert(full.end(), args.begin(), args.end());
    RunResult r = runPlanview(full);
    for (int attempt = 0; attempt < 2 && r.exited && r.code == 3 &&
                          (r.err.find("no X display") != std::string::npos || r.err.find("pbuffer") != std::string::npos);
         ++attempt) {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        r = runPlanview(full);
    }
    return r;
}

Sweep runVerbs(const Input& in, const path& out, bool render) {
    static int counter = 0;
    ++counter;
    fs::create_directories(out);
    Sweep s;
    s.png = out / ("render-" + std::to_string(counter) + ".png");
    s.gpkg = out / ("export-" + std::to_string(counter) + ".gpkg");
    auto args = [&](std::vector<std::string> a) {
        if (!in.layer.empty()) a.insert(a.end(), {"--layer", in.layer});
        return a;
    };
    s.info = runPlanview(args({"info", in.location, "--json"}));
    s.rendered = render;
    if (render) s.render = runRender(args({in.location, "-o", s.png.string(), "--size", "160x120", "--stats"}));
    s.stats = runPlanview(args({"stats", in.location, "--by", in.by, "--format", "json"}));
    s.exportRun = runPlanview(args({"export", in.location, "-o", s.gpkg.string()}));
    return s;
}

FeatureWarnings featureWarnings(const std::string& err, const std::string& layer) {
    static const std::regex perFeature(": feature (-?[0-9]+): ");
    static const std::regex summary(": ([0-9]+) features read, ([0-9]+) repaired, ([0-9]+) skipped$");
    static const std::regex more(": ([0-9]+) more features repaired or skipped$");
    FeatureWarnings w;
    for (const std::string& line : lines(err)) {
        if (line.rfind("planview: warning: ", 0) != 0) continue;
        if (!layer.empty() && line.find("layer '" + layer + "'") == std::string::npos) continue;
        std::smatch m;
        if (std::regex_search(line, m, summary)) {
            w.summary = true;
            w.read = std::stol(m[1]);
            w.repaired += std::stol(m[2]);
            w.skipped += std::stol(m[3]);
        } else if (std::regex_search(line, m, more)) {
            w.more += std::stol(m[1]);
        } else if (std::regex_search(line, m, perFeature)) {
            w.perFeature.push_back(line);
            w.fids.push_back(std::stol(m[1]));
        }
    }
    return w;
}

long infoFeatureCount(const std::string& out, const std::string& layer) {
    auto layers = infoLayers(out);
    if (layer.empty() && layers.size() == 1) return layers[0].value("feature_count", -1L);
    for (const auto& l : layers)
        if (l.value("name", std::string()) == layer) return l.value("feature_count", -1L);
    return -1;
}

long renderFeatureCount(const std::string& out, const std::string& layer, bool* unavailable) {
    static const std::regex line("^layer (.*): ([0-9]+) features, ([0-9]+) draw calls( \\(unavailable\\))?$");
    long found = -1;
    int matches = 0;
    for (const std::string& l : lines(out)) {
        std::smatch m;
        if (!std::regex_match(l, m, line)) continue;
        ++matches;
        if (layer.empty() || m[1] == layer) {
            found = std::stol(m[2]);
            if (unavailable) *unavailable = m[4].matched;
        }
    }
    return layer.empty() && matches != 1 ? -1 : found;
}

long statsFeatureCount(const std::string& out) {
    try {
        nlohmann::json j = nlohmann::json::parse(out);
        long n = 0;
        for (const auto& row : j.at("rows")) n += row.at("count").get<long>();
        return n;
    } catch (const std::exception&) {
        return -1;
    }
}

long exportFeatureCount(const std::string& out) {
    static const std::regex written(": ([0-9]+) features written");
    std::smatch m;
    return std::regex_search(out, m, written) ? std::stol(m[1]) : -1;
}

long gdalFeatureCount(const path& gpkg) {
    initGdalOnce();
    GDALDatasetH ds = GDALOpenEx(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
    if (!ds) return -1;
    long n = -1;
    for (int i = 0; i < GDALDatasetGetLayerCount(ds); ++i) {
        OGRLayerH l = GDALDatasetGetLayer(ds, i);
        if (std::string(OGR_L_GetName(l)) == "layer_styles") continue;
        n = static_cast<long>(OGR_L_GetFeatureCount(l, TRUE));
        break;
    }
    GDALClose(ds);
    return n;
}

::testing::AssertionResult rejectedCleanly(const RunResult& r, const std::vector<std::string>& names,
                                           const std::vector<std::string>& cause) {
    if (auto ok = cli::endedNormally(r); !ok) return ok;
    if (r.code != 2) return ::testing::AssertionFailure() << "expected exit code 2 (bad input)\n" << r.describe();
    if (!r.out.empty()) return ::testing::AssertionFailure() << "expected nothing on stdout\n" << r.describe();
    if (r.err.empty() || r.err.back() != '\n' || lines(r.err).size() != 1)
        return ::testing::AssertionFailure() << "expected exactly one line on stderr, got " << lines(r.err).size() << "\n"
                                             << r.describe();
    if (std::none_of(names.begin(), names.end(), [&](const std::string& n) { return r.err.find(n) != std::string::npos; })) {
        std::string list;
        for (const auto& n : names) list += (list.empty() ? "" : " or ") + n;
        return ::testing::AssertionFailure() << "the error line does not name the input (" << list << ")\n" << r.describe();
    }
    for (const auto& word : cause)
        if (r.err.find(word) == std::string::npos)
            return ::testing::AssertionFailure() << "the error line does not give the cause ('" << word << "')\n"
                                                 << r.describe();
    return ::testing::AssertionSuccess();
}

void checkSweep(const Case& c, const Input& in, const Sweep& s, const std::string& layer) {
    const std::vector<std::string> names = in.names.empty() ? std::vector<std::string>{in.location} : in.names;
    struct Verb {
        const char* name;
        const RunResult* run;
    };
    const Verb verbs[] = {{"info", &s.info}, {"render", &s.render}, {"stats", &s.stats}, {"export", &s.exportRun}};
    {
        // What each verb did, for the reader of the log: exit code or how it ended.
        std::string outcome;
        for (const Verb& v : verbs)
            if (v.run != &s.render || s.rendered)
                outcome += std::string(" ") + v.name + "=" +
                           (v.run->timedOut ? "HUNG" : v.run->signal ? "SIGNAL" + std::to_string(v.run->signal)
                                                                     : std::to_string(v.run->code));
        std::cout << "[ outcome  ] " << c.name << ":" << outcome << std::endl;
    }
    std::map<std::string, bool> loaded;
    for (const Verb& v : verbs) {
        if (v.run == &s.render && !s.rendered) continue;
        SCOPED_TRACE(std::string("planview ") + v.name);
        const RunResult& r = *v.run;
        const Expect expect = c.verbs.count(v.name) ? c.verbs.at(v.name) : c.expect;
        loaded[v.name] = false;
        if (!cli::endedNormally(r)) {
            ADD_FAILURE() << cli::endedNormally(r).message();
            continue;
        }
        if (expect == Expect::Reject) {
            EXPECT_TRUE(rejectedCleanly(r, names, c.cause));
            continue;
        }
        if (r.code == 2 && expect == Expect::Either) {
            EXPECT_TRUE(rejectedCleanly(r, names, {}));
            continue;
        }
        if (r.code != 0) {
            ADD_FAILURE() << "expected exit code 0" << (expect == Expect::Either ? " or 2" : "") << "\n" << r.describe();
            continue;
        }
        loaded[v.name] = true;
        // Success: stderr holds warnings only, one per skipped or repaired feature, and their summary.
        for (const std::string& line : lines(r.err))
            EXPECT_EQ(line.rfind("planview: warning: ", 0), 0u) << "not a planview warning: " << line << "\n" << r.describe();
        const FeatureWarnings w = featureWarnings(r.err);
        if (w.summary)
            EXPECT_EQ(static_cast<long>(w.perFeature.size()) + w.more, w.repaired + w.skipped)
                << "one warning per repaired or skipped feature\n" << r.describe();
        else
            EXPECT_TRUE(w.perFeature.empty()) << "feature warnings without their summary line\n" << r.describe();
        if (c.mustWarn.count(v.name)) {
            const std::string& text = c.mustWarn.at(v.name);
            bool warned = false;
            for (const std::string& line : lines(r.err))
                warned = warned || (line.rfind("planview: warning: ", 0) == 0 && line.find(text) != std::string::npos);
            EXPECT_TRUE(warned) << "succeeded without a warning mentioning '" << text << "' (nothing lost or assumed "
                                << "may go unsaid)\n" << r.describe();
        }
    }

    // The numbers reconcile: what info counts is drawn, counted or exported, or said to be skipped.
    long total = c.total;
    if (loaded["info"]) {
        total = infoFeatureCount(s.info.out, "");
        if (total < 0) total = infoFeatureCount(s.info.out, layer);
    }
    if (loaded["info"]) {
        EXPECT_GE(total, 0) << "no feature count in info's output\n" << s.info.describe();
        if (c.total >= 0) EXPECT_EQ(total, c.total) << s.info.describe();
    }
    auto checkCounts = [&](const char* verb, const RunResult& r, long counted) {
        SCOPED_TRACE(std::string("planview ") + verb);
        const FeatureWarnings w = featureWarnings(r.err);
        EXPECT_GE(counted, 0) << "no feature count in the output\n" << r.describe();
        if (w.summary && total >= 0) EXPECT_EQ(w.read, total) << "features read vs info's count\n" << r.describe();
        if (total >= 0)
            EXPECT_EQ(counted + w.skipped, total) << "features used + skipped must equal info's count (a silent drop?)\n"
                                                  << r.describe();
        if (c.skipped >= 0) EXPECT_EQ(w.skipped, c.skipped) << "skipped features\n" << r.describe();
        if (c.repaired >= 0) EXPECT_EQ(w.repaired, c.repaired) << "repaired features\n" << r.describe();
        if (c.touched >= 0) EXPECT_EQ(w.repaired + w.skipped, c.touched) << "repaired + skipped features\n" << r.describe();
        for (long fid : c.warnedFids)
            EXPECT_NE(std::find(w.fids.begin(), w.fids.end(), fid), w.fids.end())
                << "no warning names feature " << fid << "\n" << r.describe();
    };
    if (loaded["render"]) {
        checkCounts("render", s.render, renderFeatureCount(s.render.out, layer));
        EXPECT_TRUE(fs::exists(s.png) && fs::file_size(s.png) > 0) << "no image written\n" << s.render.describe();
    }
    if (loaded["stats"]) checkCounts("stats", s.stats, statsFeatureCount(s.stats.out));
    if (loaded["export"]) {
        SCOPED_TRACE("planview export");
        const long written = exportFeatureCount(s.exportRun.out);
        const FeatureWarnings w = featureWarnings(s.exportRun.err);
        EXPECT_GE(written, 0) << s.exportRun.describe();
        if (total >= 0) EXPECT_EQ(written + w.skipped, total) << "features written + skipped vs info's count\n" << s.exportRun.describe();
        EXPECT_EQ(gdalFeatureCount(s.gpkg), written) << "features GDAL reads back from " << s.gpkg;
    }
    if (c.extra) c.extra(in, s);
}

}  // namespace corpus
