// Raster layers in the scene (`kind = "imagery"` and `"terrain"`): a quadtree of textured tiles over
// the rasters' joint square in scene metres, paged by OSG's DatabasePager (osg::PagedLOD: read in its
// background threads, nearest and coarsest first, tiles out of view expired so that texture memory
// stays bounded by its PagedLOD target). Each tile is 256 × 256 texels read through
// geo::RasterWindow (GDAL's warper and the source's overviews); a tile is split into its four
// children once it shows larger than its texels on screen, down to the source's own resolution.
// Terrain tiles are meshes of the DEM's heights (33 × 33 vertices a tile, so coarser far away) coloured
// by a hypsometric tint under a hillshade (at the finest level a mesh cell spans 8 DEM pixels, so
// the drawn ground is smoother than the DEM that geo::GroundHeights samples for the features on it:
// the terrain's depth is pushed back so that it does not cut their low roofs); imagery drapes on that
// mesh when the project has terrain, else lies flat on the ground.
#pragma once
#include <memory>
#include <osg/Node>
#include "geo/ProjectData.h"

namespace planview {

/// What every tile of one raster layer is read from.
struct RasterTileSource : osg::Referenced {
    RasterTileSource(const geo::SceneFrame& f) : frame(f) {}
    std::shared_ptr<const geo::RasterWindow> imagery;   ///< colours; null for a terrain layer's tiles
    std::shared_ptr<const geo::RasterWindow> terrain;   ///< heights; null: flat at 0
    geo::SceneFrame frame;
    double exaggeration = 1;
    geo::Extent root;       ///< the quadtree's square (scene metres), shared by every raster layer
    geo::Extent covered;    ///< the layer's own extent: tiles outside it are not made
    int maxLevel = 0;       ///< where a tile's texels reach the source's pixel size
    std::string name;       ///< the layer's, for messages
};

constexpr int kRasterTilePixels = 256;

/// The joint square of the project's raster layers (scene metres); empty when there are none.
geo::Extent rasterRootSquare(const geo::ProjectData& data);

/// The tile (level, x, y) as a node: its geometry, and below it the file name that pages in its
/// four children (while level < maxLevel). Throws geo::InputError when the raster cannot be read.
osg::ref_ptr<osg::Node> buildRasterTile(const RasterTileSource& source, int level, int x, int y);

/// The finest level a raster reaches within `root` (its pixels in scene metres against a tile's texels).
int rasterMaxLevel(const geo::RasterWindow& raster, const geo::Extent& sceneExtent, const geo::Extent& root);

}  // namespace planview
