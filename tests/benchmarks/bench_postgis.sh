#!/usr/bin/env bash
# PostGIS benchmark (issue 14 §6): libgis's PostGIS reader beside GDAL's PostgreSQL driver and QGIS's PostGIS
# provider (python3-gdal, python3-qgis, headless), reading the same tables of one throwaway server in the same run.
#
# Usage: tests/benchmarks/bench_postgis.sh [BUILD_DIR] [CASES]
#   CASES: comma-separated subset of read1m,bbox10m,joinrender (default: all)
#   read1m     read all of a 1,000,000-point table (5 attributes): bench_pgread vs GDAL's feature loop (python and
#              ogr2ogr -f Memory) vs QGIS's getFeatures(). Target: ours ≥ 3× faster than the best peer.
#   bbox10m    a 0.05° × 0.03° box around Nizwa on a 10,000,000-point table (GIST index): time to the first
#              feature and to all of them, ours (readLayer with ReadOptions::filterBox; then the next box east
#              through the same DataSource, as a viewer's next fetch) vs QGIS's setFilterRect. Target: first
#              features < 50 ms.
#   joinrender gis join (the points in the sample wilayat) and gis render of a project, with the layers in PostGIS
#              and in a GeoPackage: identical outputs, both timed.
# Data: generated inside the server with SQL (no random(): a Weyl/R2 sequence of the row number for the position,
# a multiplicative hash for the values; one point in five falls in Ad Dakhiliyah, the rest over Oman), then a primary
# key, a GIST index and ANALYZE — none of it timed. Every timed command runs 3 times; the median is reported, with
# ours' peak memory (max RSS, /usr/bin/time -v). Each command is printed before it runs.
set -euo pipefail
trap 'echo "bench_postgis.sh: line $LINENO failed: $BASH_COMMAND" >&2' ERR
build=$(cd "${1:-build}" && pwd)
cases=${2:-read1m,bbox10m,joinrender}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
gis="$build/bin/gis"
pgread="$build/bench/bench_pgread"
python=/usr/bin/python3 # Debian's, with GDAL and QGIS (not a virtualenv's)
peers="$here/bench_postgis_peers.py"
export QT_QPA_PLATFORM=offscreen PYTHONDONTWRITEBYTECODE=1
work=$(mktemp -d /tmp/bench-postgis.XXXXXX)
chmod 755 "$work"
source "$here/pgserver.sh"
cleanup() {
  pg_stop
  rm -rf "$work"
}
trap cleanup EXIT
field() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"; }
median() { printf '%s\n' "$@" | sort -g | sed -n 2p; } # of three
show() { echo "  \$ $*" >&2; }
rows=() # "case|tool|open s|first s|all s|max RSS MB"
failed=0

# make_points TABLE N: N points over Oman, 5 attributes, id key, GIST index, analysed.
make_points() {
  psql "$pg dbname=bench" -qAt -v ON_ERROR_STOP=1 <<SQL
CREATE TABLE $1 (id bigint PRIMARY KEY, kind integer, score real, name text, wilayah text, surveyed date,
                 geom geometry(Point, 4326));
INSERT INTO $1
SELECT i, (h % 50)::int, (h % 100000) / 100.0, 'نقطة رقم ' || i,
       (ARRAY['نزوى', 'بهلا', 'منح', 'الحمراء', 'أدم', 'إزكي', 'سمائل', 'بدبد', 'الجبل الأخضر'])[1 + (h % 9)::int],
       date '2020-01-01' + (h % 2000)::int,
       CASE WHEN i % 5 = 0
            THEN ST_SetSRID(ST_MakePoint(56.5 + 2.0 * fx, 22.3 + 1.2 * fy), 4326)   -- Ad Dakhiliyah
            ELSE ST_SetSRID(ST_MakePoint(52.0 + 7.8 * fx, 16.7 + 9.7 * fy), 4326) END -- Oman's extent
FROM (SELECT i, (i * 2654435761) % 4294967296 AS h,
             (i * 0.7548776662466927) - floor(i * 0.7548776662466927) AS fx,
             (i * 0.5698402909980532) - floor(i * 0.5698402909980532) AS fy
      FROM generate_series(1::bigint, $2::bigint) AS i) s;
CREATE INDEX ${1}_geom ON $1 USING gist (geom);
VACUUM ANALYZE $1;
SQL
}

echo "== postgis: $(nproc) cores, $(date -u +%Y-%m-%d), cases $cases, load average $(cut -d' ' -f1-3 /proc/loadavg)"
pg_start "$work" 55441 bench # not PostgreSQL's default port: a throwaway cluster beside any real one
conn="$pg dbname=bench"
pgversion=$(psql "$conn" -qAt -c "SELECT 'PostgreSQL ' || current_setting('server_version') || ', PostGIS ' || extversion FROM pg_extension WHERE extname = 'postgis'")
echo "  server: $pgversion on 127.0.0.1 (loopback TCP; every client the same)"

# ours_runs CASE LABEL CMD…: runs CMD 3 times under /usr/bin/time -v; sets ours_lines (the 3 outputs) and ours_rss
ours_runs() {
  shift 2
  show "$@"
  ours_lines=()
  local rss=()
  for run in 1 2 3; do
    ours_lines+=("$(/usr/bin/time -v -o "$work/time" "$@" 2>"$work/ours.err" | tail -1)") ||
      { cat "$work/ours.err" >&2; return 1; }
    rss+=("$(awk -F': ' '/Maximum resident/ { printf "%d", $2 / 1024 }' "$work/time")")
  done
  ours_rss=$(median "${rss[@]}")
}
# col KEY: the median of KEY over ours_lines (or peer_lines)
col() { local v=(); for l in "${@:2}"; do v+=("$(field "$1" "$l")"); done; median "${v[@]}"; }
ms2s() { awk -v m="$1" 'BEGIN { printf "%.3f", m / 1000 }'; }

# --- read1m ---------------------------------------------------------------------------------------------------
if [[ ,$cases, == *,read1m,* ]]; then
  echo "-- read1m: generating 1,000,000 points (not timed)..."
  make_points pts1m 1000000
  echo "-- read1m: read every feature of public.pts1m, touching its geometry and 5 fields"
  ours_runs read1m ours "$pgread" read "$conn" public.pts1m
  n=$(field features "${ours_lines[0]}")
  ours_all=$(ms2s "$(awk -v a="$(col read_ms "${ours_lines[@]}")" -v b="$(col touch_ms "${ours_lines[@]}")" 'BEGIN { print a + b }')")
  rows+=("read1m|libgis (bench_pgread)|$(ms2s "$(col open_ms "${ours_lines[@]}")")|-|$ours_all|$ours_rss")
  echo "  ours: $n features; ${ours_lines[0]}"
  ours_sum=$(field sum_x "${ours_lines[0]}")
  best=""
  # peer_runs WHAT CMD…: 3 runs; records the row ("<version> WHAT"), checks count and sum of x against ours
  peer_runs() {
    local label=$1 lines=() out
    shift
    show "$@"
    for run in 1 2 3; do
      out=$("$@" 2>"$work/peer.err" | tail -1) || { echo "  $1 $3 failed: $(tail -3 "$work/peer.err")"; return 0; }
      lines+=("$out")
    done
    local all open
    open=$(col open_s "${lines[@]}"); all=$(col read_s "${lines[@]}")
    label="$(field version "${lines[0]}" | tr '-' ' ') $label"
    rows+=("read1m|$label|$open|-|$all|-")
    if [[ $(field features "${lines[0]}") != "$n" ]] || ! awk -v a="$(field sum_x "${lines[0]}")" -v b="$ours_sum" \
      'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 1e-6 * b) }'; then
      echo "MISMATCH: $label read ${lines[0]}; ours $n features, sum_x=$ours_sum" >&2
      failed=1
    else
      echo "  $label: $n features, same sum of x as ours"
    fi
    if [[ -z "$best" ]] || awk -v a="$all" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$all; fi
  }
  peer_runs "Python feature loop" "$python" "$peers" gdal "$conn" pts1m
  # GDAL's own C++ loop, without Python: every feature read into a Memory dataset (nothing written to disk).
  show ogr2ogr -f Memory /dev/null "PG:$conn" pts1m
  times=()
  for run in 1 2 3; do
    t0=$EPOCHREALTIME
    ogr2ogr -f Memory /dev/null "PG:$conn tables=pts1m" pts1m
    times+=("$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }')")
  done
  rows+=("read1m|GDAL $(gdal-config --version) ogr2ogr -f Memory|-|-|$(median "${times[@]}")|-")
  if awk -v a="$(median "${times[@]}")" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$(median "${times[@]}"); fi
  peer_runs "PostGIS provider" "$python" "$peers" qgis "$conn" pts1m
  echo "  read1m: ours $ours_all s, best peer $best s: $(awk -v a="$best" -v b="$ours_all" 'BEGIN { printf "%.1f", a / b }')× faster (target ≥ 3×)"
fi

# --- bbox10m --------------------------------------------------------------------------------------------------
if [[ ,$cases, == *,bbox10m,* ]]; then
  echo "-- bbox10m: generating 10,000,000 points (not timed)..."
  make_points pts10m 10000000
  box=(57.505 22.915 57.555 22.945) # 0.05° × 0.03° around Nizwa
  expected=$(psql "$conn" -qAt -c "SELECT count(*) FROM pts10m WHERE geom && ST_MakeEnvelope(${box[0]}, ${box[1]}, ${box[2]}, ${box[3]}, 4326)")
  echo "-- bbox10m: the ${box[*]} box on public.pts10m: $expected points (psql)"
  ours_runs bbox10m ours "$pgread" bbox "$conn" public.pts10m "${box[@]}"
  [[ $(field features "${ours_lines[0]}") == "$expected" ]] ||
    { echo "MISMATCH: ours read $(field features "${ours_lines[0]}") points in the box, psql counts $expected" >&2; failed=1; }
  first=$(ms2s "$(col read_ms "${ours_lines[@]}")")
  rows+=("bbox10m|libgis (bench_pgread)|$(ms2s "$(col open_ms "${ours_lines[@]}")")|$first|$first|$ours_rss")
  pan=$(ms2s "$(col pan_ms "${ours_lines[@]}")")
  rows+=("bbox10m|libgis, the next box (a pan, same connection)|-|$pan|$pan|-")
  pan_expected=$(psql "$conn" -qAt -c "SELECT count(*) FROM pts10m WHERE geom && ST_MakeEnvelope(${box[2]}, ${box[1]}, ${box[2]} + (${box[2]} - ${box[0]}), ${box[3]}, 4326)")
  [[ $(field pan_features "${ours_lines[0]}") == "$pan_expected" ]] ||
    { echo "MISMATCH: ours read $(field pan_features "${ours_lines[0]}") points in the next box, psql counts $pan_expected" >&2; failed=1; }
  echo "  ours: ${ours_lines[0]}"
  show "$python" "$peers" qgis-bbox "$conn" pts10m "${box[@]}"
  lines=()
  for run in 1 2 3; do lines+=("$("$python" "$peers" qgis-bbox "$conn" pts10m "${box[@]}" 2>"$work/peer.err" | tail -1)"); done
  [[ $(field features "${lines[0]}") == "$expected" ]] ||
    { echo "MISMATCH: QGIS read $(field features "${lines[0]}") points in the box, psql counts $expected" >&2; failed=1; }
  rows+=("bbox10m|$(field version "${lines[0]}" | tr '-' ' ') setFilterRect|$(col open_s "${lines[@]}")|$(col first_s "${lines[@]}")|$(col all_s "${lines[@]}")|-")
  echo "  QGIS: ${lines[0]}"
  echo "  bbox10m: ours' first features after $(awk -v s="$first" 'BEGIN { printf "%.1f", s * 1000 }') ms, after a pan $(awk -v s="$pan" 'BEGIN { printf "%.1f", s * 1000 }') ms (target < 50 ms)"
fi

# --- joinrender -----------------------------------------------------------------------------------------------
if [[ ,$cases, == *,joinrender,* ]]; then
  psql "$conn" -qAt -c "SELECT to_regclass('pts1m') IS NOT NULL" | grep -q t || make_points pts1m 1000000
  echo "-- joinrender: the same 1,000,000 points and the 9 sample wilayat in PostGIS and in a GeoPackage (copies not timed)"
  ogr2ogr -f PostgreSQL "PG:$conn" "$root/data/dakhiliyah.gpkg" wilayat -nln wilayat -lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=GIST
  psql "$conn" -qAt -c "VACUUM ANALYZE wilayat" >/dev/null
  ogr2ogr -f GPKG "$work/bench.gpkg" "PG:$conn tables=pts1m" pts1m -nln pts1m
  ogr2ogr -f GPKG -update "$work/bench.gpkg" "$root/data/dakhiliyah.gpkg" wilayat
  printf '[benchpg]\n%s\n' "$(tr ' ' '\n' <<<"$conn")" >"$work/pg_service.conf"
  export PGSERVICEFILE="$work/pg_service.conf"
  # join_runs NAME POINTS POLYGONS EXTRA…: 3 runs of gis join; the median wall time and RSS
  timed3() { # timed3 OUTVAR CMD…: median wall seconds and median max RSS (MB) of 3 runs → "$s $rss"
    local var=$1 t=() r=()
    shift
    show "$@"
    for run in 1 2 3; do
      /usr/bin/time -v -o "$work/time" "$@" >/dev/null 2>"$work/cmd.err" || { cat "$work/cmd.err" >&2; return 1; }
      t+=("$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.3f", s }' "$work/time")")
      r+=("$(awk -F': ' '/Maximum resident/ { printf "%d", $2 / 1024 }' "$work/time")")
    done
    printf -v "$var" '%s %s' "$(median "${t[@]}")" "$(median "${r[@]}")"
  }
  timed3 jpg "$gis" join "PG:service=benchpg" "PG:service=benchpg" --points-layer public.pts1m --polygons-layer public.wilayat \
    --predicate within --group-by name_en -o "$work/join-pg.csv" --overwrite
  timed3 jgp "$gis" join "$work/bench.gpkg" "$work/bench.gpkg" --points-layer pts1m --polygons-layer wilayat \
    --predicate within --group-by name_en -o "$work/join-gpkg.csv" --overwrite
  if cmp -s "$work/join-pg.csv" "$work/join-gpkg.csv"; then
    echo "  join: identical CSV ($(tail -n +2 "$work/join-pg.csv" | awk -F, '{ n += $2 } END { print n }') points in $(($(wc -l <"$work/join-pg.csv") - 1)) wilayat)"
  else
    echo "MISMATCH: gis join differs between PostGIS and GeoPackage:" >&2
    diff "$work/join-pg.csv" "$work/join-gpkg.csv" | head >&2
    failed=1
  fi
  read -r s rss <<<"$jpg"; rows+=("joinrender|gis join, PostGIS layers|-|-|$s|$rss")
  read -r s rss <<<"$jgp"; rows+=("joinrender|gis join, GeoPackage layers|-|-|$s|$rss")
  for kind in pg gpkg; do
    if [[ $kind == pg ]]; then src='"source": "PG:service=benchpg", "layer": "public.'; else src='"source": "bench.gpkg", "layer": "'; fi
    cat >"$work/project-$kind.json" <<JSON
{"version": 1, "name": "PostGIS benchmark", "crs": "EPSG:4326", "extent": [52.0, 16.7, 59.8, 26.4],
 "layers": [
  {"name": "points", ${src}pts1m", "style": {"renderer": {"type": "single", "symbol": {"marker": "circle", "size": 2, "fill": "#d62728"}}}},
  {"name": "wilayat", ${src}wilayat", "style": {"renderer": {"type": "single", "symbol": {"fill": "none", "stroke": {"color": "#6a3d9a", "width": 1.2}}}}}
 ]}
JSON
  done
  timed3 rpg "$gis" render "$work/project-pg.json" -o "$work/render-pg.png" --size 1600x1200
  timed3 rgp "$gis" render "$work/project-gpkg.json" -o "$work/render-gpkg.png" --size 1600x1200
  if cmp -s "$work/render-pg.png" "$work/render-gpkg.png"; then
    echo "  render: identical PNG bytes"
  else
    echo "MISMATCH: gis render differs between PostGIS and GeoPackage ($work/render-*.png)" >&2
    failed=1
  fi
  read -r s rss <<<"$rpg"; rows+=("joinrender|gis render 1600x1200, PostGIS layers|-|-|$s|$rss")
  read -r s rss <<<"$rgp"; rows+=("joinrender|gis render 1600x1200, GeoPackage layers|-|-|$s|$rss")
fi

echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-10s %-48s %8s %8s %8s %9s\n' case tool "open s" "first s" "all s" "RSS MB"
for row in "${rows[@]}"; do
  IFS='|' read -r c tool open first all rss <<<"$row"
  printf '%-10s %-48s %8s %8s %8s %9s\n' "$c" "$tool" "$open" "$first" "$all" "$rss"
done
echo "open: connecting and listing (ours: DataSource::open; QGIS: the layer's creation; GDAL: ogr.Open); first/all:"
echo "the first feature / every feature of the read, touched (ours: read_ms + touch_ms of bench_pgread; the whole"
echo "result arrives at once, so first = all); join/render: the whole command. Medians of 3 runs."
exit $failed
