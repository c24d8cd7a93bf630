#!/usr/bin/env bash
# Serve benchmark (issue 15 §4): `gis serve` beside QGIS Server 3.22 on the same layers, in the same run, under the
# same loopback load (wrk, 16 connections, 2 threads, a fixed duration), on a copy of data/ and styles/ (QGIS opens
# the GeoPackage for writing; the repository's copy is never served).
#   items   OGC API - Features items, limit=100, a random 0.5° box inside Ad Dakhiliyah per request, of the
#           inspections layer (3,000 points: the largest point layer; towns has 41). Ours /collections/…/items,
#           QGIS's /wfs3/collections/…/items.json. Target: ≥ 10× QGIS's requests/s, p99 < 50 ms.
#   getmap  WMS 1.3.0 GetMap 800×600 PNG of every vector layer of the project (LAYERS= the same list on both), CRS
#           EPSG:4326 (lat,lon box), a random 0.5° × 0.375° extent inside the governorate per request.
#           Target: ≥ 10× QGIS's requests/s, p99 < 100 ms.
#   ttfb    INSPIRE's floor: time to the first byte of one 800×600 GetMap of the whole governorate (curl
#           %{time_starttransfer}), the first request after start and the median of 5 more. Floor: < 5 s.
# wrk waits up to 10 s for an answer (its 2 s default would count QGIS's slow maps as errors).
# The wrk script (bench_serve.lua) seeds each thread with a fixed number, so both servers get the same boxes.
# QGIS Server runs as production would: its FastCGI binary, one process per core (spawn-fcgi -F 2) behind nginx,
# QGIS_SERVER_PARALLEL_RENDERING off (the processes already fill the cores). Its development server
# (qgis_mapserver) answers one request at a time; GIS_BENCH_QGIS=mapserver measures that instead.
#
# Usage: tests/benchmarks/bench_serve.sh [BUILD_DIR] [CASES]
#   CASES: comma-separated subset of items,getmap,ttfb (default: all); BENCH_SERVE_SECONDS: wrk's duration (20);
#   BENCH_SERVE_LAYER: the items case's collection (inspections; e.g. towns, parcels)
#   GIS_BENCH_NO_OURS=1 measures QGIS Server alone (before gis serve existed).
set -euo pipefail
trap 'echo "bench_serve.sh: line $LINENO failed: $BASH_COMMAND" >&2' ERR
build=$(cd "${1:-build}" && pwd)
cases=${2:-items,getmap,ttfb}
seconds=${BENCH_SERVE_SECONDS:-20}
items_layer=${BENCH_SERVE_LAYER:-inspections}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
gis="$build/bin/gis"
export QT_QPA_PLATFORM=offscreen PYTHONDONTWRITEBYTECODE=1
work=$(mktemp -d /tmp/bench-serve.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ -f $work/fcgi.pids ]]; then # spawn-fcgi's children: one pid each, the last without a newline
    for pid in $(cat "$work/fcgi.pids"); do kill "$pid" 2>/dev/null || true; done
  fi
  rm -rf "$work"
}
trap cleanup EXIT
show() { echo "  \$ $*" >&2; }
field() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"; }
layers=$(/usr/bin/python3 -c 'import json, sys; print(",".join(l["name"] for l in json.load(open(sys.argv[1]))["layers"] if "layer" in l and l.get("visible", True)))' "$root/data/dakhiliyah.json")
cp -r "$root/data" "$root/styles" "$work/"

# wait_line FILE REGEX PID: waits until FILE has a line matching REGEX (the server's "listening" line), bounded;
# fails early if PID dies. Prints the line.
wait_line() {
  local tries=0
  until grep -m1 -E "$2" "$1" 2>/dev/null; do
    kill -0 "$3" 2>/dev/null || { echo "server exited before listening:" >&2; tail -5 "$1" >&2; return 1; }
    ((++tries < 600)) || { echo "no '$2' in $1 after 60 s" >&2; return 1; }
    sleep 0.1 # between checks of the condition itself (bounded above), not a guess at a start-up time
  done
}
# wait_http URL: until URL answers (nginx, which prints nothing), bounded
wait_http() {
  local tries=0
  until curl -sf -o /dev/null "$1"; do
    ((++tries < 600)) || { echo "$1 does not answer after 60 s" >&2; return 1; }
    sleep 0.1
  done
}
free_port() { /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# --- QGIS Server --------------------------------------------------------------------------------------------------
echo "== serve: $(nproc) cores, $(date -u +%Y-%m-%d), ${seconds} s per run, 16 connections, load average $(cut -d' ' -f1-3 /proc/loadavg)"
show /usr/bin/python3 "$here/make_qgis_project.py" data/dakhiliyah.json dakhiliyah.qgs
(cd "$work" && /usr/bin/python3 "$here/make_qgis_project.py" data/dakhiliyah.json "$work/dakhiliyah.qgs" 2>/dev/null)
qgis_version=$(dpkg-query -W -f '${Version}' qgis-server 2>/dev/null | cut -d+ -f1)
if [[ ${GIS_BENCH_QGIS:-fcgi} == mapserver ]]; then
  qgis_label="QGIS Server $qgis_version (qgis_mapserver)"
  show qgis_mapserver -p dakhiliyah.qgs 127.0.0.1:0
  QGIS_SERVER_PARALLEL_RENDERING=1 QGIS_SERVER_MAX_THREADS=2 QGIS_SERVER_LOG_LEVEL=2 \
    qgis_mapserver -p "$work/dakhiliyah.qgs" 127.0.0.1:0 >"$work/qgis.out" 2>"$work/qgis.err" &
  pids+=($!)
  qport=$(wait_line "$work/qgis.out" "listening on http://127.0.0.1:[0-9]+" "$!" | sed -n 's/.*127.0.0.1:\([0-9]*\).*/\1/p')
else
  qgis_label="QGIS Server $qgis_version (FastCGI ×2, nginx)"
  qport=$(free_port)
  mkdir -p "$work/nginx"
  cat >"$work/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path $work/nginx; proxy_temp_path $work/nginx; fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx; scgi_temp_path $work/nginx;
  server {
    listen 127.0.0.1:$qport;
    location / {
      include /etc/nginx/fastcgi_params;
      fastcgi_param QGIS_PROJECT_FILE $work/dakhiliyah.qgs;
      fastcgi_pass unix:$work/qgis.sock;
    }
  }
}
CONF
  show spawn-fcgi -F 2 -s qgis.sock -- /usr/lib/cgi-bin/qgis_mapserv.fcgi "&&" nginx -c nginx.conf
  QGIS_SERVER_PARALLEL_RENDERING=0 QGIS_SERVER_LOG_LEVEL=2 QGIS_SERVER_LOG_STDERR=1 \
    spawn-fcgi -F 2 -M 0666 -s "$work/qgis.sock" -P "$work/fcgi.pids" -- /usr/lib/cgi-bin/qgis_mapserv.fcgi \
    >"$work/fcgi.out" 2>&1
  nginx -c "$work/nginx.conf" -e "$work/nginx/error.log" 2>"$work/nginx/stderr" &
  pids+=($!)
  wait_http "http://127.0.0.1:$qport/?SERVICE=WMS&REQUEST=GetCapabilities"
fi
qgis="http://127.0.0.1:$qport"
echo "  $qgis_label on $qgis"

# --- gis serve ----------------------------------------------------------------------------------------------------
ours=""
if [[ -z ${GIS_BENCH_NO_OURS:-} ]]; then
  show gis serve data/dakhiliyah.json --port 0
  "$gis" serve "$work/data/dakhiliyah.json" --port 0 --allow-path "$work/styles" >"$work/ours.out" 2>"$work/ours.err" &
  pids+=($!)
  oport=$(wait_line "$work/ours.out" "listening on http://127.0.0.1:[0-9]+" "$!" | sed -n 's/.*127.0.0.1:\([0-9]*\).*/\1/p')
  ours="http://127.0.0.1:$oport"
  ours_pid=$!
  echo "  gis serve on $ours"
  # The machine is shared: a server whose memory runs away is stopped at GIS_BENCH_MAX_RSS_MB (4096) and the run
  # fails, instead of the kernel's OOM killer picking a neighbour.
  (
    limit=$((${GIS_BENCH_MAX_RSS_MB:-4096} * 1024))
    while kill -0 "$ours_pid" 2>/dev/null; do
      rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$ours_pid/status" 2>/dev/null || echo 0)
      if ((${rss:-0} > limit)); then
        echo "FAILED: gis serve's memory passed $((limit / 1024)) MB (${rss} kB): stopped (SIGKILL)" >&2
        kill -9 "$ours_pid"
        break
      fi
      sleep 0.5
    done
  ) &
  pids+=($!)
fi
# ours_mem: gis serve's resident and peak memory now ("RSS MB/peak MB"), or "exited" if it is gone
ours_mem() {
  awk '/^VmRSS/ { r = $2 } /^VmHWM/ { h = $2 } END { if (r) printf "%d/%d", r / 1024, h / 1024; else print "exited" }' \
    "/proc/$ours_pid/status" 2>/dev/null || echo exited
}

rows=() # "case|server|requests/s|p50 ms|p99 ms|errors"
failed=0
# check URL WHAT TYPE: one request before the load: 200 and the expected content type, or the benchmark fails
check() {
  local got
  got=$(curl -s -o "$work/check.body" -w '%{http_code} %{content_type}' "$1")
  if [[ $got != "200 $3"* ]]; then
    echo "FAILED: $2 answered '$got' to $1: $(head -c 300 "$work/check.body")" >&2
    failed=1
    return 1
  fi
}
# load CASE SERVER BASE PATH ORDER SPAN: wrk for $seconds; records a row, prints wrk's line
load() {
  local out
  show "BENCH_PATH='$4' BENCH_BOX=$5 BENCH_SPAN=$6" wrk -t2 -c16 -d"${seconds}s" --timeout 10s --latency -s bench_serve.lua "$3"
  out=$(BENCH_PATH=$4 BENCH_BOX=$5 BENCH_SPAN=$6 wrk -t2 -c16 -d"${seconds}s" --timeout 10s --latency -s "$here/bench_serve.lua" "$3" |
    grep '^WRK ' || echo "WRK requests=0 rps=0 errors=unknown")
  [[ $2 == "gis serve" ]] && out="$out rss_mb=$(ours_mem)"
  echo "  $2: $out"
  rows+=("$1|$2|$(field rps "$out")|$(field p50_ms "$out")|$(field p99_ms "$out")|$(field errors "$out")")
  if [[ $(field errors "$out") != 0 ]]; then # ours must have none; a peer's are reported, not ours to fix
    echo "$([[ $2 == "gis serve" ]] && echo FAILED || echo NOTE): $2 gave $(field errors "$out") errors ($(field non2xx "$out") non-2xx) under load" >&2
    [[ $2 != "gis serve" ]] || failed=1
  fi
}
# rps_of CASE SERVER: that row's requests/s, or nothing (and success) when the case was not run
rps_of() { local r; for r in "${rows[@]}"; do [[ $r == "$1|$2|"* ]] && { cut -d'|' -f3 <<<"$r"; return; }; done; return 0; }

getmap="SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=$layers&STYLES=&CRS=EPSG:4326&WIDTH=800&HEIGHT=600&FORMAT=image/png"
if [[ ,$cases, == *,items,* ]]; then
  echo "-- items: $items_layer, limit=100, a random 0.5° × 0.375° box per request"
  check "$qgis/wfs3/collections/$items_layer/items.json?bbox=57.4,22.8,57.9,23.2&limit=100" "$qgis_label" application/geo+json &&
    load items "$qgis_label" "$qgis" "/wfs3/collections/$items_layer/items.json?bbox={bbox}&limit=100" lonlat 0.5
  if [[ -n $ours ]]; then
    check "$ours/collections/$items_layer/items?bbox=57.4,22.8,57.9,23.2&limit=100" "gis serve" application/geo+json &&
      load items "gis serve" "$ours" "/collections/$items_layer/items?bbox={bbox}&limit=100" lonlat 0.5
  fi
fi
if [[ ,$cases, == *,getmap,* ]]; then
  echo "-- getmap: 800×600 PNG of $layers, a random 0.5° × 0.375° extent per request"
  check "$qgis/?$getmap&BBOX=22.5,57.2,23.1,58.0" "$qgis_label" image/png &&
    load getmap "$qgis_label" "$qgis" "/?$getmap&BBOX={bbox}" latlon 0.5
  if [[ -n $ours ]]; then
    check "$ours/wms?$getmap&BBOX=22.5,57.2,23.1,58.0" "gis serve" image/png &&
      load getmap "gis serve" "$ours" "/wms?$getmap&BBOX={bbox}" latlon 0.5
  fi
fi
ttfb=() # "server|first s|median s"
if [[ ,$cases, == *,ttfb,* ]]; then
  echo "-- ttfb: one 800×600 GetMap of the whole governorate (21.0,56.2,23.6,58.7), time to the first byte"
  for server in "$qgis_label|$qgis/?" "gis serve|$ours/wms?"; do
    name=${server%%|*} url="${server#*|}$getmap&BBOX=21.0,56.2,23.6,58.7"
    [[ $name == "gis serve" && -z $ours ]] && continue
    show curl -s -o /dev/null -w '%{time_starttransfer}' "'$url'"
    t=()
    for run in 1 2 3 4 5 6; do
      v=$(curl -s -o /dev/null -w '%{time_starttransfer}' "$url") || { echo "FAILED: $name did not answer" >&2; v=-; failed=1; }
      t+=("$v")
    done
    ttfb+=("$name|${t[0]}|$(printf '%s\n' "${t[@]:1}" | sort -g | sed -n 3p)")
  done
fi

echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-7s %-40s %11s %9s %9s %7s\n' case server "requests/s" "p50 ms" "p99 ms" errors
for row in "${rows[@]}"; do
  IFS='|' read -r c server rps p50 p99 errors <<<"$row"
  printf '%-7s %-40s %11s %9s %9s %7s\n' "$c" "$server" "$rps" "$p50" "$p99" "$errors"
done
for c in items getmap; do
  a=$(rps_of "$c" "gis serve") b=$(rps_of "$c" "$qgis_label")
  [[ -n $a && -n $b ]] || continue
  limit=$([[ $c == items ]] && echo 50 || echo 100)
  echo "  $c: gis serve $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.1f", a / b }')× QGIS Server's requests/s (target ≥ 10×, p99 < $limit ms)"
done
for row in "${ttfb[@]}"; do
  IFS='|' read -r server first median <<<"$row"
  echo "  first byte of an 800×600 GetMap, $server: first request ${first} s, then median ${median} s (INSPIRE floor: 5 s)"
done
echo "requests/s, p50, p99: wrk's, over ${seconds} s at 16 connections (2 wrk threads on the same 2 cores as the server);"
echo "errors: connection errors, timeouts and non-2xx answers (must be 0). gis serve's memory after each run (RSS/peak"
echo "MB) is on its wrk line."
[[ -z $ours ]] || kill -0 "$ours_pid" 2>/dev/null || { echo "FAILED: gis serve is no longer running" >&2; failed=1; }
exit $failed
