// readWkbPolygons against GDAL's own WKB writer: the same rings for every byte order and dimension
// GDAL writes, and a refusal (never a crash or a partial result) for anything else or a cut blob.
#include <gtest/gtest.h>
#include <ogr_geometry.h>
#include <memory>
#include <vector>
#include "geo/Wkb.h"

namespace {

std::unique_ptr<OGRGeometry> fromWkt(const char* wkt) {
    OGRGeometry* g = nullptr;
    if (OGRGeometryFactory::createFromWkt(wkt, nullptr, &g) != OGRERR_NONE) throw std::runtime_error(std::string("bad WKT ") + wkt);
    return std::unique_ptr<OGRGeometry>(g);
}

std::vector<unsigned char> wkbOf(const OGRGeometry& g, OGRwkbByteOrder order, OGRwkbVariant variant) {
    std::vector<unsigned char> out(g.WkbSize());
    if (g.exportToWkb(order, out.data(), variant) != OGRERR_NONE) throw std::runtime_error("cannot export WKB");
    return out;
}

/// The polygons of `g` as GDAL sees them, each ring's points as stored.
std::vector<geo::Polygon> polygonsOf(const OGRGeometry& g) {
    std::vector<geo::Polygon> out;
    auto add = [&](const OGRPolygon& p) {
        if (p.IsEmpty()) return;
        geo::Polygon polygon;
        for (const OGRLinearRing* ring : p) {
            geo::Ring points;
            for (const OGRPoint& v : *ring) points.push_back({v.getX(), v.getY()});
            polygon.rings.push_back(points);
        }
        out.push_back(polygon);
    };
    if (wkbFlatten(g.getGeometryType()) == wkbPolygon) add(*g.toPolygon());
    else for (const OGRGeometry* part : *g.toMultiPolygon()) add(*part->toPolygon());
    return out;
}

void expectSame(const std::vector<geo::Polygon>& a, const std::vector<geo::Polygon>& b) {
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t p = 0; p < a.size(); ++p) {
        ASSERT_EQ(a[p].rings.size(), b[p].rings.size());
        for (std::size_t r = 0; r < a[p].rings.size(); ++r) {
            ASSERT_EQ(a[p].rings[r].size(), b[p].rings[r].size());
            for (std::size_t i = 0; i < a[p].rings[r].size(); ++i) {
                EXPECT_EQ(a[p].rings[r][i].x, b[p].rings[r][i].x);
                EXPECT_EQ(a[p].rings[r][i].y, b[p].rings[r][i].y);
            }
        }
    }
}

const char* const kPolygonal[] = {
    "POLYGON((120.1 30.2,120.2 30.2,120.2 30.3,120.1 30.2),(120.15 30.22,120.18 30.25,120.17 30.22,120.15 30.22))",
    "POLYGON((0 0,1 0,1 1))",   // left open by its writer: read as written
    "POLYGON Z((0 0 5,1 0 6,1 1 7,0 0 5))",
    "POLYGON M((0 0 5,1 0 6,1 1 7,0 0 5))",
    "POLYGON ZM((0 0 5 1,1 0 6 2,1 1 7 3,0 0 5 1))",
    "MULTIPOLYGON(((0 0,1 0,1 1,0 0)),((5 5,6 5,6 6,5 5),(5.2 5.1,5.8 5.7,5.8 5.1,5.2 5.1)))",
    "MULTIPOLYGON Z(((0 0 1,1 0 1,1 1 1,0 0 1)),((5 5 2,6 5 2,6 6 2,5 5 2)))",
    "MULTIPOLYGON(EMPTY,((0 0,1 0,1 1,0 0)))",
    "POLYGON EMPTY",
    "MULTIPOLYGON EMPTY",
};

}  // namespace

TEST(Wkb, PolygonsReadAsGdalWritesThemInEveryByteOrderAndVariant) {
    for (const char* wkt : kPolygonal) {
        std::unique_ptr<OGRGeometry> g = fromWkt(wkt);
        for (OGRwkbByteOrder order : {wkbNDR, wkbXDR})
            for (OGRwkbVariant variant : {wkbVariantIso, wkbVariantOldOgc}) {
                SCOPED_TRACE(std::string(wkt) + (order == wkbNDR ? " little-endian" : " big-endian") +
                             (variant == wkbVariantIso ? " ISO" : " extended"));
                std::vector<unsigned char> wkb = wkbOf(*g, order, variant);
                std::vector<geo::Polygon> read;
                ASSERT_TRUE(geo::readWkbPolygons(wkb.data(), wkb.size(), read));
                expectSame(read, polygonsOf(*g));
            }
    }
}

TEST(Wkb, OtherGeometriesAreLeftToGdal) {
    for (const char* wkt : {"POINT(1 2)", "LINESTRING(0 0,1 1)", "MULTILINESTRING((0 0,1 1))",
                            "GEOMETRYCOLLECTION(POLYGON((0 0,1 0,1 1,0 0)))",
                            "CURVEPOLYGON(CIRCULARSTRING(0 0,1 1,2 0,1 -1,0 0))",
                            "MULTISURFACE(((0 0,1 0,1 1,0 0)))"}) {
        std::vector<unsigned char> wkb = wkbOf(*fromWkt(wkt), wkbNDR, wkbVariantIso);
        std::vector<geo::Polygon> read(1);   // something already there stays as it was
        EXPECT_FALSE(geo::readWkbPolygons(wkb.data(), wkb.size(), read)) << wkt;
        EXPECT_EQ(read.size(), 1u) << wkt;
    }
}

TEST(Wkb, ACutOrLengthenedBlobIsRefusedWithoutReadingPastIt) {
    std::vector<unsigned char> whole = wkbOf(*fromWkt(kPolygonal[5]), wkbNDR, wkbVariantIso);
    for (std::size_t size = 0; size < whole.size(); ++size) {
        // A copy of exactly `size` bytes, so that a read past it is caught by the sanitizers.
        std::vector<unsigned char> cut(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(size));
        std::vector<geo::Polygon> read;
        EXPECT_FALSE(geo::readWkbPolygons(cut.data(), cut.size(), read)) << size << " of " << whole.size() << " bytes";
        EXPECT_TRUE(read.empty());
    }
    std::vector<unsigned char> longer = whole;
    longer.push_back(0);
    std::vector<geo::Polygon> read;
    EXPECT_FALSE(geo::readWkbPolygons(longer.data(), longer.size(), read));
    // A ring claiming more points than the blob holds.
    std::vector<unsigned char> lying = wkbOf(*fromWkt(kPolygonal[0]), wkbNDR, wkbVariantIso);
    lying[9] = 0xff;   // the first ring's point count (after order, type and ring count)
    EXPECT_FALSE(geo::readWkbPolygons(lying.data(), lying.size(), read));
    EXPECT_TRUE(read.empty());
}
