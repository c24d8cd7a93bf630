#!/usr/bin/python3
"""QGIS as a client of a map server (issue 15 §3): adds a WMS layer and an OGC API - Features layer the way a user
does (Layer ▸ Add Layer ▸ WMS/WFS), checks both are valid, that the features layer holds exactly the layer's features
(oracle: ogrinfo on the GeoPackage), renders each with QgsMapRendererParallelJob and checks the images show the
layer: a drawn pixel near every point of the layer (read with GDAL), and most of the image left empty.

Known good against QGIS Server itself (bench_serve.sh's peer); run against `gis serve` by
tests/serve/run_qgis_client.sh.

Usage: qgis_client.py WMS_URL FEATURES_URL GPKG LAYER OUTDIR
  WMS_URL       the WMS endpoint (gis serve: http://127.0.0.1:PORT/wms; QGIS Server: http://127.0.0.1:PORT/)
  FEATURES_URL  the OGC API - Features landing page (gis serve: http://127.0.0.1:PORT; QGIS: …/wfs3)
  GPKG LAYER    the served layer's data (a point layer), the oracle
  OUTDIR        where the two rendered PNGs go (wms.png, features.png)
Exit status 0 when every check holds; each failure is printed as "FAIL: …". Needs QT_QPA_PLATFORM=offscreen.
"""
import os
import re
import subprocess
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from osgeo import ogr
from qgis.core import (QgsApplication, QgsCoordinateReferenceSystem, QgsMapRendererParallelJob, QgsMapSettings,
                       QgsRasterLayer, QgsRectangle, QgsVectorLayer)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

WIDTH, HEIGHT = 800, 600
failures = []


def check(ok, message):
    print(("ok:   " if ok else "FAIL: ") + message, flush=True)
    if not ok:
        failures.append(message)
    return ok


def oracle(gpkg, layer):
    """(feature count from ogrinfo, the points' coordinates from GDAL) of LAYER."""
    info = subprocess.run(["ogrinfo", "-ro", "-so", gpkg, layer], capture_output=True, text=True, check=True).stdout
    count = int(re.search(r"Feature Count: (\d+)", info).group(1))
    source = ogr.Open(gpkg)
    points = [(f.GetGeometryRef().GetX(), f.GetGeometryRef().GetY()) for f in source.GetLayerByName(layer)]
    return count, points


def render(layer, extent, path):
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    settings.setOutputSize(QSize(WIDTH, HEIGHT))
    settings.setBackgroundColor(QColor(0, 0, 0, 0))
    settings.setExtent(extent)
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    for error in job.errors():
        check(False, f"{path}: render error in {error.layerID}: {error.message}")
    image = job.renderedImage()
    image.save(path, "PNG")
    return image, settings.visibleExtent()


def check_image(name, image, extent, points):
    """A drawn pixel within 4 px of every point, and at most half the image drawn (not an error image)."""
    def drawn(x, y):
        return 0 <= x < image.width() and 0 <= y < image.height() and image.pixelColor(x, y).alpha() > 0
    total = sum(1 for y in range(0, image.height(), 4) for x in range(0, image.width(), 4) if drawn(x, y))
    share = total / ((image.width() // 4) * (image.height() // 4))
    check(0 < share < 0.5, f"{name}: {share:.1%} of the image drawn (something, and not all of it)")
    missing = []
    for lon, lat in points:
        px = int((lon - extent.xMinimum()) / extent.width() * image.width())
        py = int((extent.yMaximum() - lat) / extent.height() * image.height())
        if not any(drawn(px + dx, py + dy) for dx in range(-4, 5) for dy in range(-4, 5)):
            missing.append((lon, lat))
    check(not missing, f"{name}: a pixel drawn at each of the {len(points)} points"
          + (f"; none near {missing[:5]}" if missing else ""))


def main():
    wms_url, features_url, gpkg, layer_name, outdir = sys.argv[1:6]
    os.makedirs(outdir, exist_ok=True)
    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    count, points = oracle(gpkg, layer_name)
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    extent = QgsRectangle(min(xs), min(ys), max(xs), max(ys))
    extent.scale(1.1)

    wms = QgsRasterLayer(f"crs=EPSG:4326&format=image/png&layers={layer_name}&styles=&url={wms_url}", "x", "wms")
    if check(wms.isValid(), f"WMS layer {layer_name} at {wms_url} is valid"
             + ("" if wms.isValid() else f": {wms.error().summary()}")):
        image, visible = render(wms, extent, os.path.join(outdir, "wms.png"))
        check_image("WMS", image, visible, points)

    features = QgsVectorLayer(f"url='{features_url}' typename='{layer_name}'", "y", "OAPIF")
    if check(features.isValid(), f"OGC API - Features layer {layer_name} at {features_url} is valid"):
        got = sum(1 for _ in features.getFeatures())
        check(got == count, f"features layer: {got} features read, ogrinfo counts {count}")
        image, visible = render(features, extent, os.path.join(outdir, "features.png"))
        check_image("features", image, visible, points)

    print(f"{len(failures)} failure(s)", flush=True)
    sys.stdout.flush()
    os._exit(1 if failures else 0)  # exitQgis() crashes in a headless Python on Debian's 3.22


if __name__ == "__main__":
    main()
