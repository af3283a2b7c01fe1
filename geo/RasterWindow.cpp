#include "geo/RasterWindow.h"
#include <gdal_priv.h>
#include <gdal_utils.h>
#include <ogr_spatialref.h>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include "geo/Errors.h"
#include "geo/Log.h"
#include "geo/SceneFrame.h"
#include "geo/Source.h"

namespace geo {

namespace {

/// argv for GDAL's utilities' option parsers, kept alive with the strings.
struct Arguments {
    std::vector<std::string> strings;
    std::vector<char*> argv() {
        std::vector<char*> out;
        for (std::string& s : strings) out.push_back(s.data());
        out.push_back(nullptr);
        return out;
    }
};

/// A virtual (VRT) copy of `source` made by gdal_translate with `arguments` (band selection, colour
/// table expansion, an assigned CRS): no pixel is read here.
GDALDatasetH translatedVrt(GDALDatasetH source, const std::vector<std::string>& arguments, const std::string& what) {
    Arguments args{{"-of", "VRT"}};
    args.strings.insert(args.strings.end(), arguments.begin(), arguments.end());
    auto argv = args.argv();
    GDALTranslateOptions* options = GDALTranslateOptionsNew(argv.data(), nullptr);
    CPLErrorReset();
    GDALDatasetH vrt = options ? GDALTranslate("", source, options, nullptr) : nullptr;
    GDALTranslateOptionsFree(options);
    if (!vrt) throw InputError(what + ": " + (lastGdalError().empty() ? "GDAL cannot read it" : lastGdalError()));
    return vrt;
}

std::string frameWkt(const SceneFrame& frame) {
    // The scene's tiles are read on several threads, which may share one frame.
    static std::mutex exporting;
    std::lock_guard<std::mutex> lock(exporting);
    char* wkt = nullptr;
    frame.srs().exportToWkt(&wkt);
    std::string out = wkt ? wkt : "";
    CPLFree(wkt);
    return out;
}

}  // namespace

std::shared_ptr<RasterWindow> RasterWindow::open(const std::string& location, const std::string& assignedCrs) {
    initGdal();
    std::shared_ptr<RasterWindow> raster(new RasterWindow);
    std::optional<RasterDescription> described = describeRaster(location, assignedCrs);
    if (!described) throw InputError(location + ": GDAL cannot open it as a raster");
    raster->location_ = location;
    raster->description_ = std::move(*described);
    CPLErrorReset();
    raster->source_ = GDALOpenEx(location.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
    if (!raster->source_) {
        const std::string cause = lastGdalError();
        throw InputError(location + ": " + (cause.empty() ? "GDAL cannot open it as a raster" : cause));
    }
    const RasterDescription& d = raster->description_;
    GDALDataset* source = GDALDataset::FromHandle(raster->source_);
    GDALRasterBand* first = source->GetRasterBand(1);
    const bool palette = first->GetColorInterpretation() == GCI_PaletteIndex && first->GetColorTable();
    const int bands = static_cast<int>(d.bands.size());

    OGRSpatialReference srs;
    if (!assignedCrs.empty())
        srs.SetFromUserInput(assignedCrs.c_str());   // checked by describeRaster
    else
        srs = *source->GetSpatialRef();
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    raster->srs_ = std::make_unique<OGRSpatialReference>(srs);

    // What the warper reads: for colours the colour bands and alpha, a colour table expanded; for
    // heights the first band. Both as VRTs of the source, so its overviews are still used.
    std::vector<std::string> common;
    if (!assignedCrs.empty()) common = {"-a_srs", assignedCrs};
    std::vector<std::string> colours = common;
    if (palette) {
        colours.insert(colours.end(), {"-expand", "rgba"});
        raster->imageryHasAlpha_ = true;
    } else {
        const int colourBands = bands >= 3 ? 3 : 1;
        for (int b = 1; b <= colourBands; ++b) colours.insert(colours.end(), {"-b", std::to_string(b)});
        const int alphaBand = bands == 2 ? 2 : bands >= 4 ? 4 : 0;
        if (alphaBand) colours.insert(colours.end(), {"-b", std::to_string(alphaBand)});
        raster->imageryHasAlpha_ = alphaBand != 0;
    }
    raster->imagery_ = translatedVrt(raster->source_, colours, location);
    std::vector<std::string> heights = common;
    heights.insert(heights.end(), {"-b", "1"});
    raster->heights_ = translatedVrt(raster->source_, heights, location);
    // Without nodata, masks or alpha, GDAL's RasterIO resamples exactly what the warper would.
    auto allValid = [](GDALDatasetH d) {
        GDALDataset* ds = GDALDataset::FromHandle(d);
        for (int b = 1; b <= ds->GetRasterCount(); ++b)
            if (ds->GetRasterBand(b)->GetMaskFlags() != GMF_ALL_VALID) return false;
        return true;
    };
    raster->imageryAllValid_ = !raster->imageryHasAlpha_ && allValid(raster->imagery_);
    raster->heightsAllValid_ = allValid(raster->heights_);
    return raster;
}

RasterWindow::~RasterWindow() {
    for (GDALDatasetH d : {imagery_, heights_, source_})
        if (d) GDALClose(d);
}

Extent RasterWindow::sceneExtent(const SceneFrame& frame) const {
    std::unique_ptr<OGRCoordinateTransformation> toFrame = frame.transformFrom(*srs_);
    const Extent& e = description_.nativeExtent;
    double x0, y0, x1, y1;
    if (!toFrame->TransformBounds(e.minX, e.minY, e.maxX, e.maxY, &x0, &y0, &x1, &y1, 21))
        throw InputError(location_ + ": its extent does not transform into the scene CRS " + frame.crsName());
    Extent out;
    out.add(x0 - frame.origin().x, y0 - frame.origin().y);
    out.add(x1 - frame.origin().x, y1 - frame.origin().y);
    return out;
}

GDALDatasetH RasterWindow::warp(GDALDatasetH from, const SceneFrame& frame, const Extent& scene, int width, int height,
                                const std::vector<std::string>& arguments) const {
    const Vec2 o = frame.origin();
    auto number = [](double v) {
        char text[64];
        std::snprintf(text, sizeof text, "%.17g", v);
        return std::string(text);
    };
    Arguments args{{"-of", "MEM", "-t_srs", frameWkt(frame), "-te", number(scene.minX + o.x), number(scene.minY + o.y),
                    number(scene.maxX + o.x), number(scene.maxY + o.y), "-ts", std::to_string(width),
                    std::to_string(height), "-wo", "SAMPLE_GRID=YES"}};
    args.strings.insert(args.strings.end(), arguments.begin(), arguments.end());
    auto argv = args.argv();
    GDALWarpAppOptions* options = GDALWarpAppOptionsNew(argv.data(), nullptr);
    GDALDatasetH out = nullptr;
    {
        std::lock_guard<std::mutex> lock(reading_);
        CPLErrorReset();
        if (options) out = GDALWarp("", nullptr, 1, &from, options, nullptr);
        if (!out) {
            GDALWarpAppOptionsFree(options);
            const std::string cause = lastGdalError();
            throw InputError(location_ + ": " + (cause.empty() ? "GDAL cannot read it" : cause));
        }
    }
    GDALWarpAppOptionsFree(options);
    return out;
}

struct RasterWindow::PixelWindow {
    double x = 0, y = 0, xSize = 0, ySize = 0;   // in the source's pixels
    int col0 = 0, row0 = 0, cols = 0, rows = 0;  // the output pixels whose centres lie inside the raster
};

std::optional<RasterWindow::PixelWindow> RasterWindow::pixelWindow(const SceneFrame& frame, const Extent& scene, int width,
                                                                   int height) const {
    const std::array<double, 6>& gt = description_.geoTransform;
    if (gt[2] != 0 || gt[4] != 0 || !(gt[1] > 0) || !(gt[5] < 0)) return std::nullopt;
    const std::string wkt = frameWkt(frame);
    {
        std::lock_guard<std::mutex> lock(sameCrs_);
        auto known = sameCrsAsFrame_.find(wkt);
        if (known == sameCrsAsFrame_.end()) {
            OGRSpatialReference frameSrs;
            frameSrs.importFromWkt(wkt.c_str());
            frameSrs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
            const char* const options[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES", nullptr};
            known = sameCrsAsFrame_.emplace(wkt, srs_->IsSame(&frameSrs, options)).first;
        }
        if (!known->second) return std::nullopt;
    }
    // Output pixel i spans [p0 + i·s, p0 + (i + 1)·s) of the source's pixels, as the warper's grid,
    // and is read, as the warper reads it, when its centre lies inside the raster (a window reaching
    // at most half a pixel beyond the raster's edge: GDAL's resampling keeps to the raster).
    const Vec2 o = frame.origin();
    const double px0 = (scene.minX + o.x - gt[0]) / gt[1], px1 = (scene.maxX + o.x - gt[0]) / gt[1];
    const double py0 = (scene.maxY + o.y - gt[3]) / gt[5], py1 = (scene.minY + o.y - gt[3]) / gt[5];
    const double sx = (px1 - px0) / width, sy = (py1 - py0) / height;
    const double w = description_.size.width, h = description_.size.height;
    constexpr double kSlack = 1e-9;
    PixelWindow window;
    window.col0 = std::max(0, static_cast<int>(std::ceil(-px0 / sx - 0.5 - kSlack)));
    window.row0 = std::max(0, static_cast<int>(std::ceil(-py0 / sy - 0.5 - kSlack)));
    const int col1 = std::min(width, static_cast<int>(std::ceil((w - px0) / sx - 0.5 - kSlack)));
    const int row1 = std::min(height, static_cast<int>(std::ceil((h - py0) / sy - 0.5 - kSlack)));
    window.cols = std::max(0, col1 - window.col0);
    window.rows = std::max(0, row1 - window.row0);
    window.x = px0 + window.col0 * sx;
    window.y = py0 + window.row0 * sy;
    window.xSize = window.cols * sx;
    window.ySize = window.rows * sy;
    return window;
}

bool RasterWindow::readDirect(GDALDatasetH from, const PixelWindow& window, int width, int height, int bands, int type,
                              void* out, int bytesPerValue) const {
    if (window.cols <= 0 || window.rows <= 0 || !(window.xSize > 0) || !(window.ySize > 0)) return true;
    GDALRasterIOExtraArg extra;
    INIT_RASTERIO_EXTRA_ARG(extra);
    extra.eResampleAlg = GRIORA_Bilinear;
    extra.bFloatingPointWindowValidity = TRUE;
    extra.dfXOff = window.x;
    extra.dfYOff = window.y;
    extra.dfXSize = window.xSize;
    extra.dfYSize = window.ySize;
    const int x0 = std::max(0, static_cast<int>(std::floor(window.x))), y0 = std::max(0, static_cast<int>(std::floor(window.y)));
    const int x1 = std::min(description_.size.width, static_cast<int>(std::ceil(window.x + window.xSize)));
    const int y1 = std::min(description_.size.height, static_cast<int>(std::ceil(window.y + window.ySize)));
    const GSpacing line = static_cast<GSpacing>(bytesPerValue) * width;
    auto* start = static_cast<std::uint8_t*>(out) + (static_cast<std::size_t>(window.row0) * width + window.col0) * bytesPerValue;
    std::lock_guard<std::mutex> lock(reading_);
    CPLErrorReset();
    return GDALDataset::FromHandle(from)->RasterIO(GF_Read, x0, y0, std::max(1, x1 - x0), std::max(1, y1 - y0), start,
                                                   window.cols, window.rows, static_cast<GDALDataType>(type), bands, nullptr,
                                                   bytesPerValue, line, line * height, &extra) == CE_None;
}

RgbaImage RasterWindow::readImagery(const SceneFrame& frame, const Extent& scene, int width, int height) const {
    const std::optional<PixelWindow> direct = imageryAllValid_ ? pixelWindow(frame, scene, width, height) : std::nullopt;
    if (direct) {
        const int colours = GDALDataset::FromHandle(imagery_)->GetRasterCount();   // grey or RGB
        const std::size_t count = static_cast<std::size_t>(width) * height;
        std::vector<std::uint8_t> planes(count * colours, 0);
        if (!readDirect(imagery_, *direct, width, height, colours, GDT_Byte, planes.data(), 1))
            throw InputError(location_ + ": " + lastGdalError());
        RgbaImage image{width, height, std::vector<std::uint8_t>(count * 4, 0)};
        for (int row = direct->row0; row < direct->row0 + direct->rows; ++row)
            for (int col = direct->col0; col < direct->col0 + direct->cols; ++col) {
                const std::size_t i = static_cast<std::size_t>(row) * width + col;
                std::uint8_t* px = &image.pixels[i * 4];
                for (int c = 0; c < 3; ++c) px[c] = planes[(colours == 3 ? c : 0) * count + i];
                px[3] = 255;
            }
        return image;
    }
    std::vector<std::string> arguments{"-r", "bilinear", "-ot", "Byte", "-dstalpha"};
    if (imageryHasAlpha_) arguments.push_back("-srcalpha");
    GDALDatasetH window = warp(imagery_, frame, scene, width, height, arguments);
    GDALDataset* w = GDALDataset::FromHandle(window);
    const int bands = w->GetRasterCount();   // grey or RGB, then alpha
    const std::size_t count = static_cast<std::size_t>(width) * height;
    RgbaImage image{width, height, std::vector<std::uint8_t>(count * 4)};
    std::vector<std::uint8_t> band(count);
    bool failed = false;
    for (int b = 1; b <= bands && !failed; ++b) {
        failed = w->GetRasterBand(b)->RasterIO(GF_Read, 0, 0, width, height, band.data(), width, height, GDT_Byte, 0, 0) != CE_None;
        const bool alpha = b == bands;
        for (std::size_t i = 0; i < count; ++i) {
            std::uint8_t* px = &image.pixels[i * 4];
            if (alpha) px[3] = band[i];
            else if (bands == 2) px[0] = px[1] = px[2] = band[i];
            else px[b - 1] = band[i];
        }
    }
    GDALClose(window);
    if (failed) throw InputError(location_ + ": " + lastGdalError());
    return image;
}

std::optional<std::vector<double>> RasterWindow::valuesAt(const SceneFrame& frame, Vec2 scene) const {
    std::unique_ptr<OGRCoordinateTransformation> toRaster(OGRCreateCoordinateTransformation(&frame.srs(), srs_.get()));
    double x = scene.x + frame.origin().x, y = scene.y + frame.origin().y;
    if (!toRaster || !toRaster->Transform(1, &x, &y)) return std::nullopt;
    // The pixel under (x, y): the geotransform inverted.
    double inverse[6];
    if (!GDALInvGeoTransform(const_cast<double*>(description_.geoTransform.data()), inverse)) return std::nullopt;
    const double column = inverse[0] + inverse[1] * x + inverse[2] * y, row = inverse[3] + inverse[4] * x + inverse[5] * y;
    const RasterSize size = description_.size;
    if (!(column >= 0 && row >= 0 && column < size.width && row < size.height)) return std::nullopt;
    std::lock_guard<std::mutex> lock(reading_);
    GDALDataset* source = GDALDataset::FromHandle(source_);
    std::vector<double> values;
    for (int b = 1; b <= source->GetRasterCount(); ++b) {
        GDALRasterBand* band = source->GetRasterBand(b);
        double value = 0;
        if (band->RasterIO(GF_Read, static_cast<int>(column), static_cast<int>(row), 1, 1, &value, 1, 1, GDT_Float64, 0, 0) != CE_None)
            throw InputError(location_ + ": " + lastGdalError());
        int hasNoData = 0;
        const double noData = band->GetNoDataValue(&hasNoData);
        values.push_back(hasNoData && value == noData ? std::numeric_limits<double>::quiet_NaN() : value);
    }
    return values;
}

std::optional<std::pair<double, double>> RasterWindow::valueRange() const {
    std::lock_guard<std::mutex> lock(reading_);
    if (!valueRange_) {
        double minMax[2] = {0, 0};
        CPLErrorReset();
        GDALRasterBand* band = GDALDataset::FromHandle(source_)->GetRasterBand(1);
        const bool valid = band->ComputeRasterMinMax(TRUE, minMax) == CE_None && std::isfinite(minMax[0]) && std::isfinite(minMax[1]);
        valueRange_ = valid ? std::optional<std::pair<double, double>>({minMax[0], minMax[1]}) : std::nullopt;
    }
    return *valueRange_;
}

HeightGrid RasterWindow::readHeights(const SceneFrame& frame, const Extent& scene, int width, int height) const {
    const std::optional<PixelWindow> direct = heightsAllValid_ ? pixelWindow(frame, scene, width, height) : std::nullopt;
    if (direct) {
        HeightGrid grid{width, height,
                        std::vector<float>(static_cast<std::size_t>(width) * height, std::numeric_limits<float>::quiet_NaN())};
        if (!readDirect(heights_, *direct, width, height, 1, GDT_Float32, grid.heights.data(), sizeof(float)))
            throw InputError(location_ + ": " + lastGdalError());
        return grid;
    }
    GDALDatasetH window = warp(heights_, frame, scene, width, height, {"-r", "bilinear", "-ot", "Float32", "-dstnodata", "nan"});
    HeightGrid grid{width, height, std::vector<float>(static_cast<std::size_t>(width) * height)};
    const CPLErr read = GDALDataset::FromHandle(window)->GetRasterBand(1)->RasterIO(
        GF_Read, 0, 0, width, height, grid.heights.data(), width, height, GDT_Float32, 0, 0);
    GDALClose(window);
    if (read != CE_None) throw InputError(location_ + ": " + lastGdalError());
    return grid;
}

}  // namespace geo
