// A large layer cut into tiles, so that the viewer can load what is near the camera instead of the
// whole layer: a grid over the layer's extent in its own coordinates, every feature belonging to the
// one tile its envelope centre lies in (so no feature is drawn twice, and none is lost at an edge).
#pragma once
#include <optional>
#include <string>
#include <vector>
#include "geo/Feature.h"
#include "geo/Project.h"
#include "geo/SceneFrame.h"

class OGRLayer;

namespace geo {

class Source;

/// Layers with at least this many features are streamed when their source has a spatial index
/// (unless the project says `stream = false`).
constexpr long long kStreamThreshold = 250000;

struct TileGrid {
    Extent extent;          ///< the layer's extent in its own coordinates
    int columns = 1, rows = 1;

    /// About `featuresPerTile` features a tile (assuming an even spread), the tiles near square.
    static TileGrid cover(const Extent& extent, long long features, int featuresPerTile);
    int count() const { return columns * rows; }
    /// The tile's rectangle (tiles numbered row by row from the south-west).
    Extent bounds(int tile) const;
    /// Where the tile's features are anchored: its rectangle, the outer edges of the grid pushed to
    /// infinity (a stale declared extent must not lose features).
    Extent anchor(int tile) const;
};

/// A layer that is read tile by tile (see LoadedLayer::stream).
struct StreamedLayer {
    TileGrid grid;
    std::vector<Extent> tileBounds;   ///< each tile's rectangle in scene metres (its corners and edges transformed)
    long long featureCount = 0;       ///< as the source counts them (before the layer's filter)
};

/// Whether the layer should be streamed, and its tiles when so (nullopt: read it whole). Streams when
/// the spec says `stream = true`, or when unset and the layer has kStreamThreshold features or more;
/// either way only polygon layers (parcels, polygons) from a source with a fast spatial filter, in
/// longitude/latitude or projected coordinates (not `datum = "gcj02"`). `what` names the layer.
std::optional<StreamedLayer> planStream(const LayerSpec& spec, OGRLayer& layer, const SceneFrame& frame,
                                        const std::string& what);

/// The features of one tile of a streamed layer, read and projected as readLayer does.
FeatureLayer readTile(const Source& source, const LayerSpec& spec, const StreamedLayer& stream, int tile,
                      const SceneFrame& frame);

}  // namespace geo
