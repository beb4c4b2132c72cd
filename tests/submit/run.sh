#!/bin/sh
# Submissions (issue: the store, access codes, login, the district flow, the
# Sở's dashboard and merge): the commands codes / admin-password / backup,
# then every flow and refusal over HTTP against a server on a free
# 127.0.0.1 port (stopped by its PID), the crash test (kill -9 during
# uploads) and the browser test (headless Chromium through Selenium).
# Env: $XLSXCHECK, $PYTHON, $XC_TEST_TMP (optional scratch dir).
# Prints "ok submit.NAME" / "FAIL submit.NAME: why" per test.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
py=${PYTHON:-/usr/bin/python3}
xc=${XLSXCHECK:-$root/build/xlsxcheck}
case $xc in /*) ;; *) xc=$(pwd)/$xc ;; esac
if [ -n "${XC_TEST_TMP:-}" ] && [ -d "$XC_TEST_TMP" ]; then
  tmp=$(mktemp -d "$XC_TEST_TMP/submit.XXXXXX")
else
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/xc-submit.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT INT TERM
fi
export PYTHONDONTWRITEBYTECODE=1
to() { if command -v timeout >/dev/null 2>&1; then timeout "$@"; else shift; "$@"; fi; }
for t in cli http diskfull crash browser; do
  to 600 "$py" "$here/test_$t.py" "$xc" "$root" "$tmp/$t" || echo "FAIL submit.$t: the script stopped (status $?)"
done
