// Builders that turn one loaded layer into scene nodes, one builder per kind of drawing. Each returns
// the layer's parts per pass; the Scene puts them in place and gives them the layer's shared state
// (feature table, opacity, selection). Geometry is in scene metres (frame origin at 0,0), never
// transformed, one merged geometry per chunk and part.
#pragma once
#include <vector>
#include <osg/Group>
#include "app/scene/ShaderLibrary.h"
#include "geo/Extrusion.h"
#include "geo/ProjectData.h"

namespace planview {

struct SceneOptions {
    bool parcelEdges = true;   ///< outline each parcel in a darker shade
    bool groundGrid = true;    ///< the 100 m / 1 km grid on the ground
    bool labels = true;
};

/// The nodes one layer adds to each pass; any may be null.
struct LayerParts {
    osg::ref_ptr<osg::Group> flat;          ///< on the ground, painted in layer order without depth
    osg::ref_ptr<osg::Group> solid;         ///< depth-tested and depth-writing
    osg::ref_ptr<osg::Group> translucent;   ///< depth-tested, blended, after the solid pass
};

/// What a builder needs besides the layer.
struct BuildContext {
    int layerIndex = 0;
    ShaderLibrary* shaders = nullptr;
    SceneOptions options;
    /// The layer's extrusion heights (geo::extrusionHeights) when the caller has them already; else
    /// the builders work them out (for 200,000 parcels 12 ms: a cache miss a feature).
    const std::vector<double>* heights = nullptr;
};

/// context.heights, or the layer's heights worked out into `computed`.
inline const std::vector<double>& layerHeights(const geo::LoadedLayer& layer, const BuildContext& context,
                                               std::vector<double>& computed) {
    if (context.heights) return *context.heights;
    computed = geo::extrusionHeights(layer.spec, layer.data);
    return computed;
}

/// Parcels and polygons: extruded (roof, lit walls) where heights are given, else flat on the ground.
LayerParts buildPolygonLayer(const geo::LoadedLayer& layer, const BuildContext& context);
/// Boundaries: translucent walls along every ring, with an opaque outline at their foot and top.
LayerParts buildBoundaryLayer(const geo::LoadedLayer& layer, const BuildContext& context);
/// Lines (and polygon rings drawn as lines): flat ribbons `style.lineWidth` metres wide.
LayerParts buildLineLayer(const geo::LoadedLayer& layer, const BuildContext& context);
/// A pin's pole, as a share of its distance to the eye (pins.vert lifts the head by this much).
constexpr float kPinHeight = 0.025f;

/// Points: pins of constant on-screen size.
LayerParts buildPointLayer(const geo::LoadedLayer& layer, const BuildContext& context);

/// Dispatches on the layer's kind and its data's geometry (a points layer of polygons gets pins at
/// the polygons' label points, a lines layer of polygons ribbons along the rings, and so on).
LayerParts buildLayer(const geo::LoadedLayer& layer, const BuildContext& context);

/// A point inside the feature's largest polygon (its centroid when that lies inside), for labels and
/// pins. For lines: the middle of the longest line; for points: the first point.
geo::Vec2 labelPoint(const geo::Feature& feature);

}  // namespace planview
