#!/usr/bin/env python3
"""Nothing acknowledged is lost: clients upload in a loop (four units, every
upload different bytes), `xlsxcheck backup` runs meanwhile, then the server
is killed with SIGKILL at a random moment and restarted on the same data
folder.  Every submission answered 201 must come back byte for byte under
its SHA-256, PRAGMA integrity_check must say ok, no half-written file may be
left, and the backup taken under load must be complete and sound.

usage: test_crash.py XLSXCHECK ROOT TMPDIR"""
import hashlib
import http.client
import json
import os
import random
import sqlite3
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import Client, Server, result  # noqa: E402

common.PREFIX = "submit.crash"
xc, root, tmp = sys.argv[1:4]
os.makedirs(tmp, exist_ok=True)
ex = os.path.join(root, "examples", "don-vi")
files = {"608": "tp-kon-tum", "610": "dak-glei", "611": "ngoc-hoi", "615": "dak-ha"}
base = {}
for unit, slug in files.items():
    with open(os.path.join(ex, f"bao-cao-dinh-ky_{slug}_2023-q1.xlsx"), "rb") as f:
        base[unit] = f.read()


def variant(data, n):
    """The same workbook with a zip comment of its own: different bytes, still a valid package."""
    assert data[-22:-18] == b"PK\x05\x06" and data[-2:] == b"\0\0"
    comment = f"upload {n}".encode()
    return data[:-2] + len(comment).to_bytes(2, "little") + comment


data = os.path.join(tmp, "data")
codes, admin_pw = common.issue_codes(xc, data)
acked = []   # (id, sha256, bytes), over every round
lock = threading.Lock()
counter = [0]
refused = []  # answers other than 201 (none expected)
ROUNDS = 3
random.seed()


def client(port, unit, stop):
    c = Client(port)
    try:
        if c.login(unit, codes[unit])[0] != 200:
            return
    except (OSError, http.client.HTTPException):
        return  # killed while logging in
    while not stop.is_set():
        with lock:
            counter[0] += 1
            n = counter[0]
        body = variant(base[unit], n)
        try:
            st, _, resp, _ = c.upload(f"{unit}-{n}.xlsx", body, timeout=30)
        except (OSError, http.client.HTTPException):
            return  # the server is gone
        if st == 201:
            j = json.loads(resp)
            with lock:
                acked.append((j["id"], j["sha256"], body))
        else:
            with lock:
                refused.append((st, resp[:200]))


def verify(port, rnd):
    adm = Client(port)
    adm.login("admin", admin_pw)
    lost = []
    for sid, sha, body in acked:
        st, _, got, _ = adm.request("GET", f"/api/submissions/{sid}/file")
        if st != 200 or got != body or hashlib.sha256(got).hexdigest() != sha:
            lost.append((sid, st))
    result(f"round{rnd}.no_acknowledged_submission_lost", not lost, f"{len(lost)} of {len(acked)} lost: {lost[:5]}")
    con = sqlite3.connect(os.path.join(data, "xlsxcheck.db"))
    integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
    rows = con.execute("SELECT sha256 FROM submissions").fetchall()
    dup = con.execute("SELECT COUNT(*) FROM (SELECT unit, period, version FROM submissions"
                      " GROUP BY 1, 2, 3 HAVING COUNT(*) > 1)").fetchone()[0]
    con.close()
    result(f"round{rnd}.integrity_check_ok", integrity == "ok", integrity)
    nofile = [s for (s,) in rows if not os.path.isfile(os.path.join(data, "files", s[:2], s))]
    result(f"round{rnd}.every_row_has_its_file", not nofile and dup == 0,
           f"{len(nofile)} rows without a file, {dup} duplicate versions")
    bad = []
    for d, _, fs in os.walk(os.path.join(data, "files")):
        for name in fs:
            with open(os.path.join(d, name), "rb") as f:
                if hashlib.sha256(f.read()).hexdigest() != name:
                    bad.append(name)
    left = os.listdir(os.path.join(data, "incoming"))
    result(f"round{rnd}.no_half_written_file", not bad and not left,
           f"{len(bad)} files not matching their name, {left[:3]} left in incoming/")


for rnd in range(1, ROUNDS + 1):
    srv = Server(xc, data, os.path.join(tmp, f"server{rnd}.log"))
    if not result(f"round{rnd}.server_starts", srv.start(), "no answer on /healthz"):
        sys.exit(0)
    if rnd > 1:
        verify(srv.port, rnd - 1)  # what the previous kill left
    before = len(acked)
    stop = threading.Event()
    threads = [threading.Thread(target=client, args=(srv.port, u, stop)) for u in files]
    for t in threads:
        t.start()
    end = time.time() + 60  # under way: a few acknowledged first (bounded)
    while len(acked) - before < 3 and time.time() < end:
        time.sleep(0.05)
    if rnd == 1:
        backup_dir = os.path.join(tmp, "backup")
        bk = subprocess.run([xc, "backup", "--data", data, backup_dir], capture_output=True, timeout=120)
    time.sleep(random.uniform(0.3, 2.5))
    srv.kill9()
    stop.set()
    for t in threads:
        t.join(60)
    result(f"round{rnd}.uploads_acknowledged", len(acked) - before >= 4,
           f"only {len(acked) - before} uploads answered 201 before the kill")
    print(f"# round {rnd}: {len(acked) - before} submissions acknowledged before SIGKILL", flush=True)
    result(f"round{rnd}.no_refusal", not refused, f"{len(refused)} uploads refused: {refused[:3]}")
    refused.clear()
    if rnd == 1:
        # the backup taken under load: sound, and every row's file is there
        ok, why = bk.returncode == 0, bk.stderr.decode()[:200]
        if ok:
            con = sqlite3.connect(os.path.join(backup_dir, "xlsxcheck.db"))
            ok = con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            rows = con.execute("SELECT sha256 FROM submissions").fetchall()
            con.close()
            missing = [s for (s,) in rows if not os.path.isfile(os.path.join(backup_dir, "files", s[:2], s))]
            ok = ok and not missing and len(rows) > 0
            why = f"{len(rows)} rows, files missing for {missing[:3]}"
        result("backup_under_load", ok, why)

srv = Server(xc, data, os.path.join(tmp, "server-last.log"))
if result("restart", srv.start(), "the server did not come back"):
    try:
        verify(srv.port, ROUNDS)
    finally:
        srv.stop()
