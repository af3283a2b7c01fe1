// Builders that turn one loaded layer into scene nodes, one builder per kind of drawing. Each returns
// the layer's parts per pass; the Scene puts them in place and gives them the layer's shared state
// (feature table, opacity, selection). Geometry is in scene metres (frame origin at 0,0), never
// transformed, one merged geometry per chunk and part.
#pragma once
#include <vector>
#include <osg/Group>
#include "app/scene/ShaderLibrary.h"
#include "geo/Extrusion.h"
#include "geo/GroundHeights.h"
#include "geo/LabelPoint.h"
#include "geo/MeshShapes.h"
#include "geo/PickIndex.h"
#include "geo/ProjectData.h"

namespace planview {

struct SceneOptions {
    bool parcelEdges = true;   ///< outline each parcel in a darker shade
    bool groundGrid = true;    ///< the 100 m / 1 km grid on the ground
    bool labels = true;
};

/// The node-mask bit of what casts the sun's shadows (solid geometry: extruded faces, models); the
/// scene clears it on what must not (the ground, flat and translucent passes, edges, pins).
constexpr unsigned kCastsShadowMask = 0x2;

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
    /// The scene's solids (roofs), which pins rise above; null: pins stand on open ground.
    const geo::PickIndex* surfaces = nullptr;
    /// The whole project (raster layers drape on its terrain, in one quadtree over all of them).
    const geo::ProjectData* data = nullptr;
    /// The ground the features stand on (the project's terrain); null: flat at 0.
    const geo::GroundHeights* ground = nullptr;
    /// Each feature's base: the ground at its label point (Scene::bases); null or empty: 0.
    const std::vector<double>* bases = nullptr;
};

/// Where feature `feature` of the layer stands (geo/MeshShapes.h): on context.ground, a roof at its base.
inline geo::Footing footingOf(const BuildContext& context, std::size_t feature) {
    const bool based = context.bases && feature < context.bases->size();
    return geo::Footing{context.ground, based ? (*context.bases)[feature] : 0.0};
}

/// The points of a line or ring as the builders draw it: densified to the ground's spacing on terrain
/// so that it follows the hills, as it is on flat ground.
inline std::vector<geo::Vec2> drapedLine(const std::vector<geo::Vec2>& line, bool closed, const BuildContext& context) {
    return context.ground ? geo::densified(line, closed, context.ground->spacing()) : line;
}

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
/// A pin's pole above the roof it stands over, as a share of its distance to the eye (pins.vert
/// lifts the head by this much).
constexpr float kPinHeight = 0.025f;
/// A pin's head diameter and pole width as shares of the whole image's height (Scene::setImageHeight):
/// 24 px and 2 px at 1080p, alike at 720p and 8K.
constexpr float kPinHeadShare = 0.022f;
constexpr float kPinPoleShare = 0.0018f;
/// The selected pin's head is this much larger.
constexpr float kPinSelectedScale = 1.4f;
/// How far around a pin's point (metres) the roofs it rises above are looked for: a point just outside
/// a building's wall still gets its head over the roof, not hidden behind the wall.
constexpr double kPinRoofRadius = 8.0;

/// The top of what stands at or near a pin's point (geo::PickIndex::heightNear over all layers, metres;
/// 0: open ground): the pole rises from the ground through it and the head sits above it.
inline double pinRoofHeight(const geo::PickIndex& surfaces, geo::Vec2 point) {
    return surfaces.heightNear(point.x, point.y, kPinRoofRadius);
}

/// Models (LayerKind::Models): each top tile, or the model, read with osgDB under one transform that
/// places it (geo::ModelPlacement); a tile set's finer levels page in through OSG's DatabasePager,
/// which the viewer drawing the scene runs. Drawn in the solid pass with their own materials. A file
/// OSG cannot read throws geo::InputError naming it.
LayerParts buildModelLayer(const geo::LoadedLayer& layer, const BuildContext& context);
/// The top tile (feature) of a models layer's solid part that a node path from the scene's root
/// passes through, or -1 when it does not pass through that part.
int modelTileOf(const osg::Group* part, const osg::NodePath& path);

/// Imagery and terrain (geo::LayerKind::Imagery, Terrain): paged quadtrees of textured tiles (see
/// app/scene/RasterTiles.h) in the flat pass, depth-tested; imagery drapes on the project's first
/// terrain layer. The top tile is read at once; the finer ones page in through OSG's DatabasePager.
LayerParts buildRasterLayer(const geo::LoadedLayer& layer, const BuildContext& context);

/// Whether the layer is drawn as pins (a point layer, or a points layer of polygons).
bool isPinLayer(const geo::LoadedLayer& layer);

/// Points: pins of constant on-screen size, standing over the roofs of context.surfaces.
LayerParts buildPointLayer(const geo::LoadedLayer& layer, const BuildContext& context);

/// Dispatches on the layer's kind and its data's geometry (a points layer of polygons gets pins at
/// the polygons' label points, a lines layer of polygons ribbons along the rings, and so on).
LayerParts buildLayer(const geo::LoadedLayer& layer, const BuildContext& context);

/// Labels and pins stand at geo::labelPoint.
using geo::labelPoint;

}  // namespace planview
