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
XLSXCHECK_DATA=$root
export XLSXCHECK_NO_JIT XLSXCHECK_DATA
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
# merge: three example units, one with slips, plus a file that is no workbook
# (two worker threads, libxlsxwriter, libzip writing the bundle)
cp "$tmp/bang.xlsx" "$tmp/khong-phai.xlsx"
vg merge.examples merge -o "$tmp/bundle.zip" "$root/examples/don-vi/bao-cao-dinh-ky_dak-ha_2023-q1.xlsx" \
  "$root/examples/don-vi/bao-cao-dinh-ky_kon-ray_2023-q1.xlsx" "$root/examples/don-vi/bao-cao-dinh-ky_dak-to_2023-q1.xlsx" \
  "$tmp/khong-phai.xlsx"
for f in "$root"/examples/don-vi/*dak-ha*.xlsx; do vg explain.dak-ha explain "$f"; done
rm -rf "$tmp"
exit 0
