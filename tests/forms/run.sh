#!/bin/sh
# The forms and rule engine end to end (issue: official forms and the rule engine):
# - the seed workbook (Kbang, seed 002) gives exactly the findings seed-findings.md
#   lists for its Biểu mẫu, plus the unit and province checks (seed002.expected), and
#   its text report in both languages matches the golden outputs reviewed by hand;
# - CSV and JSON carry the same findings; exit status 1 on errors;
# - the clean workbooks of the 10 units check clean (clean.sh).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
py=${PYTHON:-/usr/bin/python3}
xc=${XLSXCHECK:-$root/build/xlsxcheck}
if [ -n "${XC_TEST_TMP:-}" ] && [ -d "$XC_TEST_TMP" ]; then
  tmp=$(mktemp -d "$XC_TEST_TMP/forms.XXXXXX")
else
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/xc-forms.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT INT TERM
fi

if ! "$py" "$here/mkseed.py" "$root/rulesets/forms" "$tmp/seed002.xlsx" 2> "$tmp/gen.err"; then
  echo "FAIL forms.seed002.generate: $(head -c 300 "$tmp/gen.err")"
  exit 0
fi
cd "$tmp" || exit 0
timeout 120 "$xc" check --format csv seed002.xlsx > seed.csv 2> seed.err
rc=$?
if [ $rc -eq 1 ]; then echo "ok forms.seed002.exit"; else echo "FAIL forms.seed002.exit: want 1, got $rc: $(head -c 200 seed.err)"; fi
tail -n +2 seed.csv | tr -d '\r' | awk -F, '{print $3"\t"$5"\t"$6"\t"$7}' > seed.got
if cmp -s seed.got "$here/seed002.expected"; then
  echo "ok forms.seed002.findings"
else
  echo "FAIL forms.seed002.findings: differ from seed002.expected (sheet, key, rule, severity)"
  diff "$here/seed002.expected" seed.got | head -10 | sed 's/^/#   /'
fi
head -n 1 seed.csv | tr -d '\r' > head.got
printf '\357\273\277file,unit,sheet,cell,key,rule,severity,message,expected,actual,hint,group\n' > head.want
if cmp -s head.got head.want; then echo "ok forms.csv.header"; else echo "FAIL forms.csv.header: $(cat head.got)"; fi
for lang in vi en; do
  golden="$here/seed002.txt"
  [ "$lang" = en ] && golden="$here/seed002.en.txt"
  timeout 120 "$xc" check --lang $lang seed002.xlsx > text.$lang 2>&1
  if cmp -s text.$lang "$golden"; then
    echo "ok forms.seed002.text.$lang"
  else
    echo "FAIL forms.seed002.text.$lang: differs from $(basename "$golden")"
    diff "$golden" text.$lang | head -6 | sed 's/^/#   /'
  fi
done
# the same findings as one HTML page (report_html.c's grouped table), reviewed by hand
# (the stylesheet line left out: tests/page judges the look in a browser)
timeout 120 "$xc" check --format html seed002.xlsx 2> page.err | grep -v '^<style>' > page.html
if cmp -s page.html "$here/seed002.html"; then
  echo "ok forms.seed002.html"
else
  echo "FAIL forms.seed002.html: differs from seed002.html"
  diff "$here/seed002.html" page.html | head -6 | cut -c1-200 | sed 's/^/#   /'
fi
# the typing-slip hint of F01: 2245 (3.3.2) against 2445 (3.3.1)
if grep -q "2.245 có thể là 2.445 (gõ nhầm?)" text.vi; then echo "ok forms.seed002.slip-hint"; else echo "FAIL forms.seed002.slip-hint: no hint for 3.3.2"; fi
timeout 120 "$xc" check --format json seed002.xlsx > seed.json 2>/dev/null
if "$py" - seed.json seed.got <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert len(d["files"]) == 1 and d["files"][0]["name"] == "seed002.xlsx"   # one object per file
d = d["files"][0]
got = [f"{f['sheet']}\t{f['key']}\t{f['rule']}\t{f['severity']}" for f in d["findings"]]
want = open(sys.argv[2], encoding="utf-8").read().split("\n")[:-1]
assert got == want, (got[:3], want[:3])
assert d["errors"] == sum(1 for f in d["findings"] if f["severity"] == "error")
PY
then echo "ok forms.seed002.json"; else echo "FAIL forms.seed002.json: JSON findings differ from CSV"; fi
# the groups of the text report (group.c) cover the CSV's rows exactly: one
# group line per distinct group id, its count the rows with that id
if "$py" - text.vi seed.csv <<'PY'
import csv, collections, re, sys
text = open(sys.argv[1], encoding="utf-8").read().split("\n")
heads = [l for l in text if re.match(r"^  \S.* — [A-Z0-9-]+ \((lỗi|cảnh báo)\)", l)]
counts = []
for l in heads:
    m = re.search(r"\), (\d+) (ô|phát hiện): ", l)
    counts.append(int(m.group(1)) if m else 1)
rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8-sig", newline="")))
by = collections.Counter(r["group"] for r in rows)
assert sum(counts) == len(rows), (sum(counts), len(rows))
assert len(heads) == len(by), (len(heads), len(by))
assert sorted(counts) == sorted(by.values()), (sorted(counts), sorted(by.values()))
assert all(re.fullmatch(r"[A-Z0-9-]+:[0-9a-f]{8}", g) for g in by)
PY
then echo "ok forms.seed002.groups"; else echo "FAIL forms.seed002.groups: the text report's groups do not cover the CSV rows"; fi
[ -f "$here/clean.sh" ] && sh "$here/clean.sh"
exit 0
