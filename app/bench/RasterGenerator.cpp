#include "app/bench/RasterGenerator.h"
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>
#include "geo/Errors.h"
#include "geo/Log.h"
#include "geo/Source.h"

namespace planview::bench {

namespace {

constexpr int kBlock = 256;   // the GeoTIFF's tiles, and the rows written at a time

/// GDAL options for the duration of a generation: a bounded block cache (the default, 5 % of the
/// machine's memory, would fill the process with the file's dirty blocks) and every core for
/// compressing tiles and building overviews. Restored afterwards.
class GenerationSettings {
public:
    explicit GenerationSettings(const char* overviewCompression) {
        previousCache_ = GDALGetCacheMax64();
        GDALSetCacheMax64(std::min<GIntBig>(previousCache_, 256 << 20));
        CPLSetThreadLocalConfigOption("GDAL_NUM_THREADS", "ALL_CPUS");
        CPLSetThreadLocalConfigOption("COMPRESS_OVERVIEW", overviewCompression);
        if (std::string(overviewCompression) == "JPEG") {
            CPLSetThreadLocalConfigOption("PHOTOMETRIC_OVERVIEW", "YCBCR");
            CPLSetThreadLocalConfigOption("INTERLEAVE_OVERVIEW", "PIXEL");
            CPLSetThreadLocalConfigOption("JPEG_QUALITY_OVERVIEW", "85");
        } else {
            CPLSetThreadLocalConfigOption("PREDICTOR_OVERVIEW", "3");
        }
    }
    ~GenerationSettings() {
        for (const char* key : {"GDAL_NUM_THREADS", "COMPRESS_OVERVIEW", "PHOTOMETRIC_OVERVIEW", "INTERLEAVE_OVERVIEW",
                                "JPEG_QUALITY_OVERVIEW", "PREDICTOR_OVERVIEW"})
            CPLSetThreadLocalConfigOption(key, nullptr);
        GDALSetCacheMax64(previousCache_);
    }

private:
    GIntBig previousCache_ = 0;
};

GDALDataset* createTiff(const std::string& path, int size, int bands, GDALDataType type, std::vector<const char*> options) {
    geo::initGdal();
    GDALDriver* gtiff = GetGDALDriverManager()->GetDriverByName("GTiff");
    if (!gtiff) throw geo::OutputError(path + ": GDAL has no GeoTIFF driver");
    for (const char* o : {"TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256", "BIGTIFF=IF_SAFER", "NUM_THREADS=ALL_CPUS"})
        options.push_back(o);
    options.push_back(nullptr);
    CPLErrorReset();
    GDALDataset* ds = gtiff->Create(path.c_str(), size, size, bands, type, const_cast<char**>(options.data()));
    if (!ds) throw geo::OutputError(path + ": cannot be created: " + geo::lastGdalError());
    const double pixel = kRasterSide / size;
    double transform[6] = {kRasterWest, pixel, 0, kRasterNorth, 0, -pixel};
    ds->SetGeoTransform(transform);
    OGRSpatialReference srs;
    srs.importFromEPSG(4549);
    ds->SetSpatialRef(&srs);
    return ds;
}

/// Overviews by 2, 4, … until the coarsest is under 256 pixels a side, then the file closed.
void finish(GDALDataset* ds, const std::string& path, const char* resampling) {
    std::vector<int> levels;
    for (int factor = 2; ds->GetRasterXSize() / (factor / 2) > 256; factor *= 2) levels.push_back(factor);
    CPLErrorReset();
    const bool built = levels.empty() ||
                       ds->BuildOverviews(resampling, static_cast<int>(levels.size()), levels.data(), 0, nullptr, nullptr,
                                          nullptr) == CE_None;
    // Closing flushes the last tiles: an error then is an error of the file.
    const std::string cause = geo::lastGdalError();
    CPLErrorReset();
    GDALClose(ds);
    const std::string closing = geo::lastGdalError();
    if (!built || !closing.empty()) throw geo::OutputError(path + ": cannot be written: " + (built ? closing : cause));
}

/// Cuts [0, size) into runs of `minRun`–`maxRun` pixels (the blocks), each followed by a road of
/// `road` pixels: for every pixel, the index of its block, or -1 on a road.
std::vector<int> blocksAlong(int size, int minRun, int maxRun, int road, std::mt19937& rng) {
    std::vector<int> out(static_cast<std::size_t>(size), -1);
    std::uniform_int_distribution<int> run(minRun, std::max(minRun, maxRun));
    int index = 0;
    for (int at = 0; at < size; ++index) {
        const int end = std::min(size, at + run(rng));
        std::fill(out.begin() + at, out.begin() + end, index);
        at = std::min(size, end + road);
    }
    return out;
}

std::uint32_t mix(std::uint32_t h) {
    h ^= h >> 16;
    h *= 0x7feb352dU;
    h ^= h >> 15;
    h *= 0x846ca68bU;
    return h ^ (h >> 16);
}

}  // namespace

void generateOrthophoto(const std::string& path, int size) {
    GenerationSettings settings("JPEG");
    GDALDataset* ds = createTiff(path, size, 3, GDT_Byte,
                                 {"COMPRESS=JPEG", "PHOTOMETRIC=YCBCR", "JPEG_QUALITY=85", "INTERLEAVE=PIXEL"});
    const double metres = kRasterSide / size;   // a pixel's side
    std::mt19937 rng(18);
    const int road = std::max(1, static_cast<int>(std::lround(8 / metres)));
    const std::vector<int> columns = blocksAlong(size, static_cast<int>(60 / metres), static_cast<int>(180 / metres), road, rng);
    const std::vector<int> rows = blocksAlong(size, static_cast<int>(60 / metres), static_cast<int>(180 / metres), road, rng);
    // Land covers: fields, trees, water, roofs (grey, red, blue), bare ground.
    static const std::uint8_t covers[][3] = {{118, 150, 72}, {96, 132, 60}, {52, 88, 48}, {70, 110, 130},
                                             {150, 150, 146}, {168, 92, 74}, {96, 120, 150}, {172, 154, 118}};
    const std::uint8_t roadColour[3] = {112, 112, 110};
    std::vector<std::uint8_t> strip(static_cast<std::size_t>(size) * kBlock * 3);
    for (int y0 = 0; y0 < size; y0 += kBlock) {
        const int height = std::min(kBlock, size - y0);
        for (int dy = 0; dy < height; ++dy) {
            const int y = y0 + dy;
            std::uint8_t* out = &strip[static_cast<std::size_t>(dy) * size * 3];
            for (int x = 0; x < size; ++x, out += 3) {
                const int bx = columns[static_cast<std::size_t>(x)], by = rows[static_cast<std::size_t>(y)];
                const std::uint32_t grain = mix(static_cast<std::uint32_t>(y) * 40503u + static_cast<std::uint32_t>(x));
                const std::uint8_t* colour = roadColour;
                int shade = 0;
                if (bx >= 0 && by >= 0) {
                    const std::uint32_t block = mix(static_cast<std::uint32_t>(by) * 7919u + static_cast<std::uint32_t>(bx));
                    colour = covers[block % std::size(covers)];
                    shade = static_cast<int>((block >> 8) % 24) - 12;   // each block its own shade
                }
                const int noise = static_cast<int>(grain & 15) - 8;
                for (int c = 0; c < 3; ++c) out[c] = static_cast<std::uint8_t>(std::clamp(colour[c] + shade + noise, 0, 255));
            }
        }
        if (ds->RasterIO(GF_Write, 0, y0, size, height, strip.data(), size, height, GDT_Byte, 3, nullptr, 3,
                         static_cast<GSpacing>(size) * 3, 1) != CE_None) {
            const std::string cause = geo::lastGdalError();
            GDALClose(ds);
            throw geo::OutputError(path + ": cannot be written: " + cause);
        }
    }
    finish(ds, path, "AVERAGE");
}

void generateDem(const std::string& path, int size) {
    GenerationSettings settings("DEFLATE");
    GDALDataset* ds = createTiff(path, size, 1, GDT_Float32, {"COMPRESS=DEFLATE", "PREDICTOR=3"});
    struct Hill { double x, y, sigma, height; };
    std::mt19937 rng(4549);
    std::uniform_real_distribution<double> unit(0, 1);
    std::vector<Hill> hills;
    for (int i = 0; i < 12; ++i)
        hills.push_back({unit(rng) * kRasterSide, unit(rng) * kRasterSide, 300 + 900 * unit(rng), 40 + 220 * unit(rng)});
    const double metres = kRasterSide / size;
    std::vector<float> strip(static_cast<std::size_t>(size) * kBlock);
    for (int y0 = 0; y0 < size; y0 += kBlock) {
        const int height = std::min(kBlock, size - y0);
        for (int dy = 0; dy < height; ++dy) {
            const double y = (y0 + dy + 0.5) * metres;   // from the north edge
            for (int x = 0; x < size; ++x) {
                const double px = (x + 0.5) * metres;
                double z = 5;
                for (const Hill& h : hills) {
                    const double d2 = (px - h.x) * (px - h.x) + (y - h.y) * (y - h.y);
                    if (d2 < 25 * h.sigma * h.sigma) z += h.height * std::exp(-d2 / (2 * h.sigma * h.sigma));
                }
                strip[static_cast<std::size_t>(dy) * size + x] = static_cast<float>(z);
            }
        }
        if (ds->GetRasterBand(1)->RasterIO(GF_Write, 0, y0, size, height, strip.data(), size, height, GDT_Float32, 0, 0) != CE_None) {
            const std::string cause = geo::lastGdalError();
            GDALClose(ds);
            throw geo::OutputError(path + ": cannot be written: " + cause);
        }
    }
    finish(ds, path, "AVERAGE");
}

}  // namespace planview::bench
