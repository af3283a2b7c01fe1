// The distinct characters of many strings (UTF-8): what the UI's font atlas must hold. Collecting
// characters rather than strings keeps the atlas's input small however many values a layer has.
#pragma once
#include <string>
#include <vector>

namespace planview {

class GlyphSet {
public:
    GlyphSet() : seen_(0x110000, false) {}
    /// Adds the characters of `utf8` not yet seen (invalid bytes are skipped).
    void add(const std::string& utf8);
    /// Every character added, once each, in the order first seen (UTF-8).
    const std::string& text() const { return text_; }

private:
    std::vector<bool> seen_;
    std::string text_;
};

}  // namespace planview
