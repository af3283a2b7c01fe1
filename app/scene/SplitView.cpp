#include "app/scene/SplitView.h"
#include <algorithm>
#include <cmath>

namespace planview {

osg::Matrixd splitHalfProjection(const osg::Matrixd& whole, int side) {
    // A translation of clip space: x' = x + t·w moves the image by t in normalized coordinates
    // (perspective or orthographic alike), and leaves depth as it was.
    return whole * osg::Matrixd::translate(side * 0.5, 0, 0);
}

osg::Matrixd splitHalfImageProjection(const osg::Matrixd& whole) { return whole * osg::Matrixd::scale(2, 1, 1); }

SplitView::SplitView(osg::Node* scene) : scene_(scene) {
    root_ = new osg::Group;
    root_->setName("drawn");
    root_->addChild(scene);
    halvesGroup_ = new osg::Group;
    halvesGroup_->setName("side by side");
    for (int i = 0; i < 2; ++i) {
        osg::ref_ptr<osg::Camera> half = new osg::Camera;
        half->setName(i == 0 ? "left half" : "right half");
        // Drawn in the frame of the camera above (its view, its tile's projection), with a shift
        // after its projection (layout), cut to the half by a scissor; the camera above clears.
        half->setReferenceFrame(osg::Transform::RELATIVE_RF);
        half->setTransformOrder(osg::Camera::POST_MULTIPLY);
        half->setRenderOrder(osg::Camera::NESTED_RENDER);
        half->setClearMask(0);
        half->setViewMatrix(osg::Matrixd::identity());
        half->setInheritanceMask(half->getInheritanceMask() & ~osg::CullSettings::CULL_MASK);
        half->setCullMask(~(i == 0 ? kRightHalfOnlyMask : kLeftHalfOnlyMask));
        scissors_[i] = new osg::Scissor(0, 0, 1, 1);
        osg::StateSet* state = half->getOrCreateStateSet();
        state->setAttributeAndModes(scissors_[i].get(), osg::StateAttribute::ON);
        half->addChild(scene);
        halves_[i] = half;
        halvesGroup_->addChild(half.get());
    }
}

void SplitView::setSplit(bool split) {
    if (split == split_) return;
    split_ = split;
    // One of the two under the root at a time: the scene's update callbacks run once a frame.
    root_->removeChildren(0, root_->getNumChildren());
    root_->addChild(split ? static_cast<osg::Node*>(halvesGroup_.get()) : scene_.get());
}

void SplitView::layout(double imageWidth, double tileX, double tileWidth, double tileHeight) {
    const double scaleX = imageWidth / std::max(tileWidth, 1.0);   // the tile's stretch of clip space
    for (int i = 0; i < 2; ++i) {
        const int side = i == 0 ? -1 : 1;
        // After the tile's projection: the half's shift, stretched as the tile stretches the image.
        halves_[i]->setProjectionMatrix(osg::Matrixd::translate(side * 0.5 * scaleX, 0, 0));
        // The half's columns of the whole image, less the divider, in the tile's pixels.
        const double x0 = side < 0 ? 0 : imageWidth / 2 + kDividerPixels / 2;
        const double x1 = side < 0 ? imageWidth / 2 - kDividerPixels / 2 : imageWidth;
        const double left = std::clamp(x0 - tileX, 0.0, tileWidth), right = std::clamp(x1 - tileX, 0.0, tileWidth);
        halves_[i]->setNodeMask(right > left ? ~0u : 0u);   // a tile wholly in the other half
        scissors_[i]->setScissor(static_cast<int>(std::lround(left)), 0, static_cast<int>(std::lround(right - left)),
                                 static_cast<int>(std::lround(tileHeight)));
    }
}

}  // namespace planview
