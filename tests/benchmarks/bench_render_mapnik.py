#!/usr/bin/python3
"""Mapnik's side of the render benchmark (Debian's python3-mapnik): the same files, sizes and symbols as
bench_render.cpp, timed as load (map and datasource set-up), render (mapnik.render, which reads the features
through its OGR plugin) and encode (PNG, zlib level 1). Prints RESULT / RERENDER lines like bench_render.

Usage: bench_render_mapnik.py POLYGONS.gpkg POINTS.gpkg OUTDIR
       bench_render_mapnik.py --polygons CASE POLYGONS.gpkg LAYER OUTDIR   (only the polygon case, bench_admin.sh)
"""
import os
import statistics
import sys
import time

import mapnik

WGS84 = "+proj=longlat +datum=WGS84 +no_defs"


def map_xml(path, layer, symbolizers):
    return f"""<Map srs="{WGS84}" background-color="white">
  <Style name="s"><Rule>{symbolizers}</Rule></Style>
  <Layer name="l" srs="{WGS84}">
    <StyleName>s</StyleName>
    <Datasource>
      <Parameter name="type">ogr</Parameter>
      <Parameter name="file">{path}</Parameter>
      <Parameter name="layer">{layer}</Parameter>
    </Datasource>
  </Layer>
</Map>"""


def run(case, path, layer, symbolizers, width, height, out):
    start = time.perf_counter()
    m = mapnik.Map(width, height)
    mapnik.load_map_from_string(m, map_xml(path, layer, symbolizers))
    m.zoom_to_box(mapnik.Box2d(-180, -90, 180, 90))
    load = time.perf_counter() - start
    image = mapnik.Image(width, height)
    start = time.perf_counter()
    mapnik.render(m, image)
    render = time.perf_counter() - start
    start = time.perf_counter()
    image.save(out, "png32:z=1")
    encode = time.perf_counter() - start
    print(f"RESULT {case} mapnik {load:.4f} {render:.4f} {encode:.4f}", flush=True)
    return m


POLYGON_SYMBOLIZERS = '<PolygonSymbolizer fill="#c8be96"/><LineSymbolizer stroke="#505050" stroke-width="1"/>'


def main():
    if sys.argv[1] == "--polygons":
        case, polygons, layer, outdir = sys.argv[2:6]
        run(case, polygons, layer, POLYGON_SYMBOLIZERS, 4096, 2048, os.path.join(outdir, f"mapnik-{case}.png"))
        return
    polygons, points, outdir = sys.argv[1:4]
    run("a:4600-polygons-4096x2048", polygons, "land_cells", POLYGON_SYMBOLIZERS,
        4096, 2048, os.path.join(outdir, "mapnik-a.png"))
    dots = ('<MarkersSymbolizer width="3" height="3" fill="#1f78b4" stroke-width="0" '
            'allow-overlap="true" ignore-placement="true"/>')
    m = run("b:1M-points-2048x1024", points, "points", dots, 2048, 1024, os.path.join(outdir, "mapnik-b.png"))
    m.resize(1920, 1080)
    m.zoom_to_box(mapnik.Box2d(-180, -90, 180, 90))
    times = []
    for _ in range(1):  # one: a re-render of a million points takes Mapnik most of a minute
        image = mapnik.Image(1920, 1080)
        start = time.perf_counter()
        mapnik.render(m, image)
        times.append((time.perf_counter() - start) * 1000)
    print(f"RERENDER mapnik {statistics.median(times):.1f} min={min(times):.1f} max={max(times):.1f}", flush=True)


if __name__ == "__main__":
    main()
