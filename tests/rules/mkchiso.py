#!/usr/bin/python3
"""Seed 004 (Kon Rẫy, 2023) as a chi-so-cchc workbook, and variants of it.

    mkchiso.py OUTDIR

The workbook follows forms README §4: sheet "Thông tin" (the rows of
thong-tin.tsv: Huyện Kon Rẫy, Kon Tum, Năm 2023, …) and sheet "Chỉ số CCHC"
with two title rows, a header row, then the 129 rows of chi-so-cchc.tsv in
order from row 4 (key in A, label in B, Điểm tối đa C, Tự đánh giá D, giải
trình E, Thẩm định F, "x" in H for the criterion not assessed, 1.6.2); the
scores are the seed's (max_points / self_score / appraisal_score), numeric
cells; the total row T holds 97 / 90,29 / 89,21.

"Checks clean" (the issue: "Seed 004 as a chi-so-cchc workbook checks
clean (97 / 90,29 / 89,21)") means here: `xlsxcheck check` with the shipped
rulesets, the form picked by the sheets, exits 0 and prints NO finding at
all (no error, no warning).  The seed's giải trình texts are left out except
two whose fractions agree (11/19 … 57,89%; 503/646 … 77,86%); the seed's own
wrong "1/32= 8,68%" (relations.md FT-1 ✗) goes only into the variant
seed-note, which must give exactly that one FT-1 error.

Variants: self-score (3.4.1 self 0,97 -> 0,79: CS-3 at 3.4), self-section
(3: CS-3 at 3 and CS-5 at T), max (2.2.1 max 0,5 -> 1: CS-2 at 2.2, CS-12 at
2.2.1), unflagged (1.6.2 not flagged: CS-4, T must be 100), flag-parent (1.6
flagged too: CS-4, T must be 93; CS-9 at 1.6), missing-ti-key and
missing-cs-key (G-3; CS-1 only for the Chỉ số CCHC key), seed-note (FT-1).

Writes OUTDIR/<variant>.xlsx and OUTDIR/chiso.json (the manifest format of
mkcases.py, "rules": null = the shipped rulesets, "exit" = the status due).
The case chiso-libreoffice names OUTDIR/lo/<variant>.xlsx: run.sh converts
OUTDIR/clean.xlsx and OUTDIR/self-score.xlsx with one soffice call first.
"""
import json
import os
import sys
from decimal import Decimal

from openpyxl import Workbook

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
FORMS = os.path.join(ROOT, "rulesets", "forms")


def tsv(path):
    with open(path, encoding="utf-8") as f:
        lines = [l.rstrip("\n").split("\t") for l in f if l.strip()]
    return [dict(zip(lines[0], l + [""] * (len(lines[0]) - len(l)))) for l in lines[1:]]


SPEC = tsv(os.path.join(FORMS, "chi-so-cchc.tsv"))
TIS = tsv(os.path.join(FORMS, "bao-cao-dinh-ky", "thong-tin.tsv"))
FIRST = 4  # the row of the first criterion
ROW = {r["key"]: FIRST + i for i, r in enumerate(SPEC)}
SHEET = "Chỉ số CCHC"

THONG_TIN = {"1": "Huyện Kon Rẫy", "2": "Kon Tum", "3": "Năm 2023", "4": "540/BC-UBND",
             "5": "14/12/2023", "6": "Nguyễn Văn An", "7": "0905 123 456",
             "8": "noivu@konray.kontum.gov.vn"}
NOTES = {"1.6.1": "Có 11/19 nhiệm vụ hoàn thành đúng hạn, đạt 57,89%",
         "3.4.1": "Tiếp nhận 646 hồ sơ; đã giải quyết đúng hạn 503/646 hồ sơ, đạt tỷ lệ 77,86%",
         "1.6.2": "UBND huyện Kon Rẫy được giao chủ trì tham mưu 00 nội dung. Do đó, UBND huyện không đánh giá tiêu chí này"}
SEED_NOTE = ("7.3.2", "Tỷ lệ 1/32= 8,68%")


def vi(s):
    """'12,88' -> 12.88, '16' -> 16 (the TSV's Vietnamese notation)."""
    if not s:
        return None
    d = Decimal(s.replace(".", "").replace(",", "."))
    return int(d) if d == d.to_integral_value() else float(d)


def scores():
    """key -> [max, self, appraisal, note, flag] of seed 004."""
    return {r["key"]: [vi(r["max_points"]), vi(r["self_score"]), vi(r["appraisal_score"]),
                       NOTES.get(r["key"]), "x" if r["excluded_2023"] == "yes" else None] for r in SPEC}


def write(path, s, drop=()):
    """drop: keys of Thông tin ("TI!6") or Chỉ số CCHC ("5.8.2") left out."""
    wb = Workbook()
    ti = wb.active
    ti.title = "Thông tin"
    ti.append(["STT", "Thông tin", "", "Nội dung", "Ghi chú"])
    for r in TIS:
        if "TI!" + r["key"] not in drop:
            ti.append([r["key"], r["label"], None, THONG_TIN.get(r["key"]), None])
    ws = wb.create_sheet(SHEET)
    ws.append([None, "BẢNG TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023"])
    ws.append([None, "Đơn vị: Huyện Kon Rẫy"])
    ws.append(["STT", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần", "Điểm tối đa", "Tự đánh giá",
               "Tài liệu kiểm chứng/Giải trình", "Thẩm định", "Ý kiến hội đồng thẩm định", "Không đánh giá"])
    for r in SPEC:
        if r["key"] in drop:
            continue
        mx, se, ap, note, flag = s[r["key"]]
        ws.append([r["key"], r["label"], mx, se, note, ap, None, flag])
        assert drop or ws.max_row == ROW[r["key"]]
    wb.save(path)


def F(rule, col, key, actual, expected):
    return [rule, SHEET, f"{col}{ROW[key]}", key, actual, expected, {}]


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: mkchiso.py OUTDIR")
    out = sys.argv[1]
    os.makedirs(os.path.join(out, "lo"), exist_ok=True)
    books = {}

    books["clean"] = scores()
    s = scores()                       # 3.4.1 self 0,97 -> 0,79: 3.4 is no longer the sum
    s["3.4.1"][1] = 0.79
    books["self-score"] = s
    s = scores()                       # section 3 self 16,97 -> 17,97: 3 and T
    s["3"][1] = 17.97
    books["self-section"] = s
    s = scores()                       # 2.2.1 max 0,5 -> 1: 2.2 and the 2023 scheme
    s["2.2.1"][0] = 1
    books["max"] = s
    s = scores()                       # 1.6.2 assessed after all: T must be 100
    s["1.6.2"][4] = None
    books["unflagged"] = s
    s = scores()                       # 1.6 flagged too: T must be 100 - 7, 1.6 scored
    s["1.6"][4] = "x"
    books["flag-parent"] = s
    s = scores()
    s[SEED_NOTE[0]][3] = SEED_NOTE[1]
    books["seed-note"] = s
    for name, sc in books.items():
        write(os.path.join(out, name + ".xlsx"), sc)
    # a key missing: G-3 for either sheet, CS-1 (keys CS) for Chỉ số CCHC only
    write(os.path.join(out, "missing-ti-key.xlsx"), scores(), drop=("TI!6",))
    write(os.path.join(out, "missing-cs-key.xlsx"), scores(), drop=("5.8.2",))

    def variant(name, expect, code, folder=""):
        return {"name": name, "file": os.path.join(out, folder, name + ".xlsx"), "expect": expect, "exit": code}

    self_score = [F("CS-3", "D", "3.4", "3,47", "3,29")]
    manifest = [
        {"case": "chiso-clean", "rules": None, "variants": [variant("clean", [], 0)]},
        {"case": "chiso-self-score", "rules": None, "variants": [
            variant("self-score", self_score, 1),
            variant("self-section", [F("CS-3", "D", "3", "17,97", "16,97"),
                                     F("CS-5", "D", "T", "90,29", "91,29")], 1)]},
        {"case": "chiso-max", "rules": None, "variants": [
            variant("max", [F("CS-2", "C", "2.2", "4", "4,5"), F("CS-12", "C", "2.2.1", "1", "0,5")], 1)]},
        {"case": "chiso-exclusion", "rules": None, "variants": [
            variant("unflagged", [F("CS-4", "C", "T", "97", "100")], 1),
            variant("flag-parent", [F("CS-4", "C", "T", "97", "93"), F("CS-9", "D", "1.6", "3,88", "")], 1)]},
        {"case": "chiso-keys", "rules": None, "variants": [
            variant("missing-ti-key", [["G-3", "Thông tin", "", "6", "6", "", {}]], 1),
            variant("missing-cs-key", [["G-3", SHEET, "", "5.8.2", "5.8.2", "", {}],
                                       ["CS-1", SHEET, "", "5.8.2", "5.8.2", "", {}]], 1)]},
        {"case": "chiso-seed-note", "rules": None, "variants": [
            variant("seed-note", [F("FT-1", "E", SEED_NOTE[0], "1/32= 8,68%", "1/32 = 3,13%")], 1)]},
        {"case": "chiso-libreoffice", "rules": None, "variants": [
            variant("clean", [], 0, "lo"), variant("self-score", self_score, 1, "lo")]},
    ]
    with open(os.path.join(out, "chiso.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
