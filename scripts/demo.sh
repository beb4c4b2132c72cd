#!/bin/sh
# make demo: the main job on the bundled example data.
# Until the check and merge commands exist, that is: write the example
# workbooks (examples/mkexamples.c), then `info` and `dump` each one and
# print a short summary.
set -eu
xc=${1:?usage: demo.sh /path/to/xlsxcheck}
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(dirname "$xc")
out="$build/examples"
mkdir -p "$out"
"$build/mkexamples" "$top/examples/data" "$out"
total_files=0
total_cells=0
for f in "$out"/*.xlsx; do
  total_files=$((total_files + 1))
  echo "=================================================================="
  "$xc" info "$f"
  echo "--- dump (10 dòng đầu của trang thứ hai) ---"
  second=$("$xc" dump "$f" | cut -f1 | uniq | sed -n 2p)
  "$xc" dump "$f" --sheet "$second" | head -n 10
  cells=$("$xc" dump "$f" | wc -l)
  text_numbers=$("$xc" dump "$f" | awk -F'\t' '$2 ~ /^D[0-9]/ && $3 == "s" && $4 ~ /^[0-9][0-9.,]*%?$/' | wc -l)
  total_cells=$((total_cells + cells))
  echo "--- tóm tắt: $cells ô có dữ liệu; $text_numbers ô số được gõ dưới dạng chữ"
done
echo "=================================================================="
echo "Đã đọc $total_files sổ làm việc mẫu ($total_cells ô) trong $out"
