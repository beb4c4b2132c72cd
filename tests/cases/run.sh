#!/bin/sh
# The data-driven cases of the evaluator (check.test) and of the identify
# decision (identify.test), run in-process through the public interface by
# case-tests (tests/cases/runner.c, built beside $UNIT).
# Prints "ok cases.NAME" / "FAIL cases.NAME: why" (+ "#" lines).
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${UNIT:?set UNIT to the unit-test binary, e.g. build/unit-tests}"
runner=$(dirname "$UNIT")/case-tests
if [ ! -x "$runner" ]; then
  echo "FAIL cases.binary: $runner is missing; run make check"
  exit 1
fi
"$runner" "$here"/*.test
