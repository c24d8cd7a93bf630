#!/usr/bin/python3
"""QGIS's side of the render benchmark (Debian's python3-qgis, headless): the same files, sizes and symbols as
bench_render.cpp with QgsMapRendererParallelJob, timed as load (QgsVectorLayer), render (the job, which reads
the features through OGR) and encode (QImage PNG at Qt's default level, as QGIS saves images). Prints RESULT / RERENDER
lines like bench_render. Run with QT_QPA_PLATFORM=offscreen.

Usage: bench_render_qgis.py POLYGONS.gpkg POINTS.gpkg OUTDIR
       bench_render_qgis.py --polygons CASE POLYGONS.gpkg LAYER OUTDIR   (only the polygon case, bench_admin.sh)
"""
import os
import statistics
import sys
import time

from qgis.core import (QgsApplication, QgsCoordinateReferenceSystem, QgsFillSymbol, QgsMapRendererParallelJob,
                       QgsMapSettings, QgsMarkerSymbol, QgsRectangle, QgsSingleSymbolRenderer, QgsVectorLayer)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor, QImageWriter


def render(layer, width, height):
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    settings.setOutputSize(QSize(width, height))
    settings.setOutputDpi(96)
    settings.setBackgroundColor(QColor(255, 255, 255))
    settings.setExtent(QgsRectangle(-180, -90, 180, 90))
    job = QgsMapRendererParallelJob(settings)
    start = time.perf_counter()
    job.start()
    job.waitForFinished()
    return job.renderedImage(), time.perf_counter() - start


def run(case, uri, symbol, width, height, out):
    start = time.perf_counter()
    layer = QgsVectorLayer(uri, "l", "ogr")
    if not layer.isValid():
        raise SystemExit(f"QGIS cannot open {uri}")
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    load = time.perf_counter() - start
    image, seconds = render(layer, width, height)
    start = time.perf_counter()
    writer = QImageWriter(out, b"png")  # as QGIS's "Save as image" does: Qt's writer at its default level
    writer.write(image)
    encode = time.perf_counter() - start
    print(f"  {out}: {os.path.getsize(out)} bytes", file=sys.stderr, flush=True)
    print(f"RESULT {case} qgis {load:.4f} {seconds:.4f} {encode:.4f}", flush=True)
    return layer


def main():
    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    fill = QgsFillSymbol.createSimple({"color": "200,190,150", "outline_color": "80,80,80",
                                       "outline_width": "1", "outline_width_unit": "Pixel"})
    if sys.argv[1] == "--polygons":
        case, polygons, layer, outdir = sys.argv[2:6]
        run(case, f"{polygons}|layername={layer}", fill, 4096, 2048, os.path.join(outdir, f"qgis-{case}.png"))
        sys.stdout.flush()
        os._exit(0)
    polygons, points, outdir = sys.argv[1:4]
    run("a:4600-polygons-4096x2048", polygons + "|layername=land_cells", fill, 4096, 2048,
        os.path.join(outdir, "qgis-a.png"))
    dot = QgsMarkerSymbol.createSimple({"name": "circle", "size": "3", "size_unit": "Pixel",
                                        "color": "31,120,180", "outline_style": "no"})
    layer = run("b:1M-points-2048x1024", points + "|layername=points", dot, 2048, 1024,
                os.path.join(outdir, "qgis-b.png"))
    times = [render(layer, 1920, 1080)[1] * 1000 for _ in range(2)]
    print(f"RERENDER qgis {statistics.median(times):.1f} min={min(times):.1f} max={max(times):.1f}", flush=True)
    # exitQgis() crashes in a headless Python on Debian's 3.22; the results are out, so leave without teardown.
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
