#include "app/scene/CameraViews.h"
#include <algorithm>
#include <array>
#include <cmath>

namespace planview {

namespace {

constexpr double kDegrees = M_PI / 180.0;
constexpr double kFarPlane = 1e9;   // metres

struct Basis {
    osg::Vec3d right, up, forward;
};

Basis basisOf(const CameraPose& pose) {
    double h = pose.heading * kDegrees, p = pose.pitch * kDegrees;
    // Exact values at the common angles keep the top view's axes exactly east and north.
    double sh = std::sin(h), ch = std::cos(h), sp = pose.pitch >= 90 ? 1.0 : std::sin(p), cp = pose.pitch >= 90 ? 0.0 : std::cos(p);
    if (std::fmod(std::abs(pose.heading), 360.0) == 0) { sh = 0; ch = 1; }
    Basis b;
    b.forward = osg::Vec3d(sh * cp, ch * cp, -sp);
    b.right = osg::Vec3d(ch, -sh, 0);
    b.up = b.right ^ b.forward;
    return b;
}

std::array<osg::Vec3d, 8> corners(const geo::Extent& bounds, double maxHeight) {
    std::array<osg::Vec3d, 8> c;
    for (int i = 0; i < 8; ++i)
        c[i] = osg::Vec3d(i & 1 ? bounds.maxX : bounds.minX, i & 2 ? bounds.maxY : bounds.minY, i & 4 ? maxHeight : 0.0);
    return c;
}

}  // namespace

osg::Vec3d eyeOf(const CameraPose& pose) { return pose.target - basisOf(pose).forward * pose.distance; }

osg::Matrixd viewMatrixOf(const CameraPose& pose) {
    Basis b = basisOf(pose);
    osg::Vec3d eye = pose.target - b.forward * pose.distance;
    osg::Vec3d back = -b.forward;
    // Rows: eye axes in world coordinates (OSG multiplies row vectors on the left).
    return osg::Matrixd(b.right.x(), b.up.x(), back.x(), 0,
                        b.right.y(), b.up.y(), back.y(), 0,
                        b.right.z(), b.up.z(), back.z(), 0,
                        -(b.right * eye), -(b.up * eye), -(back * eye), 1);
}

osg::Matrixd perspectiveProjection(double aspect) {
    // The far plane reaches past the world seen whole (a world frame is 40,000 km wide): picking and
    // the ground footprint take the frustum as it is here, while drawing computes its own near/far.
    return osg::Matrixd::perspective(kFieldOfViewY, aspect, 1.0, kFarPlane);
}

CameraPose poseFromView(const geo::View& view, const geo::SceneFrame& frame) {
    geo::Vec2 p = frame.fromLonLat(view.lon, view.lat);
    CameraPose pose;
    pose.target = osg::Vec3d(p.x, p.y, 0);
    pose.distance = std::max(view.distance, 1.0);
    pose.heading = view.heading;
    pose.pitch = std::clamp(view.pitch, kMinPitch, kMaxPitch);
    return pose;
}

geo::View viewFromPose(const CameraPose& pose, const geo::SceneFrame& frame) {
    geo::Vec2 ll = frame.toLonLat({pose.target.x(), pose.target.y()});
    geo::View view;
    view.lon = ll.x;
    view.lat = ll.y;
    view.distance = pose.distance;
    view.heading = std::fmod(std::fmod(pose.heading, 360.0) + 360.0, 360.0);
    view.pitch = pose.pitch;
    return view;
}

CameraPose framingPose(const geo::Extent& bounds, double maxHeight, double heading, double pitch, double aspect) {
    return framingPose(bounds, maxHeight, heading, pitch, std::max(aspect, 1e-6), 1.0, ViewInsets{});
}

CameraPose framingPose(const geo::Extent& bounds, double maxHeight, double heading, double pitch, double width,
                       double height, const ViewInsets& insets) {
    geo::Extent b = bounds.empty() ? geo::Extent{-500, -500, 500, 500} : bounds;
    width = std::max(width, 1e-6);
    height = std::max(height, 1e-6);
    // The free area in normalized device coordinates (-1..1, y up), each side at least a third of
    // the image, less a margin of 3% of its size on every side.
    auto span = [](double size, double low, double high, double& from, double& to) {
        low = std::max(low, 0.0);
        high = std::max(high, 0.0);
        const double covered = low + high, most = size * 2 / 3;
        if (covered > most) {
            low *= most / covered;
            high *= most / covered;
        }
        from = -1 + 2 * low / size;
        to = 1 - 2 * high / size;
        const double margin = (to - from) * 0.03;
        from += margin;
        to -= margin;
    };
    double x0, x1, y0, y1;
    span(width, insets.left, insets.right, x0, x1);
    span(height, insets.bottom, insets.top, y0, y1);
    const double freeX = (x0 + x1) / 2, freeY = (y0 + y1) / 2;

    CameraPose pose;
    pose.target = osg::Vec3d(b.center().x, b.center().y, 0);
    pose.heading = heading;
    pose.pitch = std::clamp(pitch, kMinPitch, kMaxPitch);
    const osg::Matrixd projection = perspectiveProjection(width / height);
    const auto box = corners(b, maxHeight);
    // The box's projection at `distance`: its extent in device coordinates; false when a corner is
    // behind the eye.
    struct Projected {
        double minX = INFINITY, maxX = -INFINITY, minY = INFINITY, maxY = -INFINITY;
    };
    auto project = [&](double distance, Projected& p) {
        pose.distance = distance;
        const osg::Matrixd vp = viewMatrixOf(pose) * projection;
        p = Projected{};
        for (const osg::Vec3d& c : box) {
            const osg::Vec4d clip = osg::Vec4d(c, 1.0) * vp;
            if (clip.w() <= 0) return false;
            const double x = clip.x() / clip.w(), y = clip.y() / clip.w();
            p.minX = std::min(p.minX, x);
            p.maxX = std::max(p.maxX, x);
            p.minY = std::min(p.minY, y);
            p.maxY = std::max(p.maxY, y);
        }
        return true;
    };
    // The nearest distance at which `fits` holds (it holds from some distance on).
    auto nearestFitting = [&](auto&& fits) {
        // 10,000 km from the ground holds a country; a world frame (40,000 km wide) needs more.
        double lo = 1, hi = 1e7;
        for (Projected p; hi < 1e10 && !(project(hi, p) && fits(p));) hi *= 10;
        for (int i = 0; i < 60; ++i) {
            const double mid = std::sqrt(lo * hi);
            Projected p;
            (project(mid, p) && fits(p) ? hi : lo) = mid;
        }
        return hi;
    };
    auto fitsSize = [&](const Projected& p) { return p.maxX - p.minX <= x1 - x0 && p.maxY - p.minY <= y1 - y0; };
    auto fitsArea = [&](const Projected& p) { return p.minX >= x0 && p.maxX <= x1 && p.minY >= y0 && p.maxY <= y1; };
    // Where the ray through a device position meets the ground.
    auto ground = [&](double x, double y, osg::Vec3d& hit) {
        const osg::Matrixd inverse = osg::Matrixd::inverse(viewMatrixOf(pose) * projection);
        const osg::Vec3d a = osg::Vec3d(x, y, -1) * inverse, d = osg::Vec3d(x, y, 1) * inverse - a;
        if (d.z() >= -1e-12) return false;
        hit = a + d * (-a.z() / d.z());
        return true;
    };

    // Size the view to the free area, then move the target so the box's projection is centred in it
    // (moving the eye by what lies between the two ground points shifts the picture by as much);
    // perspective makes the two depend on each other a little: a few rounds settle both.
    const bool offCentre = std::abs(freeX) > 1e-9 || std::abs(freeY) > 1e-9;
    for (int round = 0; round < (offCentre ? 8 : 1); ++round) {
        pose.distance = nearestFitting(fitsSize);
        Projected p;
        if (!project(pose.distance, p)) break;
        osg::Vec3d from, to;
        if (!ground((p.minX + p.maxX) / 2, (p.minY + p.maxY) / 2, from) || !ground(freeX, freeY, to)) break;
        osg::Vec3d shift = from - to;
        shift.z() = 0;
        pose.target += shift;
    }
    // Whatever the rounds left, the box ends up inside the free area (when the area holds the
    // picture's centre, where the box shrinks to from far away).
    const bool centreFree = x0 < 0 && x1 > 0 && y0 < 0 && y1 > 0;
    pose.distance = centreFree ? nearestFitting(fitsArea) : nearestFitting(fitsSize);
    return pose;
}

OrthoWindow orthoWindow(const CameraPose& pose, const geo::Extent& bounds, double maxHeight, double aspect, double margin) {
    geo::Extent b = bounds.empty() ? geo::Extent{-500, -500, 500, 500} : bounds;
    const osg::Matrixd view = viewMatrixOf(pose);
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    for (const osg::Vec3d& c : corners(b, maxHeight)) {
        osg::Vec3d e = c * view;
        x0 = std::min(x0, e.x());
        x1 = std::max(x1, e.x());
        y0 = std::min(y0, e.y());
        y1 = std::max(y1, e.y());
    }
    double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    double w = std::max(x1 - x0, 1.0), h = std::max(y1 - y0, 1.0);
    double pad = std::max(w, h) * margin;
    w += 2 * pad;
    h += 2 * pad;
    if (w / h < aspect) w = h * aspect;
    else h = w / aspect;
    return {cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2};
}

osg::Matrixd orthoProjection(const OrthoWindow& w) {
    return osg::Matrixd::ortho(w.left, w.right, w.bottom, w.top, 1.0, kFarPlane);
}

CameraPose interpolatePose(const CameraPose& a, const CameraPose& b, double t) {
    t = std::clamp(t, 0.0, 1.0);
    if (t <= 0) return a;
    if (t >= 1) return b;
    const double s = t * t * (3 - 2 * t);
    CameraPose p;
    p.target = a.target + (b.target - a.target) * s;
    const double turn = std::fmod(std::fmod(b.heading - a.heading, 360.0) + 540.0, 360.0) - 180.0;
    p.heading = a.heading + turn * s;
    p.pitch = a.pitch + (b.pitch - a.pitch) * s;
    const double da = std::max(a.distance, 1e-3), db = std::max(b.distance, 1e-3);
    // Rise in the middle of a long flight so the way there stays in view.
    const double travel = (b.target - a.target).length();
    const double rise = 1 + std::min(1.0, travel / std::max(std::max(da, db), 1.0)) * std::sin(M_PI * s) * 0.6;
    p.distance = std::exp(std::log(da) + (std::log(db) - std::log(da)) * s) * rise;
    return p;
}

double groundMetresPerPixel(const osg::Matrixd& view, const osg::Matrixd& projection, double width, double height) {
    if (width <= 0 || height <= 0) return 0;
    const osg::Matrixd inverse = osg::Matrixd::inverse(view * projection);
    auto ground = [&](double pixelsFromCentre, osg::Vec3d& hit) {
        const double x = 2 * pixelsFromCentre / width;
        osg::Vec3d nearPoint = osg::Vec3d(x, 0, -1) * inverse, farPoint = osg::Vec3d(x, 0, 1) * inverse;
        osg::Vec3d direction = farPoint - nearPoint;
        if (std::abs(direction.z()) < 1e-12) return false;
        double k = -nearPoint.z() / direction.z();
        if (k < 0) return false;
        hit = nearPoint + direction * k;
        return true;
    };
    const double half = std::max(1.0, width / 20);
    osg::Vec3d left, right;
    if (!ground(-half, left) || !ground(half, right)) return 0;
    return (right - left).length() / (2 * half);
}

std::vector<geo::Vec2> groundFootprint(const osg::Matrixd& view, const osg::Matrixd& projection) {
    const osg::Matrixd inverse = osg::Matrixd::inverse(view * projection);
    std::array<osg::Vec3d, 8> corner;   // index bits: x, y, near/far
    for (int i = 0; i < 8; ++i) corner[i] = osg::Vec3d(i & 1 ? 1 : -1, i & 2 ? 1 : -1, i & 4 ? 1 : -1) * inverse;
    std::vector<geo::Vec2> points;
    for (int a = 0; a < 8; ++a)
        for (int bit : {1, 2, 4}) {
            const int b = a | bit;
            if (b == a) continue;   // each of the 12 edges once, from its lower corner
            const osg::Vec3d p = corner[a], q = corner[b];
            if ((p.z() > 0) == (q.z() > 0) && p.z() != 0) continue;
            const double t = p.z() == q.z() ? 0 : p.z() / (p.z() - q.z());
            const osg::Vec3d hit = p + (q - p) * t;
            points.push_back({hit.x(), hit.y()});
        }
    return points;
}

bool isOrthographic(const osg::Matrixd& projection) {
    return projection(3, 3) == 1.0 && projection(2, 3) == 0.0;
}

}  // namespace planview
