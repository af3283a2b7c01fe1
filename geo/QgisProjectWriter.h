// A PlanView project written as a QGIS project (.qgs, or .qgz: a zip archive holding the .qgs), for a
// colleague to open the same map in QGIS 3.22: the title, the project CRS, the vector and raster layers
// in a layer tree (top layer first, as QGIS lists them), file sources relative to the written project,
// PostGIS sources as `postgres` layers, each layer's style as its QGIS renderer (geo/ExportStyles' QML
// writer; terrain as a hillshade), extrusion as a 3D renderer (geo/Qgis3D.h), its `where` as the subset
// string, its label field as simple labels, and the bookmarks as spatial bookmarks seen from above.
// The reverse of geo/QgisProject.h.
#pragma once
#include <string>
#include <vector>
#include "geo/Project.h"

namespace geo {

struct QgisProjectReport {
    std::string output;
    std::string crs;                    ///< the project CRS written: an authority code, else its name
    bool crsFromScene = false;          ///< the project names no `crs`: the scene frame PlanView chooses
    std::vector<std::string> layers;    ///< the layers written, in PlanView's drawing order (bottom first)
    /// One line for each layer QGIS cannot show (3D models), left out: "layer 'X' left out: …".
    std::vector<std::string> leftOut;
    /// One line for each layer QGIS shows otherwise than PlanView: GCJ-02 coordinates (`datum =
    /// "gcj02"`), which QGIS draws as they are, a few hundred metres off.
    std::vector<std::string> notes;
    std::size_t bookmarks = 0;
};

/// The .qgs document for `project` written at `output` (relative sources are made relative to its
/// folder). Opens every layer's source (for its geometry type, CRS, extent and the values of its
/// style field). Throws InputError naming the source when one cannot be opened, or when the project
/// has no layer QGIS can show.
std::string qgisProjectDocument(const Project& project, const std::string& output, QgisProjectReport& report);

/// Writes `project` to `output` (.qgz: a zip archive holding `<stem>.qgs`; anything else: the .qgs
/// document itself), under a temporary name beside it, renamed into place when complete. Throws
/// OutputError when the target exists (without `overwrite`), is a folder, its folder is missing or
/// it cannot be written; InputError as qgisProjectDocument.
QgisProjectReport writeQgisProject(const Project& project, const std::string& output, bool overwrite);

/// Whether `path` names a QGIS project file by its extension (.qgs, .qgz; case-insensitive).
bool isQgisProjectPath(const std::string& path);

}  // namespace geo
