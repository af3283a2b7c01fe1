// Reading the map (issue 16), drawn offscreen with the app library's ViewRenderer on the Shangcheng
// sample: the top view frames the district (its extent as GDAL reads it) in the part of the image the
// panels leave free; project pins keep their size as a share of the image height from 720p to 4K,
// have a white ring and a dark outline that read on a red parcel, stand with their heads above the
// roof they are on (GDAL's height_m), and are picked where they are drawn. Needs an X display.
#include <gtest/gtest.h>
#include <algorithm>
#include <cmath>
#include <memory>
#include <imgui.h>
#include <imgui_internal.h>
#include <ogrsf_frmts.h>
#include "app/render/ImageWriter.h"
#include "app/render/ViewRenderer.h"
#include "app/scene/LayerBuilders.h"
#include "app/scene/Picker.h"
#include "app/scene/Scene.h"
#include "app/tools/MapController.h"
#include "geo/Project.h"
#include "geo/ProjectData.h"

namespace {

const std::string kProject = std::string(PLANVIEW_SOURCE_DIR) + "/assets/shangcheng/project.toml";
const std::string kData = std::string(PLANVIEW_SOURCE_DIR) + "/assets/shangcheng/shangcheng.gpkg";

const geo::ProjectData& shangcheng() {
    static const geo::ProjectData data = geo::loadProjectData(geo::openProject(kProject, ""));
    return data;
}

// GDAL's reading of the sample, in the scene frame (the frame's CRS less its origin).
class Reference {
public:
    Reference() {
        GDALAllRegister();
        ds_.reset(GDALDataset::Open(kData.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
        target_.SetFromUserInput(shangcheng().frame.crsName().c_str());
        target_.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    }
    GDALDataset* dataset() const { return ds_.get(); }
    // A layer's geometries in the scene frame.
    std::vector<std::unique_ptr<OGRGeometry>> geometries(const char* layerName, std::vector<OGRFeatureUniquePtr>* features = nullptr) {
        std::vector<std::unique_ptr<OGRGeometry>> out;
        OGRLayer* layer = ds_->GetLayerByName(layerName);
        if (!layer) return out;
        OGRSpatialReference source(*layer->GetSpatialRef());
        source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        std::unique_ptr<OGRCoordinateTransformation> transform(OGRCreateCoordinateTransformation(&source, &target_));
        const geo::Vec2 origin = shangcheng().frame.origin();
        layer->ResetReading();
        for (auto& feature : *layer) {
            const OGRGeometry* g = feature->GetGeometryRef();
            if (!g) continue;
            std::unique_ptr<OGRGeometry> copy(g->clone());
            copy->transform(transform.get());
            shift(copy.get(), -origin.x, -origin.y);
            out.push_back(std::move(copy));
            if (features) features->emplace_back(feature->Clone());
        }
        return out;
    }

private:
    static void shift(OGRGeometry* g, double dx, double dy) {
        struct Shift : OGRDefaultGeometryVisitor {
            double dx = 0, dy = 0;
            using OGRDefaultGeometryVisitor::visit;
            void visit(OGRPoint* p) override {
                p->setX(p->getX() + dx);
                p->setY(p->getY() + dy);
            }
        } visitor;
        visitor.dx = dx;
        visitor.dy = dy;
        g->accept(&visitor);
    }
    GDALDatasetUniquePtr ds_;
    OGRSpatialReference target_;
};

std::size_t layerNamed(const std::string& name) {
    const auto& layers = shangcheng().layers;
    for (std::size_t i = 0; i < layers.size(); ++i)
        if (layers[i].spec.name == name) return i;
    ADD_FAILURE() << "no layer " << name;
    return 0;
}

// Pixel (x, y) of a top-down RGB image, y counted from the bottom.
std::array<int, 3> pixel(const planview::RgbImage& image, int x, int y) {
    const std::uint8_t* p = &image.pixels[(static_cast<std::size_t>(image.height - 1 - y) * image.width + x) * 3];
    return {p[0], p[1], p[2]};
}

osg::Vec2d toPixels(const osg::Vec3d& p, const planview::RenderedView& view, double width, double height) {
    const osg::Vec4d clip = osg::Vec4d(p, 1) * view.view * view.projection;
    return {(clip.x() / clip.w() + 1) / 2 * width, (clip.y() / clip.w() + 1) / 2 * height};
}

TEST(Framing, TheTopViewHoldsTheDistrictInTheAreaThePanelsLeaveFree) {
    planview::RenderSettings settings;
    settings.width = 1280;
    settings.height = 720;
    planview::ViewRenderer renderer(shangcheng(), PLANVIEW_BINARY, settings);
    const planview::RenderedView top = renderer.render("top");
    const planview::ViewInsets insets = renderer.viewInsets();

    // The panels drawn: the tool bar's bottom and the status line's top bound the free area.
    const ImGuiWindow* tools = ImGui::FindWindowByName("##tools");
    const ImGuiWindow* status = ImGui::FindWindowByName("##status");
    ASSERT_TRUE(tools && status);
    EXPECT_GE(insets.top, tools->Pos.y + tools->Size.y - 0.5);
    EXPECT_GE(insets.bottom, settings.height - status->Pos.y - 0.5);
    EXPECT_GT(insets.left, 0);     // the left column: layers, legend, bookmarks
    EXPECT_EQ(insets.right, 0);    // no tool panel open: no right column

    // The extent of every layer of the sample as GDAL reads it, up to the tallest roof.
    Reference reference;
    OGREnvelope extent;
    double tallest = 0;
    for (const char* name : {"district", "water", "green", "roads", "parcels", "renewal_sites", "platforms", "projects"}) {
        std::vector<OGRFeatureUniquePtr> features;
        for (const auto& g : reference.geometries(name, &features)) {
            OGREnvelope e;
            g->getEnvelope(&e);
            extent.Merge(e);
        }
        if (std::string(name) == "parcels")
            for (const auto& f : features) tallest = std::max(tallest, f->GetFieldAsDouble("height_m"));
    }
    ASSERT_TRUE(extent.IsInit());
    for (double z : {0.0, tallest})
        for (double x : {extent.MinX, extent.MaxX})
            for (double y : {extent.MinY, extent.MaxY}) {
                const osg::Vec2d p = toPixels(osg::Vec3d(x, y, z), top, settings.width, settings.height);
                EXPECT_GE(p.x(), insets.left) << x << " " << y << " " << z;
                EXPECT_LE(p.x(), settings.width - insets.right) << x << " " << y << " " << z;
                EXPECT_GE(p.y(), insets.bottom) << x << " " << y << " " << z;
                EXPECT_LE(p.y(), settings.height - insets.top) << x << " " << y << " (north under the tool bar)";
            }
}

// ---- Pins ----------------------------------------------------------------------------------------

struct PinShot {
    double diameter = 0;        // pixels, of the drawn head
    osg::Vec2d centre;          // pixels, origin bottom-left
    osg::Vec2d roof;            // the roof point under the pin, projected
    planview::RgbImage withPins;
    bool picked = false;
    int ringDark = 0, ringWhite = 0, ringSamples = 0;   // rays from the centre meeting dark, white then dark
};

// Renders the sample around the project `name` with and without the pin layer; the head is the part
// of the difference around where it is expected, measured in the image.
PinShot shootPin(const std::string& name, int width, int height) {
    PinShot shot;
    Reference reference;
    std::vector<OGRFeatureUniquePtr> projects, parcels;
    const auto points = reference.geometries("projects", &projects);
    const auto footprints = reference.geometries("parcels", &parcels);
    std::size_t index = projects.size();
    for (std::size_t i = 0; i < projects.size(); ++i)
        if (name == projects[i]->GetFieldAsString("name_zh")) index = i;
    if (index == projects.size()) {
        ADD_FAILURE() << "no project " << name;
        return shot;
    }
    const OGRPoint* point = points[index]->toPoint();
    double roof = 0;
    for (std::size_t i = 0; i < footprints.size(); ++i)
        if (footprints[i]->Contains(point)) roof = std::max(roof, parcels[i]->GetFieldAsDouble("height_m"));

    planview::RenderSettings settings;
    settings.width = width;
    settings.height = height;
    settings.ui = false;
    settings.labels = false;
    planview::ViewRenderer renderer(shangcheng(), PLANVIEW_BINARY, settings);
    planview::CameraPose pose;
    pose.target = osg::Vec3d(point->getX(), point->getY(), 0);
    pose.distance = 700;
    pose.heading = 0;
    pose.pitch = 40;
    const std::size_t pins = layerNamed("重点项目");
    const planview::RenderedView with = renderer.renderPose(pose);
    geo::MapView view = renderer.scene().shown();
    view.layers[pins].visible = false;
    renderer.show(view);
    const planview::RenderedView without = renderer.renderPose(pose);
    view.layers[pins].visible = true;
    renderer.show(view);
    shot.withPins = with.image;
    // PLANVIEW_TEST_SHOTS=DIR keeps the renders for a person to look at.
    if (const char* dir = std::getenv("PLANVIEW_TEST_SHOTS"))
        planview::writePng(std::string(dir) + "/pin-" + std::to_string(height) + ".png", with.image);
    shot.roof = toPixels(osg::Vec3d(point->getX(), point->getY(), roof), with, width, height);

    // The pin's pixels: the difference within a window above the roof point, grown from the differing
    // pixel nearest to the spot straight above it.
    auto differs = [&](int x, int y) {
        if (x < 0 || y < 0 || x >= width || y >= height) return false;
        auto a = pixel(with.image, x, y), b = pixel(without.image, x, y);
        return std::abs(a[0] - b[0]) + std::abs(a[1] - b[1]) + std::abs(a[2] - b[2]) > 40;
    };
    const int window = height / 10;
    int seedX = -1, seedY = -1;
    double seedDistance = 1e9;
    for (int y = static_cast<int>(shot.roof.y()); y < shot.roof.y() + window; ++y)
        for (int x = static_cast<int>(shot.roof.x()) - window / 4; x <= shot.roof.x() + window / 4; ++x)
            if (differs(x, y) && std::abs(x - shot.roof.x()) + (y - shot.roof.y()) * 0.1 < seedDistance) {
                seedDistance = std::abs(x - shot.roof.x()) + (y - shot.roof.y()) * 0.1;
                seedX = x;
                seedY = y;
            }
    if (seedX < 0) return shot;   // nothing drawn above the roof: the pin is hidden
    // The topmost row of the pole over the roof point leads to the head: flood the connected pixels.
    std::vector<char> seen(static_cast<std::size_t>(width) * height, 0);
    std::vector<std::pair<int, int>> stack{{seedX, seedY}};
    int x0 = width, x1 = -1, y0 = height, y1 = -1;
    while (!stack.empty()) {
        auto [x, y] = stack.back();
        stack.pop_back();
        if (!differs(x, y) || seen[static_cast<std::size_t>(y) * width + x]) continue;
        if (std::abs(x - shot.roof.x()) > window || std::abs(y - shot.roof.y()) > window * 2) continue;
        seen[static_cast<std::size_t>(y) * width + x] = 1;
        // The head is the widest part: track the extent of rows wider than the pole.
        x0 = std::min(x0, x);
        x1 = std::max(x1, x);
        y0 = std::min(y0, y);
        y1 = std::max(y1, y);
        stack.push_back({x + 1, y});
        stack.push_back({x - 1, y});
        stack.push_back({x, y + 1});
        stack.push_back({x, y - 1});
    }
    shot.diameter = x1 - x0 + 1;
    // The head is round: its centre is its width's half below the top of what was flooded.
    shot.centre = osg::Vec2d((x0 + x1) / 2.0, y1 - (shot.diameter - 1) / 2.0);
    const double r = shot.diameter / 2;
    // Along each of 72 rays from the centre out to the edge: a white pixel, then a dark one.
    for (int k = 0; k < 72; ++k) {
        const double a = k * M_PI / 36;
        bool white = false, darkAfterWhite = false, dark = false;
        for (double share = 0.3; share <= 1.0; share += 0.02) {
            const auto p = pixel(with.image, static_cast<int>(std::lround(shot.centre.x() + std::cos(a) * r * share)),
                                 static_cast<int>(std::lround(shot.centre.y() + std::sin(a) * r * share)));
            const int sum = p[0] + p[1] + p[2];
            if (sum > 3 * 200) white = true;
            if (sum < 3 * 90) {
                dark = true;
                darkAfterWhite = darkAfterWhite || white;
            }
        }
        ++shot.ringSamples;
        if (dark) ++shot.ringDark;
        if (darkAfterWhite) ++shot.ringWhite;
    }
    // Picking at the head's centre finds this pin.
    auto hit = planview::pickFeature(renderer.scene(), with.view, with.projection, width, height, shot.centre.x() + 0.5,
                                     shot.centre.y() + 0.5);
    if (hit && hit->feature.layer == static_cast<int>(pins)) {
        const geo::Feature& f = shangcheng().layers[pins].data.features[hit->feature.feature];
        const int field = shangcheng().layers[pins].data.fieldIndex("name_zh");
        shot.picked = field >= 0 && geo::toString(f.values[static_cast<std::size_t>(field)]) == name;
    }
    return shot;
}

TEST(Pins, ARedPinOnARedParcelIsTheSameShareOfTheImageAt720pAnd4KOutlinedAboveItsRoofAndPicked) {
    // 湖滨三期: under construction (red), on a B1 (red) parcel 24 m tall, per the GeoPackage.
    const std::string name = "湖滨三期";
    const PinShot small = shootPin(name, 1280, 720);
    const PinShot large = shootPin(name, 3840, 2160);
    for (const PinShot* shot : {&small, &large}) {
        const int height = shot->withPins.height;
        SCOPED_TRACE(std::to_string(height) + " rows: head " + std::to_string(shot->diameter) + " px at " +
                     std::to_string(shot->centre.x()) + ", " + std::to_string(shot->centre.y()));
        ASSERT_GT(shot->diameter, 0) << "the pin is hidden";
        // Above the roof it stands on: its head's centre higher in the image than the roof point.
        EXPECT_GT(shot->centre.y(), shot->roof.y() + shot->diameter / 2);
        // A size of its own relative to the image: about 2% of the height.
        EXPECT_NEAR(shot->diameter / height, planview::kPinHeadShare, planview::kPinHeadShare * 0.2);
        // An outline all round: a dark edge outside a white ring.
        EXPECT_GE(shot->ringDark, shot->ringSamples * 3 / 4);
        EXPECT_GE(shot->ringWhite, shot->ringSamples * 3 / 4);
        EXPECT_TRUE(shot->picked);
    }
    // The same share of the image at both sizes (a pixel of rounding at 720p).
    EXPECT_NEAR(small.diameter / 720.0, large.diameter / 2160.0, 1.5 / 720.0);
}

}  // namespace
