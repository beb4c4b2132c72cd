"""The province workbook's "Tổng quan" sheet and the unit copies' grouped
logs, read with openpyxl: overview.py BUNDLE_DIR INDICATORS_TSV

- "Tổng quan" is the first sheet and the active one; its units' table lists
  units with errors first, then warnings only, then clean;
- the key indicators' table has the labels of indicators.tsv, and its
  "Toàn tỉnh" value of each plain-row indicator equals the province sheet's
  value of that row (read independently, column D by key in column A);
- a native bar chart with one series per indicator over that table;
- each unit copy's "Nhật ký lỗi" (one row per group) covers the CSV's rows of
  that file: same group ids, counts equal to the rows per id."""
import collections
import csv
import glob
import os
import sys

import openpyxl

bundle, spec = sys.argv[1], sys.argv[2]


def report(name, bad):
    print(f"FAIL page.{name}: {bad[0]}" if bad else f"ok page.{name}")
    for b in bad[1:4]:
        print(f"#   {b}")


inds = [l.rstrip("\n").split("\t") for l in open(spec, encoding="utf-8")][1:]
inds = [i for i in inds if i and i[0] == "bao-cao-dinh-ky"]
book = glob.glob(os.path.join(bundle, "tong-hop_*.xlsx"))[0]
wb = openpyxl.load_workbook(book)
bad = []
if wb.sheetnames[0] != "Tổng quan" or wb.active.title != "Tổng quan":
    bad.append(f"sheets {wb.sheetnames[:3]}…, active {wb.active.title}")
ws = wb["Tổng quan"]
rows = list(ws.iter_rows(values_only=True))
head = next(i for i, r in enumerate(rows) if r[0] == "Đơn vị")
status = []
for r in rows[head + 1:]:
    if r[0] is None:
        break
    status.append(r)
rank = []
for r in status:
    if r[1] and r[1].startswith("Thiếu"):
        rank.append(4)
    elif r[1] == "Không tổng hợp" or r[1] == "Không đọc được":
        rank.append(3)
    else:
        rank.append(0 if r[2] else 1 if r[3] else 2)
if rank != sorted(rank) or 0 not in rank:
    bad.append(f"units' table not errors first: {[(r[0], r[2], r[3]) for r in status]}")
report("overview-sheet", bad)

bad = []
ih = next((i for i, r in enumerate(rows) if i > head + len(status) and r[0] == "Đơn vị"), None)
if ih is None:
    bad.append("no key indicators' table")
else:
    labels = [v for v in rows[ih][1:] if v is not None]
    if labels != [i[2] for i in inds]:
        bad.append(f"indicator labels {labels}, want {[i[2] for i in inds]}")
    prov = next((r for r in rows[ih + 1:] if r[0] == "Toàn tỉnh"), None)
    if not prov:
        bad.append("no Toàn tỉnh row")
    else:
        for k, ind in enumerate(inds):
            if ind[3].startswith("ratio("):
                n, dd = ind[3][6:-1].split(",")
                sh = wb[ind[1]]
                vals = {str(r[0]): r[3] for r in sh.iter_rows(values_only=True) if r[0] is not None}
                if vals.get(n) is not None and vals.get(dd):
                    want = round(vals[n] / vals[dd] * 100, 2)
                else:
                    want = None
            else:
                sh = wb[ind[1]]
                want = next((r[3] for r in sh.iter_rows(values_only=True) if str(r[0]) == ind[3]), None)
            got = prov[1 + k]
            if (want is None) != (got is None) or (want is not None and abs(float(want) - float(got)) > 0.005):
                bad.append(f"{ind[2]}: Toàn tỉnh {got}, the province sheet gives {want}")
    charts = ws._charts
    if len(charts) != 1:
        bad.append(f"{len(charts)} charts on Tổng quan, want 1")
    else:
        ch = charts[0]
        if ch.tagname != "barChart" or len(ch.series) != len(inds):
            bad.append(f"chart {ch.tagname} with {len(ch.series)} series, want barChart with {len(inds)}")
        for s in ch.series:
            ref = s.val.numRef.f
            if "Tổng quan" not in ref:
                bad.append(f"a series reads {ref}")
report("overview-indicators", bad)

bad = []
with open(os.path.join(bundle, "nhat-ky-loi.csv"), encoding="utf-8-sig", newline="") as fh:
    log = list(csv.DictReader(fh))
copies = sorted(glob.glob(os.path.join(bundle, "don-vi", "*.xlsx")))
checked = 0
for c in copies:
    cw = openpyxl.load_workbook(c, read_only=True)
    if "Nhật ký lỗi" not in cw.sheetnames:
        bad.append(f"{os.path.basename(c)}: no Nhật ký lỗi")
        continue
    lrows = list(cw["Nhật ký lỗi"].iter_rows(values_only=True))
    h = list(lrows[0])
    got = {r[h.index("Nhóm")]: r[h.index("Số ô")] for r in lrows[1:] if r and r[h.index("Nhóm")] is not None}
    # the file of this copy: the CSV rows whose group ids are these
    files = {r["file"] for r in log if r["group"] in got}
    if len(files) > 1:
        bad.append(f"{os.path.basename(c)}: groups of several files {files}")
        continue
    want = collections.Counter(r["group"] for r in log if r["file"] in files)
    if dict(want) != got:
        bad.append(f"{os.path.basename(c)}: groups {got} vs CSV rows per group {dict(want)}")
    checked += 1
if not checked:
    bad.append("no unit copy checked")
report("groups-csv", bad)
print(f"# page.groups-csv: {checked} unit copies, {len(log)} CSV rows")
