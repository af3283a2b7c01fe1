#include "app/scene/LabelLayer.h"
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <unordered_map>
#include <osg/Depth>
#include <osgText/Font>
#include "app/scene/LayerBuilders.h"
#include "geo/Log.h"
#include "geo/Triangulate.h"

namespace planview {

namespace {

// Pixel width of UTF-8 text at `size` px: CJK glyphs are square, others about half as wide.
float textWidth(const std::string& utf8, float size) {
    float width = 0;
    for (std::size_t i = 0; i < utf8.size();) {
        unsigned char c = static_cast<unsigned char>(utf8[i]);
        int length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        width += length >= 3 ? size : size * 0.56f;
        i += static_cast<std::size_t>(length);
    }
    return width;
}

constexpr std::size_t kMaxLabelsPerLayer = 20000;

struct Rect {
    float x0, y0, x1, y1;
    bool overlaps(const Rect& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

}  // namespace

std::string findCjkFont() {
    static const char* const candidates[] = {
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    };
    for (const char* path : candidates) {
        std::error_code ec;
        if (std::filesystem::exists(path, ec)) return path;
    }
    return "";
}

LabelLayer::LabelLayer(const std::string& fontPath) {
    setName("labels");
    if (!fontPath.empty()) font_ = osgText::readRefFontFile(fontPath);
    if (!fontPath.empty() && !font_) geo::log().warn("labels: cannot load the font {}; labels are not drawn", fontPath);
    osg::StateSet* s = getOrCreateStateSet();
    s->setMode(GL_DEPTH_TEST, osg::StateAttribute::OFF);
    s->setAttributeAndModes(new osg::Depth(osg::Depth::ALWAYS, 0, 1, false));
    s->setRenderBinDetails(100, "RenderBin");
    setCullingActive(false);
}

void LabelLayer::addLayer(int layerIndex, const geo::LoadedLayer& layer, const std::vector<double>& heights) {
    if (layerVisible_.size() <= static_cast<std::size_t>(layerIndex)) layerVisible_.resize(layerIndex + 1, true);
    if (layerMask_.size() <= static_cast<std::size_t>(layerIndex)) layerMask_.resize(layerIndex + 1, ~0u);
    if (!font_ || layer.spec.label.empty() || layer.data.fieldIndex(layer.spec.label) < 0) return;

    const bool boundary = layer.spec.kind == geo::LayerKind::Boundary;
    const bool points = layer.data.kind == geo::GeometryKind::Point || layer.spec.kind == geo::LayerKind::Points;
    const float size = boundary ? 19.0f : points ? 13.0f : 14.0f;
    // Metres: the side of a square of the feature's area, or its extent; larger features first.
    const auto field = static_cast<std::size_t>(layer.data.fieldIndex(layer.spec.label));   // found: checked above
    const geo::Value null;
    auto valueOf = [&](const geo::Feature& f) -> const geo::Value& { return field < f.values.size() ? f.values[field] : null; };
    std::vector<std::pair<double, std::size_t>> candidates;
    candidates.reserve(layer.data.features.size());
    for (std::size_t i = 0; i < layer.data.features.size(); ++i) {
        const geo::Feature& f = layer.data.features[i];
        // Only NULL and "" have no text (toString() of every feature cost more than the rest here).
        const geo::Value& name = valueOf(f);
        if (std::holds_alternative<std::monostate>(name) ||
            (std::holds_alternative<std::string>(name) && std::get<std::string>(name).empty()))
            continue;
        double area = 0;
        for (const geo::Polygon& p : f.polygons) area += std::abs(geo::area(p));
        candidates.emplace_back(area > 0 ? std::sqrt(area) : std::max(f.bounds.width(), f.bounds.height()), i);
    }
    if (candidates.size() > kMaxLabelsPerLayer) {
        // Tens of thousands of text objects cost memory and placement time for labels that only
        // show when zoomed right in: keep the largest features'.
        std::partial_sort(candidates.begin(), candidates.begin() + kMaxLabelsPerLayer, candidates.end(), std::greater<>());
        geo::log().info("layer {}: labelling the {} largest of {} named features", layer.spec.name, kMaxLabelsPerLayer,
                        candidates.size());
        candidates.resize(kMaxLabelsPerLayer);
    }
    for (const auto& [featureSize, i] : candidates) {
        const geo::Feature& f = layer.data.features[i];
        std::string value = geo::toString(valueOf(f));
        geo::Vec2 at = labelPoint(f);

        Label label;
        label.layer = layerIndex;
        label.feature = i;
        double lift = i < heights.size() ? heights[i] : 0;
        label.anchor = osg::Vec3d(at.x, at.y, boundary ? 0 : lift + 2);
        // Large features stay labelled from far away; small ones only close up.
        // Past 8 km (a province's cities, countries) ten times the feature's size: a map of the
        // world keeps its countries' names from a continent's distance.
        label.fadeEnd = points ? 9000.0 : std::max(std::clamp(featureSize * 40.0, 2500.0, 80000.0), featureSize * 10.0);
        if (boundary) label.fadeEnd = std::max(label.fadeEnd, 40000.0);
        label.fadeStart = label.fadeEnd * 0.8;   // full strength most of the way: faint text over busy parcels is unreadable
        label.priority = (boundary ? 3e6f : points ? 2e6f : 1e6f) + static_cast<float>(featureSize);
        label.widthPx = textWidth(value, size) + 8;
        label.heightPx = size * 1.25f + 4;
        label.size = size;

        label.top = points;
        label.value = value;
        labels_.push_back(std::move(label));
    }
}

osgText::Text* LabelLayer::makeText(Label& label) {
    osg::ref_ptr<osgText::Text> text = new osgText::Text;
    text->setDataVariance(osg::Object::DYNAMIC);
    text->setFont(font_.get());
    const float scale = static_cast<float>(scale_);   // as place() sets it on the texts made before
    const unsigned resolution = static_cast<unsigned>(std::clamp(32.0f * scale, 32.0f, 128.0f));
    text->setFontResolution(resolution, resolution);
    text->setCharacterSize(label.size * scale);
    text->setCharacterSizeMode(osgText::Text::SCREEN_COORDS);
    text->setAxisAlignment(osgText::Text::SCREEN);
    text->setAlignment(label.top ? osgText::Text::CENTER_TOP : osgText::Text::CENTER_CENTER);
    text->setPosition(label.anchor);
    text->setText(label.value, osgText::String::ENCODING_UTF8);
    text->setColor(osg::Vec4(0.10f, 0.10f, 0.12f, 1));
    // A white shadow rather than an outline: osgText 3.6 draws outlines by sampling the glyph
    // texture all around each fragment, which on llvmpipe tripled the frame time.
    text->setBackdropType(osgText::Text::DROP_SHADOW_BOTTOM_RIGHT);
    text->setBackdropColor(osg::Vec4(1, 1, 1, 0.9f));
    text->setBackdropOffset(0.08f);
    text->setNodeMask(0);
    // Its bound is the anchor's, not the drawn text's: culled by a tile's frustum, a label
    // crossing a tile seam lost its part in the neighbouring tile. Few labels show at once.
    text->setCullingActive(false);
    addChild(text);
    label.text = text;
    return text.get();
}

void LabelLayer::finish() {
    std::stable_sort(labels_.begin(), labels_.end(), [](const Label& a, const Label& b) { return a.priority > b.priority; });
}

void LabelLayer::setLayerVisible(int layerIndex, bool visible) {
    if (layerIndex >= 0 && static_cast<std::size_t>(layerIndex) < layerVisible_.size()) layerVisible_[layerIndex] = visible;
}

void LabelLayer::setLayerMask(int layerIndex, unsigned mask) {
    if (layerIndex < 0 || static_cast<std::size_t>(layerIndex) >= layerMask_.size()) return;
    layerMask_[layerIndex] = mask;
    for (Label& label : labels_)
        if (label.layer == layerIndex && label.text && label.shown) label.text->setNodeMask(mask);
}

void LabelLayer::setFeaturesShown(int layerIndex, const std::vector<bool>& shown) {
    for (Label& label : labels_)
        if (label.layer == layerIndex) label.featureShown = shown.empty() || (label.feature < shown.size() && shown[label.feature]);
}

void LabelLayer::place(const LabelView& view) {
    const osg::Matrixd viewProjection = view.view * view.projection;
    const osg::Vec3d eye = osg::Vec3d(0, 0, 0) * osg::Matrixd::inverse(view.view);
    const bool ortho = view.projection(3, 3) == 1.0;
    const float scale = static_cast<float>(std::clamp(view.scale, 0.25, 16.0));
    if (scale != scale_) {
        // Larger labels on a larger presented image, their glyphs rasterized near the size drawn.
        scale_ = scale;
        const unsigned resolution = static_cast<unsigned>(std::clamp(32.0f * scale, 32.0f, 128.0f));
        for (Label& label : labels_) {
            if (!label.text) continue;   // made at this scale when first shown
            label.text->setFontResolution(resolution, resolution);
            label.text->setCharacterSize(label.size * scale);
        }
    }
    // Buckets of accepted rectangles on a coarse grid keep the overlap test cheap with many labels.
    const float cell = 128 * scale;
    const int columns = std::max(1, static_cast<int>(std::ceil(view.width / cell)));
    const int rows = std::max(1, static_cast<int>(std::ceil(view.height / cell)));
    std::vector<std::vector<Rect>> grid(static_cast<std::size_t>(columns * rows));
    // The same name twice close together (a project and the parcel it sits on) is shown once.
    std::unordered_map<std::string, std::vector<Rect>> shownByText;
    const float kSameTextDistance = 160 * scale;
    shown_ = 0;
    for (Label& label : labels_) {
        bool show = layerVisible_[label.layer] && label.featureShown;
        float alpha = 0;
        Rect rect{};
        if (show) {
            osg::Vec4d clip = osg::Vec4d(label.anchor, 1.0) * viewProjection;
            show = clip.w() > 0;
            if (show) {
                double x = (clip.x() / clip.w() * 0.5 + 0.5) * view.width;
                double y = (clip.y() / clip.w() * 0.5 + 0.5) * view.height;
                float w = label.widthPx * scale, h = label.heightPx * scale;
                float top = label.top ? static_cast<float>(y) : static_cast<float>(y) + h / 2;
                rect = {static_cast<float>(x) - w / 2, top - h, static_cast<float>(x) + w / 2, top};
                show = rect.x1 > 0 && rect.x0 < view.width && rect.y1 > 0 && rect.y0 < view.height;
            }
        }
        if (show) {
            // In an orthographic view the eye distance means nothing: fade by the scale instead, as
            // the distance from which a 30° perspective view would show the same height of ground.
            double distance = ortho ? (2.0 / std::abs(view.projection(1, 1))) / 0.5359 : (label.anchor - eye).length();
            double t = (distance - label.fadeStart) / std::max(label.fadeEnd - label.fadeStart, 1.0);
            alpha = static_cast<float>(1.0 - std::clamp(t, 0.0, 1.0));
            show = alpha > 0.04f;
        }
        if (show) {
            for (const Rect& other : shownByText[label.value])
                if (std::abs((other.x0 + other.x1) - (rect.x0 + rect.x1)) / 2 < kSameTextDistance &&
                    std::abs((other.y0 + other.y1) - (rect.y0 + rect.y1)) / 2 < kSameTextDistance)
                    show = false;
        }
        if (show) {
            int cx0 = std::clamp(static_cast<int>(rect.x0 / cell), 0, columns - 1);
            int cx1 = std::clamp(static_cast<int>(rect.x1 / cell), 0, columns - 1);
            int cy0 = std::clamp(static_cast<int>(rect.y0 / cell), 0, rows - 1);
            int cy1 = std::clamp(static_cast<int>(rect.y1 / cell), 0, rows - 1);
            for (int cy = cy0; cy <= cy1 && show; ++cy)
                for (int cx = cx0; cx <= cx1 && show; ++cx)
                    for (const Rect& other : grid[static_cast<std::size_t>(cy * columns + cx)])
                        if (rect.overlaps(other)) {
                            show = false;
                            break;
                        }
            if (show) shownByText[label.value].push_back(rect);
            if (show)
                for (int cy = cy0; cy <= cy1; ++cy)
                    for (int cx = cx0; cx <= cx1; ++cx) grid[static_cast<std::size_t>(cy * columns + cx)].push_back(rect);
        }
        label.shown = show;
        if (!show) {
            if (label.text) label.text->setNodeMask(0u);
            continue;
        }
        // Made the first time it shows: most labels of a large layer never do at a given view, and
        // making tens of thousands of texts cost more than half a second of every load.
        if (!label.text) makeText(label);
        label.text->setNodeMask(layerMask_[label.layer]);
        ++shown_;
        label.x0 = rect.x0; label.y0 = rect.y0; label.x1 = rect.x1; label.y1 = rect.y1;
        float quantized = std::round(alpha * 16) / 16;
        if (quantized != label.alpha) {
            label.alpha = quantized;
            label.text->setColor(osg::Vec4(0.10f, 0.10f, 0.12f, quantized));
            label.text->setBackdropColor(osg::Vec4(1, 1, 1, 0.9f * quantized));
        }
    }
}

std::vector<LabelLayer::Placed> LabelLayer::placed() const {
    std::vector<Placed> placed;
    for (const Label& label : labels_)
        if (label.shown) placed.push_back({label.value, label.x0, label.y0, label.x1, label.y1, label.alpha});
    return placed;
}

}  // namespace planview
