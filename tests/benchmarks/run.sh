#!/usr/bin/env bash
# Runs the benchmarks against deterministic data (made on first use in BUILD/bench-data) and the shared world
# layers. Usage: tests/benchmarks/run.sh BUILD_DIR
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
data="$build/bench-data"
mkdir -p "$data"
if [[ ! -f "$data/points-1m.gpkg" ]]; then
  echo "generating $data/points-1m.gpkg (1,000,000 points, fixed seed)..."
  "$build/bench/bench_load" generate "$data/points-1m.tmp.gpkg" 1000000
  mv "$data/points-1m.tmp.gpkg" "$data/points-1m.gpkg"
fi
echo "== load: $(nproc) cores, $(date -u +%Y-%m-%d)"
"$build/bench/bench_load" compare "$data/points-1m.gpkg" "$root/../shared/data/world/land.gpkg"
echo
echo "== join: gis join vs SpatiaLite, GeoPandas, PostGIS"
bash "$root/tests/benchmarks/bench_join.sh" "$build"
echo
echo "== render: gis vs Mapnik, QGIS"
bash "$root/tests/benchmarks/bench_render.sh" "$build"
echo
echo "== admin-style boundaries (issue 18): render vs Mapnik, QGIS; join 1M and 10M points vs SpatiaLite"
bash "$root/tests/benchmarks/bench_admin.sh" "$build"
echo
echo "== analysis: gis analyse vs GeoPandas, PostGIS, QGIS (dissolve, geodesic buffer, intersection, zonal statistics)"
bash "$root/tests/benchmarks/bench_analysis.sh" "$build"
echo
echo "== dsm change: difference and volumes over 10,000 x 10,000 DSM pixels vs numpy through GDAL (goal < 1 s)"
bash "$root/tests/benchmarks/bench_dsmchange.sh" "$build"
echo
echo "== edit: EditSession commits vs ogr2ogr -append, undo/redo, vertex drags, drag frames"
bash "$root/tests/benchmarks/bench_edit.sh" "$build"
echo
echo "== postgis: reading 1M points (GDAL, QGIS), a box of a 10M-point table (QGIS), join and render from PostGIS"
bash "$root/tests/benchmarks/bench_postgis.sh" "$build"
echo
echo "== serve: gis serve vs QGIS Server (OGC API - Features items, WMS GetMap, first byte)"
bash "$root/tests/benchmarks/bench_serve.sh" "$build" || echo "serve: failed (see above)"
echo
echo "== forms: opening a form of 100 fields, 20 value maps, 5 value relations (goal < 50 ms)"
"$build/bench/bench_form"
echo
echo "== raster tiles (issue 16): a 40,000 x 40,000 RGB JPEG-YCbCr COG, first screen and pan, vs QGIS"
bash "$root/tests/benchmarks/bench_rastertiles.sh" "$build" || echo "raster tiles: failed (see above)"
echo
echo "== kill tests: every write path killed with SIGKILL 200 times (make test runs 20)"
GIS_KILL_ROUNDS=200 QTEST_FUNCTION_TIMEOUT=7200000 QT_QPA_PLATFORM=offscreen "$build/tests/safety_tst_killwrites" 2>&1 | grep -E "runs killed|^(PASS|FAIL)|Totals"
GIS_KILL_ROUNDS=200 QTEST_FUNCTION_TIMEOUT=7200000 QT_QPA_PLATFORM=offscreen "$build/tests/safety_tst_killedits" 2>&1 | grep -E "runs killed|^(PASS|FAIL)|Totals"
GIS_KILL_ROUNDS=200 QTEST_FUNCTION_TIMEOUT=7200000 QT_QPA_PLATFORM=offscreen "$build/tests/safety_tst_killgisedit" 2>&1 | grep -E "runs killed|^(PASS|FAIL)|Totals"
