#!/bin/sh
# make distcheck: the release tarball unpacked in a scratch folder, built and
# tested there (make check): what a user of the tarball gets.  The real-file
# corpus (../shared) is not beside it, so the suites that need it say they
# are skipped (XC_DISTCHECK=1).
set -eu
tarball=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
scratch=$(mktemp -d "${TMPDIR:-/tmp}/xlsxcheck-distcheck.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
chmod 755 "$scratch" # the tests run the binary as another user too (cli.output.permission)
cd "$scratch"
tar -xzf "$tarball"
cd xlsxcheck-*/
XC_DISTCHECK=1 make -j2 check
echo "distcheck: $(basename "$tarball") builds and passes its tests"
