#!/usr/bin/python3
"""Writes CLEAN, CONSISTENT district workbooks of the bao-cao-dinh-ky form:
one periodic report (default "Quý I/2023") for each of the 10 units of
rulesets/units/kon-tum.tsv, deterministic (seeded by the unit code), that
satisfies every relation of relations.md with scope D.

    mkclean.py OUTDIR [--period "Quý I/2023"|"6 tháng/2023"|"9 tháng/2023"|"Năm 2023"]
                      [--only SLUG,...] [--model]

How the data are made: the detail lists first (Biên chế, Danh mục TTHC,
Văn bản chỉ đạo), then every summary cell of Biểu mẫu 1-7 and Chỉ tiêu is
derived from them (counts = list counts, sums, ratios 100*n/d rounded to 2
decimals, levels so/khong blank, headers blank).  verify() re-checks the
relations on the model before anything is written, so a finding of the
checker on these files is a checker or ruleset bug, not a data slip.

Each unit is then written by one producer (openpyxl, XlsxWriter, LibreOffice
headless converting the openpyxl file, gnumeric's ssconvert converting it)
with a set of BENIGN VARIATIONS real files carry (the table VARIANTS below;
every variation is used by at least two units).

The same data are also filled into the official template
(templates/bao-cao-dinh-ky.xlsx) with openpyxl, plainly typed, as
template_<file>.xlsx (manifest slug "template.<slug>").

OUTDIR gets one bao-cao-dinh-ky_<slug>_<yyyy>-<q1|6t|9t|nam>.xlsx per unit and
manifest.tsv, one line per workbook:
    ok    SLUG  PATH  PRODUCER  VARIATIONS(comma-separated)
    fail  SLUG  REASON
With --model, OUTDIR/<slug>.model.txt also gets the model (for debugging).
Diagnostics go to OUTDIR/gen.log; nothing is printed on stdout.
"""
import argparse
import csv
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import unicodedata
from decimal import Decimal, ROUND_HALF_UP

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
FORMS = os.path.join(ROOT, "rulesets", "forms", "bao-cao-dinh-ky")
UNITS = os.path.join(ROOT, "rulesets", "units", "kon-tum.tsv")

LOG = None


def log(*a):
    if LOG:
        print(*a, file=LOG, flush=True)


def tsv(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


# --------------------------------------------------------------------------
# The form: sheet id, canonical name, spec, titles (from rulesets/forms/layout.tsv)

KEYED_HEADER = (["STT", "Chỉ tiêu thống kê (Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)",
                 "Kết quả thống kê", None, "Ghi chú"],
                [None, None, "Đơn vị tính", "Số liệu", None])
SHEETS = [
    # id, name, spec, kind, title, subtitle
    ("TI", "Thông tin", "thong-tin.tsv", "keyed", "THÔNG TIN CHUNG VỀ BÁO CÁO",
     "Báo cáo định kỳ công tác cải cách hành chính (quý I, 6 tháng, 9 tháng, năm)"),
    ("BM1", "Biểu mẫu 1", "bieu-mau-1.tsv", "keyed", "Biểu mẫu 1", "Công tác chỉ đạo điều hành CCHC"),
    ("BM2", "Biểu mẫu 2", "bieu-mau-2.tsv", "keyed", "Biểu mẫu 2", "Cải cách thể chế"),
    ("BM3", "Biểu mẫu 3", "bieu-mau-3.tsv", "keyed", "Biểu mẫu 3", "Cải cách thủ tục hành chính"),
    ("BM4", "Biểu mẫu 4", "bieu-mau-4.tsv", "keyed", "Biểu mẫu 4", "Cải cách tổ chức bộ máy"),
    ("BM5", "Biểu mẫu 5", "bieu-mau-5.tsv", "keyed", "Biểu mẫu 5", "Cải cách chế độ công vụ"),
    ("BM6", "Biểu mẫu 6", "bieu-mau-6.tsv", "keyed", "Biểu mẫu 6", "Cải cách tài chính công"),
    ("BM7", "Biểu mẫu 7", "bieu-mau-7.tsv", "keyed", "Biểu mẫu 7",
     "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số"),
    ("BC", "Biên chế", "bien-che.tsv", "list",
     "SỐ LIỆU BIÊN CHẾ, SỐ LƯỢNG NGƯỜI LÀM VIỆC THEO CƠ QUAN, ĐƠN VỊ", None),
    ("DM", "Danh mục TTHC", "danh-muc-tthc.tsv", "list",
     "DANH MỤC THỦ TỤC HÀNH CHÍNH THUỘC THẨM QUYỀN GIẢI QUYẾT CỦA CẤP HUYỆN, CẤP XÃ", None),
    ("VB", "Văn bản chỉ đạo", "van-ban-chi-dao.tsv", "list",
     "DANH MỤC VĂN BẢN CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH ĐÃ BAN HÀNH", None),
    ("CT", "Chỉ tiêu", "chi-tieu.tsv", "keyed",
     "THỐNG KÊ KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU VỀ CÔNG TÁC CẢI CÁCH HÀNH CHÍNH", None),
]
ALIASES = {"TI": "Thong tin", "BM1": "BM1", "BM2": "Bieu mau 2", "BM3": "BM3", "BM4": "BM-4",
           "BM5": "Biểu 5", "BM6": "Bieu 6", "BM7": "BM 7", "BC": "Bien che", "DM": "TTHC",
           "VB": "Danh mục văn bản", "CT": "Chi tieu"}
# List columns in the spec's order: short name -> header (and an alias header).
LIST_COLS = {
    "BC": [("TT", "TT", "STT"), ("TEN", "Tên cơ quan, đơn vị", "Tên đơn vị"), ("LOAI", "Loại", "Phân loại"),
           ("LV", "Lĩnh vực", "Lĩnh vực sự nghiệp"), ("GIAO", "Biên chế được giao", "Số được giao"),
           ("NT", "Trong đó từ nguồn thu", "Từ nguồn thu"), ("CM", "Có mặt", "Số có mặt"),
           ("HD", "Hợp đồng lao động", "HĐLĐ"), ("TG", "Tinh giản trong kỳ", "Đã tinh giản"),
           ("GC", "Ghi chú", "Ghi chú")],
    "DM": [("TT", "TT", "STT"), ("MA", "Mã TTHC", "Mã thủ tục"), ("TEN", "Tên TTHC", "Tên thủ tục hành chính"),
           ("LV", "Lĩnh vực", "Lĩnh vực TTHC"), ("C", "Cấp thực hiện", "Cấp giải quyết"),
           ("M", "Mức độ DVC", "Mức độ dịch vụ công"), ("P", "Có phí, lệ phí", "Phí, lệ phí"),
           ("T", "Thanh toán trực tuyến", "Đã triển khai thanh toán trực tuyến"),
           ("HS", "Hồ sơ tiếp nhận", "Số hồ sơ tiếp nhận"), ("HT", "Hồ sơ trực tuyến", "Hồ sơ nộp trực tuyến"),
           ("GC", "Ghi chú", "Ghi chú")],
    "VB": [("TT", "TT", "STT"), ("LOAI", "Tên loại", "Loại văn bản"), ("TY", "Trích yếu nội dung", "Trích yếu"),
           ("SO", "Số, ký hiệu, ngày", "Số, ký hiệu, ngày ban hành"), ("GC", "Ghi chú", "Ghi chú")],
}
LEVEL_NOTE = {"huyen": "Cấp huyện báo", "so": "Cấp sở báo", "khong": "Không báo"}

# --------------------------------------------------------------------------
# Units: name variants, communes, producer and variations (the spread).
#
# Variations:
#   titles     extra title rows above the header of every sheet
#   blankrows  blank rows inserted between keyed rows and between list rows
#   rephead    the header repeated (a page break) in the middle of long sheets
#   textnum    numbers typed as text in Vietnamese notation ("1.079", "5,2",
#              "36,36", "100%", "08")
#   pctfrac    percent rows stored as a fraction with a % number format
#   keydot     keys with a trailing dot ("3.3.2.") where the seed prints them
#   nfd        labels, headers and titles in NFD Unicode
#   nfdall     every text cell and the sheet names in NFD
#   alias      alias sheet names ("BM3", "Bieu mau 2", "Thong tin", ...)
#   datetext   dates of Thông tin typed as text "15/3/2023" (else real date cells)
#   extrasheet an extra unknown sheet (warning G-2)
#   listtitle  detail lists with title rows above the header
#   colnum     a column-number row "(1) (2) ..." under the headers
#   colorder   list columns in another order (and alias headers)
#   nowindow   Số liệu từ/đến ngày left blank (optional rows)
#   zeroratio  a 0/0 ratio (BM1 3.3 = 0, BM3 3.4 = 100: both allowed by §0)
#   notdone    BM4 1.2.b = 2 (not completed) instead of 1.2.a = 1; a commune
#              not connected (BM7 5.1.3 = 2); no satisfaction survey (BM1 6 = 0)
#   qppl       a QPPL decision numbered "Số 02/2023/QĐ-UBND"
#   spaces     stray spaces: around keys ("3.3.2 "), runs of spaces in labels
#              and the unit name, text numbers grouped by spaces ("1 079")
#   formulas   totals and ratios as formulas with their values (=D8+D9,
#              =ROUND(D8/D7*100,2)); XlsxWriter stores the value, LibreOffice
#              and gnumeric compute it (openpyxl cannot, so not used there)
#   merged     merged title cells and the two-row header merged as printed
#   sheetorder the sheets in another order (lists first, Chỉ tiêu second)
#   codelabel  code rows written as their label ("Có", "Đã kết nối") and the
#              Chỉ tiêu statuses as their codes (1, 2, 3)
#   numkey     keys typed as numbers (1, 2.1): warning G-5 only
#   rawpct     percents stored unrounded (36.36363636…, General format)
#   dateserial dates of Thông tin as bare Excel serials in General format
#   emptyvb    an empty Văn bản chỉ đạo list (BM1 row 1 = 0)
#   vbstyle    document numbers typed loosely: "Số: 12/KH-UBND ngày 5/1/2023"
#              (no comma), "số 18/TTr- UBND, Ngày …" (case, a space after "-")
#   case       codes in another case: "ĐẠT", "chưa đạt", "huyện", "CÓ", "không"
#   md2        procedures below level 3 written "Mức độ 2" / "Mức độ 1" (read
#              as Không with warning DM-3.w)
#   wrapheader header cells wrapped with line breaks ("Hồ sơ\ntiếp nhận",
#              "Chỉ tiêu thống kê\n(Sử dụng …)"), as Alt+Enter leaves them
#   listalias  list codes through their aliases ("Cấp huyện", "UBND cấp xã",
#              Mức độ as the numbers 3, 4, 0, "DVC toàn trình")
COMMUNES = {"608": 21, "610": 12, "611": 8, "612": 9, "613": 9, "614": 7, "615": 11,
            "616": 10, "617": 11, "618": 3}
UNIT_NAME = {"608": "TP. Kon Tum", "610": "UBND huyện Đăk Glei", "611": "Huyện Ngọc Hồi",
             "612": "Ủy ban nhân dân huyện Đắk Tô", "613": "HUYỆN KON PLÔNG", "614": "KON RẪY",
             "615": "UBND huyện Đăk Hà", "616": "Sa Thầy", "617": "Uỷ ban nhân dân huyện Tu Mơ Rông",
             "618": "Ia H\u2019Drai"}
PROVINCE = {"608": "Kon Tum", "610": "tỉnh Kon Tum", "611": "KON TUM", "612": "Kon Tum",
            "613": "Tỉnh Kon Tum", "614": "Kon Tum", "615": "tỉnh Kon Tum", "616": "Kontum",
            "617": "Kon Tum", "618": "KON TUM"}
VARIANTS = {
    "608": ("openpyxl", "titles keydot textnum datetext listtitle qppl spaces"),
    "610": ("xlsxwriter", "blankrows pctfrac nfd extrasheet colnum formulas merged md2"),
    "611": ("libreoffice", "rephead alias listtitle colnum textnum datetext merged sheetorder vbstyle"),
    "612": ("gnumeric", "colorder textnum pctfrac keydot nowindow codelabel emptyvb case"),
    "613": ("openpyxl", "nfdall rephead extrasheet colorder zeroratio notdone numkey rawpct dateserial wrapheader"),
    "614": ("xlsxwriter", "titles textnum colnum keydot datetext qppl merged listalias vbstyle"),
    "615": ("libreoffice", "pctfrac keydot blankrows nfd extrasheet zeroratio formulas dateserial"),
    "616": ("gnumeric", "alias titles listtitle datetext blankrows notdone rawpct listalias sheetorder formulas md2"),
    "617": ("openpyxl", "alias rephead blankrows colorder pctfrac nowindow codelabel numkey spaces vbstyle case"),
    "618": ("xlsxwriter", "alias rephead titles textnum listtitle datetext qppl emptyvb merged wrapheader"),
}
PERIODS = {"Quý I": ("q1", (3, 1), (4, 30)), "6 tháng": ("6t", (6, 1), (7, 31)),
           "9 tháng": ("9t", (9, 1), (10, 31)), "Năm": ("nam", (12, 1), (1, 31))}

# --------------------------------------------------------------------------
# Numbers

D = Decimal
TWO = D("0.01")


def split_period(text):
    """"Quý I/2023" -> ("Quý I", 2023); "Năm 2023" -> ("Năm", 2023)."""
    import re
    m = re.fullmatch(r"(Quý I|6 tháng|9 tháng)/(\d{4})|(Năm) (\d{4})", text)
    if not m:
        sys.exit(f"mkclean: unknown period {text!r} (Quý I/YYYY, 6 tháng/YYYY, 9 tháng/YYYY, Năm YYYY)")
    return (m.group(1), int(m.group(2))) if m.group(1) else (m.group(3), int(m.group(4)))


# Kỳ báo cáo as some units type it (README §3.3 aliases)
PERIOD_ALIAS = {("614", "Quý I"): "Quý 1/{y}", ("616", "Quý I"): "quý I năm {y}",
                ("614", "6 tháng"): "6 tháng đầu năm {y}", ("616", "9 tháng"): "9 tháng đầu năm {y}",
                ("614", "9 tháng"): "09 tháng/{y}", ("618", "9 tháng"): "Quý III/{y}"}


def pct(n, d):
    """100 * n / d rounded half-up to 2 decimals (None when d = 0)."""
    if d == 0:
        return None
    return (D(100) * D(n) / D(d)).quantize(TWO, ROUND_HALF_UP)


def trim(x):
    """Decimal without trailing zeros (36.30 -> 36.3, 100.00 -> 100)."""
    x = D(x)
    if x == x.to_integral_value():
        return D(int(x))
    return x.normalize()


def vn(x, lead0=False):
    """Vietnamese notation: '.' groups thousands, ',' is the decimal mark."""
    x = trim(x)
    neg = x < 0
    x = abs(x)
    s = format(x, "f")
    ip, _, fp = s.partition(".")
    if lead0 and len(ip) == 1 and not fp:
        ip = "0" + ip
    g = []
    while len(ip) > 3:
        g.insert(0, ip[-3:])
        ip = ip[:-3]
    g.insert(0, ip)
    out = ".".join(g) + ("," + fp if fp else "")
    return ("-" if neg else "") + out


def dmy(d, pad=False):
    return f"{d.day:02d}/{d.month:02d}/{d.year}" if pad else f"{d.day}/{d.month}/{d.year}"


# --------------------------------------------------------------------------
# Vocabulary

HC_AGENCIES = ["Văn phòng HĐND và UBND", "Phòng Nội vụ", "Phòng Tư pháp", "Phòng Tài chính - Kế hoạch",
               "Phòng Kinh tế - Hạ tầng", "Phòng Tài nguyên và Môi trường",
               "Phòng Lao động - Thương binh và Xã hội", "Phòng Văn hóa và Thông tin",
               "Phòng Giáo dục và Đào tạo", "Phòng Y tế", "Thanh tra", "Phòng Nông nghiệp và PTNT",
               "Phòng Dân tộc"]
SN_OTHER = [("Trung tâm Y tế", "Y tế"), ("Trung tâm Văn hóa - Thể thao - Du lịch và Truyền thông", "Văn hóa"),
            ("Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên", "Giáo dục nghề nghiệp - GDTX"),
            ("Ban Quản lý dự án đầu tư xây dựng", "Sự nghiệp khác"),
            ("Trung tâm Dịch vụ nông nghiệp", "Sự nghiệp khác"),
            ("Ban Quản lý rừng phòng hộ", "Sự nghiệp khác")]
SCHOOL_KIND = ["Trường Mầm non", "Trường Tiểu học", "Trường THCS", "Trường PTDTBT TH và THCS"]
SCHOOL_NAMES = ["Hoa Hồng", "Họa Mi", "Sơn Ca", "Vành Khuyên", "Anh Đào", "Tuổi Thơ", "Bình Minh",
                "Lê Lợi", "Nguyễn Huệ", "Trần Phú", "Lý Tự Trọng", "Kim Đồng", "Võ Thị Sáu",
                "Nguyễn Du", "Chu Văn An", "Lê Quý Đôn", "Quang Trung", "Hùng Vương", "Ngô Quyền",
                "Phan Bội Châu", "Nguyễn Trãi", "Trần Quốc Toản", "Lê Văn Tám", "Hoàng Hoa Thám"]
COMMUNE_NAMES = {
    "614": ["Thị trấn Đăk Rve", "Xã Đăk Kôi", "Xã Đăk Tơ Lung", "Xã Đăk Ruồng", "Xã Tân Lập",
            "Xã Đăk Tờ Re", "Xã Đăk Pne"],
    "615": ["Thị trấn Đắk Hà", "Xã Đắk Mar", "Xã Đắk Hring", "Xã Đắk Psi", "Xã Đắk Ui", "Xã Đắk La",
            "Xã Hà Mòn", "Xã Ngọk Wang", "Xã Ngọk Réo", "Xã Đắk Long", "Xã Đắk Ngọk"],
}
SYL = ["Đăk", "Ngọc", "Sa", "Pờ", "Ya", "Mô", "Rơ", "Kon", "Hơ", "Ia", "Măng", "Tê", "Xốp", "Nhơn",
       "Bờ", "Lây", "Choong", "Dom", "Tân", "Hiếu", "Vinh", "Quang", "Chư", "Lang"]
DM_NAMES = {
    "Huyện": [("Hộ tịch", "Đăng ký khai sinh có yếu tố nước ngoài"), ("Hộ tịch", "Đăng ký kết hôn có yếu tố nước ngoài"),
              ("Hộ tịch", "Thay đổi, cải chính, bổ sung thông tin hộ tịch"),
              ("Chứng thực", "Chứng thực bản sao từ bản chính giấy tờ, văn bản"),
              ("Đất đai", "Đăng ký biến động quyền sử dụng đất"), ("Đất đai", "Giao đất, cho thuê đất"),
              ("Xây dựng", "Cấp giấy phép xây dựng nhà ở riêng lẻ"),
              ("Thành lập và hoạt động doanh nghiệp", "Đăng ký thành lập hộ kinh doanh"),
              ("Thành lập và hoạt động doanh nghiệp", "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh"),
              ("Lưu thông hàng hóa trong nước", "Cấp giấy phép bán lẻ sản phẩm rượu"),
              ("Giáo dục và Đào tạo", "Cho phép trường tiểu học hoạt động giáo dục"),
              ("Bảo trợ xã hội", "Thực hiện trợ cấp xã hội hàng tháng"),
              ("Người có công", "Giải quyết chế độ trợ cấp thờ cúng liệt sĩ"),
              ("Lâm nghiệp", "Phê duyệt phương án khai thác thực vật rừng"),
              ("Môi trường", "Đăng ký kế hoạch bảo vệ môi trường"),
              ("Văn hóa", "Cấp giấy phép tổ chức lễ hội"), ("Y tế", "Cấp giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm"),
              ("Thi đua - Khen thưởng", "Tặng giấy khen của Chủ tịch UBND cấp huyện"),
              ("Tôn giáo", "Đăng ký hoạt động tín ngưỡng"), ("Nông nghiệp", "Hỗ trợ khắc phục thiệt hại do thiên tai")],
    "Xã": [("Hộ tịch", "Đăng ký khai sinh"), ("Hộ tịch", "Đăng ký khai tử"), ("Hộ tịch", "Đăng ký kết hôn"),
           ("Hộ tịch", "Cấp giấy xác nhận tình trạng hôn nhân"), ("Hộ tịch", "Đăng ký giám hộ"),
           ("Chứng thực", "Chứng thực chữ ký trong các giấy tờ, văn bản"),
           ("Chứng thực", "Chứng thực hợp đồng, giao dịch liên quan đến nhà ở"),
           ("Bảo trợ xã hội", "Trợ giúp xã hội khẩn cấp về hỗ trợ làm nhà ở"),
           ("Người có công", "Xác nhận vào đơn đề nghị di chuyển hài cốt liệt sĩ"),
           ("Đất đai", "Hòa giải tranh chấp đất đai"), ("Nông nghiệp", "Xác nhận nguồn gốc gỗ"),
           ("Văn hóa", "Công nhận gia đình văn hóa"), ("Thi đua - Khen thưởng", "Tặng giấy khen của Chủ tịch UBND cấp xã"),
           ("Tôn giáo", "Đăng ký sinh hoạt tôn giáo tập trung"), ("Giáo dục và Đào tạo", "Cho phép nhóm trẻ độc lập hoạt động"),
           ("Tiếp công dân", "Tiếp công dân tại cấp xã"), ("Khiếu nại, tố cáo", "Giải quyết khiếu nại lần đầu tại cấp xã")],
}
NAME_SUFFIX = ["", " (trường hợp cấp lại)", " (trường hợp thay đổi, bổ sung)", " (trường hợp có yếu tố nước ngoài)",
               " (đối với cá nhân)", " (đối với tổ chức)", " (thực hiện liên thông)", " (trường hợp đặc biệt)"]
VB_TOPICS = {
    "Kế hoạch": ["Cải cách hành chính năm {y}", "Kiểm tra công tác cải cách hành chính năm {y}",
                 "Tuyên truyền cải cách hành chính năm {y}", "Rà soát, đánh giá thủ tục hành chính năm {y}",
                 "Khắc phục hạn chế, nâng cao Chỉ số cải cách hành chính năm {y}",
                 "Chuyển đổi số trên địa bàn huyện năm {y}", "Kiểm soát thủ tục hành chính năm {y}"],
    "Quyết định": ["Kiện toàn Tổ công tác cải cách hành chính huyện", "Ban hành Quy chế tổ chức và hoạt động của Bộ phận Một cửa",
                   "Công bố danh mục thủ tục hành chính thực hiện tiếp nhận không phụ thuộc địa giới hành chính",
                   "Thành lập Đoàn kiểm tra công tác cải cách hành chính năm {y}"],
    "Báo cáo": ["Kết quả thực hiện công tác cải cách hành chính quý IV năm {p}",
                "Tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm {p}"],
    "Thông báo": ["Kết luận của Chủ tịch UBND huyện tại cuộc họp về cải cách hành chính",
                  "Phân công nhiệm vụ thành viên Tổ công tác cải cách hành chính"],
    "Chỉ thị": ["Tăng cường kỷ luật, kỷ cương hành chính trong cơ quan hành chính nhà nước"],
    "Hướng dẫn": ["Thực hiện chế độ báo cáo công tác cải cách hành chính"],
    "Chương trình": ["Công tác cải cách hành chính trọng tâm năm {y}"],
    "Công văn": ["Triển khai thực hiện chỉ đạo của UBND tỉnh về cải cách hành chính",
                 "Đôn đốc cập nhật, công khai thủ tục hành chính",
                 "Tăng cường sử dụng dịch vụ công trực tuyến", "Chấn chỉnh việc giải quyết hồ sơ trễ hạn",
                 "Báo cáo kết quả cải cách hành chính quý I năm {y}",
                 "Triển khai khảo sát sự hài lòng của người dân, tổ chức",
                 "Thực hiện số hóa hồ sơ, kết quả giải quyết thủ tục hành chính"],
    "Văn bản": ["Góp ý dự thảo Kế hoạch cải cách hành chính của tỉnh"],
}
VB_ABBR = {"Kế hoạch": "KH", "Quyết định": "QĐ", "Báo cáo": "BC", "Thông báo": "TB", "Chỉ thị": "CT",
           "Hướng dẫn": "HD", "Chương trình": "CTr", "Tờ trình": "TTr"}
CV_CODES = ["NV", "TH", "TTHC", "VX", "KT", "NC"]
PEOPLE = ["Nguyễn Thị Hồng Nhung", "Trần Văn Minh", "Lê Thị Thu Hà", "Phạm Quốc Bảo", "Y Thanh",
          "A Khiêm", "Đinh Thị Lan", "Võ Văn Hùng", "Hoàng Thị Mai Anh", "Bùi Đức Long"]


# --------------------------------------------------------------------------
# The model of one unit

class Model:
    def __init__(self, unit, period, year):
        self.unit = unit
        self.code = unit["code"]
        self.period = period          # "Quý I" …
        self.year = year
        self.vals = {s[0]: {} for s in SHEETS if s[3] == "keyed"}
        self.notes = {s[0]: {} for s in SHEETS if s[3] == "keyed"}
        self.bc = []
        self.dm = []
        self.vb = []


def commune_names(code, n, rng):
    if code in COMMUNE_NAMES:
        return COMMUNE_NAMES[code][:n]
    names = []
    seen = set()
    while len(names) < n:
        nm = f"{rng.choice(SYL)} {rng.choice(SYL)}"
        if nm in seen or nm.split()[0] == nm.split()[1]:
            continue
        seen.add(nm)
        kind = "Phường" if code == "608" and len(names) < 10 else ("Thị trấn" if not names else "Xã")
        names.append(f"{kind} {nm}")
    return names


def gen_bc(m, rng, flags):
    """Biên chế: administrative agencies, public service units, one Hội, one row per commune."""
    rows = []
    base = m.unit["base_name"]
    nhc = rng.randint(11, 13)
    for a in HC_AGENCIES[:nhc]:
        giao = rng.randint(4, 12)
        rows.append(dict(TEN=a if a != "Thanh tra" else f"Thanh tra huyện {base}", LOAI="Hành chính", LV=None,
                         GIAO=giao, NT=None, CM=giao - rng.randint(0, 2), HD=rng.choice([0, 0, 1, 2]),
                         TG=rng.choice([0, 0, 0, 1]), GC=None))
    # public service units: the other centres, then schools
    nschool = rng.randint(14, 30)
    for ten, lv in SN_OTHER:
        giao = rng.randint(8, 60) if lv != "Y tế" else rng.randint(90, 150)
        nt = rng.randint(0, giao // 4) if lv in ("Y tế", "Sự nghiệp khác") else None
        rows.append(dict(TEN=ten, LOAI="Sự nghiệp", LV=lv, GIAO=giao, NT=nt, CM=giao - rng.randint(0, 5),
                         HD=None, TG=rng.choice([0, 0, 1]), GC=None))
    used = set()
    while nschool:
        k = rng.choice(SCHOOL_KIND)
        ten = f"{k} {rng.choice(SCHOOL_NAMES)}"
        if ten in used:
            continue
        used.add(ten)
        giao = rng.randint(12, 45)
        rows.append(dict(TEN=ten, LOAI="Sự nghiệp", LV="Giáo dục", GIAO=giao, NT=None,
                         CM=giao - rng.randint(0, 3), HD=None, TG=rng.choice([0, 0, 0, 1]), GC=None))
        nschool -= 1
    rows.append(dict(TEN=f"Hội Chữ thập đỏ huyện {base}", LOAI="Hội", LV=None, GIAO=1, NT=None, CM=1,
                     HD=None, TG=None, GC=None))
    for c in m.communes:
        giao = rng.randint(18, 23)
        rows.append(dict(TEN=f"UBND {c[0].lower() + c[1:]}", LOAI="Cấp xã", LV=None, GIAO=giao, NT=None,
                         CM=giao - rng.randint(0, 2), HD=None, TG=None, GC=None))
    # a free-text note with a consistent fraction on one row (FT-1)
    r = rows[0]
    r["GC"] = f"Có mặt {r['CM']:02d}/{r['GIAO']:02d} biên chế, đạt {vn(pct(r['CM'], r['GIAO']))}%"
    m.bc = rows


def gen_dm(m, rng, flags):
    """Danh mục TTHC: one row per procedure and level."""
    rows = []
    codes_h = set()
    nh = rng.randint(70, 140)
    nx = rng.randint(45, 100)
    pool = rng.sample(range(0, 12000), nh + nx + 50)

    def code_of(i):
        p = rng.choice([1, 1, 1, 2, 3])
        return f"{p}.{pool[i]:06d}"

    i = 0
    names = {"Huyện": 0, "Xã": 0}
    for level, n in (("Huyện", nh), ("Xã", nx)):
        seen = set()
        shared = sorted(codes_h)
        for k in range(n):
            if level == "Xã" and shared and rng.random() < 0.2:
                code = shared.pop(rng.randrange(len(shared)))      # same procedure at both levels
            else:
                code = code_of(i)
                i += 1
            if code in seen:
                continue
            seen.add(code)
            if level == "Huyện":
                codes_h.add(code)
            lv, ten = DM_NAMES[level][names[level] % len(DM_NAMES[level])]
            ten += NAME_SUFFIX[(names[level] // len(DM_NAMES[level])) % len(NAME_SUFFIX)]
            names[level] += 1
            r = rng.random()
            if level == "Huyện":
                mdo = "4" if r < 0.62 else ("3" if r < 0.78 else "0")
            else:
                mdo = "4" if r < 0.45 else ("3" if r < 0.6 else "0")
            phi = "Có" if rng.random() < 0.32 else "Không"
            tt = "Có" if phi == "Có" and rng.random() < 0.6 else "Không"
            hs = rng.choice([0, 0, 1, 2, 3, 5, 8, 12, 20, 35, 60, 140]) if level == "Huyện" else \
                rng.choice([0, 1, 3, 6, 10, 25, 40, 80, 150, 320])
            ht = 0
            if mdo != "0" and hs and rng.random() < 0.35:
                ht = rng.randint(1, max(1, hs // 2))
            full = code + ".000.00.00.H34" if rng.random() < 0.15 else code
            rows.append(dict(MA=full, TEN=ten, LV=lv, C=level, M=mdo, P=phi, T=tt, HS=hs, HT=ht, GC=None))
    # guarantees: the huyen ratio rows must be computable (no 0/0 in a huyen row)
    for level in ("Huyện", "Xã"):
        lr = [r for r in rows if r["C"] == level]
        fee = [r for r in lr if r["P"] == "Có"]
        if not fee:
            lr[0]["P"] = "Có"
        if not any(r["M"] != "0" and r["HS"] > 0 for r in lr):
            r = next(r for r in lr if r["M"] != "0")
            r["HS"] = 5
        for mdo in ("3", "4"):
            if not any(r["M"] == mdo for r in lr):
                lr[-1 if mdo == "3" else -2]["M"] = mdo
        if not any(r["M"] == "0" for r in lr):
            lr[0]["M"] = "0"
            lr[0]["HT"] = 0
    m.dm = rows


def gen_vb(m, rng, flags, start, end):
    """Văn bản chỉ đạo: numbers increase with dates within each register."""
    n = rng.randint(8, 22)
    if "emptyvb" in flags:
        m.vb = []
        return
    kinds = ["Kế hoạch"] * 5 + ["Công văn"] * 7 + ["Quyết định"] * 2 + ["Báo cáo", "Thông báo", "Chỉ thị",
                                                                          "Hướng dẫn", "Chương trình", "Văn bản"]
    span = (end - start).days
    docs = []
    for _ in range(n):
        d = start + dt.timedelta(days=rng.randint(0, span))
        docs.append([d, rng.choice(kinds)])
    if "qppl" in flags:
        # a QPPL decision in the report's year: it shares the QĐ-UBND register (VB-11)
        d = dt.date(m.year, rng.randint(1, 2), rng.randint(5, 25))
        if d < start:
            d = start
        docs.append([d, "Quyết định*"])
    docs.sort(key=lambda x: x[0])
    # numbers per register: typed docs per (year, X-UBND); Công văn and Văn bản together per year
    rate = {"KH": 0.35, "QĐ": 2.2, "BC": 1.2, "TB": 0.6, "CT": 0.02, "HD": 0.05, "CTr": 0.02, "UBND": 9.0}
    last = {}
    out = []
    used_topics = set()
    for d, kind in docs:
        qppl = kind.endswith("*")
        kind = kind.rstrip("*")
        if kind in ("Công văn", "Văn bản"):
            reg = (d.year, "UBND")
        else:
            reg = (d.year, VB_ABBR[kind])
        doy = d.timetuple().tm_yday
        guess = max(1, int(rate[reg[1]] * doy) + rng.randint(0, 3))
        if qppl:
            guess = max(1, doy // 20)
        num = max(guess, last.get(reg, 0) + 1)
        last[reg] = num
        if kind in ("Công văn", "Văn bản"):
            so = f"Số {num:02d}/UBND-{rng.choice(CV_CODES)}, ngày {dmy(d, pad=rng.random() < 0.4)}"
        elif qppl:
            so = f"Số {num:02d}/{d.year}/QĐ-UBND, ngày {dmy(d)}"
        else:
            so = f"Số {num:02d}/{VB_ABBR[kind]}-UBND, ngày {dmy(d, pad=rng.random() < 0.4)}"
        topics = VB_TOPICS[kind]
        t = None
        for _ in range(20):
            t = rng.choice(topics).format(y=d.year, p=d.year - 1)
            if (kind, t) not in used_topics:
                break
        if (kind, t) in used_topics:
            t = f"{t} (lần {len([1 for k, x in used_topics if k == kind]) + 1})"
        used_topics.add((kind, t))
        if qppl:
            t = "Ban hành Quy định phân cấp quản lý công chức, viên chức trên địa bàn huyện"
        out.append(dict(LOAI=kind, TY=t, SO=so, GC=None, date=d, num=num, reg=reg))
    m.vb = out


def gen_targets(m, rng, flags):
    """Chỉ tiêu: 21 statuses with explanations consistent with thresholds and fractions."""
    spec = tsv(os.path.join(FORMS, "chi-tieu.tsv"))
    targets = [r for r in spec if r["key"].isdigit()]
    thr = {"1": D(30), "2": D(100), "3": D(100), "4": D(80), "5": D(30), "6": D(85), "7": D(100),
           "9": D(100), "10": D(100), "12": D(100), "13": D(70), "14": D(100), "15": D(100),
           "17": D("2.5"), "18": D(100), "20": D(100), "21": D(100)}
    not_met = rng.sample(["5", "17", "4", "13", "9"], rng.randint(0, 3))
    unknown = rng.sample(["19", "21", "16", "8"], rng.randint(0, 2))
    what = {"1": ("Đã kiểm tra", "cơ quan, đơn vị"), "2": ("Đã cử", "lượt đào tạo"),
            "3": ("Xử lý trên môi trường mạng", "hồ sơ"), "4": ("Luân chuyển điện tử", "hồ sơ"),
            "5": ("Thanh toán trực tuyến", "giao dịch"), "6": ("Hài lòng", "phiếu"),
            "7": ("Đã công khai", "thủ tục nội bộ"), "9": ("Theo dõi trên Hệ thống", "hồ sơ"),
            "10": ("Có giải trình", "hồ sơ trễ hạn"), "12": ("Gửi nhận điện tử", "văn bản"),
            "13": ("Thực hiện trên Hệ thống", "báo cáo"), "14": ("Đã triển khai", "văn bản"),
            "15": ("Đã xử lý", "văn bản"), "18": ("Duy trì ISO", "cơ quan, đơn vị"),
            "20": ("Ứng dụng chữ ký số", "cơ quan, đơn vị"), "21": ("Đã kết nối", "ứng dụng")}
    vals = m.vals["CT"]
    notes = m.notes["CT"]
    counts = {1: 0, 2: 0, 3: 0}
    for r in targets:
        k = r["key"]
        st = 3 if k in unknown else (2 if k in not_met else 1)
        counts[st] += 1
        vals[k] = {1: "Đạt", 2: "Chưa đạt", 3: "Chưa đánh giá được"}[st]
        if st == 3:
            notes[k] = "Chưa đến thời điểm đánh giá (đánh giá vào cuối năm)"
            continue
        if k == "17":
            notes[k] = ("Đã giảm 2,8% chi hỗ trợ trực tiếp so với năm 2022" if st == 1 else
                        "Mới giảm được 1,2% chi hỗ trợ trực tiếp so với năm 2022")
            continue
        if k not in thr:
            notes[k] = "Đã thực hiện đầy đủ theo kế hoạch" if st == 1 else "Đang triển khai, chưa hoàn thành"
            if st == 1 and rng.random() < 0.4:
                del notes[k]          # "Đạt" needs no explanation (CT-7)
            continue
        n = thr[k]
        b = rng.choice([19, 20, 24, 36, 48, 75, 120, 646, 1797, 2467])
        if st == 1:
            lo = int((n * b / 100).to_integral_value(rounding="ROUND_CEILING"))
            a = b if n == 100 else rng.randint(min(b, lo + 1), b)
        else:
            hi = int((n * b / 100).to_integral_value(rounding="ROUND_CEILING")) - 1
            a = rng.randint(max(0, hi * 2 // 3), hi)
            while a > 0 and pct(a, b) >= n:      # the displayed P must stay below N
                a -= 1
        p = pct(a, b)
        verb, noun = what[k]
        lead = b < 100 and rng.random() < 0.5
        frac = f"{vn(a, lead0=lead)}/{vn(b)}"
        notes[k] = f"{verb} {frac} {noun}, đạt {vn(p)}%"
        if rng.random() < 0.25:
            notes[k] = f"{verb} {frac} {noun}, đạt tỷ lệ {vn(p)}%"
    vals["T"] = len(targets)
    vals["T.1"], vals["T.2"], vals["T.3"] = counts[1], counts[2], counts[3]
    for k in ("I", "II", "III", "IV", "V", "VI"):
        vals[k] = None


def build(unit, period_text, flags):
    per, year = split_period(period_text)
    code = unit["code"]
    rng = random.Random(f"xlsxcheck-clean/{code}/{period_text}")
    m = Model(unit, per, year)
    m.flags = flags
    ncom = COMMUNES[code]
    m.communes = commune_names(code, ncom, rng)

    # Thông tin: the data window and the report date
    _, (wm, wd), _ = PERIODS[per]
    rep = dt.date(year, wm, wd) + dt.timedelta(days=rng.randint(9, 20))     # 10-21/03
    to = rep - dt.timedelta(days=rng.randint(2, 6))
    frm = dt.date(year - 1, 12, rng.choice([6, 10, 15]))
    m.report_date, m.data_from, m.data_to = rep, frm, to
    ti = m.vals["TI"]
    ti["1"] = UNIT_NAME[code] if "spaces" not in flags else "  " + UNIT_NAME[code].replace(" ", "  ") + " "
    ti["2"] = PROVINCE[code]
    ti["3"] = PERIOD_ALIAS.get((code, per), period_text).format(y=year)
    ti["4"] = "75/BC-UBND" if code not in ("613", "617") else f"Số: {70 + int(code) % 20}/BC-UBND"
    ti["5"] = rep
    ti["6"] = PEOPLE[int(code) % len(PEOPLE)]
    ti["7"] = {"610": "0260.3821.234", "616": "0260-3821-234", "617": "0905 123 456"}.get(code, "0260 3821 234")
    ti["8"] = f"vanphong.{unit['slug'].replace('-', '')}@kontum.gov.vn"
    if "nowindow" in flags:
        ti["9"] = ti["10"] = None
        vb_start = dt.date(year - 1, 12, 1)
    else:
        ti["9"], ti["10"] = frm, to
        vb_start = frm

    gen_bc(m, rng, flags)
    gen_dm(m, rng, flags)
    gen_vb(m, rng, flags, vb_start, to)
    gen_targets(m, rng, flags)

    hc = [r for r in m.bc if r["LOAI"] == "Hành chính"]
    sn = [r for r in m.bc if r["LOAI"] == "Sự nghiệp"]
    s = lambda rows, c: sum(r[c] or 0 for r in rows)
    H = [r for r in m.dm if r["C"] == "Huyện"]
    X = [r for r in m.dm if r["C"] == "Xã"]
    cnt = lambda rows, f: sum(1 for r in rows if f(r))

    # ---- Biểu mẫu 1
    v = m.vals["BM1"]
    v["1"] = len(m.vb)
    v["2.1"] = rng.randint(18, 40)
    v["2.2"] = rng.randint(4, v["2.1"])
    v["2"] = pct(v["2.2"], v["2.1"])
    v["3"] = None
    v["3.1"] = None                                   # so
    v["3.2"] = rng.randint(2, 8)
    if "zeroratio" in flags:
        v["3.3.1"], v["3.3.2"], v["3.3"] = 0, 0, D(0)
    else:
        v["3.3.1"] = rng.randint(3, 15)
        v["3.3.2"] = rng.randint(0, v["3.3.1"])
        v["3.3"] = pct(v["3.3.2"], v["3.3.1"])
    v["4"] = None
    v["4.1"] = rng.randint(0, 3)
    v["4.2"] = D(rng.choice([0, 50, 100]))
    v["5"] = v["5.a"] = v["5.b"] = None
    v["5.1"] = rng.randint(0, 6)
    a = rng.randint(0, v["5.1"])
    b = rng.randint(0, v["5.1"] - a)
    v["5.2"], v["5.3"], v["5.4"] = a, b, rng.randint(0, v["5.1"] - a - b)
    v["5.5"] = rng.randint(2, 12)
    a = rng.randint(0, v["5.5"])
    b = rng.randint(0, v["5.5"] - a)
    v["5.6"], v["5.7"], v["5.8"] = a, b, rng.randint(0, v["5.5"] - a - b)
    if "notdone" in flags:
        v["6"], v["6.1"], v["6.2"] = 0, None, None
    else:
        v["6"], v["6.1"], v["6.2"] = 1, rng.randint(30, 400), rng.choice([0, 1, 2])
    v["7"] = rng.choice([0, 1, 1])

    # ---- Biểu mẫu 2
    v = m.vals["BM2"]
    v["1.1"] = 0 if rng.random() < 0.5 else None
    v["1.2"] = rng.randint(0, 4)
    v["1.3"] = rng.randint(0, 3)
    v["1"] = (v["1.1"] or 0) + v["1.2"] + v["1.3"]
    v["2"] = v["3"] = None
    v["2.1"] = rng.randint(5, 20)
    v["2.2.1"] = rng.randint(1, v["2.1"])
    v["2.2.2"] = rng.randint(0, v["2.2.1"])
    v["2.2"] = pct(v["2.2.2"], v["2.2.1"])
    v["3.1"] = rng.randint(5, 30)
    v["3.2.1"] = rng.randint(1, v["3.1"])
    v["3.2.2"] = rng.randint(0, v["3.2.1"])
    v["3.2"] = pct(v["3.2.2"], v["3.2.1"])

    # ---- Biểu mẫu 3
    v = m.vals["BM3"]
    v["1"] = v["2"] = v["3"] = None
    v["1.2"] = v["1.3"] = v["1.4.1"] = None           # so
    v["1.4.2"] = len(H)
    v["1.4.3"] = len(X)
    v["1.4"] = len(H) + len(X)
    v["1.1"] = rng.randint(0, 12)
    v["2.1"] = rng.randint(len(H) // 2, v["1.4"])
    v["2.2"] = rng.randint(10, len(H))
    v["2.3"] = rng.randint(0, 40)
    v["3.1"] = v["3.1.1"] = v["3.1.2"] = None         # so
    v["3.2.1"] = rng.randint(300, 1500)
    v["3.2.2"] = v["3.2.1"] - rng.randint(0, 25)
    v["3.2"] = pct(v["3.2.2"], v["3.2.1"])
    v["3.3.1"] = rng.randint(800, 4000)
    v["3.3.2"] = v["3.3.1"] - rng.randint(0, 120)
    v["3.3"] = pct(v["3.3.2"], v["3.3.1"])
    if "zeroratio" in flags:
        v["3.4.1"], v["3.4.2"], v["3.4"] = 0, 0, D(100)
    else:
        v["3.4.1"] = rng.randint(1, 9)
        v["3.4.2"] = rng.randint(0, v["3.4.1"])
        v["3.4"] = pct(v["3.4.2"], v["3.4.1"])
    n = m.notes["BM3"]
    n["3.2"] = f"{vn(v['3.2.2'])}/{vn(v['3.2.1'])} hồ sơ, đạt tỷ lệ {vn(v['3.2'])}%"

    # ---- Biểu mẫu 4
    v = m.vals["BM4"]
    for k in ("1", "2", "3", "1.1", "1.1.a", "1.1.b", "1.3", "1.4", "1.5.1", "1.5.2"):
        v[k] = None
    if "notdone" in flags:
        v["1.2.a"], v["1.2.b"], v["1.2"] = None, 2, D(0)
    else:
        v["1.2.a"], v["1.2.b"], v["1.2"] = 1, None, D(100)
    v["1.5.3"] = len(sn)
    v["1.5"] = len(sn)
    v["1.5.4"] = D(rng.choice(["10", "12,5", "15,38", "8"]).replace(",", "."))
    v["2.1"], v["2.2"], v["2.3"], v["2.4"] = s(hc, "GIAO"), s(hc, "CM"), s(hc, "HD"), s(hc, "TG")
    v["2.5"] = D(rng.choice(["10", "11,54", "9,8"]).replace(",", "."))
    v["3.1"], v["3.2"], v["3.3"] = s(sn, "GIAO"), s(sn, "CM"), s(sn, "TG")
    v["3.4"] = D(rng.choice(["10,2", "12", "7,69"]).replace(",", "."))

    # ---- Biểu mẫu 5
    v = m.vals["BM5"]
    v["1"] = v["2"] = v["4"] = None
    v["4.1"] = None                                   # khong
    v["1.1.a"] = len(hc)
    v["1.1"] = len(hc) - rng.randint(0, 1)
    v["1.2.a"] = len(sn)
    v["1.2"] = len(sn) - rng.randint(0, 3)
    v["1.3"] = rng.choice([0, 0, 1])
    v["2.1"], v["2.2"], v["2.3"] = rng.randint(0, 4), 0, rng.randint(0, 5)
    v["2.4"], v["2.5"] = rng.randint(0, 20), 0
    v["3"] = rng.randint(0, 2)
    v["4.2"], v["4.3"], v["4.4"] = 0, rng.choice([0, 1]), rng.choice([0, 0, 2])

    # ---- Biểu mẫu 6
    v = m.vals["BM6"]
    v["2"] = None
    plan = D(rng.randint(40000, 250000)) + (D(rng.randint(1, 9)) / 10 if rng.random() < 0.5 else 0)
    done = (plan * D(rng.randint(8, 35)) / 100).quantize(D("0.1"), ROUND_HALF_UP)
    v["1.1"], v["1.2"] = trim(plan), trim(done)
    v["1"] = pct(done, plan)
    nsn = len(sn)
    v["2.1"] = nsn
    v["2.2"] = 0
    v["2.3"] = rng.randint(0, 3)
    v["2.4.1"] = rng.randint(0, 1)
    v["2.4.2"] = rng.randint(0, 2)
    v["2.4.3"] = rng.randint(0, 2)
    v["2.4"] = v["2.4.1"] + v["2.4.2"] + v["2.4.3"]
    v["2.5"] = nsn - v["2.2"] - v["2.3"] - v["2.4"]
    v["2.6"] = 0

    # ---- Biểu mẫu 7
    v = m.vals["BM7"]
    for k in ("1", "2", "3", "4", "5", "5.1.1", "5.2.1", "5.3", "5.3.1", "7", "8"):
        v[k] = None
    for k in [r["key"] for r in tsv(os.path.join(FORMS, "bieu-mau-7.tsv"))]:
        if k == "6" or k.startswith("6."):
            v[k] = None                                # so
    v["2.a"] = ncom
    v["2.b"] = ncom
    v["5.1.2"] = 1
    v["5.1.3.a"] = ncom
    v["5.1.3.b"] = ncom - (1 if "notdone" in flags else 0)
    v["5.1.3"] = 1 if v["5.1.3.b"] == v["5.1.3.a"] else 2
    v["5.1"] = pct((1 if v["5.1.2"] == 1 else 0) + v["5.1.3.b"], 1 + v["5.1.3.a"])
    v["5.2.2"] = D(rng.choice([100, 100, 98, 97]))
    v["5.2.3"] = D(rng.choice([95, 96, 98, 100, 92]))
    lo, hi = min(v["5.2.2"], v["5.2.3"]), max(v["5.2.2"], v["5.2.3"])
    v["5.2"] = trim(((lo + hi) / 2).quantize(TWO, ROUND_HALF_UP))
    v["5.3.2"] = 1
    v["5.3.3.a"] = ncom
    v["5.3.3.b"] = ncom
    v["5.3.3"] = 1
    for sec, rows in (("7", H), ("8", X)):
        m3 = cnt(rows, lambda r: r["M"] == "3")
        m4 = cnt(rows, lambda r: r["M"] == "4")
        m0 = cnt(rows, lambda r: r["M"] == "0")
        e3 = rng.randint(0, m0 // 2)
        e4 = rng.randint(0, m0 - e3)
        v[f"{sec}.1.1"] = m3 + e3
        v[f"{sec}.1.2"] = m3
        v[f"{sec}.1.3"] = cnt(rows, lambda r: r["M"] == "3" and r["HT"] > 0)
        v[f"{sec}.1"] = pct(m3, m3 + e3)
        v[f"{sec}.2.1"] = m4 + e4
        v[f"{sec}.2.2"] = m4
        v[f"{sec}.2.3"] = cnt(rows, lambda r: r["M"] == "4" and r["HT"] > 0)
        v[f"{sec}.2"] = pct(m4, m4 + e4)
        v[f"{sec}.3.1"] = m3 + m4
        v[f"{sec}.3.2"] = m3 + m4 - rng.randint(0, 3)
        v[f"{sec}.3"] = pct(v[f"{sec}.3.2"], m3 + m4)
        on = [r for r in rows if r["M"] in ("3", "4")]
        v[f"{sec}.4.1"] = sum(r["HS"] for r in on)
        v[f"{sec}.4.2"] = sum(r["HT"] for r in on)
        v[f"{sec}.4"] = pct(v[f"{sec}.4.2"], v[f"{sec}.4.1"])
        v[f"{sec}.5.1"] = cnt(rows, lambda r: r["P"] == "Có")
        v[f"{sec}.5.2"] = cnt(rows, lambda r: r["P"] == "Có" and r["T"] == "Có")
        v[f"{sec}.5"] = pct(v[f"{sec}.5.2"], v[f"{sec}.5.1"])
    m.notes["BM7"]["8.5.1"] = f"{vn(v['8.5.2'])}/{vn(v['8.5.1'])} thủ tục, đạt {vn(v['8.5'])}%"
    return m


# --------------------------------------------------------------------------
# Independent re-check of the relations (scope D) on the model

def verify(m):
    bad = []

    def need(cond, what):
        if not cond:
            bad.append(what)

    V = m.vals
    g = lambda s, k: V[s].get(k)

    def z(s, k):
        x = g(s, k)
        return 0 if x is None else x

    def ratio(s, r, n, d, where=None):
        x, nn, dd = g(s, r), g(s, n), g(s, d)
        if x is None or nn is None or dd is None or dd == 0:
            return
        p = D(100) * D(nn) / D(dd)
        need(abs(D(x) - p) <= D("0.1"), f"{s}!{r} = {x} vs {p}")
        need(nn <= dd, f"{s}!{n} <= {s}!{d}")

    # levels
    for sid, name, spec, kind, *_ in SHEETS:
        if kind != "keyed":
            continue
        for r in tsv(os.path.join(FORMS, spec)):
            k, lvl, kd = r["key"], r["level"], r["kind"]
            need(k in V[sid] or lvl != "huyen" or kd == "header" or (sid, k) in (("BM4", "1.2.a"), ("BM4", "1.2.b")),
                 f"{sid}!{k} missing")
            x = V[sid].get(k)
            if kd == "header" or lvl in ("so", "khong"):
                need(x is None, f"{sid}!{k} must be blank ({kd}/{lvl})")
            if lvl == "huyen" and kd != "header" and (sid, k) not in (("BM4", "1.2.a"), ("BM4", "1.2.b")):
                need(x is not None, f"{sid}!{k} huyen blank")
            if x is None:
                continue
            if kd == "count":
                need(isinstance(x, int) and x >= 0, f"{sid}!{k} count {x}")
            if kd == "percent":
                need(0 <= x <= 100 or (sid, k) == ("BM6", "1"), f"{sid}!{k} percent {x}")
            if kd == "code" and sid != "CT":
                need(str(x) in [c.split("=")[0] for c in r["codes"].split(";")], f"{sid}!{k} code {x}")
    # BM1
    ratio("BM1", "2", "2.2", "2.1")
    ratio("BM1", "3.3", "3.3.2", "3.3.1")
    need(z("BM1", "5.2") + z("BM1", "5.3") + z("BM1", "5.4") <= z("BM1", "5.1"), "BM1-5")
    need(z("BM1", "5.6") + z("BM1", "5.7") + z("BM1", "5.8") <= z("BM1", "5.5"), "BM1-6")
    if g("BM1", "6") == 0:
        need(g("BM1", "6.1") in (0, None) and g("BM1", "6.2") is None, "BM1-7")
    if g("BM1", "6") == 1:
        need((g("BM1", "6.1") or 0) >= 1 and g("BM1", "6.2") is not None, "BM1-9")
    need(g("BM1", "1") == len(m.vb), "VB-1")
    # BM2
    need(g("BM2", "1") == z("BM2", "1.1") + z("BM2", "1.2") + z("BM2", "1.3"), "BM2-1")
    ratio("BM2", "2.2", "2.2.2", "2.2.1")
    ratio("BM2", "3.2", "3.2.2", "3.2.1")
    need(g("BM2", "2.2.1") <= g("BM2", "2.1") and g("BM2", "3.2.1") <= g("BM2", "3.1"), "BM2-4/7")
    need(z("BM2", "1.1") == 0, "BM2-8")
    # BM3
    need(g("BM3", "1.4") == z("BM3", "1.4.2") + z("BM3", "1.4.3"), "BM3-1")
    for k in ("1.1", "2.1", "2.2", "2.3"):
        need(g("BM3", k) <= g("BM3", "1.4"), f"BM3 {k} <= 1.4")
    ratio("BM3", "3.2", "3.2.2", "3.2.1")
    ratio("BM3", "3.3", "3.3.2", "3.3.1")
    ratio("BM3", "3.4", "3.4.2", "3.4.1")
    # BM4
    a, b = g("BM4", "1.2.a"), g("BM4", "1.2.b")
    need((a is None) != (b is None), "BM4-2")
    need((a != 1 or g("BM4", "1.2") == 100) and (b != 2 or g("BM4", "1.2") == 0), "BM4-3")
    need(g("BM4", "1.5") == z("BM4", "1.5.3"), "BM4-5")
    need(g("BM4", "2.2") <= g("BM4", "2.1") and g("BM4", "3.2") <= g("BM4", "3.1"), "BM4-6/7")
    need(g("BM4", "2.4") <= g("BM4", "2.1") and g("BM4", "3.3") <= g("BM4", "3.1"), "BM4-8/9")
    # BM5
    need(g("BM5", "1.1") <= g("BM5", "1.1.a") and g("BM5", "1.2") <= g("BM5", "1.2.a"), "BM5-1/2")
    need(g("BM5", "1.3") <= g("BM5", "1.1.a") + g("BM5", "1.2.a"), "BM5-3")
    # BM6
    ratio("BM6", "1", "1.2", "1.1")
    need(g("BM6", "2.1") == g("BM6", "2.2") + g("BM6", "2.3") + g("BM6", "2.4") + g("BM6", "2.5"), "BM6-3")
    need(g("BM6", "2.4") == g("BM6", "2.4.1") + g("BM6", "2.4.2") + g("BM6", "2.4.3"), "BM6-4")
    # BM7
    need(g("BM7", "2.b") <= g("BM7", "2.a"), "BM7-1")
    need(g("BM7", "5.1.3.b") <= g("BM7", "5.1.3.a") and g("BM7", "5.3.3.b") <= g("BM7", "5.3.3.a"), "BM7-2/3")
    need(g("BM7", "2.a") == g("BM7", "5.1.3.a") == g("BM7", "5.3.3.a"), "BM7-4")
    need((g("BM7", "5.1.3") == 1) == (g("BM7", "5.1.3.b") == g("BM7", "5.1.3.a")), "BM7-5")
    need((g("BM7", "5.3.3") == 1) == (g("BM7", "5.3.3.b") == g("BM7", "5.3.3.a")), "BM7-6")
    p = D(100) * ((1 if g("BM7", "5.1.2") == 1 else 0) + g("BM7", "5.1.3.b")) / (1 + g("BM7", "5.1.3.a"))
    need(abs(g("BM7", "5.1") - p) <= D("0.1"), "BM7-7")
    need(min(g("BM7", "5.2.2"), g("BM7", "5.2.3")) <= g("BM7", "5.2") <= max(g("BM7", "5.2.2"), g("BM7", "5.2.3")), "BM7-8")
    for sec, lvl in (("7", "Huyện"), ("8", "Xã")):
        rows = [r for r in m.dm if r["C"] == lvl]
        c = lambda f: sum(1 for r in rows if f(r))
        for i in ("1", "2", "3", "4", "5"):
            ratio("BM7", f"{sec}.{i}", f"{sec}.{i}.2", f"{sec}.{i}.1")
        need(g("BM7", f"{sec}.1.3") <= g("BM7", f"{sec}.1.2"), f"BM7 {sec}.1.3")
        need(g("BM7", f"{sec}.2.3") <= g("BM7", f"{sec}.2.2"), f"BM7 {sec}.2.3")
        need(g("BM7", f"{sec}.3.1") == g("BM7", f"{sec}.1.2") + g("BM7", f"{sec}.2.2"), f"BM7 {sec}.3.1 sum")
        need(g("BM7", f"{sec}.4.2") >= g("BM7", f"{sec}.1.3") + g("BM7", f"{sec}.2.3"), f"BM7 {sec}.4.2 >=")
        need(g("BM7", f"{sec}.4.2") == 0 or g("BM7", f"{sec}.1.3") + g("BM7", f"{sec}.2.3") >= 1, f"BM7 {sec}.4.2 >0")
        tot = V["BM3"]["1.4.2" if sec == "7" else "1.4.3"]
        need(len(rows) == tot, f"DM-7/8 {sec}")
        need(g("BM7", f"{sec}.3.1") <= tot and g("BM7", f"{sec}.5.1") <= tot, f"X-4/5/8/9 {sec}")
        need(g("BM7", f"{sec}.1.1") + g("BM7", f"{sec}.2.1") <= tot, f"X-6/7 {sec}")
        need(c(lambda r: r["M"] == "3") == g("BM7", f"{sec}.1.2"), f"DM {sec}.1.2")
        need(c(lambda r: r["M"] == "4") == g("BM7", f"{sec}.2.2"), f"DM {sec}.2.2")
        need(c(lambda r: r["M"] in "34") == g("BM7", f"{sec}.3.1"), f"DM {sec}.3.1")
        need(c(lambda r: r["M"] == "3" and r["HT"] > 0) == g("BM7", f"{sec}.1.3"), f"DM {sec}.1.3")
        need(c(lambda r: r["M"] == "4" and r["HT"] > 0) == g("BM7", f"{sec}.2.3"), f"DM {sec}.2.3")
        need(sum(r["HS"] for r in rows if r["M"] in "34") == g("BM7", f"{sec}.4.1"), f"DM {sec}.4.1")
        need(sum(r["HT"] for r in rows if r["M"] in "34") == g("BM7", f"{sec}.4.2"), f"DM {sec}.4.2")
        need(c(lambda r: r["P"] == "Có") == g("BM7", f"{sec}.5.1"), f"DM {sec}.5.1")
        need(c(lambda r: r["P"] == "Có" and r["T"] == "Có") == g("BM7", f"{sec}.5.2"), f"DM {sec}.5.2")
    # X
    need(g("BM4", "1.5") == g("BM6", "2.1") == g("BM5", "1.2.a"), "X-1/2")
    need(g("BM5", "1.2") <= g("BM6", "2.1"), "X-3")
    # DM per row
    import re
    keys = set()
    for r in m.dm:
        need(re.match(r"^\d\.\d{6}(\.\d{3}\.\d{2}\.\d{2}\.H\d{2})?$", r["MA"]), f"DM-1 {r['MA']}")
        kk = (r["MA"][:8], r["C"])
        need(kk not in keys, f"DM-2 {kk}")
        keys.add(kk)
        need(r["HT"] <= r["HS"], "DM-4")
        need(r["M"] != "0" or r["HT"] == 0, "DM-5")
        need(r["P"] == "Có" or r["T"] == "Không", "DM-6")
    # BC
    hc = [r for r in m.bc if r["LOAI"] == "Hành chính"]
    sn = [r for r in m.bc if r["LOAI"] == "Sự nghiệp"]
    s = lambda rows, c: sum(r[c] or 0 for r in rows)
    need((s(hc, "GIAO"), s(hc, "CM"), s(hc, "HD"), s(hc, "TG")) ==
         (g("BM4", "2.1"), g("BM4", "2.2"), g("BM4", "2.3"), g("BM4", "2.4")), "BC-1..4")
    need((s(sn, "GIAO"), s(sn, "CM"), s(sn, "TG")) == (g("BM4", "3.1"), g("BM4", "3.2"), g("BM4", "3.3")), "BC-5..7")
    for r in m.bc:
        need(r["CM"] <= r["GIAO"] and (r["NT"] or 0) <= r["GIAO"], "BC-8/9")
        need((r["LV"] is None) == (r["LOAI"] != "Sự nghiệp"), "BC-12")
    need(len(sn) == g("BM4", "1.5.3") and len(hc) == g("BM5", "1.1.a"), "BC-10/11")
    need(sum(1 for r in m.bc if r["LOAI"] == "Cấp xã") == g("BM7", "2.a"), "BC-13")
    need(len({r["TEN"] for r in m.bc}) == len(m.bc), "BC-14")
    # VB
    seen = {}
    for r in m.vb:
        mm = re.match(r"^Số (\d+)/(?:(\d{4})/)?([A-Za-zĐđ]+)-([A-Za-zĐđ]+), ngày (\d+)/(\d+)/(\d{4})$", r["SO"])
        need(mm, f"VB-3 {r['SO']}")
        n_, qy, x, y, d_, mo, yr = mm.groups()
        date = dt.date(int(yr), int(mo), int(d_))
        need(date == r["date"], "VB-4")
        need(x == VB_ABBR.get(r["LOAI"], "UBND"), f"VB-5 {r['SO']}")
        need(qy is None or int(qy) == date.year, "VB-12")
        start = m.vals["TI"]["9"] or dt.date(m.year - 1, 12, 1)
        need(start <= date <= m.vals["TI"]["5"], f"VB-8 {r['SO']}")
        reg = (date.year, "UBND") if x == "UBND" else (date.year, x, y)
        seen.setdefault(reg, []).append((int(n_), date))
    for reg, lst in seen.items():
        lst.sort()
        need(all(lst[i][1] <= lst[i + 1][1] for i in range(len(lst) - 1)), f"VB-11 {reg}")
        need(len({n for n, _ in lst}) == len(lst), f"VB-9 {reg}")
    # CT
    st = [V["CT"][k] for k in V["CT"] if k.isdigit()]
    need(V["CT"]["T"] == 21 == len(st), "CT-2")
    need(V["CT"]["T.1"] == st.count("Đạt") and V["CT"]["T.2"] == st.count("Chưa đạt")
         and V["CT"]["T.3"] == st.count("Chưa đánh giá được"), "CT-3..5")
    for k in V["CT"]:
        if k.isdigit() and V["CT"][k] != "Đạt":
            need(m.notes["CT"].get(k), f"CT-7 {k}")
    # TI
    ti = V["TI"]
    need(ti["9"] is None or ti["9"] <= ti["10"] <= ti["5"], "TI-9")
    _, (wm, wd), (em, ed) = PERIODS[m.period]
    need(dt.date(m.year, wm, wd) <= ti["5"] <= dt.date(m.year + (1 if em < wm else 0), em, ed), "TI-10")
    return bad


# --------------------------------------------------------------------------
# Layout: the model as grids of cells, with the unit's variations
#
# A cell is None or (type, value, numfmt[, formula]): type "s" text, "n"
# number, "d" date, "f" formula (value = its result, or None when the
# producer computes it).

def S(text):
    return ("s", text, None)


def N(x, fmt=None):
    x = trim(x)
    return ("n", int(x) if x == x.to_integral_value() else float(x), fmt)


class Grid:
    def __init__(self, name):
        self.name = name
        self.rows = []
        self.widths = []
        self.merges = []          # (r0, c0, r1, c1), 0-based, inclusive

    def add(self, *cells):
        self.rows.append(list(cells))

    def merge(self, r0, c0, r1, c1):
        self.merges.append((r0, c0, r1, c1))


def text_fn(flags):
    if "nfdall" in flags or "nfd" in flags:
        return lambda t: unicodedata.normalize("NFD", t) if t else t
    return lambda t: t


EPOCH = dt.date(1899, 12, 30)
CODE_LABELS = {}      # (sheet, key) -> {code: label}, from the TSVs


def code_label(sid, key, x):
    return CODE_LABELS.get((sid, key), {}).get(str(x))


def textnum(x, kind, flags, rng):
    t = vn(x, lead0=kind == "count" and rng.random() < 0.5)
    if "spaces" in flags and rng.random() < 0.5:
        t = (" " + t.replace(".", " ") + " ") if "," not in t else " " + t + " "
    return S(t)


def wrap(t, flags):
    """A header cell as typed with Alt+Enter: a line break at a middle space."""
    if "wrapheader" not in flags or " " not in t:
        return t
    sp = [i for i, ch in enumerate(t) if ch == " "]
    i = sp[len(sp) // 2]
    return t[:i] + "\n" + t[i + 1:]


def recase(t, rng):
    return rng.choice([t.upper(), t.lower(), t[:1].upper() + t[1:].lower(), t])


def vb_style(so, rng):
    """A document number typed loosely (README §11 normalisation)."""
    k = rng.randrange(5)
    if k == 0:
        return so.replace("Số ", "Số: ", 1)
    if k == 1:
        return so.replace(", ngày", " ngày")
    if k == 2:
        return "s" + so[1:].replace("ngày", "Ngày")
    if k == 3:
        return so.replace("-UBND", "- UBND", 1)
    return so


def value_cell(kind, x, flags, rng, sid, key):
    """A semantic value as a cell, with the unit's number variations."""
    if x is None:
        return None
    if isinstance(x, dt.date):
        if "datetext" in flags:
            return S(dmy(x, pad=rng.random() < 0.3))
        if "dateserial" in flags:
            return ("n", (x - EPOCH).days, None)
        return ("d", x, rng.choice(["d/m/yyyy", "dd/mm/yyyy"]))
    if isinstance(x, str):
        if sid == "CT" and "case" in flags and rng.random() < 0.5:
            return S(recase(x, rng))
        if sid == "CT" and "codelabel" in flags:
            return N({"Đạt": 1, "Chưa đạt": 2, "Chưa đánh giá được": 3}[x])
        return S(unicodedata.normalize("NFD", x) if "nfdall" in flags else x)
    if kind == "code":
        if "codelabel" in flags:
            return S(code_label(sid, key, x))
        return N(x)
    if kind == "percent":
        if "pctfrac" in flags:
            f = trim(D(x) / 100)
            return ("n", float(f), "0%" if trim(x) == trim(x).to_integral_value() else "0.00%")
        if "textnum" in flags and rng.random() < 0.6:
            return S(vn(x) + ("%" if rng.random() < 0.4 else ""))
        return N(x)
    if "textnum" in flags and rng.random() < 0.5:
        return textnum(x, kind, flags, rng)
    return N(x, "#,##0.0" if kind == "amount" and trim(x) != trim(x).to_integral_value() else None)


# Totals written as formulas (the "formulas" variation): key -> operands.
SUM_FORMULAS = {("BM2", "1"): ["1.1", "1.2", "1.3"], ("BM3", "1.4"): ["1.4.1", "1.4.2", "1.4.3"],
                ("BM4", "1.5"): ["1.5.1", "1.5.2", "1.5.3"], ("BM6", "2.1"): ["2.2", "2.3", "2.4", "2.5"],
                ("BM6", "2.4"): ["2.4.1", "2.4.2", "2.4.3"], ("BM7", "7.3.1"): ["7.1.2", "7.2.2"],
                ("BM7", "8.3.1"): ["8.1.2", "8.2.2"], ("CT", "T"): ["T.1", "T.2", "T.3"]}


def raw_ratio(m, sid, key, agg):
    """The unrounded 100*n/d of a ratio row (the "rawpct" variation)."""
    n, d = agg[len("ratio("):-1].split(",")
    nv, dv = m.vals[sid].get(n), m.vals[sid].get(d)
    if nv is None or dv is None or dv == 0:
        return None
    return 100 * float(nv) / float(dv)


def keyed_grid(m, sid, name, spec, title, subtitle, flags, rng):
    T = text_fn(flags)
    g = Grid(name)
    g.widths = [8, 64, 20, 14, 40]
    merged = "merged" in flags
    if "titles" in flags:
        g.add(S(T(f"ỦY BAN NHÂN DÂN {m.unit['type'].upper()} {m.unit['base_name'].upper()}")), None, None,
              S(T("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")))
        g.add(S(T("Phụ lục 1")), None, None, S(T("Độc lập - Tự do - Hạnh phúc")))
        g.add(S(T(f"BIỂU MẪU THỐNG KÊ SỐ LIỆU BÁO CÁO {m.period.upper()} NĂM {m.year}")))
        if merged:
            g.merge(len(g.rows) - 1, 0, len(g.rows) - 1, 4)
        g.add()
    g.add(S(T(title)))
    if merged:
        g.merge(len(g.rows) - 1, 0, len(g.rows) - 1, 4)
    if subtitle:
        g.add(S(T(subtitle)))
        if merged:
            g.merge(len(g.rows) - 1, 0, len(g.rows) - 1, 4)
    g.add()
    hdr = KEYED_HEADER
    if sid == "CT":
        hdr = (["STT", "Chỉ tiêu", "Kết quả thực hiện", None, "Ghi chú (giải trình)"],
               [None, None, "Đơn vị tính", "Kết quả", None])
    if sid == "TI":
        hdr = (["STT", "Nội dung", "Đơn vị tính", "Thông tin", "Ghi chú"],)

    def header():
        top = len(g.rows)
        for h in hdr:
            g.add(*[S(T(wrap(c, flags))) if c else None for c in h])
        if merged and len(hdr) == 2:
            for c in (0, 1, 4):
                g.merge(top, c, top + 1, c)
            g.merge(top, 2, top, 3)
        if "colnum" in flags:
            g.add(*[S(f"({i})") for i in range(1, 6)])

    header()
    rows = tsv(os.path.join(FORMS, spec))
    where = {}
    mid = len(rows) // 2 if len(rows) > 20 else None
    for i, r in enumerate(rows):
        k = r["key"]
        if "rephead" in flags and i == mid:
            g.add(S(T(f"{title} (tiếp theo)")))
            header()
        if "blankrows" in flags and i and i % 6 == 0:
            g.add()
        key = S(k)
        numeric = all(p.isdigit() for p in k.split("."))
        if "keydot" in flags and sid.startswith("BM") and numeric \
                and (sid != "BM7" or int(k.split(".")[0]) <= 5):
            key = S(k + ".")
        elif "numkey" in flags and numeric and k.count(".") <= 1 and not k.endswith("0"):
            key = ("n", int(k) if "." not in k else float(k), None)        # G-5
        if "spaces" in flags and key[0] == "s" and i % 4 == 1:
            key = S(key[1] + " ")
        x = m.vals[sid].get(k)
        note = LEVEL_NOTE.get(r["level"]) if sid not in ("CT", "TI") else None
        extra = m.notes[sid].get(k)
        if extra:
            note = f"{note}. {extra}" if note else extra
        label = r["label"]
        if "spaces" in flags and i % 3 == 0:
            label = label.replace(" ", "  ", 2)
        cell = value_cell(r["kind"], x, flags, rng, sid, k)
        if "rawpct" in flags and r["kind"] == "percent" and r["agg"].startswith("ratio(") \
                and "@" not in r["agg"] and x is not None:
            raw = raw_ratio(m, sid, k, r["agg"])
            if raw is not None:
                cell = ("n", raw, None)
        where[k] = len(g.rows)
        g.add(key, S(T(label)), S(T(r["unit"])) if r["unit"] else None, cell, S(T(note)) if note else None)
    if sid == "TI":
        g.add()
        g.add(None, S(T("Ghi chú: số liệu tính từ ngày chốt số liệu của kỳ trước")))
    if "formulas" in flags:
        pctf = "pctfrac" in flags
        for r in rows:
            k = r["key"]
            cell = g.rows[where[k]][3]
            if cell is None or cell[0] != "n":
                continue
            f = None
            if (sid, k) in SUM_FORMULAS:
                ops = [where[o] for o in SUM_FORMULAS[(sid, k)]]
                f = "=" + "+".join(f"D{o + 1}" for o in ops)
            elif r["agg"].startswith("ratio(") and "@" not in r["agg"]:
                n, d = r["agg"][len("ratio("):-1].split(",")
                if m.vals[sid].get(d):
                    f = (f"=ROUND(D{where[n] + 1}/D{where[d] + 1},4)" if pctf else
                         f"=ROUND(D{where[n] + 1}/D{where[d] + 1}*100,2)")
            if f:
                g.rows[where[k]][3] = ("f", cell[1], cell[2], f)
    return g


def list_grid(m, sid, name, title, flags, rng):
    T = text_fn(flags)
    cols = LIST_COLS[sid]
    order = list(range(len(cols)))
    use_alias = False
    if "colorder" in flags:
        # another order: keep TT first, shuffle the rest deterministically, alias headers
        rest = order[1:]
        rng.shuffle(rest)
        order = [0] + rest
        use_alias = True
    g = Grid(name)
    g.widths = [8, 40, 16, 24, 14, 14, 12, 14, 12, 12, 28][:len(cols)]
    if "listtitle" in flags or "titles" in flags:
        g.add(S(T(title)))
        if "merged" in flags:
            g.merge(0, 0, 0, len(cols) - 1)
        g.add(S(T(f"(Kèm theo Báo cáo số {m.vals['TI']['4']} ngày {dmy(m.report_date)} của "
                  f"UBND {m.unit['type'].lower()} {m.unit['base_name']})")))
        g.add()

    def header():
        g.add(*[S(T(wrap(cols[i][2] if use_alias and cols[i][2] else cols[i][1], flags))) for i in order])
        if "colnum" in flags:
            g.add(*[S(f"({i + 1})") for i in range(len(cols))])

    header()
    data = {"BC": m.bc, "DM": m.dm, "VB": m.vb}[sid]
    mid = len(data) // 2 if len(data) >= 12 else None
    num_cols = {"TT", "GIAO", "NT", "CM", "HD", "TG", "HS", "HT"}
    for n, r in enumerate(data, 1):
        if "rephead" in flags and n - 1 == mid:
            header()
        if "blankrows" in flags and n > 1 and n % 9 == 0:
            g.add()
        cells = []
        for i in order:
            c = cols[i][0]
            x = n if c == "TT" else r.get(c)
            if sid == "DM" and c == "M":
                if "listalias" in flags:
                    x = {"3": rng.choice([3, "DVC một phần"]), "4": rng.choice([4, "DVC toàn trình"]),
                         "0": rng.choice([0, "Không"])}[x]
                else:
                    x = {"3": rng.choice(["Mức độ 3", "Mức độ 3", "Một phần"]),
                         "4": rng.choice(["Mức độ 4", "Mức độ 4", "Toàn trình"]), "0": "Không"}[x]
            if sid == "DM" and c == "C" and "listalias" in flags:
                x = rng.choice([x, "Cấp " + x.lower(), "UBND cấp " + x.lower()])
            if sid == "DM" and c == "M" and "md2" in flags and x == "Không" and rng.random() < 0.5:
                x = rng.choice(["Mức độ 2", "Mức độ 1"])
            if "case" in flags and isinstance(x, str) and (sid, c) in (("DM", "C"), ("DM", "P"), ("DM", "T"),
                                                                      ("BC", "LOAI")):
                x = recase(x, rng)
            if sid == "VB" and c == "SO" and "vbstyle" in flags:
                x = vb_style(x, rng)
            if x is None:
                cells.append(None)
            elif c in num_cols or isinstance(x, int):
                if "textnum" in flags and c != "TT" and rng.random() < 0.3:
                    cells.append(textnum(x, "count", flags, rng))
                else:
                    cells.append(N(x))
            else:
                cells.append(S(unicodedata.normalize("NFD", x) if "nfdall" in flags else x))
        g.add(*cells)
    return g


def layout(m, flags):
    rng = random.Random(f"xlsxcheck-clean-layout/{m.code}")
    if not CODE_LABELS:
        for sid, name, spec, kind, *_ in SHEETS:
            if kind == "keyed":
                for r in tsv(os.path.join(FORMS, spec)):
                    if r["codes"]:
                        CODE_LABELS[(sid, r["key"])] = dict(c.split("=", 1) for c in r["codes"].split(";"))
    grids = []
    for sid, name, spec, kind, title, subtitle in SHEETS:
        sname = ALIASES[sid] if "alias" in flags else name
        if "nfdall" in flags:
            sname = unicodedata.normalize("NFD", sname)
        if kind == "keyed":
            g = keyed_grid(m, sid, sname, spec, title, subtitle, flags, rng)
        else:
            g = list_grid(m, sid, sname, title, flags, rng)
        g.sid = sid
        grids.append(g)
    if "sheetorder" in flags:
        rank = {"TI": 0, "CT": 1, "VB": 2, "DM": 3, "BC": 4}
        grids.sort(key=lambda g: rank.get(g.sid, 9))
    if "extrasheet" in flags:
        g = Grid("Tổng hợp ý kiến")
        g.add(S("Ý kiến góp ý của các phòng, ban (không thuộc biểu mẫu)"))
        g.add(S("Phòng Nội vụ"), S("Đề nghị bổ sung kinh phí khảo sát sự hài lòng"))
        g.widths = [30, 60]
        grids.insert(9 if m.code != "613" else len(grids), g)
    return grids


# --------------------------------------------------------------------------
# Producers

def write_openpyxl(grids, path):
    import openpyxl
    from openpyxl.utils import get_column_letter
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for g in grids:
        ws = wb.create_sheet(g.name)
        for ri, row in enumerate(g.rows, 1):
            for ci, cell in enumerate(row, 1):
                if cell is None:
                    continue
                typ, val, fmt = cell[:3]
                c = ws.cell(row=ri, column=ci)
                c.value = cell[3] if typ == "f" else val     # openpyxl stores no formula result
                if typ == "s":
                    c.data_type = "s"
                if fmt:
                    c.number_format = fmt
        for r0, c0, r1, c1 in g.merges:
            ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
        for i, w in enumerate(g.widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = w
    wb.properties.creator = "xlsxcheck mkclean"
    wb.save(path)


def write_xlsxwriter(grids, path):
    import xlsxwriter
    wb = xlsxwriter.Workbook(path, {"strings_to_numbers": False, "strings_to_formulas": False,
                                    "strings_to_urls": False})
    fmts = {}

    def fmt(f):
        if f not in fmts:
            fmts[f] = wb.add_format({"num_format": f} if f else {})
        return fmts[f]

    for g in grids:
        ws = wb.add_worksheet(g.name)
        for i, w in enumerate(g.widths):
            ws.set_column(i, i, w)
        tops = {(r0, c0): (r1, c1) for r0, c0, r1, c1 in g.merges}
        for ri, row in enumerate(g.rows):
            for ci, cell in enumerate(row):
                if (ri, ci) in tops:
                    r1, c1 = tops[(ri, ci)]
                    ws.merge_range(ri, ci, r1, c1, cell[1] if cell else "", fmt(None))
                    continue
                if cell is None:
                    continue
                typ, val, f = cell[:3]
                if typ == "s":
                    ws.write_string(ri, ci, val)
                elif typ == "n":
                    ws.write_number(ri, ci, val, fmt(f) if f else None)
                elif typ == "f":
                    ws.write_formula(ri, ci, cell[3], fmt(f), val)
                else:
                    ws.write_datetime(ri, ci, dt.datetime(val.year, val.month, val.day), fmt(f))
    wb.close()


TEMPLATE = os.path.join(ROOT, "templates", "bao-cao-dinh-ky.xlsx")


def write_template(m, path):
    """The official template (templates/bao-cao-dinh-ky.xlsx) filled in with
    openpyxl as a unit would fill it in Excel: values in column D by key,
    notes in E, list rows under the column-number row; plain typing."""
    import warnings
    import openpyxl
    warnings.simplefilter("ignore")
    wb = openpyxl.load_workbook(TEMPLATE)
    for sid, name, spec, kind, *_ in SHEETS:
        ws = wb[name]
        if kind == "keyed":
            rowof = {}
            for row in ws.iter_rows(min_col=1, max_col=1):
                if row[0].value is not None:
                    rowof.setdefault(str(row[0].value).strip(), row[0].row)
            for r in tsv(os.path.join(FORMS, spec)):
                k = r["key"]
                x = m.vals[sid].get(k)
                if sid == "TI" and k == "1":
                    x = m.unit["official_name"]
                c = ws.cell(row=rowof[k], column=4)
                if isinstance(x, dt.date):
                    c.value = x
                    c.number_format = "d/m/yyyy"
                elif isinstance(x, Decimal):
                    c.value = N(x)[1]
                elif x is not None:
                    c.value = x
                note = m.notes[sid].get(k)
                if note:
                    e = ws.cell(row=rowof[k], column=5)
                    e.value = f"{e.value}. {note}" if e.value else note
        else:
            cols = LIST_COLS[sid]
            hdr = None
            for row in ws.iter_rows(max_row=30):
                if [str(c.value) for c in row[:2]] == [cols[0][1], cols[1][1]]:
                    hdr = row[0].row
                    break
            start = hdr + 2                                   # under the "(1) (2) …" row
            data = {"BC": m.bc, "DM": m.dm, "VB": m.vb}[sid]
            for n, r in enumerate(data):
                for ci, (c, _, _) in enumerate(cols, 1):
                    x = n + 1 if c == "TT" else r.get(c)
                    if sid == "DM" and c == "M":
                        x = {"3": "Mức độ 3", "4": "Mức độ 4", "0": "Không"}[x]
                    if x is not None:
                        ws.cell(row=start + n, column=ci).value = x
    wb.save(path)


def run(cmd, timeout):
    log("$", " ".join(cmd))
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout)
        out = r.stdout.decode("utf-8", "replace")
        log(out)
        return r.returncode, out
    except (subprocess.TimeoutExpired, OSError) as e:
        log("failed:", e)
        return -1, str(e)


def slug_file(m, period_text):
    per, year = split_period(period_text)
    return f"bao-cao-dinh-ky_{m.unit['slug']}_{year}-{PERIODS[per][0]}.xlsx"


def main():
    global LOG
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--period", default="Quý I/2023")
    ap.add_argument("--only", default="")
    ap.add_argument("--model", action="store_true")
    a = ap.parse_args()
    split_period(a.period)
    out = os.path.abspath(a.outdir)
    os.makedirs(out, exist_ok=True)
    LOG = open(os.path.join(out, "gen.log"), "w", encoding="utf-8")
    os.environ.setdefault("HOME", out)
    units = tsv(UNITS)
    only = set(x for x in a.only.split(",") if x)
    manifest = []
    lo_jobs, gn_jobs = [], []
    src_dir = os.path.join(out, "src")
    os.makedirs(src_dir, exist_ok=True)
    for u in units:
        if only and u["slug"] not in only:
            continue
        producer, fl = VARIANTS[u["code"]]
        flags = set(fl.split())
        m = build(u, a.period, flags)
        bad = verify(m)
        if bad:
            manifest.append(("fail", u["slug"], "model does not satisfy: " + "; ".join(bad[:5])))
            continue
        if a.model:
            with open(os.path.join(out, u["slug"] + ".model.txt"), "w", encoding="utf-8") as f:
                for sid in m.vals:
                    for k, x in m.vals[sid].items():
                        f.write(f"{sid}\t{k}\t{x}\t{m.notes[sid].get(k, '')}\n")
                for lst in ("bc", "dm", "vb"):
                    for r in getattr(m, lst):
                        f.write(f"{lst}\t" + "\t".join(f"{k}={v}" for k, v in r.items()) + "\n")
        grids = layout(m, flags)
        fname = slug_file(m, a.period)
        dst = os.path.join(out, fname)
        info = (u["slug"], dst, producer, ",".join(sorted(flags)))
        try:
            if producer == "xlsxwriter":
                write_xlsxwriter(grids, dst)
            elif producer == "openpyxl":
                write_openpyxl(grids, dst)
            else:
                src = os.path.join(src_dir, fname)
                write_openpyxl(grids, src)
                (lo_jobs if producer == "libreoffice" else gn_jobs).append((info, src))
                continue
        except Exception as e:        # a producer failing is a test failure, not a crash
            manifest.append(("fail", u["slug"], f"{producer} failed: {e!r}"))
            continue
        manifest.append(("ok",) + info)

    if lo_jobs:
        if not shutil.which("soffice"):
            for info, _ in lo_jobs:
                manifest.append(("fail", info[0], "LibreOffice (soffice) not installed"))
        else:
            lo_out = os.path.join(out, "lo")
            os.makedirs(lo_out, exist_ok=True)
            prof = os.path.join(out, "lo-profile")
            rc, text = run(["soffice", "--headless", "--norestore", "--nolockcheck",
                            f"-env:UserInstallation=file://{prof}", "--convert-to", "xlsx",
                            "--outdir", lo_out] + [s for _, s in lo_jobs], 300)
            for info, src in lo_jobs:
                got = os.path.join(lo_out, os.path.basename(src))
                if not os.path.exists(got):
                    manifest.append(("fail", info[0], f"LibreOffice wrote nothing (rc={rc}): "
                                     + text.strip()[-160:].replace("\n", " ")))
                    continue
                os.replace(got, info[1])
                manifest.append(("ok",) + info)
            shutil.rmtree(prof, ignore_errors=True)
    for info, src in gn_jobs:
        if not shutil.which("ssconvert"):
            manifest.append(("fail", info[0], "gnumeric (ssconvert) not installed"))
            continue
        rc, text = run(["ssconvert", src, info[1]], 180)
        if rc != 0 or not os.path.exists(info[1]):
            manifest.append(("fail", info[0], f"ssconvert failed (rc={rc}): "
                             + text.strip()[-160:].replace("\n", " ")))
            continue
        manifest.append(("ok",) + info)

    # the same data in the official template, as most units fill it
    for u in units:
        if only and u["slug"] not in only:
            continue
        producer, fl = VARIANTS[u["code"]]
        m = build(u, a.period, set(fl.split()))
        if verify(m):
            continue                                          # reported above
        dst = os.path.join(out, "template_" + slug_file(m, a.period))
        try:
            write_template(m, dst)
        except Exception as e:
            manifest.append(("fail", "template." + u["slug"], f"template fill failed: {e!r}"))
            continue
        manifest.append(("ok", "template." + u["slug"], dst, "template", "official-template"))

    order = {u["slug"]: i for i, u in enumerate(units)}
    manifest.sort(key=lambda x: (x[1].startswith("template."), order[x[1].replace("template.", "")]))
    with open(os.path.join(out, "manifest.tsv"), "w", encoding="utf-8") as f:
        for line in manifest:
            f.write("\t".join(str(x).replace("\t", " ") for x in line) + "\n")


if __name__ == "__main__":
    main()
