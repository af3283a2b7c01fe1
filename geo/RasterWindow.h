// A raster source read window by window into the scene frame: any GDAL raster (GeoTIFF/COG,
// GeoPackage tiles, MBTiles, a WMS/TMS XML description, JPEG/PNG with a world file) warped by GDAL
// into a rectangle of scene metres at a requested number of pixels. GDAL picks the source's overviews
// for coarse windows, so a window over a whole 20,000² orthophoto reads a few hundred kilobytes. A
// north-up raster in the frame's own CRS without nodata, masks or alpha is read by RasterIO over the
// warper's pixel grid instead: the warper's set-up cost several times the read.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>
#include "geo/RasterDescribe.h"

typedef void* GDALDatasetH;
class OGRSpatialReference;

namespace geo {

class SceneFrame;

/// Colours, row by row from the north (top) row: 4 bytes a pixel (R, G, B, A); A = 0 outside the raster.
struct RgbaImage {
    int width = 0, height = 0;
    std::vector<std::uint8_t> pixels;
};

/// Heights in the raster's units, row by row from the north row; NaN where the source has no data
/// (its nodata value, or outside it).
struct HeightGrid {
    int width = 0, height = 0;
    std::vector<float> heights;
    float at(int col, int row) const { return heights[static_cast<std::size_t>(row) * width + col]; }
};

class RasterWindow {
public:
    /// Opens `location` with GDAL. Throws InputError naming it when GDAL cannot open it, it has no
    /// bands, or no georeferencing (neither a CRS nor a geotransform). `assignedCrs` (a layer's
    /// `crs`) overrides the raster's own CRS: for a JPEG or PNG with only a world file.
    static std::shared_ptr<RasterWindow> open(const std::string& location, const std::string& assignedCrs = "");
    ~RasterWindow();
    RasterWindow(const RasterWindow&) = delete;
    RasterWindow& operator=(const RasterWindow&) = delete;

    const RasterDescription& description() const { return description_; }
    const std::string& location() const { return location_; }

    /// The raster's extent in scene metres (its corners and edges transformed into `frame`).
    Extent sceneExtent(const SceneFrame& frame) const;

    /// The rectangle `scene` (scene metres) of `frame` as `width`×`height` colours, pixel centres
    /// spread evenly over it (bilinear resampling from the nearest overview at or finer than the pixel
    /// size). A single band is grey, a colour table is expanded, a fourth band is alpha; other data
    /// types are clipped into 0..255. Safe to call from several threads (reads are serialised).
    /// Throws InputError naming the source when GDAL fails to read.
    RgbaImage readImagery(const SceneFrame& frame, const Extent& scene, int width, int height) const;

    /// The first band over `scene` as heights (bilinear), as readImagery.
    HeightGrid readHeights(const SceneFrame& frame, const Extent& scene, int width, int height) const;

    /// Every band's value at the pixel under `scene` (a point in scene metres of `frame`), as the
    /// source stores it (NaN where a band has its nodata value); nullopt outside the raster. What
    /// the inspector shows for a raster layer under a click. Throws InputError when GDAL fails to read.
    std::optional<std::vector<double>> valuesAt(const SceneFrame& frame, Vec2 scene) const;

    /// The first band's lowest and highest value (GDAL's approximate figures, from an overview where
    /// there is one; nodata left out), worked out once; nullopt when the band has no valid pixel.
    std::optional<std::pair<double, double>> valueRange() const;

private:
    RasterWindow() = default;
    /// Where `scene` lies in the source's pixels when the source is a north-up grid in the frame's
    /// own CRS; nullopt when it must be warped (another CRS, a rotated grid).
    struct PixelWindow;
    std::optional<PixelWindow> pixelWindow(const SceneFrame& frame, const Extent& scene, int width, int height) const;
    /// Reads `bands` bands of `from` over the window (resampled bilinearly by GDAL's RasterIO, from
    /// the overview that fits: no warper to set up) into `out` (band after band, `width`×`height`
    /// each, `type`), and
    /// returns false when GDAL fails; pixels outside the raster keep what `out` held.
    bool readDirect(GDALDatasetH from, const PixelWindow& window, int width, int height, int bands, int type, void* out,
                    int bytesPerValue) const;
    /// Warps the window of `from` into a new MEM dataset with extra gdalwarp `arguments`.
    GDALDatasetH warp(GDALDatasetH from, const SceneFrame& frame, const Extent& scene, int width, int height,
                      const std::vector<std::string>& arguments) const;
    std::string location_;
    RasterDescription description_;
    std::unique_ptr<OGRSpatialReference> srs_;
    GDALDatasetH source_ = nullptr;
    GDALDatasetH imagery_ = nullptr;   // VRTs of the source: colour bands (+ alpha), and the first band
    GDALDatasetH heights_ = nullptr;
    bool imageryHasAlpha_ = false;
    bool imageryAllValid_ = false;   // no nodata, mask or alpha: colours can be read without the warper
    bool heightsAllValid_ = false;
    mutable std::mutex reading_;
    mutable std::optional<std::optional<std::pair<double, double>>> valueRange_;   // once asked
    mutable std::mutex sameCrs_;
    mutable std::map<std::string, bool> sameCrsAsFrame_;   // by the frame's WKT
};

}  // namespace geo
