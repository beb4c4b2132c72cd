#!/usr/bin/python3
"""Reads the CSV findings of `xlsxcheck check --format csv` (columns file,
unit, sheet, cell, key, rule, severity, message, expected, actual, hint).

    findings.py errors CSV            print the error rows, short, on one line
                                      ("RULE SHEET!CELL[KEY] actual≠expected;
                                      …"); exit 1 when there is one, else 0
    findings.py warnings CSV          the same for the warning rows (exit 0)
    findings.py has CSV RULE [CELL [KEY]]
                                      exit 0 when an error row of RULE (at
                                      CELL, with KEY) exists, else 1
"""
import csv
import sys

MAX = 6


def rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def short(r):
    where = f"{r['sheet']}!{r['cell']}" if r["sheet"] or r["cell"] else "(tệp)"
    if r["key"]:
        where += f"[{r['key']}]"
    val = r["actual"]
    if r["expected"]:
        val = f"{val}≠{r['expected']}"
    return f"{r['rule']} {where} {val}".strip()


def summary(sel):
    out = "; ".join(short(r) for r in sel[:MAX])
    if len(sel) > MAX:
        out += f"; … (+{len(sel) - MAX})"
    return out


def main():
    a = sys.argv[1:]
    if len(a) >= 2 and a[0] in ("errors", "warnings"):
        sev = "error" if a[0] == "errors" else "warning"
        sel = [r for r in rows(a[1]) if r["severity"] == sev]
        if sel:
            print(summary(sel))
        return 1 if sel and sev == "error" else 0
    if len(a) >= 3 and a[0] == "has":
        for r in rows(a[1]):
            if r["severity"] != "error" or r["rule"] != a[2]:
                continue
            if len(a) > 3 and r["cell"] != a[3]:
                continue
            if len(a) > 4 and r["key"] != a[4]:
                continue
            return 0
        return 1
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main())
