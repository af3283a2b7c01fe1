// Test fixtures made at run time with GDAL: small vector files written from WKT and attributes, DEMs.
#pragma once
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace fixtures {

/// A fresh temporary directory, removed when the object goes away.
class TempDir {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "planview-test-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~TempDir() { std::error_code ec; std::filesystem::remove_all(path_, ec); }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string operator/(const std::string& name) const { return (path_ / name).string(); }
    const std::filesystem::path& path() const { return path_; }
private:
    std::filesystem::path path_;
};

/// The fixtures' origin in EPSG:4549 metres (CGCS2000 / 3-degree Gauss-Kruger CM 120E), in Hangzhou.
constexpr double kOriginX = 500000, kOriginY = 3346000;

/// The WKT of the rectangle from (x0, y0) to (x1, y1) metres off kOriginX/Y, in EPSG:4549.
inline std::string rect(double x0, double y0, double x1, double y1) {
    const double X0 = kOriginX, Y0 = kOriginY;
    std::ostringstream wkt;
    wkt.precision(12);
    wkt << "POLYGON((" << X0 + x0 << ' ' << Y0 + y0 << ',' << X0 + x1 << ' ' << Y0 + y0 << ',' << X0 + x1 << ' ' << Y0 + y1
        << ',' << X0 + x0 << ' ' << Y0 + y1 << ',' << X0 + x0 << ' ' << Y0 + y0 << "))";
    return wkt.str();
}

struct Field {
    std::string name;
    OGRFieldType type = OFTString;
    OGRFieldSubType subType = OFSTNone;
};

/// One feature: its geometry as WKT ("" = none) and its values as text, in field order ("\x01" = NULL).
struct Row {
    std::string wkt;
    std::vector<std::string> values;
};

inline const std::string null = "\x01";

/// Writes a layer with GDAL's `driver` to `path` (added to the file when it exists, for formats with
/// several layers such as GeoPackage). `epsg` 0 writes no CRS.
/// `creationOptions` are layer creation options such as "ENCODING=CP936".
inline void writeLayer(const std::string& path, const std::string& driver, const std::string& layerName, int epsg,
                       OGRwkbGeometryType type, const std::vector<Field>& fields, const std::vector<Row>& rows,
                       std::vector<std::string> creationOptions = {}) {
    GDALAllRegister();
    GDALDriver* d = GetGDALDriverManager()->GetDriverByName(driver.c_str());
    if (!d) throw std::runtime_error("no GDAL driver " + driver);
    GDALDatasetUniquePtr ds;
    if (std::filesystem::exists(path))
        ds.reset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    else
        ds.reset(d->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw std::runtime_error("cannot create " + path);
    OGRSpatialReference srs;
    if (epsg) {
        srs.importFromEPSG(epsg);
        srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    }
    std::vector<const char*> options;
    for (auto& o : creationOptions) options.push_back(o.c_str());
    options.push_back(nullptr);
    OGRLayer* layer = ds->CreateLayer(layerName.c_str(), epsg ? &srs : nullptr, type,
                                      const_cast<char**>(options.data()));
    if (!layer) throw std::runtime_error("cannot create layer " + layerName + " in " + path);
    for (const auto& f : fields) {
        OGRFieldDefn defn(f.name.c_str(), f.type);
        defn.SetSubType(f.subType);
        if (layer->CreateField(&defn) != OGRERR_NONE) throw std::runtime_error("cannot create field " + f.name);
    }
    for (const auto& row : rows) {
        OGRFeature feature(layer->GetLayerDefn());
        // By name: some drivers (KML) keep fields of their own before ours.
        for (std::size_t i = 0; i < row.values.size(); ++i) {
            int index = feature.GetFieldIndex(fields.at(i).name.c_str());
            if (row.values[i] == null) feature.SetFieldNull(index);
            else feature.SetField(index, row.values[i].c_str());
        }
        if (!row.wkt.empty()) {
            OGRGeometry* g = nullptr;
            if (OGRGeometryFactory::createFromWkt(row.wkt.c_str(), epsg ? &srs : nullptr, &g) != OGRERR_NONE)
                throw std::runtime_error("bad WKT in fixture: " + row.wkt);
            feature.SetGeometryDirectly(g);
        }
        if (layer->CreateFeature(&feature) != OGRERR_NONE) throw std::runtime_error("cannot write a feature to " + path);
    }
}

/// Runs a shell command, returning its standard output; throws when it exits non-zero.
/// Writes a north-up Float32 GeoTIFF in EPSG:4549 of `columns` × `rows` pixels of `pixel` metres, its
/// north-west corner (`west`, `north`) metres off kOriginX/Y, each pixel `heightAt(x, y)` at its centre
/// (metres off kOriginX/Y). Throws when GDAL cannot write it.
inline void writeDem(const std::string& path, double west, double north, double pixel, int columns, int rows,
                     const std::function<double(double, double)>& heightAt) {
    GDALAllRegister();
    GDALDataset* ds = GetGDALDriverManager()->GetDriverByName("GTiff")->Create(path.c_str(), columns, rows, 1, GDT_Float32, nullptr);
    if (!ds) throw std::runtime_error("cannot create " + path);
    double gt[6] = {kOriginX + west, pixel, 0, kOriginY + north, 0, -pixel};
    ds->SetGeoTransform(gt);
    OGRSpatialReference srs;
    srs.importFromEPSG(4549);
    ds->SetSpatialRef(&srs);
    std::vector<float> z(static_cast<std::size_t>(columns) * static_cast<std::size_t>(rows));
    for (int row = 0; row < rows; ++row)
        for (int col = 0; col < columns; ++col)
            z[static_cast<std::size_t>(row) * columns + col] =
                static_cast<float>(heightAt(west + (col + 0.5) * pixel, north - (row + 0.5) * pixel));
    const CPLErr written = ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, columns, rows, z.data(), columns, rows, GDT_Float32, 0, 0);
    GDALClose(ds);
    if (written != CE_None) throw std::runtime_error("cannot write the heights of " + path);
}

inline std::string run(const std::string& command) {
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) throw std::runtime_error("cannot run " + command);
    char buffer[4096];
    while (std::size_t n = fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
    if (pclose(pipe) != 0) throw std::runtime_error("command failed: " + command);
    return out;
}

}  // namespace fixtures
