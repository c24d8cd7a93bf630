#!/usr/bin/python3
"""Deterministic data for the zonal-statistics benchmark, in UTM 40N (EPSG:32640):

  OUTDIR/zonal-raster.tif    10,000 × 10,000 Float32 pixels of 10 m (a smooth terrain with noise, nodata -9999 in
                             a few blocks), tiled, deflate
  OUTDIR/zonal-polygons.gpkg layer "polygons": 10,000 irregular polygons (8–24 vertices) on a jittered 100 × 100
                             grid over the raster, some crossing the raster's edge, field id

Usage: make_zonal_data.py OUTDIR
"""
import math
import os
import random
import sys

import numpy
from osgeo import gdal, ogr, osr

SIZE = 10000
PIXEL = 10.0
X0, Y0 = 500000.0, 2600000.0


def raster(path):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32640)
    ds = gdal.GetDriverByName("GTiff").Create(path + ".tmp.tif", SIZE, SIZE, 1, gdal.GDT_Float32,
                                              ["TILED=YES", "COMPRESS=DEFLATE", "PREDICTOR=3", "BIGTIFF=IF_SAFER"])
    ds.SetGeoTransform((X0, PIXEL, 0, Y0, 0, -PIXEL))
    ds.SetProjection(srs.ExportToWkt())
    band = ds.GetRasterBand(1)
    band.SetNoDataValue(-9999)
    rng = numpy.random.default_rng(13)
    cols = numpy.arange(SIZE, dtype=numpy.float64)
    for row0 in range(0, SIZE, 500):
        rows = numpy.arange(row0, row0 + 500, dtype=numpy.float64)[:, None]
        z = (800 + 300 * numpy.sin(cols / 700.0) * numpy.cos(rows / 900.0) + 0.02 * cols - 0.01 * rows
             + rng.normal(0, 5, (500, SIZE)))
        if row0 % 2000 == 0:
            z[:100, 3000:3400] = -9999  # nodata blocks
        band.WriteArray(z.astype(numpy.float32), 0, row0)
    ds = None
    os.replace(path + ".tmp.tif", path)


def polygons(path):
    rng = random.Random(13)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32640)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path + ".tmp.gpkg")
    layer = ds.CreateLayer("polygons", srs, ogr.wkbPolygon, ["GEOMETRY_NAME=geom"])
    layer.CreateField(ogr.FieldDefn("id", ogr.OFTInteger))
    layer.StartTransaction()
    cell = SIZE * PIXEL / 100
    for i in range(100):
        for j in range(100):
            cx = X0 + (j + 0.5) * cell + rng.uniform(-0.2, 0.2) * cell
            cy = Y0 - (i + 0.5) * cell + rng.uniform(-0.2, 0.2) * cell
            if j == 99:
                cx += 0.45 * cell  # crosses the raster's right edge
            n = rng.randint(8, 24)
            ring = ogr.Geometry(ogr.wkbLinearRing)
            for k in range(n):
                a = 2 * math.pi * k / n
                r = cell * rng.uniform(0.2, 0.45)
                ring.AddPoint_2D(cx + r * math.cos(a), cy + r * math.sin(a))
            ring.CloseRings()
            poly = ogr.Geometry(ogr.wkbPolygon)
            poly.AddGeometry(ring)
            f = ogr.Feature(layer.GetLayerDefn())
            f.SetField("id", i * 100 + j + 1)
            f.SetGeometry(poly)
            layer.CreateFeature(f)
    layer.CommitTransaction()
    ds = None
    os.replace(path + ".tmp.gpkg", path)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    polygons(os.path.join(out, "zonal-polygons.gpkg"))
    raster(os.path.join(out, "zonal-raster.tif"))


if __name__ == "__main__":
    main()
