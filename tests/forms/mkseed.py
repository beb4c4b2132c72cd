#!/usr/bin/python3
"""Writes the seed workbook: the bao-cao-dinh-ky form filled with the
`seed_value` column of the forms contract (Kbang, seed 002; Chỉ tiêu from
Kon Rẫy, seed 000), exactly as written in the seeds ("08", "109.442",
"5,2", "100%" are typed as text, as units type them).  Detail lists are
left with their header only (the seeds give no rows for Kbang).

Usage: mkseed.py FORMS_DIR OUT.xlsx
"""
import csv
import sys

import openpyxl

SHEETS = [
    ("Thông tin", "thong-tin.tsv", None),
    ("Biểu mẫu 1", "bieu-mau-1.tsv", "Công tác chỉ đạo điều hành CCHC"),
    ("Biểu mẫu 2", "bieu-mau-2.tsv", "Cải cách thể chế"),
    ("Biểu mẫu 3", "bieu-mau-3.tsv", "Cải cách thủ tục hành chính"),
    ("Biểu mẫu 4", "bieu-mau-4.tsv", "Cải cách tổ chức bộ máy"),
    ("Biểu mẫu 5", "bieu-mau-5.tsv", "Cải cách chế độ công vụ"),
    ("Biểu mẫu 6", "bieu-mau-6.tsv", "Cải cách tài chính công"),
    ("Biểu mẫu 7", "bieu-mau-7.tsv", "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số"),
    ("Biên chế", "bien-che.tsv", "list"),
    ("Danh mục TTHC", "danh-muc-tthc.tsv", "list"),
    ("Văn bản chỉ đạo", "van-ban-chi-dao.tsv", "list"),
    ("Chỉ tiêu", "chi-tieu.tsv", "Thống kê kết quả thực hiện các chỉ tiêu về công tác CCHC"),
]


def rows(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def main(forms, out):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, tsv, title in SHEETS:
        ws = wb.create_sheet(name)
        spec = rows(f"{forms}/bao-cao-dinh-ky/{tsv}")
        if title == "list":
            ws.append([name.upper()])
            ws.append([c["header"] for c in spec])
            continue
        ws.append([name])
        if title:
            ws.append([title])
        ws.append(["STT", "Chỉ tiêu thống kê (Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)",
                   "Kết quả thống kê", None, "Ghi chú"])
        ws.append([None, None, "Đơn vị tính", "Số liệu", None])
        for r in spec:
            v = r.get("seed_value", "")
            level = {"huyen": "Cấp huyện báo", "so": "Cấp sở báo", "khong": "Không báo"}.get(r["level"], None)
            ws.append([r["key"], r["label"], r["unit"] or None, v if v != "" else None, level])
    wb.save(out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
