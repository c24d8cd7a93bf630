#!/usr/bin/python3
"""Makes the overlay benchmark data, deterministically (run with Debian's /usr/bin/python3, GDAL only).

  make_overlay_data.py OUT_DIR [PARCEL_COLUMNS ZONE_COLUMNS]

Over Ad Dakhiliyah's box in EPSG:32640 (x 440,000..660,000 m, y 2,335,000..2,600,000 m):
OUT_DIR/parcels.gpkg, layer "parcels": a 224 x 224 grid (50,176 parcels, about 1 km each) whose corners are
jittered by up to 30 % of a cell (seed 20261207): neighbours share their jittered corners, so the parcels tile the box
without gaps or overlaps (a coverage, as real parcels are). Fields: `parcel` (text "P000123"), `area_class` (0..4).
OUT_DIR/zones.gpkg, layer "zones": the same construction with a 71 x 71 grid (5,041 zones) and seed 20261208, each
edge cut into 4 jittered segments (shared by both neighbours), so a parcel meets 1 to 4 zones along crooked edges.
Fields: `zone` (text "Z0123"), `use` (one of five land uses).
Both are GeoPackages with their R*Tree spatial index. Different column counts make smaller sets for quick runs.
"""

import os
import random
import sys

from osgeo import ogr, osr

ogr.UseExceptions()
osr.UseExceptions()

X0, X1, Y0, Y1 = 440000.0, 660000.0, 2335000.0, 2600000.0
USES = ["residential", "agricultural", "commercial", "industrial", "reserve"]


def corners(columns, rows, seed):
    """The jittered corner grid: corner (i, j) for i in 0..columns, j in 0..rows; the box's border stays straight."""
    rnd = random.Random(seed)
    w, h = (X1 - X0) / columns, (Y1 - Y0) / rows
    grid = {}
    for j in range(rows + 1):
        for i in range(columns + 1):
            dx = 0.0 if i in (0, columns) else rnd.uniform(-0.3, 0.3) * w
            dy = 0.0 if j in (0, rows) else rnd.uniform(-0.3, 0.3) * h
            grid[i, j] = (X0 + i * w + dx, Y0 + j * h + dy)
    return grid, w, h


def edge_points(a, b, cuts, rnd_for_edge, w, h):
    """Points strictly between corners a and b: `cuts - 1` points along the edge, jittered across it."""
    pts = []
    for k in range(1, cuts):
        t = k / cuts
        pts.append((a[0] + (b[0] - a[0]) * t + rnd_for_edge.uniform(-0.08, 0.08) * w,
                    a[1] + (b[1] - a[1]) * t + rnd_for_edge.uniform(-0.08, 0.08) * h))
    return pts


def write(path, name, columns, rows, seed, cuts, fields, values):
    grid, w, h = corners(columns, rows, seed)
    edges = {}

    def edge(p, q):  # the same jittered points for both cells that share the edge (seeded by the edge)
        key = (min(p, q), max(p, q))
        if key not in edges:
            pts = edge_points(grid[key[0]], grid[key[1]], cuts, random.Random(f"{seed}:{key}"), w, h) \
                if cuts > 1 and not (key[0][0] == key[1][0] in (0, columns) or key[0][1] == key[1][1] in (0, rows)) else []
            edges[key] = pts
        pts = edges[key]
        return pts if key[0] == p else list(reversed(pts))

    if os.path.exists(path):
        os.remove(path)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32640)
    layer = ds.CreateLayer(name, srs, ogr.wkbMultiPolygon)
    for f, t in fields:
        layer.CreateField(ogr.FieldDefn(f, t))
    defn = layer.GetLayerDefn()
    layer.StartTransaction()
    n = 0
    for j in range(rows):
        for i in range(columns):
            ring = ogr.Geometry(ogr.wkbLinearRing)
            loop = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)]
            for k in range(4):
                p, q = loop[k], loop[(k + 1) % 4]
                ring.AddPoint_2D(*grid[p])
                for x, y in edge(p, q):
                    ring.AddPoint_2D(x, y)
            ring.AddPoint_2D(*grid[loop[0]])
            poly = ogr.Geometry(ogr.wkbPolygon)
            poly.AddGeometry(ring)
            multi = ogr.Geometry(ogr.wkbMultiPolygon)
            multi.AddGeometry(poly)
            feature = ogr.Feature(defn)
            for (f, _), v in zip(fields, values(n)):
                feature.SetField(f, v)
            feature.SetGeometry(multi)
            layer.CreateFeature(feature)
            n += 1
    layer.CommitTransaction()
    ds = None
    return n


def main():
    if len(sys.argv) not in (2, 4):
        sys.exit(__doc__)
    out = sys.argv[1]
    parcel_columns = int(sys.argv[2]) if len(sys.argv) == 4 else 224
    zone_columns = int(sys.argv[3]) if len(sys.argv) == 4 else 71
    os.makedirs(out, exist_ok=True)
    n = write(os.path.join(out, "parcels.gpkg"), "parcels", parcel_columns, parcel_columns, 20261207, 1,
              [("parcel", ogr.OFTString), ("area_class", ogr.OFTInteger)], lambda k: ("P%06d" % k, k % 5))
    m = write(os.path.join(out, "zones.gpkg"), "zones", zone_columns, zone_columns, 20261208, 4,
              [("zone", ogr.OFTString), ("use", ogr.OFTString)], lambda k: ("Z%04d" % k, USES[(k * 7) % 5]))
    print(f"{n} parcels, {m} zones in {out}")


if __name__ == "__main__":
    main()
