#!/usr/bin/python3
"""Writes the hostile corpus for tests/hostile/run.sh.

    /usr/bin/python3 gen.py OUTDIR

Standard library only (zlib, struct).  Writes one file per case into
OUTDIR, NAME.expected for cases whose stdout is checked exactly, and
OUTDIR/cases.tsv, the table run.sh walks.  Everything is deterministic
and small: the zip bombs are built from one deflate segment repeated
(the compressor is fully flushed, so segments do not refer to each other)
and their CRC-32 is computed with crc32_combine, never by inflating.

cases.tsv columns (TAB separated, "-" for an empty field):
  name      the case name printed by run.sh
  file      the input, relative to OUTDIR ("@missing" = does not exist)
  cmd       dump | info
  pre       options before the command (e.g. "--lang en --max-ratio 1000")
  post      arguments after FILE (e.g. "--sheet Nope")
  exit      the expected exit status
  stderr    substrings stderr must contain, separated by "|"
  stdout    "-" unchecked, "empty", "exact" (= NAME.expected), or
            "has:" followed by "|"-separated substrings
  checks    comma list: sha (input unchanged), nopasswd (/etc/passwd never
            shown), traversal (nothing written outside), time=N (must end
            within N seconds), null (stdout discarded, only line-counted)
"""
import os
import random
import struct
import sys
import zlib

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
REL = NS_R  # relationship types start with this
CT_WB = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
CT_WS = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_SST = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
CT_STY = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


# ---------------------------------------------------------------- zip writer

def crc32_combine(crc1, crc2, len2):
    """zlib's crc32_combine (GF(2) matrix method), for the bombs' CRC."""
    def times(mat, vec):
        s, i = 0, 0
        while vec:
            if vec & 1:
                s ^= mat[i]
            vec >>= 1
            i += 1
        return s

    def square(mat):
        return [times(mat, mat[n]) for n in range(32)]

    if len2 <= 0:
        return crc1
    odd = [0xEDB88320] + [1 << n for n in range(31)]
    even = square(odd)
    odd = square(even)
    while True:
        even = square(odd)
        if len2 & 1:
            crc1 = times(even, crc1)
        len2 >>= 1
        if not len2:
            break
        odd = square(even)
        if len2 & 1:
            crc1 = times(odd, crc1)
        len2 >>= 1
        if not len2:
            break
    return crc1 ^ crc2


def deflate(data, level=6):
    c = zlib.compressobj(level, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


class Entry:
    """One ZIP entry.  data is compressed here unless raw (already deflated)
    is given with crc and usize.  usize_decl lies about the size; flags are
    the general-purpose bits."""

    def __init__(self, name, data=b"", method=8, raw=None, crc=None, usize=None,
                 usize_decl=None, flags=0):
        self.name = name.encode("utf-8") if isinstance(name, str) else name
        if raw is None:
            self.crc = zlib.crc32(data)
            self.usize = len(data)
            self.comp = deflate(data) if method == 8 else data
        else:
            self.comp, self.crc, self.usize = raw, crc, usize
        self.method = method
        self.usize_decl = self.usize if usize_decl is None else usize_decl
        self.flags = flags
        try:
            self.name.decode("ascii")
        except UnicodeDecodeError:
            self.flags |= 0x800  # UTF-8 names


def zip_build(entries):
    out, cd = bytearray(), bytearray()
    for e in entries:
        off = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, e.flags, e.method, 0, 0x21,
                           e.crc, len(e.comp), e.usize_decl, len(e.name), 0)
        out += e.name + e.comp
        cd += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, e.flags, e.method, 0,
                          0x21, e.crc, len(e.comp), e.usize_decl, len(e.name), 0, 0, 0, 0,
                          0, off)
        cd += e.name
    cdoff = len(out)
    out += cd
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(cd),
                       cdoff, 0)
    return bytes(out)


def repeated_deflate(prefix, unit, count, suffix):
    """A raw deflate stream of prefix + unit*count + suffix, built from one
    fully-flushed segment of `unit` repeated, with its CRC-32 and size."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = c.compress(prefix) + c.flush(zlib.Z_FULL_FLUSH)
    seg = c.compress(unit) + c.flush(zlib.Z_FULL_FLUSH)
    seg2 = c.compress(unit) + c.flush(zlib.Z_FULL_FLUSH)
    assert seg == seg2, "full flush did not make segments independent"
    tail = c.compress(suffix) + c.flush(zlib.Z_FINISH)
    raw = head + seg * count + tail
    crc_unit = zlib.crc32(unit)
    crc_rep, n, pw_crc, pw_len = 0, count, crc_unit, len(unit)  # crc of unit*count
    first = True
    while n:
        if n & 1:
            crc_rep = pw_crc if first else crc32_combine(crc_rep, pw_crc, pw_len)
            first = False
        n >>= 1
        if n:
            pw_crc = crc32_combine(pw_crc, pw_crc, pw_len)
            pw_len *= 2
    crc = zlib.crc32(prefix)
    crc = crc32_combine(crc, crc_rep, len(unit) * count)
    crc = crc32_combine(crc, zlib.crc32(suffix), len(suffix))
    return raw, crc, len(prefix) + len(unit) * count + len(suffix)


# ---------------------------------------------------------------- workbooks

def esc(s):
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return s.replace("\t", "&#9;").replace("\n", "&#10;")


def sheet_xml(rows, extra="", decl=DECL):
    return (decl + '<worksheet xmlns="%s" xmlns:r="%s"><sheetData>%s</sheetData>%s</worksheet>'
            % (NS_MAIN, NS_R, rows, extra))


def sst_xml(strings):
    body = "".join("<si><t>%s</t></si>" % esc(s) for s in strings)
    return DECL + '<sst xmlns="%s" count="%d" uniqueCount="%d">%s</sst>' % (
        NS_MAIN, len(strings), len(strings), body)


def styles_xml(numfmts=(), xfs=(0,)):
    nf = "".join('<numFmt numFmtId="%d" formatCode="%s"/>' % (i, esc(c)) for i, c in numfmts)
    xf = "".join('<xf numFmtId="%d" fontId="0" fillId="0" borderId="0"/>' % i for i in xfs)
    return (DECL + '<styleSheet xmlns="%s"><numFmts count="%d">%s</numFmts>'
            '<cellXfs count="%d">%s</cellXfs></styleSheet>' % (NS_MAIN, len(numfmts), nf,
                                                                 len(xfs), xf))


def b(x):
    return x.encode("utf-8") if isinstance(x, str) else x


def xlsx_parts(sheets, sst=None, styles=None, wb_xml=None, wb_rels=None, ct=None,
               pkg_rels=None, missing=(), extra=()):
    """The parts of a small workbook as [(name, bytes)].

    sheets: [(sheet name, worksheet xml)]; sheet i is xl/worksheets/sheet<i+1>.xml.
    sst: list of strings or raw xml; styles: raw xml.  missing: part names
    left out of the package (still named in rels)."""
    parts = []
    n = len(sheets)
    if ct is None:
        ov = ['<Override PartName="/xl/workbook.xml" ContentType="%s"/>' % CT_WB]
        ov += ['<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="%s"/>' % (i + 1, CT_WS)
               for i in range(n)]
        if sst is not None:
            ov.append('<Override PartName="/xl/sharedStrings.xml" ContentType="%s"/>' % CT_SST)
        if styles is not None:
            ov.append('<Override PartName="/xl/styles.xml" ContentType="%s"/>' % CT_STY)
        ct = (DECL + '<Types xmlns="%s"><Default Extension="rels" ContentType="application/'
              'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
              'ContentType="application/xml"/>%s</Types>' % (NS_CT, "".join(ov)))
    parts.append(("[Content_Types].xml", ct))
    if pkg_rels is None:
        pkg_rels = (DECL + '<Relationships xmlns="%s"><Relationship Id="rId1" Type="%s/'
                    'officeDocument" Target="xl/workbook.xml"/></Relationships>' % (NS_PKG_REL, REL))
    parts.append(("_rels/.rels", pkg_rels))
    if wb_xml is None:
        sh = "".join('<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (esc(nm), i + 1, i + 1)
                     for i, (nm, _) in enumerate(sheets))
        wb_xml = (DECL + '<workbook xmlns="%s" xmlns:r="%s"><sheets>%s</sheets></workbook>'
                  % (NS_MAIN, NS_R, sh))
    parts.append(("xl/workbook.xml", wb_xml))
    if wb_rels is None:
        rl = ['<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>'
              % (i + 1, REL, i + 1) for i in range(n)]
        if sst is not None:
            rl.append('<Relationship Id="rId%d" Type="%s/sharedStrings" Target="sharedStrings.xml"/>'
                      % (n + 1, REL))
        if styles is not None:
            rl.append('<Relationship Id="rId%d" Type="%s/styles" Target="styles.xml"/>' % (n + 2, REL))
        wb_rels = DECL + '<Relationships xmlns="%s">%s</Relationships>' % (NS_PKG_REL, "".join(rl))
    parts.append(("xl/_rels/workbook.xml.rels", wb_rels))
    if sst is not None:
        parts.append(("xl/sharedStrings.xml", sst_xml(sst) if isinstance(sst, list) else sst))
    if styles is not None:
        parts.append(("xl/styles.xml", styles))
    for i, (_, xml) in enumerate(sheets):
        parts.append(("xl/worksheets/sheet%d.xml" % (i + 1), xml))
    parts += list(extra)
    return [(nm, b(data)) for nm, data in parts if nm not in missing]


def xlsx(sheets, method=8, rename=None, entry_opts=None, **kw):
    """A workbook as ZIP bytes.  rename maps part name -> ZIP entry name;
    entry_opts maps part name -> extra Entry keyword arguments."""
    rename = rename or {}
    entry_opts = entry_opts or {}
    ents = [Entry(rename.get(nm, nm), data, method=method, **entry_opts.get(nm, {}))
            for nm, data in xlsx_parts(sheets, **kw)]
    return zip_build(ents)


def one_cell(inner_c, r="A1"):
    """A sheet with one row holding the given <c> markup."""
    return sheet_xml('<row r="1">%s</row>' % inner_c)


def simple_book(sheet_name="Sheet1"):
    """Two strings and a number: the base several damaged cases start from."""
    rows = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
            '<row r="2"><c r="A2"><v>42</v></c><c r="B2"><v>3.5</v></c></row>')
    return xlsx([(sheet_name, sheet_xml(rows))], sst=["Xin chào", "Tổng cộng"])


SIMPLE_DUMP = ["Sheet1\tA1\ts\tXin chào", "Sheet1\tB1\ts\tTổng cộng",
               "Sheet1\tA2\tn\t42", "Sheet1\tB2\tn\t3.5"]


def bigger_book():
    """A workbook whose sheet is ~150 KB of varied cells (for corruption cases)."""
    rnd = random.Random(7)
    rows = []
    for r in range(1, 1201):
        cells = "".join('<c r="%s%d"><v>%d</v></c>' % (col, r, rnd.randrange(10 ** 9))
                        for col in "ABCDE")
        rows.append('<row r="%d">%s</row>' % (r, cells))
    return xlsx([("Data", sheet_xml("".join(rows)))], sst=["x"])


# ---------------------------------------------------------------- OLE (CFB)

def cfb(streams):
    """A minimal compound file (v3, 512-byte sectors): header, one FAT
    sector, one directory sector, then each stream in regular sectors
    (every stream is padded to >= 4096 bytes so no mini stream is needed)."""
    ENDCHAIN, FREE, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    datas = [(n, d + b"\0" * max(0, 4096 - len(d))) for n, d in streams]
    fat = [FATSECT, ENDCHAIN]
    starts, body = [], bytearray()
    for _, d in datas:
        nsec = (len(d) + 511) // 512
        start = len(fat)
        starts.append(start)
        fat += [start + k + 1 for k in range(nsec - 1)] + [ENDCHAIN]
        body += d + b"\0" * (nsec * 512 - len(d))
    assert len(fat) <= 128
    fat += [FREE] * (128 - len(fat))

    def dirent(name, typ, child, left, right, start, size):
        nm = name.encode("utf-16-le") + b"\0\0"
        return (nm + b"\0" * (64 - len(nm)) + struct.pack("<HBB", len(nm), typ, 1) +
                struct.pack("<III", left, right, child) + b"\0" * 16 + struct.pack("<I", 0) +
                b"\0" * 16 + struct.pack("<IIi", start, size, 0))

    ents = [dirent("Root Entry", 5, 1, NOSTREAM, NOSTREAM, ENDCHAIN, 0)]
    for i, (n, d) in enumerate(datas):
        right = i + 2 if i + 1 < len(datas) else NOSTREAM
        ents.append(dirent(n, 2, NOSTREAM, NOSTREAM, right, starts[i], len(d)))
    dirs = b"".join(ents)
    dirs += b"\0" * (512 - len(dirs))
    hdr = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 16
    hdr += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
    hdr += struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, ENDCHAIN, 0, ENDCHAIN, 0)
    hdr += struct.pack("<I", 0) + struct.pack("<I", FREE) * 108
    assert len(hdr) == 512
    return hdr + struct.pack("<128I", *fat) + dirs + bytes(body)


# ---------------------------------------------------------------- the cases

CASES = []


class Case:
    def __init__(self, name, data, exit, err=(), cmd="dump", pre="", post="", out=None,
                 outhas=(), checks=(), ext=".xlsx", fname=None):
        self.name, self.data, self.exit, self.err = name, data, exit, list(err)
        self.cmd, self.pre, self.post = cmd, pre, post
        self.out, self.outhas, self.checks = out, list(outhas), list(checks)
        self.fname = fname or (name + ext)


def case(*a, **kw):
    CASES.append(Case(*a, **kw))


# Message fragments (err.h).
M_EMPTY = "tệp rỗng"
M_XLS = "tệp Excel cũ (.xls"
M_ENC = "đặt mật khẩu"
M_HTML = "trang HTML"
M_TEXT = "tệp văn bản"
M_NOTZIP = "không phải gói ZIP"
M_DAMAGED = "bị hỏng hoặc bị cắt cụt"
M_NOTXLSX = "là gói ZIP nhưng không phải sổ làm việc Excel"
M_MISSING = "thiếu một phần"
M_XML = "XML bên trong tệp bị lỗi"
M_DTD = "DTD"
M_BIG = "vượt quá giới hạn kích thước"
M_RATIO = "tỷ lệ nén bất thường"
M_SST = "chuỗi dùng chung không tồn tại"
M_UTF8 = "UTF-8"
M_CELLREF = "ngoài bảng tính"
M_NUMBER = "giá trị số"
M_ZIPPW = "mã hóa bằng mật khẩu ZIP"
M_LIMIT = "giới hạn an toàn"
M_OPEN = "không mở được tệp"
M_NOSHEET = "không có trang tính mang tên này"
M_XML2003 = "bảng tính XML 2003"
M_ROWORDER = "không theo thứ tự"


def build():
    W = "Sheet1"

    # --- not a workbook at all: sniffed before libzip sees it
    case("empty", b"", 2, [M_EMPTY], checks=["sha"])
    case("empty_en", b"", 2, ["the file is empty (0 bytes)", "What to do:"], pre="--lang en")
    case("text_plain", "Báo cáo quý 3\nDoanh thu: 1.234.567 đồng\n".encode(), 2, [M_TEXT])
    case("csv", b"Ma,Ten,So luong\n1,Gao,10\n2,Muoi,5\n", 2, [M_TEXT], checks=["sha"])
    case("csv_bom_en", b"\xef\xbb\xbfMa;Ten\r\n1;Nguy\xe1\xbb\x85n\r\n", 2,
         ["this is a text file (CSV or plain text)", "What to do:"], pre="--lang en")
    # Vietnamese CSV saved in Windows-1258 (bytes >= 0x80, not UTF-8): still text.
    case("csv_cp1258", b"Ma,Ten\n1,Nguy\xean V\xe3n\n", 2, [M_TEXT])
    # Excel "Unicode Text" export (UTF-16LE with BOM, TAB separated) renamed .xlsx.
    case("text_utf16", "\ufeffMã\tTên\r\n1\tNguyễn\r\n".encode("utf-16-le"), 2, [M_TEXT])
    case("html_table",
         b'<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8">'
         b'</head><body><table><tr><td>M\xc3\xa3</td><td>T\xc3\xaan</td></tr></table></body></html>',
         2, [M_HTML])
    case("html_doctype_bom_en", b"\xef\xbb\xbf\n<!DOCTYPE html>\n<html><body><p>Export</p></body></html>",
         2, ["this is an HTML page", "What to do:"], pre="--lang en", cmd="info")
    # Excel 2003 XML Spreadsheet ("XML Spreadsheet 2003") renamed .xlsx: it has a
    # <Table> element, which must not make it an HTML page.
    case("excel2003_xml",
         b'<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
         b'<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"\n'
         b' xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">\n'
         b' <Worksheet ss:Name="Sheet1">\n  <Table>\n   <Row><Cell><Data ss:Type="Number">1'
         b'</Data></Cell></Row>\n  </Table>\n </Worksheet>\n</Workbook>\n',
         2, [M_XML2003])
    case("excel2003_xml_en", b'<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:'
         b'spreadsheet"><Worksheet><Table/></Worksheet></Workbook>', 2,
         ["this is an XML 2003 spreadsheet", "What to do:"], pre="--lang en")
    # Any other XML or markup is treated as a text file.
    case("xml_other", b'<?xml version="1.0"?><note><to>A</to></note>', 2, [M_TEXT])
    case("pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 20 >>\nstream\n\x00\x01\x02\x03"
         b"\x88\x99\x00\x00endstream\nendobj\n" + bytes(range(256)) * 4, 2, [M_NOTZIP])
    case("missing_file", None, 2, [M_OPEN], fname="@missing")
    case("directory", "DIR", 2, ["không phải tệp thông thường"], fname="a_directory.xlsx")

    # --- OLE compound files
    biff = b"\x09\x08\x10\x00\x00\x06\x05\x00" + b"\0" * 12  # a BIFF8 BOF record
    case("ole_xls", cfb([("Workbook", biff)]), 2, [M_XLS], ext=".xls", checks=["sha"])
    case("ole_xls_named_xlsx_en", cfb([("Workbook", biff), ("\x05SummaryInformation", b"")]), 2,
         ["legacy Excel file (.xls, OLE format)", "What to do:"], pre="--lang en")
    enc_info = b"\x04\x00\x04\x00\x40\x00\x00\x00" + (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<encryption xmlns='
        '"http://schemas.microsoft.com/office/2006/encryption"><keyData saltSize="16" '
        'blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining='
        '"ChainingModeCBC" hashAlgorithm="SHA512" saltValue="AAAA"/></encryption>').encode()
    rnd = random.Random(1)
    enc_pkg = struct.pack("<Q", 9000) + bytes(rnd.randrange(256) for _ in range(9008))
    case("ole_encrypted", cfb([("EncryptionInfo", enc_info), ("EncryptedPackage", enc_pkg)]),
         2, [M_ENC], checks=["sha"])
    case("ole_encrypted_info_en", cfb([("EncryptedPackage", enc_pkg), ("EncryptionInfo", enc_info)]),
         2, ["password-protected", "What to do:"], pre="--lang en", cmd="info")

    # --- damaged ZIP containers
    good = simple_book()
    case("valid_simple", good, 0, out=SIMPLE_DUMP, checks=["sha"])
    case("truncated_half", good[: len(good) // 2], 2, [M_DAMAGED], checks=["sha"])
    case("truncated_head", good[:40], 2, [M_DAMAGED])
    case("truncated_half_en", good[: len(good) // 2], 2,
         ["the .xlsx file is damaged or truncated", "What to do:"], pre="--lang en", cmd="info")
    # CRC failure: a stored (uncompressed) package with one letter of a shared
    # string changed; the XML stays well-formed, only the CRC can tell.
    stored = xlsx([(W, sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'))],
                                       sst=["Xin chào các bạn"], method=0)
    k = stored.find(b"Xin ch")
    assert k > 0
    bad = bytearray(stored)
    bad[k] = ord("J")
    case("crc_stored_sst", bytes(bad), 2, [M_DAMAGED, "xl/sharedStrings.xml"])
    # Garbage in the middle of a deflated sheet.
    big = bigger_book()
    k = big.find(b"xl/worksheets/sheet1.xml") + 24 + 3000
    bad = bytearray(big)
    bad[k:k + 64] = bytes(random.Random(3).randrange(256) for _ in range(64))
    case("garbage_in_deflate", bytes(bad), 2, [M_DAMAGED, "xl/worksheets/sheet1.xml"])
    # Bytes inserted in the middle: every offset after them is wrong.
    k = len(big) // 2
    case("garbage_inserted", big[:k] + b"\xde\xad\xbe\xef" * 64 + big[k:], 2, [M_DAMAGED])

    # --- ZIPs that are not workbooks
    ods = zip_build([Entry("mimetype", b"application/vnd.oasis.opendocument.spreadsheet", method=0),
                     Entry("content.xml", b'<?xml version="1.0"?><office:document-content '
                           b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>'),
                     Entry("META-INF/manifest.xml", b"<manifest/>")])
    case("ods", ods, 2, [M_NOTXLSX, "OpenDocument"])
    docx = zip_build([Entry("[Content_Types].xml", b'<Types xmlns="%s"><Override PartName="/word/'
                            b'document.xml" ContentType="application/vnd.openxmlformats-'
                            b'officedocument.wordprocessingml.document.main+xml"/></Types>' % NS_CT.encode()),
                      Entry("_rels/.rels", b'<Relationships xmlns="%s"><Relationship Id="rId1" '
                            b'Type="%s/officeDocument" Target="word/document.xml"/></Relationships>'
                            % (NS_PKG_REL.encode(), REL.encode())),
                      Entry("word/document.xml", b"<w:document xmlns:w=\"urn:x\"/>")])
    case("docx", docx, 2, [M_NOTXLSX, "Word (.docx)"])
    case("zip_plain", zip_build([Entry("readme.txt", b"hello")]), 2, [M_NOTXLSX])
    case("zip_empty", zip_build([]), 2, [M_NOTXLSX])

    # --- parts the workbook points to that are missing
    case("workbook_part_missing", xlsx([(W, one_cell('<c r="A1"><v>1</v></c>'))],
                                       missing=["xl/workbook.xml"]), 2, [M_MISSING, "xl/workbook.xml"])
    two = [(W, one_cell('<c r="A1"><v>1</v></c>')), ("Thiếu", one_cell('<c r="A1"><v>2</v></c>'))]
    case("sheet_part_missing", xlsx(two, missing=["xl/worksheets/sheet2.xml"]), 2,
         [M_MISSING, "xl/worksheets/sheet2.xml", "Thiếu"], checks=["sha"])
    case("sheet_part_missing_info_en", xlsx(two, missing=["xl/worksheets/sheet2.xml"]), 2,
         ["a part the workbook refers to is missing", "xl/worksheets/sheet2.xml"],
         pre="--lang en", cmd="info")
    wb_bad_rid = (DECL + '<workbook xmlns="%s" xmlns:r="%s"><sheets><sheet name="S" sheetId="1" '
                  'r:id="rId77"/></sheets></workbook>' % (NS_MAIN, NS_R))
    case("sheet_rid_unknown", xlsx([(W, one_cell('<c r="A1"><v>1</v></c>'))], wb_xml=wb_bad_rid), 2,
         [M_MISSING, "rId77"])
    # sharedStrings (or styles) named in the workbook rels but absent: the
    # package is incomplete, so it is refused naming the part, whether or not
    # a cell uses a shared string (never "string #0 does not exist").
    case("sst_missing_unused", xlsx([(W, one_cell('<c r="A1"><v>7</v></c>'))], sst=["a"],
                                    missing=["xl/sharedStrings.xml"]), 2,
         [M_MISSING, "xl/sharedStrings.xml"])
    case("styles_missing", xlsx([(W, one_cell('<c r="A1" s="1"><v>7</v></c>'))], styles=styles_xml(),
                                missing=["xl/styles.xml"]), 2, [M_MISSING, "xl/styles.xml"])
    case("sst_missing_used", xlsx([(W, one_cell('<c r="A1" t="s"><v>0</v></c>'))], sst=["a"],
                                  missing=["xl/sharedStrings.xml"]), 2,
         [M_MISSING, "xl/sharedStrings.xml"])
    # A relationship target that climbs out of the package: resolved inside the
    # ZIP only (never the file system).
    rels_escape = (DECL + '<Relationships xmlns="%s"><Relationship Id="rId1" Type="%s/worksheet" '
                   'Target="../../../../../../etc/passwd"/></Relationships>' % (NS_PKG_REL, REL))
    case("target_escapes_package", xlsx([(W, one_cell('<c r="A1"><v>1</v></c>'))], wb_rels=rels_escape),
         2, [M_MISSING, "etc/passwd"], checks=["nopasswd"])

    # --- malformed XML, with its position
    unclosed = (DECL + '<worksheet xmlns="%s">\n<sheetData>\n<row r="1"><c r="A1"><v>1</v></row>\n'
                '</sheetData>\n</worksheet>\n' % NS_MAIN)
    case("xml_unclosed_tag", xlsx([(W, unclosed)]), 2,
         [M_XML, "phần xl/worksheets/sheet1.xml, dòng 4, cột 32", "mismatched tag"])
    case("xml_unclosed_tag_en", xlsx([(W, unclosed)]), 2,
         ["the XML inside the file is malformed", "part xl/worksheets/sheet1.xml, line 4, column 32"],
         pre="--lang en")
    case("xml_empty_sheet_part", xlsx([(W, "")]), 2, [M_XML, "xl/worksheets/sheet1.xml"])
    case("xml_unknown_encoding", xlsx([(W, sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>',
                                                     decl='<?xml version="1.0" encoding="windows-1258"?>'))]),
         2, [M_XML, "xl/worksheets/sheet1.xml"])
    case("xml_workbook_wrong_root", xlsx([(W, one_cell('<c r="A1"><v>1</v></c>'))],
                                         wb_xml=DECL + '<notAWorkbook/>'), 2, [M_NOTXLSX])
    case("xml_bad_content_types", xlsx([(W, one_cell('<c r="A1"><v>1</v></c>'))], ct="<Types><Default"),
         2, [M_XML, "[Content_Types].xml"])

    # --- DTDs and entities: refused, never expanded, no file read
    lol = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n' +
           "".join(' <!ENTITY lol%d "%s">\n' % (i, ("&lol%s;" % ("" if i == 1 else i - 1)) * 10)
                   for i in range(1, 10)) + "]>\n")
    case("dtd_billion_laughs_sst",
         xlsx([(W, one_cell('<c r="A1" t="s"><v>0</v></c>'))],
              sst=lol + '<sst xmlns="%s"><si><t>&lol9;</t></si></sst>' % NS_MAIN), 2,
         [M_DTD, "xl/sharedStrings.xml"], checks=["time=10"])
    case("dtd_billion_laughs_sheet",
         xlsx([(W, lol + '<worksheet xmlns="%s"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
                '&lol9;</t></is></c></row></sheetData></worksheet>' % NS_MAIN)]), 2,
         [M_DTD, "xl/worksheets/sheet1.xml"], checks=["time=10"])
    case("dtd_billion_laughs_sheet_info_en",
         xlsx([(W, lol + '<worksheet xmlns="%s"><sheetData/></worksheet>' % NS_MAIN)]), 2,
         ["XML DTD or entity declaration, refused for safety"], pre="--lang en", cmd="info")
    xxe = ('<?xml version="1.0"?>\n<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
           '<worksheet xmlns="%s"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is>'
           '</c></row></sheetData></worksheet>' % NS_MAIN)
    case("xxe_sheet", xlsx([(W, xxe)]), 2, [M_DTD], checks=["nopasswd"])
    case("xxe_sheet_info", xlsx([(W, xxe)]), 2, [M_DTD], cmd="info", checks=["nopasswd"])
    xxe_pe = ('<?xml version="1.0"?>\n<!DOCTYPE sst [<!ENTITY %% p SYSTEM "file:///etc/passwd"> %%p;]>\n'
              '<sst xmlns="%s"><si><t>x</t></si></sst>' % NS_MAIN)
    case("xxe_parameter_entity_sst", xlsx([(W, one_cell('<c r="A1" t="s"><v>0</v></c>'))], sst=xxe_pe),
         2, [M_DTD], checks=["nopasswd"])
    xxe_rels = ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY t SYSTEM "file:///etc/passwd">]>'
                '<Relationships xmlns="%s"><Relationship Id="rId1" Type="%s/officeDocument" '
                'Target="&t;"/></Relationships>' % (NS_PKG_REL, REL))
    case("xxe_package_rels", xlsx([(W, one_cell('<c r="A1"><v>1</v></c>'))], pkg_rels=xxe_rels), 2,
         [M_DTD, "_rels/.rels"], checks=["nopasswd"])

    # --- zip bombs (each generated in well under a second)
    prefix = ('%s<worksheet xmlns="%s"><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
              % (DECL, NS_MAIN)).encode()
    suffix = b"</sheetData></worksheet>"
    unit = b" " * (1 << 20)
    raw, crc, usize = repeated_deflate(prefix, unit, 2304, suffix)  # 2.25 GiB of spaces
    bomb_ents = [Entry(nm, d) for nm, d in xlsx_parts([(W, "")])
                 if nm != "xl/worksheets/sheet1.xml"]
    bomb = zip_build(bomb_ents + [Entry("xl/worksheets/sheet1.xml", raw=raw, crc=crc, usize=usize)])
    case("bomb_2g", bomb, 2, [M_BIG, "xl/worksheets/sheet1.xml"], checks=["time=5", "sha"])
    case("bomb_2g_en", bomb, 2, ["exceeds the uncompressed size limit", "zip bomb"],
         pre="--lang en", cmd="info", checks=["time=5"])
    # Raised ratio and part limits: the 2 GiB total cap still stops it, after
    # inflating 2 GiB (about 8 s of one core; the bound is a hang guard with
    # room for a loaded machine, not a speed target).
    case("bomb_2g_raised_limits", bomb, 2, [M_BIG, "2048 MiB"],
         pre="--max-ratio 100000 --max-part-mb 4096", checks=["time=60", "null"])
    # 200 MiB: under the part cap, so the ratio check must stop it.
    raw, crc, usize = repeated_deflate(prefix, unit, 200, suffix)
    bomb200 = zip_build(bomb_ents + [Entry("xl/worksheets/sheet1.xml", raw=raw, crc=crc, usize=usize)])
    case("bomb_ratio_200m", bomb200, 2, [M_RATIO, "xl/worksheets/sheet1.xml"], checks=["time=5"])
    case("bomb_ratio_200m_en", bomb200, 2, ["abnormal compression ratio", "--max-ratio"],
         pre="--lang en", checks=["time=5"])
    # The same 200 MiB part read completely when the user raises the ratio cap.
    case("bomb_200m_allowed", bomb200, 0, pre="--max-ratio 100000", out=["Sheet1\tA1\tn\t1"],
         checks=["time=60"])
    # The headers lie: they declare 1000 bytes for a 2.25 GiB part.
    raw, crc, usize = repeated_deflate(prefix, unit, 2304, suffix)
    liar = zip_build(bomb_ents + [Entry("xl/worksheets/sheet1.xml", raw=raw, crc=crc, usize=usize,
                                        usize_decl=1000)])
    case("bomb_lying_size", liar, 2, [M_RATIO, "xl/worksheets/sheet1.xml"], checks=["time=5"])
    # Many small parts, together over --max-total-mb 1.
    pad = " " * 60000
    many = [("S%d" % i, sheet_xml('<row r="1"><c r="A1"><v>%d</v></c></row>%s' % (i, pad)))
            for i in range(30)]
    case("total_cap_many_parts", xlsx(many), 2, [M_BIG, "1 MiB"], pre="--max-total-mb 1",
         checks=["null"])

    # --- shared-string indexes
    two_str = ["một", "hai"]
    case("sst_index_past_end", xlsx([(W, one_cell('<c r="B7" t="s"><v>99</v></c>'))], sst=two_str), 2,
         [M_SST, "B7", "xl/worksheets/sheet1.xml"])
    case("sst_index_negative", xlsx([(W, one_cell('<c r="A1" t="s"><v>-1</v></c>'))], sst=two_str), 2,
         [M_SST, "A1"])
    case("sst_index_text", xlsx([(W, one_cell('<c r="A1" t="s"><v>abc</v></c>'))], sst=two_str), 2,
         [M_SST, "A1"])
    case("sst_index_huge", xlsx([(W, one_cell('<c r="A1" t="s"><v>%s</v></c>' % ("9" * 300)))],
                                sst=two_str), 2, [M_SST, "A1"])
    case("sst_index_en_info", xlsx([(W, one_cell('<c r="A1" t="s"><v>2</v></c>'))], sst=two_str), 2,
         ["a cell refers to a shared string that does not exist"], pre="--lang en", cmd="info")

    # --- invalid UTF-8
    def sst_bytes(raw_text):
        return (DECL.encode() + b'<sst xmlns="' + NS_MAIN.encode() + b'"><si><t>' + raw_text +
                b"</t></si></sst>")
    use0 = [(W, one_cell('<c r="A1" t="s"><v>0</v></c>'))]
    case("utf8_sst_c328", xlsx(use0, sst=sst_bytes(b"ab\xc3\x28cd")), 2, [M_UTF8, "xl/sharedStrings.xml"])
    case("utf8_sst_overlong", xlsx(use0, sst=sst_bytes(b"\xc0\xaf")), 2, [M_UTF8, "xl/sharedStrings.xml"])
    case("utf8_sst_surrogate", xlsx(use0, sst=sst_bytes(b"x\xed\xa0\x80y")), 2, [M_UTF8])
    case("utf8_sst_cp1258", xlsx(use0, sst=sst_bytes(b"Nguy\xean V\xe3n A")), 2, [M_UTF8])
    inl = sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is><t>ok</t></is></c>'
                    '<c r="B1" t="inlineStr"><is><t>bad@BAD@</t></is></c></row>')
    case("utf8_inline_string", xlsx([(W, inl.encode().replace(b"@BAD@", b"\xc3\x28"))]),
         2, [M_UTF8, "xl/worksheets/sheet1.xml"])
    wbx = (DECL + '<workbook xmlns="%s" xmlns:r="%s"><sheets><sheet name="B@BAD@o" sheetId="1" r:id="rId1"/>'
           '</sheets></workbook>' % (NS_MAIN, NS_R)).encode().replace(b"@BAD@", b"\xe1\xbb")
    case("utf8_sheet_name", xlsx([(W, one_cell('<c r="A1"><v>1</v></c>'))], wb_xml=wbx), 2,
         [M_UTF8, "xl/workbook.xml"])
    case("utf8_sst_en", xlsx(use0, sst=sst_bytes(b"\xc3\x28")), 2, ["the text is not valid UTF-8"],
         pre="--lang en")

    # --- cell references outside the grid
    for nm, ref in [("cellref_XFE1", "XFE1"), ("cellref_A1048577", "A1048577"), ("cellref_A0", "A0"),
                    ("cellref_1A", "1A"), ("cellref_empty", "")]:
        case(nm, xlsx([(W, one_cell('<c r="%s"><v>1</v></c>' % ref))]), 2,
             [M_CELLREF, 'r="%s"' % ref])
    case("row_r_0", xlsx([(W, sheet_xml('<row r="0"><c><v>1</v></c></row>'))]), 2, [M_CELLREF, 'r="0"'])
    case("row_r_huge", xlsx([(W, sheet_xml('<row r="99999999999"><c><v>1</v></c></row>'))]), 2,
         [M_CELLREF, "99999999999"])
    case("cellref_past_xfd_without_r",
         xlsx([(W, sheet_xml('<row r="1"><c r="XFD1"><v>1</v></c><c><v>2</v></c></row>'))]), 2,
         [M_CELLREF])
    case("cellref_en", xlsx([(W, one_cell('<c r="ZZZZ1"><v>1</v></c>'))]), 2,
         ["outside the grid (max XFD1048576)"], pre="--lang en")

    # --- numbers and booleans
    case("number_1e400", xlsx([(W, one_cell('<c r="C3"><v>1e400</v></c>'))]), 2, [M_NUMBER, "C3", "1e400"])
    case("number_500_digits", xlsx([(W, one_cell('<c r="A1"><v>%s</v></c>' % ("9" * 500)))]), 2,
         [M_NUMBER, "A1"])
    case("number_abc", xlsx([(W, one_cell('<c r="A1"><v>abc</v></c>'))]), 2, [M_NUMBER, '"abc"'])
    case("number_comma_decimal", xlsx([(W, one_cell('<c r="A1"><v>1,5</v></c>'))]), 2, [M_NUMBER, "1,5"])
    case("number_nan", xlsx([(W, one_cell('<c r="A1"><v>NaN</v></c>'))]), 2, [M_NUMBER])
    case("bool_2", xlsx([(W, one_cell('<c r="A1" t="b"><v>2</v></c>'))]), 2, [M_NUMBER, "A1"])
    case("number_en", xlsx([(W, one_cell('<c r="A1"><v>1e999</v></c>'))]), 2,
         ["a numeric value cannot be read or is out of range"], pre="--lang en", cmd="info")
    # A finite value written with more than 127 characters (exact decimal
    # expansions do this): it is a number, not an overflow.
    case("number_long_finite", xlsx([(W, one_cell('<c r="A1"><v>1.%s</v></c>' % ("0" * 150)))]), 0,
         out=["Sheet1\tA1\tn\t1"])
    case("number_spaces_underflow",
         xlsx([(W, one_cell('<c r="A1"><v> 42 </v></c><c r="B1"><v>1e-400</v></c>'))]), 0,
         out=["Sheet1\tA1\tn\t42", "Sheet1\tB1\tn\t0"])

    # --- structure extremes that must neither crash nor hang
    deep = 100000
    nested = sheet_xml("<x>" * deep + "</x>" * deep + '<row r="1"><c r="A1"><v>5</v></c></row>')
    case("nested_100k", xlsx([(W, nested)]), 0, out=["Sheet1\tA1\tn\t5"], checks=["time=10"])
    nested_is = one_cell('<c r="A1" t="inlineStr"><is>' + "<r>" * deep + "<t>deep</t>" + "</r>" * deep +
                         "</is></c>")
    case("nested_100k_inline", xlsx([(W, nested_is)]), 0, out=["Sheet1\tA1\ts\tdeep"], checks=["time=10"])
    huge = "x" * (30 << 20)
    # (a 30 MB run of one letter is itself over the 100:1 ratio: raise it)
    case("huge_attribute", xlsx([(W, one_cell('<c r="A1" foo="%s"><v>1</v></c>' % huge))]), 0,
         pre="--max-ratio 100000", out=["Sheet1\tA1\tn\t1"], checks=["time=10"])
    case("huge_attribute_r", xlsx([(W, one_cell('<c r="A%s"><v>1</v></c>' % ("1" * (20 << 20))))]), 2,
         [M_CELLREF], pre="--max-ratio 100000", checks=["time=10"])
    case("sheets_1000", xlsx([("S%04d" % i, one_cell('<c r="A1"><v>%d</v></c>' % i)) for i in range(1000)]),
         0, out=["S%04d\tA1\tn\t%d" % (i, i) for i in range(1000)], checks=["time=10"])
    # 65536 sheets (the cap) all on one part, then one sheet over the cap.
    nsh = 65536
    sh = "".join('<sheet name="S%d" sheetId="%d" r:id="rId%d"/>' % (i, i + 1, i + 1) for i in range(nsh))
    rl = "".join('<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet1.xml"/>'
                 % (i + 1, REL) for i in range(nsh))
    case("sheets_65536_one_part",
         xlsx([(W, one_cell('<c r="A1"><v>1</v></c>'))],
              wb_xml=DECL + '<workbook xmlns="%s" xmlns:r="%s"><sheets>%s</sheets></workbook>' % (NS_MAIN, NS_R, sh),
              wb_rels=DECL + '<Relationships xmlns="%s">%s</Relationships>' % (NS_PKG_REL, rl)),
         0, cmd="info", outhas=["65536", "S65535"], checks=["time=20"])
    sh2 = sh + '<sheet name="over" sheetId="65537" r:id="rId1"/>'
    case("sheets_over_limit",
         xlsx([(W, one_cell('<c r="A1"><v>1</v></c>'))],
              wb_xml=DECL + '<workbook xmlns="%s" xmlns:r="%s"><sheets>%s</sheets></workbook>' % (NS_MAIN, NS_R, sh2)),
         2, [M_LIMIT, "65536"], checks=["time=10"])
    # 300000 custom number formats and 300000 cell styles (the cap is 1000000
    # of each): reading styles must stay linear, not formats x styles.
    nf = [(1000 + i, "0.%s" % ("0" * (i % 5))) for i in range(300000)]
    case("styles_300k", xlsx([(W, one_cell('<c r="A1" s="5"><v>1.5</v></c>'))],
                             styles=styles_xml(nf, [7] * 300000)), 0, out=["Sheet1\tA1\tn\t1.5"],
         checks=["time=10"])
    # One 4 MB shared string used 400 times by the same cell of one row: the
    # last value wins, so the dump is one line; the reader must not hold 1.6 GB.
    s4 = "Ư" * 2000000
    amp = one_cell('<c r="A1" t="s"><v>0</v></c>' * 400)
    case("sst_amplified_duplicates", xlsx([(W, amp)], sst=[s4]), 0, out=["Sheet1\tA1\ts\t" + s4],
         checks=["time=20"])
    # The same with two cells taking turns (A1 B1 A1 B1 ...): refused by the
    # pending-output cap, never an out-of-memory abort.
    amp2 = one_cell('<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>0</v></c>' * 200)
    case("sst_amplified_alternating", xlsx([(W, amp2)], sst=[s4]), 2, [M_LIMIT],
         checks=["time=20", "null"])

    # --- ZIP-level oddities
    case("zipcrypto_sheet", xlsx([(W, one_cell('<c r="A1"><v>1</v></c>'))],
                                 entry_opts={"xl/worksheets/sheet1.xml": {"flags": 1}}), 2,
         [M_ZIPPW, "xl/worksheets/sheet1.xml"])
    ents = [Entry(nm, d, flags=1) for nm, d in xlsx_parts([(W, one_cell('<c r="A1"><v>1</v></c>'))])]
    case("zipcrypto_all_en", zip_build(ents), 2, ["encrypted with a ZIP password", "What to do:"],
         pre="--lang en")
    trav = xlsx_parts([(W, one_cell('<c r="A1"><v>1</v></c>'))])
    trav += [("../evil-relative.txt", b"x"), ("../../../../../../../../tmp/xlsxcheck-hostile-evil.txt", b"x"),
             ("/tmp/xlsxcheck-hostile-abs.txt", b"x"), ("..\\..\\evil-backslash.txt", b"x")]
    case("path_traversal_names", zip_build([Entry(nm, d) for nm, d in trav]), 0, out=["Sheet1\tA1\tn\t1"],
         checks=["traversal", "sha"])
    bs = {nm: nm.replace("/", "\\") for nm, _ in xlsx_parts([(W, "")], sst=[])}
    case("backslash_names", xlsx([(W, sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'))],
                                 sst=["gạch chéo ngược"], rename=bs), 0,
         out=["Sheet1\tA1\ts\tgạch chéo ngược"])
    ren = {"xl/workbook.xml": "/XL/Workbook.XML", "xl/worksheets/sheet1.xml": "xl/Worksheets/Sheet1.xml"}
    case("names_case_and_slash", xlsx([(W, one_cell('<c r="A1"><v>2</v></c>'))], rename=ren), 0,
         out=["Sheet1\tA1\tn\t2"])

    # Duplicate part names make a package ambiguous (readers disagree on which
    # copy counts: this one would show 1 here and 2 in Python's zipfile).
    # OPC forbids equivalent part names (case-insensitive): refuse the file.
    dup = xlsx_parts([(W, one_cell('<c r="A1"><v>1</v></c>'))])
    dup.append(("xl/worksheets/sheet1.xml", b(one_cell('<c r="A1"><v>2</v></c>'))))
    case("duplicate_part_names", zip_build([Entry(nm, d) for nm, d in dup]), 2, [M_DAMAGED])
    dup2 = xlsx_parts([(W, one_cell('<c r="A1"><v>1</v></c>'))])
    dup2.append(("XL\\Worksheets\\Sheet1.xml", b(one_cell('<c r="A1"><v>2</v></c>'))))
    case("duplicate_part_names_case_slash", zip_build([Entry(nm, d) for nm, d in dup2]), 2, [M_DAMAGED])
    # A ZIP64 end record claiming 10^12 entries.
    z = zip_build([Entry(nm, d) for nm, d in xlsx_parts([(W, one_cell('<c r="A1"><v>1</v></c>'))])])
    k = z.rfind(b"PK\x05\x06")
    cd_size, cd_off = struct.unpack("<II", z[k + 12:k + 20])
    z64 = struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, 10 ** 12, 10 ** 12, cd_size, cd_off)
    z64 += struct.pack("<IIQI", 0x07064B50, 0, k, 1)
    z64 += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    case("zip64_absurd_entry_count", z[:k] + z64, 2, [M_DAMAGED], checks=["time=5"])

    # A 10 KB file whose 200000 rows each show one 4 MB shared string: the
    # dump would be 800 GB.  It must be refused quickly, not run for hours.
    rows = '<row><c t="s"><v>0</v></c></row>' * 200000
    case("sst_output_bomb", xlsx([(W, sheet_xml(rows))], sst=["x" * 4000000]), 2, [M_LIMIT],
         checks=["time=20", "null"])

    # --- valid but odd sheets
    ooo = sheet_xml('<row r="3"><c r="A3"><v>3</v></c></row>'
                    '<row r="1"><c r="C1"><v>13</v></c><c r="A1"><v>11</v></c><c r="B1"><v>12</v></c>'
                    '<c r="A1"><v>111</v></c></row>'
                    '<row r="2"><c r="B2"><v>22</v></c></row>')
    case("rows_out_of_order", xlsx([(W, ooo)]), 0, checks=["sha"],
         out=["Sheet1\tA1\tn\t111", "Sheet1\tB1\tn\t12", "Sheet1\tC1\tn\t13", "Sheet1\tB2\tn\t22",
              "Sheet1\tA3\tn\t3"])
    cooo = sheet_xml('<row r="1"><c r="D1"><v>4</v></c><c r="B1"><v>2</v></c><c r="D1"><v>44</v></c></row>'
                     '<row r="2"><c r="A2"><v>1</v></c></row>')
    case("cells_out_of_order", xlsx([(W, cooo)]), 0,
         out=["Sheet1\tB1\tn\t2", "Sheet1\tD1\tn\t44", "Sheet1\tA2\tn\t1"])
    nor = sheet_xml('<row><c><v>1</v></c><c t="inlineStr"><is><t>b</t></is></c></row>'
                    '<row><c r="C2"><v>3</v></c><c><v>4</v></c></row><row r="5"><c><v>5</v></c></row>'
                    '<row><c t="b"><v>1</v></c></row>')
    case("cells_without_r", xlsx([(W, nor)]), 0,
         out=["Sheet1\tA1\tn\t1", "Sheet1\tB1\ts\tb", "Sheet1\tC2\tn\t3", "Sheet1\tD2\tn\t4",
              "Sheet1\tA5\tn\t5", "Sheet1\tA6\tb\tTRUE"])
    escs = one_cell('<c r="A1" t="inlineStr"><is><t xml:space="preserve">a\tb&#10;c\\d</t></is></c>'
                    '<c r="B1" t="inlineStr"><is><t>_x0041__x005F_x0042_</t></is></c>')
    case("escapes_and_xstring", xlsx([("tab\there", escs)]), 0,
         out=["tab\\there\tA1\ts\ta\\tb\\nc\\\\d", "tab\\there\tB1\ts\tA_x0042_"])
    # A big sheet (over the 4 MB output buffer) whose last row goes back to row 1.
    rows = "".join('<row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d"><v>%d</v></c></row>'
                   % (r, r, r, r, r * 7) for r in range(2, 160002))
    case("big_sheet_row_back", xlsx([(W, sheet_xml(rows + '<row r="1"><c r="A1"><v>0</v></c></row>'))]), 2,
         [M_ROWORDER, '"Sheet1"'], pre="--max-ratio 1000", checks=["null", "time=20"])
    case("no_such_sheet", good, 2, [M_NOSHEET, "Nope"], post="--sheet Nope")
    case("app_xml_with_dtd", xlsx([(W, one_cell('<c r="A1"><v>1</v></c>'))],
                                  extra=[("docProps/app.xml", lol + "<Properties><Application>&lol9;"
                                          "</Application></Properties>")]), 0, cmd="info",
         outhas=["(không rõ)", "Sheet1"], checks=["time=10"])
    case("vietnamese_file_name", xlsx([(W, one_cell('<c r="A1"><v>1e400</v></c>'))]), 2, [M_NUMBER],
         fname="bảng tính lỗi (bản 2).xlsx")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gen.py OUTDIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    build()
    names = set()
    rows = []
    for c in CASES:
        assert c.name not in names, c.name
        names.add(c.name)
        if c.fname == "@missing":
            pass
        elif c.data == "DIR":
            os.makedirs(os.path.join(out, c.fname), exist_ok=True)
        else:
            with open(os.path.join(out, c.fname), "wb") as f:
                f.write(c.data)
        if c.out is not None:
            with open(os.path.join(out, c.name + ".expected"), "wb") as f:
                f.write("".join(line + "\n" for line in c.out).encode("utf-8"))
            stdout = "exact"
        elif c.outhas:
            stdout = "has:" + "|".join(c.outhas)
        else:
            stdout = "-"
        for field in [c.name, c.fname, c.pre, c.post] + c.err + c.outhas:
            assert not any(ch in field for ch in "\t\n|"), field
        rows.append("\t".join([c.name, c.fname, c.cmd, c.pre or "-", c.post or "-", str(c.exit),
                               "|".join(c.err) or "-", stdout, ",".join(c.checks) or "-"]))
    with open(os.path.join(out, "cases.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
