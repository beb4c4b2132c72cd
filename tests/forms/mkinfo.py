#!/usr/bin/python3
"""Writes one small workbook per accepted spelling of a Thông tin field: the
sheet Thông tin of an otherwise clean report, with one field written as a
unit may write it (README §3.3, §5; relations.md §15).  The other sheets are
left out: the test reads only the TI-* findings.

    mkinfo.py OUTDIR

OUTDIR/manifest.tsv, one line per workbook:
    GROUP  PATH  KEY  VALUE
GROUP names the field (unit, province, period, number, date, phone, email);
a clean spelling gives no TI-* finding, error or warning.
"""
import csv
import datetime as dt
import os
import sys

import xlsxwriter

HERE = os.path.dirname(os.path.abspath(__file__))
UNITS = os.path.join(HERE, "..", "..", "rulesets", "units", "kon-tum.tsv")

BASE = {"1": "Huyện Kon Rẫy", "2": "Kon Tum", "3": "Quý I/2023", "4": "75/BC-UBND", "5": "15/3/2023",
        "6": "Trần Văn Minh", "7": "0260 3821 234", "8": "vanphong.konray@kontum.gov.vn",
        "9": "15/12/2022", "10": "10/3/2023"}
LABELS = ["Đơn vị", "Tỉnh", "Kỳ báo cáo", "Số báo cáo", "Ngày báo cáo", "Người lập", "Điện thoại", "Email",
          "Số liệu từ ngày", "Số liệu đến ngày"]

# README §3.3: every alias of a Kỳ, with a report date and data window inside its window
PERIODS = [("Quý I/2023", "15/3/2023", "10/3/2023"), ("Quý 1/2023", "15/3/2023", "10/3/2023"),
           ("quý I năm 2023", "15/3/2023", "10/3/2023"), ("6 tháng/2023", "13/6/2023", "2/6/2023"),
           ("6 tháng đầu năm 2023", "13/6/2023", "2/6/2023"), ("9 tháng/2023", "14/9/2023", "8/9/2023"),
           ("09 tháng/2023", "14/9/2023", "8/9/2023"), ("9 tháng đầu năm 2023", "14/9/2023", "8/9/2023"),
           ("Quý III/2023", "14/9/2023", "8/9/2023"), ("Năm 2023", "14/12/2023", "8/12/2023"),
           ("Năm 2023", "10/1/2024", "31/12/2023")]
PROVINCES = ["Kon Tum", "tỉnh Kon Tum", "Tỉnh Kon Tum", "KON TUM", "Kontum", "TỈNH KON TUM"]
NUMBERS = ["75/BC-UBND", "Số 75/BC-UBND", "Số: 75/BC-UBND", "Số:75/BC-UBND", "08/BC-UBND", "1234/BC-UBND"]
PHONES = ["0260 3821 234", "0260.3821.234", "0260-3821-234", "(0260) 3821 234", "02603821234",
          "0905 123 456", "0905.123.456", "0905123456", "+84 260 3821 234", "+84905123456", "0389 123 456"]
EMAILS = ["vanphong.konray@kontum.gov.vn", "noivu_konray@gmail.com", "van.phong+cchc@kontum.gov.vn",
          "NoiVu.KonRay@KonTum.Gov.Vn"]
DATES = ["15/3/2023", "15/03/2023", "05/3/2023", "5/3/2023", dt.date(2023, 3, 15)]
# seen in the seeds and resolvable (README §5; KR and KRay are not accepted)
SEEN = [("614", "Huyện Kon Rẫy"), ("614", "HUYỆN KON RẪY"), ("614", "huyện Kon Rẫy"), ("614", "UBND huyện Kon Rẫy"),
        ("614", "Ủy ban Nhân dân huyện Kon Rẫy"), ("614", "Kon Ray"), ("615", "Đắk Hà"), ("615", "Đăk Hà")]


def units():
    with open(UNITS, encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    out = []
    for u in rows:
        names = [u["official_name"], u["code"], u["slug"]]
        names.append(u["base_name"] if u["code"] != "608" else "TP Kon Tum")
        for v in u["variants_likely"].split(";"):
            v = v.strip().replace(" (U+2019)", "").replace(" (U+02BC)", "")
            if v:
                names.append(v)
        out += [(u["code"], n) for n in names]
    return out + SEEN


def write(path, fields):
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("Thông tin")
    dfmt = wb.add_format({"num_format": "d/m/yyyy"})
    ws.write_row(0, 0, ["THÔNG TIN CHUNG VỀ BÁO CÁO"])
    ws.write_row(2, 0, ["STT", "Nội dung", "Đơn vị tính", "Thông tin", "Ghi chú"])
    for i, lab in enumerate(LABELS, 1):
        k = str(i)
        ws.write_string(2 + i, 0, k)
        ws.write_string(2 + i, 1, lab)
        v = fields[k]
        if isinstance(v, dt.date):
            ws.write_datetime(2 + i, 3, dt.datetime(v.year, v.month, v.day), dfmt)
        elif v:
            ws.write_string(2 + i, 3, v)
    wb.close()


def main():
    out = os.path.abspath(sys.argv[1])
    os.makedirs(out, exist_ok=True)
    cases = []
    for code, name in units():
        cases.append(("unit", "1", name, {"1": name}))
    for p, rep, to in PERIODS:
        cases.append(("period", "3", p, {"3": p, "5": rep, "10": to}))
    cases += [("province", "2", p, {"2": p}) for p in PROVINCES]
    cases += [("number", "4", n, {"4": n}) for n in NUMBERS]
    cases += [("phone", "7", p, {"7": p}) for p in PHONES]
    cases += [("email", "8", e, {"8": e}) for e in EMAILS]
    cases += [("date", "5", str(d), {"5": d, "10": "2/3/2023"}) for d in DATES]
    with open(os.path.join(out, "manifest.tsv"), "w", encoding="utf-8") as man:
        for i, (group, key, value, change) in enumerate(cases):
            fields = dict(BASE)
            fields.update(change)
            path = os.path.join(out, f"info-{i:03d}.xlsx")
            write(path, fields)
            man.write(f"{group}\t{path}\t{key}\t{value}\n")


if __name__ == "__main__":
    main()
