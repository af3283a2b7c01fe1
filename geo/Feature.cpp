#include "geo/Feature.h"
#include "geo/Errors.h"
#include <charconv>
#include <cstdlib>

namespace geo {

std::string toString(const Value& v) {
    struct {
        std::string operator()(std::monostate) const { return ""; }
        std::string operator()(std::int64_t i) const { return std::to_string(i); }
        std::string operator()(double d) const {
            char buffer[32];
            auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, d);
            return ec == std::errc() ? std::string(buffer, end) : std::to_string(d);
        }
        std::string operator()(const std::string& s) const { return s; }
    } visitor;
    return std::visit(visitor, v);
}

double toNumber(const Value& v, double fallback) {
    if (auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    if (auto* d = std::get_if<double>(&v)) return *d;
    if (auto* s = std::get_if<std::string>(&v)) {
        char* end = nullptr;
        double d = std::strtod(s->c_str(), &end);
        if (end != s->c_str() && *end == '\0') return d;
    }
    return fallback;
}

const char* fieldTypeName(FieldType t) {
    switch (t) {
    case FieldType::Integer: return "Integer";
    case FieldType::Real: return "Real";
    case FieldType::String: return "String";
    case FieldType::Date: return "Date";
    case FieldType::DateTime: return "DateTime";
    case FieldType::Other: break;
    }
    return "Other";
}

const char* geometryKindName(GeometryKind k) {
    switch (k) {
    case GeometryKind::Point: return "point";
    case GeometryKind::Line: return "line";
    case GeometryKind::Polygon: return "polygon";
    case GeometryKind::None: break;
    }
    return "none";
}

int FeatureLayer::fieldIndex(const std::string& fieldName) const {
    for (std::size_t i = 0; i < fields.size(); ++i)
        if (fields[i].name == fieldName) return static_cast<int>(i);
    return -1;
}

std::size_t FeatureLayer::requireField(const std::string& fieldName) const {
    int i = fieldIndex(fieldName);
    if (i < 0) {
        std::string names;
        for (const auto& f : fields) names += (names.empty() ? "" : ", ") + f.name;
        throw InputError("layer '" + name + "' has no field '" + fieldName + "' (fields: " + names + ")");
    }
    return static_cast<std::size_t>(i);
}

const Value& FeatureLayer::value(const Feature& f, const std::string& fieldName) const {
    static const Value null;
    int i = fieldIndex(fieldName);
    return i < 0 || static_cast<std::size_t>(i) >= f.values.size() ? null : f.values[static_cast<std::size_t>(i)];
}

}  // namespace geo
