#include "app/scene/FeatureTable.h"
#include <algorithm>

namespace planview {

FeatureTable::FeatureTable(std::size_t featureCount)
    : colors_(featureCount), shown_(featureCount, true) {
    int rows = static_cast<int>((std::max<std::size_t>(featureCount, 1) + kWidth - 1) / kWidth);
    image_ = new osg::Image;
    image_->allocateImage(kWidth, rows, 1, GL_RGBA, GL_UNSIGNED_BYTE);
    std::fill_n(image_->data(), image_->getTotalSizeInBytes(), 0);
    texture_ = new osg::Texture2D(image_.get());
    texture_->setFilter(osg::Texture::MIN_FILTER, osg::Texture::NEAREST);
    texture_->setFilter(osg::Texture::MAG_FILTER, osg::Texture::NEAREST);
    texture_->setWrap(osg::Texture::WRAP_S, osg::Texture::CLAMP_TO_EDGE);
    texture_->setWrap(osg::Texture::WRAP_T, osg::Texture::CLAMP_TO_EDGE);
    texture_->setResizeNonPowerOfTwoHint(false);
    texture_->setUseHardwareMipMapGeneration(false);
    texture_->setInternalFormat(GL_RGBA8);
    texture_->setDataVariance(osg::Object::DYNAMIC);
}

void FeatureTable::setColors(const std::vector<geo::Color>& colors) {
    std::copy_n(colors.begin(), std::min(colors.size(), colors_.size()), colors_.begin());
    commit();
}

void FeatureTable::setShown(std::size_t feature, bool shown) {
    if (feature < shown_.size()) shown_[feature] = shown;
}

void FeatureTable::commit() {
    auto byte = [](float v) { return static_cast<unsigned char>(std::clamp(v, 0.0f, 1.0f) * 255.0f + 0.5f); };
    unsigned char* texel = image_->data();
    for (std::size_t i = 0; i < colors_.size(); ++i, texel += 4) {
        const geo::Color& c = colors_[i];
        texel[0] = byte(c.r);
        texel[1] = byte(c.g);
        texel[2] = byte(c.b);
        texel[3] = shown_[i] ? byte(c.a) : 0;
    }
    image_->dirty();
}

}  // namespace planview
