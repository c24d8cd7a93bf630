#!/usr/bin/env bash
# Smoke test of the desktop viewer: starts the real binary on a real X server (Xvfb), waits for the first
# rendered map frame and saves a screenshot of the whole window, in English and in Arabic.
# usage: smoke.sh BINARY PROJECT OUTDIR
set -euo pipefail
bin=$1 project=$2 out=$3
mkdir -p "$out"
command -v xvfb-run >/dev/null || { echo "smoke: xvfb-run missing (packages xvfb, xauth)"; exit 1; }
export HOME="$out/home" XDG_CONFIG_HOME="$out/home/.config" XDG_RUNTIME_DIR="$out/runtime"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
unset QT_QPA_PLATFORM # the real xcb platform, not offscreen

for lang in en ar; do
  shot="$out/interior-explorer-$lang.png"
  rm -f "$shot"
  log="$out/smoke-$lang.log"
  if ! timeout 300 xvfb-run -a -s "-screen 0 1600x1000x24" "$bin" --lang "$lang" --screenshot "$shot" "$project" >"$log" 2>&1; then
    echo "smoke: $lang: the viewer failed:"; cat "$log"; exit 1
  fi
  grep -q '^first-frame$' "$log" || { echo "smoke: $lang: no first-frame line:"; cat "$log"; exit 1; }
  [[ -s "$shot" ]] || { echo "smoke: $lang: no screenshot"; exit 1; }
  [[ "$(head -c 8 "$shot" | od -An -tx1 | tr -d ' \n')" == "89504e470d0a1a0a" ]] || { echo "smoke: $lang: not a PNG"; exit 1; }
  # A blank or single-colour window would be tiny and have few colours.
  size=$(stat -c %s "$shot")
  (( size > 50000 )) || { echo "smoke: $lang: screenshot only $size bytes"; exit 1; }
  if [[ -x /usr/bin/identify ]]; then
    colours=$(/usr/bin/identify -format '%k' "$shot")
    (( colours > 500 )) || { echo "smoke: $lang: only $colours colours in the screenshot"; exit 1; }
    echo "smoke: $lang: $shot ($(/usr/bin/identify -format '%wx%h' "$shot"), $colours colours)"
  else
    echo "smoke: $lang: $shot ($size bytes)"
  fi
done
# A damaged project with --screenshot: nobody can answer a dialog, so the viewer says why on stderr and exits 1
# at once (it used to wait on a message box, then on a second one reading the project as data, until killed).
broken="$out/broken-project.json"
head -c 3000 "$project" >"$broken"
shot="$out/broken.png"
rm -f "$shot"
set +e
timeout 120 xvfb-run -a -s "-screen 0 1600x1000x24" "$bin" --lang en --screenshot "$shot" "$broken" \
  >"$out/smoke-broken.out" 2>"$out/smoke-broken.err"
rc=$?
set -e
(( rc == 1 )) || { echo "smoke: damaged project: exit code $rc, expected 1"; cat "$out/smoke-broken.err"; exit 1; }
grep -q 'Could not open the project' "$out/smoke-broken.err" || { echo "smoke: damaged project: no reason on stderr"; cat "$out/smoke-broken.err"; exit 1; }
(( $(grep -c 'interior-explorer: ' "$out/smoke-broken.err") == 1 )) || { echo "smoke: damaged project: more than one error"; cat "$out/smoke-broken.err"; exit 1; }
[[ ! -e "$shot" ]] || { echo "smoke: damaged project: a screenshot was written"; exit 1; }
! grep -q 'first-frame' "$out/smoke-broken.out" || { echo "smoke: damaged project: a map was shown"; exit 1; }
echo "smoke: damaged project: exit 1, $(head -c 120 "$out/smoke-broken.err" | head -1)"
echo "smoke: 3 passed, 0 failed"
