#include "geo/CheckRules.h"
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <toml++/toml.h>
#include "geo/Errors.h"

namespace geo {

const char* limitKey(LimitKind k) {
    switch (k) {
    case LimitKind::MaxHeight: return "max_height_m";
    case LimitKind::MaxFar: return "max_far";
    case LimitKind::MaxDensity: return "max_density";
    case LimitKind::MinGreenRatio: return "min_green_ratio";
    case LimitKind::MinSetback: return "min_setback_m";
    }
    return "";
}

const char* limitFieldKey(LimitKind k) {
    switch (k) {
    case LimitKind::MaxHeight: return "max_height";
    case LimitKind::MaxFar: return "max_far";
    case LimitKind::MaxDensity: return "max_density";
    case LimitKind::MinGreenRatio: return "min_green_ratio";
    case LimitKind::MinSetback: return "min_setback";
    }
    return "";
}

const char* limitNameZh(LimitKind k) {
    switch (k) {
    case LimitKind::MaxHeight: return "限高";
    case LimitKind::MaxFar: return "容积率";
    case LimitKind::MaxDensity: return "建筑密度";
    case LimitKind::MinGreenRatio: return "绿地率";
    case LimitKind::MinSetback: return "退线";
    }
    return "";
}

bool isUpperLimit(LimitKind k) { return k != LimitKind::MinGreenRatio && k != LimitKind::MinSetback; }
bool isShareLimit(LimitKind k) { return k == LimitKind::MaxDensity || k == LimitKind::MinGreenRatio; }

std::string CheckRule::describe() const {
    std::string text = name;
    if (text.empty()) {
        auto add = [&](const std::string& key, const std::string& value) {
            if (!value.empty()) text += (text.empty() ? "" : ", ") + key + " " + value;
        };
        add("landuse", landuse);
        add("zone", zone);
        add("where", where);
        if (text.empty()) text = "every parcel";
    }
    return "rule '" + text + "' (" + file + ":" + std::to_string(line) + ")";
}

void CheckSettings::merge(const CheckSettings& later) {
    for (auto [mine, theirs] : {std::pair{&layer, &later.layer}, {&buildings, &later.buildings}, {&green, &later.green},
                                {&zones, &later.zones}, {&zoneField, &later.zoneField}, {&landuseField, &later.landuseField},
                                {&idField, &later.idField}, {&nameField, &later.nameField},
                                {&floorAreaField, &later.floorAreaField}, {&floorsField, &later.floorsField}})
        if (!theirs->empty()) *mine = *theirs;
    if (later.storeyHeight != 3) storeyHeight = later.storeyHeight;
    for (std::size_t i = 0; i < kLimitKinds; ++i)
        if (!later.limitFields[i].empty()) limitFields[i] = later.limitFields[i];
    rules.insert(rules.end(), later.rules.begin(), later.rules.end());
}

namespace {

class RulesParser {
public:
    explicit RulesParser(std::string path) : path_(std::move(path)) {}

    CheckSettings parse(const std::string& text) {
        toml::table root;
        try {
            root = toml::parse(text, path_);
        } catch (const toml::parse_error& e) {
            throw InputError(path_ + ":" + std::to_string(e.source().begin.line) + ": " + oneLine(std::string(e.description())));
        }
        CheckSettings s;
        if (const toml::node* c = root.get("check")) {
            if (!c->is_table()) fail(*c, "check", "must be a table ([check])");
            settings(*c->as_table(), s);
        }
        if (const toml::node* r = root.get("rule")) {
            const toml::array* list = r->as_array();
            if (!list) fail(*r, "rule", "must be an array of tables ([[rule]])");
            for (const toml::node& item : *list) {
                if (!item.is_table()) fail(item, "rule", "must be an array of tables ([[rule]])");
                s.rules.push_back(rule(*item.as_table(), s.rules.size() + 1));
            }
        }
        return s;
    }

private:
    std::string path_;

    static std::string oneLine(std::string text) {
        for (char& c : text)
            if (c == '\n' || c == '\r') c = ' ';
        return text;
    }
    [[noreturn]] void fail(const toml::node& node, const std::string& key, const std::string& cause) const {
        throw InputError(path_ + ":" + std::to_string(node.source().begin.line) + ": " + key + ": " + oneLine(cause));
    }
    void onlyKnown(const toml::table& t, const std::string& where, const std::vector<std::string>& known) const {
        for (const auto& [key, node] : t) {
            bool ok = false;
            for (const std::string& k : known) ok = ok || key.str() == k;
            if (!ok) {
                std::string list;
                for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
                fail(node, where + "." + std::string(key.str()), "unknown key (known: " + list + ")");
            }
        }
    }
    std::string text(const toml::table& t, const char* key, const std::string& where) const {
        const toml::node* n = t.get(key);
        if (!n) return "";
        if (!n->is_string()) fail(*n, where + "." + key, "must be a string");
        const std::string value = n->as_string()->get();
        if (value.empty()) fail(*n, where + "." + key, "must not be empty");
        return value;
    }

    void settings(const toml::table& t, CheckSettings& s) const {
        onlyKnown(t, "check", {"layer", "buildings", "green", "zones", "zone_field", "landuse_field", "id_field", "name_field",
                               "floor_area_field", "floors_field", "storey_height", "fields"});
        s.layer = text(t, "layer", "check");
        s.buildings = text(t, "buildings", "check");
        s.green = text(t, "green", "check");
        s.zones = text(t, "zones", "check");
        s.zoneField = text(t, "zone_field", "check");
        s.landuseField = text(t, "landuse_field", "check");
        s.idField = text(t, "id_field", "check");
        s.nameField = text(t, "name_field", "check");
        s.floorAreaField = text(t, "floor_area_field", "check");
        s.floorsField = text(t, "floors_field", "check");
        if (const toml::node* n = t.get("storey_height")) {
            auto v = n->value<double>();
            if (!v || !std::isfinite(*v) || *v <= 0 || *v > 100) fail(*n, "check.storey_height", "must be a number of metres, more than 0 and at most 100");
            s.storeyHeight = *v;
        }
        if (const toml::node* f = t.get("fields")) {
            if (!f->is_table()) fail(*f, "check.fields", "must be a table ([check.fields]) of limit = \"attribute\"");
            std::vector<std::string> keys;
            for (LimitKind k : kAllLimitKinds) keys.push_back(limitFieldKey(k));
            onlyKnown(*f->as_table(), "check.fields", keys);
            for (LimitKind k : kAllLimitKinds)
                s.limitFields[static_cast<std::size_t>(k)] = text(*f->as_table(), limitFieldKey(k), "check.fields");
        }
    }

    CheckRule rule(const toml::table& t, std::size_t number) const {
        const std::string where = "rule " + std::to_string(number);
        std::vector<std::string> keys = {"name", "landuse", "zone", "where"};
        for (LimitKind k : kAllLimitKinds) keys.push_back(limitKey(k));
        onlyKnown(t, where, keys);
        CheckRule r;
        r.file = path_;
        r.line = static_cast<int>(t.source().begin.line);
        r.name = text(t, "name", where);
        r.landuse = text(t, "landuse", where);
        r.zone = text(t, "zone", where);
        r.where = text(t, "where", where);
        bool any = false;
        for (LimitKind k : kAllLimitKinds) {
            const toml::node* n = t.get(limitKey(k));
            if (!n) continue;
            const std::string key = where + "." + limitKey(k);
            auto v = n->value<double>();
            if (!v || !std::isfinite(*v)) fail(*n, key, "must be a number");
            if (*v < 0) fail(*n, key, "must not be negative");
            double value = *v;
            if (isShareLimit(k)) {
                if (value > 100) fail(*n, key, "must be a share (0..1) or a percentage (0..100)");
                if (value > 1) value /= 100;
            }
            r.limits[static_cast<std::size_t>(k)] = value;
            any = true;
        }
        if (!any) {
            std::string list;
            for (LimitKind k : kAllLimitKinds) list += (list.empty() ? "" : ", ") + std::string(limitKey(k));
            fail(t, where, "gives no limit (" + list + ")");
        }
        return r;
    }
};

}  // namespace

CheckSettings parseCheckRules(const std::string& text, const std::string& path) { return RulesParser(path).parse(text); }

CheckSettings loadCheckRules(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) throw InputError(path + ": no such file or directory");
    if (std::filesystem::is_directory(path, ec)) throw InputError(path + ": is a directory, not a rules file");
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) throw InputError(path + ": cannot be read");
    return parseCheckRules(text.str(), path);
}

}  // namespace geo
