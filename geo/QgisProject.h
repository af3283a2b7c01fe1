// A QGIS project (.qgs, or .qgz: a zip archive holding one .qgs) opened as a PlanView project: its
// vector layers (files relative to the project, PostGIS connections) and GDAL raster layers (imagery,
// or terrain when a 3D view uses them as its DEM), names, order and visibility from the layer tree
// (groups flattened), styles (geo/QgisStyle.h), extrusion from 3D renderers (geo/Qgis3D.h), CRS, title
// and spatial bookmarks.
#pragma once
#include <map>
#include <string>
#include "geo/Project.h"

namespace geo {

/// Reads a QGIS project file; a .qgz is read through GDAL's /vsizip/. Layers PlanView cannot read
/// (meshes, web services, memory layers) are left out with one warning each. Throws InputError (one
/// line naming the file) when the file is missing, not a QGIS project, corrupt, or has no layer
/// PlanView reads.
Project loadQgisProject(const std::string& path);

/// Parses a .qgs document's text as if read from `path` (whose folder relative sources resolve
/// against). Opens no data source. Throws InputError as loadQgisProject does.
Project parseQgisProject(const std::string& text, const std::string& path);

/// The keywords of a QGIS data source URI, or of a libpq connection string without its "PG:":
/// key=value or key='quoted \' value', `table="s"."t" (geom)` as table "s.t" and geometry_column,
/// and `sql=` (everything after it).
std::map<std::string, std::string> dataSourceKeywords(const std::string& text);

/// GDAL's location and layer for a QGIS PostGIS data source ("dbname='d' host=h … table=\"s\".\"t\"
/// (geom) sql=…"): "PG:…" with the connection's keywords, "s.t", and the subset as `where`. Returns
/// false when the text names no table.
bool postgisSource(const std::string& datasource, std::string& location, std::string& layer, std::string& where);

}  // namespace geo
