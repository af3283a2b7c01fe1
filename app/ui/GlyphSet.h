// The distinct characters of many strings (UTF-8): what the UI's font atlas must hold. Collecting
// characters rather than strings keeps the atlas's input small however many values a layer has.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace planview {

/// Calls `each(codePoint, character)` for every valid UTF-8 character of `utf8` in order, its bytes
/// as `character`; invalid bytes are skipped.
template <class Each>
void forEachCharacter(std::string_view utf8, Each&& each) {
    const auto* p = reinterpret_cast<const unsigned char*>(utf8.data());
    const unsigned char* end = p + utf8.size();
    while (p < end) {
        const unsigned char lead = *p;
        int length = 1;
        unsigned c = lead;
        if (lead >= 0xF0) length = 4, c = lead & 0x07;
        else if (lead >= 0xE0) length = 3, c = lead & 0x0F;
        else if (lead >= 0xC0) length = 2, c = lead & 0x1F;
        else if (lead >= 0x80) {   // a stray continuation byte
            ++p;
            continue;
        }
        if (end - p < length) break;
        bool valid = true;
        for (int i = 1; i < length; ++i) {
            if ((p[i] & 0xC0) != 0x80) valid = false;
            c = (c << 6) | (p[i] & 0x3F);
        }
        if (valid) each(c, std::string_view(reinterpret_cast<const char*>(p), static_cast<std::size_t>(length)));
        p += valid ? length : 1;
    }
}

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
