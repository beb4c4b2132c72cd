#!/usr/bin/python3
"""Writes the formula suite's workbooks: formulas WITHOUT stored values, as
report-export software and libraries write them.

    gen.py OUTDIR

OUTDIR gets:
    grammar_op.xlsx     the subset's grammar (precedence, references to other
                        sheets with quoted Vietnamese names, $, ranges, whole
                        columns, SUM/MIN/MAX/AVERAGE/COUNT, ROUND/ROUNDUP/
                        ROUNDDOWN, ABS, IF, IFERROR, comparisons, errors,
                        formulas reading formulas) written by openpyxl, which
                        stores no value for a formula
    grammar_xw.xlsx     the same written by XlsxWriter with value='' (an empty
                        <v>: "no value", as XlsxWriter documents for programs
                        that must recompute)
    report.xlsx         a clean bao-cao-dinh-ky workbook of Thành phố Kon Tum
                        (tests/forms/mkclean.py, the official template filled
                        with openpyxl) whose totals and ratios are formulas:
                        BM7!7.3.1 = D(7.1.2)+D(7.2.2) ("=D49+D53"), SUMs over
                        ranges, ROUND(n/d*100,2) ratios, IFERROR, and
                        cross-sheet references (BM4!1.5 = 'Biểu mẫu 6'!D(2.1),
                        itself a formula over a formula)
    report_outside.xlsx report.xlsx with one total (BM2!1) written with a
                        function outside the subset (SUMPRODUCT)
    report_wrong.xlsx   report.xlsx with BM3!1.4 = D(1.4.1)+D(1.4.2): a total that
                        leaves a row out
    base.xlsx           the clean workbook without formulas
    many.xlsx           hostile: 20,000 rows of A(i) = A(i-1)+1 and B(i) = SUM(A$1:A(i))
                        (400 million dependencies: the work budget must stop it)
    formulas.tsv        every formula cell written: file, sheet, ref, formula
    outside.tsv         the cells each file must leave not computed: file, sheet, ref
Diagnostics go to OUTDIR/gen.log.
"""
import os
import subprocess
import sys

import openpyxl
import xlsxwriter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))

SOLIEU = "Số liệu"
BM = "Biểu mẫu 1"
TINH = "Tính"

# Số liệu!A1..A9, A10 left empty; B1 text, B2 TRUE; Biểu mẫu 1!C1..C5
DATA_A = [1, 2.5, -3, 1000000, 0.1, 0.2, 123456789.123, 7, "12"]
DATA_C = [10, 20, 30, 40, 50]

S = "'Số liệu'!"
B = "'Biểu mẫu 1'!"
GRAMMAR = [
    "=1+2*3", "=(1+2)*3", "=-2^2", "=2^3^2", "=2^-1", "=10/4", "=1/3", "=2/3*3", "=0.1+0.2",
    "=50%", "=2*3%", "=1-2-3", "=--4", "=1.5E3+.5",
    f"={S}A1+{S}A2", f"={S}$A$3*2", f"={S}A$4/{S}$A5", f"={S}A7*1000",
    f"=SUM({S}A1:A10)", f"=SUM({B}C1:C5)", f"=SUM({B}C:C)", f"=SUM({S}A1:A3,10,{B}C1)",
    f"=SUM({S}A9:A9)", f"=SUM({S}A9,1)",
    f"=ROUND({S}A7,2)", "=ROUND(1234.5678,-2)", "=ROUNDUP(2.21,1)", "=ROUNDDOWN(-2.29,1)",
    "=ROUND(2.345,2)", "=ROUND(-2.5,0)", f"=ROUND({S}A2/{S}A3*100,2)",
    f"=MIN({B}C1:C5)", f"=MAX({S}A1:A8)", f"=AVERAGE({B}C1:C5)", f"=COUNT({S}A1:B1,{S}A8:A9)",
    "=ABS(-3.5)", f"=ABS({S}A3)",
    "=1/0", f"={S}A1/{S}A10", "=IFERROR(1/0,-1)", f"=IFERROR({S}A1/{S}A2,0)",
    f"=IF({S}A1>0,\"dương\",\"âm\")", f"=IF({S}A10=0,0,1/{S}A10)", f"=IF({S}A3<0,{S}A3*-1)",
    f"={S}A10", f"={S}B1", f"={S}A9+1", "=1<2", "=\"a\"=\"A\"", f"={S}A1>={S}A2",
    "=0.1*3", "=123456789*1000000", f"={S}B2+1",
    # formulas reading formulas (F1.. are the cells above, on this sheet)
    "=F1+F2", "=SUM(F1:F5)", f"={TINH}!F6*2", "=F1*F3+F54",
]
# outside the subset: LibreOffice computes them, we must not ({sp}: the first one's row)
OUTSIDE = [f"=SUMPRODUCT({S}A1:A3,{S}A1:A3)", "=F{sp}+1"]


def log(*a):
    LOG.write(" ".join(str(x) for x in a) + "\n")
    LOG.flush()


def grammar_cells():
    """(row, formula) on sheet Tính, column F; rows from 1."""
    cells = [(i + 1, f) for i, f in enumerate(GRAMMAR)]
    n = len(cells)
    cells += [(n + 1 + i, f.replace("{sp}", str(n + 1))) for i, f in enumerate(OUTSIDE)]
    return cells


def write_op(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SOLIEU
    for i, v in enumerate(DATA_A):
        ws.cell(i + 1, 1).value = v
    ws["B1"] = "văn bản"
    ws["B2"] = True
    b = wb.create_sheet(BM)
    for i, v in enumerate(DATA_C):
        b.cell(i + 1, 3).value = v
    t = wb.create_sheet(TINH)
    for r, f in grammar_cells():
        t.cell(r, 6).value = f
    wb.save(path)


def write_xw(path):
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet(SOLIEU)
    for i, v in enumerate(DATA_A):
        ws.write(i, 0, v)
    ws.write_string(0, 1, "văn bản")
    ws.write_boolean(1, 1, True)
    b = wb.add_worksheet(BM)
    for i, v in enumerate(DATA_C):
        b.write_number(i, 2, v)
    t = wb.add_worksheet(TINH)
    for r, f in grammar_cells():
        t.write_formula(r - 1, 5, f, None, "")  # value '': an empty <v>, no stored result
    wb.close()


def write_many(path, n=20000):
    """Raw SpreadsheetML (openpyxl would take minutes): a chain and quadratic ranges."""
    import zipfile
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/package/2006/relationships"
    odr = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rows = ['<row r="1"><c r="A1"><v>1</v></c></row>']
    rows += [f'<row r="{i}"><c r="A{i}"><f>A{i - 1}+1</f></c><c r="B{i}"><f>SUM(A$1:A{i})</f></c></row>'
             for i in range(2, n + 1)]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                   '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
        z.writestr("_rels/.rels", f'<?xml version="1.0"?><Relationships xmlns="{rel}"><Relationship Id="rId1" '
                   f'Type="{odr}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook xmlns="{ns}" xmlns:r="{odr}"><sheets>'
                   '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0"?><Relationships xmlns="{rel}"><Relationship '
                   f'Id="rId1" Type="{odr}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{ns}">'
                   "<sheetData>" + "".join(rows) + "</sheetData></worksheet>")


def find_row(ws, key):
    for r in range(1, ws.max_row + 1):
        v = ws.cell(r, 1).value
        if v is not None and str(v).strip().rstrip(".") == key:
            return r
    sys.exit(f"gen: no key {key} in {ws.title}")


def report(base, out, outside, wrong=False):
    """The clean workbook with its totals as formulas (column D holds the values)."""
    wb = openpyxl.load_workbook(base)
    D = lambda ws, key: f"D{find_row(ws, key)}"
    written = []

    def put(sheet, key, formula):
        ws = wb[sheet]
        ws.cell(find_row(ws, key), 4).value = formula
        written.append((sheet, f"D{find_row(ws, key)}", formula))

    bm1, bm2, bm3 = wb["Biểu mẫu 1"], wb["Biểu mẫu 2"], wb["Biểu mẫu 3"]
    bm4, bm6, bm7 = wb["Biểu mẫu 4"], wb["Biểu mẫu 6"], wb["Biểu mẫu 7"]
    put("Biểu mẫu 1", "2", f"=ROUND({D(bm1, '2.2')}/{D(bm1, '2.1')}*100,2)")
    put("Biểu mẫu 1", "3.3", f"=IFERROR(ROUND({D(bm1, '3.3.2')}/{D(bm1, '3.3.1')}*100,2),0)")
    r1, r3 = find_row(bm2, "1.1"), find_row(bm2, "1.3")
    if r3 - r1 == 2:
        put("Biểu mẫu 2", "1", f"=SUM(D{r1}:D{r3})")
    else:
        put("Biểu mẫu 2", "1", f"={D(bm2, '1.1')}+{D(bm2, '1.2')}+{D(bm2, '1.3')}")
    if wrong:  # a total that leaves a row out: the check must see the computed value
        put("Biểu mẫu 3", "1.4", f"={D(bm3, '1.4.1')}+{D(bm3, '1.4.2')}")
    else:
        put("Biểu mẫu 3", "1.4", f"={D(bm3, '1.4.1')}+{D(bm3, '1.4.2')}+{D(bm3, '1.4.3')}")
    put("Biểu mẫu 6", "2.4", f"=SUM({D(bm6, '2.4.1')}:{D(bm6, '2.4.3')})")
    put("Biểu mẫu 6", "2.1", f"={D(bm6, '2.2')}+{D(bm6, '2.3')}+{D(bm6, '2.4')}+{D(bm6, '2.5')}")
    put("Biểu mẫu 4", "1.5", f"='Biểu mẫu 6'!{D(bm6, '2.1')}")
    put("Biểu mẫu 7", "7.3.1", f"={D(bm7, '7.1.2')}+{D(bm7, '7.2.2')}")
    put("Biểu mẫu 7", "7.3", f"=ROUND({D(bm7, '7.3.2')}/{D(bm7, '7.3.1')}*100,2)")
    if outside:
        put("Biểu mẫu 2", "1", f"=SUMPRODUCT({D(bm2, '1.1')}:{D(bm2, '1.3')},{D(bm2, '1.1')}:{D(bm2, '1.3')}^0)")
    wb.save(out)
    return written


def main():
    global LOG
    out = os.path.abspath(sys.argv[1])
    os.makedirs(out, exist_ok=True)
    LOG = open(os.path.join(out, "gen.log"), "w", encoding="utf-8")
    p = lambda name: os.path.join(out, name)
    write_op(p("grammar_op.xlsx"))
    write_xw(p("grammar_xw.xlsx"))
    write_many(p("many.xlsx"))
    gen = p("gen")
    r = subprocess.run([sys.executable, os.path.join(ROOT, "tests", "forms", "mkclean.py"), gen,
                        "--only", "tp-kon-tum"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, timeout=600)
    log(r.stdout)
    src = os.path.join(gen, "template_bao-cao-dinh-ky_tp-kon-tum_2023-q1.xlsx")
    if r.returncode or not os.path.exists(src):
        sys.exit("gen: mkclean.py wrote no template workbook: " + r.stdout[-300:])
    wb = openpyxl.load_workbook(src)
    for ws in wb.worksheets:
        ws.protection.sheet = False
    wb.save(p("base.xlsx"))
    rep = report(p("base.xlsx"), p("report.xlsx"), False)
    rep_out = report(p("base.xlsx"), p("report_outside.xlsx"), True)
    report(p("base.xlsx"), p("report_wrong.xlsx"), False, wrong=True)
    with open(p("formulas.tsv"), "w", encoding="utf-8") as f:
        for name in ("grammar_op", "grammar_xw"):
            for row, formula in grammar_cells():
                f.write(f"{name}\t{TINH}\tF{row}\t{formula}\n")
        for sheet, ref, formula in rep:
            f.write(f"report\t{sheet}\t{ref}\t{formula}\n")
        for sheet, ref, formula in rep_out:
            f.write(f"report_outside\t{sheet}\t{ref}\t{formula}\n")
    n = len(GRAMMAR)
    with open(p("outside.tsv"), "w", encoding="utf-8") as f:
        for name in ("grammar_op", "grammar_xw"):
            f.write(f"{name}\t{TINH}\tF{n + 1}\n{name}\t{TINH}\tF{n + 2}\n")
        f.write(f"report_outside\tBiểu mẫu 2\tD{find_row(openpyxl.load_workbook(p('base.xlsx'))['Biểu mẫu 2'], '1')}\n")


if __name__ == "__main__":
    main()
