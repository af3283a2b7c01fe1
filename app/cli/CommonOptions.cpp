// Options that several verbs share, declared and applied once.
#include "app/cli/Command.h"
#include <unistd.h>
#include <filesystem>
#include <fstream>
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

void writeTextAtomically(const std::string& path, const std::function<void(std::ostream&)>& write, bool overwrite) {
    namespace fs = std::filesystem;
    const fs::path target(path);
    const fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    std::error_code ec;
    if (fs::exists(target, ec) && !fs::is_regular_file(target, ec) && !fs::is_directory(target, ec)) {
        // A device or a pipe (/dev/null, /dev/stdout, a FIFO): written into, never replaced.
        std::ofstream out(target, std::ios::binary);
        if (out) write(out);
        out.flush();
        if (!out) throw geo::OutputError(path + ": cannot be written");
        return;
    }
    if (fs::exists(target, ec) && !overwrite) throw geo::OutputError(path + ": already exists (use --overwrite to replace it)");
    if (!fs::is_directory(folder, ec)) throw geo::OutputError(path + ": cannot be written: folder " + folder.string() + " does not exist");
    if (fs::is_directory(target, ec)) throw geo::OutputError(path + ": cannot be written: it is a folder");
    const fs::path temporary = folder / ("." + target.filename().string() + ".partial-" + std::to_string(getpid()));
    try {
        std::ofstream out(temporary, std::ios::binary);
        if (out) write(out);
        out.flush();
        if (!out) throw geo::OutputError("cannot be written");
    } catch (const geo::OutputError& e) {
        fs::remove(temporary, ec);
        throw geo::OutputError(path + ": " + e.what());
    } catch (...) {
        fs::remove(temporary, ec);
        throw;
    }
    fs::rename(temporary, target, ec);
    if (ec) {
        fs::remove(temporary, ec);
        throw geo::OutputError(path + ": cannot be written: " + ec.message());
    }
}

const geo::LayerSpec& pickLayer(const geo::Project& project, const std::string& name, const std::string& what) {
    for (const auto& l : project.layers)
        if (l.name == name || l.layer == name) return l;
    std::string names;
    for (const auto& l : project.layers) names += (names.empty() ? "" : ", ") + l.name;
    throw geo::InputError(project.path + ": " + what + " '" + name + "' is not a layer (layers: " + names + ")");
}

std::string OutputOptions::chosen() const {
    if (!format.empty()) return format;
    const std::string extension = std::filesystem::path(output).extension().string();
    for (const std::string& f : formats)
        if (f != "table" && extension == "." + f) return f;
    return "table";
}

void addOutputOptions(CLI::App& command, OutputOptions& output, std::vector<std::string> formats) {
    std::string list;
    for (std::size_t i = 0; i < formats.size(); ++i)
        list += (i == 0 ? "" : i + 1 == formats.size() ? " or " : ", ") + formats[i];
    command.add_option("--format", output.format, list + " (default: from OUT's extension, else table)")
        ->check(CLI::IsMember(formats));
    command.add_option("-o,--output", output.output, "Write to this file instead of standard output (gpkg, pdf: required)");
    command.add_flag("--overwrite", output.overwrite, "Replace OUT when it exists");
    output.formats = std::move(formats);
    // Checked once the command line is parsed, so that it is a usage error like any other (exit 1).
    command.final_callback([&command, &output] {
        const std::string format = output.chosen();
        if ((format == "gpkg" || format == "pdf") && output.output.empty())
            throw CLI::ValidationError(command.get_name() + ": --format " + format + " needs -o OUT");
    });
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
