// An ImageCamera's matrices as OSG's, for the panels' code that projects ground points (the UI's
// model itself holds them as plain arrays).
#pragma once
#include <algorithm>
#include <osg/Matrixd>
#include "app/scene/CameraViews.h"
#include "app/ui/UiModel.h"

namespace planview {

inline osg::Matrixd osgView(const ImageCamera& c) { return osg::Matrixd(c.view.data()); }
inline osg::Matrixd osgProjection(const ImageCamera& c) { return osg::Matrixd(c.projection.data()); }

/// Sets the camera an image is drawn with.
inline void setImageCamera(ImageCamera& c, const osg::Matrixd& view, const osg::Matrixd& projection, double width, double height,
                           double heading) {
    std::copy(view.ptr(), view.ptr() + 16, c.view.begin());
    std::copy(projection.ptr(), projection.ptr() + 16, c.projection.begin());
    c.width = width;
    c.height = height;
    c.heading = heading;
}

/// Ground metres a pixel at the image's centre (0 before the first frame).
inline double metresPerPixel(const ImageCamera& c) {
    return groundMetresPerPixel(osgView(c), osgProjection(c), c.width, c.height);
}

}  // namespace planview
