#!/bin/sh
# The library's layout (layout.py): modules of at most 1,500 lines, no call
# circle between the build's objects, no include circle between headers, the
# rule parser without the evaluator, and no mutable state in the library.
# Reads the objects beside $UNIT ($(dirname $UNIT)/obj, as make builds them).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
: "${UNIT:?set UNIT to the unit-test binary, e.g. build/unit-tests}"
"${PYTHON:-/usr/bin/python3}" "$here/layout.py" "$root" "$(dirname "$UNIT")/obj"
