// How a layer looks: categorized colours by an attribute, opacity, extrusion. Plain data; the scene
// builders turn it into vertex colours, the legend panel into swatches.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>
#include "geo/Feature.h"

namespace geo {

/// An sRGB colour with alpha, each channel 0..1.
struct Color {
    float r = 0, g = 0, b = 0, a = 1;
    bool operator==(const Color& o) const { return r == o.r && g == o.g && b == o.b && a == o.a; }
};

/// Parses "#RRGGBB" or "#RRGGBBAA" (case-insensitive); nullopt for anything else.
std::optional<Color> parseColor(const std::string& text);
/// "#RRGGBB" (alpha left out).
std::string colorHex(const Color& c);

/// A graduated style's class: values of `by` within [lower, upper] take `color` (QGIS's graduatedSymbol).
struct StyleRange {
    double lower = 0, upper = 0;
    Color color;
    std::string label;
};

/// A rule-based style's rule (QGIS's RuleRenderer): features matching the OGR SQL `where` take `color`;
/// `elseRule`: those no other rule matched. Evaluated once when the layer is read (applyStyleRules).
struct StyleRule {
    std::string where;
    bool elseRule = false;
    Color color;
    std::string label;
};

struct LayerStyle {
    std::string by;                          ///< attribute the colours are keyed by; "" = one colour
    std::map<std::string, Color> colors;     ///< attribute value (as text) -> colour
    Color defaultColor{0.73f, 0.73f, 0.73f, 1};
    double opacity = 1.0;                    ///< 0..1, applied on top of the colours' alpha
    double lineWidth = 8.0;                  ///< ribbon width in metres, for line layers
    /// `outline`: whether a flat (not extruded) polygon layer's features are outlined in a darker shade
    /// of their fill, so that neighbours of one colour (provinces, countries, zoning blocks) stay apart.
    bool outline = true;
    /// `labels`: attribute value -> the project's words for it ("canal" -> "运河"), shown in legends,
    /// the inspector and exported styles in place of the raw value. `labels_en` (labelsEn): the same
    /// for an English UI; a value it lacks falls back to `labels`.
    std::map<std::string, std::string> labels, labelsEn;
    /// `ranges` (graduated): when not empty, a numeric value of `by` takes the colour of the first range
    /// holding it (defaultColor when none does), in place of `colors`.
    std::vector<StyleRange> ranges;
    /// `rules` (rule-based): when not empty, `by` is kRuleField, a field added to the layer when it is
    /// read holding the label of the first rule each feature matches; `colors` maps those labels.
    std::vector<StyleRule> rules;
    /// Whether a value may take the colour of its longest known prefix (land-use codes: "R21" as "R2");
    /// false for a QGIS categorized style, which matches whole values only.
    bool prefixMatch = true;
    /// From a QGIS symbol, kept for the scene and exports: the outline's colour and width (mm on paper,
    /// as QGIS gives it), a dashed line, a marker's size (mm). Unset = PlanView's defaults.
    std::optional<Color> outlineColor;
    double outlineWidthMm = 0;
    bool dashed = false;
    double markerSizeMm = 0;

    /// The colour for a value of the `by` field: an exact match, else (for land-use codes such as
    /// "R21") the longest matching prefix ("R2", then "R"), else defaultColor.
    Color colorFor(const Value& v) const;

    /// The project's words for a value of the `by` field: from labelsEn for an English reader
    /// (`chinese` false) when it names the value, else from labels; "" when neither does.
    std::string labelFor(const std::string& value, bool chinese) const;

    /// How a value of the `by` field reads in a legend, the inspector or an exported style: a
    /// GB 50137 land-use code with its class's name ("R2 二类居住用地"; the project's label in place
    /// of the standard name when it gives one), else the project's label ("运河"), else the value.
    /// A value is read as a land-use code when it is exactly a known one, or, with `landUse` (the
    /// field holds land-use codes), when it extends one ("R21" is named as R2).
    std::string caption(const std::string& value, bool chinese, bool landUse = false) const;
};

/// The field a rule-based style colours by: added to a layer when it is read (see LayerStyle::rules).
inline constexpr const char* kRuleField = "qgis_rule";

/// One GB 50137-2011 land-use class: code, colour by the Chinese planning convention, meaning.
struct LandUseClass {
    std::string code;       ///< e.g. "R2", "B1", "G1"
    Color color;
    std::string nameZh;     ///< e.g. "二类居住用地"
    std::string nameEn;     ///< e.g. "Class 2 residential"
};

/// The default land-use palette (major classes and the common sub-classes).
const std::vector<LandUseClass>& landUseClasses();
/// The class of a code, matching the longest known prefix ("R21" -> "R2"); nullptr when unknown.
const LandUseClass* findLandUseClass(const std::string& code);
/// A style keyed by `field` with the land-use palette.
LayerStyle landUseStyle(const std::string& field);
/// Whether a field name looks like a land-use field ("landuse", "land_use", "LUCODE", "用地性质" …).
bool isLandUseFieldName(const std::string& field);

/// One feature's colour under `style` (its `by` value's, or the default colour), with the style's
/// opacity folded into alpha: what the scene draws it with, and exports colour it by.
Color featureColor(const LayerStyle& style, const FeatureLayer& layer, const Feature& feature);
/// Every feature's colour, in feature order.
std::vector<Color> featureColors(const LayerStyle& style, const FeatureLayer& layer);

}  // namespace geo
