#include "geo/ComparePairs.h"
#include <cmath>
#include <toml++/toml.h>
#include "geo/Errors.h"
#include "geo/Log.h"

namespace geo {

const CompareSettings* Project::comparePair(const std::string& name) const {
    if (name.empty()) return compares.empty() ? nullptr : &compares.front();
    for (const CompareSettings& c : compares)
        if (c.name == name) return &c;
    return nullptr;
}

namespace {

class ComparePairsParser {
public:
    ComparePairsParser(std::string path, Project& project) : path_(std::move(path)), project_(project) {}

    void parse(const std::string& text) {
        toml::table root;
        try {
            root = toml::parse(text, path_);
        } catch (const toml::parse_error& e) {
            throw InputError(path_ + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()));
        }
        if (const toml::node* node = root.get("compare")) {
            if (const toml::array* list = node->as_array()) {
                // [[compare]]: several pairs, each named so that the panel and bookmarks can choose it.
                for (const toml::node& item : *list) {
                    if (!item.is_table()) fail(item, "compare", "must be a table ([compare]) or an array of tables ([[compare]])");
                    project_.compares.push_back(pair(*item.as_table(), true));
                }
            } else if (const toml::table* t = node->as_table()) {
                project_.compares.push_back(pair(*t, false));
            } else {
                fail(*node, "compare", "must be a table ([compare]) or an array of tables ([[compare]])");
            }
        }
        if (const toml::array* bookmarks = root.get("bookmark") ? root.get("bookmark")->as_array() : nullptr)
            for (std::size_t i = 0; i < bookmarks->size() && i < project_.bookmarks.size(); ++i)
                if (const toml::table* t = bookmarks->get(i)->as_table()) comparePair(*t, project_.bookmarks[i]);
    }

private:
    std::string path_;
    Project& project_;

    CompareSettings pair(const toml::table& t, bool named) const {
        const std::string where = named ? "compare " + std::to_string(project_.compares.size() + 1) : "compare";
        warnUnknown(t, where, {"name", "before", "after", "key", "tolerance"});
        CompareSettings c;
        c.name = text(t, "name", where);
        if (named && c.name.empty()) fail(t, where, "missing required key 'name' (each [[compare]] names its pair)");
        for (const CompareSettings& other : project_.compares)
            if (other.name == c.name) fail(*t.get("name"), where + ".name", "a pair of this name comes earlier");
        c.before = text(t, "before", where);
        c.after = text(t, "after", where);
        for (const char* key : {"before", "after"}) {
            const std::string& name = std::string(key) == "before" ? c.before : c.after;
            if (name.empty()) failMissing(t, key, where);
            bool known = false;
            for (const LayerSpec& l : project_.layers) known = known || l.name == name;
            if (!known) fail(*t.get(key), where + "." + key, "no layer named '" + name + "'");
        }
        if (c.before == c.after) fail(*t.get("after"), where + ".after", "names the same layer as " + where + ".before");
        c.key = text(t, "key", where);
        if (const toml::node* n = t.get("tolerance")) {
            auto tolerance = n->value<double>();
            if (!tolerance || !(*tolerance >= 0) || !std::isfinite(*tolerance))
                fail(*n, where + ".tolerance", "must be a number of metres, 0 or more");
            c.toleranceM = *tolerance;
        }
        return c;
    }

    void comparePair(const toml::table& t, Bookmark& b) const {
        const toml::node* n = t.get("compare_pair");
        if (!n) return;
        const std::string where = "bookmark '" + b.name + "'.compare_pair";
        if (!n->is_string()) fail(*n, where, "must be a string");
        b.comparePair = n->as_string()->get();
        if (b.compare.empty()) fail(*n, where, "needs compare = \"swipe\" or \"changes\" beside it");
        if (project_.comparePair(b.comparePair)) return;
        std::string names;
        for (const CompareSettings& c : project_.compares) names += (names.empty() ? "'" : ", '") + c.name + "'";
        fail(*n, where, "no [[compare]] pair named '" + b.comparePair + "'" + (names.empty() ? "" : " (pairs: " + names + ")"));
    }

    std::string text(const toml::table& t, const char* key, const std::string& where) const {
        const toml::node* n = t.get(key);
        if (!n) return "";
        if (!n->is_string()) fail(*n, where + "." + key, "must be a string");
        if (n->as_string()->get().empty()) fail(*n, where + "." + key, "must not be empty");
        return n->as_string()->get();
    }
    void warnUnknown(const toml::table& t, const std::string& where, std::initializer_list<const char*> known) const {
        for (const auto& [key, node] : t) {
            bool ok = false;
            for (const char* k : known) ok = ok || key.str() == k;
            if (!ok)
                log().warn("{}:{}: {}.{}: unknown key, ignored", path_, node.source().begin.line, where, std::string(key.str()));
        }
    }
    [[noreturn]] void fail(const toml::node& node, const std::string& key, const std::string& cause) const {
        throw InputError(path_ + ":" + std::to_string(node.source().begin.line) + ": " + key + ": " + cause);
    }
    [[noreturn]] void failMissing(const toml::table& t, const std::string& key, const std::string& where) const {
        throw InputError(path_ + ":" + std::to_string(t.source().begin.line) + ": " + where + ": missing required key '" + key + "'");
    }
};

}  // namespace

void parseComparePairs(const std::string& text, const std::string& path, Project& project) {
    ComparePairsParser(path, project).parse(text);
}

}  // namespace geo
