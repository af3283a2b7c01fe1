// `planview [PROJECT|SOURCE] [--layer L]`: the interactive viewer (the default project when none is
// given). Without a display it says so and renders the home view and every bookmark to PNG files.
#include <filesystem>
#include <iostream>
#include "app/cli/Command.h"
#include "app/cli/Progress.h"
#include "app/render/ImageWriter.h"
#include "app/render/OffscreenRenderer.h"
#include "app/render/PrivateXServer.h"
#include "app/render/ViewRenderer.h"
#include "app/ui/UiText.h"
#include "app/viewer/ViewerApp.h"
#include "geo/Errors.h"
#include "geo/Log.h"
#include "geo/ProjectData.h"

namespace fs = std::filesystem;

namespace planview {

namespace {

struct ViewerArguments {
    std::string location, layer, language, screenshot;
    bool present = false;
    ViewerStart start;
};

// A file name from a bookmark name: path separators and control characters replaced.
std::string fileNameFor(const std::string& name) {
    std::string out;
    for (char c : name) out += (c == '/' || c == '\\' || static_cast<unsigned char>(c) < 32 || c == ' ') ? '_' : c;
    return out.empty() ? "view" : out;
}

int renderInstead(const geo::ProjectData& data, const std::string& executablePath) {
    const fs::path folder = "planview-renders";
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) throw geo::OutputError(folder.string() + ": cannot create the folder: " + ec.message());
    std::unique_ptr<PrivateXServer> xserver = PrivateXServer::start();
    RenderSettings settings;
    ViewRenderer renderer(data, executablePath, settings);
    std::vector<std::pair<std::string, std::string>> views = {{"home", (folder / "home.png").string()}};
    for (std::size_t i = 0; i < data.project.bookmarks.size(); ++i) {
        const std::string& name = data.project.bookmarks[i].name;
        views.emplace_back(name, (folder / ("bookmark-" + std::to_string(i + 1) + "-" + fileNameFor(name) + ".png")).string());
    }
    for (const auto& [view, path] : views) {
        RenderedView rendered = renderer.render(view);
        writePng(path, rendered.image);
        std::cout << path << '\n';
    }
    return ExitOk;
}

int run(const ViewerArguments& args, const CommandContext& context) {
    applyLanguageOption(args.language);
    geo::Project project = geo::openProject(projectLocation(args.location, context), args.layer);
    applyLanguageOption(args.language, project);   // the project's language unless --lang says otherwise
    if (!hasDisplay()) {
        std::cerr << "planview: no display ($DISPLAY unset or unreachable): rendering the home view and the bookmarks "
                     "to PNG files instead\n";
        return renderInstead(geo::loadProjectData(project, nullptr, terminalProgress(), true), context.executablePath);
    }
    return runViewer(project, context.executablePath, args.present, args.screenshot, args.start);
}

}  // namespace

CommandRunner addViewerOptions(CLI::App& app, const CommandContext& context) {
    auto args = std::make_shared<ViewerArguments>();
    app.add_option("project", args->location,
                   "Project file (.toml) or data source to view; default: the embedded Shangcheng project");
    app.add_option("--layer", args->layer, "View only this layer");
    addLanguageOption(app, args->language);
    app.add_flag("--present", args->present, "Start in presentation mode (full screen, playing the project's first tour)");
    app.add_option("--screenshot", args->screenshot,
                   "Open the window, wait until the project is drawn (streamed tiles included), save the window as this PNG and quit");
    app.add_option("--open", args->start.panels, "Open these tool panels at start (comma-separated)")
        ->delimiter(',')
        ->check(CLI::IsMember({"search", "inspector", "filter", "timeline", "sun", "sunlight", "measure", "statistics", "checks", "compare", "export"}));
    app.add_option("--view", args->start.view, "Start at this bookmark (its camera, sun, layers and date)");
    app.add_option("--where", args->start.where, "Apply this OGR SQL WHERE expression in the Filter panel at start");
    return [args, context] { return run(*args, context); };
}

}  // namespace planview
