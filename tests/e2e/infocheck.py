#!/usr/bin/python3
"""Checks `xlsxcheck --lang en info FILE` against openpyxl's view of the
workbook and against our own dump of it:

- "Date system: 1900|1904" as openpyxl's epoch says;
- "Sheets: N" and, per sheet in workbook order, the line
  `  I. "NAME" — worksheet|chartsheet, visible|hidden|very hidden`
  (names, kinds and states from openpyxl's workbook parser);
- per worksheet "N cells" == the dump's lines for that sheet, its "used
  range A1:B2" the bounding box of those lines' references, and
  "Non-empty cells: N" == all the dump's lines.

Usage: infocheck.py FILE INFO.txt DUMP.tsv SHEETS.out
Writes the sheet names (one a line, workbook order) to SHEETS.out for
run.sh's --sheet checks.  Prints problems; exit 1 if any.
"""
import re
import sys
import warnings

from openpyxl.reader.excel import ExcelReader
from openpyxl.utils.datetime import CALENDAR_MAC_1904

VIS = {"visible": "visible", "hidden": "hidden", "veryHidden": "very hidden", None: "visible"}


def esc(s):
    return (s.replace("\\", "\\\\").replace("\t", "\\t")
             .replace("\n", "\\n").replace("\r", "\\r"))


def colname(c):
    s = ""
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def main(argv):
    path, info_path, dump_path, sheets_out = argv[1:5]
    warnings.simplefilter("ignore")
    r = ExcelReader(path, read_only=True, data_only=True)
    r.read()
    sheets = []
    for sheet, rel in r.parser.find_sheets():
        kind = "chartsheet" if "chartsheet" in rel.Type else "worksheet"
        sheets.append((sheet.name, kind, VIS.get(sheet.state, sheet.state)))
    date1904 = r.wb.epoch == CALENDAR_MAC_1904
    r.archive.close()

    with open(info_path, encoding="utf-8") as f:
        info = f.read().split("\n")
    counts = {}
    boxes = {}
    total = 0
    with open(dump_path, encoding="utf-8", newline="\n") as f:
        for line in f:
            sh, ref = line.split("\t", 2)[:2]
            counts[sh] = counts.get(sh, 0) + 1
            total += 1
            m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
            col = 0
            for ch in m.group(1):
                col = col * 26 + ord(ch) - 64
            row = int(m.group(2))
            b = boxes.get(sh)
            boxes[sh] = (row, col, row, col) if b is None else (
                min(b[0], row), min(b[1], col), max(b[2], row), max(b[3], col))

    bad = []

    def need(text):
        if text not in info:
            bad.append(f"no line: {text}")

    need(f"Date system: {'1904' if date1904 else '1900'}")
    need(f"Sheets: {len(sheets)}")
    need(f"Non-empty cells: {total}")
    for i, (name, kind, vis) in enumerate(sheets, start=1):
        head = f'  {i}. "{name}" — {kind}, {vis}'
        line = next((ln for ln in info if ln.startswith(head)), None)
        if line is None:
            got = next((ln for ln in info if ln.startswith(f"  {i}. ")), "(none)")
            bad.append(f"sheet {i}: want {head.strip()}, got {got.strip()}")
            continue
        rest = line[len(head):]
        if rest and not rest.startswith((",", " (")):
            bad.append(f"sheet {i}: want {head.strip()}, got {line.strip()}")
            continue
        if kind == "worksheet":
            m = re.search(r", (\d+) cells", line)
            want = counts.get(esc(name), 0)
            if not m or int(m.group(1)) != want:
                bad.append(f"sheet {i} \"{name}\": info says {m.group(1) if m else '?'} cells,"
                           f" the dump has {want} lines")
            box = boxes.get(esc(name))
            if box:
                rng = f"{colname(box[1])}{box[0]}:{colname(box[3])}{box[2]}"
                if f", used range {rng}" not in line:
                    bad.append(f"sheet {i} \"{name}\": want used range {rng} in: {line.strip()}")
    with open(sheets_out, "w", encoding="utf-8") as f:
        for name, _kind, _vis in sheets:
            f.write(name + "\n")
    for b in bad[:8]:
        print(b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
