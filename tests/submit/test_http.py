#!/usr/bin/env python3
"""Every submissions flow and refusal over HTTP, against `xlsxcheck serve`
on a free 127.0.0.1 port: login (right, wrong, malformed), sessions and
CSRF tokens, uploads (own unit, another unit's file, a workbook rewritten by
openpyxl for another period, two at once), own lists and files (another
unit's → 404), the dashboard and merge (a unit → 403; the Sở: JSON, CSV,
pages, the bundle and its manifest), logout, and last the rate limit (five
failures → 429, for a unit and for an address).

usage: test_http.py XLSXCHECK ROOT TMPDIR"""
import hashlib
import io
import json
import os
import re
import sqlite3
import sys
import threading
import urllib.parse
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import Client, Server, result  # noqa: E402

common.PREFIX = "submit.http"
xc, root, tmp = sys.argv[1:4]
os.makedirs(tmp, exist_ok=True)
ex = os.path.join(root, "examples", "don-vi")


def read(name):
    with open(os.path.join(ex, name), "rb") as f:
        return f.read()


KONTUM = read("bao-cao-dinh-ky_tp-kon-tum_2023-q1.xlsx")   # 608, clean
DAKHA = read("bao-cao-dinh-ky_dak-ha_2023-q1.xlsx")        # 615, with slips
DAKGLEI = read("bao-cao-dinh-ky_dak-glei_2023-q1.xlsx")    # 610, clean
PERIOD = "Quý I/2023"
Q = urllib.parse.quote(PERIOD)

data = os.path.join(tmp, "data")
codes, admin_pw = common.issue_codes(xc, data)
srv = Server(xc, data, os.path.join(tmp, "server.log"))
if not result("server_starts", srv.start(), "the server did not answer /healthz"):
    sys.exit(0)
port = srv.port


def err_code(body):
    try:
        return json.loads(body)["error"]["code"]
    except (ValueError, KeyError, TypeError):
        return None


try:
    # ---- login ----
    a = Client(port)
    st, h, body, setc = a.login("608", "WRONG-CODE")
    result("login_wrong_code_401", st == 401 and a.cookie is None, f"status {st} {body[:200]!r}")
    st, h, body, setc = a.login("999", codes["608"])
    result("login_unknown_unit_401", st == 401, f"status {st}")
    st, h, body, _ = a.request("POST", "/api/login", b"{not json", {"Content-Type": "application/json"})
    result("login_malformed_400", st == 400, f"status {st}")
    st, h, body, setc = a.login("608", codes["608"].lower())  # any case
    ok = st == 200 and json.loads(body).get("unit") == "608" and len(json.loads(body).get("csrf", "")) == 64
    c = setc[0] if setc else ""
    result("login_ok", ok, f"status {st} {body[:200]!r}")
    result("login_cookie_flags", "HttpOnly" in c and "SameSite=Strict" in c and "Max-Age=" in c
           and "Secure" not in c, c)
    st, h, body, setc = Client(port).request(
        "POST", "/api/login", json.dumps({"unit": "608", "secret": codes["608"]}).encode(),
        {"Content-Type": "application/json", "X-Forwarded-Proto": "https"})
    result("login_cookie_secure_behind_tls_proxy", st == 200 and setc and "; Secure" in setc[0], f"{st} {setc}")
    st, _, body, _ = Client(port).request("GET", "/nop-bao-cao?lang=en")
    result("page_english", st == 200 and b"Access code" in body and b'lang="en"' in body, f"status {st}")

    # ---- no session, no CSRF token ----
    anon = Client(port)
    st, _, _, _ = anon.request("GET", "/api/submissions")
    result("list_no_session_401", st == 401, f"status {st}")
    st, _, _, _ = anon.upload("x.xlsx", KONTUM)
    result("upload_no_session_401", st == 401, f"status {st}")
    st, _, body, _ = a.upload("bao-cao.xlsx", KONTUM, csrf=False)
    result("upload_no_csrf_403", st == 403 and err_code(body) == "csrf", f"status {st} {body[:200]!r}")
    saved = a.csrf
    a.csrf = "0" * 64
    st, _, body, _ = a.upload("bao-cao.xlsx", KONTUM)
    a.csrf = saved
    result("upload_wrong_csrf_403", st == 403, f"status {st}")
    forged = Client(port)
    forged.cookie = "xlsxcheck_session=" + "ab" * 32
    st, _, _, _ = forged.request("GET", "/api/submissions")
    result("forged_session_401", st == 401, f"status {st}")

    # ---- uploads ----
    st, _, body, _ = a.upload("bao-cao_tp-kon-tum.xlsx", KONTUM)
    j = json.loads(body) if st == 201 else {}
    want = {"sha256": hashlib.sha256(KONTUM).hexdigest(), "unit": "608", "period": PERIOD, "status": "ok",
            "errors": 0, "version": 1}
    result("upload_201", st == 201 and all(j.get(k) == v for k, v in want.items()) and "warnings" in j and "id" in j,
           f"status {st} {body[:300]!r}")
    first_id = j.get("id")
    st, _, body, _ = a.upload("bao-cao_tp-kon-tum (2).xlsx", KONTUM)
    j2 = json.loads(body) if st == 201 else {}
    result("resubmission_new_version", st == 201 and j2.get("version") == 2 and j2.get("id") != first_id,
           f"status {st} {body[:300]!r}")
    st, _, body, _ = a.upload("dak-ha.xlsx", DAKHA)
    jj = json.loads(body) if body.startswith(b"{") else {}
    result("wrong_unit_422", st == 422 and jj.get("file_unit") == "615" and "Đắk Hà" in jj.get("error", {}).get("message", ""),
           f"status {st} {body[:300]!r}")
    st, _, body, _ = a.upload("notes.xlsx", b"this is no workbook")
    result("unreadable_422", st == 422 and err_code(body) == "unreadable", f"status {st} {body[:200]!r}")
    st, _, body, _ = a.request("POST", "/api/submissions", b"", {"Content-Type": "multipart/form-data; boundary=x"})
    result("upload_no_file_400", st == 400, f"status {st} {body[:200]!r}")

    # a file with errors is accepted and flagged
    b = Client(port)
    b.login("615", codes["615"])
    st, _, body, _ = b.upload("bao-cao_dak-ha.xlsx", DAKHA)
    jb = json.loads(body) if st == 201 else {}
    result("upload_with_errors_flagged", st == 201 and jb.get("status") == "errors" and jb.get("errors", 0) > 0,
           f"status {st} {body[:300]!r}")
    dakha_id = jb.get("id")

    # two uploads of one unit at once: two versions
    g = Client(port)
    g.login("610", codes["610"])
    outs = []

    def up():
        outs.append(g.upload("dak-glei.xlsx", DAKGLEI))

    ts = [threading.Thread(target=up) for _ in range(2)]
    [t.start() for t in ts]
    [t.join() for t in ts]
    vers = sorted(json.loads(o[2]).get("version") for o in outs if o[0] == 201)
    result("concurrent_two_versions", vers == [1, 2], f"{[(o[0], o[2][:120]) for o in outs]}")

    # ---- own lists and files ----
    st, j = a.get_json("/api/submissions")
    units = {s["unit"] for s in (j or {}).get("submissions", [])}
    result("list_own_only", st == 200 and units == {"608"} and len(j["submissions"]) == 2, f"status {st} {j}")
    st, h, body, _ = a.request("GET", f"/api/submissions/{first_id}/file")
    result("file_exact_bytes", st == 200 and body == KONTUM, f"status {st}, {len(body)} bytes")
    st, _, body, _ = a.request("GET", f"/api/submissions/{dakha_id}/file")
    result("other_units_file_404", st == 404, f"status {st}")
    st, _, body, _ = a.request("GET", f"/api/submissions/{dakha_id}")
    result("other_units_item_404", st == 404, f"status {st}")
    st, _, body, _ = a.request("GET", "/api/submissions/999999/file")
    result("unknown_id_404", st == 404, f"status {st}")
    st, j = b.get_json("/api/submissions")
    result("list_other_unit_own_only", st == 200 and {s["unit"] for s in j["submissions"]} == {"615"}, f"{j}")

    # ---- the Sở's views as a unit: 403 ----
    st, _, _, _ = a.request("GET", f"/api/dashboard?period={Q}")
    result("dashboard_as_unit_403", st == 403, f"status {st}")
    st, _, _, _ = a.request("POST", f"/api/merge?period={Q}")
    result("merge_as_unit_403", st == 403, f"status {st}")
    st, _, _, _ = a.request("GET", "/so-noi-vu")
    result("dashboard_page_as_unit_403", st == 403, f"status {st}")

    # ---- the Sở ----
    adm = Client(port)
    st, _, body, _ = adm.login("admin", admin_pw)
    result("admin_login", st == 200, f"status {st} {body[:200]!r}")
    st, j = adm.get_json(f"/api/dashboard?period={Q}")
    rows = {u["code"]: u for u in (j or {}).get("units", [])}
    ok = (st == 200 and j.get("period") == PERIOD and len(rows) == 10 and rows["608"]["status"] == "ok"
          and rows["608"]["versions"] == 2 and rows["608"]["latest"]["version"] == 2
          and rows["615"]["status"] == "errors" and rows["610"]["versions"] == 2
          and rows["611"]["status"] == "missing" and rows["611"]["latest"] is None and rows["611"]["versions"] == 0)
    result("dashboard_json", ok, f"status {st} {json.dumps(j)[:400]}")
    st, j = adm.get_json("/api/submissions")
    result("admin_lists_all", st == 200 and len(j["submissions"]) == 5, f"{st} {j and len(j['submissions'])}")
    st, _, body, _ = adm.request("GET", f"/api/submissions/{dakha_id}/file")
    result("admin_downloads_any", st == 200 and body == DAKHA, f"status {st}")
    st, h, body, _ = adm.request("GET", f"/so-noi-vu.csv?period={Q}")
    text = body.decode("utf-8", "replace")
    lines = text.lstrip("\ufeff").strip().splitlines()
    result("dashboard_csv", st == 200 and body.startswith(b"\xef\xbb\xbf") and len(lines) == 11
           and any(l.startswith('"615"') and "có lỗi" in l for l in lines), f"status {st} {text[:300]!r}")
    st, _, body, _ = adm.request("GET", f"/so-noi-vu?period={Q}")
    page = body.decode()
    result("dashboard_page", st == 200 and "<svg" in page and "Đắk Hà" in page and "chưa nộp" in page
           and 'name="csrf"' in page, f"status {st}")

    # merge: no token → 403; the bundle; its manifest names the versions' SHA-256
    st, _, _, _ = adm.request("POST", f"/api/merge?period={Q}", csrf=False)
    result("merge_no_csrf_403", st == 403, f"status {st}")
    st, h, body, _ = adm.request("POST", f"/api/merge?period={Q}")
    ok = st == 200 and body[:2] == b"PK"
    names, manifest = [], ""
    if ok:
        z = zipfile.ZipFile(io.BytesIO(body))
        names = z.namelist()
        man = [n for n in names if "manifest" in n.lower()]
        manifest = z.read(man[0]).decode("utf-8", "replace") if man else ""
    result("merge_bundle", ok and h.get("x-bundle-sha256") == hashlib.sha256(body).hexdigest(),
           f"status {st} {body[:200]!r}")
    shas = [hashlib.sha256(KONTUM).hexdigest(), hashlib.sha256(DAKHA).hexdigest(), hashlib.sha256(DAKGLEI).hexdigest()]
    result("merge_manifest_names_versions", all(s in manifest for s in shas), f"files {names}, manifest {manifest[:300]!r}")
    con = sqlite3.connect(os.path.join(data, "xlsxcheck.db"))
    row = con.execute("SELECT sha256, inputs FROM merges ORDER BY id DESC LIMIT 1").fetchone()
    con.close()
    result("merge_stored", row is not None and row[0] == hashlib.sha256(body).hexdigest()
           and os.path.isfile(os.path.join(data, "files", row[0][:2], row[0])), f"{row}")
    try:
        mj = json.loads(manifest)
        status = {i["unit_code"]: (i["status"], i["sha256"]) for i in mj["inputs"]}
    except (ValueError, KeyError):
        mj, status = {}, {}
    result("merge_latest_versions", mj.get("units_merged") == 3 and status.get("608") == ("merged", shas[0])
           and status.get("615", ("",))[0].startswith("merged"), f"{status}")
    st, h, body2, _ = adm.request("POST", f"/api/merge?period={Q}&strict=1")
    status = {}
    if st == 200:
        z = zipfile.ZipFile(io.BytesIO(body2))
        mj = json.loads(z.read("manifest.json"))
        status = {i["unit_code"]: i["status"] for i in mj["inputs"]}
    result("merge_strict_leaves_out_errors", status.get("615") == "left-out" and status.get("608") == "merged",
           f"status {st} {status}")
    st, _, body, _ = adm.request("POST", "/api/merge?period=" + urllib.parse.quote("6 tháng/2023"))
    result("merge_nothing_409", st == 409, f"status {st} {body[:200]!r}")
    st, _, body, _ = adm.upload("x.xlsx", KONTUM)
    result("admin_cannot_submit_403", st == 403, f"status {st}")

    # ---- pages: log in, upload, findings (JS off: plain forms) ----
    p = Client(port)
    st, _, body, _ = p.request("GET", "/nop-bao-cao")
    result("page_login_form", st == 200 and b'name="secret"' in body, f"status {st}")
    form = urllib.parse.urlencode({"unit": "615", "secret": codes["615"]}).encode()
    st, h, body, setc = p.request("POST", "/dang-nhap", form, {"Content-Type": "application/x-www-form-urlencoded"})
    p.cookie = setc[0].split(";")[0] if setc else None
    result("page_login_redirect", st == 303 and p.cookie, f"status {st} {h.get('location')}")
    st, _, body, _ = p.request("GET", "/nop-bao-cao")
    m = re.search(rb'name="csrf" value="([0-9a-f]{64})"', body)
    result("page_upload_form", st == 200 and m is not None and b'type="file"' in body, f"status {st}")
    token = m.group(1).decode() if m else ""
    st, _, body, _ = p.upload("dak-ha.xlsx", DAKHA, path="/nop-bao-cao", csrf=False)
    result("page_upload_no_csrf_403", st == 403, f"status {st}")
    st, h, body, _ = p.upload("dak-ha.xlsx", DAKHA, path="/nop-bao-cao", fields={"csrf": token}, csrf=False)
    loc = h.get("location", "")
    result("page_upload_redirect", st == 303 and "/nop-bao-cao/" in loc, f"status {st} {loc}")
    st, _, body, _ = p.request("GET", loc)
    page = body.decode()
    result("page_findings", st == 200 and "có lỗi" in page and "Biểu mẫu" in page, f"status {st}")
    st, _, body, _ = p.upload("tp.xlsx", KONTUM, path="/nop-bao-cao", fields={"csrf": token}, csrf=False)
    result("page_wrong_unit_422", st == 422 and "Thành phố Kon Tum" in body.decode(), f"status {st}")
    st, _, body, _ = p.request("GET", f"/nop-bao-cao/{first_id}")
    result("page_other_units_submission_404", st == 404, f"status {st}")

    # ---- logout ----
    st, _, _, _ = a.request("POST", "/api/logout", csrf=False)
    result("logout_no_csrf_403", st == 403, f"status {st}")
    st, _, _, _ = a.request("POST", "/api/logout")
    st2, _, _, _ = a.request("GET", "/api/submissions")
    result("logout", st == 200 and st2 == 401, f"status {st}, then {st2}")

    # ---- rate limit: clients from other loopback addresses (127.0.0.0/8) ----
    def from_addr(addr):
        c = Client(port)
        c.source = addr
        return c

    # five failures for one unit, from five addresses: the unit is locked out
    sts = [from_addr(f"127.0.0.{11 + i}").login("612", "AAAA-BBBB-CCCC-DDDD")[0] for i in range(5)]
    st, h, body, _ = from_addr("127.0.0.16").login("612", codes["612"])
    result("rate_limit_unit_429", sts == [401] * 5 and st == 429 and int(h.get("retry-after", "0")) > 0,
           f"{sts} then {st} {h.get('retry-after')}")
    st, _, _, _ = from_addr("127.0.0.16").login("613", codes["613"])
    result("rate_limit_other_unit_unaffected", st == 200, f"status {st}")
    # five failures from one address over five units: the address is locked out
    sts = [from_addr("127.0.0.20").login(u, "AAAA-BBBB-CCCC-DDDD")[0] for u in ("614", "616", "617", "618", "611")]
    st, _, _, _ = from_addr("127.0.0.20").login("613", codes["613"])
    st2, _, _, _ = from_addr("127.0.0.21").login("613", codes["613"])
    result("rate_limit_address_429", sts == [401] * 5 and st == 429 and st2 == 200, f"{sts} then {st}, elsewhere {st2}")
    con = sqlite3.connect(os.path.join(data, "xlsxcheck.db"))
    n = con.execute("SELECT COUNT(*) FROM events WHERE kind='login-fail'").fetchone()[0]
    integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
    con.close()
    result("access_events_recorded", n >= 12, f"{n} login-fail events")
    result("integrity_ok", integrity == "ok", integrity)
finally:
    srv.stop()
