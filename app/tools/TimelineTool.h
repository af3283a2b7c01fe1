// The timeline's tool: the date the map's dated layer is coloured by status on (MapView::date),
// and playing the dates through.
#pragma once
#include "app/tools/MapModel.h"
#include "app/ui/ToolCommands.h"

namespace planview {

class TimelineTool : public TimelineCommands {
public:
    explicit TimelineTool(MapModel& map) : map_(map) {}

    void setTimelineActive(bool active) override;
    void setTimelineDate(geo::Date date) override;
    void setTimelinePlaying(bool playing) override;

    /// Advances a playing timeline by `seconds` of its 12-second run; true while it plays.
    bool tick(double seconds);

private:
    MapModel& map_;
};

}  // namespace planview
