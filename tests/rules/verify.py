#!/usr/bin/python3
"""Runs xlsxcheck on the cases mkcases.py wrote and compares its findings.

    verify.py XLSXCHECK CASES.JSON

For every case: each variant is checked with `check --rules kinds/<case>.rules
--format csv` (or, when the case's "rules" is null, with the shipped rulesets
and the form picked by the sheets); the findings (rule, sheet, cell, key,
actual, expected) must be exactly the expected ones (as a multiset), the hint
must contain / lack the given texts, and the exit status must be the
variant's "exit", or else 1 when findings are expected (every rule of
kinds/*.rules is an error) and 0 otherwise.  Prints one line per case:
"ok rules.<case>" or "FAIL rules.<case>: <why>" followed by "#" detail lines.
"""
import csv
import io
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FIELDS = ("rule", "sheet", "cell", "key", "actual", "expected")


def run(xlsxcheck, rules, path):
    opts = ["--rules", rules] if rules else []
    p = subprocess.run([xlsxcheck, "check"] + opts + ["--format", "csv", path],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    text = p.stdout.decode("utf-8", "replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    return p.returncode, rows, p.stderr.decode("utf-8", "replace")


def show(f):
    return " | ".join(f"{k}={f[k]!r}" for k in FIELDS)


def check_variant(xlsxcheck, rules, v):
    """The problems of one variant (empty when it behaves as expected)."""
    if not os.path.exists(v["file"]):
        return [f"{v['file']} was not written"]
    rc, rows, err = run(xlsxcheck, rules, v["file"])
    problems = []
    if rc not in (0, 1):
        return [f"exit {rc}: {err.strip()[:300]}"]
    got = [dict((k, r.get(k, "")) for k in FIELDS + ("hint", "severity", "message")) for r in rows]
    want = [dict(zip(FIELDS, e[:6]), opts=e[6] if len(e) > 6 else {}) for e in v["expect"]]
    unmatched = list(got)
    for w in want:
        hit = None
        for g in unmatched:
            if all(g[k] == w[k] for k in FIELDS):
                hit = g
                break
        if hit is None:
            problems.append("missing  " + show(w))
            continue
        unmatched.remove(hit)
        for t in w["opts"].get("hint_has", []):
            if t not in hit["hint"]:
                problems.append(f"{w['rule']} at {w['cell']}: hint lacks {t!r}: {hit['hint']!r}")
        for t in w["opts"].get("message_has", []):
            if t not in hit["message"]:
                problems.append(f"{w['rule']} at {w['cell']}: message lacks {t!r}: {hit['message']!r}")
        if "severity" in w["opts"] and hit["severity"] != w["opts"]["severity"]:
            problems.append(f"{w['rule']} at {w['cell']}: severity {hit['severity']}, expected {w['opts']['severity']}")
        for t in w["opts"].get("hint_lacks", []):
            if t in hit["hint"]:
                problems.append(f"{w['rule']} at {w['cell']}: hint has {t!r}: {hit['hint']!r}")
    for g in unmatched:
        problems.append("unexpected " + show(g))
    want_rc = v.get("exit", 1 if want else 0)
    if rc != want_rc and not problems:
        problems.append(f"exit {rc}, expected {want_rc}")
    return problems


def main():
    xlsxcheck, manifest = sys.argv[1], sys.argv[2]
    with open(manifest, encoding="utf-8") as f:
        cases = json.load(f)
    for c in cases:
        rules = os.path.join(HERE, c["rules"]) if c["rules"] else None
        bad = []
        for v in c["variants"]:
            for p in check_variant(xlsxcheck, rules, v):
                bad.append((v["name"], p))
        if not bad:
            print(f"ok rules.{c['case']}")
            continue
        names = sorted({n for n, _ in bad})
        print(f"FAIL rules.{c['case']}: {len(bad)} difference(s) in {', '.join(names)}")
        for n, p in bad[:12]:
            print(f"#   {n}: {p}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
