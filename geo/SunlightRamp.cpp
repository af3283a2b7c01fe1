#include "geo/SunlightRamp.h"
#include <algorithm>

namespace geo {

namespace {

Color mix(const Color& a, const Color& b, double t) {
    const float u = static_cast<float>(std::clamp(t, 0.0, 1.0));
    return {a.r + (b.r - a.r) * u, a.g + (b.g - a.g) * u, a.b + (b.b - a.b) * u, 1};
}

}  // namespace

Color sunlightRampColor(double minutes, double thresholdMinutes, double fullMinutes) {
    if (minutes < thresholdMinutes - 1e-9) return mix(kSunlightNone, kSunlightShort, minutes / thresholdMinutes);
    const double span = fullMinutes - thresholdMinutes;
    return span > 0 ? mix(kSunlightEnough, kSunlightFull, (minutes - thresholdMinutes) / span) : kSunlightEnough;
}

}  // namespace geo
