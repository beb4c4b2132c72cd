#!/usr/bin/python3
"""Checks on a merge bundle (xlsxcheck merge) for tests/merge/run.sh.

    check.py bundle ZIP NAME SLUGS XLSXNAME
        the bundle's layout: entries sorted with one fixed timestamp, the
        expected entry names (don-vi/<slug>.xlsx for SLUGS, comma-separated;
        "-": the don-vi/ entries are not compared, `copies` does that),
        manifest.json keys and entries, nhat-ky-loi.csv header (UTF-8 BOM)
    check.py expect ZIP [--merged N] [--status FILE=STATUS]... [--rule FILE=RULE]...
                    [--norule FILE=RULE]... [--msg RULE=TEXT]... [--missing NAME]...
                    [--donvi N] [--period P]
        FILE is a file name (basename) or "" for findings about the whole merge;
        prints what differs, exit 1 if anything does
    check.py errors ZIP        prints the number of error rows of nhat-ky-loi.csv
    check.py annot ZIP SLIP_FILE SLIP_SLUG CLEAN_SLUG [CLEAN_ZIP]
        cells of the slip unit's findings are red with a comment naming the rule
        in don-vi/<slug>.xlsx; the clean unit's file (in CLEAN_ZIP, a bundle
        made with --all-copies, when given) has no red cell
    check.py html ZIP          bao-cao.html parses, and names every unit with its status
    check.py lo OUTDIR XLSX... LibreOffice's csv of every sheet of every workbook exists
    check.py copies ZIP NAME [all|findings] [vi|en]
        don-vi/ holds exactly one annotated copy per readable input with at
        least one finding in the log (all: per readable input of the form);
        manifest.json names each copy, or says why there is none; the row of
        every clean file in bao-cao.html says "không có lỗi — không cần bản
        đánh dấu" (en: "no findings — no annotated copy needed")

All subcommands print "ok NAME" / "FAIL NAME: why" lines or, for expect, the
differences only.
"""
import csv
import hashlib
import html.parser
import io
import json
import os
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import openpyxl  # noqa: E402
from formread import fold, key_text, squash, units  # noqa: E402

HEADER = "file,unit,sheet,cell,key,rule,severity,message,expected,actual,hint,group"
MANIFEST_KEYS = ["tool", "version", "form", "ruleset", "units_registry", "province", "period",
                 "units_merged", "inputs", "missing_units", "entries"]
INPUT_KEYS = ["name", "sha256", "size", "unit", "unit_code", "period", "status", "errors",
              "warnings", "note"]


def log_rows(z):
    raw = z.read("nhat-ky-loi.csv").decode("utf-8")
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    return list(csv.DictReader(io.StringIO(raw)))


def status_label(st):
    return {"merged": "Đã tổng hợp", "merged-with-errors": "Đã tổng hợp, có lỗi",
            "left-out": "Không tổng hợp", "unreadable": "Không đọc được"}.get(st, st)


def cmd_bundle(zpath, name, slugs, xlsxname):
    z = zipfile.ZipFile(zpath)
    infos = z.infolist()
    names = [i.filename for i in infos]
    bad = []
    if names != sorted(names):
        bad.append(f"entries not sorted: {names}")
    if len({i.date_time for i in infos}) != 1:
        bad.append(f"timestamps differ: {sorted({i.date_time for i in infos})}")
    want = sorted(["bao-cao.html", "bao-cao-chi-loi.html", "manifest.json", "nhat-ky-loi.csv", xlsxname]
                  + [f"don-vi/{s}.xlsx" for s in slugs.split(",") if s and s != "-"])
    # SLUGS "-": the don-vi/ entries are left to `copies`
    got = sorted(n for n in names if slugs != "-" or not n.startswith("don-vi/"))
    if got != want:
        bad.append(f"entries {got}, want {want}")
    print(f"FAIL {name}.entries: {bad[0]}" if bad else f"ok {name}.entries")
    for b in bad[1:]:
        print(f"#   {b}")
    bad = []
    try:
        man = json.loads(z.read("manifest.json").decode("utf-8"))
        miss = [k for k in MANIFEST_KEYS if k not in man]
        if miss:
            bad.append(f"manifest lacks {miss}")
        if man.get("entries") != names:
            bad.append(f"manifest entries {man.get('entries')} != zip entries {names}")
        for k in ("file", "sha256"):
            if k not in (man.get("ruleset") or {}):
                bad.append(f"ruleset lacks {k}")
        for inp in man.get("inputs", []):
            m2 = [k for k in INPUT_KEYS if k not in inp]
            if m2:
                bad.append(f"input {inp.get('name')} lacks {m2}")
            if inp.get("status") not in ("merged", "merged-with-errors", "left-out", "unreadable"):
                bad.append(f"input {inp.get('name')}: status {inp.get('status')!r}")
            p = inp.get("name", "")
            if os.path.isfile(p):
                data = open(p, "rb").read()
                if inp.get("sha256") != hashlib.sha256(data).hexdigest() or inp.get("size") != len(data):
                    bad.append(f"input {p}: sha256/size differ from the file")
        if man.get("province") != "Kon Tum":
            bad.append(f"province {man.get('province')!r}")
    except (KeyError, ValueError) as e:
        bad.append(f"manifest.json: {e}")
    print(f"FAIL {name}.manifest: {bad[0]}" if bad else f"ok {name}.manifest")
    for b in bad[1:6]:
        print(f"#   {b}")
    raw = z.read("nhat-ky-loi.csv")
    first = raw.split(b"\n", 1)[0].rstrip(b"\r")
    if first == b"\xef\xbb\xbf" + HEADER.encode():
        try:
            rows = log_rows(z)
            bad = [r for r in rows if None in r or len(r) != 12]
            book = [n for n in z.namelist() if n.startswith("tong-hop_") and n.endswith(".xlsx")]
            nlog = None
            if book:
                wb = openpyxl.load_workbook(io.BytesIO(z.read(book[0])), read_only=True)
                if "Nhật ký lỗi" in wb.sheetnames:
                    nlog = sum(1 for r in wb["Nhật ký lỗi"].iter_rows(min_row=2, values_only=True)
                               if any(v is not None for v in r))
            if bad:
                print(f"FAIL {name}.csv: {len(bad)} rows without 12 fields")
            elif nlog != len(rows):
                print(f"FAIL {name}.csv: {len(rows)} rows in nhat-ky-loi.csv, {nlog} in the sheet Nhật ký lỗi")
            else:
                print(f"ok {name}.csv")
        except (UnicodeDecodeError, csv.Error) as e:
            print(f"FAIL {name}.csv: {e}")
    else:
        print(f"FAIL {name}.csv: header {first[:120]!r}")


def cmd_expect(zpath, args):
    z = zipfile.ZipFile(zpath)
    man = json.loads(z.read("manifest.json").decode("utf-8"))
    rows = log_rows(z)
    bad = []
    by = {os.path.basename(i["name"]): i for i in man.get("inputs", [])}
    i = 0
    while i < len(args):
        opt, val = args[i], args[i + 1]
        i += 2
        if opt == "--merged":
            if man.get("units_merged") != int(val):
                bad.append(f"units_merged {man.get('units_merged')}, want {val}")
        elif opt == "--status":
            f, st = val.split("=", 1)
            got = by.get(f, {}).get("status")
            if got != st:
                bad.append(f"status of {f}: {got!r}, want {st!r}")
        elif opt in ("--rule", "--norule"):
            f, rule = val.split("=", 1)
            hit = [r for r in rows if os.path.basename(r["file"]) == f and r["rule"] == rule]
            if opt == "--rule" and not hit:
                have = sorted({r["rule"] for r in rows if os.path.basename(r["file"]) == f})
                bad.append(f"no {rule} for {f or '(the merge)'} in nhat-ky-loi.csv (rules there: {have})")
            if opt == "--norule" and hit:
                bad.append(f"{rule} for {f or '(the merge)'}: {hit[0]['message']}")
        elif opt == "--msg":
            rule, text = val.split("=", 1)
            hit = [r for r in rows if r["rule"] == rule]
            if not any(text in r["message"] for r in hit):
                bad.append(f"no {rule} message naming {text!r}: {[r['message'] for r in hit][:2]}")
        elif opt == "--missing":
            if val not in man.get("missing_units", []):
                bad.append(f"missing_units {man.get('missing_units')} lacks {val!r}")
        elif opt == "--donvi":
            got = [n for n in z.namelist() if n.startswith("don-vi/")]
            if len(got) != int(val):
                bad.append(f"{len(got)} don-vi/ workbooks, want {val} (one per readable input): {got}")
        elif opt == "--period":
            if man.get("period") != val:
                bad.append(f"period {man.get('period')!r}, want {val!r}")
        else:
            bad.append(f"unknown option {opt}")
    print("; ".join(bad))
    return 1 if bad else 0


def cmd_errors(zpath):
    rows = log_rows(zipfile.ZipFile(zpath))
    print(sum(1 for r in rows if r["severity"] == "error"))


def redish(cell):
    f = cell.fill
    if f is None or f.fill_type != "solid":
        return False
    rgb = f.fgColor.rgb if f.fgColor is not None and f.fgColor.type == "rgb" else None
    if not isinstance(rgb, str) or len(rgb) < 6:
        return False
    r, g, b = (int(rgb[-6:][i:i + 2], 16) for i in (0, 2, 4))
    return r >= 0xC0 and r - g >= 0x30 and r - b >= 0x20


def cmd_annot(zpath, slip_file, slip_slug, clean_slug, clean_zip=None):
    z = zipfile.ZipFile(zpath)
    rows = [r for r in log_rows(z) if os.path.basename(r["file"]) == slip_file
            and r["severity"] == "error" and r["key"] and not r["key"].startswith("#")]
    name = "merge.annotated.slip"
    if not rows:
        print(f"FAIL {name}: no error with a key for {slip_file} in nhat-ky-loi.csv")
    else:
        wb = openpyxl.load_workbook(io.BytesIO(z.read(f"don-vi/{slip_slug}.xlsx")))
        canon = {fold(ws.title): ws for ws in wb.worksheets}
        bad = []
        for r in rows:
            ws = canon.get(fold(r["sheet"]))
            if ws is None:
                bad.append(f"no sheet {r['sheet']!r} in don-vi/{slip_slug}.xlsx")
                continue
            hit = None
            for row in ws.iter_rows():
                if row[0].value is not None and key_text(row[0].value) == r["key"]:
                    hit = row
                    break
            if hit is None:
                bad.append(f"{r['sheet']} has no row {r['key']}")
                continue
            marked = [c for c in hit if redish(c) and c.comment and r["rule"] in c.comment.text]
            if not marked:
                desc = [(c.coordinate, c.fill.fgColor.rgb if c.fill else None,
                         (c.comment.text[:40] if c.comment else None)) for c in hit[:5]]
                bad.append(f"{r['sheet']} {r['key']} ({r['rule']}): no red cell with a comment "
                           f"naming {r['rule']}: {desc}")
        print(f"FAIL {name}: {bad[0]}" if bad else f"ok {name}")
        for b in bad[1:4]:
            print(f"#   {b}")
        print(f"# merge.annotated: {len(rows)} error findings of {slip_file} looked up")
    if clean_zip:  # a clean unit has a copy only with --all-copies
        z = zipfile.ZipFile(clean_zip)
    wb = openpyxl.load_workbook(io.BytesIO(z.read(f"don-vi/{clean_slug}.xlsx")))
    red = [f"{ws.title}!{c.coordinate}" for ws in wb.worksheets for row in ws.iter_rows()
           for c in row if redish(c)]
    name = "merge.annotated.clean"
    print(f"FAIL {name}: red cells in don-vi/{clean_slug}.xlsx: {red[:5]}" if red else f"ok {name}")


class Rows(html.parser.HTMLParser):
    VOID = {"meta", "br", "hr", "img", "link", "input", "col", "wbr", "area", "base", "source"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows, self.cur, self.stack, self.errors = [], None, [], []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)
        if tag == "tr":
            self.cur = []

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'} "
                               f"at line {self.getpos()[0]}")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()
        if tag == "tr" and self.cur is not None:
            self.rows.append(squash(" | ".join(self.cur)))
            self.cur = None

    def handle_data(self, data):
        if self.cur is not None:
            self.cur.append(data)


def cmd_html(zpath, name):
    z = zipfile.ZipFile(zpath)
    man = json.loads(z.read("manifest.json").decode("utf-8"))
    p = Rows()
    try:
        p.feed(z.read("bao-cao.html").decode("utf-8"))
        p.close()
    except Exception as e:   # noqa: BLE001 (any parser failure is the finding)
        print(f"FAIL {name}: html.parser: {e}")
        return
    bad = list(p.errors)
    if p.stack:
        bad.append(f"unclosed at the end: {p.stack}")
    for inp in man.get("inputs", []):
        who = inp.get("unit") or ""
        want = status_label(inp["status"])
        rows = [r for r in p.rows if os.path.basename(inp["name"]) in r]
        if not rows:
            bad.append(f"no row names the file {inp['name']}")
        elif not any(want in r and (not who or who in r) for r in rows):
            bad.append(f"the row of {inp['name']} lacks {who!r} / status {want!r}: {rows[0][:160]}")
    for u in units():
        rows = [r for r in p.rows if u["official_name"] in r]
        if not rows:
            bad.append(f"no row names {u['official_name']}")
        elif u["official_name"] in man.get("missing_units", []) and not any("Thiếu" in r for r in rows):
            bad.append(f"{u['official_name']} is missing but its row does not say so: {rows[0][:160]}")
    print(f"FAIL {name}: {bad[0]}" if bad else f"ok {name}")
    for b in bad[1:5]:
        print(f"#   {b}")


NO_COPY = {"vi": "không có lỗi — không cần bản đánh dấu", "en": "no findings — no annotated copy needed"}


def cmd_copies(zpath, name, mode, lang):
    z = zipfile.ZipFile(zpath)
    man = json.loads(z.read("manifest.json").decode("utf-8"))
    rows = log_rows(z)
    have = sorted(n for n in z.namelist() if n.startswith("don-vi/"))
    found = {r["file"] for r in rows}
    bad, want = [], []
    for inp in man.get("inputs", []):
        if inp["status"] == "unreadable":
            if inp.get("copy") is not None:
                bad.append(f"{inp['name']} is unreadable but has a copy {inp['copy']}")
            continue
        needs = mode == "all" or inp["name"] in found
        if needs:
            if not inp.get("copy"):
                bad.append(f"{inp['name']} has findings but no copy: {inp.get('copy_note')!r}")
            else:
                want.append(inp["copy"])
        else:
            if inp.get("copy") is not None:
                bad.append(f"{inp['name']} has no finding but a copy {inp['copy']}")
            if inp.get("copy_note") != NO_COPY["en"] or inp.get("copy_note_vi") != NO_COPY["vi"]:
                bad.append(f"{inp['name']}: copy_note {inp.get('copy_note')!r} / {inp.get('copy_note_vi')!r}")
    if sorted(want) != have:
        bad.append(f"don-vi/ entries {have[:6]}…({len(have)}), want {sorted(want)[:6]}…({len(want)})")
    p = Rows()
    p.feed(z.read("bao-cao.html").decode("utf-8"))
    p.close()
    for inp in man.get("inputs", []):
        if inp.get("copy") is None and inp["status"] != "unreadable":
            r = [x for x in p.rows if os.path.basename(inp["name"]) in x]
            if not any(NO_COPY[lang] in x for x in r):
                bad.append(f"no HTML row of {inp['name']} says {NO_COPY[lang]!r}: {(r or [''])[0][:200]}")
        elif inp.get("copy"):
            r = [x for x in p.rows if os.path.basename(inp["name"]) in x]
            if not any(inp["copy"] in x for x in r):
                bad.append(f"no HTML row of {inp['name']} names {inp['copy']}")
    print(f"FAIL {name}: {bad[0]}" if bad else f"ok {name}")
    for b in bad[1:5]:
        print(f"#   {b}")
    if not bad:
        print(f"# {name}: {len(have)} copies for {len(man.get('inputs', []))} inputs")


def cmd_lo(outdir, books):
    made = set(os.listdir(outdir)) if os.path.isdir(outdir) else set()
    bad = []
    n = 0
    for b in books:
        base = os.path.splitext(os.path.basename(b))[0]
        wb = openpyxl.load_workbook(b, read_only=True)
        for sn in wb.sheetnames:
            n += 1
            f = f"{base}-{sn}.csv"
            if f not in made:
                bad.append(f"{f} not written")
            elif os.path.getsize(os.path.join(outdir, f)) == 0:
                bad.append(f"{f} is empty")
    # LibreOffice reads the province sheet with the same keys as openpyxl
    prov = [b for b in books if os.path.basename(b).startswith("tong-hop_")]
    for b in prov[:1]:
        base = os.path.splitext(os.path.basename(b))[0]
        wb = openpyxl.load_workbook(b, data_only=True)
        for sn in ("Biểu mẫu 1", "Biểu mẫu 7", "Chỉ tiêu"):
            f = os.path.join(outdir, f"{base}-{sn}.csv")
            if sn not in wb.sheetnames or not os.path.isfile(f):
                continue
            with open(f, encoding="utf-8", newline="") as fh:
                lo = [r for r in csv.reader(fh)]
            ours = [squash(r[0]) for r in wb[sn].iter_rows(values_only=True) if r and r[0] is not None]
            theirs = [squash(r[0]) for r in lo if r and r[0] != ""]
            if ours != theirs:
                bad.append(f"{base} {sn}: LibreOffice reads column A as {theirs[:6]}…, openpyxl {ours[:6]}…")
    if bad:
        print(f"FAIL merge.libreoffice: {bad[0]}")
        for x in bad[1:5]:
            print(f"#   {x}")
    else:
        print("ok merge.libreoffice")
        print(f"# merge.libreoffice: {len(books)} workbooks, {n} sheets converted")


def main(a):
    if len(a) >= 5 and a[0] == "bundle":
        return cmd_bundle(a[1], a[2], a[3], a[4])
    if len(a) >= 2 and a[0] == "expect":
        return cmd_expect(a[1], a[2:])
    if len(a) == 2 and a[0] == "errors":
        return cmd_errors(a[1])
    if len(a) in (5, 6) and a[0] == "annot":
        return cmd_annot(*a[1:])
    if len(a) in (3, 4, 5) and a[0] == "copies":
        return cmd_copies(a[1], a[2], a[3] if len(a) > 3 else "findings", a[4] if len(a) > 4 else "vi")
    if len(a) == 3 and a[0] == "html":
        return cmd_html(a[1], a[2])
    if len(a) >= 2 and a[0] == "lo":
        return cmd_lo(a[1], a[2:])
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]) or 0)
