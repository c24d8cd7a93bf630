#!/usr/bin/python3
"""The peers of the analysis benchmark (tests/benchmarks/bench_analysis.sh): GeoPandas and QGIS (Debian's
python3-geopandas and python3-qgis, headless), each running the same job as `gis analyse` on the same files.

  bench_analysis_peers.py geopandas dissolve IN.gpkg LAYER FIELD
  bench_analysis_peers.py geopandas buffer IN.gpkg LAYER METRES          (to_crs(EPSG:32640).buffer: UTM 40N)
  bench_analysis_peers.py geopandas intersection A.gpkg LAYER B.gpkg LAYER
  bench_analysis_peers.py qgis dissolve|buffer|intersection ... (same arguments)
  bench_analysis_peers.py qgis zonal POLYGONS.gpkg LAYER RASTER.tif

Prints one line: "read_s=… run_s=… features=N area=A version=V" (area: the output's total area in the output's
CRS units, m² for the UTM and geodesic jobs; for zonal, area is the sum of the per-polygon means). The job is timed
in memory: reading the inputs is read_s, the algorithm run_s; nothing is written (writing is what ours' run_ms
leaves out too).
"""
import os
import sys
import time


def geopandas_job(job, args):
    import geopandas

    t0 = time.perf_counter()
    if job == "dissolve":
        path, layer, field = args
        frame = geopandas.read_file(path, layer=layer)
        t1 = time.perf_counter()
        frame["geometry"] = frame.geometry.make_valid()  # the data has invalid rings, as real boundaries do
        out = frame.dissolve(by=field)
        area = out.area.sum()
    elif job == "buffer":
        path, layer, metres = args
        frame = geopandas.read_file(path, layer=layer)
        t1 = time.perf_counter()
        out = frame.to_crs(32640).buffer(float(metres))
        area = out.area.sum()
    elif job == "intersection":
        a, alayer, b, blayer = args
        left = geopandas.read_file(a, layer=alayer)
        right = geopandas.read_file(b, layer=blayer)
        t1 = time.perf_counter()
        out = geopandas.overlay(left, right, how="intersection", keep_geom_type=True)
        area = out.area.sum()
    else:
        raise SystemExit(f"geopandas: no job {job}")
    t2 = time.perf_counter()
    print(f"read_s={t1 - t0:.3f} run_s={t2 - t1:.3f} features={len(out)} area={area:.6f} "
          f"version=GeoPandas-{geopandas.__version__}")


def qgis_job(job, args):
    from qgis.analysis import QgsNativeAlgorithms
    from qgis.core import (Qgis, QgsApplication, QgsCoordinateReferenceSystem, QgsDistanceArea, QgsProcessingContext,
                           QgsProcessingFeedback, QgsProject, QgsRasterLayer, QgsVectorLayer)

    app = QgsApplication([], False)
    app.initQgis()
    registry = QgsApplication.processingRegistry()
    registry.addProvider(QgsNativeAlgorithms())
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = QgsProcessingFeedback()

    def layer(path, name):
        v = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
        if not v.isValid():
            raise SystemExit(f"QGIS cannot open {path} {name}")
        return v

    def run(alg_id, params):
        alg = registry.createAlgorithmById(alg_id)
        results, ok = alg.run(params, context, feedback)
        if not ok:
            raise SystemExit(f"QGIS {alg_id} failed")
        return context.takeResultLayer(results["OUTPUT"])

    def total_area(v):
        return sum(f.geometry().area() for f in v.getFeatures())

    t0 = time.perf_counter()
    if job == "dissolve":
        path, name, field = args
        src = layer(path, name)
        t1 = time.perf_counter()
        fixed = run("native:fixgeometries", {"INPUT": src, "OUTPUT": "memory:"})
        out = run("native:dissolve", {"INPUT": fixed, "FIELD": [field], "OUTPUT": "memory:"})
    elif job == "buffer":
        path, name, metres = args
        src = layer(path, name)
        t1 = time.perf_counter()
        utm = run("native:reprojectlayer", {"INPUT": src, "TARGET_CRS": QgsCoordinateReferenceSystem("EPSG:32640"),
                                            "OUTPUT": "memory:"})
        out = run("native:buffer", {"INPUT": utm, "DISTANCE": float(metres), "SEGMENTS": 16, "OUTPUT": "memory:"})
    elif job == "intersection":
        a, aname, b, bname = args
        left, right = layer(a, aname), layer(b, bname)
        t1 = time.perf_counter()
        out = run("native:intersection", {"INPUT": left, "OVERLAY": right, "OUTPUT": "memory:"})
    elif job == "zonal":
        path, name, raster = args
        src = layer(path, name)
        r = QgsRasterLayer(raster, "r")
        t1 = time.perf_counter()
        out = run("native:zonalstatisticsfb", {"INPUT": src, "INPUT_RASTER": r, "RASTER_BAND": 1,
                                               "COLUMN_PREFIX": "z_", "STATISTICS": [2], "OUTPUT": "memory:"})
        t2 = time.perf_counter()
        means = [f["z_mean"] for f in out.getFeatures()]
        total = sum(m for m in means if m is not None)
        print(f"read_s={t1 - t0:.3f} run_s={t2 - t1:.3f} features={len(means)} area={total:.6f} "
              f"version=QGIS-{Qgis.version().split('-')[0]}")
        return
    else:
        raise SystemExit(f"qgis: no job {job}")
    t2 = time.perf_counter()
    print(f"read_s={t1 - t0:.3f} run_s={t2 - t1:.3f} features={out.featureCount()} area={total_area(out):.6f} "
          f"version=QGIS-{Qgis.version().split('-')[0]}")


def main():
    peer, job, *args = sys.argv[1:]
    if peer == "geopandas":
        geopandas_job(job, args)
    elif peer == "qgis":
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        qgis_job(job, args)
    else:
        raise SystemExit(f"no peer {peer}")


if __name__ == "__main__":
    main()
