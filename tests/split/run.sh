#!/bin/sh
# The split reader (xlsxcheck/sheetsplit.c: large sheets parsed on every
# core) must print exactly what the serial reader prints.  Every workbook
# below is read with splitting off (XLSXCHECK_SPLIT=0) and with every sheet
# cut into slices of one row (XLSXCHECK_SPLIT_MIN=0 XLSXCHECK_SPLIT_SLICE=1)
# and of about 700 bytes; dump and info must give the same stdout, stderr
# and exit status.  The workbooks: tests/split/gen.py's edge cases (where
# each must also be cut, read again serially, or left uncut, as its table
# says), ../shared/real-xlsx, examples/don-vi (also through `check`), and
# the e2e and hostile corpora when the suites before this one left them in
# $XC_TEST_TMP.
# Prints "ok split.NAME" or "FAIL split.NAME: why".
set -u
LC_ALL=C
export LC_ALL
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
XLSXCHECK=${XLSXCHECK:-$root/build/xlsxcheck}
PYTHON=${PYTHON:-/usr/bin/python3}
case $XLSXCHECK in /*) ;; *) XLSXCHECK=$(pwd)/$XLSXCHECK ;; esac
if [ -n "${XC_TEST_TMP:-}" ] && [ -d "$XC_TEST_TMP" ]; then
  tmp=$(mktemp -d "$XC_TEST_TMP/split.XXXXXX")
else
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/xc-split.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT INT TERM
fi
XLSXCHECK_DATA=$root
export XLSXCHECK_DATA
unset XLSXCHECK_SPLIT XLSXCHECK_SPLIT_MIN XLSXCHECK_SPLIT_SLICE XLSXCHECK_SPLIT_STATS

if ! "$PYTHON" "$here/gen.py" "$tmp/edge" > "$tmp/gen.log" 2>&1; then
  echo "FAIL split.generate: $(tail -n 1 "$tmp/gen.log")"
  exit 0
fi

# run OUT MODE CMD ARGS...: MODE is serial or a slice size
run() {
  out=$1 mode=$2
  shift 2
  if [ "$mode" = serial ]; then
    XLSXCHECK_SPLIT=0 timeout 60 "$XLSXCHECK" "$@" > "$out.out" 2> "$out.err" < /dev/null
  else
    XLSXCHECK_SPLIT_MIN=0 XLSXCHECK_SPLIT_SLICE=$mode timeout 60 "$XLSXCHECK" "$@" \
      > "$out.out" 2> "$out.err" < /dev/null
  fi
  echo $? > "$out.rc"
}

# same NAME CMD ARGS...: serial and split agree
same() {
  sname=$1
  shift
  run "$tmp/s" serial "$@"
  for sl in 1 700; do
    run "$tmp/p" "$sl" "$@"
    for part in rc out err; do
      if ! cmp -s "$tmp/s.$part" "$tmp/p.$part"; then
        echo "FAIL split.$sname: $1 with slices of $sl bytes: $part differs from the serial reader's"
        diff "$tmp/s.$part" "$tmp/p.$part" | head -n 6 | sed 's/^/#   /'
        return 1
      fi
    done
  done
  return 0
}

# The edge cases: same output, and the split reader did what the table says.
while IFS="$(printf '\t')" read -r name expect; do
  f=$tmp/edge/$name.xlsx
  same "edge.$name" dump "$f" && same "edge.$name" info "$f" || continue
  XLSXCHECK_SPLIT_MIN=0 XLSXCHECK_SPLIT_SLICE=1 XLSXCHECK_SPLIT_STATS=1 \
    "$XLSXCHECK" dump "$f" 2>&1 > /dev/null | grep 'split: xl/worksheets/sheet1.xml' | head -n 1 > "$tmp/stats"
  slices=$(sed -n 's/.*: \([0-9]*\) slices.*/\1/p' "$tmp/stats")
  case $expect in
    split) grep -q ' done$' "$tmp/stats" && [ "${slices:-0}" -gt 1 ] ;;
    serial) grep -q 'read again serially' "$tmp/stats" ;;
    uncut) [ "${slices:-x}" = 0 ] && grep -q ' done$' "$tmp/stats" ;;
    *) [ -s "$tmp/stats" ] ;;
  esac || {
    echo "FAIL split.edge.$name: expected \"$expect\", the reader said: $(cat "$tmp/stats")"
    continue
  }
  echo "ok split.edge.$name"
done < "$tmp/edge/cases.tsv"

# The big edge case also goes through the default settings (it is under the
# 8 MiB threshold, so this reads it serially) and a slice size larger than
# an inflate chunk.
f=$tmp/edge/big.xlsx
XLSXCHECK_SPLIT=0 "$XLSXCHECK" dump "$f" > "$tmp/big.serial"
XLSXCHECK_SPLIT_MIN=0 XLSXCHECK_SPLIT_SLICE=300000 XLSXCHECK_SPLIT_STATS=1 "$XLSXCHECK" dump "$f" \
  > "$tmp/big.split" 2> "$tmp/big.stats"
if cmp -s "$tmp/big.serial" "$tmp/big.split" && grep -q ' done$' "$tmp/big.stats" &&
  [ "$(wc -l < "$tmp/big.serial")" -eq 48000 ]; then
  echo "ok split.big-slices"
else
  echo "FAIL split.big-slices: $(head -n 1 "$tmp/big.stats")"
fi

# Every other workbook we have.
check_set() { # SET FILE...
  set_name=$1
  shift
  n=0 bad=0
  for f in "$@"; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    base=$(basename "$f")
    same "$set_name.$base" dump "$f" && same "$set_name.$base" info "$f" || bad=$((bad + 1))
  done
  [ "$n" -gt 0 ] && [ "$bad" -eq 0 ] && echo "ok split.$set_name ($n files)"
  [ "$n" -eq 0 ] && echo "# split.$set_name: no files"
  return 0
}

real=${REAL_XLSX:-$root/../shared/real-xlsx}
check_set real "$real"/files/*
check_set examples "$root"/examples/don-vi/*.xlsx
if [ -n "${XC_TEST_TMP:-}" ]; then
  # shellcheck disable=SC2046
  check_set e2e $(find "$XC_TEST_TMP" -path '*/e2e.*/corpus/*' -name '*.xls[xm]' 2>/dev/null | sort)
  # the hostile corpus but its bombs, which take seconds each
  hostile=$XC_TEST_TMP/hostile/corpus
  if [ -f "$hostile/cases.tsv" ]; then
    # shellcheck disable=SC2046
    check_set hostile $(awk -F '\t' '$2 != "@missing" && $9 !~ /time=|null/ {print "'"$hostile"'/" $2}' \
      "$hostile/cases.tsv" | sort -u)
  fi
fi

for f in "$root"/examples/don-vi/*.xlsx; do
  same "check.$(basename "$f")" check --format csv "$f" || continue
  echo "ok split.check.$(basename "$f")"
done
