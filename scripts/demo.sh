#!/bin/sh
# make demo: the main job on the bundled example data.
# The 10 Kon Tum units' periodic reports for Quý I/2023 (examples/don-vi/,
# made by examples/regen.sh; three of them carry slips) are checked and
# merged into the province workbook, zipped with the error log in dist/.
set -eu
xc=${1:?usage: demo.sh /path/to/xlsxcheck}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
echo "== xlsxcheck merge examples/don-vi"
rc=0
"$xc" merge examples/don-vi || rc=$?
# 1 = the bundle was written and errors were logged (the three slips)
[ "$rc" -le 1 ] || exit "$rc"
bundle=dist/tong-hop_kon-tum_quy-i-2023.zip
echo
echo "== $bundle"
unzip -l "$bundle" | sed -n '4,$p' | sed '/^-----/,$d'
echo
echo "Mở $bundle: bao-cao.html (báo cáo đọc trên trình duyệt: tổng quan, biểu đồ, lỗi của từng"
echo "đơn vị theo nhóm), bao-cao-chi-loi.html (chỉ các lỗi, để in), tong-hop_kon-tum_quy-i-2023.xlsx"
echo "(tệp tổng hợp của tỉnh, mở ra ở trang Tổng quan), nhat-ky-loi.csv, don-vi/<đơn vị>.xlsx (ô có lỗi tô đỏ)."
