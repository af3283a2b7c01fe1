// The checks panel's tool (控规检查): the project's parcels against their limits (geo/Checks), with
// the project's [check] settings and [[rule]] tables.
#pragma once
#include "app/tools/MapModel.h"
#include "app/ui/ToolCommands.h"

namespace planview {

class CheckTool : public CheckCommands {
public:
    explicit CheckTool(MapModel& map) : map_(map) {}

    /// Checks the [check] layer (else the first parcels layer) with the buildings, green and zones
    /// layers the settings name; a layer that is unavailable or streamed is the panel's error.
    void runChecks() override;
    void setTint(bool on) override;
    /// The height-limit envelopes of the checked parcels on the map (none before a check succeeds).
    void setEnvelopes(bool on) override;

private:
    MapModel& map_;
};

}  // namespace planview
