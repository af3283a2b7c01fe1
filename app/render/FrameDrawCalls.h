// The draw-call count of a frame, counted one way for the status line of the viewer and of offscreen
// renders and for `planview render --stats`: OSG's "Visible number of PrimitiveSets" of the camera's
// stats, that is the primitive sets the cull traversal left to draw (merged meshes, label glyph sets,
// sky, ground), each one glDraw call. The UI overlay's own draws are not included.
#pragma once
#include <functional>
#include <osg/Camera>
#include <osg/observer_ptr>

namespace planview {

/// Makes `camera` collect the scene statistics the count is read from.
void enableDrawCallCount(osg::Camera& camera);

/// The draw calls of frame `frameNumber` of `camera`, or -1 when its stats hold none for that frame
/// (enableDrawCallCount not called, or the frame not culled yet). Valid from the frame's draw
/// traversal on: the cull traversal, which records it, runs first.
int frameDrawCalls(osg::Camera& camera, unsigned frameNumber);

/// A camera draw callback that hands each frame's count to `sink` before the frame draws. Installed
/// as the camera's initial draw callback, it runs before the final-draw callback that draws the UI,
/// so the status line shows the count of the frame it is drawn in.
class DrawCallCounter : public osg::Camera::DrawCallback {
public:
    /// Counts for `camera` (not owned; the callback is meant to be installed on it).
    DrawCallCounter(osg::Camera* camera, std::function<void(int)> sink) : camera_(camera), sink_(std::move(sink)) {}
    void operator()(osg::RenderInfo& renderInfo) const override;

private:
    osg::observer_ptr<osg::Camera> camera_;
    std::function<void(int)> sink_;
};

}  // namespace planview
