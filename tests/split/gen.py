#!/usr/bin/python3
"""Workbooks that probe the split reader (xlsxcheck/sheetsplit.c).

    /usr/bin/python3 gen.py OUTDIR

Writes OUTDIR/NAME.xlsx and OUTDIR/cases.tsv (name, what the split reader
must do with the first sheet when every row may be cut off:
  split     cut into slices and read to the end without falling back
  serial    read again serially (the attempt was abandoned)
  uncut     never cut (another encoding, no rows)
  any       either way; only the output matters).
Whatever it does, run.sh checks that dump and info print exactly what the
serial reader prints.  Built on the hostile corpus's package writer.
"""
import os
import struct
import sys
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "hostile"))
import gen as h  # noqa: E402

NS = h.NS_MAIN


def cells(r, n=4):
    out = []
    for c in range(n):
        col = "ABCDEFGH"[c]
        if c == 0:
            out.append('<c r="%s%d" t="s"><v>%d</v></c>' % (col, r, r % 3))
        elif c == 1:
            out.append('<c r="%s%d"><v>%s</v></c>' % (col, r, repr(r * 1.1)))
        elif c == 2:
            out.append('<c r="%s%d" t="inlineStr"><is><t>dòng %d &amp; &lt;row&gt;</t></is></c>'
                       % (col, r, r))
        else:
            out.append('<c r="%s%d" s="1"><v>%d</v></c>' % (col, r, 44000 + r))
    return "".join(out)


def rows(n, fmt=None, start=1):
    fmt = fmt or '<row r="%d">%s</row>'
    return "".join(fmt % (r, cells(r)) for r in range(start, start + n))


SST = ["Xin chào", "Tổng cộng", "Ia H' Drai"]
STYLES = h.styles_xml(xfs=(0, 14))
CASES = []


def case(name, expect, sheet_xml, extra_sheets=(), sst=SST, **kw):
    sheets = [("Sheet1", sheet_xml)] + list(extra_sheets)
    CASES.append((name, expect, h.xlsx(sheets, sst=sst, styles=STYLES, **kw)))


def build():
    case("plain", "split", h.sheet_xml(rows(40)))
    case("newlines", "split", h.sheet_xml("\n" + rows(30, '<row r="%d">\n  %s\n</row>\n')))
    case("big", "split", h.sheet_xml(rows(12000)))  # crosses many 256 KiB inflate chunks
    case("prefixed", "split",
         h.DECL + '<x:worksheet xmlns:x="%s"><x:sheetData>%s</x:sheetData></x:worksheet>'
         % (NS, rows(30).replace("<", "<x:").replace("<x:/", "</x:")))
    case("strict", "split",
         h.DECL + '<worksheet xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main">'
         '<sheetData>%s</sheetData></worksheet>' % rows(20))
    case("merges-after", "split",
         h.sheet_xml(rows(25), extra='<mergeCells count="2"><mergeCell ref="A1:B2"/>'
                     '<mergeCell ref="C5:D9"/></mergeCells>')
         .replace("<sheetData>", '<dimension ref="A1:D25"/><sheetData>'))
    case("two-sheets", "split", h.sheet_xml(rows(20)),
         extra_sheets=[("Sheet2", h.sheet_xml(rows(20, start=5)))])
    # rows whose number is implied: the slices cannot know it
    case("row-without-r", "serial",
         h.sheet_xml(rows(15) + "<row>%s</row>" % cells(16).replace(' r="', ' x="') + rows(10, start=30)))
    case("cells-without-r", "split",
         h.sheet_xml(rows(10) + '<row r="11"><c><v>1</v></c><c t="s"><v>2</v></c></row>'
                     + rows(10, start=12)))
    # a namespace declared on a row, and an unknown prefix on another
    case("row-namespace", "split",
         h.sheet_xml(rows(10) + '<y:row xmlns:y="%s" r="11"><y:c r="A11"><y:v>7</y:v></y:c>'
                     '</y:row>' % NS + '<row r="12" xmlns:z="urn:other"><z:c r="A12"><z:v>8</z:v></z:c>'
                     '<c r="B12"><v>9</v></c></row>' + rows(5, start=13)))
    # markup a cut must not fall into
    case("comment-with-row-end", "any",
         h.sheet_xml(rows(10) + "<!-- </row> <row r=\"99\"><c r=\"A99\"><v>1</v></c></row> -->"
                     + rows(10, start=11)))
    case("cdata-with-row-end", "any",
         h.sheet_xml(rows(10) + '<row r="11"><c r="A11" t="inlineStr"><is><t><![CDATA[a</row>b'
                     '</sheetData>c]]></t></is></c></row>' + rows(10, start=12)))
    case("pi-between-rows", "any", h.sheet_xml(rows(10) + "<?app </row> ?>" + rows(10, start=11)))
    case("comment-before-sheetdata", "any",
         h.sheet_xml(rows(20)).replace("<sheetData>", "<!-- <sheetData> </row> --><sheetData>"))
    # end tags written with a space: never found, so never cut there
    case("spaced-end-tags", "any",
         h.sheet_xml(rows(20, '<row r="%d">%s</row >')).replace("</sheetData>", "</sheetData >"))
    case("empty-sheetdata", "uncut", h.sheet_xml(""))
    case("self-closed-sheetdata", "uncut",
         h.DECL + '<worksheet xmlns="%s"><sheetData/></worksheet>' % NS)
    case("latin1", "uncut",
         ('<?xml version="1.0" encoding="ISO-8859-1"?><worksheet xmlns="%s"><sheetData>%s'
          '</sheetData></worksheet>' % (NS, "".join(
              '<row r="%d"><c r="A%d" t="inlineStr"><is><t>caf\xe9 %d</t></is></c></row>' % (r, r, r)
              for r in range(1, 21)))).encode("latin-1"))
    case("out-of-order", "any", h.sheet_xml(rows(10, start=20) + rows(10, start=1)))
    case("duplicate-cells", "any",  # dump reads it again, collecting
         h.sheet_xml(rows(10) + rows(3, start=5) + rows(5, start=11)))
    # errors in the middle: the serial reader's message, line and column
    case("bad-sst-index", "serial",
         h.sheet_xml(rows(20) + '<row r="21"><c r="A21" t="s"><v>77</v></c></row>' + rows(5, start=22)))
    case("bad-number", "serial",
         h.sheet_xml(rows(20) + '<row r="21"><c r="A21"><v>1..2</v></c></row>' + rows(5, start=22)))
    case("bad-ref", "serial",
         h.sheet_xml(rows(20) + '<row r="21"><c r="A0"><v>1</v></c></row>' + rows(5, start=22)))
    case("unclosed-tag", "serial",
         h.sheet_xml(rows(20) + '<row r="21"><c r="A21"><v>1</v></row>' + rows(5, start=22)))
    case("unknown-entity", "serial",
         h.sheet_xml(rows(20) + '<row r="21"><c r="A21" t="inlineStr"><is><t>&nbsp;</t></is></c></row>'
                     + rows(5, start=22)))
    case("bad-utf8", "serial",
         h.sheet_xml(rows(20) + '<row r="21"><c r="A21" t="inlineStr"><is><t>XBADX</t></is></c></row>'
                     + rows(5, start=22)).encode("utf-8").replace(b"XBADX", b"caf\xff"))
    # a deflate stream damaged half-way through the sheet: inflate fails
    # (zlib's "data error") after thousands of good cells, or the CRC does
    for k, at in enumerate((0.3, 0.6)):
        data = bytearray(h.xlsx([("Sheet1", h.sheet_xml(rows(6000)))], sst=SST, styles=STYLES))
        start = end = None
        off = 0
        while data[off:off + 4] == b"PK\x03\x04":  # walk the local headers
            csize, nlen, xlen = struct.unpack("<I4xHH", data[off + 18:off + 30])
            if data[off + 30:off + 30 + nlen] == b"xl/worksheets/sheet1.xml":
                start = off + 30 + nlen + xlen
                end = start + csize
            off += 30 + nlen + xlen + csize
        pos = start + int((end - start) * at)
        while pos < end:  # the first damage zlib itself refuses
            trial = bytes(data[start:pos]) + b"\xff" * 4 + bytes(data[pos + 4:end])
            try:
                zlib.decompressobj(-15).decompress(trial)
            except zlib.error:
                data[pos:pos + 4] = b"\xff" * 4
                break
            pos += 1
        CASES.append(("damaged-deflate-%d" % (k + 1), "any", bytes(data)))
    case("truncated-part", "any",
         h.sheet_xml(rows(40))[:-900])


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gen.py OUTDIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    build()
    with open(os.path.join(out, "cases.tsv"), "w") as t:
        for name, expect, data in CASES:
            with open(os.path.join(out, name + ".xlsx"), "wb") as f:
                f.write(data)
            t.write("%s\t%s\n" % (name, expect))


if __name__ == "__main__":
    main()
