#include "app/ui/GlyphSet.h"

namespace planview {

void GlyphSet::add(const std::string& utf8) {
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
        if (valid && c < seen_.size() && !seen_[c]) {
            seen_[c] = true;
            text_.append(reinterpret_cast<const char*>(p), static_cast<std::size_t>(length));
        }
        p += valid ? length : 1;
    }
}

}  // namespace planview
