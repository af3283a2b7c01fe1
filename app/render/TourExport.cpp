#include "app/render/TourExport.h"
#include "app/scene/Scene.h"
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>
#include "app/render/ImageWriter.h"
#include "app/render/ViewRenderer.h"
#include "geo/Errors.h"
#include "geo/ProjectChecks.h"
#include "geo/ProjectCompare.h"
#include "geo/Log.h"

namespace fs = std::filesystem;

namespace planview {

namespace {

// Seconds a caption takes to fade in after the camera arrives.
constexpr double kCaptionFade = 0.4;

std::string shellQuote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

}  // namespace

TourTimeline::TourTimeline(const geo::Tour& tour, std::vector<CameraPose> stops, const CameraPose& start, double fps)
    : tour_(tour), stops_(std::move(stops)), start_(start), fps_(fps) {
    double seconds = 0;
    for (const geo::TourStop& stop : tour_.stops) {
        for (double segment : {stop.flight, stop.dwell}) {
            seconds += segment;
            boundaries_.push_back(static_cast<std::size_t>(std::llround(seconds * fps_)));
        }
    }
}

TourFrame TourTimeline::frame(std::size_t index) const {
    TourFrame f;
    if (boundaries_.empty()) return f;
    index = std::min(index, frameCount() - 1);
    std::size_t segment = 0;
    while (segment + 1 < boundaries_.size() && index >= boundaries_[segment]) ++segment;
    const std::size_t begin = segment ? boundaries_[segment - 1] : 0, end = boundaries_[segment];
    f.stop = segment / 2;
    const CameraPose& to = stops_[f.stop];
    if (segment % 2 == 0) {
        // Flying: the last frame of a flight arrives; the first has already left.
        f.flying = true;
        const CameraPose& from = f.stop ? stops_[f.stop - 1] : start_;
        const double n = static_cast<double>(std::max<std::size_t>(end - begin, 1));
        f.flightFraction = static_cast<double>(index - begin + 1) / n;
        f.pose = interpolatePose(from, to, f.flightFraction);
        if (index + 1 >= end) f.flying = false;   // arrived
    } else {
        f.pose = to;
        f.secondsHeld = static_cast<double>(index - begin + 1) / fps_;
    }
    return f;
}

TourTimeline tourTimeline(const geo::Tour& tour, const geo::Project& project, const ViewRenderer& renderer, double fps) {
    std::vector<CameraPose> poses;
    for (const geo::TourStop& stop : tour.stops) {
        if (!project.bookmark(stop.bookmark))
            throw geo::InputError(project.path + ": tour '" + tour.name + "': no bookmark named '" + stop.bookmark + "'");
        poses.push_back(renderer.viewPose(stop.bookmark));
    }
    return TourTimeline(tour, std::move(poses), renderer.viewPose("home"), fps);
}

std::string tourFrameName(std::size_t index) {
    char name[32];
    std::snprintf(name, sizeof name, "frame_%05zu.png", index);
    return name;
}

std::optional<geo::SunTime> tourStopSun(const geo::TourStop& stop, const geo::ProjectData& data) {
    const geo::Bookmark* bookmark = data.project.bookmark(stop.bookmark);
    const std::string& text = !stop.sun.empty() ? stop.sun : bookmark ? bookmark->sun : stop.sun;
    if (text.empty()) return std::nullopt;
    try {
        return geo::parseSunTime(text, geo::projectUtcOffset(data));
    } catch (const geo::InputError& e) {
        throw geo::InputError(data.project.path + ": tour stop at bookmark '" + stop.bookmark + "': sun: " + e.what());
    }
}

void writeTourFrames(ViewRenderer& renderer, const geo::Tour& tour, const TourTimeline& timeline, const std::string& folder,
                     const std::function<void(std::size_t, std::size_t)>& progress) {
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec || !fs::is_directory(folder)) throw geo::OutputError(folder + ": cannot create the frames folder" + (ec ? ": " + ec.message() : ""));
    const std::size_t total = timeline.frameCount();
    const std::size_t stops = tour.stops.size();
    // Each stop's sun (its own, else its bookmark's); during a flight between two stops of one day the
    // clock sweeps from the one to the other (geo::sunBetween).
    std::vector<std::optional<geo::SunTime>> suns;
    for (const geo::TourStop& stop : tour.stops) suns.push_back(tourStopSun(stop, renderer.scene().data()));
    std::optional<geo::SunTime> shownSun;
    // Each stop's comparison (its bookmark's `compare`): none, or the two versions drawn together.
    std::vector<std::optional<geo::CompareView>> compares;
    for (const geo::TourStop& stop : tour.stops) {
        const geo::Bookmark* b = renderer.scene().data().project.bookmark(stop.bookmark);
        if (!b || b->compare.empty()) compares.emplace_back();
        else compares.push_back(geo::projectCompareView(renderer.scene().data(), geo::compareModeNamed(b->compare).value_or(geo::CompareMode::Swipe),
                                                        0.5f, b->comparePair));
    }
    // Without such a stop the tour leaves the comparison as it is (render --compare).
    const bool comparing = std::any_of(compares.begin(), compares.end(), [](const auto& c) { return c.has_value(); });
    // Each stop's height-limit envelopes (its bookmark's `envelopes`), shown from the flight to it on;
    // the project's checks run once for all of them. Without such a stop, or with render
    // --envelopes, the envelopes stay as they are.
    std::vector<bool> envelopesAt;
    for (const geo::TourStop& stop : tour.stops) {
        const geo::Bookmark* b = renderer.scene().data().project.bookmark(stop.bookmark);
        envelopesAt.push_back(b && b->envelopes);
    }
    std::optional<geo::EnvelopeView> stopEnvelopes;
    if (!renderer.envelopesOverride() && std::find(envelopesAt.begin(), envelopesAt.end(), true) != envelopesAt.end())
        stopEnvelopes = geo::projectEnvelopeView(renderer.scene().data());
    for (std::size_t i = 0; i < total; ++i) {
        TourFrame f = timeline.frame(i);
        PresentationContent& content = renderer.presentation();
        const geo::TourStop& stop = tour.stops[f.stop];
        const std::optional<geo::SunTime> before = f.stop ? suns[f.stop - 1] : std::nullopt;
        const std::optional<geo::SunTime> sun = geo::sunBetween(before, suns[f.stop], f.flightFraction);
        if (sun && sun != shownSun && !renderer.sunOverride()) {
            shownSun = sun;
            geo::MapView view = renderer.scene().shown();
            view.sun = sun;
            renderer.show(view);
        }
        // A swipe stop reveals the after version: its line sweeps across the image while the stop holds.
        std::optional<geo::CompareView> compare = f.flying ? std::nullopt : compares[f.stop];
        if (compare && compare->mode == geo::CompareMode::Swipe)
            compare->swipe = static_cast<float>(0.9 - 0.8 * std::clamp(f.secondsHeld / std::max(stop.dwell, 0.1), 0.0, 1.0));
        if (comparing && compare != renderer.scene().shown().compare) {
            geo::MapView view = renderer.scene().shown();
            view.compare = compare;
            renderer.show(view);
        }
        if (stopEnvelopes) {
            std::optional<geo::EnvelopeView> envelopes = envelopesAt[f.stop] ? stopEnvelopes : std::nullopt;
            if (envelopes.has_value() != renderer.scene().shown().envelopes.has_value()) {
                geo::MapView view = renderer.scene().shown();
                view.envelopes = std::move(envelopes);
                renderer.show(view);
            }
        }
        content.progress = std::to_string(f.stop + 1) + " / " + std::to_string(stops);
        if (f.flying) {
            content.caption.clear();
        } else {
            content.caption = stop.caption;
            content.captionAlpha = static_cast<float>(std::clamp(f.secondsHeld / kCaptionFade, 0.0, 1.0));
        }
        RenderedView view = renderer.renderPose(f.pose);
        writePng((fs::path(folder) / tourFrameName(i)).string(), view.image);
        if (progress) progress(i + 1, total);
    }
    // Frames left from a longer export into the same folder would join this one's sequence.
    for (std::size_t i = total;; ++i) {
        const fs::path stale = fs::path(folder) / tourFrameName(i);
        if (!fs::exists(stale, ec) || !fs::remove(stale, ec)) break;
    }
}

std::string findFfmpeg() {
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path ? path : "/usr/bin:/bin");
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
        if (dir.empty()) continue;
        fs::path candidate = fs::path(dir) / "ffmpeg";
        if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
    }
    return "";
}

void encodeMp4(const std::string& ffmpeg, const std::string& folder, std::size_t frames, double fps, const std::string& output) {
    const fs::path target(output);
    const fs::path partial = target.parent_path() / ("." + target.filename().string() + ".partial");
    const fs::path log = target.parent_path() / ("." + target.filename().string() + ".ffmpeg.log");
    char rate[32];
    std::snprintf(rate, sizeof rate, "%g", fps);
    // Even sides for yuv420p; H.264 as every player and projector laptop reads it.
    std::string command = shellQuote(ffmpeg) + " -nostdin -y -loglevel error -framerate " + rate + " -i " +
                          shellQuote((fs::path(folder) / "frame_%05d.png").string()) + " -frames:v " + std::to_string(frames) +
                          " -vf 'scale=trunc(iw/2)*2:trunc(ih/2)*2' -c:v libx264 -pix_fmt yuv420p -movflags +faststart -f mp4 " +
                          shellQuote(partial.string()) + " 2> " + shellQuote(log.string());
    geo::log().debug("encoding: {}", command);
    int status = std::system(command.c_str());
    std::string message;
    {
        std::ifstream in(log);
        std::string line;
        while (std::getline(in, line))
            if (!line.empty()) message = line;
    }
    std::error_code ec;
    fs::remove(log, ec);
    if (status != 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fs::remove(partial, ec);
        throw geo::OutputError(output + ": ffmpeg could not encode the frames" + (message.empty() ? "" : ": " + message));
    }
    fs::rename(partial, target, ec);
    if (ec) {
        fs::remove(partial, ec);
        throw geo::OutputError(output + ": cannot move the video into place: " + ec.message());
    }
}

}  // namespace planview
