#!/usr/bin/env bash
# Zonal-statistics benchmark (issue #13): 10,000 polygons (jittered 12-gons of ~100 x 100 pixels) over a
# 10,000 x 10,000 Int16 GeoTIFF (10 m pixels, EPSG:32640, DEFLATE, 256 x 256 tiles), made deterministically by
# make_zonal_data.py on first use in BUILD_DIR/bench-data. Prints gis's --timings and /usr/bin/time's figures
# (maxrss includes GDAL's block cache: set GDAL_CACHEMAX to bound it). Peers (QGIS) are the integrator's.
#
# Usage: tests/benchmarks/bench_zonalstatistics.sh [BUILD_DIR] [STATS]   (STATS default count,sum,mean,min,max,stddev)
set -euo pipefail
trap 'echo "bench_zonalstatistics.sh: line $LINENO failed: $BASH_COMMAND" >&2' ERR
build=$(cd "${1:-build}" && pwd)
stats=${2:-count,sum,mean,min,max,stddev}
here=$(cd "$(dirname "$0")" && pwd)
data="$build/bench-data/zonal"
mkdir -p "$data"
if [[ ! -f "$data/dem10k.tif" || ! -f "$data/zones.gpkg" ]]; then
  echo "generating the zonal data in $data (once)..."
  /usr/bin/python3 "$here/make_zonal_data.py" "$data"
  gdal_translate -q -a_srs EPSG:32640 -co COMPRESS=DEFLATE -co TILED=YES -co PREDICTOR=2 "$data/r.bil" "$data/dem10k.tif"
  ogr2ogr -a_srs EPSG:32640 -nln zones "$data/zones.gpkg" "$data/zones.csv" -oo GEOM_POSSIBLE_NAMES=WKT -oo KEEP_GEOM_COLUMNS=NO
  rm -f "$data/r.bil" "$data/r.hdr" "$data/zones.csv"
fi
work=$(mktemp -d /tmp/bench-zonal.XXXXXX)
trap 'rm -rf "$work"' EXIT
/usr/bin/time -f "wall %e s, user %U s, sys %S s, maxrss %M KB" \
  "$build/bin/gis" analyse zonal-statistics "$data/zones.gpkg" -o "$work/z.gpkg" --raster "$data/dem10k.tif" \
  --stats "$stats" --timings
