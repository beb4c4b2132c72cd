#!/usr/bin/env python3
"""The store's commands: xlsxcheck codes, admin-password and backup.

usage: test_cli.py XLSXCHECK ROOT TMPDIR
Prints "ok submit.cli.NAME" / "FAIL submit.cli.NAME: why" per test."""
import os
import re
import sqlite3
import subprocess
import sys

xc, root, tmp = sys.argv[1:4]
os.makedirs(tmp, exist_ok=True)
registry = os.path.join(root, "rulesets", "units", "kon-tum.tsv")


def run(*args, stdin=None):
    p = subprocess.run([xc, *args], input=stdin, capture_output=True, timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def result(name, ok, why=""):
    print(f"ok submit.cli.{name}" if ok else f"FAIL submit.cli.{name}: {why}", flush=True)


def registry_units():
    with open(registry, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f][1:]
    return [(r[0], r[1]) for r in rows if r and r[0]]


data = os.path.join(tmp, "data")
units = registry_units()
code_re = re.compile(r"^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$")

# codes: one line per unit of the registry, in its order, code<TAB>name<TAB>access code
rc, out, err = run("codes", "--data", data, "--units", registry)
lines = [l.split("\t") for l in out.splitlines()]
got = [(l[0], l[1]) for l in lines if len(l) == 3]
result("codes_every_unit", rc == 0 and got == units and len(lines) == len(units),
       f"status {rc}, {len(lines)} lines for {len(units)} units: {out[:200]!r} {err[:200]!r}")
first = {l[0]: l[2] for l in lines if len(l) == 3}
result("codes_format", len(first) > 0 and all(code_re.match(c) for c in first.values())
       and len(set(first.values())) == len(first), f"codes {list(first.values())[:3]}")

# only hashes are stored: no code in the database, argon2id hashes instead
db = os.path.join(data, "xlsxcheck.db")
con = sqlite3.connect(db)
hashes = con.execute("SELECT principal, hash FROM secrets").fetchall()
con.close()
raw = b""
for name in os.listdir(data):
    if name.startswith("xlsxcheck.db"):
        with open(os.path.join(data, name), "rb") as f:
            raw += f.read()
plain = [c for c in first.values() if c.encode() in raw or c.replace("-", "").encode() in raw]
result("codes_only_hashes", len(hashes) == len(units) and all(h.startswith("$argon2id$") for _, h in hashes)
       and not plain, f"{len(hashes)} hashes, plaintext found: {plain}")

con = sqlite3.connect(db)
row = con.execute("SELECT value FROM settings WHERE key='units_registry'").fetchone()
con.close()
result("codes_remembers_registry", row is not None and os.path.samefile(row[0], registry), f"{row}")

# the default registry (rulesets/units) gives the same units
rc, out2, err = run("codes", "--data", os.path.join(tmp, "data-default"))
got2 = [tuple(l.split("\t")[:2]) for l in out2.splitlines()]
result("codes_default_registry", rc == 0 and got2 == units, f"status {rc}: {err[:200]!r}")

# new codes replace the old ones: a second run prints other codes
rc, out3, err = run("codes", "--data", data, "--unit", "608")
l3 = [l.split("\t") for l in out3.splitlines()]
result("codes_one_unit", rc == 0 and len(l3) == 1 and l3[0][0] == "608" and l3[0][2] != first.get("608"),
       f"status {rc}: {out3!r} {err[:200]!r}")

# refusals: no --data, an unknown unit, an extra argument, a missing registry
for name, args in [("codes_no_data", ["codes"]),
                   ("codes_unknown_unit", ["codes", "--data", data, "--unit", "999"]),
                   ("codes_extra_argument", ["codes", "--data", data, "extra"]),
                   ("codes_missing_registry", ["codes", "--data", data, "--units", os.path.join(tmp, "none.tsv")])]:
    rc, out, err = run(*args)
    result(name, rc == 2 and out == "" and "xlsxcheck" in err, f"status {rc}, stdout {out[:100]!r}, stderr {err[:200]!r}")

# admin-password: from stdin; too short refused; only a hash stored
rc, out, err = run("admin-password", "--data", data, stdin=b"short\n")
result("admin_password_short", rc == 2, f"status {rc}: {err[:200]!r}")
rc, out, err = run("admin-password", "--data", data, stdin="mật khẩu của Sở 2026\n".encode())
con = sqlite3.connect(db)
row = con.execute("SELECT hash FROM secrets WHERE principal='admin' ORDER BY id DESC").fetchone()
con.close()
result("admin_password", rc == 0 and row is not None and row[0].startswith("$argon2id$") and "Sở" not in row[0],
       f"status {rc}: {err[:200]!r} {row}")

# backup: a folder that is a store of its own; an existing destination refused
dest = os.path.join(tmp, "backup")
rc, out, err = run("backup", "--data", data, dest)
ok = rc == 0 and os.path.isfile(os.path.join(dest, "xlsxcheck.db")) and os.path.isdir(os.path.join(dest, "files"))
if ok:
    con = sqlite3.connect(os.path.join(dest, "xlsxcheck.db"))
    ok = con.execute("PRAGMA integrity_check").fetchone()[0] == "ok" and \
        con.execute("SELECT COUNT(*) FROM secrets").fetchone()[0] == len(units) + 2
    con.close()
result("backup", ok, f"status {rc}: {err[:200]!r}")
rc, out, err = run("backup", "--data", data, dest)
result("backup_existing_refused", rc == 2, f"status {rc}: {err[:200]!r}")
rc, out, err = run("backup", "--data", data)
result("backup_no_destination", rc == 2, f"status {rc}: {err[:200]!r}")
