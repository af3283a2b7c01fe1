// Two versions side by side (geo::CompareMode::Split): the scene drawn twice from one camera, each
// copy in one half of the image. A half shows what the whole image's projection shows around its
// centre, moved a quarter of the image's width left or right: the same scale and vertical field of
// view, half the horizontal one, so both halves are narrower views of the one camera and every
// navigation moves both. The scene's compare swipe, held in the middle (Scene::apply), keeps the
// before version to the left half and the after version to the right; everything else is in both.
#pragma once
#include <osg/Camera>
#include <osg/Group>
#include <osg/Matrixd>
#include <osg/Scissor>

namespace planview {

/// Node masks of what only one half draws (the labels of a compared version): each half's camera
/// culls the other's bit; everything else (masks with both bits) is drawn in both.
constexpr unsigned kLeftHalfOnlyMask = 0x100, kRightHalfOnlyMask = 0x200;

/// The half a pixel column of an image `width` pixels wide falls in: -1 left, 1 right.
inline int splitSideAt(double x, double width) { return x < width / 2 ? -1 : 1; }
/// The projection half `side` (-1 left, 1 right) is drawn with, in the whole image's clip space:
/// the whole image's projection moved a quarter of the image's width toward the half's centre.
osg::Matrixd splitHalfProjection(const osg::Matrixd& whole, int side);
/// A half as an image of its own (half the width, the whole height): where labels are placed.
osg::Matrixd splitHalfImageProjection(const osg::Matrixd& whole);
/// A normalized window x (-1..1) in half `side` as the normalized x of the whole image's projection
/// that shows the same ground.
inline double splitViewX(double x, int side) { return x - side * 0.5; }

class SplitView {
public:
    /// Pixels between the halves, where the window's clear colour shows as a divider.
    static constexpr double kDividerPixels = 2;

    /// `scene` drawn once; setSplit draws it in two halves (shared, not copied).
    explicit SplitView(osg::Node* scene);
    /// What the camera draws: the scene, or its two halves. It stays the camera's scene data: a new
    /// one would send the viewer's camera home and start a new pager for paged models.
    osg::Group* root() const { return root_.get(); }
    void setSplit(bool split);
    bool split() const { return split_; }
    /// While split: lays the halves out for a tile of the whole image (the whole image itself when not tiled):
    /// where the tile begins in it and its size, in pixels. The tile's camera has the tile's share of
    /// the whole image's projection (OffscreenRenderer).
    void layout(double imageWidth, double tileX, double tileWidth, double tileHeight);

private:
    osg::ref_ptr<osg::Node> scene_;
    osg::ref_ptr<osg::Group> root_, halvesGroup_;
    bool split_ = false;
    osg::ref_ptr<osg::Camera> halves_[2];
    osg::ref_ptr<osg::Scissor> scissors_[2];
};

}  // namespace planview
