#!/usr/bin/env python3
"""Load for bench/submit.sh: UNITS clients at once, one per unit of the
registry, each logging in with its access code and submitting its own
district workbook N times (each time different bytes: a zip comment of its
own).  Then everything is read back as the Sở: every acknowledged (201)
submission must download byte for byte.  Prints the figures.

usage: submit_load.py PORT CODES.tsv EXAMPLES_DIR N ADMIN_PASSWORD"""
import hashlib
import json
import os
import statistics
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "submit"))
from common import Client  # noqa: E402

port, codes_tsv, exdir, n, admin_pw = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
slugs = {"608": "tp-kon-tum", "610": "dak-glei", "611": "ngoc-hoi", "612": "dak-to", "613": "kon-plong",
         "614": "kon-ray", "615": "dak-ha", "616": "sa-thay", "617": "tu-mo-rong", "618": "ia-hdrai"}
codes = dict(line.rstrip("\n").split("\t")[0::2] for line in open(codes_tsv, encoding="utf-8") if line.strip())
lat, acked, failed = [], [], []
lock = threading.Lock()


def variant(data, k):
    comment = f"bench {k}".encode()
    return data[:-2] + len(comment).to_bytes(2, "little") + comment


def client(unit):
    with open(os.path.join(exdir, f"bao-cao-dinh-ky_{slugs[unit]}_2023-q1.xlsx"), "rb") as f:
        data = f.read()
    c = Client(port)
    if c.login(unit, codes[unit])[0] != 200:
        with lock:
            failed.append((unit, "login"))
        return
    for k in range(n):
        body = variant(data, k)
        t0 = time.monotonic()
        st, _, resp, _ = c.upload(f"{unit}-{k}.xlsx", body)
        dt = time.monotonic() - t0
        with lock:
            if st == 201:
                lat.append(dt)
                acked.append((json.loads(resp)["id"], hashlib.sha256(body).hexdigest()))
            else:
                failed.append((unit, st))


t0 = time.monotonic()
ts = [threading.Thread(target=client, args=(u,)) for u in slugs]
[t.start() for t in ts]
[t.join() for t in ts]
wall = time.monotonic() - t0
adm = Client(port)
adm.login("admin", admin_pw)
lost = 0
for sid, sha in acked:
    st, _, got, _ = adm.request("GET", f"/api/submissions/{sid}/file")
    lost += st != 200 or hashlib.sha256(got).hexdigest() != sha
st, j = adm.get_json("/api/submissions")
lat.sort()
p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000 if lat else float("nan")  # noqa: E731
print(f"submissions: {len(acked)} acknowledged of {len(slugs) * n}, {len(failed)} refused, {lost} lost; "
      f"{len(j['submissions']) if j else '?'} listed")
print(f"wall {wall:.1f} s, {len(acked) / wall:.1f} submissions/s; latency p50 {p(0.5):.0f} ms, p95 {p(0.95):.0f} ms, "
      f"max {p(1.0):.0f} ms, mean {statistics.mean(lat) * 1000 if lat else 0:.0f} ms")
