#include "geo/TerrainTint.h"
#include <cmath>

namespace geo {

namespace {

struct Stop {
    double height;
    Color color;
};

const std::vector<Stop>& stops() {
    static const std::vector<Stop> all = {{0, {0.80f, 0.84f, 0.74f, 1}},   {40, {0.74f, 0.82f, 0.62f, 1}},
                                          {150, {0.82f, 0.78f, 0.58f, 1}}, {400, {0.76f, 0.66f, 0.52f, 1}},
                                          {1500, {0.92f, 0.92f, 0.90f, 1}}};
    return all;
}

}  // namespace

Color terrainTint(double heightM) {
    const std::vector<Stop>& s = stops();
    if (!(heightM > s.front().height)) return s.front().color;
    for (std::size_t i = 1; i < s.size(); ++i)
        if (heightM < s[i].height) {
            const float t = static_cast<float>((heightM - s[i - 1].height) / (s[i].height - s[i - 1].height));
            const Color &a = s[i - 1].color, &b = s[i].color;
            return {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t, 1};
        }
    return s.back().color;
}

const std::vector<double>& terrainTintStops() {
    static const std::vector<double> heights = [] {
        std::vector<double> h;
        for (const Stop& s : stops()) h.push_back(s.height);
        return h;
    }();
    return heights;
}

}  // namespace geo
