#!/usr/bin/env python3
"""A full disk during an upload: the data folder on a small tmpfs, filled
so that the server can still take the upload into its temporary folder but
not store it.  The API answers 507 with the JSON error disk_full and the
page a clear error page; nothing is half stored (no row, no file, nothing
left in incoming/); once there is room again the same upload is stored.
Needs root (to mount the tmpfs), as make check runs in CI.

usage: test_diskfull.py XLSXCHECK ROOT TMPDIR"""
import json
import os
import sqlite3
import subprocess
import sys
import hashlib
import re
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import Client, Server, result  # noqa: E402

common.PREFIX = "submit.diskfull"
xc, root, tmp = sys.argv[1:4]
os.makedirs(tmp, exist_ok=True)
if os.geteuid() != 0:
    print("# submit.diskfull: not run: mounting a small tmpfs needs root (CI runs make check as root)")
    sys.exit(0)
with open(os.path.join(root, "examples", "don-vi", "bao-cao-dinh-ky_tp-kon-tum_2023-q1.xlsx"), "rb") as f:
    KONTUM = f.read()
mnt = os.path.join(tmp, "small")
os.makedirs(mnt, exist_ok=True)
p = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mnt], capture_output=True)
if not result("mount_tmpfs", p.returncode == 0, p.stderr.decode()[:200]):
    sys.exit(0)
srv = None
try:
    data = os.path.join(mnt, "data")
    codes, admin_pw = common.issue_codes(xc, data)
    srv = Server(xc, data, os.path.join(tmp, "server.log"))
    if not result("server_starts", srv.start(), "no answer on /healthz"):
        sys.exit(0)
    c = Client(srv.port)
    c.login("608", codes["608"])
    st, _, body, _ = c.request("GET", "/nop-bao-cao")
    # fill the disk: room for the server's temporary copy of the upload, not for a second copy
    sv = os.statvfs(mnt)
    free = sv.f_bavail * sv.f_frsize
    filler = os.path.join(mnt, "filler")
    with open(filler, "wb") as f:
        f.write(b"\0" * max(0, free - len(KONTUM) - 24 * 1024))
    con = sqlite3.connect(os.path.join(data, "xlsxcheck.db"))
    rows_before = con.execute("SELECT COUNT(*) FROM submissions").fetchone()[0]
    st, _, body, _ = c.upload("bao-cao.xlsx", KONTUM)
    code = json.loads(body).get("error", {}).get("code") if body.startswith(b"{") else None
    result("api_507", st == 507 and code == "disk_full", f"status {st} {body[:200]!r}")
    time.sleep(1)  # the server removes the request's temporary folder once the answer is out
    m = re.search(rb'name="csrf" value="([0-9a-f]{64})"', c.request("GET", "/nop-bao-cao")[2])
    st, _, body, _ = c.upload("bao-cao.xlsx", KONTUM, path="/nop-bao-cao",
                              fields={"csrf": m.group(1).decode() if m else ""}, csrf=False)
    page = body.decode("utf-8", "replace")
    result("page_507", st == 507 and "hết chỗ lưu trữ" in page and "<html" in page.lower(), f"status {st} {page[:200]!r}")
    rows_after = con.execute("SELECT COUNT(*) FROM submissions").fetchone()[0]
    sha = hashlib.sha256(KONTUM).hexdigest()
    stored = os.path.exists(os.path.join(data, "files", sha[:2], sha))
    left = os.listdir(os.path.join(data, "incoming"))
    result("nothing_half_stored", rows_after == rows_before and not stored and not left,
           f"rows {rows_before} -> {rows_after}, file stored: {stored}, left in incoming: {left}")
    os.unlink(filler)
    st, _, body, _ = c.upload("bao-cao.xlsx", KONTUM)
    result("stored_when_room_again", st == 201 and json.loads(body).get("sha256") == sha, f"status {st} {body[:200]!r}")
    result("integrity_ok", con.execute("PRAGMA integrity_check").fetchone()[0] == "ok")
    con.close()
finally:
    if srv:
        srv.stop()
    subprocess.run(["umount", mnt], capture_output=True)
