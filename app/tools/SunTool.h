// The sun's tool: the sun lighting the map (MapView::sun, with cast shadows) at the panel's date and
// clock time, the solar-term presets the sunlight standards count on (大寒, 冬至, …), and playing
// the clock through the day.
#pragma once
#include "app/tools/MapModel.h"
#include "app/ui/ToolCommands.h"

namespace planview {

class SunTool : public SunCommands {
public:
    explicit SunTool(MapModel& map) : map_(map) {}

    void setSunActive(bool active) override;
    void setSunDate(const geo::CivilDate& date) override;
    void setSunClock(double hours) override;
    void setSunPlaying(bool playing) override;

    /// Advances a playing clock by `seconds` (an hour of the day a second, from sunrise to sunset's
    /// side of the day: 5:00 to 20:00); true while it plays.
    bool tick(double seconds);

private:
    void showPanelSun();
    MapModel& map_;
};

}  // namespace planview
