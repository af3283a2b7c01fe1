#include "app/tools/SearchTool.h"

namespace planview {

void SearchTool::search(const std::string& query) {
    if (!index_) index_ = std::make_unique<geo::SearchIndex>(map_.data());
    SearchUiState& s = map_.state().search;
    s.query = query;
    s.hits = index_->find(query);
    s.chosen = 0;
}

}  // namespace planview
