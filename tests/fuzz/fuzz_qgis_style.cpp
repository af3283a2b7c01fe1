// libFuzzer harness: arbitrary bytes as a QGIS style (QML), read into PlanView's style model, and the
// expression helpers its rules and labels go through. Anything but a clean parse or an InputError (a
// crash, a hang, another exception) is a finding.
#include <cstdint>
#include <string>
#include "geo/Errors.h"
#include "geo/Log.h"
#include "geo/QgisStyle.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    geo::log().set_level(spdlog::level::off);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    (void)geo::isOgrSqlExpression(text);
    (void)geo::expressionField(text);
    try {
        geo::QgisStyle style = geo::parseQml(text, "/fuzz/style.qml");
        geo::LayerSpec spec;
        spec.name = "fuzz";
        geo::applyQgisStyle(spec, style, "/fuzz/style.qml");
        (void)spec.style.colorFor(geo::Value(std::string("a")));
        (void)spec.style.colorFor(geo::Value(1.5));
    } catch (const geo::InputError&) {
    }
    return 0;
}
