// The presentation overlay (issue 6): what is on screen in presentation mode and in presented stills
// and tour frames, over the map and without panels: the project title, the current stop's caption,
// the legend of the visible styles, a north arrow, a scale bar in metres, the timeline date when
// one is active, and the data's attribution. Drawn with ImGui's foreground draw list (no windows),
// every size in proportion to the image height (designed at 1080 px), so an 8K still carries the
// same overlay as a 1080p one, four times larger.
#pragma once
#include <string>
#include <vector>
#include <imgui.h>
#include "app/ui/ScreenLayout.h"
#include "app/ui/UiModel.h"
#include "geo/ProjectData.h"
#include "geo/Style.h"

namespace planview {

class Scene;

struct UiState;

/// One row of the presentation legend: a colour swatch and its label.
struct PresentationLegendRow {
    geo::Color color;
    std::string label;
};

/// A layer's part of the legend: a heading (the layer's name; "" for a single row) and its rows.
struct PresentationLegendGroup {
    std::string heading;
    std::vector<PresentationLegendRow> rows;
};

/// What the overlay shows; empty strings and empty lists are left out.
struct PresentationContent {
    std::string title;                              ///< the project's title
    std::string caption;                            ///< the current tour stop's caption
    float captionAlpha = 1.0f;                      ///< 0..1, for fading a caption in
    std::string progress;                           ///< e.g. "2 / 6" beside the caption
    std::vector<PresentationLegendGroup> legend;
    double heading = 0;                             ///< camera heading, degrees clockwise from north
    double metresPerPixel = 0;                      ///< ground metres per image pixel at the view's centre
                                                    ///< (groundMetresPerPixel); 0 hides the scale bar
    std::string date;                               ///< the timeline date ("2018-06-30"), "" when none
    std::string attribution;                        ///< who made the data (geo::dataAttribution)
    /// Two versions side by side (geo::CompareMode::Split): what each half shows, e.g. "前 用地";
    /// both "" when not side by side.
    std::string leftVersion, rightVersion;
};

/// Draws `content` over the whole ImGui display (call inside an ImGui frame; ImGui's display size
/// is the whole image, tiles or not). Every size is `imageHeight / 1080` times its design size.
/// Text is drawn with the current font scaled to the design size: for sharp text, the font atlas
/// should be rasterized at presentationFontPixels(imageHeight) (or larger).
void drawPresentationOverlay(const PresentationContent& content, float imageHeight);

/// The font size (pixels) the overlay's largest text needs at `imageHeight`, capped so the atlas of
/// presentationGlyphText stays within a 4096² texture (text beyond the cap is scaled up from it).
float presentationFontPixels(float imageHeight);

/// Every character the overlay may show for `data` (title, captions, legend, attribution, the
/// overlay's phrases): with a font atlas of only these glyphs, large sizes stay small in memory.
std::string presentationGlyphText(const geo::ProjectData& data);

/// The legend of the visible layers as the scene draws them (its map view), listing what the image
/// shows: once the camera is set (width, height, view and projection), only the classes of the features
/// whose ground geometry meets the ground in the view's frustum (groundFootprint), most frequent
/// there first. A group per categorized layer (land-use classes by their GB 50137 names, project
/// status in words, at most `maxRowsPerGroup` values) and one row for each layer drawn in one
/// colour or by values without a
/// readable name.
std::vector<PresentationLegendGroup> presentationLegend(const Scene& scene, const ImageCamera& camera,
                                                        std::size_t maxRowsPerGroup = 64);

/// The content for the scene's map seen by `camera`: title, attribution (geo::dataAttribution in the
/// UI's language: it opens the sources, so make this once, not every frame), legend, and the view
/// (see updatePresentationView). No caption: set it from the tour being played.
PresentationContent presentationContent(const Scene& scene, const ImageCamera& camera);
/// Refreshes what changes from frame to frame: the heading, the ground scale (from the camera's
/// matrices and image size), the timeline date when the map has one, the legend, and the versions
/// side by side.
void updatePresentationView(PresentationContent& content, const Scene& scene, const ImageCamera& camera);

/// A scale bar as drawn: its round length, its length on screen and the white box around it.
struct ScaleBarMark {
    double metres = 0;          ///< 0: no bar (no ground at the view's centre)
    float pixels = 0;           ///< the bar's length, pixels: metres / metresPerPixel
    ScreenRect box;
};
/// The overlay's scale bar (the presentation's, the viewer's and the exported map's): a round
/// length (scaleBarMetres) of at most 240 × `s` pixels, `s` times its design size at 1080 px, its
/// box's left edge at `left` and its bar `kPadding × s` above `bottom`. `draw` = nullptr measures
/// without drawing (to place it by its size).
ScaleBarMark drawScaleBar(ImDrawList* draw, double metresPerPixel, float s, float left, float bottom);
/// The overlay's north arrow: a compass of `radius` pixels centred at `centre`, turned against
/// `heading` (degrees clockwise from north), with "北"/"N" outside it on the north side.
void drawNorthMark(ImDrawList* draw, ImVec2 centre, float radius, double heading, float s);

/// The scale bar's length for `metresPerPixel`: the largest round length (1, 2 or 5 × 10^k metres)
/// no longer than `maxPixels`. 0 when metresPerPixel is not positive.
double scaleBarMetres(double metresPerPixel, double maxPixels);

}  // namespace planview
