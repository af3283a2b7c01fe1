// Streaming of layers too large to load at once (geo::StreamedLayer). Every frame the scene tells the
// streamer where the eye is; tiles near it are read, projected, triangulated and built at full detail
// by two worker threads, nearest first, while every other tile is drawn as a coarse massing of its
// features (per cell of the tile: a block of the cell's built-up share, the dominant colour and the
// mean height; cells the coarser the farther the tile). Full tiles that fall far behind the camera are dropped, so memory is bounded by
// what is near the camera, not by the layer.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <tuple>
#include <optional>
#include <vector>
#include <osg/Group>
#include <osg/Switch>
#include <osg/Vec3d>
#include "app/scene/FeatureTable.h"
#include "app/scene/LayerBuilders.h"
#include "app/scene/LayerStyling.h"
#include "geo/PickIndex.h"
#include "geo/ProjectData.h"

namespace planview {

class TileStreamer {
public:
    /// How a tile is drawn.
    enum class Detail { None, Coarse, Full };

    /// `ground`: the terrain the tiles' features stand on (the Scene's), null on flat ground.
    TileStreamer(const geo::ProjectData& data, ShaderLibrary& shaders, const SceneOptions& options,
                 const geo::GroundHeights* ground = nullptr);
    ~TileStreamer();
    TileStreamer(const TileStreamer&) = delete;
    TileStreamer& operator=(const TileStreamer&) = delete;

    /// Streams the layer (data.layers[layer], streamed) into `parts`, whose flat and solid groups
    /// the scene has put in its passes; tiles are added to them as their children.
    void addLayer(std::size_t layer, const LayerParts& parts);
    bool empty() const { return layers_.empty(); }

    /// Takes in the tiles the workers finished and asks for those the eye at `eye` (scene metres)
    /// wants, nearest first. Cheap; call it every frame. True when the drawn scene changed.
    bool update(const osg::Vec3d& eye);
    /// update() until every tile the eye wants is in place (offscreen renders, tests).
    void settle(const osg::Vec3d& eye);
    /// Whether tiles are still being read for the last update().
    bool busy() const;

    /// Held while scene state shared with the tiles (the shaders' programs) is attached or released
    /// outside the streamer: the workers attach it as they build.
    std::unique_lock<std::mutex> lockSharedState() { return std::unique_lock<std::mutex>(sharedState_); }

    void setLayerVisible(std::size_t layer, bool visible);
    /// Redraws the layer's tiles in a new style (they are read again, nearest first).
    void setLayerStyle(std::size_t layer, const geo::LayerStyle& style);
    /// Why the layer's tiles cannot be read ("" while they can): a database that went away, say.
    std::string layerError(std::size_t layer) const;
    /// Forgets the error and the open connections, and reads the layer's tiles again.
    void reconnect(std::size_t layer);

    struct Counts {
        std::size_t tiles = 0, full = 0, coarse = 0, pending = 0;
        std::size_t fullFeatures = 0;   ///< features held at full detail
    };
    Counts counts() const;
    Counts layerCounts(std::size_t layer) const;
    /// The tile's detail as drawn now.
    Detail detail(std::size_t layer, int tile) const;
    /// The source feature ids drawn at full detail in the tile (empty unless it is Full).
    std::vector<std::int64_t> fullFeatureIds(std::size_t layer, int tile) const;
    /// The nearest feature of the full tiles along the ray (as Scene's pick index, for visible layers):
    /// its tile and the hit (hit.layer is the layer's index, hit.feature the feature's in the tile).
    struct Hit {
        int tile = 0;
        geo::PickHit hit;
    };
    std::optional<Hit> pick(const geo::PickRay& ray) const;
    /// The tallest roof of the full tiles' features at or near (x, y) (see geo::PickIndex::heightNear),
    /// for visible layers; 0 where none stands.
    double heightNear(double x, double y, double radius) const;
    /// A full tile's features (null when the tile is not held in full); shared so that a selection
    /// can keep its feature when the tile is dropped.
    std::shared_ptr<const geo::FeatureLayer> tileFeatures(std::size_t layer, int tile) const;
    /// Highlights a feature of a tile (tile -1: none), now and when the tile is read again.
    void setSelection(std::size_t layer, int tile, int feature);

    /// The layer's values of its style's field with their counts, over the tiles read so far (all of
    /// them once the whole layer has been seen).
    ValueCounts valueCounts(std::size_t layer) const;

    /// The node drawing the tile at `detail` (Coarse or Full), or null when it has none.
    const osg::Group* tileNode(std::size_t layer, int tile, Detail detail) const;
    /// At most this many features at full detail (default kMaxFullFeatures in the .cpp).
    void setFullFeatureBudget(std::size_t features) { fullFeatureBudget_ = features; }
    /// Tiles of the layer, and a tile's rectangle in scene metres.
    int tileCount(std::size_t layer) const;
    const geo::Extent& tileBounds(std::size_t layer, int tile) const;

private:
    struct Built;   // a worker's finished tile
    struct Job {
        std::size_t layer = 0;
        int tile = 0;
        bool full = false;
        unsigned generation = 0;
        double distance = 0;
    };
    struct Tile {
        osg::ref_ptr<osg::Switch> coarse;          // the massing's levels; with `full`, children of
        osg::ref_ptr<osg::Group> full;             // the layer's pass group, or null
        std::shared_ptr<const geo::FeatureLayer> features;   // of the full tile
        std::shared_ptr<const geo::PickIndex> pick;          // of the full tile
        osg::ref_ptr<osg::Uniform> selected;                 // the full tile's highlighted feature
        ValueCounts values;                                  // of the style's field, once read
        std::size_t featureCount = 0;                        // once read (0: not yet)
        bool coarseRequested = false, fullRequested = false;
    };
    struct Layer {
        std::size_t index = 0;
        geo::LayerSpec spec;                        // its style follows setLayerStyle
        const geo::StreamedLayer* stream = nullptr;
        osg::ref_ptr<osg::Group> group;             // the pass group tiles go into
        std::vector<Tile> tiles;
        double tileSize = 0;                        // the larger side of a tile, metres
        unsigned generation = 0;                    // bumped by restyle and reconnect
        bool visible = true;
        std::string error;
    };

    void work();
    std::unique_ptr<Built> build(const Job& job, const geo::LayerSpec& spec, std::map<std::string, std::unique_ptr<geo::Source>>& sources);
    bool takeFinished();
    void dropTile(Layer& layer, Tile& tile, bool full);
    Layer* layerOf(std::size_t layer);
    const Layer* layerOf(std::size_t layer) const;

    const geo::ProjectData& data_;
    const geo::GroundHeights* ground_ = nullptr;
    ShaderLibrary& shaders_;
    SceneOptions options_;
    std::vector<Layer> layers_;

    mutable std::mutex mutex_;
    std::mutex sharedState_;                      // see lockSharedState
    std::condition_variable wake_, finishedSignal_;
    std::deque<Job> queue_;                       // nearest first
    std::vector<std::unique_ptr<Built>> finished_;
    std::size_t running_ = 0;                     // jobs being built now
    std::atomic<unsigned> sourceEpoch_{0};         // bumped by reconnect: workers reopen their sources
    std::map<std::size_t, geo::LayerSpec> specs_; // each layer's spec as the workers build it
    bool stopping_ = false;
    std::vector<std::thread> workers_;
    std::size_t fullFeatureBudget_;
    std::tuple<std::size_t, int, int> selection_{0, -1, -1};   // layer, tile, feature
};

}  // namespace planview
