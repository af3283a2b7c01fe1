// The viewer's camera control (app/scene/MapManipulator) driven by OSG mouse events, without a
// display: an osgViewer::View (no window, no GL context) stands in for the viewer and hands the
// manipulator its camera. Whatever the events, the camera has no roll and stays above the ground;
// zooming with the wheel moves toward the ground point under the cursor and keeps it there; a pan
// drags the grabbed ground point along with the cursor. Ground points and screen positions are
// computed here from the camera's matrices, not with the manipulator's own groundPoint.
#include <gtest/gtest.h>
#include <cmath>
#include <optional>
#include <random>
#include <osg/Matrixd>
#include <osg/Vec4d>
#include <osgGA/GUIEventAdapter>
#include <osgViewer/View>
#include <memory>
#include <ogrsf_frmts.h>
#include "app/scene/CameraViews.h"
#include "app/scene/MapManipulator.h"
#include "app/scene/Scene.h"
#include "app/scene/ShaderLibrary.h"
#include "geo/Project.h"
#include "geo/ProjectData.h"

namespace {

using E = osgGA::GUIEventAdapter;
using planview::CameraPose;
using planview::MapManipulator;

constexpr double kWidth = 1280, kHeight = 720;

class MapManipulatorTest : public ::testing::Test {
protected:
    void SetUp() override {
        view_ = new osgViewer::View;
        view_->getCamera()->setProjectionMatrix(planview::perspectiveProjection(kWidth / kHeight));
        manipulator_ = new MapManipulator;
        manipulator_->setDistanceLimits(5, 60000);
        CameraPose start;
        start.target = osg::Vec3d(1200, -800, 0);
        start.distance = 3000;
        start.heading = 30;
        start.pitch = 45;
        manipulator_->setHomePose(start);
        manipulator_->setPose(start);
    }

    // An event at normalized window position (x, y) in -1..1, y up.
    osg::ref_ptr<E> event(E::EventType type, double x, double y) const {
        osg::ref_ptr<E> ea = new E;
        ea->setEventType(type);
        ea->setInputRange(0, 0, static_cast<float>(kWidth), static_cast<float>(kHeight));
        ea->setMouseYOrientation(E::Y_INCREASING_UPWARDS);
        ea->setX(static_cast<float>((x + 1) / 2 * kWidth));
        ea->setY(static_cast<float>((y + 1) / 2 * kHeight));
        ea->setTime(time_);
        return ea;
    }
    void send(E::EventType type, double x, double y, unsigned buttons = 0, unsigned modifiers = 0) {
        osg::ref_ptr<E> ea = event(type, x, y);
        ea->setButtonMask(buttons);
        if (type == E::PUSH || type == E::RELEASE) ea->setButton(static_cast<int>(buttons));
        ea->setModKeyMask(modifiers);
        manipulator_->handle(*ea, *view_);
        time_ += 0.016;
    }
    void drag(double x0, double y0, double x1, double y1, unsigned buttons, unsigned modifiers = 0, int steps = 5) {
        send(E::PUSH, x0, y0, buttons, modifiers);
        for (int i = 1; i <= steps; ++i)
            send(E::DRAG, x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps, buttons, modifiers);
        send(E::RELEASE, x1, y1, 0, modifiers);
    }
    void scroll(double x, double y, bool in) {
        osg::ref_ptr<E> ea = event(E::SCROLL, x, y);
        ea->setScrollingMotion(in ? E::SCROLL_UP : E::SCROLL_DOWN);
        manipulator_->handle(*ea, *view_);
        time_ += 0.016;
    }

    osg::Matrixd viewProjection() const { return manipulator_->getInverseMatrix() * view_->getCamera()->getProjectionMatrix(); }
    osg::Vec3d eye() const { return manipulator_->getMatrix().getTrans(); }
    // The camera's right vector in world coordinates (first row of the camera-to-world matrix).
    osg::Vec3d right() const {
        osg::Matrixd m = manipulator_->getMatrix();
        return osg::Vec3d(m(0, 0), m(0, 1), m(0, 2));
    }
    // Where the ray through normalized window position (x, y) meets the ground plane z = 0.
    std::optional<osg::Vec3d> groundUnder(double x, double y) const {
        osg::Matrixd inverse = osg::Matrixd::inverse(viewProjection());
        osg::Vec3d a = osg::Vec3d(x, y, -1) * inverse, b = osg::Vec3d(x, y, 1) * inverse;
        if (b.z() >= a.z()) return std::nullopt;
        return a + (b - a) * (a.z() / (a.z() - b.z()));
    }
    // Normalized window position of a world point.
    osg::Vec2d screenOf(const osg::Vec3d& p) const {
        osg::Vec4d clip = osg::Vec4d(p, 1) * viewProjection();
        return {clip.x() / clip.w(), clip.y() / clip.w()};
    }

    osg::ref_ptr<osgViewer::View> view_;
    osg::ref_ptr<MapManipulator> manipulator_;
    double time_ = 0;
};

TEST_F(MapManipulatorTest, NoRollAndAboveTheGroundAfterAnySequenceOfOrbitPanAndZoom) {
    std::mt19937 random(20160331);
    std::uniform_real_distribution<double> position(-0.95, 0.95), kind(0, 1);
    std::uniform_int_distribution<int> clicks(1, 12);
    double lowestEye = 1e30, highestPitch = 0, lowestPitch = 90;
    for (int step = 0; step < 600; ++step) {
        const double x0 = position(random), y0 = position(random), x1 = position(random), y1 = position(random);
        const double k = kind(random);
        if (k < 0.3) {
            drag(x0, y0, x1, y1, E::LEFT_MOUSE_BUTTON);                        // pan
        } else if (k < 0.45) {
            drag(x0, y0, x1, y1, E::RIGHT_MOUSE_BUTTON);                       // orbit
        } else if (k < 0.55) {
            drag(x0, y0, x1, y1, E::LEFT_MOUSE_BUTTON, E::MODKEY_SHIFT);       // orbit with Shift
        } else if (k < 0.65) {
            drag(x0, -1, x1, 1, E::MIDDLE_MOUSE_BUTTON, 0, 2);                 // tilt hard up (towards the horizon)
        } else {
            const bool in = kind(random) < 0.55;                               // zoom, often to the limits
            for (int i = clicks(random); i > 0; --i) scroll(x0, y0, in);
        }
        const osg::Vec3d r = right(), e = eye();
        ASSERT_NEAR(r.z(), 0.0, 1e-9) << "roll after step " << step;
        ASSERT_NEAR(r.length(), 1.0, 1e-9) << "step " << step;
        ASSERT_GT(e.z(), 0.0) << "below the ground after step " << step;
        // The ground under the middle of the view is always in front of the camera.
        ASSERT_TRUE(groundUnder(0, 0)) << "step " << step;
        lowestEye = std::min(lowestEye, e.z());
        highestPitch = std::max(highestPitch, manipulator_->pose().pitch);
        lowestPitch = std::min(lowestPitch, manipulator_->pose().pitch);
    }
    // The sequence reached the extremes it is meant to test.
    EXPECT_LT(lowestEye, 20.0);
    EXPECT_LE(lowestPitch, planview::kMinPitch + 1e-9);
    EXPECT_GE(highestPitch, planview::kMaxPitch - 1e-9);
}

TEST_F(MapManipulatorTest, ACameraSetByARolledMatrixUnderTheGroundIsLevelledAndLifted) {
    // A camera 50 m below the ground, looking up and north, rolled 30° about its view direction.
    osg::Matrixd lookUp = osg::Matrixd::rotate(osg::DegreesToRadians(30.0), osg::Vec3d(0, 0, 1)) *   // roll
                          osg::Matrixd::rotate(osg::DegreesToRadians(100.0), osg::Vec3d(1, 0, 0)) *
                          osg::Matrixd::translate(0, 0, -50);
    manipulator_->setByMatrix(lookUp);
    EXPECT_NEAR(right().z(), 0.0, 1e-9);
    EXPECT_GT(eye().z(), 0.0);

    // Looking down at 60° with a 20° roll, from 500 m up.
    osg::Matrixd rolled = osg::Matrixd::rotate(osg::DegreesToRadians(20.0), osg::Vec3d(0, 0, 1)) *
                          osg::Matrixd::rotate(osg::DegreesToRadians(30.0), osg::Vec3d(1, 0, 0)) *
                          osg::Matrixd::translate(100, 200, 500);
    manipulator_->setByMatrix(rolled);
    EXPECT_NEAR(right().z(), 0.0, 1e-9);
    EXPECT_GT(eye().z(), 0.0);
}

TEST_F(MapManipulatorTest, ZoomingInMovesTowardTheGroundPointUnderTheCursorAndKeepsItThere) {
    for (osg::Vec2d cursor : {osg::Vec2d(0.6, -0.4), osg::Vec2d(-0.7, 0.3), osg::Vec2d(0.0, 0.0), osg::Vec2d(0.9, 0.8)}) {
        SetUp();
        std::optional<osg::Vec3d> p = groundUnder(cursor.x(), cursor.y());
        ASSERT_TRUE(p);
        const double before = (eye() - *p).length();
        const osg::Vec3d eyeBefore = eye();
        scroll(cursor.x(), cursor.y(), true);
        const double after = (eye() - *p).length();
        EXPECT_NEAR(after, before / 1.25, before * 1e-6) << "cursor " << cursor.x() << "," << cursor.y();
        // The eye moved along the line to the point, not sideways.
        osg::Vec3d moved = eye() - eyeBefore, toPoint = *p - eyeBefore;
        moved.normalize();
        toPoint.normalize();
        EXPECT_GT(moved * toPoint, 0.9999);
        osg::Vec2d now = screenOf(*p);
        EXPECT_NEAR(now.x(), cursor.x(), 1e-6);
        EXPECT_NEAR(now.y(), cursor.y(), 1e-6);
    }
}

TEST_F(MapManipulatorTest, ZoomingOutAndInRepeatedlyKeepsTheCursorsGroundPoint) {
    const osg::Vec2d cursor(-0.5, -0.6);
    std::optional<osg::Vec3d> p = groundUnder(cursor.x(), cursor.y());
    ASSERT_TRUE(p);
    for (int i = 0; i < 6; ++i) scroll(cursor.x(), cursor.y(), false);
    for (int i = 0; i < 14; ++i) scroll(cursor.x(), cursor.y(), true);
    osg::Vec2d now = screenOf(*p);
    EXPECT_NEAR(now.x(), cursor.x(), 1e-5);
    EXPECT_NEAR(now.y(), cursor.y(), 1e-5);
    EXPECT_LT((eye() - *p).length(), 3000.0);
}

TEST_F(MapManipulatorTest, ZoomingAtTheNearLimitStopsThere) {
    const osg::Vec2d cursor(0.3, 0.2);
    for (int i = 0; i < 80; ++i) scroll(cursor.x(), cursor.y(), true);
    EXPECT_DOUBLE_EQ(manipulator_->pose().distance, 5.0);
    EXPECT_GT(eye().z(), 0.0);
    EXPECT_NEAR(right().z(), 0.0, 1e-9);
}

TEST_F(MapManipulatorTest, PanningDragsTheGrabbedGroundPointWithTheCursor) {
    const double x0 = -0.3, y0 = -0.2, x1 = 0.4, y1 = 0.25;
    std::optional<osg::Vec3d> grabbed = groundUnder(x0, y0);
    ASSERT_TRUE(grabbed);
    const double height = eye().z();
    drag(x0, y0, x1, y1, E::LEFT_MOUSE_BUTTON);
    osg::Vec2d now = screenOf(*grabbed);
    EXPECT_NEAR(now.x(), x1, 1e-6);
    EXPECT_NEAR(now.y(), y1, 1e-6);
    EXPECT_NEAR(eye().z(), height, 1e-6);   // a pan moves along the ground, not up or down
}

// ---- Side by side: two views of the one camera ----------------------------------------------------

// Comparing two versions side by side (app/scene/SplitView), each half of the window is a view of
// its own, (W/2)×H with the window's vertical field of view, and both are the one camera: a pan or a
// zoom in either half keeps the ground point under the cursor in that half's own view (computed here
// from the half's own projection), and moves the other half with it.
class SplitManipulatorTest : public MapManipulatorTest {
protected:
    void SetUp() override {
        MapManipulatorTest::SetUp();
        manipulator_->setSplit(true);
    }
    // The cursor's x (-1..1 across the window) across its half (-1..1).
    static double inHalf(double x) { return x < 0 ? 2 * x + 1 : 2 * x - 1; }
    osg::Matrixd halfViewProjection() const {
        return manipulator_->getInverseMatrix() * planview::perspectiveProjection(kWidth / 2 / kHeight);
    }
    std::optional<osg::Vec3d> groundUnderHalf(double x, double y) const {
        osg::Matrixd inverse = osg::Matrixd::inverse(halfViewProjection());
        osg::Vec3d a = osg::Vec3d(x, y, -1) * inverse, b = osg::Vec3d(x, y, 1) * inverse;
        if (b.z() >= a.z()) return std::nullopt;
        return a + (b - a) * (a.z() / (a.z() - b.z()));
    }
    osg::Vec2d halfScreenOf(const osg::Vec3d& p) const {
        osg::Vec4d clip = osg::Vec4d(p, 1) * halfViewProjection();
        return {clip.x() / clip.w(), clip.y() / clip.w()};
    }
};

TEST_F(SplitManipulatorTest, APanInEitherHalfDragsTheGroundPointUnderTheCursorInThatHalf) {
    for (double x0 : {0.3, -0.8}) {   // the right half, then the left
        const double y0 = -0.2, x1 = x0 + 0.5, y1 = 0.25;
        std::optional<osg::Vec3d> grabbed = groundUnderHalf(inHalf(x0), y0);
        ASSERT_TRUE(grabbed);
        const CameraPose before = manipulator_->pose();
        drag(x0, y0, x1, y1, E::LEFT_MOUSE_BUTTON);
        const osg::Vec2d now = halfScreenOf(*grabbed);
        EXPECT_NEAR(now.x(), inHalf(x1), 1e-6) << "drag from " << x0;
        EXPECT_NEAR(now.y(), y1, 1e-6) << "drag from " << x0;
        EXPECT_GT((manipulator_->pose().target - before.target).length(), 1.0) << "the camera both halves show moved";
    }
}

TEST_F(SplitManipulatorTest, ADragAcrossTheDividerKeepsToTheHalfItBeganIn) {
    const double x0 = -0.4, y0 = 0.1, x1 = 0.2, y1 = -0.1;   // from the left half into the right
    std::optional<osg::Vec3d> grabbed = groundUnderHalf(inHalf(x0), y0);
    ASSERT_TRUE(grabbed);
    drag(x0, y0, x1, y1, E::LEFT_MOUSE_BUTTON);
    // In the left half's frame the cursor went past its right edge: x = 2·0.2 + 1.
    const osg::Vec2d now = halfScreenOf(*grabbed);
    EXPECT_NEAR(now.x(), 2 * x1 + 1, 1e-6);
    EXPECT_NEAR(now.y(), y1, 1e-6);
}

TEST_F(SplitManipulatorTest, ZoomingInTheRightHalfKeepsTheGroundPointUnderTheCursorThere) {
    const double x = 0.7, y = -0.3;
    std::optional<osg::Vec3d> under = groundUnderHalf(inHalf(x), y);
    ASSERT_TRUE(under);
    const double distance = manipulator_->pose().distance;
    for (int i = 0; i < 3; ++i) scroll(x, y, true);
    EXPECT_LT(manipulator_->pose().distance, distance);
    const osg::Vec2d now = halfScreenOf(*under);
    EXPECT_NEAR(now.x(), inHalf(x), 1e-6);
    EXPECT_NEAR(now.y(), y, 1e-6);
}

// ---- Roofs: the sample project's buildings, the eye driven by the same events --------------------

const std::string kSample = std::string(PLANVIEW_SOURCE_DIR) + "/assets/shangcheng/project.toml";
const std::string kSampleData = std::string(PLANVIEW_SOURCE_DIR) + "/assets/shangcheng/shangcheng.gpkg";

// The sample's parcels as GDAL reads them from the GeoPackage, in the scene frame's CRS (metres, not
// less its origin), with their height_m: the reference the eye is checked against.
struct ReferenceParcel {
    std::unique_ptr<OGRGeometry> footprint;
    OGREnvelope envelope;
    double height = 0;
};

class SampleRoofsTest : public MapManipulatorTest {
protected:
    static void SetUpTestSuite() {
        data_ = new geo::ProjectData(geo::loadProjectData(geo::loadProject(kSample)));
        shaders_ = new planview::ShaderLibrary(planview::ShaderLibrary::locate(PLANVIEW_BINARY));
        scene_ = new planview::Scene(*data_, *shaders_);
        GDALAllRegister();
        GDALDatasetUniquePtr ds(GDALDataset::Open(kSampleData.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
        ASSERT_TRUE(ds);
        OGRLayer* layer = ds->GetLayerByName("parcels");
        ASSERT_TRUE(layer);
        OGRSpatialReference target;
        target.SetFromUserInput(data_->frame.crsName().c_str());
        target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        OGRSpatialReference source(*layer->GetSpatialRef());
        source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        std::unique_ptr<OGRCoordinateTransformation> transform(OGRCreateCoordinateTransformation(&source, &target));
        ASSERT_TRUE(transform);
        parcels_ = new std::vector<ReferenceParcel>;
        for (auto& feature : *layer) {
            const OGRGeometry* g = feature->GetGeometryRef();
            if (!g || feature->IsFieldNull(feature->GetFieldIndex("height_m"))) continue;
            ReferenceParcel p;
            p.footprint.reset(g->clone());
            ASSERT_EQ(p.footprint->transform(transform.get()), OGRERR_NONE);
            p.footprint->getEnvelope(&p.envelope);
            p.height = feature->GetFieldAsDouble("height_m");
            parcels_->push_back(std::move(p));
        }
    }
    static void TearDownTestSuite() {
        delete parcels_;
        delete scene_;
        delete shaders_;
        delete data_;
    }
    void SetUp() override {
        MapManipulatorTest::SetUp();
        manipulator_->setSurfaceHeight([](double x, double y, double r) { return scene_->surfaceHeightNear(x, y, r); });
    }

    // The tallest parcel whose footprint lies within `metres` of the scene point (x, y) horizontally
    // (0: none), by GDAL's own geometry.
    static double roofNear(double x, double y, double metres) {
        const geo::Vec2 o = data_->frame.origin();
        OGRPoint point(x + o.x, y + o.y);
        double top = 0;
        for (const ReferenceParcel& p : *parcels_) {
            if (p.height <= top || point.getX() < p.envelope.MinX - metres || point.getX() > p.envelope.MaxX + metres ||
                point.getY() < p.envelope.MinY - metres || point.getY() > p.envelope.MaxY + metres)
                continue;
            if (p.footprint->Distance(&point) <= metres) top = p.height;
        }
        return top;
    }
    // The eye is above every roof it is over (within a metre of the footprint) by the clearance, and
    // above the ground by as much.
    static ::testing::AssertionResult clearOfRoofs(const osg::Vec3d& eye) {
        const double roof = roofNear(eye.x(), eye.y(), 1.0);
        if (eye.z() >= roof + MapManipulator::kEyeClearance - 1e-6) return ::testing::AssertionSuccess();
        return ::testing::AssertionFailure() << "eye at z " << eye.z() << " over a roof at " << roof;
    }
    // The tallest parcel of the data (GDAL's reading) and a point on its footprint, in scene metres.
    static const ReferenceParcel& tallest(osg::Vec3d& onRoof) {
        const ReferenceParcel* best = &parcels_->front();
        for (const ReferenceParcel& p : *parcels_)
            if (p.height > best->height) best = &p;
        std::unique_ptr<OGRGeometry> inside(
            OGRGeometry::FromHandle(OGR_G_PointOnSurface(OGRGeometry::ToHandle(best->footprint.get()))));
        const OGRPoint* p = inside->toPoint();
        const geo::Vec2 o = data_->frame.origin();
        onRoof = osg::Vec3d(p->getX() - o.x, p->getY() - o.y, best->height);
        return *best;
    }

    static geo::ProjectData* data_;
    static planview::ShaderLibrary* shaders_;
    static planview::Scene* scene_;
    static std::vector<ReferenceParcel>* parcels_;
};

geo::ProjectData* SampleRoofsTest::data_ = nullptr;
planview::ShaderLibrary* SampleRoofsTest::shaders_ = nullptr;
planview::Scene* SampleRoofsTest::scene_ = nullptr;
std::vector<ReferenceParcel>* SampleRoofsTest::parcels_ = nullptr;

TEST_F(SampleRoofsTest, TwoHundredWheelStepsTowardABuildingStopAboveItsRoof) {
    osg::Vec3d roofPoint;
    const ReferenceParcel& building = tallest(roofPoint);
    ASSERT_GT(building.height, 50.0);
    for (double pitch : {60.0, 35.0}) {
        CameraPose start;
        start.target = osg::Vec3d(roofPoint.x(), roofPoint.y(), 0);
        start.distance = 1500;
        start.heading = 20;
        start.pitch = pitch;
        manipulator_->setPose(start);
        // The cursor on the roof point, wherever it shows.
        const osg::Vec2d cursor = screenOf(roofPoint);
        ASSERT_LT(std::abs(cursor.x()), 1.0);
        ASSERT_LT(std::abs(cursor.y()), 1.0);
        for (int step = 0; step < 200; ++step) {
            scroll(cursor.x(), cursor.y(), true);
            ASSERT_TRUE(clearOfRoofs(eye())) << "pitch " << pitch << ", wheel step " << step;
        }
        // It did come down to the building (no stop far above it): within a few metres of its
        // footprint and not much higher than its roof plus the clearance.
        const geo::Vec2 o = data_->frame.origin();
        OGRPoint eyePoint(eye().x() + o.x, eye().y() + o.y);
        EXPECT_LE(building.footprint->Distance(&eyePoint), MapManipulator::kEyeRadius + 1) << "pitch " << pitch;
        EXPECT_LT(eye().z(), building.height + MapManipulator::kEyeClearance + 15) << "pitch " << pitch;
    }
}

TEST_F(SampleRoofsTest, OrbitingPanningAndFlyingNeverLeaveTheEyeInsideABuilding) {
    osg::Vec3d roofPoint;
    const ReferenceParcel& building = tallest(roofPoint);
    CameraPose low;
    low.target = osg::Vec3d(roofPoint.x(), roofPoint.y(), 0);
    low.distance = 400;
    low.heading = 0;
    low.pitch = 30;
    manipulator_->setPose(low);
    ASSERT_TRUE(clearOfRoofs(eye()));
    for (int i = 0; i < 60; ++i) scroll(0, 0, true);
    ASSERT_TRUE(clearOfRoofs(eye()));
    // Orbit down toward the horizon and around, pan across the district's tall blocks.
    std::mt19937 random(16);
    std::uniform_real_distribution<double> position(-0.9, 0.9);
    for (int i = 0; i < 80; ++i) {
        const double x0 = position(random), y0 = position(random), x1 = position(random), y1 = position(random);
        if (i % 2) drag(x0, y0, x1, y1, E::RIGHT_MOUSE_BUTTON);
        else drag(x0, y0, x1, y1, E::LEFT_MOUSE_BUTTON);
        ASSERT_TRUE(clearOfRoofs(eye())) << "drag " << i;
        if (i % 5 == 0)
            for (int k = 0; k < 8; ++k) scroll(x1, y1, true);
        ASSERT_TRUE(clearOfRoofs(eye())) << "zoom after drag " << i;
    }
    // A flight whose path and end lie inside the building: every frame clear, and it ends over it.
    CameraPose inside;
    inside.target = osg::Vec3d(roofPoint.x(), roofPoint.y(), 0);
    inside.distance = building.height / 2;
    inside.heading = 90;
    inside.pitch = 20;
    manipulator_->flyTo(inside, 1.0);
    for (int frame = 0; frame < 80; ++frame) {
        send(E::FRAME, 0, 0);
        ASSERT_TRUE(clearOfRoofs(eye())) << "flight frame " << frame;
    }
    EXPECT_FALSE(manipulator_->flying());
    // Setting a pose inside it lifts the eye out too.
    manipulator_->setPose(inside);
    EXPECT_TRUE(clearOfRoofs(eye()));
}

// ---- Framing in the free area ------------------------------------------------------------------

TEST(Framing, TheBoxFitsTheAreaThePanelsLeaveFreeAndIsCentredInIt) {
    const geo::Extent bounds{-4200, -3100, 5100, 2600};
    const double maxHeight = 150, width = 1400, height = 900;
    std::mt19937 random(7);
    std::uniform_real_distribution<double> side(0, 320), angle(0, 360), tilt(20, 90);
    for (int i = 0; i < 40; ++i) {
        planview::ViewInsets insets{side(random), side(random), side(random) / 3, side(random) / 6};
        if (i == 0) insets = {};
        const double heading = i < 3 ? 0 : angle(random), pitch = i < 3 ? 90 : tilt(random);
        const CameraPose pose = planview::framingPose(bounds, maxHeight, heading, pitch, width, height, insets);
        const osg::Matrixd vp = planview::viewMatrixOf(pose) * planview::perspectiveProjection(width / height);
        double x0 = 1e9, x1 = -1e9, y0 = 1e9, y1 = -1e9;
        for (int c = 0; c < 8; ++c) {
            osg::Vec3d corner(c & 1 ? bounds.maxX : bounds.minX, c & 2 ? bounds.maxY : bounds.minY, c & 4 ? maxHeight : 0);
            osg::Vec4d clip = osg::Vec4d(corner, 1) * vp;
            ASSERT_GT(clip.w(), 0);
            // Pixels, origin bottom-left.
            const double px = (clip.x() / clip.w() + 1) / 2 * width, py = (clip.y() / clip.w() + 1) / 2 * height;
            x0 = std::min(x0, px);
            x1 = std::max(x1, px);
            y0 = std::min(y0, py);
            y1 = std::max(y1, py);
        }
        SCOPED_TRACE("insets " + std::to_string(insets.left) + " " + std::to_string(insets.right) + " " +
                     std::to_string(insets.top) + " " + std::to_string(insets.bottom) + ", pitch " + std::to_string(pitch));
        EXPECT_GE(x0, insets.left);
        EXPECT_LE(x1, width - insets.right);
        EXPECT_GE(y0, insets.bottom);
        EXPECT_LE(y1, height - insets.top);
        // Centred in the free area and filling it along one axis (a margin of a few per cent).
        const double freeWidth = width - insets.left - insets.right, freeHeight = height - insets.top - insets.bottom;
        EXPECT_NEAR((x0 + x1) / 2, insets.left + freeWidth / 2, freeWidth * 0.02);
        EXPECT_NEAR((y0 + y1) / 2, insets.bottom + freeHeight / 2, freeHeight * 0.02);
        EXPECT_GT(std::max((x1 - x0) / freeWidth, (y1 - y0) / freeHeight), 0.88);
    }
}

}  // namespace
