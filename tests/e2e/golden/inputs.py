"""Inputs of the golden tests: small packages whose XML is spelled out here,
so that each expected line in golden/NAME.tsv can be checked against the
cell that produced it.  gen.py writes them with raw_xlsx() (fixed zip
timestamps: the files are byte-for-byte reproducible).

GOLDEN maps NAME -> dict(sheets=[(name, sheetData XML, state)], sst=[<si>..],
styles=<styleSheet> content or None, date1904=bool[, strict=True]).
The expected dumps, golden/NAME.tsv, were written and checked by hand.
"""
import unicodedata

VIET_NFD = unicodedata.normalize("NFD", "Việt Nam")


def _c(ref, v, t=None, s=None):
    a = f' r="{ref}"' if ref else ""
    a += f' t="{t}"' if t else ""
    a += f' s="{s}"' if s is not None else ""
    return f"<c{a}><v>{v}</v></c>"


def _rows(rows):
    return "".join(f'<row r="{r}">{"".join(cells)}</row>' for r, cells in rows)


# --------------------------------------------------------------- g_text
# Escaping of TAB LF CR and backslash, _xHHHH_ decoding, rich and phonetic
# runs, inline strings, formula strings, booleans, errors, empty strings.
TEXT_SST = [
    "<si><t>plain</t></si>",                                          # 0
    '<si><t xml:space="preserve">tab&#9;here</t></si>',              # 1
    "<si><t>line&#10;two</t></si>",                                   # 2
    "<si><t>cr&#13;lf&#13;&#10;end</t></si>",                         # 3
    "<si><t>back\\slash\\t\\n</t></si>",                              # 4
    "<si><t>_x0009_x_x000D__x000A_</t></si>",                         # 5
    "<si><t>_x005F_x0041_ stays</t></si>",                            # 6
    "<si><t>_xD83D__xDE00_ pair</t></si>",                            # 7
    "<si><t>_x12G4_ not hex</t></si>",                                # 8
    '<si><r><t xml:space="preserve">Rich </t></r>'
    "<r><rPr><b/></rPr><t>bold</t></r></si>",                         # 9
    '<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh>'
    '<phoneticPr fontId="0"/></si>',                                  # 10
    f"<si><t>{VIET_NFD}</t></si>",                                    # 11
    "<si><t/></si>",                                                  # 12
    "<si><t>&lt;&amp;&gt;&quot;&apos;</t></si>",                      # 13
    '<si><t xml:space="preserve">  two spaces  </t></si>',           # 14
]

TEXT_SHEET = _rows([
    (1, [_c(f"{col}1", i, "s") for col, i in zip("ABCDEFGH", range(0, 8))]),
    (2, [_c(f"{col}2", i, "s") for col, i in zip("ABCDEFG", range(8, 15))]),
    (3, ['<c r="A3" t="inlineStr"><is><t>inline\\</t></is></c>',
         '<c r="B3" t="inlineStr"><is><r><t xml:space="preserve">in </t></r>'
         "<r><t>runs</t></r></is></c>",
         '<c r="C3" t="inlineStr"><is><t>tab&#9;inline</t></is></c>',
         '<c r="D3" t="inlineStr"><is><t></t></is></c>',
         '<c r="E3" t="str"><f>"a"&amp;CHAR(9)</f><v>a&#9;b</v></c>',
         '<c r="F3" t="str"><f>""</f><v></v></c>',
         '<c r="G3" t="str"><f>"x"</f><v>Tiếng Việt</v></c>',
         # a formula's string result is an ST_Xstring too (LibreOffice writes
         # <v>c_x0001_d</v> for ="c"&CHAR(1)&"d")
         '<c r="H3" t="str"><f>"x"</f><v>s_x0009_t_x005F_x0041_</v></c>']),
    (4, [_c("A4", 1, "b"), _c("B4", 0, "b"),
         '<c r="C4" t="b"><f>1=1</f><v>1</v></c>']),
    (5, [_c(f"{col}5", e, "e") for col, e in
         zip("ABCDEFGH", ["#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!",
                          "#VALUE!", "#GETTING_DATA"])]),
    (6, ['<c r="A6"/>', '<c r="B6" s="0"/>', '<c r="C6"><f>1+1</f></c>']),
])

# ------------------------------------------------------------ g_numbers
# Number texts as stored in the XML and the cell references.
NUMBER_TEXTS = ["0", "-0", "1", "1.0", "-0.5", "0.30000000000000004", "0.1", "1E-7",
                "1e-5", "0.0001", "123456789012345", "9007199254740991",
                "9007199254740992", "-9007199254740992", "1e16", "1.5E+300",
                "1.7976931348623157E+308", "5E-324", "2.2250738585072014E-308",
                "1000000000000000.2", "123456789.123456789", "3.14159265358979", " 42 ",
                "+7", ".5", "5.", "1E+2", "12345678901234567890", "4.35",
                "100000000000000000000", "999999999999999.9", "0.000123", "-1.5e-10",
                # as LibreOffice writes them
                "1E-007", "1.23456789012346E+019", "1E+021",
                # as gnumeric writes them (21 significant digits)
                "9.99999999999999999985e-08", "0.300000000000000039991",
                "4.94065645841246500011e-324", "45351.5729166666999994",
                # other spellings of the same kind of value
                "0.50", "1.10", "007", "-0.0", "1.e5", "1E+05", "1e005", "00.5", "100.5",
                "1000", "12e-1", "0.1e1", "123456789012345.6", "1234567890123456",
                "999999999999999", "9999999999999999", "1e15", "1.5e15", "1e-300", "0.1e-3",
                "1234.5e-2", " \n 3 "]

NUMBERS_SHEET = _rows([(i, [_c(f"A{i}", v)]) for i, v in enumerate(NUMBER_TEXTS, start=1)])

REFS_SHEET = (
    '<row r="1">' + "".join(_c(f"{col}1", n) for n, col in
                            enumerate(["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA", "XFD"], 1))
    + "</row>"
    # cells out of order inside a row, and a row out of order
    + '<row r="5">' + _c("C5", 3) + _c("A5", 1) + _c("B5", 2) + "</row>"
    + '<row r="3">' + _c("B3", "0.5") + "</row>"
    # no r= on the row or the cells: they follow the previous ones
    + "<row>" + _c(None, 61) + _c(None, 62) + "</row>"
    + '<row r="1048576">' + _c("A1048576", 7) + _c("XFD1048576", 8) + "</row>")

# --------------------------------------------------------- g_dates 1900/1904
DATE_STYLES = (
    '<numFmts count="7">'
    '<numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/>'
    '<numFmt numFmtId="165" formatCode="[h]:mm:ss"/>'
    '<numFmt numFmtId="166" formatCode="0.00%"/>'
    '<numFmt numFmtId="167" formatCode="#,##0 &quot;ngày&quot;"/>'
    '<numFmt numFmtId="168" formatCode="@"/>'
    '<numFmt numFmtId="169" formatCode="[$-42A]dd/mm/yyyy"/>'
    '<numFmt numFmtId="170" formatCode="0.0\\h"/>'
    "</numFmts>"
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>'
    '<cellXfs count="13">'
    '<xf numFmtId="0"/>'                          # 0 General
    '<xf numFmtId="14" applyNumberFormat="1"/>'   # 1 mm-dd-yy (built in)
    '<xf numFmtId="164" applyNumberFormat="1"/>'  # 2 yyyy-mm-dd hh:mm:ss
    '<xf numFmtId="21" applyNumberFormat="1"/>'   # 3 h:mm:ss (built in)
    '<xf numFmtId="165" applyNumberFormat="1"/>'  # 4 [h]:mm:ss
    '<xf numFmtId="166" applyNumberFormat="1"/>'  # 5 0.00%
    '<xf numFmtId="167" applyNumberFormat="1"/>'  # 6 #,##0 "ngày"
    '<xf numFmtId="168" applyNumberFormat="1"/>'  # 7 @
    '<xf numFmtId="169" applyNumberFormat="1"/>'  # 8 [$-42A]dd/mm/yyyy
    '<xf numFmtId="22" applyNumberFormat="1"/>'   # 9 m/d/yy h:mm (built in)
    '<xf numFmtId="47" applyNumberFormat="1"/>'   # 10 mmss.0 (built in)
    '<xf numFmtId="30" applyNumberFormat="1"/>'   # 11 East Asian date (built in)
    '<xf numFmtId="170" applyNumberFormat="1"/>'  # 12 0.0\h
    "</cellXfs>")

# (serial text, style) per row, column A; the same serial with style 0 in B
DATES_1900 = [("0", 2), ("0.5", 2), ("0.999988425925926", 3), ("1", 1), ("1.25", 2),
              ("59", 1), ("60", 1), ("61", 1), ("25569", 1), ("45351", 8),
              ("45351.5729166667", 2), ("45351.0000115741", 2), ("45351.0000000116", 2),
              ("45351.99999999", 2), ("45351.999999999", 2), ("2958465", 1),
              ("2958465.5", 2), ("2958466", 1), ("-1", 1), ("-0.5", 2), ("1.5", 4),
              ("0.25", 4), ("0.5", 5), ("45351", 6), ("5", 7), ("45351.75", 9),
              ("0.0001", 10), ("45351", 11), ("45351.5", 12)]

DATES_1904 = [("0", 2), ("0.5", 2), ("1", 1), ("1.25", 2), ("59", 1), ("60", 1),
              ("43889", 8), ("43889.5729166667", 2), ("2957003", 1), ("2957004", 1),
              ("-1", 1), ("1.5", 4), ("0.75", 3)]

ISO_CELLS = ["2024-02-29T13:45:30", "2024-02-29", "2024-02-29T00:00:00", "13:45:30",
             "2024-02-29T13:45:30.250Z", "1900-03-01"]


def _dates_sheet(rows):
    body = _rows([(i, [_c(f"A{i}", v, s=s), _c(f"B{i}", v)])
                  for i, (v, s) in enumerate(rows, start=1)])
    n = len(rows) + 1
    body += _rows([(n, [f'<c r="{col}{n}" t="d"><v>{v}</v></c>'
                        for col, v in zip("ABCDEF", ISO_CELLS)])])
    return body


# --------------------------------------------------------------- g_strict
# The same kinds of cells in an ISO/IEC 29500 Strict package (purl.oclc.org
# namespaces), which openpyxl cannot read.
STRICT_SST = ["<si><t>chuỗi strict</t></si>",
              "<si><r><t xml:space=\"preserve\">rich </t></r><r><t>strict</t></r></si>"]
STRICT_STYLES = (
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/>'
    '<xf numFmtId="164" applyNumberFormat="1"/></cellXfs>')
STRICT_SHEET = _rows([
    (1, [_c("A1", 0, "s"), _c("B1", 1, "s"),
         '<c r="C1" t="inlineStr"><is><t>inline_x0009_tab</t></is></c>']),
    (2, [_c("A2", "0.30000000000000004"), _c("B2", 45351, s=1), _c("C2", "45351.75", s=2)]),
    (3, [_c("A3", 1, "b"), _c("B3", "#N/A", "e"), '<c r="C3" t="d"><v>2024-02-29T13:45:30</v></c>']),
])

GOLDEN = {
    "g_text": dict(sheets=[("Văn bản", TEXT_SHEET, None)], sst=TEXT_SST, styles=None,
                   date1904=False),
    "g_numbers": dict(sheets=[("Số", NUMBERS_SHEET, None), ("Refs", REFS_SHEET, None)],
                      sst=None, styles=None, date1904=False),
    "g_dates1900": dict(sheets=[("Ngày", _dates_sheet(DATES_1900), None)], sst=None,
                        styles=DATE_STYLES, date1904=False),
    "g_dates1904": dict(sheets=[("Ngày", _dates_sheet(DATES_1904), None)], sst=None,
                        styles=DATE_STYLES, date1904=True),
    "g_strict": dict(sheets=[("Strict", STRICT_SHEET, None), ("Ẩn", _rows([(2, [_c("B2", 2)])]),
                                                             "hidden")],
                     sst=STRICT_SST, styles=STRICT_STYLES, date1904=False, strict=True),
}
