#include "geo/Search.h"
#include <algorithm>

namespace geo {

namespace {

/// ASCII-only lower case: UTF-8 multi-byte sequences (Chinese) pass through as bytes, so matching
/// them is a plain byte comparison and no locale is involved.
std::string fold(const std::string& s) {
    std::string out = s;
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string trim(const std::string& s) {
    std::size_t a = s.find_first_not_of(" \t\r\n"), b = s.find_last_not_of(" \t\r\n");
    return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

bool endsWith(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

/// Fields people search by: names and codes.
bool searchable(const std::string& name) {
    const std::string n = fold(name);
    for (const char* exact : {"name", "name_zh", "name_en", "name_cn", "title", "code", "plot_code", "plot", "plot_id",
                              "parcel_code", "parcel_id", "dkbh", "名称", "项目名称", "地块名称", "地块编号", "编号", "代码"})
        if (n == exact) return true;
    return n.rfind("name_", 0) == 0 || endsWith(n, "_name") || endsWith(n, "_code") || endsWith(n, "名称") ||
           endsWith(n, "编号");
}

}  // namespace

SearchIndex::SearchIndex(const ProjectData& data) {
    for (std::size_t l = 0; l < data.layers.size(); ++l) {
        const LoadedLayer& layer = data.layers[l];
        if (!layer.available()) continue;
        std::vector<std::size_t> fields;
        for (std::size_t i = 0; i < layer.data.fields.size(); ++i)
            if (searchable(layer.data.fields[i].name) || layer.data.fields[i].name == layer.spec.label) fields.push_back(i);
        for (std::size_t f = 0; f < layer.data.features.size(); ++f) {
            const Feature& feature = layer.data.features[f];
            for (std::size_t i : fields) {
                if (i >= feature.values.size()) continue;
                std::string text = trim(toString(feature.values[i]));
                if (text.empty()) continue;
                std::string folded = fold(text);
                entries_.push_back({l, f, std::move(text), std::move(folded), layer.data.fields[i].name});
            }
        }
    }
}

std::vector<SearchHit> SearchIndex::find(const std::string& query, std::size_t limit) const {
    const std::string q = fold(trim(query));
    if (q.empty() || limit == 0) return {};
    struct Candidate {
        int rank;             // 0 exact, 1 prefix, 2 substring
        std::size_t entry;
    };
    auto better = [&](const Candidate& a, const Candidate& b) {
        if (a.rank != b.rank) return a.rank < b.rank;
        const Entry& x = entries_[a.entry];
        const Entry& y = entries_[b.entry];
        if (x.text.size() != y.text.size()) return x.text.size() < y.text.size();
        if (x.text != y.text) return x.text < y.text;
        return a.entry < b.entry;   // layer order, then feature order
    };
    // Best match per feature: a feature found by its Chinese and English names is listed once.
    // A feature's entries are adjacent (the constructor adds them together), so one pass does.
    std::vector<Candidate> found;
    for (std::size_t e = 0; e < entries_.size(); ++e) {
        const Entry& entry = entries_[e];
        const std::size_t at = entry.folded.find(q);
        if (at == std::string::npos) continue;
        const Candidate c{entry.folded.size() == q.size() ? 0 : at == 0 ? 1 : 2, e};
        if (!found.empty()) {
            const Entry& last = entries_[found.back().entry];
            if (last.layer == entry.layer && last.feature == entry.feature) {
                if (better(c, found.back())) found.back() = c;
                continue;
            }
        }
        found.push_back(c);
    }
    if (found.size() > limit) {
        std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(limit), found.end(), better);
        found.resize(limit);
    } else {
        std::sort(found.begin(), found.end(), better);
    }
    std::vector<SearchHit> hits;
    for (const Candidate& c : found) {
        const Entry& e = entries_[c.entry];
        hits.push_back({e.layer, e.feature, e.text, e.field});
    }
    return hits;
}

}  // namespace geo
