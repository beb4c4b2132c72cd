#!/usr/bin/python3
"""Writes the seed workbook: the bao-cao-dinh-ky form filled with the
`seed_value` column of the forms contract (Kbang, seed 002; Chỉ tiêu from
Kon Rẫy, seed 000, with its Ghi chú explanations), exactly as written in
the seeds ("08", "109.442", "5,2", "100%" are typed as text, as units type
them).

The seeds give no detail lists for Kbang, and an empty list would count as
0 against every summary cell (forms README §8).  So the lists are built
from the figures the seed's own text gives (its true values): Danh mục TTHC
with 282 district and 173 commune procedures (DVC levels 11/213 and 9/73,
online dossiers 634/33 and 2467/2, 81 district and 38 commune procedures
with fees, as the Ghi chú "Cấp huyện 81; cấp xã 38" says), Biên chế matching
Biểu mẫu 4 and 5 (12 agencies with 78/75, 50 public service units with
1079/1024/4, 14 communes), and an empty Văn bản chỉ đạo (Biểu mẫu 1 row 1
is 0).  The list-versus-summary relations then fire exactly where the
seed's Biểu mẫu disagree with its text (7.3.1, 8.3.1, 8.5.1).

Usage: mkseed.py FORMS_DIR OUT.xlsx
"""
import csv
import re
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


def spread(total, n, hot):
    """n integers summing to total, the first `hot` of them > 0 (the rest 0)."""
    out = [0] * n
    if hot == 0:
        return out
    base, extra = divmod(total, hot)
    for i in range(hot):
        out[i] = base + (1 if i < extra else 0)
    return out


def dm_rows():
    """Danh mục TTHC rows from the seed text's true figures."""
    out = []
    code = 4000

    def add(level, m, n, hs_total, ht_total, ht_hot, fee):
        nonlocal code
        ht = spread(ht_total, n, ht_hot)
        # dossiers received: each row at least its online dossiers, summing to hs_total
        hs = list(ht)
        rest = hs_total - sum(hs)
        for i in range(n):
            add_i = rest // (n - i) if n - i else 0
            hs[i] += add_i
            rest -= add_i
        for i in range(n):
            code += 1
            out.append([f"1.00{code}", f"Thủ tục {code}", "Hộ tịch", level,
                        {3: "Mức độ 3", 4: "Mức độ 4", 0: "Không"}[m],
                        "Có" if fee[0] > 0 else "Không", "Không", hs[i], ht[i] if m else 0])
            fee[0] -= 1
    # district: 11 at level 3 (1 with online dossiers), 213 at level 4 (5), 58 not online;
    # dossiers over levels 3-4: 634 received, 33 online; 81 with fees
    fee = [81]
    add("Huyện", 3, 11, 60, 3, 1, fee)
    add("Huyện", 4, 213, 574, 30, 5, fee)
    add("Huyện", 0, 58, 0, 0, 0, fee)
    # commune: 9 at level 3 (none online), 73 at level 4 (2); 2467 received, 2 online; 38 with fees
    fee = [38]
    add("Xã", 3, 9, 300, 0, 0, fee)
    add("Xã", 4, 73, 2167, 2, 2, fee)
    add("Xã", 0, 91, 0, 0, 0, fee)
    return [[i + 1] + r[:8] + [r[8], None] for i, r in enumerate(out)]


def bc_rows():
    out = []
    giao = spread(78, 12, 12)
    co_mat = [g - (1 if i < 3 else 0) for i, g in enumerate(giao)]  # 75
    for i in range(12):
        out.append([f"Phòng chuyên môn {i + 1}", "Hành chính", None, giao[i], None, co_mat[i], 0, 0])
    giao = spread(1079, 50, 50)
    co_mat = list(giao)
    for i in range(55):  # 1024 present
        co_mat[i % 50] -= 1
    tg = [1 if i < 4 else 0 for i in range(50)]
    for i in range(50):
        out.append([f"Trường học {i + 1}", "Sự nghiệp", "Giáo dục", giao[i], None, co_mat[i], 0, tg[i]])
    for i in range(14):
        out.append([f"Xã {i + 1}", "Cấp xã", None, 10, None, 9, 0, 0])
    return [[i + 1] + r + [None] for i, r in enumerate(out)]


def explanation(note):
    m = re.search(r"seed Ghi chú: '(.*?)'", note)
    return m.group(1) if m else None


def main(forms, out):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    lists = {"Biên chế": bc_rows(), "Danh mục TTHC": dm_rows(), "Văn bản chỉ đạo": []}
    for name, tsv, title in SHEETS:
        ws = wb.create_sheet(name)
        spec = rows(f"{forms}/bao-cao-dinh-ky/{tsv}")
        if title == "list":
            ws.append([name.upper()])
            ws.append([c["header"] for c in spec])
            for r in lists[name]:
                ws.append(r)
            continue
        ws.append([name])
        if title:
            ws.append([title])
        ws.append(["STT", "Chỉ tiêu thống kê (Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)",
                   "Kết quả thống kê", None, "Ghi chú"])
        ws.append([None, None, "Đơn vị tính", "Số liệu", None])
        for r in spec:
            v = r.get("seed_value", "")
            level = {"huyen": "Cấp huyện báo", "so": "Cấp sở báo", "khong": "Không báo"}.get(r["level"])
            note = level
            if name == "Chỉ tiêu":
                note = explanation(r.get("note", ""))
            if name == "Biểu mẫu 7" and r["key"] == "8.5.1":
                note = "Cấp huyện 81; cấp xã 38"  # the seed's own Ghi chú (F09)
            ws.append([r["key"], r["label"], r["unit"] or None, v if v != "" else None, note])
    wb.save(out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
