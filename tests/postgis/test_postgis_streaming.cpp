// A streamed PostGIS layer (issue 8): tiles are read from the server by bounding box, every row is
// drawn in full exactly once when the camera is close to it, and when the server drops the
// connections the layer is marked unavailable (the viewer keeps running) until reconnected.
#include <gtest/gtest.h>
#include <map>
#include "app/scene/Scene.h"
#include "app/scene/ShaderLibrary.h"
#include "geo/Project.h"
#include "geo/ProjectData.h"
#include "tests/postgis/PostgisSupport.h"

using planview::TileStreamer;

namespace {

constexpr int kRows = 40000;

class PostgisStreaming : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_FALSE(pgtest::serverKeywords().empty()) << pgtest::missingServerMessage();
        ASSERT_NO_THROW(pgtest::database()) << "cannot prepare the test database";
        // 40,000 squares of 15 m on a 20 m grid (10 tiles), spatially indexed as a city table would be.
        if (pgtest::sql("SELECT to_regclass('streamed_parcels') IS NOT NULL") != "t") {
            pgtest::sql("CREATE TABLE streamed_parcels AS SELECT g AS id, (ARRAY['R2','B1','G1'])[g % 3 + 1] AS landuse, "
                        "(g % 7) * 6.0 AS height_m, ST_MakeEnvelope(500000 + (g % 120) * 20, 3340000 + (g / 120) * 20, "
                        "500015 + (g % 120) * 20, 3340015 + (g / 120) * 20, 4549)::geometry(Polygon, 4549) AS geom "
                        "FROM generate_series(0, " + std::to_string(kRows - 1) + ") AS g");
            pgtest::sql("ALTER TABLE streamed_parcels ADD PRIMARY KEY (id)");
            pgtest::sql("CREATE INDEX streamed_parcels_geom ON streamed_parcels USING gist (geom)");
            pgtest::sql("ANALYZE streamed_parcels");
        }
        geo::LayerSpec spec;
        spec.name = "地块";
        spec.source = pgtest::pgConnection();
        spec.layer = "streamed_parcels";
        spec.kind = geo::LayerKind::Parcels;
        spec.extrudeField = "height_m";
        spec.stream = true;
        project_.path = "streamed.toml";
        project_.layers.push_back(spec);
        data_ = std::make_unique<geo::ProjectData>(geo::loadProjectData(project_, nullptr, {}, true));
        ASSERT_TRUE(data_->layers[0].streamed()) << "the PostGIS layer is not streamed";
        shaders_ = std::make_unique<planview::ShaderLibrary>(planview::ShaderLibrary::locate(PLANVIEW_BINARY));
        scene_ = std::make_unique<planview::Scene>(*data_, *shaders_);
        streamer_ = scene_->streamer();
        ASSERT_NE(streamer_, nullptr);
    }
    osg::Vec3d above(int tile) const {
        const geo::Vec2 c = streamer_->tileBounds(0, tile).center();
        return {c.x, c.y, 200};
    }

    geo::Project project_;
    std::unique_ptr<geo::ProjectData> data_;
    std::unique_ptr<planview::ShaderLibrary> shaders_;
    std::unique_ptr<planview::Scene> scene_;
    TileStreamer* streamer_ = nullptr;
};

}  // namespace

TEST_F(PostgisStreaming, EveryRowIsDrawnInFullOnceWhenTheCameraIsClose) {
    ASSERT_GE(streamer_->tileCount(0), 8);
    std::map<std::int64_t, int> tilesOf;
    for (int t = 0; t < streamer_->tileCount(0); ++t) {
        scene_->settleStreaming(above(t));
        ASSERT_EQ(streamer_->detail(0, t), TileStreamer::Detail::Full) << "tile " << t << ": " << streamer_->layerError(0);
        for (std::int64_t id : streamer_->fullFeatureIds(0, t)) ++tilesOf[id];
    }
    EXPECT_EQ(tilesOf.size(), static_cast<std::size_t>(kRows));
    for (const auto& [id, tiles] : tilesOf) EXPECT_EQ(tiles, 1) << "row " << id;
}

TEST_F(PostgisStreaming, AServerThatDropsTheConnectionMarksTheLayerUntilReconnected) {
    const int last = streamer_->tileCount(0) - 1;
    scene_->settleStreaming(above(0));
    ASSERT_EQ(streamer_->detail(0, 0), TileStreamer::Detail::Full) << streamer_->layerError(0);
    ASSERT_NE(streamer_->detail(0, last), TileStreamer::Detail::Full);   // far from tile 0: still to read

    // The server ends every session of the test database but psql's own (an administrator's restart).
    pgtest::sql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()");
    scene_->settleStreaming(above(last));
    const std::string error = streamer_->layerError(0);
    EXPECT_FALSE(error.empty()) << "no error after the server dropped the connections";
    EXPECT_NE(error.find("streamed_parcels"), std::string::npos) << error;
    EXPECT_NE(streamer_->detail(0, 0), TileStreamer::Detail::None);   // what was drawn stays drawn

    streamer_->reconnect(0);
    scene_->settleStreaming(above(last));
    EXPECT_EQ(streamer_->layerError(0), "");
    EXPECT_EQ(streamer_->detail(0, last), TileStreamer::Detail::Full);
}
