#!/usr/bin/env bash
# install/bashcompletion: packaging/bash-completion/gis, driven as bash drives it (COMP_WORDS, COMP_CWORD, _gis),
# completing the gis of this build. The expectations are written out here, and the commands are also checked
# against the dispatch in libgis/cli/main.cpp (the source, not the help text the completion reads).
# usage: bashcompletion.sh BUILD_DIR SOURCE_DIR WORK_DIR
set -euo pipefail
build=$(realpath "$1") source=$(realpath "$2") work=$3
script=$source/packaging/bash-completion/gis
failures=0

rm -rf "$work" && mkdir -p "$work/files/sub" && cd "$work/files"
touch a.gpkg b.json changes.geojson
work=$(realpath "$work")

# complete WORD...: what _gis offers for the last word, one per line, sorted.
complete_words()
{
  PATH="$build/bin:$PATH" bash -c 'source "$0"; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _gis;
    printf "%s\n" "${COMPREPLY[@]}"' "$script" "$@" | sed '/^$/d' | sort
}

# expect "WORDS" "EXPECTED": the completion of WORDS (split at spaces; a trailing space completes an empty word)
# is exactly EXPECTED.
expect()
{
  local words=() got want
  read -r -a words <<<"$1"
  [[ $1 == *" " ]] && words+=("")
  got=$(complete_words "${words[@]}" | tr '\n' ' ' | sed 's/ $//')
  want=$(tr ' ' '\n' <<<"$2" | sed '/^$/d' | sort | tr '\n' ' ' | sed 's/ $//')
  if [[ $got == "$want" ]]; then
    echo "ok   [$1] -> $got"
  else
    echo "FAIL [$1] -> \"$got\", expected \"$want\""
    failures=$((failures + 1))
  fi
}

expect "gis se" "serve serve-token"
expect "gis ex" "export-map"
expect "gis --v" "--version"
expect "gis info --" "--exact --help --json --strict --verbose"
expect "gis query --gr" "--group-by"
expect "gis query --form" "--format"
expect "gis query a.gpkg --format " "geojson csv gpkg shp fgb kml gml ids count"
expect "gis query a.gpkg --where " ""
expect "gis query a.gpkg --k " ""
expect "gis join a.gpkg b.json --predicate " "within intersects"
expect "gis join a.gpkg b.json --predicate w" "within"
expect "gis join a.gpkg b.json --format " "csv geojson"
expect "gis export-map b.json --lang " "ar en"
expect "gis export-map b.json --lang = " "ar en"
expect "gis export-map b.json --layout a4" "a4-landscape a4-portrait"
expect "gis analyse buffer a.gpkg --invalid " "stop skip repair"
expect "gis analyse bu" "buffer"
expect "gis analyse buffer a.gpkg --ca" "--cap"
expect "gis analyse buffer a.gpkg --cap " "round flat square"
expect "gis analyse buffer a.gpkg --distance " ""
expect "gis edit a.gpkg --layer x --apply ch" "changes.geojson"
expect "gis render --allow-path " "sub"
expect "gis info " "a.gpkg b.json changes.geojson sub"
expect "gis info a" "a.gpkg"
expect "gis serve b.json --bind " ""
expect "gis serve-token --" "--help --name --strict --verbose"

# A gis named by its path completes from that program, found on no PATH.
got=$(PATH=/usr/bin:/bin bash -c 'source "$0"; COMP_WORDS=("$1" se); COMP_CWORD=1; _gis; echo "${COMPREPLY[*]}"' \
  "$script" "$build/bin/gis")
if [[ $got == "serve serve-token" ]]; then echo "ok   [$build/bin/gis se] -> $got"; else
  echo "FAIL [$build/bin/gis se] -> \"$got\""; failures=$((failures + 1)); fi

# Every command main.cpp dispatches is offered after "gis " (analyze is an alias of analyse and not offered).
commands=$(complete_words gis "")
for c in $(grep -oE 'command == "[a-z-]+"' "$source/libgis/cli/main.cpp" | sed 's/.*"\(.*\)"/\1/'); do
  [[ $c == analyze ]] && continue
  if grep -qx -- "$c" <<<"$commands"; then echo "ok   command $c offered"; else echo "FAIL command $c not offered"; failures=$((failures + 1)); fi
done
# Every option a command's usage names is offered for it.
for c in $(grep -oE 'command == "[a-z-]+"' "$source/libgis/cli/main.cpp" | sed 's/.*"\(.*\)"/\1/'); do
  options=$(complete_words gis "$c" -)
  for o in $("$build/bin/gis" "$c" --help | sed '/^$/q' | grep -oE -- '--[a-z][a-z-]*[a-z]' | sort -u); do
    grep -qx -- "$o" <<<"$options" || { echo "FAIL gis $c: $o not offered"; failures=$((failures + 1)); }
  done
done

if ((failures)); then
  echo "$failures failures"
  exit 1
fi
echo "PASS"
