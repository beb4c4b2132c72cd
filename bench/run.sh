#!/bin/sh
# shellcheck disable=SC3013 # test -nt: dash, bash and busybox sh all have it
# bench/run.sh: times `xlsxcheck dump` against the inflate floor and peer readers.
#
#   sh bench/run.sh /abs/path/to/xlsxcheck        (what `make bench` runs)
#
# Environment (all optional):
#   BENCH_RUNS=5        runs of xlsxcheck dump and unzip -p on each file
#   BENCH_PEER_RUNS=3   runs of each peer on each file
#   BENCH_PEERS="openpyxl pandas xlsx2csv ssconvert sheetjs exceljs"
#                       which peers to time (empty: none)
#   BENCH_FILES="numeric mixed"   which workbooks to time
#   BENCH_TIMEOUT=1200  seconds before one run of a tool is stopped
#   BENCH_OUT=bench/results.md    where the Markdown report goes
#   BENCH_NO_INSTALL=1  do not call scripts/install-deps.sh or npm
#   BENCH_NOTE=text     a sentence added to the report's header
#
# Runs are sequential and interleaved (round 1 of every tool, then round 2...),
# so a burst of load from elsewhere spreads over all tools. Reported: median
# wall time and the largest peak RSS over the runs. See bench/README.md.
set -u

die() { echo "bench: $*" >&2; exit 2; }

[ $# -eq 1 ] || die "usage: sh bench/run.sh /abs/path/to/xlsxcheck"
X=$1
[ -x "$X" ] || die "not an executable: $X"

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
data=$here/data
PY=/usr/bin/python3 # Debian's, with python3-openpyxl and python3-pandas (not a pyenv one)
RUNS=${BENCH_RUNS:-5}
PEER_RUNS=${BENCH_PEER_RUNS:-3}
PEERS=${BENCH_PEERS-openpyxl pandas xlsx2csv ssconvert sheetjs exceljs}
FILES=${BENCH_FILES:-numeric mixed}
TIMEOUT=${BENCH_TIMEOUT:-1200}
OUT=${BENCH_OUT:-$here/results.md}

case $RUNS$PEER_RUNS in *[!0-9]*) die "BENCH_RUNS and BENCH_PEER_RUNS must be numbers" ;; esac
if [ "$RUNS" -lt 1 ] || [ "$PEER_RUNS" -lt 1 ]; then die "BENCH_RUNS and BENCH_PEER_RUNS must be >= 1"; fi

work=$(mktemp -d "${TMPDIR:-/tmp}/xlsxcheck-bench.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

say() { echo "bench: $*" >&2; }

# Time a private copy: a rebuild of build/xlsxcheck during the run (make, another
# worktree user) must not change what is being timed halfway through.
cp "$X" "$work/xlsxcheck" || die "cannot copy $X"
case $X in
  "$root"/*) built_from="built from the tree at $(git -C "$root" describe --always --dirty 2>/dev/null || echo '(no git)')" ;;
  *) built_from="$X" ;;
esac
X=$work/xlsxcheck

# --- 1. the peers: Debian packages and npm packages --------------------------
if [ "${BENCH_NO_INSTALL:-}" != 1 ]; then
  sh "$root/scripts/install-deps.sh" bench ||
    say "scripts/install-deps.sh bench failed: peers that are missing will say so in the table"
  if command -v npm >/dev/null 2>&1; then
    if [ ! -f "$here/node_modules/.package-lock.json" ] ||
       [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
      say "npm ci (bench/node_modules)"
      (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >&2) ||
        say "npm ci failed: the Node.js peers will say so in the table"
    fi
  fi
fi

# --- 2. the workbooks, cached under bench/data --------------------------------
mkdir -p "$data"
gen=$data/gen
if [ ! -x "$gen" ] || [ "$here/gen.c" -nt "$gen" ]; then
  say "building bench/data/gen"
  # shellcheck disable=SC2046
  ${CC:-cc} -std=c11 -O2 -Wall -Wextra -o "$gen" "$here/gen.c" \
    $(pkg-config --cflags --libs xlsxwriter) || die "cannot build bench/gen.c (libxlsxwriter-dev?)"
fi
for f in $FILES; do
  case $f in numeric | mixed) ;; *) die "unknown file in BENCH_FILES: $f" ;; esac
  x=$data/$f.xlsx
  if [ ! -s "$x" ] || [ ! -s "$data/$f.cells" ] || [ "$gen" -nt "$x" ]; then
    say "generating bench/data/$f.xlsx"
    rm -f "$x" "$data/$f.cells"
    "$gen" "$f" "$data/$f.tmp.xlsx" > "$data/$f.cells.tmp" || die "gen $f failed"
    mv "$data/$f.tmp.xlsx" "$x" && mv "$data/$f.cells.tmp" "$data/$f.cells"
  fi
done

# --- 3. which tools can run ----------------------------------------------------
node_has() { command -v node >/dev/null 2>&1 && (cd "$here" && node -e "require('$1')" >/dev/null 2>&1); }

# missing TOOL: prints why TOOL cannot run, or nothing when it can
missing() {
  case $1 in
    xlsxcheck | xlsxcheck1) ;;
    unzip) command -v unzip >/dev/null 2>&1 || echo "not installed (unzip)" ;;
    openpyxl) $PY -c 'import openpyxl' >/dev/null 2>&1 || echo "not installed (python3-openpyxl)" ;;
    pandas) $PY -c 'import pandas, openpyxl' >/dev/null 2>&1 || echo "not installed (python3-pandas)" ;;
    xlsx2csv) command -v xlsx2csv >/dev/null 2>&1 || echo "not installed (xlsx2csv)" ;;
    ssconvert) command -v ssconvert >/dev/null 2>&1 || echo "not installed (gnumeric)" ;;
    sheetjs) node_has xlsx || echo "not installed (npm xlsx in bench/node_modules)" ;;
    exceljs) node_has exceljs || echo "not installed (npm exceljs in bench/node_modules)" ;;
    *) echo "unknown peer" ;;
  esac
}

version() {
  case $1 in
    xlsxcheck | xlsxcheck1) "$X" --version 2>/dev/null | sed 's/^xlsxcheck //' ;;
    unzip) unzip -v 2>/dev/null | sed -n '1s/^UnZip \([^ ]*\).*/\1/p' ;;
    openpyxl) $PY -c 'import openpyxl; print(openpyxl.__version__)' 2>/dev/null ;;
    pandas) $PY -c 'import pandas, openpyxl; print(pandas.__version__ + " (openpyxl " + openpyxl.__version__ + ")")' 2>/dev/null ;;
    xlsx2csv) dpkg-query -W -f='${Version}' xlsx2csv 2>/dev/null ;;
    ssconvert) ssconvert --version 2>/dev/null | sed -n "1s/.*version '\([^']*\)'.*/\1/p" ;;
    sheetjs) node -p "require('$here/node_modules/xlsx/package.json').version" 2>/dev/null ;;
    exceljs) node -p "require('$here/node_modules/exceljs/package.json').version" 2>/dev/null ;;
  esac
}

label() {
  case $1 in
    xlsxcheck) echo "xlsxcheck dump" ;;
    xlsxcheck1) echo "xlsxcheck dump, one core (XLSXCHECK_SPLIT=0)" ;;
    unzip) echo "unzip -p sheet1.xml (inflate floor)" ;;
    openpyxl) echo "openpyxl read-only, iter all values" ;;
    pandas) echo "pandas.read_excel (openpyxl)" ;;
    xlsx2csv) echo "xlsx2csv" ;;
    ssconvert) echo "gnumeric ssconvert → csv" ;;
    sheetjs) echo "SheetJS readFile + sheet_to_csv" ;;
    exceljs) echo "ExcelJS streaming WorkbookReader" ;;
    *) echo "$1" ;;
  esac
}

# xlsxcheck1: the same binary with the split reader off, for comparison
TOOLS="xlsxcheck xlsxcheck1 unzip $PEERS"
for t in $TOOLS; do
  why=$(missing "$t")
  if [ -n "$why" ]; then
    say "$t: $why"
    for f in $FILES; do printf '%s\n' "$why" > "$work/$t.$f.fail"; done
  fi
done

# --- 4. is dump's output right? (untimed) ---------------------------------------
for f in $FILES; do
  "$X" dump "$data/$f.xlsx" > "$work/dump.out" 2> "$work/dump.err"
  rc=$?
  lines=$(wc -l < "$work/dump.out" | tr -d ' ')
  echo "$rc $lines $(cat "$data/$f.cells")" > "$work/check.$f"
  say "$f.xlsx: dump exit $rc, $lines lines, $(cat "$data/$f.cells") cells written"
done
rm -f "$work/dump.out"

# --- 5. timed runs, interleaved ----------------------------------------------------
now_ns() { date +%s%N; }

# timed TOOL FILE: one run; appends "wall_s rss_kb" to $work/TOOL.FILE.runs
timed() {
  t=$1 f=$2 x=$data/$2.xlsx
  case $t in
    xlsxcheck) set -- "$X" dump "$x" ;;
    xlsxcheck1) set -- env XLSXCHECK_SPLIT=0 "$X" dump "$x" ;;
    unzip) set -- unzip -p "$x" xl/worksheets/sheet1.xml ;;
    openpyxl) set -- $PY "$here/peers/openpyxl_iter.py" "$x" ;;
    pandas) set -- $PY "$here/peers/pandas_read.py" "$x" ;;
    xlsx2csv) set -- xlsx2csv "$x" ;;
    ssconvert) set -- ssconvert "$x" "$work/ssconvert-out.csv" ;;
    sheetjs) set -- node "$here/peers/sheetjs_csv.js" "$x" ;;
    exceljs) set -- node "$here/peers/exceljs_stream.js" "$x" ;;
  esac
  rm -f "$work/time" "$work/ssconvert-out.csv"
  t0=$(now_ns)
  /usr/bin/time -f '%e %M %U %S' -o "$work/time" timeout "$TIMEOUT" "$@" \
    > /dev/null 2> "$work/err" < /dev/null
  rc=$?
  t1=$(now_ns)
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
  rss=$(tail -n 1 "$work/time" 2>/dev/null | awk '{ print $2 }')
  cpu=$(tail -n 1 "$work/time" 2>/dev/null | awk '{ printf "%.2f", $3 + $4 }')
  if [ "$rc" -ne 0 ]; then
    if [ "$rc" -eq 124 ]; then why="timed out after ${TIMEOUT} s"
    else why="failed (exit $rc): $(grep -v '^Command exited' "$work/err" | grep . | tail -n 1 | cut -c1-120)"
    fi
    printf '%s\n' "$why" > "$work/$t.$f.fail"
    say "  $t $f.xlsx: $why"
    return
  fi
  echo "$wall ${rss:-0} ${cpu:-0}" >> "$work/$t.$f.runs"
  n=$(sed -n 's/^cells \([0-9]*\)$/\1/p' "$work/err" | tail -n 1)
  [ -n "$n" ] && echo "$n" > "$work/$t.$f.cells"
  say "  $t $f.xlsx: ${wall} s wall, ${cpu:-?} s CPU, $(awk -v k="${rss:-0}" 'BEGIN { printf "%.1f", k / 1024 }') MB"
}

runs_of() { case $1 in xlsxcheck | xlsxcheck1 | unzip) echo "$RUNS" ;; *) echo "$PEER_RUNS" ;; esac; }

rounds=$RUNS
[ "$PEER_RUNS" -gt "$rounds" ] && [ -n "$PEERS" ] && rounds=$PEER_RUNS
started=$(date -u '+%Y-%m-%d %H:%M UTC')
load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
say "load average before timing: $load_before"
i=1
while [ "$i" -le "$rounds" ]; do
  say "round $i of $rounds"
  for f in $FILES; do
    for t in $TOOLS; do
      [ -f "$work/$t.$f.fail" ] && continue
      [ "$i" -le "$(runs_of "$t")" ] || continue
      timed "$t" "$f"
    done
  done
  i=$((i + 1))
done

# --- 6. the report -------------------------------------------------------------------
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) exit; if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
med_of() { [ -s "$work/$1.$2.runs" ] && awk '{ print $1 }' "$work/$1.$2.runs" | median; }
cpu_of() { [ -s "$work/$1.$2.runs" ] && awk '{ print $3 }' "$work/$1.$2.runs" | median; }
rss_of() { [ -s "$work/$1.$2.runs" ] && awk '$2 > m { m = $2 } END { printf "%.1f", m / 1024 }' "$work/$1.$2.runs"; }
nruns() { if [ -s "$work/$1.$2.runs" ]; then wc -l < "$work/$1.$2.runs" | tr -d ' '; else echo 0; fi; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "—" }'; }

{
  echo "# xlsxcheck dump benchmark"
  echo
  echo "Run $started on $(nproc) cores" \
    "($(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)), shared with other work:" \
    "medians and ratios matter, single numbers do not."
  echo "xlsxcheck: $("$X" --version 2>/dev/null), $built_from.${BENCH_NOTE:+ $BENCH_NOTE}"
  echo "Load average (1, 5, 15 min) before timing: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)." \
    "Above the core count, other work was taking CPU: wall times grow, CPU times much less."
  if [ -n "$PEERS" ]; then
    echo "Runs: $RUNS of xlsxcheck (on both cores, then on one) and unzip, $PEER_RUNS of each peer, interleaved."
  else
    echo "Runs: $RUNS of xlsxcheck and unzip, interleaved; no peers (BENCH_PEERS is empty)."
  fi
  echo
  echo "| file | cells | .xlsx size | sheet1.xml size |"
  echo "| --- | ---: | ---: | ---: |"
  for f in $FILES; do
    x=$data/$f.xlsx
    size=$(wc -c < "$x" | awk '{ printf "%.1f MB", $1 / 1048576 }')
    usize=$(unzip -l "$x" xl/worksheets/sheet1.xml 2>/dev/null | awk 'NR == 4 { printf "%.1f MB", $1 / 1048576 }')
    echo "| $f.xlsx | $(cat "$data/$f.cells") | $size | $usize |"
  done
  echo
  echo "| tool | file | runs | median wall s | median CPU s | peak RSS MB | × inflate floor | × dump | cells seen | note |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
  for f in $FILES; do
    floor=$(med_of unzip "$f")
    dump=$(med_of xlsxcheck "$f")
    for t in $TOOLS; do
      name="$(label "$t")"
      v=$(version "$t")
      [ -n "$v" ] && name="$name $v"
      note=""
      [ -f "$work/$t.$f.fail" ] && note=$(cat "$work/$t.$f.fail")
      med=$(med_of "$t" "$f")
      if [ -z "$med" ]; then
        echo "| $name | $f.xlsx | 0 | — | — | — | — | — | — | ${note:-no run} |"
        continue
      fi
      xf="—" xd="—"
      [ -n "$floor" ] && xf=$(ratio "$med" "$floor")
      [ -n "$dump" ] && xd=$(ratio "$med" "$dump")
      cells="—"
      if [ "$t" = xlsxcheck ]; then
        cells=$(awk '{ print $2 }' "$work/check.$f")
        note=${note:-"lines of output"}
      elif [ -f "$work/$t.$f.cells" ]; then
        cells=$(cat "$work/$t.$f.cells")
      fi
      [ -n "$note" ] && [ -f "$work/$t.$f.fail" ] && note="after $(nruns "$t" "$f") good runs: $note"
      echo "| $name | $f.xlsx | $(nruns "$t" "$f") | $med | $(cpu_of "$t" "$f") | $(rss_of "$t" "$f") | $xf | $xd | $cells | $note |"
    done
  done
  echo
  echo "Targets:"
  echo
  for f in $FILES; do
    floor=$(med_of unzip "$f")
    dump=$(med_of xlsxcheck "$f")
    # shellcheck disable=SC2046 # three words: exit status, lines, cells
    set -- $(cat "$work/check.$f")
    if [ "$1" -eq 0 ] && [ "$2" = "$3" ]; then r=PASS; else r=MISS; fi
    echo "- $r $f.xlsx: dump output is $2 lines for $3 cells (exit $1)"
    if [ -n "$dump" ] && [ -n "$floor" ]; then
      q=$(ratio "$dump" "$floor")
      r=$(awk -v q="$q" 'BEGIN { print (q <= 2.5) ? "PASS" : "MISS" }')
      echo "- $r $f.xlsx: dump / inflate floor = $q× ($dump s / $floor s wall; target ≤ 2.5×;" \
        "in CPU time $(ratio "$(cpu_of xlsxcheck "$f")" "$(cpu_of unzip "$f")")×)"
    else
      echo "- MISS $f.xlsx: dump / inflate floor: no measurement"
    fi
    best="" bt=""
    for t in $PEERS; do
      m=$(med_of "$t" "$f") || continue
      [ -n "$m" ] || continue
      if [ -z "$bt" ] || awk -v a="$m" -v b="$bt" 'BEGIN { exit !(a < b) }'; then best=$t bt=$m; fi
    done
    if [ -n "$best" ] && [ -n "$dump" ]; then
      q=$(ratio "$bt" "$dump")
      r=$(awk -v q="$q" 'BEGIN { print (q >= 5) ? "PASS" : "MISS" }')
      echo "- $r $f.xlsx: fastest peer ($(label "$best"), $bt s) / dump = $q× (target ≥ 5×;" \
        "in CPU time $(ratio "$(cpu_of "$best" "$f")" "$(cpu_of xlsxcheck "$f")")×)"
    else
      echo "- N/A $f.xlsx: fastest peer / dump: no peer ran"
    fi
    if [ -n "$dump" ]; then
      m=$(rss_of xlsxcheck "$f")
      r=$(awk -v m="$m" 'BEGIN { print (m <= 32) ? "PASS" : "MISS" }')
      echo "- $r $f.xlsx: dump peak RSS = $m MB (target ≤ 32 MB)"
    fi
  done
} > "$work/results.md"

cp "$work/results.md" "$OUT"
cat "$work/results.md"
say "written to $OUT"
