// The command-line verbs. Each verb lives in its own file: it declares its subcommand and options on
// the CLI11 app and returns the function that runs it once parsing chose it. Runners return an exit
// code; expected failures are thrown as geo::InputError / geo::OutputError and mapped in main.
#pragma once
#include <functional>
#include <ostream>
#include <string>
#include <vector>
#include <CLI/CLI.hpp>

namespace geo { struct Project; struct LayerSpec; }

namespace planview {

/// Facts about the running program that commands need.
struct CommandContext {
    std::string executablePath;   ///< argv[0] resolved to an absolute path
};

using CommandRunner = std::function<int()>;

/// Registers the subcommand on `app`; the returned runner runs it (only call it when chosen).
CommandRunner addInfoCommand(CLI::App& app, const CommandContext& context);
CommandRunner addRenderCommand(CLI::App& app, const CommandContext& context);
CommandRunner addStatsCommand(CLI::App& app, const CommandContext& context);
CommandRunner addExportCommand(CLI::App& app, const CommandContext& context);
CommandRunner addBenchCommand(CLI::App& app, const CommandContext& context);
CommandRunner addSunlightCommand(CLI::App& app, const CommandContext& context);
CommandRunner addCheckCommand(CLI::App& app, const CommandContext& context);
CommandRunner addCompareCommand(CLI::App& app, const CommandContext& context);

/// The viewer: `planview [PROJECT|SOURCE]` with no subcommand. Registers its options on the main app.
CommandRunner addViewerOptions(CLI::App& app, const CommandContext& context);

/// The project a verb was given, or the embedded Shangcheng project when none was (an InputError
/// when that is not installed either).
std::string projectLocation(const std::string& given, const CommandContext& context);

/// The project's layer called `name` (its display name or its source layer's); an InputError naming
/// the project, `what` (the option or key that named it) and the layers there are otherwise.
const geo::LayerSpec& pickLayer(const geo::Project& project, const std::string& name, const std::string& what);

/// `--from-gcj02`, shared by the verbs that read sources: their lon/lat come from a Chinese web map.
void addFromGcj02Option(CLI::App& command, bool& fromGcj02);
/// With the option given, every layer of `project` has the GCJ-02 offset undone when read.
void applyFromGcj02Option(bool fromGcj02, geo::Project& project);

/// `--format`, `-o` and `--overwrite` of the verbs that write a result as text or as a file (check,
/// compare, sunlight): declared by addOutputOptions, read by the verb's runner.
struct OutputOptions {
    std::string format;            ///< as given; "" = from the output's extension
    std::string output;            ///< the file to write; "" = standard output
    bool overwrite = false;
    std::vector<std::string> formats;   ///< the verb's formats (set by addOutputOptions)

    /// --format, else the format the output's extension names (.csv, .json, .gpkg, .pdf) when the verb
    /// has it, else "table".
    std::string chosen() const;
};

/// Declares `--format` (one of `formats`), `-o,--output` and `--overwrite` on `command`. A format
/// written only to a file (gpkg, pdf) without `-o` is a usage error when the command line is parsed
/// (exit 1, one line).
void addOutputOptions(CLI::App& command, OutputOptions& output,
                      std::vector<std::string> formats = {"table", "csv", "json", "gpkg"});

/// Text written by `write` to a temporary file beside `path` and renamed into place (a device or a
/// pipe such as /dev/stdout is written into). OutputError when `path` exists and `overwrite` is not
/// set, its folder does not exist, it is a folder, or the writing fails (an OutputError `write` throws
/// gets the path before its message); the temporary file is removed whatever `write` throws.
void writeTextAtomically(const std::string& path, const std::function<void(std::ostream&)>& write, bool overwrite);

/// Exit codes, part of the product: other tools script against them.
enum ExitCode { ExitOk = 0, ExitUsage = 1, ExitInput = 2, ExitOutput = 3 };

}  // namespace planview
