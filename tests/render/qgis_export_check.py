# Opens a QGIS project PlanView wrote (test_qgis_export) in QGIS itself (PyQGIS, python3-qgis) and checks
# it against the PlanView project it came from, read here with python's tomllib (not PlanView's code):
#   qgis_export_check.py OUT.qgz PROJECT.toml [PLANVIEW.tif QGIS.png]
#   qgis_export_check.py --features OUT.qgz        (each feature's colour, see below)
# Raster layers (kind imagery or terrain) are checked as QGIS raster layers: provider gdal, the file, the
# extent GDAL gives it, a terrain drawn as a hillshade; an extruded polygon layer's 3D renderer
# (layer.renderer3D()) extrudes by the same field or constant, and any other layer has none.
# Prints one line a finding, for the test to judge:
#   FAIL <what>                        a difference (the test expects none)
#   LAYER <name> <valid> <shown>       QGIS's layer tree, top first
#   LEFT_OUT <name>                    a layer of the .toml QGIS has no layer for (models)
#   BOOKMARKS <n>
#   AGREEMENT <share> <pixels>         with PLANVIEW.tif (render --view top --ortho): QGIS's render of the
#                                      project on the same grid (QGIS.png) agrees with it on <share> of the
#                                      pixels inside polygons and away from every feature's edge
#   DONE
# Run with QT_QPA_PLATFORM=offscreen /usr/bin/python3. PyQGIS may crash at exit: judge by the output.
import math
import os
import sys
import tomllib

import numpy
from osgeo import gdal, ogr, osr
from qgis.core import (QgsApplication, QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsExpressionContext,
                       QgsExpressionContextUtils,
                       QgsMapRendererParallelJob,
                       QgsMapSettings, QgsPointXY, QgsProject, QgsRectangle)
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor
from qgis._3d import Qgs3D, QgsPolygon3DSymbol, QgsVectorLayer3DRenderer
from qgis.core import QgsAbstract3DSymbol, QgsMapLayerType

gdal.UseExceptions()
app = QgsApplication([], False)
app.initQgis()
Qgs3D.initialize()   # QGIS's 3D renderers: without them a layer's <renderer-3d> is not read

if sys.argv[1] == "--features":
    # qgis_export_check.py --features OUT.qgz: each feature's colour as QGIS's renderer of the written
    # project draws it (the last symbol it draws the feature with, which is on top):
    #   RENDERER <layer> <type>   then   FEATURE <layer> <fid> <r>,<g>,<b>
    from qgis.core import QgsExpression, QgsRenderContext
    project = QgsProject.instance()
    if not project.read(sys.argv[2]):
        print(f"FAIL QGIS cannot read {sys.argv[2]}")
    for layer in project.mapLayers().values():
        renderer = layer.renderer().clone()
        print(f"RENDERER {layer.name()} {renderer.type()} {int(layer.isValid())}")
        context = QgsRenderContext()
        context.setExpressionContext(QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(layer)))
        renderer.startRender(context, layer.fields())
        for f in layer.getFeatures():
            context.expressionContext().setFeature(f)
            if renderer.type() == "RuleRenderer":
                # As qgis_fixture.py decides: the rules that hold, else the ELSE rule (symbolsForFeature
                # returns the ELSE rule's symbol beside the others').
                rules = renderer.rootRule().children()
                held = [r for r in rules if not r.isElse() and QgsExpression(r.filterExpression()).evaluate(context.expressionContext())]
                symbols = [r.symbol() for r in (held or [r for r in rules if r.isElse()])]
            else:
                symbols = renderer.symbolsForFeature(f, context)
            if symbols:
                c = symbols[-1].color()
                print(f"FEATURE {layer.name()} {f.id()} {c.red()},{c.green()},{c.blue()}")
        renderer.stopRender(context)
    print("DONE", flush=True)
    os._exit(0)

qgz, toml_path = sys.argv[1], sys.argv[2]
with open(toml_path, "rb") as f:
    toml = tomllib.load(f)
folder = os.path.dirname(os.path.abspath(toml_path))


def fail(what):
    print("FAIL " + what)


def rgb(color):
    c = QColor(color) if isinstance(color, str) else color
    return (c.red(), c.green(), c.blue())


project = QgsProject.instance()
if not project.read(qgz):
    fail(f"QGIS cannot read {qgz}: {project.error()}")
    print("DONE", flush=True)
    os._exit(0)
if project.title() != toml.get("title", project.title()):
    fail(f"title {project.title()!r}, the project's {toml.get('title')!r}")
if "crs" in toml and project.crs().authid() != toml["crs"]:
    fail(f"project CRS {project.crs().authid()}, the project's {toml['crs']}")
if not project.crs().isValid() or project.crs().isGeographic():
    fail(f"project CRS {project.crs().authid()!r} is not a projected CRS")

# The layer tree, top first, against the .toml's layers reversed (PlanView draws the first at the bottom).
tree = project.layerTreeRoot().findLayers()
for node in tree:
    print(f"LAYER {node.name()} {int(node.layer().isValid())} {int(node.isVisible())}", flush=True)
shown = [l for l in toml["layer"] if l.get("kind") != "models"]
for l in toml["layer"]:
    if l.get("kind") == "models":
        print(f"LEFT_OUT {l['name']}")
expected = list(reversed(shown))
if [n.name() for n in tree] != [l["name"] for l in expected]:
    fail(f"layer order {[n.name() for n in tree]}, the project's (top first) {[l['name'] for l in expected]}")
for node, spec in zip(tree, expected):
    layer = node.layer()
    name = spec["name"]
    if not layer.isValid():
        fail(f"layer {name} is not valid in QGIS (source {layer.source()})")
        continue
    if node.isVisible() != spec.get("visible", True):
        fail(f"layer {name} shown {node.isVisible()}, the project's visible = {spec.get('visible', True)}")
    if spec.get("kind") in ("imagery", "terrain"):
        if layer.type() != QgsMapLayerType.RasterLayer or layer.providerType() != "gdal":
            fail(f"layer {name} is a {layer.type()} layer from {layer.providerType()}, not a gdal raster")
            continue
        if os.path.realpath(layer.source()) != os.path.realpath(os.path.join(folder, spec["source"])):
            fail(f"layer {name} reads {layer.source()}, the project's source is {spec['source']}")
        raster = gdal.Open(os.path.join(folder, spec["source"]))
        g = raster.GetGeoTransform()
        expected_extent = (g[0], g[3] + g[5] * raster.RasterYSize, g[0] + g[1] * raster.RasterXSize, g[3])
        e = layer.extent()
        got_extent = (e.xMinimum(), e.yMinimum(), e.xMaximum(), e.yMaximum())
        if any(abs(a - b) > 1e-6 * max(1.0, abs(b)) for a, b in zip(got_extent, expected_extent)):
            fail(f"layer {name} extent {got_extent}, GDAL's {expected_extent}")
        if not layer.crs().isValid() or osr.SpatialReference(wkt=raster.GetProjection()).IsSame(
                osr.SpatialReference(wkt=layer.crs().toWkt(QgsCoordinateReferenceSystem.WKT_PREFERRED_GDAL))) != 1:
            fail(f"layer {name} CRS {layer.crs().authid()}, not the file's")
        if spec["kind"] == "terrain" and layer.renderer().type() != "hillshade":
            fail(f"terrain {name} drawn by {layer.renderer().type()}, not a hillshade")
        continue
    # The extrusion, for QGIS's 3D views: polygons stand as blocks (a boundary's walls without a roof
    # have no QGIS 3D symbol, so it has none).
    renderer3d = layer.renderer3D()
    extrude = spec.get("extrude") if spec.get("kind", "parcels") in ("parcels", "polygons") else None
    if extrude is None:
        if renderer3d is not None:
            fail(f"layer {name} has a 3D renderer, the project's layer is not extruded")
    elif renderer3d is None or renderer3d.type() != "vector":
        fail(f"layer {name} has no vector 3D renderer, the project's extrude = {extrude!r}")
    else:
        symbol = sip.cast(sip.cast(renderer3d, QgsVectorLayer3DRenderer).symbol(), QgsPolygon3DSymbol)
        height = symbol.dataDefinedProperties().property(QgsAbstract3DSymbol.PropertyExtrusionHeight)
        by = height.field() if height.isActive() else symbol.extrusionHeight()
        if isinstance(extrude, str) and by != extrude or not isinstance(extrude, str) and by != float(extrude):
            fail(f"layer {name} extruded in 3D by {by!r}, the project's extrude = {extrude!r}")
    # The source: the same file and layer, found from the written project's folder.
    parts = layer.source().split("|")
    if not spec["source"].startswith("PG:"):
        if os.path.realpath(parts[0]) != os.path.realpath(os.path.join(folder, spec["source"])):
            fail(f"layer {name} reads {parts[0]}, the project's source is {spec['source']}")
        if "layer" in spec and f"layername={spec['layer']}" not in parts:
            fail(f"layer {name} source {layer.source()} does not name layer {spec['layer']}")
    if layer.subsetString() != spec.get("where", ""):
        fail(f"layer {name} subset {layer.subsetString()!r}, the project's where {spec.get('where', '')!r}")
    label = spec.get("label", "")
    got_label = layer.labeling().settings().fieldName if layer.labelsEnabled() and layer.labeling() else ""
    if got_label != label:
        fail(f"layer {name} labels {got_label!r}, the project's label {label!r}")
    style = spec.get("style", {})
    renderer = layer.renderer()
    if "by" in style and "colors" in style:
        if renderer.type() != "categorizedSymbol" or renderer.classAttribute() != style["by"]:
            fail(f"layer {name} renderer {renderer.type()} by {getattr(renderer, 'classAttribute', lambda: '')()}, "
                 f"the project's categorized by {style['by']}")
            continue
        categories = {str(c.value()): c for c in renderer.categories()}
        for value, colour in style["colors"].items():
            c = categories.get(value)
            if c is None:
                fail(f"layer {name}: no category {value}")
            elif rgb(c.symbol().color()) != rgb(colour):
                fail(f"layer {name} category {value}: {rgb(c.symbol().color())}, the project's {colour}")
        other = categories.get("")
        if "default" in style and (other is None or rgb(other.symbol().color()) != rgb(style["default"])):
            fail(f"layer {name}: all other values not in the project's default {style['default']}")
    elif renderer.type() != "singleSymbol":
        fail(f"layer {name} renderer {renderer.type()}, the project's single colour")
    elif "default" in style and rgb(renderer.symbol().color()) != rgb(style["default"]):
        fail(f"layer {name} colour {rgb(renderer.symbol().color())}, the project's {style['default']}")
    opacity = style.get("opacity", 1.0)
    symbols = [c.symbol() for c in renderer.categories()] if renderer.type() == "categorizedSymbol" else [renderer.symbol()]
    if any(abs(s.opacity() - opacity) > 0.01 for s in symbols):
        fail(f"layer {name} symbol opacity {[s.opacity() for s in symbols]}, the project's {opacity}")

# Bookmarks: each present, its extent holding the bookmark's point (transformed by QGIS).
manager = project.bookmarkManager()
marks = {b.name(): b for b in manager.bookmarks()}
print(f"BOOKMARKS {len(marks)}")
wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
for b in toml.get("bookmark", []):
    got = marks.get(b["name"])
    if got is None:
        fail(f"no bookmark {b['name']}")
        continue
    extent = got.extent()
    point = QgsCoordinateTransform(wgs84, extent.crs(), project).transform(QgsPointXY(b["lon"], b["lat"]))
    if not extent.contains(point):
        fail(f"bookmark {b['name']}: extent {extent.toString()} does not hold its point {point.toString()}")
    # Sized by its range: the view from `distance` metres sees some hundreds of metres to kilometres.
    if not (0.2 * b["distance"] < extent.height() < 2 * b["distance"]):
        fail(f"bookmark {b['name']}: extent {extent.height():.0f} m high for a view from {b['distance']} m")

if len(sys.argv) > 4:
    # QGIS renders the project on PlanView's grid; labels off (PlanView's GeoTIFF has none).
    tif, png = sys.argv[3], sys.argv[4]
    ds = gdal.Open(tif)
    gt, w, h = ds.GetGeoTransform(), ds.RasterXSize, ds.RasterYSize
    planview = numpy.dstack([ds.GetRasterBand(i + 1).ReadAsArray() for i in range(3)]).astype(int)
    tif_srs = osr.SpatialReference(wkt=ds.GetProjection())
    settings = QgsMapSettings()
    settings.setDestinationCrs(QgsCoordinateReferenceSystem.fromWkt(ds.GetProjection()))
    settings.setLayers([n.layer() for n in tree if n.isVisible()])
    settings.setExtent(QgsRectangle(gt[0], gt[3] + gt[5] * h, gt[0] + gt[1] * w, gt[3]))
    settings.setOutputSize(QSize(w, h))
    settings.setBackgroundColor(QColor(255, 255, 255))
    settings.setFlag(QgsMapSettings.DrawLabeling, False)
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    job.renderedImage().save(png)
    image = gdal.Open(png)
    qgis = numpy.dstack([image.GetRasterBand(i + 1).ReadAsArray() for i in range(3)]).astype(int)

    # Every feature burnt with its own id on the same grid (in drawing order), polygons marked as such;
    # lines as their ribbons, points as a disc: a pixel is compared when it is inside a polygon and
    # every pixel within 3 of it shows the same feature (away from edges, ribbons' sides and points).
    driver = gdal.GetDriverByName("MEM")
    ids = driver.Create("", w, h, 1, gdal.GDT_Int32)
    ids.SetGeoTransform(gt)
    ids.SetProjection(ds.GetProjection())
    polygon_ids, point_ids = set(), set()
    next_id = 1
    memory = ogr.GetDriverByName("Memory").CreateDataSource("")
    for spec in shown:
        if not spec.get("visible", True) or spec.get("kind") in ("imagery", "terrain"):
            continue
        source = ogr.Open(os.path.join(folder, spec["source"]))
        src = source.GetLayerByName(spec["layer"]) if "layer" in spec else source.GetLayer(0)
        if spec.get("where"):
            src.SetAttributeFilter(spec["where"])
        srs = src.GetSpatialRef().Clone()
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        tif_srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        transform = osr.CoordinateTransformation(srs, tif_srs)
        burnt = memory.CreateLayer(spec["name"], tif_srs, ogr.wkbUnknown)
        burnt.CreateField(ogr.FieldDefn("id", ogr.OFTInteger))
        kind = spec.get("kind", "polygons")
        for feature in src:
            g = feature.GetGeometryRef()
            if g is None:
                continue
            g = g.Clone()
            g.Transform(transform)
            flat = ogr.GT_Flatten(g.GetGeometryType())
            if flat in (ogr.wkbLineString, ogr.wkbMultiLineString):
                g = g.Buffer(spec.get("style", {}).get("width", 8) / 2)
            elif flat in (ogr.wkbPoint, ogr.wkbMultiPoint):
                g = g.Buffer(12 * abs(gt[1]))
                point_ids.add(next_id)
            elif kind != "boundary":
                polygon_ids.add(next_id)
            else:
                g = g.Boundary().Buffer(2 * abs(gt[1]))   # a boundary is its ring; inside, what lies under it
            f = ogr.Feature(burnt.GetLayerDefn())
            f.SetGeometry(g)
            f.SetField("id", next_id)
            burnt.CreateFeature(f)
            next_id += 1
        gdal.RasterizeLayer(ids, [1], burnt, options=["ATTRIBUTE=id"])
    fid = ids.GetRasterBand(1).ReadAsArray()
    r = 3
    padded = numpy.pad(fid, r, mode="edge")
    uniform = numpy.ones(fid.shape, dtype=bool)
    for dy in range(-r, r + 1):
        for dx in range(-r, r + 1):
            uniform &= padded[r + dy:r + dy + h, r + dx:r + dx + w] == fid
    inside = uniform & numpy.isin(fid, list(polygon_ids))
    # Agreeing: each channel within 16 of the other's (anti-aliasing and rounding differ, colours do not).
    agree = (numpy.abs(planview - qgis).max(axis=2) <= 16) & inside
    pixels = int(inside.sum())
    print(f"AGREEMENT {agree.sum() / max(pixels, 1):.4f} {pixels}", flush=True)
print("DONE", flush=True)
os._exit(0)
