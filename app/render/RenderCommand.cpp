// PLACEHOLDER until the offscreen renderer lands (issue 3): registers the verb so the CLI builds.
#include "app/cli/Command.h"
#include "geo/Errors.h"
namespace planview {
CommandRunner addRenderCommand(CLI::App& app, const CommandContext&) {
    app.add_subcommand("render", "Render a view of a project to an image (not built yet)");
    return [] { throw geo::InputError("render is not built yet"); return 0; };
}
}  // namespace planview
