#!/usr/bin/python3
"""Generates the end-to-end producer corpus at test time.

    gen.py OUTDIR

Writes workbooks with four independent producers (xlsxwriter, openpyxl,
LibreOffice headless, gnumeric's ssconvert) plus a few hand-written
packages ("raw": shapes real producers use that the libraries above never
write), and OUTDIR/manifest.tsv, which tests/e2e/run.sh follows.  One
TAB-separated line per check (no field is ever empty):

    file    NAME  PATH  DATESYS       dump PATH, compare with openpyxl's reading
                                      (DATESYS is 1900 or 1904); run.sh also
                                      checks `info` and `dump --sheet` for
                                      every sheet of every file
    info    NAME  PATH  LANG  TEXT    `xlsxcheck --lang LANG info PATH` prints TEXT
    nosheet NAME  PATH  SHEETNAME     `dump --sheet SHEETNAME`: exit 2, a message
    golden  NAME  PATH                dump PATH == golden/NAME.tsv byte for byte
    fail    NAME  REASON              a producer is missing or failed

NAME.div.tsv / NAME.want.tsv beside the manifest: cells where openpyxl's
reading is known to be wrong.  run.sh skips them in the comparison
(dumpcmp.py --divergences) and requires the exact line from NAME.want.tsv
in our dump instead.  Every entry says why.

Diagnostics go to OUTDIR/gen.log, never to stdout.
"""
import datetime
import gzip
import os
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from xml.sax.saxutils import escape as xesc, quoteattr

import openpyxl
import xlsxwriter
from openpyxl.chart import BarChart, Reference
from openpyxl.utils.datetime import CALENDAR_MAC_1904

OUT = None
LOG = None
MANIFEST = []          # lines (tuples) of manifest.tsv, PATH filled in at the end
FILES = {}             # name -> path
DATE1904 = {}          # name -> bool
WANT = {}              # name -> [(sheet, ref, type, value, why, copies)]

VI_NFC = "Tiếng Việt có dấu: ắ ằ ẳ ẵ ặ ề ể ễ ệ ố ồ ổ ỗ ộ ứ ừ ử ữ ự đ Đ"
VI_NFD = unicodedata.normalize("NFD", VI_NFC)
assert VI_NFC != VI_NFD

# Strings every producer gets (where the format can carry them).
STRINGS = [
    "hello",
    VI_NFC,
    VI_NFD,
    "tab\there",
    "line1\nline2",
    "back\\slash \\t is not a tab",
    "  leading and trailing  ",
    "<tag> & \"quotes\" 'apos'",
    "😀 emoji 𝄞 astral",
    "007",
    "1e5",
    "=not a formula",
    "TRUE",
    "#N/A",
    "a\u00a0nbsp\u200bzwsp",
    "x" * 5000,
]


def log(*a):
    print(*a, file=LOG, flush=True)


def path(*parts):
    p = os.path.join(OUT, *parts)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    return p


def add_file(name, p, date1904=False):
    FILES[name] = p
    DATE1904[name] = date1904
    MANIFEST.append(("file", name, p, "1904" if date1904 else "1900"))


def add_info(name, text, lang="en"):
    MANIFEST.append(("info", name, None, lang, text))


def add_nosheet(name, sheet):
    MANIFEST.append(("nosheet", name, None, sheet))


def add_fail(name, why):
    MANIFEST.append(("fail", name, why.replace("\t", " ").replace("\n", " ")))


def want(name, sheet, ref, typ, value, why, copies=True):
    """openpyxl is wrong on this cell: assert our exact line instead.
    copies: the same holds in the LibreOffice and gnumeric copies of the
    workbook (they keep the value and the number format)."""
    WANT.setdefault(name, []).append((sheet, ref, typ, value, why, copies))


def esc(s):
    return (s.replace("\\", "\\\\").replace("\t", "\\t")
             .replace("\n", "\\n").replace("\r", "\\r"))


def vis_line(sheet, kind, vis):
    """The per-sheet line of `info --lang en` starts like this."""
    return f'"{sheet}" — {kind}, {vis}'


# ---------------------------------------------------------------- xlsxwriter

def xw_strings():
    name = "xw_strings"
    p = path("xw", name + ".xlsx")
    wb = xlsxwriter.Workbook(p, {"strings_to_numbers": False, "strings_to_formulas": False,
                                 "strings_to_urls": False})
    ws = wb.add_worksheet("Chuỗi")
    for i, s in enumerate(STRINGS):
        ws.write_string(i, 0, s)
        ws.write_string(i, 1, s)          # the same shared string again
    r = len(STRINGS)
    ws.write_string(r, 0, "cr\rlf\r\nend")
    ws.write_string(r + 1, 0, "_x000D_ literal")        # written as _x005F_x000D_
    ws.write_string(r + 2, 0, "ctl\x01\x1fchars")       # written as _x0001_ _x001F_
    ws.write_string(r + 3, 0, "")                        # empty: not printed
    ws.write_string(r + 4, 0, " ")
    ws.write_string(r + 5, 0, "Ω≈ç√∫ 中文 العربية")
    wb.close()
    add_file(name, p)


def xw_inline():
    """constant_memory mode: xlsxwriter writes inline strings (t="inlineStr")."""
    name = "xw_inline"
    p = path("xw", name + ".xlsx")
    wb = xlsxwriter.Workbook(p, {"constant_memory": True, "strings_to_numbers": False,
                                 "strings_to_formulas": False, "strings_to_urls": False})
    ws = wb.add_worksheet("Inline")
    for i, s in enumerate(STRINGS):
        ws.write_string(i, 0, s)
        ws.write_number(i, 1, i * 1.25)
        ws.write_boolean(i, 2, i % 2 == 0)
        ws.write_string(i, 3, s[::-1] if len(s) < 100 else "short")
    wb.close()
    add_file(name, p)


def xw_rich():
    name = "xw_rich"
    p = path("xw", name + ".xlsx")
    wb = xlsxwriter.Workbook(p)
    ws = wb.add_worksheet("Rich")
    bold = wb.add_format({"bold": True})
    ital = wb.add_format({"italic": True, "font_color": "red"})
    ws.write_rich_string(0, 0, "plain ", bold, "bold", " and ", ital, "italic")
    ws.write_rich_string(1, 0, bold, "Chữ đậm", " rồi ", ital, "nghiêng")
    ws.write_rich_string(2, 0, "first line\n", bold, "second\tline")
    ws.write_rich_string(3, 0, ital, "  spaced  ", bold, "  runs  ")
    ws.write_rich_string(4, 0, bold, VI_NFD, " ", ital, VI_NFC)
    ws.write_string(5, 0, "plain bold and italic")
    wb.close()
    add_file(name, p)


NUMBERS = [0.1 + 0.2, 1e-7, 123456789012345, -0.5, 2 ** 53, 2 ** 53 - 1, 1 / 3, 1e300,
           5e-324, -1e-310, 1e15 + 0.3, 1e16, 12345678901234567890, 0.0001, 0.00001,
           -0.0, 0, -42, 3.14159265358979, 100, 1e21, 6.02214076e23, 299792458, -2 ** 31]


def xw_numbers():
    name = "xw_numbers"
    p = path("xw", name + ".xlsx")
    wb = xlsxwriter.Workbook(p)
    ws = wb.add_worksheet("Số")
    fmts = [None, "0%", "0.00%", "#,##0.00", "0.00E+00", "# ?/?", "@", '0.00 "h"',
            '#,##0 "ngày"', "[Red]-0.00", "#,##0.00_);[Red](#,##0.00)",
            '[>=100]"big";"small"', "[$₫-42A] #,##0", "#,##0 ₫", "0\\h", "General"]
    for i, v in enumerate(NUMBERS):
        ws.write_number(i, 0, v)
        for j, f in enumerate(fmts):
            ws.write_number(i, j + 1, v, wb.add_format({"num_format": f}) if f else None)
    # "0_h": the underscore skips the width of "h", no hour.  openpyxl's
    # is_date_format does not know `_x` and calls it a date.
    ws.write_number(len(NUMBERS), 0, 45000.5, wb.add_format({"num_format": "0.0_h"}))
    want(name, "Số", f"A{len(NUMBERS) + 1}", "n", "45000.5",
         'openpyxl takes the format "0.0_h" for a date (`_h` is a space the width of h)')
    ws.write_number(len(NUMBERS), 1, 45000.5, wb.add_format({"num_format": "0.0*d"}))
    want(name, "Số", f"B{len(NUMBERS) + 1}", "n", "45000.5",
         'openpyxl takes the format "0.0*d" for a date (`*d` fills the cell with d)')
    wb.close()
    add_file(name, p)


def xw_formulas():
    name = "xw_formulas"
    p = path("xw", name + ".xlsx")
    wb = xlsxwriter.Workbook(p)
    ws = wb.add_worksheet("Công thức")
    datef = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_number("A1", 21)
    ws.write_formula("B1", "=A1*2", None, 42)
    ws.write_formula("C1", '="x"&A1', None, "x21")
    ws.write_formula("D1", "=A1>0", None, True)
    ws.write_formula("E1", "=A1<0", None, False)
    ws.write_formula("F1", "=1/0", None, "#DIV/0!")
    ws.write_formula("G1", "=NA()", None, "#N/A")
    ws.write_formula("H1", "=SQRT(-1)", None, "#NUM!")
    ws.write_formula("I1", "=nosuch()", None, "#NAME?")
    ws.write_formula("J1", '="a"+1', None, "#VALUE!")
    ws.write_formula("K1", '=""', None, "")          # empty string result: not printed
    ws.write_formula("L1", "=DATE(2024,2,29)", datef, 45351)
    ws.write_formula("M1", "=0.1+0.2", None, 0.1 + 0.2)
    ws.write_formula("N1", '="tab\there"', None, "tab\there")
    ws.write_formula("A2", "=A1+1")                   # xlsxwriter stores 0 as the value
    ws.write_array_formula("A3:A5", "{=ROW(A3:A5)}", None, 3)
    ws.write_formula("B3", "=SUM(A1:A2)", None, 1e-7)
    ws.write_formula("C3", '=IFERROR(1/0,"lỗi")', None, "lỗi")
    ws.write_dynamic_array_formula("D3:D3", "=LEN(\"abc\")", None, 3)
    wb.close()
    add_file(name, p)


# Date/time samples: (python value or serial, number format)
DATE_FORMATS = ["yyyy-mm-dd", "dd/mm/yyyy hh:mm:ss", "hh:mm:ss.000", "[h]:mm:ss",
                "h:mm AM/PM", "mmm d, yyyy", "[$-42A]dddd, dd mmmm yyyy", "yyyy-mm-dd;@",
                "mm:ss.0", '"Ngày "dd" tháng "mm'] 


def xw_dates(date1904):
    name = "xw_dates1904" if date1904 else "xw_dates1900"
    p = path("xw", name + ".xlsx")
    wb = xlsxwriter.Workbook(p, {"date_1904": date1904})
    ws = wb.add_worksheet("Ngày")
    values = [datetime.date(1900, 3, 1), datetime.date(1970, 1, 1),
              datetime.date(2000, 2, 29), datetime.datetime(2024, 12, 31, 23, 59, 59, 999000),
              datetime.datetime(2024, 2, 29, 13, 45, 30), datetime.date(9999, 12, 31),
              datetime.time(0, 0, 0), datetime.time(12, 34, 56, 789000),
              datetime.time(23, 59, 59), datetime.timedelta(days=1, hours=12),
              datetime.datetime(1904, 1, 2, 6, 0, 0), datetime.date(2100, 3, 1)]
    if not date1904:
        values += [datetime.date(1900, 1, 1), datetime.date(1900, 2, 28)]
    for i, v in enumerate(values):
        for j, f in enumerate(DATE_FORMATS):
            ws.write_datetime(i, j, v, wb.add_format({"num_format": f}))
    r = len(values)
    # built-in date formats by id, no <numFmt> in styles.xml
    for j, fid in enumerate([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]):
        ws.write_number(r, j, 45351.75, wb.add_format({"num_format": fid}))
        ws.write_number(r + 1, j, 0.25, wb.add_format({"num_format": fid}))
    # serials by hand, with a date format
    datef = wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for j, s in enumerate([0, 0.5, 1, 2.75, 59, 61, 1462, 45351.999999, 0.9999999999]):
        ws.write_number(r + 2, j, s, datef)
    # negative serial under a date format: no date, the number is printed
    ws.write_number(r + 3, 0, -1, datef)
    ws.write_number(r + 3, 1, -0.5, datef)
    # "d" alone (day of month): openpyxl's is_date_format needs a character
    # before the code letter, so it misses one-letter formats.
    ws.write_number(r + 4, 0, 45351, wb.add_format({"num_format": "d"}))
    want(name, "Ngày", f"A{r + 5}", "d", "2028-03-01" if date1904 else "2024-02-29",
         'openpyxl misses the one-letter date format "d" (regex needs a preceding char)')
    ws.write_number(r + 4, 1, 0.75, wb.add_format({"num_format": "h"}))
    want(name, "Ngày", f"B{r + 5}", "d", "18:00:00",
         'openpyxl misses the one-letter time format "h" (regex needs a preceding char)')
    if not date1904:
        # serial 60 is Excel's fictitious 1900-02-29: openpyxl turns it into
        # 1900-02-28 and hands back serial 59
        ws.write_number(r + 5, 0, 60, wb.add_format({"num_format": "yyyy-mm-dd"}))
        want(name, "Ngày", f"A{r + 6}", "d", "1900-02-29",
             "serial 60 is 1900-02-29 in Excel's 1900 system; openpyxl maps it to 1900-02-28 (59)")
    ws.write_number(r + 6, 0, 45351.5, wb.add_format({"num_format": "0.00"}))
    wb.close()
    add_file(name, p, date1904)
    add_info(name, "Date system: " + ("1904" if date1904 else "1900"))
    add_info(name, "Hệ ngày: " + ("1904" if date1904 else "1900"), lang="vi")


def xw_merged():
    name = "xw_merged"
    p = path("xw", name + ".xlsx")
    wb = xlsxwriter.Workbook(p)
    ws = wb.add_worksheet("Gộp ô")
    f = wb.add_format({"align": "center", "border": 1})
    ws.merge_range("B2:D4", "Ô gộp", f)
    ws.merge_range("A6:A9", 12.5, f)
    ws.merge_range("F1:XFD1", "to the last column", f)
    ws.write("A1", "top-left")
    ws.write("E5", "after")
    wb.close()
    add_file(name, p)
    add_info(name, "3 merged ranges")


def xw_sparse():
    name = "xw_sparse"
    p = path("xw", name + ".xlsx")
    wb = xlsxwriter.Workbook(p)
    ws = wb.add_worksheet("Thưa")
    for ref, v in [("A1", 1), ("Z1", 26), ("AA2", 27), ("AZ3", 52), ("BA4", 53),
                   ("ZZ5", 702), ("AAA6", 703), ("XFD1", "last col"),
                   ("A1048576", "last row"), ("XFD1048576", "last cell"),
                   ("B100000", 1e-7), ("ZY65536", "ZY")]:
        ws.write(ref, v)
    wide = wb.add_worksheet("Wide")
    for c in range(1200):
        wide.write_number(0, c, c)
        if c % 7 == 0:
            wide.write_string(1, c, f"c{c}")
    wb.add_worksheet("Trống")  # empty sheet
    only = wb.add_worksheet("Only corner")
    only.write("XFD1048576", "corner")
    wb.close()
    add_file(name, p)
    add_info(name, "used range A1:XFD1048576")


def xw_sheets():
    name = "xw_sheets"
    p = path("xw", name + ".xlsx")
    wb = xlsxwriter.Workbook(p)
    names = ["Sheet1", "Data 2024", "Bảng lương", "O'Brien's", "Ẩn", "A & B <c>", "1", "Trống"]
    for i, n in enumerate(names):
        ws = wb.add_worksheet(n)
        if n == "Trống":
            continue
        ws.write(0, 0, f"sheet {i + 1}: {n}")
        ws.write(1, 1, i + 1)
        if n == "Ẩn":
            ws.hide()
    wb.worksheets()[2].activate()
    wb.close()
    add_file(name, p)
    add_nosheet(name, "Không có")
    add_nosheet(name, "Sheet")
    add_info(name, vis_line("Ẩn", "worksheet", "hidden"))
    add_info(name, vis_line("Bảng lương", "worksheet", "visible"))
    add_info(name, "Sheets: 8")


def xw_large():
    name = "xw_large"
    p = path("xw", name + ".xlsx")
    wb = xlsxwriter.Workbook(p)
    ws = wb.add_worksheet("Lớn")
    datef = wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    base = datetime.datetime(2020, 1, 1)
    for r in range(20000):
        ws.write_number(r, 0, r)
        ws.write_number(r, 1, r / 7)
        ws.write_string(r, 2, f"hàng {r % 500}")
        ws.write_string(r, 3, f"unique {r}")
        ws.write_boolean(r, 4, r % 3 == 0)
        ws.write_datetime(r, 5, base + datetime.timedelta(minutes=r * 37), datef)
        if r % 10 == 0:
            ws.write_formula(r, 6, f"=A{r + 1}*2", None, r * 2)
    wb.close()
    add_file(name, p)
    add_info(name, "122000 cells")


def tiny_png(p):
    import struct
    import zlib

    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(4))
    with open(p, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def xw_kitchen():
    """Everything around the cells: charts, a chartsheet, an image, comments,
    a table with a totals row, validation, conditional formats, autofilter,
    hyperlinks, defined names, frozen panes, protection, header/footer."""
    name = "xw_kitchen"
    p = path("xw", name + ".xlsx")
    png = path("xw", "tiny.png")
    tiny_png(png)
    wb = xlsxwriter.Workbook(p)
    ws = wb.add_worksheet("Bếp")
    ws.freeze_panes(1, 1)
    ws.set_header("&CXin chào")
    ws.protect()
    ws.write_row(0, 0, ["Tháng", "Doanh thu", "Chi phí"])
    for r in range(1, 13):
        ws.write_row(r, 0, [f"T{r}", r * 1000.5, r * 333.25])
    ws.write_comment("B2", "Ghi chú: con số tạm tính")
    ws.write_url("E1", "https://example.com/đường-dẫn", string="liên kết")
    ws.write_url("E2", "internal:'Bảng'!A1", string="nội bộ")
    ws.insert_image("G2", png)
    ws.data_validation("B2:B13", {"validate": "decimal", "criteria": ">", "value": 0})
    ws.conditional_format("C2:C13", {"type": "cell", "criteria": ">", "value": 2000,
                                     "format": wb.add_format({"bold": True})})
    ws.autofilter("A1:C13")
    wb.define_name("DoanhThu", "='Bếp'!$B$2:$B$13")
    ch = wb.add_chart({"type": "line"})
    ch.add_series({"values": "='Bếp'!$B$2:$B$13", "categories": "='Bếp'!$A$2:$A$13"})
    ws.insert_chart("G8", ch)
    tb = wb.add_worksheet("Bảng")
    tb.add_table("B2:D6", {"name": "Bang1", "total_row": True, "columns": [
        {"header": "Mặt hàng", "total_string": "Tổng"},
        {"header": "Số lượng", "total_function": "sum"},
        {"header": "Đơn giá"}],
        "data": [["Táo", 3, 1.5], ["Lê", 5, 2.25], ["Cam", 7, 0.75]]})
    cs = wb.add_chartsheet("Biểu đồ")
    ch2 = wb.add_chart({"type": "column"})
    ch2.add_series({"values": "='Bếp'!$C$2:$C$13"})
    cs.set_chart(ch2)
    wb.close()
    add_file(name, p)
    add_info(name, vis_line("Biểu đồ", "chartsheet", "visible"))
    add_info(name, "Sheets: 3")


def xw_xlsm():
    """A macro-enabled workbook (the VBA part is opaque bytes to every reader)."""
    name = "xw_xlsm"
    p = path("xw", name + ".xlsm")
    vba = path("xw", "vbaProject.bin")
    with open(vba, "wb") as f:
        f.write(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    wb = xlsxwriter.Workbook(p)
    ws = wb.add_worksheet("Macro")
    ws.write("A1", "có macro")
    ws.write("B1", 1.5)
    wb.add_vba_project(vba)
    wb.close()
    add_file(name, p)
    add_info(name, "Format: xlsm")


# ------------------------------------------------------------------ openpyxl

def op_basic():
    name = "op_basic"
    p = path("op", name + ".xlsx")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Cơ bản"
    for i, s in enumerate(STRINGS, start=1):
        ws.cell(i, 1, s)               # openpyxl 3.0 writes inline strings
    for i, v in enumerate(NUMBERS, start=1):
        ws.cell(i, 2, v)
    for i, v in enumerate([True, False, True], start=1):
        ws.cell(i, 3, v)
    ws.cell(1, 4, "")                  # empty string: written as an empty inline cell
    ws.cell(2, 4, "cr\rlf\r\n")
    ws.cell(3, 4).number_format = "0.00"  # styled, no value
    ws.cell(4, 4, 0.125).number_format = "0.0%"
    wb.save(p)
    add_file(name, p)


def op_dates(date1904, iso=False):
    name = "op_" + ("isodates" if iso else "dates") + ("1904" if date1904 else "1900")
    p = path("op", name + ".xlsx")
    wb = openpyxl.Workbook()
    if date1904:
        wb.epoch = CALENDAR_MAC_1904
    wb.iso_dates = iso
    ws = wb.active
    ws.title = "Dates"
    vals = [datetime.datetime(2024, 2, 29, 13, 45, 30), datetime.date(2000, 1, 1),
            datetime.datetime(1999, 12, 31, 23, 59, 59, 500000), datetime.time(6, 30),
            datetime.time(0, 0), datetime.datetime(2038, 1, 19, 3, 14, 7),
            datetime.date(1904, 1, 2), datetime.date(1950, 6, 15)]
    if not iso:
        vals.append(datetime.timedelta(days=2, hours=3, minutes=4))
    for i, v in enumerate(vals, start=1):
        ws.cell(i, 1, v)
        c = ws.cell(i, 2, v)
        if not isinstance(v, datetime.timedelta):
            c.number_format = "dd/mm/yyyy hh:mm:ss"
    ws.cell(20, 1, 45000).number_format = "yyyy-mm-dd"
    ws.cell(21, 1, 0.5).number_format = "h:mm:ss"
    ws.cell(22, 1, 45000.25).number_format = "[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy"
    ws.cell(23, 1, 45000.25).number_format = "#,##0.00"
    wb.save(p)
    add_file(name, p, date1904)
    add_info(name, "Date system: " + ("1904" if date1904 else "1900"))


def op_sheets():
    name = "op_sheets"
    p = path("op", name + ".xlsx")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Hiện"
    ws["A1"] = "visible"
    h = wb.create_sheet("Hidden sheet")
    h["A1"] = "hidden"
    h.sheet_state = "hidden"
    v = wb.create_sheet("Very hidden")
    v["B2"] = "very hidden"
    v.sheet_state = "veryHidden"
    ws["A2"] = 2
    chart = BarChart()                 # openpyxl cannot read back an empty chartsheet
    chart.add_data(Reference(ws, min_col=1, min_row=2, max_row=2))
    wb.create_chartsheet("Biểu đồ").add_chart(chart)
    q = wb.create_sheet("It's “quoted”")
    q["C3"] = 3
    wb.save(p)
    add_file(name, p)
    add_info(name, vis_line("Hiện", "worksheet", "visible"))
    add_info(name, vis_line("Hidden sheet", "worksheet", "hidden"))
    add_info(name, vis_line("Very hidden", "worksheet", "very hidden"))
    add_info(name, vis_line("Very hidden", "trang tính", "ẩn sâu (veryHidden)"), lang="vi")
    add_info(name, vis_line("Biểu đồ", "chartsheet", "visible"))


def op_many_sheets():
    """250 sheets (Excel has no fixed limit), in workbook order, not name order."""
    name = "op_many_sheets"
    p = path("op", name + ".xlsx")
    wb = openpyxl.Workbook()
    wb.active.title = "Z last name first"
    wb.active["A1"] = 0
    for i in range(1, 250):
        ws = wb.create_sheet(f"Trang {250 - i:03d}")
        ws.cell(i % 50 + 1, i % 30 + 1, i)
    wb.save(p)
    add_file(name, p)
    add_info(name, "Sheets: 250")
    add_info(name, '  250. "Trang 001" — worksheet, visible')


def op_formulas():
    """openpyxl writes formulas without cached values: nothing to print."""
    name = "op_formulas"
    p = path("op", name + ".xlsx")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "F"
    ws["A1"] = 1
    ws["A2"] = "=A1+1"
    ws["A3"] = "=SUM(A1:A2)"
    ws["B1"] = "=NA()"
    ws["C1"] = "text"
    ws["D4"] = "=1/0"
    wb.save(p)
    add_file(name, p)
    add_info(name, "4 formulas without value")


def op_merged_sparse():
    name = "op_merged_sparse"
    p = path("op", name + ".xlsx")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "M"
    ws["A1"] = "gộp"
    ws.merge_cells("A1:C3")
    ws["D4"] = 4
    ws.merge_cells("D4:E4")
    ws["XFD1048576"] = "corner"
    ws["AAA100"] = 100
    ws["ZZ2"] = True
    ws["BZ7"] = 0.1 + 0.2
    wb.save(p)
    add_file(name, p)
    add_info(name, "2 merged ranges")


def op_numfmt():
    name = "op_numfmt"
    p = path("op", name + ".xlsx")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Fmt"
    cases = [("0.00%", 0.1234), ("#,##0", 1234567.891), ("0.000E+00", 6.02e23),
             ("@", 42), ("yyyy", 45000.5), ("mmmm", 45000.5), ("ss", 0.0001),
             ("[mm]:ss", 0.1), ('"d"0', 5), ("\\d0", 5), ("[Blue]0;[Red]-0", -3),
             ("yy-mm-dd;[Red]General", 45000), ("General;General;General", 1.5),
             ("[$-1010000]d/m/yyyy;@", 45000), ("h:mm;@", 0.75)]
    for i, (f, v) in enumerate(cases, start=1):
        ws.cell(i, 1, f)
        ws.cell(i, 2, v).number_format = f
    wb.save(p)
    add_file(name, p)


# --------------------------------------------------------------- raw (by hand)

CT_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml"
NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


class _Unseekable:
    """A file zipfile cannot seek in: it then writes data descriptors (flag
    bit 3, sizes after the data), as streaming producers do."""
    def __init__(self, f):
        self.f = f

    def write(self, b):
        return self.f.write(b)

    def flush(self):
        self.f.flush()

    def tell(self):
        raise OSError("not seekable")

    def seekable(self):
        return False


def raw_xlsx(p, sheets, sst=None, styles=None, date1904=False, app="xlsxcheck-e2e raw",
             prefix="", abs_targets=False, zipmode="deflate", bom=False, names=None,
             strict=False):
    """A minimal package written by hand.  sheets: [(name, sheetData XML, state)].
    zipmode: deflate | stored | zip64 (zip64 local headers) | stream (data
    descriptors); bom: a UTF-8 BOM before every XML part; names: other part
    names {"workbook": .., "sheet": "..{i}..", "sst": .., "styles": ..}
    (found through the relationships, as they must be); app=None: no app.xml;
    strict: ISO/IEC 29500 Strict namespaces and relationship types."""
    ns_main = "http://purl.oclc.org/ooxml/spreadsheetml/main" if strict else NS_MAIN
    ns_rel = "http://purl.oclc.org/ooxml/officeDocument/relationships" if strict else NS_REL
    rt_app = ns_rel + ("/extendedProperties" if strict else "/extended-properties")
    ns_app = ("http://purl.oclc.org/ooxml/officeDocument/extendedProperties" if strict else
              "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties")
    def tag(x):
        return x.replace("<", "<" + prefix).replace("<" + prefix + "/", "</" + prefix) \
            if prefix else x
    nm = {"workbook": "xl/workbook.xml", "sheet": "xl/worksheets/sheet{i}.xml",
          "sst": "xl/sharedStrings.xml", "styles": "xl/styles.xml"}
    nm.update(names or {})
    wbdir = os.path.dirname(nm["workbook"])

    def target(part):
        return "/" + part if abs_targets else os.path.relpath(part, wbdir)
    xmlns = f' xmlns{":" + prefix[:-1] if prefix else ""}="{ns_main}"'
    decl = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    parts = {}
    ct = [decl, '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">',
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>',
          '<Default Extension="xml" ContentType="application/xml"/>',
          f'<Override PartName="/{nm["workbook"]}" ContentType="{CT_MAIN}.sheet.main+xml"/>']
    if app is not None:
        ct.append('<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>')
    rels = []
    wsx = []
    for i, (sname, data, state) in enumerate(sheets, start=1):
        part = nm["sheet"].format(i=i)
        ct.append(f'<Override PartName="/{part}" ContentType="{CT_MAIN}.worksheet+xml"/>')
        rels.append(f'<Relationship Id="rId{i}" Type="{ns_rel}/worksheet" Target="{target(part)}"/>')
        st = f' state="{state}"' if state else ""
        wsx.append(f'<sheet name={quoteattr(sname)} sheetId="{i}"{st} r:id="rId{i}"/>')
        parts[part] = (decl + tag(f'<worksheet{xmlns} xmlns:r="{ns_rel}"><sheetData>')
                       + tag(data) + tag("</sheetData></worksheet>"))
    n = len(sheets)
    if sst is not None:
        ct.append(f'<Override PartName="/{nm["sst"]}" ContentType="{CT_MAIN}.sharedStrings+xml"/>')
        rels.append(f'<Relationship Id="rId{n + 1}" Type="{ns_rel}/sharedStrings" Target="{target(nm["sst"])}"/>')
        parts[nm["sst"]] = (decl + tag(f'<sst{xmlns} count="{len(sst)}" uniqueCount="{len(sst)}">')
                            + tag("".join(sst)) + tag("</sst>"))
    if styles is not None:
        ct.append(f'<Override PartName="/{nm["styles"]}" ContentType="{CT_MAIN}.styles+xml"/>')
        rels.append(f'<Relationship Id="rId{n + 2}" Type="{ns_rel}/styles" Target="{target(nm["styles"])}"/>')
        parts[nm["styles"]] = (decl + tag(f"<styleSheet{xmlns}>") + tag(styles)
                               + tag("</styleSheet>"))
    ct.append("</Types>")
    pr = tag(f'<workbookPr date1904="{1 if date1904 else 0}"/>')
    parts[nm["workbook"]] = (decl + tag(f'<workbook{xmlns} xmlns:r="{ns_rel}">') + pr
                             + tag("<sheets>") + "".join(tag(w) for w in wsx)
                             + tag("</sheets></workbook>"))
    wbrels = os.path.join(wbdir, "_rels", os.path.basename(nm["workbook"]) + ".rels")
    parts[wbrels] = (decl + f'<Relationships xmlns="{NS_PKG}">' + "".join(rels)
                     + "</Relationships>")
    pkg = [f'<Relationship Id="rId1" Type="{ns_rel}/officeDocument" Target="{nm["workbook"]}"/>']
    if app is not None:
        pkg.append(f'<Relationship Id="rId2" Type="{rt_app}" Target="docProps/app.xml"/>')
        parts["docProps/app.xml"] = (
            decl + f'<Properties xmlns="{ns_app}">'
            f"<Application>{xesc(app)}</Application></Properties>")
    parts["_rels/.rels"] = (decl + f'<Relationships xmlns="{NS_PKG}">' + "".join(pkg)
                            + "</Relationships>")
    parts["[Content_Types].xml"] = "".join(ct)
    first = ["[Content_Types].xml", "_rels/.rels", "docProps/app.xml", nm["workbook"], wbrels]
    order = [k for k in first if k in parts] + sorted(k for k in parts if k not in first)
    ctype = zipfile.ZIP_STORED if zipmode == "stored" else zipfile.ZIP_DEFLATED
    with open(p, "wb") as raw:
        dst = _Unseekable(raw) if zipmode == "stream" else raw
        with zipfile.ZipFile(dst, "w", ctype) as z:
            for k in order:
                data = parts[k].encode("utf-8")
                if bom and k.endswith((".xml", ".rels")):
                    data = b"\xef\xbb\xbf" + data
                zi = zipfile.ZipInfo(k, date_time=(1980, 1, 1, 0, 0, 0))
                zi.compress_type = ctype
                with z.open(zi, "w", force_zip64=(zipmode == "zip64")) as w:
                    w.write(data)


def t(s):
    sp = ' xml:space="preserve"' if s != s.strip() or "\n" in s or "\t" in s else ""
    return f"<t{sp}>{xesc(s)}</t>"


RAW_STYLES = (
    '<numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="0.00"/><numFmt numFmtId="14" formatCode="0.000"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>'
    '<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/>'
    '<xf numFmtId="165" applyNumberFormat="1"/><xf numFmtId="30" applyNumberFormat="1"/>'
    '<xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="22" applyNumberFormat="1"/></cellXfs>')


def raw_inline():
    """inlineStr (plain and rich), t="str", cells without r=, full-precision
    numbers, shared strings with rich runs and phonetic runs."""
    name = "raw_inline"
    p = path("raw", name + ".xlsx")
    sst = ["<si>" + t("shared plain") + "</si>",
           "<si><r>" + t("rich ") + "</r><r><rPr><b/></rPr>" + t("runs") + "</r></si>",
           "<si>" + t("漢字") + '<rPh sb="0" eb="2">' + t("かんじ") + "</rPh></si>",
           "<si>" + t(VI_NFD) + "</si>",
           "<si>" + t("tab\tin shared") + "</si>"]
    d = ('<row r="1">'
         '<c r="A1" t="inlineStr"><is>' + t("inline plain") + "</is></c>"
         '<c r="B1" t="inlineStr"><is><r>' + t("inline ") + "</r><r><rPr><i/></rPr>"
         + t("rich") + "</r></is></c>"
         '<c r="C1" t="inlineStr"><is>' + t("  spaces\nnewline ") + "</is></c>"
         '<c r="D1" t="inlineStr"><is>' + t(VI_NFC) + "</is></c>"
         '<c r="E1" t="str"><f>"formula"&amp;"str"</f><v>formula str</v></c>'
         '<c r="F1" t="s"><v>0</v></c><c r="G1" t="s"><v>1</v></c>'
         '<c r="H1" t="s"><v>2</v></c><c r="I1" t="s"><v>3</v></c><c r="J1" t="s"><v>4</v></c>'
         "</row>"
         '<row r="2"><c r="A2"><v>0.30000000000000004</v></c><c r="B2"><v>1E-7</v></c>'
         '<c r="C2"><v>123456789012345</v></c><c r="D2"><v>-0.5</v></c>'
         '<c r="E2" t="n"><v>9007199254740993</v></c><c r="F2"><v>1.7976931348623157E+308</v></c>'
         '<c r="G2"><v>2.2250738585072014e-308</v></c><c r="H2"><v>-0</v></c>'
         '<c r="I2"><v>1000000000000000.2</v></c><c r="J2"><v>4.9406564584124654E-324</v></c></row>'
         '<row r="3"><c t="b"><v>1</v></c><c t="b"><v>0</v></c><c t="e"><v>#REF!</v></c>'
         "<c><v>3</v></c></row>"
         '<row r="4"><c r="A4" s="1"><v>45351.5</v></c><c r="B4" s="2"><v>45351.5</v></c>'
         '<c r="C4" s="4"><v>45351.5</v></c><c r="D4" s="5"><v>45351.5</v></c>'
         '<c r="E4" s="3"><v>45351</v></c></row>'
         # the cell type wins over a date style
         '<row r="5"><c r="A5" s="1" t="s"><v>0</v></c><c r="B5" s="1" t="b"><v>1</v></c>'
         '<c r="C5" s="1" t="e"><v>#N/A</v></c><c r="D5" s="1" t="str"><f>"x"</f><v>45351</v></c>'
         '<c r="E5" s="1" t="inlineStr"><is><t>45351</t></is></c></row>')
    raw_xlsx(p, [("Raw", d, None)], sst=sst, styles=RAW_STYLES)
    add_file(name, p)
    # numFmtId 30 is one of the East Asian built-in date formats (27-36,
    # 50-58, locale-dependent, dates in every locale that defines them);
    # openpyxl's BUILTIN_FORMATS has no entry for it and reads a number.
    want(name, "Raw", "E4", "d", "2024-02-29",
         "numFmtId 30 is an East Asian built-in date format openpyxl does not know")
    # 2**53 + 1 is no double: the cell holds 9007199254740992, which is not
    # below 2**53 and so keeps its ".0"; openpyxl keeps the text as an exact int.
    want(name, "Raw", "E2", "n", "9007199254740992.0",
         "openpyxl reads integer text as an exact Python int; a cell holds a double",
         copies=False)  # LibreOffice writes 15 digits: 9007199254740990


def raw_prefixed():
    """SpreadsheetML with a namespace prefix (x:), absolute relationship
    targets, hidden and veryHidden sheets, 1904 dates."""
    name = "raw_prefixed"
    p = path("raw", name + ".xlsx")
    d1 = ('<row r="1"><c r="A1" t="inlineStr"><is><t>prefixed</t></is></c>'
          '<c r="B1" s="1"><v>0</v></c><c r="C1" s="1"><v>1</v></c><c r="D1" s="1"><v>-1</v></c>'
          '<c r="E1" s="1"><v>0.5</v></c><c r="F1"><v>2.5</v></c></row>')
    d2 = '<row r="3"><c r="C3" t="s"><v>0</v></c></row>'
    d3 = '<row r="2"><c r="B2" t="b"><v>1</v></c></row>'
    raw_xlsx(p, [("Prefixed", d1, None), ("Ẩn đi", d2, "hidden"), ("Sâu", d3, "veryHidden")],
             sst=["<si><t>in hidden sheet</t></si>"], styles=RAW_STYLES, date1904=True,
             prefix="x:", abs_targets=True)
    add_file(name, p, date1904=True)
    add_info(name, "Date system: 1904")
    add_info(name, vis_line("Ẩn đi", "worksheet", "hidden"))
    add_info(name, vis_line("Sâu", "worksheet", "very hidden"))


def golden():
    """The golden inputs (golden/inputs.py): compared byte for byte with
    golden/NAME.tsv, not with openpyxl."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden"))
    from inputs import GOLDEN
    for name, g in GOLDEN.items():
        p = path("golden", name + ".xlsx")
        raw_xlsx(p, g["sheets"], sst=g["sst"], styles=g["styles"], date1904=g["date1904"],
                 strict=g.get("strict", False))
        MANIFEST.append(("golden", name, p))
        if g.get("strict"):
            MANIFEST.append(("info", name, p, "en", "Format: xlsx, OOXML Strict"))


def raw_variants():
    """One small workbook in several package shapes real producers use:
    zip64 headers, data descriptors (streamed), stored entries, and parts
    with other names, a UTF-8 BOM and no docProps/app.xml."""
    sst = ["<si>" + t(s) + "</si>" for s in STRINGS[:6]]
    rows = []
    for r in range(1, 41):
        rows.append(f'<row r="{r}"><c r="A{r}" t="s"><v>{r % 6}</v></c>'
                    f'<c r="B{r}"><v>{r * 1.5!r}</v></c>'
                    f'<c r="C{r}" s="1"><v>{45000 + r}</v></c>'
                    f'<c r="D{r}" t="b"><v>{r % 2}</v></c>'
                    f'<c r="E{r}" t="inlineStr"><is>{t(STRINGS[r % len(STRINGS)][:50])}</is></c>'
                    "</row>")
    sheets = [("Variant", "".join(rows), None), ("Hai", '<row r="2"><c r="B2"><v>2</v></c></row>', None)]
    for name, kw in [("raw_zip64", dict(zipmode="zip64")),
                     ("raw_stream", dict(zipmode="stream")),
                     ("raw_stored", dict(zipmode="stored")),
                     ("raw_renamed", dict(bom=True, app=None, names={
                         "workbook": "xl/main.xml", "sheet": "xl/ws/data{i}.xml",
                         "sst": "xl/strs.xml", "styles": "xl/st.xml"}))]:
        p = path("raw", name + ".xlsx")
        raw_xlsx(p, sheets, sst=sst, styles=RAW_STYLES, **kw)
        add_file(name, p)
    add_info("raw_renamed", "Written by: (unknown)")
    # openpyxl looks for the styles at the fixed name xl/styles.xml instead of
    # following the workbook's relationship, so it misses the date format.
    for r in range(1, 41):
        d = datetime.date(1899, 12, 30) + datetime.timedelta(days=45000 + r)
        want("raw_renamed", "Variant", f"C{r}", "d", d.isoformat(),
             "openpyxl ignores the styles relationship (reads only xl/styles.xml)")
    add_info("raw_stream", "Written by: xlsxcheck-e2e raw")


# ------------------------------------------------------------- LibreOffice

FODS_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
<number:date-style style:name="Nd"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/></number:date-style>
<number:date-style style:name="Ndt"><number:day number:style="long"/><number:text>/</number:text><number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/><number:text> </number:text><number:hours number:style="long"/><number:text>:</number:text><number:minutes number:style="long"/><number:text>:</number:text><number:seconds number:style="long"/></number:date-style>
<number:time-style style:name="Nt"><number:hours number:style="long"/><number:text>:</number:text><number:minutes number:style="long"/><number:text>:</number:text><number:seconds number:style="long"/></number:time-style>
<number:time-style style:name="Nel" number:truncate-on-overflow="false"><number:hours/><number:text>:</number:text><number:minutes number:style="long"/></number:time-style>
<number:percentage-style style:name="Np"><number:number number:decimal-places="2" number:min-integer-digits="1"/><number:text>%</number:text></number:percentage-style>
<number:currency-style style:name="Nc"><number:number number:decimal-places="0" number:min-integer-digits="1" number:grouping="true"/><number:text> </number:text><number:currency-symbol number:language="vi" number:country="VN">₫</number:currency-symbol></number:currency-style>
<number:boolean-style style:name="Nb"><number:boolean/></number:boolean-style>
<style:style style:name="cd" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="Nd"/>
<style:style style:name="cdt" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="Ndt"/>
<style:style style:name="ct" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="Nt"/>
<style:style style:name="cel" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="Nel"/>
<style:style style:name="cp" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="Np"/>
<style:style style:name="cc" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="Nc"/>
<style:style style:name="cb" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="Nb"/>
<style:style style:name="tah" style:family="table"><style:table-properties table:display="false"/></style:style>
<style:style style:name="tav" style:family="table"><style:table-properties table:display="true"/></style:style>
</office:automatic-styles>
<office:body><office:spreadsheet>
"""
FODS_TAIL = "</office:spreadsheet></office:body></office:document>\n"


def fods_text(s):
    """ODF paragraph content: TAB -> text:tab, runs of spaces -> text:s."""
    out = []
    i = 0
    while i < len(s):
        ch = s[i]
        if ch == "\t":
            out.append("<text:tab/>")
            i += 1
        elif ch == " " and (i == 0 or i + 1 == len(s) or s[i + 1] == " "):
            j = i
            while j < len(s) and s[j] == " ":
                j += 1
            out.append(f'<text:s text:c="{j - i}"/>')
            i = j
        else:
            out.append(xesc(ch))
            i += 1
    return "".join(out)


def fods_cell(v, style=None, formula=None, span=None):
    a = ""
    if style:
        a += f' table:style-name="{style}"'
    if formula:
        a += f" table:formula={quoteattr(formula)}"
    if span:
        a += f' table:number-columns-spanned="{span}" table:number-rows-spanned="1"'
    if v is None:
        return f"<table:table-cell{a}/>"
    if isinstance(v, bool):
        return (f'<table:table-cell{a} office:value-type="boolean" '
                f'office:boolean-value="{"true" if v else "false"}"><text:p>x</text:p></table:table-cell>')
    if isinstance(v, (int, float)):
        vt = "percentage" if style == "cp" else "float"
        cur = ' office:currency="VND"' if style == "cc" else ""
        if style == "cc":
            vt = "currency"
        return (f'<table:table-cell{a} office:value-type="{vt}"{cur} office:value="{v!r}">'
                f"<text:p>{v!r}</text:p></table:table-cell>")
    if isinstance(v, datetime.datetime):
        return (f'<table:table-cell{a} office:value-type="date" '
                f'office:date-value="{v.isoformat()}"><text:p>x</text:p></table:table-cell>')
    if isinstance(v, datetime.date):
        return (f'<table:table-cell{a} office:value-type="date" '
                f'office:date-value="{v.isoformat()}"><text:p>x</text:p></table:table-cell>')
    if isinstance(v, datetime.timedelta):
        s = int(v.total_seconds())
        return (f'<table:table-cell{a} office:value-type="time" '
                f'office:time-value="PT{s // 3600}H{s // 60 % 60}M{s % 60}S"><text:p>x</text:p></table:table-cell>')
    paras = "".join(f"<text:p>{fods_text(line)}</text:p>" for line in v.split("\n"))
    return f'<table:table-cell{a} office:value-type="string">{paras}</table:table-cell>'


def fods_row(cells):
    return "<table:table-row>" + "".join(cells) + "</table:table-row>\n"


def lo_fods(date1904):
    name = "lo_fods1904" if date1904 else "lo_fods"
    src = path("lo-src", name + ".fods")
    x = [FODS_HEAD]
    if date1904:
        x.append('<table:calculation-settings><table:null-date table:date-value="1904-01-01"/>'
                 "</table:calculation-settings>\n")
    x.append('<table:table table:name="Dữ liệu" table:style-name="tav">\n')
    # strings (LibreOffice drops TAB inside text on xlsx export; both readers
    # see what it wrote, so it is still a fair comparison)
    strs = [s for s in STRINGS if s != "=not a formula"] + [
        "two\nparagraphs", "a  b   c", "x" * 300]
    for s in strs:
        x.append(fods_row([fods_cell(s), fods_cell(len(s))]))
    x.append(fods_row([
        '<table:table-cell office:value-type="string"><text:p>rich <text:span>span</text:span>'
        "<text:line-break/>after break</text:p></table:table-cell>",
        fods_cell(True, "cb"), fods_cell(False, "cb"), fods_cell(True)]))
    nums = [0.1 + 0.2, 1e-7, 123456789012345, -0.5, 1 / 3, 2 ** 53, 1e300, 5e-324, 1e15 + 0.3]
    x.append(fods_row([fods_cell(v) for v in nums]))
    x.append(fods_row([fods_cell(0.125, "cp"), fods_cell(1234567, "cc"), fods_cell(-0.5, "cp")]))
    dates = [datetime.date(2024, 2, 29), datetime.datetime(2024, 2, 29, 13, 45, 30),
             datetime.date(1970, 1, 1), datetime.date(1900, 3, 1),
             datetime.datetime(2000, 1, 1, 0, 0, 1), datetime.date(2100, 12, 31)]
    x.append(fods_row([fods_cell(d, "cd") for d in dates]))
    x.append(fods_row([fods_cell(d, "cdt") for d in dates]))
    x.append(fods_row([fods_cell(datetime.timedelta(hours=13, minutes=45, seconds=30), "ct"),
                       fods_cell(datetime.timedelta(hours=0), "ct"),
                       fods_cell(datetime.timedelta(hours=36, minutes=30), "cel")]))
    # formulas: LibreOffice computes them and stores the values
    row = sum(1 for r in x if r.startswith("<table:table-row>")) + 1
    x.append(fods_row([fods_cell(None, formula="of:=1/0"), fods_cell(None, formula="of:=NA()"),
                       fods_cell(None, formula='of:="a"&"b"'),
                       fods_cell(None, formula="of:=1=1"),
                       fods_cell(None, formula="of:=DATE(2024;2;29)", style="cd"),
                       fods_cell(None, formula="of:=SQRT(-1)"),
                       fods_cell(None, formula="of:=[.A1]"),
                       fods_cell(None, formula='of:=""'),
                       fods_cell(None, formula='of:="_x0041_ lit"'),
                       fods_cell(None, formula='of:="c"&CHAR(1)&"d"')]))
    # merged cells and far columns (LibreOffice's default grid ends at AMJ)
    x.append(fods_row([fods_cell("gộp", span=3), "<table:covered-table-cell/>",
                       "<table:covered-table-cell/>",
                       '<table:table-cell table:number-columns-repeated="1019"/>',
                       fods_cell("AMJ")]))
    x.append('<table:table-row table:number-rows-repeated="100000"><table:table-cell/></table:table-row>\n')
    x.append(fods_row([fods_cell("far below")]))
    x.append("</table:table>\n")
    # LibreOffice escapes formula string results like every ST_Xstring:
    # <v>_x005F_x0041_ lit</v> and <v>c_x0001_d</v>.  Read back they are the
    # formulas' results; openpyxl does not decode <v> (nor anything else).
    for col, val in [("I", "_x0041_ lit"), ("J", "c\x01d")]:
        want(name, "Dữ liệu", f"{col}{row}", "s", val,
             "LibreOffice writes formula string results _xHHHH_-escaped; openpyxl does not decode them")
    x.append('<table:table table:name="Ẩn" table:style-name="tah">\n')
    x.append(fods_row([fods_cell("hidden"), fods_cell(1.5)]))
    x.append("</table:table>\n")
    x.append('<table:table table:name="O\'Brien &amp; Co" table:style-name="tav">\n')
    x.append(fods_row([fods_cell(None), fods_cell("B1")]))
    x.append("</table:table>\n")
    x.append(FODS_TAIL)
    with open(src, "w", encoding="utf-8") as f:
        f.write("".join(x))
    return (name, src, date1904, [
        ("info", "Date system: " + ("1904" if date1904 else "1900")),
        ("info", vis_line("Ẩn", "worksheet", "hidden")),
        ("info", "Written by: LibreOffice"),
])


# ----------------------------------------------------------------- gnumeric

def gn_xml():
    """A gnumeric XML workbook written by hand, converted by ssconvert."""
    name = "gn_xml"
    src = path("gn-src", name + ".gnumeric")

    def cell(r, c, vt, text, fmt=None):
        f = f" ValueFormat={quoteattr(fmt)}" if fmt else ""
        return (f'<gnm:Cell Row="{r}" Col="{c}" ValueType="{vt}"{f}>'
                f"{xesc(text)}</gnm:Cell>")

    def sheet(nm, vis, cells, maxc=255, maxr=65535):
        return (f'<gnm:Sheet Visibility="{vis}"><gnm:Name>{xesc(nm, {chr(9): "&#9;"})}</gnm:Name>'
                f"<gnm:MaxCol>{maxc}</gnm:MaxCol><gnm:MaxRow>{maxr}</gnm:MaxRow>"
                "<gnm:Cells>" + "".join(cells) + "</gnm:Cells></gnm:Sheet>")
    c1 = [cell(0, 0, 60, "chuỗi " + VI_NFC), cell(0, 1, 60, VI_NFD),
          cell(0, 2, 60, "tab\tand\nnewline"), cell(0, 3, 60, "back\\slash"),
          cell(1, 0, 20, "TRUE"), cell(1, 1, 20, "FALSE"), cell(1, 2, 50, "#DIV/0!"),
          cell(1, 3, 50, "#N/A"),
          cell(2, 0, 40, "0.30000000000000004"), cell(2, 1, 40, "1e-07"),
          cell(2, 2, 40, "123456789012345"), cell(2, 3, 40, "-0.5"),
          cell(2, 4, 30, "42"), cell(2, 5, 40, "5e-324"),
          cell(3, 0, 40, "45351.5729166667", "yyyy-mm-dd hh:mm:ss"),
          cell(3, 1, 40, "45351", "d/m/yyyy"), cell(3, 2, 40, "0.75", "h:mm:ss"),
          cell(3, 3, 40, "0.125", "0.0%"), cell(3, 4, 40, "1.5", "[h]:mm"),
          '<gnm:Cell Row="4" Col="0">=1/0</gnm:Cell>',
          '<gnm:Cell Row="4" Col="1">=A3*2</gnm:Cell>',
          '<gnm:Cell Row="4" Col="2">="x"&amp;"y"</gnm:Cell>',
          cell(9999, 700, 60, "far")]
    sheets = [sheet("Gnumeric 1", "GNM_SHEET_VISIBILITY_VISIBLE", c1, 1023, 65535),
              sheet("Ẩn", "GNM_SHEET_VISIBILITY_HIDDEN", [cell(0, 0, 60, "hidden")]),
              sheet("Rất ẩn", "GNM_SHEET_VISIBILITY_VERY_HIDDEN", [cell(1, 1, 40, "2.5")]),
              # gnumeric allows what Excel forbids in sheet names: the dump
              # must escape them like any field
              sheet("back\\slash", "GNM_SHEET_VISIBILITY_VISIBLE", [cell(0, 0, 60, "bs")]),
              sheet("tab\there", "GNM_SHEET_VISIBILITY_VISIBLE", [cell(0, 1, 60, "tab")])]
    idx = "".join(f"<gnm:SheetName>{xesc(n, {chr(9): '&#9;'})}</gnm:SheetName>"
                  for n in ["Gnumeric 1", "Ẩn", "Rất ẩn", "back\\slash", "tab\there"])
    doc = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<gnm:Workbook xmlns:gnm="http://www.gnumeric.org/v10.dtd">'
           '<gnm:Version Epoch="1" Major="12" Minor="55" Full="1.12.55"/>'
           "<gnm:DateConvention>1904</gnm:DateConvention>"
           '<gnm:Calculation ManualRecalc="0" gnm:DateConvention="Apple:1904"/>'
           f"<gnm:SheetNameIndex>{idx}</gnm:SheetNameIndex>"
           "<gnm:Sheets>" + "".join(sheets) + "</gnm:Sheets></gnm:Workbook>\n")
    with gzip.open(src, "wt", encoding="utf-8") as f:
        f.write(doc)
    # (gnumeric's xlsx exporter writes no sheet state: the hidden sheets come
    # out visible, so there is no visibility check here)
    return (name, src, True, [
        ("info", "Date system: 1904"), ("info", "Written by: gnumeric"),
])


def gn_csv():
    name = "gn_csv"
    src = path("gn-src", name + ".csv")
    rows = ["text,number,date,bool",
            f'"{VI_NFC}",0.30000000000000004,2024-02-29,TRUE',
            f'"{VI_NFD}",1e-7,1999-12-31 23:59:59,FALSE',
            '"comma, quoted","123456789012345",12:30:00,true',
            '"multi\nline",-0.5,2000-01-01,x',
            ",,,",
            '"  spaced  ",45%,,#DIV/0!']
    with open(src, "w", encoding="utf-8", newline="") as f:
        f.write("\r\n".join(rows) + "\r\n")
    return (name, src, False, [])


# -------------------------------------------------------------- conversions

def have(prog):
    return shutil.which(prog) is not None


def run(cmd, timeout):
    log("$", " ".join(cmd))
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=timeout)
        log(r.stdout.decode("utf-8", "replace"))
        return r.returncode, r.stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        log("timeout")
        return -1, "timeout"


def lo_convert(jobs):
    """jobs: [(name, src, date1904, checks)]: one soffice call for all."""
    if not jobs:
        return
    if not have("soffice"):
        for j in jobs:
            add_fail(j[0], "LibreOffice (soffice) not installed: sh scripts/install-deps.sh test")
        return
    outdir = path("lo", "x")[:-2]
    profile = os.path.join(OUT, "lo-profile")
    cmd = ["soffice", "--headless", "--norestore", "--nolockcheck",
           f"-env:UserInstallation=file://{profile}", "--convert-to", "xlsx",
           "--outdir", outdir] + [j[1] for j in jobs]
    rc, text = run(cmd, 240)
    for name, src, date1904, checks in jobs:
        out = os.path.join(outdir, os.path.splitext(os.path.basename(src))[0] + ".xlsx")
        if not os.path.exists(out):
            add_fail(name, f"LibreOffice wrote no {os.path.basename(out)} (rc={rc}): "
                     + text.strip()[-200:])
            continue
        dst = os.path.join(outdir, name + ".xlsx")
        if out != dst:
            os.replace(out, dst)
        register(name, dst, date1904, checks + [("info", "Written by: LibreOffice")])


def gn_convert(jobs, exporter="Gnumeric_Excel:xlsx2"):
    for name, src, date1904, checks in jobs:
        if not have("ssconvert"):
            add_fail(name, "gnumeric (ssconvert) not installed: sh scripts/install-deps.sh test")
            continue
        dst = path("gn", name + ".xlsx")
        rc, text = run(["ssconvert", "-T", exporter, src, dst], 120)
        if rc != 0 or not os.path.exists(dst):
            add_fail(name, f"ssconvert failed (rc={rc}): " + text.strip()[-200:])
            continue
        register(name, dst, date1904, checks + [("info", "Written by: gnumeric")])


def register(name, p, date1904, checks):
    add_file(name, p, date1904)
    for kind, arg in checks:
        if kind == "info":
            add_info(name, arg)


def main():
    global OUT, LOG
    OUT = os.path.abspath(sys.argv[1])
    os.makedirs(OUT, exist_ok=True)
    LOG = open(os.path.join(OUT, "gen.log"), "w", encoding="utf-8")
    os.environ.setdefault("HOME", OUT)

    xw_strings(); xw_inline(); xw_rich(); xw_numbers(); xw_formulas()
    xw_dates(False); xw_dates(True); xw_merged(); xw_sparse(); xw_sheets(); xw_large()
    xw_kitchen(); xw_xlsm()
    op_basic(); op_dates(False); op_dates(True); op_dates(False, iso=True)
    op_dates(True, iso=True); op_sheets(); op_formulas(); op_merged_sparse(); op_numfmt()
    op_many_sheets()
    raw_inline(); raw_prefixed(); raw_variants()
    golden()

    # LibreOffice: hand-written flat ODS, and workbooks of the other producers
    # read and written again by LibreOffice (its own styles, shared strings,
    # recomputed formulas), all in one soffice run.
    lo_jobs = [lo_fods(False), lo_fods(True)]
    for src in ["xw_strings", "xw_rich", "xw_numbers", "xw_formulas", "xw_dates1900",
                "xw_dates1904", "xw_merged", "xw_sheets", "xw_kitchen", "op_basic",
                "op_sheets", "op_isodates1904", "raw_inline"]:
        s = path("lo-src", "lo_" + src + ".xlsx")
        shutil.copy(FILES[src], s)
        lo_jobs.append(("lo_" + src, s, DATE1904[src], []))
    lo_convert(lo_jobs)

    # gnumeric: a hand-written .gnumeric, a CSV, and the other producers'
    # workbooks written again by ssconvert (xlsx2 exporter; one with the
    # older ECMA-376 1st edition exporter)
    gn_jobs = [gn_xml(), gn_csv()]
    for src in ["xw_strings", "xw_numbers", "xw_formulas", "xw_dates1900", "xw_dates1904",
                "xw_rich", "xw_sparse", "xw_kitchen", "op_basic", "op_sheets",
                "raw_prefixed"]:
        gn_jobs.append(("gn_" + src, FILES[src], DATE1904[src], []))
    gn_convert(gn_jobs)
    gn_convert([("gn1_xw_dates1900", FILES["xw_dates1900"], False, [])],
               exporter="Gnumeric_Excel:xlsx")

    # openpyxl's known mistakes carry over to the copies LibreOffice and
    # gnumeric made (they keep the number formats): the same cells, the same
    # right values.
    for copy in list(FILES):
        src = copy.split("_", 1)[1]
        if copy.split("_")[0] in ("lo", "gn", "gn1") and src in WANT:
            WANT[copy] = [w for w in WANT[src] if w[5]]
    for name, rows in WANT.items():
        if not rows:
            continue
        with open(os.path.join(OUT, name + ".div.tsv"), "w", encoding="utf-8") as f:
            for sh, ref, _typ, _val, why, _c in rows:
                f.write(f"{esc(sh)}\t{ref}\t{why}\n")
        with open(os.path.join(OUT, name + ".want.tsv"), "w", encoding="utf-8") as f:
            for sh, ref, typ, val, _why, _c in rows:
                f.write(f"{esc(sh)}\t{ref}\t{typ}\t{val}\n")
    with open(os.path.join(OUT, "manifest.tsv"), "w", encoding="utf-8") as f:
        for line in MANIFEST:
            if len(line) > 2 and line[2] is None:          # PATH of a check
                if line[1] not in FILES:
                    continue                              # its workbook failed
                line = line[:2] + (FILES[line[1]],) + line[3:]
            assert all(str(x) and "\t" not in str(x) for x in line), line
            f.write("\t".join(str(x) for x in line) + "\n")


if __name__ == "__main__":
    main()
