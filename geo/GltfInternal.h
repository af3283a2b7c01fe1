// Inside the glTF export (geo/GltfExport.h), shared by GltfExport.cpp (geometry, placement, writing)
// and GltfMetadata.cpp (the property table). Not for use elsewhere.
#pragma once
#include <tiny_gltf.h>
#include <cstddef>
#include <map>
#include <string>
#include <vector>
#include "geo/Feature.h"
#include "geo/GltfExport.h"

namespace geo::gltf {

/// The one binary buffer of a .glb (its BIN chunk), filled view by view.
class Bin {
public:
    explicit Bin(tinygltf::Model& model);
    /// A buffer view of `bytes` bytes copied from `data`, starting on an 8-byte boundary (what
    /// EXT_structural_metadata asks of property tables, and more than any accessor needs); `target`
    /// is 0, TINYGLTF_TARGET_ARRAY_BUFFER or TINYGLTF_TARGET_ELEMENT_ARRAY_BUFFER. Returns its index.
    int view(const void* data, std::size_t bytes, int target);
    /// An accessor over the whole of `view`; min and max may be empty (they are required for POSITION).
    int accessor(int view, int componentType, int type, std::size_t count, std::vector<double> min = {},
                 std::vector<double> max = {});

private:
    tinygltf::Model& model_;
};

/// The name of the class whose property table holds the features' attributes.
constexpr const char* kFeatureClass = "feature";

/// Adds the EXT_structural_metadata schema (one class, a property per field plus `fid`) and its
/// property table of `layer`'s features in order (row i = feature id i) to the model; returns the
/// table's index. Property ids are the field names where those are identifiers ([A-Za-z_][A-Za-z0-9_]*),
/// else field_<k>; each property's `name` is the field's own name.
int addPropertyTable(tinygltf::Model& model, Bin& bin, const FeatureLayer& layer, const std::string& tableName,
                     const std::map<std::string, GltfPropertyType>& fieldTypes);

}  // namespace geo::gltf
