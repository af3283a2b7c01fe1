// One logging facade for the whole program (spdlog underneath). The data core never prints on its own:
// it logs, and the application decides where the log goes (stderr for the CLI, a panel in the viewer).
#pragma once
#include <spdlog/spdlog.h>

namespace geo {

/// The project's logger ("planview"), writing to stderr by default. Created on first use.
spdlog::logger& log();

/// Routes GDAL's and PROJ's own error and warning messages into log() instead of letting them
/// print to stderr behind the program's back. Safe to call more than once.
void routeLibraryMessagesToLog();

/// The last error GDAL reported, trimmed, or "" when none. Used to name the cause in exceptions.
std::string lastGdalError();

}  // namespace geo
