// Typed failures of the data core. The command line maps them to exit codes in one place (app/main.cpp):
// InputError -> 2, OutputError -> 3. Each message is one sentence naming the input and the cause.
#pragma once
#include <stdexcept>
#include <string>

namespace geo {

/// A source, project file or argument value that cannot be used: missing, unreadable, corrupt,
/// unsupported, unknown layer, bad CRS, bad project key. Exit code 2.
struct InputError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// A file that cannot be written (permissions, disk, existing target without --overwrite). Exit code 3.
struct OutputError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

}  // namespace geo
