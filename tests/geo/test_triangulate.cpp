#include <gtest/gtest.h>
#include "geo/Triangulate.h"
TEST(Triangulate, Square) {
    geo::Polygon p{{{{0, 0}, {1, 0}, {1, 1}, {0, 1}}}};
    std::vector<geo::Vec2> v; std::vector<std::uint32_t> i;
    ASSERT_TRUE(geo::triangulate(p, v, i));
    EXPECT_EQ(i.size(), 6u);
}
