// Inside the glTF export (geo/GltfExport.h) and the 3D Tiles export built on it (geo/TilesetExport.h),
// shared by GltfModel.cpp (geometry and placement of any set of a layer's features), GltfMetadata.cpp
// (the property table), GltfExport.cpp (one .glb) and TilesetExport.cpp (a tree of them). Not for use
// elsewhere.
#pragma once
#include <tiny_gltf.h>
#include <cmath>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>
#include "geo/Feature.h"
#include "geo/GltfExport.h"

namespace geo::gltf {

/// The one binary buffer of a .glb (its BIN chunk), filled view by view.
class Bin {
public:
    explicit Bin(tinygltf::Model& model);
    /// A buffer view of `bytes` bytes copied from `data`, starting on an 8-byte boundary (what
    /// EXT_structural_metadata asks of property tables, and more than any accessor needs); `target`
    /// is 0, TINYGLTF_TARGET_ARRAY_BUFFER or TINYGLTF_TARGET_ELEMENT_ARRAY_BUFFER. Returns its index.
    int view(const void* data, std::size_t bytes, int target);
    /// An accessor over the whole of `view`; min and max may be empty (they are required for POSITION).
    int accessor(int view, int componentType, int type, std::size_t count, std::vector<double> min = {},
                 std::vector<double> max = {});

private:
    tinygltf::Model& model_;
};

/// The name of the class whose property table holds the features' attributes.
constexpr const char* kFeatureClass = "feature";

/// Adds the EXT_structural_metadata schema (one class, a property per field plus `fid`) and its
/// property table of `layer`'s features `rows` in that order (row k = feature id k = the feature
/// rows[k]) to the model; returns the table's index. Property ids are the field names where those are
/// identifiers ([A-Za-z_][A-Za-z0-9_]*), else field_<k>; each property's `name` is the field's own name.
int addPropertyTable(tinygltf::Model& model, Bin& bin, const FeatureLayer& layer, const std::vector<std::size_t>& rows,
                     const std::string& tableName, const std::map<std::string, GltfPropertyType>& fieldTypes);

/// Where a model's vertices are on the globe: WGS 84 longitude and latitude (degrees) and height above
/// the ellipsoid (metres), lowest to highest of each.
struct GlobeBox {
    double west = INFINITY, south = INFINITY, east = -INFINITY, north = -INFINITY, low = INFINITY, high = -INFINITY;
    bool empty() const { return !(west <= east); }
    void add(double lon, double lat, double height) {
        west = std::fmin(west, lon), east = std::fmax(east, lon);
        south = std::fmin(south, lat), north = std::fmax(north, lat);
        low = std::fmin(low, height), high = std::fmax(high, height);
    }
    void add(const GlobeBox& o) {
        if (o.empty()) return;
        add(o.west, o.south, o.low);
        add(o.east, o.north, o.high);
    }
};

/// A layer made ready for glTF once (what it draws, its colours, heights and ground, PROJ's conversion
/// to the globe); model() then builds the glTF of any set of its features: the whole layer for one
/// .glb, a tile's features for 3D Tiles.
class LayerModels {
public:
    /// Throws InputError for a layer that is not drawn as geometry (models, rasters, no features).
    LayerModels(const LoadedLayer& layer, const SceneFrame& frame, const GltfOptions& options);
    ~LayerModels();
    LayerModels(const LayerModels&) = delete;
    LayerModels& operator=(const LayerModels&) = delete;

    /// The glTF of `features` (indices into the layer's features; feature id and property-table row k
    /// is features[k]): the shapes the scene draws, in metres of a local east-north-up frame at the
    /// centre of those features' extent, placed on the globe by the root node's matrix
    /// (gltfRootMatrix). Adds its vertices, triangles… and origin to `report` and its vertices' place
    /// on the globe to `box`. Throws InputError when none of them draws anything.
    tinygltf::Model model(const std::vector<std::size_t>& features, GltfReport& report, GlobeBox& box) const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

/// Writes `model` as binary glTF into the new file `path`; OutputError naming `what` when it cannot.
void writeGlb(tinygltf::Model& model, const std::filesystem::path& path, const std::string& what);

/// The project's one layer (its first that is not a raster, with its `where`) read from its source,
/// with `options` completed as exportProjectLayerGltf describes (each field's OGR type, the project's
/// terrain as ground), handed to `write`. Throws InputError when the layer cannot be read.
void withProjectLayer(const Project& project, const GltfOptions& options,
                      const std::function<void(const LoadedLayer&, const SceneFrame&, const GltfOptions&)>& write);

/// A fresh name for a file or folder written beside its target before the rename into place:
/// ".planview-export-<pid>-<random><suffix>".
std::string stagingName(const std::string& suffix);

}  // namespace geo::gltf
