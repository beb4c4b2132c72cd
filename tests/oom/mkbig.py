#!/usr/bin/python3
"""Writes a large workbook for the out-of-memory tests: one sheet of ROWS
rows by 8 columns (numbers and distinct shared strings), so reading it whole
(check, merge) needs far more memory than the tests allow the process.

    /usr/bin/python3 tests/oom/mkbig.py OUT.xlsx [ROWS=150000]

Written with zipfile directly (the XML of SpreadsheetML as Excel writes it),
in a second or two: no workbook library is needed for this shape."""
import sys
import zipfile

out = sys.argv[1]
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 150000
cols = "ABCDEFGH"
ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
strings = []
sheet = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet %s><sheetData>' % ns]
for r in range(1, rows + 1):
    cells = []
    for k, c in enumerate(cols):
        if k % 2:
            strings.append("Thủ tục hành chính số %d-%d" % (r, k))
            cells.append('<c r="%s%d" t="s"><v>%d</v></c>' % (c, r, len(strings) - 1))
        else:
            cells.append('<c r="%s%d"><v>%d.%d</v></c>' % (c, r, r, k))
    sheet.append('<row r="%d">%s</row>' % (r, "".join(cells)))
sheet.append("</sheetData></worksheet>")
sst = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst %s count="%d" uniqueCount="%d">'
       % (ns, len(strings), len(strings))]
sst.extend("<si><t>%s</t></si>" % s for s in strings)
sst.append("</sst>")
ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
      '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
      '</Types>')
root_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
             '</Relationships>')
wb = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook %s %s><sheets>'
      '<sheet name="Danh mục TTHC" sheetId="1" r:id="rId1"/></sheets></workbook>' % (ns, rel))
wb_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
           '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
           '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
           '</Relationships>')
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
    z.writestr("[Content_Types].xml", ct)
    z.writestr("_rels/.rels", root_rels)
    z.writestr("xl/workbook.xml", wb)
    z.writestr("xl/_rels/workbook.xml.rels", wb_rels)
    z.writestr("xl/sharedStrings.xml", "".join(sst))
    z.writestr("xl/worksheets/sheet1.xml", "".join(sheet))
