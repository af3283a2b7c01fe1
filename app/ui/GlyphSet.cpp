#include "app/ui/GlyphSet.h"

namespace planview {

void GlyphSet::add(const std::string& utf8) {
    forEachCharacter(utf8, [this](unsigned c, std::string_view character) {
        if (c < seen_.size() && !seen_[c]) {
            seen_[c] = true;
            text_.append(character);
        }
    });
}

}  // namespace planview
