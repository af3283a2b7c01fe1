// libFuzzer harness: arbitrary bytes as a sun time ("2020-01-20 10:00 UTC+8", as `render --sun`, a
// bookmark's or a tour stop's `sun` give it). A clean parse must format and parse back to the same
// time (to the second); anything but that or an InputError (a crash, a hang, another exception) is
// a finding.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include "geo/Errors.h"
#include "geo/Log.h"
#include "geo/SunView.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    geo::log().set_level(spdlog::level::off);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const geo::SunTime t = geo::parseSunTime(text, 8);
        const geo::SunTime back = geo::parseSunTime(geo::formatSunTime(t), 8);
        if (!(back.date == t.date) || std::fabs(back.clockHours - t.clockHours) > 0.5 / 3600 ||
            back.utcOffsetHours != t.utcOffsetHours)
            std::abort();   // formatSunTime's promise broken
    } catch (const geo::InputError&) {
    }
    return 0;
}
