// Camera placements in the scene frame: a pose (target on the ground, distance, heading, pitch), its
// matrices, conversion to and from the project's lon/lat views (bookmarks, home), and framing.
// Scene axes: x east, y north, z up, metres from the frame origin.
#pragma once
#include <osg/Matrixd>
#include <osg/Vec3d>
#include <vector>
#include "geo/Project.h"
#include "geo/SceneFrame.h"
#include "app/scene/ViewInsets.h"

namespace planview {

/// The perspective camera's vertical field of view, degrees.
constexpr double kFieldOfViewY = 30.0;
/// Pitch limits, degrees above the horizon: never flat along the ground, at most straight down.
constexpr double kMinPitch = 5.0;
constexpr double kMaxPitch = 90.0;

struct CameraPose {
    osg::Vec3d target;        ///< looked-at point, scene metres (z = 0: on the ground)
    double distance = 1000;   ///< metres from the target to the eye
    double heading = 0;       ///< degrees clockwise from north, the direction the camera faces
    double pitch = 45;        ///< degrees above the horizon the eye sits (90 = straight down)
};

/// The home view's pitch when the project sets none (degrees above the horizon).
constexpr double kHomePitch = 50.0;

osg::Vec3d eyeOf(const CameraPose& pose);
/// The view matrix (world to eye) of a pose; no roll: screen up is the heading direction or world up.
osg::Matrixd viewMatrixOf(const CameraPose& pose);
/// The perspective projection used everywhere (kFieldOfViewY), near/far left to OSG to compute.
osg::Matrixd perspectiveProjection(double aspect);

/// The pose a fraction `t` (0..1, clamped) of the way along a flight from `from` to `to`: eased
/// (smoothstep: still at both ends), the target moving in a straight line, the heading turning the
/// short way round, the distance changing geometrically, and, when the targets lie far apart
/// compared with the distances, rising mid-way (up to 1.6× at t = 0.5) so the way there stays in
/// view. Deterministic: the viewer's fly-to and exported tour frames move the same way.
/// t = 0 gives `from` and t = 1 gives `to` exactly.
CameraPose interpolatePose(const CameraPose& from, const CameraPose& to, double t);

/// Ground metres per image pixel at the middle of the image, measured along the screen's horizontal
/// on the ground plane (z = 0) of the scene frame: what a scale bar shows. 0 when the middle of
/// the image does not see the ground.
double groundMetresPerPixel(const osg::Matrixd& view, const osg::Matrixd& projection, double width, double height);

/// The ground (z = 0 of the scene frame) inside the view's frustum, near and far planes included:
/// the points where the frustum's edges cross the ground, in scene metres (the convex hull of them
/// is what the image can show of the ground; see geo::ConvexArea). Empty when it sees no ground.
std::vector<geo::Vec2> groundFootprint(const osg::Matrixd& view, const osg::Matrixd& projection);

/// A project view (lon/lat target, distance, heading, pitch) in the scene frame, and back.
CameraPose poseFromView(const geo::View& view, const geo::SceneFrame& frame);
geo::View viewFromPose(const CameraPose& pose, const geo::SceneFrame& frame);

/// The perspective pose at `heading`/`pitch` whose view of a `width`×`height` pixel image holds the
/// whole box (bounds × 0..maxHeight) inside the free area the insets leave, with a small margin,
/// the box centred in it. Insets that would leave less than a third of the image on an axis are
/// scaled down to leave that much.
CameraPose framingPose(const geo::Extent& bounds, double maxHeight, double heading, double pitch, double width,
                       double height, const ViewInsets& insets);
/// The same over the whole image (no insets), for an image of `aspect` (width / height).
CameraPose framingPose(const geo::Extent& bounds, double maxHeight, double heading, double pitch, double aspect);

/// An orthographic window in eye coordinates (metres).
struct OrthoWindow {
    double left = -1, right = 1, bottom = -1, top = 1;
};
/// The window that holds the box seen from `pose`, grown to `aspect` (width / height) and by
/// `margin` (a fraction of the larger side added on each side), centred on the box.
OrthoWindow orthoWindow(const CameraPose& pose, const geo::Extent& bounds, double maxHeight, double aspect, double margin);
osg::Matrixd orthoProjection(const OrthoWindow& window);

/// Whether the projection matrix is orthographic.
bool isOrthographic(const osg::Matrixd& projection);

}  // namespace planview
