// libFuzzer harness: arbitrary bytes as a rules file (`planview check --rules FILE`, or the [check] and
// [[rule]] tables of a project). Anything but a clean parse or an InputError (a crash, a hang, another
// exception) is a finding.
#include <cstdint>
#include <string>
#include "geo/CheckRules.h"
#include "geo/Errors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    try {
        geo::CheckSettings s = geo::parseCheckRules(text, "/fuzz/rules.toml");
        // Touch what a caller would read.
        for (const auto& rule : s.rules) (void)rule.describe();
        geo::CheckSettings merged;
        merged.merge(s);
    } catch (const geo::InputError&) {
    }
    return 0;
}
