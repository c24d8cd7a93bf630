#!/usr/bin/env bash
# Edit-session benchmark (issue #12), one run, peers beside ours:
#   - committing 100,000 inserted points into a GeoPackage (EditSession::commit) against
#     `ogr2ogr -append -gt 65536` of the same points into the same one-feature layer (wall time of the command);
#     both best of three, each from a fresh target; goal: ours < 1 s and ratio >= 2;
#   - 1,000 scattered attribute updates committed into a 1,000,000-row layer (goal < 0.2 s);
#   - undo and redo steps after 10,000 edits (goal < 1 ms each), and the same with the snapshot a redraw takes;
#   - moving one vertex of a 100,000-vertex polygon, journaled, with the snapshot after it (goal < 16 ms a step);
#   - a drag frame: moving a vertex and rendering the view at 1280x800 with the edit overlay vs toLayer() (< 16 ms).
# Usage: tests/benchmarks/bench_edit.sh [BUILD_DIR]
set -euo pipefail
trap 'echo "bench_edit.sh: line $LINENO failed: $BASH_COMMAND" >&2' ERR
build=$(cd "${1:-build}" && pwd)
bench="$build/bench/bench_edit"
data="$build/bench-data"
work=$(mktemp -d /tmp/bench-edit.XXXXXX)
trap 'rm -rf "$work"' EXIT

value() { awk -v k="$1" '$1 == k { print $2 }'; }
best() { sort -g | head -1; }

ours=(); peer=()
for i in 1 2 3; do
  out=$("$bench" inserts "$work" 100000)
  ours+=("$(echo "$out" | value insert_commit)")
  # ogr2ogr into its own fresh one-feature target (written by the same bench_edit run, from the same points).
  start=$(date +%s.%N)
  ogr2ogr -append -gt 65536 "$work/ogr-target.gpkg" "$work/points-src.gpkg" points -nln points
  end=$(date +%s.%N)
  peer+=("$(echo "($end - $start) * 1000" | bc -l)")
done
o=$(printf '%s\n' "${ours[@]}" | best)
p=$(printf '%s\n' "${peer[@]}" | best)
printf "%-44s %10s %10s %8s\n" "100,000 inserted points committed" "ours ms" "ogr2ogr ms" "ratio"
printf "%-44s %10.0f %10.0f %8.2f\n" "" "$o" "$p" "$(echo "$p / $o" | bc -l)"

if [[ ! -f "$data/points-1m.gpkg" ]]; then
  echo "generating $data/points-1m.gpkg (1,000,000 points, fixed seed)..."
  mkdir -p "$data"
  "$build/bench/bench_load" generate "$data/points-1m.tmp.gpkg" 1000000
  mv "$data/points-1m.tmp.gpkg" "$data/points-1m.gpkg"
fi
cp "$data/points-1m.gpkg" "$work/updates.gpkg"
u=$("$bench" updates "$work/updates.gpkg" points 1000 | value update_commit)
printf "%-44s %10.1f ms\n" "1,000 updates committed in 1,000,000 rows" "$u"

"$bench" undo 10000 | awk '{ printf "%-44s %10.4f ms\n", $1, $2 }'
"$bench" drag "$work" 100000 | awk '$1 != "drag_steps_undo" { printf "%-44s %10.2f ms\n", $1, $2 }'

# A frame of a vertex drag at 1280x800: move + render from base + edit overlay vs from toLayer() (goal < 16 ms).
printf "%-44s %10s %10s %10s\n" "drag frame (move + render), ms" "median" "p90" "max"
QT_QPA_PLATFORM=offscreen "$build/bench/bench_editdraw" 30 | awk '{ printf "%-44s %10.2f %10.2f %10.2f\n", $1 " " $2, $3, $4, $5 }'
