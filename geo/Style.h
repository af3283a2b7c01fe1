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

struct LayerStyle {
    std::string by;                          ///< attribute the colours are keyed by; "" = one colour
    std::map<std::string, Color> colors;     ///< attribute value (as text) -> colour
    Color defaultColor{0.73f, 0.73f, 0.73f, 1};
    double opacity = 1.0;                    ///< 0..1, applied on top of the colours' alpha
    double lineWidth = 8.0;                  ///< ribbon width in metres, for line layers

    /// The colour for a value of the `by` field: an exact match, else (for land-use codes such as
    /// "R21") the longest matching prefix ("R2", then "R"), else defaultColor.
    Color colorFor(const Value& v) const;
};

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

}  // namespace geo
