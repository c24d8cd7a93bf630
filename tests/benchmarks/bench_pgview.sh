#!/usr/bin/env bash
# Big PostGIS tables in the viewer (issue 14 §2 and §6; docs/postgis.md "Big tables in the viewer"): on a
# 10,000,000-point table, the time from a pan to the first rows of the new view on the GUI thread, through the
# viewer's own PgViewLoader (bench_pgview: worker thread, DataSource filterBox read, cache), and panning back (cache).
#
# Usage: tests/benchmarks/bench_pgview.sh [BUILD_DIR] [ROWS]     (ROWS default 10000000)
# Data: generated inside a throwaway server with SQL as bench_postgis.sh does (a Weyl sequence of the row number for
# the position; one point in five in Ad Dakhiliyah), a GIST index and ANALYZE — not timed. bench_pgview runs 3 times,
# each with 15 pans to new views (0.05° × 0.03° around Nizwa, moved east); the median of each run's median is
# reported, the first view's rows checked against psql's count.
set -euo pipefail
trap 'echo "bench_pgview.sh: line $LINENO failed: $BASH_COMMAND" >&2' ERR
build=$(cd "${1:-build}" && pwd)
rows=${2:-10000000}
here=$(cd "$(dirname "$0")" && pwd)
bench="$build/bench/bench_pgview"
[[ -x $bench ]] || { echo "bench_pgview.sh: build it first: cmake --build $build --target bench_pgview" >&2; exit 2; }
export QT_QPA_PLATFORM=offscreen
work=$(mktemp -d /tmp/bench-pgview.XXXXXX)
chmod 755 "$work"
source "$here/pgserver.sh"
cleanup() {
  pg_stop
  rm -rf "$work"
}
trap cleanup EXIT
field() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"; }

echo "== pgview: $(nproc) cores, $(date -u +%Y-%m-%d), $rows points, load average $(cut -d' ' -f1-3 /proc/loadavg)"
pg_start "$work" 55443 bench
conn="$pg dbname=bench"
echo "-- generating $rows points (not timed)..."
psql "$conn" -qAt -v ON_ERROR_STOP=1 <<SQL
CREATE TABLE pts (id bigint PRIMARY KEY, kind integer, score real, name text, geom geometry(Point, 4326));
INSERT INTO pts
SELECT i, (h % 50)::int, (h % 100000) / 100.0, 'نقطة رقم ' || i,
       CASE WHEN i % 5 = 0
            THEN ST_SetSRID(ST_MakePoint(56.5 + 2.0 * fx, 22.3 + 1.2 * fy), 4326)
            ELSE ST_SetSRID(ST_MakePoint(52.0 + 7.8 * fx, 16.7 + 9.7 * fy), 4326) END
FROM (SELECT i, (i * 2654435761) % 4294967296 AS h,
             (i * 0.7548776662466927) - floor(i * 0.7548776662466927) AS fx,
             (i * 0.5698402909980532) - floor(i * 0.5698402909980532) AS fy
      FROM generate_series(1::bigint, $rows::bigint) AS i) s;
CREATE INDEX pts_geom ON pts USING gist (geom);
VACUUM ANALYZE pts;
SQL
box=(57.505 22.915 57.555 22.945) # 0.05° × 0.03° around Nizwa
expected=$(psql "$conn" -qAt -c "SELECT count(*) FROM pts WHERE geom && ST_MakeEnvelope(${box[0]}, ${box[1]}, ${box[2]}, ${box[3]}, 4326)")
echo "  \$ $bench \"$conn\" public.pts ${box[*]} 15"
lines=()
for run in 1 2 3; do
  line=$("$bench" "$conn" public.pts "${box[@]}" 15)
  echo "  $line"
  [[ $(field view_features "$line") == "$expected" ]] ||
    { echo "MISMATCH: the first view held $(field view_features "$line") rows, psql counts $expected" >&2; exit 1; }
  [[ $(field back_queries "$line") == 0 ]] || { echo "MISMATCH: panning back sent a query" >&2; exit 1; }
  lines+=("$line")
done
med() { for l in "${lines[@]}"; do field "$1" "$l"; done | sort -g | sed -n 2p; }
echo "pgview: pan → first rows median $(med pan_first_ms) ms, → view and margin $(med pan_margin_ms) ms," \
  "pan back (cache) $(med back_ms) ms, adding the layer $(med open_ms) ms ($expected rows in the first view)"
