#!/usr/bin/python3
"""Compares the "Xếp hạng" sheet of a PAR-index merge with the independent
computation of mkpar.py (expected.json).

    ranking.py BUNDLE.zip EXPECTED.json

Prints one line per test: "ok par.NAME" or "FAIL par.NAME: why"."""
import io
import json
import sys
import zipfile
from decimal import Decimal

import warnings

import openpyxl

warnings.simplefilter("ignore")


def d(x):
    return None if x is None else Decimal(str(x)).quantize(Decimal("0.01"))


def main():
    bundle, exp_path = sys.argv[1], sys.argv[2]
    exp = json.load(open(exp_path, encoding="utf-8"))
    by_unit = {e["unit"]: e for e in exp.values()}
    z = zipfile.ZipFile(bundle)
    name = [n for n in z.namelist() if n.startswith("tong-hop_") and n.endswith(".xlsx")]
    if len(name) != 1:
        print(f"FAIL par.bundle: province workbook entries {name}")
        return
    wb = openpyxl.load_workbook(io.BytesIO(z.read(name[0])), data_only=True)
    if "Xếp hạng" not in wb.sheetnames:
        print(f"FAIL par.sheet: no Xếp hạng sheet in {wb.sheetnames}")
        return
    print("ok par.sheet")
    ws = wb["Xếp hạng"]
    head = [c.value for c in ws[3]]
    fields = [h.split(".")[0] for h in head[6:] if h]
    rows = [r for r in ws.iter_rows(min_row=4, values_only=True) if r[1]]
    bad = []
    if len(rows) != len(exp):
        bad.append(f"{len(rows)} ranked units, expected {len(exp)}")
    prev = None
    for r in rows:
        rank, unit, mx, se, ap, idx = r[:6]
        e = by_unit.get(unit)
        if not e:
            bad.append(f"unknown unit {unit!r}")
            continue
        for what, got, want in (("rank", rank, e["rank"]), ("max", d(mx), d(e["max"])), ("self", d(se), d(e["self"])),
                                ("appraisal", d(ap), d(e["appraisal"])), ("index", d(idx), d(e["index"]))):
            if got != want:
                bad.append(f"{unit}: {what} {got} != {want}")
        for k, v in zip(fields, r[6:]):
            if d(v) != d(e["fields"].get(k)):
                bad.append(f"{unit}: field {k} {d(v)} != {e['fields'].get(k)}")
        if prev is not None and d(idx) > prev:
            bad.append(f"{unit}: not in descending order of index")
        prev = d(idx)
    print("ok par.ranking" if not bad else "FAIL par.ranking: " + "; ".join(bad[:5]))
    kr = by_unit.get("Huyện Kon Rẫy")
    row = [r for r in rows if r[1] == "Huyện Kon Rẫy"]
    want = (Decimal("97.00"), Decimal("90.29"), Decimal("89.21"), Decimal("91.97"))
    got = tuple(d(x) for x in row[0][2:6]) if row else None
    print("ok par.seed004" if got == want and kr else f"FAIL par.seed004: Kon Rẫy {got}, expected {want}")


if __name__ == "__main__":
    main()
