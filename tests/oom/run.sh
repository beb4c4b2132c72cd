#!/bin/sh
# Out of memory is an error, never an abort (issue 11 point 6; issue 13: a
# request that runs out of memory gets an error answer and the server lives).
#
#   oom.sweep-CMD   failmalloc.so (LD_PRELOAD) makes the Nth allocation of the
#                   process fail (XC_FAILMALLOC_N; XC_FAILMALLOC_AFTER=1: that
#                   one and every later one), swept over check, explain, dump,
#                   info and merge of the examples: every N from 1 to FIRST,
#                   then evenly spaced N up to the command's allocation count
#                   (counted first), both modes; check and dump also with
#                   the split reader forced on.  Each run exits as without
#                   the failure (0 or 1) or 2 saying "hết bộ nhớ" (never 134,
#                   139 or another status); merge never leaves a bundle on 2,
#                   nor a scratch folder or libzip temporary file either way.
#   oom.ulimit-CMD  a large workbook made at test time (mkbig.py), read under
#                   `ulimit -v`: dump, check and merge exit 2 with the message
#                   naming the file; merge writes no bundle and leaves nothing.
#   oom.serve-*     serve_test.py: the server with a limited address space;
#                   an upload that exhausts it gets 413 out_of_memory, then
#                   /healthz and a normal check answer, its request folder gone.
# Under SANITIZE=1 the shim (which replaces malloc) cannot run beside
# AddressSanitizer, nor can `ulimit -v` (ASan's shadow memory needs the
# address space): the big-workbook and server runs then fail allocations
# through ASan's own max_allocation_size_mb, and a note says what is not run.
# Env: $XLSXCHECK, $UNIT (the shim is beside it), $PYTHON, $XC_TEST_TMP, $SANITIZE.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
: "${XLSXCHECK:?}" "${UNIT:?}"
py=${PYTHON:-/usr/bin/python3}
shim=$(dirname "$UNIT")/failmalloc.so
tmp=$(mktemp -d "${XC_TEST_TMP:-${TMPDIR:-/tmp}}/oom.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
ex="$root/examples/don-vi"
one="$ex/bao-cao-dinh-ky_dak-ha_2023-q1.xlsx"
export XLSXCHECK_DATA="$root" # the rulesets of this tree
FIRST=${OOM_FIRST:-100}       # every N up to this
SPREAD=${OOM_SPREAD:-50}      # then this many N spread over the rest

# sweep NAME MERGE? -- CMD ARGS...: prints ok/FAIL oom.sweep-NAME
sweep() {
  name=$1 merge=$2
  shift 3
  out="$tmp/sweep-$name"
  mkdir -p "$out/scratch" "$out/dest"
  # the allocation count and the status without a failure
  TMPDIR="$out/scratch" XC_FAILMALLOC_REPORT="$out/count" LD_PRELOAD="$shim" "$@" >/dev/null 2>"$out/err"
  normal=$?
  total=$(cat "$out/count" 2>/dev/null || echo 0)
  if [ "$total" -lt 100 ] || [ "$normal" -gt 1 ]; then
    echo "FAIL oom.sweep-$name: no allocation count or the plain run failed (status $normal, count $total): $(head -c 200 "$out/err")"
    return
  fi
  bad="" runs=0 twos=0 n=1 k=0
  while [ $n -le "$total" ] && [ -z "$bad" ]; do
    for after in 0 1; do
      [ $n -le "$FIRST" ] && [ $after = 1 ] && [ $((n % 4)) != 0 ] && continue # the first N: "after" for one in four
      rm -rf "$out/scratch" "$out/dest"
      mkdir -p "$out/scratch" "$out/dest"
      XC_FAILMALLOC_N=$n XC_FAILMALLOC_AFTER=$after TMPDIR="$out/scratch" LD_PRELOAD="$shim" "$@" >/dev/null 2>"$out/err"
      rc=$?
      runs=$((runs + 1))
      case $rc in
        0|1) [ $rc = "$normal" ] || bad="N=$n after=$after: status $rc, $normal without the failure" ;;
        2) twos=$((twos + 1))
           grep -q "hết bộ nhớ" "$out/err" || bad="N=$n after=$after: status 2 without 'hết bộ nhớ': $(head -c 200 "$out/err")" ;;
        *) bad="N=$n after=$after: status $rc (an abort or a crash): $(head -c 200 "$out/err")" ;;
      esac
      if [ "$merge" = 1 ] && [ -z "$bad" ]; then
        [ $rc = 2 ] && [ -e "$out/dest/out.zip" ] && bad="N=$n after=$after: status 2 and a bundle written"
        left=$(ls -A "$out/scratch" "$out/dest" 2>/dev/null | grep -v -e '^out.zip$' -e '^$' -e ':$' | tr '\n' ' ')
        [ -n "$left" ] && bad="N=$n after=$after: left behind: $left"
      fi
    done
    if [ $n -lt "$FIRST" ]; then
      n=$((n + 1))
    else
      k=$((k + 1))
      n=$((FIRST + k * (total - FIRST) / SPREAD))
      [ $k -gt "$SPREAD" ] && break
    fi
  done
  if [ -n "$bad" ]; then
    echo "FAIL oom.sweep-$name: $bad"
  else
    echo "ok oom.sweep-$name"
    echo "# oom.sweep-$name: $runs runs over $total allocations (N=1..$FIRST, then $SPREAD spread), $twos said 'hết bộ nhớ' with status 2"
  fi
}

if [ "${SANITIZE:-}" != 1 ]; then
  if [ ! -f "$shim" ]; then
    echo "FAIL oom.sweep: $shim is missing (make check builds it)"
  else
    sweep check 0 -- "$XLSXCHECK" check "$one"
    sweep check-json 0 -- "$XLSXCHECK" check --format json "$one"
    sweep explain 0 -- "$XLSXCHECK" explain "$one"
    sweep dump 0 -- "$XLSXCHECK" dump "$one"
    sweep info 0 -- "$XLSXCHECK" info "$one"
    FIRST=${OOM_MERGE_FIRST:-10} SPREAD=${OOM_MERGE_SPREAD:-20} \
      sweep merge 1 -- "$XLSXCHECK" merge -q -o "$tmp/sweep-merge/dest/out.zip" "$ex"
    # the split reader (a sheet part cut in slices parsed by worker threads),
    # forced on small parts: the example's check, and the dump of a workbook
    # of 20,000 rows
    (export XLSXCHECK_SPLIT_MIN=1 XLSXCHECK_SPLIT_SLICE=4096
     FIRST=40 SPREAD=40 sweep check-split 0 -- "$XLSXCHECK" check "$one")
    if "$py" "$here/mkbig.py" "$tmp/mid.xlsx" 20000 2>"$tmp/mkmid.err"; then
      (export XLSXCHECK_SPLIT_MIN=1 XLSXCHECK_SPLIT_SLICE=65536
       FIRST=40 SPREAD=40 sweep dump-split 0 -- "$XLSXCHECK" dump "$tmp/mid.xlsx")
    else
      echo "FAIL oom.sweep-dump-split: mkbig.py: $(head -c 200 "$tmp/mkmid.err")"
    fi
  fi
else
  echo "# oom: not run under AddressSanitizer: the LD_PRELOAD allocation sweep (the shim replaces malloc, ASan must own it) and the ulimit -v runs (ASan's shadow memory needs the address space); the plain make check runs both. Here: the big-workbook and server runs with ASAN_OPTIONS max_allocation_size_mb."
fi

# ---- a large workbook, memory limited ----------------------------------------------
big="$tmp/lon.xlsx"
if ! "$py" "$here/mkbig.py" "$big" 150000 2>"$tmp/mkbig.err"; then
  echo "FAIL oom.ulimit: mkbig.py: $(head -c 200 "$tmp/mkbig.err")"
  exit 0
fi
# limited NAME LIMIT_KB MESSAGE CMD...: status 2, MESSAGE and the file named
limited() {
  name=$1 lim=$2 msg=$3
  shift 3
  rm -rf "$tmp/lim" && mkdir -p "$tmp/lim/scratch"
  if [ "${SANITIZE:-}" = 1 ]; then
    ASAN_OPTIONS="${ASAN_OPTIONS:-}:allocator_may_return_null=1:max_allocation_size_mb=${asan_mb:-8}" \
      TMPDIR="$tmp/lim/scratch" "$@" >"$tmp/lim/out" 2>"$tmp/lim/err"
    rc=$?
  else
    (ulimit -v "$lim" && TMPDIR="$tmp/lim/scratch" exec "$@" >"$tmp/lim/out" 2>"$tmp/lim/err")
    rc=$?
  fi
  why=""
  [ $rc = 2 ] || why="status $rc, not 2"
  [ -z "$why" ] && ! grep -q "$msg" "$tmp/lim/err" && why="no '$msg'"
  [ -z "$why" ] && ! grep -q -e "lon.xlsx" -e "out.zip" "$tmp/lim/err" && why="the file is not named"
  [ -z "$why" ] && [ -e "$tmp/lim/out.zip" ] && why="a bundle was written"
  [ -z "$why" ] && [ -n "$(ls -A "$tmp/lim/scratch")" ] && why="left in TMPDIR: $(ls -A "$tmp/lim/scratch" | tr '\n' ' ')"
  if [ -z "$why" ]; then echo "ok oom.ulimit-$name"; else echo "FAIL oom.ulimit-$name: $why: $(head -c 200 "$tmp/lim/err")"; fi
}
asan_mb=2 limited dump 40000 "hết bộ nhớ" "$XLSXCHECK" dump "$big" # dump streams: its one big array, the shared strings
limited check 120000 "hết bộ nhớ" "$XLSXCHECK" check "$big"
limited check-en 120000 "out of memory" "$XLSXCHECK" --lang en check "$big"
limited explain 120000 "hết bộ nhớ" "$XLSXCHECK" explain "$big"
limited merge 200000 "hết bộ nhớ" "$XLSXCHECK" merge -q -o "$tmp/lim/out.zip" "$big" "$ex"

# ---- the server ------------------------------------------------------------------------
if [ "${SANITIZE:-}" = 1 ]; then
  ASAN_OPTIONS="${ASAN_OPTIONS:-}:allocator_may_return_null=1:max_allocation_size_mb=8" \
    timeout 300 "$py" "$here/serve_test.py" "$XLSXCHECK" "$tmp" "$big" "$one" 0
else
  timeout 300 "$py" "$here/serve_test.py" "$XLSXCHECK" "$tmp" "$big" "$one" 300000
fi
[ $? -le 1 ] || echo "FAIL oom.serve: the server test did not finish"
