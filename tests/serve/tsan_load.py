#!/usr/bin/env python3
"""The web server under ThreadSanitizer (make tsan-test).

Starts BINARY (a -fsanitize=thread build) with `serve` on a free 127.0.0.1
port and 2 worker threads, sends concurrent requests that reach every part
of the library the server shares between threads (check of many files,
explain, the annotated copy, merge, the pages), then stops it with SIGTERM
and reads its exit status and stderr. ThreadSanitizer runs with
halt_on_error=1 exitcode=66: a data race stops the server with status 66 and
a report. Prints "ok tsan.serve.NAME" / "FAIL tsan.serve.NAME: why".

    tsan_load.py BINARY EXAMPLES_DIR SUPPRESSIONS WORKDIR
"""
import concurrent.futures
import http.client
import os
import signal
import subprocess
import sys
import time
import uuid

binary, examples, supp, work = sys.argv[1:5]
failures = 0


def say(name, good, why=""):
    global failures
    if good:
        print(f"ok tsan.serve.{name}")
    else:
        failures += 1
        print(f"FAIL tsan.serve.{name}: {why}")


def multipart(files):
    b = "xct" + uuid.uuid4().hex
    parts = []
    for name, data in files:
        parts.append((f'--{b}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                      'Content-Type: application/octet-stream\r\n\r\n').encode() + data + b"\r\n")
    return b"".join(parts) + f"--{b}--\r\n".encode(), "multipart/form-data; boundary=" + b


def request(port, method, path, files=None):
    body, headers = None, {}
    if files is not None:
        body, ctype = multipart(files)
        headers["Content-Type"] = ctype
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        c.request(method, path, body=body, headers=headers)
        r = c.getresponse()
        return r.status, r.read()
    finally:
        c.close()


os.makedirs(work, exist_ok=True)
env = dict(os.environ)
env["TSAN_OPTIONS"] = f"halt_on_error=1 exitcode=66 suppressions={supp}"
err = open(os.path.join(work, "serve.err"), "wb")
srv = subprocess.Popen([binary, "serve", "--listen", "127.0.0.1:0", "--threads", "2",
                        "--data", os.path.join(work, "data")],
                       stdout=subprocess.PIPE, stderr=err, env=env)
line = srv.stdout.readline().decode()
if not line.startswith("listening on http://127.0.0.1:"):
    srv.kill()
    say("start", False, f"no 'listening' line: {line!r}")
    sys.exit(1)
port = int(line.strip().rstrip("/").rsplit(":", 1)[1])
say("start", True)

names = sorted(f for f in os.listdir(examples) if f.endswith(".xlsx"))
files = [(n, open(os.path.join(examples, n), "rb").read()) for n in names]
jobs = []
for k in range(40):  # 40 requests from 8 clients at once, every kind interleaved
    f = files[k % len(files)]
    kind = k % 5
    if kind == 0:
        jobs.append(("POST", "/api/check", [f, files[(k + 1) % len(files)]], 200))
    elif kind == 1:
        jobs.append(("POST", "/api/explain", [f], 200))
    elif kind == 2:
        jobs.append(("POST", "/api/annotate", [f], 200))
    elif kind == 3:
        jobs.append(("POST", "/api/merge", files, 200))
    else:
        jobs.append(("GET", "/bieu-mau" if k % 2 else "/?lang=en", None, 200))
bad = []
deadline = time.time() + 600
with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
    futs = [pool.submit(request, port, m, p, fl) for m, p, fl, _ in jobs]
    for (m, p, _, want), fut in zip(jobs, futs):
        try:
            st, _ = fut.result(timeout=max(1, deadline - time.time()))
            if st != want:
                bad.append(f"{m} {p}: {st}")
        except Exception as e:  # the server stopped on a race, or hung
            bad.append(f"{m} {p}: {e!r}")
say("requests", not bad, "; ".join(bad[:5]))

srv.send_signal(signal.SIGTERM)
try:
    rc = srv.wait(timeout=60)
except subprocess.TimeoutExpired:
    srv.kill()
    rc = srv.wait()
err.close()
log = open(os.path.join(work, "serve.err"), "rb").read().decode("utf-8", "replace")
race = "ThreadSanitizer" in log
say("no-race", rc == 0 and not race,
    f"exit {rc}; " + (log[log.find("WARNING: ThreadSanitizer"):][:1500] if race else log[-300:]))
sys.exit(1 if failures else 0)
