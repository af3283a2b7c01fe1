// A layer as PlanView draws it, written as binary glTF 2.0 (.glb) for city platforms (CIM, CesiumJS,
// 3D Tiles): the same shapes as the scene (geo/MeshShapes.h, geo/LayerDrawing.h), coloured by the
// layer's style, placed on the globe by the root node's matrix, each feature addressable by its id
// with its attributes (EXT_mesh_features, EXT_structural_metadata). geo/TilesetExport.h writes the same
// models, a tile's features each, as a 3D Tiles tileset.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include "geo/Style.h"

namespace geo {

class GroundHeights;

struct LoadedLayer;
struct Project;
class SceneFrame;

/// How an attribute is stored in the property table, from its OGR field type: OFTInteger → INT32,
/// OFTInteger64 → INT64, OFTReal → FLOAT64, anything else (text, dates, times, lists) → STRING.
enum class GltfPropertyType { Int32, Int64, Float64, String };

struct GltfOptions {
    std::string output;        ///< the .glb to write
    bool overwrite = false;    ///< replace an existing output
    LayerStyle style;          ///< the colours: the layer's own style, or what the viewer shows
    /// Each field's storage type by field name; a field missing here is stored by its geo::FieldType
    /// (Integer → INT64, Real → FLOAT64, the rest → STRING).
    std::map<std::string, GltfPropertyType> fieldTypes;
    /// The ground the features stand on, as the scene draws them (geo::projectGround); null: flat at 0.
    const GroundHeights* ground = nullptr;
};

struct GltfReport {
    std::string output;
    std::size_t features = 0;           ///< rows of the property table: every feature of the layer
    std::size_t vertices = 0, triangles = 0, lineSegments = 0, points = 0;
    std::uintmax_t bytes = 0;           ///< the file's size
    double originLon = 0, originLat = 0;   ///< the local frame's origin (WGS 84 degrees, ellipsoidal height 0)
};

/// The root node's placement: a local east-north-up frame with its origin at (lon, lat, 0) on the
/// WGS 84 ellipsoid, its east and north along the ellipsoid's at that point.
/// enuToEcef: the 4×4 matrix (column-major, as glTF) taking local ENU metres (z up) to ECEF metres.
/// Computed with PROJ (the origin's ECEF position), throws InputError when PROJ cannot.
void enuToEcef(double lon, double lat, double matrix[16]);
/// The glTF root node's matrix for that frame: glTF is y-up, and 3D Tiles and CesiumJS read a glTF's
/// y-up coordinates as z-up ones turned by +90° about x (x, y, z)ₓᵧᵤₚ → (x, −z, y); so the node maps
/// local (east, up, −north) to ECEF expressed the same y-up way (X, Z, −Y). Column-major.
void gltfRootMatrix(double lon, double lat, double matrix[16]);

/// Writes `layer` (read into `frame`) to options.output as binary glTF 2.0:
/// - the shapes the scene draws (parcels extruded with roofs and walls, flat polygons, their edges as
///   lines, boundaries' curtains and outlines, lines as ribbons, points as a pole and a head), in
///   metres of a local east-north-up frame around the layer's centre, as float positions with a
///   normal each (every triangle flat-shaded as the scene shades it);
/// - one material per colour the style gives (sRGB converted to glTF's linear factors, the layer's
///   opacity as alpha, blended when below 1);
/// - the root node's matrix gltfRootMatrix() placing it on the globe;
/// - feature ids 0..n−1 (the layer's features in order) as a `_FEATURE_ID_0` vertex attribute
///   (EXT_mesh_features) indexing an EXT_structural_metadata property table of n rows: the source's
///   `fid` and every attribute (NULL: the property's noData: "" for text, the type's lowest value for
///   numbers).
/// Written beside the target and renamed into place. Throws OutputError when the target exists
/// (without overwrite), its folder is missing or it cannot be written; InputError for a layer that
/// is not drawn as geometry (models, no geometry).
GltfReport exportGltf(const LoadedLayer& layer, const SceneFrame& frame, const GltfOptions& options);

/// The project's one layer (its first that is not a raster, with its `where`) read from its source
/// and written by exportGltf, each field stored by its OGR type, standing on the project's terrain
/// layer when it has one (geo::projectGround). options.style is used as given. Throws InputError
/// when the layer cannot be read.
GltfReport exportProjectLayerGltf(const Project& project, const GltfOptions& options);

}  // namespace geo
