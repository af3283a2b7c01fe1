// How a loaded layer is drawn, decided once for every output (the scene's builders and the glTF
// export): the shape its features take, whether parcels get edges, how tall a boundary's curtain is.
#pragma once
#include <algorithm>
#include "geo/ProjectData.h"

namespace geo {

enum class LayerDrawing {
    None,       ///< nothing to draw (no geometry)
    Pins,       ///< a pole and a head at each point (a points layer of polygons: at their label points)
    Ribbons,    ///< flat ribbons style.lineWidth metres wide along lines (or polygon rings)
    Curtains,   ///< boundaries: translucent walls along every ring, outlined at foot and top
    Prisms,     ///< parcels and polygons: roofs at their extrusion height with walls, or flat
    Models,     ///< 3D models (geo/ModelSet.h)
    Raster,     ///< imagery or terrain: paged raster tiles (geo/RasterWindow.h)
};

/// Dispatches on the layer's kind and its data's geometry: a point layer always gets pins, a line
/// layer ribbons; polygons as their kind says (lines: ribbons along the rings, points: pins).
inline LayerDrawing layerDrawing(const LoadedLayer& layer) {
    if (layer.spec.kind == LayerKind::Models) return LayerDrawing::Models;
    if (isRasterKind(layer.spec.kind)) return LayerDrawing::Raster;
    switch (layer.data.kind) {
    case GeometryKind::Point: return LayerDrawing::Pins;
    case GeometryKind::Line: return LayerDrawing::Ribbons;
    case GeometryKind::Polygon:
        switch (layer.spec.kind) {
        case LayerKind::Lines: return LayerDrawing::Ribbons;
        case LayerKind::Points: return LayerDrawing::Pins;
        case LayerKind::Boundary: return LayerDrawing::Curtains;
        case LayerKind::Parcels:
        case LayerKind::Polygons: return LayerDrawing::Prisms;
        case LayerKind::Models:
        case LayerKind::Imagery:
        case LayerKind::Terrain: break;
        }
        break;
    case GeometryKind::None: break;
    }
    return LayerDrawing::None;
}

/// Whether a prism layer's rings are outlined: parcels always, flat polygons (provinces, countries,
/// zoning blocks) unless the style says `outline = false`, so that neighbours of one colour stay
/// apart; never under QGIS's "no pen" (an outline colour of alpha 0).
inline bool layerHasEdges(const LayerSpec& spec, bool extruded) {
    return (spec.kind == LayerKind::Parcels || (spec.kind == LayerKind::Polygons && !extruded && spec.style.outline)) &&
           !(spec.style.outlineColor && spec.style.outlineColor->a <= 0);
}

/// A boundary's curtains stand this high where the layer gives no extrusion: tall enough to read over
/// the parcels.
constexpr double kDefaultCurtainHeight = 60.0;

/// Each feature's curtain height: its extrusion, or kDefaultCurtainHeight for all when no feature
/// has one.
inline std::vector<double> curtainHeights(std::vector<double> heights) {
    if (std::none_of(heights.begin(), heights.end(), [](double h) { return h > 0; }))
        std::fill(heights.begin(), heights.end(), kDefaultCurtainHeight);
    return heights;
}

}  // namespace geo
