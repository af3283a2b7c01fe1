// Reprojection (the reader's way into the scene frame) against GDAL's own OGRCoordinateTransformation
// with PROJ's exact transverse Mercator: the same points within 0.1 mm, in and beyond a district.
#include <gtest/gtest.h>
#include <ogr_spatialref.h>
#include <proj.h>
#include <cmath>
#include <memory>
#include <string>
#include <vector>
#include "geo/Errors.h"
#include "geo/Reprojection.h"
#include "geo/Source.h"
#include "geo/Vec.h"

namespace {

OGRSpatialReference crs(int epsg) {
    geo::initGdal();
    OGRSpatialReference srs;
    srs.importFromEPSG(epsg);
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

/// The largest distance between Reprojection's and GDAL's results over a lon/lat grid.
double largestDifference(int fromEpsg, int toEpsg, double lon0, double lat0, double lon1, double lat1) {
    const OGRSpatialReference from = crs(fromEpsg), to = crs(toEpsg);
    std::unique_ptr<OGRCoordinateTransformation> gdal(OGRCreateCoordinateTransformation(&from, &to));
    EXPECT_TRUE(gdal);
    std::unique_ptr<geo::Reprojection> ours = geo::Reprojection::between(from, to);
    std::vector<double> xs, ys;
    for (int i = 0; i <= 20; ++i)
        for (int j = 0; j <= 20; ++j) {
            xs.push_back(lon0 + (lon1 - lon0) * i / 20);
            ys.push_back(lat0 + (lat1 - lat0) * j / 20);
        }
    std::vector<double> gx = xs, gy = ys;
    EXPECT_TRUE(gdal->Transform(gx.size(), gx.data(), gy.data()));
    EXPECT_TRUE(ours->transform(xs.size(), xs.data(), ys.data()));
    double largest = 0;
    for (std::size_t k = 0; k < xs.size(); ++k) largest = std::max(largest, std::hypot(xs[k] - gx[k], ys[k] - gy[k]));
    return largest;
}

TEST(Reprojection, AgreesWithGdalInHangzhousGaussKrugerZone) {
    // Shangcheng, then the zone's edges (1.5° either side of 120° E).
    EXPECT_LT(largestDifference(4326, 4549, 120.14, 30.20, 120.22, 30.27), 1e-4);
    EXPECT_LT(largestDifference(4326, 4549, 118.5, 18.0, 121.5, 54.0), 1e-4);
}

TEST(Reprojection, TheInverseAgreesWithGdalsTransformationBackAndWithAPointArray) {
    // The scene frame's way back to lon/lat: the frame's own operation applied backward.
    const OGRSpatialReference lonLat = crs(4326), gaussKruger = crs(4549);
    std::unique_ptr<OGRCoordinateTransformation> gdal(OGRCreateCoordinateTransformation(&gaussKruger, &lonLat));
    ASSERT_TRUE(gdal);
    std::unique_ptr<geo::Reprojection> back = geo::Reprojection::between(lonLat, gaussKruger)->inverse();
    std::vector<double> xs, ys;
    for (int i = 0; i <= 10; ++i)
        for (int j = 0; j <= 10; ++j) {
            xs.push_back(350000 + 30000.0 * i);   // across the zone, Hainan to Heilongjiang
            ys.push_back(2000000 + 400000.0 * j);
        }
    std::vector<double> gx = xs, gy = ys;
    ASSERT_TRUE(gdal->Transform(gx.size(), gx.data(), gy.data()));
    // Through the strided form, as the reader hands over its points.
    std::vector<geo::Vec2> points;
    for (std::size_t k = 0; k < xs.size(); ++k) points.push_back({xs[k], ys[k]});
    ASSERT_TRUE(back->transform(points.size(), &points[0].x, &points[0].y, sizeof(geo::Vec2)));
    for (std::size_t k = 0; k < points.size(); ++k) {
        EXPECT_NEAR(points[k].x, gx[k], 1e-9) << k;   // degrees: 0.1 mm
        EXPECT_NEAR(points[k].y, gy[k], 1e-9) << k;
    }
    // Twice inverted is the operation itself.
    double x = 120.18, y = 30.23;
    double fx = x, fy = y;
    ASSERT_TRUE(back->inverse()->transform(1, &x, &y));
    ASSERT_TRUE(geo::Reprojection::between(lonLat, gaussKruger)->transform(1, &fx, &fy));
    EXPECT_EQ(x, fx);
    EXPECT_EQ(y, fy);
}

TEST(Reprojection, GivesExactlyWhatProjsWholePipelineGives) {
    // Reprojection converts degrees to radians itself and hands PROJ the projection step alone; the
    // result must be PROJ's whole pipeline's, bit for bit, both ways.
    for (int epsg : {4549, 32651, 3857}) {
        SCOPED_TRACE(epsg);
        std::unique_ptr<geo::Reprojection> ours = geo::Reprojection::between(crs(4326), crs(epsg));
        PJ_CONTEXT* context = proj_context_create();
        PJ* pipeline = proj_create(context, ours->definition().c_str());
        ASSERT_TRUE(pipeline) << ours->definition();
        std::vector<double> xs, ys;
        for (int i = 0; i <= 60; ++i)
            for (int j = 0; j <= 60; ++j) {
                xs.push_back(100.0 + 40.0 * i / 60 + 1e-7 * j);   // across and beyond the zones
                ys.push_back(5.0 + 50.0 * j / 60 + 1e-7 * i);
            }
        std::vector<double> px = xs, py = ys;
        proj_trans_generic(pipeline, PJ_FWD, px.data(), sizeof(double), px.size(), py.data(), sizeof(double), py.size(),
                           nullptr, 0, 0, nullptr, 0, 0);
        std::vector<double> ox = xs, oy = ys;
        ours->transform(ox.size(), ox.data(), oy.data());
        for (std::size_t k = 0; k < xs.size(); ++k) {
            ASSERT_EQ(ox[k], px[k]) << xs[k] << ", " << ys[k];
            ASSERT_EQ(oy[k], py[k]) << xs[k] << ", " << ys[k];
        }
        // And back.
        std::vector<double> bx = px, by = py;
        proj_trans_generic(pipeline, PJ_INV, bx.data(), sizeof(double), bx.size(), by.data(), sizeof(double), by.size(),
                           nullptr, 0, 0, nullptr, 0, 0);
        ours->inverse()->transform(ox.size(), ox.data(), oy.data());
        for (std::size_t k = 0; k < xs.size(); ++k) {
            ASSERT_EQ(ox[k], bx[k]) << xs[k] << ", " << ys[k];
            ASSERT_EQ(oy[k], by[k]) << xs[k] << ", " << ys[k];
        }
        proj_destroy(pipeline);
        proj_context_destroy(context);
    }
}

TEST(Reprojection, AgreesWithGdalInAUtmZoneAndFarOutsideIt) {
    EXPECT_LT(largestDifference(4326, 32631, 2.25, 48.80, 2.42, 48.90), 1e-4);
    // 10° beyond the zone's central meridian, where only the exact series holds.
    EXPECT_LT(largestDifference(4326, 32631, 13.0, 40.0, 14.0, 41.0), 1e-4);
}

TEST(Reprojection, AgreesWithGdalBetweenTwoProjectedCrs) {
    // Web Mercator metres into Gauss-Krüger: an inverse projection, then a forward one.
    const OGRSpatialReference from = crs(3857), to = crs(4549);
    std::unique_ptr<OGRCoordinateTransformation> gdal(OGRCreateCoordinateTransformation(&from, &to));
    std::unique_ptr<geo::Reprojection> ours = geo::Reprojection::between(from, to);
    double x = 13378000, y = 3535000, gx = x, gy = y;
    ASSERT_TRUE(gdal->Transform(1, &gx, &gy));
    ASSERT_TRUE(ours->transform(1, &x, &y));
    EXPECT_NEAR(x, gx, 1e-4);
    EXPECT_NEAR(y, gy, 1e-4);
}

TEST(Reprojection, APointItCannotTransformFailsTheCall) {
    std::unique_ptr<geo::Reprojection> r = geo::Reprojection::between(crs(4326), crs(4549));
    double xs[] = {120.1, 120.1}, ys[] = {30.2, 95.0};   // the second latitude is past the pole
    EXPECT_FALSE(r->transform(2, xs, ys));
    double x = 120.1, y = 30.2;
    EXPECT_TRUE(r->transform(1, &x, &y)) << "a failed call leaves the next one alone";
}

TEST(Reprojection, ACloneTransformsAlike) {
    std::unique_ptr<geo::Reprojection> r = geo::Reprojection::between(crs(4326), crs(4549));
    std::unique_ptr<geo::Reprojection> copy = r->clone();
    double x1 = 120.17, y1 = 30.25, x2 = x1, y2 = y1;
    ASSERT_TRUE(r->transform(1, &x1, &y1));
    ASSERT_TRUE(copy->transform(1, &x2, &y2));
    EXPECT_EQ(x1, x2);
    EXPECT_EQ(y1, y2);
    EXPECT_EQ(copy->definition(), r->definition());
}

}  // namespace
