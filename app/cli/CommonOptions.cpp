// Options that several verbs share, declared and applied once.
#include "app/cli/Command.h"
#include "geo/Errors.h"
#include "geo/Project.h"

namespace planview {

std::string projectLocation(const std::string& given, const CommandContext& context) {
    if (!given.empty()) return given;
    std::string location = geo::defaultProjectPath(context.executablePath);
    if (location.empty())
        throw geo::InputError("no project given and the default project (assets/shangcheng/project.toml) was not found");
    return location;
}

void addFromGcj02Option(CLI::App& command, bool& fromGcj02) {
    command.add_flag("--from-gcj02", fromGcj02,
                     "The sources' lon/lat come from a Chinese web map (GCJ-02): correct them");
}

void applyFromGcj02Option(bool fromGcj02, geo::Project& project) {
    if (!fromGcj02) return;
    for (geo::LayerSpec& layer : project.layers) layer.gcj02 = true;
}

}  // namespace planview
