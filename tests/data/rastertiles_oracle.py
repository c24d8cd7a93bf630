#!/usr/bin/python3
"""The oracle of tst_rastertiles: makes its rasters and reads windows of them straight through GDAL.

make DIR: rgb.tif (3000 x 2000 RGB Byte, tiled, deflate, overviews 2..16 averaged) and dsm.tif (1500 x 1000 Float32,
  nodata -9999 in a disc and a band, overviews averaged), deterministic (seeded), EPSG:32640.
read FILE XOFF YOFF XSIZE YSIZE BUFW BUFH ALG OUT: bands 1..n then the mask of band 1, as float32 rows, read by
  ReadAsArray with buf_xsize/buf_ysize and resample_alg ALG (near, average, bilinear): GDAL picks the overview.
"""
import sys

import numpy as np
from osgeo import gdal, osr

gdal.UseExceptions()


def make(folder):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32640)
    rng = np.random.default_rng(16)
    w, h = 3000, 2000
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    drv = gdal.GetDriverByName("GTiff")
    ds = drv.Create(f"{folder}/rgb.tif", w, h, 3, gdal.GDT_Byte,
                    ["TILED=YES", "COMPRESS=DEFLATE", "BLOCKXSIZE=256", "BLOCKYSIZE=256", "INTERLEAVE=PIXEL"])
    ds.SetGeoTransform([540000, 0.1, 0, 2545000, 0, -0.1])
    ds.SetProjection(srs.ExportToWkt())
    for b, (fx, fy) in enumerate([(37.0, 53.0), (71.0, 29.0), (13.0, 97.0)], start=1):
        v = 128 + 60 * np.sin(x / fx) * np.cos(y / fy) + 40 * np.sin((x + y) / 400.0) + rng.normal(0, 12, (h, w))
        ds.GetRasterBand(b).WriteArray(np.clip(v, 0, 255).astype(np.uint8))
    ds.BuildOverviews("AVERAGE", [2, 4, 8, 16])
    ds = None

    w, h = 1500, 1000
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    ds = drv.Create(f"{folder}/dsm.tif", w, h, 1, gdal.GDT_Float32,
                    ["TILED=YES", "COMPRESS=DEFLATE", "PREDICTOR=3"])
    ds.SetGeoTransform([540000, 0.25, 0, 2545000, 0, -0.25])
    ds.SetProjection(srs.ExportToWkt())
    band = ds.GetRasterBand(1)
    band.SetNoDataValue(-9999)
    z = 520 + 8 * np.sin(x / 90.0) + 5 * np.cos(y / 60.0) + 0.001 * x * y / 100 + rng.normal(0, 0.2, (h, w))
    z[(x - 700) ** 2 + (y - 400) ** 2 < 120 ** 2] = -9999
    z[:, 1200:1230] = -9999
    band.WriteArray(z.astype(np.float32))
    ds.BuildOverviews("AVERAGE", [2, 4, 8])
    ds = None


def read(path, xoff, yoff, xsize, ysize, bufw, bufh, alg, out):
    algs = {"near": gdal.GRIORA_NearestNeighbour, "average": gdal.GRIORA_Average, "bilinear": gdal.GRIORA_Bilinear}
    ds = gdal.Open(path)
    arrays = []
    for b in range(1, ds.RasterCount + 1):
        arrays.append(ds.GetRasterBand(b).ReadAsArray(xoff, yoff, xsize, ysize, bufw, bufh,
                                                      resample_alg=algs[alg]).astype(np.float32))
    mask_alg = algs["near"] if alg == "bilinear" else algs[alg]
    arrays.append(ds.GetRasterBand(1).GetMaskBand().ReadAsArray(xoff, yoff, xsize, ysize, bufw, bufh,
                                                                resample_alg=mask_alg).astype(np.float32))
    np.stack(arrays).astype("<f4").tofile(out)


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2])
    else:
        a = sys.argv[2:]
        read(a[0], *map(int, a[1:7]), a[7], a[8])
