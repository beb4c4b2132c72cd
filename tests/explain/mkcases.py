#!/usr/bin/python3
"""Writes the odd files the help desk meets, for `xlsxcheck explain`.

    mkcases.py OUTDIR

A clean unit workbook of the bao-cao-dinh-ky form (tests/forms/mkclean.py:
Thành phố Kon Tum, Quý I/2023, the official template filled plainly with
openpyxl, sheet protection removed) is the base; every case changes one thing
(openpyxl, or bytes).  OUTDIR gets one file per case:

    clean.xlsx      the base, unchanged but for the protection
    xls.xlsx        a legacy .xls (an OLE compound file header) under .xlsx
    encrypted.xlsx  a password-protected workbook (OLE holding EncryptionInfo)
    html.xlsx       an HTML table saved under a spreadsheet name
    csv.xlsx        a CSV file under .xlsx
    text.xlsx       a plain text letter under .xlsx
    truncated.xlsx  the base cut in half (an unfinished download)
    macro.xlsm      the base as a macro-enabled workbook (content type)
    tcvn3.xlsx      the unit name and Biểu mẫu 1's labels typed in TCVN3 (.VnTime)
    vni.xlsx        the same in VNI-Windows (VNI-Times)
    nfd.xlsx        Biểu mẫu 2's labels and name in decomposed Unicode (NFD)
    oldform.xlsx    an older form: "Biểu mẫu 3" named "Bieu mau 3", a row 1.5
                    inserted in Biểu mẫu 3, a label of Biểu mẫu 1 in old words,
                    a key row moved
    formulas.xlsx   sums as formulas without cached values (openpyxl computes nothing),
                    one outside the subset (INT) and one that reads it
    textnum.xlsx    figures typed as text: "1.079", an ambiguous "1.234", "0.5"
    merged.xlsx     Biểu mẫu 1's C12:D12 and C13:D13 merged over the figure cells
    hidden.xlsx     "Biểu mẫu 2" hidden, "Biểu mẫu 3" protected

The TCVN3 and VNI encoders here are written from the published tables,
independently of xlsxcheck/legacy.c.  Diagnostics go to OUTDIR/gen.log.
"""
import os
import shutil
import subprocess
import sys
import unicodedata
import warnings
import zipfile

import openpyxl

warnings.simplefilter("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))

# TCVN3 (VN3): Unicode letter -> the Latin-1 character of its code
_T_UNI = "áàảãạăắằẳẵặâấầẩẫậéèẻẽẹêếềểễệíìỉĩịóòỏõọôốồổỗộơớờởỡợúùủũụưứừửữựýỳỷỹỵđĂÂÊÔƠƯĐ"
_T_ENC = ("¸µ¶·¹¨¾»¼½Æ©ÊÇÈÉËÐÌÎÏÑªÕÒÓÔÖÝ×ØÜÞãßáâä«èåæçé¬íêëìîóïñòô\u00adøõö÷ùýúûüþ®"
          "¡¢£¤¥¦§")
TCVN3 = dict(zip(_T_UNI, _T_ENC))
assert len(_T_UNI) == len(_T_ENC)

# VNI-Windows: base letter + mark (lower case; capitals: capital base, mark - 0x20)
_V_TONE = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
_V_CIRC = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
_V_BREVE = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
_V_I = {"\u0301": "í", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}


def vni_char(ch):
    if ch in "đĐ":
        return "ñ" if ch == "đ" else "Ñ"
    d = unicodedata.normalize("NFD", ch)
    if len(d) == 1 or not d[0].isalpha():
        return ch
    base, marks = d[0], d[1:]
    shape = ""
    tone = ""
    for m in marks:
        if m in ("\u0302", "\u0306", "\u031b"):
            shape = m
        else:
            tone = m
    up = base.isupper()
    b = base.lower()
    if b == "i":
        out = _V_I[tone] if tone else "i"
    elif b == "y" and tone == "\u0323":
        out = "î"
    elif shape == "\u0302":
        out = b + _V_CIRC[tone]
    elif shape == "\u0306":
        out = b + _V_BREVE[tone]
    elif shape == "\u031b":
        out = ("ô" if b == "o" else "ö") + (_V_TONE[tone] if tone else "")
    else:
        out = b + (_V_TONE[tone] if tone else "")
    if up:
        out = "".join(c.upper() if c.isascii() else chr(ord(c) - 0x20) for c in out)
    return out


def to_tcvn3(s):
    return "".join(TCVN3.get(c, TCVN3.get(c.lower(), c)) for c in unicodedata.normalize("NFC", s))


def to_vni(s):
    return "".join(vni_char(c) for c in unicodedata.normalize("NFC", s))


def run(cmd, log):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300)
    log.write(" ".join(cmd) + "\n" + p.stdout + "\n")
    if p.returncode:
        sys.exit(f"mkcases: {cmd[1]} failed: {p.stdout[-300:]}")


def find_row(ws, key):
    for r in range(1, ws.max_row + 1):
        v = ws.cell(r, 1).value
        if v is not None and str(v).strip().rstrip(".") == key:
            return r
    sys.exit(f"mkcases: no key {key} in {ws.title}")


def load(base):
    return openpyxl.load_workbook(base)


def main():
    out = os.path.abspath(sys.argv[1])
    os.makedirs(out, exist_ok=True)
    log = open(os.path.join(out, "gen.log"), "w", encoding="utf-8")
    gen = os.path.join(out, "gen")
    run([sys.executable, os.path.join(ROOT, "tests", "forms", "mkclean.py"), gen, "--only", "tp-kon-tum"], log)
    src = os.path.join(gen, "template_bao-cao-dinh-ky_tp-kon-tum_2023-q1.xlsx")
    if not os.path.exists(src):
        sys.exit("mkcases: mkclean.py wrote no template file: " + open(os.path.join(gen, "manifest.tsv")).read())
    base = os.path.join(out, "clean.xlsx")
    wb = load(src)
    for ws in wb.worksheets:
        ws.protection.sheet = False
    wb.save(base)
    raw = open(base, "rb").read()

    def path(name):
        return os.path.join(out, name)

    # ---- files that are not workbooks
    ole = bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + bytes(504)
    open(path("xls.xlsx"), "wb").write(ole + b"Workbook".decode().encode("utf-16-le") + bytes(1024))
    open(path("encrypted.xlsx"), "wb").write(ole + "EncryptionInfo".encode("utf-16-le") + bytes(64)
                                             + "EncryptedPackage".encode("utf-16-le") + bytes(1024))
    open(path("html.xlsx"), "w", encoding="utf-8").write(
        "<html><head><meta charset=\"utf-8\"></head><body><table>\n"
        "<tr><td>STT</td><td>Chỉ tiêu</td><td>Số liệu</td></tr>\n"
        "<tr><td>1</td><td>Số văn bản chỉ đạo CCHC</td><td>15</td></tr>\n</table></body></html>\n")
    open(path("csv.xlsx"), "w", encoding="utf-8").write(
        "STT,Chỉ tiêu,Đơn vị tính,Số liệu\n1,Số văn bản chỉ đạo CCHC,Văn bản,15\n"
        "2,Số nhiệm vụ đề ra trong kế hoạch,Nhiệm vụ,40\n2.2,Số nhiệm vụ đã hoàn thành,Nhiệm vụ,20\n")
    open(path("text.xlsx"), "w", encoding="utf-8").write(
        "Kính gửi Sở Nội vụ tỉnh Kon Tum\n\nỦy ban nhân dân thành phố Kon Tum gửi báo cáo quý I năm 2023.\n"
        "Trân trọng.\n")
    open(path("truncated.xlsx"), "wb").write(raw[: len(raw) // 2])

    # ---- a macro-enabled workbook: the same parts, the xlsm content type
    with zipfile.ZipFile(base) as zin, zipfile.ZipFile(path("macro.xlsm"), "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
            zout.writestr(item, data)

    # ---- legacy encodings: the unit name and Biểu mẫu 1's labels
    for name, enc in (("tcvn3.xlsx", to_tcvn3), ("vni.xlsx", to_vni)):
        wb = load(base)
        ti = wb["Thông tin"]
        ti["D5"] = enc("Ủy ban nhân dân thành phố Kon Tum")
        ws = wb["Biểu mẫu 1"]
        for r in range(1, ws.max_row + 1):
            v = ws.cell(r, 2).value
            if isinstance(v, str):
                ws.cell(r, 2).value = enc(v)
        ws["E10"] = enc("Ninh Bình")
        wb.save(path(name))

    # ---- decomposed Unicode
    wb = load(base)
    ws = wb["Biểu mẫu 2"]
    for r in range(1, ws.max_row + 1):
        v = ws.cell(r, 2).value
        if isinstance(v, str):
            ws.cell(r, 2).value = unicodedata.normalize("NFD", v)
    ws.title = unicodedata.normalize("NFD", ws.title)  # and its name
    wb.save(path("nfd.xlsx"))

    # ---- an older version of the form
    wb = load(base)
    ws = wb["Biểu mẫu 3"]
    ws.title = "Bieu mau 3"
    r = find_row(ws, "1.4")
    ws.insert_rows(r)
    ws.cell(r, 1).value = "1.5"
    ws.cell(r, 2).value = "Số TTHC thực hiện liên thông (chỉ tiêu cũ)"
    ws.cell(r, 3).value = "Thủ tục"
    ws.cell(r, 4).value = 12
    b1 = wb["Biểu mẫu 1"]
    r = find_row(b1, "2.1")
    b1.cell(r, 2).value = "Số nhiệm vụ trong kế hoạch CCHC năm (tên cũ)"
    b7 = wb["Biểu mẫu 7"]
    r1, r2 = find_row(b7, "1"), find_row(b7, "2")
    for c in range(1, 6):      # rows 1 and 2 swapped: moved
        a, b = b7.cell(r1, c).value, b7.cell(r2, c).value
        b7.cell(r1, c).value, b7.cell(r2, c).value = b, a
    wb.save(path("oldform.xlsx"))

    # ---- formulas without cached values
    wb = load(base)
    ws = wb["Biểu mẫu 3"]
    r = find_row(ws, "1.4")
    ws.cell(r, 4).value = f"=D{find_row(ws, '1.4.2')}+D{find_row(ws, '1.4.3')}"
    ws = wb["Biểu mẫu 1"]
    r = find_row(ws, "2")
    ws.cell(r, 4).value = f"=ROUND(D{find_row(ws, '2.2')}/D{find_row(ws, '2.1')}*100,2)"
    # outside the subset (INT), and the ratio above reads it: neither is computed,
    # neither may be reported as blank
    r21 = find_row(ws, "2.1")
    ws.cell(r21, 4).value = f"=INT({ws.cell(r21, 4).value})"
    wb.save(path("formulas.xlsx"))

    # ---- figures typed as text
    wb = load(base)
    ws = wb["Biểu mẫu 3"]
    r = find_row(ws, "1.4.2")
    ws.cell(r, 4).value = "137"
    ws = wb["Biểu mẫu 1"]
    ws.cell(find_row(ws, "2.1"), 4).value = "1.079"   # read as 1079: breaks 2 = 2.2 / 2.1
    ws.cell(find_row(ws, "2.2"), 4).value = "1.234"   # ambiguous
    ws.cell(find_row(ws, "2"), 4).value = "50.0"      # the English decimal point
    bc = wb["Biên chế"]
    for r in range(5, 8):
        v = bc.cell(r, 4).value
        if isinstance(v, (int, float)):
            bc.cell(r, 4).value = str(v)
    wb.save(path("textnum.xlsx"))

    # ---- merged cells over the figure cells
    wb = load(base)
    ws = wb["Biểu mẫu 1"]
    for key in ("2.1", "2.2"):
        r = find_row(ws, key)
        ws.merge_cells(start_row=r, start_column=3, end_row=r, end_column=4)
    wb.save(path("merged.xlsx"))

    # ---- a hidden and a protected input sheet
    wb = load(base)
    wb["Biểu mẫu 2"].sheet_state = "hidden"
    wb["Biểu mẫu 3"].protection.sheet = True
    wb.save(path("hidden.xlsx"))
    shutil.rmtree(gen, ignore_errors=True)


if __name__ == "__main__":
    main()
