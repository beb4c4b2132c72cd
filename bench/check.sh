#!/bin/sh
# Benchmark of `xlsxcheck check` on the 10 district workbooks of one period
# (tests/forms/mkclean.py: clean, consistent reports of the 10 Kon Tum units,
# written by openpyxl, XlsxWriter, LibreOffice and gnumeric).  Target: all 10
# checked in under 100 ms wall, in one call.  Prints the median of RUNS runs.
#
#   sh bench/check.sh [/abs/path/to/xlsxcheck]      (RUNS=15 by default)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
xc=${1:-$root/build/xlsxcheck}
runs=${RUNS:-15}
data=$here/data/clean
if [ ! -s "$data/manifest.tsv" ]; then
  mkdir -p "$data"
  /usr/bin/python3 "$root/tests/forms/mkclean.py" "$data" > /dev/null
fi
files=$(ls "$data"/bao-cao-dinh-ky_*.xlsx)
n=$(echo "$files" | wc -l)
size=$(du -ch $files | tail -n 1 | cut -f1)
XLSXCHECK_DATA=$root
export XLSXCHECK_DATA
# shellcheck disable=SC2086
"$xc" check $files > /dev/null 2>&1 || true   # warm the page cache
times=""
for i in $(seq "$runs"); do
  t0=$(date +%s%N)
  # shellcheck disable=SC2086
  "$xc" check $files > /dev/null 2>&1 || true
  t1=$(date +%s%N)
  times="$times $(( (t1 - t0) / 1000 ))"
done
median=$(echo $times | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
best=$(echo $times | tr ' ' '\n' | sort -n | head -n 1)
# shellcheck disable=SC2086
/usr/bin/time -f '%M' -o "$data/rss" "$xc" check $files > /dev/null 2>&1 || true
rss=$(tail -n 1 "$data/rss")
printf '| check, %s district workbooks (%s) | median %.1f ms | best %.1f ms | peak RSS %s KB |\n' \
  "$n" "$size" "$(echo "$median / 1000" | bc -l)" "$(echo "$best / 1000" | bc -l)" "$rss"
if [ "$median" -lt 100000 ]; then echo "PASS: under 100 ms"; else echo "MISS: 100 ms target"; fi
