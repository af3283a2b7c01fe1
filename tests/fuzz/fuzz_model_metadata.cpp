// libFuzzer harness: arbitrary bytes as a model tile set's metadata.xml, then its SRS as PROJ would
// be asked for it. Anything but a clean parse or an InputError (a crash, a hang, another
// exception) is a finding.
#include <cstdint>
#include <string>
#include "geo/Errors.h"
#include "geo/Log.h"
#include "geo/ModelSet.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    geo::log().set_level(spdlog::level::off);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    try {
        geo::ModelMetadata m = geo::parseModelMetadata(text, "/fuzz/metadata.xml");
        (void)geo::modelSrsWkt(m.srs, "/fuzz/metadata.xml");
    } catch (const geo::InputError&) {
    }
    return 0;
}
