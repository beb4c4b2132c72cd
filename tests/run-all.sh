#!/bin/sh
# Runs every test suite and prints the closing line "N passed, N failed".
# A suite is tests/<name>/run.sh; it gets $XLSXCHECK (the binary) and $UNIT
# (the unit-test binary, beside the other test programs of the build), and
# prints one line per test:
#   ok <name>            or            FAIL <name>: <why>
# Lines starting with "#" are comments shown as they are.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${XLSXCHECK:?}" "${UNIT:?}"
export XLSXCHECK UNIT
export PYTHON=/usr/bin/python3   # Debian's python, where python3-openpyxl lives
work=$(mktemp -d "${TMPDIR:-/tmp}/xlsxcheck-tests.XXXXXX")
export XC_TEST_TMP="$work"
trap 'rm -rf "$work"' EXIT INT TERM
log="$work/all.log"
: > "$log"
for suite in unit cases layout cli real e2e hostile split templates forms rules units merge scale par page explain formula submit serve valgrind; do
  script="$here/$suite/run.sh"
  if [ ! -f "$script" ]; then # a suite listed here and missing is a failure, never skipped
    echo "FAIL $suite: tests/$suite/run.sh is missing" | tee -a "$log"
    continue
  fi
  echo "== $suite"
  sh "$script" 2>&1 | tee -a "$log" | grep -v '^ok ' || true
done
passed=$(grep -c '^ok ' "$log")
failed=$(grep -c '^FAIL ' "$log")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
