// What a QGIS project says about 3D, both ways: a vector layer's 3D renderer (<renderer-3d>, a
// QgsVectorLayer3DRenderer with a QgsPolygon3DSymbol: extrusion height, a data-defined extrusion bound
// to a field, the Phong material's diffuse colour) as a PlanView layer's extrusion, and the raster
// layers a project's 3D views use as DEM terrain (QGIS 3.22 keeps them in <mapViewDocks3D>, each view's
// <qgis3d><terrain><generator type="dem" layer="…"/>; later versions also in <ElevationProperties>).
#pragma once
#include <map>
#include <optional>
#include <string>
#include "geo/Project.h"

typedef struct CPLXMLNode CPLXMLNode;

namespace geo {

/// A layer's extrusion as its QGIS 3D renderer has it.
struct QgisExtrusion {
    std::string field;        ///< the field the extrusion height is bound to ("" = the constant)
    double constant = 0;      ///< the symbol's extrusion height in metres, when no field
    std::optional<Color> diffuse;   ///< the material's diffuse colour
    /// What PlanView does not take from the renderer ("3D renderer 'rulebased'", "3D extrusion by the
    /// expression '…'"); the extrusion then is the nearest PlanView has (the constant, or none).
    std::string unsupported;
};

/// The extrusion of a <maplayer> element's <renderer-3d>; nullopt when it has none, or none that
/// extrudes polygons (a line or point symbol). Never throws.
std::optional<QgisExtrusion> qgisExtrusion(const CPLXMLNode* maplayer);

/// The ids of the raster layers the project (its <qgis> root) uses as DEM terrain, each with the
/// vertical exaggeration its 3D view gives it (1 when none). Never throws.
std::map<std::string, double> qgisDemTerrains(const CPLXMLNode* qgis);

/// The <renderer-3d> element for an extruded polygon layer `spec` whose QGIS layer id is `layerId`:
/// a QgsVectorLayer3DRenderer whose polygon symbol extrudes by spec.extrudeField (data-defined) or
/// spec.extrudeConstant, in the layer's default colour; "" when the layer is not extruded. Each line
/// starts with `indent`.
std::string qgisRenderer3DXml(const LayerSpec& spec, const std::string& layerId, const std::string& indent);

}  // namespace geo
