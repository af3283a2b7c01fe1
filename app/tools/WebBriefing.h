// `planview export PROJECT --format web -o DIR/`: the project as a briefing officials open in a
// browser from a file share or any static web server, with no internet. DIR holds index.html and the
// viewer's script and style (app/web, ours), CesiumJS's Build/Cesium folder (npm, installed into the
// build tree by scripts/web-npm), each visible feature layer as a 3D Tiles tileset
// (geo/TilesetExport) under tiles/<n>/, and briefing.json: the title, the layers with their legends,
// the home view, bookmarks as camera placements and tours with their stops' captions and timings.
#pragma once
#include <cstdint>
#include <string>
#include <vector>
#include "geo/Project.h"

namespace planview {

struct WebBriefingOptions {
    std::string output;        ///< the folder to write (an existing one must be empty)
    bool overwrite = false;    ///< replace an existing folder that is not empty
    std::string cesiumDir;     ///< CesiumJS's Build/Cesium folder ("" = webCesiumDir())
    std::string viewerDir;     ///< the viewer's page, script and style ("" = webViewerDir())
};

struct WebBriefingReport {
    std::string output;
    struct Layer {
        std::string name;
        std::size_t features = 0, tiles = 0;
    };
    std::vector<Layer> layers;           ///< the layers written, in drawing order
    std::vector<std::string> leftOut;    ///< "NAME: why" for each layer not written
    std::string draped;                  ///< the imagery layer draped on the globe as imagery.png, or ""
    std::size_t bookmarks = 0, tours = 0;
    std::uintmax_t bytes = 0;            ///< the whole folder
    std::uintmax_t cesiumBytes = 0;      ///< of which CesiumJS
};

/// CesiumJS's Build/Cesium folder: $PLANVIEW_CESIUM_DIR when set, else the build tree's
/// (npm/web/node_modules/cesium/Build/Cesium).
std::string webCesiumDir();
/// The viewer's files: $PLANVIEW_WEB_DIR when set, else app/web in the source tree.
std::string webViewerDir();

/// Writes the briefing of `project` (its visible feature layers; the first visible imagery layer
/// draped on the globe as one PNG in WGS 84; models are left out, the terrain only lifting the
/// features onto the ground as the viewer draws them) into a new
/// folder beside options.output, renamed into place. Throws OutputError when CesiumJS or the viewer's
/// files are missing or the folder cannot be written (see geo::FolderReplacement), InputError when a
/// layer cannot be read or none can be written.
WebBriefingReport exportWebBriefing(const geo::Project& project, const WebBriefingOptions& options);

}  // namespace planview
