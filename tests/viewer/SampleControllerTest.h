// The fixture of the controller tests: the Shangcheng sample loaded once per test suite (a second or
// two) and a new scene and controller for each test, so UI state does not leak between tests.
#pragma once
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <memory>
#include <stdexcept>
#include <string>
#include "app/scene/Scene.h"
#include "app/scene/ShaderLibrary.h"
#include "app/tools/MapController.h"
#include "geo/Project.h"
#include "geo/ProjectData.h"

namespace viewer_test {

inline const std::string kProject = std::string(PLANVIEW_SOURCE_DIR) + "/assets/shangcheng/project.toml";
inline const std::string kGpkg = std::string(PLANVIEW_SOURCE_DIR) + "/assets/shangcheng/shangcheng.gpkg";

/// The sample's own layer `name`, opened with GDAL: the reference the tests compare with.
struct SourceLayer {
    GDALDatasetUniquePtr dataset;
    OGRLayer* layer = nullptr;
    explicit SourceLayer(const std::string& name) {
        GDALAllRegister();
        dataset.reset(GDALDataset::Open(kGpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
        layer = dataset ? dataset->GetLayerByName(name.c_str()) : nullptr;
        if (!layer) throw std::runtime_error("cannot open " + kGpkg + " " + name);
    }
};

/// A project of its own (not the shared sample) loaded into a new scene and controller, as the viewer
/// opens it: for tests that save into the project or read an analytic one.
struct ProjectViewer {
    geo::ProjectData data;
    planview::ShaderLibrary shaders = planview::ShaderLibrary::locate(PLANVIEW_BINARY);
    std::unique_ptr<planview::Scene> scene;
    std::unique_ptr<planview::MapController> controller;
    explicit ProjectViewer(const std::string& project) : data(geo::loadProjectData(geo::openProject(project, ""))) {
        scene = std::make_unique<planview::Scene>(data, shaders);
        controller = std::make_unique<planview::MapController>(*scene);
    }
};

class SampleControllerTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        data_ = new geo::ProjectData(geo::loadProjectData(geo::openProject(kProject, "")));
        shaders_ = new planview::ShaderLibrary(planview::ShaderLibrary::locate(PLANVIEW_BINARY));
    }
    static void TearDownTestSuite() {
        delete shaders_;
        delete data_;
        shaders_ = nullptr;
        data_ = nullptr;
    }
    void SetUp() override {
        scene_ = std::make_unique<planview::Scene>(*data_, *shaders_);
        controller_ = std::make_unique<planview::MapController>(*scene_);
    }

    /// The index of the project layer reading `sourceLayer` of the GeoPackage.
    static std::size_t layerIndex(const std::string& sourceLayer) {
        for (std::size_t i = 0; i < data_->layers.size(); ++i)
            if (data_->layers[i].spec.layer == sourceLayer && data_->layers[i].available()) return i;
        throw std::runtime_error("no layer reads " + sourceLayer);
    }

    static inline geo::ProjectData* data_ = nullptr;
    static inline planview::ShaderLibrary* shaders_ = nullptr;
    std::unique_ptr<planview::Scene> scene_;
    std::unique_ptr<planview::MapController> controller_;
};

}  // namespace viewer_test
