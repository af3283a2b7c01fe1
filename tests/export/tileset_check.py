"""Checks a 3D Tiles tileset written by `planview export ... --format 3DTiles -o DIR/` against GDAL and
PROJ, independently of PlanView: tileset.json is read with json, every tile's .glb with gltf_check.py's
GLB reader, the layer with OGR, positions taken to the globe with pyproj.

- tileset.json: asset.version "1.1"; every geometricError a number >= 0, a child's at most its parent's,
  the leaves' 0 or small (< 1 m), the tileset's positive (CesiumJS draws nothing of a tileset whose
  error is 0); refine ADD or REPLACE; every content uri a file in the folder;
- every tile's bounding region [west, south, east, north, low, high] (radians, metres) holds the
  vertices of its content (root matrix, y-up to z-up, ECEF EPSG:4978 to EPSG:4979 with PROJ), and every
  ancestor's region holds them too;
- the root region holds the layer's WGS 84 extent (each GDAL geometry transformed to EPSG:4326);
- over the tiles, the property tables' rows are GDAL's features, each once (fid), and every attribute
  of every row equals GDAL's value (NULL: the property's noData; dates as ISO 8601);
- every primitive's feature ids index its tile's table, and every row has vertices.

Usage: tileset_check.py DIR --source SRC --layer L [--where W]
Prints what differs and exits 1; prints a summary and exits 0 when everything agrees.
"""
import argparse
import json
import math
import os
import sys

import numpy as np
from osgeo import ogr, osr
from pyproj import Transformer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gltf_check import accessor, gdal_value, property_table, read_glb  # noqa: E402

ogr.UseExceptions()
osr.UseExceptions()

problems = []


def problem(text):
    if len(problems) < 60:
        problems.append(text)


Y_UP_TO_Z_UP = np.array([[1, 0, 0, 0], [0, 0, -1, 0], [0, 1, 0, 0], [0, 0, 0, 1]], dtype=float)
FROM_ECEF = Transformer.from_crs("EPSG:4978", "EPSG:4979", always_xy=True)


def inside(region, lon, lat, h):
    """How far (radians or metres, the worst) the points lie outside the region; 0 when inside."""
    west, south, east, north, low, high = region
    return max(float(np.max(west - lon, initial=0)), float(np.max(lon - east, initial=0)),
               float(np.max(south - lat, initial=0)), float(np.max(lat - north, initial=0)),
               float(np.max(low - h, initial=0)) / 6.4e6, float(np.max(h - high, initial=0)) / 6.4e6)


def tiles(tile, parents, path):
    """Every tile with its ancestors' regions, depth first."""
    yield tile, parents, path
    for k, child in enumerate(tile.get("children", [])):
        yield from tiles(child, parents + [tile["boundingVolume"]["region"]], f"{path}/{k}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--source", required=True)
    parser.add_argument("--layer", required=True)
    parser.add_argument("--where", default="")
    args = parser.parse_args()

    tileset = json.load(open(os.path.join(args.folder, "tileset.json"), encoding="utf-8"))
    if tileset.get("asset", {}).get("version") != "1.1":
        problem(f"asset.version is {tileset.get('asset', {}).get('version')!r}, not '1.1'")
    root = tileset["root"]
    if root.get("refine") not in ("ADD", "REPLACE"):
        problem(f"the root's refine is {root.get('refine')!r}")
    if not isinstance(tileset.get("geometricError"), (int, float)) or tileset["geometricError"] < max(root["geometricError"], 1e-9):
        problem("the tileset's geometricError is not a positive number at least the root's")

    # GDAL's features and the layer's WGS 84 extent.
    source = ogr.Open(args.source)
    layer = source.GetLayerByName(args.layer)
    if args.where:
        layer.SetAttributeFilter(args.where)
    wgs84 = osr.SpatialReference()
    wgs84.ImportFromEPSG(4326)
    wgs84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    layer_srs = layer.GetSpatialRef().Clone()
    layer_srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_wgs84 = osr.CoordinateTransformation(layer_srs, wgs84)
    gdal, extent = {}, None
    for feature in layer:
        geometry = feature.GetGeometryRef()
        if geometry is None or geometry.IsEmpty():
            continue
        geometry = geometry.Clone()
        geometry.Transform(to_wgs84)
        e = geometry.GetEnvelope()   # minX, maxX, minY, maxY
        extent = e if extent is None else (min(extent[0], e[0]), max(extent[1], e[1]), min(extent[2], e[2]), max(extent[3], e[3]))
        gdal[feature.GetFID()] = feature
    defn = layer.GetLayerDefn()

    west, south, east, north = root["boundingVolume"]["region"][:4]
    lon0, lon1, lat0, lat1 = (math.radians(v) for v in extent)
    if not (west <= lon0 and lon1 <= east and south <= lat0 and lat1 <= north):
        problem(f"the root region {[math.degrees(v) for v in (west, south, east, north)]} does not hold the layer's "
                f"WGS 84 extent {extent}")

    seen, tile_count, vertices, values, worst = {}, 0, 0, 0, 0.0
    for tile, parents, path in tiles(root, [], "root"):
        error = tile.get("geometricError")
        if not isinstance(error, (int, float)) or error < 0:
            problem(f"{path}: geometricError {error!r}")
        for child in tile.get("children", []):
            if child["geometricError"] > error:
                problem(f"{path}: a child's geometricError {child['geometricError']} exceeds its parent's {error}")
        if not tile.get("children") and error >= 1:
            problem(f"{path}: a leaf's geometricError is {error}")
        region = tile["boundingVolume"].get("region")
        if region is None or len(region) != 6:
            problem(f"{path}: no region")
            continue
        if "content" not in tile:
            continue
        uri = tile["content"]["uri"]
        file = os.path.join(args.folder, uri)
        if not os.path.isfile(file):
            problem(f"{path}: content {uri} is not in the folder")
            continue
        tile_count += 1
        document, binary = read_glb(file)
        count, columns = property_table(document, binary)
        fids = columns["fid"][1]
        for fid in fids:
            seen[fid] = seen.get(fid, 0) + 1
        # Attributes: every row against GDAL.
        for i in range(defn.GetFieldCount()):
            name = defn.GetFieldDefn(i).GetName()
            if name not in columns:
                problem(f"{uri}: field {name} is not in the property table")
                continue
            definition, column = columns[name]
            no_data = definition.get("noData")
            for row, fid in enumerate(fids):
                if fid not in gdal:
                    continue
                expected, actual = gdal_value(gdal[fid], i), column[row]
                ok = actual == no_data if expected is None else (actual == expected and (isinstance(expected, float) or actual != no_data))
                values += 1
                if not ok:
                    problem(f"{uri}: fid {fid} field {name}: GDAL {expected!r}, the tile {actual!r}")
        # Positions on the globe, inside this tile's region and its ancestors'.
        scene = document["scenes"][document.get("scene", 0)]
        matrix = np.array(document["nodes"][scene["nodes"][0]]["matrix"], dtype=float).reshape(4, 4).T
        to_globe = Y_UP_TO_Z_UP @ matrix
        drawn = set()
        for mesh in document["meshes"]:
            for primitive in mesh["primitives"]:
                ids_attribute = primitive["extensions"]["EXT_mesh_features"]["featureIds"][0]
                ids = accessor(document, binary, primitive["attributes"][f"_FEATURE_ID_{ids_attribute['attribute']}"]).astype(np.int64)
                if ids.size and (ids.min() < 0 or ids.max() >= count):
                    problem(f"{uri}: feature ids outside 0..{count - 1}")
                drawn.update(np.unique(ids).tolist())
                positions = accessor(document, binary, primitive["attributes"]["POSITION"]).astype(float)
                ecef = (to_globe @ np.c_[positions, np.ones(len(positions))].T).T[:, :3]
                lon, lat, h = FROM_ECEF.transform(ecef[:, 0], ecef[:, 1], ecef[:, 2])
                lon, lat, h = np.radians(lon), np.radians(lat), np.asarray(h)
                vertices += len(lon)
                for r in [region] + parents:
                    outside = inside(r, lon, lat, h)
                    worst = max(worst, outside)
        if drawn != set(range(count)):
            problem(f"{uri}: {count - len(drawn & set(range(count)))} rows of the table have no vertices")
    if worst > 0:
        problem(f"vertices lie outside their tile's or an ancestor's region, up to {worst * 6.4e6:.4f} m")

    twice = [fid for fid, n in seen.items() if n > 1]
    if twice:
        problem(f"{len(twice)} features are in more than one tile (fid {twice[0]})")
    if set(seen) != set(gdal):
        problem(f"the tiles' features are not GDAL's: {len(set(seen) - set(gdal))} unknown, {len(set(gdal) - set(seen))} missing")
    total = sum(seen.values())

    for p in problems:
        print(p)
    print(f"{args.folder}: {tile_count} tiles, {total} features (GDAL: {len(gdal)}), {values} values compared with GDAL, "
          f"{vertices} vertices checked against their regions")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
