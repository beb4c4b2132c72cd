#!/bin/sh
# The PAR-index (chi-so-cchc) merge: 10 units' self-assessment workbooks
# (tests/par/mkpar.py: Kon Rẫy = seed 004, nine others with other scores)
# check clean, merge into a bundle whose province workbook has the "Xếp
# hạng" sheet, and the ranking agrees with an independent computation.
# Env: $XLSXCHECK, $PYTHON, $XC_TEST_TMP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
py=${PYTHON:-/usr/bin/python3}
xc=${XLSXCHECK:?}
tmp=$(mktemp -d "${XC_TEST_TMP:-/tmp}/par.XXXXXX")
if ! "$py" "$here/mkpar.py" "$tmp/in" > "$tmp/gen.log" 2>&1; then
  echo "FAIL par.generate: $(tail -n 3 "$tmp/gen.log")"
  exit 0
fi
echo "ok par.generate"
rc=0
"$xc" check "$tmp"/in/*.xlsx > "$tmp/check.txt" 2>&1 || rc=$?
if [ "$rc" -eq 0 ]; then echo "ok par.check-clean"; else echo "FAIL par.check-clean: exit $rc: $(head -c 300 "$tmp/check.txt")"; fi
rc=0
"$xc" merge -o "$tmp/par.zip" "$tmp/in" > "$tmp/merge.txt" 2>&1 || rc=$?
if [ "$rc" -eq 0 ] && [ -s "$tmp/par.zip" ]; then
  echo "ok par.merge"
else
  echo "FAIL par.merge: exit $rc: $(head -c 300 "$tmp/merge.txt")"
  exit 0
fi
if unzip -l "$tmp/par.zip" | grep -q "tong-hop_kon-tum_nam-2023.xlsx"; then echo "ok par.name"; else echo "FAIL par.name: $(unzip -l "$tmp/par.zip")"; fi
"$py" "$here/ranking.py" "$tmp/par.zip" "$tmp/in/expected.json" 2>&1 | sed 's/^Traceback/FAIL par.ranking: Traceback/'
if grep -q "10/10" "$tmp/merge.txt"; then echo "ok par.units"; else echo "FAIL par.units: $(head -n 1 "$tmp/merge.txt")"; fi
# the HTML page ranks them too, Kon Rẫy (seed 004, index 91,97) first
if unzip -p "$tmp/par.zip" bao-cao.html > "$tmp/page.html" 2>/dev/null &&
   grep -q "Xếp hạng Chỉ số CCHC" "$tmp/page.html" &&
   grep -o '<tr><td class="xc-num">1</td><td>[^<]*</td>' "$tmp/page.html" | head -n 1 | grep -q "Huyện Kon Rẫy" &&
   grep -q '<td class="xc-num">91,97</td>' "$tmp/page.html"; then
  echo "ok par.html"
else
  echo "FAIL par.html: no ranking table with Huyện Kon Rẫy first at 91,97 in bao-cao.html"
fi
