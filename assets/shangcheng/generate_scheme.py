#!/usr/bin/python3
"""Generate the sample renewal scheme for `planview compare` (assets/shangcheng/scheme/).

A scheme (方案) for the 三元坊 old-residential renewal site, to compare with the plan's parcels:

    planview compare assets/shangcheng/project.toml assets/shangcheng/scheme/scheme.vrt --layer parcels --key plot_code

The scheme is the parcels layer of shangcheng.gpkg with the site's plots replaced:
  - SC0115-09, SC0115-10 and SC0115-22 rebuilt taller (heights and FAR raised);
  - SC0115-12 from housing (R2) to commerce (B1);
  - SC0115-31 merged into its neighbour SC0115-25 (one plot, SC0115-25's code);
  - SC0115-23 given up for a street and a square: removed, and a pocket park (G1) SC0115-90 added on
    two fifths of it.
Illustrative, like the sample: not a real scheme.

Only text is written, nothing binary: scheme/site.geojson holds the site's plots as the scheme has
them, and scheme/scheme.vrt (GDAL's virtual format) joins them to every other plot of
../shangcheng.gpkg, read in place. The sample's own layers and renders are untouched.

    /usr/bin/python3 assets/shangcheng/generate_scheme.py [--out DIR]   # write (default: scheme/)
    /usr/bin/python3 assets/shangcheng/generate_scheme.py --check       # exit 1 unless the committed files are reproduced
"""

import argparse
import filecmp
import json
import os
import sys
import tempfile

from osgeo import gdal, ogr, osr

gdal.UseExceptions()
ogr.UseExceptions()
osr.UseExceptions()

HERE = os.path.dirname(os.path.abspath(__file__))
GPKG = os.path.join(HERE, "shangcheng.gpkg")
DEFAULT_OUT = os.path.join(HERE, "scheme")

SITE = ["SC0115-09", "SC0115-10", "SC0115-12", "SC0115-22", "SC0115-23", "SC0115-24", "SC0115-25", "SC0115-30",
        "SC0115-31"]
RAISED = {"SC0115-10": (30.0, 2.5), "SC0115-22": (45.0, 3.6), "SC0115-09": (24.0, 2.4)}   # height_m, far
REZONED = {"SC0115-12": ("B1", "三元坊邻里商业中心", "Sanyuanfang neighbourhood centre")}
MERGED = ("SC0115-31", "SC0115-25")      # the first merged into the second
REMOVED = "SC0115-23"
ADDED = ("SC0115-90", 0.4)               # the new plot, and the share of the removed plot it takes

FIELDS = [("plot_code", "String"), ("landuse", "String"), ("height_m", "Real"), ("far", "Real"), ("platform", "String"),
          ("renewal", "Integer"), ("name_zh", "String"), ("name_en", "String"), ("area_m2", "Real"),
          ("max_height_m", "Real")]


def gk_area(g):
    """Area in EPSG:4549 metres, as generate.py measures area_m2."""
    src = osr.SpatialReference()
    src.ImportFromEPSG(4490)
    src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    dst = osr.SpatialReference()
    dst.ImportFromEPSG(4549)
    dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    h = g.Clone()
    h.Transform(osr.CoordinateTransformation(src, dst))
    return round(h.GetArea(), 1)


def rounded_ring(g):
    """The polygon's outer ring as [[lon, lat], …] rounded to 1e-7 degree (as generate.py writes)."""
    ring = g.GetGeometryRef(0)
    return [[round(ring.GetX(i), 7), round(ring.GetY(i), 7)] for i in range(ring.GetPointCount())]


def polygon_of(points):
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in points:
        ring.AddPoint_2D(x, y)
    g = ogr.Geometry(ogr.wkbPolygon)
    g.AddGeometry(ring)
    return g


def site_plots():
    ds = ogr.Open(GPKG)
    lyr = ds.GetLayerByName("parcels")
    lyr.SetAttributeFilter("plot_code IN (%s)" % ", ".join("'%s'" % c for c in SITE))
    plots = {}
    for f in lyr:
        values = {name: (f.GetField(name) if f.IsFieldSetAndNotNull(name) else None) for name, _ in FIELDS}
        plots[values["plot_code"]] = (values, f.GetGeometryRef().Clone())
    missing = sorted(set(SITE) - set(plots))
    if missing:
        raise SystemExit("generate_scheme: shangcheng.gpkg lacks the site's plots %s" % ", ".join(missing))
    return plots


def scheme_features(plots):
    out = []
    for code in SITE:
        values, geom = plots[code]
        values = dict(values)
        if code == MERGED[0] or code == REMOVED:
            continue
        if code in RAISED:
            values["height_m"], values["far"] = RAISED[code]
        if code in REZONED:
            values["landuse"], values["name_zh"], values["name_en"] = REZONED[code]
        if code == MERGED[1]:
            geom = geom.Union(plots[MERGED[0]][1])
            values["name_zh"], values["name_en"] = "三元坊新村", "Sanyuanfang new quarter"
        points = rounded_ring(geom)
        if code == MERGED[1]:
            values["area_m2"] = gk_area(polygon_of(points))
        out.append((values, points))
    # The pocket park: the removed plot's first ADDED[1] along its longer side.
    values, geom = plots[REMOVED]
    ring = rounded_ring(geom)[:-1]
    a, b, c, d = ring[:4]
    share = ADDED[1]
    side = (lambda p, q: ((q[0] - p[0]) ** 2 + (q[1] - p[1]) ** 2) ** 0.5)
    if side(a, b) < side(b, c):          # cut across the longer side: a-b-c-d with a-b the long one
        a, b, c, d = b, c, d, a
    cut_b = [round(a[0] + share * (b[0] - a[0]), 7), round(a[1] + share * (b[1] - a[1]), 7)]
    cut_c = [round(d[0] + share * (c[0] - d[0]), 7), round(d[1] + share * (c[1] - d[1]), 7)]
    points = [a, cut_b, cut_c, d, a]
    park = dict(values, plot_code=ADDED[0], landuse="G1", height_m=0.0, far=0.0, name_zh="三元坊口袋公园",
                name_en="Sanyuanfang pocket park")
    park["area_m2"] = gk_area(polygon_of(points))
    out.append((park, points))
    return out


def write_geojson(path, features):
    """One feature a line, so that a change to the scheme reads as a change to its lines."""
    head = {"type": "FeatureCollection", "name": "site",
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}}}
    lines = [json.dumps({"type": "Feature", "properties": values, "geometry": {"type": "Polygon", "coordinates": [points]}},
                        ensure_ascii=False) for values, points in features]
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "features": [\n' + ",\n".join(lines) + "\n]}\n")


def write_vrt(path):
    kept = "plot_code NOT IN (%s)" % ", ".join("'%s'" % c for c in SITE)
    fields = "\n".join('      <Field name="%s" type="%s"/>' % f for f in FIELDS)
    text = """<!-- A renewal scheme for the 三元坊 site (generate_scheme.py): the plan's parcels without the site's
     plots, and the site's plots as the scheme has them (site.geojson). For `planview compare`. -->
<OGRVRTDataSource>
  <OGRVRTUnionLayer name="parcels">
    <OGRVRTLayer name="kept">
      <SrcDataSource relativeToVRT="1">../shangcheng.gpkg</SrcDataSource>
      <SrcSQL>SELECT * FROM parcels WHERE %s</SrcSQL>
      <GeometryField name="geom" field="geom"/>
    </OGRVRTLayer>
    <OGRVRTLayer name="site">
      <SrcDataSource relativeToVRT="1">site.geojson</SrcDataSource>
      <!-- SQLite's dialect names GeoJSON's unnamed geometry, so that both parts have a "geom" -->
      <SrcSQL dialect="SQLITE">SELECT *, GEOMETRY AS geom FROM site</SrcSQL>
      <GeometryField name="geom" field="geom"/>
%s
    </OGRVRTLayer>
  </OGRVRTUnionLayer>
</OGRVRTDataSource>
""" % (kept, fields)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def generate(out):
    os.makedirs(out, exist_ok=True)
    write_geojson(os.path.join(out, "site.geojson"), scheme_features(site_plots()))
    write_vrt(os.path.join(out, "scheme.vrt"))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=DEFAULT_OUT, help="output folder (default: %(default)s)")
    ap.add_argument("--check", action="store_true", help="compare a fresh generation with the committed files")
    args = ap.parse_args(argv)
    if not args.check:
        generate(args.out)
        return 0
    with tempfile.TemporaryDirectory(prefix="scheme-") as tmp:
        generate(tmp)
        different = [n for n in ("site.geojson", "scheme.vrt")
                     if not filecmp.cmp(os.path.join(tmp, n), os.path.join(DEFAULT_OUT, n), shallow=False)]
    if different:
        print("generate_scheme: the committed %s differ from a fresh generation (re-run generate_scheme.py)"
              % ", ".join(different), file=sys.stderr)
        return 1
    print("generate_scheme: the committed scheme is reproduced")
    return 0


if __name__ == "__main__":
    sys.exit(main())
