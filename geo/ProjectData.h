// A project's layers read into one scene frame: what the scene builders, statistics and the UI use.
#pragma once
#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <vector>
#include "geo/Feature.h"
#include "geo/ModelSet.h"
#include "geo/Project.h"
#include "geo/RasterWindow.h"
#include "geo/SceneFrame.h"
#include "geo/TileGrid.h"

namespace geo {

struct LoadedLayer {
    LayerSpec spec;
    FeatureLayer data;
    std::string error;      ///< why the layer is unavailable ("" when it loaded)
    /// A streamed layer: `data` holds its name, kind and fields but no features; its tiles are read
    /// as the camera comes near them (readTile).
    std::optional<StreamedLayer> stream;
    /// A models layer (LayerKind::Models): its files and placement; `data` then holds one feature
    /// (no geometry but the point it stands on) per top tile or model, with its `name` and `file`.
    std::shared_ptr<const ModelSet> models;
    /// A raster layer (LayerKind::Imagery, Terrain): the open raster, read window by window by the
    /// scene; `data` then holds no features, only the raster's extent in scene metres as its bounds.
    std::shared_ptr<const RasterWindow> raster;
    bool available() const { return error.empty(); }
    bool streamed() const { return stream.has_value(); }
};

/// A layer of zones (development platforms, renewal sites): an available boundary layer of polygons,
/// which features lie in (the inspector) and statistics are summed by.
bool isZoneLayer(const LoadedLayer& layer);

struct ProjectData {
    Project project;
    SceneFrame frame;
    std::vector<LoadedLayer> layers;   ///< in the project's order (drawing order)
    Extent bounds;                     ///< of every loaded feature, in scene metres
};

/// The scene frame for a project: its crs, or chosen from the joint lon/lat extent of its layers.
/// Layers whose source cannot be opened are left out of the extent; with `errors`, it receives each
/// layer's error ("" when its source opened), parallel to project.layers.
SceneFrame chooseProjectFrame(const Project& project, std::vector<std::string>* errors = nullptr);

/// Where a load has got to: the layer being read (index into the project's layers) and its features.
struct LoadProgress {
    std::size_t layer = 0, layerCount = 0;
    std::string layerName;
    std::size_t featuresRead = 0;
    long long featuresTotal = -1;   ///< -1 when the source cannot tell cheaply
    /// 0..1 over the whole project, layers weighted equally.
    double fraction() const {
        double inLayer = featuresTotal > 0 ? std::min(1.0, static_cast<double>(featuresRead) / featuresTotal) : 0.0;
        return layerCount ? (layer + inLayer) / layerCount : 1.0;
    }
};
using LoadProgressCallback = std::function<void(const LoadProgress&)>;

/// Opens every layer's source, chooses the scene frame (see chooseProjectFrame) unless `frame` is
/// given, and reads the layers (reporting to `progress` as it goes, when given). A layer whose source cannot be read is kept with its error (and
/// logged); when no layer can be read at all, throws InputError with the first layer's error. A field
/// that a layer's extrude, label or style.by names but the layer lacks is logged as a warning
/// (missingFieldWarnings) and the layer loads all the same.
///
/// With `allowStreaming` (the viewer and render, which draw what the camera sees), large layers are
/// not read but planned for streaming (see planStream); every verb that needs all the features
/// (stats, export) leaves it off.
ProjectData loadProjectData(const Project& project, const SceneFrame* frame = nullptr,
                            const LoadProgressCallback& progress = {}, bool allowStreaming = false);

/// Layer `index` of the project read again on its own (opening its source anew) into `frame`: for a
/// layer that was unavailable when the project loaded (the viewer's reconnect). The layer's error
/// is set, rather than thrown, when it still cannot be read.
LoadedLayer loadLayer(const Project& project, std::size_t index, const SceneFrame& frame, bool allowStreaming);

}  // namespace geo
