#!/usr/bin/python3
"""An independent reader of bao-cao-dinh-ky workbooks for the merge tests.

Written from the forms contract (rulesets/forms/README.md, ../shared/forms/
README.md §2, §3, §5) with openpyxl (data_only=True), sharing no code with
the C implementation: sheets by name or alias (match key, diacritics folded),
keyed rows by the key in column A (trimmed, one trailing dot dropped, numeric
keys by their text), values in column D in Vietnamese notation, code rows as
code or label, detail lists by their header row (aliases, any column order,
title rows, column-number rows, repeated headers and blank rows skipped).

Values are returned as (type, value):
    ("blank", None)  ("num", Decimal)  ("text", str NFC, spaces collapsed)
    ("date", datetime.date)  ("code", "1")
"""
import csv
import datetime as dt
import os
import re
import unicodedata
import warnings
from decimal import Decimal, ROUND_HALF_UP

import openpyxl

warnings.simplefilter("ignore")

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
FORMS = os.path.join(ROOT, "rulesets", "forms", "bao-cao-dinh-ky")
UNITS = os.path.join(ROOT, "rulesets", "units", "kon-tum.tsv")

# sheet id, canonical name, spec file, type (README §3 table)
SHEETS = [
    ("TI", "Thông tin", "thong-tin.tsv", "keyed"),
    ("BM1", "Biểu mẫu 1", "bieu-mau-1.tsv", "keyed"),
    ("BM2", "Biểu mẫu 2", "bieu-mau-2.tsv", "keyed"),
    ("BM3", "Biểu mẫu 3", "bieu-mau-3.tsv", "keyed"),
    ("BM4", "Biểu mẫu 4", "bieu-mau-4.tsv", "keyed"),
    ("BM5", "Biểu mẫu 5", "bieu-mau-5.tsv", "keyed"),
    ("BM6", "Biểu mẫu 6", "bieu-mau-6.tsv", "keyed"),
    ("BM7", "Biểu mẫu 7", "bieu-mau-7.tsv", "keyed"),
    ("BC", "Biên chế", "bien-che.tsv", "list"),
    ("DM", "Danh mục TTHC", "danh-muc-tthc.tsv", "list"),
    ("VB", "Văn bản chỉ đạo", "van-ban-chi-dao.tsv", "list"),
    ("CT", "Chỉ tiêu", "chi-tieu.tsv", "keyed"),
]
SHEET_ALIASES = {
    "Thông tin": ["Thong tin", "Thông tin chung"],
    "Danh mục TTHC": ["Danh muc TTHC", "TTHC"],
    "Văn bản chỉ đạo": ["Van ban chi dao", "Danh mục văn bản"],
    "Biên chế": ["Bien che"],
    "Chỉ tiêu": ["Chi tieu"],
}
for _n in range(1, 8):
    SHEET_ALIASES[f"Biểu mẫu {_n}"] = [f"Bieu mau {_n}", f"BM{_n}", f"BM {_n}", f"BM-{_n}",
                                       f"Biểu {_n}", f"Bieu {_n}"]

D = Decimal
TWO = D("0.01")


def tsv(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def nfc(s):
    return unicodedata.normalize("NFC", str(s))


def squash(s):
    """NFC, whitespace runs (NBSP, newlines) to one space, trimmed."""
    return re.sub(r"\s+", " ", nfc(s).replace("\u00a0", " ")).strip()


def fold(s):
    """The match key with the diacritics fallback and no spaces (README §2)."""
    s = squash(s).lower()
    s = re.sub(r"[,.;:()\"“”'’ʼ\-–/]", "", s)
    s = unicodedata.normalize("NFD", s.replace("đ", "d"))
    return "".join(c for c in s if not unicodedata.combining(c)).replace(" ", "")


def is_blank(v):
    if v is None:
        return True
    if isinstance(v, str):
        t = squash(v)
        return t in ("", "-", "–", "—")
    return False


def vn_number(text):
    """A number in Vietnamese notation ("1.079", "5,2", "100%", "08", "1 079"),
    or None."""
    t = re.sub(r"[\s\u00a0\u202f]", "", nfc(text))
    if t.endswith("%"):
        t = t[:-1]
    if not t:
        return None
    if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?", t):
        return D(t.replace(".", "").replace(",", "."))
    if re.fullmatch(r"[+-]?\d+(,\d+)?", t):
        return D(t.replace(",", "."))
    if re.fullmatch(r"[+-]?\d+\.\d+", t):       # English decimal (warning N-1)
        return D(t)
    return None


def cell_number(cell):
    """The number a cell holds (percent-formatted fractions * 100), or None."""
    v = cell.value
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, (int, float)):
        x = D(repr(v)) if isinstance(v, float) else D(v)
        if "%" in (cell.number_format or ""):
            x = x * 100
        return x
    if isinstance(v, str):
        return vn_number(v)
    return None


EPOCH = dt.date(1899, 12, 30)


def cell_date(cell):
    v = cell.value
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return EPOCH + dt.timedelta(days=int(v))
    if isinstance(v, str):
        m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", squash(v))
        if m:
            try:
                return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            except ValueError:
                return None
    return None


def parse_codes(codes):
    """"1=Có;0=Không" -> {"1": "Có", "0": "Không"}"""
    out = {}
    for part in codes.split(";"):
        if "=" in part:
            c, lab = part.split("=", 1)
            out[c.strip()] = lab.strip()
    return out


def cell_code(cell, codes):
    """The code a code-row cell holds: the code itself or its label."""
    v = cell.value
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        x = cell_number(cell)
        if x is not None and x == x.to_integral_value() and str(int(x)) in codes:
            return str(int(x))
        return None
    if isinstance(v, str):
        x = vn_number(v)
        if x is not None and x == x.to_integral_value() and str(int(x)) in codes:
            return str(int(x))
        for c, lab in codes.items():
            if fold(lab) == fold(v):
                return c
    return None


def value(cell, row):
    """A keyed-row value by the row's kind (row: the spec TSV line)."""
    if is_blank(cell.value):
        return ("blank", None)
    kind = row["kind"]
    if kind in ("count", "percent", "amount"):
        x = cell_number(cell)
        return ("num", x) if x is not None else ("bad", cell.value)
    if kind == "code":
        c = cell_code(cell, parse_codes(row["codes"]))
        return ("code", c) if c is not None else ("bad", cell.value)
    if kind == "date":
        d = cell_date(cell)
        return ("date", d) if d is not None else ("bad", cell.value)
    return ("text", squash(cell.value))


def find_sheet(wb, name):
    want = {fold(x) for x in [name] + SHEET_ALIASES.get(name, [])}
    for ws in wb.worksheets:
        if fold(ws.title) in want:
            return ws
    return None


def key_text(v):
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    k = squash(v)
    if k.endswith("."):
        k = k[:-1].strip()
    return k


def keyed_rows(ws, spec):
    """{key: cell D} for the spec's keys; problems: list of strings."""
    keys = {r["key"] for r in spec}
    out, problems = {}, []
    for r in ws.iter_rows(min_col=1, max_col=4):
        a = r[0].value
        if a is None:
            continue
        k = key_text(a)
        if k not in keys:
            continue
        if k in out:
            problems.append(f"{ws.title}: key {k} twice (rows {out[k].row}, {r[0].row})")
            continue
        out[k] = r[3]
    for k in keys - set(out):
        problems.append(f"{ws.title}: key {k} not found")
    return out, problems


def list_spec(spec):
    """[(col letter, header, required, [folded names])]"""
    out = []
    for r in spec:
        names = [r["header"]] + [a for a in r["aliases"].split(";") if a.strip()]
        out.append((r["col"], r["header"], r["required"] == "yes", {fold(n) for n in names}))
    return out


def list_rows(ws, spec, first_col_extra=None):
    """Data rows of a detail list as dicts {header: cell}, in sheet order.
    first_col_extra: a header the merged workbook adds before TT ("Đơn vị")."""
    cols = list_spec(spec)
    req = [c for c in cols if c[2]]
    hrow, colmap = None, None
    for row in ws.iter_rows(max_row=30):
        m = {}
        for c in row:
            if c.value is None or not isinstance(c.value, str):
                continue
            f = fold(c.value)
            for (_, header, _, names) in cols:
                if f in names and header not in m:
                    m[header] = c.column
                    break
            if first_col_extra and f == fold(first_col_extra):
                m[first_col_extra] = c.column
        if all(h in m for (_, h, _, _) in req):
            hrow, colmap = row[0].row, m
            break
    if hrow is None:
        return None, [f"{ws.title}: no header row"]
    tt_names = cols[0][3]
    rows = []
    for r in range(hrow + 1, ws.max_row + 1):
        cells = {h: ws.cell(row=r, column=c) for h, c in colmap.items()}
        vals = [c.value for c in cells.values() if not is_blank(c.value)]
        if not vals:
            continue                                    # blank row
        texts = [squash(v) for v in vals if isinstance(v, str)]
        if len(texts) == len(vals) and all(re.fullmatch(r"\(\d+\)", t) for t in texts):
            continue                                    # (1) (2) (3) …
        tt = cells[cols[0][1]].value
        if isinstance(tt, str) and fold(tt) in tt_names:
            continue                                    # the header repeated
        rows.append(cells)
    return rows, []


# -- units ------------------------------------------------------------------

def units():
    return tsv(UNITS)


def resolve_unit(name, registry):
    """README §5: the registry line of a unit name, or None."""
    s = squash(name).lower()
    city = False
    for p in ("ủy ban nhân dân ", "uỷ ban nhân dân ", "ubnd "):
        if s.startswith(p):
            s = s[len(p):].strip()
            break
    for p, c in (("huyện ", False), ("thành phố ", True), ("tp. ", True), ("tp.", True), ("tp ", True)):
        if s.startswith(p):
            s, city = s[len(p):].strip(), c
            break
    for t in (", tỉnh kon tum", "tỉnh kon tum"):
        if s.endswith(t):
            s = s[: -len(t)].strip()
    f = unicodedata.normalize("NFD", s.replace("đ", "d"))
    f = "".join(c for c in f if not unicodedata.combining(c))
    f = re.sub(r"[\s'’ʼ\-.]", "", f).replace("dac", "dak")
    for u in registry:
        if f == u["folded_key"] and (f != "kontum" or city):
            return u
        if squash(name) in (u["code"], u["slug"], u["official_name"]):
            return u
    return None


# -- a whole district workbook ----------------------------------------------

class Unit:
    def __init__(self, path, registry):
        self.path = path
        self.problems = []
        self.keyed = {}     # sid -> {key: (type, value)}
        self.cells = {}     # sid -> {key: cell}
        self.lists = {}     # sid -> [ {header: cell} ]
        self.specs = {}
        wb = openpyxl.load_workbook(path, data_only=True)
        for sid, name, spec_file, typ in SHEETS:
            spec = tsv(os.path.join(FORMS, spec_file))
            self.specs[sid] = spec
            ws = find_sheet(wb, name)
            if ws is None:
                self.problems.append(f"no sheet {name}")
                continue
            if typ == "keyed":
                cells, pr = keyed_rows(ws, spec)
                self.problems += pr
                self.cells[sid] = cells
                self.keyed[sid] = {r["key"]: value(cells[r["key"]], r) if r["key"] in cells
                                   else ("blank", None) for r in spec}
                for k, (t, v) in self.keyed[sid].items():
                    if t == "bad":
                        self.problems.append(f"{name} {k}: cannot read {v!r}")
            else:
                rows, pr = list_rows(ws, spec)
                self.problems += pr
                self.lists[sid] = rows or []
        ti = self.keyed.get("TI", {})
        self.unit_text = ti.get("1", ("blank", None))[1]
        self.unit = resolve_unit(self.unit_text or "", registry)


def round2(x):
    return x.quantize(TWO, ROUND_HALF_UP)


# -- Danh mục TTHC rows (danh-muc-tthc.tsv) -----------------------------------

LEVEL_ALIASES = {"huyen": "Huyện", "caphuyen": "Huyện", "ubndcaphuyen": "Huyện",
                 "xa": "Xã", "capxa": "Xã", "ubndcapxa": "Xã"}
DVC_ALIASES = {"mucdo3": "3", "3": "3", "motphan": "3", "dvcmotphan": "3",
               "mucdo4": "4", "4": "4", "toantrinh": "4", "dvctoantrinh": "4",
               "khong": "0", "0": "0", "mucdo1": "0", "mucdo2": "0"}


def text_of(cell):
    v = cell.value
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return squash(v)


def dvc_level(cell):
    x = cell_number(cell)
    if x is not None:
        return str(int(x)) if x in (0, 3, 4) else None
    return DVC_ALIASES.get(fold(text_of(cell)))


def dm_record(cells):
    """A Danh mục TTHC data row -> {MA (first 8 chars), C, M, P, T, HT}."""
    ma = text_of(cells["Mã TTHC"])
    yn = {"co": "Có", "khong": "Không"}
    ht = cell_number(cells["Hồ sơ trực tuyến"])
    return {"MA": ma[:8], "MAFULL": ma,
            "C": LEVEL_ALIASES.get(fold(text_of(cells["Cấp thực hiện"]))),
            "M": dvc_level(cells["Mức độ DVC"]),
            "P": yn.get(fold(text_of(cells["Có phí, lệ phí"]))),
            "T": yn.get(fold(text_of(cells["Thanh toán trực tuyến"]))),
            "HT": ht}


def dm_match(rec, flt):
    """distinct() filter: "C=Huyện;M=3,4;P=Có;T=Có;HT>0"."""
    for cond in flt.split(";"):
        cond = cond.strip()
        if cond == "HT>0":
            if rec["HT"] is None or rec["HT"] <= 0:
                return False
            continue
        name, want = cond.split("=", 1)
        if rec[name] not in want.split(","):
            return False
    return True
