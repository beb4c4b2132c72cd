#!/bin/sh
# bao-cao.html as people use it, in headless Chromium through Selenium
# (page.py), and the province workbook's "Tổng quan" sheet and the unit
# copies' grouped logs read with openpyxl (overview.py).  Input: the example
# districts' workbooks plus one written here by openpyxl whose unit name is
# markup (mkevil.py).  Screenshots: build/screenshots/*.png (the review).
# Env: $XLSXCHECK, $PYTHON, $XC_TEST_TMP, $SCREENSHOTS (default build/screenshots).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
py=${PYTHON:-/usr/bin/python3}
xc=${XLSXCHECK:-$root/build/xlsxcheck}
shots=${SCREENSHOTS:-$root/build/screenshots}
if [ -n "${XC_TEST_TMP:-}" ] && [ -d "$XC_TEST_TMP" ]; then
  tmp=$(mktemp -d "$XC_TEST_TMP/page.XXXXXX")
else
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/xc-page.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT INT TERM
fi
export PYTHONDONTWRITEBYTECODE=1
mkdir -p "$tmp/in" "$tmp/out"
cp "$root"/examples/don-vi/*.xlsx "$tmp/in/"
if ! "$py" "$here/mkevil.py" "$root/examples/don-vi/bao-cao-dinh-ky_kon-ray_2023-q1.xlsx" "$tmp/in/zz-evil.xlsx" 2> "$tmp/gen.err"; then
  echo "FAIL page.generate: $(head -c 300 "$tmp/gen.err")"
  exit 0
fi
(cd "$tmp" && timeout 120 "$xc" merge -o "$tmp/b.zip" in > merge.out 2> merge.err)
rc=$?
if [ $rc -ne 1 ] || [ ! -f "$tmp/b.zip" ]; then
  echo "FAIL page.merge: exit $rc, want 1 (errors logged): $(head -c 300 "$tmp/merge.err")"
  exit 0
fi
echo "ok page.merge"
# the terminal summary: units with errors first, then warnings only, clean, left out
order=$(grep -v "Không tổng hợp" "$tmp/merge.out" | sed -n 's/^  .*(\([0-9]*\) lỗi, \([0-9]*\) cảnh báo).*/\1 \2/p' |
  awk '{ c = ($1 > 0) ? 0 : ($2 > 0) ? 1 : 2; printf "%d", c }')
left=$(grep -n "Không tổng hợp" "$tmp/merge.out" | cut -d: -f1)
last=$(grep -c "" "$tmp/merge.out")
if [ -n "$order" ] && [ "$order" = "$(echo "$order" | fold -w1 | sort | tr -d '\n')" ] &&
   [ "${order#0}" != "$order" ] && [ -n "$left" ] && [ "$left" -eq $((last - 2)) ]; then
  echo "ok page.terminal-order"
else
  echo "FAIL page.terminal-order: units not errors first, then warnings, clean, left out: $order (left out on line $left of $last)"
fi
(cd "$tmp/out" && unzip -q ../b.zip)
nind=$(awk -F'\t' 'NR > 1 && $1 == "bao-cao-dinh-ky"' "$root/rulesets/forms/indicators.tsv" | grep -c "")
evil='Huyện A < B & "C" > D'
timeout 300 "$py" "$here/page.py" "$tmp/out" "$shots" "$nind" "$evil" 2> "$tmp/page.err" ||
  echo "FAIL page.selenium: $(tail -n 3 "$tmp/page.err" | tr '\n' ' ' | head -c 400)"
timeout 120 "$py" "$here/overview.py" "$tmp/out" "$root/rulesets/forms/indicators.tsv" 2> "$tmp/ov.err" ||
  echo "FAIL page.openpyxl: $(tail -n 3 "$tmp/ov.err" | tr '\n' ' ' | head -c 400)"
exit 0
