// Styles as the viewer applies them: per-feature colours, restyling a layer by another field, and the
// legend of a style. Plain data over geo/ (no OSG), shared by the scene and the UI panels.
#pragma once
#include <cstddef>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>
#include "geo/ProjectData.h"

namespace planview {

/// Feature colours are geo's (geo/Style.h), shared with the exports.
using geo::featureColor;
using geo::featureColors;

/// The style for drawing `layer` coloured by `field`: the project's own style when `field` is its
/// field (or ""); the GB 50137 land-use palette when the field is land-use-like or its values are
/// land-use codes; otherwise a qualitative palette over the field's most frequent values.
geo::LayerStyle styleForField(const geo::LoadedLayer& layer, const std::string& field);

/// Whether `style` colours by GB 50137 land-use codes (so the legend can name each class).
bool isLandUseStyle(const geo::LayerStyle& style, const geo::FeatureLayer& layer);

struct LegendEntry {
    std::string value;        ///< the attribute value as text ("" for the default colour)
    geo::Color color;
    std::size_t count = 0;    ///< features with this value
    /// The words for the value: the style's label (`labels`), else the GB 50137 class name where the
    /// value is a land-use code, else "".
    std::string meaningZh;
    std::string meaningEn;    ///< the same for an English UI (`labels_en`, else `labels`, else the class name)
    bool isCode = false;      ///< a land-use code: planners read the code, so it stays beside its meaning
};

/// An entry as legends show it: "R2 二类居住用地" for a land-use code, the words alone for a labelled
/// value ("运河"), else the value itself.
std::string legendText(const LegendEntry& entry, bool chinese);

/// A value of `field` as the inspector shows it: for the field `style` colours by, its words first
/// and the raw value after, which filter expressions name ("运河（canal）"; a land-use code as
/// "R2 二类居住用地"); any other value as it is.
std::string attributeText(const geo::LayerStyle& style, const std::string& field, const std::string& value, bool chinese);

/// The inspector's rows of a feature whose status the source does not state but infers
/// (`status_source` = "inferred", as the sample's projects): its `status` row says so,
/// "规划（planned）（推断）" / "Planned (planned) (inferred)". Other rows, and other features, stay as they are.
void markInferredStatus(std::vector<std::pair<std::string, std::string>>& attributes, bool chinese);

/// Values of a field and how many features have each, most frequent first (then by value).
using ValueCounts = std::vector<std::pair<std::string, std::size_t>>;
ValueCounts valueCounts(const geo::FeatureLayer& layer, const std::string& field);
ValueCounts sortedCounts(const std::unordered_map<std::string, std::size_t>& counts);

/// The values of `style.by` present in `layer`, most frequent first (at most `maxEntries`; the rest
/// are summed into a last entry with value "…"). A style without a field gives one entry.
std::vector<LegendEntry> legendEntries(const geo::LayerStyle& style, const geo::FeatureLayer& layer,
                                       std::size_t maxEntries = 24);

/// The same from counts of the values of `style.by` (a streamed layer's, summed over its tiles).
std::vector<LegendEntry> legendEntries(const geo::LayerStyle& style, const ValueCounts& counts, std::size_t maxEntries = 24);

/// Attribute fields a layer can be coloured by (text and integer fields).
std::vector<std::string> styleableFields(const geo::FeatureLayer& layer);

}  // namespace planview
