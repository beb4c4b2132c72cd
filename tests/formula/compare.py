#!/usr/bin/python3
"""Compares xlsxcheck's computed formulas with LibreOffice's recalculation.

    compare.py OUTDIR NAME...

For each NAME: OUTDIR/NAME.ours.tsv is fxdump's output on OUTDIR/NAME.xlsx
(the formulas without a stored value, as xlsxcheck computed them), and
OUTDIR/lo/NAME.xlsx the same workbook converted by headless LibreOffice set to
recalculate on load, read with openpyxl (data_only: the values it stored).
OUTDIR/formulas.tsv lists every formula gen.py wrote, OUTDIR/outside.tsv the
cells that must stay not computed.

Prints, per NAME:
    ok formula.lo.NAME (K cells equal, M not computed as expected)
    FAIL formula.lo.NAME: <the first differences>
Every formula written must be in fxdump's output; every cell outside.tsv
names must be "not-computed" and every other one computed; a computed value
must equal LibreOffice's: numbers within 1e-12 (relative; xlsxcheck keeps 15
significant digits, LibreOffice a double), text, booleans and error values
exactly.
"""
import math
import os
import sys

import openpyxl

ERRORS = {"#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#N/A", "#NUM!", "#NULL!"}


def tsv(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def same(kind, ours, lo):
    if kind == "n":
        if isinstance(lo, bool) or not isinstance(lo, (int, float)):
            return False
        x = float(ours)
        return math.isclose(x, float(lo), rel_tol=1e-12, abs_tol=1e-12)
    if kind == "b":
        return isinstance(lo, bool) and lo == (ours == "TRUE")
    if kind == "e":
        return lo == ours
    return isinstance(lo, str) and lo == ours and lo not in ERRORS


def main():
    out = sys.argv[1]
    written = {}
    for name, sheet, ref, formula in tsv(os.path.join(out, "formulas.tsv")):
        written.setdefault(name, {})[(sheet, ref)] = formula
    outside = {}
    for name, sheet, ref in tsv(os.path.join(out, "outside.tsv")):
        outside.setdefault(name, set()).add((sheet, ref))
    for name in sys.argv[2:]:
        test = f"formula.lo.{name}"
        problems = []
        try:
            ours = {(r[0], r[1]): r[2:] for r in tsv(os.path.join(out, name + ".ours.tsv"))}
            lo = openpyxl.load_workbook(os.path.join(out, "lo", name + ".xlsx"), data_only=True)
        except Exception as e:  # noqa: BLE001 - any failure is this test's failure
            print(f"FAIL {test}: {e}")
            continue
        equal = skipped = 0
        for (sheet, ref), formula in sorted(written.get(name, {}).items()):
            if (sheet, ref) not in ours:
                problems.append(f"{sheet}!{ref} ({formula}) missing from xlsxcheck's output")
                continue
            status = ours[(sheet, ref)]
            must_skip = (sheet, ref) in outside.get(name, set())
            if status[0] != "ok":
                if must_skip:
                    skipped += 1
                else:
                    problems.append(f"{sheet}!{ref} ({formula}) not computed: {status}")
                continue
            if must_skip:
                problems.append(f"{sheet}!{ref} ({formula}) computed, but it is outside the subset")
                continue
            kind, value = status[1], status[2] if len(status) > 2 else ""
            got = lo[sheet][ref].value
            if same(kind, value, got):
                equal += 1
            else:
                problems.append(f"{sheet}!{ref} {formula}: xlsxcheck {kind}:{value}, LibreOffice {got!r}")
        if len(ours) != len(written.get(name, {})):
            problems.append(f"xlsxcheck lists {len(ours)} formulas, gen.py wrote {len(written.get(name, {}))}")
        if not written.get(name):
            problems.append("no formula was written")
        if problems:
            print(f"FAIL {test}: " + "; ".join(problems[:6]) + (f" (+{len(problems) - 6})" if len(problems) > 6 else ""))
        else:
            print(f"ok {test} ({equal} cells equal, {skipped} not computed as expected)")


if __name__ == "__main__":
    main()
