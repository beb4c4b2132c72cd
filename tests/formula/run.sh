#!/bin/sh
# The formula suite: formulas without a stored value (xlsxcheck/formula.c,
# recalc.c), end to end.
#
# gen.py writes, at test time, workbooks whose formulas carry no value:
# the subset's grammar written by openpyxl and by XlsxWriter, and a clean
# bao-cao-dinh-ky workbook whose totals and ratios are formulas ("=D49+D53",
# SUM over ranges, ROUND ratios, cross-sheet), the same with one total
# outside the subset, and one with a wrong total.
#
# Tests (one line each: "ok NAME" or "FAIL NAME: why"):
#   formula.generate             gen.py ran
#   formula.libreoffice          headless LibreOffice, set to recalculate on
#                                load, converted every workbook
#   formula.lo.<file>            every formula xlsxcheck computed equals
#                                LibreOffice's value; the ones outside the
#                                subset (and what reads them) are not computed
#   formula.report.clean         check: exit 0, the one finding F-1 naming the
#                                9 computed cells
#   formula.report.outside       check: exit 0, F-1 and one F-2 naming the cell
#                                outside the subset, no other finding (no
#                                blank-cell or sum error on that cell)
#   formula.report.wrong         check: exit 1, BM3-1 on the formula cell with
#                                the computed (wrong) total
#   formula.report.dump          dump prints nothing for a formula without a
#                                stored value; info counts them
#   formula.report.en            the two findings in English
#   formula.merge                merge of the formula workbook: exit 0 but for
#                                the missing units, F-1 in the bundle's log
#   formula.bounded              40,000 formulas with 400 million dependencies:
#                                the work budget stops the evaluation (some
#                                computed, the rest "too complex"), no crash
# Env: $XLSXCHECK, $UNIT (fxdump is built beside it), $PYTHON, $XC_TEST_TMP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
py=${PYTHON:-/usr/bin/python3}
xc=${XLSXCHECK:-$root/build/xlsxcheck}
unit=${UNIT:-$root/build/unit-tests}
fxdump=$(dirname "$unit")/fxdump
XLSXCHECK_RULESETS=${XLSXCHECK_RULESETS:-$root/rulesets}
export XLSXCHECK_RULESETS
if [ -n "${XC_TEST_TMP:-}" ] && [ -d "$XC_TEST_TMP" ]; then
  tmp=$(mktemp -d "$XC_TEST_TMP/formula.XXXXXX")
else
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/xc-formula.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT INT TERM
fi
to() { timeout "$@"; }

if ! "$py" "$here/gen.py" "$tmp" > "$tmp/gen.out" 2>&1; then
  echo "FAIL formula.generate: $(tail -c 300 "$tmp/gen.out")"
  exit 0
fi
echo "ok formula.generate"
if [ ! -x "$fxdump" ]; then
  echo "FAIL formula.fxdump: $fxdump not built (make $(dirname "$unit")/fxdump)"
  exit 0
fi
files="grammar_op grammar_xw report report_outside"

# ---- LibreOffice's recalculation: a profile that recalculates OOXML on load
profile=$tmp/lo-profile
mkdir -p "$profile/user" "$tmp/lo-home" "$tmp/lo"
cat > "$profile/user/registrymodifications.xcu" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
EOF
if ! command -v soffice > /dev/null 2>&1; then
  echo "FAIL formula.libreoffice: soffice not found (sh scripts/install-deps.sh test)"
else
  srcs=""
  for f in $files; do srcs="$srcs $tmp/$f.xlsx"; done
  # shellcheck disable=SC2086
  (cd "$tmp" && HOME=$tmp/lo-home to 300 soffice --headless --norestore --nolockcheck \
    "-env:UserInstallation=file://$profile" --convert-to xlsx --outdir "$tmp/lo" $srcs) > "$tmp/lo.out" 2>&1
  missing=""
  for f in $files; do [ -f "$tmp/lo/$f.xlsx" ] || missing="$missing $f"; done
  if [ -n "$missing" ]; then
    echo "FAIL formula.libreoffice: no output for$missing: $(tail -c 300 "$tmp/lo.out")"
  else
    echo "ok formula.libreoffice"
    for f in $files; do "$fxdump" "$tmp/$f.xlsx" > "$tmp/$f.ours.tsv" 2> "$tmp/$f.ours.err"; done
    # shellcheck disable=SC2086
    "$py" "$here/compare.py" "$tmp" $files 2>&1 | sed 's/^Traceback/FAIL formula.lo.compare: Traceback/'
  fi
fi

# ---- check on the report workbooks
cd "$tmp" || exit 0
csv() { # file -> rule,severity,cell lines of check --format csv (header dropped); $? of check in rc
  "$xc" check --format csv "$1" > "$1.csv" 2> "$1.err"
  rc=$?
  "$py" -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))[1:]
for r in rows: print("%s,%s,%s!%s" % (r[5], r[6], r[2], r[3]))
' "$1.csv" > "$1.rules"
}
fail() { echo "FAIL $1: $2"; }

csv report.xlsx
if [ "$rc" = 0 ] && [ "$(cat report.xlsx.rules)" = "F-1,info,!" ] &&
   grep -q "9 ô công thức" report.xlsx.csv && grep -q "Biểu mẫu 7!D57 = 104" report.xlsx.csv; then
  echo "ok formula.report.clean"
else
  fail formula.report.clean "exit $rc, findings: $(tr '\n' ' ' < report.xlsx.rules) $(head -c 300 report.xlsx.err)"
fi

csv report_outside.xlsx
cell=$(cut -f3 outside.tsv | tail -n 1)
if [ "$rc" = 0 ] && [ "$(sort report_outside.xlsx.rules | tr '\n' ' ')" = "F-1,info,! F-2,warning,! " ] &&
   grep -q "Biểu mẫu 2!$cell (hàm hoặc tên SUMPRODUCT)" report_outside.xlsx.csv &&
   grep -q "Ctrl+Shift+F9" report_outside.xlsx.csv; then
  echo "ok formula.report.outside"
else
  fail formula.report.outside "exit $rc, findings: $(tr '\n' ' ' < report_outside.xlsx.rules)"
fi

csv report_wrong.xlsx
if [ "$rc" = 1 ] && grep -q "^BM3-1,error,Biểu mẫu 3!D10$" report_wrong.xlsx.rules &&
   grep -q "^F-1,info,!$" report_wrong.xlsx.rules &&
   [ "$(grep -c ',error,' report_wrong.xlsx.rules)" = 1 ]; then
  echo "ok formula.report.wrong"
else
  fail formula.report.wrong "exit $rc, findings: $(tr '\n' ' ' < report_wrong.xlsx.rules)"
fi

# dump is unchanged: nothing for a formula without a stored value; info counts them
"$xc" dump report.xlsx > report.dump 2>&1
"$xc" dump base.xlsx > base.dump 2>&1
"$xc" info report.xlsx > report.info 2>&1
fx=$(grep -o "[0-9]* công thức chưa có giá trị" report.info | awk '{s += $1} END {print s}')
if ! grep -q "^Biểu mẫu 7	D57	" report.dump && grep -q "^Biểu mẫu 7	D57	n	104$" base.dump &&
   [ $(($(grep -c . base.dump) - $(grep -c . report.dump))) = 9 ] && [ "$fx" = 9 ]; then
  echo "ok formula.report.dump"
else
  fail formula.report.dump "$(grep -c . report.dump) dump lines against $(grep -c . base.dump); info counts ${fx:-none}"
fi

"$xc" --lang en check report_outside.xlsx > report_outside.en 2>&1
if grep -q "F-1 (information): 8 formula cells without a stored value" report_outside.en &&
   grep -q "F-2 (warning): 1 formula cells without a stored value that xlsxcheck cannot compute" report_outside.en &&
   grep -q "function or name SUMPRODUCT" report_outside.en; then
  echo "ok formula.report.en"
else
  fail formula.report.en "$(head -c 400 report_outside.en)"
fi

# merge checks every file as check does: the computed values, F-1 in the log
"$xc" merge -o "$tmp/bundle.zip" report.xlsx > merge.out 2>&1
mrc=$?
if [ -f bundle.zip ] && "$py" - "$tmp/bundle.zip" > merge.rules 2>&1 <<'PY'
import csv, io, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
rows = list(csv.reader(io.StringIO(z.read("nhat-ky-loi.csv").decode("utf-8-sig"))))[1:]
for r in rows:
    if r[0].endswith("report.xlsx"): print(r[5], r[6])
PY
then
  if [ "$mrc" -le 1 ] && grep -q "^F-1 info$" merge.rules && ! grep -q " error$" merge.rules; then
    echo "ok formula.merge"
  else
    fail formula.merge "exit $mrc, findings of report.xlsx: $(tr '\n' ' ' < merge.rules)"
  fi
else
  fail formula.merge "exit $mrc, no bundle: $(head -c 300 merge.out)"
fi

# hostile: quadratic ranges over a long chain; the budget must stop it (timeout only as a guard)
to 300 "$fxdump" many.xlsx > many.out 2> many.err
mrc=$?
lines=$(grep -c . many.out)
okn=$(grep -c "	ok	n	" many.out)
limited=$(grep -c "	not-computed	6	" many.out)
if [ "$mrc" = 0 ] && [ "$lines" = 39998 ] && [ "$okn" -gt 0 ] && [ "$limited" -gt 0 ] &&
   [ $((okn + limited)) = 39998 ]; then
  echo "ok formula.bounded"
else
  fail formula.bounded "exit $mrc, $lines formulas, $okn computed, $limited too complex: $(head -c 200 many.err)"
fi
