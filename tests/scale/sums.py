#!/usr/bin/python3
"""M-7 conservation at scale, read back independently with openpyxl.

    sums.py NAME BUNDLE.zip INPUTDIR

The files manifest.json marks merged / merged-with-errors are read with
openpyxl (tests/merge/formread.py, no code shared with the C program):
column D of every keyed row whose agg (rulesets/forms/bao-cao-dinh-ky/*.tsv)
is `sum`.  The province value of each such row (the bundle's workbook,
openpyxl, read_only) must equal the sum of the units' values (blank = 0;
blank when every unit is blank), exactly.

Thousands of district files are a few distinct contents here (bench/
mkdistricts.py varies the unit's name, the period and one cell): each
distinct content of the keyed sheets' XML is read once by openpyxl, and
every file is matched to its content by the bytes of those parts.

Prints "ok NAME" or "FAIL NAME: why", and "#" comments.
"""
import hashlib
import io
import json
import os
import sys
import zipfile
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "merge"))
import openpyxl  # noqa: E402
from formread import FORMS, SHEETS, find_sheet, keyed_rows, tsv, value  # noqa: E402

KEYED = [(sid, name, spec) for sid, name, spec, kind in SHEETS if kind == "keyed"]


def sum_rows():
    out = {}
    for sid, name, spec in KEYED:
        rows = tsv(os.path.join(FORMS, spec))
        out[name] = ([r for r in rows if (r.get("agg") or "").strip() == "sum"], rows)
    return out


def content_key(path, unit):
    """The bytes of the worksheets but the one naming the unit (Thông tin,
    when a producer writes its text inline): two files with the same key
    have the same numbers on the keyed sheets."""
    h = hashlib.sha256()
    with zipfile.ZipFile(path) as z:
        for n in sorted(z.namelist()):
            if n.startswith("xl/worksheets/") and n.endswith(".xml"):
                data = z.read(n)
                if unit.encode("utf-8") in data:
                    continue
                h.update(n.encode())
                h.update(data)
    return h.hexdigest()


def unit_values(path, spec):
    wb = openpyxl.load_workbook(path, data_only=True)
    vals = {}
    for name, (sums, rows) in spec.items():
        ws = find_sheet(wb, name)
        if ws is None:
            raise ValueError(f"{path}: no sheet {name}")
        cells, problems = keyed_rows(ws, rows)
        if problems:
            raise ValueError(f"{path}: {problems[:2]}")
        for r in sums:
            vals[(name, r["key"])] = value(cells[r["key"]], r)
    return vals


def main():
    name, bundle, indir = sys.argv[1:4]
    spec = sum_rows()
    z = zipfile.ZipFile(bundle)
    man = json.loads(z.read("manifest.json").decode("utf-8"))
    merged = [i for i in man["inputs"] if i["status"] in ("merged", "merged-with-errors")]
    cache, total = {}, {}
    for inp in merged:
        p = os.path.join(indir, os.path.basename(inp["name"]))
        k = content_key(p, inp["unit"])
        if k not in cache:
            cache[k] = unit_values(p, spec)
        for key, (t, x) in cache[k].items():
            if t not in ("num", "blank"):
                print(f"FAIL {name}: {p} {key}: not a number: {x!r}")
                return
            if t == "num":
                total[key] = total.get(key, Decimal(0)) + x
            else:
                total.setdefault(key, None)
    books = [n for n in z.namelist() if n.startswith("tong-hop_") and n.endswith(".xlsx")]
    wb = openpyxl.load_workbook(io.BytesIO(z.read(books[0])), data_only=True)
    bad, n = [], 0
    for sheet, (sums, rows) in spec.items():
        cells, problems = keyed_rows(find_sheet(wb, sheet), rows)
        bad += problems
        for r in sums:
            if r["key"] not in cells:
                continue
            got = value(cells[r["key"]], r)
            want = total.get((sheet, r["key"]))
            n += 1
            if want is None:
                if got[0] != "blank":
                    bad.append(f"{sheet} {r['key']}: {got[1]}, want blank (every unit blank)")
            elif got[0] != "num" or got[1] != want:
                bad.append(f"{sheet} {r['key']}: {got[1]!r}, want {want} (sum of {len(merged)} units)")
    print(f"FAIL {name}: {bad[0]}" if bad else f"ok {name}")
    for b in bad[1:5]:
        print(f"#   {b}")
    print(f"# {name}: {n} sum rows of {len(merged)} merged files ({len(cache)} distinct contents read by openpyxl)")


if __name__ == "__main__":
    main()
