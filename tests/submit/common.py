"""Shared by the submissions tests: a server on a free 127.0.0.1 port
(stopped by its PID), HTTP with a session cookie, multipart bodies."""
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid

PREFIX = "submit"


def result(name, ok, why=""):
    print(f"ok {PREFIX}.{name}" if ok else f"FAIL {PREFIX}.{name}: {why}", flush=True)
    return ok


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Server:
    """xlsxcheck serve on a free port; stop() by PID (SIGTERM, then SIGKILL)."""

    def __init__(self, xc, data, log, extra=()):
        self.xc, self.data, self.log_path, self.extra = xc, data, log, list(extra)
        self.proc = None
        self.port = None

    def start(self, timeout=30):
        for _attempt in range(3):
            self.port = free_port()
            self.log = open(self.log_path, "ab")
            self.proc = subprocess.Popen([self.xc, "serve", "--listen", f"127.0.0.1:{self.port}", "--data", self.data,
                                          *self.extra], stdout=self.log, stderr=self.log)
            end = time.time() + timeout
            while time.time() < end:
                if self.proc.poll() is not None:
                    break
                try:
                    c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                    c.request("GET", "/healthz")
                    if c.getresponse().status == 200:
                        return True
                except OSError:
                    time.sleep(0.1)
            self.stop()
        return False

    def kill9(self):
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        if getattr(self, "log", None):
            self.log.close()


def multipart(fields, files):
    """fields: {name: value}; files: [(field, filename, bytes)] -> (body, content type)."""
    b = uuid.uuid4().hex
    out = []
    for k, v in fields.items():
        out.append(f"--{b}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n".encode())
    for field, name, data in files:
        out.append(f"--{b}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\n"
                   "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n".encode())
        out.append(data)
        out.append(b"\r\n")
    out.append(f"--{b}--\r\n".encode())
    return b"".join(out), f"multipart/form-data; boundary={b}"


class Client:
    """One browser-like client: keeps the session cookie and the CSRF token."""

    def __init__(self, port):
        self.port = port
        self.cookie = None
        self.csrf = None
        self.unit = None
        self.source = None  # a loopback address to connect from (127.0.0.0/8)

    def request(self, method, path, body=None, headers=None, csrf=True, timeout=120):
        h = dict(headers or {})
        if self.cookie:
            h["Cookie"] = self.cookie
        if csrf and self.csrf and method == "POST":
            h["X-CSRF-Token"] = self.csrf
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout,
                                       source_address=(self.source, 0) if self.source else None)
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        hdrs = {k.lower(): v for k, v in r.getheaders()}
        setc = [v for k, v in r.getheaders() if k.lower() == "set-cookie"]
        c.close()
        return r.status, hdrs, data, setc

    def login(self, unit, secret):
        st, h, data, setc = self.request("POST", "/api/login", json.dumps({"unit": unit, "secret": secret}).encode(),
                                         {"Content-Type": "application/json"}, csrf=False)
        if st == 200:
            self.cookie = setc[0].split(";")[0] if setc else None
            self.csrf = json.loads(data)["csrf"]
            self.unit = unit
        return st, h, data, setc

    def upload(self, filename, data, path="/api/submissions", fields=None, csrf=True, timeout=120):
        body, ctype = multipart(fields or {}, [("file", filename, data)])
        return self.request("POST", path, body, {"Content-Type": ctype}, csrf=csrf, timeout=timeout)

    def get_json(self, path):
        st, h, data, _ = self.request("GET", path)
        try:
            return st, json.loads(data)
        except ValueError:
            return st, None


def issue_codes(xc, data):
    p = subprocess.run([xc, "codes", "--data", data], capture_output=True, timeout=120)
    if p.returncode != 0:
        raise RuntimeError(p.stderr.decode())
    codes = {}
    for line in p.stdout.decode().splitlines():
        code, name, secret = line.split("\t")
        codes[code] = secret
    p = subprocess.run([xc, "admin-password", "--data", data], input=b"mat-khau-cua-so-2026\n", capture_output=True,
                       timeout=60)
    if p.returncode != 0:
        raise RuntimeError(p.stderr.decode())
    return codes, "mat-khau-cua-so-2026"
