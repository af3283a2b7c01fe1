// What each export format needs: the formats and their extensions, field names a Shapefile can
// hold (10 bytes, unique), text cut to what a field holds, reals as exact text where a format would
// round them, and the options ogr2ogr writes each format with.
#include <algorithm>
#include <charconv>
#include <filesystem>
#include <set>
#include "geo/Export.h"
#include "geo/ExportInternal.h"

namespace fs = std::filesystem;

namespace geo {
namespace exporting {

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

std::string cutUtf8(const std::string& text, std::size_t bytes) {
    std::size_t n = std::min(bytes, text.size());
    while (n > 0 && n < text.size() && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
    return text.substr(0, n);
}

std::vector<std::string> shapefileFieldNames(const std::vector<std::string>& names) {
    std::vector<std::string> out;
    std::set<std::string> taken;
    for (const auto& name : names) {
        std::string candidate = cutUtf8(name, 10);
        for (int k = 1; taken.count(lower(candidate)); ++k) {
            std::string suffix = "_" + std::to_string(k);
            candidate = cutUtf8(name, 10 - suffix.size()) + suffix;
        }
        taken.insert(lower(candidate));
        out.push_back(candidate);
    }
    return out;
}

std::string exactReal(double v) {
    char buffer[32];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
    return ec == std::errc() ? std::string(buffer, end) : std::to_string(v);
}

bool writtenAsText(const std::string& format, OGRFieldType t) {
    // KML keeps everything as text: 64-bit integers, dates and reals go as exact text. CSV likewise for
    // reals (its writer rounds them to 15 digits); the .csvt still says Real.
    if (format == "KML") return t == OFTInteger64 || t == OFTReal || t == OFTDate || t == OFTDateTime;
    if (format == "CSV") return t == OFTReal;
    return false;
}

std::vector<std::string> translateOptions(const std::string& format, const std::string& driver, const std::string& labelField) {
    std::vector<std::string> args{"-f", driver};
    if (format == "ESRI Shapefile") args.insert(args.end(), {"-lco", "ENCODING=UTF-8"});
    if (format == "GeoJSON") args.insert(args.end(), {"-lco", "RFC7946=YES", "-lco", "COORDINATE_PRECISION=10"});
    if (format == "CSV") args.insert(args.end(), {"-lco", "GEOMETRY=AS_WKT", "-lco", "CREATE_CSVT=YES"});
    if (format == "FlatGeobuf" || format == "GPKG") args.push_back("-preserve_fid");
    if (driver == "KML" && !labelField.empty()) args.insert(args.end(), {"-dsco", "NameField=" + labelField});
    return args;
}

}  // namespace exporting

std::string formatForPath(const std::string& path) {
    std::string ext = exporting::lower(fs::path(path).extension().string());
    for (const auto& [driver, extensions] : exporting::formats())
        if (std::find(extensions.begin(), extensions.end(), ext) != extensions.end()) return driver;
    return "";
}

}  // namespace geo
