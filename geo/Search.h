// Finding features by name (Chinese or English) or plot code, as the user types.
#pragma once
#include <string>
#include <vector>
#include "geo/ProjectData.h"

namespace geo {

struct SearchHit {
    std::size_t layer = 0;     ///< index into ProjectData::layers
    std::size_t feature = 0;   ///< index into the layer's features
    std::string text;          ///< the matching value
    std::string field;         ///< the field it is in
};

/// An index of the searchable text of every available layer: fields named like names or codes
/// (name, name_zh, name_en, *_name, plot_code, code …) and each layer's label field.
class SearchIndex {
public:
    explicit SearchIndex(const ProjectData& data);
    /// Features whose searchable text contains `query` (ASCII case-insensitive, surrounding spaces
    /// ignored), best first: exact matches, then prefixes, then other substrings; at most `limit`.
    /// An empty query finds nothing.
    std::vector<SearchHit> find(const std::string& query, std::size_t limit = 50) const;
    std::size_t size() const { return entries_.size(); }

private:
    struct Entry {
        std::size_t layer, feature;
        std::string text, folded, field;
    };
    std::vector<Entry> entries_;
};

}  // namespace geo
