// Labels over the Shangcheng project without a display: placed labels never overlap, a name is not
// repeated next to itself, and labels fade out with distance rather than all vanishing at once.
#include <gtest/gtest.h>
#include <algorithm>
#include <cmath>
#include <map>
#include <osg/Matrixd>
#include "app/scene/LabelLayer.h"
#include "geo/Project.h"
#include "geo/ProjectData.h"

namespace {

const std::string kProject = std::string(PLANVIEW_SOURCE_DIR) + "/assets/shangcheng/project.toml";

class Labels : public ::testing::Test {
protected:
    static void SetUpTestSuite() { data_ = new geo::ProjectData(geo::loadProjectData(geo::openProject(kProject, ""))); }
    static void TearDownTestSuite() { delete data_; }

    void SetUp() override {
        const std::string font = planview::findCjkFont();
        ASSERT_FALSE(font.empty()) << "no CJK font installed (fonts-wqy-microhei or fonts-noto-cjk)";
        labels_ = new planview::LabelLayer(font);
        for (std::size_t i = 0; i < data_->layers.size(); ++i)
            if (data_->layers[i].available()) labels_->addLayer(static_cast<int>(i), data_->layers[i], {});
        labels_->finish();
        // The target of the project's first bookmark (the whole district; the exclave lies
        // kilometres north, off the home view).
        ASSERT_FALSE(data_->project.bookmarks.empty());
        const geo::Bookmark& district = data_->project.bookmarks.front();
        const geo::Vec2 target = data_->frame.fromLonLat(district.view.lon, district.view.lat);
        centre_ = osg::Vec3d(target.x, target.y, 0);
    }

    /// Places the labels for a camera looking north at the district's centre from `distance` metres,
    /// 45° above the horizon, in a 1920×1080 view.
    void placeFrom(double distance) {
        planview::LabelView view;
        const double s = distance / std::sqrt(2.0);
        view.view = osg::Matrixd::lookAt(centre_ + osg::Vec3d(0, -s, s), centre_, osg::Vec3d(0, 0, 1));
        view.projection = osg::Matrixd::perspective(30, 1920.0 / 1080.0, 10, 1e7);
        view.width = 1920;
        view.height = 1080;
        labels_->place(view);
    }

    static geo::ProjectData* data_;
    osg::ref_ptr<planview::LabelLayer> labels_;
    osg::Vec3d centre_;
};
geo::ProjectData* Labels::data_ = nullptr;

TEST_F(Labels, PlacedLabelsNeverOverlapAndStayInTheView) {
    for (double distance : {1500.0, 4000.0, 9000.0}) {
        placeFrom(distance);
        const auto& placed = labels_->placed();
        ASSERT_GT(placed.size(), 5u) << "at " << distance << " m";
        for (std::size_t i = 0; i < placed.size(); ++i) {
            const auto& a = placed[i];
            EXPECT_TRUE(a.x1 > 0 && a.x0 < 1920 && a.y1 > 0 && a.y0 < 1080) << a.text << " is off screen";
            for (std::size_t j = i + 1; j < placed.size(); ++j) {
                const auto& b = placed[j];
                bool overlap = a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
                EXPECT_FALSE(overlap) << a.text << " overlaps " << b.text << " at " << distance << " m";
                if (a.text == b.text)
                    EXPECT_GT(std::hypot((a.x0 + a.x1) / 2 - (b.x0 + b.x1) / 2, (a.y0 + a.y1) / 2 - (b.y0 + b.y1) / 2), 160.0f)
                        << a.text << " is shown twice side by side";
            }
        }
    }
}

TEST_F(Labels, LabelsFadeWithDistance) {
    // Walking the camera away, a label never grows more opaque, some pass through partial opacity
    // (a fade, not a pop), and from far enough none is left.
    std::map<std::string, float> previous;
    bool sawFading = false;
    for (double distance = 1000; distance < 400000; distance *= 1.25) {
        placeFrom(distance);
        // Names placed once (several features may share a name: a road's segments).
        std::map<std::string, float> now;
        std::map<std::string, int> count;
        for (const auto& p : labels_->placed()) {
            now[p.text] = p.alpha;
            ++count[p.text];
            if (p.alpha > 0 && p.alpha < 1) sawFading = true;
        }
        for (const auto& [text, n] : count)
            if (n > 1) now.erase(text);
        for (const auto& [text, alpha] : now)
            if (auto it = previous.find(text); it != previous.end())
                EXPECT_LE(alpha, it->second + 1e-6f) << text << " grew more opaque moving away, at " << distance << " m";
        previous = now;
    }
    EXPECT_TRUE(sawFading);
    placeFrom(1e6);
    EXPECT_TRUE(labels_->placed().empty()) << labels_->placed().front().text << " still shown from 1,000 km";
}

}  // namespace
