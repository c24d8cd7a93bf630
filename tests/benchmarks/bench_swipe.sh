#!/bin/sh
# The swipe between two drone flights (issue #16 §5): two WIDTH x WIDTH RGB COGs (default 40,000, the issue's size;
# JPEG YCbCr with overviews, as the drone orthophotos are), a drone_flights GeoPackage naming them, and
# bench_swipe timing a drag step of the divider on a 1920x1080 canvas.
#   tests/benchmarks/bench_swipe.sh [BUILD_DIR] [WIDTH]
set -eu
BUILD=${1:-build}
WIDTH=${2:-40000}
OUT=${BENCH_DIR:-/tmp/bench_swipe_$WIDTH}
mkdir -p "$OUT/site/drone"
cmake --build "$BUILD" --target bench_swipe >/dev/null
# 0.10 m/pixel around the synthetic site near Nizwa (EPSG:32640).
X0=590000; Y1=2530000
SIDE=$((WIDTH / 10))
make_flight() { # date r g b
  tif="$OUT/site/drone/site_$1_ortho.tif"
  [ -f "$tif" ] && return 0
  gdal_create -of GTiff -outsize "$WIDTH" "$WIDTH" -bands 3 -ot Byte -burn "$2" -burn "$3" -burn "$4" \
    -a_srs EPSG:32640 -a_ullr $X0 $((Y1 + SIDE)) $((X0 + SIDE)) $Y1 \
    -co TILED=YES -co COMPRESS=DEFLATE -co BIGTIFF=YES "$OUT/tmp.tif"
  gdal_translate -q -of COG -co COMPRESS=JPEG -co BIGTIFF=YES "$OUT/tmp.tif" "$tif"
  rm -f "$OUT/tmp.tif"
}
make_flight 2026-09-15 150 150 150
make_flight 2026-10-15 100 160 100
cat > "$OUT/flights.geojson" <<JSON
{"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"flight_id":"F-B-2026-09-15","project_id":"B","flight_date":"2026-09-15","ortho_path":"drone/site_2026-09-15_ortho.tif"},"geometry":{"type":"Point","coordinates":[$X0,$Y1]}},
 {"type":"Feature","properties":{"flight_id":"F-B-2026-10-15","project_id":"B","flight_date":"2026-10-15","ortho_path":"drone/site_2026-10-15_ortho.tif"},"geometry":{"type":"Point","coordinates":[$X0,$Y1]}}]}
JSON
rm -f "$OUT/site/flights.gpkg"
ogr2ogr -f GPKG "$OUT/site/flights.gpkg" "$OUT/flights.geojson" -nln drone_flights -a_srs EPSG:32640
cat > "$OUT/project.json" <<JSON
{"version":1,"title":"Swipe benchmark","crs":"EPSG:32640","layers":[
 {"name":"drone_flights","source":"site/flights.gpkg","layer":"drone_flights","visible":false}]}
JSON
QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} "$BUILD/bench/bench_swipe" "$OUT/project.json"
