#!/bin/sh
# The explain suite: `xlsxcheck explain` on the odd files the help desk meets.
#
# mkcases.py writes them at test time from a clean unit workbook (see its
# docstring: legacy .xls, encrypted, HTML, CSV and text under .xlsx, a
# truncated download, .xlsm, TCVN3, VNI, NFD, an older form, formulas without
# values, numbers as text, merged and hidden/protected input sheets).
#
# Tests (one line each: "ok NAME" or "FAIL NAME: why"):
#   explain.<case>.exit        the exit status, as check's (0, 1, or 2 for unreadable)
#   explain.<case>.facts       the fact ids the case must produce (JSON output)
#   explain.<case>.text[.en]   the text output equals the golden <case>[.en].expected
#   explain.<case>.json        the JSON output equals <case>.json.expected
#   explain.json.valid         every case's JSON parses, with the same facts as the text
# UPDATE=1 rewrites the golden files (review them before committing).
# Env: $XLSXCHECK, $PYTHON (Debian's python3 with openpyxl), $XC_TEST_TMP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
py=${PYTHON:-/usr/bin/python3}
xc=${XLSXCHECK:-$root/build/xlsxcheck}
case $xc in /*) ;; */*) xc=$(pwd)/$xc ;; esac
XLSXCHECK_DATA=${XLSXCHECK_DATA:-$root}
export XLSXCHECK_DATA
if [ -n "${XC_TEST_TMP:-}" ] && [ -d "$XC_TEST_TMP" ]; then
  tmp=$(mktemp -d "$XC_TEST_TMP/explain.XXXXXX")
else
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/xc-explain.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT INT TERM
fi
if ! "$py" "$here/mkcases.py" "$tmp" > "$tmp/mk.out" 2>&1; then
  echo "FAIL explain.generate: $(tail -c 300 "$tmp/mk.out")"
  exit 0
fi
cd "$tmp" || exit 0

# case  file  exit  fact ids that must appear (comma-separated)
cases='clean clean.xlsx 0 file.kind,file.application,form.match,check.summary
xls xls.xlsx 2 file.kind
encrypted encrypted.xlsx 2 file.kind
html html.xlsx 2 file.kind
csv csv.xlsx 2 file.kind
text text.xlsx 2 file.kind
truncated truncated.xlsx 2 file.kind
macro macro.xlsm 0 file.kind,form.match
tcvn3 tcvn3.xlsx 1 text.tcvn3,form.labels-differ,check.TI-1
vni vni.xlsx 1 text.vni,form.labels-differ,check.TI-1
nfd nfd.xlsx 0 text.nfd,form.sheet-names-nfd
oldform oldform.xlsx 0 form.sheet-renamed,form.keys-inserted,form.labels-differ,form.keys-moved
formulas formulas.xlsx 0 cells.formula-computed,cells.formula-no-value
textnum textnum.xlsx 1 cells.numbers-as-text,cells.number-ambiguous,cells.number-english,check.BM1-1
merged merged.xlsx 0 cells.merged-input
hidden hidden.xlsx 0 form.sheet-hidden,form.sheet-protected'
kinds='xls:xls encrypted:encrypted html:html csv:csv text:text truncated:truncated macro:xlsm clean:xlsx'

# explain names the official forms by their absolute path (the data folder's
# templates/): the goldens say DATADIR there.
datadir_real=$(cd "$XLSXCHECK_DATA" && pwd -P)
golden() { # name got-file golden-file
  sed "s|$datadir_real/templates/|DATADIR/templates/|g" "$2" > "$2.norm" && mv "$2.norm" "$2"
  if [ "${UPDATE:-0}" = 1 ]; then cp "$2" "$3"; echo "ok $1 (updated)"; return; fi
  if cmp -s "$2" "$3"; then
    echo "ok $1"
  else
    echo "FAIL $1: differs from $(basename "$3")"
    diff "$3" "$2" | head -8 | sed 's/^/#   /'
  fi
}

echo "$cases" | while read -r name file want ids; do
  timeout 120 "$xc" explain "$file" > "$name.txt" 2> "$name.err"
  rc=$?
  if [ "$rc" -eq "$want" ] && [ ! -s "$name.err" ]; then
    echo "ok explain.$name.exit"
  else
    echo "FAIL explain.$name.exit: want $want, got $rc; stderr: $(head -c 200 "$name.err")"
  fi
  timeout 120 "$xc" explain --format json "$file" > "$name.json" 2>/dev/null
  rcj=$?
  kind=$(echo "$kinds" | tr ' ' '\n' | sed -n "s/^$name://p")
  if "$py" - "$name.json" "$ids" "$rcj" "$want" "$name.txt" "$kind" 2> "$name.pyerr" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
got = [f["id"] for f in d["facts"]]
for i in sys.argv[2].split(","):
    assert i in got, f"no fact {i} in {got}"
assert int(sys.argv[3]) == int(sys.argv[4]) == d["status"], (sys.argv[3], d["status"])
text = open(sys.argv[5], encoding="utf-8").read()
assert len(re.findall(r"^\d+\. \[", text, re.M)) == len(d["facts"]), "text and JSON differ in facts"
for f in d["facts"]:
    assert f["level"] in ("info", "warning", "error") and f["text"], f
    assert f["level"] != "error" or f["steps"], f"an error without steps: {f}"
if sys.argv[6]:
    assert d["kind"] == sys.argv[6], (d["kind"], sys.argv[6])
PY
  then echo "ok explain.$name.facts"; else echo "FAIL explain.$name.facts: $(tail -n 1 "$name.pyerr" | head -c 300)"; fi
  golden "explain.$name.text" "$name.txt" "$here/$name.expected"
done

# the step to open the official form names a file that is there
tpl=$(sed -n 's/.*Mở biểu mẫu chính thức (\(.*\.xlsx\)).*/\1/p' oldform.txt | head -n 1)
case $tpl in
  DATADIR/templates/*) [ -f "$datadir_real/templates/${tpl#DATADIR/templates/}" ] && echo "ok explain.template-path" \
                         || echo "FAIL explain.template-path: no file $tpl" ;;
  *) echo "FAIL explain.template-path: the step names '$tpl', not the data folder's templates/" ;;
esac

for name in clean tcvn3 truncated; do
  file=$(echo "$cases" | awk -v n=$name '$1 == n {print $2}')
  timeout 120 "$xc" explain --lang en "$file" > "$name.en.txt" 2>/dev/null
  golden "explain.$name.text.en" "$name.en.txt" "$here/$name.en.expected"
done
for name in textnum csv; do
  golden "explain.$name.json" "$name.json" "$here/$name.json.expected"
done

# usage: a bad --format, a missing file name
timeout 60 "$xc" explain --format xml clean.xlsx > /dev/null 2>&1
rc=$?
if [ $rc -eq 2 ]; then echo "ok explain.usage.format"; else echo "FAIL explain.usage.format: exit $rc"; fi
timeout 60 "$xc" explain > /dev/null 2>&1
rc=$?
if [ $rc -eq 2 ]; then echo "ok explain.usage.file"; else echo "FAIL explain.usage.file: exit $rc"; fi
# a file that does not exist: explained on stdout, exit 2
timeout 60 "$xc" explain no-such-file.xlsx > missing.txt 2>/dev/null
rc=$?
if [ $rc -eq 2 ] && grep -q "^1\. \[lỗi\]" missing.txt; then echo "ok explain.missing"; else echo "FAIL explain.missing: exit $rc"; fi
exit 0
