#!/bin/sh
# `xlsxcheck serve`: HTTP tests (every page, API call and refusal, the hostile
# corpus, the API against the command line, 20 clients x 5 uploads, the stop
# on SIGTERM) and a real browser (headless Chromium through Selenium).  Each
# test starts the server on a free 127.0.0.1 port and stops it by PID; every
# step is bounded in time.  Prints "ok NAME" / "FAIL NAME: why".
set -u
here=$(cd "$(dirname "$0")" && pwd)
PYTHON=${PYTHON:-/usr/bin/python3}
: "${XLSXCHECK:?}"
work=$(mktemp -d "${XC_TEST_TMP:-${TMPDIR:-/tmp}}/serve.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM
slow=1
[ "${SANITIZE:-}" = 1 ] && slow=3
if ! timeout $((600 * slow)) "$PYTHON" "$here/http_test.py" "$XLSXCHECK" "$work"; then
  [ $? -eq 124 ] && echo "FAIL serve-http: timed out"
fi
if [ -f "$here/browser_test.py" ]; then
  if ! timeout $((300 * slow)) "$PYTHON" "$here/browser_test.py" "$XLSXCHECK" "$work"; then
    [ $? -eq 124 ] && echo "FAIL serve-browser: timed out"
  fi
fi
exit 0
