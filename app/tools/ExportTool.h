// The export panel's tool: a layer in a vector format (what the filter shows, or the selected
// feature alone) through GDAL, the map as a GeoTIFF or PDF through the host's renderer, or the
// project as a QGIS project (geo/QgisProjectWriter), or a layer in 3D as glTF (geo/GltfExport) or as a
// 3D Tiles tileset of glTF tiles (geo/TilesetExport), or the project as a web briefing (WebBriefing).
#pragma once
#include "app/tools/FilterTool.h"
#include "app/tools/InspectorTool.h"
#include "app/tools/MapModel.h"
#include "app/ui/ToolCommands.h"

namespace planview {

class ExportTool : public ExportCommands {
public:
    ExportTool(MapModel& map, const FilterTool& filter, const InspectorTool& inspector);

    void prepareExport() override;
    void exportData() override;

private:
    /// Writes the export panel's layer, its features matching `where`, in 3D in `style`'s colours to
    /// `output`: binary glTF, or with `tileset` a 3D Tiles tileset (the folder `output`); returns the
    /// panel's message.
    std::string export3d(const std::string& output, const std::string& where, const geo::LayerStyle& style, bool tileset) const;
    /// The project as the viewer shows it: its layers' visibility and its bookmarks as edited.
    geo::Project shownProject() const;
    /// Writes the project, as the viewer shows it, as a web briefing (the folder `output`); returns
    /// the panel's message.
    std::string exportWeb(const std::string& output, bool overwrite) const;
    /// Writes the project, as the viewer shows it, to `output` (.qgz); returns the panel's message.
    std::string exportQgisProject(const std::string& output, bool overwrite) const;

    MapModel& map_;
    const FilterTool& filter_;
    const InspectorTool& inspector_;
};

}  // namespace planview
