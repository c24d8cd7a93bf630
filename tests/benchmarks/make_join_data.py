#!/usr/bin/python3
"""Makes the spatial-join benchmark data, deterministically (run with Debian's /usr/bin/python3, GDAL only).

  make_join_data.py LAND.gpkg OUT_DIR

OUT_DIR/join-polygons.gpkg, layer "polygons": the world's land cut into 10 x 10 degree grid cells (OGR
Intersection), each piece one feature with a unique string `cell_id` ("x12y07-0003": column, row, piece),
densified with Segmentize until the layer holds at least 1,000,000 vertices.
OUT_DIR/join-points.gpkg, layer "points": 1,000,000 points uniform over lon -180..180, lat -60..75 (seed 20240601),
with an integer field `value` (0..999).
Both are GeoPackages in EPSG:4326 with their R*Tree spatial index.
"""

import os
import random
import sys

from osgeo import ogr, osr

ogr.UseExceptions()
osr.UseExceptions()

CELL = 10.0
MIN_VERTICES = 1_000_000
POINTS = 1_000_000
SEED = 20240601


def vertex_count(g):
    n = g.GetPointCount()
    for i in range(g.GetGeometryCount()):
        n += vertex_count(g.GetGeometryRef(i))
    return n


def polygon_parts(g):
    """The polygons of a geometry (intersections can return collections with lines or points)."""
    t = ogr.GT_Flatten(g.GetGeometryType())
    if t == ogr.wkbPolygon:
        return [g.Clone()] if not g.IsEmpty() else []
    if t in (ogr.wkbMultiPolygon, ogr.wkbGeometryCollection):
        out = []
        for i in range(g.GetGeometryCount()):
            out += polygon_parts(g.GetGeometryRef(i))
        return out
    return []


def cut_land(land_path):
    src = ogr.Open(land_path)
    layer = src.GetLayer(0)
    pieces = []  # (column, row, polygon or multipolygon)
    for feature in layer:
        g = feature.GetGeometryRef()
        if g is None or g.IsEmpty():
            continue
        if not g.IsValid():
            g = g.MakeValid()
        minx, maxx, miny, maxy = g.GetEnvelope()
        for col in range(int((minx + 180) // CELL), int(min(maxx + 180, 359.999) // CELL) + 1):
            for row in range(int((miny + 90) // CELL), int(min(maxy + 90, 179.999) // CELL) + 1):
                x0, y0 = -180 + col * CELL, -90 + row * CELL
                ring = ogr.Geometry(ogr.wkbLinearRing)
                for x, y in ((x0, y0), (x0 + CELL, y0), (x0 + CELL, y0 + CELL), (x0, y0 + CELL), (x0, y0)):
                    ring.AddPoint_2D(x, y)
                cell = ogr.Geometry(ogr.wkbPolygon)
                cell.AddGeometry(ring)
                parts = polygon_parts(g.Intersection(cell))
                if not parts:
                    continue
                if len(parts) == 1:
                    piece = parts[0]
                else:
                    piece = ogr.Geometry(ogr.wkbMultiPolygon)
                    for p in parts:
                        piece.AddGeometry(p)
                pieces.append((col, row, piece))
    pieces.sort(key=lambda p: (p[0], p[1]))
    return pieces


def densify(pieces):
    base = sum(vertex_count(p[2]) for p in pieces)
    print(f"  {len(pieces)} polygons, {base} vertices before densifying", file=sys.stderr)
    for step in (1.0, 0.5, 0.4, 0.3, 0.25, 0.2, 0.15, 0.1, 0.08, 0.06, 0.05, 0.04, 0.03, 0.02):
        dense = []
        for col, row, g in pieces:
            g2 = g.Clone()
            g2.Segmentize(step)
            dense.append((col, row, g2))
        total = sum(vertex_count(p[2]) for p in dense)
        print(f"  segmentize {step} degrees: {total} vertices", file=sys.stderr)
        if total >= MIN_VERTICES:
            return dense, total
    raise SystemExit("could not reach the vertex count")


def wgs84():
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def write_polygons(path, pieces):
    driver = ogr.GetDriverByName("GPKG")
    if os.path.exists(path):
        driver.DeleteDataSource(path)
    ds = driver.CreateDataSource(path)
    layer = ds.CreateLayer("polygons", wgs84(), ogr.wkbMultiPolygon, ["SPATIAL_INDEX=YES"])
    layer.CreateField(ogr.FieldDefn("cell_id", ogr.OFTString))
    layer.StartTransaction()
    counter = {}
    for col, row, g in pieces:
        k = counter.get((col, row), 0)
        counter[(col, row)] = k + 1
        f = ogr.Feature(layer.GetLayerDefn())
        f.SetField("cell_id", f"x{col:02d}y{row:02d}-{k:04d}")
        f.SetGeometry(ogr.ForceToMultiPolygon(g))
        layer.CreateFeature(f)
    layer.CommitTransaction()
    ds = None


def write_points(path):
    driver = ogr.GetDriverByName("GPKG")
    if os.path.exists(path):
        driver.DeleteDataSource(path)
    ds = driver.CreateDataSource(path)
    layer = ds.CreateLayer("points", wgs84(), ogr.wkbPoint, ["SPATIAL_INDEX=YES"])
    layer.CreateField(ogr.FieldDefn("value", ogr.OFTInteger))
    rng = random.Random(SEED)
    defn = layer.GetLayerDefn()
    layer.StartTransaction()
    for _ in range(POINTS):
        x = rng.uniform(-180.0, 180.0)
        y = rng.uniform(-60.0, 75.0)
        f = ogr.Feature(defn)
        f.SetField(0, rng.randrange(1000))
        p = ogr.Geometry(ogr.wkbPoint)
        p.AddPoint_2D(x, y)
        f.SetGeometryDirectly(p)
        layer.CreateFeature(f)
    layer.CommitTransaction()
    ds = None


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    land, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    print("cutting land into 10-degree cells...", file=sys.stderr)
    pieces, total = densify(cut_land(land))
    write_polygons(os.path.join(out, "join-polygons.tmp.gpkg"), pieces)
    os.replace(os.path.join(out, "join-polygons.tmp.gpkg"), os.path.join(out, "join-polygons.gpkg"))
    print(f"wrote {len(pieces)} polygons with {total} vertices", file=sys.stderr)
    write_points(os.path.join(out, "join-points.tmp.gpkg"))
    os.replace(os.path.join(out, "join-points.tmp.gpkg"), os.path.join(out, "join-points.gpkg"))
    print(f"wrote {POINTS} points", file=sys.stderr)


if __name__ == "__main__":
    main()
