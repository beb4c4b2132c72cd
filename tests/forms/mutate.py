#!/usr/bin/python3
"""Changes one value of a bao-cao-dinh-ky workbook with openpyxl.

    mutate.py IN OUT SHEET KEY VALUE        keyed sheet: column D of the row
                                            whose column-A key is KEY
    mutate.py IN OUT SHEET @N HEADER VALUE  detail list: data row N (1-based,
                                            TT = N) of the column HEADER

SHEET is the canonical sheet name ("Biểu mẫu 3"); the workbook's sheet is
found by its match key or an alias (as the checker does: NFC, case, spaces,
punctuation; "BM3", "Bieu mau 3" …).  KEY is compared after trimming and
dropping one trailing dot.  VALUE is written as a number when it looks like
one, else as text; "+N" adds N to the current value and "=KEY+N" sets
the value of row KEY of the same sheet plus N.  A changed number keeps the
cell's representation: a text cell stays text in Vietnamese notation
("1.079"), a cell with a % number format stays a fraction (N is in
percentage points).  HEADER may list alternatives: "Có mặt|Số có mặt".

Prints "SHEETNAME<TAB>CELL<TAB>OLD<TAB>NEW": the sheet as named in the
workbook and the address of the changed cell.  Exit 2 when the sheet, key or
column is not found.
"""
import re
import sys
import unicodedata

import warnings

import openpyxl

warnings.simplefilter("ignore")

ALIASES = {
    "Thông tin": ["Thong tin", "Thông tin chung"],
    "Biên chế": ["Bien che"],
    "Danh mục TTHC": ["Danh muc TTHC", "TTHC"],
    "Văn bản chỉ đạo": ["Van ban chi dao", "Danh mục văn bản"],
    "Chỉ tiêu": ["Chi tieu"],
}
for n in range(1, 8):
    ALIASES[f"Biểu mẫu {n}"] = [f"Bieu mau {n}", f"BM{n}", f"BM {n}", f"BM-{n}", f"Biểu {n}", f"Bieu {n}"]


def mkey(s):
    s = unicodedata.normalize("NFC", str(s)).lower()
    s = re.sub(r"[\s\u00a0]+", " ", s).strip()
    s = re.sub(r"[,.;:()\"“”'’ʼ\-–/]", "", s)
    s = unicodedata.normalize("NFD", s.replace("đ", "d"))
    return "".join(c for c in s if not unicodedata.combining(c)).replace(" ", "")


def find_sheet(wb, name):
    want = {mkey(x) for x in [name] + ALIASES.get(name, [])}
    for ws in wb.worksheets:
        if mkey(ws.title) in want:
            return ws
    sys.exit(f"mutate: no sheet {name!r} in {[w.title for w in wb.worksheets]}")


def vnum(x):
    """A cell value as a number (Vietnamese notation in text)."""
    if isinstance(x, (int, float)):
        return x
    t = str(x).strip().replace(" ", "").rstrip("%")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", t) or "," in t:
        t = t.replace(".", "").replace(",", ".")
    return float(t) if "." in t else int(t)


def vn(x):
    """x in Vietnamese notation: 1079 -> "1.079", 5.2 -> "5,2"."""
    ip, _, fp = repr(float(x)).partition(".") if not float(x).is_integer() else (str(int(x)), "", "")
    g = []
    while len(ip) > 3:
        g.insert(0, ip[-3:])
        ip = ip[:-3]
    g.insert(0, ip)
    return ".".join(g) + ("," + fp if fp else "")


def num(x):
    return int(x) if float(x).is_integer() else x


def newval(cell, spec, keyed_value):
    old = cell.value
    pct = "%" in (cell.number_format or "") and isinstance(old, (int, float))
    m = re.fullmatch(r"(?:=(\S+?))?([+-]\d+(?:\.\d+)?)", spec)
    if m and (m.group(1) or spec[0] == "+"):
        base = keyed_value(m.group(1)) if m.group(1) else vnum(old)
        delta = float(m.group(2))
        if pct:
            v = num(round(base + delta / 100, 10))
        else:
            v = num(base + delta)
        if isinstance(old, str):
            return vn(v) + ("%" if old.strip().endswith("%") else "")
        return v
    if re.fullmatch(r"-?\d+", spec):
        return int(spec)
    if re.fullmatch(r"-?\d+\.\d+", spec):
        return float(spec)
    return spec


def main():
    a = sys.argv[1:]
    if len(a) not in (5, 6):
        sys.exit(__doc__)
    src, dst, sheet = a[0], a[1], a[2]
    wb = openpyxl.load_workbook(src, data_only=True)   # formulas: their values
    ws = find_sheet(wb, sheet)
    if len(a) == 5:
        key, spec = a[3], a[4]
        rows = {}
        for row in ws.iter_rows(min_col=1, max_col=1):
            c = row[0]
            if c.value is None:
                continue
            k = unicodedata.normalize("NFC", str(c.value)).strip()
            if k.endswith("."):
                k = k[:-1]
            rows.setdefault(k, c.row)
        if key not in rows:
            sys.exit(2)
        cell = ws.cell(row=rows[key], column=4)

        def keyed_value(k):
            c = ws.cell(row=rows[k], column=4)
            v = vnum(c.value)
            return v
    else:
        n, header, spec = int(a[3][1:]), a[4], a[5]
        hrow = hcol = None
        want = {mkey(h) for h in header.split("|")}
        keyed_value = None
        for row in ws.iter_rows(max_row=30):
            for c in row:
                if c.value is not None and mkey(c.value) in want:
                    hrow, hcol = c.row, c.column
                    break
            if hrow:
                break
        if not hrow:
            sys.exit(2)
        # the data row whose first-column TT (the header row's TT column) is n
        ttcol = None
        for c in ws[hrow]:
            if c.value is not None and mkey(c.value) in ("tt", "stt"):
                ttcol = c.column
        cell = None
        for r in range(hrow + 1, ws.max_row + 1):
            v = ws.cell(row=r, column=ttcol).value
            try:
                if v is not None and int(vnum(v)) == n:
                    cell = ws.cell(row=r, column=hcol)
                    break
            except ValueError:
                continue
        if cell is None:
            sys.exit(2)
    old = cell.value
    cell.value = newval(cell, spec, keyed_value)
    wb.save(dst)
    print(f"{ws.title}\t{cell.coordinate}\t{old}\t{cell.value}")


if __name__ == "__main__":
    main()
