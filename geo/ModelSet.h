// 3D models in a project (`kind = "models"`): an oblique-photography tile set in the common layout
// (ContextCapture/Smart3D: `metadata.xml` with SRS and SRSOrigin, `Data/Tile_*/Tile_*.osgb`), or a
// single model file placed by a position, heading and scale. Only where the model goes is decided
// here (PROJ, no OSG); app/scene loads the files.
#pragma once
#include <string>
#include <vector>
#include "geo/Vec.h"

namespace geo {

struct LayerSpec;
class SceneFrame;

/// What `metadata.xml` says: the tiles' CRS and the point of it their local coordinates start from.
struct ModelMetadata {
    std::string srs;                    ///< as written: "EPSG:4549", "ENU:30.24,120.16" (lat,lon) or WKT
    double origin[3] = {0, 0, 0};       ///< SRSOrigin (x, y, z) in the SRS; 0,0,0 when not written
};

/// Parses the text of a `metadata.xml` read from `path` (which names it in errors). Strict: the root
/// element must be <ModelMetadata>, <SRS> must be there and not empty, <SRSOrigin> (when there) must
/// be two or three finite numbers separated by commas. Throws InputError "PATH: cause".
/// The SRS is not resolved here (see modelSrsWkt).
ModelMetadata parseModelMetadata(const std::string& text, const std::string& path);

/// The SRS of a metadata.xml as WKT, for PROJ: an authority code or WKT as PROJ knows it (no file or
/// network look-ups), or for "ENU:lat,lon" a local tangent plane there (azimuthal equidistant on
/// WGS 84, which stays within a millimetre of east/north/up over a few kilometres). Throws
/// InputError naming `path` when PROJ does not know it or it is not projected (metres).
std::string modelSrsWkt(const std::string& srs, const std::string& path);

/// How a model's own coordinates (metres, x east, y north, z up, as OSG loads them) map into scene
/// metres: scene = translation + linear · (x, y), z scaled by `zScale` and raised by translation.z.
struct ModelPlacement {
    double translation[3] = {0, 0, 0};
    double linear[4] = {1, 0, 0, 1};    ///< row-major 2×2 (rotation, scale, and the two CRSs' difference)
    double zScale = 1;
    /// (x, y, z) in model coordinates -> scene metres.
    void apply(const double in[3], double out[3]) const;
};

/// One file to load: a top tile of a tile set, or the single model.
struct ModelTile {
    std::string name;   ///< "Tile_+000_+000", or the model's file name
    std::string file;   ///< absolute path of the .osgb (or other model file)
};

/// A models layer as placed in a scene frame.
struct ModelSet {
    bool tileSet = false;               ///< a tile set (metadata.xml) rather than one model file
    std::string location;               ///< the layer's source (folder, metadata.xml or model file)
    std::string srs;                    ///< tile set: the SRS as written; single model: the position's CRS
    std::string srsName;                ///< PROJ's name for it ("CGCS2000 / 3-degree Gauss-Kruger CM 120E")
    double origin[3] = {0, 0, 0};       ///< SRSOrigin, or the position, in `srs`
    Vec2 lonLat;                        ///< where the origin is (WGS 84 degrees)
    std::vector<ModelTile> tiles;       ///< sorted by name
    ModelPlacement placement;
};

/// Model file extensions the scene reads (OSG's Debian plugins): osgb, osgt, ive, obj, dae, 3ds.
bool isModelFile(const std::string& path);

/// Finds a models layer's files and where they go, without a frame yet: a folder holding
/// metadata.xml (or metadata.xml itself) is a tile set (its Data/ folder's Tile_* folders, each
/// with a same-named .osgb); a model file is placed by the layer's position/heading/scale.
/// Throws InputError naming the file for a missing or bad metadata.xml, a missing Data folder or
/// tiles, an unknown CRS, a missing model file or one of another kind (whether OSG can read the file
/// is the scene's to find out). `placement` is left identity.
ModelSet describeModels(const LayerSpec& spec);

/// Places `set` (from describeModels) into `frame`: the origin transformed into the frame, and the
/// model's axes turned and scaled as the frame sees them there (grid convergence, scale factors;
/// for a single model the heading from true north and the scale). Throws InputError when PROJ
/// has no path from the SRS to the frame.
void placeModels(ModelSet& set, const LayerSpec& spec, const SceneFrame& frame);

}  // namespace geo
