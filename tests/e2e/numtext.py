#!/usr/bin/python3
"""Number text check, stricter than dumpcmp.py (which compares values):
every `n` cell of ours must be printed exactly as the reference's text,
i.e. Python's repr of the double (integral values below 2**53 without
".0").  openpyxl hands back integer text ("9007199254740993") as an exact
Python int; a cell holds a double, so there the reference text is taken to
be that of float(int) under the same rule.

Usage: numtext.py OURS.tsv REF.tsv [WANT.tsv]   (cells in WANT are skipped:
run.sh checks them exactly).  Prints the differences; exit 1 if any.
"""
import re
import sys


def num(v):
    if v == int(v) and abs(v) < 2**53:
        return str(int(v))
    return repr(v)


def load(p):
    d = {}
    with open(p, encoding="utf-8", newline="\n") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 4:
                d[(parts[0], parts[1])] = (parts[2], parts[3])
    return d


def main(argv):
    ours, ref = load(argv[1]), load(argv[2])
    skip = load(argv[3]) if len(argv) > 3 else {}
    bad = 0
    for k, (rt, rv) in ref.items():
        if rt != "n" or k in skip or k not in ours or ours[k][0] != "n":
            continue
        want = num(float(int(rv))) if re.fullmatch(r"-?\d+", rv) else rv
        if ours[k][1] != want:
            bad += 1
            if bad <= 5:
                print(f"number text {k[0]}!{k[1]}: ours {ours[k][1]} want {want}")
    if bad:
        print(f"{bad} numbers not printed as the shortest repr")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
