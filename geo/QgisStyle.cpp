#include "geo/QgisStyle.h"
#include <cpl_minixml.h>
#include <ogrsf_frmts.h>
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include "geo/Errors.h"
#include "geo/Log.h"
#include "geo/Source.h"
#include "geo/Xml.h"

namespace fs = std::filesystem;

namespace geo {

namespace {

using xml::attr;
using xml::child;
using xml::name;

std::vector<const CPLXMLNode*> children(const CPLXMLNode* n, const char* element) {
    std::vector<const CPLXMLNode*> out;
    for (const CPLXMLNode* c = n ? n->psChild : nullptr; c; c = c->psNext)
        if (c->eType == CXT_Element && name(c) == element) out.push_back(c);
    return out;
}

double number(const std::string& text, double fallback) {
    if (text.empty()) return fallback;
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    return end && *end == '\0' && std::isfinite(v) ? v : fallback;
}

/// A symbol layer's properties: <Option type="Map"><Option name=… value=…/> and the older <prop k= v=>.
std::map<std::string, std::string> properties(const CPLXMLNode* layer) {
    std::map<std::string, std::string> props;
    for (const CPLXMLNode* p : children(layer, "prop")) props[attr(p, "k")] = attr(p, "v");
    if (const CPLXMLNode* map = child(layer, "Option"))
        for (const CPLXMLNode* o : children(map, "Option"))
            if (!attr(o, "name").empty() && attr(o, "type") != "Map") props[attr(o, "name")] = attr(o, "value");
    return props;
}

/// Whether a <data_defined_properties> block switches any property to an expression or a field.
bool hasActiveDataDefined(const CPLXMLNode* n, int depth = 0) {
    for (const CPLXMLNode* c = n ? n->psChild : nullptr; c && depth < 32; c = c->psNext) {
        if (c->eType != CXT_Element) continue;
        if (name(c) == "Option" && attr(c, "name") == "active" && attr(c, "value") == "true") return true;
        if (hasActiveDataDefined(c, depth + 1)) return true;
    }
    return false;
}

/// QGIS sizes in millimetres on paper (MM, the default), points, pixels, or map units and metres.
double toMillimetres(double size, const std::string& unit) {
    if (unit == "Point") return size * 25.4 / 72;
    if (unit == "Pixel") return size * 0.26;
    if (unit == "Inch") return size * 25.4;
    return size;
}

/// PlanView draws lines as ribbons of a width in metres: a width in millimetres is taken as printed
/// at 1:10,000 (a district plan's scale), one in map units or metres as it is.
double ribbonMetres(double size, const std::string& unit) {
    if (unit == "MapUnit" || unit == "RenderMetersInMapUnits") return std::max(size, 0.1);
    return std::max(toMillimetres(size, unit) * 10.0, 1.0);
}

/// One symbol read: its colour and what else PlanView keeps of it.
struct Symbol {
    Color color{0.73f, 0.73f, 0.73f, 1};
    std::optional<Color> outlineColor;
    double outlineWidthMm = 0;
    std::optional<double> lineWidthMetres;
    bool dashed = false;
    double markerSizeMm = 0;
};

class StyleReader {
public:
    QgisStyle out;

    void unsupported(const std::string& what) {
        if (std::find(out.unsupported.begin(), out.unsupported.end(), what) == out.unsupported.end())
            out.unsupported.push_back(what);
    }

    Symbol symbol(const CPLXMLNode* s) {
        Symbol sym;
        if (!s) return sym;
        const float alpha = static_cast<float>(std::clamp(number(attr(s, "alpha"), 1.0), 0.0, 1.0));
        std::vector<const CPLXMLNode*> layers;
        for (const CPLXMLNode* l : children(s, "layer"))
            if (attr(l, "enabled", "1") != "0") layers.push_back(l);
        bool first = true;
        for (const CPLXMLNode* l : layers) {
            const std::string cls = attr(l, "class");
            auto props = properties(l);
            if (hasActiveDataDefined(child(l, "data_defined_properties"))) unsupported("data-defined symbol properties");
            if (child(l, "symbol")) unsupported("sub-symbols of symbol layer '" + cls + "'");
            if (!first) {
                // A fill's second layer that is a simple line is its outline, as QGIS's style dock makes it.
                if (cls == "SimpleLine" && attr(s, "type") == "fill") {
                    if (auto c = qgisColor(props["line_color"])) sym.outlineColor = c;
                    sym.outlineWidthMm = toMillimetres(number(props["line_width"], 0.26), props["line_width_unit"]);
                } else {
                    unsupported("more than one symbol layer");
                }
                continue;
            }
            first = false;
            if (cls == "SimpleFill") {
                if (auto c = qgisColor(props["color"])) sym.color = *c;
                const std::string brush = props.count("style") ? props["style"] : "solid";
                if (brush == "no") sym.color.a = 0;
                else if (brush != "solid") unsupported("brush style '" + brush + "'");
                if (props["outline_style"] == "no") {
                    sym.outlineColor = Color{0, 0, 0, 0};
                } else {
                    if (auto c = qgisColor(props["outline_color"])) sym.outlineColor = c;
                    sym.outlineWidthMm = toMillimetres(number(props["outline_width"], 0.26), props["outline_width_unit"]);
                }
            } else if (cls == "SimpleLine") {
                if (auto c = qgisColor(props["line_color"])) sym.color = *c;
                sym.lineWidthMetres = ribbonMetres(number(props["line_width"], 0.26), props["line_width_unit"]);
                const std::string pen = props.count("line_style") ? props["line_style"] : "solid";
                if (pen == "no") sym.color.a = 0;
                sym.dashed = pen != "solid" && pen != "no";
                if (props["use_custom_dash"] == "1") sym.dashed = true;
            } else if (cls == "SimpleMarker") {
                if (auto c = qgisColor(props["color"])) sym.color = *c;
                sym.markerSizeMm = toMillimetres(number(props["size"], 2), props["size_unit"]);
            } else {
                unsupported("symbol layer '" + cls + "'");
                // The nearest colour: what the layer calls its colour, else its line's or first gradient's.
                for (const char* key : {"color", "line_color", "color1", "fill_color"})
                    if (auto c = qgisColor(props[key])) {
                        sym.color = *c;
                        break;
                    }
            }
        }
        sym.color.a *= alpha;
        return sym;
    }

    /// The <symbol> elements of a renderer by their name ("0", "1", …).
    std::map<std::string, const CPLXMLNode*> symbols(const CPLXMLNode* renderer) {
        std::map<std::string, const CPLXMLNode*> byName;
        for (const CPLXMLNode* s : children(child(renderer, "symbols"), "symbol")) byName[attr(s, "name")] = s;
        return byName;
    }

    /// PlanView draws a layer's lines one width and pen: the widest of its symbols, dashed only
    /// when every line symbol is.
    int lineSymbols = 0, dashedSymbols = 0;
    bool widened = false;

    void takeSymbol(const Symbol& s) {
        LayerStyle& st = out.style;
        if (s.outlineColor && !st.outlineColor) st.outlineColor = s.outlineColor;
        if (s.outlineWidthMm > 0) st.outlineWidthMm = std::max(st.outlineWidthMm, s.outlineWidthMm);
        if (s.lineWidthMetres) {
            st.lineWidth = widened ? std::max(st.lineWidth, *s.lineWidthMetres) : *s.lineWidthMetres;
            widened = true;
            ++lineSymbols;
            dashedSymbols += s.dashed;
            st.dashed = dashedSymbols == lineSymbols;
        }
        if (s.markerSizeMm > 0) st.markerSizeMm = std::max(st.markerSizeMm, s.markerSizeMm);
    }

    void finish() {
        if (dashedSymbols > 0 && dashedSymbols < lineSymbols) unsupported("dashes in some classes only (drawn solid)");
    }

    /// The field a renderer's `attr` names; unsupported when it is an expression.
    std::string field(const std::string& expression) {
        std::string f = expressionField(expression);
        if (f.empty()) unsupported("classification by the expression '" + expression + "'");
        return f;
    }

    void renderer(const CPLXMLNode* r, int depth = 0) {
        const std::string type = attr(r, "type");
        LayerStyle& st = out.style;
        auto syms = symbols(r);
        auto symbolNamed = [&](const std::string& n) { return syms.count(n) ? syms[n] : nullptr; };
        if (type == "singleSymbol") {
            Symbol s = symbol(symbolNamed("0"));
            st.defaultColor = s.color;
            takeSymbol(s);
        } else if (type == "categorizedSymbol") {
            st.by = field(attr(r, "attr"));
            st.prefixMatch = false;
            for (const CPLXMLNode* c : children(child(r, "categories"), "category")) {
                Symbol s = symbol(symbolNamed(attr(c, "symbol")));
                takeSymbol(s);
                if (attr(c, "render", "true") == "false") unsupported("hidden categories (drawn)");
                std::vector<std::string> values;
                if (const char* v = CPLGetXMLValue(const_cast<CPLXMLNode*>(c), "value", nullptr)) values.push_back(v);
                for (const CPLXMLNode* v : children(c, "val")) values.push_back(attr(v, "value"));
                for (const std::string& v : values) {
                    if (v.empty()) {
                        st.defaultColor = s.color;   // QGIS's "all other values"
                        continue;
                    }
                    st.colors[v] = s.color;
                    const std::string label = attr(c, "label");
                    if (!label.empty() && label != v) st.labels[v] = label;
                }
            }
        } else if (type == "graduatedSymbol") {
            st.by = field(attr(r, "attr"));
            for (const CPLXMLNode* g : children(child(r, "ranges"), "range")) {
                Symbol s = symbol(symbolNamed(attr(g, "symbol")));
                takeSymbol(s);
                if (attr(g, "render", "true") == "false") unsupported("hidden ranges (drawn)");
                st.ranges.push_back({number(attr(g, "lower"), 0), number(attr(g, "upper"), 0), s.color, attr(g, "label")});
            }
        } else if (type == "RuleRenderer") {
            st.by = kRuleField;
            st.prefixMatch = false;
            if (const CPLXMLNode* rules = child(r, "rules")) rule(rules, "", syms, 0);
        } else {
            unsupported("renderer '" + type + "'");
            // Renderers that wrap another (point displacement, clusters, inverted polygons) draw it.
            if (const CPLXMLNode* inner = child(r, "renderer-v2"); inner && depth < 8) return renderer(inner, depth + 1);
            const CPLXMLNode* s = child(r, "symbol");
            if (!s && !syms.empty()) s = syms.begin()->second;
            Symbol sym = symbol(s);
            st.defaultColor = sym.color;
            takeSymbol(sym);
        }
    }

    void rule(const CPLXMLNode* r, const std::string& parentWhere, std::map<std::string, const CPLXMLNode*>& syms, int depth) {
        if (depth > 32) return;
        LayerStyle& st = out.style;
        for (const CPLXMLNode* c : children(r, "rule")) {
            if (attr(c, "checkstate", "1") == "0") continue;
            if (!attr(c, "scalemaxdenom").empty() || !attr(c, "scalemindenom").empty())
                unsupported("scale-dependent rules (drawn at every scale)");
            const std::string filter = attr(c, "filter");
            StyleRule made;
            std::string where = parentWhere;
            if (filter == "ELSE") {
                made.elseRule = true;
                if (!parentWhere.empty()) unsupported("nested ELSE rules");
            } else if (!filter.empty()) {
                if (!isOgrSqlExpression(filter)) {
                    unsupported("rule filter '" + filter + "' (not OGR SQL)");
                    continue;
                }
                where = parentWhere.empty() ? filter : "(" + parentWhere + ") AND (" + filter + ")";
            }
            made.where = where;
            if (!attr(c, "symbol").empty()) {
                Symbol s = symbol(syms.count(attr(c, "symbol")) ? syms[attr(c, "symbol")] : nullptr);
                takeSymbol(s);
                made.color = s.color;
                std::string key = attr(c, "label");
                if (key.empty()) key = filter.empty() ? "rule " + std::to_string(st.rules.size() + 1) : filter;
                while (st.colors.count(key)) key += "'";
                made.label = key;
                st.colors[key] = s.color;
                st.rules.push_back(made);
            }
            rule(c, where, syms, depth + 1);
        }
    }

    void labels(const CPLXMLNode* layer) {
        const CPLXMLNode* labeling = child(layer, "labeling");
        if (!labeling || attr(layer, "labelsEnabled", "1") == "0") return;
        const std::string type = attr(labeling, "type");
        const CPLXMLNode* settings = child(labeling, "settings");
        if (type == "rule-based") {
            unsupported("rule-based labels (the first rule's text is shown)");
            const CPLXMLNode* rules = child(labeling, "rules");
            const CPLXMLNode* first = rules ? child(rules, "rule") : nullptr;
            settings = first ? child(first, "settings") : nullptr;
        } else if (type != "simple") {
            return;
        }
        const CPLXMLNode* text = child(settings, "text-style");
        if (!text) return;
        const std::string fieldName = attr(text, "fieldName");
        std::string f = attr(text, "isExpression") == "1" ? expressionField(fieldName) : fieldName;
        if (f.empty() && !fieldName.empty()) unsupported("label expression '" + fieldName + "'");
        out.labelField = f;
    }
};

}  // namespace

std::optional<Color> qgisColor(const std::string& text) {
    if (!text.empty() && text[0] == '#') return parseColor(text);
    int c[4] = {0, 0, 0, 255};
    std::istringstream in(text);
    std::string part;
    int i = 0;
    while (i < 4 && std::getline(in, part, ',')) {
        char* end = nullptr;
        long v = std::strtol(part.c_str(), &end, 10);
        if (part.empty() || !end || *end != '\0' || v < 0 || v > 255) return std::nullopt;
        c[i++] = static_cast<int>(v);
    }
    if (i < 3) return std::nullopt;
    return Color{c[0] / 255.0f, c[1] / 255.0f, c[2] / 255.0f, c[3] / 255.0f};
}


std::string expressionField(const std::string& expression) {
    std::string e = expression;
    auto trim = [](std::string& s) {
        while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
        std::size_t i = 0;
        while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
        s.erase(0, i);
    };
    trim(e);
    if (e.size() >= 2 && e.front() == '"' && e.back() == '"') {
        std::string inner = e.substr(1, e.size() - 2);
        return inner.find('"') == std::string::npos ? inner : "";
    }
    if (e.empty() || std::isdigit(static_cast<unsigned char>(e[0]))) return "";
    for (unsigned char c : e)
        if (!(std::isalnum(c) || c == '_' || c >= 0x80)) return "";
    return e;
}

bool isOgrSqlExpression(const std::string& e) {
    static const char* keywords[] = {"IN", "NOT", "AND", "OR", "LIKE", "ILIKE", "IS", "BETWEEN"};
    bool quoted = false, identifier = false;
    char quote = 0;
    std::string word;
    for (std::size_t i = 0; i <= e.size(); ++i) {
        const char c = i < e.size() ? e[i] : ' ';
        if (quoted) {
            if (c == quote) quoted = false;
            continue;
        }
        if (c == '\'' || c == '"') {
            quoted = true;
            quote = c;
            word.clear();
            continue;
        }
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || (c & 0x80)) {
            word += c;
            continue;
        }
        identifier = !word.empty();
        if (c == '(' && identifier) {
            std::string upper;
            for (char w : word) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(w)));
            if (std::find(std::begin(keywords), std::end(keywords), upper) == std::end(keywords)) return false;
        }
        if (c == '$' || c == '@' || c == '~' || c == '|' || c == '[' || c == ']' || c == '{' || c == '}') return false;
        if (!std::isspace(static_cast<unsigned char>(c))) word.clear();
        else if (!word.empty()) {
            // "word (" with a space before the bracket is still a call.
            std::size_t j = i;
            while (j < e.size() && std::isspace(static_cast<unsigned char>(e[j]))) ++j;
            if (j < e.size() && e[j] == '(') {
                std::string upper;
                for (char w : word) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(w)));
                if (std::find(std::begin(keywords), std::end(keywords), upper) == std::end(keywords)) return false;
            }
            word.clear();
        }
    }
    return !quoted;
}

QgisStyle qgisStyleFromXml(const CPLXMLNode* layer) {
    StyleReader reader;
    if (const CPLXMLNode* r = child(layer, "renderer-v2")) reader.renderer(r);
    reader.finish();
    if (const CPLXMLNode* o = child(layer, "layerOpacity"); o && o->psChild && o->psChild->eType == CXT_Text)
        reader.out.style.opacity = std::clamp(number(o->psChild->pszValue, 1.0), 0.0, 1.0);
    if (const CPLXMLNode* b = child(layer, "blendMode"); b && b->psChild && b->psChild->eType == CXT_Text &&
                                                          std::string(b->psChild->pszValue) != "0")
        reader.unsupported("blend mode");
    reader.labels(layer);
    return reader.out;
}

QgisStyle parseQml(const std::string& text, const std::string& path) {
    const XmlDocument document(text, path);
    const CPLXMLNode* qgis = document.element("qgis");
    if (!qgis) throw InputError(path + ": not a QGIS style (no <qgis> root element)");
    return qgisStyleFromXml(qgis);
}

void applyQgisStyle(LayerSpec& spec, const QgisStyle& style, const std::string& what) {
    spec.style = style.style;
    spec.styled = true;
    if (!style.labelField.empty()) spec.label = style.labelField;
    if (!spec.style.rules.empty()) spec.stream = false;
    if (style.unsupported.empty()) return;
    std::string list;
    for (const std::string& u : style.unsupported) list += (list.empty() ? "" : "; ") + u;
    log().warn("{}: QGIS style of layer '{}': not supported, drawn with the nearest PlanView style: {}", what, spec.name, list);
}

std::optional<QgisStyle> storedQgisStyle(const Source& source, const std::string& layerName) {
    GDALDataset& ds = source.dataset();
    CPLErrorReset();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    OGRLayer* styles = ds.GetLayerByName("layer_styles");
    CPLPopErrorHandler();
    CPLErrorReset();
    std::string qml, newest;
    if (styles && styles->GetLayerDefn()->GetFieldIndex("styleQML") >= 0 &&
        styles->GetLayerDefn()->GetFieldIndex("f_table_name") >= 0) {
        const int isDefault = styles->GetLayerDefn()->GetFieldIndex("useAsDefault");
        const int updated = styles->GetLayerDefn()->GetFieldIndex("update_time");
        styles->ResetReading();
        for (auto& f : *styles) {
            if (layerName != f->GetFieldAsString("f_table_name")) continue;
            if (isDefault >= 0 && !f->GetFieldAsInteger(isDefault)) continue;
            const std::string when = updated >= 0 ? f->GetFieldAsString(updated) : "";
            if (!qml.empty() && when < newest) continue;
            qml = f->GetFieldAsString("styleQML");
            newest = when;
        }
        styles->ResetReading();
    }
    std::string where = source.location() + " layer_styles (" + layerName + ")";
    std::error_code ec;
    const fs::path file(source.location());
    if (qml.empty() && fs::is_regular_file(file, ec)) {
        for (const fs::path& candidate : {file.parent_path() / (layerName + ".qml"), fs::path(file).replace_extension(".qml")}) {
            if (!fs::is_regular_file(candidate, ec)) continue;
            std::ifstream in(candidate, std::ios::binary);
            std::ostringstream text;
            text << in.rdbuf();
            qml = text.str();
            where = candidate.string();
            break;
        }
    }
    if (qml.empty()) return std::nullopt;
    try {
        return parseQml(qml, where);
    } catch (const InputError& e) {
        log().warn("{} (the layer keeps PlanView's style)", e.what());
        return std::nullopt;
    }
}

std::vector<std::string> applyStyleRules(const LayerStyle& style, FeatureLayer& layer, FilterDialect dialect) {
    std::vector<std::string> warnings;
    if (style.rules.empty() || layer.fieldIndex(kRuleField) >= 0) return warnings;
    std::vector<std::string> taken(layer.features.size());
    std::vector<bool> matched(layer.features.size(), false);
    std::unique_ptr<AttributeQuery> query;
    for (const StyleRule& r : style.rules) {
        if (r.elseRule) continue;
        std::vector<bool> m(layer.features.size(), true);
        if (!r.where.empty()) {
            try {
                if (!query) query = std::make_unique<AttributeQuery>(layer, dialect);
                m = query->matches(r.where);
            } catch (const InputError& e) {
                warnings.push_back("layer '" + layer.name + "': QGIS rule '" + r.label + "' (" + r.where +
                                   ") cannot be evaluated by GDAL, skipped: " + e.what());
                continue;
            }
        }
        for (std::size_t i = 0; i < m.size(); ++i)
            if (m[i]) {
                taken[i] = r.label;   // later rules are drawn on top in QGIS
                matched[i] = true;
            }
    }
    for (const StyleRule& r : style.rules)
        if (r.elseRule)
            for (std::size_t i = 0; i < taken.size(); ++i)
                if (!matched[i]) taken[i] = r.label;
    layer.fields.push_back({kRuleField, FieldType::String});
    for (std::size_t i = 0; i < layer.features.size(); ++i) {
        auto& values = layer.features[i].values;
        values.resize(layer.fields.size() - 1);
        values.push_back(taken[i]);
    }
    return warnings;
}

}  // namespace geo
