#include "app/render/ImageWriter.h"
#include <unistd.h>
#include <filesystem>
#include <memory>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include "geo/Errors.h"
#include "geo/Isolated.h"
#include "geo/Log.h"
#include "geo/Source.h"

namespace fs = std::filesystem;

namespace planview {

namespace {

struct DatasetCloser {
    void operator()(GDALDataset* d) const { GDALClose(d); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

std::string reason() {
    std::string r = geo::lastGdalError();
    return r.empty() ? "GDAL reported no reason" : r;
}

// An in-memory RGB dataset over the image's pixels (no copy).
DatasetPtr memoryDataset(const RgbImage& image) {
    GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    DatasetPtr ds(mem->Create("", image.width, image.height, 0, GDT_Byte, nullptr));
    const std::string pixelOffset = "PIXELOFFSET=3";
    const std::string lineOffset = "LINEOFFSET=" + std::to_string(image.width * 3);
    for (int band = 0; band < 3; ++band) {
        char pointer[64];
        int n = CPLPrintPointer(pointer, const_cast<std::uint8_t*>(image.pixels.data()) + band, sizeof pointer);
        const std::string dataPointer = "DATAPOINTER=" + std::string(pointer, static_cast<std::size_t>(n));
        char* options[] = {const_cast<char*>(dataPointer.c_str()), const_cast<char*>(pixelOffset.c_str()),
                           const_cast<char*>(lineOffset.c_str()), nullptr};
        ds->AddBand(GDT_Byte, options);
        ds->GetRasterBand(band + 1)->SetColorInterpretation(static_cast<GDALColorInterp>(GCI_RedBand + band));
    }
    return ds;
}

std::string temporaryPathFor(const std::string& path) {
    fs::path target(path);
    return (target.parent_path() / ("." + target.filename().string() + ".tmp" + std::to_string(getpid()))).string();
}

// `isolated`: GDAL's write runs in a forked child (geo/Isolated.h), so a driver's crash or assertion
// ends only the child and is reported; the map exports (GeoTIFF, PDF) ask for it, the PNG stills and
// tour frames (hundreds a tour) do not pay a fork each.
void copyAtomically(GDALDataset& source, const char* driverName, const std::string& path, char** options,
                    bool isolated = false) {
    checkWritable(path);
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driverName);
    if (!driver) throw geo::OutputError(path + ": GDAL has no " + std::string(driverName) + " driver");
    geo::InterruptGuard holdSignals;   // before the cleanup: a signal acts once the temporary file is gone
    const std::string temporary = temporaryPathFor(path);
    struct Cleanup {
        std::string file;
        ~Cleanup() {
            std::error_code ec;
            fs::remove(file, ec);
            fs::remove(file + ".aux.xml", ec);   // PNG/TIFF side-car GDAL may leave; nothing in it we need
        }
    } cleanup{temporary};
    auto write = [&]() -> std::string {
        CPLErrorReset();
        DatasetPtr out(driver->CreateCopy(temporary.c_str(), &source, FALSE, options, nullptr, nullptr));
        bool ok = out != nullptr;
        if (out) {
            out->FlushCache();
            geo::injectTestWriteFault(driverName);
            out.reset();
            ok = CPLGetLastErrorType() < CE_Failure;
        }
        if (!ok) throw geo::OutputError(path + ": cannot be written: " + reason());
        return "";
    };
    if (isolated) geo::runIsolated(path, "GDAL's " + std::string(driverName) + " driver", write);
    else write();
    geo::InterruptGuard::throwIfInterrupted(path);
    std::error_code ec;
    fs::remove(temporary + ".aux.xml", ec);
    fs::rename(temporary, path, ec);
    if (ec) throw geo::OutputError(path + ": cannot be written: " + ec.message());
}

}  // namespace

void checkWritable(const std::string& path) {
    fs::path target(path);
    fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) throw geo::OutputError(path + ": cannot be written: folder " + folder.string() + " does not exist");
    if (access(folder.c_str(), W_OK) != 0) throw geo::OutputError(path + ": cannot be written: folder " + folder.string() + " is not writable");
    if (fs::is_directory(target, ec)) throw geo::OutputError(path + ": cannot be written: it is a folder");
    if (fs::exists(target, ec) && access(target.c_str(), W_OK) != 0)
        throw geo::OutputError(path + ": cannot be written: the existing file is read-only");
}

void writePng(const std::string& path, const RgbImage& image) {
    geo::initGdal();
    DatasetPtr source = memoryDataset(image);
    char* options[] = {const_cast<char*>("ZLEVEL=6"), nullptr};
    copyAtomically(*source, "PNG", path, options);
}

namespace {

DatasetPtr georeferenced(const RgbImage& image, const std::array<double, 6>& geoTransform, const OGRSpatialReference& crs) {
    DatasetPtr source = memoryDataset(image);
    double transform[6];
    std::copy(geoTransform.begin(), geoTransform.end(), transform);
    source->SetGeoTransform(transform);
    source->SetSpatialRef(&crs);
    return source;
}

}  // namespace

void writeGeoPdf(const std::string& path, const RgbImage& image, const std::array<double, 6>& geoTransform,
                 const OGRSpatialReference& crs, double dpi, const std::string& title) {
    geo::initGdal();
    DatasetPtr source = georeferenced(image, geoTransform, crs);
    // The PDF driver copies these metadata items into the document's information dictionary.
    if (!title.empty()) source->SetMetadataItem("TITLE", title.c_str());
    source->SetMetadataItem("CREATOR", "PlanView");
    const std::string dpiOption = "DPI=" + std::to_string(dpi);
    char* options[] = {const_cast<char*>(dpiOption.c_str()), const_cast<char*>("COMPRESS=DEFLATE"),
                       const_cast<char*>("GEO_ENCODING=ISO32000"), nullptr};
    copyAtomically(*source, "PDF", path, options, /*isolated=*/true);
}

void writeGeoTiff(const std::string& path, const RgbImage& image, const std::array<double, 6>& geoTransform,
                  const OGRSpatialReference& crs) {
    geo::initGdal();
    DatasetPtr source = georeferenced(image, geoTransform, crs);
    char* options[] = {const_cast<char*>("COMPRESS=DEFLATE"), const_cast<char*>("PHOTOMETRIC=RGB"),
                       const_cast<char*>("TILED=YES"), nullptr};
    copyAtomically(*source, "GTiff", path, options, /*isolated=*/true);
}

}  // namespace planview
