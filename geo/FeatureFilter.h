// Which features of a loaded layer are shown: by category of a field (checkboxes) and by an OGR SQL
// WHERE expression, evaluated exactly as `ogrinfo -where` evaluates it on the source. Plain state with
// no display, so the viewer's filter panel and the tests drive the same object.
#pragma once
#include <memory>
#include <set>
#include <string>
#include <vector>
#include "geo/Feature.h"

namespace geo {

/// The distinct values of `field` in the layer ("" for NULL) with their feature counts, most
/// frequent first (ties by value). Throws InputError when the field does not exist.
struct CategoryCount {
    std::string value;
    std::size_t count = 0;
};
std::vector<CategoryCount> categoryCounts(const FeatureLayer& layer, const std::string& field);

/// Evaluates OGR SQL WHERE expressions over a layer's attributes. Built once per layer (it copies the
/// attributes into an in-memory GDAL layer with the same field names and types), then queried:
/// about 0.1 s to build and 0.03–0.12 s a query on 200,000 features. Results are those of OGR's own
/// SQL, i.e. `ogrinfo -where` on Shapefile, GeoJSON, FlatGeobuf …; on a GeoPackage or a database
/// ogrinfo hands the expression to SQLite or the server instead, which agrees on comparisons, IN,
/// BETWEEN, IS NULL, arithmetic and Chinese literals but not on LIKE's case: OGR SQL's LIKE is
/// case-sensitive (ILIKE is not), SQLite's ignores ASCII case.
/// Not thread-safe: matches() sets the memory layer's filter.
class AttributeQuery {
public:
    explicit AttributeQuery(const FeatureLayer& layer);
    ~AttributeQuery();
    AttributeQuery(const AttributeQuery&) = delete;
    AttributeQuery& operator=(const AttributeQuery&) = delete;

    /// One flag per feature of the layer (in layer order): whether it matches. An empty expression
    /// matches everything. Throws InputError carrying GDAL's message when the expression is invalid.
    std::vector<bool> matches(const std::string& where) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

enum class FilterMode { Hide, Grey };

/// A layer's filter: hidden categories of one field plus a WHERE expression; a feature is shown when
/// its category is not hidden and it matches the expression. It refers to `layer`, which must outlive it.
class LayerFilter {
public:
    explicit LayerFilter(const FeatureLayer& layer);

    const std::string& categoryField() const { return field_; }
    /// Chooses the field whose categories the checkboxes list (clears hidden categories).
    void setCategoryField(const std::string& field);
    const std::vector<CategoryCount>& categories() const { return categories_; }
    void setCategoryShown(const std::string& value, bool shown);
    bool categoryShown(const std::string& value) const { return hidden_.count(value) == 0; }
    void showAllCategories();

    const std::string& where() const { return where_; }
    /// Applies an expression; on an invalid one throws InputError and keeps the previous expression.
    void setWhere(const std::string& where);

    FilterMode mode = FilterMode::Hide;

    /// Whether any condition is active.
    bool active() const { return !hidden_.empty() || !where_.empty(); }
    /// One flag per feature: shown or not. Recomputed after each change.
    const std::vector<bool>& shown() const { return shown_; }
    std::size_t shownCount() const { return shownCount_; }

private:
    void recompute();
    const FeatureLayer& layer_;
    std::shared_ptr<AttributeQuery> query_;   // made on the first WHERE expression
    std::string field_, where_;
    std::vector<CategoryCount> categories_;
    std::set<std::string> hidden_;
    std::vector<bool> whereMatches_, shown_;
    std::size_t shownCount_ = 0;
};

}  // namespace geo
