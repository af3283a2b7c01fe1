// Picking without the scene graph: a uniform 2D grid per layer over its features' footprints, and an
// exact ray test against the surfaces the scene draws for them (prisms, ground polygons, line
// ribbons, boundary walls). A click walks only the grid cells under the ray's ground projection
// between the layer's top and the ground, so it costs the features near the ray, not the triangles
// of the whole scene. Plain geometry: no OSG, GL or ImGui here.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>
#include "geo/Feature.h"

namespace geo {

/// A point or direction in scene metres.
struct PickPoint {
    double x = 0, y = 0, z = 0;
};

/// The ray through a pixel: points origin + t·direction for 0 ≤ t ≤ maxT (a camera passes its near
/// point, far minus near, and 1, so nothing before the near or beyond the far plane is picked).
struct PickRay {
    PickPoint origin, direction;
    double maxT = INFINITY;
};

/// Narrows [t0, t1] to where a ray (`origin` + t·`direction` along one axis) lies within lo..hi on that
/// axis; leaves t1 < t0 when it never does. Called once an axis, it clips a ray to a box.
inline void clipToSlab(double origin, double direction, double lo, double hi, double& t0, double& t1) {
    if (direction == 0) {
        if (origin < lo || origin > hi) t1 = -INFINITY;
        return;
    }
    double a = (lo - origin) / direction, b = (hi - origin) / direction;
    if (a > b) std::swap(a, b);
    t0 = std::max(t0, a);
    t1 = std::min(t1, b);
}

struct PickHit {
    std::size_t layer = 0;     ///< the index the layer was added under
    std::size_t feature = 0;   ///< index into the layer's features
    PickPoint point;           ///< where the ray meets the feature's surface
    double distance = 0;       ///< metres from the ray's origin
};

/// Whether a feature of a layer is drawn (a filter may hide some); empty: all are.
using PickFeatureShown = std::function<bool(std::size_t layer, std::size_t feature)>;

class PickIndex {
public:
    /// The surfaces a layer is drawn as.
    enum class Surface {
        Prisms,    ///< polygons: roof at the feature's height above its base, walls down to the base; height 0 = flat at the base
        Ribbons,   ///< lines and polygon rings: flat ribbons at the base, mitred as the line builder does
        Walls,     ///< vertical walls along every ring from the base to the feature's height above it (none where 0)
    };
    /// The pass a layer is drawn in. Among hits within a centimetre of each other (coplanar), the later
    /// pass wins, then the layer added later, then the later feature of the layer, as on screen;
    /// translucent layers are picked only when nothing opaque is hit.
    enum class Pass { Flat = 0, Solid = 1, Translucent = 2 };
    struct Drawing {
        Surface surface = Surface::Prisms;
        Pass pass = Pass::Solid;
        double ribbonWidth = 0;   ///< full width in metres (Ribbons)
    };

    /// Indexes one layer's features. `heights` is per feature in metres (empty: all 0); `bases` the
    /// ground's height each feature stands on (empty: all 0; on terrain, geo::GroundHeights at its
    /// label point: a draped feature is picked at that one height). `features` must outlive the
    /// index. Layers are ranked for coplanar hits in the order they are added.
    void addLayer(std::size_t layer, const FeatureLayer& features, std::vector<double> heights, const Drawing& drawing,
                  std::vector<double> bases = {});

    /// The nearest feature surface along the ray among visible layers (`layerVisible[layer]`; layers
    /// beyond its end count as visible) and shown features; nullopt when the ray meets none.
    std::optional<PickHit> pick(const PickRay& ray, const std::vector<bool>& layerVisible = {},
                                const PickFeatureShown& shown = {}) const;

    /// The top (scene metres: base + height) of the tallest solid the layers draw standing at (x, y) or
    /// within `radius` metres of it horizontally: roofs of extruded polygons (Prisms in an opaque
    /// pass; translucent walls and flat features do not count). 0 where nothing stands there (the
    /// ground, terrain included, is the caller's to add). Among visible layers and shown
    /// features, as pick. What the camera's eye keeps above and what a pin's head rises over.
    double heightNear(double x, double y, double radius, const std::vector<bool>& layerVisible = {},
                      const PickFeatureShown& shown = {}) const;

    std::size_t layerCount() const { return layers_.size(); }

private:
    struct Grid {
        double minX = 0, minY = 0, cellSize = 1;
        int columns = 0, rows = 0;
        std::vector<std::uint32_t> cellStart;   // features of cell c: entries[cellStart[c] .. cellStart[c+1])
        std::vector<std::uint32_t> entries;
        std::vector<std::uint32_t> everywhere;  // features too large to list cell by cell: tested on every pick
    };
    struct Layer {
        std::size_t index = 0;
        std::size_t rank = 0;   // order of addition
        const FeatureLayer* data = nullptr;
        std::vector<double> heights;
        std::vector<double> bases;
        Drawing drawing;
        double bottom = 0;      // lowest base of the layer (or 0)
        double top = 0;         // highest surface of the layer
        double margin = 0;      // how far drawn surfaces reach beyond a feature's bounds (ribbon mitres)
        Grid grid;
    };
    struct LayerHit {
        std::size_t feature = 0;
        double t = 0;
    };
    void buildGrid(Layer& layer);
    /// `length`: of the ray's direction, to turn metres along the ray into t.
    std::optional<LayerHit> pickInLayer(const Layer& layer, const PickRay& ray, double length,
                                        const PickFeatureShown& shown) const;
    /// The smallest t in [tMin, tMax] at which the ray meets the feature's surface.
    std::optional<double> hitFeature(const Layer& layer, std::size_t feature, const PickRay& ray, double tMin,
                                     double tMax) const;

    std::vector<Layer> layers_;
};

}  // namespace geo
