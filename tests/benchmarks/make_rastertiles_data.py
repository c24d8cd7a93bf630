#!/usr/bin/python3
"""Makes the orthophoto of bench_rastertiles: a WIDTH x WIDTH RGB JPEG-YCbCr Cloud-Optimised GeoTIFF (default
40,000 px a side, 0.10 m/pixel, EPSG:32640 near Nizwa), deterministic (seeded), written in blocks of rows so that
memory stays bounded: a tiled GeoTIFF first, then GDAL's COG driver (JPEG, YCbCr, 512 px tiles, averaged overviews).

usage: make_rastertiles_data.py OUT.tif [WIDTH]
"""
import os
import sys

import numpy as np
from osgeo import gdal, osr

gdal.UseExceptions()


def main(out, width):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32640)
    tmp = out + ".tmp.tif"
    ds = gdal.GetDriverByName("GTiff").Create(
        tmp, width, width, 3, gdal.GDT_Byte,
        ["TILED=YES", "BLOCKXSIZE=512", "BLOCKYSIZE=512", "COMPRESS=JPEG", "PHOTOMETRIC=YCBCR", "JPEG_QUALITY=90",
         "BIGTIFF=YES"])
    ds.SetGeoTransform([540000, 0.1, 0, 2545000, 0, -0.1])
    ds.SetProjection(srs.ExportToWkt())
    rng = np.random.default_rng(16)
    # A 2048 px texture (fields, tracks, noise) repeated with a colour that drifts across the site, so that no two
    # tiles are alike and JPEG has real work to do.
    t = 2048
    ty, tx = np.mgrid[0:t, 0:t].astype(np.float32)
    texture = (40 * np.sin(tx / 23.0) * np.cos(ty / 31.0) + 25 * np.sin((tx + 2 * ty) / 97.0)
               + rng.normal(0, 10, (t, t))).astype(np.float32)
    # The colour drifts across the site as a sum of a column term and a row term (cheap: no per-pixel sine).
    cols = np.arange(width, dtype=np.float32)
    col_terms = [50 * np.sin(cols / 5000.0), 40 * np.cos(cols / 6000.0), 30 * np.sin(cols / 9000.0)]
    reps = width // t + 1
    rows = 512
    for y0 in range(0, width, rows):
        h = min(rows, width - y0)
        idx = (np.arange(y0, y0 + h) % t)
        tex = np.tile(texture[idx], (1, reps))[:, :width]
        row_terms = [120 + 20 * np.sin(y0 / 7000.0), 110 + 20 * np.cos(y0 / 5000.0), 90 + 15 * np.sin(y0 / 9000.0)]
        for b in range(3):
            block = tex + col_terms[b]
            block += row_terms[b]
            np.clip(block, 0, 255, out=block)
            ds.GetRasterBand(b + 1).WriteArray(block.astype(np.uint8), 0, y0)
        gdal.TermProgress_nocb(y0 / width)
    ds = None
    gdal.Translate(out, tmp, format="COG", creationOptions=[
        "COMPRESS=JPEG", "QUALITY=90", "BLOCKSIZE=512", "OVERVIEW_RESAMPLING=AVERAGE", "BIGTIFF=YES",
        "NUM_THREADS=2"], callback=gdal.TermProgress_nocb)
    os.remove(tmp)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 40000)
