// `planview render`: draws a view of a project offscreen and writes a PNG, or a GeoTIFF for an
// orthographic top view; with --present, the presentation overlay instead of the panels; with
// --tour, a tour's fly-through as numbered PNG frames and/or an MP4 (through ffmpeg).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <unistd.h>
#include <regex>
#include "app/cli/Command.h"
#include "app/cli/Progress.h"
#include "app/ui/UiText.h"
#include "app/render/ImageWriter.h"
#include "app/render/MapExport.h"
#include "app/render/PrivateXServer.h"
#include "app/render/TourExport.h"
#include "app/render/ViewRenderer.h"
#include "app/scene/Picker.h"
#include "app/scene/Scene.h"
#include "geo/Errors.h"
#include "geo/Log.h"
#include "geo/ProjectChecks.h"
#include "geo/ProjectCompare.h"
#include "geo/ProjectData.h"

namespace planview {

namespace {

constexpr int kMaxSide = 8192;

struct RenderArguments {
    std::string location, layer, output, size = "1280x720", view = "home";
    std::vector<std::string> picks;
    bool ortho = false, hideUi = false, stats = false, noLabels = false, fromGcj02 = false, present = false;
    std::string tour, frames;
    double fps = 30;
    std::string language;
    std::string sun;   // --sun "YYYY-MM-DD HH:MM[ ZONE]"
    std::string compare;   // --compare swipe|changes|split
    double swipe = 0.5;
    bool envelopes = false;   // --envelopes
    int tile = 4096;
    int repeat = 1;
};

bool endsWith(const std::string& s, const std::string& suffix) {
    if (s.size() < suffix.size()) return false;
    for (std::size_t i = 0; i < suffix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(s[s.size() - suffix.size() + i])) != suffix[i]) return false;
    return true;
}

// "WxH" with both sides 16..8192; anything else is a usage error with the reason.
std::string checkSize(const std::string& text) {
    std::smatch m;
    static const std::regex pattern("^([0-9]{1,5})[xX]([0-9]{1,5})$");
    if (!std::regex_match(text, m, pattern)) return "expected WIDTHxHEIGHT in pixels, e.g. 1920x1080, got '" + text + "'";
    int w = std::stoi(m[1]), h = std::stoi(m[2]);
    if (w < 16 || h < 16 || w > kMaxSide || h > kMaxSide)
        return "each side must be between 16 and " + std::to_string(kMaxSide) + " pixels, got '" + text + "'";
    return "";
}

std::string describe(const Scene& scene, const FeatureRef& ref) {
    const geo::LoadedLayer& layer = scene.data().layers[static_cast<std::size_t>(ref.layer)];
    const geo::Feature& f = layer.data.features[ref.feature];
    std::string line = "layer=" + layer.spec.name + " feature=" + std::to_string(ref.feature) + " fid=" + std::to_string(f.fid);
    if (!layer.spec.label.empty()) line += " label=" + geo::toString(layer.data.value(f, layer.spec.label));
    if (layer.models) {   // the tile (or model file) and the name its file gives it
        line += " tile=" + geo::toString(layer.data.value(f, "name"));
        const std::string node = scene.modelNodeName(static_cast<std::size_t>(ref.layer), ref.feature);
        if (!node.empty()) line += " node=" + node;
    }
    return line;
}

// `--tour NAME`: the fly-through as frames (--frames DIR) and/or a video (-o OUT.mp4).
// The project to draw, as --lang, --layer and --from-gcj02 say.
geo::Project openRenderProject(const RenderArguments& args, const CommandContext& context) {
    geo::Project project = geo::openProject(projectLocation(args.location, context), args.layer);
    applyLanguageOption(args.language, project);   // the project's language unless --lang says otherwise
    applyFromGcj02Option(args.fromGcj02, project);
    return project;
}

// The image's size (--size, already checked) and tiling (--tile).
RenderSettings sizedSettings(const RenderArguments& args) {
    RenderSettings settings;
    std::string size = args.size;
    std::replace(size.begin(), size.end(), 'X', 'x');
    std::sscanf(size.c_str(), "%dx%d", &settings.width, &settings.height);
    settings.maxTile = args.tile;
    return settings;
}

// `--compare`: the project's [compare] layers drawn together in every frame, as a swipe, by change or
// side by side.
void showCompare(const RenderArguments& args, const geo::ProjectData& data, ViewRenderer& renderer) {
    if (args.compare.empty()) return;
    geo::MapView view = renderer.scene().shown();
    view.compare = geo::projectCompareView(data, geo::compareModeNamed(args.compare).value_or(geo::CompareMode::Swipe),
                                           static_cast<float>(args.swipe));
    renderer.show(view);
}

// `--envelopes`: the height-limit envelopes of the project's checks in every frame, whatever the views say.
void showEnvelopes(const RenderArguments& args, const geo::ProjectData& data, ViewRenderer& renderer) {
    if (!args.envelopes) return;
    geo::EnvelopeView envelopes;
    try {
        const auto start = std::chrono::steady_clock::now();
        envelopes = geo::projectEnvelopeView(data);
        geo::log().debug("--envelopes: the checks and their envelopes in {:.0f} ms",
                         std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    } catch (const geo::InputError& e) {
        throw geo::InputError(data.project.path + ": --envelopes: " + e.what());
    }
    if (envelopes.boxes.empty())
        geo::log().warn("--envelopes: no parcel of layer '{}' has a height limit: there is no envelope to draw",
                        data.layers[static_cast<std::size_t>(envelopes.layer)].spec.name);
    renderer.setEnvelopesOverride(envelopes);
}

// `--sun`: the sun of every frame, its zone by default the scene's (UTC+8 in China); none when not given.
std::optional<geo::SunTime> sunOption(const RenderArguments& args, const geo::ProjectData& data) {
    if (args.sun.empty()) return std::nullopt;
    try {
        return geo::parseSunTime(args.sun, geo::projectUtcOffset(data));
    } catch (const geo::InputError& e) {
        throw geo::InputError(std::string("--sun: ") + e.what());
    }
}

int runTour(const RenderArguments& args, const CommandContext& context, RenderSettings settings) {
    const bool video = !args.output.empty();
    std::string ffmpeg;
    if (video) {
        ffmpeg = findFfmpeg();
        if (ffmpeg.empty()) {
            std::cerr << "planview render: -o " << args.output
                      << ": cannot encode a video: the ffmpeg command is not installed (Debian package ffmpeg); "
                         "--frames DIR writes the PNG frames without it\n";
            return ExitOutput;
        }
        checkWritable(args.output);
    }
    geo::Project project = openRenderProject(args, context);
    const geo::Tour* found = project.tour(args.tour);
    if (!found) {
        std::string names;
        for (const geo::Tour& t : project.tours) names += (names.empty() ? "" : ", ") + t.name;
        throw geo::InputError("no tour named '" + args.tour + "' in " + project.path +
                              (names.empty() ? " (it has none)" : " (tours: " + names + ")"));
    }
    const geo::Tour tour = *found;
    geo::ProjectData data = geo::loadProjectData(project, nullptr, terminalProgress(), true);

    settings.present = true;
    std::unique_ptr<PrivateXServer> xserver;
    if (!hasDisplay()) xserver = PrivateXServer::start();
    ViewRenderer renderer(data, context.executablePath, settings);
    renderer.setSunOverride(sunOption(args, data));
    showCompare(args, data, renderer);
    showEnvelopes(args, data, renderer);
    TourTimeline timeline = tourTimeline(tour, data.project, renderer, args.fps);

    // Without --frames the frames go to a folder beside the video, removed afterwards.
    namespace fs = std::filesystem;
    std::string folder = args.frames;
    bool temporary = false;
    if (folder.empty()) {
        fs::path target(args.output);
        folder = (target.parent_path() / ("." + target.filename().string() + ".frames-" + std::to_string(::getpid()))).string();
        temporary = true;
    }
    struct Cleanup {
        std::string folder;
        ~Cleanup() {
            std::error_code ec;
            if (!folder.empty()) fs::remove_all(folder, ec);
        }
    } cleanup{temporary ? folder : ""};

    const auto start = std::chrono::steady_clock::now();
    writeTourFrames(renderer, tour, timeline, folder, [&](std::size_t done, std::size_t total) {
        if (args.stats && (done == total || done % 25 == 0)) std::fprintf(stderr, "frame %zu/%zu\n", done, total);
    });
    const double renderSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!temporary) std::cout << folder << '\n';
    if (video) {
        encodeMp4(ffmpeg, folder, timeline.frameCount(), args.fps, args.output);
        std::cout << args.output << '\n';
    }
    if (args.stats) {
        std::printf("tour: %s\n", tour.name.c_str());
        std::printf("stops: %zu\n", tour.stops.size());
        std::printf("seconds: %g\n", tour.seconds());
        std::printf("fps: %g\n", args.fps);
        std::printf("frames: %zu\n", timeline.frameCount());
        std::printf("size: %dx%d\n", settings.width, settings.height);
        std::printf("render s: %.1f\n", renderSeconds);
    }
    return ExitOk;
}

int run(const RenderArguments& args, const CommandContext& context) {
    applyLanguageOption(args.language);
    if (!args.tour.empty()) {
        if (args.frames.empty() && args.output.empty()) {
            std::cerr << "planview render: --tour needs --frames DIR (PNG frames) and/or -o OUT.mp4 (a video)\n";
            return ExitUsage;
        }
        if (!args.output.empty() && !endsWith(args.output, ".mp4")) {
            std::cerr << "planview render: -o " << args.output << ": with --tour the output is a video ending in .mp4\n";
            return ExitUsage;
        }
        if (args.ortho) {
            std::cerr << "planview render: --tour flies in perspective; leave out --ortho\n";
            return ExitUsage;
        }
    } else if (args.output.empty()) {
        std::cerr << "planview render: -o OUT is required (a .png, .tif or .tiff; or --tour NAME with --frames DIR or -o OUT.mp4)\n";
        return ExitUsage;
    } else if (!args.frames.empty()) {
        std::cerr << "planview render: --frames needs --tour NAME\n";
        return ExitUsage;
    }
    if (args.tour.empty() && endsWith(args.output, ".mp4")) {
        std::cerr << "planview render: -o " << args.output << ": a video needs --tour NAME\n";
        return ExitUsage;
    }
    if (!args.sun.empty()) {   // a bad --sun fails before the data is read
        try {
            geo::parseSunTime(args.sun, 8);
        } catch (const geo::InputError& e) {
            throw geo::InputError(std::string("--sun: ") + e.what());
        }
    }
    if (!args.tour.empty()) {
        RenderSettings settings = sizedSettings(args);
        settings.labels = !args.noLabels;
        return runTour(args, context, settings);
    }
    const bool geoTiff = endsWith(args.output, ".tif") || endsWith(args.output, ".tiff");
    if (!geoTiff && !endsWith(args.output, ".png")) {
        std::cerr << "planview render: -o " << args.output << ": the output must end in .png, .tif or .tiff\n";
        return ExitUsage;
    }
    if (geoTiff && (args.view != "top" || !args.ortho)) {
        std::cerr << "planview render: a GeoTIFF needs --view top --ortho (so that its pixels map to the ground)\n";
        return ExitUsage;
    }
    if (geoTiff && args.compare == "split") {
        std::cerr << "planview render: --compare split draws two maps side by side, which a GeoTIFF cannot map to the "
                     "ground: write a .png\n";
        return ExitUsage;
    }
    static const std::regex pickPattern("^([0-9]+(\\.[0-9]*)?),([0-9]+(\\.[0-9]*)?)$");
    std::vector<std::pair<double, double>> picks;
    for (const std::string& pick : args.picks) {
        std::smatch m;
        if (!std::regex_match(pick, m, pickPattern)) {
            std::cerr << "planview render: --pick: expected X,Y in pixels from the top-left corner, got '" << pick << "'\n";
            return ExitUsage;
        }
        picks.emplace_back(std::stod(m[1]), std::stod(m[3]));
    }
    checkWritable(args.output);

    geo::Project project = openRenderProject(args, context);
    checkViewName(project, args.view);
    geo::ProjectData data = geo::loadProjectData(project, nullptr, {}, true);

    RenderSettings settings = sizedSettings(args);
    if (geoTiff) {
        // The map image, drawn as `planview export … -o x.tif` draws it.
        RenderSettings map = mapImageSettings(settings.width, settings.height);
        map.maxTile = settings.maxTile;
        settings = map;
    } else {
        settings.ortho = args.ortho;
        settings.ui = !args.hideUi;
        settings.present = args.present && !args.hideUi;
        settings.labels = !args.noLabels;
    }
    // Declared before the renderer, so the X server outlives the GL context drawn on it.
    std::unique_ptr<PrivateXServer> xserver;
    if (!hasDisplay()) xserver = PrivateXServer::start();
    ViewRenderer renderer(data, context.executablePath, settings);
    renderer.setSunOverride(sunOption(args, data));
    showCompare(args, data, renderer);
    showEnvelopes(args, data, renderer);
    RenderedView view = renderer.render(args.view);
    // Further frames of the same view: the first pays for uploads, glyph rasterizing and compiling.
    double steadyMs = 0;
    for (int i = 1; i < args.repeat; ++i) {
        RenderedView again = renderer.render(args.view);
        steadyMs += again.report.milliseconds / (args.repeat - 1);
    }

    if (geoTiff) {
        writeViewGeoTiff(args.output, view, data.frame);
    } else {
        writePng(args.output, view.image);
    }
    std::cout << args.output << '\n';

    if (args.stats) {
        const Scene& scene = renderer.scene();
        std::printf("size: %dx%d\n", settings.width, settings.height);
        std::printf("tiles: %d\n", view.report.tiles);
        std::printf("frame ms: %.1f\n", view.report.milliseconds);
        if (args.repeat > 1) std::printf("steady frame ms: %.1f\n", steadyMs);
        std::printf("draw calls: %d\n", view.report.drawCalls);
        std::printf("labels: %zu shown of %zu\n", scene.labels()->shownCount(), scene.labels()->labelCount());
        for (std::size_t i = 0; i < scene.layerCount(); ++i) {
            const geo::LoadedLayer& layer = data.layers[i];
            if (layer.streamed()) {
                // Streamed: what this view loaded of it (full detail near, the massing of the rest).
                const TileStreamer::Counts c = scene.streamer()->layerCounts(i);
                std::printf("layer %s: %lld features streamed in %zu tiles (%zu in full: %zu features; %zu coarse), %d draw calls\n",
                            layer.spec.name.c_str(), layer.stream->featureCount, c.tiles, c.full, c.fullFeatures, c.coarse,
                            scene.layerDrawCalls(i));
                continue;
            }
            std::printf("layer %s: %zu features, %d draw calls%s\n", layer.spec.name.c_str(), layer.data.features.size(),
                        scene.layerDrawCalls(i), layer.available() ? "" : " (unavailable)");
        }
    }
    for (std::size_t i = 0; i < picks.size(); ++i) {
        auto [x, y] = picks[i];
        // Pixel (x, y) from the top-left; the picker counts from the bottom-left at pixel centres.
        auto hit = pickFeature(renderer.scene(), view.view, drawnProjection(renderer.scene(), view.projection, x + 0.5, settings.width),
                               settings.width, settings.height, x + 0.5,
                               settings.height - (y + 0.5));
        std::cout << "pick " << args.picks[i] << ": " << (hit ? describe(renderer.scene(), hit->feature) : "none") << '\n';
    }
    return ExitOk;
}

}  // namespace

CommandRunner addRenderCommand(CLI::App& app, const CommandContext& context) {
    auto args = std::make_shared<RenderArguments>();
    CLI::App* cmd = app.add_subcommand("render", "Render a view of a project offscreen to a PNG, or to a GeoTIFF for --view top --ortho; or a tour (--tour) to frames or an MP4");
    cmd->add_option("project", args->location, "Project file (.toml) or data source; default: the embedded Shangcheng project");
    cmd->add_option("--layer", args->layer, "Render only this layer");
    cmd->add_option("-o,--output", args->output,
                    "Output image: .png, or .tif/.tiff (GeoTIFF, needs --view top --ortho); with --tour, a video .mp4 (needs ffmpeg)");
    cmd->add_option("--size", args->size, "Image size in pixels, WIDTHxHEIGHT, each side 16..8192")
        ->capture_default_str()
        ->check(CLI::Validator([](std::string& s) { return checkSize(s); }, "WIDTHxHEIGHT", "size"));
    cmd->add_option("--view", args->view, "home, top or the name of a bookmark")->capture_default_str();
    cmd->add_flag("--ortho", args->ortho, "Orthographic projection");
    cmd->add_flag("--hide-ui", args->hideUi, "Leave out the panels, status line and north arrow");
    cmd->add_flag("--present", args->present,
                  "Draw the presentation overlay (title, legend, north arrow, scale bar, attribution) at a size "
                  "proportional to the image, instead of the panels");
    cmd->add_option("--tour", args->tour, "Render this tour of the project (presentation overlay, captions) as frames or a video");
    cmd->add_option("--fps", args->fps, "Frames per second of a tour")->capture_default_str()->check(CLI::Range(1.0, 120.0));
    cmd->add_option("--frames", args->frames, "Folder for a tour's numbered PNG frames (frame_00000.png, …); created when missing");
    cmd->add_option("--sun", args->sun,
                    "Light the scene by the sun at this local date and time, with cast shadows: \"2020-01-20 10:00\" "
                    "(the scene's time zone, UTC+8 in China) or with a zone, \"2020-01-20 10:00 UTC+8\"; "
                    "overrides the view's own sun");
    addFromGcj02Option(*cmd, args->fromGcj02);
    cmd->add_option("--compare", args->compare,
                    "Draw the project's [compare] layers together: swipe (before left of a line, after right of it), "
                    "changes (coloured added, removed, changed, unchanged) or split (two views side by side, before "
                    "left, after right)")
        ->check(CLI::IsMember({"swipe", "changes", "split"}));
    cmd->add_option("--swipe", args->swipe, "Where the swipe's line crosses the image, a share of its width from the left")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 1.0));
    cmd->add_flag("--envelopes", args->envelopes,
                  "Draw the height-limit envelopes (控规盒子) of the project's checks: a translucent box at each "
                  "parcel's height limit, its setback applied, that a taller building pierces");
    cmd->add_flag("--stats", args->stats, "Print frame time, draw calls and per-layer draw calls");
    cmd->add_option("--pick", args->picks, "Print the feature drawn at pixel X,Y (from the top-left); repeatable")
        ->allow_extra_args(false);
    cmd->add_flag("--no-labels", args->noLabels, "Leave out the feature labels")->group("");
    addLanguageOption(*cmd, args->language);
    cmd->add_option("--repeat", args->repeat, "Render the view this many times (timing)")->check(CLI::Range(1, 1000))->group("");
    cmd->add_option("--max-tile", args->tile, "Largest tile side in pixels (tiles beyond the pbuffer limit)")
        ->check(CLI::Range(64, 4096))
        ->group("");
    return [args, context] { return run(*args, context); };
}

}  // namespace planview
