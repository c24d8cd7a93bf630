"""The peers of the PostGIS benchmark (tests/benchmarks/bench_postgis.sh), run with Debian's python3 (python3-gdal,
python3-qgis; QGIS headless). Each reads the same table of the same throwaway server as `bench_pgread` and touches
every feature's geometry and every field value. Prints one line of key=value pairs.

  bench_postgis_peers.py gdal CONNINFO TABLE                          GDAL's PostgreSQL driver, feature loop
  bench_postgis_peers.py qgis CONNINFO TABLE                          QGIS's PostGIS provider, getFeatures()
  bench_postgis_peers.py qgis-bbox CONNINFO TABLE MINX MINY MAXX MAXY  the same with setFilterRect: first feature
                                                                     and all features in the box

CONNINFO is a libpq connection string with dbname; TABLE a table of the public schema with an integer key "id"
and a geometry column "geom" (EPSG:4326 points).
"""
import sys
import time


def gdal_read(conninfo, table):
    from osgeo import gdal, ogr
    gdal.UseExceptions()
    t0 = time.perf_counter()
    ds = ogr.Open("PG:" + conninfo + " tables=" + table, 0)
    layer = ds.GetLayerByName(table)
    t1 = time.perf_counter()
    count, sum_x, strings = 0, 0.0, 0
    nfields = layer.GetLayerDefn().GetFieldCount()
    for f in layer:
        g = f.GetGeometryRef()
        sum_x += g.GetX()
        for i in range(nfields):
            v = f.GetField(i)
            if isinstance(v, str):
                strings += len(v.encode())
        count += 1
    t2 = time.perf_counter()
    print(f"open_s={t1 - t0:.3f} read_s={t2 - t1:.3f} features={count} sum_x={sum_x:.6f} string_bytes={strings} "
          f"version=GDAL-{gdal.__version__}")


def qgis_layer(conninfo, table):
    from qgis.core import QgsDataSourceUri, QgsVectorLayer, QgsWkbTypes
    uri = QgsDataSourceUri(conninfo)
    uri.setDataSource("public", table, "geom", "", "id")
    uri.setSrid("4326")
    uri.setWkbType(QgsWkbTypes.Point)
    layer = QgsVectorLayer(uri.uri(False), table, "postgres")
    if not layer.isValid():
        raise SystemExit(f"QGIS cannot open {table}: {layer.dataProvider().error().summary() if layer.dataProvider() else ''}")
    return layer


def qgis_app():
    from qgis.core import QgsApplication
    app = QgsApplication([], False)
    app.initQgis()
    return app


def qgis_read(conninfo, table):
    from qgis.core import Qgis
    app = qgis_app()
    t0 = time.perf_counter()
    layer = qgis_layer(conninfo, table)
    t1 = time.perf_counter()
    count, sum_x, strings = 0, 0.0, 0
    for f in layer.getFeatures():
        sum_x += f.geometry().constGet().x()
        for v in f.attributes():
            if isinstance(v, str):
                strings += len(v.encode())
        count += 1
    t2 = time.perf_counter()
    print(f"open_s={t1 - t0:.3f} read_s={t2 - t1:.3f} features={count} sum_x={sum_x:.6f} string_bytes={strings} "
          f"version=QGIS-{Qgis.version().split('-')[0]}")
    del layer
    app.exitQgis()


def qgis_bbox(conninfo, table, box):
    from qgis.core import Qgis, QgsFeatureRequest, QgsRectangle
    app = qgis_app()
    t0 = time.perf_counter()
    layer = qgis_layer(conninfo, table)
    t1 = time.perf_counter()
    it = layer.getFeatures(QgsFeatureRequest().setFilterRect(QgsRectangle(*box)))
    count, sum_x, first = 0, 0.0, None
    for f in it:
        if first is None:
            first = time.perf_counter()
        sum_x += f.geometry().constGet().x()
        f.attributes()
        count += 1
    t2 = time.perf_counter()
    print(f"open_s={t1 - t0:.4f} first_s={(first or t2) - t1:.4f} all_s={t2 - t1:.4f} features={count} "
          f"sum_x={sum_x:.6f} version=QGIS-{Qgis.version().split('-')[0]}")
    del layer
    app.exitQgis()


def main():
    peer = sys.argv[1]
    if peer == "gdal":
        gdal_read(sys.argv[2], sys.argv[3])
    elif peer == "qgis":
        qgis_read(sys.argv[2], sys.argv[3])
    elif peer == "qgis-bbox":
        qgis_bbox(sys.argv[2], sys.argv[3], [float(v) for v in sys.argv[4:8]])
    else:
        raise SystemExit(f"bench_postgis_peers.py: no peer {peer}")


if __name__ == "__main__":
    main()
