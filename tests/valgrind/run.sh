#!/bin/sh
# Memory errors and leaks under valgrind (memcheck) for each command, on real
# files, a bad file, a seed workbook and the rulesets.  Skipped in the
# sanitizer pass (an ASan binary does not run under valgrind).  PCRE2's JIT is
# turned off (XLSXCHECK_NO_JIT=1): valgrind cannot see into JIT-generated code.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
corpus=${REAL_XLSX:-$root/../shared/real-xlsx}/files
py=${PYTHON:-/usr/bin/python3}
if [ "${SANITIZE:-}" = 1 ]; then
  echo "# valgrind: skipped in the sanitizer pass"
  exit 0
fi
if ! command -v valgrind > /dev/null 2>&1; then
  echo "FAIL valgrind.setup: valgrind is not installed (sh scripts/install-deps.sh test)"
  exit 0
fi
tmp=$(mktemp -d "${XC_TEST_TMP:-${TMPDIR:-/tmp}}/valgrind.XXXXXX")
XLSXCHECK_NO_JIT=1
XLSXCHECK_RULESETS=$root/rulesets
export XLSXCHECK_NO_JIT XLSXCHECK_RULESETS
vg() { # vg NAME ARGS...: the command's own exit status is not judged, only valgrind's
  name=$1
  shift
  valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
    "$XLSXCHECK" "$@" > "$tmp/out" 2> "$tmp/err"
  if [ $? -eq 99 ]; then
    echo "FAIL valgrind.$name: $(grep -m 3 '==' "$tmp/err" | tr '\n' ' ' | cut -c1-300)"
  else
    echo "ok valgrind.$name"
  fi
}
for f in tidyverse-readxl__types.xlsx SheetJS-test_files__1904.xlsx tafia-calamine__strict_iso_paths.xlsx \
    PHPOffice-PhpSpreadsheet__issue.3720.xlsx SheetJS-test_files__wtf_path.xlsx; do
  vg "dump.$f" dump "$corpus/$f"
done
vg info.types info "$corpus/tidyverse-readxl__types.xlsx"
# the split reader (worker threads; a slice per row), on a clean file and on
# one it abandons half-way (read again serially)
if "$py" "$root/tests/split/gen.py" "$tmp/split" > /dev/null 2>&1; then
  export XLSXCHECK_SPLIT_MIN=0 XLSXCHECK_SPLIT_SLICE=1
  vg split.plain dump "$tmp/split/plain.xlsx"
  vg split.info info "$tmp/split/merges-after.xlsx"
  vg split.bad-sst-index dump "$tmp/split/bad-sst-index.xlsx"
  vg split.check check "$root/examples/don-vi/bao-cao-dinh-ky_dak-ha_2023-q1.xlsx"
  unset XLSXCHECK_SPLIT_MIN XLSXCHECK_SPLIT_SLICE
else
  echo "FAIL valgrind.split: tests/split/gen.py failed"
fi
vg dump.encrypted dump "$corpus/tafia-calamine__pass_protected.xlsx"
printf '<html><table><tr><td>1</td></tr></table></html>' > "$tmp/bang.xlsx"
vg dump.html dump "$tmp/bang.xlsx"
vg rules.bao-cao-dinh-ky rules --lint "$root/rulesets/bao-cao-dinh-ky.rules"
vg rules.chi-so-cchc rules --lint "$root/rulesets/chi-so-cchc.rules"
if "$py" "$root/tests/forms/mkseed.py" "$root/rulesets/forms" "$tmp/seed002.xlsx" 2> /dev/null; then
  vg check.seed002.text check "$tmp/seed002.xlsx"
  vg check.seed002.csv check --format csv "$tmp/seed002.xlsx"
  vg check.seed002.json check --lang en --format json "$tmp/seed002.xlsx"
else
  echo "FAIL valgrind.check.seed002: the seed workbook could not be generated"
fi
vg check.template check "$root/templates/chi-so-cchc.xlsx"
# formulas without a stored value (formula.c, recalc.c): computed, cross-sheet, a cycle,
# one outside the subset and one reading it, written by openpyxl into the official template
if "$py" - "$root/templates/bao-cao-dinh-ky.xlsx" "$tmp/formulas.xlsx" > /dev/null 2>&1 <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
def row(ws, key):
    return next(r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value or "").strip().rstrip(".") == key)
b7, b6, b4 = wb["Biểu mẫu 7"], wb["Biểu mẫu 6"], wb["Biểu mẫu 4"]
b7.cell(row(b7, "7.1.2"), 4).value = 40
b7.cell(row(b7, "7.2.2"), 4).value = 60
b7.cell(row(b7, "7.3.1"), 4).value = f"=D{row(b7, '7.1.2')}+D{row(b7, '7.2.2')}"
b7.cell(row(b7, "7.3"), 4).value = f"=IFERROR(ROUND(D{row(b7, '7.3.2')}/D{row(b7, '7.3.1')}*100,2),0)"
b6.cell(row(b6, "2.1"), 4).value = f"=SUM(D{row(b6, '2.2')}:D{row(b6, '2.5')})+'Biểu mẫu 4'!D{row(b4, '1.5')}"
b4.cell(row(b4, "1.5"), 4).value = f"='Biểu mẫu 6'!D{row(b6, '2.1')}"
b6.cell(row(b6, "2.4"), 4).value = "=VLOOKUP(1,A1:B2,2,FALSE)"
b6.cell(row(b6, "2.5"), 4).value = f"=D{row(b6, '2.4')}+1"
for ws in wb.worksheets:
    ws.protection.sheet = False
wb.save(sys.argv[2])
PY
then
  vg check.formulas check "$tmp/formulas.xlsx"
  vg explain.formulas explain --lang en "$tmp/formulas.xlsx"
else
  echo "FAIL valgrind.formulas: the formula workbook could not be written"
fi
# merge: three example units, one with slips, plus a file that is no workbook
# (two worker threads, libxlsxwriter, libzip writing the bundle)
cp "$tmp/bang.xlsx" "$tmp/khong-phai.xlsx"
vg merge.examples merge -o "$tmp/bundle.zip" "$root/examples/don-vi/bao-cao-dinh-ky_dak-ha_2023-q1.xlsx" \
  "$root/examples/don-vi/bao-cao-dinh-ky_kon-ray_2023-q1.xlsx" "$root/examples/don-vi/bao-cao-dinh-ky_dak-to_2023-q1.xlsx" \
  "$tmp/khong-phai.xlsx"
for f in "$root"/examples/don-vi/*dak-ha*.xlsx; do vg explain.dak-ha explain "$f"; done
rm -rf "$tmp"
exit 0
