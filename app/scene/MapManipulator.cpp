#include "app/scene/MapManipulator.h"
#include "app/scene/SplitView.h"
#include <algorithm>
#include <cmath>
#include <osgViewer/View>

namespace planview {

MapManipulator::MapManipulator() = default;

void MapManipulator::setDistanceLimits(double minDistance, double maxDistance) {
    minDistance_ = minDistance;
    maxDistance_ = std::max(maxDistance, minDistance);
    clamp(pose_);
    liftAboveSurface(pose_);
}

void MapManipulator::clamp(CameraPose& pose) const {
    pose.pitch = std::clamp(pose.pitch, kMinPitch, kMaxPitch);
    pose.distance = std::clamp(pose.distance, minDistance_, maxDistance_);
    pose.heading = std::fmod(std::fmod(pose.heading, 360.0) + 360.0, 360.0);
    pose.target.z() = 0;
}

void MapManipulator::setSurfaceHeight(SurfaceHeight surface) {
    surface_ = std::move(surface);
    liftAboveSurface(pose_);
}

bool MapManipulator::eyeClear(const CameraPose& pose) const {
    if (!surface_) return true;
    const osg::Vec3d eye = eyeOf(pose);
    return eye.z() >= surface_(eye.x(), eye.y(), kEyeRadius) + kEyeClearance;
}

void MapManipulator::liftAboveSurface(CameraPose& pose) const {
    if (eyeClear(pose)) return;
    // Farther along the line of sight the eye is higher: step out until clear, then close in on the
    // nearest clear distance found (a clear distance is kept at every step).
    double blocked = pose.distance, clear = pose.distance;
    bool found = false;
    for (int i = 0; i < 80 && !found; ++i) {
        blocked = clear;
        clear = clear * 1.25 + 1.0;
        pose.distance = clear;
        found = eyeClear(pose);
    }
    if (!found) return;   // nothing clear within reach: leave the farthest tried
    for (int i = 0; i < 30; ++i) {
        pose.distance = (blocked + clear) / 2;
        (eyeClear(pose) ? clear : blocked) = pose.distance;
    }
    pose.distance = clear;
}

void MapManipulator::setPose(const CameraPose& pose) {
    pose_ = pose;
    clamp(pose_);
    liftAboveSurface(pose_);
    flight_.reset();
}

void MapManipulator::flyTo(const CameraPose& pose, double seconds) {
    CameraPose to = pose;
    clamp(to);
    if (seconds <= 0) {
        setPose(to);
        return;
    }
    flight_ = Flight{pose_, to, -1, seconds};
}

double MapManipulator::viewX(double x) const { return split_ ? splitViewX(x, x < 0 ? -1 : 1) : x; }

std::optional<osg::Vec3d> MapManipulator::groundPoint(const osg::Camera& camera, double x, double y,
                                                      std::optional<double> level) const {
    osg::Matrixd inverse = osg::Matrixd::inverse(viewMatrixOf(pose_) * camera.getProjectionMatrix());
    osg::Vec3d nearPoint = osg::Vec3d(x, y, -1) * inverse, farPoint = osg::Vec3d(x, y, 1) * inverse;
    osg::Vec3d direction = farPoint - nearPoint;
    osg::Vec3d hit;
    if (ground_ && !level) {
        std::optional<osg::Vec3d> found = ground_(nearPoint, direction);
        if (!found) return std::nullopt;
        hit = *found;
    } else {
        if (direction.z() >= -1e-9) return std::nullopt;
        double t = (level.value_or(0.0) - nearPoint.z()) / direction.z();
        if (t < 0) return std::nullopt;
        hit = nearPoint + direction * t;
    }
    // Far beyond the data the plane is only haze: cap the grab distance.
    if ((hit - eyeOf(pose_)).length() > maxDistance_ * 4) return std::nullopt;
    return hit;
}

void MapManipulator::setByMatrix(const osg::Matrixd& matrix) {
    osg::Vec3d eye = matrix.getTrans();
    osg::Vec3d forward = -osg::Vec3d(matrix(2, 0), matrix(2, 1), matrix(2, 2));
    forward.normalize();
    CameraPose pose = pose_;
    double horizontal = std::hypot(forward.x(), forward.y());
    pose.pitch = std::atan2(-forward.z(), horizontal) * 180 / M_PI;
    if (horizontal > 1e-6) pose.heading = std::atan2(forward.x(), forward.y()) * 180 / M_PI;
    double t = forward.z() < -1e-6 ? -eye.z() / forward.z() : pose.distance;
    pose.target = eye + forward * t;
    pose.distance = t;
    setPose(pose);
}

void MapManipulator::home(const osgGA::GUIEventAdapter&, osgGA::GUIActionAdapter& aa) {
    flyTo(homePose_);
    aa.requestRedraw();
}

void MapManipulator::zoom(const osg::Camera& camera, double x, double y, double factor) {
    liftAboveSurface(pose_);   // the surface may have grown under the eye (a layer shown, tiles loaded)
    const std::optional<osg::Vec3d> anchor = groundPoint(camera, x, y);
    const double wanted = std::clamp(pose_.distance * factor, minDistance_, maxDistance_) / pose_.distance;
    // Scaling the eye and target about the ground point under the cursor keeps it there.
    auto scaled = [&](double k) {
        CameraPose p = pose_;
        if (anchor) p.target = *anchor + (pose_.target - *anchor) * k;
        p.distance = pose_.distance * k;
        clamp(p);
        return p;
    };
    CameraPose next = scaled(wanted);
    if (!eyeClear(next)) {
        // Something stands in the way (a roof under the eye, a wall ahead): go as far as is clear,
        // so the zoom stops at the roof.
        double clear = 1.0, blocked = wanted;
        for (int i = 0; i < 30; ++i) {
            const double k = std::sqrt(clear * blocked);
            (eyeClear(scaled(k)) ? clear : blocked) = k;
        }
        next = scaled(clear);
    }
    pose_ = next;
}

bool MapManipulator::handle(const osgGA::GUIEventAdapter& ea, osgGA::GUIActionAdapter& aa) {
    using E = osgGA::GUIEventAdapter;
    const osg::Camera* camera = aa.asView() ? aa.asView()->getCamera() : nullptr;
    // Events the UI took (a click on a panel, typing in a field) do not move the camera.
    if (ea.getHandled() && ea.getEventType() != E::FRAME && ea.getEventType() != E::RELEASE) return false;
    switch (ea.getEventType()) {
    case E::FRAME:
        if (flight_) {
            if (flight_->start < 0) flight_->start = ea.getTime();
            double t = std::clamp((ea.getTime() - flight_->start) / flight_->seconds, 0.0, 1.0);
            const CameraPose& b = flight_->to;
            CameraPose p = interpolatePose(flight_->from, b, t);
            pose_ = p;
            clamp(pose_);
            if (t >= 1) {
                pose_ = b;
                flight_.reset();
            }
            liftAboveSurface(pose_);   // a flight rises over what stands in its way
            aa.requestRedraw();
        }
        return false;
    case E::PUSH:
        if (!camera) return false;
        flight_.reset();
        dragSide_ = ea.getXnormalized() < 0 ? -1 : 1;
        lastX_ = viewX(ea.getXnormalized());
        lastY_ = ea.getYnormalized();
        if (ea.getButtonMask() == E::LEFT_MOUSE_BUTTON && !(ea.getModKeyMask() & (E::MODKEY_SHIFT | E::MODKEY_CTRL))) {
            drag_ = Drag::Pan;
            grabbed_ = groundPoint(*camera, lastX_, lastY_);
        } else {
            drag_ = Drag::Orbit;
        }
        return true;
    case E::DRAG: {
        if (!camera || drag_ == Drag::None) return false;
        double x = split_ ? splitViewX(ea.getXnormalized(), dragSide_) : ea.getXnormalized(), y = ea.getYnormalized();
        if (drag_ == Drag::Pan && grabbed_) {
            if (std::optional<osg::Vec3d> now = groundPoint(*camera, x, y, grabbed_->z())) {
                pose_.target += *grabbed_ - *now;
                clamp(pose_);
                liftAboveSurface(pose_);   // a pan past a building rises over it
            }
        } else if (drag_ == Drag::Orbit) {
            // An orbit that would take the eye into a building stops short: without the tilt first,
            // then altogether.
            CameraPose turned = pose_;
            turned.heading -= (x - lastX_) * 120.0;
            turned.pitch += (y - lastY_) * 60.0;
            clamp(turned);
            CameraPose headingOnly = pose_;
            headingOnly.heading = turned.heading;
            clamp(headingOnly);
            if (eyeClear(turned)) pose_ = turned;
            else if (eyeClear(headingOnly)) pose_ = headingOnly;
            liftAboveSurface(pose_);   // only when the surface grew under a still eye
        }
        lastX_ = x;
        lastY_ = y;
        aa.requestRedraw();
        return true;
    }
    case E::RELEASE:
        drag_ = Drag::None;
        grabbed_.reset();
        return false;
    case E::SCROLL:
        if (!camera) return false;
        flight_.reset();
        if (ea.getScrollingMotion() == E::SCROLL_UP) zoom(*camera, viewX(ea.getXnormalized()), ea.getYnormalized(), 1 / 1.25);
        else if (ea.getScrollingMotion() == E::SCROLL_DOWN) zoom(*camera, viewX(ea.getXnormalized()), ea.getYnormalized(), 1.25);
        else return false;
        aa.requestRedraw();
        return true;
    case E::KEYDOWN:
        if (ea.getKey() == ' ' || ea.getKey() == E::KEY_Home) {
            home(ea, aa);
            return true;
        }
        return false;
    default: return false;
    }
}

}  // namespace planview
