// `planview compare`'s text outputs: the change table and the indicator table as an aligned table or
// CSV (two tables, a blank line between), or one JSON document (summary, changes, indicators).
#pragma once
#include <ostream>
#include <string>
#include <vector>
#include "geo/CompareOutput.h"

namespace planview {

/// "5 features before, 6 after, matched by plot_code: 1 added, 0 removed, 2 changed, 3 unchanged".
std::string compareSummary(const geo::CompareReport& report, const geo::ComparedLayers& layers);

/// Writes the comparison as `format` (table, csv or json); `onlyChanges` leaves the unchanged features
/// and the indicators that did not change out.
void renderComparison(std::ostream& out, const geo::CompareReport& report, const std::vector<geo::IndicatorRow>& indicators,
                      const geo::ComparedLayers& layers, const std::string& format, bool onlyChanges);

}  // namespace planview
