#!/usr/bin/env bash
# Big orthophotos (issue 16 §5): libgis's tiled raster drawing beside QGIS (python3-qgis) on the same
# 40,000 x 40,000 RGB JPEG-YCbCr COG, same views, same run, each in its own process. The COG is made
# deterministically on first use in BUILD/bench-data (make_rastertiles_data.py, a few minutes; ~1 GB, never
# committed). Usage: tests/benchmarks/bench_rastertiles.sh [BUILD_DIR] [WIDTH]
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
width=${2:-40000}
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/tests/benchmarks"
data="$build/bench-data"
out="$data/rastertiles-out"
mkdir -p "$out"
py=/usr/bin/python3
export QT_QPA_PLATFORM=offscreen PYTHONDONTWRITEBYTECODE=1
cog="$data/ortho-${width}.tif"
if [[ ! -f "$cog" ]]; then
  echo "generating $cog (${width} x ${width} RGB JPEG-YCbCr COG, fixed seed)..."
  "$py" "$here/make_rastertiles_data.py" "$cog.part.tif" "$width"
  mv "$cog.part.tif" "$cog"
fi
echo "== raster tiles: $(nproc) cores, $(date -u +%Y-%m-%d), ${width} x ${width} COG, 1600x1000 views, images in $out"
"$build/bench/bench_rastertiles" "$cog" "$out"
"$py" "$here/bench_rastertiles_qgis.py" "$cog" "$out" || echo "qgis: failed (see above)"
