#!/usr/bin/env bash
# Runs the libFuzzer targets of a fuzz build (cmake --preset fuzz) one after another, PARALLEL at a time, each a
# single process for SECONDS (docs/fuzzing.md). `make test-fuzz` runs it briefly, `make fuzz` for long.
#
#   tests/fuzz/run.sh BUILD_DIR SECONDS [TARGET...]     (TARGET: wkb, expression, ...; default: every target)
#   env: PARALLEL (default 2), FUZZ_ARGS (more libFuzzer flags)
#
# Each target starts from its seed corpus (tests/fuzz/corpus/<target>) and its regression inputs (run first, so
# a fixed crash that comes back fails at once); the inputs it finds go to BUILD_DIR/corpus/<target> (kept between
# runs, never into the source tree), crashes, timeouts and OOMs to BUILD_DIR/artifacts/<target>/ and its log to
# BUILD_DIR/logs/<target>.log. Exit status 1 when any target failed, with the failing inputs listed.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:?usage: run.sh BUILD_DIR SECONDS [TARGET...]}"
seconds="${2:?usage: run.sh BUILD_DIR SECONDS [TARGET...]}"
shift 2
parallel="${PARALLEL:-2}"
build="$(cd "$build" && pwd)"

targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  for f in "$here"/fuzz_*.cpp; do t="$(basename "$f" .cpp)"; targets+=("${t#fuzz_}"); done
fi

# Flags per target: dictionaries, and the expression engine's input cap (its recursion limit is another
# engineer's: deeper inputs than 4 KiB are out of this target's scope).
flags_for() {
  case "$1" in
    expression|sqlfilter) echo "-max_len=4096 -dict=$here/dict/expression.dict" ;;
    cql2) echo "-max_len=4096 -dict=$here/dict/cql2.dict" ;;
    analysisparams) echo "-max_len=4096" ;;
    wkt) echo "-dict=$here/dict/wkt.dict" ;;
    rastercalc) echo "-dict=$here/dict/rastercalc.dict" ;;
    stylejson|project|layout) echo "-dict=$here/dict/json.dict" ;;
    geojson|gpkg|shapefile|flatgeobuf|kml) echo "-max_len=262144" ;;
    *) echo "" ;;
  esac
}

export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=0:detect_stack_use_after_return=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$here/../lsan.supp:print_suppressions=0}"
export QT_QPA_PLATFORM=offscreen

status="$(mktemp -d)"
trap 'rm -rf "$status"' EXIT

run_one() {
  local t="$1" bin="$build/fuzz/fuzz_$1"
  local work="$build/corpus/$t" art="$build/artifacts/$t/" log="$build/logs/$t.log"
  mkdir -p "$work" "$art" "$build/logs"
  local dirs=("$work")
  [[ -d "$here/regressions/$t" ]] && dirs+=("$here/regressions/$t")
  [[ -d "$here/corpus/$t" ]] && dirs+=("$here/corpus/$t")
  local start=$SECONDS
  # shellcheck disable=SC2046,SC2086
  "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$art" $(flags_for "$t") ${FUZZ_ARGS:-} "${dirs[@]}" >"$log" 2>&1
  local rc=$?
  local runs
  runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)"
  if [[ $rc -eq 0 ]]; then
    echo "fuzz $t: ok, ${runs:-?} runs in $((SECONDS - start)) s"
  else
    echo "fuzz $t: FAILED (exit $rc) after $((SECONDS - start)) s; log: $log"
    grep -m1 -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | sed 's/^/    /'
    grep -E 'Test unit written to' "$log" | sed 's/^/    /'
    touch "$status/$t"
  fi
}

for t in "${targets[@]}"; do
  if [[ ! -x "$build/fuzz/fuzz_$t" ]]; then
    echo "fuzz $t: no program $build/fuzz/fuzz_$t (cmake --build --preset fuzz)" >&2
    touch "$status/$t"
    continue
  fi
  while [[ $(jobs -rp | wc -l) -ge $parallel ]]; do wait -n; done
  run_one "$t" &
done
wait
failed=$(ls "$status")
if [[ -n "$failed" ]]; then
  echo "fuzz: failed:" $failed >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} targets, no crash"
