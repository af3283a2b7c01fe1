// A layer's per-feature table on the GPU: one RGBA8 texel per feature, indexed by the feature index
// every vertex carries. RGB is the feature's style colour, alpha its opacity times whether it is
// shown. Restyling or filtering a layer rewrites this small texture, never the geometry.
#pragma once
#include <cstddef>
#include <vector>
#include <osg/Image>
#include <osg/Texture2D>
#include "geo/Style.h"

namespace planview {

class FeatureTable {
public:
    /// Texels per row; the shaders use the same constant (kTableWidth).
    static constexpr int kWidth = 1024;

    explicit FeatureTable(std::size_t featureCount);

    std::size_t size() const { return colors_.size(); }
    /// Sets every feature's colour (`colors` has one entry per feature) and uploads.
    void setColors(const std::vector<geo::Color>& colors);
    /// Shows or hides one feature (hidden features are discarded by the shaders); call commit() after.
    void setShown(std::size_t feature, bool shown);
    const geo::Color& color(std::size_t feature) const { return colors_[feature]; }

    /// Writes the table into the texture image; the next frame uploads it.
    void commit();
    osg::Texture2D* texture() const { return texture_.get(); }

private:
    std::vector<geo::Color> colors_;
    std::vector<bool> shown_;
    osg::ref_ptr<osg::Image> image_;
    osg::ref_ptr<osg::Texture2D> texture_;
};

}  // namespace planview
