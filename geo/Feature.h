// The feature model: what a layer holds once read into the scene frame. Plain data, no GDAL types,
// so the scene builders and the UI depend only on this.
#pragma once
#include <cstdint>
#include <string>
#include <variant>
#include <vector>
#include "geo/Vec.h"

namespace geo {

/// An attribute value. Dates and times are ISO 8601 strings; NULL and unset fields are monostate.
using Value = std::variant<std::monostate, std::int64_t, double, std::string>;

/// "" for NULL, the decimal text of numbers (shortest round-trip for doubles), the string itself.
std::string toString(const Value& v);
/// The number a value holds; strings are parsed; NULL or non-numeric text gives `fallback`.
double toNumber(const Value& v, double fallback);

enum class FieldType { Integer, Real, String, Date, DateTime, Other };
const char* fieldTypeName(FieldType t);

struct FieldDef {
    std::string name;
    FieldType type = FieldType::String;
};

/// One ring of a polygon, not closed (the last point differs from the first).
using Ring = std::vector<Vec2>;
/// A polygon: rings[0] is the exterior, oriented counter-clockwise; the rest are holes, clockwise.
struct Polygon {
    std::vector<Ring> rings;
};

enum class GeometryKind { None, Point, Line, Polygon };
const char* geometryKindName(GeometryKind k);

/// A feature in the scene frame: coordinates are metres east/north of the frame's origin.
struct Feature {
    std::int64_t fid = -1;              ///< the source's feature id
    std::vector<Value> values;          ///< parallel to FeatureLayer::fields
    std::vector<Polygon> polygons;      ///< polygon parts (several for a multipolygon)
    std::vector<std::vector<Vec2>> lines;
    std::vector<Vec2> points;
    Extent bounds;                      ///< of all parts, in scene metres
};

/// What happened to features that could not be used as they were. Every skipped or repaired feature
/// is counted here and named in a warning in the log; nothing is dropped silently.
struct LoadReport {
    std::size_t read = 0;          ///< features read from the source
    std::size_t repaired = 0;      ///< invalid geometry made valid (GEOS MakeValid)
    std::size_t skipped = 0;       ///< not loadable: no geometry, empty, or beyond repair
    std::vector<std::string> warnings;  ///< one line per repaired or skipped feature (capped at 1000)
};

struct FeatureLayer {
    std::string name;
    GeometryKind kind = GeometryKind::None;
    std::vector<FieldDef> fields;
    std::vector<Feature> features;
    Extent bounds;                 ///< of all features, in scene metres
    LoadReport report;

    /// Index of the field called `name`, or -1.
    int fieldIndex(const std::string& name) const;
    /// Index of the field called `name`; InputError naming the layer and its fields when there is none.
    std::size_t requireField(const std::string& name) const;
    /// The feature's value of field `name`; monostate when the field does not exist.
    const Value& value(const Feature& f, const std::string& name) const;
};

}  // namespace geo
