#include "geo/ProjectLanguage.h"
#include "geo/LineBreak.h"

namespace geo {

namespace {

bool isHan(char32_t c) {
    return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0x20000 && c <= 0x2FA1F);
}
bool isLatinLetter(char32_t c) { return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7); }

struct Counts {
    std::size_t han = 0, words = 0;
    void add(const std::string& text) {
        std::size_t run = 0;
        for (char32_t c : decodeUtf8(text + " ")) {
            if (isHan(c)) ++han;
            if (isLatinLetter(c)) {
                ++run;
                continue;
            }
            if (run >= 2) ++words;
            run = 0;
        }
    }
    TextLanguage language() const {
        if (han == 0 && words == 0) return TextLanguage::Unknown;
        return han >= words ? TextLanguage::Chinese : TextLanguage::English;
    }
};

bool isProjectFile(const std::string& path) {
    return path.size() > 5 && path.compare(path.size() - 5, 5, ".toml") == 0;
}

}  // namespace

TextLanguage textLanguage(const std::string& text) {
    Counts counts;
    counts.add(text);
    return counts.language();
}

TextLanguage projectLanguage(const Project& project) {
    Counts counts;
    counts.add(project.title);
    for (const LayerSpec& layer : project.layers) counts.add(layer.name);
    for (const Bookmark& bookmark : project.bookmarks) counts.add(bookmark.name);
    for (const Tour& tour : project.tours) {
        counts.add(tour.name);
        for (const TourStop& stop : tour.stops) counts.add(stop.caption);
    }
    counts.add(project.attribution);
    if (!isProjectFile(project.path)) return counts.han > 0 ? TextLanguage::Chinese : TextLanguage::Unknown;
    return counts.language();
}

}  // namespace geo
