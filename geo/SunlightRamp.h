// The colours the viewer gives sunlight hours (日照分析): a ramp over the minutes of sun with a step at
// the standard's threshold, so failing and passing points read apart at a glance. No display here.
#pragma once
#include "geo/Style.h"

namespace geo {

/// The ramp's ends: below the threshold from kSunlightNone (0 minutes) to kSunlightShort (just short of
/// it); from the threshold on, from kSunlightEnough (exactly the threshold) to kSunlightFull (the
/// whole window sunlit).
inline constexpr Color kSunlightNone{0.50f, 0.00f, 0.05f, 1}, kSunlightShort{1.00f, 0.55f, 0.10f, 1},
    kSunlightEnough{0.78f, 0.91f, 0.42f, 1}, kSunlightFull{0.10f, 0.50f, 0.24f, 1};

/// The colour of `minutes` of sun against `thresholdMinutes`, the ramp running to `fullMinutes` (the
/// window's length): linear between the ends above, on each side of the threshold; values beyond the
/// ends take the ends' colours. A threshold of 0 makes every point pass.
Color sunlightRampColor(double minutes, double thresholdMinutes, double fullMinutes);

}  // namespace geo
