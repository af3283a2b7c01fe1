// `planview export` to every vector format, read back with GDAL: feature counts, every value (with its
// type where the format has one), Chinese text, geometry within 1 mm in EPSG:4549; then what each
// format adds: DXF's CAD layers, Shapefile's .cpg and shortened names, the GeoPackage's layer_styles
// (QML and SLD), KML's styles and labels, GeoJSON's RFC 7946 rules.
#include <cmath>
#include <cstdlib>
#include <iomanip>
#include <set>
#include <cpl_minixml.h>
#include <gtest/gtest.h>
#include "geo/Export.h"
#include "tests/export/ExportSupport.h"

using namespace xt;

namespace {

// ---- Helpers ------------------------------------------------------------------------------------

RunResult exportTo(const fs::path& out, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"export", projectToml().string(), "-o", out.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return cli::runPlanview(args);
}

const FixtureFeature* fixtureByKey(const std::string& key) {
    for (const auto& f : kFeatures)
        if (f.values.at(kKeyField) == key) return &f;
    return nullptr;
}

std::optional<std::string> fixtureValue(const FixtureFeature& f, const std::string& field) {
    auto it = f.values.find(field);
    if (it == f.values.end()) return std::nullopt;
    return it->second;
}

OGRSpatialReference epsgSrs(int code) {
    OGRSpatialReference srs;
    srs.importFromEPSG(code);
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

bool sameCrs(const OGRSpatialReference* srs, int code) {
    if (!srs) return false;
    OGRSpatialReference expected = epsgSrs(code);
    const char* options[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES", "CRITERION=EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS",
                             nullptr};
    return srs->IsSame(&expected, options);
}

/// The colour PlanView draws a land-use value in (LayerStyle::colorFor): an exact match, else for
/// codes starting with a letter the longest matching prefix ("R21" -> "R2"), else the default.
std::string viewerColor(const std::optional<std::string>& value) {
    if (!value) return kProjectDefaultColor;
    for (std::size_t n = value->size(); n > 0; --n) {
        auto it = kProjectColors.find(value->substr(0, n));
        if (it != kProjectColors.end() && (n == value->size() || std::isalpha(static_cast<unsigned char>((*value)[0]))))
            return it->second;
    }
    return kProjectDefaultColor;
}

/// "#RRGGBB" -> {r, g, b}.
std::vector<int> rgb(const std::string& hex) {
    return {std::stoi(hex.substr(1, 2), nullptr, 16), std::stoi(hex.substr(3, 2), nullptr, 16),
            std::stoi(hex.substr(5, 2), nullptr, 16)};
}

// Small navigation over GDAL's XML tree (names keep their namespace prefixes, e.g. "se:Rule").
std::vector<const CPLXMLNode*> children(const CPLXMLNode* node, const std::string& name) {
    std::vector<const CPLXMLNode*> out;
    if (!node) return out;
    for (const CPLXMLNode* c = node->psChild; c; c = c->psNext)
        if (c->eType == CXT_Element && name == c->pszValue) out.push_back(c);
    return out;
}
const CPLXMLNode* child(const CPLXMLNode* node, const std::string& name) {
    auto all = children(node, name);
    return all.empty() ? nullptr : all.front();
}
void descendants(const CPLXMLNode* node, const std::string& name, std::vector<const CPLXMLNode*>& out) {
    for (const CPLXMLNode* c = node ? node->psChild : nullptr; c; c = c->psNext) {
        if (c->eType != CXT_Element) continue;
        if (name == c->pszValue) out.push_back(c);
        descendants(c, name, out);
    }
}
std::string attr(const CPLXMLNode* node, const char* name) { return node ? CPLGetXMLValue(node, name, "") : ""; }
std::string text(const CPLXMLNode* node) { return node ? CPLGetXMLValue(node, nullptr, "") : ""; }

struct XmlTree {
    CPLXMLNode* root = nullptr;
    explicit XmlTree(const std::string& s) : root(CPLParseXMLString(s.c_str())) {}
    ~XmlTree() { if (root) CPLDestroyXMLNode(root); }
    XmlTree(const XmlTree&) = delete;
    XmlTree& operator=(const XmlTree&) = delete;
    /// The first top-level element named `name` (the root may be preceded by <?xml?> or <!DOCTYPE>).
    const CPLXMLNode* element(const std::string& name) const {
        for (const CPLXMLNode* n = root; n; n = n->psNext)
            if (n->eType == CXT_Element && name == n->pszValue) return n;
        return nullptr;
    }
};

/// xmllint's verdict when it is installed (it is not part of scripts/setup: then only GDAL's parser).
::testing::AssertionResult xmllintAccepts(const std::string& xml, const std::string& name) {
    if (std::system("command -v xmllint >/dev/null 2>&1") != 0) return ::testing::AssertionSuccess();
    const fs::path file = cli::workDir() / (name + ".xml");
    cli::writeFile(file, xml);
    const std::string command = "xmllint --noout '" + file.string() + "' 2>'" + file.string() + ".err'";
    if (std::system(command.c_str()) != 0)
        return ::testing::AssertionFailure() << "xmllint rejects it: " << cli::readFile(file.string() + ".err");
    return ::testing::AssertionSuccess();
}

// ---- Every format, read back --------------------------------------------------------------------

struct FormatCase {
    const char* name;
    const char* ext;
    const char* driver;        ///< the GDAL driver that reads the export back
    int epsg;                  ///< the CRS the export must declare; 0 = may declare none (then assumedEpsg)
    int assumedEpsg;
    bool typed;                ///< keeps Integer64, Real, Date and Integer types
    bool dateAsDateTime;       ///< the format only has date-times (FlatGeobuf)
    bool nullTextAsEmpty;      ///< NULL text reads back as "" (CSV cannot tell them apart)
    bool fieldsByPosition;     ///< names may be shortened (Shapefile): match fields by position
    std::map<std::string, std::string> rename;   ///< field in the file -> fixture field
};

std::ostream& operator<<(std::ostream& o, const FormatCase& c) { return o << c.name; }

const FormatCase kFormats[] = {
    {"GPKG", "gpkg", "GPKG", 4490, 4490, true, false, false, false, {}},
    {"Shapefile", "shp", "ESRI Shapefile", 4490, 4490, true, false, false, true, {}},
    {"GeoJSON", "geojson", "GeoJSON", 4326, 4326, true, false, false, false, {}},
    {"KML", "kml", "LIBKML", 4326, 4326, false, false, false, false, {{"Name", "name_zh"}}},
    {"FlatGeobuf", "fgb", "FlatGeobuf", 4490, 4490, true, true, false, false, {}},
    {"CSV", "csv", "CSV", 4490, 4490, true, false, true, false, {}},
};

class EveryFormat : public ::testing::TestWithParam<FormatCase> {};

TEST_P(EveryFormat, ReadBackWithGdalKeepsCountsValuesChineseTextAndGeometry) {
    const FormatCase& c = GetParam();
    const fs::path out = outDir(c.name) / (std::string("parcels.") + c.ext);
    RunResult r = exportTo(out);
    ASSERT_TRUE(cli::succeeded(r));
    EXPECT_EQ(reportedCount(r.out), static_cast<long long>(kFeatures.size())) << r.describe();

    GDALDatasetUniquePtr ds = openVector(out);
    ASSERT_TRUE(ds) << "GDAL cannot open " << out;
    EXPECT_STREQ(ds->GetDriver()->GetDescription(), c.driver);
    // One layer with geometry (a GeoPackage also holds its layer_styles table).
    OGRLayer* layer = nullptr;
    int withGeometry = 0;
    for (int i = 0; i < ds->GetLayerCount(); ++i)
        if (ds->GetLayer(i)->GetGeomType() != wkbNone) { layer = ds->GetLayer(i); ++withGeometry; }
    ASSERT_EQ(withGeometry, 1);
    EXPECT_EQ(layer->GetFeatureCount(TRUE), static_cast<GIntBig>(kFeatures.size()));

    // The CRS.
    const OGRSpatialReference* srs = layer->GetSpatialRef();
    if (c.epsg) { EXPECT_TRUE(sameCrs(srs, c.epsg)) << "the export does not declare EPSG:" << c.epsg; }
    else if (srs) { EXPECT_TRUE(sameCrs(srs, c.assumedEpsg)) << "the export declares a CRS other than EPSG:" << c.assumedEpsg; }
    OGRSpatialReference assumed = epsgSrs(c.assumedEpsg);

    // Field names: by position where the format shortens them.
    std::map<std::string, std::string> rename = c.rename;
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    if (c.fieldsByPosition) {
        ASSERT_EQ(defn->GetFieldCount(), static_cast<int>(kFields.size()));
        for (int i = 0; i < defn->GetFieldCount(); ++i) rename[defn->GetFieldDefn(i)->GetNameRef()] = kFields[i].name;
    }
    std::vector<ReadFeature> features = readFeatures(*layer, rename);
    ASSERT_EQ(features.size(), kFeatures.size());

    std::set<std::string> seen;
    for (const ReadFeature& f : features) {
        ASSERT_TRUE(f.text.count(kKeyField)) << "a feature without " << kKeyField;
        const std::string key = f.text.at(kKeyField);
        SCOPED_TRACE(c.name + std::string(" feature ") + key);
        const FixtureFeature* expected = fixtureByKey(key);
        ASSERT_TRUE(expected) << "unknown feature " << key;
        EXPECT_TRUE(seen.insert(key).second) << key << " written twice";

        for (const FieldSpec& field : kFields) {
            const std::string name = field.name;
            SCOPED_TRACE("field " + name);
            if (!f.isNull.count(name)) {
                ADD_FAILURE() << "the field is missing from the export";
                continue;
            }
            const std::optional<std::string> want = fixtureValue(*expected, name);
            const OGRFieldType type = f.types.at(name);
            if (!want) {
                if (c.nullTextAsEmpty && type == OFTString && f.text.count(name) && f.text.at(name).empty()) continue;
                EXPECT_TRUE(f.isNull.at(name)) << "NULL written as '" << (f.text.count(name) ? f.text.at(name) : "") << "'";
                continue;
            }
            if (f.isNull.at(name)) {
                ADD_FAILURE() << "'" << *want << "' written as NULL";
                continue;
            }
            const std::string got = f.text.at(name);
            switch (field.type) {
            case OFTString:
                EXPECT_EQ(got, *want);
                break;
            case OFTInteger64:
                if (c.typed) { EXPECT_EQ(type, OFTInteger64) << "type " << OGRFieldDefn::GetFieldTypeName(type); }
                EXPECT_EQ(got, *want) << "Integer64 beyond 2^53 must keep every digit";
                break;
            case OFTInteger:
                if (c.typed) { EXPECT_TRUE(type == OFTInteger || type == OFTInteger64) << "type " << OGRFieldDefn::GetFieldTypeName(type); }
                EXPECT_EQ(got, *want);
                break;
            case OFTReal: {
                if (c.typed) { EXPECT_EQ(type, OFTReal) << "type " << OGRFieldDefn::GetFieldTypeName(type); }
                const double value = f.real.count(name) ? f.real.at(name) : std::strtod(got.c_str(), nullptr);
                EXPECT_EQ(value, std::strtod(want->c_str(), nullptr))
                    << std::setprecision(17) << "read back as " << value << " (written as " << got
                    << "); expected exactly " << *want << " (every digit of the double kept)";
                break;
            }
            case OFTDate: {
                if (c.typed) {
                    if (c.dateAsDateTime) { EXPECT_TRUE(type == OFTDate || type == OFTDateTime); }
                    else EXPECT_EQ(type, OFTDate) << "type " << OGRFieldDefn::GetFieldTypeName(type);
                }
                std::vector<int> wantDate = {std::stoi(want->substr(0, 4)), std::stoi(want->substr(5, 2)),
                                             std::stoi(want->substr(8, 2)), 0, 0, 0};
                if (f.date.count(name)) {
                    EXPECT_EQ(f.date.at(name), wantDate) << "written as " << got;
                } else {
                    std::string normalized = got.substr(0, 10);
                    for (char& ch : normalized) if (ch == '/') ch = '-';
                    EXPECT_EQ(normalized, *want) << "written as " << got;
                }
                break;
            }
            default:
                FAIL() << "fixture type not handled";
            }
        }

        // Geometry, in EPSG:4549 metres.
        ASSERT_TRUE(f.geometry) << "no geometry";
        std::unique_ptr<OGRGeometry> got = to4549(*f.geometry, f.geometry->getSpatialReference() ? nullptr : &assumed);
        OGRGeometry* want = nullptr;
        ASSERT_EQ(OGRGeometryFactory::createFromWkt(expected->wkt4549.c_str(), nullptr, &want), OGRERR_NONE);
        std::unique_ptr<OGRGeometry> wantOwner(want);
        EXPECT_EQ(OGR_GT_Flatten(got->getGeometryType()), OGR_GT_Flatten(want->getGeometryType()))
            << "geometry type " << got->getGeometryName() << " instead of " << want->getGeometryName();
        EXPECT_EQ(compareGeometry(*want, *got, 0.001), "") << "geometry of " << key;
    }
    EXPECT_EQ(seen.size(), kFeatures.size());
}

INSTANTIATE_TEST_SUITE_P(Export, EveryFormat, ::testing::ValuesIn(kFormats),
                         [](const ::testing::TestParamInfo<FormatCase>& info) { return std::string(info.param.name); });

// The format is taken from --format when given, whatever the extension.
TEST(FormatOption, OverridesTheExtension) {
    const fs::path out = outDir("format-option") / "parcels.json";
    RunResult r = exportTo(out, {"--format", "FlatGeobuf"});
    ASSERT_TRUE(cli::succeeded(r));
    GDALDatasetUniquePtr ds = openVector(out);
    ASSERT_TRUE(ds);
    EXPECT_STREQ(ds->GetDriver()->GetDescription(), "FlatGeobuf");
    EXPECT_EQ(ds->GetLayer(0)->GetFeatureCount(TRUE), static_cast<GIntBig>(kFeatures.size()));
}

// ---- DXF: a CAD layer per land-use category, in the scene's metric CRS ---------------------------

/// The names in a DXF's LAYER table (pairs of group-code and value lines).
std::set<std::string> dxfLayerTable(const std::string& dxf) {
    std::vector<std::string> lines = cli::lines(dxf);
    for (auto& l : lines) {
        while (!l.empty() && (l.back() == '\r' || l.back() == ' ')) l.pop_back();
        std::size_t start = l.find_first_not_of(' ');
        l = start == std::string::npos ? "" : l.substr(start);
    }
    std::set<std::string> names;
    bool inLayerRecord = false;
    for (std::size_t i = 0; i + 1 < lines.size(); i += 2) {
        const std::string& code = lines[i];
        const std::string& value = lines[i + 1];
        if (code == "0") inLayerRecord = value == "LAYER";
        else if (inLayerRecord && code == "2") names.insert(value);
    }
    return names;
}

TEST(Dxf, OneCadLayerPerLandUseCategoryWithGeometryInTheSceneCrs) {
    const fs::path out = outDir("dxf") / "parcels.dxf";
    RunResult r = exportTo(out);
    ASSERT_TRUE(cli::succeeded(r));
    GDALDatasetUniquePtr ds = openVector(out);
    ASSERT_TRUE(ds);
    OGRLayer* layer = ds->GetLayer(0);
    ASSERT_TRUE(layer);

    // Every polygon of every parcel, with the CAD layer it must be on.
    struct Part { std::string cadLayer; std::unique_ptr<OGRGeometry> geometry; std::string key; };
    std::vector<Part> expected;
    std::set<std::string> categories;
    for (const auto& f : kFeatures) {
        const std::string category = fixtureValue(f, kLandUseField).value_or("(none)");
        categories.insert(category);
        OGRGeometry* g = nullptr;
        OGRGeometryFactory::createFromWkt(f.wkt4549.c_str(), nullptr, &g);
        std::unique_ptr<OGRGeometry> owner(g);
        if (wkbFlatten(g->getGeometryType()) == wkbMultiPolygon)
            for (const OGRGeometry* part : g->toMultiPolygon()) expected.push_back({category, std::unique_ptr<OGRGeometry>(part->clone()), f.values.at(kKeyField)});
        else
            expected.push_back({category, std::move(owner), f.values.at(kKeyField)});
    }

    std::vector<ReadFeature> entities = readFeatures(*layer);
    std::set<std::string> entityLayers;
    std::vector<bool> used(entities.size(), false);
    for (const Part& part : expected) {
        SCOPED_TRACE("parcel " + part.key + " on CAD layer " + part.cadLayer);
        bool found = false;
        std::string closest;
        for (std::size_t i = 0; i < entities.size() && !found; ++i) {
            if (used[i] || !entities[i].geometry) continue;
            // DXF has no CRS: the coordinates are the scene's, EPSG:4549 metres near Hangzhou.
            std::string diff = compareGeometry(*part.geometry, *entities[i].geometry, 0.001);
            if (!diff.empty()) { if (closest.empty()) closest = diff; continue; }
            found = true;
            used[i] = true;
            EXPECT_EQ(entities[i].text.count("Layer") ? entities[i].text.at("Layer") : "", part.cadLayer);
        }
        EXPECT_TRUE(found) << "no DXF entity with this polygon in EPSG:4549 within 1 mm (" << closest << ")";
    }
    for (const auto& e : entities) entityLayers.insert(e.text.count("Layer") ? e.text.at("Layer") : "");
    EXPECT_EQ(entityLayers, categories) << "entities must be on one CAD layer per land-use category";
    EXPECT_EQ(std::count(used.begin(), used.end(), false), 0) << "extra entities in the DXF";

    // Each category is a layer declared in the DXF's LAYER table (what CAD programs list).
    std::set<std::string> table = dxfLayerTable(cli::readFile(out));
    for (const auto& category : categories) EXPECT_TRUE(table.count(category)) << "no LAYER table entry " << category;
}

// ---- Shapefile: UTF-8 .cpg, shortened unique names, renames reported ------------------------------

/// The field names in a DBF header, as raw bytes.
std::vector<std::string> dbfFieldNames(const fs::path& dbf) {
    const std::string bytes = cli::readFile(dbf);
    std::vector<std::string> names;
    for (std::size_t at = 32; at + 32 <= bytes.size() && bytes[at] != '\x0D'; at += 32) {
        std::string name = bytes.substr(at, 11);
        name = name.substr(0, name.find('\0'));
        names.push_back(name);
    }
    return names;
}

TEST(Shapefile, Utf8CpgAndShortenedUniqueFieldNamesReportedOnStdout) {
    const fs::path out = outDir("shp-names") / "parcels.shp";
    RunResult r = exportTo(out);
    ASSERT_TRUE(cli::succeeded(r));

    // The code page file says UTF-8, and the DBF's text is UTF-8.
    const fs::path cpg = fs::path(out).replace_extension(".cpg");
    ASSERT_TRUE(fs::exists(cpg)) << "no .cpg beside the shapefile";
    std::string cp = cli::readFile(cpg);
    while (!cp.empty() && std::isspace(static_cast<unsigned char>(cp.back()))) cp.pop_back();
    EXPECT_EQ(cp, "UTF-8");
    const std::string dbf = cli::readFile(fs::path(out).replace_extension(".dbf"));
    EXPECT_TRUE(cli::containsBytes(dbf, "劝业里")) << "the DBF does not hold 劝业里 in UTF-8";

    // Names: at most 10 bytes, valid UTF-8 (no character cut in half), unique (DBF names are
    // case-insensitive), and the short ones unchanged.
    std::vector<std::string> names = dbfFieldNames(fs::path(out).replace_extension(".dbf"));
    ASSERT_EQ(names.size(), kFields.size());
    std::set<std::string> lowered;
    for (std::size_t i = 0; i < names.size(); ++i) {
        SCOPED_TRACE(std::string("field ") + kFields[i].name);
        EXPECT_LE(names[i].size(), 10u);
        EXPECT_FALSE(names[i].empty());
        EXPECT_TRUE(cli::validUtf8(names[i])) << "the shortened name is not valid UTF-8 (a character cut in half)";
        std::string lower = names[i];
        for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        EXPECT_TRUE(lowered.insert(lower).second) << "collides with another field: " << names[i];
        if (std::string(kFields[i].name).size() <= 10) { EXPECT_EQ(names[i], kFields[i].name); }
    }

    // Every rename, and only renames, reported on stdout as "field FROM -> TO".
    std::size_t reported = 0;
    for (const auto& line : cli::lines(r.out))
        if (line.find(" -> ") != std::string::npos) ++reported;
    std::size_t renamed = 0;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i] == kFields[i].name) continue;
        ++renamed;
        const std::string line = std::string("field ") + kFields[i].name + " -> " + names[i];
        EXPECT_TRUE(r.out.find(line) != std::string::npos) << "stdout does not report '" << line << "'\n" << r.describe();
    }
    EXPECT_GE(renamed, 3u) << "用地性质, floor_area_ratio and floor_area_total are longer than 10 bytes";
    EXPECT_EQ(reported, renamed) << r.describe();
    EXPECT_TRUE(cli::validUtf8(r.out)) << "stdout is not valid UTF-8";
}

// ---- GeoPackage: QGIS's layer_styles ------------------------------------------------------------

struct StyleRow {
    std::string table, geometryColumn, schema, name, qml, sld;
    int useAsDefault = -1;
    std::string layerGeometryColumn;
};

std::vector<StyleRow> layerStyles(const fs::path& gpkg) {
    std::vector<StyleRow> rows;
    GDALDatasetUniquePtr ds = openVector(gpkg);
    if (!ds) return rows;
    OGRLayer* parcels = ds->GetLayerByName(kLayerName);
    OGRLayer* styles = ds->GetLayerByName("layer_styles");
    if (!styles) return rows;
    for (OGRFeatureUniquePtr f(styles->GetNextFeature()); f; f.reset(styles->GetNextFeature())) {
        StyleRow s;
        s.table = f->GetFieldAsString("f_table_name");
        s.geometryColumn = f->GetFieldAsString("f_geometry_column");
        s.schema = f->GetFieldAsString("f_table_schema");
        s.name = f->GetFieldAsString("styleName");
        s.qml = f->GetFieldAsString("styleQML");
        s.sld = f->GetFieldAsString("styleSLD");
        s.useAsDefault = f->GetFieldAsInteger("useAsDefault");
        s.layerGeometryColumn = parcels ? parcels->GetGeometryColumn() : "";
        rows.push_back(s);
    }
    return rows;
}

/// QGIS's categorized renderer in a QML: category value -> "r,g,b,a" of its symbol's fill.
std::map<std::string, std::string> qmlCategoryColors(const CPLXMLNode* renderer) {
    std::map<std::string, std::string> symbolColor;
    for (const CPLXMLNode* symbol : children(child(renderer, "symbols"), "symbol"))
        for (const CPLXMLNode* l : children(symbol, "layer"))
            for (const CPLXMLNode* option : children(child(l, "Option"), "Option"))
                if (attr(option, "name") == "color") symbolColor[attr(symbol, "name")] = attr(option, "value");
    std::map<std::string, std::string> out;
    for (const CPLXMLNode* category : children(child(renderer, "categories"), "category"))
        out[attr(category, "value")] = symbolColor.count(attr(category, "symbol")) ? symbolColor[attr(category, "symbol")] : "(no symbol)";
    return out;
}

std::string qgisColor(const std::string& hex) {
    auto c = rgb(hex);
    return std::to_string(c[0]) + "," + std::to_string(c[1]) + "," + std::to_string(c[2]) + ",255";
}

TEST(GeoPackage, LayerStylesRowHoldsACategorizedQmlAndAnSld) {
    const fs::path out = outDir("gpkg-style") / "parcels.gpkg";
    ASSERT_TRUE(cli::succeeded(exportTo(out)));
    std::vector<StyleRow> rows = layerStyles(out);
    ASSERT_EQ(rows.size(), 1u) << "expected one layer_styles row";
    const StyleRow& row = rows.front();
    EXPECT_EQ(row.table, kLayerName);
    EXPECT_EQ(row.geometryColumn, row.layerGeometryColumn) << "f_geometry_column must name the layer's geometry column";
    EXPECT_EQ(row.schema, "");
    EXPECT_EQ(row.useAsDefault, 1);
    EXPECT_FALSE(row.name.empty());

    // The QML: well-formed, QGIS's <qgis> document with a categorized renderer on 用地性质.
    ASSERT_FALSE(row.qml.empty());
    EXPECT_TRUE(wellFormedXml(row.qml));
    EXPECT_TRUE(xmllintAccepts(row.qml, "style-qml"));
    XmlTree qml(row.qml);
    const CPLXMLNode* qgis = qml.element("qgis");
    ASSERT_TRUE(qgis) << "no <qgis> root:\n" << row.qml;
    const CPLXMLNode* renderer = child(qgis, "renderer-v2");
    ASSERT_TRUE(renderer) << row.qml;
    EXPECT_EQ(attr(renderer, "type"), "categorizedSymbol");
    EXPECT_EQ(attr(renderer, "attr"), kLandUseField);

    // Each category's value and colour, the "all other values" category in the default colour, and the
    // layer's opacity on the symbols.
    std::map<std::string, std::string> colors = qmlCategoryColors(renderer);
    for (const auto& [value, hex] : kProjectColors)
        EXPECT_EQ(colors.count(value) ? colors[value] : "(no category)", qgisColor(hex)) << "category " << value;
    EXPECT_EQ(colors.count("") ? colors[""] : "(no category)", qgisColor(kProjectDefaultColor)) << "the other values";
    for (const CPLXMLNode* symbol : children(child(renderer, "symbols"), "symbol")) {
        EXPECT_EQ(attr(symbol, "type"), "fill");
        EXPECT_NEAR(std::strtod(attr(symbol, "alpha").c_str(), nullptr), kProjectOpacity, 1e-6);
    }
    EXPECT_EQ(text(child(qgis, "layerGeometryType")), "2") << "polygons";
    std::vector<const CPLXMLNode*> textStyles;
    descendants(child(qgis, "labeling"), "text-style", textStyles);
    ASSERT_EQ(textStyles.size(), 1u) << "labels on the label field";
    EXPECT_EQ(attr(textStyles[0], "fieldName"), kLabelField);

    // The SLD: well-formed, a rule per category with its colour.
    ASSERT_FALSE(row.sld.empty());
    EXPECT_TRUE(wellFormedXml(row.sld));
    EXPECT_TRUE(xmllintAccepts(row.sld, "style-sld"));
    XmlTree sld(row.sld);
    const CPLXMLNode* root = sld.element("StyledLayerDescriptor");
    ASSERT_TRUE(root) << row.sld;
    std::vector<const CPLXMLNode*> rules;
    descendants(root, "se:Rule", rules);
    std::map<std::string, std::string> sldColors;
    for (const CPLXMLNode* rule : rules) {
        std::vector<const CPLXMLNode*> literals, names, params;
        descendants(rule, "ogc:Literal", literals);
        descendants(rule, "ogc:PropertyName", names);
        descendants(rule, "se:SvgParameter", params);
        std::string fill;
        for (const CPLXMLNode* p : params)
            if (attr(p, "name") == "fill") fill = text(p);
        if (literals.size() == 1 && names.size() == 1 && text(names[0]) == kLandUseField) sldColors[text(literals[0])] = fill;
    }
    for (const auto& [value, hex] : kProjectColors)
        EXPECT_EQ(sldColors.count(value) ? sldColors[value] : "(no rule)", hex) << "SLD rule for " << value;
}

// PlanView colours a sub-class code by its class ("R21" in R2's colour, as LayerStyle::colorFor and
// the KML export do); the GeoPackage must open in QGIS in the same colours, so every value in the data
// must resolve in the QML (exact category, else the "all other values" one) to the viewer's colour.
TEST(GeoPackage, QmlDrawsEveryValueInTheDataInTheViewersColour) {
    const fs::path out = outDir("gpkg-style-values") / "parcels.gpkg";
    ASSERT_TRUE(cli::succeeded(exportTo(out)));
    std::vector<StyleRow> rows = layerStyles(out);
    ASSERT_EQ(rows.size(), 1u);
    XmlTree qml(rows.front().qml);
    std::map<std::string, std::string> colors = qmlCategoryColors(child(qml.element("qgis"), "renderer-v2"));
    for (const auto& f : kFeatures) {
        const std::optional<std::string> value = fixtureValue(f, kLandUseField);
        const std::string inQgis = value && colors.count(*value) ? colors[*value] : colors.count("") ? colors[""] : "(none)";
        EXPECT_EQ(inQgis, qgisColor(viewerColor(value)))
            << "value " << value.value_or("NULL") << " of " << f.values.at(kKeyField)
            << ": QGIS would draw it in " << inQgis << ", PlanView in " << viewerColor(value);
    }
}

// ---- KML: a style per placemark in the layer's colour, the label as its name ----------------------

/// KML colour "aabbggrr" -> "#RRGGBB".
std::string kmlRgb(const std::string& abgr) {
    if (abgr.size() != 8) return "(bad colour '" + abgr + "')";
    std::string out = "#" + abgr.substr(6, 2) + abgr.substr(4, 2) + abgr.substr(2, 2);
    for (char& ch : out) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return out;
}

TEST(Kml, EachPlacemarkHasAStyleInTheLayersColourAndTheLabelAsItsName) {
    const fs::path out = outDir("kml-style") / "parcels.kml";
    ASSERT_TRUE(cli::succeeded(exportTo(out)));
    const std::string kml = cli::readFile(out);
    EXPECT_TRUE(wellFormedXml(kml));
    XmlTree tree(kml);
    const CPLXMLNode* root = tree.element("kml");
    ASSERT_TRUE(root);

    // Shared styles by id, for placemarks that refer to one with <styleUrl>.
    std::vector<const CPLXMLNode*> styles, placemarks;
    descendants(root, "Style", styles);
    descendants(root, "Placemark", placemarks);
    ASSERT_EQ(placemarks.size(), kFeatures.size());

    for (const CPLXMLNode* p : placemarks) {
        std::string key;
        std::vector<const CPLXMLNode*> data;
        descendants(p, "SimpleData", data);
        descendants(p, "Data", data);
        for (const CPLXMLNode* d : data)
            if (attr(d, "name") == kKeyField) key = text(d).empty() ? text(child(d, "value")) : text(d);
        const FixtureFeature* f = fixtureByKey(key);
        ASSERT_TRUE(f) << "placemark without a known " << kKeyField;
        SCOPED_TRACE("placemark " + key);

        EXPECT_EQ(text(child(p, "name")), fixtureValue(*f, kLabelField).value_or("")) << "the label field as its name";

        const CPLXMLNode* style = child(p, "Style");
        if (!style) {
            std::string url = text(child(p, "styleUrl"));
            if (!url.empty() && url[0] == '#') url = url.substr(1);
            for (const CPLXMLNode* s : styles)
                if (attr(s, "id") == url) style = s;
        }
        ASSERT_TRUE(style) << "no Style";
        const std::string want = viewerColor(fixtureValue(*f, kLandUseField));
        const CPLXMLNode* line = child(style, "LineStyle");
        const CPLXMLNode* poly = child(style, "PolyStyle");
        ASSERT_TRUE(line) << "no LineStyle";
        ASSERT_TRUE(poly) << "no PolyStyle";
        EXPECT_EQ(kmlRgb(text(child(line, "color"))), want) << "LineStyle colour";
        EXPECT_EQ(kmlRgb(text(child(poly, "color"))), want) << "PolyStyle colour";
    }
}

// A layer of more than kLibkmlMostFeatures features goes to GDAL's older KML driver (LIBKML is quadratic
// in GDAL 3.6): it must still be one placemark a feature, each filled in its category's colour, as
// LIBKML writes it (the older driver writes a brush as no fill; Export.cpp fills it).
TEST(Kml, ALargeLayerIsWrittenWithEveryPolygonFilledInItsColour) {
    const int count = static_cast<int>(geo::kLibkmlMostFeatures) + 500;
    const fs::path project = cli::workDir() / "big" / "kml-big.toml";
    std::string colors;
    for (const auto& [value, color] : kProjectColors) colors += (colors.empty() ? "" : ", ") + value + " = \"" + color + "\"";
    cli::writeFile(project, "[[layer]]\nname = \"大图层\"\nsource = \"" + bigGpkg(count).string() +
                                "\"\nlayer = \"big\"\nkind = \"parcels\"\nlabel = \"name_zh\"\n[layer.style]\nby = \"用地性质\"\n"
                                "colors = { " + colors + " }\ndefault = \"" + kProjectDefaultColor + "\"\nopacity = 0.8\n");
    const fs::path out = outDir("kml-big") / "big.kml";
    RunResult r = cli::runPlanview({"export", project.string(), "--layer", "大图层", "-o", out.string()});
    ASSERT_TRUE(cli::succeeded(r)) << r.describe();
    EXPECT_EQ(reportedCount(r.out), count);
    GDALDatasetUniquePtr ds = openVector(out);
    ASSERT_TRUE(ds);
    ASSERT_EQ(ds->GetLayerCount(), 1);
    EXPECT_EQ(ds->GetLayer(0)->GetFeatureCount(TRUE), count);

    XmlTree tree(cli::readFile(out));
    std::vector<const CPLXMLNode*> placemarks;
    descendants(tree.element("kml"), "Placemark", placemarks);
    ASSERT_EQ(placemarks.size(), static_cast<std::size_t>(count));
    std::set<std::string> seen;
    for (const CPLXMLNode* p : placemarks) {
        std::string landUse;
        std::vector<const CPLXMLNode*> data;
        descendants(p, "SimpleData", data);
        for (const CPLXMLNode* d : data)
            if (attr(d, "name") == "用地性质") landUse = text(d);
        SCOPED_TRACE("placemark " + text(child(p, "name")) + " (" + landUse + ")");
        const std::string want = viewerColor(landUse);
        const CPLXMLNode* style = child(p, "Style");
        ASSERT_TRUE(style) << "no Style";
        const std::string fill = text(child(child(style, "PolyStyle"), "color"));
        EXPECT_EQ(kmlRgb(text(child(child(style, "LineStyle"), "color"))), want) << "LineStyle colour";
        EXPECT_EQ(kmlRgb(fill), want) << "PolyStyle colour";
        EXPECT_NE(text(child(child(style, "PolyStyle"), "fill")), "0") << "the polygon is not filled";
        EXPECT_GT(fill.size() == 8 ? std::stoi(fill.substr(0, 2), nullptr, 16) : 0, 0) << "a transparent fill";
        seen.insert(want);
    }
    EXPECT_GE(seen.size(), 3u) << "the big layer spans several colours";
}

// Export.h: the title (the layer's display name) names the KML document, which Google Earth lists.
TEST(Kml, DocumentIsNamedAfterTheLayersDisplayName) {
    const fs::path out = outDir("kml-title") / "parcels.kml";
    ASSERT_TRUE(cli::succeeded(exportTo(out)));
    XmlTree tree(cli::readFile(out));
    std::vector<const CPLXMLNode*> documents;
    descendants(tree.element("kml"), "Document", documents);
    std::vector<std::string> names;
    for (const CPLXMLNode* d : documents) names.push_back(text(child(d, "name")));
    EXPECT_TRUE(std::find(names.begin(), names.end(), kProjectLayerTitle) != names.end())
        << "no <Document> named " << kProjectLayerTitle << " (document names: "
        << (names.empty() ? "none" : [&] { std::string s; for (auto& n : names) s += (s.empty() ? "" : ", ") + n; return s; }())
        << ")";
}

// ---- GeoJSON: RFC 7946 --------------------------------------------------------------------------

void ringsOf(const nlohmann::json& polygon, std::vector<std::pair<std::vector<std::pair<double, double>>, bool>>& out) {
    bool exterior = true;
    for (const auto& ring : polygon) {
        std::vector<std::pair<double, double>> points;
        for (const auto& position : ring) points.emplace_back(position.at(0).get<double>(), position.at(1).get<double>());
        out.emplace_back(points, exterior);
        exterior = false;
    }
}

TEST(GeoJson, Rfc7946NoCrsMemberLonLatCounterClockwiseExteriors) {
    const fs::path out = outDir("geojson-rfc") / "parcels.geojson";
    ASSERT_TRUE(cli::succeeded(exportTo(out)));
    nlohmann::json doc = cli::parseJson(cli::readFile(out));
    ASSERT_TRUE(doc.is_object());
    EXPECT_FALSE(doc.contains("crs")) << "RFC 7946 removed the crs member";
    EXPECT_EQ(doc.value("type", ""), "FeatureCollection");
    ASSERT_TRUE(doc.contains("features"));
    ASSERT_EQ(doc["features"].size(), kFeatures.size());
    for (const auto& feature : doc["features"]) {
        const std::string key = feature["properties"].value(kKeyField, "");
        SCOPED_TRACE("feature " + key);
        const auto& geometry = feature["geometry"];
        std::vector<std::pair<std::vector<std::pair<double, double>>, bool>> rings;
        if (geometry["type"] == "Polygon") ringsOf(geometry["coordinates"], rings);
        else if (geometry["type"] == "MultiPolygon") for (const auto& p : geometry["coordinates"]) ringsOf(p, rings);
        else FAIL() << "geometry type " << geometry["type"];
        for (const auto& [ring, exterior] : rings) {
            for (const auto& [x, y] : ring) {
                EXPECT_TRUE(x > 119 && x < 121 && y > 29 && y < 31) << "not longitude, latitude: " << x << ", " << y;
            }
            if (exterior) { EXPECT_GT(signedArea(ring), 0) << "exterior ring not counter-clockwise"; }
            else EXPECT_LT(signedArea(ring), 0) << "hole not clockwise";
        }
    }
}

}  // namespace
