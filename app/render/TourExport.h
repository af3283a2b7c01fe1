// Tours as frames: the timing of a tour at a frame rate (which stop, flying or holding, and the
// camera pose of every frame) and writing the fly-through as numbered PNG frames. The camera moves
// along interpolatePose, as the viewer's fly-to does.
#pragma once
#include <cstddef>
#include <functional>
#include <string>
#include <vector>
#include "app/scene/CameraViews.h"
#include <optional>
#include "geo/Project.h"
#include "geo/ProjectData.h"
#include "geo/SunView.h"

namespace planview {

class ViewRenderer;

/// One frame of a tour.
struct TourFrame {
    CameraPose pose;
    std::size_t stop = 0;          ///< index of the stop flown to or held
    bool flying = false;           ///< on the way to the stop (else holding it)
    double secondsHeld = 0;        ///< while holding: seconds since arrival, at this frame
    double flightFraction = 1;     ///< how far along the flight to the stop (1 once arrived)
};

/// A tour's frames at `fps`. Frame i shows the tour at i / fps seconds. Each segment (a stop's
/// flight, then its dwell) ends at frame round(seconds to its end × fps), so the whole tour has
/// round(tour.seconds() × fps) frames and a segment's length never drifts by more than half a frame.
class TourTimeline {
public:
    /// `stops`: each stop's pose (its bookmark's view), parallel to tour.stops; `start`: where the
    /// first flight starts (the home view).
    TourTimeline(const geo::Tour& tour, std::vector<CameraPose> stops, const CameraPose& start, double fps);

    std::size_t frameCount() const { return boundaries_.empty() ? 0 : boundaries_.back(); }
    double fps() const { return fps_; }
    TourFrame frame(std::size_t index) const;

private:
    geo::Tour tour_;
    std::vector<CameraPose> stops_;
    CameraPose start_;
    double fps_;
    std::vector<std::size_t> boundaries_;   // end frame of segment j: 2k = flight to stop k, 2k+1 = its dwell
};

/// The poses of a tour's stops in `renderer`'s scene frame, and its starting pose (home).
TourTimeline tourTimeline(const geo::Tour& tour, const geo::Project& project, const ViewRenderer& renderer, double fps);

/// The name of frame `index` in a frames folder: frame_00000.png, frame_00001.png, …
std::string tourFrameName(std::size_t index);

/// Renders every frame of `timeline` with `renderer` (made with settings.present) into `folder`
/// (created when missing) as tourFrameName(i), with the stop's caption faded in at each arrival
/// and its sun (the stop's own, else its bookmark's; kept from the stop before when neither sets one)
/// from the flight to it on, unless the renderer has a sun override (`--sun`);
/// numbered frames beyond the last, left by an earlier and longer export, are removed.
/// `progress` (may be empty) hears each frame written. Throws geo::OutputError when a frame cannot
/// be written.
/// The sun a tour stop sets: its own `sun`, else its bookmark's; none when neither has one. Throws
/// geo::InputError naming the tour stop or bookmark for a sun it cannot read.
std::optional<geo::SunTime> tourStopSun(const geo::TourStop& stop, const geo::ProjectData& data);

void writeTourFrames(ViewRenderer& renderer, const geo::Tour& tour, const TourTimeline& timeline, const std::string& folder,
                     const std::function<void(std::size_t done, std::size_t total)>& progress = {});

/// The ffmpeg command on $PATH, or "" when it is not installed.
std::string findFfmpeg();

/// Encodes the frames of `folder` (tourFrameName, `frames` of them) at `fps` into the MP4 `output`
/// (H.264, yuv420p; written beside it, then renamed over it). Throws geo::OutputError with
/// ffmpeg's last message when it fails.
void encodeMp4(const std::string& ffmpeg, const std::string& folder, std::size_t frames, double fps, const std::string& output);

}  // namespace planview
