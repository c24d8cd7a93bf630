#!/usr/bin/env bash
# Render benchmark: libgis beside Mapnik (python3-mapnik) and QGIS (python3-qgis) on the same files, sizes and
# symbols, in the same run, each in its own process. Data is made deterministically on first use in
# BUILD/bench-data (bench_render_data.py). Usage: tests/benchmarks/bench_render.sh [BUILD_DIR]
#   (a) ~4,600 polygons, ~1.3M vertices, fill + 1 px outline, 4096x2048, whole world, EPSG:4326
#   (b) 1,000,000 random points, 3 px circles, 2048x1024, whole world
#   and the re-render of the loaded 1M-point layer at 1920x1080.
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/tests/benchmarks"
data="$build/bench-data"
out="$data/render-out"
mkdir -p "$out"
py=/usr/bin/python3
export QT_QPA_PLATFORM=offscreen PYTHONDONTWRITEBYTECODE=1

"$py" "$here/bench_render_data.py" "$root/../shared/data/world/land.gpkg" "$data"
polygons="$data/land-cells.gpkg"
points="$data/points-world-1m.gpkg"
results="$out/results.txt"
: > "$results"

echo "== render: $(nproc) cores, $(date -u +%Y-%m-%d), images in $out"
"$build/bench/bench_render" "$polygons" "$points" "$out" | tee -a "$results"
if "$py" -c "import mapnik" 2>/dev/null; then
  "$py" "$here/bench_render_mapnik.py" "$polygons" "$points" "$out" | tee -a "$results" || echo "mapnik: failed (see above)"
else
  echo "mapnik: python3-mapnik is not installed, skipped"
fi
if "$py" -c "import qgis.core" 2>/dev/null; then
  "$py" "$here/bench_render_qgis.py" "$polygons" "$points" "$out" 2> "$out/qgis.log" | tee -a "$results" ||
    echo "qgis: failed (see $out/qgis.log)"
else
  echo "qgis: python3-qgis is not installed, skipped"
fi

"$py" - "$results" <<'PY'
import sys
rows, rerender = [], {}
for line in open(sys.argv[1]):
    f = line.split()
    if f and f[0] == "RESULT":
        rows.append((f[1], f[2], float(f[3]), float(f[4]), float(f[5])))
    elif f and f[0] == "RERENDER":
        rerender[f[1]] = (float(f[2]), " ".join(f[3:]))
ours = {r[0]: r for r in rows if r[1] == "libgis"}
print()
print(f"{'case':28} {'tool':7} {'load s':>8} {'render s':>9} {'encode s':>9} {'total s':>8} {'x ours':>7} {'render x':>9}")
for case, tool, load, render, encode in rows:
    total = load + render + encode
    base = ours.get(case)
    ratio = total / sum(base[2:5]) if base else float("nan")
    rratio = render / base[3] if base else float("nan")
    print(f"{case:28} {tool:7} {load:8.3f} {render:9.3f} {encode:9.3f} {total:8.3f} {ratio:7.1f} {rratio:9.1f}")
for tool, (ms, note) in rerender.items():
    print(f"re-render of the loaded 1M-point layer at 1920x1080, {tool}: {ms:.1f} ms ({note})")
print("load: reading the file (libgis: into memory, with its R-tree; the peers only open it and read while rendering)")
PY
