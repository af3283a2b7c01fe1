#include "app/render/FrameDrawCalls.h"
#include <osg/FrameStamp>
#include <osg/RenderInfo>
#include <osg/Stats>

namespace planview {

namespace {
const char* const kAttribute = "Visible number of PrimitiveSets";
}

void enableDrawCallCount(osg::Camera& camera) {
    if (!camera.getStats()) camera.setStats(new osg::Stats("camera"));
    camera.getStats()->collectStats("scene", true);
}

int frameDrawCalls(osg::Camera& camera, unsigned frameNumber) {
    double calls = 0;
    if (!camera.getStats() || !camera.getStats()->getAttribute(frameNumber, kAttribute, calls)) return -1;
    return static_cast<int>(calls);
}

void DrawCallCounter::operator()(osg::RenderInfo& renderInfo) const {
    osg::ref_ptr<osg::Camera> camera;
    const osg::FrameStamp* stamp = renderInfo.getState() ? renderInfo.getState()->getFrameStamp() : nullptr;
    if (!sink_ || !stamp || !camera_.lock(camera)) return;
    const int calls = frameDrawCalls(*camera, stamp->getFrameNumber());
    if (calls >= 0) sink_(calls);
}

}  // namespace planview
