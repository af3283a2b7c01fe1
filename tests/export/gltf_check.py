"""Checks a .glb written by `planview export ... -o OUT.glb` against GDAL and PROJ, independently of
PlanView: the GLB is parsed here by hand (header, JSON chunk, BIN chunk; accessors, EXT_mesh_features,
EXT_structural_metadata property tables), the layer is read with OGR, positions are taken to the globe
with pyproj.

- the property table has one row per feature GDAL reads (with --where), each row's `fid` a feature of
  the source and every attribute equal to GDAL's value (NULL: the property's noData; dates as ISO 8601);
- every primitive's feature ids index that table, and every feature of the layer has vertices;
- the root node's matrix puts the glTF origin at the ECEF position (EPSG:4978) PROJ gives for the
  WGS 84 position of the centre of the layer's extent in --crs, within 1 m;
- every vertex, taken through the root matrix to ECEF and back to --crs with PROJ, lies in its
  feature's extent in --crs (GDAL) grown by --margin metres; with --height-field or --height, the
  highest vertex of each feature stands at that height above the ellipsoid (within 2 cm); with --dem, at
  that height above the ground somewhere under the feature (between the DEM's lowest and highest pixel).

Usage: gltf_check.py GLB --source SRC --layer L [--where W] --crs EPSG:N [--margin M]
       [--height-field F | --height H] [--dem DEM] [--pins]
Prints what differs and exits 1; prints a summary and exits 0 when everything agrees.
"""
import argparse
import json
import math
import struct
import sys

import numpy as np
from osgeo import gdal, ogr, osr
from pyproj import Transformer

ogr.UseExceptions()
osr.UseExceptions()

COMPONENTS = {5120: np.int8, 5121: np.uint8, 5122: np.int16, 5123: np.uint16, 5125: np.uint32, 5126: np.float32}
WIDTHS = {"SCALAR": 1, "VEC2": 2, "VEC3": 3, "VEC4": 4, "MAT4": 16}
METADATA_TYPES = {"INT8": np.int8, "UINT8": np.uint8, "INT16": np.int16, "UINT16": np.uint16, "INT32": np.int32,
                  "UINT32": np.uint32, "INT64": np.int64, "UINT64": np.uint64, "FLOAT32": np.float32,
                  "FLOAT64": np.float64}

problems = []


def problem(text):
    problems.append(text)


def read_glb(path):
    data = open(path, "rb").read()
    magic, version, length = struct.unpack_from("<4sII", data, 0)
    if magic != b"glTF" or version != 2 or length != len(data):
        raise SystemExit(f"{path}: not a GLB 2.0 file (magic {magic!r}, version {version}, length {length} of {len(data)})")
    offset, document, binary = 12, None, b""
    while offset < len(data):
        chunk_length, chunk_type = struct.unpack_from("<II", data, offset)
        chunk = data[offset + 8:offset + 8 + chunk_length]
        if chunk_type == 0x4E4F534A:
            document = json.loads(chunk.decode("utf-8"))
        elif chunk_type == 0x004E4942:
            binary = chunk
        offset += 8 + chunk_length
    return document, binary


def view_bytes(document, binary, index):
    view = document["bufferViews"][index]
    start = view.get("byteOffset", 0)
    return binary[start:start + view["byteLength"]]


def accessor(document, binary, index):
    a = document["accessors"][index]
    dtype = COMPONENTS[a["componentType"]]
    width = WIDTHS[a["type"]]
    view = document["bufferViews"][a["bufferView"]]
    if view.get("byteStride", 0) not in (0, np.dtype(dtype).itemsize * width):
        raise SystemExit("interleaved accessors are not read by this check")
    raw = view_bytes(document, binary, a["bufferView"])
    values = np.frombuffer(raw, dtype=dtype, count=a["count"] * width, offset=a.get("byteOffset", 0))
    return values.reshape(a["count"], width) if width > 1 else values


def property_table(document, binary):
    metadata = document["extensions"]["EXT_structural_metadata"]
    table = metadata["propertyTables"][0]
    klass = metadata["schema"]["classes"][table["class"]]
    count = table["count"]
    columns = {}
    for pid, column in table["properties"].items():
        definition = klass["properties"][pid]
        name = definition.get("name", pid)
        raw = view_bytes(document, binary, column["values"])
        if definition["type"] == "STRING":
            offset_type = METADATA_TYPES[column.get("stringOffsetType", "UINT32")]
            offsets = np.frombuffer(view_bytes(document, binary, column["stringOffsets"]), dtype=offset_type, count=count + 1)
            values = [raw[offsets[i]:offsets[i + 1]].decode("utf-8") for i in range(count)]
        else:
            values = np.frombuffer(raw, dtype=METADATA_TYPES[definition["componentType"]], count=count).tolist()
        columns[name] = (definition, values)
    return count, columns


def gdal_value(feature, index):
    """What the feature holds in field `index`, as the property table should hold it (None = NULL)."""
    if not feature.IsFieldSetAndNotNull(index):
        return None
    kind = feature.GetFieldDefnRef(index).GetType()
    if kind in (ogr.OFTInteger, ogr.OFTInteger64):
        return feature.GetFieldAsInteger64(index)
    if kind == ogr.OFTReal:
        return feature.GetFieldAsDouble(index)
    if kind in (ogr.OFTDate, ogr.OFTDateTime):
        y, mo, d, h, mi, s, tz = feature.GetFieldAsDateTime(index)
        if kind == ogr.OFTDate:
            return f"{y:04d}-{mo:02d}-{d:02d}"
        text = f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{int(s):02d}"
        if tz == 100:
            text += "Z"
        elif tz > 100:
            text += f"+{(tz - 100) // 4:02d}:{(tz - 100) % 4 * 15:02d}"
        elif tz > 1:
            text += f"-{(100 - tz) // 4:02d}:{(100 - tz) % 4 * 15:02d}"
        return text
    return feature.GetFieldAsString(index)


def ground_range(dem_path, crs):
    """A function from an envelope (minX, maxX, minY, maxY in `crs`) to the lowest and highest height of
    the DEM's pixels under it (and one pixel around: bilinear heights lie between those)."""
    dem = gdal.Open(dem_path)
    heights = dem.GetRasterBand(1).ReadAsArray().astype(float)
    gt = dem.GetGeoTransform()
    source = osr.SpatialReference()
    source.SetFromUserInput(crs)
    source.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    target = osr.SpatialReference(wkt=dem.GetProjection())
    target.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_dem = osr.CoordinateTransformation(source, target)

    def heights_under(envelope):
        minx, maxx, miny, maxy = envelope
        corners = [to_dem.TransformPoint(x, y)[:2] for x in (minx, maxx) for y in (miny, maxy)]
        cols = [(c[0] - gt[0]) / gt[1] for c in corners]
        rows = [(c[1] - gt[3]) / gt[5] for c in corners]
        c0, c1 = max(int(math.floor(min(cols))) - 1, 0), min(int(math.ceil(max(cols))) + 1, heights.shape[1])
        r0, r1 = max(int(math.floor(min(rows))) - 1, 0), min(int(math.ceil(max(rows))) + 1, heights.shape[0])
        window = heights[r0:r1, c0:c1]
        return float(window.min()) - 0.02, float(window.max()) + 0.02
    return heights_under


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("glb")
    parser.add_argument("--source", required=True)
    parser.add_argument("--layer", required=True)
    parser.add_argument("--where", default="")
    parser.add_argument("--crs", required=True)
    parser.add_argument("--margin", type=float, default=0.01)
    parser.add_argument("--height-field", default="")
    parser.add_argument("--height", type=float, default=None)
    parser.add_argument("--dem", default="")
    args = parser.parse_args()

    document, binary = read_glb(args.glb)

    # GDAL's features, their extents and heights in the check's CRS.
    source = ogr.Open(args.source)
    layer = source.GetLayerByName(args.layer)
    if args.where:
        layer.SetAttributeFilter(args.where)
    target = osr.SpatialReference()
    target.SetFromUserInput(args.crs)
    target.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_crs = osr.CoordinateTransformation(layer.GetSpatialRef(), target)
    gdal = {}
    whole = None
    for feature in layer:
        geometry = feature.GetGeometryRef()
        if geometry is None or geometry.IsEmpty():
            continue
        geometry = geometry.Clone()
        geometry.Transform(to_crs)
        envelope = geometry.GetEnvelope()   # minX, maxX, minY, maxY
        whole = envelope if whole is None else (min(whole[0], envelope[0]), max(whole[1], envelope[1]),
                                                min(whole[2], envelope[2]), max(whole[3], envelope[3]))
        gdal[feature.GetFID()] = (feature, envelope)
    defn = layer.GetLayerDefn()

    # Feature count and attributes.
    count, columns = property_table(document, binary)
    if count != len(gdal):
        problem(f"the property table has {count} rows, GDAL reads {len(gdal)} features")
    if "fid" not in columns:
        raise SystemExit("the property table has no fid")
    fids = columns["fid"][1]
    if len(set(fids)) != len(fids) or set(fids) != set(gdal):
        problem(f"the table's fids are not GDAL's: {len(set(fids) - set(gdal))} unknown, {len(set(gdal) - set(fids))} missing")
    checked = 0
    for i in range(defn.GetFieldCount()):
        name = defn.GetFieldDefn(i).GetName()
        if name not in columns:
            problem(f"field {name} is not in the property table")
            continue
        definition, values = columns[name]
        no_data = definition.get("noData")
        for row, fid in enumerate(fids):
            if fid not in gdal:
                continue
            expected = gdal_value(gdal[fid][0], i)
            actual = values[row]
            if expected is None:
                ok = actual == no_data
            elif isinstance(expected, float):
                ok = actual == expected   # FLOAT64 holds the double exactly
            else:
                ok = actual == expected and actual != no_data
            checked += 1
            if not ok and len(problems) < 40:
                problem(f"fid {fid} field {name}: GDAL {expected!r}, the .glb {actual!r}")

    # The root matrix: the glTF origin at the layer's centre on the globe.
    scene = document["scenes"][document.get("scene", 0)]
    root = document["nodes"][scene["nodes"][0]]
    matrix = np.array(root["matrix"], dtype=float).reshape(4, 4).T   # glTF: column-major
    to_wgs84 = Transformer.from_crs(args.crs, "EPSG:4326", always_xy=True)
    to_ecef = Transformer.from_crs("EPSG:4979", "EPSG:4978", always_xy=True)
    from_ecef = Transformer.from_crs("EPSG:4978", "EPSG:4979", always_xy=True)
    from_wgs84 = Transformer.from_crs("EPSG:4326", args.crs, always_xy=True)
    centre_lon, centre_lat = to_wgs84.transform((whole[0] + whole[1]) / 2, (whole[2] + whole[3]) / 2)
    expected_origin = np.array(to_ecef.transform(centre_lon, centre_lat, 0.0))
    # glTF is y-up: a y-up (x, y, z) is the z-up (x, -z, y) (3D Tiles' convention).
    y_up_to_z_up = np.array([[1, 0, 0, 0], [0, 0, -1, 0], [0, 1, 0, 0], [0, 0, 0, 1]], dtype=float)
    to_globe = y_up_to_z_up @ matrix
    origin = to_globe[:3, 3]
    origin_error = float(np.linalg.norm(origin - expected_origin))
    if not origin_error <= 1.0:
        problem(f"the root matrix places the origin {origin_error:.3f} m from the layer's centre "
                f"({centre_lon:.7f}, {centre_lat:.7f}) in ECEF")

    # Every vertex on the globe, in its feature's extent; heights.
    worst_outside, heights, vertices, seen = 0.0, {}, 0, set()
    for mesh in document["meshes"]:
        for primitive in mesh["primitives"]:
            ids_attribute = primitive["extensions"]["EXT_mesh_features"]["featureIds"][0]
            ids = accessor(document, binary, primitive["attributes"][f"_FEATURE_ID_{ids_attribute['attribute']}"]).astype(np.int64)
            positions = accessor(document, binary, primitive["attributes"]["POSITION"]).astype(float)
            if ids.size and (ids.min() < 0 or ids.max() >= count):
                problem(f"feature ids outside 0..{count - 1}")
                continue
            ecef = (to_globe @ np.c_[positions, np.ones(len(positions))].T).T[:, :3]
            lon, lat, h = from_ecef.transform(ecef[:, 0], ecef[:, 1], ecef[:, 2])
            x, y = from_wgs84.transform(lon, lat)
            vertices += len(ids)
            for k in np.unique(ids):
                fid = fids[k]
                if fid not in gdal:
                    continue
                seen.add(fid)
                mine = ids == k
                minx, maxx, miny, maxy = gdal[fid][1]
                outside = max(minx - x[mine].min(), x[mine].max() - maxx, miny - y[mine].min(), y[mine].max() - maxy, 0.0)
                worst_outside = max(worst_outside, outside)
                heights[fid] = max(heights.get(fid, -math.inf), float(h[mine].max()))
    if worst_outside > args.margin:
        problem(f"vertices lie up to {worst_outside:.3f} m outside their feature's extent (allowed {args.margin} m)")
    if seen != set(gdal):
        problem(f"{len(set(gdal) - seen)} features have no vertices")
    worst_height = 0.0
    if args.height_field or args.height is not None:
        index = defn.GetFieldIndex(args.height_field) if args.height_field else -1
        ground = ground_range(args.dem, args.crs) if args.dem else None
        for fid, top in heights.items():
            feature = gdal[fid][0]
            expected = args.height if index < 0 else feature.GetFieldAsDouble(index)
            if expected > 0:
                if ground:
                    # On terrain the top stands its height above the ground somewhere under the feature.
                    low, high = ground(gdal[fid][1])
                    base = top - expected
                    worst_height = max(worst_height, low - base, base - high, 0.0)
                else:
                    worst_height = max(worst_height, abs(top - expected))
        if worst_height > 0.02:
            problem(f"feature tops differ from their heights by up to {worst_height:.3f} m")

    for p in problems:
        print(p)
    print(f"{args.glb}: {count} features, {checked} values compared with GDAL, {vertices} vertices, "
          f"origin {origin_error:.4f} m from PROJ's, vertices at most {worst_outside:.4f} m outside their features, "
          f"tops within {worst_height:.4f} m")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
