#!/usr/bin/python3
"""PAR-index (chi-so-cchc) workbooks of the 10 Kon Tum units, for the merge's
ranking test.

    mkpar.py OUTDIR

Huyện Kon Rẫy is seed 004 exactly (97 / 90,29 / 89,21, index 91,97).  The
other nine start from the seed and get other scores, deterministic (seeded by
the unit code): every leaf criterion of sections 1-8 gets an appraisal of
max × {1, 3/4, 1/2, 1/4, 0} and a self-assessment at least that (capped at
max), the parents and the total are the sums (CS-2 … CS-6 hold), section 9
(deductions) keeps the seed's, and criterion 1.6.2 is marked not evaluated in
about half of them (then the total maximum is 97, else 100).

Writes OUTDIR/<slug>.xlsx and OUTDIR/expected.json: for each unit the
independent computation the test compares the merge's "Xếp hạng" with:
max, self, appraisal, index = round(appraisal / max × 100, 2) and the field
(level-1) appraisal subtotals, with the rank (ties share a rank).
"""
import json
import os
import random
import sys
from decimal import Decimal, ROUND_HALF_UP

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "rules"))
import mkchiso  # noqa: E402  (the seed-004 writer)

UNITS = mkchiso.tsv(os.path.join(mkchiso.ROOT, "rulesets", "units", "kon-tum.tsv"))
D = Decimal
Q2 = D("0.01")


def children(spec):
    kids = {}
    for r in spec:
        kids.setdefault(r["parent"], []).append(r["key"])
    return kids


def dec(x):
    return None if x is None else D(str(x))


def num(d):
    if d is None:
        return None
    d = d.quantize(Q2, rounding=ROUND_HALF_UP).normalize()
    return int(d) if d == d.to_integral_value() else float(d)


def vary(seed_scores, rng, exclude_162):
    spec = mkchiso.SPEC
    kids = children(spec)
    s = {k: list(v) for k, v in seed_scores.items()}
    s["1.6.2"][4] = "x" if exclude_162 else None
    leaves = [r["key"] for r in spec if r["key"] not in kids and r["key"] != "T"]
    for k in leaves:
        if k.startswith("9"):
            continue  # deductions stay the seed's
        mx = dec(s[k][0])
        if s[k][4] == "x":
            s[k][1] = s[k][2] = None
            continue
        app = (mx * D(rng.choice(["1", "0.75", "0.5", "0.25", "0"]))).quantize(Q2, rounding=ROUND_HALF_UP)
        self_ = min(mx, app + (mx * D(rng.choice(["0", "0", "0.25"]))).quantize(Q2, rounding=ROUND_HALF_UP))
        s[k][1], s[k][2] = num(self_), num(app)
    # parents bottom-up: deepest first
    order = sorted((r["key"] for r in spec if r["key"] in kids and r["key"] != "T"),
                   key=lambda k: -k.count("."))
    for k in order + ["T"]:
        for col in (1, 2):
            vals = [dec(s[c][col]) for c in kids[k] if s[c][col] is not None]
            s[k][col] = num(sum(vals, D(0))) if vals else None
    return s


def expected(s):
    spec = mkchiso.SPEC
    by = {r["key"]: r for r in spec}
    level1 = [r["key"] for r in spec if r["parent"] == "T"]
    mx = sum(dec(mkchiso.vi(by[k]["max_points"])) for k in level1)
    for r in spec:  # a criterion marked x leaves the maximum (a marked parent covers its children)
        k = r["key"]
        if s[k][4] == "x" and not (r["parent"] in s and s[r["parent"]][4] == "x"):
            mx -= dec(mkchiso.vi(r["max_points"]))
    app, self_ = dec(s["T"][2]), dec(s["T"][1])
    index = (app * 100 / mx).quantize(Q2, rounding=ROUND_HALF_UP)
    return {"max": format(mx.normalize(), "f"), "self": str(self_), "appraisal": str(app), "index": str(index),
            "fields": {k: None if s[k][2] is None else str(dec(s[k][2])) for k in level1}}


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: mkpar.py OUTDIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    exp = {}
    for u in UNITS:
        rng = random.Random(int(u["code"]))
        if u["slug"] == "kon-ray":
            s = mkchiso.scores()
        else:
            s = vary(mkchiso.scores(), rng, rng.random() < 0.5)
        s["T"][0] = num(D(expected(s)["max"]))  # the total maximum the unit states (CS-4)
        mkchiso.THONG_TIN["1"] = u["official_name"]
        mkchiso.write(os.path.join(out, u["slug"] + ".xlsx"), s)
        e = expected(s)
        e["unit"] = u["official_name"]
        exp[u["slug"]] = e
    ranked = sorted(exp.values(), key=lambda e: -D(e["index"]))
    for i, e in enumerate(ranked):
        e["rank"] = ranked[i - 1]["rank"] if i and D(e["index"]) == D(ranked[i - 1]["index"]) else i + 1
    with open(os.path.join(out, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(exp, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
