// Raster and print export of the map (issue 7): the orthographic top view in map colours as a
// georeferenced GeoTIFF, and a GeoPDF page (A3 or A4 landscape) of the top view with the
// presentation overlay's title, legend, scale bar and north arrow. Used by `planview export` for .tif
// and .pdf targets and, through exportMap, by the viewer's "export the current map".
#pragma once
#include <optional>
#include <string>
#include <vector>
#include "app/render/ViewRenderer.h"
#include "geo/MapView.h"
#include "geo/ProjectData.h"

namespace planview {

/// Paper sizes of a PDF map, landscape, in millimetres.
struct PaperSize {
    const char* name;
    double widthMm, heightMm;
};
/// A3 (420 × 297 mm) or A4 (297 × 210 mm), case-insensitive; null for anything else.
const PaperSize* paperSize(const std::string& name);

struct MapExportOptions {
    std::string output;          ///< target path
    std::string format;          ///< "GTiff" or "PDF" (case-insensitive); "" = from the output's extension
                                 ///< (.tif/.tiff, .pdf)
    bool overwrite = false;      ///< replace an existing target (otherwise OutputError, exit 3)
    // GeoTIFF: the image size in pixels. 0 × 0 = 4096 pixels on the longer side, the other side
    // following the data's extent; one side 0 = that side from the data's aspect.
    int width = 0, height = 0;
    // PDF: the page (landscape) and the raster's resolution on it. The page is paper at dpi pixels:
    // A3 at 200 dpi is 3307 × 2339 pixels.
    std::string paper = "A3";
    double dpi = 200;
    bool labels = true;          ///< feature labels on the PDF map (the GeoTIFF never has any)
    std::string title;           ///< the PDF's title; "" = the project's title
    /// The map to draw (layers, filters, timeline date; its camera is ignored: the map is the top
    /// view); none = as the project describes it. The viewer passes its own, so the export shows
    /// what the viewer shows. The PDF's legend follows.
    std::optional<geo::MapView> view;
};

struct MapExportReport {
    std::string output, format;
    int width = 0, height = 0;       ///< pixels
    double metresPerPixel = 0;       ///< ground resolution
    double pageWidthMm = 0, pageHeightMm = 0;   ///< PDF only
    double renderMs = 0;             ///< drawing the view (all tiles)
};

/// Exports the map of `data` (every loaded, visible layer in its project style) to
/// options.output: a GeoTIFF (map colours only: no edges, grid, labels or overlay; the scene
/// frame's CRS and a north-up geotransform) or a one-page GeoPDF (the top view framed with a margin
/// on the page, labels, the presentation overlay sized to the page, the same CRS and geotransform
/// so GIS tools place it). Written to a temporary file beside the target and renamed into place when
/// complete. Renders offscreen (starts a private Xvfb when there is no display), so it can be called
/// from the viewer's thread while its window is open; it takes seconds at print sizes.
/// Throws geo::OutputError when the target exists (without overwrite) or cannot be written,
/// geo::InputError for an unknown format or paper, a bad size or dpi, or data with nothing to draw.
MapExportReport exportMap(const geo::ProjectData& data, const std::string& executablePath, const MapExportOptions& options);

/// "GTiff" or "PDF" for options.format or the output's extension; "" when neither.
std::string mapFormatFor(const std::string& format, const std::string& output);

/// The renderer's settings for a map image: orthographic, map colours only (no edges, grid, labels
/// or UI, no multisampling), `width` × `height`. `planview render --view top --ortho -o x.tif` and
/// the GeoTIFF export both draw with these.
RenderSettings mapImageSettings(int width, int height);

/// Writes a rendered orthographic top view as a GeoTIFF in the scene frame's CRS (atomically, see
/// ImageWriter). Throws geo::OutputError, or geo::InputError when the view has no geotransform
/// (not straight down and north up).
void writeViewGeoTiff(const std::string& path, const RenderedView& view, const geo::SceneFrame& frame);

}  // namespace planview
