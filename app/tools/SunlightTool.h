// The 日照分析 of the sun panel: the sunlit minutes of the window-sill points of chosen buildings (and,
// as an option, of a grid on the ground around them) on the panel's date, counted as `planview
// sunlight` counts them (geo/SunlightJob over the data the viewer has loaded, Embree on every core),
// on a worker thread with progress and cancel; then the points coloured by their hours on the map,
// the floors that fail the threshold, and a clicked point's minutes and periods for the inspector.
#pragma once
#include <cstddef>
#include <memory>
#include <vector>
#include "app/tools/InspectorTool.h"
#include "app/tools/MapModel.h"
#include "app/ui/ToolCommands.h"

namespace planview {

class SunlightTool : public SunlightCommands {
public:
    SunlightTool(MapModel& map, InspectorTool& inspector);
    ~SunlightTool() override;   // cancels a run under way and waits for it
    SunlightTool(const SunlightTool&) = delete;
    SunlightTool& operator=(const SunlightTool&) = delete;

    void runSunlight() override;
    void cancelSunlight() override;
    void clearSunlight() override;
    void setSunlightMarksShown(bool shown) override;
    void flyToSunlightFailure(std::size_t row) override;

    /// Takes a finished run's result into the panel's state and onto the map; starts the run asked for
    /// by --open sunlight once the window has a view. True while a run is under way.
    bool tick();
    bool busy() const;
    /// Blocks until the run under way ends, then takes its result (tests, and --screenshot).
    void wait();

    /// The point drawn nearest pixel (x, y) of the last frame (origin bottom-left), within `pixels` and
    /// not farther from the eye than `maxDistance` metres (what a pick of the scene hit: a point behind
    /// a building is hidden): it becomes the picked point, else the pick is cleared. True when picked.
    bool pickPoint(double x, double y, double maxDistance, double pixels = 8);
    /// Picks the point `index` of the result (its building selected in the inspector).
    void pickIndex(std::size_t index);

    /// The layers the analysis can count: extruded buildings, available and not streamed.
    static std::vector<std::size_t> analysableLayers(const geo::ProjectData& data);
    /// Where a point is drawn: just off its facade (or above the ground), so it is seen and not hidden
    /// by the wall it belongs to, lifted by its base (the terrain it stands on). Scene metres.
    static geo::SunVec3 markPosition(const geo::SunlightPoint& point);

private:
    struct Run;
    void take(Run& run);
    void showMarks();
    std::vector<bool> chosenBuildings(std::size_t layer);

    MapModel& map_;
    InspectorTool& inspector_;
    std::unique_ptr<Run> run_;
};

}  // namespace planview
