#!/usr/bin/env bash
# Spatial-join benchmark (issue "query engine"): 1,000,000 random points against 4,677 land polygons cut into
# 10-degree cells with 1.27 million vertices, points within polygons counted per cell_id. libgis's `gis join`
# beside SpatiaLite (SQL with its spatial index), GeoPandas (sjoin) and PostGIS (GiST indexes), in one run.
# Every peer's per-cell counts must equal ours.
#
# Usage: tests/benchmarks/bench_join.sh [BUILD_DIR] [PEERS]
#   PEERS: comma-separated subset of spatialite,geopandas,postgis (default: all three).
# Data is made on first use in BUILD_DIR/bench-data by make_join_data.py (deterministic).
# Columns: prep = loading into the peer's database (not counted); read = reading both layers into memory;
# join = the join and the grouping alone; total = wall time of the command for ours (best of three runs),
# read + join for GeoPandas, the whole SQL query for the databases (which read as they join). ratio = total / ours.
set -euo pipefail
trap 'echo "bench_join.sh: line $LINENO failed: $BASH_COMMAND" >&2' ERR
build=$(cd "${1:-build}" && pwd)
peers=${2:-spatialite,geopandas,postgis}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
data="$build/bench-data"
gis="$build/bin/gis"
python=/usr/bin/python3 # Debian's, with GDAL and GeoPandas (not a virtualenv's)
points="$data/join-points.gpkg"
polygons="$data/join-polygons.gpkg"

if [[ ! -f "$points" || ! -f "$polygons" ]]; then
  echo "generating the join data in $data (once)..."
  "$python" "$here/make_join_data.py" "$root/../shared/data/world/land.gpkg" "$data"
fi

work=$(mktemp -d /tmp/bench-join.XXXXXX)
source "$here/pgserver.sh"
cleanup() {
  pg_stop
  rm -rf "$work"
}
trap cleanup EXIT

now() { echo "$EPOCHREALTIME"; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

rows=()    # "tool|prep|read|join|total"
failed=0
# check NAME FILE: FILE holds "cell_id,count" rows in any order; compares with ours.
check() {
  LC_ALL=C sort "$2" >"$work/$1.sorted"
  if ! diff -q "$work/ours.sorted" "$work/$1.sorted" >/dev/null; then
    echo "MISMATCH: $1's per-cell counts differ from ours (first differences):" >&2
    diff "$work/ours.sorted" "$work/$1.sorted" | head -10 >&2
    failed=1
  else
    echo "  $1: $(wc -l <"$work/$1.sorted") cells, identical counts"
  fi
}

echo "== join: $(nproc) cores, $(date -u +%Y-%m-%d), $(ogrinfo -ro -so "$points" points | grep -m1 'Feature Count') points," \
  "$(ogrinfo -ro -so "$polygons" polygons | grep -m1 'Feature Count') polygons"

# --- ours -----------------------------------------------------------------------------------------------------
# Best of three: a run of a second or two is easily disturbed by anything else on the machine; the peers run
# long enough to average such noise out.
ours_total=""
for run in 1 2 3; do
  t0=$(now)
  "$gis" join "$points" "$polygons" --predicate within --group-by cell_id --timings -o "$work/ours.csv" --overwrite 2>"$work/ours.err"
  t1=$(now)
  total=$(elapsed "$t0" "$t1")
  if [[ -z "$ours_total" ]] || awk -v a="$total" -v b="$ours_total" 'BEGIN { exit !(a < b) }'; then
    ours_total=$total
    timings=$(tail -1 "$work/ours.err")
  fi
done
tail -n +2 "$work/ours.csv" | LC_ALL=C sort >"$work/ours.sorted"
read_ms=$(sed -n 's/.*load_ms=\([0-9]*\).*index_ms=\([0-9]*\).*/\1 \2/p' <<<"$timings" | awk '{ print $1 + $2 }')
join_ms=$(sed -n 's/.*query_ms=\([0-9]*\).*/\1/p' <<<"$timings")
rows+=("libgis (gis join)|-|$(awk -v m="$read_ms" 'BEGIN { printf "%.2f", m / 1000 }')|$(awk -v m="$join_ms" 'BEGIN { printf "%.2f", m / 1000 }')|$ours_total")
echo "  ours: $(wc -l <"$work/ours.sorted") cells, $(awk -F, '{ n += $2 } END { print n }' "$work/ours.sorted") points matched; $timings"

# --- SpatiaLite -----------------------------------------------------------------------------------------------
if [[ ,$peers, == *,spatialite,* ]]; then
  t0=$(now)
  ogr2ogr -f SQLite -dsco SPATIALITE=YES "$work/join.sqlite" "$points" points -nln points -lco GEOMETRY_NAME=geom
  ogr2ogr -f SQLite -update "$work/join.sqlite" "$polygons" polygons -nln polygons -lco GEOMETRY_NAME=geom
  t1=$(now)
  # The spatial index prefilters candidates by each polygon's box; ST_Within decides.
  spatialite -batch -bail "$work/join.sqlite" \
    "SELECT p.cell_id, COUNT(*) FROM polygons AS p, points AS pt
     WHERE pt.ROWID IN (SELECT ROWID FROM SpatialIndex
                        WHERE f_table_name = 'points' AND f_geometry_column = 'geom' AND search_frame = p.geom)
       AND ST_Within(pt.geom, p.geom)
     GROUP BY p.cell_id;" | tr '|' ',' >"$work/spatialite.csv"
  t2=$(now)
  sl_version=$(spatialite -batch "$work/join.sqlite" "SELECT spatialite_version();" 2>/dev/null)
  rows+=("SpatiaLite $sl_version|$(elapsed "$t0" "$t1")|-|-|$(elapsed "$t1" "$t2")")
  check spatialite "$work/spatialite.csv"
fi

# --- GeoPandas ------------------------------------------------------------------------------------------------
if [[ ,$peers, == *,geopandas,* ]]; then
  t0=$(now)
  out=$("$python" "$here/bench_join_geopandas.py" "$points" "$polygons" "$work/geopandas.csv")
  t1=$(now)
  gp_read=$(sed -n 's/.*read_s=\([0-9.]*\).*/\1/p' <<<"$out")
  gp_join=$(sed -n 's/.*join_s=\([0-9.]*\).*/\1/p' <<<"$out")
  gp_version=$(sed -n 's/.*version=\([^ ]*\).*/\1/p' <<<"$out")
  rows+=("GeoPandas $gp_version sjoin|-|$(printf %.2f "$gp_read")|$(printf %.2f "$gp_join")|$(awk -v a="$gp_read" -v b="$gp_join" 'BEGIN { printf "%.2f", a + b }')")
  check geopandas "$work/geopandas.csv"
fi

# --- PostGIS --------------------------------------------------------------------------------------------------
if [[ ,$peers, == *,postgis,* ]]; then
  pg_start "$work" 55439 bench # not PostgreSQL's default port: a throwaway cluster beside any real one
  t0=$(now)
  ogr2ogr -f PostgreSQL "PG:$pg dbname=bench" "$points" points -nln points -lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=GIST
  ogr2ogr -f PostgreSQL "PG:$pg dbname=bench" "$polygons" polygons -nln polygons -lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=GIST
  psql "$pg dbname=bench" -qAt -c "VACUUM ANALYZE points" -c "VACUUM ANALYZE polygons" >/dev/null
  t1=$(now)
  psql "$pg dbname=bench" -qAt -F, -c \
    "SELECT p.cell_id, count(*) FROM polygons p JOIN points pt ON ST_Within(pt.geom, p.geom) GROUP BY p.cell_id" \
    >"$work/postgis.csv"
  t2=$(now)
  pg_version=$(psql "$pg dbname=bench" -qAt -c "SELECT 'PostGIS ' || extversion FROM pg_extension WHERE extname = 'postgis'")
  rows+=("$pg_version (PostgreSQL 15)|$(elapsed "$t0" "$t1")|-|-|$(elapsed "$t1" "$t2")")
  check postgis "$work/postgis.csv"
fi

echo
printf '%-34s %8s %8s %8s %8s %8s\n' tool "prep s" "read s" "join s" "total s" ratio
for row in "${rows[@]}"; do
  IFS='|' read -r tool prep rd jn total <<<"$row"
  printf '%-34s %8s %8s %8s %8s %7sx\n' "$tool" "$prep" "$rd" "$jn" "$total" \
    "$(awk -v t="$total" -v o="$ours_total" 'BEGIN { printf "%.1f", t / o }')"
done
exit $failed
