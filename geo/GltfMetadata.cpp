// The features' attributes as an EXT_structural_metadata property table: one class, a property per
// field (and the source's fid), values in binary columns of the .glb's buffer, a row per feature of
// the model (the whole layer, or a tile's features).
#include <cstdint>
#include <cstring>
#include <limits>
#include <set>
#include "geo/GltfInternal.h"

namespace geo::gltf {

Bin::Bin(tinygltf::Model& model) : model_(model) {
    if (model_.buffers.empty()) model_.buffers.emplace_back();
}

int Bin::view(const void* data, std::size_t bytes, int target) {
    std::vector<unsigned char>& buffer = model_.buffers[0].data;
    buffer.resize((buffer.size() + 7) / 8 * 8, 0);
    tinygltf::BufferView v;
    v.buffer = 0;
    v.byteOffset = buffer.size();
    v.byteLength = bytes;
    v.target = target;
    const auto* begin = static_cast<const unsigned char*>(data);
    buffer.insert(buffer.end(), begin, begin + bytes);
    model_.bufferViews.push_back(v);
    return static_cast<int>(model_.bufferViews.size()) - 1;
}

int Bin::accessor(int view, int componentType, int type, std::size_t count, std::vector<double> min, std::vector<double> max) {
    tinygltf::Accessor a;
    a.bufferView = view;
    a.byteOffset = 0;
    a.componentType = componentType;
    a.type = type;
    a.count = count;
    a.minValues = std::move(min);
    a.maxValues = std::move(max);
    model_.accessors.push_back(a);
    return static_cast<int>(model_.accessors.size()) - 1;
}

namespace {

using tinygltf::Value;

bool isIdentifier(const std::string& name) {
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
    for (const char c : name)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_') || static_cast<unsigned char>(c) >= 0x80) return false;
    return true;
}

GltfPropertyType storedAs(const FieldDef& field, const std::map<std::string, GltfPropertyType>& fieldTypes) {
    if (auto found = fieldTypes.find(field.name); found != fieldTypes.end()) return found->second;
    switch (field.type) {
    case FieldType::Integer: return GltfPropertyType::Int64;
    case FieldType::Real: return GltfPropertyType::Float64;
    default: return GltfPropertyType::String;
    }
}

// NULL values: the property's noData. A number's lowest value (INT64's -2^63 as a JSON number:
// exact as a double); text's "".
constexpr std::int32_t kInt32NoData = std::numeric_limits<std::int32_t>::lowest();
constexpr std::int64_t kInt64NoData = std::numeric_limits<std::int64_t>::lowest();
constexpr double kFloat64NoData = std::numeric_limits<double>::lowest();

template <typename T>
void append(std::vector<unsigned char>& bytes, T value) {
    unsigned char raw[sizeof(T)];
    std::memcpy(raw, &value, sizeof(T));   // little-endian hosts: glTF's byte order
    bytes.insert(bytes.end(), raw, raw + sizeof(T));
}

struct Column {
    std::string id;
    Value::Object classProperty;
    std::vector<unsigned char> values;
    std::vector<std::uint32_t> stringOffsets{0};
    bool text = false;
};

}  // namespace

int addPropertyTable(tinygltf::Model& model, Bin& bin, const FeatureLayer& layer, const std::vector<std::size_t>& rows,
                     const std::string& tableName, const std::map<std::string, GltfPropertyType>& fieldTypes) {
    std::vector<Column> columns;
    std::set<std::string> taken{"fid"};
    // The source's feature id first.
    Column fid;
    fid.id = "fid";
    fid.classProperty["name"] = Value(std::string("fid"));
    fid.classProperty["description"] = Value(std::string("the feature's id in its source"));
    fid.classProperty["type"] = Value(std::string("SCALAR"));
    fid.classProperty["componentType"] = Value(std::string("INT64"));
    for (const std::size_t row : rows) append<std::int64_t>(fid.values, layer.features[row].fid);
    columns.push_back(std::move(fid));

    for (std::size_t k = 0; k < layer.fields.size(); ++k) {
        const FieldDef& field = layer.fields[k];
        Column c;
        c.id = isIdentifier(field.name) && !taken.count(field.name) ? field.name : "field_" + std::to_string(k);
        for (int n = 2; taken.count(c.id); ++n) c.id = "field_" + std::to_string(k) + "_" + std::to_string(n);
        taken.insert(c.id);
        c.classProperty["name"] = Value(field.name);
        const GltfPropertyType type = storedAs(field, fieldTypes);
        c.text = type == GltfPropertyType::String;
        switch (type) {
        case GltfPropertyType::Int32:
            c.classProperty["type"] = Value(std::string("SCALAR"));
            c.classProperty["componentType"] = Value(std::string("INT32"));
            c.classProperty["noData"] = Value(static_cast<int>(kInt32NoData));
            break;
        case GltfPropertyType::Int64:
            c.classProperty["type"] = Value(std::string("SCALAR"));
            c.classProperty["componentType"] = Value(std::string("INT64"));
            c.classProperty["noData"] = Value(static_cast<double>(kInt64NoData));
            break;
        case GltfPropertyType::Float64:
            c.classProperty["type"] = Value(std::string("SCALAR"));
            c.classProperty["componentType"] = Value(std::string("FLOAT64"));
            c.classProperty["noData"] = Value(kFloat64NoData);
            break;
        case GltfPropertyType::String:
            c.classProperty["type"] = Value(std::string("STRING"));
            c.classProperty["noData"] = Value(std::string());
            break;
        }
        std::string texts;
        for (const std::size_t row : rows) {
            const Feature& f = layer.features[row];
            static const geo::Value null;
            const geo::Value& v = k < f.values.size() ? f.values[k] : null;
            const bool isNull = std::holds_alternative<std::monostate>(v);
            switch (type) {
            case GltfPropertyType::Int32:
                append<std::int32_t>(c.values, isNull ? kInt32NoData : static_cast<std::int32_t>(toNumber(v, kInt32NoData)));
                break;
            case GltfPropertyType::Int64: {
                std::int64_t n = kInt64NoData;
                if (const auto* i = std::get_if<std::int64_t>(&v)) n = *i;
                else if (!isNull) n = static_cast<std::int64_t>(toNumber(v, static_cast<double>(kInt64NoData)));
                append<std::int64_t>(c.values, n);
                break;
            }
            case GltfPropertyType::Float64: append<double>(c.values, isNull ? kFloat64NoData : toNumber(v, kFloat64NoData)); break;
            case GltfPropertyType::String:
                texts += toString(v);
                c.stringOffsets.push_back(static_cast<std::uint32_t>(texts.size()));
                break;
            }
        }
        if (c.text) c.values.assign(texts.begin(), texts.end());
        columns.push_back(std::move(c));
    }

    Value::Object properties, tableProperties;
    for (Column& c : columns) {
        properties[c.id] = Value(std::move(c.classProperty));
        Value::Object column;
        // A buffer view may not be empty: an all-empty text column still gets one byte (never read:
        // its offsets are all 0).
        if (c.values.empty()) c.values.push_back(0);
        column["values"] = Value(bin.view(c.values.data(), c.values.size(), 0));
        if (c.text) {
            column["stringOffsets"] = Value(bin.view(c.stringOffsets.data(), c.stringOffsets.size() * sizeof(std::uint32_t), 0));
            column["stringOffsetType"] = Value(std::string("UINT32"));
        }
        tableProperties[c.id] = Value(std::move(column));
    }
    Value::Object featureClass;
    featureClass["name"] = Value(tableName);
    featureClass["properties"] = Value(std::move(properties));
    Value::Object classes;
    classes[kFeatureClass] = Value(std::move(featureClass));
    Value::Object schema;
    schema["id"] = Value(std::string("planview"));
    schema["classes"] = Value(std::move(classes));
    Value::Object table;
    table["name"] = Value(tableName);
    table["class"] = Value(std::string(kFeatureClass));
    table["count"] = Value(static_cast<int>(rows.size()));
    table["properties"] = Value(std::move(tableProperties));
    Value::Object metadata;
    metadata["schema"] = Value(std::move(schema));
    metadata["propertyTables"] = Value(Value::Array{Value(std::move(table))});
    model.extensions["EXT_structural_metadata"] = Value(std::move(metadata));
    model.extensionsUsed.push_back("EXT_structural_metadata");
    return 0;
}

}  // namespace geo::gltf
