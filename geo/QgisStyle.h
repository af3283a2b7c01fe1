// Reading QGIS styles into PlanView's style model: a layer's <renderer-v2>, opacity and labels, from a
// QML document, a GeoPackage's (or PostGIS database's) layer_styles table, or a project's <maplayer>.
// The vocabulary is the one geo/ExportStyles.cpp writes. What PlanView cannot draw is named, once per
// layer, and the layer is drawn with the nearest style it can.
#pragma once
#include <optional>
#include <string>
#include <vector>
#include "geo/FeatureFilter.h"
#include "geo/Project.h"

typedef struct CPLXMLNode CPLXMLNode;

namespace geo {

class Source;

/// A QGIS style as PlanView reads it.
struct QgisStyle {
    LayerStyle style;
    /// The label field when labels are on and their text is a field (or an expression that is just a
    /// field, `"name"`); "" otherwise.
    std::string labelField;
    /// What PlanView does not draw as QGIS would ("renderer 'heatmapRenderer'", "symbol layer
    /// 'SVGFill'", …), each once, in the order met.
    std::vector<std::string> unsupported;
};

/// The style held by `layer`: a QML document's <qgis> root or a project's <maplayer> element. Parts
/// it does not hold keep PlanView's defaults. Never throws.
QgisStyle qgisStyleFromXml(const CPLXMLNode* layer);

/// Parses a QML document. Throws InputError naming `path` when it is not well-formed XML or its root
/// is not <qgis>.
QgisStyle parseQml(const std::string& text, const std::string& path);

/// Makes `spec` drawn with `style`: its style (spec.styled set), and its label field when QGIS labels
/// it. Logs one warning line, naming `what` and everything unsupported, when anything is. A
/// rule-based style turns streaming off for the layer (its rules are evaluated on all features).
void applyQgisStyle(LayerSpec& spec, const QgisStyle& style, const std::string& what);

/// The default style stored with layer `layerName` of `source`: the newest row of its layer_styles
/// table marked useAsDefault for that table (a GeoPackage or a PostGIS database), else a QML file
/// beside the file source (`<folder>/<layer>.qml`, else `<folder>/<file stem>.qml`); nullopt when
/// there is none. A stored style that cannot be parsed is warned about and taken as none.
std::optional<QgisStyle> storedQgisStyle(const Source& source, const std::string& layerName);

/// Adds the field kRuleField to `layer` (read with a rule-based `style`): the key in style.colors of
/// the rule each feature takes (the last matching rule, as QGIS draws it on top; the ELSE rule when
/// none matches; "" when no rule applies). Returns one warning for each rule GDAL refused to evaluate.
std::vector<std::string> applyStyleRules(const LayerStyle& style, FeatureLayer& layer, FilterDialect dialect);

/// Whether a QGIS expression can be handed to OGR SQL as it is: comparisons, AND/OR/NOT, IN, LIKE,
/// IS NULL, BETWEEN and arithmetic on quoted fields and literals; no function calls, variables
/// (@, $) or QGIS-only operators.
bool isOgrSqlExpression(const std::string& expression);

/// A QGIS colour: "R,G,B,A" (3.22; later versions may append ",rgb:…"), or "#RRGGBB"; nullopt for
/// anything else.
std::optional<Color> qgisColor(const std::string& text);

/// The field an expression names when it is nothing else (`"name"` or `name`); "" otherwise.
std::string expressionField(const std::string& expression);

}  // namespace geo
