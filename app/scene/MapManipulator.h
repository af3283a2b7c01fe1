// The viewer's camera control, as in a map: drag to pan (the ground point under the cursor stays
// under it), right-drag (or middle-drag, or Shift+drag) to orbit, wheel to zoom toward the cursor.
// No roll; the eye never goes below the ground or under kMinPitch. Space / Home: home view.
#pragma once
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

    /// The ground point (z = 0) seen through normalized window position (-1..1, y up), or nullopt
    /// above the horizon.
    std::optional<osg::Vec3d> groundPoint(const osg::Camera& camera, double x, double y) const;

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
    void zoom(const osg::Camera& camera, double x, double y, double factor);

    CameraPose pose_, homePose_;
    double minDistance_ = 5, maxDistance_ = 5e5;
    Drag drag_ = Drag::None;
    std::optional<osg::Vec3d> grabbed_;
    double lastX_ = 0, lastY_ = 0;
    struct Flight {
        CameraPose from, to;
        double start = -1, seconds = 0;
    };
    std::optional<Flight> flight_;
};

}  // namespace planview
