#!/bin/sh
# Dissolve benchmark (docs/analysis.md, dissolve): gis analyse dissolve against GeoPandas's dissolve in the same run,
# on the coverage make_coverage_data.py makes (4,032 cells, 1.29 M vertices, 100 groups; with 5 invalid rings, and
# clean). Wall times as each tool reports its run (load and write apart), CPU seconds of the whole process.
# usage: tests/benchmarks/bench_dissolve.sh BUILD_DIR [WORK_DIR]
set -eu
build=${1:?usage: bench_dissolve.sh BUILD_DIR [WORK_DIR]}
work=${2:-/tmp/bench_dissolve}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"
[ -f "$work/cov.gpkg" ] || /usr/bin/python3 "$here/make_coverage_data.py" "$work/cov.gpkg"
[ -f "$work/clean.gpkg" ] || /usr/bin/python3 "$here/make_coverage_data.py" "$work/clean.gpkg" --invalid 0
echo "cores: $(nproc), load: $(cut -d' ' -f1-3 /proc/loadavg)"
for data in clean cov; do
  for by in group ""; do
    if [ -n "$by" ]; then label="$data by $by"; else label="$data whole layer"; fi
    gisargs="--invalid repair"
    gpargs="--repair"
    /usr/bin/time -f "  gis cpu_s=%U+%S maxrss=%MkB" "$build/bin/gis" analyse dissolve "$work/$data.gpkg" -o "$work/gis.gpkg" \
      --overwrite ${by:+--by $by} $gisargs --timings 2>&1 | grep -E "load_ms|cpu_s" | sed "s/^/[$label] /"
    /usr/bin/time -f "  geopandas cpu_s=%U+%S" /usr/bin/python3 "$here/bench_dissolve_geopandas.py" "$work/$data.gpkg" \
      "$work/gp.gpkg" ${by:+--by $by} $gpargs 2>&1 | sed "s/^/[$label] /"
    rm -f "$work/gp.gpkg"
  done
done
