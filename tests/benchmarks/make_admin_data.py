#!/usr/bin/python3
"""Deterministic admin-style benchmark data (issue 18), run with Debian's /usr/bin/python3 (GDAL, numpy, scipy).

  make_admin_data.py LAND.gpkg OUT_DIR

OUT_DIR/admin-polygons.gpkg, layer "admin": a coverage of the world's land like first-level administrative
boundaries. 4,600 seeds drawn on land (fixed seed) make a Voronoi partition; each Voronoi edge is replaced by a
fractal midpoint-displacement curve generated from the edge's own seed, so both neighbours share it vertex for
vertex; each cell is clipped to the land, keeping its islands (one MultiPolygon per unit, field `admin_id`,
"A0001"...). About 3 % of the units get an invalid outer ring, as real boundary data has: a bow-tie (two consecutive
vertices swapped) or a self-touching ring (a small loop that returns to a vertex). About 1.3 M vertices.
OUT_DIR/admin-points-1m.gpkg and admin-points-10m.gpkg, layer "points": 1,000,000 and 10,000,000 points uniform over
the polygons' extent (seeds 20261207 and 20261208), with an integer field `value` (0..999).
All in EPSG:4326 with their R*Tree spatial index. Files that exist are kept (delete them to remake).
"""

import math
import os
import sys
import tempfile

import numpy as np
from osgeo import gdal, ogr, osr
from scipy.spatial import Voronoi

gdal.UseExceptions()
ogr.UseExceptions()
osr.UseExceptions()

SEEDS = 4600
SEED = 20261207
TILE = 10.0            # land is cut into tiles once so that each unit is clipped against small pieces
STEP = 0.05            # fractal edges are subdivided until segments are shorter than this (degrees)
ROUGHNESS = 0.12       # a midpoint moves by up to this fraction of its segment's length, sideways
INVALID_SHARE = 0.03
POINT_SETS = (("admin-points-1m.gpkg", 1_000_000, 20261207), ("admin-points-10m.gpkg", 10_000_000, 20261208))


def wgs84():
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def vertex_count(g):
    n = g.GetPointCount()
    for i in range(g.GetGeometryCount()):
        n += vertex_count(g.GetGeometryRef(i))
    return n


def polygon_parts(g):
    t = ogr.GT_Flatten(g.GetGeometryType())
    if t == ogr.wkbPolygon:
        return [g.Clone()] if not g.IsEmpty() else []
    out = []
    if t in (ogr.wkbMultiPolygon, ogr.wkbGeometryCollection):
        for i in range(g.GetGeometryCount()):
            out += polygon_parts(g.GetGeometryRef(i))
    return out


def box(x0, y0, x1, y1):
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)):
        ring.AddPoint_2D(x, y)
    g = ogr.Geometry(ogr.wkbPolygon)
    g.AddGeometry(ring)
    return g


def land_tiles(land_path):
    """{(col, row): [(piece, envelope)]}: the land cut into TILE-degree tiles."""
    tiles = {}
    source = ogr.Open(land_path)  # the layer lives only as long as its data source
    for feature in source.GetLayer(0):
        g = feature.GetGeometryRef()
        if g is None or g.IsEmpty():
            continue
        if not g.IsValid():
            g = g.MakeValid()
        minx, maxx, miny, maxy = g.GetEnvelope()
        for col in range(int((minx + 180) // TILE), int(min(maxx + 180, 359.999) // TILE) + 1):
            for row in range(int((miny + 90) // TILE), int(min(maxy + 90, 179.999) // TILE) + 1):
                x0, y0 = -180 + col * TILE, -90 + row * TILE
                for part in polygon_parts(g.Intersection(box(x0, y0, x0 + TILE, y0 + TILE))):
                    tiles.setdefault((col, row), []).append((part, part.GetEnvelope()))
    return tiles


def tile_keys(minx, maxx, miny, maxy):
    for col in range(max(0, int((minx + 180) // TILE)), min(35, int((maxx + 180) // TILE)) + 1):
        for row in range(max(0, int((miny + 90) // TILE)), min(17, int((maxy + 90) // TILE)) + 1):
            yield col, row


def on_land(tiles, x, y):
    point = ogr.Geometry(ogr.wkbPoint)
    point.AddPoint_2D(x, y)
    for piece, e in tiles.get((int((x + 180) // TILE), int((y + 90) // TILE)), ()):
        if e[0] <= x <= e[1] and e[2] <= y <= e[3] and piece.Contains(point):
            return True
    return False


def land_seeds(tiles):
    rng = np.random.default_rng(SEED)
    seeds = []
    while len(seeds) < SEEDS:
        x, y = rng.uniform(-180, 180), rng.uniform(-60, 84)
        if on_land(tiles, x, y):
            seeds.append((x, y))
    return np.array(seeds)


def fractal_edge(a, b, key):
    """The curve from vertex a to vertex b, made from `key` alone (so both neighbours get the same one)."""
    rng = np.random.default_rng([SEED, key[0], key[1]])
    pts = np.array([a, b], dtype=float)
    length = math.dist(a, b)
    levels = max(0, math.ceil(math.log2(max(length / STEP, 1.0))))
    for _ in range(levels):
        p, q = pts[:-1], pts[1:]
        d = q - p
        normal = np.stack([-d[:, 1], d[:, 0]], axis=1)
        mid = (p + q) / 2 + normal * ROUGHNESS * rng.uniform(-1, 1, len(d))[:, None]
        out = np.empty((len(pts) + len(mid), 2))
        out[0::2], out[1::2] = pts, mid
        pts = out
    return pts


def cells(seeds):
    """One fractal polygon per seed: its Voronoi region with every edge replaced by the edge's shared curve."""
    frame = [(x, y) for x in np.arange(-540, 541, 30) for y in (-450, 450)] + \
            [(x, y) for y in np.arange(-420, 421, 30) for x in (-540, 540)]
    vor = Voronoi(np.vstack([seeds, np.array(frame, dtype=float)]))
    curves = {}
    out = []
    for i in range(len(seeds)):
        region = vor.regions[vor.point_region[i]]
        if -1 in region or not region:
            raise SystemExit(f"seed {i} has an unbounded Voronoi region (the frame is too small)")
        ring = ogr.Geometry(ogr.wkbLinearRing)
        for u, v in zip(region, region[1:] + region[:1]):
            key = (min(u, v), max(u, v))
            if key not in curves:
                curves[key] = fractal_edge(vor.vertices[key[0]], vor.vertices[key[1]], key)
            curve = curves[key] if u == key[0] else curves[key][::-1]
            for x, y in curve[:-1]:
                ring.AddPoint_2D(float(x), float(y))
        ring.CloseRings()
        polygon = ogr.Geometry(ogr.wkbPolygon)
        polygon.AddGeometry(ring)
        gdal.PushErrorHandler("CPLQuietErrorHandler")
        valid = polygon.IsValid()
        gdal.PopErrorHandler()
        if not valid:  # fractal edges that cross near a sharp corner: repair before clipping
            polygon = polygon.MakeValid()
            cells.repaired += 1
        out.append(polygon)
    return out


cells.repaired = 0


def clip(cell, tiles):
    minx, maxx, miny, maxy = cell.GetEnvelope()
    parts = []
    for key in tile_keys(minx, maxx, miny, maxy):
        for piece, e in tiles.get(key, ()):
            if e[1] < minx or e[0] > maxx or e[3] < miny or e[2] > maxy:
                continue
            parts += polygon_parts(piece.Intersection(cell))
    if not parts:
        return None
    multi = ogr.Geometry(ogr.wkbMultiPolygon)
    for p in parts:
        multi.AddGeometry(p)
    merged = polygon_parts(multi.UnionCascaded())  # dissolves the tile lines between pieces of one unit
    out = ogr.Geometry(ogr.wkbMultiPolygon)
    for p in merged:
        out.AddGeometry(p)
    return out


def make_invalid(unit, rng, kind):
    """Breaks the outer ring of the unit's largest polygon: a bow-tie or a self-touching loop."""
    largest = max(range(unit.GetGeometryCount()), key=lambda i: unit.GetGeometryRef(i).GetArea())
    ring = unit.GetGeometryRef(largest).GetGeometryRef(0)
    pts = [ring.GetPoint_2D(i) for i in range(ring.GetPointCount() - 1)]
    if len(pts) < 8:
        return False
    k = int(rng.integers(2, len(pts) - 3))
    if kind == 0:
        pts[k], pts[k + 1] = pts[k + 1], pts[k]
    else:
        (x0, y0), (x1, y1) = pts[k], pts[k + 1]
        dx, dy = (x1 - x0) * 0.5, (y1 - y0) * 0.5
        pts[k + 1:k + 1] = [(x0 + dx - dy, y0 + dy + dx), (x0 - dy, y0 + dx), (x0, y0)]
    new = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in pts + pts[:1]:
        new.AddPoint_2D(x, y)
    polygon = unit.GetGeometryRef(largest)
    rebuilt = ogr.Geometry(ogr.wkbPolygon)
    rebuilt.AddGeometry(new)
    for h in range(1, polygon.GetGeometryCount()):
        rebuilt.AddGeometry(polygon.GetGeometryRef(h))
    unit.RemoveGeometry(largest)
    unit.AddGeometry(rebuilt)
    return True


def write_polygons(path, units):
    tmp = path.replace(".gpkg", ".tmp.gpkg")
    driver = ogr.GetDriverByName("GPKG")
    if os.path.exists(tmp):
        driver.DeleteDataSource(tmp)
    ds = driver.CreateDataSource(tmp)
    layer = ds.CreateLayer("admin", wgs84(), ogr.wkbMultiPolygon, ["SPATIAL_INDEX=YES"])
    layer.CreateField(ogr.FieldDefn("admin_id", ogr.OFTString))
    layer.StartTransaction()
    for i, g in enumerate(units):
        f = ogr.Feature(layer.GetLayerDefn())
        f.SetField("admin_id", f"A{i + 1:04d}")
        f.SetGeometry(g)
        layer.CreateFeature(f)
    layer.CommitTransaction()
    ds = None
    os.replace(tmp, path)


def write_points(path, count, seed, extent):
    """Points through a CSV and GDAL's translator: a Python loop over ten million features would take minutes."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(extent[0], extent[1], count)
    y = rng.uniform(extent[2], extent[3], count)
    value = rng.integers(0, 1000, count)
    tmp = path.replace(".gpkg", ".tmp.gpkg")
    with tempfile.TemporaryDirectory() as work:
        csv = os.path.join(work, "points.csv")
        with open(csv, "w") as f:
            f.write("x,y,value\n")
            for start in range(0, count, 1_000_000):
                chunk = slice(start, start + 1_000_000)
                np.savetxt(f, np.column_stack([x[chunk], y[chunk], value[chunk]]), fmt="%.9f,%.9f,%d")
        source = gdal.OpenEx(csv, gdal.OF_VECTOR, open_options=["X_POSSIBLE_NAMES=x", "Y_POSSIBLE_NAMES=y",
                                                                "KEEP_GEOM_COLUMNS=NO", "AUTODETECT_TYPE=YES"])
        gdal.VectorTranslate(tmp, source, format="GPKG", layerName="points", geometryType="POINT",
                             layerCreationOptions=["SPATIAL_INDEX=YES"], options=["-a_srs", "EPSG:4326",
                                                                                  "-gt", "100000"])
        source = None
    os.replace(tmp, path)


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    land, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    polygons = os.path.join(out, "admin-polygons.gpkg")
    if not os.path.exists(polygons):
        print("admin data: cutting land into tiles...", file=sys.stderr)
        tiles = land_tiles(land)
        seeds = land_seeds(tiles)
        print("admin data: Voronoi cells with fractal edges, clipped to land...", file=sys.stderr)
        units = [u for u in (clip(c, tiles) for c in cells(seeds)) if u is not None]
        rng = np.random.default_rng(SEED + 1)
        broken = 0
        for i in sorted(rng.choice(len(units), int(len(units) * INVALID_SHARE), replace=False)):
            broken += make_invalid(units[i], rng, broken % 2)
        write_polygons(polygons, units)
        print(f"wrote {polygons}: {len(units)} units, {sum(vertex_count(u) for u in units)} vertices, "
              f"{broken} with an invalid ring ({cells.repaired} cells repaired before clipping)", file=sys.stderr)
    source = ogr.Open(polygons)
    extent = source.GetLayer(0).GetExtent()
    source = None
    for name, count, seed in POINT_SETS:
        path = os.path.join(out, name)
        if not os.path.exists(path):
            write_points(path, count, seed, extent)
            print(f"wrote {path}: {count} points over {extent}", file=sys.stderr)


if __name__ == "__main__":
    main()
