#!/usr/bin/python3
"""Check that generate.py reproduces the committed shangcheng.gpkg feature by feature.

Runs the generator into a temporary directory and compares every layer (fields, geometry type,
CRS, description, features with their attributes and geometries) and the dataset metadata with
the committed file. Exits 0 when they match, 1 with the differences otherwise.

Needs Debian's /usr/bin/python3 with python3-gdal (scripts/test installs it); it does not skip.
"""

import os
import subprocess
import sys
import tempfile

try:
    from osgeo import gdal, ogr
except ImportError as e:  # a missing python3-gdal is a failure, not a skip
    print("check_deterministic: cannot import osgeo (install python3-gdal): %s" % e, file=sys.stderr)
    sys.exit(1)

gdal.UseExceptions()
ogr.UseExceptions()

HERE = os.path.dirname(os.path.abspath(__file__))
COMMITTED = os.path.join(HERE, "shangcheng.gpkg")
GENERATOR = os.path.join(HERE, "generate.py")
MAX_REPORTED = 20


def layer_summary(lyr):
    defn = lyr.GetLayerDefn()
    fields = [(defn.GetFieldDefn(i).GetName(), defn.GetFieldDefn(i).GetTypeName()) for i in range(defn.GetFieldCount())]
    srs = lyr.GetSpatialRef()
    return dict(fields=fields, gtype=lyr.GetGeomType(), srs=srs.ExportToWkt() if srs else None,
                description=lyr.GetMetadataItem("DESCRIPTION"), count=lyr.GetFeatureCount())


def features(lyr):
    lyr.ResetReading()
    out = []
    for f in lyr:
        g = f.GetGeometryRef()
        attrs = tuple(None if not f.IsFieldSetAndNotNull(i) else f.GetField(i) for i in range(f.GetFieldCount()))
        out.append((f.GetFID(), attrs, g.ExportToWkb() if g is not None else None, g.Clone() if g is not None else None))
    return out


def same_geometry(a, b):
    if a[2] == b[2]:
        return True
    if a[3] is None or b[3] is None:
        return False
    # tolerate last-digit differences from another PROJ/GEOS build: 1e-12 deg^2 is about 0.01 m^2
    try:
        return a[3].SymDifference(b[3]).GetArea() < 1e-12 and a[3].GetGeometryType() == b[3].GetGeometryType()
    except RuntimeError:
        return False


def compare(ref_path, new_path):
    problems = []
    ref, new = ogr.Open(ref_path), ogr.Open(new_path)
    ref_md, new_md = ref.GetMetadata() or {}, new.GetMetadata() or {}
    if ref_md != new_md:
        problems.append("dataset metadata differs: %r vs %r" % (ref_md, new_md))
    ref_names = [ref.GetLayer(i).GetName() for i in range(ref.GetLayerCount())]
    new_names = [new.GetLayer(i).GetName() for i in range(new.GetLayerCount())]
    if ref_names != new_names:
        problems.append("layers differ: %s vs %s" % (ref_names, new_names))
    for name in ref_names:
        if name not in new_names:
            continue
        rl, nl = ref.GetLayerByName(name), new.GetLayerByName(name)
        rs, ns = layer_summary(rl), layer_summary(nl)
        for key in ("fields", "gtype", "srs", "description", "count"):
            if rs[key] != ns[key]:
                problems.append("%s: %s differs: %r vs %r" % (name, key, rs[key], ns[key]))
        rf, nf = features(rl), features(nl)
        for a, b in zip(rf, nf):
            if a[0] != b[0] or a[1] != b[1]:
                problems.append("%s: feature %d attributes differ: %r vs %r" % (name, a[0], a[1], b[1]))
            elif not same_geometry(a, b):
                problems.append("%s: feature %d geometry differs" % (name, a[0]))
            if len(problems) > MAX_REPORTED:
                return problems
    return problems


def main():
    if not os.path.exists(COMMITTED):
        print("check_deterministic: %s is missing" % COMMITTED, file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="shangcheng-") as tmp:
        out = os.path.join(tmp, "shangcheng.gpkg")
        run = subprocess.run([sys.executable, GENERATOR, "--out", out, "--quiet"], capture_output=True, text=True)
        if run.returncode != 0:
            print("check_deterministic: generate.py failed (exit %d):\n%s%s" % (run.returncode, run.stdout, run.stderr),
                  file=sys.stderr)
            return 1
        problems = compare(COMMITTED, out)
        with open(COMMITTED, "rb") as a, open(out, "rb") as b:
            identical = a.read() == b.read()
    if problems:
        print("check_deterministic: the generator does not reproduce %s (re-run generate.py and commit, or "
              "find what made it non-deterministic):" % os.path.relpath(COMMITTED), file=sys.stderr)
        for p in problems[:MAX_REPORTED]:
            print("  " + p, file=sys.stderr)
        return 1
    print("check_deterministic: generate.py reproduces %s feature by feature%s" %
          (os.path.basename(COMMITTED), " (byte-identical file)" if identical else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
