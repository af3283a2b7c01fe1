#include "geo/LineBreak.h"
#include <algorithm>
#include <array>

namespace geo {

namespace {

struct Glyph {
    std::size_t begin, end;   // bytes of the character in the text
    char32_t c;
    double advance;
};

// How freely a line may end before a character: the best level there is is taken.
enum Level : int {
    kNever = 0,     // only when nothing else fits (a closing mark would start a line, or an opening one end it)
    kLoose = 1,     // inside a Latin word or number, or between it and a Chinese character
    kInGroup = 2,   // between Chinese characters, but inside a quoted or bracketed phrase
    kGood = 3,      // between Chinese characters or at a space, outside any phrase
};

bool isSpace(char32_t c) { return c == U' ' || c == U'\t' || c == 0x3000; }

// Characters set solid in Chinese text: CJK ideographs, kana, fullwidth forms and CJK punctuation,
// and the general punctuation Chinese text uses (curly quotes, dashes, ellipsis, middle dot).
bool isChineseLike(char32_t c) {
    if (c >= 0x2E80) return true;
    switch (c) {
    case 0x2018: case 0x2019: case 0x201C: case 0x201D:   // ‘ ’ “ ”
    case 0x2014: case 0x2015: case 0x2026: case 0x2025:   // — ― … ‥
    case 0x00B7: case 0x2022:                             // · •
        return true;
    default: return false;
    }
}

bool isPause(char32_t c) {
    static const std::u32string marks = U"，、；：。！？,;:";
    return marks.find(c) != std::u32string::npos;
}

// The closing half of quotes and brackets (not the commas and stops that also may not start a line).
bool closesPhrase(char32_t c) {
    static const std::u32string marks = U"”’）》」』】〕〉〗〙〛)]}\uFF09\uFF3D\uFF5D";
    return marks.find(c) != std::u32string::npos;
}

}  // namespace

bool isClosingPunctuation(char32_t c) {
    static const std::u32string marks = U"，。、；：？！）》」』】〕〉〗〙〛”’…‥·%,.;:?!)]}"
                                        U"\uFF0C\uFF0E\uFF1A\uFF1B\uFF1F\uFF01\uFF09\uFF3D\uFF5D\uFF05";
    return marks.find(c) != std::u32string::npos;
}

bool isOpeningPunctuation(char32_t c) {
    static const std::u32string marks = U"“‘（《「『【〔〈〖〘〚([{\uFF08\uFF3B\uFF5B";
    return marks.find(c) != std::u32string::npos;
}

namespace {

// The code point starting at byte `i` and its length in bytes (an invalid byte: U+FFFD, 1 byte).
char32_t decodeAt(const std::string& text, std::size_t i, std::size_t& length) {
    const unsigned char b = static_cast<unsigned char>(text[i]);
    const int extra = b < 0x80 ? 0 : (b & 0xE0) == 0xC0 ? 1 : (b & 0xF0) == 0xE0 ? 2 : (b & 0xF8) == 0xF0 ? 3 : -1;
    length = 1;
    if (extra < 0 || i + static_cast<std::size_t>(extra) >= text.size()) return 0xFFFD;
    char32_t c = extra == 0 ? b : extra == 1 ? (b & 0x1F) : extra == 2 ? (b & 0x0F) : (b & 0x07);
    for (int k = 1; k <= extra; ++k) {
        const unsigned char next = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
        if ((next & 0xC0) != 0x80) return 0xFFFD;
        c = (c << 6) | (next & 0x3F);
    }
    length = static_cast<std::size_t>(extra) + 1;
    return c;
}

}  // namespace

std::u32string decodeUtf8(const std::string& text) {
    std::u32string out;
    std::size_t length = 0;
    for (std::size_t i = 0; i < text.size(); i += length) out.push_back(decodeAt(text, i, length));
    return out;
}

namespace {

// The characters of `text` with their byte ranges.
std::vector<Glyph> glyphsOf(const std::string& text, const CharAdvance& advance) {
    std::vector<Glyph> glyphs;
    std::size_t length = 0;
    for (std::size_t i = 0; i < text.size(); i += length) {
        const char32_t c = decodeAt(text, i, length);
        glyphs.push_back({i, i + length, c, advance(c)});
    }
    return glyphs;
}

// levels[i]: how freely a line may end before glyph i (i ≥ 1).
std::vector<int> breakLevels(const std::vector<Glyph>& g) {
    std::vector<int> levels(g.size(), kNever);
    int depth = 0;   // phrases open after glyph i - 1
    for (std::size_t i = 0; i < g.size(); ++i) {
        if (i > 0) {
            const char32_t a = g[i - 1].c, b = g[i].c;
            if (isClosingPunctuation(b) || isOpeningPunctuation(a)) levels[i] = kNever;
            else if (a == 0x2014 && b == 0x2014) levels[i] = kNever;   // a dash of two — stays whole
            else if (isSpace(a) || isSpace(b) || (isChineseLike(a) && isChineseLike(b))) levels[i] = depth > 0 ? kInGroup : kGood;
            else levels[i] = kLoose;
        }
        if (isOpeningPunctuation(g[i].c)) ++depth;
        else if (closesPhrase(g[i].c) && depth > 0) --depth;
    }
    return levels;
}

struct Layout {
    std::vector<std::pair<std::size_t, std::size_t>> lines;   // glyph ranges, spaces at the ends dropped
    int forced = 0;                                            // breaks below kGood
};

// Fills lines up to `limit`, ending each at the last best place before it overflows.
Layout fill(const std::vector<Glyph>& g, const std::vector<int>& levels, double limit) {
    Layout out;
    const std::size_t n = g.size();
    std::size_t start = 0;
    while (start < n && isSpace(g[start].c)) ++start;
    while (start < n) {
        std::array<std::size_t, 4> last{};   // the last break at each level, 0 = none
        std::size_t pause = 0;
        double width = 0;
        std::size_t i = start;
        for (; i < n; ++i) {
            if (i > start) {
                for (int level = 0; level <= levels[i]; ++level) last[static_cast<std::size_t>(level)] = i;
                // After a comma or a colon, once the line is well filled: a natural pause.
                if (levels[i] == kGood && isPause(g[i - 1].c) && width >= 0.8 * limit) pause = i;
            }
            // Spaces may hang past the end: they are dropped there.
            if (i > start && !isSpace(g[i].c) && width + g[i].advance > limit) break;
            width += g[i].advance;
        }
        std::size_t end = n;
        int level = kGood;
        if (i < n) {
            end = pause ? pause : 0;
            for (int l = kGood; !end && l >= kLoose; --l)
                if (last[static_cast<std::size_t>(l)] > start) end = last[static_cast<std::size_t>(l)], level = l;
            if (!end) end = i, level = kNever;
        }
        if (level < kGood) ++out.forced;
        std::size_t stop = end;
        while (stop > start && isSpace(g[stop - 1].c)) --stop;
        out.lines.emplace_back(start, stop);
        start = end;
        while (start < n && isSpace(g[start].c)) ++start;
    }
    return out;
}

}  // namespace

std::vector<std::string> breakLines(const std::string& text, const CharAdvance& advance, double maxWidth) {
    const std::vector<Glyph> g = glyphsOf(text, advance);
    if (g.empty()) return {};
    const std::vector<int> levels = breakLevels(g);
    Layout widest = fill(g, levels, maxWidth);
    Layout chosen = widest;
    if (widest.lines.size() > 1) {
        // The narrowest limit giving as few lines, breaking no more rules: balanced lines.
        double total = 0;
        for (const Glyph& x : g) total += x.advance;
        const double step = maxWidth / 100;
        for (double limit = total / static_cast<double>(widest.lines.size()); limit < maxWidth; limit += step) {
            Layout tried = fill(g, levels, limit);
            if (tried.lines.size() == widest.lines.size() && tried.forced <= widest.forced) {
                chosen = std::move(tried);
                break;
            }
        }
    }
    std::vector<std::string> lines;
    for (auto [first, last] : chosen.lines)
        if (last > first) lines.push_back(text.substr(g[first].begin, g[last - 1].end - g[first].begin));
    return lines;
}

}  // namespace geo
