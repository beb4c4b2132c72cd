#!/bin/sh
# forms.clean suite: clean, consistent district workbooks must check clean.
#
# tests/forms/mkclean.py writes one periodic report (Quý I/2023) for each of
# the 10 units of Kon Tum, consistent with every relation of scope D, each
# written by one producer (openpyxl, XlsxWriter, LibreOffice, gnumeric) with
# the benign variations real files carry (see VARIANTS in mkclean.py).
#
# Tests (one line each: "ok NAME" or "FAIL NAME: why"; other lines start "#"):
#   forms.clean.<slug>          `check --format csv` exits 0 and reports no
#                               error (warnings are allowed)
#   forms.clean.deterministic   a second run of the generator gives the same
#                               data (`xlsxcheck dump` of every workbook; the
#                               bytes differ, producers stamp times)
#   forms.clean.template.<slug>  the same data filled into the official
#                               template (templates/bao-cao-dinh-ky.xlsx) with
#                               openpyxl: checks clean too
#   forms.clean.info.<field>    every accepted spelling of a Thông tin field
#                               (unit names of the registry, Tỉnh, Kỳ aliases,
#                               Số báo cáo, dates, phones, emails; mkinfo.py)
#                               gives no TI-* finding
#   forms.clean.mutant.<slug>   the test can fail: Biểu mẫu 3 row 3.3.2 set
#                               above 3.3.1 (with openpyxl, keeping the cell's
#                               notation) makes `check` exit 1 with BM3-11 at
#                               that cell and BM3-10 at row 3.3
# Env: $XLSXCHECK (the binary), $PYTHON (Debian's python3 with openpyxl and
# xlsxwriter), $XC_TEST_TMP (optional scratch dir, removed by the caller).
# Run from anywhere: the rules are this tree's rulesets/ (the data folder $XLSXCHECK_DATA
# when it is set).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
py=${PYTHON:-/usr/bin/python3}
: "${XLSXCHECK:?set XLSXCHECK to the xlsxcheck binary}"
case $XLSXCHECK in
  /*) ;;
  */*) XLSXCHECK=$(pwd)/$XLSXCHECK ;;
esac
XLSXCHECK_DATA=${XLSXCHECK_DATA:-$root}
export XLSXCHECK_DATA
to=""
command -v timeout > /dev/null 2>&1 && to="timeout 120"
if [ -n "${XC_TEST_TMP:-}" ] && [ -d "$XC_TEST_TMP" ]; then
  tmp=$(mktemp -d "$XC_TEST_TMP/forms-clean.XXXXXX")
else
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/xc-forms-clean.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT INT TERM
fi
TAB=$(printf '\t')

check() {   # check FILE OUT.csv: prints the checker's exit status (124: it hung)
  (cd "$root" && $to "$XLSXCHECK" check --format csv "$1" > "$2" 2> "$2.err"; echo $?)
}

if ! "$py" -c 'import openpyxl, xlsxwriter' 2>/dev/null; then
  echo "FAIL forms.clean.generate: $py lacks openpyxl or xlsxwriter (sh scripts/install-deps.sh test)"
  exit 0
fi
if ! "$py" "$here/mkclean.py" "$tmp/a" > "$tmp/gen-a.out" 2>&1 || [ ! -s "$tmp/a/manifest.tsv" ]; then
  echo "FAIL forms.clean.generate: mkclean.py failed: $(tail -n 3 "$tmp/gen-a.out" | tr '\n' ' ')"
  exit 0
fi

# 1. every clean workbook checks clean
while IFS="$TAB" read -r status slug path producer variations; do
  name=forms.clean.$slug
  if [ "$status" != ok ]; then
    echo "FAIL $name: not generated: $path"
    continue
  fi
  csv=$tmp/$slug.csv
  rc=$(check "$path" "$csv")
  errs=$("$py" "$here/findings.py" errors "$csv" 2>&1)
  if [ "$rc" = 0 ] && [ -z "$errs" ]; then
    echo "ok $name"
  elif [ "$rc" != 0 ] && [ "$rc" != 1 ]; then
    echo "FAIL $name: check exited $rc: $(head -c 300 "$csv.err" | tr '\n' ' ')"
  elif [ "$rc" = 0 ]; then
    echo "FAIL $name: exit 0 but error rows: $errs"
  else
    echo "FAIL $name ($producer; $variations): $errs"
  fi
done < "$tmp/a/manifest.tsv"

# 1b. accepted spellings of the Thông tin fields
if ! "$py" "$here/mkinfo.py" "$tmp/info" > "$tmp/info.out" 2>&1 || [ ! -s "$tmp/info/manifest.tsv" ]; then
  echo "FAIL forms.clean.info: mkinfo.py failed: $(tail -n 1 "$tmp/info.out")"
else
  : > "$tmp/info.bad"
  while IFS="$TAB" read -r group path key value; do
    csv=$tmp/info.csv
    check "$path" "$csv" > /dev/null
    found=$(grep -o ',TI-[0-9.w]*,[a-z]*,' "$csv" | sed 's/^,\(.*\),\(.*\),$/\1 (\2)/' | sort -u | tr '\n' ' ' | sed 's/ $//')
    [ -z "$found" ] || printf '%s\t"%s": %s\n' "$group" "$value" "$found" >> "$tmp/info.bad"
  done < "$tmp/info/manifest.tsv"
  for group in $(cut -f1 "$tmp/info/manifest.tsv" | uniq); do
    n=$(grep -c "^$group$TAB" "$tmp/info/manifest.tsv")
    bad=$(grep "^$group$TAB" "$tmp/info.bad" | cut -f2 | tr '\n' '|' | sed 's/|$//; s/|/; /g')
    if [ -z "$bad" ]; then
      echo "ok forms.clean.info.$group"
    else
      echo "FAIL forms.clean.info.$group: of $n spellings, flagged: $bad"
    fi
  done
fi

# 2. the generator is deterministic (same data, compared through dump)
if ! "$py" "$here/mkclean.py" "$tmp/b" > "$tmp/gen-b.out" 2>&1 || [ ! -s "$tmp/b/manifest.tsv" ]; then
  echo "FAIL forms.clean.deterministic: the second run of mkclean.py failed"
else
  diffs=""
  cut -f1,2 "$tmp/a/manifest.tsv" > "$tmp/ma"
  cut -f1,2 "$tmp/b/manifest.tsv" > "$tmp/mb"
  if ! cmp -s "$tmp/ma" "$tmp/mb"; then
    diffs="the manifests differ"
  fi
  while IFS="$TAB" read -r status slug path producer variations; do
    [ "$status" = ok ] || continue
    other=$tmp/b/$(basename "$path")
    $to "$XLSXCHECK" dump "$path" > "$tmp/$slug.dump-a" 2>&1
    $to "$XLSXCHECK" dump "$other" > "$tmp/$slug.dump-b" 2>&1
    if ! cmp -s "$tmp/$slug.dump-a" "$tmp/$slug.dump-b"; then
      diffs="$diffs $slug"
    fi
  done < "$tmp/a/manifest.tsv"
  if [ -z "$diffs" ]; then
    echo "ok forms.clean.deterministic"
  else
    echo "FAIL forms.clean.deterministic: dumps differ:$diffs"
  fi
fi

# 3. the test can fail: one summary value changed
while IFS="$TAB" read -r status slug path producer variations; do
  [ "$status" = ok ] || continue
  name=forms.clean.mutant.$slug
  mut=$tmp/$slug.mutant.xlsx
  if ! out=$("$py" "$here/mutate.py" "$path" "$mut" "Biểu mẫu 3" 3.3.2 "=3.3.1+5" 2>"$mut.err"); then
    echo "FAIL $name: mutate.py failed: $(tail -n 1 "$mut.err")"
    continue
  fi
  cell=$(printf '%s\n' "$out" | cut -f2)
  csv=$tmp/$slug.mutant.csv
  rc=$(check "$mut" "$csv")
  if [ "$rc" != 1 ]; then
    echo "FAIL $name: check exited $rc (want 1) after 3.3.2 $(printf '%s' "$out" | cut -f3) -> $(printf '%s' "$out" | cut -f4)"
  elif ! "$py" "$here/findings.py" has "$csv" BM3-11 "$cell" 3.3.2; then
    echo "FAIL $name: no BM3-11 error at $cell (3.3.2): $("$py" "$here/findings.py" errors "$csv")"
  elif ! "$py" "$here/findings.py" has "$csv" BM3-10; then
    echo "FAIL $name: no BM3-10 error: $("$py" "$here/findings.py" errors "$csv")"
  else
    echo "ok $name"
  fi
done < "$tmp/a/manifest.tsv"
exit 0
