// A project's layers read into one scene frame: what the scene builders, statistics and the UI use.
#pragma once
#include <string>
#include <vector>
#include "geo/Feature.h"
#include "geo/Project.h"
#include "geo/SceneFrame.h"

namespace geo {

struct LoadedLayer {
    LayerSpec spec;
    FeatureLayer data;
    std::string error;      ///< why the layer is unavailable ("" when it loaded)
    bool available() const { return error.empty(); }
};

struct ProjectData {
    Project project;
    SceneFrame frame;
    std::vector<LoadedLayer> layers;   ///< in the project's order (drawing order)
    Extent bounds;                     ///< of every loaded feature, in scene metres
};

/// Opens every layer's source, chooses the scene frame from their joint lon/lat extent (or the
/// project's crs) and reads them. A layer whose source cannot be read is kept with its error (and
/// logged); when no layer can be read at all, throws InputError with the first layer's error.
ProjectData loadProjectData(const Project& project);

}  // namespace geo
