// Feature labels: osgText in a CJK font, screen-aligned and of fixed pixel size, placed each frame so
// that no two overlap (higher priority first) and fading out with distance from the eye.
#pragma once
#include <string>
#include <vector>
#include <osg/Group>
#include <osg/Matrixd>
#include <osgText/Font>
#include <osgText/Text>
#include "geo/ProjectData.h"

namespace planview {

/// The camera the labels are placed for: the whole image, also when it is rendered in tiles.
struct LabelView {
    osg::Matrixd view, projection;
    double width = 0, height = 0;   ///< pixels
    double scale = 1;               ///< label size factor: image height / 1080 for presented stills, else 1
};

/// The first CJK font found among the Debian packages' paths (fonts-wqy-microhei, fonts-noto-cjk),
/// or "" when none is installed.
std::string findCjkFont();

class LabelLayer : public osg::Group {
public:
    /// `fontPath` "" draws no labels (a warning is logged by the caller).
    explicit LabelLayer(const std::string& fontPath);

    /// Adds the labels of one layer (its `label` field; nothing when the spec has none).
    /// `heights` lifts labels onto extruded roofs.
    void addLayer(int layerIndex, const geo::LoadedLayer& layer, const std::vector<double>& heights);
    /// Orders labels by priority; call once after the last addLayer().
    void finish();

    void setLayerVisible(int layerIndex, bool visible);
    /// The node mask the layer's shown labels take: ~0 (everywhere), or one half's mask of a split
    /// image (SplitView: the labels of a compared version, in its half only).
    void setLayerMask(int layerIndex, unsigned mask);
    /// Hides the labels of filtered-out features (one flag per feature of the layer; empty shows all).
    void setFeaturesShown(int layerIndex, const std::vector<bool>& shown);

    /// Declutters and fades for `view`: call before each frame's cull (the viewer after its event
    /// traversal, so labels follow the camera of the frame they are drawn in).
    void place(const LabelView& view);

    std::size_t labelCount() const { return labels_.size(); }
    std::size_t shownCount() const { return shown_; }

    /// A label shown by the last place(): its text, its box in pixels (y up) and its opacity.
    struct Placed {
        std::string text;
        float x0, y0, x1, y1;
        float alpha;
    };
    /// The labels the last place() showed, in placement order (made on request: for tests).
    std::vector<Placed> placed() const;

private:
    struct Label {
        osg::ref_ptr<osgText::Text> text;   ///< null until place() first shows it
        std::string value;
        osg::Vec3d anchor;
        float widthPx = 0, heightPx = 0;   ///< at scale 1
        float size = 14;                   ///< character size at scale 1, pixels
        bool top = false;                  ///< hangs below its anchor (points) rather than centred on it
        float priority = 0;
        double fadeStart = 0, fadeEnd = 0;   ///< eye distances (metres) where fading begins and ends
        int layer = 0;
        std::size_t feature = 0;
        bool featureShown = true;
        float alpha = -1;
        bool shown = false;
        float x0 = 0, y0 = 0, x1 = 0, y1 = 0;   ///< its box at the last place(), pixels
    };
    /// The label's text drawable, at the current scale, added as a child (hidden until placed).
    osgText::Text* makeText(Label& label);

    osg::ref_ptr<osgText::Font> font_;
    std::vector<Label> labels_;
    std::vector<bool> layerVisible_;
    std::vector<unsigned> layerMask_;
    std::size_t shown_ = 0;
    double scale_ = 1;
};

}  // namespace planview
