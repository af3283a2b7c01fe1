# Writes the QGIS fixtures of test_qgis_project with QGIS itself (PyQGIS, python3-qgis), into the folder
# given as the first argument, and prints what QGIS holds afterwards, for the test to compare with:
#   CATEGORY <value> <r>,<g>,<b>   the categorized style as QGIS reads it back from layer_styles
#   TREE <name> <0|1>              the project's layers, top first, and whether each is shown
#   BOOKMARK <name> <lon> <lat>    the bookmark's centre
#   DONE
# Run with QT_QPA_PLATFORM=offscreen /usr/bin/python3. PyQGIS may crash at exit: judge by the output.
import os
import sys
import zipfile

from qgis.core import (QgsApplication, QgsBookmark, QgsCategorizedSymbolRenderer, QgsCoordinateReferenceSystem,
                       QgsCoordinateTransformContext, QgsFeature, QgsFillSymbol, QgsGeometry,
                       QgsGradientFillSymbolLayer, QgsLineSymbol, QgsMapLayerType, QgsProject, QgsRectangle, QgsReferencedRectangle,
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

# A second project, fixture3d.qgz, for rasters and 3D (issue 21): a DEM (GeoTIFF, in rasters/) that
# the project's 3D view uses as its terrain, exaggerated 2x; the same DEM drawn as a hillshade and not
# used as terrain; an RGB imagery GeoTIFF in a hidden group; an XYZ tile service (provider wms); the
# graded layer extruded in 3D by its "height" field and the ruled one by a constant 25 m. QGIS's own
# code writes the 3D view (Qgs3DMapSettings.readXml, then writeXml into the project as QGIS 3.22's
# desktop does: <mapViewDocks3D><view>). The project is then read back by QGIS, which prints:
#   TREE3D <name> <shown> <type> <provider>   the layer tree, top first
#   RASTER <name> <file>                      a gdal raster layer's file as QGIS resolves it
#   TERRAIN <name> <exaggeration>             the layer QGIS's 3D settings resolve as the DEM
#   EXTRUDE <name> field:<f> | constant:<m>   what layer.renderer3D() extrudes by
import numpy
from osgeo import gdal, osr
from qgis._3d import Qgs3D, Qgs3DMapSettings, QgsPhongMaterialSettings, QgsPolygon3DSymbol, QgsVectorLayer3DRenderer
from qgis.core import QgsAbstract3DSymbol, QgsHillshadeRenderer, QgsProperty, QgsRasterLayer, QgsReadWriteContext, QgsVector3D
from qgis.PyQt import sip
from qgis.PyQt.QtXml import QDomDocument

Qgs3D.initialize()
os.makedirs(os.path.join(out, "rasters"), exist_ok=True)
srs = osr.SpatialReference()
srs.ImportFromEPSG(4549)
dem_path, imagery_path = os.path.join(out, "rasters", "dem.tif"), os.path.join(out, "rasters", "imagery.tif")
x0, y0, cell, w, h = 514800.0, 3346500.0, 25.0, 96, 28
for path, bands, kind in ((dem_path, 1, gdal.GDT_Float32), (imagery_path, 3, gdal.GDT_Byte)):
    ds = gdal.GetDriverByName("GTiff").Create(path, w, h, bands, kind)
    ds.SetGeoTransform((x0, cell, 0, y0, 0, -cell))
    ds.SetProjection(srs.ExportToWkt())
    yy, xx = numpy.mgrid[0:h, 0:w]
    if bands == 1:
        ds.GetRasterBand(1).WriteArray((20 + 30 * numpy.sin(xx / 9.0) * numpy.cos(yy / 7.0)).astype(numpy.float32))
    else:
        for b in range(3):
            ds.GetRasterBand(b + 1).WriteArray(((xx * (b + 2) + yy * 5) % 256).astype(numpy.uint8))
    ds = None

project.clear()
project.setTitle("QGIS 3D fixture")
project.setCrs(QgsCoordinateReferenceSystem("EPSG:4549"))
dem = QgsRasterLayer(dem_path, "DEM", "gdal")
shade = QgsRasterLayer(dem_path, "Shade", "gdal")
shade.setRenderer(QgsHillshadeRenderer(shade.dataProvider(), 1, 315, 45))
imagery = QgsRasterLayer(imagery_path, "Imagery", "gdal")
tiles = QgsRasterLayer("type=xyz&url=https://tile.openstreetmap.org/{z}/{x}/{y}.png&zmax=19&zmin=0", "OSM", "wms")
graded3d = QgsVectorLayer(os.path.join(out, "graded.gpkg") + "|layername=graded", "Graded", "ogr")
ruled3d = QgsVectorLayer(os.path.join(out, "ruled.gpkg") + "|layername=ruled", "Ruled", "ogr")
for layer, field, metres in ((graded3d, "height", 0), (ruled3d, None, 25)):
    symbol = QgsPolygon3DSymbol()
    symbol.setExtrusionHeight(metres)
    if field:
        properties = symbol.dataDefinedProperties()
        properties.setProperty(QgsAbstract3DSymbol.PropertyExtrusionHeight, QgsProperty.fromField(field))
        symbol.setDataDefinedProperties(properties)
    material = QgsPhongMaterialSettings()
    material.setDiffuse(QColor("#c8643c"))
    symbol.setMaterial(material)
    layer.setRenderer3D(QgsVectorLayer3DRenderer(symbol))
for layer in (dem, shade, imagery, tiles, graded3d, ruled3d):
    assert layer.isValid(), layer.name()
    project.addMapLayer(layer, False)
root = project.layerTreeRoot()
root.addLayer(tiles).setItemVisibilityChecked(False)
root.addLayer(graded3d)
root.addLayer(ruled3d)
ground = root.addGroup("Ground")
ground.addLayer(shade)
ground.addLayer(imagery)
ground.addLayer(dem)
ground.setItemVisibilityChecked(False)

context = QgsReadWriteContext()
context.setPathResolver(project.pathResolver())
authored = QDomDocument()
authored.setContent(f'<qgis3d><terrain exaggeration="2"><layers/><generator type="dem" layer="{dem.id()}" '
                    f'resolution="16" skirt-height="10"/></terrain></qgis3d>')
view3d = Qgs3DMapSettings()
view3d.readXml(authored.documentElement(), context)
view3d.setCrs(project.crs())
view3d.setOrigin(QgsVector3D(516000, 3346150, 0))
view3d.resolveReferences(project)


def write_3d_view(doc):
    docks = doc.createElement("mapViewDocks3D")
    view = doc.createElement("view")
    view.setAttribute("name", "3D Map")
    view.appendChild(view3d.writeXml(doc, context))
    docks.appendChild(view)
    doc.documentElement().appendChild(docks)


project.writeProject.connect(write_3d_view)
assert project.write(os.path.join(out, "fixture3d.qgz"))
project.writeProject.disconnect(write_3d_view)

# Read back by QGIS: what it holds is the reference.
project.clear()
assert project.read(os.path.join(out, "fixture3d.qgz"))
for node in project.layerTreeRoot().findLayers():
    layer = node.layer()
    kind = "raster" if layer.type() == QgsMapLayerType.RasterLayer else "vector"
    print(f"TREE3D {node.name()} {1 if node.isVisible() else 0} {kind} {layer.providerType()} {int(layer.isValid())}")
    if kind == "raster" and layer.providerType() == "gdal":
        print(f"RASTER {node.name()} {layer.source()}")
    renderer = layer.renderer3D() if kind == "vector" else None
    if renderer is not None and renderer.type() == "vector":
        # PyQGIS hands back the abstract renderer and symbol: cast to what their type() says.
        symbol = sip.cast(sip.cast(renderer, QgsVectorLayer3DRenderer).symbol(), QgsPolygon3DSymbol)
        height = symbol.dataDefinedProperties().property(QgsAbstract3DSymbol.PropertyExtrusionHeight)
        if height.isActive() and height.field():
            print(f"EXTRUDE {node.name()} field:{height.field()}")
        else:
            print(f"EXTRUDE {node.name()} constant:{symbol.extrusionHeight()}")
# The 3D view as QGIS reads it: its settings resolve the DEM layer by id (an unknown id comes back empty).
xml = QDomDocument()
with zipfile.ZipFile(os.path.join(out, "fixture3d.qgz")) as archive:
    xml.setContent(archive.read([n for n in archive.namelist() if n.endswith(".qgs")][0]))
settings = Qgs3DMapSettings()
settings.readXml(xml.documentElement().firstChildElement("mapViewDocks3D").firstChildElement("view").firstChildElement("qgis3d"), context)
settings.resolveReferences(project)
again = QDomDocument()
generator = settings.writeXml(again, context).firstChildElement("terrain").firstChildElement("generator")
terrain = project.mapLayer(generator.attribute("layer"))
if generator.attribute("type") == "dem" and terrain is not None:
    print(f"TERRAIN {terrain.name()} {settings.terrainVerticalScale()}")
print("DONE", flush=True)
os._exit(0)
