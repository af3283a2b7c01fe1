#include "geo/ProjectWriter.h"
#include <unistd.h>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <toml++/toml.h>
#include "geo/Errors.h"

namespace fs = std::filesystem;

namespace geo {

namespace {

std::string trimmed(const std::string& s) {
    std::size_t a = s.find_first_not_of(" \t\r"), b = s.find_last_not_of(" \t\r");
    return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

bool isBookmarkHeader(const std::string& line) {
    std::string t = trimmed(line);
    if (t.rfind("[[", 0) != 0) return false;
    std::size_t close = t.find("]]");
    return close != std::string::npos && trimmed(t.substr(2, close - 2)) == "bookmark";
}

bool isTableHeader(const std::string& line) { return trimmed(line).rfind('[', 0) == 0; }

bool isBlankOrComment(const std::string& line) {
    std::string t = trimmed(line);
    return t.empty() || t[0] == '#';
}

// The key of a `key = value` line ("" for anything else).
std::string keyOf(const std::string& line) {
    if (isBlankOrComment(line)) return "";
    std::size_t eq = line.find('=');
    if (eq == std::string::npos) return "";
    std::string key = trimmed(line.substr(0, eq));
    if (key.size() >= 2 && (key.front() == '"' || key.front() == '\'') && key.back() == key.front()) key = key.substr(1, key.size() - 2);
    return key;
}

// Lines a value spans: more than one for an array left open at the end of its first line.
std::size_t valueLines(const std::vector<std::string>& lines, std::size_t at, std::size_t end) {
    int depth = 0;
    bool inString = false;
    char quote = 0;
    for (std::size_t i = at; i < end; ++i) {
        const std::string& line = lines[i];
        std::size_t from = i == at ? line.find('=') + 1 : 0;
        for (std::size_t c = from; c < line.size(); ++c) {
            char ch = line[c];
            if (inString) {
                if (ch == '\\' && quote == '"') ++c;
                else if (ch == quote) inString = false;
            } else if (ch == '"' || ch == '\'') {
                inString = true;
                quote = ch;
            } else if (ch == '#') {
                break;
            } else if (ch == '[') {
                ++depth;
            } else if (ch == ']') {
                --depth;
            }
        }
        if (depth <= 0) return i - at + 1;
    }
    return end - at;
}

// A TOML basic string: "…" with backslash, quote and control characters escaped.
std::string tomlString(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20 || c == 0x7f) {
            char escape[8];
            std::snprintf(escape, sizeof escape, "\\u%04X", c);
            out += escape;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out + "\"";
}

// At most `decimals` decimals, without trailing zeros: 120.19, 800, 45.5.
std::string number(double v, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
    std::string text = buffer;
    if (text.find('.') != std::string::npos) {
        while (text.back() == '0') text.pop_back();
        if (text.back() == '.') text.pop_back();
    }
    return text == "-0" ? "0" : text;
}

// The managed keys of a bookmark, in the order they are written, with their values (nullopt: absent).
std::vector<std::pair<std::string, std::optional<std::string>>> managedValues(const Bookmark& b) {
    std::optional<std::string> layers;
    if (b.layers) {
        std::string list = "[";
        for (std::size_t i = 0; i < b.layers->size(); ++i) list += (i ? ", " : "") + tomlString((*b.layers)[i]);
        layers = list + "]";
    }
    return {{"name", tomlString(b.name)},
            {"lon", number(b.view.lon, 6)},
            {"lat", number(b.view.lat, 6)},
            {"distance", number(b.view.distance, 1)},
            {"heading", number(b.view.heading, 1)},
            {"pitch", number(b.view.pitch, 1)},
            {"layers", layers},
            {"date", b.date.empty() ? std::nullopt : std::optional<std::string>(tomlString(b.date))},
            {"sun", b.sun.empty() ? std::nullopt : std::optional<std::string>(tomlString(b.sun))},
            {"compare", b.compare.empty() ? std::nullopt : std::optional<std::string>(tomlString(b.compare))},
            {"compare_pair", b.comparePair.empty() ? std::nullopt : std::optional<std::string>(tomlString(b.comparePair))},
            {"envelopes", b.envelopes ? std::optional<std::string>("true") : std::nullopt}};
}

// A [[bookmark]] table for `b`: the original table's lines with managed keys updated in place, the
// ones it lacks added after its last managed key; or a new table.
std::vector<std::string> bookmarkTable(const Bookmark& b, const std::vector<std::string>* original) {
    const auto values = managedValues(b);
    auto managed = [&](const std::string& key) -> const std::optional<std::string>* {
        for (const auto& [k, v] : values)
            if (k == key) return &v;
        return nullptr;
    };
    std::vector<std::string> out;
    std::vector<std::string> written;
    std::size_t insertAt = 1;
    if (original) {
        out.push_back((*original)[0]);
        for (std::size_t i = 1; i < original->size();) {
            const std::string key = keyOf((*original)[i]);
            std::size_t span = key.empty() ? 1 : valueLines(*original, i, original->size());
            if (const auto* value = key.empty() ? nullptr : managed(key)) {
                // Keep the line's indentation; a managed key with no value any more goes.
                if (*value) {
                    const std::string& line = (*original)[i];
                    out.push_back(line.substr(0, line.find_first_not_of(" \t")) + key + " = " + **value);
                    written.push_back(key);
                }
                insertAt = out.size();
            } else {
                for (std::size_t k = 0; k < span; ++k) out.push_back((*original)[i + k]);
            }
            i += span;
        }
    } else {
        out.push_back("[[bookmark]]");
    }
    std::vector<std::string> missing;
    for (const auto& [key, value] : values)
        if (value && std::find(written.begin(), written.end(), key) == written.end()) missing.push_back(key + " = " + *value);
    out.insert(out.begin() + static_cast<std::ptrdiff_t>(std::min(insertAt, out.size())), missing.begin(), missing.end());
    return out;
}

}  // namespace

std::string withBookmarks(const std::string& text, const std::vector<EditedBookmark>& bookmarks) {
    std::vector<std::string> lines;
    {
        std::size_t start = 0;
        while (start <= text.size()) {
            std::size_t end = text.find('\n', start);
            if (end == std::string::npos) {
                if (start < text.size()) lines.push_back(text.substr(start));
                break;
            }
            lines.push_back(text.substr(start, end - start));
            start = end + 1;
        }
    }
    // Each table runs from its header to its last key line; comments and blank lines after it belong
    // to what follows (a section comment before the next table).
    struct Table {
        std::size_t begin, end;
    };
    std::vector<Table> tables;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (!isBookmarkHeader(lines[i])) continue;
        std::size_t next = i + 1;
        while (next < lines.size() && !isTableHeader(lines[next])) {
            std::size_t span = keyOf(lines[next]).empty() ? 1 : valueLines(lines, next, lines.size());
            next += span;
        }
        std::size_t end = next;
        while (end > i + 1 && isBlankOrComment(lines[end - 1])) --end;
        tables.push_back({i, end});
        i = end - 1;
    }
    auto original = [&](const EditedBookmark& e) -> std::optional<std::vector<std::string>> {
        if (!e.origin || *e.origin >= tables.size()) return std::nullopt;
        const Table& t = tables[*e.origin];
        return std::vector<std::string>(lines.begin() + static_cast<std::ptrdiff_t>(t.begin), lines.begin() + static_cast<std::ptrdiff_t>(t.end));
    };
    auto tableFor = [&](const EditedBookmark& e) {
        auto lines = original(e);
        return bookmarkTable(e.bookmark, lines ? &*lines : nullptr);
    };

    // Renamed bookmarks: tour stops naming them follow the new name.
    std::map<std::string, std::string> renamed;
    {
        std::vector<std::string> originalNames;
        try {
            for (const Bookmark& b : parseProject(text, "").bookmarks) originalNames.push_back(b.name);
        } catch (const InputError&) {
            // A text that does not parse has no tours to keep consistent.
        }
        for (const EditedBookmark& e : bookmarks)
            if (e.origin && *e.origin < originalNames.size() && originalNames[*e.origin] != e.bookmark.name)
                renamed[originalNames[*e.origin]] = e.bookmark.name;
    }
    bool inTourStop = false;
    for (std::string& line : lines) {
        if (isTableHeader(line)) {
            std::string t = trimmed(line);
            inTourStop = t.rfind("[[", 0) == 0 && t.find("]]") != std::string::npos &&
                         trimmed(t.substr(2, t.find("]]") - 2)) == "tour.stop";
            continue;
        }
        if (!inTourStop || renamed.empty() || keyOf(line) != "bookmark") continue;
        std::string value = line.substr(line.find('=') + 1);
        try {
            auto parsed = toml::parse("v = " + value);
            auto name = parsed["v"].value<std::string>();
            auto to = name ? renamed.find(*name) : renamed.end();
            if (to != renamed.end()) line = line.substr(0, line.find_first_not_of(" \t")) + "bookmark = " + tomlString(to->second);
        } catch (const toml::parse_error&) {
        }
    }

    std::vector<std::string> out;
    std::size_t next = 0;   // the next bookmark to place
    for (std::size_t i = 0, t = 0; i < lines.size();) {
        if (t < tables.size() && i == tables[t].begin) {
            if (next < bookmarks.size()) {
                std::vector<std::string> table = tableFor(bookmarks[next++]);
                out.insert(out.end(), table.begin(), table.end());
            } else {
                // A table with no bookmark left: drop it and the blank lines that separated it.
                while (!out.empty() && trimmed(out.back()).empty()) out.pop_back();
            }
            i = tables[t].end;
            // After the last table, the bookmarks that did not have one.
            if (++t == tables.size())
                for (; next < bookmarks.size(); ++next) {
                    out.push_back("");
                    std::vector<std::string> table = tableFor(bookmarks[next]);
                    out.insert(out.end(), table.begin(), table.end());
                }
            continue;
        }
        out.push_back(lines[i++]);
    }
    for (; next < bookmarks.size(); ++next) {
        if (!out.empty() && !trimmed(out.back()).empty()) out.push_back("");
        std::vector<std::string> table = tableFor(bookmarks[next]);
        out.insert(out.end(), table.begin(), table.end());
    }
    std::string result;
    for (const std::string& line : out) result += line + '\n';
    // A file that did not end in a newline keeps not ending in one.
    if (!text.empty() && text.back() != '\n' && !result.empty()) result.pop_back();
    return result;
}

void saveBookmarks(const std::string& path, const std::vector<EditedBookmark>& bookmarks) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw OutputError(path + ": cannot read the project file to save bookmarks");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    const std::string text = withBookmarks(buffer.str(), bookmarks);
    try {
        parseProject(text, path);   // never write a project that would not open again
    } catch (const InputError& e) {
        throw OutputError(path + ": bookmarks not saved, the result would not read back: " + e.what());
    }
    const fs::path target(path);
    std::string temporary = (target.parent_path() / ("." + target.filename().string() + ".XXXXXX")).string();
    int fd = mkstemp(temporary.data());
    if (fd < 0) throw OutputError(path + ": cannot create a temporary file beside it to save bookmarks");
    bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && fsync(fd) == 0;
    ::close(fd);
    std::error_code ec;
    if (ok) {
        fs::permissions(temporary, fs::status(target, ec).permissions(), ec);
        fs::rename(temporary, target, ec);
        ok = !ec;
    }
    if (!ok) {
        fs::remove(temporary, ec);
        throw OutputError(path + ": cannot write the project file to save bookmarks");
    }
}

}  // namespace geo
