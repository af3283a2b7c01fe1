#include <gtest/gtest.h>
#include <cmath>
#include <sstream>
#include "geo/Errors.h"
#include "geo/FeatureReader.h"
#include "geo/SceneFrame.h"
#include "geo/Source.h"
#include "tests/support/Fixtures.h"

namespace {

geo::Extent hangzhou() {
    geo::Extent e;
    e.add(120.145, 30.200);
    e.add(120.215, 30.263);
    return e;
}

}  // namespace

TEST(SceneFrame, HangzhouDataGetsTheGaussKrugerFrame) {
    auto frame = geo::SceneFrame::choose(hangzhou());
    EXPECT_EQ(frame.crsName(), "EPSG:4549");
}

TEST(SceneFrame, DataElsewhereGetsItsUtmZone) {
    geo::Extent paris;
    paris.add(2.25, 48.80);
    paris.add(2.42, 48.90);
    EXPECT_EQ(geo::SceneFrame::choose(paris).crsName(), "EPSG:32631");
    geo::Extent sydney;
    sydney.add(151.1, -33.95);
    sydney.add(151.3, -33.8);
    EXPECT_EQ(geo::SceneFrame::choose(sydney).crsName(), "EPSG:32756");
}

TEST(SceneFrame, TheProjectsCrsWins) {
    EXPECT_EQ(geo::SceneFrame::choose(hangzhou(), "EPSG:32651").crsName(), "EPSG:32651");
}

TEST(SceneFrame, UnknownOrGeographicCrsIsAnInputError) {
    EXPECT_THROW(geo::SceneFrame::choose(hangzhou(), "EPSG:999999"), geo::InputError);
    EXPECT_THROW(geo::SceneFrame::choose(hangzhou(), "not a crs"), geo::InputError);
    EXPECT_THROW(geo::SceneFrame::choose(hangzhou(), "EPSG:4326"), geo::InputError);
}

TEST(SceneFrame, AgreesWithCs2csWithinOneCentimetre) {
    auto frame = geo::SceneFrame::choose(hangzhou());
    for (auto [lon, lat] : {std::pair{120.17, 30.25}, {120.2001, 30.2153}, {120.115, 30.335}}) {
        std::ostringstream cmd;
        cmd.precision(12);
        // cs2cs follows the authorities' axis order: EPSG:4326 is lat, lon; EPSG:4549 is northing, easting.
        cmd << "echo '" << lat << ' ' << lon << "' | cs2cs -f %.5f EPSG:4326 EPSG:4549";
        std::istringstream out(fixtures::run(cmd.str()));
        double northing = 0, easting = 0;
        out >> northing >> easting;
        geo::Vec2 scene = frame.fromLonLat(lon, lat);
        EXPECT_NEAR(scene.x + frame.origin().x, easting, 0.01) << lon << ", " << lat;
        EXPECT_NEAR(scene.y + frame.origin().y, northing, 0.01) << lon << ", " << lat;
    }
}

TEST(SceneFrame, RoundTripsLonLat) {
    auto frame = geo::SceneFrame::choose(hangzhou());
    geo::Vec2 back = frame.toLonLat(frame.fromLonLat(120.1665, 30.2555));
    EXPECT_NEAR(back.x, 120.1665, 1e-9);
    EXPECT_NEAR(back.y, 30.2555, 1e-9);
}

TEST(SceneFrame, OriginAtTheCentreKeepsFloatVerticesWithinOneCentimetre) {
    auto frame = geo::SceneFrame::choose(hangzhou());
    geo::Vec2 centre = frame.fromLonLat(120.18, 30.2315);
    EXPECT_LT(std::hypot(centre.x, centre.y), 50);  // the origin is the data's centre
    for (auto [lon, lat] : {std::pair{120.145, 30.200}, {120.215, 30.263}, {120.1712345, 30.2498765}}) {
        geo::Vec2 p = frame.fromLonLat(lon, lat);
        EXPECT_LT(std::fabs(p.x - static_cast<float>(p.x)), 0.01);
        EXPECT_LT(std::fabs(p.y - static_cast<float>(p.y)), 0.01);
    }
}

TEST(SceneFrame, TheSameParcelsInFourCrsLandWithinHalfAMetre) {
    fixtures::TempDir dir;
    const std::string wgs84 = dir / "parcels_4326.gpkg";
    fixtures::writeLayer(wgs84, "GPKG", "parcels", 4326, wkbPolygon, {{"code"}},
                         {{"POLYGON((120.170 30.250,120.172 30.250,120.172 30.2515,120.170 30.2515,120.170 30.250))", {"a"}},
                          {"POLYGON((120.190 30.220,120.193 30.2205,120.1925 30.223,120.190 30.220))", {"b"}}});
    std::vector<std::string> paths{wgs84};
    for (int epsg : {4490, 4549, 3857}) {
        std::string out = dir / ("parcels_" + std::to_string(epsg) + ".gpkg");
        fixtures::run("ogr2ogr -f GPKG -t_srs EPSG:" + std::to_string(epsg) + " " + out + " " + wgs84);
        paths.push_back(out);
    }
    auto frame = geo::SceneFrame::choose(hangzhou());
    std::vector<geo::FeatureLayer> layers;
    for (const auto& path : paths) {
        geo::Source source = geo::Source::open(path);
        layers.push_back(geo::readLayer(source, "parcels", frame));
        ASSERT_EQ(layers.back().features.size(), 2u) << path;
    }
    for (std::size_t l = 1; l < layers.size(); ++l) {
        for (std::size_t f = 0; f < 2; ++f) {
            const auto& a = layers[0].features[f].polygons.at(0).rings.at(0);
            const auto& b = layers[l].features[f].polygons.at(0).rings.at(0);
            ASSERT_EQ(a.size(), b.size());
            for (std::size_t i = 0; i < a.size(); ++i)
                EXPECT_LT(std::hypot(a[i].x - b[i].x, a[i].y - b[i].y), 0.5) << paths[l] << " feature " << f;
        }
    }
}
