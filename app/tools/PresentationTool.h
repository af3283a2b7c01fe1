// The presentation's tool: presentation mode, playing a tour stop by stop (each stop a bookmark's
// map view and camera, its caption fading in), the overlay's content, and high-resolution stills.
#pragma once
#include <optional>
#include "app/tools/BookmarkTool.h"
#include "app/tools/MapModel.h"
#include "app/ui/PresentationOverlay.h"
#include "app/ui/ToolCommands.h"

namespace planview {

class PresentationTool : public PresentationCommands {
public:
    PresentationTool(MapModel& map, BookmarkTool& bookmarks);

    void setPresenting(bool presenting) override;
    void startTour(std::size_t tour) override;
    void nextStop() override;
    void previousStop() override;
    void setTourPlaying(bool playing) override;
    void renderStill() override;

    /// What the presentation overlay shows now (title, caption, legend, scale, date, attribution).
    PresentationContent content();
    /// The overlay's fixed part is made again when next shown (after a language switch).
    void forgetContent() { fixed_.reset(); }

    /// Advances the tour by `seconds`: the stop's caption fades in, a playing tour moves on after
    /// each stop's dwell. True while something moves.
    bool tick(double seconds);

private:
    void goToStop(int stop);
    /// The sun a stop shows (its own, else its bookmark's), or none.
    std::optional<geo::SunTime> stopSun(int stop) const;

    MapModel& map_;
    BookmarkTool& bookmarks_;
    std::optional<PresentationContent> fixed_;   // made once (its attribution opens the sources)
};

}  // namespace planview
