# Writes the QGIS fixtures of test_qgis_project with QGIS itself (PyQGIS, python3-qgis), into the folder
# given as the first argument, and prints what QGIS holds afterwards, for the test to compare with:
#   CATEGORY <value> <r>,<g>,<b>   the categorized style as QGIS reads it back from layer_styles
#   TREE <name> <0|1>              the project's layers, top first, and whether each is shown
#   BOOKMARK <name> <lon> <lat>    the bookmark's centre
#   DONE
# Run with QT_QPA_PLATFORM=offscreen /usr/bin/python3. PyQGIS may crash at exit: judge by the output.
import os
import sys

from qgis.core import (QgsApplication, QgsBookmark, QgsCategorizedSymbolRenderer, QgsCoordinateReferenceSystem,
                       QgsCoordinateTransformContext, QgsFeature, QgsFillSymbol, QgsGeometry,
                       QgsGradientFillSymbolLayer, QgsLineSymbol, QgsProject, QgsRectangle, QgsReferencedRectangle,
                       QgsRendererCategory, QgsSingleSymbolRenderer, QgsVectorFileWriter, QgsVectorLayer)
from qgis.PyQt.QtGui import QColor

app = QgsApplication([], False)
app.initQgis()
out = sys.argv[1]


def write(uri, name, features, path):
    memory = QgsVectorLayer(uri, name, "memory")
    feats = []
    for wkt, values in features:
        f = QgsFeature(memory.fields())
        f.setGeometry(QgsGeometry.fromWkt(wkt))
        f.setAttributes(values)
        feats.append(f)
    memory.dataProvider().addFeatures(feats)
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = name
    QgsVectorFileWriter.writeAsVectorFormatV3(memory, path, QgsCoordinateTransformContext(), options)
    layer = QgsVectorLayer(path + "|layername=" + name, name, "ogr")
    assert layer.isValid(), path


def square(x, y, size):
    return f"POLYGON(({x} {y},{x + size} {y},{x + size} {y + size},{x} {y + size},{x} {y}))"


# Zones in CGCS2000 / 3-degree Gauss-Kruger CM 120E (Hangzhou), 300 m squares 100 m apart.
zones = os.path.join(out, "zones.gpkg")
kinds = ["park", "school", "housing", "park", "housing"]
write("Polygon?crs=EPSG:4549&field=kind:string&field=name:string", "zones",
      [(square(515000 + i * 400, 3346000, 300), [k, f"zone {i}"]) for i, k in enumerate(kinds)], zones)
roads = os.path.join(out, "roads.gpkg")
write("LineString?crs=EPSG:4549&field=name:string", "roads",
      [("LINESTRING(514900 3346150, 517000 3346150)", ["axis"])], roads)

colours = {"park": "#00a651", "school": "#ff66cc", "housing": "#ffe600"}
layer = QgsVectorLayer(zones + "|layername=zones", "zones", "ogr")
layer.setRenderer(QgsCategorizedSymbolRenderer(
    "kind", [QgsRendererCategory(v, QgsFillSymbol.createSimple({"color": c, "outline_color": "#333333"}), v)
             for v, c in colours.items()]))
layer.saveStyleToDatabase("zones", "categorized by kind", True, "")

# Read back as QGIS reads it: a fresh layer takes the default style from layer_styles.
again = QgsVectorLayer(zones + "|layername=zones", "zones", "ogr")
for category in again.renderer().categories():
    c = category.symbol().color()
    print(f"CATEGORY {category.value()} {c.red()},{c.green()},{c.blue()}")

# A layer whose symbol PlanView does not draw (a gradient fill), with its style in a .qml beside it.
gradient = os.path.join(out, "gradient.gpkg")
write("Polygon?crs=EPSG:4549&field=kind:string", "gradient", [(square(515000, 3346000, 300), ["park"])], gradient)
g = QgsVectorLayer(gradient + "|layername=gradient", "gradient", "ogr")
fill = QgsFillSymbol()
fill.changeSymbolLayer(0, QgsGradientFillSymbolLayer(QColor("#d62728"), QColor("#1f77b4")))
g.setRenderer(QgsSingleSymbolRenderer(fill))
g.saveNamedStyle(os.path.join(out, "gradient.qml"))
c = QColor("#d62728")
print(f"GRADIENT {c.red()},{c.green()},{c.blue()}")

# Graduated and rule-based styles (layer_styles defaults), each feature's colour as QGIS's renderer picks it:
#   FEATURE <layer> <fid> <r>,<g>,<b>
from qgis.core import (QgsGraduatedSymbolRenderer, QgsRendererRange, QgsRenderContext, QgsRuleBasedRenderer,
                       QgsExpression, QgsExpressionContext, QgsExpressionContextUtils)
heights = [5, 18, 33, 47, 62, 80]
for name in ("graded", "ruled"):
    write("Polygon?crs=EPSG:4549&field=kind:string&field=height:double", name,
          [(square(515000 + i * 400, 3346000, 300), [kinds[i % len(kinds)], h]) for i, h in enumerate(heights)],
          os.path.join(out, name + ".gpkg"))
graded = QgsVectorLayer(os.path.join(out, "graded.gpkg") + "|layername=graded", "graded", "ogr")
graded.setRenderer(QgsGraduatedSymbolRenderer("height", [
    QgsRendererRange(0, 20, QgsFillSymbol.createSimple({"color": "#fee5d9"}), "low"),
    QgsRendererRange(20, 50, QgsFillSymbol.createSimple({"color": "#fb6a4a"}), "mid"),
    QgsRendererRange(50, 100, QgsFillSymbol.createSimple({"color": "#a50f15"}), "high")]))
graded.saveStyleToDatabase("graded", "", True, "")
root_rule = QgsRuleBasedRenderer.Rule(None)
for label, expression, colour in [("tall parks", "\"kind\" = 'park' AND \"height\" > 40", "#1b9e77"),
                                  ("schools", "\"kind\" IN ('school')", "#7570b3"),
                                  ("other", "ELSE", "#d95f02")]:
    root_rule.appendChild(QgsRuleBasedRenderer.Rule(QgsFillSymbol.createSimple({"color": colour}), 0, 0, expression, label))
ruled = QgsVectorLayer(os.path.join(out, "ruled.gpkg") + "|layername=ruled", "ruled", "ogr")
ruled.setRenderer(QgsRuleBasedRenderer(root_rule))
ruled.saveStyleToDatabase("ruled", "", True, "")
for name in ("graded", "ruled"):
    again = QgsVectorLayer(os.path.join(out, name + ".gpkg") + "|layername=" + name, name, "ogr")
    renderer = again.renderer()
    for f in again.getFeatures():
        context = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(again))
        context.setFeature(f)
        if name == "graded":
            symbol = renderer.symbolForValue(f["height"])
        else:
            # QGIS's expression engine decides which rules hold (these rules exclude one another).
            rules = renderer.rootRule().children()
            held = [r for r in rules if not r.isElse() and QgsExpression(r.filterExpression()).evaluate(context)]
            symbol = (held or [r for r in rules if r.isElse()])[-1].symbol()
        c = symbol.color()
        print(f"FEATURE {name} {f.id()} {c.red()},{c.green()},{c.blue()}")

# The project: a group holding the zones, the roads above it and hidden, and a bookmark.
project = QgsProject.instance()
project.setTitle("QGIS fixture")
project.setCrs(QgsCoordinateReferenceSystem("EPSG:4549"))
zl = QgsVectorLayer(zones + "|layername=zones", "Zones", "ogr")
rl = QgsVectorLayer(roads + "|layername=roads", "Roads", "ogr")
rl.setRenderer(QgsSingleSymbolRenderer(QgsLineSymbol.createSimple({"line_color": "#1f77b4", "line_width": "0.8"})))
project.addMapLayer(zl, False)
project.addMapLayer(rl, False)
root = project.layerTreeRoot()
root.addLayer(rl).setItemVisibilityChecked(False)
root.addGroup("Plan").addLayer(zl)
bookmark = QgsBookmark()
bookmark.setName("School")
bookmark.setExtent(QgsReferencedRectangle(QgsRectangle(515400, 3346000, 515700, 3346300),
                                          QgsCoordinateReferenceSystem("EPSG:4549")))
project.bookmarkManager().addBookmark(bookmark)
assert project.write(os.path.join(out, "fixture.qgz"))

for node in root.findLayers():
    print(f"TREE {node.name()} {1 if node.isVisible() else 0}")
centre = QgsGeometry.fromRect(bookmark.extent()).centroid().asPoint()
print(f"BOOKMARK {bookmark.name()} {centre.x()} {centre.y()}")
print("DONE", flush=True)
os._exit(0)
