// Streaming's tiles (issue 8): every feature of a layer belongs to exactly one tile, whatever its
// size or position, so a streamed layer shows each feature once and loses none.
#include <gtest/gtest.h>
#include <algorithm>
#include <map>
#include <set>
#include "geo/FeatureReader.h"
#include "geo/ProjectData.h"
#include "geo/Source.h"
#include "geo/TileGrid.h"
#include "tests/support/Fixtures.h"

namespace {

using fixtures::Field;
using fixtures::Row;

std::string square(double x, double y, double side) {
    char wkt[256];
    std::snprintf(wkt, sizeof wkt, "POLYGON ((%.6f %.6f,%.6f %.6f,%.6f %.6f,%.6f %.6f,%.6f %.6f))", x, y, x + side, y,
                  x + side, y + side, x, y + side, x, y);
    return wkt;
}

/// Parcels in EPSG:4549 metres: a 60 × 50 grid of 30 m squares, long strips across many tiles,
/// and parcels sitting exactly on grid lines.
std::vector<Row> parcels() {
    std::vector<Row> rows;
    for (int i = 0; i < 60; ++i)
        for (int j = 0; j < 50; ++j) rows.push_back({square(500000 + i * 40.0, 3350000 + j * 40.0, 30), {"R", "12"}});
    rows.push_back({square(500000, 3351000, 2390), {"G1", "0"}});                                   // covers most tiles
    rows.push_back({"POLYGON ((500000 3350000,502390 3350000,502390 3350010,500000 3350010,500000 3350000))", {"S1", "0"}});
    rows.push_back({square(501200, 3351000, 0.5), {"U", "3"}});                                    // on the middle lines
    return rows;
}

geo::LayerSpec streamedSpec(const std::string& path) {
    geo::LayerSpec spec;
    spec.name = "parcels";
    spec.source = path;
    spec.kind = geo::LayerKind::Parcels;
    spec.stream = true;
    return spec;
}

/// The parcels written to a GeoPackage, opened, framed in EPSG:4549 and planned for streaming.
struct StreamedParcels {
    fixtures::TempDir dir;
    std::string path = dir / "parcels.gpkg";
    std::vector<Row> rows = parcels();
    geo::Source source = written(path, rows);
    geo::SceneFrame frame = geo::SceneFrame::choose(geo::layerLonLatExtent(source.layer(""), path), "EPSG:4549");
    geo::LayerSpec spec = streamedSpec(path);
    std::optional<geo::StreamedLayer> stream = geo::planStream(spec, source.layer(""), frame, path);

    static geo::Source written(const std::string& path, const std::vector<Row>& rows) {
        fixtures::writeLayer(path, "GPKG", "parcels", 4549, wkbPolygon, {{"landuse", OFTString}, {"height_m", OFTReal}}, rows);
        geo::initGdal();
        return geo::Source::open(path);
    }
};

}  // namespace

TEST(TileGrid, TilesCoverTheExtentWithoutGapsAndOuterTilesReachInfinity) {
    geo::Extent extent;
    extent.add(0, 0);
    extent.add(3000, 1000);
    const geo::TileGrid grid = geo::TileGrid::cover(extent, 120000, 4000);
    EXPECT_GE(grid.count(), 30);
    EXPECT_GT(grid.columns, grid.rows);   // tiles near square over a wide extent
    double area = 0;
    for (int t = 0; t < grid.count(); ++t) area += grid.bounds(t).width() * grid.bounds(t).height();
    EXPECT_NEAR(area, 3000.0 * 1000.0, 1e-6);
    EXPECT_EQ(grid.anchor(0).minX, -INFINITY);
    EXPECT_EQ(grid.anchor(0).minY, -INFINITY);
    EXPECT_EQ(grid.anchor(grid.count() - 1).maxX, INFINITY);
    EXPECT_EQ(grid.anchor(grid.count() - 1).maxY, INFINITY);
    // Neighbours share their edge exactly.
    EXPECT_EQ(grid.anchor(0).maxX, grid.anchor(1).minX);
}

TEST(TileGrid, EveryFeatureIsReadInExactlyOneTile) {
    StreamedParcels p;
    auto& [dir, path, rows, source, frame, spec, stream] = p;
    ASSERT_TRUE(stream);
    EXPECT_EQ(stream->featureCount, static_cast<long long>(rows.size()));
    // With tiles of 4,000 features the fixture is one tile: ask for more, smaller ones.
    stream->grid = geo::TileGrid::cover(stream->grid.extent, stream->featureCount, 200);
    ASSERT_GE(stream->grid.count(), 12);

    std::map<std::int64_t, int> seen;   // fid -> tiles it was read in
    for (int t = 0; t < stream->grid.count(); ++t) {
        geo::FeatureLayer tile = geo::readTile(source, spec, *stream, t, frame);
        for (const geo::Feature& f : tile.features) {
            ++seen[f.fid];
            // Its envelope centre lies in the tile (in the layer's own metres, here the frame's).
            const geo::Extent anchor = stream->grid.anchor(t);
            const double cx = f.bounds.center().x + frame.origin().x, cy = f.bounds.center().y + frame.origin().y;
            EXPECT_GE(cx, anchor.minX - 1e-6);
            EXPECT_LE(cx, anchor.maxX + 1e-6);
            EXPECT_GE(cy, anchor.minY - 1e-6);
            EXPECT_LE(cy, anchor.maxY + 1e-6);
        }
    }
    geo::FeatureLayer whole = geo::readLayer(source, "", frame);
    ASSERT_EQ(whole.features.size(), rows.size());
    EXPECT_EQ(seen.size(), whole.features.size());
    for (const geo::Feature& f : whole.features) EXPECT_EQ(seen[f.fid], 1) << "feature " << f.fid;
}

TEST(TileGrid, FeaturesOutsideAStaleDeclaredExtentAreStillRead) {
    StreamedParcels p;
    auto& [dir, path, rows, source, frame, spec, stream] = p;
    ASSERT_TRUE(stream);
    // A grid over only the middle of the data, as a stale extent would give: the outer tiles still
    // take the features beyond it.
    geo::Extent inner = stream->grid.extent;
    inner.minX += 600;
    inner.maxX -= 600;
    inner.minY += 500;
    inner.maxY -= 500;
    stream->grid = geo::TileGrid::cover(inner, stream->featureCount, 300);
    std::size_t total = 0;
    for (int t = 0; t < stream->grid.count(); ++t) total += geo::readTile(source, spec, *stream, t, frame).features.size();
    EXPECT_EQ(total, rows.size());
}

TEST(TileGrid, OnlyLargePolygonLayersWithASpatialIndexAreStreamed) {
    fixtures::TempDir dir;
    const std::string gpkg = dir / "parcels.gpkg", shp = dir / "parcels.shp";
    const std::vector<Row> rows = parcels();
    fixtures::writeLayer(gpkg, "GPKG", "parcels", 4549, wkbPolygon, {{"landuse", OFTString}, {"height_m", OFTReal}}, rows);
    fixtures::writeLayer(shp, "ESRI Shapefile", "parcels", 4549, wkbPolygon, {{"landuse", OFTString}, {"height_m", OFTReal}}, rows);
    geo::initGdal();
    for (const std::string& path : {gpkg, shp}) {
        geo::Source source = geo::Source::open(path);
        OGRLayer& layer = source.layer("");
        geo::SceneFrame frame = geo::SceneFrame::choose(geo::layerLonLatExtent(layer, path), "EPSG:4549");
        geo::LayerSpec spec = streamedSpec(path);
        spec.stream.reset();   // by size: 3,003 features are far below the threshold
        EXPECT_FALSE(geo::planStream(spec, layer, frame, path)) << path;
        spec.stream = false;
        EXPECT_FALSE(geo::planStream(spec, layer, frame, path)) << path;
        spec.stream = true;
        // A Shapefile without a .qix index has no fast spatial filter: read whole.
        EXPECT_EQ(geo::planStream(spec, layer, frame, path).has_value(), path == gpkg) << path;
        spec.kind = geo::LayerKind::Lines;
        EXPECT_FALSE(geo::planStream(spec, layer, frame, path)) << path;
    }
}

TEST(TileGrid, LoadingLeavesAStreamedLayerToTheViewerOnly) {
    fixtures::TempDir dir;
    const std::string path = dir / "parcels.gpkg";
    fixtures::writeLayer(path, "GPKG", "parcels", 4549, wkbPolygon, {{"landuse", OFTString}, {"height_m", OFTReal}}, parcels());
    geo::Project project;
    project.path = dir / "project.toml";
    project.layers.push_back(streamedSpec(path));
    // stats and export read everything; the viewer and render stream.
    geo::ProjectData whole = geo::loadProjectData(project);
    EXPECT_FALSE(whole.layers[0].streamed());
    EXPECT_EQ(whole.layers[0].data.features.size(), parcels().size());
    geo::ProjectData streamed = geo::loadProjectData(project, nullptr, {}, true);
    ASSERT_TRUE(streamed.layers[0].streamed());
    EXPECT_TRUE(streamed.layers[0].data.features.empty());
    EXPECT_EQ(streamed.layers[0].data.fields.size(), 2u);
    // The scene frames the same ground either way (the home view does not jump).
    EXPECT_NEAR(streamed.bounds.width(), whole.bounds.width(), 1.0);
    EXPECT_NEAR(streamed.bounds.height(), whole.bounds.height(), 1.0);
}
