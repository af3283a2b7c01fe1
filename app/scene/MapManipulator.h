// The viewer's camera control, as in a map: drag to pan (the ground point under the cursor stays
// under it), right-drag (or middle-drag, or Shift+drag) to orbit, wheel to zoom toward the cursor.
// No roll; the eye never goes below the ground or under kMinPitch, and, given the scene's surface
// (setSurfaceHeight), never into a building: it keeps kEyeClearance above whatever stands under or
// near it. Space / Home: home view.
#pragma once
#include <functional>
#include <optional>
#include <osg/Camera>
#include <osgGA/CameraManipulator>
#include "app/scene/CameraViews.h"

namespace planview {

class MapManipulator : public osgGA::CameraManipulator {
public:
    MapManipulator();

    const CameraPose& pose() const { return pose_; }
    void setPose(const CameraPose& pose);
    void setHomePose(const CameraPose& pose) { homePose_ = pose; }
    const CameraPose& homePose() const { return homePose_; }
    /// Moves smoothly to `pose` over `seconds` (0 jumps), one step per FRAME event, along
    /// interpolatePose (the path exported tour frames take too).
    void flyTo(const CameraPose& pose, double seconds = 1.2);
    /// Whether a flight is under way (an on-demand frame loop must keep drawing).
    bool flying() const { return flight_.has_value(); }
    /// Zoom limits in metres from the target.
    void setDistanceLimits(double minDistance, double maxDistance);

    /// The height (metres, scene frame) of the tallest thing standing at (x, y) or within `radius`
    /// metres of it: roofs, the ground (0), terrain when there is some.
    using SurfaceHeight = std::function<double(double x, double y, double radius)>;
    /// Metres the eye keeps above the surface under and near it.
    static constexpr double kEyeClearance = 3.0;
    /// How far around the eye (metres, horizontally) the surface is looked at: the eye keeps this far
    /// from a wall it is below the top of.
    static constexpr double kEyeRadius = 5.0;
    /// From now on every pose (set, flown, panned, orbited, zoomed) keeps the eye kEyeClearance above
    /// `surface`: a wheel zoom toward a building stops above its roof, an orbit that would lower the
    /// eye into one stops, and a pan or a flight passing one rises over it. Null: only the ground
    /// plane and the pitch limits hold. The current pose is lifted at once if it must be.
    void setSurfaceHeight(SurfaceHeight surface);
    /// Whether the pose's eye is clear of the surface (always true without one).
    bool eyeClear(const CameraPose& pose) const;

    /// Where a ray (origin, direction; points origin + t·direction, t ≥ 0) first meets the ground.
    using GroundHit = std::function<std::optional<osg::Vec3d>(const osg::Vec3d& origin, const osg::Vec3d& direction)>;
    /// The ground's shape (the scene's terrain) for groundPoint; null: the plane z = 0.
    void setGround(GroundHit ground) { ground_ = std::move(ground); }

    /// The ground point seen through normalized window position (-1..1, y up): on the ground
    /// (setGround, else z = 0), or with `level` on the plane z = level (a pan keeps the grabbed
    /// point's height); nullopt above the horizon.
    std::optional<osg::Vec3d> groundPoint(const osg::Camera& camera, double x, double y,
                                          std::optional<double> level = std::nullopt) const;

    /// Side by side (SplitView): the window shows the camera in two halves, each a narrower view of
    /// it; an event's x is taken in the half it is in (a drag's in the half it began in).
    void setSplit(bool split) { split_ = split; }
    /// A normalized window x (-1..1) as the camera's projection sees it: itself, or, split, in its half.
    double viewX(double x) const;

    // osgGA::CameraManipulator
    void setByMatrix(const osg::Matrixd& matrix) override;
    void setByInverseMatrix(const osg::Matrixd& matrix) override { setByMatrix(osg::Matrixd::inverse(matrix)); }
    osg::Matrixd getMatrix() const override { return osg::Matrixd::inverse(viewMatrixOf(pose_)); }
    osg::Matrixd getInverseMatrix() const override { return viewMatrixOf(pose_); }
    void home(const osgGA::GUIEventAdapter& ea, osgGA::GUIActionAdapter& aa) override;
    void home(double) override { flyTo(homePose_, 0); }
    bool handle(const osgGA::GUIEventAdapter& ea, osgGA::GUIActionAdapter& aa) override;
    const char* className() const override { return "MapManipulator"; }

private:
    enum class Drag { None, Pan, Orbit };
    void clamp(CameraPose& pose) const;
    /// Backs the eye away from the target (so up) until it is clear of the surface.
    void liftAboveSurface(CameraPose& pose) const;
    void zoom(const osg::Camera& camera, double x, double y, double factor);

    CameraPose pose_, homePose_;
    double minDistance_ = 5, maxDistance_ = 5e5;
    SurfaceHeight surface_;
    GroundHit ground_;
    Drag drag_ = Drag::None;
    std::optional<osg::Vec3d> grabbed_;
    double lastX_ = 0, lastY_ = 0;
    bool split_ = false;
    int dragSide_ = -1;   // split: the half a drag began in
    struct Flight {
        CameraPose from, to;
        double start = -1, seconds = 0;
    };
    std::optional<Flight> flight_;
};

}  // namespace planview
