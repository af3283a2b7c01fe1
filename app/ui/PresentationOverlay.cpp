#include "app/ui/PresentationOverlay.h"
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <imgui.h>
#include <imgui_internal.h>
#include <limits>
#include <optional>
#include <set>
#include <unordered_map>
#include "app/scene/CameraViews.h"
#include "app/scene/EnvelopeBuilder.h"
#include "app/scene/LayerStyling.h"
#include "app/ui/ImageCameraOsg.h"
#include "app/ui/MapLegend.h"
#include "app/ui/UiText.h"
#include "geo/InView.h"
#include "geo/LineBreak.h"

namespace planview {

namespace {

// Design sizes, in pixels of a 1080-pixel-high image.
constexpr float kMargin = 28;
constexpr float kTitleSize = 44;
constexpr float kDateSize = 30;
constexpr float kCaptionSize = 34;
constexpr float kLegendSize = 20;
constexpr float kScaleSize = 22;
constexpr float kAttributionSize = 17;
constexpr float kArrowRadius = 40;
constexpr float kScaleBarMaxWidth = 240;
constexpr float kPadding = 14;
// The largest text: the font is rasterized at most this big at 1080 px, then scaled.
constexpr float kLargestText = kTitleSize;

ImU32 rgba(int r, int g, int b, float alpha) {
    return IM_COL32(r, g, b, static_cast<int>(std::lround(std::clamp(alpha, 0.0f, 1.0f) * 255)));
}

ImVec2 lineSize(float size, const std::string& text) { return ImGui::GetFont()->CalcTextSizeA(size, FLT_MAX, 0, text.c_str()); }

// `text` broken into lines no wider than `maxWidth` at `size` pixels by the rules of Chinese
// typesetting (geo::breakLines), measured with the overlay's font.
std::vector<std::string> wrapLines(const std::string& text, float size, float maxWidth) {
    ImFont* font = ImGui::GetFont();
    const float scale = size / font->FontSize;
    return geo::breakLines(
        text, [&](char32_t c) { return static_cast<double>(font->GetCharAdvance(static_cast<ImWchar>(c <= 0xFFFF ? c : 0xFFFD)) * scale); },
        maxWidth);
}

// The size of `lines` at `size` pixels, one under the other.
ImVec2 linesSize(float size, const std::vector<std::string>& lines) {
    ImVec2 extent(0, 0);
    for (const std::string& l : lines) {
        extent.x = std::max(extent.x, lineSize(size, l).x);
        extent.y += size;
    }
    return extent;
}
void drawLines(ImDrawList* draw, float size, ImVec2 at, ImU32 colour, const std::vector<std::string>& lines, bool centred = false) {
    const float width = linesSize(size, lines).x;
    for (const std::string& l : lines) {
        const float x = centred ? at.x + (width - lineSize(size, l).x) / 2 : at.x;
        draw->AddText(ImGui::GetFont(), size, ImVec2(x, at.y), colour, l.c_str());
        at.y += size;
    }
}
ImVec2 textSize(float size, const std::string& text) { return lineSize(size, text); }
void drawText(ImDrawList* draw, float size, ImVec2 at, ImU32 colour, const std::string& text) {
    draw->AddText(ImGui::GetFont(), size, at, colour, text.c_str());
}

// Status values the sample data and the timeline use, in words.
const char* statusWord(const std::string& value) {
    if (value == "planned") return tr(text::kPlanned);
    if (value == "approved") return tr(text::kPresentApproved);
    if (value == "under_construction") return tr(text::kUnderConstruction);
    if (value == "completed") return tr(text::kCompleted);
    if (value == "existing") return tr(text::kPresentExisting);
    return nullptr;
}

void drawNorth(ImDrawList* draw, ImVec2 c, float radius, double heading, float s) {
    // North on screen: the up direction turned against the heading (y grows downwards).
    const float h = static_cast<float>(heading * M_PI / 180.0);
    const ImVec2 n(-std::sin(h), -std::cos(h)), e(-n.y, n.x);
    auto at = [&](float along, float across) { return ImVec2(c.x + n.x * along + e.x * across, c.y + n.y * along + e.y * across); };
    draw->AddCircleFilled(c, radius, IM_COL32(255, 255, 255, 225), 64);
    draw->AddCircle(c, radius, IM_COL32(60, 60, 60, 220), 64, 2.0f * s);
    const float r = radius * 0.78f;
    draw->AddTriangleFilled(at(r, 0), at(-r * 0.15f, -r * 0.36f), at(0, 0), IM_COL32(200, 40, 40, 255));
    draw->AddTriangleFilled(at(r, 0), at(0, 0), at(-r * 0.15f, r * 0.36f), IM_COL32(140, 20, 20, 255));
    draw->AddTriangleFilled(at(-r * 0.7f, 0), at(0, 0), at(-r * 0.15f, -r * 0.36f), IM_COL32(90, 90, 90, 255));
    draw->AddTriangleFilled(at(-r * 0.7f, 0), at(-r * 0.15f, r * 0.36f), at(0, 0), IM_COL32(150, 150, 150, 255));
    // "北" upright, just outside the circle on the north side.
    const float size = kLegendSize * 1.1f * s;
    const std::string label = tr(text::kNorth);
    ImVec2 extent = textSize(size, label);
    ImVec2 p = at(radius + std::max(extent.x, extent.y) * 0.62f, 0);
    draw->AddCircleFilled(p, std::max(extent.x, extent.y) * 0.62f, IM_COL32(255, 255, 255, 200), 32);
    drawText(draw, size, ImVec2(p.x - extent.x / 2, p.y - extent.y / 2), IM_COL32(30, 30, 30, 255), label);
}

std::string lengthLabel(double metres) {
    char buf[64];
    if (metres >= 1000) std::snprintf(buf, sizeof buf, "%g %s", metres / 1000, tr(text::kPresentKilometres));
    else std::snprintf(buf, sizeof buf, "%g %s", metres, tr(text::kPresentMetres));
    return buf;
}

}  // namespace

ScaleBarMark drawScaleBar(ImDrawList* draw, double metresPerPixel, float s, float left, float bottom) {
    ScaleBarMark mark;
    mark.metres = scaleBarMetres(metresPerPixel, kScaleBarMaxWidth * s);
    if (!(mark.metres > 0)) return mark;
    const float pad = kPadding * s, rounding = 8 * s;
    const ImU32 ink = IM_COL32(25, 30, 40, 255), box = IM_COL32(255, 255, 255, 215);
    const float length = static_cast<float>(mark.metres / metresPerPixel);
    const float size = kScaleSize * s, barHeight = 8 * s;
    const std::string label = lengthLabel(mark.metres), zero = "0";
    const ImVec2 labelExtent = textSize(size, label);
    const float x0 = left + pad, x1 = x0 + length;
    const float barBottom = bottom - pad, barTop = barBottom - barHeight;
    const float textTop = barTop - pad * 0.4f - labelExtent.y;
    mark.pixels = length;
    mark.box = {left, textTop - pad * 0.5f, std::max(x1 + labelExtent.x / 2, x1) + pad, barBottom + pad * 0.6f};
    if (!draw) return mark;
    draw->AddRectFilled(ImVec2(mark.box.x0, mark.box.y0), ImVec2(mark.box.x1, mark.box.y1), box, rounding);
    // Two halves, dark and light, as on printed maps.
    const float mid = (x0 + x1) / 2;
    draw->AddRectFilled(ImVec2(x0, barTop), ImVec2(mid, barBottom), IM_COL32(30, 30, 30, 255));
    draw->AddRectFilled(ImVec2(mid, barTop), ImVec2(x1, barBottom), IM_COL32(255, 255, 255, 255));
    draw->AddRect(ImVec2(x0, barTop), ImVec2(x1, barBottom), IM_COL32(30, 30, 30, 255), 0, 0, 1.5f * s);
    const ImVec2 zeroExtent = textSize(size, zero);
    drawText(draw, size, ImVec2(x0 - zeroExtent.x / 2, textTop), ink, zero);
    drawText(draw, size, ImVec2(x1 - labelExtent.x / 2, textTop), ink, label);
    return mark;
}

void drawNorthMark(ImDrawList* draw, ImVec2 centre, float radius, double heading, float s) { drawNorth(draw, centre, radius, heading, s); }

double scaleBarMetres(double metresPerPixel, double maxPixels) {
    if (!(metresPerPixel > 0) || !(maxPixels > 0)) return 0;
    const double most = metresPerPixel * maxPixels;
    double power = std::pow(10.0, std::floor(std::log10(most)));
    for (double step : {5.0, 2.0, 1.0})
        if (step * power <= most * (1 + 1e-9)) return step * power;
    return power;
}

float presentationFontPixels(float imageHeight) {
    // 128 px glyphs: a few hundred of them fit a 4096×4096 atlas (64 MB as RGBA for the GL upload).
    return std::clamp(std::ceil(kLargestText * imageHeight / 1080.0f), 16.0f, 128.0f);
}

std::string presentationGlyphText(const geo::ProjectData& data) {
    std::string text = data.project.title + data.project.attribution;
    text += geo::dataAttribution(data.project, true) + geo::dataAttribution(data.project, false);
    for (const geo::Bookmark& b : data.project.bookmarks) text += b.name;
    for (const geo::Tour& t : data.project.tours) {
        text += t.name;
        for (const geo::TourStop& s : t.stops) text += s.caption;
    }
    for (const geo::LandUseClass& c : geo::landUseClasses()) text += c.code + c.nameZh;
    for (const geo::LoadedLayer& layer : data.layers) {
        text += layer.spec.name;
        for (const auto& [value, colour] : layer.spec.style.colors) text += value;
        for (const auto& [value, label] : layer.spec.style.labels) text += label;
        for (const auto& [value, label] : layer.spec.style.labelsEn) text += label;
    }
    text += "0123456789.,:;-–—/()[]%|·×…°²mkMKabcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ +±（）：；，。、“”";
    text += text::kAllText;
    return text;
}

namespace {

const Phrase& statusPhrase(geo::ProjectStatus status) {
    switch (status) {
    case geo::ProjectStatus::Planned: return text::kPlanned;
    case geo::ProjectStatus::UnderConstruction: return text::kUnderConstruction;
    case geo::ProjectStatus::Completed: return text::kCompleted;
    default: return text::kUnknownStatus;
    }
}

// The legend entries of the features of layer `i` that meet `area` and are drawn in their own colour
// (not hidden or greyed out by the filter), most frequent first: the style's values there, or the
// timeline's statuses when it colours the layer. Empty when none of the layer is in view.
std::vector<LegendEntry> entriesInView(const Scene& scene, std::size_t i, const geo::ConvexArea& area) {
    const geo::LoadedLayer& layer = scene.data().layers[i];
    const geo::MapView& view = scene.shown();
    const auto filter = scene.filter(i);
    const std::vector<bool>* shown = filter && filter->active() ? &filter->shown() : nullptr;
    const geo::FeatureLayer& features = layer.data;
    const std::optional<geo::ProjectTimeline>& t = scene.timeline();
    const bool timeline = view.date && t && t->layer == i;
    const std::string& field = view.layers[i].styleField;
    std::unordered_map<std::string, std::size_t> counts;
    for (std::size_t f = 0; f < features.features.size(); ++f) {
        if ((shown && (f >= shown->size() || !(*shown)[f])) || !area.meets(features.features[f])) continue;
        if (timeline) ++counts[tr(statusPhrase(geo::statusAt(features, features.features[f], t->fields, *view.date)))];
        else ++counts[field.empty() ? std::string() : geo::toString(features.value(features.features[f], field))];
    }
    if (counts.empty()) return {};
    if (timeline) {
        // The timeline's legend names the statuses in words: keep those in view, with their counts there.
        std::vector<LegendEntry> entries;
        for (const LegendEntry& e : mapLegend(scene, i))
            if (auto c = counts.find(e.value); c != counts.end()) entries.push_back(e), entries.back().count = c->second;
        return entries;
    }
    if (field.empty()) return {{"", scene.layerStyle(i).defaultColor, counts.begin()->second, "", ""}};
    // The style the layer is drawn in (the project's own for its field), over the values in view.
    return legendEntries(scene.layerStyle(i), sortedCounts(counts), std::numeric_limits<std::size_t>::max());
}

}  // namespace

std::vector<PresentationLegendGroup> presentationLegend(const Scene& scene, const ImageCamera& camera, std::size_t maxRowsPerGroup) {
    const geo::ProjectData& data = scene.data();
    std::vector<PresentationLegendGroup> groups;
    PresentationLegendGroup singles;   // one row a layer, gathered at the end
    const bool chinese = uiLanguage() == Language::Chinese;
    std::set<std::string> seen;   // a class two layers share (G1 in green space and in land use) is listed once
    // What the image shows of the ground (once the view is known): the legend lists what is there.
    std::optional<geo::ConvexArea> view;
    if (camera.width > 0 && camera.height > 0) view.emplace(groundFootprint(osgView(camera), osgProjection(camera)));
    for (std::size_t i = 0; i < data.layers.size(); ++i) {
        const geo::LoadedLayer& layer = data.layers[i];
        const geo::LayerView& shown = scene.shown().layers[i];
        if (!layer.available() || !shown.visible || layer.data.features.empty()) continue;
        const std::vector<LegendEntry> entries = view ? entriesInView(scene, i, *view) : mapLegend(scene, i);
        if (entries.empty()) continue;
        PresentationLegendGroup group;
        group.heading = layer.spec.name;
        // Rows of classes when the layer is coloured by a field whose values can be named.
        bool readable = !shown.styleField.empty();
        for (const LegendEntry& e : entries) {
            if (e.value.empty() || e.value == "…") continue;
            std::string meaning = chinese ? e.meaningZh : e.meaningEn;
            const char* status = statusWord(e.value);
            if (meaning.empty() && !status) readable = false;
            std::string key = e.value + "|" + geo::colorHex(e.color);
            if (group.rows.size() < maxRowsPerGroup && seen.insert(key).second)
                group.rows.push_back({e.color, meaning.empty() ? (status ? status : e.value) : legendText(e, chinese)});
        }
        if (readable && !group.rows.empty()) {
            groups.push_back(std::move(group));
        } else {
            // The layer's most common colour (in view) stands for it.
            singles.rows.push_back({entries.front().color, layer.spec.name});
        }
    }
    if (!singles.rows.empty()) groups.push_back(std::move(singles));
    // The height-limit envelopes, when the view shows them (first: a view that shows them is about
    // them): the box, and the edges of a box its building breaks.
    if (scene.shown().envelopes)
        groups.insert(groups.begin(), {tr(text::kEnvelopes), {{kEnvelopeFill, tr(text::kEnvelopeLimit)},
                                                              {kEnvelopeExceeded, tr(text::kEnvelopeExceeded)}}});
    return groups;
}

PresentationContent presentationContent(const Scene& scene, const ImageCamera& camera) {
    PresentationContent content;
    content.title = scene.data().project.title;
    content.attribution = geo::dataAttribution(scene.data().project, uiLanguage() == Language::Chinese);
    updatePresentationView(content, scene, camera);
    return content;
}

void updatePresentationView(PresentationContent& content, const Scene& scene, const ImageCamera& camera) {
    content.heading = camera.heading;
    content.metresPerPixel = metresPerPixel(camera);
    content.date = scene.shown().date && scene.timeline() ? geo::formatDate(*scene.shown().date) : "";
    content.legend = presentationLegend(scene, camera);
    const std::optional<geo::CompareView>& compare = scene.shown().compare;
    const bool split = compare && compare->mode == geo::CompareMode::Split;
    const auto& layers = scene.data().layers;
    auto name = [&](int layer) { return layer >= 0 && static_cast<std::size_t>(layer) < layers.size() ? layers[layer].spec.name : ""; };
    content.leftVersion = split ? std::string(tr(text::kBeforeVersion)) + " " + name(compare->before) : "";
    content.rightVersion = split ? std::string(tr(text::kAfterVersion)) + " " + name(compare->after) : "";
}

void drawPresentationOverlay(const PresentationContent& content, float imageHeight) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const float W = display.x, H = display.y > 0 ? display.y : imageHeight;
    const float s = imageHeight / 1080.0f;
    const float margin = kMargin * s, pad = kPadding * s, rounding = 8 * s;
    ImDrawList* draw = ImGui::GetForegroundDrawList();
    const ImU32 ink = IM_COL32(25, 30, 40, 255), box = IM_COL32(255, 255, 255, 215);

    // ---- bottom strip: the attribution, small, across the whole width.
    float bottom = H - margin * 0.6f;
    if (!content.attribution.empty()) {
        const float size = kAttributionSize * s;
        std::vector<std::string> lines = wrapLines(content.attribution, size, W - 2 * margin - pad);
        ImVec2 extent = linesSize(size, lines);
        ImVec2 at(margin, bottom - extent.y);
        draw->AddRectFilled(ImVec2(at.x - pad * 0.5f, at.y - pad * 0.3f), ImVec2(at.x + extent.x + pad * 0.5f, bottom + pad * 0.3f),
                            IM_COL32(255, 255, 255, 170), rounding * 0.5f);
        drawLines(draw, size, at, IM_COL32(60, 60, 60, 255), lines);
        bottom = at.y - pad;
    }

    // ---- bottom right: the north arrow.
    const float radius = kArrowRadius * s;
    const ImVec2 arrowCentre(W - margin - radius, bottom - radius - pad * 0.5f);
    drawNorth(draw, arrowCentre, radius, content.heading, s);
    const float rightReserve = 2 * radius + 2 * margin;

    // ---- bottom left: the scale bar, a round length in metres.
    float leftReserve = margin;
    float rowTop = arrowCentre.y - radius - 2.2f * kLegendSize * s;   // the bottom row's top, "北" included
    const ScaleBarMark bar = drawScaleBar(draw, content.metresPerPixel, s, margin, bottom);
    if (bar.metres > 0) {
        leftReserve = bar.box.x1 + margin;
        rowTop = std::min(rowTop, bar.box.y0);
    }

    // ---- bottom centre: the caption, wrapped between the scale bar and the north arrow; on a narrow
    // (portrait) image, where that gap is too small, above them across the width.
    float legendLimit = rowTop - pad;
    const float captionSize = kCaptionSize * s;
    const float reserve = std::max(leftReserve, rightReserve);
    const bool raised = W - 2 * reserve < std::min(W * 0.5f, 700 * s);
    const float captionWidth = std::min((raised ? W - 2 * margin : W - 2 * reserve) - 3 * pad, 1100 * s);
    const std::vector<std::string> captionLines =
        content.captionAlpha > 0 ? wrapLines(content.caption, captionSize, captionWidth) : std::vector<std::string>{};
    // A stop without a caption still says where it is in the tour.
    if (!captionLines.empty() || (content.captionAlpha > 0 && !content.progress.empty())) {
        const float size = captionSize;
        const float captionBottom = raised ? rowTop - pad : bottom;
        ImVec2 extent = linesSize(size, captionLines);
        if (!captionLines.empty()) extent.y += (captionLines.size() - 1) * size * 0.25f;
        const float a = content.captionAlpha;
        ImVec2 at(W / 2 - extent.x / 2, captionBottom - pad - extent.y);
        if (!captionLines.empty())
            draw->AddRectFilled(ImVec2(at.x - pad * 1.5f, at.y - pad), ImVec2(at.x + extent.x + pad * 1.5f, at.y + extent.y + pad),
                                rgba(20, 32, 60, 0.82f * a), rounding);
        ImVec2 line = at;
        for (const std::string& l : captionLines) {
            drawText(draw, size, ImVec2(line.x + (extent.x - lineSize(size, l).x) / 2, line.y), rgba(255, 255, 255, a), l);
            line.y += size * 1.25f;
        }
        if (!content.progress.empty()) {
            const float small = kLegendSize * s;
            ImVec2 pe = textSize(small, content.progress);
            ImVec2 p(at.x + extent.x + pad * 1.5f - pe.x - pad * 0.3f, at.y - pad - pe.y - pad * 0.4f);
            draw->AddRectFilled(ImVec2(p.x - pad * 0.4f, p.y - pad * 0.2f), ImVec2(p.x + pe.x + pad * 0.4f, p.y + pe.y + pad * 0.2f),
                                rgba(20, 32, 60, 0.7f * a), rounding * 0.5f);
            drawText(draw, small, p, rgba(255, 255, 255, a), content.progress);
        }
        if (raised) legendLimit = std::min(legendLimit, at.y - pad * 2 - kLegendSize * s * 1.4f);
    }

    // ---- top left: the title, and the timeline date under it.
    float top = margin;
    if (!content.title.empty()) {
        const float size = kTitleSize * s;
        std::vector<std::string> lines = wrapLines(content.title, size, W * 0.6f);
        ImVec2 extent = linesSize(size, lines);
        ImVec2 at(margin + pad, top + pad * 0.7f);
        draw->AddRectFilled(ImVec2(margin, top), ImVec2(at.x + extent.x + pad, at.y + extent.y + pad * 0.7f), box, rounding);
        draw->AddRectFilled(ImVec2(margin, top), ImVec2(margin + 6 * s, at.y + extent.y + pad * 0.7f), IM_COL32(200, 40, 40, 255), rounding,
                            ImDrawFlags_RoundCornersLeft);
        drawLines(draw, size, at, ink, lines);
        top = at.y + extent.y + pad * 0.7f + pad * 0.6f;
    }
    if (!content.date.empty()) {
        const float size = kDateSize * s;
        ImVec2 extent = textSize(size, content.date);
        ImVec2 at(margin + pad, top + pad * 0.4f);
        draw->AddRectFilled(ImVec2(margin, top), ImVec2(at.x + extent.x + pad, at.y + extent.y + pad * 0.4f), box, rounding);
        drawText(draw, size, at, ink, content.date);
    }

    // ---- side by side: the divider between the halves, and what each half shows under the title.
    if (!content.leftVersion.empty() || !content.rightVersion.empty()) {
        draw->AddLine(ImVec2(W / 2, 0), ImVec2(W / 2, H), IM_COL32(30, 30, 30, 160), 3 * s);
        draw->AddLine(ImVec2(W / 2, 0), ImVec2(W / 2, H), IM_COL32(255, 255, 255, 255), 1.2f * s);
        const float size = kDateSize * s;
        const float y = top + (content.date.empty() ? 0 : size + pad * 1.4f);
        for (const auto& [label, x] : {std::pair{content.leftVersion, margin}, std::pair{content.rightVersion, W / 2 + margin}}) {
            const ImVec2 extent = textSize(size, label);
            draw->AddRectFilled(ImVec2(x, y), ImVec2(x + extent.x + 2 * pad, y + extent.y + pad * 0.8f), box, rounding);
            drawText(draw, size, ImVec2(x + pad, y + pad * 0.4f), ink, label);
        }
    }

    // ---- top right: the legend, as many groups as fit above the north arrow.
    if (!content.legend.empty()) {
        const float size = kLegendSize * s, line = size * 1.35f, swatchW = size * 1.3f, swatchH = size * 0.8f;
        const float limit = legendLimit;
        float width = 0, height = 0;
        std::size_t groups = 0;
        for (const PresentationLegendGroup& g : content.legend) {
            float h = (g.heading.empty() ? 0 : line) + line * g.rows.size() + (groups ? pad * 0.6f : 0);
            if (margin + pad + height + h + pad > limit) break;
            height += h;
            if (!g.heading.empty()) width = std::max(width, textSize(size, g.heading).x);
            for (const PresentationLegendRow& r : g.rows) width = std::max(width, swatchW + pad * 0.6f + textSize(size, r.label).x);
            ++groups;
        }
        if (groups) {
            const float x1 = W - margin, x0 = x1 - width - 2 * pad;
            draw->AddRectFilled(ImVec2(x0, margin), ImVec2(x1, margin + height + 2 * pad), box, rounding);
            float y = margin + pad;
            for (std::size_t gi = 0; gi < groups; ++gi) {
                const PresentationLegendGroup& g = content.legend[gi];
                if (gi) y += pad * 0.6f;
                if (!g.heading.empty()) {
                    drawText(draw, size, ImVec2(x0 + pad, y + (line - size) / 2), IM_COL32(90, 90, 90, 255), g.heading);
                    y += line;
                }
                for (const PresentationLegendRow& r : g.rows) {
                    const float sy = y + (line - swatchH) / 2;
                    draw->AddRectFilled(ImVec2(x0 + pad, sy), ImVec2(x0 + pad + swatchW, sy + swatchH),
                                        IM_COL32(static_cast<int>(r.color.r * 255), static_cast<int>(r.color.g * 255),
                                                 static_cast<int>(r.color.b * 255), 255), 2 * s);
                    draw->AddRect(ImVec2(x0 + pad, sy), ImVec2(x0 + pad + swatchW, sy + swatchH), IM_COL32(60, 60, 60, 160), 2 * s, 0, s);
                    drawText(draw, size, ImVec2(x0 + pad + swatchW + pad * 0.6f, y + (line - size) / 2), ink, r.label);
                    y += line;
                }
            }
        }
    }
}

}  // namespace planview
