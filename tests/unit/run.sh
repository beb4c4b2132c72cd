#!/bin/sh
# Runs the unit tests: $UNIT is the unit-test binary (make unit builds it).
# Output: "ok <suite>.<name>" / "FAIL <suite>.<name>: ..." per test.
set -u
: "${UNIT:?set UNIT to the unit-test binary, e.g. build/unit-tests}"
if [ ! -x "$UNIT" ]; then
  echo "FAIL unit.binary: $UNIT is missing; run make unit"
  exit 1
fi
exec "$UNIT" "$@"
