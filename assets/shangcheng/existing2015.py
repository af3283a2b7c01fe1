"""The district's existing land use of 2015 (现状), layer `parcels_2015`, derived from the 2020 plan.

Called by generate.py once `parcels`, `renewal_sites` and `projects` are written: it reads them back
and writes the same plots as they stood at the end of 2015. A plot keeps its 2020 code, use, height and
FAR unless a renewal site of the plan covers it or a project of 2016-2020 stands on it; there the
former use is put back:
- the former 红星化工厂 (brownfield site) as class-3 industry, the factories the resettlement plots are
  named after (中策橡胶, 浙江万向, 棉毛针织厂) as class-2 industry, the 铁路机务段 as a depot;
- urban villages (城中村) as low, dense village housing, merged into one plot per village where the
  2020 plan cuts it by new streets; old residential blocks and dangerous housing as old low housing
  (R3); the markets to convert as the wholesale markets they were;
- a project under construction at the end of 2015 as its site without buildings; the industrial
  base's new plots as vacant land (E9 空闲地), its upgrades as under-used industry; other projects as
  the same use at half the height and FAR (the old school, hall or low-rise block before the rebuild).
Completed projects, the underground complex, the canal works and the district-wide base stations
change nothing on the surface. Illustrative like the rest of the sample: the plan states the sites and
the projects, not the 2015 heights and FARs, which are typical values of each kind of former use.
"""

import re

from osgeo import ogr, osr

YEARS = range(2016, 2021)
# Project categories that change no plot's use: canal clean-ups, soil remediation (the brownfield site
# covers it), the district-wide base stations and the underground complex.
SURFACE_NEUTRAL = {"environment", "infrastructure"}
MERGE_GAP_M = 12.0   # village plots the 2020 plan separates by a new street of up to twice this width merge

# Former uses: (landuse, height m, FAR).
FACTORY_KEYWORDS = [("化工", "M3"), ("橡胶", "M2"), ("万向", "M2"), ("针织", "M2"), ("机务段", "S4")]
FORMER = {
    "M3": ("M3", 12.0, 0.8),            # the retired chemical works, low sheds
    "M2": ("M2", 15.0, 1.0),            # an old factory
    "S4": ("S4", 8.0, 0.3),             # a railway depot: tracks and sheds
    "urban_village": ("R3", 9.0, 1.8),  # village housing: three storeys, dense
    "urban_renewal": ("R3", 12.0, 1.6),          # 望江: old housing and village houses, before its renewal
    "comprehensive_improvement": ("R3", 9.0, 1.2),  # 玉皇山南: scattered village houses and workshops below the hill
    "old_residential": ("R3", 9.0, 1.3),
    "dangerous_housing": ("R3", 15.0, 1.5),
    "market_conversion": ("B1", 15.0, 1.5),
    "old_housing": ("R3", 12.0, 1.4),   # the old housing a resettlement plot replaces
    "underused_industry": ("M1", 12.0, 0.8),
    "vacant": ("E9", 0.0, 0.0),         # GB 50137 E9 其他非建设用地: 空闲地
}


def _year(text):
    return int(text[:4]) if text else None


def _transforms():
    geo, gk = osr.SpatialReference(), osr.SpatialReference()
    geo.ImportFromEPSG(4490)
    gk.ImportFromEPSG(4549)
    for s in (geo, gk):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return osr.CoordinateTransformation(geo, gk)


def _read(ds, name, to_gk):
    rows = []
    lyr = ds.GetLayerByName(name)
    lyr.ResetReading()
    for f in lyr:
        g = f.GetGeometryRef()
        gk = g.Clone()
        gk.Transform(to_gk)
        rows.append(dict(values={k: f.GetField(k) for k in f.keys()}, geo=g.Clone(), gk=gk))
    return rows


def built_2016_2020(p):
    """A project that changes the ground between 2016 and 2020 by its status and dates."""
    years = [y for y in (_year(p["start_date"]), _year(p["finish_date"])) if y]
    return (p["status"] != "completed" and p["category"] not in SURFACE_NEUTRAL
            and any(y in YEARS for y in years))


def _parenthesised(name):
    m = re.search(r"（([^）]+)）", name or "")
    return m.group(1) if m else None


def _parenthesised_en(name):
    """The place in an English plot name: "… plot SC0403-01 (Muchang Lane)" gives "Muchang Lane"."""
    m = re.search(r"\((?:former )?([^)]+)\)", name or "")
    return re.sub(r" plot$", "", m.group(1)) if m else None


def _former(parcel, site, project):
    """(key of FORMER or a special, former name_zh, former name_en) of one changed plot."""
    v = parcel["values"]
    names = " ".join(x for x in (v["name_zh"], project and project["name_zh"], site and site["name_zh"]) if x)
    if project and _year(project["start_date"]) and _year(project["start_date"]) < YEARS[0]:
        return "building_site", v["name_zh"], v["name_en"]
    for word, use in FACTORY_KEYWORDS:
        if word in names:
            zh = site["name_zh"].lstrip("原") if site else _parenthesised(v["name_zh"]) or word
            en = site["name_en"].replace("Former ", "") if site else None
            if not site:
                en = _parenthesised_en(v["name_en"])
            return use, zh if zh.endswith(("厂", "段")) else zh + "厂区", en
    if site:
        return site["type"], site["name_zh"], site["name_en"]
    if project["category"] == "industry":
        return ("underused_industry" if "提升改造" in project["name_zh"] else "vacant"), None, None
    if project["category"].startswith("resettlement"):
        place = _parenthesised(v["name_zh"])
        return "old_housing", place[:-2] if place and place.endswith("地块") else place, _parenthesised_en(v["name_en"])
    return "underused", None, None


def _merged(members, others):
    """One polygon for plots that were one place in 2015, closing the new streets between them; None
    when they do not join up."""
    union = members[0]["gk"].Clone()
    for m in members[1:]:
        union = union.Union(m["gk"])
    closed = union.Buffer(MERGE_GAP_M, 4).Buffer(-MERGE_GAP_M, 4)
    for o in others:
        if closed.Intersects(o["gk"]):
            closed = closed.Difference(o["gk"])
    closed = closed.Union(union)
    if closed.GetGeometryType() != ogr.wkbPolygon:
        return None
    return closed


def write_layer(ds, create_layer, add, to_geo, desc_tail):
    """Writes `parcels_2015` into the open GeoPackage `ds` (with generate.py's writers)."""
    to_gk = _transforms()
    parcels = sorted(_read(ds, "parcels", to_gk), key=lambda p: p["values"]["plot_code"])
    sites = [s for s in _read(ds, "renewal_sites", to_gk) if s["values"]["type"] != "underground"]
    projects = [p for p in _read(ds, "projects", to_gk) if built_2016_2020(p["values"])]

    changed = {}   # plot_code -> (former key, name_zh, name_en, site name or None)
    for p in parcels:
        v = p["values"]
        site = next((s["values"] for s in sites
                     if p["gk"].Intersects(s["gk"]) and p["gk"].Difference(s["gk"]).GetArea() < 0.5 * p["gk"].GetArea()),
                    None)
        project = next((q["values"] for q in projects
                        if q["values"]["plot_code"] == v["plot_code"] or p["gk"].Contains(q["gk"])), None)
        if site or project:
            changed[v["plot_code"]] = _former(p, site, project) + (site["name_zh"] if site else None,)

    # Urban villages were one place in 2015: their plots merge where the 2020 plan's new streets cut them.
    merged, absorbed = {}, set()
    villages = {}
    for p in parcels:
        c = changed.get(p["values"]["plot_code"])
        if c and c[0] == "urban_village":
            villages.setdefault(c[3], []).append(p)
    for members in villages.values():
        if len(members) < 2:
            continue
        codes = {m["values"]["plot_code"] for m in members}
        geom = _merged(members, [p for p in parcels if p["values"]["plot_code"] not in codes])
        if geom is not None:
            merged[members[0]["values"]["plot_code"]] = geom
            absorbed |= codes - {members[0]["values"]["plot_code"]}

    defn = ds.GetLayerByName("parcels").GetLayerDefn()
    fields = [(defn.GetFieldDefn(i).GetName(), defn.GetFieldDefn(i).GetType()) for i in range(defn.GetFieldCount())]
    lyr = create_layer(ds, "parcels_2015", ogr.wkbPolygon, fields,
                       "The district's existing land use at the end of 2015 (现状), derived from the 2020 plan's parcels: "
                       "the same plots (plot_code) and values where nothing changed; inside the renewal sites and under "
                       "the projects of 2016-2020 the former use (the 红星化工厂 and the factories the resettlement plots "
                       "are named after as industry, urban villages as dense low village housing merged into one plot, "
                       "old housing, wholesale markets, building sites, vacant land). The former uses' heights and FARs "
                       "are illustrative values of their kind, not survey data." + desc_tail, "parcels_2015 (现状)")
    for p in parcels:
        v = dict(p["values"])
        code = v["plot_code"]
        if code in absorbed:
            continue
        geom = p["geo"]
        if code in changed:
            kind, name_zh, name_en, _ = changed[code]
            if kind == "building_site":
                height, far = 0.0, 0.0
            elif kind == "underused":
                height, far = float(round(v["height_m"] * 0.5)), round(v["far"] * 0.5, 2)
            else:
                v["landuse"], height, far = FORMER[kind]
            v.update(height_m=height, far=far, name_zh=name_zh, name_en=name_en)
            if code in merged:
                geom = to_geo(merged[code])
                v["area_m2"] = round(merged[code].GetArea(), 1)
        add(lyr, geom, v)
