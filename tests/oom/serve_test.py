#!/usr/bin/python3
"""The server when a request runs out of memory (issue 13: a request that
runs out of memory gets an error answer and the server lives on).

    serve_test.py XLSXCHECK WORK BIG.xlsx SMALL.xlsx LIMIT_KB

Starts `xlsxcheck serve` on a free 127.0.0.1 port with its address space
limited to LIMIT_KB (setrlimit RLIMIT_AS in the child: the server alone; 0:
no limit here, the caller's ASAN_OPTIONS limit allocations instead),
uploads BIG.xlsx (a workbook that needs more memory than that) to
/api/check and to the /kiem-tra page, and expects the out-of-memory answer:
413 with {"error": {"code": "out_of_memory"}} (the page: an error page, 413);
then /healthz answers "ok", a normal check of SMALL.xlsx gives the same JSON
as the command line, the request folders under DATA/tmp are gone, and the
server is still running.  It is stopped by PID (SIGTERM), bounded in time.
Prints ok/FAIL lines."""
import http.client
import json
import os
import resource
import signal
import subprocess
import sys
import time
import uuid

XLSXCHECK, WORK, BIG, SMALL, LIMIT = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
failures = 0


def check(name, cond, why=""):
    global failures
    if cond:
        print("ok oom.serve-%s" % name, flush=True)
    else:
        failures += 1
        print("FAIL oom.serve-%s: %s" % (name, str(why).replace("\n", " ")[:300]), flush=True)
    return cond


def limit():
    if LIMIT:
        resource.setrlimit(resource.RLIMIT_AS, (LIMIT * 1024, LIMIT * 1024))


def multipart(field, filename, data):
    boundary = "xcb" + uuid.uuid4().hex
    body = (("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
             "Content-Type: application/octet-stream\r\n\r\n" % (boundary, field, filename)).encode("utf-8")
            + data + ("\r\n--%s--\r\n" % boundary).encode())
    return body, {"Content-Type": "multipart/form-data; boundary=" + boundary}


def request(port, method, path, body=None, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        return r.status, r.read()
    finally:
        c.close()


data = os.path.join(WORK, "data-oom")
err = open(os.path.join(WORK, "serve-oom.err"), "wb")
proc = subprocess.Popen([XLSXCHECK, "serve", "--listen", "127.0.0.1:0", "--data", data],
                        stdout=subprocess.PIPE, stderr=err, preexec_fn=limit)
try:
    line = b""
    deadline = time.time() + 20
    while time.time() < deadline and not line.endswith(b"\n"):
        ch = proc.stdout.read(1)
        if not ch:
            break
        line += ch
    text = line.decode("utf-8", "replace").strip()
    if not check("started", text.startswith("listening on http://127.0.0.1:"), text or "no 'listening on' line"):
        sys.exit(1)
    port = int(text.rsplit(":", 1)[1].strip("/"))
    big = open(BIG, "rb").read()
    small = open(SMALL, "rb").read()

    body, h = multipart("file", "lon.xlsx", big)
    st, out = request(port, "POST", "/api/check", body, h)
    try:
        code = json.loads(out.decode("utf-8"))["error"]["code"]
    except (ValueError, KeyError, TypeError):
        code = None
    check("api-check-413", st == 413 and code == "out_of_memory", (st, out[:200]))

    st, out = request(port, "POST", "/kiem-tra?lang=en", body, h)
    check("page-check-413", st == 413 and b"more memory than the server has" in out, (st, out[:200]))

    check("alive", proc.poll() is None, "the server exited: %s" % proc.poll())
    st, out = request(port, "GET", "/healthz")
    check("healthz", st == 200 and out == b"ok\n", (st, out))

    body, h = multipart("file", os.path.basename(SMALL), small)
    st, out = request(port, "POST", "/api/check", body, h)
    cli = subprocess.run([XLSXCHECK, "check", "--format", "json", os.path.basename(SMALL)],
                         cwd=os.path.dirname(os.path.abspath(SMALL)), stdout=subprocess.PIPE, timeout=120)
    same = st == 200 and json.loads(out.decode("utf-8")) == json.loads(cli.stdout.decode("utf-8"))
    check("normal-check-after", same, (st, out[:200]))

    left = [n for n in os.listdir(os.path.join(data, "tmp"))] if os.path.isdir(os.path.join(data, "tmp")) else []
    check("no-request-files-left", not left, left)
    check("alive-at-end", proc.poll() is None, "the server exited: %s" % proc.poll())
finally:
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
sys.exit(1 if failures else 0)
