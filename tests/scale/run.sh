#!/bin/sh
# The merge at scale (slow suite): 1,200 district-size workbooks made by
# bench/mkdistricts.py (four producers: openpyxl, XlsxWriter, LibreOffice,
# gnumeric; one in five with a typing slip or another period), merged with
# `merge --units`, then:
# 1. the bundle is written, with the statuses the files call for (a slip:
#    merged with errors, BM2-1; another period: left out, M-2);
# 2. M-7 conservation: every keyed `sum` row of the province workbook equals
#    the sum of the merged units' values, read back with openpyxl (sums.py);
# 3. annotated copies exist exactly for the files with findings (check.py
#    copies), and none for the clean files;
# 4. a list longer than a sheet (the limit lowered with XLSXCHECK_SHEET_ROWS,
#    since a million rows would take minutes to make and read) continues on
#    "Danh mục TTHC (2)" …, with every row, said in Thông tin and the HTML;
# 5. the province check in windows (XLSXCHECK_CHECK_WINDOW lowered) finds
#    exactly what one window finds, at the same cells and keys, including a
#    list row in the list's head and one far down.
# Under the sanitizers (SANITIZE=1, a build-san binary) the big merge has 300 files:
# ASan/UBSan look for memory errors, which the 1,200-file run under the
# normal build and the 40-file cases here exercise the same code for, at a
# third of the time.  SCALE_N overrides the count.
# Env: $XLSXCHECK, $PYTHON, $XC_TEST_TMP as the other suites.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
py=${PYTHON:-/usr/bin/python3}
xc=${XLSXCHECK:-$root/build/xlsxcheck}
case $xc in /*) ;; *) xc=$(pwd)/$xc ;; esac
if [ -n "${XC_TEST_TMP:-}" ] && [ -d "$XC_TEST_TMP" ]; then
  tmp=$(mktemp -d "$XC_TEST_TMP/scale.XXXXXX")
else
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/xc-scale.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT INT TERM
fi
export PYTHONDONTWRITEBYTECODE=1
export XLSXCHECK_RULESETS="$root/rulesets"
ok() { echo "ok scale.$1"; }
fail() { echo "FAIL scale.$1: $2"; }
to() { timeout "$@"; }
case "${SANITIZE:-}:$xc" in
  1:* | *:*/build-san/*) n=${SCALE_N:-300} ;;
  *) n=${SCALE_N:-1200} ;;
esac

if [ ! -x "$xc" ]; then fail build "$xc not found (run make)"; exit 0; fi
if ! to 900 "$py" "$root/bench/mkdistricts.py" "$tmp/in" "$n" > "$tmp/gen.log" 2>&1; then
  fail generate "mkdistricts.py: $(tail -n 3 "$tmp/gen.log")"
  exit 0
fi
echo "# scale: $(tail -n 1 "$tmp/gen.log")"
cd "$tmp" || exit 0

# --- 1. the big merge -----------------------------------------------------
t0=$(date +%s)
to 1800 "$xc" merge --units in/districts.tsv -o big.zip in > big.log 2>&1
rc=$?
echo "# scale: merge of $n files: exit $rc, $(( $(date +%s) - t0 )) s (not a benchmark: bench/merge.sh)"
if [ $rc -eq 1 ] && [ -f big.zip ]; then ok bundle; else
  fail bundle "exit $rc (want 1: slips), bundle $([ -f big.zip ] && echo written || echo absent): $(grep -m1 -i 'lỗi:' big.log | head -c 300)"
  exit 0
fi
"$py" - big.zip in/expected.tsv <<'PY'
import csv, io, json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
man = json.loads(z.read("manifest.json"))
by = {i["name"].rsplit("/", 1)[-1]: i for i in man["inputs"]}
log = list(csv.DictReader(io.StringIO(z.read("nhat-ky-loi.csv").decode("utf-8-sig"))))
rules = {}
for r in log:
    rules.setdefault(r["file"].rsplit("/", 1)[-1], set()).add(r["rule"])
want = {"clean": ("merged", set()), "slip": ("merged-with-errors", {"BM2-1", "M-5"}),
        "period": ("left-out", {"M-2"})}
bad, copies = [], 0
for name, producer, kind in csv.reader(open(sys.argv[2], encoding="utf-8"), delimiter="\t"):
    inp = by.get(name)
    st, rs = want[kind]
    if inp is None:
        bad.append(f"{name} not in the manifest")
        continue
    if inp["status"] != st:
        bad.append(f"{name} ({producer}, {kind}): status {inp['status']}, want {st}")
    if not rs <= rules.get(name, set()) or (kind == "clean" and rules.get(name)):
        bad.append(f"{name} ({producer}, {kind}): rules {sorted(rules.get(name, []))}, want {sorted(rs)}")
    if (inp.get("copy") is not None) != (kind != "clean"):
        bad.append(f"{name} ({producer}, {kind}): copy {inp.get('copy')!r}")
    copies += inp.get("copy") is not None
print(f"FAIL scale.statuses: {bad[0]}" if bad else "ok scale.statuses")
for b in bad[1:4]:
    print(f"#   {b}")
print(f"# scale.statuses: {len(by)} inputs, {man['units_merged']} merged, {copies} annotated copies")
PY
# 3. copies exactly for the files with findings, the clean ones said so
to 600 "$py" "$root/tests/merge/check.py" copies big.zip scale.copies | sed 's/merge\.copies/scale.copies/'
# 2. M-7 conservation with openpyxl
to 900 "$py" "$here/sums.py" scale.conserve big.zip in

# --- 4. and 5. on 40 files ------------------------------------------------
mkdir -p small
for f in in/dv_00[0-3][0-9].xlsx in/dv_0040.xlsx; do ln -s "../$f" "small/$(basename "$f")"; done
# blank required cells: Danh mục TTHC of the first file, its first data row
# (in the list's head rows) and of another its last row (far down)
"$py" - in/dv_0001.xlsx small/dv_0001.xlsx in/dv_0037.xlsx small/dv_0037.xlsx <<'PY'
import os, sys
import openpyxl
for src, dst, where in ((sys.argv[1], sys.argv[2], "first"), (sys.argv[3], sys.argv[4], "last")):
    wb = openpyxl.load_workbook(src)
    ws = wb["Danh mục TTHC"]
    head = next(r for r in range(1, 30) if ws.cell(row=r, column=2).value == "Mã TTHC")
    row = head + 2 if where == "first" else ws.max_row
    ws.cell(row=row, column=3).value = None     # Tên TTHC, required
    os.remove(dst)
    wb.save(dst)
PY
X() { to 600 "$xc" merge --units in/districts.tsv "$@" small > /dev/null 2>&1; }
X -o one.zip
XLSXCHECK_CHECK_WINDOW=97 X -o win.zip
XLSXCHECK_CHECK_WINDOW=333 XLSXCHECK_SHEET_ROWS=2000 X -o split.zip
"$py" - one.zip win.zip split.zip <<'PY'
import csv, io, sys, zipfile
import openpyxl
def log(p):
    z = zipfile.ZipFile(p)
    return [r for r in csv.DictReader(io.StringIO(z.read("nhat-ky-loi.csv").decode("utf-8-sig")))]
one, win, split = (log(p) for p in sys.argv[1:4])
prov = lambda rows: [(r["sheet"], r["cell"], r["key"], r["rule"]) for r in rows if r["file"].startswith("tong-hop_")]
p1 = prov(one)
g8 = [x for x in p1 if x[3] == "G-8" and x[0] == "Danh mục TTHC"]
if len(g8) != 2:
    print(f"FAIL scale.window: the province check found {len(g8)} G-8 on Danh mục TTHC, want 2: {p1[:6]}")
elif one != win:
    diff = [x for x in prov(win) if x not in p1] + [x for x in p1 if x not in prov(win)]
    print(f"FAIL scale.window: windows of 97 rows change the log: {diff[:4]}")
else:
    print(f"ok scale.window")
    print(f"# scale.window: {len(p1)} findings on the province workbook, the same in windows of 97 rows: {g8}")
# the split: every row once, over the parts, in order
z1, z3 = zipfile.ZipFile(sys.argv[1]), zipfile.ZipFile(sys.argv[3])
book = [n for n in z1.namelist() if n.startswith("tong-hop_")][0]
w1 = openpyxl.load_workbook(io.BytesIO(z1.read(book)), read_only=True)
w3 = openpyxl.load_workbook(io.BytesIO(z3.read(book)), read_only=True)
bad = []
def rows(ws):
    out = []
    for r in ws.iter_rows(values_only=True):
        if r and isinstance(r[1], (int, float)) and r[0]:   # data rows: Đơn vị, TT
            out.append(tuple(r))
    return out
for lst in ("Biên chế", "Danh mục TTHC", "Văn bản chỉ đạo"):
    whole = rows(w1[lst])
    parts = [lst] + [f"{lst} ({k})" for k in range(2, 50) if f"{lst} ({k})" in w3.sheetnames]
    got = [r for p in parts for r in rows(w3[p])]
    if got != whole:
        bad.append(f"{lst}: {len(got)} rows over {parts}, {len(whole)} unsplit")
    if len(whole) > 1995 and len(parts) < 2:
        bad.append(f"{lst}: {len(whole)} rows on one sheet of 2000")
    if any(w3[p].max_row > 2000 for p in parts):
        bad.append(f"{lst}: a part has more than 2000 rows")
dm_parts = [p for p in w3.sheetnames if p.startswith("Danh mục TTHC (")]
ti = w3["Thông tin"]
note = " ".join(str(c.value) for r in ti.iter_rows() for c in r if c.value)
if 'tiếp tục ở trang "Danh mục TTHC (2)"' not in note:
    bad.append("Thông tin does not say where Danh mục TTHC continues")
html = z3.read("bao-cao.html").decode("utf-8")
if "Danh mục TTHC (2)" not in html.replace("&quot;", '"'):
    bad.append("bao-cao.html does not say where Danh mục TTHC continues")
if "Danh mục TTHC (2)" in zipfile.ZipFile(sys.argv[1]).read("bao-cao.html").decode("utf-8"):
    bad.append("the unsplit bao-cao.html speaks of a second sheet")
sp = set(prov(split))
moved = [x for x in sp if x[3] == "G-8"]
if len(moved) != 2 or not any(x[0].startswith("Danh mục TTHC (") for x in moved):
    bad.append(f"the split's G-8 findings: {sorted(moved)}")
if any(x[3] == "G-2" for x in sp):
    bad.append(f"the continuation sheets are taken for extra sheets: {[x for x in sp if x[3] == 'G-2'][:2]}")
print(f"FAIL scale.split: {bad[0]}" if bad else "ok scale.split")
for b in bad[1:4]:
    print(f"#   {b}")
print(f"# scale.split: sheets of 2000 rows: {['Danh mục TTHC'] + dm_parts}")
PY
exit 0
