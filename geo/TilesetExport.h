// A layer as an OGC 3D Tiles 1.1 tileset for city platforms (CIM, CesiumJS) of any size: a quadtree
// over the layer's extent whose leaves hold at most a few thousand features each, every tile's content
// a .glb written by the glTF export (geo/GltfExport.h: the same shapes, colours, feature ids and
// property table, a local frame per tile placed by its root node), bounding regions in WGS 84.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include "geo/GltfExport.h"

namespace geo {

struct TilesetOptions {
    std::string output;              ///< the folder to write (may end with '/'; an existing one must be empty)
    bool overwrite = false;          ///< replace an existing folder that is not empty
    std::size_t maxTileFeatures = 3000;   ///< a cell with more features is split in four
    GltfOptions gltf;                ///< style, field types, ground (its output is not used)
};

struct TilesetReport {
    std::string output;
    std::size_t features = 0;        ///< over every tile: each feature of the layer once
    std::size_t tiles = 0;           ///< tiles with content (.glb files)
    int depth = 0;                   ///< levels below the root
    std::uintmax_t bytes = 0;        ///< tileset.json and every tile
    std::uintmax_t largestTileBytes = 0;
    double west = 0, south = 0, east = 0, north = 0;   ///< the root region, degrees
    double low = 0, high = 0;                          ///< metres above the ellipsoid
};

/// Writes `layer` (read into `frame`) to the folder options.output as a 3D Tiles 1.1 tileset:
/// - tileset.json: asset version "1.1", refine ADD from the root; a quadtree over the layer's extent in
///   the scene frame, a cell split in four while it holds more than maxTileFeatures features (each
///   feature counted in the cell of its label point, geo::labelPoint); every cell with features
///   either a leaf with content tiles/<address>.glb or a parent without content;
/// - each tile's bounding volume a `region` (radians west, south, east, north; metres above the WGS 84
///   ellipsoid) holding its content's vertices (a parent's: its children's), the root's also the
///   layer's extent; geometricError 0 at the leaves, a parent's the diagonal of what it holds (metres),
///   the tileset's the root's (at least 1): a parent's tiles are drawn while it looks more than about
///   16 pixels across (CesiumJS's default maximum screen-space error), as parents hold no content;
/// - each .glb: exportGltf's model of the leaf's features (feature ids 0..k−1, the property table's
///   rows, with every attribute and the source's fid).
/// Written into a new folder beside the target and renamed into place (an existing target replaced
/// only with overwrite). Throws OutputError when the target is a file, a folder that is not empty
/// (without overwrite), its parent folder is missing, or it cannot be written; InputError as exportGltf.
TilesetReport exportTileset(const LoadedLayer& layer, const SceneFrame& frame, const TilesetOptions& options);

/// The project's one layer, read and completed as exportProjectLayerGltf does, written by exportTileset.
TilesetReport exportProjectLayerTileset(const Project& project, const TilesetOptions& options);

}  // namespace geo
