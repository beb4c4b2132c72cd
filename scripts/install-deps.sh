#!/bin/sh
# Installs the Debian packages xlsxcheck needs, when they are missing.
#   scripts/install-deps.sh build   libraries and tools to build xlsxcheck
#   scripts/install-deps.sh test    + the independent XLSX producers used by the tests
#   scripts/install-deps.sh bench   + the peers the benchmark compares against
# Needs root (or sudo) only when something is actually missing.
set -eu
what=${1:-build}

build_pkgs="build-essential pkg-config libzip-dev libexpat1-dev libpcre2-dev libutf8proc-dev libxlsxwriter-dev nettle-dev libjansson-dev libmicrohttpd-dev libsqlite3-dev libargon2-dev zip unzip"
test_pkgs="libtsan2 python3 python3-openpyxl python3-xlsxwriter libreoffice-calc-nogui gnumeric clang libclang-rt-14-dev valgrind chromium chromium-driver python3-selenium debhelper dpkg-dev fakeroot scdoc"
bench_pkgs="python3-pandas xlsx2csv time nodejs npm"

case "$what" in
  build) pkgs=$build_pkgs ;;
  test) pkgs="$build_pkgs $test_pkgs" ;;
  bench)
    # A nodejs from NodeSource ships its own npm and conflicts with Debian's npm
    # package: ask for Debian's only when no npm is on the PATH.
    if command -v npm >/dev/null 2>&1; then bench_pkgs=$(echo "$bench_pkgs" | sed 's/ npm$//; s/ npm / /'); fi
    pkgs="$build_pkgs $test_pkgs $bench_pkgs" ;;
  *) echo "usage: $0 build|test|bench" >&2; exit 64 ;;
esac

missing=""
for p in $pkgs; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0

echo "xlsxcheck: installing Debian packages:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
