#!/usr/bin/python3
"""Generate the Shangcheng sample's terrain: terrain/dem.tif and terrain/imagery.tif.

An illustrative DEM of the district and its surroundings (EPSG:4490, 1/6000 degree, about 16 x 18.5 m a
pixel): the West Lake hills as smooth ridges at their approximate real heights and places, West Lake, the
Qiantang and the canals of shangcheng.gpkg at water level, the flat city between. Not survey data.
imagery.tif is derived from it: gdaldem's hillshade over gdaldem's colour relief (a land-cover reading of
the heights: city, green slopes, wooded hills), water blue.

Usage:
  /usr/bin/python3 assets/shangcheng/generate_terrain.py                 # rewrites assets/shangcheng/terrain/
  /usr/bin/python3 assets/shangcheng/generate_terrain.py --out-dir DIR
  /usr/bin/python3 assets/shangcheng/generate_terrain.py --check         # does the committed terrain match?
"""

import argparse
import math
import os
import shutil
import sys
import tempfile

import numpy as np
from osgeo import gdal, ogr, osr

gdal.UseExceptions()
ogr.UseExceptions()
osr.UseExceptions()

HERE = os.path.dirname(os.path.abspath(__file__))
GPKG = os.path.join(HERE, "shangcheng.gpkg")
DEFAULT_OUT = os.path.join(HERE, "terrain")

DISCLAIMER = ("Illustrative sample terrain, not survey data: the West Lake hills drawn as smooth ridges at their "
              "approximate public heights (about +-10 m) and places (about +-300 m); water from shangcheng.gpkg.")

# The grid: EPSG:4490 (CGCS2000 geographic, the GeoPackage's CRS), lon/lat order, pixel 1/6000 degree.
WEST, EAST, SOUTH, NORTH = 120.095, 120.235, 30.180, 30.345
STEP = 1.0 / 6000.0
WIDTH = int(round((EAST - WEST) / STEP))     # 840
HEIGHT = int(round((NORTH - SOUTH) / STEP))  # 990: north to the exclave (飞地) near 30.335 N

# Water levels, metres (1985 national height datum, roughly): West Lake about 7 m, the Qiantang 4-6 m.
LAKE_LEVEL = 7.0
RIVER_LEVEL = 5.0
CANAL_LEVEL = 6.0
CITY_BASE = 9.0     # the old city lies at about 8-12 m
SHORE_LEVEL = 8.0   # the top of a bank, a metre above the lake

# Ridges: each a list of nodes (lon, lat, height m, half-width sigma m). Heights and widths run linearly
# along a ridge; across it the ground falls as a Gaussian to the city's level. Summits are nodes.
# Positions are the real ones, read from general knowledge (about +-300 m), except where the sample's own
# data asks otherwise: 吴山's summit stands under the sample's 城隍阁 (landmarks/, about 200 m east of the
# real one) and 宝石山/葛岭/栖霞岭 sit north of the sample's lake outline, which reaches about 400 m
# further north than the real shore.
RIDGES = {
    # 吴山 (城隍阁, 94 m): a small hill, its crest running east into the sample's 吴山 green.
    "吴山": [
        (120.1650, 30.2400, 94, 110),    # 吴山, 城隍阁
        (120.1690, 30.2392, 55, 100),
    ],
    # 凤凰山 (178 m), 将台山 (202 m) and 玉皇山 (237 m), then west over 九曜山 towards 南高峰. In the city
    # 吴山 and 凤凰山 are joined by the low 万松岭 ridge; the sample has parcels there, so it is left out.
    "凤凰山-玉皇山": [
        (120.1575, 30.2320, 70, 120),
        (120.1555, 30.2275, 178, 150),   # 凤凰山
        (120.1548, 30.2258, 145, 140),   # saddle
        (120.1540, 30.2240, 202, 180),   # 将台山
        (120.1530, 30.2226, 185, 180),   # saddle
        (120.1520, 30.2212, 237, 220),   # 玉皇山
        (120.1470, 30.2210, 160, 230),
        (120.1420, 30.2250, 140, 230),   # 九曜山
        (120.1360, 30.2280, 200, 260),
    ],
    # 南屏山 and 夕照山 (雷峰塔) on the lake's south shore.
    "南屏山": [
        (120.1488, 30.2312, 48, 110),    # 夕照山, 雷峰塔
        (120.1520, 30.2290, 100, 160),   # 南屏山
        (120.1545, 30.2262, 130, 190),
    ],
    # 北高峰 (314 m) south over 天马山 to 南高峰 (257 m), then over 翁家山 and 大慈山 (虎跑) down to
    # 月轮山 (六和塔) by the river.
    "北高峰-南高峰-月轮山": [
        (120.1050, 30.2560, 230, 380),
        (120.1140, 30.2510, 314, 380),   # 北高峰
        (120.1190, 30.2440, 250, 340),   # 天马山
        (120.1230, 30.2360, 215, 330),
        (120.1300, 30.2290, 257, 300),   # 南高峰
        (120.1320, 30.2200, 215, 300),   # 翁家山
        (120.1370, 30.2130, 185, 290),   # 大慈山
        (120.1340, 30.2065, 120, 230),
        (120.1305, 30.2012, 60, 150),    # 月轮山, 六和塔
    ],
    # West of 南高峰 to 五云山 (about 347 m) and 狮峰 in the Longjing tea hills.
    "龙井-五云山": [
        (120.1300, 30.2290, 257, 300),
        (120.1210, 30.2270, 240, 320),   # 狮峰, 龙井
        (120.1140, 30.2190, 347, 380),   # 五云山
        (120.1060, 30.2090, 260, 360),
    ],
    # 三台山 and 丁家山 west of the lake's south-west shore.
    "三台山": [
        (120.1300, 30.2290, 257, 300),
        (120.1290, 30.2390, 90, 160),    # 三台山
        (120.1260, 30.2470, 50, 130),    # 丁家山
    ],
    # The body of the hills west and south-west of the lake, between the ridges (the valleys of 龙井,
    # 满觉陇 and 九溪 lie at about 60-120 m): broad and lower than the crests.
    "西湖群山": [
        (120.1080, 30.2500, 150, 700),
        (120.1150, 30.2300, 170, 800),
        (120.1260, 30.2170, 130, 650),
        (120.1420, 30.2200, 110, 450),
    ],
    # 栖霞岭, 葛岭 and 宝石山 (保俶塔) along the lake's north shore, and 北高峰's spur to 灵隐.
    "宝石山-葛岭-栖霞岭": [
        (120.1520, 30.2715, 62, 120),
        (120.1495, 30.2705, 78, 150),    # 宝石山, 保俶塔
        (120.1445, 30.2695, 125, 180),   # 葛岭
        (120.1390, 30.2690, 110, 180),   # 栖霞岭
        (120.1300, 30.2660, 150, 220),
        (120.1200, 30.2600, 230, 300),
        (120.1140, 30.2510, 314, 380),   # 北高峰
    ],
}

# The Qiantang west of the GeoPackage's river polygon (which ends at 120.130 E), down to the grid's edge.
RIVER_WEST = [(120.1300, 30.1970), (120.1200, 30.1926), (120.1100, 30.1884), (120.0900, 30.1810),
              (120.0900, 30.1700), (120.1150, 30.1700), (120.1300, 30.1850), (120.1300, 30.1970)]

# Colour relief (height m -> RGB): the city light grey, green slopes, wooded hills, bare tops.
COLOUR_RELIEF = [(0, 222, 216, 204), (13, 222, 216, 204), (22, 186, 206, 156), (60, 128, 174, 104),
                 (150, 84, 142, 78), (250, 92, 124, 72), (350, 140, 130, 102)]
LAKE_RGB = (142, 186, 222)
RIVER_RGB = (118, 162, 204)


def geo_transform():
    return (WEST, STEP, 0.0, NORTH, 0.0, -STEP)


def srs_4490():
    s = osr.SpatialReference()
    s.ImportFromEPSG(4490)
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return s


def metres_grid():
    """Cell centres in EPSG:4549 (metres), as two WIDTH x HEIGHT arrays."""
    gk = osr.SpatialReference()
    gk.ImportFromEPSG(4549)
    gk.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_gk = osr.CoordinateTransformation(srs_4490(), gk)
    lon = WEST + (np.arange(WIDTH) + 0.5) * STEP
    lat = NORTH - (np.arange(HEIGHT) + 0.5) * STEP
    lons, lats = np.meshgrid(lon, lat)
    pts = np.array(to_gk.TransformPoints(np.column_stack([lons.ravel(), lats.ravel()]).tolist()))
    return pts[:, 0].reshape(HEIGHT, WIDTH), pts[:, 1].reshape(HEIGHT, WIDTH), to_gk


def ridge_heights(x, y, to_gk):
    """The hills above the city's level: for each ridge segment a Gaussian across it, the highest wins."""
    hills = np.zeros_like(x)
    for nodes in RIDGES.values():
        pts = [(to_gk.TransformPoint(lon, lat)[:2], h - CITY_BASE, s) for lon, lat, h, s in nodes]
        for (a, ha, sa), (b, hb, sb) in zip(pts, pts[1:]):
            ax, ay = a
            dx, dy = b[0] - ax, b[1] - ay
            t = np.clip(((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy), 0.0, 1.0)
            d2 = (x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2
            h = ha + t * (hb - ha)
            s = sa + t * (sb - sa)
            np.maximum(hills, h * np.exp(-d2 / (2.0 * s * s)), out=hills)
    return hills


def city_level(x, y):
    """The flat city: 8-12 m, rising gently and smoothly away from the river (no noise)."""
    x0, y0 = x - 516000.0, y - 3345000.0
    return CITY_BASE + 1.2 * np.sin(x0 / 1700.0) * np.cos(y0 / 2300.0) + 0.8 * np.tanh(y0 / 3000.0)


def water_mask(tmp):
    """0 land, 1 lake, 2 river, 3 canal: the GeoPackage's water layer and the river's west reach burnt in."""
    drv = gdal.GetDriverByName("MEM")
    ds = drv.Create("", WIDTH, HEIGHT, 1, gdal.GDT_Byte)
    ds.SetGeoTransform(geo_transform())
    ds.SetProjection(srs_4490().ExportToWkt())
    src = ogr.Open(GPKG)
    water = src.GetLayerByName("water")
    for kind, value in (("lake", 1), ("river", 2), ("canal", 3)):
        water.SetAttributeFilter("kind = '%s'" % kind)
        gdal.RasterizeLayer(ds, [1], water, burn_values=[value])
    water.SetAttributeFilter(None)
    mem = ogr.GetDriverByName("Memory").CreateDataSource("")
    lyr = mem.CreateLayer("river_west", srs_4490(), ogr.wkbPolygon)
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for lon, lat in RIVER_WEST:
        ring.AddPoint_2D(lon, lat)
    poly = ogr.Geometry(ogr.wkbPolygon)
    poly.AddGeometry(ring)
    f = ogr.Feature(lyr.GetLayerDefn())
    f.SetGeometry(poly)
    lyr.CreateFeature(f)
    gdal.RasterizeLayer(ds, [1], lyr, burn_values=[2])
    return ds.GetRasterBand(1).ReadAsArray()


def shore_distance(mask):
    """Distance in metres from each land cell to the nearest water cell (GDAL's proximity)."""
    drv = gdal.GetDriverByName("MEM")
    src = drv.Create("", WIDTH, HEIGHT, 1, gdal.GDT_Byte)
    src.SetGeoTransform(geo_transform())
    src.GetRasterBand(1).WriteArray((mask > 0).astype(np.uint8))
    dst = drv.Create("", WIDTH, HEIGHT, 1, gdal.GDT_Float32)
    dst.SetGeoTransform(geo_transform())
    gdal.ComputeProximity(src.GetRasterBand(1), dst.GetRasterBand(1), ["VALUES=1", "DISTUNITS=PIXEL"])
    return dst.GetRasterBand(1).ReadAsArray() * 17.0   # about 17 m a pixel


def blur(a, sigma_px):
    """A separable Gaussian blur (edges repeated), to smooth the creases where ridges meet."""
    r = int(math.ceil(3 * sigma_px))
    k = np.exp(-0.5 * (np.arange(-r, r + 1) / sigma_px) ** 2)
    k /= k.sum()
    p = np.pad(a, r, mode="edge")
    p = np.apply_along_axis(lambda v: np.convolve(v, k, mode="valid"), 1, p)
    return np.apply_along_axis(lambda v: np.convolve(v, k, mode="valid"), 0, p)


def heights(tmp):
    x, y, to_gk = metres_grid()
    hills = blur(ridge_heights(x, y, to_gk), 1.5)
    land = city_level(x, y) + hills
    mask = water_mask(tmp)
    # Land meets water along an 80 m bank falling to a metre above the water.
    dist = shore_distance(mask)
    t = np.clip(dist / 80.0, 0.0, 1.0)
    ramp = t * t * (3 - 2 * t)
    land = SHORE_LEVEL + (land - SHORE_LEVEL) * ramp
    levels = np.array([0.0, LAKE_LEVEL, RIVER_LEVEL, CANAL_LEVEL])
    z = np.where(mask > 0, levels[mask], land)
    return np.round(z, 2).astype(np.float32), mask


def write_geotiff(path, array, description, colour=False):
    bands = array.shape[0] if colour else 1
    dtype = gdal.GDT_Byte if colour else gdal.GDT_Float32
    mem = gdal.GetDriverByName("MEM").Create("", WIDTH, HEIGHT, bands, dtype)
    mem.SetGeoTransform(geo_transform())
    mem.SetProjection(srs_4490().ExportToWkt())
    for i in range(bands):
        band = mem.GetRasterBand(i + 1)
        band.WriteArray(array[i] if colour else array)
        if colour:
            band.SetColorInterpretation((gdal.GCI_RedBand, gdal.GCI_GreenBand, gdal.GCI_BlueBand)[i])
        else:
            band.SetUnitType("m")
            band.SetDescription("height above sea level")
    mem.SetMetadataItem("TIFFTAG_IMAGEDESCRIPTION", description)
    mem.SetMetadataItem("TIFFTAG_DATETIME", "2016:03:31 00:00:00")
    mem.SetMetadataItem("TIFFTAG_SOFTWARE", "assets/shangcheng/generate_terrain.py")
    mem.BuildOverviews("AVERAGE", [2, 4, 8])
    opts = ["TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256", "COMPRESS=DEFLATE", "ZLEVEL=9", "COPY_SRC_OVERVIEWS=YES",
            "PREDICTOR=2" if colour else "PREDICTOR=3"]
    if colour:
        opts.append("PHOTOMETRIC=RGB")
    tmp = path + ".tmp.tif"
    gdal.GetDriverByName("GTiff").CreateCopy(tmp, mem, options=opts)
    os.replace(tmp, path)


def imagery(dem_path, mask, tmp):
    """gdaldem hillshade over gdaldem colour relief, water painted blue."""
    shade_path = os.path.join(tmp, "hillshade.tif")
    relief_path = os.path.join(tmp, "relief.tif")
    colours = os.path.join(tmp, "colours.txt")
    with open(colours, "w") as f:
        for h, r, g, b in COLOUR_RELIEF:
            f.write("%g %d %d %d\n" % (h, r, g, b))
    # The grid is in degrees: scale turns them into metres (111,120 m a degree of latitude).
    gdal.DEMProcessing(shade_path, dem_path, "hillshade", scale=111120.0, zFactor=1.0, azimuth=315, altitude=45,
                       computeEdges=True)
    gdal.DEMProcessing(relief_path, dem_path, "color-relief", colorFilename=colours)
    shade = gdal.Open(shade_path).ReadAsArray().astype(np.float64)
    relief = gdal.Open(relief_path).ReadAsArray().astype(np.float64)
    flat = 255.0 * math.sin(math.radians(45))       # the shade of level ground: keeps the flat city's colour
    light = np.clip(0.2 + 0.8 * shade / flat, 0.25, 1.3)
    rgb = np.clip(relief * light, 0, 255)
    for value, colour in ((1, LAKE_RGB), (2, RIVER_RGB), (3, RIVER_RGB)):
        for i in range(3):
            rgb[i][mask == value] = colour[i]
    return np.round(rgb).astype(np.uint8)


def generate(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="shangcheng-terrain-")
    try:
        z, mask = heights(tmp)
        dem = os.path.join(out_dir, "dem.tif")
        write_geotiff(dem, z, "Shangcheng sample DEM (metres). " + DISCLAIMER)
        write_geotiff(os.path.join(out_dir, "imagery.tif"), imagery(dem, mask, tmp),
                      "Shangcheng sample imagery: hillshade over land-cover colours from the sample DEM. " + DISCLAIMER,
                      colour=True)
    finally:
        shutil.rmtree(tmp)


def compare(committed, fresh, tolerance):
    """Differences between two rasters: grid, CRS, bands, overviews and pixels within `tolerance`."""
    a, b = gdal.Open(committed), gdal.Open(fresh)
    problems = []
    if (a.RasterXSize, a.RasterYSize, a.RasterCount) != (b.RasterXSize, b.RasterYSize, b.RasterCount):
        problems.append("size or band count differs")
        return problems
    if not np.allclose(a.GetGeoTransform(), b.GetGeoTransform(), rtol=0, atol=1e-12):
        problems.append("geotransform differs")
    if not a.GetSpatialRef().IsSame(b.GetSpatialRef()):
        problems.append("CRS differs")
    for i in range(1, a.RasterCount + 1):
        ba, bb = a.GetRasterBand(i), b.GetRasterBand(i)
        if ba.GetOverviewCount() != bb.GetOverviewCount():
            problems.append("band %d: overview count differs" % i)
        diff = np.abs(ba.ReadAsArray().astype(np.float64) - bb.ReadAsArray().astype(np.float64)).max()
        if diff > tolerance:
            problems.append("band %d: pixels differ by up to %g" % (i, diff))
    return problems


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out-dir", default=DEFAULT_OUT, help="where dem.tif and imagery.tif go (default: %(default)s)")
    ap.add_argument("--check", action="store_true", help="compare a fresh run with the committed files")
    args = ap.parse_args(argv)
    if args.check:
        fresh = tempfile.mkdtemp(prefix="shangcheng-terrain-check-")
        try:
            generate(fresh)
            problems = []
            for name, tolerance in (("dem.tif", 0.02), ("imagery.tif", 2)):
                problems += [name + ": " + p for p in compare(os.path.join(DEFAULT_OUT, name),
                                                               os.path.join(fresh, name), tolerance)]
        finally:
            shutil.rmtree(fresh)
        for p in problems:
            print("generate_terrain --check: " + p, file=sys.stderr)
        if problems:
            print("generate_terrain --check: run assets/shangcheng/generate_terrain.py and commit terrain/",
                  file=sys.stderr)
        return 1 if problems else 0
    generate(os.path.abspath(args.out_dir))
    for name in ("dem.tif", "imagery.tif"):
        path = os.path.join(os.path.abspath(args.out_dir), name)
        print("wrote %s (%d bytes)" % (path, os.path.getsize(path)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
