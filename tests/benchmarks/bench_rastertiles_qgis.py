#!/usr/bin/python3
"""QGIS's side of bench_rastertiles (Debian's python3-qgis, headless): the same COG, the same 1600 x 1000 views
(the whole raster; 1:500 at 96 dpi at the centre), QgsMapRendererParallelJob. "cold" loads the layer and renders
(what a user waits for on opening), "warm" renders the same view again; pan: 60 frames of 16 px at 1:500.
Prints RESULT lines like bench_rastertiles. Run with QT_QPA_PLATFORM=offscreen.

Usage: bench_rastertiles_qgis.py COG.tif OUTDIR
"""
import os
import statistics
import sys
import time

from qgis.core import (QgsApplication, QgsMapRendererParallelJob, QgsMapSettings, QgsRasterLayer, QgsRectangle)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

W, H = 1600, 1000


def render(layer, extent):
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setOutputSize(QSize(W, H))
    settings.setOutputDpi(96)
    settings.setBackgroundColor(QColor(255, 255, 255))
    settings.setExtent(extent)
    job = QgsMapRendererParallelJob(settings)
    start = time.perf_counter()
    job.start()
    job.waitForFinished()
    return job.renderedImage(), (time.perf_counter() - start) * 1000


def around(cx, cy, res):
    return QgsRectangle(cx - W / 2 * res, cy - H / 2 * res, cx + W / 2 * res, cy + H / 2 * res)


def main():
    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    path, outdir = sys.argv[1:3]
    probe = QgsRasterLayer(path, "probe")
    full = probe.extent()
    cx, cy = full.center().x(), full.center().y()
    whole = max(full.width() / W, full.height() / H)
    res500 = 500 * 0.0254 / 96
    for name, res in (("whole", whole), ("1:500", res500)):
        start = time.perf_counter()
        layer = QgsRasterLayer(path, name)
        if not layer.isValid():
            raise SystemExit(f"QGIS cannot open {path}")
        image, ms = render(layer, around(cx, cy, res))
        print(f"RESULT first-screen-{name}-cold qgis {(time.perf_counter() - start) * 1000:.1f}", flush=True)
        image, ms = render(layer, around(cx, cy, res))
        print(f"RESULT first-screen-{name}-warm qgis {ms:.1f}", flush=True)
        image.save(os.path.join(outdir, f"qgis-{'whole' if name == 'whole' else '500'}.png"))
    frames = [render(layer, around(cx + f * 16 * res500, cy + f * 8 * res500, res500))[1] for f in range(60)]
    med = statistics.median(frames)
    print(f"RESULT pan-frame qgis {med:.1f} ({1000 / med:.0f} fps, max {max(frames):.1f} ms)", flush=True)
    # exitQgis() crashes in a headless Python on Debian's 3.22; the results are out, so leave without teardown.
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
