#include "app/bench/ParcelGenerator.h"
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <random>
#include "geo/Errors.h"
#include "geo/Log.h"
#include "geo/Source.h"

namespace planview::bench {

std::string keptParcels(const std::string& folder, std::size_t count, double& generateMs) {
    const std::string gpkg = (std::filesystem::path(folder) / ("parcels-" + std::to_string(count) + ".gpkg")).string();
    generateMs = 0;
    if (!std::filesystem::exists(gpkg)) {
        const auto start = std::chrono::steady_clock::now();
        generateParcels(gpkg, count);
        generateMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    }
    return gpkg;
}

GeneratedParcels generateParcels(const std::string& path, std::size_t count, std::uint32_t seed) {
    geo::initGdal();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (!driver) throw geo::OutputError(path + ": GDAL has no GeoPackage driver");
    GDALDatasetUniquePtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw geo::OutputError(path + ": cannot be created: " + geo::lastGdalError());
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRLayer* layer = ds->CreateLayer("parcels", &wgs84, wkbPolygon, nullptr);
    if (!layer) throw geo::OutputError(path + ": cannot create the parcels layer: " + geo::lastGdalError());
    OGRFieldDefn name("name_zh", OFTString), landuse("landuse", OFTString), height("height_m", OFTReal);
    layer->CreateField(&name);
    layer->CreateField(&landuse);
    layer->CreateField(&height);

    static const char* codes[] = {"R2", "R21", "B1", "B2", "A1", "A33", "G1", "S42", "M1", "U1", "R1", "B41"};
    constexpr double kPi = 3.14159265358979323846;
    constexpr double kCell = 50.0;                       // metres between parcel centres
    const double lat0 = 30.25, lon0 = 120.17;
    const double metresPerDegreeLat = 111320.0, metresPerDegreeLon = 111320.0 * std::cos(lat0 * kPi / 180.0);
    const std::size_t side = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(count))));
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);

    GeneratedParcels out;
    if (ds->StartTransaction() != OGRERR_NONE) throw geo::OutputError(path + ": cannot start a transaction");
    OGRFeature feature(layer->GetLayerDefn());
    for (std::size_t i = 0; i < count; ++i) {
        const double cx = (static_cast<double>(i % side) - side / 2.0) * kCell;
        const double cy = (static_cast<double>(i / side) - side / 2.0) * kCell;
        auto toLonLat = [&](double x, double y, double& lon, double& lat) {
            lon = lon0 + x / metresPerDegreeLon;
            lat = lat0 + y / metresPerDegreeLat;
        };
        const int k = 4 + static_cast<int>(rng() % 4);
        OGRLinearRing exterior;
        const double start = unit(rng) * 2 * kPi;
        for (int j = 0; j < k; ++j) {
            // Sorted angles with some jitter and radii of 18–23 m: a star-shaped, simple polygon.
            double angle = start + (j + (unit(rng) - 0.5) * 0.3) * 2 * kPi / k;
            double radius = 18.0 + 5.0 * unit(rng);
            double lon, lat;
            toLonLat(cx + radius * std::cos(angle), cy + radius * std::sin(angle), lon, lat);
            exterior.addPoint(lon, lat);
        }
        exterior.closeRings();
        OGRPolygon polygon;
        polygon.addRing(&exterior);
        out.vertices += static_cast<std::size_t>(k);
        if (i % 10 == 0) {
            // A 10 m square courtyard (clockwise), well inside: the polygon's inscribed radius is > 9 m.
            OGRLinearRing hole;
            const double corners[4][2] = {{-5, -5}, {-5, 5}, {5, 5}, {5, -5}};
            for (const auto& c : corners) {
                double lon, lat;
                toLonLat(cx + c[0], cy + c[1], lon, lat);
                hole.addPoint(lon, lat);
            }
            hole.closeRings();
            polygon.addRing(&hole);
            out.vertices += 4;
            ++out.withHoles;
        }
        feature.SetFID(OGRNullFID);
        const std::string label = "地块" + std::to_string(i + 1);
        feature.SetField(0, label.c_str());
        feature.SetField(1, codes[rng() % (sizeof codes / sizeof *codes)]);
        feature.SetField(2, std::round((6.0 + 94.0 * unit(rng) * unit(rng)) * 10) / 10);
        feature.SetGeometry(&polygon);
        if (layer->CreateFeature(&feature) != OGRERR_NONE)
            throw geo::OutputError(path + ": cannot write parcel " + std::to_string(i) + ": " + geo::lastGdalError());
        ++out.parcels;
    }
    if (ds->CommitTransaction() != OGRERR_NONE) throw geo::OutputError(path + ": cannot commit: " + geo::lastGdalError());
    return out;
}

}  // namespace planview::bench
