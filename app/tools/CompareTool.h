// The compare panel's tool (方案比选): the project's [compare] layers — two versions of one plan —
// matched feature by feature (geo/Compare) with their indicators (geo/CompareIndicators), and drawn
// together on the map as a swipe or coloured by change (geo::MapView::compare).
#pragma once
#include "app/tools/MapModel.h"
#include "app/ui/ToolCommands.h"

namespace planview {

class CompareTool : public CompareCommands {
public:
    explicit CompareTool(MapModel& map) : map_(map) {}

    void runCompare() override;
    void setCompareMode(std::optional<geo::CompareMode> mode) override;
    void setSwipe(float share) override;
    void selectPair(const std::string& name) override;

private:
    MapModel& map_;
};

}  // namespace planview
