#!/usr/bin/python3
"""DSM change benchmark data and its peer (issue 16 §5), with Debian's python3-gdal and python3-numpy.

  bench_dsmchange.py make DIR        two 10,240 x 10,240 Float32 DSMs of 0.25 m in UTM 40N (deterministic: smooth
                                     terrain, 400 blocks raised and 100 pits dug in the later one), tiled, as
                                     DIR/dsm_{a,b}_{raw,deflate}.tif (uncompressed; deflate + predictor 3 as the
                                     drone DSMs are)
  bench_dsmchange.py peer A B X0 Y0 X1 Y1 [RUNS]
                                     numpy through GDAL on the same window: read both DSMs, burn the polygon
                                     (gdal.RasterizeLayer: centres inside), d = B - A where both are valid, fill and
                                     cut sums; best of RUNS, as "numpy_ms", "fill_m3", "cut_m3", "pixels" lines
"""
import sys
import os
import time

import numpy as np
from osgeo import gdal, ogr

gdal.UseExceptions()
N = 10240
PIXEL = 0.25
X0, Y0 = 500000.0, 2600000.0


def make(folder):
    rng = np.random.default_rng(16)
    cols = np.arange(N, dtype=np.float32) * PIXEL
    a = (400 + 3 * np.sin(cols / 17.0)[None, :] + 2 * np.cos(cols / 11.0)[:, None]).astype(np.float32)
    b = a.copy()
    for _ in range(400):
        c, r = rng.integers(0, N - 200, 2)
        w, h = rng.integers(20, 200, 2)
        b[r:r + h, c:c + w] += np.float32(rng.uniform(1, 12))
    for _ in range(100):
        c, r = rng.integers(0, N - 100, 2)
        w, h = rng.integers(10, 100, 2)
        b[r:r + h, c:c + w] -= np.float32(rng.uniform(0.5, 4))
    b[5000:5100, 5000:5100] = -9999  # a hole in the later survey
    for name, data in (("a", a), ("b", b)):
        for kind, options in (("raw", ["TILED=YES"]), ("deflate", ["TILED=YES", "COMPRESS=DEFLATE", "PREDICTOR=3"])):
            path = f"{folder}/dsm_{name}_{kind}.tif"
            ds = gdal.GetDriverByName("GTiff").Create(path + ".tmp", N, N, 1, gdal.GDT_Float32, options)
            ds.SetGeoTransform((X0, PIXEL, 0, Y0 + N * PIXEL, 0, -PIXEL))
            ds.SetProjection("EPSG:32640")
            band = ds.GetRasterBand(1)
            band.SetNoDataValue(-9999)
            band.WriteArray(data)
            ds = None
            os.replace(path + ".tmp", path)


def peer(a_path, b_path, x0, y0, x1, y1, runs):
    best = best_cpu = None
    for _ in range(runs):
        start = time.perf_counter()
        cpu = time.process_time()
        a_ds, b_ds = gdal.Open(a_path), gdal.Open(b_path)
        gt = a_ds.GetGeoTransform()
        c0, c1 = int(round((x0 - gt[0]) / gt[1])), int(round((x1 - gt[0]) / gt[1]))
        r0, r1 = int(round((y1 - gt[3]) / gt[5])), int(round((y0 - gt[3]) / gt[5]))
        a = a_ds.GetRasterBand(1).ReadAsArray(c0, r0, c1 - c0, r1 - r0)
        b = b_ds.GetRasterBand(1).ReadAsArray(c0, r0, c1 - c0, r1 - r0)
        mem = gdal.GetDriverByName("MEM").Create("", c1 - c0, r1 - r0, 1, gdal.GDT_Byte)
        mem.SetGeoTransform((gt[0] + c0 * gt[1], gt[1], 0, gt[3] + r0 * gt[5], 0, gt[5]))
        src = ogr.GetDriverByName("Memory").CreateDataSource("m")
        layer = src.CreateLayer("p", a_ds.GetSpatialRef())
        f = ogr.Feature(layer.GetLayerDefn())
        f.SetGeometry(ogr.CreateGeometryFromWkt(f"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))"))
        layer.CreateFeature(f)
        gdal.RasterizeLayer(mem, [1], layer, burn_values=[1])
        valid = (mem.GetRasterBand(1).ReadAsArray() == 1) & (a != -9999) & (b != -9999)
        d = np.where(valid, b.astype(np.float64) - a, 0.0)
        area = gt[1] * -gt[5]
        fill = float(np.maximum(d, 0).sum() * area)
        cut = float(np.maximum(-d, 0).sum() * area)
        elapsed = (time.perf_counter() - start) * 1000
        elapsed_cpu = (time.process_time() - cpu) * 1000
        best = elapsed if best is None else min(best, elapsed)
        best_cpu = elapsed_cpu if best_cpu is None else min(best_cpu, elapsed_cpu)
    print(f"numpy_ms {best:.1f}\nnumpy_cpu_ms {best_cpu:.1f}\nfill_m3 {fill:.3f}\ncut_m3 {cut:.3f}\npixels {int(valid.sum())}")


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2])
    else:
        peer(sys.argv[2], sys.argv[3], *map(float, sys.argv[4:8]), int(sys.argv[8]) if len(sys.argv) > 8 else 3)
