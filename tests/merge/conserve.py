#!/usr/bin/python3
"""Conservation: the province workbook of a merge bundle against an
independent computation from the district files (formread.py, openpyxl).

    conserve.py [--name PREFIX] [--province "Kon Tum"] [--period "Quý I/2023"]
                BUNDLE.zip INPUT.xlsx...

The inputs merged are those manifest.json marks merged / merged-with-errors
(matched by file name); each is read by formread.py and its unit resolved
independently against rulesets/units/kon-tum.tsv (and compared with the
manifest's unit_code).  Then, per agg of rulesets/forms/bao-cao-dinh-ky/*.tsv
(README §3.2, §6, §8):

  sum          = sum of the unit values (blank = 0), blank if all blank
  ratio(n,d)   = round(100 * merged n / merged d, 2) (d = @n: files merged),
                 blank if either is blank or d = 0
  count_of(c)  = number of merged units whose value is code c (0 if none)
  sum_of(k…)   = sum of the merged values of the keys, blank if all blank
  mean         = mean of the non-blank unit values, 2 decimals
  same         = the canonical province / period; Thông tin 1 = "Tỉnh <province>"
  concat       = "base_name: value" joined by "; " in registry order
  distinct(f)  = distinct Mã TTHC (8 chars) in the union of the lists, filtered
  none         = blank

plus: "Chi tiết theo đơn vị" carries every unit's column-D values under its
column and the province value under Toàn tỉnh; the detail lists hold the
units' rows concatenated in registry order with Đơn vị first and TT 1..n.

Prints "ok PREFIX.CHECK" / "FAIL PREFIX.CHECK: why" lines and "#" comments.
"""
import argparse
import io
import json
import os
import re
import sys
import zipfile
from decimal import Decimal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import openpyxl  # noqa: E402
from formread import (D, LEVEL_ALIASES, SHEETS, Unit, cell_code, cell_date, cell_number, dm_match,  # noqa: E402
                      dm_record, dvc_level, fold, is_blank, keyed_rows, list_rows, parse_codes,
                      round2, squash, text_of, units)

EPS = Decimal("1e-9")


class Report:
    def __init__(self, prefix):
        self.prefix = prefix
        self.fails = {}
        self.counts = {}

    def count(self, check, n=1):
        self.counts[check] = self.counts.get(check, 0) + n
        self.fails.setdefault(check, [])

    def fail(self, check, msg):
        self.fails.setdefault(check, []).append(msg)

    def emit(self, order):
        for check in order:
            if check not in self.fails:
                continue
            bad = self.fails[check]
            n = self.counts.get(check, 0)
            if bad:
                # examples of different kinds first (sheet, kind of value
                # got), then the next ones
                show, seen = [], set()
                for b in bad:
                    m = re.search(r"got (.)", b)
                    k = (b.split(" ")[:2], m.group(1) if m else "")
                    if repr(k) not in seen:
                        seen.add(repr(k))
                        show.append(b)
                show = (show + [b for b in bad if b not in show])[:8]
                print(f"FAIL {self.prefix}.{check}: {len(bad)} of {n} differ; first: {show[0]}")
                for b in show[1:]:
                    print(f"#   {b}")
            else:
                print(f"ok {self.prefix}.{check}")


def num_eq(a, b):
    return abs(a - b) <= EPS * max(Decimal(1), abs(a), abs(b))


def fmt(v):
    t, x = v
    return "(blank)" if t == "blank" else f"{x}"


def merged_value(cell, row):
    """A province cell: numbers for numeric rows and for count_of rows
    (a count of districts, not a code), text otherwise."""
    if is_blank(cell.value):
        return ("blank", None)
    if row["kind"] in ("count", "percent", "amount") or row["agg"].startswith("count_of"):
        x = cell_number(cell)
        return ("num", x) if x is not None else ("bad", cell.value)
    if row["kind"] == "date":
        return ("date", cell_date(cell))
    return ("text", squash(cell.value))


def same_value(a, b):
    if a[0] != b[0]:
        return False
    if a[0] == "num":
        return num_eq(a[1], b[1])
    return a[1] == b[1]


def canon_code(header, cell):
    """A list code cell in canonical form, independently of the tool."""
    t = text_of(cell)
    if header == "Cấp thực hiện":
        return LEVEL_ALIASES.get(fold(t), fold(t))
    if header == "Mức độ DVC":
        return dvc_level(cell) or fold(t)
    return fold(t)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", default="merge.conserve")
    ap.add_argument("--province", default="Kon Tum")
    ap.add_argument("--period", default="Quý I/2023")
    ap.add_argument("--checks", default="", help="comma-separated: report only these checks")
    ap.add_argument("bundle")
    ap.add_argument("inputs", nargs="+")
    a = ap.parse_args()
    rep = Report(a.name)
    registry = units()
    z = zipfile.ZipFile(a.bundle)
    man = json.loads(z.read("manifest.json").decode("utf-8"))
    books = [n for n in z.namelist() if n.startswith("tong-hop_") and n.endswith(".xlsx")]
    if len(books) != 1:
        print(f"FAIL {a.name}.read: {len(books)} province workbooks in the bundle: {z.namelist()}")
        return
    mwb = openpyxl.load_workbook(io.BytesIO(z.read(books[0])), data_only=True)

    # -- the merged inputs, read independently ------------------------------
    by_base = {os.path.basename(p): p for p in a.inputs}
    merged = []
    for inp in man.get("inputs", []):
        if inp.get("status") not in ("merged", "merged-with-errors"):
            continue
        p = by_base.get(os.path.basename(inp["name"]))
        if p is None:
            print(f"FAIL {a.name}.read: manifest input {inp['name']} not among the files given")
            return
        u = Unit(p, registry)
        if u.problems:
            print(f"FAIL {a.name}.read: {os.path.basename(p)}: {'; '.join(u.problems[:3])}")
            return
        if u.unit is None:
            print(f"FAIL {a.name}.read: {os.path.basename(p)}: unit {u.unit_text!r} does not resolve")
            return
        rep.count("unit")
        if inp.get("unit_code") != u.unit["code"]:
            rep.fail("unit", f"{inp['name']}: manifest unit_code {inp.get('unit_code')}, "
                             f"the file says {u.unit_text!r} = {u.unit['code']}")
        merged.append(u)
    order = [r["code"] for r in registry]
    merged.sort(key=lambda u: order.index(u.unit["code"]))
    n_merged = len(merged)
    rep.count("unit")
    if man.get("units_merged") != n_merged:
        rep.fail("unit", f"manifest units_merged {man.get('units_merged')}, {n_merged} inputs merged")
    print(f"# {a.name}: {n_merged} unit files merged: " + ", ".join(u.unit["slug"] for u in merged))

    # -- the province workbook's keyed sheets -------------------------------
    prov = {}       # sid -> {key: (type, value)}
    specs = merged[0].specs if merged else {}
    for sid, name, _, typ in SHEETS:
        if typ != "keyed":
            continue
        ws = mwb[name] if name in mwb.sheetnames else None
        if ws is None:
            rep.fail("sheets", f"no sheet {name!r} in {books[0]}")
            continue
        cells, pr = keyed_rows(ws, specs[sid])
        for p in pr:
            rep.fail("sheets", p)
        prov[sid] = {r["key"]: merged_value(cells[r["key"]], r) if r["key"] in cells else ("blank", None)
                     for r in specs[sid]}
    rep.count("sheets", len(prov))
    # the sheet names and order of the official form, then the two extra sheets
    want_names = ["Tổng quan"] + [s[1] for s in SHEETS] + ["Chi tiết theo đơn vị", "Nhật ký lỗi"]
    rep.count("sheets")
    if mwb.sheetnames != want_names:
        rep.fail("sheets", f"sheets {mwb.sheetnames}, want {want_names}")

    # the union of the Danh mục TTHC lists
    dm_all = [dm_record(r) for u in merged for r in u.lists["DM"]]

    def unit_vals(sid, key):
        return [(u, u.keyed[sid][key]) for u in merged]

    def mval(sid, key):
        return prov[sid][key]

    for sid, name, _, typ in SHEETS:
        if typ != "keyed" or sid not in prov:
            continue
        for row in specs[sid]:
            key, agg = row["key"], row["agg"]
            got = mval(sid, key)
            where = f"{name} {key} ({agg})"
            if got[0] == "bad":
                rep.count("read")
                rep.fail("read", f"{where}: unreadable {got[1]!r}")
                continue
            check = agg.split("(")[0]
            want = None
            if sid == "TI" and key == "1":
                check, want = "same", ("text", f"Tỉnh {a.province}")
            elif agg == "sum":
                vs = [v for _, (t, v) in unit_vals(sid, key) if t == "num"]
                want = ("num", sum(vs, D(0))) if vs else ("blank", None)
            elif agg.startswith("ratio("):
                n, d = agg[6:-1].split(",")
                nv = mval(sid, n)
                dv = ("num", D(n_merged)) if d == "@n" else mval(sid, d)
                if nv[0] != "num" or dv[0] != "num" or dv[1] == 0:
                    want = ("blank", None)
                else:
                    want = ("num", round2(100 * nv[1] / dv[1]))
            elif agg.startswith("count_of("):
                c = agg[9:-1]
                want = ("num", D(sum(1 for _, (t, v) in unit_vals(sid, key) if t == "code" and v == c)))
            elif agg.startswith("sum_of("):
                vs = [mval(sid, k) for k in agg[7:-1].split(",")]
                nums = [v for t, v in vs if t == "num"]
                want = ("num", sum(nums, D(0))) if nums else ("blank", None)
            elif agg == "mean":
                vs = [v for _, (t, v) in unit_vals(sid, key) if t == "num"]
                if not vs:
                    want = ("blank", None)
                else:
                    w1 = round2(sum(vs, D(0)) / len(vs))
                    w2 = round2(sum((round2(v) for v in vs), D(0)) / len(vs))
                    # unrounded unit percents (rawpct) or their 2-decimal
                    # display: either reading is accepted
                    want = ("num", w1) if got[0] != "num" or not num_eq(got[1], w2) else ("num", w2)
            elif agg == "same":
                want = ("text", {"2": a.province, "3": a.period}.get(key, "?"))
            elif agg == "concat":
                parts = []
                for u, (t, v) in unit_vals(sid, key):
                    if t == "blank":
                        continue
                    parts.append(f"{u.unit['base_name']}: {v}")   # a code row: the code
                want = ("text", "; ".join(parts)) if parts else ("blank", None)
            elif agg.startswith("distinct("):
                flt = agg[9:-1]
                want = ("num", D(len({r["MA"] for r in dm_all if dm_match(r, flt)})))
            elif agg == "none":
                want = ("blank", None)
            else:
                rep.count("agg")
                rep.fail("agg", f"{where}: unknown agg")
                continue
            rep.count(check)
            if not same_value(got, want):
                rep.fail(check, f"{where}: got {fmt(got)}, want {fmt(want)}")

    # -- Chi tiết theo đơn vị -----------------------------------------------
    detail_cells = 0
    if "Chi tiết theo đơn vị" in mwb.sheetnames:
        ws = mwb["Chi tiết theo đơn vị"]
        head = [squash(c.value) if c.value is not None else "" for c in ws[3]]
        want_head = ["Trang", "STT", "Nội dung"] + [u.unit["official_name"] for u in merged] + ["Toàn tỉnh"]
        rep.count("detail")
        if head[:len(want_head)] != want_head or any(head[len(want_head):]):
            rep.fail("detail", f"row 3 is {head}, want {want_head}")
        else:
            rows = {}
            for r in ws.iter_rows(min_row=4):
                if r[0].value is None:
                    continue
                rows[(squash(r[0].value), text_of(r[1]))] = r
            for sid, name, _, typ in SHEETS:
                if typ != "keyed":
                    continue
                for row in specs[sid]:
                    key = row["key"]
                    uv = unit_vals(sid, key)
                    if all(t == "blank" for _, (t, _) in uv) and mval(sid, key)[0] == "blank":
                        continue          # nothing to show: the row may be left out
                    r = rows.get((name, key))
                    if r is None:
                        rep.count("detail", len(uv) + 1)
                        rep.fail("detail", f"no row for {name} {key}")
                        continue
                    for i, (u, v) in enumerate(uv):
                        c = r[3 + i]
                        detail_cells += 1
                        rep.count("detail")
                        if row["kind"] in ("count", "percent", "amount"):
                            g = ("blank", None) if is_blank(c.value) else ("num", cell_number(c))
                        elif row["kind"] == "code":
                            g = ("blank", None) if is_blank(c.value) else ("code", cell_code(c, parse_codes(row["codes"])))
                        elif row["kind"] == "date":
                            g = ("blank", None) if is_blank(c.value) else ("date", cell_date(c))
                            if isinstance(c.value, (int, float)):
                                # a date must read as a date, not as 45004
                                g = ("bare serial", c.value)
                        elif row["kind"] == "header":
                            g = ("blank", None) if is_blank(c.value) else ("text", squash(c.value))
                        else:
                            g = ("blank", None) if is_blank(c.value) else ("text", squash(c.value))
                        if not same_value(g, v):
                            rep.fail("detail", f"{name} {key} {u.unit['official_name']} ({c.coordinate}): "
                                               f"got {c.value!r}, the unit's file has {fmt(v)}")
                    c = r[3 + len(uv)]
                    detail_cells += 1
                    rep.count("detail")
                    g = merged_value(c, row)
                    if not same_value(g, mval(sid, key)):
                        rep.fail("detail", f"{name} {key} Toàn tỉnh ({c.coordinate}): got {c.value!r}, "
                                           f"the province sheet has {fmt(mval(sid, key))}")
    else:
        rep.count("detail")
        rep.fail("detail", "no sheet 'Chi tiết theo đơn vị'")

    # -- detail lists -------------------------------------------------------
    list_key = {"BC": ["Tên cơ quan, đơn vị", "Loại", "Biên chế được giao"],
                "DM": ["Mã TTHC", "Cấp thực hiện", "Hồ sơ tiếp nhận"],
                "VB": ["Tên loại", "Số, ký hiệu, ngày"]}
    code_cols = {"BC": ("Loại",), "DM": ("Cấp thực hiện",), "VB": ("Tên loại",)}
    list_rows_n = 0
    for sid, name, _, typ in SHEETS:
        if typ != "list":
            continue
        check = f"list.{sid}"
        if name not in mwb.sheetnames:
            rep.count(check)
            rep.fail(check, f"no sheet {name!r}")
            continue
        rows, pr = list_rows(mwb[name], specs[sid], first_col_extra="Đơn vị")
        if pr or rows is None:
            rep.count(check)
            rep.fail(check, "; ".join(pr))
            continue
        want = [(u, r) for u in merged for r in u.lists[sid]]
        list_rows_n += len(want)
        rep.count(check, max(1, len(want)))
        if len(rows) != len(want):
            rep.fail(check, f"{len(rows)} data rows, want {len(want)} = "
                            + " + ".join(str(len(u.lists[sid])) for u in merged))
        if rows and "Đơn vị" not in rows[0]:
            rep.fail(check, "no column Đơn vị")
            continue
        if rows and rows[0]["Đơn vị"].column != 1:
            rep.fail(check, f"Đơn vị is column {rows[0]['Đơn vị'].column_letter}, want the first (A)")
        for i, (g, (u, w)) in enumerate(zip(rows, want)):
            unit = squash(g["Đơn vị"].value or "")
            tt = g["TT"].value
            bad = []
            if unit != u.unit["official_name"]:
                bad.append(f"Đơn vị {unit!r}, want {u.unit['official_name']!r}")
            if cell_number(g["TT"]) != i + 1:
                bad.append(f"TT {tt!r}, want {i + 1}")
            for h in list_key[sid]:
                gv, wv = g[h], w[h]
                gn, wn = cell_number(gv), cell_number(wv)
                if h in ("Biên chế được giao", "Hồ sơ tiếp nhận"):
                    if gn != wn:
                        bad.append(f"{h} {gv.value!r}, the unit's file has {wv.value!r}")
                elif h in code_cols.get(sid, ()):
                    # code columns hold the canonical code in the province list
                    # ("Toàn trình" -> "4", "hành chính" -> "Hành chính")
                    if canon_code(h, gv) != canon_code(h, wv):
                        bad.append(f"{h} {gv.value!r}, the unit's file has {wv.value!r}")
                elif text_of(gv) != text_of(wv):
                    bad.append(f"{h} {gv.value!r}, the unit's file has {wv.value!r}")
            if bad:
                rep.fail(check, f"{name} row {g['TT'].row}: " + "; ".join(bad))
    print(f"# {a.name}: {sum(rep.counts.get(k, 0) for k in ('sum', 'ratio', 'count_of', 'sum_of', 'mean', 'same', 'concat', 'distinct', 'none'))} "
          f"keyed rows, {detail_cells} cells of Chi tiết theo đơn vị, {list_rows_n} list rows compared")
    checks = ["read", "unit", "sheets", "agg", "sum", "ratio", "count_of", "sum_of", "mean", "same",
              "concat", "distinct", "none", "detail", "list.BC", "list.DM", "list.VB"]
    if a.checks:
        checks = [c for c in checks if c in a.checks.split(",") or c in ("read", "agg")]
    rep.emit(checks)


if __name__ == "__main__":
    main()
