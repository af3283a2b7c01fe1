// The search panel's tool: features found by name, code or address across the project's layers.
#pragma once
#include <memory>
#include "app/tools/MapModel.h"
#include "app/ui/ToolCommands.h"

namespace planview {

class SearchTool : public SearchCommands {
public:
    explicit SearchTool(MapModel& map) : map_(map) {}

    void search(const std::string& query) override;
    /// The index is made again on the next search (a layer has been read since).
    void forgetIndex() { index_.reset(); }

private:
    MapModel& map_;
    std::unique_ptr<geo::SearchIndex> index_;   // built on the first search
};

}  // namespace planview
