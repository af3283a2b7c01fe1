#include <gtest/gtest.h>
#include <ogr_geometry.h>
#include <cmath>
#include <memory>
#include "geo/Measure.h"
#include "geo/Project.h"
#include "geo/ProjectData.h"
#include "geo/Statistics.h"

namespace {

const std::string shangcheng = PLANVIEW_SOURCE_DIR "/assets/shangcheng/shangcheng.gpkg";

geo::FeatureLayer loadLayer(const std::string& path, const std::string& layer) {
    geo::ProjectData data = geo::loadProjectData(geo::openProject(path, layer));
    return std::move(data.layers.at(0).data);
}

geo::Ring rect(double x0, double y0, double x1, double y1) {
    return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
}

geo::Feature polygonFeature(std::vector<geo::Polygon> parts) {
    geo::Feature f;
    f.polygons = std::move(parts);
    for (const auto& p : f.polygons)
        for (const auto& r : p.rings)
            for (const auto& v : r) f.bounds.add(v.x, v.y);
    return f;
}

/// The same polygons as an OGR multipolygon, for GEOS to measure independently.
std::unique_ptr<OGRMultiPolygon> toOgr(const geo::Feature& f) {
    auto multi = std::make_unique<OGRMultiPolygon>();
    for (const auto& p : f.polygons) {
        OGRPolygon polygon;
        for (const auto& r : p.rings) {
            OGRLinearRing ring;
            for (const auto& v : r) ring.addPoint(v.x, v.y);
            ring.closeRings();
            polygon.addRing(&ring);
        }
        multi->addGeometry(&polygon);
    }
    return multi;
}

double ogrPerimeter(const OGRMultiPolygon& m) {
    double sum = 0;
    for (const OGRPolygon* p : m)
        for (const OGRLinearRing* r : p) sum += r->get_Length();
    return sum;
}

bool geosContains(const geo::Feature& f, geo::Vec2 p) {
    OGRPoint point(p.x, p.y);
    return toOgr(f)->Contains(&point);
}

}  // namespace

TEST(Measure, PolylineLengthAndRingArea) {
    EXPECT_DOUBLE_EQ(geo::polylineLength({{0, 0}, {3, 4}, {3, 10}}), 11.0);
    EXPECT_DOUBLE_EQ(geo::polylineLength({{5, 5}}), 0.0);
    EXPECT_DOUBLE_EQ(geo::polylineLength({}), 0.0);
    geo::Ring l = {{0, 0}, {30, 0}, {30, 10}, {10, 10}, {10, 40}, {0, 40}};   // 30×10 + 10×30
    EXPECT_DOUBLE_EQ(geo::ringArea(l), 600.0);
    std::reverse(l.begin(), l.end());
    EXPECT_DOUBLE_EQ(geo::ringArea(l), 600.0) << "either orientation";
    geo::Ring closed = {{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}};
    EXPECT_DOUBLE_EQ(geo::ringArea(closed), 100.0) << "an explicitly closed ring too";
    EXPECT_DOUBLE_EQ(geo::ringArea({{0, 0}, {1, 1}}), 0.0);
}

TEST(Measure, FeatureAreaSubtractsHolesAndPerimeterCountsEveryRing) {
    geo::Polygon donut{{rect(0, 0, 100, 100), rect(40, 40, 60, 60)}};
    geo::Polygon island{{rect(200, 0, 210, 5)}};
    geo::Feature f = polygonFeature({donut, island});
    geo::FeatureMeasures m = geo::measureFeature(f);
    auto ogr = toOgr(f);
    EXPECT_NEAR(m.areaM2, ogr->get_Area(), 1e-9);
    EXPECT_NEAR(m.areaM2, 100 * 100 - 20 * 20 + 50, 1e-9);
    EXPECT_NEAR(m.perimeterM, ogrPerimeter(*ogr), 1e-9);
    EXPECT_DOUBLE_EQ(m.lengthM, 0);

    geo::Feature road;
    road.lines = {{{0, 0}, {300, 400}}, {{0, 0}, {0, 7}}};
    EXPECT_DOUBLE_EQ(geo::measureFeature(road).lengthM, 507.0);
    EXPECT_DOUBLE_EQ(geo::measureFeature(road).areaM2, 0.0);
}

TEST(Measure, ShangchengParcelsMeasureAsGeosDoes) {
    geo::FeatureLayer layer = loadLayer(shangcheng, "parcels");
    ASSERT_GT(layer.features.size(), 1000u);
    double total = 0, totalGeos = 0;
    for (const geo::Feature& f : layer.features) {
        geo::FeatureMeasures m = geo::measureFeature(f);
        auto ogr = toOgr(f);
        ASSERT_NEAR(m.areaM2, ogr->get_Area(), 1e-6 * ogr->get_Area() + 1e-6);
        ASSERT_NEAR(m.perimeterM, ogrPerimeter(*ogr), 1e-6 * m.perimeterM + 1e-6);
        total += m.areaM2;
        totalGeos += ogr->get_Area();
    }
    EXPECT_NEAR(total, totalGeos, 1e-6 * totalGeos);
}

TEST(Measure, RepresentativePointLiesInsideWhereTheCentroidDoesNot) {
    // A U shape: its centroid is in the notch.
    geo::Feature u = polygonFeature({geo::Polygon{{{{0, 0}, {90, 0}, {90, 90}, {60, 90}, {60, 20}, {30, 20}, {30, 90}, {0, 90}}}}});
    // A square with a big square hole around its centre.
    geo::Feature donut = polygonFeature({geo::Polygon{{rect(0, 0, 100, 100), rect(10, 10, 90, 90)}}});
    // A thin diagonal sliver and a C shape, both with vertices exactly at their middle height.
    geo::Feature sliver = polygonFeature({geo::Polygon{{{{0, 0}, {1000, 999}, {1000, 1000}}}}});
    geo::Feature c = polygonFeature({geo::Polygon{{{{0, 0}, {50, 0}, {50, 10}, {10, 10}, {10, 40}, {50, 40}, {50, 50}, {0, 50}}}}});
    for (const geo::Feature* f : {&u, &donut, &sliver, &c}) {
        OGRPoint centroid;
        toOgr(*f)->Centroid(&centroid);
        auto p = geo::representativePoint(*f);
        ASSERT_TRUE(p.has_value());
        EXPECT_TRUE(geosContains(*f, *p)) << p->x << ' ' << p->y;
        if (f != &sliver) EXPECT_FALSE(geosContains(*f, {centroid.getX(), centroid.getY()})) << "the shape is meant to test that";
    }
    // The largest part of a multipolygon.
    geo::Feature two = polygonFeature({geo::Polygon{{rect(0, 0, 1, 1)}}, geo::Polygon{{rect(10, 10, 30, 30)}}});
    auto p = geo::representativePoint(two);
    ASSERT_TRUE(p);
    EXPECT_TRUE(p->x > 10 && p->x < 30 && p->y > 10 && p->y < 30);

    geo::Feature line;
    line.lines = {{{0, 0}, {1, 0}, {2, 5}, {3, 0}, {4, 0}}};
    EXPECT_DOUBLE_EQ(geo::representativePoint(line)->y, 5.0) << "the middle vertex";
    geo::Feature point;
    point.points = {{7, 8}};
    EXPECT_DOUBLE_EQ(geo::representativePoint(point)->x, 7.0);
    EXPECT_FALSE(geo::representativePoint(geo::Feature{}).has_value());
}

TEST(Measure, RepresentativePointsOfShangchengPolygonsAreInside) {
    for (const char* name : {"parcels", "platforms", "renewal_sites", "green", "water", "district"}) {
        geo::FeatureLayer layer = loadLayer(shangcheng, name);
        for (const geo::Feature& f : layer.features) {
            auto p = geo::representativePoint(f);
            ASSERT_TRUE(p.has_value()) << name << " " << f.fid;
            ASSERT_TRUE(geosContains(f, *p)) << name << " " << f.fid << ": " << p->x << ' ' << p->y;
        }
    }
}

TEST(Measure, ContainingFeatureRespectsHolesAndOrder) {
    geo::FeatureLayer zones;
    zones.kind = geo::GeometryKind::Polygon;
    zones.features.push_back(polygonFeature({geo::Polygon{{rect(0, 0, 100, 100), rect(40, 40, 60, 60)}}}));
    zones.features.push_back(polygonFeature({geo::Polygon{{rect(50, 50, 150, 150)}}}));
    zones.features.push_back(polygonFeature({geo::Polygon{{rect(-50, -50, -40, -40)}}, geo::Polygon{{rect(300, 300, 310, 310)}}}));
    EXPECT_EQ(geo::containingFeature(zones, {10, 10}), std::optional<std::size_t>(0));
    EXPECT_EQ(geo::containingFeature(zones, {45, 45}), std::nullopt) << "in the hole";
    EXPECT_EQ(geo::containingFeature(zones, {55, 55}), std::optional<std::size_t>(1)) << "in the hole of 0, inside 1";
    EXPECT_EQ(geo::containingFeature(zones, {80, 80}), std::optional<std::size_t>(0)) << "the first of two";
    EXPECT_EQ(geo::containingFeature(zones, {305, 305}), std::optional<std::size_t>(2)) << "second part";
    EXPECT_EQ(geo::containingFeature(zones, {200, 0}), std::nullopt);
}

TEST(Measure, ParcelsLieInThePlatformsGeosSays) {
    geo::ProjectData data = geo::loadProjectData(geo::openProject(shangcheng));
    const geo::FeatureLayer* parcels = nullptr;
    const geo::FeatureLayer* platforms = nullptr;
    for (const auto& l : data.layers) {
        if (l.spec.layer == "parcels") parcels = &l.data;
        if (l.spec.layer == "platforms") platforms = &l.data;
    }
    ASSERT_TRUE(parcels && platforms);
    std::vector<std::unique_ptr<OGRMultiPolygon>> zones;
    for (const auto& z : platforms->features) zones.push_back(toOgr(z));
    std::size_t inside = 0;
    for (const geo::Feature& f : parcels->features) {
        geo::Vec2 p = *geo::representativePoint(f);
        OGRPoint point(p.x, p.y);
        std::optional<std::size_t> expected;
        for (std::size_t z = 0; z < zones.size() && !expected; ++z)
            if (zones[z]->Contains(&point)) expected = z;
        ASSERT_EQ(geo::containingFeature(*platforms, p), expected) << "parcel " << f.fid;
        inside += expected.has_value();
    }
    EXPECT_GT(inside, 0u);
    EXPECT_LT(inside, parcels->features.size());
}

TEST(Measure, FormatsLengths) {
    EXPECT_EQ(geo::formatLength(850), "850 m");
    EXPECT_EQ(geo::formatLength(85.26), "85.3 m");
    EXPECT_EQ(geo::formatLength(8.5), "8.50 m");
    EXPECT_EQ(geo::formatLength(0), "0.00 m");
    EXPECT_EQ(geo::formatLength(1250), "1,250 m (1.25 km)");
    EXPECT_EQ(geo::formatLength(9999.4), "9,999 m (10.00 km)");
    EXPECT_EQ(geo::formatLength(12400), "12.4 km");
    EXPECT_EQ(geo::formatLength(1234567), "1,235 km");
}

TEST(Measure, FormatsAreasInSquareMetresMuAndSquareKilometres) {
    // 12,345 m² is 12,345 × 15 / 10,000 = 18.5175 mu and 0.012345 km².
    EXPECT_EQ(geo::formatArea(12345, true), "12,345 m² · 18.52 亩 · 0.0123 km²");
    EXPECT_EQ(geo::formatArea(12345, false), "12,345 m² · 18.52 mu · 0.0123 km²");
    EXPECT_EQ(geo::formatArea(geo::squareMetresPerMu, false), "667 m² · 1.00 mu");
    EXPECT_EQ(geo::formatArea(60, false), "60.0 m² · 0.09 mu");
    // 2.5 km² = 3,750 mu.
    EXPECT_EQ(geo::formatArea(2500000, true), "2,500,000 m² · 3,750.0 亩 · 2.50 km²");
    EXPECT_EQ(geo::formatArea(150000000, false), "150,000,000 m² · 225,000 mu · 150.00 km²");
}
