#!/usr/bin/env bash
# CTest serve/qgis_client: QGIS (python3-qgis) as a client of `gis serve` (issue 15 §3). Starts the server on a copy
# of the sample project on 127.0.0.1, port 0, learns the port from its "listening on http://127.0.0.1:PORT" line,
# runs tests/serve/qgis_client.py against its WMS (/wms) and OGC API - Features (/) endpoints, and stops the server
# with SIGTERM also when the client fails; the server must then exit 0 (a graceful shutdown).
# Usage: run_qgis_client.sh GIS_BINARY SOURCE_DIR WORK_DIR
set -euo pipefail
gis=$1 src=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
cp -r "$src/data" "$src/styles" "$work/" # the server reads a copy: a test never serves the repository's file
server=""
stop() {
  if [[ -n $server ]] && kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server"
    wait "$server" || { local rc=$?; echo "FAIL: gis serve exited $rc after SIGTERM"; return "$rc"; }
  fi
}
trap 'stop || true' EXIT
trap 'exit 143' TERM INT # so the EXIT trap stops the server when ctest or a user stops this script
"$gis" serve "$work/data/dakhiliyah.json" --port 0 --allow-path "$work/styles" >"$work/serve.out" 2>"$work/serve.err" &
server=$!
# The server prints its address once it accepts connections: wait for that line (bounded), or for its death.
port=""
for _ in $(seq 600); do
  port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9][0-9]*\).*|\1|p' "$work/serve.out" | head -1)
  [[ -n $port ]] && break
  kill -0 "$server" 2>/dev/null || { echo "FAIL: gis serve exited before listening:"; cat "$work/serve.err"; exit 1; }
  sleep 0.1 # between checks of the condition itself; 60 s in all
done
[[ -n $port ]] || { echo "FAIL: no 'listening on' line from gis serve in 60 s"; cat "$work/serve.err"; exit 1; }
base="http://127.0.0.1:$port"
echo "gis serve on $base"
status=0
QT_QPA_PLATFORM=offscreen PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 "$src/tests/serve/qgis_client.py" \
  "$base/wms" "$base" "$work/data/dakhiliyah.gpkg" towns "$work/images" 2> >(grep -v -E '^Warning 1: Unable to find driver|XDG_RUNTIME_DIR' >&2) ||
  status=$?
trap - EXIT
stop || status=1
exit $status
