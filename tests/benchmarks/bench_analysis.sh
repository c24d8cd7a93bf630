#!/usr/bin/env bash
# Analysis benchmark (issue "analysis toolbox"): `gis analyse` beside GeoPandas, PostGIS and QGIS (processing's
# native algorithms) on the same files in one run, each peer's result checked against ours.
#
# Usage: tests/benchmarks/bench_analysis.sh [BUILD_DIR] [CASES] [PEERS]
#   CASES: comma-separated subset of dissolve,buffer,intersection,zonal (default: all)
#   PEERS: comma-separated subset of geopandas,postgis,qgis (default: all)
# Data is made on first use in BUILD_DIR/bench-data by deterministic generators.
# Columns: read = reading the inputs (for the databases: loading them, not counted); run = the algorithm alone, in
# memory (ours: run_ms of --timings); total = ours' whole command (read, run, write; best of three), the peers' read
# + run (they write nothing); ratio = the peer's total / ours' total, and run / run.
set -euo pipefail
trap 'echo "bench_analysis.sh: line $LINENO failed: $BASH_COMMAND" >&2' ERR
build=$(cd "${1:-build}" && pwd)
cases=${2:-dissolve,buffer,intersection,zonal}
peers=${3:-geopandas,postgis,qgis}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
data="$build/bench-data"
gis="$build/bin/gis"
python=/usr/bin/python3 # Debian's, with GDAL, GeoPandas and QGIS (not a virtualenv's)
mkdir -p "$data"
work=$(mktemp -d /tmp/bench-analysis.XXXXXX)
source "$here/pgserver.sh"
cleanup() {
  pg_stop
  rm -rf "$work"
}
trap cleanup EXIT
now() { echo "$EPOCHREALTIME"; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" <<<"$2"; }
failed=0
pg_ready=0
postgis() { # postgis SQL: runs SQL in the bench database, starting the server on first use
  if [[ $pg_ready == 0 ]]; then pg_start "$work" 55440 bench; pg_ready=1; fi
  psql "$pg dbname=bench" -qAt -F' ' -c "$1"
}
pgload() { # pgload PATH LAYER TABLE
  postgis "SELECT 1" >/dev/null
  ogr2ogr -f PostgreSQL "PG:$pg dbname=bench" "$1" "$2" -nln "$3" -lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=GIST -overwrite
  postgis "VACUUM ANALYZE $3" >/dev/null
}
# summary PATH LAYER [geodesic]: "features area" of an output (planar area in its CRS units; geodesic m² on WGS 84
# with "geodesic", through pyproj's Geod, an independent implementation of GeographicLib's area)
summary() {
  if [[ ${3:-} == geodesic ]]; then
    "$python" -c 'import sys, geopandas, pyproj
g = pyproj.Geod(ellps="WGS84"); f = geopandas.read_file(sys.argv[1], layer=sys.argv[2])
print(len(f), "%.6f" % sum(abs(g.geometry_area_perimeter(x)[0]) for x in f.geometry))' "$1" "$2"
    return
  fi
  ogrinfo -ro -q -dialect SQLite -sql "SELECT count(*) AS n, sum(ST_Area(geom)) AS a FROM \"$2\"" "$1" |
    awk -F'= ' '/ n \(/ { n = $2 } / a \(/ { a = $2 } END { printf "%d %.6f\n", n, a }'
}
# agree NAME OURS_AREA PEER_AREA TOLERANCE: the peer's total equals ours within TOLERANCE (relative)
agree() {
  if awk -v a="$2" -v b="$3" -v t="$4" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= t * (a < 0 ? -a : a)) }'; then
    echo "  $1: total $3, ours $2: equal within $4"
  else
    echo "MISMATCH: $1's total $3 differs from ours $2 by more than $4 (relative)" >&2
    failed=1
  fi
}
rows=()
# ours CASE LAYER SUMMARYMODE -- gis analyse args…: best of three; sets ours_total, ours_run, ours_n, ours_area
ours() {
  local case=$1 layer=$2 mode=$3
  shift 4
  ours_total=""
  for run in 1 2 3; do
    local t0 t1 total
    t0=$(now)
    "$gis" analyse "$@" -o "$work/$case.gpkg" --layer-name "$layer" --overwrite --timings 2>"$work/$case.err" ||
      { cat "$work/$case.err" >&2; return 1; }
    t1=$(now)
    total=$(elapsed "$t0" "$t1")
    if [[ -z "$ours_total" ]] || awk -v a="$total" -v b="$ours_total" 'BEGIN { exit !(a < b) }'; then
      ours_total=$total
      ours_run=$(awk -v m="$(field run_ms "$(tail -1 "$work/$case.err")")" 'BEGIN { printf "%.2f", m / 1000 }')
      ours_timings=$(tail -1 "$work/$case.err")
    fi
    rm -f "$work/$case.gpkg"
  done
  "$gis" analyse "$@" -o "$work/$case.gpkg" --layer-name "$layer" 2>/dev/null
  read -r ours_n ours_area < <(summary "$work/$case.gpkg" "$layer" "$mode")
  rows+=("$case|libgis (gis analyse)|-|$ours_run|$ours_total")
  echo "  ours: $ours_n features, total $ours_area; $ours_timings; peak RSS $(peak_rss "$@") MB"
}
peak_rss() { # the peak resident memory of one run, in MB
  /usr/bin/time -f "%M" -o "$work/rss" "$gis" analyse "$@" -o "$work/rss.gpkg" --overwrite >/dev/null 2>&1 || true
  awk '{ printf "%d", $1 / 1024 }' "$work/rss"
  rm -f "$work/rss.gpkg"
}
peer() { # peer CASE TOOL OUTPUT-LINE TOLERANCE: records a python peer's row and checks it
  local read run n area version
  read=$(field read_s "$3"); run=$(field run_s "$3"); n=$(field features "$3"); area=$(field area "$3")
  version=$(field version "$3" | tr '-' ' ')
  rows+=("$1|$version|$read|$run|$(awk -v a="$read" -v b="$run" 'BEGIN { printf "%.2f", a + b }')")
  agree "$version ($n features)" "$ours_area" "$area" "$4"
}

echo "== analysis: $(nproc) cores, $(date -u +%Y-%m-%d), cases $cases, peers $peers"

# --- dissolve: an admin-style coverage (shared fractal borders, invalid rings) by a group field -------------------
if [[ ,$cases, == *,dissolve,* ]]; then
  cov="$data/coverage.gpkg"
  [[ -f "$cov" ]] || "$python" "$here/make_coverage_data.py" "$cov"
  echo "-- dissolve $(ogrinfo -ro -so "$cov" cells | grep -m1 'Feature Count') polygons (shared wavy borders, 5 invalid rings) by group"
  # The data has invalid rings, as real boundaries do, so every tool repairs them first (GeoPandas stops with a
  # TopologyException otherwise): ours with --invalid repair, GeoPandas make_valid(), PostGIS ST_MakeValid, QGIS
  # native:fixgeometries — all inside the timed run. Repair methods differ on the invalid rings, hence 1e-4.
  ours dissolve dissolved "" -- dissolve "$cov" --layer cells --by group --invalid repair
  if [[ ,$peers, == *,geopandas,* ]]; then
    out=$("$python" "$here/bench_analysis_peers.py" geopandas dissolve "$cov" cells group 2>"$work/gp.err") &&
      peer dissolve geopandas "$out" 1e-4 || { echo "  GeoPandas dissolve failed: $(tail -1 "$work/gp.err")"; rows+=("dissolve|GeoPandas (failed: $(tail -1 "$work/gp.err" | cut -c1-40))|-|-|-"); }
  fi
  if [[ ,$peers, == *,postgis,* ]]; then
    t0=$(now); pgload "$cov" cells cells; t1=$(now)
    read -r n area < <(postgis "SELECT count(*), sum(ST_Area(g)) FROM (SELECT ST_Union(ST_MakeValid(geom)) AS g FROM cells GROUP BY \"group\") s")
    t2=$(now)
    rows+=("dissolve|PostGIS $(postgis "SELECT extversion FROM pg_extension WHERE extname = 'postgis'") ST_Union|$(elapsed "$t0" "$t1")|$(elapsed "$t1" "$t2")|$(elapsed "$t1" "$t2")")
    agree "PostGIS ($n features)" "$ours_area" "$area" 1e-4
  fi
  if [[ ,$peers, == *,qgis,* ]]; then
    out=$("$python" "$here/bench_analysis_peers.py" qgis dissolve "$cov" cells group 2>"$work/qg.err") &&
      peer dissolve qgis "$out" 1e-4 || { echo "  QGIS dissolve failed: $(tail -1 "$work/qg.err")"; }
  fi
fi

# --- buffer: 100,000 points in Ad Dakhiliyah (longitude/latitude), 500 m -------------------------------------------
if [[ ,$cases, == *,buffer,* ]]; then
  pts="$data/points-100k.gpkg"
  [[ -f "$pts" ]] || "$python" "$here/make_analysis_points.py" "$pts" 100000
  echo "-- buffer 100,000 points by 500 m (ours geodesic on lon/lat; GeoPandas and QGIS in UTM 40N; PostGIS geography)"
  ours buffer buffers geodesic -- buffer "$pts" --layer points --distance 500
  if [[ ,$peers, == *,geopandas,* ]]; then
    peer buffer geopandas "$("$python" "$here/bench_analysis_peers.py" geopandas buffer "$pts" points 500)" 5e-3
  fi
  if [[ ,$peers, == *,postgis,* ]]; then
    t0=$(now); pgload "$pts" points points; t1=$(now)
    read -r n area < <(postgis "SELECT count(*), sum(ST_Area(b)) FROM (SELECT ST_Buffer(geom::geography, 500) AS b FROM points) s")
    t2=$(now)
    rows+=("buffer|PostGIS ST_Buffer(geography)|$(elapsed "$t0" "$t1")|$(elapsed "$t1" "$t2")|$(elapsed "$t1" "$t2")")
    agree "PostGIS ($n features)" "$ours_area" "$area" 5e-3
  fi
  if [[ ,$peers, == *,qgis,* ]]; then
    peer buffer qgis "$("$python" "$here/bench_analysis_peers.py" qgis buffer "$pts" points 500)" 5e-3
  fi
fi

# --- intersection: ~50,000 parcels × ~5,000 zones (UTM 40N) ---------------------------------------------------------
if [[ ,$cases, == *,intersection,* ]]; then
  parcels="$data/overlay/parcels.gpkg"; zones="$data/overlay/zones.gpkg"
  [[ -f "$parcels" && -f "$zones" ]] || "$python" "$here/make_overlay_data.py" "$data/overlay"
  echo "-- intersection $(ogrinfo -ro -so "$parcels" parcels | grep -m1 'Feature Count') parcels ×" \
    "$(ogrinfo -ro -so "$zones" zones | grep -m1 'Feature Count') zones"
  ours intersection pieces "" -- intersection "$parcels" --layer parcels --overlay "$zones" --overlay-layer zones
  if [[ ,$peers, == *,geopandas,* ]]; then
    peer intersection geopandas "$("$python" "$here/bench_analysis_peers.py" geopandas intersection "$parcels" parcels "$zones" zones)" 1e-6
  fi
  if [[ ,$peers, == *,postgis,* ]]; then
    t0=$(now); pgload "$parcels" parcels parcels; pgload "$zones" zones zones; t1=$(now)
    read -r n area < <(postgis "SELECT count(*), sum(ST_Area(g)) FROM (SELECT ST_CollectionExtract(ST_Intersection(p.geom, z.geom), 3) AS g
      FROM parcels p JOIN zones z ON p.geom && z.geom AND ST_Intersects(p.geom, z.geom)) s WHERE NOT ST_IsEmpty(g)")
    t2=$(now)
    rows+=("intersection|PostGIS ST_Intersection|$(elapsed "$t0" "$t1")|$(elapsed "$t1" "$t2")|$(elapsed "$t1" "$t2")")
    agree "PostGIS ($n features)" "$ours_area" "$area" 1e-6
  fi
  if [[ ,$peers, == *,qgis,* ]]; then
    peer intersection qgis "$("$python" "$here/bench_analysis_peers.py" qgis intersection "$parcels" parcels "$zones" zones)" 1e-6
  fi
fi

# --- zonal statistics: 10,000 polygons over a 10,000 × 10,000 raster ----------------------------------------------
if [[ ,$cases, == *,zonal,* ]]; then
  zpoly="$data/zonal-polygons.gpkg"; zras="$data/zonal-raster.tif"
  [[ -f "$zpoly" && -f "$zras" ]] || "$python" "$here/make_zonal_data.py" "$data"
  echo "-- zonal statistics (mean) of 10,000 polygons over a 10,000 × 10,000 raster"
  t0=$(now)
  "$gis" analyse zonal-statistics "$zpoly" --layer polygons -o "$work/zonal.gpkg" --layer-name polygons --raster "$zras" --stats mean --timings 2>"$work/zonal.err"
  t1=$(now)
  ours_total=$(elapsed "$t0" "$t1")
  ours_run=$(awk -v m="$(field run_ms "$(tail -1 "$work/zonal.err")")" 'BEGIN { printf "%.2f", m / 1000 }')
  ours_area=$(ogrinfo -ro -q -dialect SQLite -sql "SELECT sum(mean) AS a FROM polygons" "$work/zonal.gpkg" | awk -F'= ' '/ a \(/ { print $2 }')
  rows+=("zonal|libgis (gis analyse)|-|$ours_run|$ours_total")
  echo "  ours: sum of means $ours_area; $(tail -1 "$work/zonal.err")"
  if [[ ,$peers, == *,qgis,* ]]; then
    peer zonal qgis "$("$python" "$here/bench_analysis_peers.py" qgis zonal "$zpoly" polygons "$zras")" 1e-2
  fi
fi

echo
printf '%-13s %-36s %8s %8s %8s %8s %8s\n' case tool "read s" "run s" "total s" "ratio" "run ratio"
declare -A base_total base_run
for row in "${rows[@]}"; do
  IFS='|' read -r c tool rd rn total <<<"$row"
  if [[ $tool == libgis* ]]; then base_total[$c]=$total; base_run[$c]=$rn; fi
  printf '%-13s %-36s %8s %8s %8s %7sx %7sx\n' "$c" "$tool" "$rd" "$rn" "$total" \
    "$(awk -v t="$total" -v o="${base_total[$c]}" 'BEGIN { if (t == "-" || o == 0) print "-"; else printf "%.1f", t / o }')" \
    "$(awk -v t="$rn" -v o="${base_run[$c]}" 'BEGIN { if (t == "-" || o == 0) print "-"; else printf "%.1f", t / o }')"
done
exit $failed
