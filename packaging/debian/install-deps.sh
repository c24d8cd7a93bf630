#!/usr/bin/env bash
# Installs the Debian packages listed in packages.txt that are not installed yet.
# Does nothing (and needs no root) when all are present; runs `apt-get update` once otherwise.
set -euo pipefail
list="$(dirname "$0")/packages.txt"
bench=0
[[ "${1:-}" == "--bench" ]] && bench=1
missing=()
while read -r pkg tag _; do
  [[ -z "$pkg" || "$pkg" == \#* ]] && continue
  [[ "$tag" == "bench" && $bench -eq 0 ]] && continue
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done < "$list"
[[ ${#missing[@]} -eq 0 ]] && exit 0
echo "install-deps: installing ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: need root to install: ${missing[*]}" >&2; exit 1; }
  sudo=sudo
fi
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
