#!/usr/bin/python3
"""HTTP tests of `xlsxcheck serve` (standard library only).

    http_test.py XLSXCHECK WORKDIR

Starts the server on a free 127.0.0.1 port (--listen 127.0.0.1:0; the port
is read from its "listening on" line), runs every page and API call, every
refusal, the hostile corpus through /api/check, the API against the command
line, 20 clients x 5 uploads at once, the stop on SIGTERM with a request in
flight; stops the server by its PID.  Prints "ok NAME" or "FAIL NAME: why".
"""
import concurrent.futures
import http.client
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EXAMPLES = os.path.join(ROOT, "examples", "don-vi")
XLSXCHECK = sys.argv[1]
WORK = sys.argv[2]
SLIPS = "bao-cao-dinh-ky_dak-ha_2023-q1.xlsx"   # 2 errors, 1 warning
failures = 0


def ok(name):
    print("ok " + name, flush=True)


def fail(name, why):
    global failures
    failures += 1
    print("FAIL %s: %s" % (name, str(why).replace("\n", " ")[:400]), flush=True)


def check(name, cond, why=""):
    if cond:
        ok(name)
    else:
        fail(name, why or "condition false")
    return cond


class Server:
    """The server as a child process on a free port, stopped by PID."""

    def __init__(self, *args, data=None):
        self.data = data or os.path.join(WORK, "data-" + uuid.uuid4().hex[:8])
        self.proc = subprocess.Popen([XLSXCHECK, "serve", "--listen", "127.0.0.1:0", "--data", self.data] + list(args),
                                     stdout=subprocess.PIPE, stderr=open(os.path.join(WORK, "server.err"), "ab"))
        line = b""
        deadline = time.time() + 20
        # the first line says where it listens
        while time.time() < deadline and not line.endswith(b"\n"):
            ch = self.proc.stdout.read(1)
            if not ch:
                break
            line += ch
        text = line.decode("utf-8", "replace").strip()
        if not text.startswith("listening on http://127.0.0.1:"):
            self.proc.kill()
            raise RuntimeError("no 'listening on' line: %r" % text)
        self.port = int(text.rsplit(":", 1)[1].strip("/"))
        self.url = text.split(" ", 2)[2]

    def alive(self):
        return self.proc.poll() is None

    def stop(self, timeout=15):
        """SIGTERM by PID; the exit status (None if it had to be killed)."""
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None

    def request(self, method, path, body=None, headers=None, timeout=60):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            c.request(method, path, body=body, headers=headers or {})
            r = c.getresponse()
            data = r.read()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, data
        finally:
            c.close()


def multipart(files, fields=()):
    """files: (field, filename, bytes); fields: (name, value)."""
    boundary = "xcb" + uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in fields:
        out.write(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (boundary, name, value)).encode())
    for field, filename, data in files:
        out.write(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                   "Content-Type: application/octet-stream\r\n\r\n" % (boundary, field, filename)).encode("utf-8"))
        out.write(data)
        out.write(b"\r\n")
    out.write(("--%s--\r\n" % boundary).encode())
    return out.getvalue(), {"Content-Type": "multipart/form-data; boundary=" + boundary}


def post_files(srv, path, files, fields=(), headers=None):
    body, h = multipart(files, fields)
    h.update(headers or {})
    return srv.request("POST", path, body, h)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def cli_json(args, cwd):
    p = subprocess.run([XLSXCHECK] + args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    return json.loads(p.stdout.decode("utf-8"))


def security_headers(h):
    csp = h.get("content-security-policy", "")
    return ("default-src 'self'" in csp and h.get("x-content-type-options") == "nosniff"
            and "referrer-policy" in h)


def json_error_shape(data, code=None):
    try:
        j = json.loads(data)
        e = j["error"]
        return isinstance(e["message"], str) and e["message"] and (code is None or e["code"] == code)
    except Exception:
        return False


def tmp_empty(srv):
    t = os.path.join(srv.data, "tmp")
    for _ in range(50):
        if os.path.isdir(t) and not os.listdir(t):
            return True
        time.sleep(0.1)
    return False


def main():
    examples = sorted(f for f in os.listdir(EXAMPLES) if f.endswith(".xlsx"))
    cli = {f: cli_json(["check", "--format", "json", f], EXAMPLES) for f in examples}
    srv = Server("--max-upload-mb", "2", "--threads", "2")
    try:
        run_all(srv, examples, cli)
    finally:
        code = srv.stop()
    check("serve-stop-sigterm-exit-0", code == 0, "exit status %r" % code)
    # the stop finishes a request in flight
    stop_in_flight()
    concurrency(examples, cli)
    hostile()
    print("# serve http: %d failures" % failures)


def run_all(srv, examples, cli):
    st, h, body = srv.request("GET", "/healthz")
    check("serve-healthz", st == 200 and body == b"ok\n", (st, body))
    pages = {"/": "Kiểm tra trước khi nộp", "/kiem-tra": "Kiểm tra tệp", "/ho-tro": "Giải thích tệp",
             "/tong-hop": "Tổng hợp", "/bieu-mau": "BM3-10"}
    for path, marker in pages.items():
        st, h, body = srv.request("GET", path)
        text = body.decode("utf-8", "replace")
        name = "serve-page" + (path.replace("/", "-") if path != "/" else "-home")
        check(name, st == 200 and h.get("content-type", "").startswith("text/html") and marker in text
              and security_headers(h) and '<html lang="vi">' in text and "http://" not in text.replace("http://www.w3.org", ""),
              (st, h.get("content-type"), marker in text))
    # English by ?lang=en and by Accept-Language
    st, h, body = srv.request("GET", "/kiem-tra?lang=en")
    text = body.decode()
    check("serve-lang-query-en", st == 200 and "Check before sending" in text and '<html lang="en">' in text
          and 'name="lang" value="en"' in text)
    st, h, body = srv.request("GET", "/", headers={"Accept-Language": "en-US,en;q=0.9,vi;q=0.5"})
    check("serve-lang-accept-en", st == 200 and '<html lang="en">' in body.decode())
    st, h, body = srv.request("GET", "/", headers={"Accept-Language": "vi-VN,vi;q=0.9,en;q=0.8"})
    check("serve-lang-accept-vi", st == 200 and '<html lang="vi">' in body.decode())
    # the stylesheet and the script: our own, nothing external
    st, h, css = srv.request("GET", "/static/style.css")
    check("serve-css", st == 200 and h.get("content-type", "").startswith("text/css") and b"#FFC7CE" in css
          and b"url(" not in css and b"@import" not in css)
    st, h, js = srv.request("GET", "/static/app.js")
    check("serve-js", st == 200 and "javascript" in h.get("content-type", "") and b"dragover" in js and b"http" not in js)
    # the rules table lists every rule of every ruleset
    st, h, body = srv.request("GET", "/bieu-mau")
    text = body.decode()
    import re
    ids = []
    for rf in sorted(os.listdir(os.path.join(ROOT, "rulesets"))):
        if rf.endswith(".rules"):
            for line in open(os.path.join(ROOT, "rulesets", rf), encoding="utf-8"):
                m = re.match(r"rule\s+(\S+)\s+(error|warning)", line)
                if m:
                    ids.append(m.group(1))
    missing = [i for i in ids if '<th scope="row" class="rule">%s</th>' % i not in text]
    check("serve-forms-every-rule", len(ids) > 100 and not missing, "missing %s" % missing[:5])
    # the templates download
    for form in ("bao-cao-dinh-ky", "chi-so-cchc"):
        st, h, body = srv.request("GET", "/bieu-mau/%s.xlsx" % form)
        check("serve-template-" + form, st == 200 and body == read(os.path.join(ROOT, "templates", form + ".xlsx"))
              and "attachment" in h.get("content-disposition", ""), (st, len(body)))
    st, h, body = srv.request("GET", "/bieu-mau/..%2f..%2fMakefile")
    check("serve-template-traversal-404", st == 404, st)

    # ---- refusals
    st, h, body = srv.request("GET", "/khong-co")
    check("serve-404-page", st == 404 and b"<html" in body and security_headers(h), st)
    st, h, body = srv.request("GET", "/api/khong-co")
    check("serve-404-json", st == 404 and json_error_shape(body, "not_found"), (st, body[:200]))
    st, h, body = srv.request("GET", "/api/check")
    check("serve-405-json", st == 405 and json_error_shape(body, "method_not_allowed") and "POST" in h.get("allow", ""),
          (st, h.get("allow")))
    st, h, body = srv.request("PUT", "/healthz", b"x")
    check("serve-405-put", st == 405 and "GET" in h.get("allow", ""), st)
    st, h, body = post_files(srv, "/api/check", [], fields=[("x", "1")])
    check("serve-400-no-file", st == 400 and json_error_shape(body, "no_file"), (st, body[:200]))
    st, h, body = srv.request("POST", "/api/check", b'{"file": 1}', {"Content-Type": "application/json"})
    check("serve-400-not-multipart", st == 400 and json_error_shape(body), (st, body[:200]))
    good, hdr = multipart([("file", SLIPS, read(os.path.join(EXAMPLES, SLIPS)))])
    broken = good[: len(good) // 2]  # the closing boundary never comes
    st, h, body = srv.request("POST", "/api/check", broken, hdr)
    check("serve-400-broken-multipart", st == 400 and json_error_shape(body, "bad_request"), (st, body[:200]))
    big = os.urandom(3 * 1048576)
    # over the limit by Content-Length: refused before the body is read (the
    # client may not get to send it all)
    body_big, hdr_big = multipart([("file", "big.xlsx", big)])
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=30)
    s.sendall(("POST /api/check HTTP/1.1\r\nHost: x\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n"
               % (hdr_big["Content-Type"], len(body_big))).encode())
    resp = b""
    try:
        s.sendall(body_big[:65536])
    except OSError:
        pass
    try:
        while b"\r\n\r\n" not in resp or not resp.rstrip().endswith(b"}"):
            chunk = s.recv(65536)
            if not chunk:
                break
            resp += chunk
    except OSError:
        pass
    s.close()
    check("serve-413-content-length", resp.startswith(b"HTTP/1.1 413") and b'"too_large"' in resp, resp[:100])
    # without Content-Length (chunked): found while streaming
    body_big, hdr_big = multipart([("file", "big.xlsx", big)])
    c = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=60)
    hdr_big["Transfer-Encoding"] = "chunked"
    c.putrequest("POST", "/api/check")
    for k, v in hdr_big.items():
        c.putheader(k, v)
    c.endheaders()
    try:
        for i in range(0, len(body_big), 65536):
            chunk = body_big[i:i + 65536]
            c.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        c.send(b"0\r\n\r\n")
        r = c.getresponse()
        rb = r.read()
        check("serve-413-chunked-streaming", r.status == 413 and json_error_shape(rb, "too_large"), (r.status, rb[:200]))
    except OSError as e:
        fail("serve-413-chunked-streaming", e)
    c.close()
    st, h, body = srv.request("GET", "/healthz")
    check("serve-alive-after-refusals", st == 200 and srv.alive())

    # ---- the API against the command line
    st, h, body = post_files(srv, "/api/check", [("file", SLIPS, read(os.path.join(EXAMPLES, SLIPS)))])
    try:
        got = json.loads(body)
        check("serve-api-check-same-as-cli", st == 200 and h.get("content-type", "").startswith("application/json")
              and got == cli[SLIPS], "differs")
    except ValueError as e:
        fail("serve-api-check-same-as-cli", e)
    st, h, body = post_files(srv, "/api/check", [("file", f, read(os.path.join(EXAMPLES, f))) for f in examples])
    try:
        got = json.loads(body)
        check("serve-api-check-10-files", st == 200 and got == cli_json(["check", "--format", "json"] + examples, EXAMPLES), "differs")
    except ValueError as e:
        fail("serve-api-check-10-files", e)
    st, h, body = srv.request("GET", "/api/check?lang=en")
    st, h, body = post_files(srv, "/api/check?lang=en", [("file", SLIPS, read(os.path.join(EXAMPLES, SLIPS)))])
    en = cli_json(["--lang", "en", "check", "--format", "json", SLIPS], EXAMPLES)
    check("serve-api-check-en", st == 200 and json.loads(body) == en, "differs")
    st, h, body = post_files(srv, "/api/explain", [("file", SLIPS, read(os.path.join(EXAMPLES, SLIPS)))])
    ex = cli_json(["explain", "--format", "json", SLIPS], EXAMPLES)
    check("serve-api-explain-same-as-cli", st == 200 and json.loads(body) == ex, "differs")
    st, h, body = post_files(srv, "/api/explain", [])
    check("serve-api-explain-400", st == 400 and json_error_shape(body, "no_file"), st)
    # the help desk's step "open the official form" points to the server's Biểu mẫu page, and that link works
    cases = os.path.join(WORK, "explain-cases-http")
    r = subprocess.run([sys.executable, os.path.join(ROOT, "tests", "explain", "mkcases.py"), cases],
                       capture_output=True, timeout=120)
    if r.returncode != 0:
        fail("serve-api-explain-template-link", r.stderr[-300:])
    else:
        st, h, body = post_files(srv, "/api/explain", [("file", "oldform.xlsx", read(os.path.join(cases, "oldform.xlsx")))])
        steps = [t for f in json.loads(body)["facts"] for t in f.get("steps", [])] if st == 200 else []
        link = [t for t in steps if "/bieu-mau/bao-cao-dinh-ky.xlsx" in t]
        st2, h2, body2 = srv.request("GET", "/bieu-mau/bao-cao-dinh-ky.xlsx")
        check("serve-api-explain-template-link", link and st2 == 200 and body2[:2] == b"PK", (st, steps[:3], st2))
    # an unreadable workbook is an answer, not a protocol error
    st, h, body = post_files(srv, "/api/check", [("file", "thu.xlsx", b"Kinh gui anh chi,\nday la thu.\n")])
    try:
        j = json.loads(body)
        check("serve-api-check-unreadable-200", st == 200 and len(j["files"]) == 1 and j["files"][0]["name"] == "thu.xlsx"
              and j["files"][0]["status"] == "unreadable" and j["files"][0]["error"]["message"], body[:300])
    except (ValueError, KeyError) as e:
        fail("serve-api-check-unreadable-200", e)
    # names never become paths
    st, h, body = post_files(srv, "/api/check", [("file", "../../../../tmp/xc-evil\\..\\x.xlsx", read(os.path.join(EXAMPLES, SLIPS)))])
    try:
        j = json.loads(body)
        names = {f["file"] for f in j["files"][0]["findings"]} | {j["files"][0]["name"]}
        check("serve-upload-name-not-a-path", st == 200 and names == {"x.xlsx"} and not os.path.exists("/tmp/xc-evil"), names)
    except (ValueError, KeyError, IndexError) as e:
        fail("serve-upload-name-not-a-path", e)
    # the annotated workbook
    st, h, body = post_files(srv, "/api/annotate", [("file", SLIPS, read(os.path.join(EXAMPLES, SLIPS)))])
    ok_zip = body[:2] == b"PK"
    cd = h.get("content-disposition", "")
    if ok_zip:
        p = os.path.join(WORK, "annotated.xlsx")
        with open(p, "wb") as f:
            f.write(body)
        r = subprocess.run([os.environ.get("PYTHON", "/usr/bin/python3"), "-c",
                            "import openpyxl,sys; wb=openpyxl.load_workbook(sys.argv[1]); print('|'.join(wb.sheetnames))", p],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        sheets = r.stdout.decode()
        check("serve-api-annotate", st == 200 and "attachment" in cd and "_da-kiem-tra.xlsx" in cd and "Nhật ký lỗi" in sheets,
              (st, cd, sheets, r.stderr[-200:]))
    else:
        fail("serve-api-annotate", (st, body[:200]))
    st, h, body = post_files(srv, "/api/annotate", [("file", "a.xlsx", b"PK\x03\x04broken")])
    check("serve-api-annotate-unreadable-200", st == 200 and "error" in json.loads(body)["files"][0], (st, body[:200]))
    # the merge: files, then one zip of them
    st, h, body = post_files(srv, "/api/merge", [("file", f, read(os.path.join(EXAMPLES, f))) for f in examples])
    try:
        names = sorted(zipfile.ZipFile(io.BytesIO(body)).namelist())
        check("serve-api-merge-files", st == 200 and "bao-cao.html" in names and "manifest.json" in names
              and "tong-hop_kon-tum_quy-i-2023.xlsx" in names and "attachment" in h.get("content-disposition", ""), names)
    except zipfile.BadZipFile as e:
        fail("serve-api-merge-files", (st, e, body[:200]))
        names = []
    zbuf = io.BytesIO()
    with zipfile.ZipFile(zbuf, "w") as z:
        for f in examples:
            z.write(os.path.join(EXAMPLES, f), "don-vi/" + f)
    st, h, body = post_files(srv, "/api/merge", [("file", "quy-i.zip", zbuf.getvalue())])
    try:
        names2 = sorted(zipfile.ZipFile(io.BytesIO(body)).namelist())
        check("serve-api-merge-one-zip", st == 200 and names2 == names, names2)
    except zipfile.BadZipFile as e:
        fail("serve-api-merge-one-zip", (st, e, body[:200]))
    st, h, body = post_files(srv, "/api/merge", [("file", "x.zip", b"PK\x05\x06" + b"\0" * 18)])
    check("serve-api-merge-empty-zip-400", st == 400 and json_error_shape(body), (st, body[:200]))
    # nothing mergeable: the error in the request's language, the file by the name it was sent as
    for lang, want, other in (("vi", "không có tệp nào đọc được theo một biểu mẫu đã biết", "no file could"),
                              ("en", "no file could be read as one of the known forms", "không có tệp")):
        st, h, body = post_files(srv, "/api/merge?lang=" + lang, [("file", "bao-cao-hong.xlsx", b"a,b\n1,2\n")])
        try:
            doc = json.loads(body)
            good = (st == 200 and doc["error"] == want and other not in doc["error"]
                    and [f["file"] for f in doc["files"]] == ["bao-cao-hong.xlsx"])
        except (ValueError, KeyError, TypeError):
            good = False
        check("serve-api-merge-none-" + lang, good, (st, body[:300]))

    # ---- the pages with uploads
    st, h, body = post_files(srv, "/kiem-tra", [("file", SLIPS, read(os.path.join(EXAMPLES, SLIPS)))])
    text = body.decode()
    check("serve-page-check-results", st == 200 and "<title>Lỗi: " in text and "UBND huyện Đăk Hà" in text
          and 'download="bao-cao-dinh-ky_dak-ha_2023-q1_da-kiem-tra.xlsx"' in text and "data:text/csv;base64," in text
          and all(d["rule"] in text for d in cli[SLIPS]["files"][0]["findings"]), text[:200])
    st, h, body = post_files(srv, "/kiem-tra", [("file", f, read(os.path.join(EXAMPLES, f))) for f in examples[:3]],
                             fields=[("lang", "en")])
    text = body.decode()
    check("serve-page-check-several-en", st == 200 and text.count('<section class="file"') == 3 and '<html lang="en">' in text)
    st, h, body = post_files(srv, "/kiem-tra", [("file", "notes.xlsx", b"hello")])
    text = body.decode()
    check("serve-page-check-unreadable", st == 200 and "notes.xlsx" in text and "sev-error" in text, st)
    st, h, body = post_files(srv, "/ho-tro", [("file", SLIPS, read(os.path.join(EXAMPLES, SLIPS)))])
    text = body.decode()
    check("serve-page-help", st == 200 and "Cách sửa" in text and "<ol class=\"steps\">" in text, st)
    st, h, body = post_files(srv, "/tong-hop", [("file", f, read(os.path.join(EXAMPLES, f))) for f in examples])
    text = body.decode()
    check("serve-page-merge", st == 200 and "Hà" in text and "Kon Tum" in text and "data:application/zip;base64," in text
          and text.count("xc-st-") >= 10, st)
    st, h, body = post_files(srv, "/tong-hop", [("file", f, read(os.path.join(EXAMPLES, f))) for f in examples],
                             fields=[("action", "zip")])
    check("serve-page-merge-zip-button", st == 200 and body[:2] == b"PK" and h.get("content-type") == "application/zip", st)
    for path in ("/kiem-tra", "/ho-tro", "/tong-hop"):
        st, h, body = post_files(srv, path, [], fields=[("a", "b")])
        check("serve-page-no-file" + path.replace("/", "-"), st == 400 and b"<title>L" in body, st)

    # ---- workbook text is text, never HTML
    evil = os.path.join(WORK, "script.xlsx")
    r = subprocess.run([os.environ.get("PYTHON", "/usr/bin/python3"), os.path.join(HERE, "mkscript.py"),
                        os.path.join(EXAMPLES, SLIPS), evil], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    if r.returncode != 0:
        fail("serve-script-in-cell", r.stderr.decode()[-300:])
    else:
        for path in ("/kiem-tra", "/ho-tro"):
            st, h, body = post_files(srv, path, [("file", "<script>alert(1)</script>.xlsx", read(evil))])
            text = body.decode()
            check("serve-script-escaped" + path.replace("/", "-"),
                  st == 200 and "<script>alert" not in text and "<img src=x" not in text and "&lt;img src=x" in text
                  # the unit is shown as the rules read it: its markup stripped, the name kept
                  and (path == "/ho-tro" or ("UBND huyện Đăk Hà" in text and "alert(1)" not in text.replace("&lt;script&gt;alert(1)&lt;/script&gt;.xlsx", ""))), st)

    # ---- temporary files: none left, also when the client goes away mid-upload
    s = socket.create_connection(("127.0.0.1", srv.port))
    body_, hdr_ = multipart([("file", SLIPS, read(os.path.join(EXAMPLES, SLIPS)))])
    s.sendall(("POST /api/check HTTP/1.1\r\nHost: x\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n"
               % (hdr_["Content-Type"], len(body_))).encode() + body_[: len(body_) // 2])
    time.sleep(0.3)
    s.close()
    time.sleep(0.3)
    check("serve-tmp-removed", tmp_empty(srv), os.listdir(os.path.join(srv.data, "tmp")))
    check("serve-alive-at-end", srv.alive() and srv.request("GET", "/healthz")[0] == 200)


def stop_in_flight():
    """SIGTERM while a client is half-way through its upload: the request is
    answered, then the server exits 0."""
    srv = Server()
    body, hdr = multipart([("file", SLIPS, read(os.path.join(EXAMPLES, SLIPS)))])
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=30)
    s.sendall(("POST /api/check HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n"
               % (hdr["Content-Type"], len(body))).encode() + body[:1000])
    time.sleep(0.3)
    os.kill(srv.proc.pid, signal.SIGTERM)
    time.sleep(0.5)
    s.sendall(body[1000:])
    resp = b""
    while True:
        try:
            chunk = s.recv(65536)
        except OSError:
            break
        if not chunk:
            break
        resp += chunk
    s.close()
    code = srv.stop()
    check("serve-sigterm-finishes-in-flight", resp.startswith(b"HTTP/1.1 200") and b'"findings"' in resp and code == 0,
          (resp[:60], code))
    # and a new connection is refused once it stopped accepting
    srv2 = Server()
    os.kill(srv2.proc.pid, signal.SIGINT)
    code = srv2.stop()
    check("serve-sigint-exit-0", code == 0, code)


def concurrency(examples, cli):
    """20 clients x 5 uploads at once; every answer identical to the command line's."""
    srv = Server("--threads", "4")
    jobs = [examples[(c * 5 + k) % len(examples)] for c in range(20) for k in range(5)]

    def client(c):
        bad = []
        for k in range(5):
            f = jobs[c * 5 + k]
            st, h, body = post_files(srv, "/api/check", [("file", f, read(os.path.join(EXAMPLES, f)))])
            if st != 200 or json.loads(body) != cli[f]:
                bad.append((f, st))
        return bad

    with concurrent.futures.ThreadPoolExecutor(20) as ex:
        results = list(ex.map(client, range(20)))
    bad = [b for r in results for b in r]
    check("serve-20-clients-x-5-identical", not bad, bad[:3])
    check("serve-tmp-removed-after-load", tmp_empty(srv))
    code = srv.stop()
    check("serve-stop-after-load", code == 0, code)


def hostile():
    """Every hostile test file through /api/check: never a 5xx, alive after each."""
    corpus = os.path.join(WORK, "hostile")
    shutil.rmtree(corpus, ignore_errors=True)
    r = subprocess.run([os.environ.get("PYTHON", "/usr/bin/python3"), os.path.join(ROOT, "tests", "hostile", "gen.py"), corpus],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    if r.returncode != 0:
        fail("serve-hostile-gen", r.stderr.decode()[-300:])
        return
    files = sorted(f for f in os.listdir(corpus)
                   if os.path.isfile(os.path.join(corpus, f)) and not f.endswith((".expected", ".tsv")))
    srv = Server("--max-upload-mb", "64")
    bad = []
    for f in files:
        data = read(os.path.join(corpus, f))
        try:
            st, h, body = post_files(srv, "/api/check", [("file", f, data)], headers={})
        except (OSError, http.client.HTTPException) as e:
            bad.append((f, repr(e)))
            if not srv.alive():
                break
            continue
        if st >= 500 or (st == 200 and not isinstance(json.loads(body).get("files"), list)):
            bad.append((f, st))
        if not srv.alive() or srv.request("GET", "/healthz")[0] != 200:
            bad.append((f, "server died"))
            break
    check("serve-hostile-%d-files-no-5xx" % len(files), len(files) > 20 and not bad, bad[:5])
    check("serve-hostile-tmp-removed", tmp_empty(srv))
    code = srv.stop()
    check("serve-hostile-stop", code == 0, code)


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # a crash of the test itself is a failure, not silence
        import traceback
        traceback.print_exc()
        fail("serve-http-harness", repr(e))
    sys.exit(1 if failures else 0)
