#!/usr/bin/python3
"""Reads a workbook with openpyxl (data_only=True) and prints the reference
reading in the format of ../shared/real-xlsx/expected/*.tsv:

    sheet TAB ref TAB type TAB value [TAB raw]

one line per cell whose value is neither None nor "", in workbook sheet
order, then row, then column.  n: Python repr (integral floats below 2**53
without ".0"); s: backslash, TAB, LF, CR escaped; d: ISO 8601 with the
serial stored in the file as the 5th column.  Read-only mode is used, so
values stored under merged ranges are kept (as the corpus reference does).

Usage: opxl_read.py FILE > reading.tsv
"""
import datetime
import sys

import openpyxl
from openpyxl.utils.datetime import to_excel, CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900


def esc(s):
    return (s.replace("\\", "\\\\").replace("\t", "\\t")
             .replace("\n", "\\n").replace("\r", "\\r"))


def num(v):
    if isinstance(v, bool):
        raise TypeError
    if isinstance(v, int):
        return str(v)
    if v == int(v) and abs(v) < 2**53:
        return str(int(v))
    return repr(v)


def main(path):
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    epoch = wb.epoch
    out = sys.stdout
    for ws in wb.worksheets:
        name = esc(ws.title)
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()
        for row in ws.iter_rows():
            for c in row:
                v = c.value
                if v is None or v == "" or not hasattr(c, "coordinate"):
                    continue
                ref = c.coordinate
                if isinstance(v, bool):
                    out.write(f"{name}\t{ref}\tb\t{'TRUE' if v else 'FALSE'}\n")
                elif isinstance(v, (int, float)):
                    out.write(f"{name}\t{ref}\tn\t{num(v)}\n")
                elif isinstance(v, (datetime.datetime, datetime.date, datetime.time,
                                    datetime.timedelta)):
                    raw = to_excel(v, epoch) if not isinstance(v, datetime.timedelta) \
                        else v.total_seconds() / 86400
                    iso = v.isoformat() if not isinstance(v, datetime.timedelta) else str(v)
                    out.write(f"{name}\t{ref}\td\t{iso}\t{raw!r}\n")
                elif getattr(c, "data_type", None) == "e":
                    out.write(f"{name}\t{ref}\te\t{esc(str(v))}\n")
                else:
                    out.write(f"{name}\t{ref}\ts\t{esc(str(v))}\n")
    wb.close()


if __name__ == "__main__":
    main(sys.argv[1])
