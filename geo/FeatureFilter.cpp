#include "geo/FeatureFilter.h"
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <algorithm>
#include <atomic>
#include <map>
#include <unordered_map>
#include "geo/Errors.h"
#include "geo/Log.h"

namespace geo {

namespace {

OGRFieldType ogrType(FieldType t) {
    switch (t) {
    case FieldType::Integer: return OFTInteger64;
    case FieldType::Real: return OFTReal;
    case FieldType::Date: return OFTDate;
    case FieldType::DateTime: return OFTDateTime;
    case FieldType::String:
    case FieldType::Other: break;
    }
    return OFTString;
}

/// GDAL's message for the failure that just happened, as one line.
std::string gdalMessage() {
    std::string text = lastGdalError();   // set when the log handler is installed
    if (text.empty()) text = CPLGetLastErrorMsg();
    for (char& c : text)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    while (!text.empty() && (text.back() == ' ' || text.back() == '.')) text.pop_back();
    return text.empty() ? "invalid expression" : text;
}

/// The GeoPackage driver reports a bad filter as "failed to prepare SQL: <its statement>"; the
/// same expression through ExecuteSQL gives SQLite's own reason ("no such column: x").
std::string sqliteReason(GDALDataset& dataset, const std::string& where, const std::string& fallback) {
    CPLErrorReset();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    OGRLayer* result = dataset.ExecuteSQL(("SELECT fid FROM attributes WHERE " + where).c_str(), nullptr, nullptr);
    CPLPopErrorHandler();
    if (result) {
        dataset.ReleaseResultSet(result);
        return fallback;
    }
    std::string text = CPLGetLastErrorMsg();
    const std::size_t end = text.rfind("):");
    if (end == std::string::npos) return fallback;
    text = text.substr(end + 2);
    for (char& c : text)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    const std::size_t a = text.find_first_not_of(' '), b = text.find_last_not_of(" .");
    return a == std::string::npos ? fallback : text.substr(a, b - a + 1);
}

}  // namespace

std::vector<CategoryCount> categoryCounts(const FeatureLayer& layer, const std::string& field) {
    const std::size_t index = layer.requireField(field);
    std::map<std::string, std::size_t> counts;
    for (const Feature& f : layer.features) ++counts[index < f.values.size() ? toString(f.values[index]) : ""];
    std::vector<CategoryCount> out;
    for (auto& [value, count] : counts) out.push_back({value, count});
    // The map gave value order; a stable sort by count keeps it for ties.
    std::stable_sort(out.begin(), out.end(), [](const CategoryCount& a, const CategoryCount& b) { return a.count > b.count; });
    return out;
}

FilterDialect filterDialectFor(const std::string& source) {
    std::string s;
    for (char c : source) s += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    auto endsWith = [&](const char* tail) {
        const std::string t = tail;
        return s.size() >= t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0;
    };
    if (s.rfind("pg:", 0) == 0 || s.rfind("postgresql://", 0) == 0 || s.rfind("postgres://", 0) == 0 ||
        s.rfind("gpkg:", 0) == 0 || endsWith(".gpkg") || endsWith(".sqlite") || endsWith(".db") || endsWith(".spatialite"))
        return FilterDialect::SQLite;
    return FilterDialect::OgrSql;
}

// The attributes are copied into a GDAL layer whose driver evaluates the WHERE expression as the
// source's driver would: a "Memory" layer for OGR's own SQL (its parser, types and NULL rules), a
// GeoPackage in /vsimem for SQLite (the very code path of `ogrinfo -where` on a GeoPackage).
struct AttributeQuery::Impl {
    std::string layerName;
    std::size_t count = 0;
    FilterDialect dialect = FilterDialect::OgrSql;
    std::string path;                 // the /vsimem GeoPackage, removed with the query
    GDALDatasetUniquePtr dataset;
    OGRLayer* table = nullptr;
    // The copy keeps the source's FIDs where they are usable (so that `FID = 12` or a GeoPackage's
    // `fid = 12` means what it means on the source), else numbers the rows 1, 2, 3 …
    bool sourceFids = false;
    std::unordered_map<GIntBig, std::size_t> indexOfFid;

    std::size_t indexOf(GIntBig fid) const {
        if (!sourceFids) return static_cast<std::size_t>(fid - 1);
        auto it = indexOfFid.find(fid);
        return it == indexOfFid.end() ? static_cast<std::size_t>(-1) : it->second;
    }

    ~Impl() {
        dataset.reset();
        if (!path.empty()) VSIUnlink(path.c_str());
    }
};

AttributeQuery::AttributeQuery(const FeatureLayer& layer, FilterDialect dialect) : impl_(std::make_unique<Impl>()) {
    GDALAllRegister();
    Impl& q = *impl_;
    q.layerName = layer.name;
    q.count = layer.features.size();
    q.dialect = dialect;
    const std::string what = "layer '" + layer.name + "'";
    const bool sqlite = dialect == FilterDialect::SQLite;
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(sqlite ? "GPKG" : "Memory");
    if (!driver) throw InputError(what + ": GDAL has no " + (sqlite ? "GPKG" : "Memory") + " driver to evaluate filters");
    if (sqlite) {
        static std::atomic<unsigned> serial{0};
        q.path = "/vsimem/planview-filter-" + std::to_string(++serial) + ".gpkg";
    }
    // Source FIDs when each is unique and valid as a row id (SQLite's start at 1).
    q.sourceFids = true;
    for (std::size_t i = 0; i < layer.features.size() && q.sourceFids; ++i) {
        const GIntBig fid = layer.features[i].fid;
        q.sourceFids = fid >= (sqlite ? 1 : 0) && q.indexOfFid.emplace(fid, i).second;
    }
    if (!q.sourceFids) q.indexOfFid.clear();
    // A GeoPackage names its FID column "fid"; an attribute of that name (common in Shapefiles made
    // from GeoPackages) keeps its name and the FID column takes another.
    bool fidField = false;
    for (const FieldDef& def : layer.fields) fidField = fidField || EQUAL(def.name.c_str(), "fid");
    const char* layerOptions[] = {fidField ? "FID=planview_row_id" : "FID=fid", nullptr};
    q.dataset.reset(driver->Create(q.path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!q.dataset) throw InputError(what + ": cannot create a layer to evaluate filters: " + gdalMessage());
    q.table = q.dataset->CreateLayer("attributes", nullptr, wkbNone, sqlite ? const_cast<char**>(layerOptions) : nullptr);
    if (!q.table) throw InputError(what + ": cannot create a layer to evaluate filters: " + gdalMessage());
    for (const FieldDef& def : layer.fields) {
        OGRFieldDefn field(def.name.c_str(), ogrType(def.type));
        if (q.table->CreateField(&field) != OGRERR_NONE)
            throw InputError(what + ": cannot copy field '" + def.name + "': " + gdalMessage());
    }
    OGRFeatureDefn* defn = q.table->GetLayerDefn();
    if (sqlite && q.dataset->StartTransaction() != OGRERR_NONE)
        throw InputError(what + ": cannot copy attributes for filtering: " + gdalMessage());
    OGRFeature row(defn);
    for (std::size_t i = 0; i < layer.features.size(); ++i) {
        const Feature& f = layer.features[i];
        for (int k = 0; k < defn->GetFieldCount(); ++k) {
            const auto ks = static_cast<std::size_t>(k);
            const Value* v = ks < f.values.size() ? &f.values[ks] : nullptr;
            if (!v || std::holds_alternative<std::monostate>(*v)) row.SetFieldNull(k);
            else if (auto* n = std::get_if<std::int64_t>(v)) row.SetField(k, static_cast<GIntBig>(*n));
            else if (auto* d = std::get_if<double>(v)) row.SetField(k, *d);
            else row.SetField(k, std::get<std::string>(*v).c_str());   // dates parse from ISO 8601
        }
        row.SetFID(q.sourceFids ? f.fid : static_cast<GIntBig>(i) + 1);
        if (q.table->CreateFeature(&row) != OGRERR_NONE)
            throw InputError(what + ": cannot copy attributes for filtering: " + gdalMessage());
    }
    if (sqlite && q.dataset->CommitTransaction() != OGRERR_NONE)
        throw InputError(what + ": cannot copy attributes for filtering: " + gdalMessage());
    // Only the FID is read back.
    std::vector<std::string> names;
    for (int k = 0; k < defn->GetFieldCount(); ++k) names.push_back(defn->GetFieldDefn(k)->GetNameRef());
    std::vector<const char*> ignored;
    for (const auto& n : names) ignored.push_back(n.c_str());
    ignored.push_back(nullptr);
    q.table->SetIgnoredFields(ignored.data());
}

AttributeQuery::~AttributeQuery() = default;

FilterDialect AttributeQuery::dialect() const {
    return impl_->dialect;
}

std::vector<bool> AttributeQuery::matches(const std::string& where) const {
    const bool blank = where.find_first_not_of(" \t\r\n") == std::string::npos;
    std::vector<bool> out(impl_->count, blank);
    if (blank) return out;
    OGRLayer& layer = *impl_->table;
    CPLErrorReset();
    lastGdalError();   // forget an older failure
    // Silence GDAL's own printing; the message goes into the exception. SQLite compiles the
    // expression only when reading starts, so a failure may show there.
    CPLPushErrorHandler(CPLQuietErrorHandler);
    bool ok = layer.SetAttributeFilter(where.c_str()) == OGRERR_NONE;
    if (ok) {
        layer.ResetReading();
        for (OGRFeatureUniquePtr f(layer.GetNextFeature()); f; f.reset(layer.GetNextFeature())) {
            const std::size_t index = impl_->indexOf(f->GetFID());
            if (index < out.size()) out[index] = true;
        }
        ok = CPLGetLastErrorType() != CE_Failure;
    }
    CPLPopErrorHandler();
    if (!ok) {
        std::string cause = gdalMessage();
        layer.SetAttributeFilter(nullptr);
        if (impl_->dialect == FilterDialect::SQLite) cause = sqliteReason(*impl_->dataset, where, cause);
        throw FilterError("layer '" + impl_->layerName + "': bad filter '" + where + "': " + cause, cause);
    }
    layer.SetAttributeFilter(nullptr);
    return out;
}

LayerFilter::LayerFilter(const FeatureLayer& layer, FilterDialect dialect) : layer_(layer), dialect_(dialect) {
    recompute();
}

void LayerFilter::setCategoryField(const std::string& field) {
    categories_ = field.empty() ? std::vector<CategoryCount>{} : categoryCounts(layer_, field);
    field_ = field;
    hidden_.clear();
    recompute();
}

void LayerFilter::setCategoryShown(const std::string& value, bool shown) {
    if (shown) hidden_.erase(value);
    else hidden_.insert(value);
    recompute();
}

void LayerFilter::showAllCategories() {
    hidden_.clear();
    recompute();
}

void LayerFilter::setWhere(const std::string& where) {
    const bool blank = where.find_first_not_of(" \t\r\n") == std::string::npos;
    if (blank) {
        where_.clear();
        whereMatches_.clear();
    } else {
        if (!query_) query_ = std::make_shared<AttributeQuery>(layer_, dialect_);
        whereMatches_ = query_->matches(where);   // throws before anything changes
        where_ = where;
    }
    recompute();
}

FilterSpec LayerFilter::spec() const {
    return FilterSpec{field_, hidden_, where_, mode};
}

void LayerFilter::apply(const FilterSpec& spec) {
    // Everything that can throw first, into locals: the filter changes only when all of it holds.
    std::vector<CategoryCount> categories = categories_;
    if (spec.categoryField != field_)
        categories = spec.categoryField.empty() ? std::vector<CategoryCount>{} : categoryCounts(layer_, spec.categoryField);
    std::vector<bool> matches = whereMatches_;
    std::string where = where_;
    if (spec.where != where_) {
        if (spec.where.find_first_not_of(" \t\r\n") == std::string::npos) {
            where.clear();
            matches.clear();
        } else {
            if (!query_) query_ = std::make_shared<AttributeQuery>(layer_, dialect_);
            matches = query_->matches(spec.where);
            where = spec.where;
        }
    }
    categories_ = std::move(categories);
    field_ = spec.categoryField;
    hidden_ = spec.hiddenCategories;
    where_ = std::move(where);
    whereMatches_ = std::move(matches);
    mode = spec.mode;
    recompute();
}

namespace {

// A value as an OGR SQL literal for a field of `type`.
std::string sqlLiteral(const std::string& value, FieldType type) {
    if (type == FieldType::Integer || type == FieldType::Real) return value;
    std::string quoted = "'";
    for (char c : value) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    return quoted + "'";
}

std::string sqlName(const std::string& field) {
    std::string quoted = "\"";
    for (char c : field) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

}  // namespace

std::string LayerFilter::sqlCondition() const {
    std::vector<std::string> parts;
    if (!where_.empty()) parts.push_back("(" + where_ + ")");
    const int index = layer_.fieldIndex(field_);
    const FieldType type = index >= 0 ? layer_.fields[static_cast<std::size_t>(index)].type : FieldType::String;
    std::string hidden;
    bool nullHidden = false;
    // In the panel's order (most frequent first), as the user reads them.
    for (const CategoryCount& c : categories_) {
        if (categoryShown(c.value)) continue;
        if (c.value.empty()) nullHidden = true;
        else hidden += (hidden.empty() ? "" : ", ") + sqlLiteral(c.value, type);
    }
    if (!hidden.empty()) {
        // NULL explicitly either way: OGR SQL evaluates `NULL NOT IN (…)` true, SQLite NULL (false).
        const std::string name = sqlName(field_), notHidden = name + " NOT IN (" + hidden + ")";
        parts.push_back(nullHidden ? "(" + notHidden + " AND " + name + " IS NOT NULL)" : "(" + notHidden + " OR " + name + " IS NULL)");
    } else if (nullHidden) {
        parts.push_back(sqlName(field_) + " IS NOT NULL");
    }
    std::string condition;
    for (const std::string& p : parts) condition += (condition.empty() ? "" : " AND ") + p;
    return condition;
}

void LayerFilter::recompute() {
    const std::size_t n = layer_.features.size();
    const int field = field_.empty() ? -1 : layer_.fieldIndex(field_);
    shown_.assign(n, true);
    shownCount_ = 0;
    for (std::size_t i = 0; i < n; ++i) {
        bool show = where_.empty() || (i < whereMatches_.size() && whereMatches_[i]);
        if (show && field >= 0 && !hidden_.empty()) {
            const auto& values = layer_.features[i].values;
            const auto k = static_cast<std::size_t>(field);
            show = hidden_.count(k < values.size() ? toString(values[k]) : "") == 0;
        }
        shown_[i] = show;
        shownCount_ += show;
    }
}

}  // namespace geo
