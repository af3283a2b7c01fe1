// The filter panel's tool: which features of a layer are shown, by category and by an OGR SQL
// expression (geo::FilterSpec in the map view; the scene evaluates it).
#pragma once
#include "app/tools/InspectorTool.h"
#include "app/tools/MapModel.h"
#include "app/ui/ToolCommands.h"

namespace planview {

class FilterTool : public FilterCommands {
public:
    /// Chooses the first parcel layer to filter (else the first available one).
    FilterTool(MapModel& map, InspectorTool& inspector);

    void setFilterLayer(std::size_t layer) override;
    void setFilterCategoryField(std::size_t layer, const std::string& field) override;
    void setCategoryShown(std::size_t layer, const std::string& value, bool shown) override;
    void setAllCategoriesShown(std::size_t layer, bool shown) override;
    void applyWhere(std::size_t layer, const std::string& where) override;
    void setFilterMode(std::size_t layer, geo::FilterMode mode) override;

    /// The OGR SQL condition selecting what the map shows of `layer` (the layer's own `where` and
    /// its filter), "" when everything is shown: what an export of the filtered layer passes to GDAL.
    std::string shownCondition(std::size_t layer) const;

private:
    /// Shows the layer filtered by `filter`; false (the filter left as it was, the panel told why)
    /// when GDAL refuses its expression.
    bool show(std::size_t layer, const geo::FilterSpec& filter);

    MapModel& map_;
    InspectorTool& inspector_;
};

/// The first available layer of `kind` that holds its features (not streamed), else `fallback`.
std::size_t firstLayerOfKind(const geo::ProjectData& data, geo::LayerKind kind, std::size_t fallback);

}  // namespace planview
