#!/usr/bin/env bash
# DSM change benchmark (issue 16 §5: "DSM difference and volumes over a 10,000 x 10,000 window in under 1 s"), one
# run, the peer beside ours: gis::analysis::dsmChange (bench_dsmchange: volumes; + the difference raster in memory;
# + the change polygons) against numpy through GDAL's Python bindings (bench_dsmchange.py peer: read, burn the
# polygon, difference, sums) on the same 10,000 x 10,000 window of two 10,240 x 10,240 DSMs of 0.25 m, uncompressed
# and deflate + predictor 3. Best of three each; wall and CPU milliseconds; the volumes must agree.
# Usage: tests/benchmarks/bench_dsmchange.sh [BUILD_DIR]
set -euo pipefail
trap 'echo "bench_dsmchange.sh: line $LINENO failed: $BASH_COMMAND" >&2' ERR
build=$(cd "${1:-build}" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
data="$build/bench-data"
mkdir -p "$data"
if [[ ! -f "$data/dsm_b_deflate.tif" ]]; then
  echo "generating $data/dsm_{a,b}_{raw,deflate}.tif (10,240 x 10,240 Float32, fixed seed)..."
  /usr/bin/python3 "$root/tests/benchmarks/bench_dsmchange.py" make "$data"
fi
value() { awk -v k="$1" '$1 == k { print $2 }'; }
window=(500030 2600030 502530 2602530) # 10,000 x 10,000 pixels of 0.25 m

printf "%-22s %10s %10s %10s %10s %10s %8s %s\n" "DSMs" "volumes" "+diff" "+polygons" "numpy" "(cpu)" "ratio" "volumes agree"
for kind in raw deflate; do
  ours=$("$build/bench/bench_dsmchange" "$data/dsm_a_$kind.tif" "$data/dsm_b_$kind.tif" "${window[@]}" 3)
  peer=$(/usr/bin/python3 "$root/tests/benchmarks/bench_dsmchange.py" peer "$data/dsm_a_$kind.tif" "$data/dsm_b_$kind.tif" "${window[@]}" 3)
  same=no
  if [[ "$(echo "$ours" | value fill_m3)" == "$(echo "$peer" | value fill_m3)" && \
        "$(echo "$ours" | value cut_m3)" == "$(echo "$peer" | value cut_m3)" && \
        "$(echo "$ours" | value pixels)" == "$(echo "$peer" | value pixels)" ]]; then
    same="yes (fill $(echo "$ours" | value fill_m3) m3, cut $(echo "$ours" | value cut_m3) m3)"
  fi
  printf "%-22s %10s %10s %10s %10s %10s %8.2f %s\n" "$kind wall ms" "$(echo "$ours" | value volumes_ms)" \
    "$(echo "$ours" | value difference_ms)" "$(echo "$ours" | value polygons_ms)" "$(echo "$peer" | value numpy_ms)" "" \
    "$(echo "$(echo "$peer" | value numpy_ms) / $(echo "$ours" | value volumes_ms)" | bc -l)" "$same"
  printf "%-22s %10s %10s %10s %10s %10s %8.2f\n" "$kind cpu ms" "$(echo "$ours" | value volumes_cpu_ms)" \
    "$(echo "$ours" | value difference_cpu_ms)" "$(echo "$ours" | value polygons_cpu_ms)" "$(echo "$peer" | value numpy_cpu_ms)" "" \
    "$(echo "$(echo "$peer" | value numpy_cpu_ms) / $(echo "$ours" | value volumes_cpu_ms)" | bc -l)"
done
echo "($(echo "$ours" | value polygons) change polygons; $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
