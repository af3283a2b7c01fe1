#include "geo/FeatureFilter.h"
#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <algorithm>
#include <map>
#include "geo/Errors.h"
#include "geo/Log.h"

namespace geo {

namespace {

int requireField(const FeatureLayer& layer, const std::string& name) {
    int i = layer.fieldIndex(name);
    if (i < 0) {
        std::string names;
        for (const auto& f : layer.fields) names += (names.empty() ? "" : ", ") + f.name;
        throw InputError("layer '" + layer.name + "' has no field '" + name + "' (fields: " + names + ")");
    }
    return i;
}

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

}  // namespace

std::vector<CategoryCount> categoryCounts(const FeatureLayer& layer, const std::string& field) {
    const auto index = static_cast<std::size_t>(requireField(layer, field));
    std::map<std::string, std::size_t> counts;
    for (const Feature& f : layer.features) ++counts[index < f.values.size() ? toString(f.values[index]) : ""];
    std::vector<CategoryCount> out;
    for (auto& [value, count] : counts) out.push_back({value, count});
    // The map gave value order; a stable sort by count keeps it for ties.
    std::stable_sort(out.begin(), out.end(), [](const CategoryCount& a, const CategoryCount& b) { return a.count > b.count; });
    return out;
}

// The attributes live in a GDAL "Memory" layer so that OGR's own SQL engine evaluates the WHERE
// expression: the same parser, types and semantics as `ogrinfo -where` on a non-SQL source.
struct AttributeQuery::Impl {
    std::string layerName;
    std::size_t count = 0;
    GDALDatasetUniquePtr dataset;
    OGRLayer* memory = nullptr;
};

AttributeQuery::AttributeQuery(const FeatureLayer& layer) : impl_(std::make_unique<Impl>()) {
    GDALAllRegister();
    impl_->layerName = layer.name;
    impl_->count = layer.features.size();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("Memory");
    if (!driver) throw InputError("layer '" + layer.name + "': GDAL has no Memory driver to evaluate filters");
    impl_->dataset.reset(driver->Create("", 0, 0, 0, GDT_Unknown, nullptr));
    if (!impl_->dataset) throw InputError("layer '" + layer.name + "': cannot create an in-memory layer: " + gdalMessage());
    impl_->memory = impl_->dataset->CreateLayer("attributes", nullptr, wkbNone, nullptr);
    if (!impl_->memory) throw InputError("layer '" + layer.name + "': cannot create an in-memory layer: " + gdalMessage());
    for (const FieldDef& def : layer.fields) {
        OGRFieldDefn field(def.name.c_str(), ogrType(def.type));
        if (impl_->memory->CreateField(&field) != OGRERR_NONE)
            throw InputError("layer '" + layer.name + "': cannot copy field '" + def.name + "': " + gdalMessage());
    }
    OGRFeatureDefn* defn = impl_->memory->GetLayerDefn();
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
        row.SetFID(static_cast<GIntBig>(i));   // the FID is the index into the layer
        if (impl_->memory->CreateFeature(&row) != OGRERR_NONE)
            throw InputError("layer '" + layer.name + "': cannot copy attributes for filtering: " + gdalMessage());
    }
}

AttributeQuery::~AttributeQuery() = default;

std::vector<bool> AttributeQuery::matches(const std::string& where) const {
    const bool blank = where.find_first_not_of(" \t\r\n") == std::string::npos;
    std::vector<bool> out(impl_->count, blank);
    if (blank) return out;
    OGRLayer& layer = *impl_->memory;
    CPLErrorReset();
    lastGdalError();   // forget an older failure
    // Silence GDAL's own printing; the message goes into the exception.
    CPLPushErrorHandler(CPLQuietErrorHandler);
    OGRErr err = layer.SetAttributeFilter(where.c_str());
    CPLPopErrorHandler();
    if (err != OGRERR_NONE) {
        std::string cause = gdalMessage();
        layer.SetAttributeFilter(nullptr);
        throw InputError("layer '" + impl_->layerName + "': bad filter '" + where + "': " + cause);
    }
    layer.ResetReading();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    for (OGRFeatureUniquePtr f(layer.GetNextFeature()); f; f.reset(layer.GetNextFeature())) {
        const GIntBig fid = f->GetFID();
        if (fid >= 0 && static_cast<std::size_t>(fid) < out.size()) out[static_cast<std::size_t>(fid)] = true;
    }
    CPLPopErrorHandler();
    layer.SetAttributeFilter(nullptr);
    return out;
}

LayerFilter::LayerFilter(const FeatureLayer& layer) : layer_(layer) {
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
        if (!query_) query_ = std::make_shared<AttributeQuery>(layer_);
        whereMatches_ = query_->matches(where);   // throws before anything changes
        where_ = where;
    }
    recompute();
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
