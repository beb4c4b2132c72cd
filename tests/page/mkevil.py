"""Writes a copy of one example workbook whose unit name is markup, so the
pages must escape it: mkevil.py SRC DST.  Written with openpyxl, an
independent producer; the unit is then no unit of the registry (M-1, left
out), and its name reaches the status table and the log as typed."""
import sys

import openpyxl

# markup the reader strips ("<b>") and characters that must be escaped
EVIL = "Huyện A < B & \"C\" > D<script>alert(1)</script>"

wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Thông tin"]
for row in ws.iter_rows():
    if row[0].value == "1" and row[1].value == "Đơn vị":
        row[3].value = EVIL
        break
else:
    sys.exit("no Đơn vị row in Thông tin")
wb.save(sys.argv[2])
