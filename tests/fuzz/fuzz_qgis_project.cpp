// libFuzzer harness: arbitrary bytes as a QGIS project document (.qgs), opened as a PlanView project
// (layer tree, data sources, styles, bookmarks); no data source is opened. Anything but a clean parse
// or an InputError (a crash, a hang, another exception) is a finding.
#include <cstdint>
#include <string>
#include "geo/Errors.h"
#include "geo/Log.h"
#include "geo/QgisProject.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    geo::log().set_level(spdlog::level::off);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    try {
        (void)geo::parseQgisProject(text, "/fuzz/project.qgs");
    } catch (const geo::InputError&) {
    }
    std::string location, layer, where;
    (void)geo::postgisSource(text, location, layer, where);
    return 0;
}
