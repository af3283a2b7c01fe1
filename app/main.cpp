// planview: the one binary. Parses the command line, runs the chosen verb and maps the typed
// failures of the data core to exit codes (0 ok, 1 usage, 2 bad input, 3 output error).
#include <unistd.h>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <optional>
#include <spdlog/sinks/base_sink.h>
#include "app/cli/Command.h"
#include "app/ui/UiText.h"
#include "geo/Errors.h"
#include "geo/Log.h"

namespace {

std::string executablePath(const char* argv0) {
    char buffer[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buffer, sizeof buffer - 1);
    if (n > 0) return std::string(buffer, static_cast<std::size_t>(n));
    return argv0;
}

/// A verb's warnings, held until it ends: printed when it succeeds, dropped when it fails, so that a
/// failure is exactly one line on stderr (warnings about what was being loaded are moot then).
class HeldWarnings : public spdlog::sinks::base_sink<std::mutex> {
public:
    std::vector<std::string> lines;

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        spdlog::memory_buf_t text;
        formatter_->format(msg, text);
        lines.emplace_back(text.data(), text.size());
    }
    void flush_() override {}
};

/// Flushes standard output and tells whether all a verb printed there got written: a full disk or a
/// closed pipe often shows only at this flush, so every verb's output is checked here, once. Returns
/// the cause ("No space left on device"), or nullopt when the output is complete.
std::optional<std::string> standardOutputError() {
    errno = 0;
    std::cout.flush();   // also flushes C stdio's stdout, which printf-using verbs share
    int cause = errno;
    if (std::fflush(stdout) != 0 && cause == 0) cause = errno;
    if (std::cout && !std::ferror(stdout)) return std::nullopt;
    // A write failed before this flush (more than a buffer's worth of output) and its errno is gone:
    // say so without guessing a cause.
    return cause ? std::strerror(cause) : "write error";
}

}  // namespace

int main(int argc, char** argv) {
    using namespace planview;
    // Standard output in large blocks when it is not a terminal, so that a failed write (a full disk)
    // shows at the final flush with its cause; see standardOutputError.
    // (glibc ignores the size unless given the buffer.)
    static char stdoutBuffer[1 << 20];
    if (!isatty(STDOUT_FILENO)) std::setvbuf(stdout, stdoutBuffer, _IOFBF, sizeof stdoutBuffer);
    CommandContext context{executablePath(argv[0])};
    setUiLanguage(languageFromLocale());

    CLI::App app{"PlanView: a 3D viewer for district planning data (parcels, platforms, projects)", "planview"};
    app.set_version_flag("--version", "planview 0.1.0");
    app.require_subcommand(0, 1);
    app.fallthrough(false);

    // Each verb registers itself as the newest subcommand; remember it beside its runner.
    std::vector<std::pair<CLI::App*, CommandRunner>> commands;
    auto add = [&](CommandRunner runner) {
        auto all = app.get_subcommands([](CLI::App*) { return true; });
        commands.emplace_back(all.back(), std::move(runner));
    };
    add(addInfoCommand(app, context));
    add(addRenderCommand(app, context));
    add(addStatsCommand(app, context));
    add(addExportCommand(app, context));
    add(addBenchCommand(app, context));
    add(addSunlightCommand(app, context));
    add(addCheckCommand(app, context));
    add(addCompareCommand(app, context));
    CommandRunner viewer = addViewerOptions(app, context);

    // A first word that is neither a verb nor a file is a mistyped verb, not a project to open.
    if (argc > 1 && argv[1][0] != '-') {
        std::string word = argv[1];
        bool isVerb = false;
        std::string verbs;
        for (auto& [subcommand, runner] : commands) {
            isVerb = isVerb || subcommand->get_name() == word;
            verbs += (verbs.empty() ? "" : ", ") + subcommand->get_name();
        }
        std::error_code ec;
        bool looksLikeInput = std::filesystem::exists(word, ec) || word.find_first_of("./:") != std::string::npos;
        if (!isVerb && !looksLikeInput) {
            std::cerr << "planview: unknown command '" << word << "' (commands: " << verbs
                      << "; or give a project or data file to open)\n";
            return ExitUsage;
        }
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "planview: " << e.what() << " (see planview --help)\n";
        return ExitUsage;
    }

    try {
        for (auto& [subcommand, runner] : commands) {
            if (!subcommand->parsed()) continue;
            auto held = std::make_shared<HeldWarnings>();
            held->set_pattern("planview: %l: %v");
            const std::vector<spdlog::sink_ptr> stderrSinks = geo::log().sinks();
            geo::log().sinks() = {held};
            const int code = runner();
            geo::log().sinks() = stderrSinks;
            if (code != ExitOk) return code;
            if (auto error = standardOutputError()) {
                std::cerr << "planview: cannot write to standard output: " << *error << '\n';
                return ExitOutput;   // the held warnings dropped: a failure is one line
            }
            for (const std::string& line : held->lines) std::cerr << line;
            return code;
        }
        return viewer();
    } catch (const geo::InputError& e) {
        std::cerr << "planview: " << e.what() << '\n';
        return ExitInput;
    } catch (const geo::OutputError& e) {
        std::cerr << "planview: " << e.what() << '\n';
        return ExitOutput;
    } catch (const std::exception& e) {
        // Not an expected failure: still one line, and a distinct code from usage errors.
        std::cerr << "planview: internal error: " << e.what() << '\n';
        return ExitInput;
    }
}
