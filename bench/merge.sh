#!/bin/sh
# bench/merge.sh: how fast is `xlsxcheck merge`, and is its memory flat?
#
#   sh bench/merge.sh [/abs/path/to/xlsxcheck]     (default: build/xlsxcheck)
#
# 1. The 10 district workbooks of examples/don-vi: the median wall time of
#    RUNS runs of `merge -o TMP.zip examples/don-vi` (target: < 200 ms).
# 2. The national sets, each made once into bench/data (git ignores it):
#    3,321 district-size workbooks (bench/mkdistricts.py: ~3,400 cells,
#    lists of ~200 procedures, four producers, one in five with a typing
#    slip or another period; targets: bundle written, < 30 s, peak RSS
#    < 1 GB) and 3,321 commune-size ones (bench/mkcommunes.py; target:
#    < 10 s): the median of BIG_RUNS runs of
#    `merge --units REGISTRY -o TMP.zip bench/data/SET`, then one run for
#    each N of SIZES (folders of symlinks to the first N files) to show how
#    time and memory grow with N.
# Every run goes through /usr/bin/time -v (peak RSS = "Maximum resident set
# size", CPU = user + system); the wall time comes from date +%s%N around it.
# CPU/wall above 1 means the second core was used (2.0 is the ceiling here).
# Prints a Markdown table on stdout, progress on stderr.
#
# Environment (all optional):
#   RUNS=11            runs of the 10-district merge
#   BIG_RUNS=3         runs of each national merge
#   SIZES="100 1000 3321"   the N of the growth runs (one run each)
#   COMMUNES=3321      how many communes to generate
#   DISTRICTS=3321     how many district-size workbooks to generate
#   BENCH_SETS="districts communes"   which national sets
#   BENCH_TIMEOUT=900  seconds before one run is stopped
#   BENCH_SKIP_BIG=1   only the 10 districts
set -u

die() { echo "bench/merge: $*" >&2; exit 2; }
say() { echo "bench/merge: $*" >&2; }

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
X=${1:-$root/build/xlsxcheck}
[ -x "$X" ] || die "not an executable: $X"
RUNS=${RUNS:-11}
BIG_RUNS=${BIG_RUNS:-3}
COMMUNES=${COMMUNES:-3321}
DISTRICTS=${DISTRICTS:-3321}
SIZES=${SIZES:-100 1000 3321}
BENCH_SETS=${BENCH_SETS:-districts communes}
TIMEOUT=${BENCH_TIMEOUT:-900}
PY=/usr/bin/python3 # Debian's, with python3-openpyxl
[ -x /usr/bin/time ] || die "GNU time (/usr/bin/time) is not installed: apt-get install time"

work=$(mktemp -d "${TMPDIR:-/tmp}/xlsxcheck-merge-bench.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# A private copy: a rebuild during the run must not change what is timed.
cp "$X" "$work/xlsxcheck" || die "cannot copy $X"
case $X in
  "$root"/*) built_from="$(echo "$X" | sed "s|^$root/||"), tree at $(git -C "$root" describe --always --dirty 2>/dev/null || echo '?')" ;;
  *) built_from="$X" ;;
esac
X=$work/xlsxcheck
XLSXCHECK_RULESETS=$root/rulesets
XLSXCHECK_DATA=$root
export XLSXCHECK_RULESETS XLSXCHECK_DATA

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]}'; }
max() { tr ' ' '\n' | grep -v '^$' | sort -n | tail -n 1; }

# run LABEL ARGS...: one timed merge into $work/out.zip.
# Sets: wall_ms, cpu_ms, rss_kb, rc, lastline.
run() {
  rm -f "$work/out.zip"
  t0=$(date +%s%N)
  timeout "$TIMEOUT" /usr/bin/time -v -o "$work/time" "$X" merge -o "$work/out.zip" "$@" \
    > "$work/stdout" 2> "$work/stderr"
  rc=$?
  t1=$(date +%s%N)
  wall_ms=$(( (t1 - t0) / 1000000 ))
  rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time")
  cpu_ms=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%d", s * 1000}' "$work/time")
  # the first error line (libxlsxwriter's or xlsxcheck's), else the last line
  lastline=$( { grep -E -m 1 'lỗi:|error:|ERROR' "$work/stderr"; grep -v '^ *$' "$work/stderr" | tail -n 1; } |
             head -n 1 | sed 's/^ *//' | cut -c1-200)
  [ -n "$rss_kb" ] || rss_kb=0
  [ $rc -eq 124 ] && lastline="timed out after $TIMEOUT s"
  return 0
}

# What the bundle says: the manifest's statuses and the rules of the log's errors.
bundle_summary() {
  if [ ! -s "$work/out.zip" ]; then
    echo "no bundle (exit $rc: $lastline)"
    return
  fi
  st=$(unzip -p "$work/out.zip" manifest.json 2>/dev/null | grep -o '"status": "[a-z-]*"' |
       sed 's/"status": "//; s/"//' | sort | uniq -c | awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2}')
  er=$(unzip -p "$work/out.zip" nhat-ky-loi.csv 2>/dev/null | awk -F, '$7 == "error" {print $6}' |
       sort | uniq -c | sort -rn | awk '{printf "%s%s×%s", (NR > 1 ? ", " : ""), $2, $1}')
  echo "exit $rc; ${st:-no statuses}; errors: ${er:-none}"
}

ms() { awk -v x="$1" 'BEGIN {printf "%.0f ms", x}'; }
sec() { awk -v x="$1" 'BEGIN {printf "%.2f s", x / 1000}'; }
mb() { awk -v x="$1" 'BEGIN {printf "%.0f MB", x / 1024}'; }
ratio() { awk -v c="$1" -v w="$2" 'BEGIN {if (w > 0) printf "%.2f", c / w; else print "-"}'; }

load0=$(cut -d' ' -f1-3 /proc/loadavg)
say "binary: $built_from; load average: $load0"
rows=""
notes=""

# --- 1. the 10 districts -------------------------------------------------------
nd=$(find "$root/examples/don-vi" -maxdepth 1 -name "*.xlsx" | wc -l)
[ "$nd" -gt 0 ] || die "no examples/don-vi/*.xlsx"
run "$root/examples/don-vi" # warm the page cache
walls="" cpus="" rsss=""
for i in $(seq "$RUNS"); do
  run "$root/examples/don-vi"
  walls="$walls $wall_ms"
  cpus="$cpus $cpu_ms"
  rsss="$rsss $rss_kb"
done
d_wall=$(echo "$walls" | median)
d_cpu=$(echo "$cpus" | median)
d_rss=$(echo "$rsss" | max)
d_best=$(echo "$walls" | tr ' ' '\n' | grep -v '^$' | sort -n | head -n 1)
rows="$rows
| $nd districts (examples/don-vi) | $RUNS | $(ms "$d_wall") (best $(ms "$d_best")) | $(ms "$d_cpu") | $(ratio "$d_cpu" "$d_wall") | $(mb "$d_rss") | $(bundle_summary) |"
if [ "$d_wall" -lt 200 ]; then t1="PASS"; else t1="MISS"; fi
targets="- 10 districts checked and merged under 200 ms wall: **$t1** (median $(ms "$d_wall"))"

# --- 2. the national sets ----------------------------------------------------------
# big KIND COUNT GENERATOR PREFIX TARGET_MS: makes (once) COUNT workbooks of
# KIND into bench/data/KIND with GENERATOR, times BIG_RUNS merges of them all,
# then one merge for each N of SIZES (folders of symlinks to the first N).
big() {
  kind=$1 count=$2 gen=$3 prefix=$4 target=$5
  dir=$here/data/$kind
  case $kind in
    districts) want="$count $(cat "$here/mkdistricts.py" "$root/tests/forms/mkclean.py" | sha256sum | cut -d' ' -f1)" ;;
    *) want="$count $(sha256sum "$here/$gen" | cut -d' ' -f1)" ;;
  esac
  if [ "$(cat "$dir/.complete" 2>/dev/null)" != "$want" ]; then
    say "generating $count $kind workbooks into bench/data/$kind"
    t0=$(date +%s%N)
    "$PY" "$here/$gen" "$dir" "$count" || die "bench/$gen failed"
    say "  made in $(sec $(( ($(date +%s%N) - t0) / 1000000 )))"
  fi
  reg=$(ls "$dir"/*.tsv | grep -v expected.tsv | head -n 1)
  size=$(du -shL "$dir" | cut -f1)
  say "timing merge of $count $kind ($BIG_RUNS runs)"
  walls="" cpus="" rsss="" big_summary=""
  for i in $(seq "$BIG_RUNS"); do
    run --units "$reg" "$dir"
    say "  run $i: $(sec "$wall_ms"), CPU $(sec "$cpu_ms"), $(mb "$rss_kb"), exit $rc"
    walls="$walls $wall_ms"
    cpus="$cpus $cpu_ms"
    rsss="$rsss $rss_kb"
    big_summary=$(bundle_summary)
  done
  b_wall=$(echo "$walls" | median)
  b_cpu=$(echo "$cpus" | median)
  b_rss=$(echo "$rsss" | max)
  rows="$rows
| $count $kind ($size) | $BIG_RUNS | $(sec "$b_wall") | $(sec "$b_cpu") | $(ratio "$b_cpu" "$b_wall") | $(mb "$b_rss") | $big_summary |"
  if [ "$rc" -ne 2 ] && [ "$rc" -ne 124 ] && [ "$b_wall" -lt "$target" ]; then t2="PASS"; else t2="MISS"; fi
  [ "$rc" -eq 2 ] && notes="$notes
- The $count-$kind merge wrote no bundle: \`$lastline\`. Its time is the time to that failure."
  targets="$targets
- $count $kind merged under $(sec "$target") wall: **$t2** (median $(sec "$b_wall"), CPU $(sec "$b_cpu"), exit $rc)"
  if [ "$kind" = districts ]; then
    if [ "$rc" -ne 2 ] && [ "$b_rss" -lt 1048576 ]; then t3="PASS"; else t3="MISS"; fi
    targets="$targets
- $count $kind: peak RSS under 1 GB: **$t3** ($(mb "$b_rss"))"
  fi
  srows="$srows
| **$kind** | | | | | | |"
  for n in $SIZES; do
    if [ "$n" -ge "$count" ]; then
      sub=$dir
    else
      sub=$here/data/$kind-n$n
      if [ "$(find "$sub" -maxdepth 1 -name "$prefix*.xlsx" 2>/dev/null | wc -l)" -ne "$n" ]; then
        rm -rf "$sub"
        mkdir -p "$sub"
        i=1
        while [ "$i" -le "$n" ]; do
          ln -s "../$kind/$(printf "${prefix}%04d.xlsx" "$i")" "$sub/"
          i=$((i + 1))
        done
      fi
    fi
    say "$kind N=$n"
    run --units "$reg" "$sub"
    srows="$srows
| $n | $(sec "$wall_ms") | $(sec "$cpu_ms") | $(ratio "$cpu_ms" "$wall_ms") | $(mb "$rss_kb") | $(awk -v r="$rss_kb" -v n="$n" 'BEGIN {printf "%.0f", r / n}') | $(bundle_summary) |"
  done
}

srows=""
if [ "${BENCH_SKIP_BIG:-}" != 1 ]; then
  for set in $BENCH_SETS; do
    case $set in
      communes) big communes "$COMMUNES" mkcommunes.py xa_ 10000 ;;
      districts) big districts "$DISTRICTS" mkdistricts.py dv_ 30000 ;;
      *) die "BENCH_SETS: unknown set $set" ;;
    esac
  done
fi

# --- the report --------------------------------------------------------------------
cat <<EOF
## xlsxcheck merge

$(date -u +%Y-%m-%d), $(nproc) cores, load average $load0 before the runs, $(cut -d' ' -f1-3 /proc/loadavg) after; $built_from.

| input | runs | median wall | median CPU (user+sys) | CPU/wall | peak RSS | bundle (last run) |
| --- | --- | --- | --- | --- | --- | --- |$rows
EOF
if [ "${BENCH_SKIP_BIG:-}" != 1 ]; then
  cat <<EOF

Growth with the number of workbooks (one run each, on the first N):

| N | wall | CPU | CPU/wall | peak RSS | KB per file | bundle |
| --- | --- | --- | --- | --- | --- | --- |$srows
EOF
fi
echo
echo "$targets"
[ -n "$notes" ] && echo "$notes"
exit 0
