#!/usr/bin/python3
"""Writes the workbooks of the rule-kind tests and their expected findings.

    mkcases.py OUTDIR

One CASE per rule kind (the rule file is kinds/<case>.rules).  Each case has
variants: a workbook (a few sheets of a few rows, written by openpyxl) and the
EXACT list of findings `xlsxcheck check --rules kinds/<case>.rules --format
csv` must print for it: rule ID, sheet, cell, key, actual, expected (and,
where a case says so, the severity, or text the hint must or must not
contain: the typing-slip case).  A variant named pass* expects no finding at
all.  The rules of kinds/*.rules are errors (but id-suffix's S-1.w), so the
exit status must be 1 exactly when findings are expected.

Layout of the workbooks (so that the cells below can be read off):
  keyed sheet (kinds/forms/k.tsv, also thong-tin.tsv, ct.tsv): row 1 is the
    header STT | Chỉ tiêu thống kê | Đơn vị tính | Số liệu | Ghi chú, then one
    row per spec row in spec order (k.tsv: key 1 -> row 2, …, 16 -> row 17,
    16.a -> row 18; thong-tin.tsv: key n -> row n + 1); the value is in D,
    the note in E.
  criteria sheet (kinds/forms/cs.tsv): header row, then 1, 1.1, 1.2, 1.2.1,
    1.2.2, 2, 2.1, T in rows 2-9; max C, self D, note E, appraisal F, flag H.
  list sheet: the header row is row 1 unless a case says otherwise; data row
    #n is row n + 1.

Writes OUTDIR/<case>.<variant>.xlsx and OUTDIR/cases.json:
  [{"case": NAME, "rules": "kinds/NAME.rules",
    "variants": [{"name": V, "file": PATH, "expect": [FINDING, …]}]}]
  FINDING = [rule, sheet, cell, key, actual, expected, {"hint_has": [...],
             "hint_lacks": [...], "message_has": [...], "severity": …}]
  A variant may also give "exit", the status due (default: 1 when findings
  are expected, else 0).
"""
import datetime as dt
import json
import os
import sys

from openpyxl import Workbook

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
KFORMS = os.path.join(HERE, "kinds", "forms")
BFORMS = os.path.join(ROOT, "rulesets", "forms", "bao-cao-dinh-ky")


def tsv(path):
    with open(path, encoding="utf-8") as f:
        lines = [l.rstrip("\n").split("\t") for l in f if l.strip()]
    return [dict(zip(lines[0], l + [""] * (len(lines[0]) - len(l)))) for l in lines[1:]]


K = tsv(os.path.join(KFORMS, "k.tsv"))
LCOLS = tsv(os.path.join(KFORMS, "l.tsv"))
CTS = tsv(os.path.join(KFORMS, "ct.tsv"))
CSS = tsv(os.path.join(KFORMS, "cs.tsv"))
TIS = tsv(os.path.join(BFORMS, "thong-tin.tsv"))
VBCOLS = tsv(os.path.join(BFORMS, "van-ban-chi-dao.tsv"))


class Num:
    """A numeric cell with a number format (e.g. 0.052 shown as 5,2%)."""

    def __init__(self, value, fmt):
        self.value, self.fmt = value, fmt


# ---- sheets ------------------------------------------------------------------

KEYED_HEADER = ["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu", "Ghi chú"]


def keyed(spec, vals=None, notes=None, akey=None, drop=(), insert=None, pre=None):
    """A keyed sheet: header, then one row per spec row.  akey: key -> what
    column A holds instead (None = blank); drop: keys left out; insert: key ->
    rows added after that key's row; pre: rows above the header."""
    vals, notes, akey, insert = vals or {}, notes or {}, akey or {}, insert or {}
    rows = list(pre or []) + [KEYED_HEADER]
    for r in spec:
        k = r["key"]
        if k in drop:
            continue
        rows.append([akey.get(k, k), r["label"], r["unit"], vals.get(k), notes.get(k)])
        rows.extend(insert.get(k, []))
    return rows


CS_HEADER = ["STT", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần", "Điểm tối đa", "Tự đánh giá",
             "Tài liệu kiểm chứng/Giải trình", "Thẩm định", "Ý kiến hội đồng thẩm định", "Không đánh giá"]


def criteria(cols):
    """The criteria sheet: cols = {key: (max, self, appraisal, flag)}; a key
    not given gets an empty row (key and label only)."""
    rows = [CS_HEADER]
    for r in CSS:
        mx, se, ap, fl = cols.get(r["key"], (None, None, None, None))
        rows.append([r["key"], r["label"], mx, se, None, ap, None, fl])
    return rows


def listing(cols, data, header=None, pre=None):
    return list(pre or []) + [header or [c["header"] for c in cols]] + [list(d) for d in data]


def write(path, sheets):
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        for i, row in enumerate(rows, 1):
            for j, v in enumerate(row, 1):
                if v is None:
                    continue
                c = ws.cell(row=i, column=j)
                if isinstance(v, Num):
                    c.value = v.value
                    c.number_format = v.fmt
                elif isinstance(v, dt.date):
                    c.value = v
                    c.number_format = "dd/mm/yyyy"
                else:
                    c.value = v
    wb.save(path)


# ---- cases -------------------------------------------------------------------

CASES = []


def F(rule, sheet, cell, key, actual, expected, **opts):
    """An expected finding; opts: hint_has, hint_lacks, message_has (lists of
    texts), severity ("error" or "warning")."""
    return [rule, sheet, cell, key, actual, expected, opts]


def case(name, variants):
    CASES.append((name, variants))


BX, BY, DS = "Bảng X", "Bảng Y", "Danh sách"


def X(vals=None, **kw):
    return (BX, keyed(K, vals, **kw))


def Y(vals=None, **kw):
    return (BY, keyed(K, vals, **kw))


def L(data, **kw):
    return (DS, listing(LCOLS, data, **kw))


# comparison: C-EQ 1 = 2, C-LE 3 <= 4, C-GE 5 >= 6, C-CHAIN 7 = 8 = 16.a
case("comparison", [
    ("pass", [X({"1": 5, "2": 5, "3": 2, "4": 3, "5": 4, "6": 4, "7": 7, "8": 7, "16.a": 7})], []),
    # a comparison with a blank side is skipped
    ("pass-blank", [X({"1": 5, "4": 1, "5": 3, "7": 7, "8": 7})], []),
    ("fail", [X({"1": 5, "2": 6, "3": 4, "4": 3, "5": 3, "6": 4, "7": 7, "8": 7, "16.a": 8})], [
        F("C-EQ", BX, "D2", "1", "5", "6"),
        F("C-LE", BX, "D4", "3", "4", "3"),
        F("C-GE", BX, "D6", "5", "3", "4"),
        F("C-CHAIN", BX, "D9", "8", "7", "8")]),
    ("fail-chain-first", [X({"7": 6, "8": 7, "16.a": 7})], [F("C-CHAIN", BX, "D8", "7", "6", "7")]),
])

# sum: S-SUM 1 = 2 + 3 + 4; S-LE 5 + 16.a <= 6 (a sum on the left: the finding
# sits on the single cell, 6)
case("sum", [
    ("pass", [X({"1": 5, "2": 5, "5": 2, "6": 3})], []),
    ("pass-all-blank", [X({"1": 7, "6": 0})], []),
    ("fail", [X({"1": 5, "2": 3, "4": 1, "5": 2, "16.a": 2, "6": 3})], [
        F("S-SUM", BX, "D2", "1", "5", "4"),
        F("S-LE", BX, "D7", "6", "3", "4")]),
    ("fail-zero", [X({"1": 5, "2": 0})], [F("S-SUM", BX, "D2", "1", "5", "0")]),
])

# ratio: R-PCT 7 = 100 * 5 / 6 ~ PCT
case("ratio", [
    ("pass", [X({"7": "5,2", "5": 33, "6": 634})], []),
    ("pass-thousands", [X({"7": "61", "5": "1.102", "6": "1.797"})], []),
    ("pass-percent-format", [X({"7": Num(0.052, "0.0%"), "5": 33, "6": 634})], []),
    ("pass-zero-over-zero", [X({"7": "100", "5": 0, "6": 0})], []),
    ("pass-blank", [X({"7": "42", "6": 9267})], []),
    ("fail", [X({"7": "42", "5": 3113, "6": 9267})], [F("R-PCT", BX, "D8", "7", "42", "33,59")]),
    ("fail-one-decimal", [X({"7": "5,4", "5": 33, "6": 634})], [F("R-PCT", BX, "D8", "7", "5,4", "5,21")]),
])

# tolerance: T-AMT 8 = 2 + 3 ~ AMT; T-SC 1 = 4 + 5 ~ SC
case("tolerance", [
    ("pass", [X({"8": "10,1", "2": "3,4", "3": "6,6", "1": 12.89, "4": 8.9, "5": 3.98})], []),
    ("fail", [X({"8": "10,2", "2": "3,4", "3": "6,6", "1": 12.9, "4": 8.9, "5": 3.98})], [
        F("T-AMT", BX, "D9", "8", "10,2", "10"),
        F("T-SC", BX, "D2", "1", "12,9", "12,88")]),
])

# conditional: I-IF if 1 = 0 then 2 in {0, blank} and blank(10)
case("conditional", [
    ("pass-condition-false", [X({"1": 1, "2": 5, "10": "Có văn bản"})], []),
    ("pass-condition-true", [X({"1": 0, "2": 0})], []),
    ("pass-condition-blank", [X({"2": 5, "10": "Có văn bản"})], []),
    ("fail", [X({"1": 0, "2": 5})], [F("I-IF", BX, "D3", "2", "5", "")]),
    ("fail-blank", [X({"1": 0, "10": "Có văn bản"})], [F("I-IF", BX, "D11", "10", '"Có văn bản"', "")]),
])

# cross-sheet: XS-1 X!1 = Y!1; XS-2 Y!2 <= X!2
case("cross-sheet", [
    ("pass", [X({"1": 4, "2": 3}), Y({"1": 4, "2": 3})], []),
    ("fail", [X({"1": 4, "2": 3}), Y({"1": 5, "2": 6})], [
        F("XS-1", BX, "D2", "1", "4", "5"),
        F("XS-2", BY, "D3", "2", "6", "3")]),
])

# code-label: CL-1 9 = 1; CL-2 if 9 = 1 then 5 >= 1 (9 is "1=Có;0=Không")
case("code-label", [
    ("pass-label", [X({"9": "Có", "5": 3})], []),
    ("pass-code", [X({"9": 1, "5": 1})], []),
    ("pass-label-case", [X({"9": "CÓ", "5": 2})], []),
    ("fail-label", [X({"9": "Không", "5": 0})], [F("CL-1", BX, "D10", "9", "0", "1")]),
    ("fail-then", [X({"9": "Có", "5": 0})], [F("CL-2", BX, "D6", "5", "0", "1")]),
])

# aggregate: A-COUNT 1 = count(Huyện); A-SUM 2 = sum(HS, Xã, M in {3, 4});
# A-DIST 3 = distinct(MA, Huyện); A-ROWS 4 = rows(L)
AGG_ROWS = [
    (1, "1.000001", "Cấp huyện", "Mức độ 3", 10, 2),
    (2, "1.000002", "Huyện", "Toàn trình", 5, 5),
    (3, "1.000001", "huyện", "Mức độ 3", 3, 0),
    (4, "1.000003", "Xã", "Mức độ 4", 7, 0),
    (5, "1.000004", "Cấp xã", "Không", 9, 0),
    (6, "1.000005", "Xã", "Một phần", 4, 1),
]
case("aggregate", [
    ("pass", [X({"1": 3, "2": 11, "3": 2, "4": 6}), L(AGG_ROWS)], []),
    # an empty list counts 0 (forms README §8)
    ("pass-empty-list", [X({"1": 0, "2": 0, "3": 0, "4": 0}), L([])], []),
    ("fail", [X({"1": 4, "2": 20, "3": 3, "4": 5}), L(AGG_ROWS)], [
        F("A-COUNT", BX, "D2", "1", "4", "3"),
        F("A-SUM", BX, "D3", "2", "20", "11"),
        F("A-DIST", BX, "D4", "3", "3", "2"),
        F("A-ROWS", BX, "D5", "4", "5", "6")]),
    ("fail-empty-list", [X({"1": 12}), L([])], [F("A-COUNT", BX, "D2", "1", "12", "0")]),
])

# each: E-LE each L: HT <= HS; E-WHERE each L where M = "0": HT = 0;
# E-FUNC each L: left(MA, 2) = "1.".  A finding sits on the list cell its
# failing side was read from: HT (F), and MA (B) also through left().
case("each", [
    ("pass", [L(AGG_ROWS)], []),
    ("fail", [L([
        (1, "1.000001", "Huyện", "Mức độ 3", 10, 2),
        (2, "1.000002", "Huyện", "Mức độ 4", 5, 6),
        (3, "1.000003", "Xã", "Không", 4, 1)])], [
        F("E-LE", DS, "F3", "#2", "6", "5"),
        F("E-WHERE", DS, "F4", "#3", "1", "0")]),
    ("fail-function", [L([(1, "1.000001"), (2, "2.000002")])], [F("E-FUNC", DS, "B3", "#2", '"2."', '"1."')]),
])

# unique: U-1 unique L: left(MA, 8), C (C read through its code spellings)
case("unique", [
    ("pass", [L([(1, "1.000001.000.00.00.H34", "Huyện"), (2, "1.000001", "Xã"), (3, "1.000002", "Huyện")])], []),
    ("fail", [L([(1, "1.000001.000.00.00.H34", "Huyện"), (2, "1.000001", "Xã"), (3, "1.000001", "Cấp huyện")])],
     [F("U-1", DS, "A4", "#3", "#3", "#1")]),
])

# sequence: Q-1 sequence L.TT
case("sequence", [
    ("pass", [L([(1, "1.000001"), ("2", "1.000002"), (3, "1.000003")])], []),
    ("pass-title-rows", [L([(1, "1.000001"), (2, "1.000002")], pre=[["Danh sách thủ tục"], []])], []),
    ("fail", [L([(1, "1.000001"), (2, "1.000002"), (4, "1.000003"), (5, "1.000004")])],
     [F("Q-1", DS, "A4", "#3", "4", "3")]),
])

# regex: RX-1 each L: MA =~ ma; RX-2 norm(X!10) =~ so_bao_cao (named
# patterns); RX-3 each L where filled(GHI_CHU): GHI_CHU !~ /TODO/i (inline,
# caseless).  Mã is a text column: a numeric cell 1.004227 reads as its text.
case("regex", [
    ("pass", [X({"10": "Số: 75/BC-UBND"}), L([(1, "1.004227", None, None, None, None, "ghi chú"),
                                              (2, "1.004228")])], []),
    ("pass-numeric-code", [X({"10": "75/BC-UBND"}), L([(1, 1.004227)])], []),
    ("fail", [X({"10": "75/BC-UBND/2023"}), L([(1, "1.004227"), (2, "1.00422"),
                                              (3, "1.004229", None, None, None, None, "todo: bổ sung")])], [
        F("RX-2", BX, "D11", "10", '"75/BC-UBND/2023"', ""),
        F("RX-1", DS, "B3", "#2", '"1.00422"', ""),
        F("RX-3", DS, "G4", "#3", '"todo: bổ sung"', "")]),
])


def V(data, **kw):
    return ("Văn bản chỉ đạo", listing(VBCOLS, data, **kw))


VBS = "Văn bản chỉ đạo"
# lookup-group: LG-1 group 3 of SO = lookup(viet_tat, LOAI); LG-2 group 2 = group 7
# (the findings sit on SO, the cell the groups are read from)
case("lookup-group", [
    ("pass", [V([(1, "Kế hoạch", "Kế hoạch CCHC", "Số 278/KH-UBND, ngày 15/12/2022"),
                 (2, "Quyết định", "Quyết định ban hành", "Số 02/2023/QĐ-UBND, ngày 05/01/2023"),
                 (3, "Công văn", "V/v rà soát TTHC", "Số 02/UBND-TTHC, ngày 03/01/2023")])], []),
    ("fail", [V([(1, "Kế hoạch", "Kế hoạch CCHC", "Số 278/KH-UBND, ngày 15/12/2022"),
                 (2, "Quyết định", "Quyết định ban hành", "Số 13/KH-UBND, ngày 06/01/2023"),
                 (3, "Quyết định", "Quy định", "Số 03/2022/QĐ-UBND, ngày 06/01/2023")])], [
        F("LG-1", VBS, "D3", "#2", '"KH"', '"QĐ"'),
        F("LG-2", VBS, "D4", "#3", '"2022"', '"2023"')]),
])

# date: D-ORDER date(11) <= date(12); D-YEAR year(date(11)) = 2023;
# D-VALID if filled(10) then filled(date(10))
case("date", [
    ("pass", [X({"11": "01/3/2023", "12": dt.date(2023, 3, 15), "10": "Số 5/BC-UBND ngày 15/3/2023"})], []),
    ("fail-order", [X({"11": "20/3/2023", "12": "15/3/2023"})],
     [F("D-ORDER", BX, "D12", "11", "20/03/2023", "15/03/2023")]),
    ("fail-year", [X({"11": "1/3/2022", "12": dt.date(2023, 3, 15)})],
     [F("D-YEAR", BX, "D12", "11", "2022", "2023")]),
    ("fail-invalid", [X({"10": "ngày 30/12//2022"})], [F("D-VALID", BX, "D11", "10", "(trống)", "")]),
])

# ---- built-ins -----------------------------------------------------------------

case("sheets", [
    ("pass", [X(), Y(), L([])], []),
    ("pass-alias", [X(), ("BY", keyed(K)), L([])], []),
    ("pass-folded", [("Bang X", keyed(K)), ("bảng phụ", keyed(K)), ("DANH SACH", listing(LCOLS, []))], []),
    ("fail", [X(), L([])], [F("B-SHEETS", BY, "", "", BY, "")]),
])

case("extra-sheets", [
    ("pass", [X(), Y()], []),
    ("fail", [X(), ("Ghi chú riêng", [["ghi chú"]]), Y()], [F("B-EXTRA", "Ghi chú riêng", "A1", "", "Ghi chú riêng", "")]),
])

# keys: B-KEYS every keyed sheet; B-KEYS-Y sheet Y only
case("keys", [
    ("pass", [X(akey={"3": "3.", "5": " 5 "}), Y()], []),
    ("fail-missing-x", [X(drop=("4",)), Y()], [F("B-KEYS", BX, "", "4", "4", "")]),
    ("fail-missing-y", [X(), Y(drop=("4",))], [F("B-KEYS", BY, "", "4", "4", ""), F("B-KEYS-Y", BY, "", "4", "4", "")]),
    ("fail-duplicate", [X(insert={"9": [["3", "Thành phần thứ hai (lặp)", "", 1]]}), Y()],
     [F("B-KEYS", BX, "A11", "3", "3", "")]),
])

case("unknown-keys", [
    ("pass", [X(pre=[["Biểu mẫu thử"], ["Đơn vị: Huyện Kon Rẫy"]],
                insert={"13": [["(1)", "(2)", "(3)", "(4)", "(5)"]], "16.a": [["Ghi chú: số liệu đến 15/3"]]})], []),
    ("fail", [X(insert={"9": [["9.9", "Dòng chèn thêm", "", 4]]})], [F("B-UNKNOWN", BX, "A11", "9.9", "9.9", "")]),
])

case("numeric-keys", [
    ("pass", [X()], []),
    ("fail", [X(akey={"2": 2})], [F("B-NUMKEY", BX, "A3", "2", "2", "")]),
])

case("label-fallback", [
    ("pass", [X({"16.a": 7})], []),
    ("fail", [X({"16.a": 7}, akey={"16.a": None})], [F("B-LABEL", BX, "A18", "16.a", "16.a", "")]),
])

case("list-headers", [
    ("pass", [L([(1, "1.000001")])], []),
    ("pass-aliases-title", [L([(1, "1.000001")], header=["STT", "Mã TTHC", "Cấp", "Mức", "Hồ sơ", "Trực tuyến", "Ghi chú"],
                              pre=[["DANH SÁCH THỦ TỤC"], ["Kèm theo báo cáo"]])], []),
    ("fail", [L([(1, "1.000001")], header=["TT", "Mã số", "Cấp", "Mức", "Hồ sơ", "Trực tuyến", "Ghi chú"])],
     [F("B-HEADERS", DS, "", "", "Mã", "")]),
])

case("required-cells", [
    ("pass", [L([(1, "1.000001"), (2, "1.000002", None, None, 3)])], []),
    ("fail", [L([(1, "1.000001"), (2, None, "Huyện", None, 3)])], [F("B-REQUIRED", DS, "B3", "#2", "(trống)", "Mã")]),
])

# kinds: count, percent (Y!7 excepted above 100), amount, date; list count columns
case("kinds", [
    ("pass", [X({"1": 3, "7": "100,05", "8": "0", "11": "29/2/2024", "12": dt.date(2023, 1, 5)}),
              Y({"7": 150}), L([(1, "1.000001", None, None, "1.079")])], []),
    ("fail", [X({"1": "2,5", "7": "120", "8": "-5", "11": "31/2/2023"}), Y({"7": -1}),
              L([(1, "1.000001", None, None, "2,5")])], [
        F("B-KINDS", BX, "D2", "1", "2,5", "số nguyên ≥ 0"),
        F("B-KINDS", BX, "D8", "7", "120", "tỷ lệ từ 0 đến 100"),
        F("B-KINDS", BX, "D9", "8", "-5", "số tiền ≥ 0"),
        F("B-KINDS", BX, "D12", "11", '"31/2/2023"', "ngày hợp lệ (ngày/tháng/năm)"),
        F("B-KINDS", BY, "D8", "7", "-1", "tỷ lệ từ 0 đến 100"),
        F("B-KINDS", DS, "E2", "#1", "2,5", "số nguyên ≥ 0")]),
])

case("codes", [
    ("pass-label", [X({"9": "Có"})], []),
    ("pass-code", [X({"9": 0})], []),
    ("pass-label-lower", [X({"9": "không"})], []),
    ("fail-number", [X({"9": 2})], [F("B-CODES", BX, "D10", "9", "2", "1=Có;0=Không")]),
    ("fail-text", [X({"9": "Có lẽ"})], [F("B-CODES", BX, "D10", "9", '"Có lẽ"', "1=Có;0=Không")]),
])

case("decimal-dot", [
    ("pass", [X({"7": "87,89", "1": "1.079", "8": "201.238,4"})], []),
    ("fail", [X({"7": "87.89"})], [F("B-DOT", BX, "D8", "7", "87.89", "87,89")]),
])

case("levels", [
    ("pass", [X({"14": 3}), Y({"14": 1})], []),
    ("pass-except", [X({"14": 3}), Y()], []),
    ("fail", [X({"15": 2, "16": 1}), Y({"14": 1})], [
        F("B-LV1", BX, "D15", "14", "(trống)", ""),
        F("B-LV2", BX, "D16", "15", "2", "(trống)"),
        F("B-LV3", BX, "D17", "16", "1", "(trống)")]),
])

case("header-blank", [
    ("pass", [X({"12": "1/1/2023"})], []),
    ("fail", [X({"13": 5})], [F("B-HEADER", BX, "D14", "13", "5", "")]),
])

# DEF-SUM 1 = 2 + 3; DEF-RATIO 7 = 100 * 5 / 6 ~ PCT
case("derivable-blank", [
    ("pass", [X({"1": 5, "2": 2, "3": 3, "7": "50", "5": 1, "6": 2})], []),
    ("pass-not-computable", [X({"5": 1, "6": 0})], []),
    ("fail", [X({"2": 2, "5": 1, "6": 3})], [
        F("B-LV5", BX, "D2", "1", "(trống)", "2"),
        F("B-LV5", BX, "D8", "7", "(trống)", "33,33")]),
])

case("unverifiable-total", [
    ("pass", [X({"1": 5, "2": 5, "7": "50", "5": 1, "6": 2})], []),
    ("fail-ratio", [X({"7": "50", "5": 1})], [F("B-LV6", BX, "D8", "7", "50", "")]),
    ("fail-sum", [X({"1": 5})], [F("B-LV6", BX, "D2", "1", "5", "")]),
])

case("ratio-hundred", [
    ("pass", [X({"7": "100", "5": 6, "6": 6})], []),
    ("pass-not-100", [X({"7": "99,96", "5": 2445, "6": 2446})], []),
    ("fail", [X({"7": "100", "5": 2445, "6": 2446})], [F("B-R1", BX, "D8", "7", "100", "99,96")]),
])

case("ratio-zero", [
    ("pass", [X({"7": "0", "5": 0, "6": 3000})], []),
    ("fail", [X({"7": "0", "5": 1, "6": 3000})], [F("B-R2", BX, "D8", "7", "0", "0,03")]),
])


def TI(vals):
    return ("Thông tin", keyed(TIS, vals))


TIN = "Thông tin"
case("unit", [
    ("pass", [TI({"1": "UBND huyện Kon Rẫy"})], []),
    ("pass-apostrophe", [TI({"1": "Ia H’Drai"})], []),
    ("pass-city", [TI({"1": "TP. Kon Tum"})], []),
    ("fail", [TI({"1": "UBND HUYỆN KBANG"})], [F("B-UNIT", TIN, "D2", "1", '"UBND HUYỆN KBANG"', "")]),
    ("fail-province", [TI({"1": "Kon Tum"})],
     [F("B-UNIT", TIN, "D2", "1", '"Kon Tum"', "một huyện/thành phố, không phải tên tỉnh")]),
])

case("province", [
    ("pass", [TI({"2": "tỉnh Kon Tum"})], []),
    ("pass-upper", [TI({"2": "KON TUM"})], []),
    ("pass-joined", [TI({"2": "Kontum"})], []),
    ("fail", [TI({"2": "Gia Lai"})], [F("B-PROVINCE", TIN, "D3", "2", '"Gia Lai"', "Kon Tum")]),
])

case("period", [
    ("pass", [TI({"3": "Năm 2023"})], []),
    ("pass-alias", [TI({"3": "năm 2024"})], []),
    ("fail-quarter", [TI({"3": "quý I năm 2023"})], [F("B-ANNUAL", TIN, "D4", "3", '"quý I năm 2023"', "Năm YYYY")]),
    ("fail", [TI({"3": "Quý V/2023"})], [
        F("B-PERIOD", TIN, "D4", "3", '"Quý V/2023"', "Quý I/YYYY, 6 tháng/YYYY, 9 tháng/YYYY hoặc Năm YYYY"),
        F("B-ANNUAL", TIN, "D4", "3", '"Quý V/2023"', "Năm YYYY")]),
])

case("report-date-window", [
    ("pass", [TI({"3": "Quý I/2023", "5": "15/3/2023"})], []),
    ("pass-annual-next-year", [TI({"3": "Năm 2023", "5": "20/01/2024"})], []),
    ("pass-alias", [TI({"3": "09 tháng/2023", "5": dt.date(2023, 9, 14)})], []),
    ("fail", [TI({"3": "Quý I/2023", "5": "15/6/2023"})],
     [F("B-RDW", TIN, "D6", "5", "15/06/2023", "01/03/2023 – 30/04/2023")]),
    ("fail-annual", [TI({"3": "Năm 2023", "5": "14/11/2023"})],
     [F("B-RDW", TIN, "D6", "5", "14/11/2023", "01/12/2023 – 31/01/2024")]),
])

DOCS_OK = [(1, "Kế hoạch", "Kế hoạch CCHC năm 2023", "Số 278/KH-UBND, ngày 15/12/2022"),
           (2, "Công văn", "V/v rà soát TTHC", "Số 02/UBND-TTHC, ngày 03/01/2023"),
           (3, "Kế hoạch", "Kế hoạch tuyên truyền", "Số 14/KH-UBND, ngày 10/01/2023"),
           (4, "Quyết định", "Quyết định kiện toàn", "Số 05/QĐ-UBND, ngày 20/01/2023"),
           (5, "Công văn", "V/v báo cáo", "Số 10/UBND-NC, ngày 01/02/2023")]
case("doc-date-window", [
    ("pass", [TI({"3": "Quý I/2023", "5": "15/3/2023", "9": "15/12/2022"}), V(DOCS_OK)], []),
    # no TI!9: the window starts on 01/12 of the year before the Kỳ year
    ("pass-default-start", [TI({"3": "Quý I/2023", "5": "15/3/2023"}),
                            V([(1, "Kế hoạch", "Kế hoạch", "Số 270/KH-UBND, ngày 01/12/2022")])], []),
    ("fail", [TI({"3": "Quý I/2023", "5": "15/3/2023", "9": "15/12/2022"}),
              V(DOCS_OK + [(6, "Kế hoạch", "Kế hoạch kiểm tra", "Số 260/KH-UBND, ngày 10/12/2022"),
                           (7, "Công văn", "V/v khác", "Số 30/UBND-VP, ngày 16/3/2023")])], [
        F("B-DDW", VBS, "D7", "#6", "10/12/2022", "15/12/2022 – 15/03/2023"),
        F("B-DDW", VBS, "D8", "#7", "16/03/2023", "15/12/2022 – 15/03/2023")]),
    ("fail-default-start", [TI({"3": "Quý I/2023", "5": "15/3/2023"}),
                            V([(1, "Kế hoạch", "Kế hoạch", "Số 270/KH-UBND, ngày 30/11/2022")])],
     [F("B-DDW", VBS, "D2", "#1", "30/11/2022", "01/12/2022 – 15/03/2023")]),
])

case("doc-same-number", [
    ("pass", [V(DOCS_OK + [(6, "Kế hoạch", "Kế hoạch khác năm", "Số 14/KH-UBND, ngày 10/01/2022"),
                           (7, "Kế hoạch", "Kế hoạch lặp", "Số 14/KH-UBND, ngày 10/01/2023")])], []),
    ("fail", [V([(1, "Kế hoạch", "Kế hoạch A", "Số 19/KH-UBND, ngày 02/3/2021"),
                 (2, "Kế hoạch", "Kế hoạch B", "Số 19/KH-UBND, ngày 03/3/2021")])],
     [F("B-DSN", VBS, "D3", "#2", "03/03/2021", "02/03/2021")]),
])

case("doc-number-order", [
    # KH 40 (15/01) after KH 14 (10/01); QĐ 05 (20/01) is another register
    ("pass", [V(DOCS_OK + [(6, "Kế hoạch", "Kế hoạch thứ ba", "Số 40/KH-UBND, ngày 15/01/2023")])], []),
    ("fail", [V([(1, "Kế hoạch", "Kế hoạch A", "Số 14/KH-UBND, ngày 10/01/2023"),
                 (2, "Kế hoạch", "Kế hoạch B", "Số 20/KH-UBND, ngày 05/01/2023")])],
     [F("B-DNO", VBS, "D3", "#2", "20 05/01/2023", "14 10/01/2023")]),
    ("fail-cong-van", [V([(1, "Công văn", "V/v A", "Số 05/UBND-NC, ngày 01/02/2023"),
                          (2, "Công văn", "V/v B", "Số 10/UBND-TTHC, ngày 15/01/2023")])],
     [F("B-DNO", VBS, "D3", "#2", "10 15/01/2023", "5 01/02/2023")]),
])

CTN = "Chỉ tiêu"
case("target-threshold", [
    ("pass", [(CTN, keyed(CTS, {"1": "Đạt", "2": "Chưa đạt", "3": "Chưa đánh giá được"},
                          notes={"1": "kiểm tra 07/20 đơn vị, đạt 35%", "2": "đạt 75%", "3": "đạt 10%"}))], []),
    ("fail", [(CTN, keyed(CTS, {"1": "Đạt", "2": "Chưa đạt", "3": "Đạt"},
                          notes={"1": "kiểm tra 03/20 đơn vị, đạt 15%", "2": "đã giải quyết đúng hạn, đạt 85%",
                                 "3": "đạt 50%"}))], [
        F("B-CT8", CTN, "D2", "1", "15%", "30%"),
        F("B-CT8", CTN, "D3", "2", "85%", "80%")]),
])

FT_OK = {
    "1": "kiểm tra 07/20 đơn vị, đạt 35%",
    "2": "đã giải quyết 1.102/1.797, đạt tỷ lệ 61%",
    "3": "ban hành trước ngày 31/12, đạt 100% kế hoạch",
    "4": "ngày 15/12/2022, đạt 80%",
    "5": "đến tháng 9/2023 đạt 100%",
    "6": "503/646 hồ sơ, đạt tỷ lệ 77,86%",
    "8": "11/19 đơn vị; 20.192/20.969 đạt 96%",
}
case("fractions", [
    ("pass", [X(notes=FT_OK), L([(1, "1.000001", None, None, None, None, "07/20 đơn vị, chiếm 35%")])], []),
    ("fail", [X(notes={"1": "kiểm tra 07/20 đơn vị, đạt 35%", "2": "3.113/9.267, đạt tỷ lệ 42%"}),
              L([(1, "1.000001", None, None, None, None, "Tỷ lệ 1/32= 8,68%")])], [
        F("B-FT1", BX, "E3", "2", "3.113/9.267, đạt tỷ lệ 42%", "3.113/9.267 = 33,59%"),
        F("B-FT1", DS, "G2", "#1", "1/32= 8,68%", "1/32 = 3,13%")]),
])

case("fraction-parts", [
    ("pass", [X(notes={"1": "ngày 15/12/2022", "2": "(15/12)", "3": "xếp thứ 12/10", "4": "12/10 đạt 120%",
                       "5": "07/20 đơn vị"})], []),
    ("fail", [X(notes={"2": "có 12/10 đơn vị hoàn thành"}), L([(1, "1.000001", None, None, None, None, "25/20 hồ sơ")])], [
        F("B-FT2", BX, "E3", "2", "12/10", ""),
        F("B-FT2", DS, "G2", "#1", "25/20", "")]),
])

CSN = "Chỉ số"
CS_OK = {"1": (3, 2.5, 2, None), "1.1": (1, 1, 1, None), "1.2": (2, 1.5, 1, None),
         "1.2.1": (1, 0.75, 0.5, None), "1.2.2": (1, 0.75, 0.5, None),
         "2": (2, 2, 2, None), "2.1": (2, 2, 2, None), "T": (5, 4.5, 4, None)}


def cs(**changes):
    """The criteria sheet of CS_OK with rows changed: _1_2=(…) is row 1.2."""
    d = dict(CS_OK)
    d.update({k[1:].replace("_", "."): v for k, v in changes.items()})
    return (CSN, criteria(d))


case("tree", [
    ("pass", [cs()], []),
    ("pass-blank-parent", [cs(_1_2=(2, None, 1, None), _1=(3, 1, 2, None))], []),
    ("pass-blank-children", [cs(_1_2_1=(1, None, 0.5, None), _1_2_2=(1, None, 0.5, None))], []),
    ("pass-one-blank-child", [cs(_1_2=(2, 0.75, 1, None), _1_2_2=(1, None, 0.5, None), _1=(3, 1.75, 2, None))], []),
    ("fail", [cs(_1_2=(2, 1.5, 1, None), _1_2_1=(1, 1, 0.5, None))],
     [F("B-TREE-SELF", CSN, "D4", "1.2", "1,5", "1,75")]),
    ("fail-max", [cs(_2_1=(2.5, 2, 2, None))], [F("B-TREE-MAX", CSN, "C7", "2", "2", "2,5")]),
])

case("tree-total", [
    ("pass", [cs()], []),
    ("pass-flag", [cs(_1_2_1=(1, 0, 0, "x"), _T=(4, 4.5, 4, None))], []),
    # a flagged ancestor already took the maximum away: 5 - 2, not 5 - 2 - 1
    ("pass-flag-ancestor", [cs(_1_2=(2, 1.5, 1, "x"), _1_2_1=(1, 0.75, 0.5, "x"), _T=(3, 4.5, 4, None))], []),
    ("fail", [cs(_1_2_1=(1, 0, 0, "x"))], [F("B-TOTAL", CSN, "C9", "T", "5", "4")]),
    ("fail-ancestor", [cs(_1_2=(2, 1.5, 1, "x"), _1_2_1=(1, 0.75, 0.5, "x"), _T=(2, 4.5, 4, None))],
     [F("B-TOTAL", CSN, "C9", "T", "2", "3")]),
])

case("score-range", [
    ("pass", [cs()], []),
    ("pass-margin-unlisted", [cs(_1_1=(1, 1.05, 1, None), _2_1=(2, 3, -1, None))], []),
    ("fail", [cs(_1_1=(1, 1.2, 1, None), _1_2_1=(1, 0.75, -0.5, None))], [
        F("B-RANGE", CSN, "D3", "1.1", "1,2", "0 – 1"),
        F("B-RANGE", CSN, "F5", "1.2.1", "-0,5", "0 – 1")]),
])

case("exclude-allowed", [
    ("pass", [cs(_1_2_1=(1, 0, 0, "x"))], []),
    ("fail", [cs(_1_1=(1, 0, 0, "x"))], [F("B-EXCL", CSN, "H3", "1.1", "x", "")]),
])

case("spec-max", [
    ("pass", [cs(_T=(4, 4.5, 4, None))], []),
    ("fail", [cs(_1_1=(1.5, 1, 1, None))], [F("B-SPECMAX", CSN, "C3", "1.1", "1,5", "1")]),
])

# slip-hint: SL-RATIO 7 = 100 * 5 / 6 ~ PCT; SL-PARTS 6 = 2 + 3; SL-LE 5 <= 8;
# SL-SUM 1 = 4 + 16.a.  2245 for 2445 in 5 fixes the ratio and breaks nothing:
# hinted; 2445 -> 2245 in 6 would break SL-PARTS: not hinted.  With 8 = 2300,
# 2445 in 5 would break SL-LE: no hint at all.
SLIP = "có thể là"
case("slip-hint", [
    ("pass", [X({"7": "100", "5": 2445, "6": 2445, "2": 2000, "3": 445, "1": 7105, "4": 4010, "16.a": 3095})], []),
    ("fail-ratio", [X({"7": "100", "5": 2245, "6": 2445, "2": 2000, "3": 445})],
     [F("SL-RATIO", BX, "D8", "7", "100", "91,82", hint_has=["X!5: 2.245 có thể là 2.445 (gõ nhầm?)"],
        hint_lacks=["X!6:", "X!7:"])]),
    ("fail-ratio-no-hint", [X({"7": "100", "5": 2245, "6": 2445, "2": 2000, "3": 445, "8": 2300})],
     [F("SL-RATIO", BX, "D8", "7", "100", "91,82", hint_lacks=[SLIP])]),
    ("fail-sum", [X({"1": 7005, "4": 4010, "16.a": 3095})],
     [F("SL-SUM", BX, "D2", "1", "7.005", "7.105", hint_has=["X!1: 7.005 có thể là 7.105 (gõ nhầm?)"],
        hint_lacks=["X!4:", "X!16.a:"])]),
])

# level-operand: LO-1 16.a = 14 + 15 + 16 (15 so, 16 khong: blank operands)
case("level-operand", [
    ("pass", [X({"16.a": 3, "14": 3, "15": 2, "16": 4})], []),
    ("fail", [X({"16.a": 9, "14": 3, "15": 2, "16": 4})], [F("LO-1", BX, "D18", "16.a", "9", "3")]),
])

# placeholders: PH-1 1 = 2, message and hint with {key} {cell} {lhs} {rhs}
case("placeholders", [
    ("pass", [X({"1": 5, "2": 5})], []),
    ("fail", [X({"1": 5, "2": 6})], [F("PH-1", BX, "D2", "1", "5", "6", message_has=["Dòng 1 ô D2: 5 khác 6"],
                                       hint_has=["Sửa dòng 1 (ô D2) thành 6"])]),
])

# range: RG-1 if filled(2) and filled(3) then min(2, 3) <= 7 <= max(2, 3) ~ RNG
case("range", [
    ("pass", [X({"2": 80, "3": 90, "7": 85})], []),
    ("pass-margin", [X({"2": 80, "3": 90, "7": "90,05"})], []),
    ("pass-one-blank", [X({"2": 80, "7": 50})], []),
    ("fail-high", [X({"2": 80, "3": 90, "7": 91})], [F("RG-1", BX, "D8", "7", "91", "90")]),
    ("fail-low", [X({"2": 90, "3": 80, "7": 79})], [F("RG-1", BX, "D8", "7", "79", "80")]),
])

# keyed-range: KR-COUNT 1 = count(X!2..6 where value = 1); KR-HEADER
# 16.a = count(X!12..14 where filled(value)) (13 is a header row: skipped even
# when it holds a value); KR-EACH each X!2..6: if value = 0 then filled(note)
case("keyed-range", [
    ("pass", [X({"1": 2, "2": 1, "3": 1, "4": 0, "5": 3, "16.a": 2, "12": "1/1/2023", "13": 5, "14": 3},
                notes={"4": "không phát sinh"})], []),
    ("fail", [X({"1": 3, "2": 1, "3": 1, "4": 0, "5": 3, "16.a": 3, "12": "1/1/2023", "13": 5, "14": 3})], [
        F("KR-COUNT", BX, "D2", "1", "3", "2"),
        F("KR-HEADER", BX, "D18", "16.a", "3", "2"),
        F("KR-EACH", BX, "E5", "4", "(trống)", "")]),
])

# raw: RAW-1 each L: M in {"3", "4", "0", blank} (codes: "Mức độ 1" is 0);
# RAW-2 each L: raw(M) !~ /^Mức độ [12]$/ (the finding sits on M, in D)
case("raw", [
    ("pass", [L([(1, "1.000001", None, "Mức độ 3"), (2, "1.000002", None, "Không"), (3, "1.000003")])], []),
    ("fail", [L([(1, "1.000001", None, "Mức độ 1"), (2, "1.000002", None, "Mức độ 5")])], [
        F("RAW-2", DS, "D2", "#1", '"Mức độ 1"', ""),
        F("RAW-1", DS, "D3", "#2", '"Mức độ 5"', "")]),
])

# id-suffix: S-1 error 1 = 2 + 3; S-1.w warning filled(1): both reported as S-1
case("id-suffix", [
    ("pass", [X({"1": 5, "2": 2, "3": 3})], []),
    ("fail-warning", [X({"2": 2, "3": 3})], [F("S-1", BX, "D2", "1", "(trống)", "", severity="warning")], 0),
    ("fail-error", [X({"1": 6, "2": 2, "3": 3})], [F("S-1", BX, "D2", "1", "6", "5", severity="error")], 1),
])


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: mkcases.py OUTDIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    manifest = []
    for name, variants in CASES:
        if not os.path.exists(os.path.join(HERE, "kinds", name + ".rules")):
            sys.exit(f"mkcases.py: case {name}: no kinds/{name}.rules")
        vs = []
        for vname, sheets, expect, *code in variants:
            path = os.path.join(out, f"{name}.{vname}.xlsx")
            write(path, sheets)
            vs.append({"name": vname, "file": path, "expect": expect})
            if code:
                vs[-1]["exit"] = code[0]
        manifest.append({"case": name, "rules": f"kinds/{name}.rules", "variants": vs})
    with open(os.path.join(out, "cases.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
