#include "geo/Style.h"
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <unordered_map>

namespace geo {

std::optional<Color> parseColor(const std::string& text) {
    if ((text.size() != 7 && text.size() != 9) || text[0] != '#') return std::nullopt;
    if (!std::all_of(text.begin() + 1, text.end(), [](unsigned char c) { return std::isxdigit(c); }))
        return std::nullopt;
    auto channel = [&](std::size_t i) { return std::stoi(text.substr(i, 2), nullptr, 16) / 255.0f; };
    Color c{channel(1), channel(3), channel(5), text.size() == 9 ? channel(7) : 1.0f};
    return c;
}

std::string colorHex(const Color& c) {
    auto byte = [](float v) { return static_cast<int>(std::clamp(v, 0.0f, 1.0f) * 255.0f + 0.5f); };
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "#%02X%02X%02X", byte(c.r), byte(c.g), byte(c.b));
    return buffer;
}

Color LayerStyle::colorFor(const Value& v) const {
    if (!ranges.empty()) {
        const double x = toNumber(v, std::nan(""));
        for (const StyleRange& r : ranges)
            if (x >= r.lower && x <= r.upper) return r.color;
        return defaultColor;
    }
    std::string key = toString(v);
    if (!prefixMatch) {
        auto it = colors.find(key);
        return it != colors.end() ? it->second : defaultColor;
    }
    for (std::size_t n = key.size(); n > 0; --n) {
        auto it = colors.find(key.substr(0, n));
        if (it != colors.end()) {
            // Prefixes only for land-use-like codes: "R21" may take "R2"'s colour, "12" not "1"'s.
            if (n == key.size() || std::isalpha(static_cast<unsigned char>(key[0]))) return it->second;
        }
    }
    return defaultColor;
}

std::string LayerStyle::labelFor(const std::string& value, bool chinese) const {
    if (!chinese)
        if (auto it = labelsEn.find(value); it != labelsEn.end()) return it->second;
    auto it = labels.find(value);
    return it != labels.end() ? it->second : std::string();
}

std::string LayerStyle::caption(const std::string& value, bool chinese, bool landUse) const {
    std::string label = labelFor(value, chinese);
    const LandUseClass* c = findLandUseClass(value);
    if (c && (landUse || c->code == value))
        return value + " " + (label.empty() ? (chinese ? c->nameZh : c->nameEn) : label);
    return label.empty() ? value : label;
}

namespace {

Color hex(const char* h) { return *parseColor(h); }

}  // namespace

const std::vector<LandUseClass>& landUseClasses() {
    // GB 50137-2011 classes in the colours Chinese planning maps have long used for them
    // (R yellow, A magenta/pink, B red, M brown, W purple, S grey, U blue-grey, G green, E light blue).
    static const std::vector<LandUseClass> classes = {
        {"R", hex("#FFD700"), "居住用地", "Residential"},
        {"R1", hex("#FFF27F"), "一类居住用地", "Class 1 residential"},
        {"R2", hex("#FFE600"), "二类居住用地", "Class 2 residential"},
        {"R3", hex("#E6C200"), "三类居住用地", "Class 3 residential"},
        {"A", hex("#FF7FBF"), "公共管理与公共服务设施用地", "Public administration and services"},
        {"A1", hex("#FF66B3"), "行政办公用地", "Administration"},
        {"A2", hex("#F27FD9"), "文化设施用地", "Cultural facilities"},
        {"A3", hex("#FF99CC"), "教育科研用地", "Education and research"},
        {"A4", hex("#E680B3"), "体育用地", "Sports"},
        {"A5", hex("#FF8080"), "医疗卫生用地", "Health care"},
        {"A6", hex("#FFA6C9"), "社会福利用地", "Social welfare"},
        {"A7", hex("#B35A8C"), "文物古迹用地", "Heritage sites"},
        {"A9", hex("#CC6699"), "宗教用地", "Religious"},
        {"B", hex("#FF0000"), "商业服务业设施用地", "Commercial and business"},
        {"B1", hex("#FF3333"), "商业用地", "Retail and commercial"},
        {"B2", hex("#E60000"), "商务用地", "Business and finance offices"},
        {"B3", hex("#FF6666"), "娱乐康体用地", "Entertainment and recreation"},
        {"B4", hex("#CC3333"), "公用设施营业网点用地", "Utility service outlets"},
        {"B9", hex("#FF9999"), "其他服务设施用地", "Other services"},
        {"M", hex("#A0522D"), "工业用地", "Industrial"},
        {"M1", hex("#C08050"), "一类工业用地", "Class 1 industrial"},
        {"M2", hex("#A0522D"), "二类工业用地", "Class 2 industrial"},
        {"M3", hex("#7F3F1F"), "三类工业用地", "Class 3 industrial"},
        {"W", hex("#9966CC"), "物流仓储用地", "Logistics and warehousing"},
        {"S", hex("#A6A6A6"), "道路与交通设施用地", "Roads and transport"},
        {"S1", hex("#BFBFBF"), "城市道路用地", "Urban roads"},
        {"S3", hex("#8C8C8C"), "交通枢纽用地", "Transport hubs"},
        {"S4", hex("#999999"), "交通场站用地", "Transport stations and depots"},
        {"U", hex("#6E8CA8"), "公用设施用地", "Public utilities"},
        {"G", hex("#00A651"), "绿地与广场用地", "Green space and squares"},
        {"G1", hex("#00A651"), "公园绿地", "Parks"},
        {"G2", hex("#4DBF73"), "防护绿地", "Buffer green"},
        {"G3", hex("#99D9A6"), "广场用地", "Squares"},
        {"E", hex("#A6D8F0"), "非建设用地", "Water and non-urban land"},
        {"E1", hex("#A6D8F0"), "水域", "Water"},
    };
    return classes;
}

const LandUseClass* findLandUseClass(const std::string& code) {
    const LandUseClass* best = nullptr;
    for (const auto& c : landUseClasses()) {
        if (code.compare(0, c.code.size(), c.code) == 0 && (!best || c.code.size() > best->code.size())) best = &c;
    }
    return best;
}

LayerStyle landUseStyle(const std::string& field) {
    LayerStyle style;
    style.by = field;
    for (const auto& c : landUseClasses()) style.colors[c.code] = c.color;
    return style;
}

bool isLandUseFieldName(const std::string& field) {
    std::string lower;
    for (char c : field) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    static const char* names[] = {"landuse", "land_use", "lucode", "lu_code", "ydxz", "yongdi",
                                  "dldm", "用地性质", "用地代码", "用地类型", "用地分类"};
    return std::any_of(std::begin(names), std::end(names), [&](const char* n) { return lower == n; });
}

Color featureColor(const LayerStyle& style, const FeatureLayer& layer, const Feature& feature) {
    Color c = style.by.empty() ? style.defaultColor : style.colorFor(layer.value(feature, style.by));
    c.a *= static_cast<float>(std::clamp(style.opacity, 0.0, 1.0));
    return c;
}

std::vector<Color> featureColors(const LayerStyle& style, const FeatureLayer& layer) {
    std::vector<Color> colors;
    colors.reserve(layer.features.size());
    // featureColor once a distinct value (a layer has a handful; looking each up by its text and
    // prefixes was 40 ms for 200,000 parcels). The colour depends on the value's text alone.
    const int index = layer.fieldIndex(style.by);
    std::unordered_map<std::string, Color> colorOfText;
    for (const Feature& f : layer.features) {
        const bool has = index >= 0 && static_cast<std::size_t>(index) < f.values.size();
        std::string text = has ? toString(f.values[static_cast<std::size_t>(index)]) : std::string();
        auto found = colorOfText.find(text);
        if (found == colorOfText.end()) found = colorOfText.emplace(std::move(text), featureColor(style, layer, f)).first;
        colors.push_back(found->second);
    }
    return colors;
}

}  // namespace geo
