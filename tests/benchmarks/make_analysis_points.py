#!/usr/bin/python3
"""Deterministic points for the analysis benchmark: N points uniformly in Ad Dakhiliyah's box (longitude 56.5–58.5,
latitude 22–23.5, EPSG:4326), layer "points" with fields id and weight (1–10).

Usage: make_analysis_points.py OUT.gpkg N
"""
import random
import sys

from osgeo import ogr, osr


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    rng = random.Random(13)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(out + ".tmp.gpkg")
    layer = ds.CreateLayer("points", srs, ogr.wkbPoint, ["GEOMETRY_NAME=geom"])
    layer.CreateField(ogr.FieldDefn("id", ogr.OFTInteger))
    layer.CreateField(ogr.FieldDefn("weight", ogr.OFTInteger))
    layer.StartTransaction()
    for i in range(n):
        f = ogr.Feature(layer.GetLayerDefn())
        f.SetField("id", i + 1)
        f.SetField("weight", rng.randint(1, 10))
        g = ogr.Geometry(ogr.wkbPoint)
        g.AddPoint_2D(rng.uniform(56.5, 58.5), rng.uniform(22.0, 23.5))
        f.SetGeometry(g)
        layer.CreateFeature(f)
    layer.CommitTransaction()
    ds = None
    import os
    os.replace(out + ".tmp.gpkg", out)


if __name__ == "__main__":
    main()
