#!/usr/bin/python3
"""Checks the generated templates against the spec in rulesets/ (tests/templates).

    check.py static TEMPLATES_DIR RULESETS_DIR      read back with openpyxl
    check.py dump RULESETS_DIR BOOK DUMP_TSV         `xlsxcheck dump` output of BOOK
    check.py excl TEMPLATES_DIR OUT_DIR              write chi-so-cchc copies with
                                                     column H marked (for LibreOffice)
    check.py lo RULESETS_DIR CSV_DIR                 LibreOffice's CSV conversion

Prints one line per test, "ok templates.NAME" or "FAIL templates.NAME: why",
and '#' lines with details. Run with Debian's /usr/bin/python3 (openpyxl).
"""
import os
import re
import sys

import openpyxl
from openpyxl.utils import get_column_letter

BOOKS = ("bao-cao-dinh-ky", "chi-so-cchc")
LEVEL_NOTES = {"huyen": "Cấp huyện báo", "so": "Cấp sở báo", "khong": "Không báo", "tat-ca": ""}
NUMFMT = {"count": "0", "percent": "0.00", "amount": "#,##0.00", "text": "@",
          "date": "d/m/yyyy", "code": "General"}
# The dropdown lists of the detail lists, as the forms contract words them.
LIST_CODES = {
    ("Biên chế", "Loại"): ["Hành chính", "Sự nghiệp", "Hội", "Cấp xã"],
    ("Biên chế", "Lĩnh vực"): ["Giáo dục", "Y tế", "Văn hóa", "Giáo dục nghề nghiệp - GDTX",
                               "Sự nghiệp khác"],
    ("Danh mục TTHC", "Cấp thực hiện"): ["Huyện", "Xã"],
    ("Danh mục TTHC", "Mức độ DVC"): ["Mức độ 3", "Mức độ 4", "Không"],
    ("Danh mục TTHC", "Có phí, lệ phí"): ["Có", "Không"],
    ("Danh mục TTHC", "Thanh toán trực tuyến"): ["Có", "Không"],
    ("Văn bản chỉ đạo", "Tên loại"): ["Kế hoạch", "Quyết định", "Công văn", "Văn bản", "Báo cáo",
                                      "Thông báo", "Chỉ thị", "Kết luận", "Hướng dẫn",
                                      "Chương trình", "Tờ trình", "Nghị quyết"],
}
STATUSES = ["Đạt", "Chưa đạt", "Chưa đánh giá được"]
PERIOD = re.compile(r"^(Quý I|6 tháng|9 tháng)/20\d\d$|^Năm 20\d\d$")
HEADER_BM = ["STT", "Chỉ tiêu thống kê (Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)",
             "Kết quả thống kê", "Ghi chú", "Đơn vị tính", "Số liệu"]
CS_HEADER = ["Lĩnh vực/Tiêu chí/Tiêu chí thành phần", "Điểm tối đa", "Tự đánh giá",
             "Tài liệu kiểm chứng/Giải trình", "Thẩm định", "Ý kiến hội đồng thẩm định"]

results = []


def report(name, problems, limit=5):
    """One test line; problems is a list of strings (empty = ok)."""
    if problems:
        print(f"FAIL templates.{name}: {problems[0]}"
              + (f" (+{len(problems) - 1} more)" if len(problems) > 1 else ""))
        for p in problems[1:limit]:
            print(f"#   {p}")
    else:
        print(f"ok templates.{name}")
    results.append(not problems)


def read_tsv(path):
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    head = lines[0].split("\t")
    return [dict(zip(head, line.split("\t"))) for line in lines[1:]]


def vn_number(s):
    """Vietnamese notation of the forms contract: '.' groups thousands, ',' decimals."""
    if not re.fullmatch(r"-?\d+(\.\d{3})*(,\d+)?", s):
        raise ValueError(s)
    return float(s.replace(".", "").replace(",", "."))


def slug(spec):
    return os.path.splitext(os.path.basename(spec))[0]


def layout(rules):
    return read_tsv(os.path.join(rules, "forms", "layout.tsv"))


def validations(ws):
    """cell coordinate -> DataValidation covering it."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            for row in range(rng.min_row, rng.max_row + 1):
                for col in range(rng.min_col, rng.max_col + 1):
                    out[(row, col)] = dv
    return out


def dv_list(dv):
    f = dv.formula1 or ""
    if not (f.startswith('"') and f.endswith('"')):
        return None
    return f[1:-1].split(",")


def style(dv):
    return dv.errorStyle or "stop"


def check_protection(name, ws, lists=False):
    p = ws.protection
    probs = []
    if not p.sheet:
        probs.append("sheet protection is off")
    if p.password:
        probs.append("sheet protection has a password")
    if p.formatColumns or p.formatRows:
        probs.append("column/row formatting is not allowed")
    if lists and (p.insertRows or p.deleteRows):
        probs.append("rows cannot be inserted/deleted in the list")
    report(f"{name}.protection", probs)


def code_pairs(codes):
    return [tuple(p.split("=", 1)) for p in codes.split(";")]


def legend(codes):
    return "; ".join(f"{lab} = {val}" for val, lab in code_pairs(codes))


def key_rows(ws, keys, name):
    """Locates the spec keys in column A: key -> row. Reports the keys test."""
    seen = {}
    probs = []
    for row in range(1, ws.max_row + 1):
        c = ws.cell(row=row, column=1)
        if c.value is None:
            continue
        if not isinstance(c.value, str):
            probs.append(f"A{row} is not a text cell: {c.value!r}")
            continue
        if c.value in keys:
            if c.value in seen:
                probs.append(f"key {c.value} twice (A{seen[c.value]}, A{row})")
            seen[c.value] = row
        if c.data_type != "s":
            probs.append(f"A{row} stored as {c.data_type}")
    for k in keys:
        if k not in seen:
            probs.append(f"key {k} missing")
    order = [seen[k] for k in keys if k in seen]
    if order != sorted(order) or (order and order[-1] - order[0] != len(order) - 1):
        probs.append("keys are not in spec order on consecutive rows")
    report(f"{name}.keys", probs)
    return seen


def check_keyed(book, L, ws, rules, units):
    name = f"{book}.{slug(L['spec'])}" if book != "bao-cao-dinh-ky" else slug(L["spec"])
    spec = read_tsv(os.path.join(rules, "forms", L["spec"]))
    keys = [r["key"] for r in spec]
    rows = key_rows(ws, keys, name)
    if len(rows) != len(keys):
        return
    dvs = validations(ws)
    notes_on = L["level_notes"] == "yes"
    by_label = L["code_form"] == "label"
    first = rows[keys[0]]

    # header rows above the first key
    header = [ws.cell(row=r, column=c).value for r in range(1, first) for c in range(1, 6)]
    parts = L["header"].split(" | ")
    probs = [f"header label {p!r} missing" for p in parts if p not in header]
    if len(parts) == 6 and parts != HEADER_BM and slug(L["spec"]).startswith("bieu-mau"):
        probs.append("Biểu mẫu header differs from the seed's")
    if ws.cell(row=1, column=1).value != L["title"]:
        probs.append(f"title is {ws.cell(row=1, column=1).value!r}")
    if ws.freeze_panes != f"A{first}":
        probs.append(f"freeze panes at {ws.freeze_panes}, want A{first}")
    report(f"{name}.layout", probs)

    lab, unit, note, lock, fmt, dvp, bold = ([] for _ in range(7))
    for r in spec:
        row = rows[r["key"]]
        a, b, c, d, e = (ws.cell(row=row, column=i) for i in range(1, 6))
        if b.value != r["label"]:
            lab.append(f"{r['key']}: B is {b.value!r}")
        want_c = r["unit"] or (legend(r["codes"]) if r["kind"] == "code" else "")
        if (c.value or "") != want_c:
            unit.append(f"{r['key']}: C is {c.value!r}, want {want_c!r}")
        want_e = LEVEL_NOTES[r["level"]] if notes_on else ""
        if (e.value or "") != want_e:
            note.append(f"{r['key']}: E is {e.value!r}, want {want_e!r}")
        hdr = r["kind"] == "header"
        for cell in (a, b, c):
            if not cell.protection.locked:
                lock.append(f"{cell.coordinate} ({r['key']}) is unlocked")
        if d.protection.locked != hdr:
            lock.append(f"D{row} ({r['key']}, {r['kind']}) locked={d.protection.locked}")
        if e.protection.locked:
            lock.append(f"E{row} ({r['key']}) is locked")
        if bool(a.font.b) != hdr or bool(b.font.b) != hdr:
            bold.append(f"{r['key']}: bold A/B {a.font.b}/{b.font.b} for kind {r['kind']}")
        if not hdr:
            want = NUMFMT[r["kind"]]
            if d.number_format != want or "%" in d.number_format:
                fmt.append(f"{r['key']}: D format {d.number_format!r}, want {want!r}")
        dv = dvs.get((row, 4))
        if r["kind"] == "code":
            pairs = code_pairs(r["codes"])
            want = [lab_ if by_label else val for val, lab_ in pairs]
            if dv is None or dv.type != "list" or dv_list(dv) != want:
                dvp.append(f"{r['key']}: dropdown {dv_list(dv) if dv else None}, want {want}")
            elif style(dv) != "stop" or legend(r["codes"]) not in (dv.prompt or ""):
                dvp.append(f"{r['key']}: dropdown without stop style or legend message")
        elif r["kind"] == "count" and not hdr:
            if dv is None or dv.type != "whole" or dv.operator != "greaterThanOrEqual":
                dvp.append(f"{r['key']}: count without a whole-number check")
        elif r["kind"] == "percent":
            if dv is None or dv.type != "decimal" or (dv.formula1, dv.formula2) != ("0", "100"):
                dvp.append(f"{r['key']}: percent without a 0..100 check")
        elif hdr and dv is not None:
            dvp.append(f"{r['key']}: a header row has a validation")
    report(f"{name}.labels", lab)
    report(f"{name}.units", unit)
    report(f"{name}.level-notes", note)
    report(f"{name}.locks", lock)
    report(f"{name}.header-bold", bold)
    report(f"{name}.number-formats", fmt)
    report(f"{name}.validations", dvp)
    check_protection(name, ws)

    if slug(L["spec"]) == "thong-tin":
        probs = []
        dv = dvs.get((rows["1"], 4))
        want = [u["official_name"] for u in units]
        if dv is None or dv_list(dv) != want:
            probs.append(f"Đơn vị dropdown {dv_list(dv) if dv else None}")
        dv = dvs.get((rows["3"], 4))
        periods = dv_list(dv) if dv else None
        if not periods:
            probs.append("Kỳ báo cáo has no dropdown")
        else:
            bad = [p for p in periods if not PERIOD.match(p)]
            if bad:
                probs.append(f"non-canonical periods {bad}")
            if book == "chi-so-cchc" and any(not p.startswith("Năm ") for p in periods):
                probs.append("chi-so-cchc offers a period other than Năm YYYY")
            if book == "bao-cao-dinh-ky" and {p.split("/")[0] for p in periods if "/" in p} != {
                    "Quý I", "6 tháng", "9 tháng"}:
                probs.append("bao-cao-dinh-ky lacks a period form")
        for k in ("5", "9", "10"):
            dv = dvs.get((rows[k], 4))
            if dv is None or dv.type != "date":
                probs.append(f"row {k} has no date check")
        if ws.cell(row=rows["7"], column=4).number_format != "@":
            probs.append("Điện thoại is not a text cell (leading 0 would be lost)")
        report(f"{name}.choices", probs)

    if slug(L["spec"]) == "chi-tieu":
        probs = []
        for r in spec:
            if r["kind"] == "code":
                dv = dvs.get((rows[r["key"]], 4))
                if dv is None or dv_list(dv) != STATUSES:
                    probs.append(f"{r['key']}: status list {dv_list(dv) if dv else None}")
        report(f"{name}.statuses", probs)


def check_list(L, ws, rules):
    name = slug(L["spec"])
    spec = read_tsv(os.path.join(rules, "forms", L["spec"]))
    heads = [r["header"] for r in spec]
    n = len(heads)
    hrow = None
    for row in range(1, 31):
        if [ws.cell(row=row, column=c + 1).value for c in range(n)] == heads:
            hrow = row
            break
    probs = []
    if hrow is None:
        probs.append("no header row with the TSV headers in order within 30 rows")
    else:
        if ws.cell(row=hrow, column=n + 1).value is not None:
            probs.append("a cell right of the header")
        nums = [ws.cell(row=hrow + 1, column=c + 1).value for c in range(n)]
        if nums != [f"({i + 1})" for i in range(n)]:
            probs.append(f"column-number row is {nums}")
        for c in range(n):
            if not ws.cell(row=hrow, column=c + 1).protection.locked:
                probs.append(f"header {get_column_letter(c + 1)} unlocked")
        if ws.freeze_panes != f"A{hrow + 2}":
            probs.append(f"freeze panes at {ws.freeze_panes}")
    if ws.cell(row=1, column=1).value != L["title"]:
        probs.append("title row")
    report(f"{name}.header", probs)
    if hrow is None:
        return
    first, nrows = hrow + 2, int(L["input_rows"])
    last = first + nrows - 1
    probs = []
    for row in range(first, last + 1):
        for c in range(n):
            cell = ws.cell(row=row, column=c + 1)
            if cell.protection.locked:
                probs.append(f"{cell.coordinate} locked")
            if cell.value is not None:
                probs.append(f"{cell.coordinate} not blank")
    for c in range(n):
        if ws.column_dimensions[get_column_letter(c + 1)].protection.locked:
            probs.append(f"column {get_column_letter(c + 1)} default format is locked")
    report(f"{name}.input-area", probs)

    dvs = validations(ws)
    probs = []
    for c, r in enumerate(spec):
        col = c + 1
        dv_first, dv_last = dvs.get((first, col)), dvs.get((last, col))
        want = LIST_CODES.get((L["sheet"], r["header"]))
        if r["kind"] == "code":
            if want is None:
                probs.append(f"code column {r['header']} not known to the test")
            elif dv_first is None or dv_list(dv_first) != want or dv_last is not dv_first:
                probs.append(f"{r['header']}: list {dv_list(dv_first) if dv_first else None}")
            elif style(dv_first) != "stop":
                probs.append(f"{r['header']}: list is not strict")
            for v in want or []:
                if v not in r["allowed"]:
                    probs.append(f"{r['header']}: {v!r} not in the contract's allowed text")
        elif r["kind"] == "count":
            if dv_first is None or dv_first.type != "whole" or dv_last is not dv_first:
                probs.append(f"{r['header']}: no whole-number check")
        elif dv_first is not None:
            probs.append(f"{r['header']}: unexpected validation")
        want_fmt = {"count": "0", "text": "@"}.get(r["kind"], "General")
        if ws.cell(row=first, column=col).number_format != want_fmt:
            probs.append(f"{r['header']}: format {ws.cell(row=first, column=col).number_format}")
    report(f"{name}.validations", probs)
    check_protection(name, ws, lists=True)


def check_criteria(L, ws, wsv, rules):
    name = "chi-so-cchc.criteria"
    spec = read_tsv(os.path.join(rules, "forms", L["spec"]))
    keys = [r["key"] for r in spec]
    rows = key_rows(ws, keys, name)
    if len(rows) != len(keys):
        return
    first = rows[keys[0]]
    header = [ws.cell(row=first - 1, column=c).value for c in range(2, 8)]
    probs = []
    if header != CS_HEADER:
        probs.append(f"header {header}")
    if ws.cell(row=first - 1, column=8).value != "Không đánh giá":
        probs.append("H header")
    if ws.freeze_panes != f"A{first}":
        probs.append(f"freeze panes {ws.freeze_panes}")
    report(f"{name}.layout", probs)

    lab, mx, lock, dvp = [], [], [], []
    dvs = validations(ws)
    for r in spec:
        row = rows[r["key"]]
        if ws.cell(row=row, column=2).value != r["label"]:
            lab.append(f"{r['key']}: label differs")
        c = ws.cell(row=row, column=3)
        if r["key"] != "T":
            if not isinstance(c.value, (int, float)) or abs(c.value - vn_number(r["max_points"])) > 1e-9:
                mx.append(f"{r['key']}: C is {c.value!r}, TSV {r['max_points']}")
        for col in (1, 2, 3):
            if not ws.cell(row=row, column=col).protection.locked:
                lock.append(f"{get_column_letter(col)}{row} unlocked")
        for col in (4, 5, 6, 7):
            if ws.cell(row=row, column=col).protection.locked:
                lock.append(f"{get_column_letter(col)}{row} locked")
        h = ws.cell(row=row, column=8)
        dv = dvs.get((row, 8))
        if r["can_exclude"] == "yes":
            if h.protection.locked:
                lock.append(f"H{row} ({r['key']}, can_exclude) locked")
            if dv is None or dv_list(dv) != ["x"]:
                dvp.append(f"H{row} ({r['key']}): no 'x' dropdown")
        else:
            if not h.protection.locked:
                lock.append(f"H{row} ({r['key']}) unlocked although not excludable")
            if dv is not None:
                dvp.append(f"H{row} ({r['key']}): a validation on a non-excludable row")
        d = dvs.get((row, 4))
        if r["key"].startswith("9.") and (d is None or (d.formula1, d.formula2) != ("-1", "0")):
            dvp.append(f"{r['key']}: deduction not checked as -1..0")
        if r["key"] != "T" and not r["key"].startswith("9") and (
                d is None or d.type != "decimal" or float(d.formula2) != vn_number(r["max_points"])):
            dvp.append(f"{r['key']}: score not checked against its maximum")
    report(f"{name}.labels", lab)
    report(f"{name}.max-points", mx)
    report(f"{name}.locks", lock)
    report(f"{name}.validations", dvp)
    check_protection(name, ws)

    probs = []
    tot = ws.cell(row=rows["T"], column=3)
    cached = wsv.cell(row=rows["T"], column=3).value
    level1 = sum(vn_number(r["max_points"]) for r in spec if r["parent"] == "T")
    if abs(level1 - 100) > 1e-9:
        probs.append(f"level-1 maxima add up to {level1}, not 100")
    if not (isinstance(tot.value, str) and tot.value.startswith("=")):
        probs.append(f"T!C is not a formula: {tot.value!r}")
    if cached != 100:
        probs.append(f"T!C cached value {cached!r}, want 100")
    if ws.cell(row=rows["1.6"], column=3).value != 7:
        probs.append("1.6 max is not 7")
    for r in spec:
        kids = [k for k in spec if k["parent"] == r["key"]]
        if kids and r["key"] != "T":
            s = sum(vn_number(k["max_points"]) for k in kids)
            if abs(s - vn_number(r["max_points"])) > 1e-9:
                probs.append(f"{r['key']}: max {r['max_points']} ≠ Σ children {s}")
    if "số âm" not in str(ws.cell(row=2, column=1).value):
        probs.append("no note that deductions are entered as negative numbers")
    report(f"{name}.totals", probs)


def static(tdir, rules):
    units = read_tsv(os.path.join(rules, "units", "kon-tum.tsv"))
    lay = layout(rules)
    for book in BOOKS:
        path = os.path.join(tdir, book + ".xlsx")
        try:
            wb = openpyxl.load_workbook(path)
            wbv = openpyxl.load_workbook(path, data_only=True)
        except Exception as e:  # noqa: BLE001 - any reading failure is the finding
            report(f"{book}.open", [f"openpyxl cannot read {path}: {e}"])
            continue
        sheets = [L for L in lay if L["book"] == book]
        want = [L["sheet"] for L in sheets]
        probs = [] if wb.sheetnames == want else [f"sheets {wb.sheetnames}, want {want}"]
        if book == "bao-cao-dinh-ky" and want != [
                "Thông tin", "Biểu mẫu 1", "Biểu mẫu 2", "Biểu mẫu 3", "Biểu mẫu 4",
                "Biểu mẫu 5", "Biểu mẫu 6", "Biểu mẫu 7", "Biên chế", "Danh mục TTHC",
                "Văn bản chỉ đạo", "Chỉ tiêu"]:
            probs.append("layout.tsv does not list the 12 sheets of README §3 in order")
        if book == "chi-so-cchc" and want != ["Thông tin", "Chỉ số CCHC"]:
            probs.append("layout.tsv does not list Thông tin + Chỉ số CCHC")
        created = wb.properties.created
        if created is None or created.isoformat()[:19] != "2023-01-01T00:00:00":
            probs.append(f"document date {created}")
        report(f"{book}.sheets", probs)
        for L in sheets:
            if L["sheet"] not in wb.sheetnames:
                continue
            ws = wb[L["sheet"]]
            if L["type"] == "keyed":
                check_keyed(book, L, ws, rules, units)
            elif L["type"] == "list":
                check_list(L, ws, rules)
            elif L["type"] == "criteria":
                check_criteria(L, ws, wbv[L["sheet"]], rules)


def dump(rules, book, path):
    """xlsxcheck dump: every spec key is read as a text cell in column A."""
    cells = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 4:
                cells.setdefault(parts[0], []).append(parts)
    probs = []
    for L in layout(rules):
        if L["book"] != book:
            continue
        got = cells.get(L["sheet"], [])
        if not got:
            probs.append(f"{L['sheet']}: no cells")
            continue
        if L["type"] == "list":
            continue
        spec = read_tsv(os.path.join(rules, "forms", L["spec"]))
        col_a = [p[3] for p in got if re.fullmatch(r"A\d+", p[1]) and p[2] == "s"]
        for r in spec:
            if col_a.count(r["key"]) != 1:
                probs.append(f"{L['sheet']}: key {r['key']} read {col_a.count(r['key'])} times")
        numbers = [p for p in got if p[2] == "n"]
        if L["type"] == "keyed" and numbers:
            probs.append(f"{L['sheet']}: numeric cells in a blank form: {numbers[0][1]}")
        if L["type"] == "criteria":
            bad = [p[1] for p in numbers if not p[1].startswith("C")]
            if bad or len(numbers) != len(spec):
                probs.append(f"{L['sheet']}: {len(numbers)} numbers, outside C: {bad[:3]}")
            total = [p for p in numbers if p[3] == "100"]
            if not total:
                probs.append("total 100 not read")
    report(f"xlsxcheck-dump.{book}.keys", probs)


def excl(tdir, out):
    """chi-so-cchc copies with column H marked: name -> marked keys."""
    cases = {"excl-162": ["1.6.2"], "excl-16": ["1.6", "1.6.2"], "excl-332-343": ["3.3.2", "3.4.3"]}
    for name, keys in cases.items():
        wb = openpyxl.load_workbook(os.path.join(tdir, "chi-so-cchc.xlsx"))
        ws = wb["Chỉ số CCHC"]
        for row in range(1, ws.max_row + 1):
            if ws.cell(row=row, column=1).value in keys:
                ws.cell(row=row, column=8, value="x")
        wb.save(os.path.join(out, name + ".xlsx"))


def lo(rules, d):
    """LibreOffice converted every sheet to CSV, and recalculated the total."""
    probs = []
    for L in layout(rules):
        f = os.path.join(d, f"{L['book']}-{L['sheet']}.csv")
        if not os.path.exists(f) or os.path.getsize(f) == 0:
            probs.append(f"no CSV for {L['book']} / {L['sheet']}")
            continue
        if L["type"] != "list":
            spec = read_tsv(os.path.join(rules, "forms", L["spec"]))
            with open(f, encoding="utf-8") as fh:
                col_a = [line.split(",", 1)[0].strip('"') for line in fh]
            missing = [r["key"] for r in spec if r["key"] not in col_a]
            if missing:
                probs.append(f"{L['sheet']}: keys not shown as written: {missing[:5]}")
    report("libreoffice.convert", probs)
    probs = []
    for name, want in (("chi-so-cchc", "100"), ("excl-162", "97"), ("excl-16", "93"),
                       ("excl-332-343", "98.5")):
        f = os.path.join(d, f"{name}-Chỉ số CCHC.csv")
        if not os.path.exists(f):
            probs.append(f"{name}: not converted")
            continue
        with open(f, encoding="utf-8") as fh:
            tot = [line for line in fh if line.startswith("T,")]
        got = tot[0].split(",")[2] if tot else None
        if got != want:
            probs.append(f"{name}: total max {got}, want {want}")
    report("libreoffice.total-formula", probs)


def main(argv):
    if len(argv) >= 3 and argv[1] == "static":
        static(argv[2], argv[3])
    elif len(argv) == 5 and argv[1] == "dump":
        dump(argv[2], argv[3], argv[4])
    elif len(argv) == 4 and argv[1] == "excl":
        excl(argv[2], argv[3])
    elif len(argv) == 4 and argv[1] == "lo":
        lo(argv[2], argv[3])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
