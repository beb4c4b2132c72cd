"""openpyxl read-only: iterate every value of every worksheet.

Usage: /usr/bin/python3 openpyxl_iter.py FILE.xlsx
Prints "cells N" (non-empty values seen) on stderr."""
import sys

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
n = 0
for ws in wb.worksheets:
    for row in ws.iter_rows(values_only=True):
        for v in row:
            if v is not None and v != "":
                n += 1
wb.close()
print(f"cells {n}", file=sys.stderr)
