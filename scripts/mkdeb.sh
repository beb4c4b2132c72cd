#!/bin/sh
# make deb: the Debian package, built with debhelper from a copy of the source
# tree (dpkg-buildpackage cleans the tree and writes beside it), moved to dist/.
#   scripts/mkdeb.sh [OUTDIR]     (default: dist)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/dist}
version=$(sed -n 's/^#define XC_VERSION "\(.*\)"/\1/p' "$top/xlsxcheck/version.h")
debversion=$(sed -n '1s/^xlsxcheck (\([^)]*\)).*/\1/p' "$top/debian/changelog")
case $debversion in
  "$version"|"$version"-*) ;;
  *) echo "xlsxcheck: debian/changelog says $debversion, xlsxcheck/version.h $version" >&2; exit 1 ;;
esac
scratch=$(mktemp -d "${TMPDIR:-/tmp}/xlsxcheck-deb.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
src=$scratch/xlsxcheck-$version
mkdir "$src"
# the tree as it is, without build outputs, bundles or git's own files
(cd "$top" && tar -cf - --exclude=./.git --exclude='./build*' --exclude=./dist \
   --exclude=./bench/data --exclude=./bench/node_modules .) | (cd "$src" && tar -xf -)
(cd "$src" && dpkg-buildpackage -us -uc -b >"$scratch/build.log" 2>&1) || {
  tail -n 40 "$scratch/build.log" >&2
  echo "xlsxcheck: dpkg-buildpackage failed (log above)" >&2
  exit 1
}
mkdir -p "$out"
for f in "$scratch"/*.deb; do
  mv "$f" "$out/"
  echo "$out/$(basename "$f")"
done
