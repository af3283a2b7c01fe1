// PLACEHOLDER until the viewer lands (issue 3).
#include "app/cli/Command.h"
#include "geo/Errors.h"
namespace planview {
CommandRunner addViewerOptions(CLI::App&, const CommandContext&) {
    return [] { throw geo::InputError("the viewer is not built yet"); return 0; };
}
}  // namespace planview
