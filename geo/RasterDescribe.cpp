#include "geo/RasterDescribe.h"
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <algorithm>
#include <cmath>
#include <memory>
#include "geo/Errors.h"
#include "geo/Log.h"
#include "geo/SceneFrame.h"
#include "geo/Source.h"

namespace geo {

namespace {

struct Closer {
    void operator()(GDALDataset* d) const { GDALClose(d); }
};
using Dataset = std::unique_ptr<GDALDataset, Closer>;

Dataset openAs(const std::string& location, unsigned kind) {
    return Dataset(static_cast<GDALDataset*>(
        GDALOpenEx(location.c_str(), kind | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
}

/// Reads a window of `band` (any data type, as doubles); false with GDAL's error when it fails.
bool readWindow(GDALRasterBand& band, int x, int y, int width, int height) {
    std::vector<double> buffer(static_cast<std::size_t>(width) * height);
    return band.RasterIO(GF_Read, x, y, width, height, buffer.data(), width, height, GDT_Float64, 0, 0) == CE_None;
}

/// Whether the pixels can be read where a damaged file shows it first: the first and the last block at
/// full resolution, and the smallest overview whole. Cheap whatever the raster's size.
bool pixelsReadable(GDALDataset& ds) {
    GDALRasterBand& band = *ds.GetRasterBand(1);
    int bx = 0, by = 0;
    band.GetBlockSize(&bx, &by);
    const int w = ds.GetRasterXSize(), h = ds.GetRasterYSize();
    bx = std::clamp(bx, 1, w);
    by = std::clamp(by, 1, h);
    if (!readWindow(band, 0, 0, bx, by)) return false;
    const int lastX = (w - 1) / bx * bx, lastY = (h - 1) / by * by;
    if (!readWindow(band, lastX, lastY, w - lastX, h - lastY)) return false;
    if (const int n = band.GetOverviewCount(); n > 0) {
        GDALRasterBand* smallest = band.GetOverview(n - 1);
        if (smallest && smallest->GetXSize() * static_cast<double>(smallest->GetYSize()) <= 4e6 &&
            !readWindow(*smallest, 0, 0, smallest->GetXSize(), smallest->GetYSize()))
            return false;
    }
    return true;
}

/// The subdatasets' names of a container holding several rasters (a GeoPackage with several tile tables).
std::vector<std::string> subdatasets(GDALDataset& ds) {
    std::vector<std::string> out;
    char** items = ds.GetMetadata("SUBDATASETS");
    for (int i = 0; items && items[i]; ++i) {
        std::string item = items[i];
        const std::size_t eq = item.find('=');
        if (eq != std::string::npos && eq >= 5 && item.compare(eq - 5, 5, "_NAME") == 0) out.push_back(item.substr(eq + 1));
    }
    return out;
}

Extent cornersExtent(const std::array<double, 6>& gt, int width, int height) {
    Extent e;
    for (const auto& [col, row] : {std::pair{0, 0}, {width, 0}, {0, height}, {width, height}})
        e.add(gt[0] + col * gt[1] + row * gt[2], gt[3] + col * gt[4] + row * gt[5]);
    return e;
}

}  // namespace

std::optional<RasterDescription> describeRaster(const std::string& location, const std::string& assignedCrs) {
    initGdal();
    // A database is a vector source here (GDAL's PostGIS raster driver would open "PG:" too).
    if (location.empty() || isPostgresLocation(location)) return std::nullopt;
    CPLErrorReset();
    lastGdalError();
    Dataset ds = openAs(location, GDAL_OF_RASTER);
    if (!ds) {
        // A file a raster-only driver claims (a TIFF's header) but cannot open is a damaged raster; what
        // the drivers that also read vectors cannot open is left to the vector source's own message.
        const std::string cause = lastGdalError();
        GDALDriver* driver = static_cast<GDALDriver*>(GDALIdentifyDriverEx(location.c_str(), GDAL_OF_RASTER, nullptr, nullptr));
        const char* vector = driver ? driver->GetMetadataItem(GDAL_DCAP_VECTOR) : nullptr;
        if (driver && !(vector && EQUAL(vector, "YES")))
            throw InputError(location + ": a " + driver->GetDescription() + " raster GDAL cannot open" +
                             (cause.empty() ? std::string() : ": " + cause));
        return std::nullopt;
    }
    if (ds->GetRasterCount() == 0) {
        const std::vector<std::string> names = subdatasets(*ds);
        if (names.empty()) return std::nullopt;
        std::string list;
        for (std::size_t i = 0; i < names.size() && i < 5; ++i) list += (i ? ", " : "") + names[i];
        if (names.size() > 5) list += ", …";
        throw InputError(location + ": holds " + std::to_string(names.size()) + " rasters; give one of them: " + list);
    }

    RasterDescription d;
    d.driver = ds->GetDriver() ? ds->GetDriver()->GetDescription() : "";
    d.size = {ds->GetRasterXSize(), ds->GetRasterYSize()};
    OGRSpatialReference assigned;
    if (!assignedCrs.empty()) {
        assigned.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        if (assigned.SetFromUserInput(assignedCrs.c_str()) != OGRERR_NONE)
            throw InputError(location + ": unknown CRS '" + assignedCrs + "'");
    }
    const OGRSpatialReference* srs = assignedCrs.empty() ? ds->GetSpatialRef() : &assigned;
    if (!srs || srs->IsEmpty())
        throw InputError(location + ": the raster has no CRS (no georeferencing GDAL can read), so it cannot be placed"
                                    " (a layer can give it one: crs = \"EPSG:…\")");
    double gt[6];
    if (ds->GetGeoTransform(gt) != CE_None) {
        throw InputError(location + (ds->GetGCPCount() > 0
                                         ? ": the raster is placed by ground control points only; warp it first (gdalwarp)"
                                         : ": the raster has no geotransform (no world file), so it cannot be placed"));
    }
    std::copy(gt, gt + 6, d.geoTransform.begin());
    d.crs = crsCode(*srs);
    d.pixelWidth = std::hypot(gt[1], gt[4]);
    d.pixelHeight = std::hypot(gt[2], gt[5]);
    d.nativeExtent = cornersExtent(d.geoTransform, d.size.width, d.size.height);

    // The dataset's own axis mapping says which CRS axis its x is (GDAL gives rasters lon/lat, east/north).
    OGRSpatialReference from(*srs), wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> toWgs84(OGRCreateCoordinateTransformation(&from, &wgs84));
    double w = 0, s = 0, e = 0, n = 0;
    // The edges densified: a projected raster's straight edges curve in lon/lat.
    if (!toWgs84 || !toWgs84->TransformBounds(d.nativeExtent.minX, d.nativeExtent.minY, d.nativeExtent.maxX,
                                              d.nativeExtent.maxY, &w, &s, &e, &n, 21))
        throw InputError(location + ": its extent cannot be transformed from " + d.crs + " to WGS84: " + lastGdalError());
    d.lonLatExtent.add(w, s);
    d.lonLatExtent.add(e, n);

    for (int i = 1; i <= ds->GetRasterCount(); ++i) {
        GDALRasterBand* band = ds->GetRasterBand(i);
        RasterBandDescription b;
        b.index = i;
        b.dataType = GDALGetDataTypeName(band->GetRasterDataType());
        int hasNoData = 0;
        const double noData = band->GetNoDataValue(&hasNoData);
        if (hasNoData) b.noData = noData;
        b.colorInterpretation = GDALGetColorInterpretationName(band->GetColorInterpretation());
        b.description = band->GetDescription();
        b.unit = band->GetUnitType() ? band->GetUnitType() : "";
        d.bands.push_back(std::move(b));
    }
    GDALRasterBand* first = ds->GetRasterBand(1);
    for (int i = 0; i < first->GetOverviewCount(); ++i)
        if (GDALRasterBand* o = first->GetOverview(i)) d.overviews.push_back({o->GetXSize(), o->GetYSize()});

    if (!pixelsReadable(*ds)) {
        const std::string cause = lastGdalError();
        throw InputError(location + ": cannot read its pixels (truncated or corrupt?)" + (cause.empty() ? "" : ": " + cause));
    }
    // A GeoPackage may hold vector layers beside its tiles.
    if (const char* vector = ds->GetDriver() ? ds->GetDriver()->GetMetadataItem(GDAL_DCAP_VECTOR) : nullptr;
        vector && EQUAL(vector, "YES")) {
        Dataset asVector = openAs(location, GDAL_OF_VECTOR);
        d.hasVectorLayers = asVector && asVector->GetLayerCount() > 0;
        lastGdalError();
    }
    return d;
}

}  // namespace geo
