#!/usr/bin/env bash
# install/debpackages: the Debian packages of this build (packaging/CMakeLists.txt), as a user gets them.
#   1. cpack makes the .debs from the existing build (nothing is compiled again);
#   2. lintian: no error, and no warning but the justified ones listed below;
#   3. each package unpacked with dpkg -x into a fresh root: its files (libraries with SONAME links and no
#      RUNPATH, headers, CMake and pkg-config files, man pages, completion, desktop entry, icon, AppStream
#      metadata, styles, copyright) — desktop-file-validate and appstreamcli validate on what is shipped;
#   4. every Depends of every package is a package of this set or one installed here (dpkg -s), in the version asked;
#   5. installed on this machine with apt-get (root: CI runs as root), then the installed programs run —
#      gis --version, gis info on the sample (its counts against ogrinfo's), the bash completion from
#      /usr/share, the viewer's offscreen --screenshot — and the packages are purged again, also on failure.
# usage: debpackages.sh BUILD_DIR SOURCE_DIR WORK_DIR
set -euo pipefail
build=$(realpath "$1") source=$(realpath "$2") work=$3
packages=(libgis0 libgis-dev gis interior-explorer-data interior-explorer)

fail() { echo "FAIL: $*" >&2; exit 1; }
rm -rf "$work" && mkdir -p "$work"
work=$(realpath "$work")
version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build/CPackConfig.cmake")
[[ -n $version ]] || fail "no CPACK_PACKAGE_VERSION in $build/CPackConfig.cmake"
# The libraries go to the multiarch folder, as Debian's own (usr/lib/x86_64-linux-gnu).
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch)
libdir=usr/lib/$multiarch

# 1. The packages.
echo "== cpack"
(cd "$build" && cpack --config CPackConfig.cmake -B "$work/packages" >"$work/cpack.log" 2>&1) \
  || { cat "$work/cpack.log"; fail "cpack failed"; }
declare -A deb
for p in "${packages[@]}"; do
  f=$(ls "$work"/packages/"${p}"_"${version}"_*.deb 2>/dev/null || true)
  [[ -f $f ]] || fail "no package $p in $work/packages: $(ls "$work/packages")"
  deb[$p]=$f
done
ls "$work"/packages/*.deb

# 2. lintian. The warnings allowed, and why:
#   package-name-doesnt-match-sonames  one package, libgis0, for the twelve module libraries built and versioned together
#   maintscript-calls-ldconfig         CPack writes postinst/postrm calling ldconfig for its libraries; the package
#                                      also activates the ldconfig trigger, which is what lintian wants
echo "== lintian"
lintian --tag-display-limit 0 "${deb[@]}" >"$work/lintian.log" 2>&1 || true
cat "$work/lintian.log"
allowed='package-name-doesnt-match-sonames|maintscript-calls-ldconfig'
if grep -E '^E: ' "$work/lintian.log"; then fail "lintian reports errors"; fi
if grep -E '^W: ' "$work/lintian.log" | grep -vE "^W: [^ ]+ ($allowed)( |$)"; then fail "lintian warnings not justified"; fi

# 3. Contents, each package in its own fresh root.
echo "== contents"
has() { # has PACKAGE PATH...: each path is in the package's root (a file or a link)
  local p=$1; shift
  for f in "$@"; do [[ -e $work/root-$p/$f || -L $work/root-$p/$f ]] || fail "$p lacks /$f"; done
}
for p in "${packages[@]}"; do
  dpkg -x "${deb[$p]}" "$work/root-$p"
  has "$p" "usr/share/doc/$p/copyright" "usr/share/doc/$p/changelog.gz"
done
modules=()
for d in "$source"/libgis/include/gis/*/; do modules+=("$(basename "$d")"); done
((${#modules[@]} >= 10)) || fail "only ${#modules[@]} modules under libgis/include/gis"
for m in "${modules[@]}"; do
  lib=$libdir/libgis_$m.so
  has libgis0 "$lib.0" "$lib.$version"
  [[ $(readlink "$work/root-libgis0/$lib.0") == "libgis_$m.so.$version" ]] || fail "$lib.0 does not link to libgis_$m.so.$version"
  dynamic=$(readelf -d "$work/root-libgis0/$lib.$version")
  grep -q "SONAME.*\[libgis_$m.so.0\]" <<<"$dynamic" || fail "$lib.$version: SONAME is not libgis_$m.so.0"
  [[ $(readlink "$work/root-libgis-dev/$lib") == "libgis_$m.so.0" ]] || fail "libgis-dev: $lib does not link to libgis_$m.so.0"
  for h in "$source"/libgis/include/gis/"$m"/*.h; do has libgis-dev "usr/include/gis/$m/$(basename "$h")"; done
done
has libgis-dev $libdir/cmake/libgis/libgisConfig.cmake $libdir/cmake/libgis/libgisConfigVersion.cmake \
  $libdir/cmake/libgis/libgisTargets.cmake $libdir/pkgconfig/libgis.pc
has gis usr/bin/gis usr/share/man/man1/gis.1.gz usr/share/bash-completion/completions/gis
has interior-explorer usr/bin/interior-explorer usr/share/man/man1/interior-explorer.1.gz \
  usr/share/applications/interior-explorer.desktop usr/share/icons/hicolor/scalable/apps/interior-explorer.svg
for f in "$source"/styles/layouts/*.json "$source"/styles/icons/*.svg "$source"/styles/*.json; do
  has interior-explorer-data "usr/share/interior-explorer/${f#"$source"/styles/}"
done
for f in "$work"/root-*/usr/bin/* "$work"/root-libgis0/$libdir/*.so.*; do
  [[ -L $f ]] && continue
  dynamic=$(readelf -d "$f")
  if grep -qE 'RUNPATH|RPATH' <<<"$dynamic"; then fail "$f has a RUNPATH"; fi
done
metainfo=$(ls "$work"/root-interior-explorer/usr/share/metainfo/*.metainfo.xml)
appstreamcli validate --no-net "$metainfo" || fail "appstreamcli validate: $metainfo"
grep -q '<launchable type="desktop-id">interior-explorer.desktop</launchable>' "$metainfo" || fail "metainfo does not launch interior-explorer.desktop"
desktop-file-validate "$work/root-interior-explorer/usr/share/applications/interior-explorer.desktop" || fail "desktop-file-validate"
# Man pages: man renders them without a warning; gis.1 has a section for every command of gis --help.
for page in "$work"/root-*/usr/share/man/man1/*.1.gz; do
  warnings=$(MANWIDTH=100 man --warnings -l "$page" 2>&1 >/dev/null)
  [[ -z $warnings ]] || fail "man --warnings $page: $warnings"
done
gisman=$(MANWIDTH=200 man -l "$work/root-gis/usr/share/man/man1/gis.1.gz" 2>/dev/null)
commands=$("$build/bin/gis" --help | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p')
[[ $(wc -w <<<"$commands") -ge 10 ]] || fail "gis --help lists too few commands: $commands"
for c in $commands; do grep -q "^   gis $c\$" <<<"$gisman" || fail "gis.1 has no section \"gis $c\""; done

# 4. Dependencies.
echo "== Depends"
for p in "${packages[@]}"; do
  depends=$(dpkg-deb -f "${deb[$p]}" Depends)
  echo "$p: $depends"
  IFS=',' read -r -a clauses <<<"$depends"
  for clause in "${clauses[@]}"; do
    ok=0
    IFS='|' read -r -a alternatives <<<"$clause"
    for alt in "${alternatives[@]}"; do
      read -r name op ver <<<"$(sed -E 's/^ *([^ (]+) *(\(([<>=]+) *([^)]+)\))? *$/\1 \3 \4/' <<<"$alt")"
      if [[ " ${packages[*]} " == *" $name "* ]]; then
        have=$version
      else
        [[ $(dpkg-query -W -f='${Status}' "$name" 2>/dev/null) == "install ok installed" ]] || continue
        have=$(dpkg-query -W -f='${Version}' "$name")
      fi
      case $op in
        "") ok=1 ;;
        "=") dpkg --compare-versions "$have" eq "$ver" && ok=1 ;;
        ">=") dpkg --compare-versions "$have" ge "$ver" && ok=1 ;;
        "<<") dpkg --compare-versions "$have" lt "$ver" && ok=1 ;;
        ">>") dpkg --compare-versions "$have" gt "$ver" && ok=1 ;;
        "<=") dpkg --compare-versions "$have" le "$ver" && ok=1 ;;
      esac
      ((ok)) && break
    done
    ((ok)) || fail "$p depends on \"$clause\": not installed here (dpkg -s) in that version"
  done
done
grep -q 'libgis0 (= ' <<<"$(dpkg-deb -f "${deb[gis]}" Depends)" || fail "gis does not depend on libgis0 exactly"
grep -q 'libgdal' <<<"$(dpkg-deb -f "${deb[libgis0]}" Depends)" || fail "libgis0 lacks its dpkg-shlibdeps dependencies (libgdal)"

# 5. Installed on this machine, run, and purged.
echo "== install"
[[ $(id -u) -eq 0 ]] || fail "installing the packages needs root (CI runs as root); run as root: ctest -R install/debpackages"
for p in "${packages[@]}"; do
  if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q installed; then
    fail "$p is installed already; this test installs and purges the packages: remove it first (dpkg --purge $p)"
  fi
done
for f in /usr/bin/gis /usr/bin/interior-explorer; do
  [[ ! -e $f ]] || fail "$f exists already (dpkg -S: $(dpkg -S "$f" 2>&1)); this test would replace it"
done
purge() { DEBIAN_FRONTEND=noninteractive dpkg --purge "${packages[@]}" >"$work/purge.log" 2>&1 || cat "$work/purge.log"; }
trap purge EXIT
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=600 \
  "${deb[@]}" >"$work/install.log" 2>&1 || { cat "$work/install.log"; fail "apt-get install"; }
for p in "${packages[@]}"; do
  [[ $(dpkg-query -W -f='${Status} ${Version}' "$p") == "install ok installed $version" ]] || fail "$p is not installed"
done

echo "== installed programs"
cd "$work"
out=$(/usr/bin/gis --version)
[[ $out == *" $version" ]] || fail "gis --version: \"$out\", expected version $version"
# (ldd's output in a variable first: grep -q leaving the pipe early would fail the pipeline under pipefail)
libs=$(ldd /usr/bin/gis)
grep -qE "libgis_core.so.0 => (/usr)?/lib/$multiarch/libgis_core.so.0" <<<"$libs" || fail "gis does not load /$libdir/libgis_core.so.0: $libs"
sample=$source/data/dakhiliyah.gpkg
info=$(/usr/bin/gis info "$sample")
for layer in governorates towns wilayat inspections; do
  n=$(ogrinfo -ro -so "$sample" "$layer" | sed -n 's/^Feature Count: //p')
  grep -q "^  $layer: .*, $n features" <<<"$info" || fail "gis info: layer $layer should have $n features (ogrinfo):\n$info"
done
# The completion installed where bash-completion looks, completing from the installed gis and its layouts.
reply=$(bash -c 'source /usr/share/bash-completion/completions/gis; COMP_WORDS=(gis export-map p.json --layout ""); COMP_CWORD=4; _gis; printf "%s\n" "${COMPREPLY[@]}"')
for l in a4-landscape a4-portrait a3-landscape; do grep -qx "$l" <<<"$reply" || fail "completion of --layout lacks $l: $reply"; done
# The viewer, offscreen: the sample project's window saved once the map is drawn. An installed program trusts
# only its own styles (/usr/share/interior-explorer) besides a project's folder, and the sample's styles are in the
# clone's styles/ beside data/: a copy of the project with its styles inside its folder opens without a question.
mkdir -p "$work/sample"
cp "$source"/data/dakhiliyah.gpkg "$source"/data/nizwa_dem.tif "$work/sample/"
cp -r "$source/styles" "$work/sample/styles"
sed 's#"\.\./styles/#"styles/#g' "$source/data/dakhiliyah.json" >"$work/sample/dakhiliyah.json"
QT_QPA_PLATFORM=offscreen timeout 90 /usr/bin/interior-explorer --lang en --screenshot "$work/window.png" \
  "$work/sample/dakhiliyah.json" >"$work/viewer.log" 2>&1 || { cat "$work/viewer.log"; fail "interior-explorer --screenshot"; }
[[ $(identify -format '%wx%h' "$work/window.png") == 1440x900 ]] || fail "screenshot is not 1440x900"
colours=$(identify -format '%k' "$work/window.png")
((colours > 500)) || fail "the screenshot has $colours colours: no map drawn?"
libs=$(ldd /usr/bin/interior-explorer)
grep -qE "libgis_render.so.0 => (/usr)?/lib/$multiarch/libgis_render" <<<"$libs" || fail "the viewer does not load /$libdir's libgis: $libs"

purge
trap - EXIT
for p in "${packages[@]}"; do
  if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'installed'; then fail "$p still installed after purge"; fi
done
[[ ! -e /usr/bin/gis && ! -e /$libdir/libgis_core.so.0 ]] || fail "files left after purge"
echo "PASS: ${#packages[@]} packages built, checked, installed, run and purged"
