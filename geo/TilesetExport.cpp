// A layer as a 3D Tiles 1.1 tileset: the quadtree of its features' label points, each leaf's features
// as one .glb (gltf::LayerModels, the glTF export's model), the tree with WGS 84 regions as
// tileset.json (nlohmann::json), all written into a staging folder beside the target and renamed
// into place.
#include "geo/TilesetExport.h"
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include "geo/Errors.h"
#include "geo/FolderReplacement.h"
#include "geo/GltfInternal.h"
#include "geo/Isolated.h"
#include "geo/LabelPoint.h"
#include "geo/Log.h"
#include "geo/ProjectData.h"

namespace fs = std::filesystem;

namespace geo {

namespace {

constexpr double kDegree = M_PI / 180.0;
constexpr double kEarthRadius = 6371008.8;   // metres: only for margins, never for positions
// Features sharing one label point cannot be told apart by halving: a cell stops splitting here
// (cells a 2^20th of the layer's extent, centimetres for a city).
constexpr int kMaxDepth = 20;
// Regions are grown by this much (metres) beyond the vertices, for the single-precision vertices'
// rounding in the .glb.
constexpr double kRegionMargin = 0.05;

/// A cell of the quadtree: the features whose label point falls in it, then either its content
/// (a leaf) or the children that hold features.
struct Cell {
    Extent area;                       // the cell, scene metres
    std::string address;               // a quadrant digit per level below the root
    std::vector<std::size_t> features;
    std::vector<Cell> children;
    std::string content;               // the leaf's .glb, relative to the tileset ("" = none)
    gltf::GlobeBox box;                // where its content (or its children's) is on the globe
    Extent held;                       // its features' extent, scene metres
};

void split(Cell& cell, const std::vector<Vec2>& at, std::size_t maxFeatures, int depth) {
    if (cell.features.size() <= maxFeatures || depth >= kMaxDepth) return;
    const Vec2 centre = cell.area.center();
    Cell quadrants[4];
    for (int q = 0; q < 4; ++q) {
        quadrants[q].address = cell.address + static_cast<char>('0' + q);
        quadrants[q].area = {q & 1 ? centre.x : cell.area.minX, q & 2 ? centre.y : cell.area.minY,
                             q & 1 ? cell.area.maxX : centre.x, q & 2 ? cell.area.maxY : centre.y};
    }
    for (const std::size_t i : cell.features) quadrants[(at[i].x >= centre.x ? 1 : 0) + (at[i].y >= centre.y ? 2 : 0)].features.push_back(i);
    cell.features.clear();
    cell.features.shrink_to_fit();
    for (Cell& q : quadrants)
        if (!q.features.empty()) {
            split(q, at, maxFeatures, depth + 1);
            cell.children.push_back(std::move(q));
        }
}

/// What writing the leaves adds up to.
struct Written {
    std::size_t features = 0, tiles = 0, undrawn = 0;
    std::uintmax_t bytes = 0, largest = 0;
    int depth = 0;
};

void writeLeaves(Cell& cell, const gltf::LayerModels& models, const FeatureLayer& data, const fs::path& folder,
                 const std::string& what, Written& written, int depth) {
    written.depth = std::max(written.depth, depth);
    if (!cell.children.empty()) {
        for (Cell& child : cell.children) {
            writeLeaves(child, models, data, folder, what, written, depth + 1);
            cell.box.add(child.box);
            cell.held.add(child.held);
        }
        return;
    }
    for (const std::size_t i : cell.features) cell.held.add(data.features[i].bounds);
    GltfReport report;
    tinygltf::Model model;
    try {
        model = models.model(cell.features, report, cell.box);
    } catch (const InputError&) {
        written.undrawn += cell.features.size();   // nothing of them is drawn (e.g. curtains of no height)
        return;
    }
    InterruptGuard::throwIfInterrupted(what);
    cell.content = "tiles/" + (cell.address.empty() ? std::string("root") : cell.address) + ".glb";
    const fs::path file = folder / cell.content;
    gltf::writeGlb(model, file, what);
    std::error_code ec;
    const std::uintmax_t bytes = fs::file_size(file, ec);
    written.bytes += bytes;
    written.largest = std::max(written.largest, bytes);
    written.features += cell.features.size();
    ++written.tiles;
}

/// A region [west, south, east, north, low, high] (radians, metres) holding `box` with a margin: the
/// single-precision rounding, and under the straight chords between vertices the ellipsoid's curve
/// (the sagitta of the region's diagonal).
nlohmann::json region(const gltf::GlobeBox& box) {
    const double midLat = (box.south + box.north) / 2 * kDegree;
    const double dLat = kRegionMargin / kEarthRadius;
    const double dLon = dLat / std::max(std::cos(midLat), 1e-6);
    const double widthM = (box.east - box.west) * kDegree * kEarthRadius * std::cos(midLat);
    const double heightM = (box.north - box.south) * kDegree * kEarthRadius;
    const double sagitta = (widthM * widthM + heightM * heightM) / (8 * kEarthRadius);
    return nlohmann::json::array({box.west * kDegree - dLon, box.south * kDegree - dLat, box.east * kDegree + dLon,
                                  box.north * kDegree + dLat, box.low - sagitta - kRegionMargin, box.high + kRegionMargin});
}

/// The size of what a cell holds (metres): the error of drawing nothing of it.
double diagonal(const Cell& cell) {
    return std::hypot(cell.held.width(), cell.held.height(), cell.box.high - cell.box.low);
}

nlohmann::json tileJson(const Cell& cell, bool root) {
    nlohmann::json tile;
    tile["boundingVolume"] = {{"region", region(cell.box)}};
    tile["geometricError"] = cell.children.empty() ? 0.0 : diagonal(cell);
    if (root) tile["refine"] = "ADD";
    if (!cell.content.empty()) tile["content"] = {{"uri", cell.content}};
    nlohmann::json children = nlohmann::json::array();
    for (const Cell& child : cell.children)
        if (!child.box.empty()) children.push_back(tileJson(child, false));
    if (!children.empty()) tile["children"] = std::move(children);
    return tile;
}

}  // namespace

TilesetReport exportTileset(const LoadedLayer& layer, const SceneFrame& frame, const TilesetOptions& options) {
    const gltf::LayerModels models(layer, frame, options.gltf);
    // Declared before the folder: a signal (checked between tiles) waits until the staging folder is gone.
    InterruptGuard holdSignals;
    FolderReplacement folder(options.output, options.overwrite);
    std::error_code ec;
    fs::create_directory(folder.staging() / "tiles", ec);
    if (ec) throw OutputError(options.output + ": cannot write in " + folder.staging().parent_path().string() + ": " + ec.message());

    // The quadtree over the layer's extent, each feature in the cell of its label point.
    const FeatureLayer& data = layer.data;
    std::vector<Vec2> at(data.features.size());
    Cell root;
    root.area = data.bounds;
    for (std::size_t i = 0; i < data.features.size(); ++i) {
        at[i] = labelPoint(data.features[i]);
        if (!std::isfinite(at[i].x) || !std::isfinite(at[i].y)) at[i] = data.features[i].bounds.center();
        root.features.push_back(i);
    }
    split(root, at, std::max<std::size_t>(options.maxTileFeatures, 1), 0);

    Written written;
    writeLeaves(root, models, data, folder.staging(), options.output, written, 0);
    if (written.tiles == 0) throw InputError("layer '" + layer.spec.name + "': no features to draw");
    if (written.undrawn > 0) log().warn("layer {}: {} feature(s) draw nothing and are in no tile", layer.spec.name, written.undrawn);
    // The root holds the layer's whole extent too (its edges taken to WGS 84, 16 points a side).
    const double low = root.box.low;
    for (int k = 0; k <= 16; ++k) {
        const double t = k / 16.0;
        const Extent& e = data.bounds;
        for (const Vec2 p : {Vec2{e.minX + t * e.width(), e.minY}, Vec2{e.minX + t * e.width(), e.maxY},
                             Vec2{e.minX, e.minY + t * e.height()}, Vec2{e.maxX, e.minY + t * e.height()}}) {
            const Vec2 lonLat = frame.toLonLat(p);
            if (std::isfinite(lonLat.x) && std::isfinite(lonLat.y)) root.box.add(lonLat.x, lonLat.y, low);
        }
    }

    nlohmann::json tileset;
    tileset["asset"] = {{"version", "1.1"}, {"generator", "PlanView"}};
    tileset["root"] = tileJson(root, true);
    // Not 0 even for a root without children: CesiumJS draws the root only when the tileset's error,
    // seen from the camera, exceeds its maximum screen-space error.
    tileset["geometricError"] = std::max(diagonal(root), 1.0);
    const fs::path json = folder.staging() / "tileset.json";
    {
        std::ofstream out(json, std::ios::binary | std::ios::trunc);
        out << tileset.dump(1) << '\n';
        if (!out.flush()) throw OutputError(options.output + ": cannot write tileset.json");
    }
    written.bytes += fs::file_size(json, ec);
    folder.commit();

    TilesetReport report;
    report.output = options.output;
    report.features = written.features;
    report.tiles = written.tiles;
    report.depth = written.depth;
    report.bytes = written.bytes;
    report.largestTileBytes = written.largest;
    report.west = root.box.west, report.south = root.box.south, report.east = root.box.east, report.north = root.box.north;
    report.low = root.box.low, report.high = root.box.high;
    return report;
}

TilesetReport exportProjectLayerTileset(const Project& project, const TilesetOptions& options) {
    TilesetReport report;
    gltf::withProjectLayer(project, options.gltf, [&](const LoadedLayer& layer, const SceneFrame& frame, const GltfOptions& o) {
        TilesetOptions withLayer = options;
        withLayer.gltf = o;
        report = exportTileset(layer, frame, withLayer);
    });
    return report;
}

}  // namespace geo
