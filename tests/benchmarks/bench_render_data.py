#!/usr/bin/python3
"""Deterministic data for the render benchmark (bench_render.sh).

  land-cells.gpkg   the world's land cut into grid cells (OGR Intersection) and densified: about 4,600
                    polygons with about 1.3 million vertices, EPSG:4326
  points-world-1m.gpkg  1,000,000 random points over the world (fixed seed), EPSG:4326

Usage: bench_render_data.py LAND.gpkg OUTDIR
"""
import os
import sys

import numpy as np
from osgeo import ogr, osr

ogr.UseExceptions()
osr.UseExceptions()

CELL_DEGREES = 15          # 24 x 12 cells over the world
TARGET_VERTICES = 1_300_000
SEED = 20251125


def vertex_count(geometry):
    n = geometry.GetPointCount()
    for i in range(geometry.GetGeometryCount()):
        n += vertex_count(geometry.GetGeometryRef(i))
    return n


def polygons_of(geometry):
    """The polygon parts of an intersection result (which may be a collection)."""
    kind = ogr.GT_Flatten(geometry.GetGeometryType())
    if kind == ogr.wkbPolygon:
        return [geometry.Clone()] if not geometry.IsEmpty() else []
    out = []
    if kind in (ogr.wkbMultiPolygon, ogr.wkbGeometryCollection):
        for i in range(geometry.GetGeometryCount()):
            out += polygons_of(geometry.GetGeometryRef(i))
    return out


def cut_land(land_path):
    source = ogr.Open(land_path)
    layer = source.GetLayer(0)
    lands = [f.GetGeometryRef().Clone() for f in layer]
    pieces = []
    for cx in range(-180, 180, CELL_DEGREES):
        for cy in range(-90, 90, CELL_DEGREES):
            ring = ogr.Geometry(ogr.wkbLinearRing)
            for x, y in ((cx, cy), (cx + CELL_DEGREES, cy), (cx + CELL_DEGREES, cy + CELL_DEGREES),
                         (cx, cy + CELL_DEGREES), (cx, cy)):
                ring.AddPoint_2D(x, y)
            cell = ogr.Geometry(ogr.wkbPolygon)
            cell.AddGeometry(ring)
            envelope = cell.GetEnvelope()
            for land in lands:
                e = land.GetEnvelope()
                if e[1] < envelope[0] or e[0] > envelope[1] or e[3] < envelope[2] or e[2] > envelope[3]:
                    continue
                pieces += polygons_of(land.Intersection(cell))
    return pieces


def densify(pieces):
    """Segmentizes with the step (from a fixed list) that comes closest to the target vertex count."""
    best = None
    for step in (0.5, 0.2, 0.1, 0.05, 0.03, 0.025, 0.02, 0.018, 0.017, 0.016, 0.015, 0.012):
        total = 0
        for p in pieces:
            g = p.Clone()
            g.Segmentize(step)
            total += vertex_count(g)
        if best is None or abs(total - TARGET_VERTICES) < abs(best[1] - TARGET_VERTICES):
            best = (step, total)
        if total > TARGET_VERTICES:
            break
    out = []
    for p in pieces:
        g = p.Clone()
        g.Segmentize(best[0])
        out.append(g)
    return out, best


def wgs84():
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    return srs


def write_polygons(path, polygons):
    driver = ogr.GetDriverByName("GPKG")
    if os.path.exists(path):
        driver.DeleteDataSource(path)
    ds = driver.CreateDataSource(path)
    layer = ds.CreateLayer("land_cells", wgs84(), ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("cell", ogr.OFTInteger))
    layer.StartTransaction()
    for i, g in enumerate(polygons):
        f = ogr.Feature(layer.GetLayerDefn())
        f.SetField("cell", i)
        f.SetGeometry(g)
        layer.CreateFeature(f)
    layer.CommitTransaction()
    ds = None


def write_points(path, count):
    rng = np.random.default_rng(SEED)
    lon = rng.uniform(-180, 180, count)
    lat = rng.uniform(-90, 90, count)
    value = rng.integers(0, 1000, count)
    driver = ogr.GetDriverByName("GPKG")
    if os.path.exists(path):
        driver.DeleteDataSource(path)
    ds = driver.CreateDataSource(path)
    layer = ds.CreateLayer("points", wgs84(), ogr.wkbPoint)
    layer.CreateField(ogr.FieldDefn("value", ogr.OFTInteger))
    defn = layer.GetLayerDefn()
    layer.StartTransaction()
    for i in range(count):
        f = ogr.Feature(defn)
        f.SetField(0, int(value[i]))
        g = ogr.Geometry(ogr.wkbPoint)
        g.AddPoint_2D(float(lon[i]), float(lat[i]))
        f.SetGeometryDirectly(g)
        layer.CreateFeature(f)
    layer.CommitTransaction()
    ds = None


def main():
    land, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    polygons_path = os.path.join(outdir, "land-cells.gpkg")
    if not os.path.exists(polygons_path):
        pieces = cut_land(land)
        dense, (step, total) = densify(pieces)
        tmp = polygons_path.replace(".gpkg", ".tmp.gpkg")
        write_polygons(tmp, dense)
        os.replace(tmp, polygons_path)
        print(f"{polygons_path}: {len(dense)} polygons, {total} vertices (segmentized every {step} degrees)")
    points_path = os.path.join(outdir, "points-world-1m.gpkg")
    if not os.path.exists(points_path):
        tmp = points_path.replace(".gpkg", ".tmp.gpkg")
        write_points(tmp, 1_000_000)
        os.replace(tmp, points_path)
        print(f"{points_path}: 1,000,000 points")


if __name__ == "__main__":
    main()
