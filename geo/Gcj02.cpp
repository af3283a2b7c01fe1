#include "geo/Gcj02.h"
#include <cmath>

namespace geo {

namespace {

// The formula's constants: the Krasovsky 1940 ellipsoid it is defined on.
constexpr double semiMajor = 6378245.0;
constexpr double eccentricitySquared = 0.00669342162296594323;

double offsetLat(double x, double y) {
    double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::fabs(x));
    r += (20.0 * std::sin(6.0 * x * M_PI) + 20.0 * std::sin(2.0 * x * M_PI)) * 2.0 / 3.0;
    r += (20.0 * std::sin(y * M_PI) + 40.0 * std::sin(y / 3.0 * M_PI)) * 2.0 / 3.0;
    r += (160.0 * std::sin(y / 12.0 * M_PI) + 320.0 * std::sin(y * M_PI / 30.0)) * 2.0 / 3.0;
    return r;
}

double offsetLon(double x, double y) {
    double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::fabs(x));
    r += (20.0 * std::sin(6.0 * x * M_PI) + 20.0 * std::sin(2.0 * x * M_PI)) * 2.0 / 3.0;
    r += (20.0 * std::sin(x * M_PI) + 40.0 * std::sin(x / 3.0 * M_PI)) * 2.0 / 3.0;
    r += (150.0 * std::sin(x / 12.0 * M_PI) + 300.0 * std::sin(x / 30.0 * M_PI)) * 2.0 / 3.0;
    return r;
}

Vec2 forward(Vec2 p) {
    double dLat = offsetLat(p.x - 105.0, p.y - 35.0);
    double dLon = offsetLon(p.x - 105.0, p.y - 35.0);
    double radLat = p.y / 180.0 * M_PI;
    double magic = std::sin(radLat);
    magic = 1 - eccentricitySquared * magic * magic;
    double sqrtMagic = std::sqrt(magic);
    dLat = (dLat * 180.0) / ((semiMajor * (1 - eccentricitySquared)) / (magic * sqrtMagic) * M_PI);
    dLon = (dLon * 180.0) / (semiMajor / sqrtMagic * std::cos(radLat) * M_PI);
    return {p.x + dLon, p.y + dLat};
}

}  // namespace

bool insideChina(double lon, double lat) {
    return lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271;
}

Vec2 wgs84ToGcj02(Vec2 wgs84) {
    return insideChina(wgs84.x, wgs84.y) ? forward(wgs84) : wgs84;
}

Vec2 gcj02ToWgs84(Vec2 gcj02) {
    if (!insideChina(gcj02.x, gcj02.y)) return gcj02;
    Vec2 guess = gcj02;
    for (int i = 0; i < 30; ++i) {
        Vec2 shifted = forward(guess);
        double dx = shifted.x - gcj02.x, dy = shifted.y - gcj02.y;
        guess = {guess.x - dx, guess.y - dy};
        if (std::fabs(dx) < 1e-9 && std::fabs(dy) < 1e-9) break;
    }
    return guess;
}

}  // namespace geo
