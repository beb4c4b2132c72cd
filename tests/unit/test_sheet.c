/* test_sheet.c: the streaming worksheet parser, fed from memory
 * (xc_sheet_stream_mem) with a fake workbook that holds only shared strings.
 *
 * xc_xml_parse_mem hands expat the whole buffer in one call, so the
 * one-byte-at-a-time feeding of expat's own tests is not reachable through
 * this API; every_prefix_fails feeds every truncation instead, and
 * test_dump.c crosses the 64 KiB chunk boundary of a real package. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "sheet.h"
#include "testutil.h"

#define SUITE "sheet"

static const char *sst_text[] = {"zero", "one", "H\xC3\xA0 N\xE1\xBB\x99i", "tab\there"};
static uint32_t sst_len[] = {4, 3, 9, 8};

static xc_workbook fake_book(void) {
  xc_workbook wb;
  memset(&wb, 0, sizeof wb);
  wb.sst = sst_text;
  wb.sst_len = sst_len;
  wb.nsst = 4;
  return wb;
}

/* Streams <sheetData>content</sheetData>; cells land in *out. */
static xc_err stream_data(const char *content, xc_test_cells *out, xc_error *e) {
  xc_workbook wb = fake_book();
  char *xml = xc_test_sheet_xml(content);
  xc_err rc = xc_sheet_stream_mem(&wb, xml, strlen(xml), xc_test_collect, out, NULL, e);
  free(xml);
  return rc;
}

static xc_err stream_raw(const char *xml, xc_test_cells *out, xc_sheet_meta *meta, xc_error *e) {
  xc_workbook wb = fake_book();
  return xc_sheet_stream_mem(&wb, xml, strlen(xml), xc_test_collect, out, meta, e);
}

/* true when cell i is at (row, col) with this type */
static bool cell_is(const xc_test_cells *c, size_t i, uint32_t row, uint32_t col,
                    xc_cell_type type) {
  return i < c->n && c->cells[i].row == row && c->cells[i].col == col && c->cells[i].type == type;
}

/* cell i is at (row, col) with this type and text (NULL: any text). */
static void check_cell(const xc_test_cells *c, size_t i, uint32_t row, uint32_t col,
                       xc_cell_type type, const char *text, int line) {
  if (i >= c->n) {
    xc_test_fail(__FILE__, line, "no cell %zu (%zu cells)", i, c->n);
    return;
  }
  const xc_test_cell *x = &c->cells[i];
  if (x->row != row || x->col != col || x->type != type ||
      (text && (x->len != strlen(text) || memcmp(x->text, text, x->len) != 0)))
    xc_test_fail(__FILE__, line, "cell %zu is (%u,%u) type %d text \"%s\"; want (%u,%u) type %d text \"%s\"",
                 i, x->row, x->col, (int)x->type, x->text, row, col, (int)type, text ? text : "*");
}
#define CELL(c, i, row, col, type, text) check_cell((c), (i), (row), (col), (type), (text), __LINE__)

static void numbers(void) {
  xc_test_cells c = {0};
  xc_error e = {0};
  CHECK_INT(stream_data("<row r=\"1\"><c r=\"A1\"><v>1.5</v></c><c r=\"B1\" s=\"2\" t=\"n\">"
                        "<v>-3</v></c><c r=\"C1\"><v> 1E3 </v></c></row>",
                        &c, &e),
            XC_OK);
  REQUIRE_INT(c.n, 3);
  CELL(&c, 0, 1, 1, XC_CV_NUMBER, NULL);
  CHECK_DBL(c.cells[0].num, 1.5);
  CHECK_UINT(c.cells[0].style, 0);
  CHECK(!c.cells[0].formula);
  CHECK_DBL(c.cells[1].num, -3);
  CHECK_UINT(c.cells[1].style, 2);
  CHECK_DBL(c.cells[2].num, 1000);
  xc_test_cells_free(&c);
}

static void cells_without_r(void) {
  xc_test_cells c = {0};
  xc_error e = {0};
  CHECK_INT(stream_data("<row r=\"2\"><c><v>1</v></c><c><v>2</v></c><c r=\"E2\"><v>3</v></c>"
                        "<c><v>4</v></c></row><row r=\"3\"><c><v>5</v></c></row>",
                        &c, &e),
            XC_OK);
  REQUIRE_INT(c.n, 5);
  CELL(&c, 0, 2, 1, XC_CV_NUMBER, NULL);
  CELL(&c, 1, 2, 2, XC_CV_NUMBER, NULL);
  CELL(&c, 2, 2, 5, XC_CV_NUMBER, NULL);
  CELL(&c, 3, 2, 6, XC_CV_NUMBER, NULL);
  CELL(&c, 4, 3, 1, XC_CV_NUMBER, NULL);
  xc_test_cells_free(&c);
}

static void empty_cells_take_positions(void) {
  /* a cell without a value is not reported but still takes its column */
  xc_test_cells c = {0};
  xc_error e = {0};
  CHECK_INT(stream_data("<row><c s=\"1\"/><c><v/></c><c><v>7</v></c></row>", &c, &e), XC_OK);
  REQUIRE_INT(c.n, 1);
  CELL(&c, 0, 1, 3, XC_CV_NUMBER, NULL);
  xc_test_cells_free(&c);
}

static void rows_without_r(void) {
  xc_test_cells d = {0};
  xc_error e2 = {0};
  CHECK_INT(stream_data("<row><c><v>1</v></c></row><row><c><v>2</v></c></row>"
                        "<row r=\"5\"><c><v>3</v></c></row><row><c><v>4</v></c></row>",
                        &d, &e2),
            XC_OK);
  REQUIRE_INT(d.n, 4);
  CELL(&d, 0, 1, 1, XC_CV_NUMBER, NULL);
  CELL(&d, 1, 2, 1, XC_CV_NUMBER, NULL);
  CELL(&d, 2, 5, 1, XC_CV_NUMBER, NULL);
  CELL(&d, 3, 6, 1, XC_CV_NUMBER, NULL);
  xc_test_cells_free(&d);
}

static void rows_in_file_order(void) {
  xc_test_cells c = {0};
  xc_error e = {0};
  CHECK_INT(stream_data("<row r=\"3\"><c r=\"B3\"><v>1</v></c><c r=\"A3\"><v>2</v></c></row>"
                        "<row r=\"1\"><c r=\"A1\"><v>3</v></c></row>",
                        &c, &e),
            XC_OK);
  REQUIRE_INT(c.n, 3);
  CELL(&c, 0, 3, 2, XC_CV_NUMBER, NULL);
  CELL(&c, 1, 3, 1, XC_CV_NUMBER, NULL);
  CELL(&c, 2, 1, 1, XC_CV_NUMBER, NULL);
  xc_test_cells_free(&c);
}

static void shared_strings(void) {
  xc_test_cells c = {0};
  xc_error e = {0};
  CHECK_INT(stream_data("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>1</v></c><c r=\"B1\" t=\"s\"><v>2</v></c>"
                        "<c r=\"C1\" t=\"s\"><v> 3\n</v></c><c r=\"D1\" t=\"s\"><v>0</v></c></row>",
                        &c, &e),
            XC_OK);
  REQUIRE_INT(c.n, 4);
  CELL(&c, 0, 1, 1, XC_CV_STRING, "one");
  CELL(&c, 1, 1, 2, XC_CV_STRING, "H\xC3\xA0 N\xE1\xBB\x99i");
  CELL(&c, 2, 1, 3, XC_CV_STRING, "tab\there");
  CELL(&c, 3, 1, 4, XC_CV_STRING, "zero");
  xc_test_cells_free(&c);
}

static void shared_string_index_out_of_range(void) {
  static const char *const bad[] = {"4", "99999999", "4294967296", "-1", "x", "1.0", "1 2",
                                    "12345678901234567890"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char data[200];
    snprintf(data, sizeof data, "<row r=\"7\"><c r=\"C7\" t=\"s\"><v>%s</v></c></row>", bad[i]);
    xc_test_cells c = {0};
    xc_error e = {0};
    xc_err rc = stream_data(data, &c, &e);
    if (rc != XC_ERR_SST_INDEX || e.code != XC_ERR_SST_INDEX || c.n != 0)
      xc_test_fail(__FILE__, __LINE__, "index \"%s\": rc %d, e.code %d, %zu cells", bad[i], rc,
                   e.code, c.n);
    else if (!strstr(e.detail, "C7") || strcmp(e.part, "sheet.xml") != 0 || e.line != 2)
      xc_test_fail(__FILE__, __LINE__, "index \"%s\": part \"%s\" line %lu detail \"%s\"",
                   bad[i], e.part, e.line, e.detail);
    xc_test_cells_free(&c);
  }
}

static void formula_strings(void) {
  xc_test_cells c = {0};
  xc_error e = {0};
  CHECK_INT(stream_data("<row r=\"1\"><c r=\"A1\" t=\"str\"><f>B1&amp;\"x\"</f><v>hello</v></c>"
                        "<c r=\"B1\"><f>1+1</f><v>2</v></c></row>",
                        &c, &e),
            XC_OK);
  REQUIRE_INT(c.n, 2);
  CELL(&c, 0, 1, 1, XC_CV_STRING, "hello");
  CHECK(c.cells[0].formula);
  CELL(&c, 1, 1, 2, XC_CV_NUMBER, NULL);
  CHECK(c.cells[1].formula);
  CHECK_DBL(c.cells[1].num, 2);
  xc_test_cells_free(&c);
}

static void formula_without_value(void) {
  xc_test_cells c = {0};
  xc_error e = {0};
  CHECK_INT(stream_data("<row r=\"1\"><c r=\"A1\"><f>1+1</f></c><c r=\"B1\" t=\"str\"><f>A1</f></c>"
                        "<c r=\"C1\" t=\"e\"><f>1/0</f></c><c r=\"D1\"><f>x</f><v></v></c>"
                        "<c r=\"E1\" t=\"b\"><f>TRUE()</f></c><c r=\"F1\" t=\"d\"><f>NOW()</f></c>"
                        "<c r=\"G1\"><f t=\"shared\" si=\"0\"/></c></row>",
                        &c, &e),
            XC_OK);
  REQUIRE_INT(c.n, 7);
  /* the formula's text is kept: formula.c computes what it can */
  const char *const text[] = {"1+1", "A1", "1/0", "x", "TRUE()", "NOW()", ""};
  for (size_t i = 0; i < c.n; i++) {
    CELL(&c, i, 1, (uint32_t)i + 1, XC_CV_NONE, text[i]);
    CHECK(c.cells[i].formula);
  }
  xc_test_cells_free(&c);
}

static void inline_strings(void) {
  xc_test_cells c = {0};
  xc_error e = {0};
  CHECK_INT(stream_data("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Hi</t></is></c>"
                        "<c r=\"B1\" t=\"inlineStr\"><is><t xml:space=\"preserve\">  a b  </t></is></c>"
                        "<c r=\"C1\" t=\"inlineStr\"><is><t>a&amp;b&lt;c&#x1F600;</t></is></c>"
                        "<c r=\"D1\" t=\"inlineStr\"><is><t>line1\nline2</t></is></c></row>",
                        &c, &e),
            XC_OK);
  REQUIRE_INT(c.n, 4);
  CELL(&c, 0, 1, 1, XC_CV_STRING, "Hi");
  CELL(&c, 1, 1, 2, XC_CV_STRING, "  a b  ");
  CELL(&c, 2, 1, 3, XC_CV_STRING, "a&b<c\xF0\x9F\x98\x80");
  CELL(&c, 3, 1, 4, XC_CV_STRING, "line1\nline2");
  xc_test_cells_free(&c);
}

static void inline_rich_text_and_phonetics(void) {
  xc_test_cells c = {0};
  xc_error e = {0};
  CHECK_INT(stream_data("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is>"
                        "<r><t>Hel</t></r><r><rPr><b/><sz val=\"11\"/><rFont val=\"Arial\"/></rPr>"
                        "<t>lo</t></r><r><t xml:space=\"preserve\"> w</t></r>"
                        "<rPh sb=\"0\" eb=\"1\"><t>\xE3\x83\x8F</t></rPh>"
                        "<phoneticPr fontId=\"1\"/></is></c>"
                        "<c r=\"B1\" t=\"inlineStr\"><is><t>x</t><rPh sb=\"0\" eb=\"1\"><t>y</t></rPh>"
                        "<r><t>z</t></r></is></c></row>",
                        &c, &e),
            XC_OK);
  REQUIRE_INT(c.n, 2);
  CELL(&c, 0, 1, 1, XC_CV_STRING, "Hello w");
  CELL(&c, 1, 1, 2, XC_CV_STRING, "xz");
  xc_test_cells_free(&c);
}

static void inline_xstring_escapes(void) {
  xc_test_cells c = {0};
  xc_error e = {0};
  CHECK_INT(stream_data("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a_x000D_b_x005F_x0041_</t>"
                        "</is></c><c r=\"B1\" t=\"inlineStr\"><is><r><t>_xD83D_</t></r><r><t>_xDE00_"
                        "</t></r></is></c></row>",
                        &c, &e),
            XC_OK);
  REQUIRE_INT(c.n, 2);
  CELL(&c, 0, 1, 1, XC_CV_STRING, "a\rb_x0041_");
  /* a pair split over two runs still joins: runs are concatenated first */
  CELL(&c, 1, 1, 2, XC_CV_STRING, "\xF0\x9F\x98\x80");
  xc_test_cells_free(&c);
}

static void booleans(void) {
  xc_test_cells c = {0};
  xc_error e = {0};
  CHECK_INT(stream_data("<row r=\"1\"><c r=\"A1\" t=\"b\"><v>1</v></c><c r=\"B1\" t=\"b\"><v>0</v></c>"
                        "<c r=\"C1\" t=\"b\"><v>true</v></c><c r=\"D1\" t=\"b\"><v>FALSE</v></c></row>",
                        &c, &e),
            XC_OK);
  REQUIRE_INT(c.n, 4);
  static const double want[] = {1, 0, 1, 0};
  for (size_t i = 0; i < 4; i++) {
    CELL(&c, i, 1, (uint32_t)i + 1, XC_CV_BOOL, NULL);
    CHECK_DBL(c.cells[i].num, want[i]);
  }
  xc_test_cells_free(&c);
  xc_test_cells d = {0};
  xc_error e2 = {0};
  CHECK_INT(stream_data("<row r=\"1\"><c r=\"A1\" t=\"b\"><v>2</v></c></row>", &d, &e2), XC_ERR_NUMBER);
  CHECK_INT(e2.code, XC_ERR_NUMBER);
  xc_test_cells_free(&d);
}

static void errors_and_iso_dates(void) {
  xc_test_cells c = {0};
  xc_error e = {0};
  CHECK_INT(stream_data("<row r=\"1\"><c r=\"A1\" t=\"e\"><v>#DIV/0!</v></c>"
                        "<c r=\"B1\" t=\"e\"><f>NA()</f><v>#N/A</v></c>"
                        "<c r=\"C1\" t=\"d\"><v>2023-03-15T12:00:00</v></c>"
                        "<c r=\"D1\" t=\"d\" s=\"5\"><v>2023-03-15</v></c></row>",
                        &c, &e),
            XC_OK);
  REQUIRE_INT(c.n, 4);
  CELL(&c, 0, 1, 1, XC_CV_ERROR, "#DIV/0!");
  CELL(&c, 1, 1, 2, XC_CV_ERROR, "#N/A");
  CHECK(c.cells[1].formula);
  CELL(&c, 2, 1, 3, XC_CV_ISODATE, "2023-03-15T12:00:00");
  CELL(&c, 3, 1, 4, XC_CV_ISODATE, "2023-03-15");
  CHECK_UINT(c.cells[3].style, 5);
  xc_test_cells_free(&c);
}

static void bad_numbers(void) {
  static const char *const bad[] = {"abc", "1e400", "-1e400", "1,5", "0x10", "inf", "1.2.3"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char data[200];
    snprintf(data, sizeof data, "<row r=\"1\"><c r=\"B1\"><v>%s</v></c></row>", bad[i]);
    xc_test_cells c = {0};
    xc_error e = {0};
    xc_err rc = stream_data(data, &c, &e);
    if (rc != XC_ERR_NUMBER || c.n != 0 || !strstr(e.detail, "B1"))
      xc_test_fail(__FILE__, __LINE__, "<v>%s</v>: rc %d, %zu cells, detail \"%s\"", bad[i], rc,
                   c.n, e.detail);
    xc_test_cells_free(&c);
  }
}

static void bad_refs(void) {
  static const char *const bad[] = {
      "<row r=\"1\"><c r=\"A0\"><v>1</v></c></row>",
      "<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>",
      "<row r=\"1\"><c r=\"A1048577\"><v>1</v></c></row>",
      "<row r=\"1\"><c r=\"1A\"><v>1</v></c></row>",
      "<row r=\"1\"><c r=\"\"><v>1</v></c></row>",
      "<row r=\"0\"><c><v>1</v></c></row>",
      "<row r=\"1048577\"><c><v>1</v></c></row>",
      "<row r=\"-1\"><c><v>1</v></c></row>",
      "<row r=\"x\"><c><v>1</v></c></row>",
      "<row r=\"99999999999\"><c><v>1</v></c></row>",
      "<row r=\"1\"><c r=\"XFD1\"><v>1</v></c><c><v>2</v></c></row>", /* past XFD */
      "<row r=\"1048576\"/><row><c><v>1</v></c></row>",                 /* past the last row */
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    xc_test_cells c = {0};
    xc_error e = {0};
    xc_err rc = stream_data(bad[i], &c, &e);
    size_t want_cells = i == 10 ? 1 : 0;
    if (rc != XC_ERR_CELLREF || e.code != XC_ERR_CELLREF || c.n != want_cells)
      xc_test_fail(__FILE__, __LINE__, "%s: rc %d, %zu cells", bad[i], rc, c.n);
    xc_test_cells_free(&c);
  }
}

static void bad_attributes(void) {
  static const char *const bad[] = {
      "<row r=\"1\"><c r=\"A1\" t=\"x\"><v>1</v></c></row>",
      "<row r=\"1\"><c r=\"A1\" t=\"S\"><v>1</v></c></row>",
      "<row r=\"1\"><c r=\"A1\" s=\"-1\"><v>1</v></c></row>",
      "<row r=\"1\"><c r=\"A1\" s=\"4294967296\"><v>1</v></c></row>",
      "<row r=\"1\"><c r=\"A1\" s=\"1x\"><v>1</v></c></row>",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    xc_test_cells c = {0};
    xc_error e = {0};
    xc_err rc = stream_data(bad[i], &c, &e);
    if (rc != XC_ERR_XML || c.n != 0)
      xc_test_fail(__FILE__, __LINE__, "%s: rc %d, %zu cells", bad[i], rc, c.n);
    xc_test_cells_free(&c);
  }
  xc_test_cells c = {0};
  xc_error e = {0};
  CHECK_INT(stream_data("<row r=\"1\"><c r=\"A1\" s=\"4294967295\"><v>1</v></c></row>", &c, &e), XC_OK);
  CHECK(c.n == 1 && c.cells[0].style == 4294967295u);
  xc_test_cells_free(&c);
}

static void doctype_refused(void) {
  static const char *const docs[] = {
      "<?xml version=\"1.0\"?>\n<!DOCTYPE worksheet [<!ENTITY e \"boom\">]>\n"
      "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>&e;</t></is></c></row></sheetData>"
      "</worksheet>",
      "<!DOCTYPE worksheet SYSTEM \"http://example.invalid/x.dtd\"><worksheet><sheetData><row>"
      "<c><v>1</v></c></row></sheetData></worksheet>",
      "<!DOCTYPE worksheet><worksheet><sheetData><row><c><v>1</v></c></row></sheetData></worksheet>",
      "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 "
      "\"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\"><!ENTITY lol3 "
      "\"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
      "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>&lol3;</t></is></c></row></sheetData>"
      "</worksheet>",
  };
  for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
    xc_test_cells c = {0};
    xc_error e = {0};
    xc_err rc = stream_raw(docs[i], &c, NULL, &e);
    if (rc != XC_ERR_DTD || e.code != XC_ERR_DTD || c.n != 0)
      xc_test_fail(__FILE__, __LINE__, "document %zu: rc %d, e.code %d, %zu cells", i, rc, e.code,
                   c.n);
    xc_test_cells_free(&c);
  }
}

static void malformed_xml(void) {
  xc_test_cells c = {0};
  xc_error e = {0};
  CHECK_INT(stream_raw("<worksheet>\n<sheetData>\n<row><c><v>1</v></row>\n</sheetData></worksheet>",
                       &c, NULL, &e),
            XC_ERR_XML);
  CHECK_INT(e.code, XC_ERR_XML);
  CHECK_STR(e.part, "sheet.xml");
  CHECK_UINT(e.line, 3);
  CHECK(e.col > 1);
  CHECK(e.detail[0] != '\0');
  xc_test_cells_free(&c);
  xc_test_cells d = {0};
  xc_error e2 = {0};
  CHECK_INT(stream_raw("", &d, NULL, &e2), XC_ERR_XML);
  CHECK_INT(stream_raw("<worksheet>", &d, NULL, &e2), XC_ERR_XML);
  CHECK_INT(stream_raw("<a></b>", &d, NULL, &e2), XC_ERR_XML);
  CHECK_INT(stream_raw("<worksheet/><x/>", &d, NULL, &e2), XC_ERR_XML);
  CHECK_INT(stream_raw("<worksheet>&undefined;</worksheet>", &d, NULL, &e2), XC_ERR_XML);
  CHECK_UINT(d.n, 0);
  xc_test_cells_free(&d);
}

static void invalid_utf8(void) {
  xc_test_cells c = {0};
  xc_error e = {0};
  CHECK_INT(stream_data("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>ok</t></is></c>"
                        "<c r=\"B1\" t=\"inlineStr\"><is><t>bad\xC3\x28</t></is></c></row>",
                        &c, &e),
            XC_ERR_UTF8);
  CHECK_INT(e.code, XC_ERR_UTF8);
  CHECK_UINT(e.line, 2);
  xc_test_cells_free(&c);
  xc_test_cells d = {0};
  xc_error e2 = {0};
  CHECK_INT(stream_data("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>\xED\xA0\x80</t></is></c></row>",
                        &d, &e2),
            XC_ERR_UTF8); /* an encoded surrogate */
  xc_test_cells_free(&d);
}

static void namespaces(void) {
  static const char *const docs[] = {
      "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
      "<x:sheetData><x:row r=\"1\"><x:c r=\"A1\" t=\"inlineStr\"><x:is><x:t>p</x:t></x:is></x:c>"
      "<x:c r=\"B1\"><x:v>2</x:v></x:c></x:row></x:sheetData></x:worksheet>",
      "<worksheet xmlns=\"http://purl.oclc.org/ooxml/spreadsheetml/main\"><sheetData><row r=\"1\">"
      "<c r=\"A1\" t=\"inlineStr\"><is><t>p</t></is></c><c r=\"B1\"><v>2</v></c></row></sheetData>"
      "</worksheet>",
      ("<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>p</t></is></c>"
       "<c r=\"B1\"><v>2</v></c></row></sheetData></worksheet>"),
  };
  for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
    xc_test_cells c = {0};
    xc_error e = {0};
    CHECK_INT(stream_raw(docs[i], &c, NULL, &e), XC_OK);
    if (CHECK_INT(c.n, 2)) {
      CELL(&c, 0, 1, 1, XC_CV_STRING, "p");
      CELL(&c, 1, 1, 2, XC_CV_NUMBER, NULL);
    }
    xc_test_cells_free(&c);
  }
}

static void cells_outside_sheetdata_ignored(void) {
  xc_test_cells c = {0};
  xc_error e = {0};
  CHECK_INT(stream_raw("<worksheet><c r=\"A1\"><v>1</v></c><sheetData><row r=\"2\"><c r=\"A2\"><v>2</v>"
                       "</c></row></sheetData><extLst><row><c><v>3</v></c></row></extLst></worksheet>",
                       &c, NULL, &e),
            XC_OK);
  REQUIRE_INT(c.n, 1);
  CELL(&c, 0, 2, 1, XC_CV_NUMBER, NULL);
  xc_test_cells_free(&c);
}

static void callback_stops_stream(void) {
  xc_test_cells c = {0};
  c.stop_after = 2;
  xc_error e = {0};
  CHECK_INT(stream_data("<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"B1\"><v>2</v></c>"
                        "<c r=\"C1\"><v>3</v></c><c r=\"D1\"><v>4</v></c></row>",
                        &c, &e),
            XC_ERR_LIMIT);
  CHECK_UINT(c.n, 2);
  CHECK_INT(e.code, XC_ERR_LIMIT);
  xc_test_cells_free(&c);
}

static xc_err check_terminated(void *ctx, const xc_cell *cell) {
  int *bad = ctx;
  if (!cell->text || cell->text[cell->len] != '\0') ++*bad;
  return XC_OK;
}

static void text_is_terminated(void) {
  xc_workbook wb = fake_book();
  char *xml = xc_test_sheet_xml(
      "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>longer text</t></is></c>"
      "<c r=\"B1\" t=\"inlineStr\"><is><t>ab</t></is></c><c r=\"C1\" t=\"s\"><v>1</v></c>"
      "<c r=\"D1\" t=\"e\"><v>#REF!</v></c><c r=\"E1\"><f>1</f></c></row>");
  int bad = 0;
  xc_error e = {0};
  CHECK_INT(xc_sheet_stream_mem(&wb, xml, strlen(xml), check_terminated, &bad, NULL, &e), XC_OK);
  CHECK_INT(bad, 0);
  free(xml);
}

static void meta_dimension_and_merges(void) {
  const char *xml =
      "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
      "<dimension ref=\"A1:C3\"/><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData>"
      "<mergeCells count=\"2\"><mergeCell ref=\"A1:B1\"/><mergeCell ref=\"$C$2:D10\"/></mergeCells>"
      "</worksheet>";
  xc_test_cells c = {0};
  xc_sheet_meta m;
  memset(&m, 0x55, sizeof m); /* filled by the streamer */
  xc_error e = {0};
  CHECK_INT(stream_raw(xml, &c, &m, &e), XC_OK);
  CHECK_STR(m.dimension, "A1:C3");
  REQUIRE_INT(m.nmerges, 2);
  CHECK(m.merges[0].r1 == 1 && m.merges[0].c1 == 1 && m.merges[0].r2 == 1 && m.merges[0].c2 == 2);
  CHECK(m.merges[1].r1 == 2 && m.merges[1].c1 == 3 && m.merges[1].r2 == 10 && m.merges[1].c2 == 4);
  xc_sheet_meta_free(&m);
  CHECK(m.merges == NULL && m.nmerges == 0);
  xc_sheet_meta_free(&m);
  xc_sheet_meta_free(NULL);
  xc_test_cells_free(&c);
}

static void meta_many_merges(void) {
  size_t n = 5000;
  char *data = malloc(n * 40 + 200);
  REQUIRE(data != NULL);
  size_t o = (size_t)sprintf(data, "<worksheet><sheetData/><mergeCells>");
  for (size_t i = 0; i < n; i++)
    o += (size_t)sprintf(data + o, "<mergeCell ref=\"A%zu:B%zu\"/>", i + 1, i + 1);
  sprintf(data + o, "</mergeCells></worksheet>");
  xc_test_cells c = {0};
  xc_sheet_meta m;
  xc_error e = {0};
  CHECK_INT(stream_raw(data, &c, &m, &e), XC_OK);
  CHECK_UINT(m.nmerges, n);
  CHECK(m.nmerges == n && m.merges[n - 1].r1 == n);
  CHECK_STR(m.dimension, "");
  xc_sheet_meta_free(&m);
  free(data);
}

static void meta_bad_merge(void) {
  xc_test_cells c = {0};
  xc_sheet_meta m;
  xc_error e = {0};
  CHECK_INT(stream_raw("<worksheet><sheetData/><mergeCells><mergeCell ref=\"A1:XFE2\"/></mergeCells>"
                       "</worksheet>",
                       &c, &m, &e),
            XC_ERR_CELLREF);
  xc_sheet_meta_free(&m);
  /* without meta, merges are not even looked at */
  xc_error e2 = {0};
  CHECK_INT(stream_raw("<worksheet><sheetData/><mergeCells><mergeCell ref=\"A1:XFE2\"/></mergeCells>"
                       "</worksheet>",
                       &c, NULL, &e2),
            XC_OK);
}

static void long_text_limit(void) {
  size_t big = (4u << 20) + 10;
  const char *head = "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>";
  const char *tail = "</t></is></c></row></sheetData></worksheet>";
  char *xml = malloc(strlen(head) + big + strlen(tail) + 1);
  REQUIRE(xml != NULL);
  strcpy(xml, head);
  memset(xml + strlen(head), 'a', big);
  strcpy(xml + strlen(head) + big, tail);
  xc_test_cells c = {0};
  xc_error e = {0};
  CHECK_INT(stream_raw(xml, &c, NULL, &e), XC_ERR_LIMIT);
  CHECK_UINT(c.n, 0);
  xc_test_cells_free(&c);
  /* just under the limit is fine */
  size_t ok_n = (4u << 20) - 100;
  strcpy(xml + strlen(head) + ok_n, tail);
  xc_test_cells d = {0};
  xc_error e2 = {0};
  CHECK_INT(stream_raw(xml, &d, NULL, &e2), XC_OK);
  CHECK(d.n == 1 && d.cells[0].len == ok_n);
  xc_test_cells_free(&d);
  free(xml);
}


#define NS_MAIN_URI "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

/* The sheet streamer reads qualified names and tracks prefixes itself: the
 * binding must follow XML scoping, as a namespace-aware parser would. */
static void check_two_cells(const char *xml, int line) {
  xc_test_cells c = {0};
  xc_error e = {0};
  xc_err rc = stream_raw(xml, &c, NULL, &e);
  if (rc != XC_OK || c.n != 2 || !cell_is(&c, 0, 1, 1, XC_CV_NUMBER) ||
      !cell_is(&c, 1, 1, 2, XC_CV_NUMBER) || c.cells[0].num != 1 || c.cells[1].num != 2)
    xc_test_fail(__FILE__, line, "rc %s, %zu cells (want A1=1, B1=2)", xc_err_name(rc), c.n);
  xc_test_cells_free(&c);
}

static void namespace_default_and_prefix_both_bound(void) {
  /* the main namespace bound twice on the root, elements unprefixed */
  check_two_cells("<worksheet xmlns=\"" NS_MAIN_URI "\" xmlns:x=\"" NS_MAIN_URI "\"><sheetData>"
                  "<row r=\"1\"><c r=\"A1\"><v>1</v></c><x:c r=\"B1\"><x:v>2</x:v></x:c></row>"
                  "</sheetData></worksheet>", __LINE__);
}

static void namespace_redundant_inner_declaration(void) {
  /* a redundant declaration on one cell must not change how its siblings read */
  check_two_cells("<worksheet xmlns=\"" NS_MAIN_URI "\"><sheetData><row r=\"1\">"
                  "<c r=\"A1\" xmlns:s=\"" NS_MAIN_URI "\"><v>1</v></c><c r=\"B1\"><v>2</v></c></row>"
                  "</sheetData></worksheet>", __LINE__);
}

static void namespace_declared_below_root(void) {
  check_two_cells("<x:worksheet xmlns:x=\"" NS_MAIN_URI "\"><sheetData xmlns=\"" NS_MAIN_URI "\">"
                  "<row r=\"1\"><c r=\"A1\"><v>1</v></c><x:c r=\"B1\"><x:v>2</x:v></x:c></row>"
                  "</sheetData></x:worksheet>", __LINE__);
}

static void namespace_foreign_elements_ignored(void) {
  /* a <c> or <v> in another namespace is not a cell */
  check_two_cells("<worksheet xmlns=\"" NS_MAIN_URI "\" xmlns:o=\"urn:other\"><sheetData>"
                  "<row r=\"1\"><c r=\"A1\"><v>1</v><o:v>9</o:v></c><o:c r=\"C1\"><v>3</v></o:c>"
                  "<c r=\"B1\"><v>2</v></c></row></sheetData></worksheet>", __LINE__);
}

static void number_cells_keep_text(void) {
  xc_test_cells c = {0};
  xc_error e = {0};
  CHECK_INT(stream_data("<row r=\"1\"><c r=\"A1\"><v>1.50</v></c><c r=\"B1\"><v>1E3</v></c></row>", &c, &e),
            XC_OK);
  REQUIRE_INT(c.n, 2);
  CELL(&c, 0, 1, 1, XC_CV_NUMBER, "1.50"); /* the text as stored */
  CELL(&c, 1, 1, 2, XC_CV_NUMBER, "1E3");
  CHECK_DBL(c.cells[1].num, 1000);
  xc_test_cells_free(&c);
}

static xc_err check_dec(void *ctx, const xc_cell *cell) {
  int *bad = ctx;
  if (cell->type == XC_CV_NUMBER) {
    if (!cell->dec || cell->dec->nd != 2 || memcmp(cell->dec->digits, "15", 2) != 0 ||
        cell->dec->exp10 != 0)
      ++*bad;
  } else if (cell->dec) {
    ++*bad; /* only numbers carry digits */
  }
  return XC_OK;
}

static void number_cells_carry_digits(void) {
  xc_workbook wb = fake_book();
  char *xml = xc_test_sheet_xml("<row r=\"1\"><c r=\"A1\"><v>1.50</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
                                "<c r=\"C1\"><v>0.15e1</v></c><c r=\"D1\" t=\"b\"><v>1</v></c></row>");
  int bad = 0;
  xc_error e = {0};
  CHECK_INT(xc_sheet_stream_mem(&wb, xml, strlen(xml), check_dec, &bad, NULL, &e), XC_OK);
  CHECK_INT(bad, 0);
  free(xml);
}

/* Every truncation of a well-formed sheet is an error, never a crash or a
 * half-read success. */
static void every_prefix_fails(void) {
  const char *xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<worksheet xmlns=\"http://schemas."
      "openxmlformats.org/spreadsheetml/2006/main\"><dimension ref=\"A1:C2\"/><sheetData>"
      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>2</v></c><c r=\"B1\" t=\"inlineStr\"><is><r><t>Vi\xE1\xBB\x87t"
      "</t></r><rPh><t>x</t></rPh></is></c><c r=\"C1\" s=\"1\"><f>A1</f><v>1.5</v></c></row>"
      "<row><c t=\"b\"><v>1</v></c><c t=\"e\"><v>#N/A</v></c><c t=\"d\"><v>2023-01-01</v></c>"
      "</row></sheetData><mergeCells><mergeCell ref=\"A1:B1\"/></mergeCells></worksheet>";
  size_t n = strlen(xml);
  xc_workbook wb = fake_book();
  for (size_t k = 0; k <= n; k++) {
    char *copy = malloc(k ? k : 1); /* exactly k bytes: ASan sees any overread */
    REQUIRE(copy != NULL);
    memcpy(copy, xml, k);
    xc_test_cells c = {0};
    xc_sheet_meta m;
    xc_error e = {0};
    xc_err rc = xc_sheet_stream_mem(&wb, copy, k, xc_test_collect, &c, &m, &e);
    bool ok = k == n ? rc == XC_OK && c.n == 6 : (rc == XC_ERR_XML || rc == XC_ERR_UTF8) && e.code == rc;
    if (!ok) {
      xc_test_fail(__FILE__, __LINE__, "prefix of %zu/%zu bytes: rc %d, %zu cells", k, n, rc, c.n);
      k = n;
    }
    xc_sheet_meta_free(&m);
    xc_test_cells_free(&c);
    free(copy);
  }
}

const xc_test_case xc_tests_sheet[] = {
    TEST(numbers),
    TEST(cells_without_r),
    TEST(empty_cells_take_positions),
    TEST(rows_without_r),
    TEST(rows_in_file_order),
    TEST(shared_strings),
    TEST(shared_string_index_out_of_range),
    TEST(formula_strings),
    TEST(formula_without_value),
    TEST(inline_strings),
    TEST(inline_rich_text_and_phonetics),
    TEST(inline_xstring_escapes),
    TEST(booleans),
    TEST(errors_and_iso_dates),
    TEST(bad_numbers),
    TEST(bad_refs),
    TEST(bad_attributes),
    TEST(doctype_refused),
    TEST(malformed_xml),
    TEST(invalid_utf8),
    TEST(namespaces),
    TEST(cells_outside_sheetdata_ignored),
    TEST(callback_stops_stream),
    TEST(text_is_terminated),
    TEST(meta_dimension_and_merges),
    TEST(meta_many_merges),
    TEST(meta_bad_merge),
    TEST(long_text_limit),
    TEST(namespace_default_and_prefix_both_bound),
    TEST(namespace_redundant_inner_declaration),
    TEST(namespace_declared_below_root),
    TEST(namespace_foreign_elements_ignored),
    TEST(number_cells_keep_text),
    TEST(number_cells_carry_digits),
    TEST(every_prefix_fails),
    {0},
};
