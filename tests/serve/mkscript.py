#!/usr/bin/python3
"""A workbook with markup in its cells and a sheet name, for the escaping tests.

    mkscript.py IN.xlsx OUT.xlsx

The unit's name (Thông tin, the cell holding "UBND …") gets a <script>
element, a number cell of Biểu mẫu 1 becomes text with an <img onerror>,
and the extra sheet is renamed to an <img> tag (openpyxl)."""
import sys

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1])
done = False
for row in wb["Thông tin"].iter_rows():
    for c in row:
        if isinstance(c.value, str) and c.value.startswith("UBND"):
            c.value = c.value + ' <script>alert(1)</script>'
            done = True
if not done:
    sys.exit("no unit cell found")
ws = wb["Biểu mẫu 1"]
for row in ws.iter_rows(min_col=4, max_col=4):
    for c in row:
        if isinstance(c.value, (int, float)):
            c.value = '<img src=x onerror=alert(3)>'
            break
    else:
        continue
    break
for ws in wb.worksheets:
    if ws.title == "Tổng hợp ý kiến":
        ws.title = "<img src=x onerror=alert(2)>"
wb.save(sys.argv[2])
