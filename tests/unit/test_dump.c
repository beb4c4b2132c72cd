/* test_dump.c: xc_dump over workbooks built in memory: one line per cell,
 * row-major order, dates by style, both date systems, out-of-order rows,
 * chunk boundaries of the streamed part, and the package limits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dump.h"
#include "harness.h"
#include "testutil.h"

#define SUITE "dump"

#define XML_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

static const char styles_xml[] =
    XML_HEAD "<styleSheet xmlns=\"" NS_MAIN "\"><numFmts count=\"1\">"
    "<numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd hh:mm\"/></numFmts>"
    "<cellXfs count=\"5\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/>"
    "<xf numFmtId=\"10\"/><xf numFmtId=\"46\"/></cellXfs></styleSheet>";

static const char sst_xml[] =
    XML_HEAD "<sst xmlns=\"" NS_MAIN "\"><si><t>Name</t></si><si><t>tab\there</t></si>"
    "<si><t>back\\slash</t></si><si><t/></si><si><t>Hà Nội</t></si></sst>";

/* Dumps a one-or-more-sheet book; returns the text (free it). */
static char *dump_book(const xc_test_book *b, const char *sheet, xc_err *rc, xc_error *e) {
  size_t n = 0;
  unsigned char *zip = xc_test_xlsx(b, &n);
  if (!zip) {
    *rc = (xc_err)-1;
    return NULL;
  }
  xc_workbook *wb = xc_workbook_open_mem(zip, n, NULL, e);
  char *text = NULL;
  if (wb) text = xc_test_dump(wb, sheet, rc, e);
  else *rc = e->code;
  xc_workbook_free(wb);
  free(zip);
  return text;
}

/* Dumps one sheet (sheetData content) with the shared strings and styles above. */
static char *dump_data(const char *sheetdata, bool d1904, xc_err *rc, xc_error *e) {
  char *xml = xc_test_sheet_xml(sheetdata);
  const char *sheets[] = {xml};
  xc_test_book b = {.nsheets = 1, .sheets = sheets, .sst = sst_xml, .styles = styles_xml,
                    .date1904 = d1904};
  char *text = dump_book(&b, NULL, rc, e);
  free(xml);
  return text;
}

#define DUMP_EQ(sheetdata, d1904, want)                    \
  do {                                                     \
    xc_err rc_;                                            \
    xc_error e_ = {0};                                     \
    char *got_ = dump_data((sheetdata), (d1904), &rc_, &e_); \
    CHECK_INT(rc_, XC_OK);                                 \
    CHECK_STR(got_, (want));                               \
    free(got_);                                            \
  } while (0)

static void all_types(void) {
  DUMP_EQ("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\"><v>1.5</v></c>"
          "<c r=\"C1\" t=\"b\"><v>1</v></c><c r=\"D1\" t=\"b\"><v>0</v></c>"
          "<c r=\"E1\" t=\"e\"><v>#DIV/0!</v></c><c r=\"F1\" t=\"str\"><f>A1</f><v>s</v></c>"
          "<c r=\"G1\" t=\"inlineStr\"><is><t>inline</t></is></c>"
          "<c r=\"H1\" t=\"d\"><v>2023-03-15T00:00:00</v></c>"
          "<c r=\"I1\" t=\"d\"><v>2023-03-15T06:30:00</v></c></row>",
          false,
          "Sheet1\tA1\ts\tName\n"
          "Sheet1\tB1\tn\t1.5\n"
          "Sheet1\tC1\tb\tTRUE\n"
          "Sheet1\tD1\tb\tFALSE\n"
          "Sheet1\tE1\te\t#DIV/0!\n"
          "Sheet1\tF1\ts\ts\n"
          "Sheet1\tG1\ts\tinline\n"
          "Sheet1\tH1\td\t2023-03-15\n"
          "Sheet1\tI1\td\t2023-03-15T06:30:00\n");
}

static void numbers(void) {
  DUMP_EQ("<row r=\"1\"><c r=\"A1\"><v>3</v></c><c r=\"B1\"><v>-3</v></c><c r=\"C1\"><v>0.1</v></c>"
          "<c r=\"D1\"><v>1E20</v></c><c r=\"E1\"><v>0.30000000000000004</v></c>"
          "<c r=\"F1\" s=\"3\"><v>0.125</v></c><c r=\"G1\"><v>1e-5</v></c></row>",
          false,
          "Sheet1\tA1\tn\t3\nSheet1\tB1\tn\t-3\nSheet1\tC1\tn\t0.1\nSheet1\tD1\tn\t1e+20\n"
          "Sheet1\tE1\tn\t0.30000000000000004\nSheet1\tF1\tn\t0.125\nSheet1\tG1\tn\t1e-05\n");
}

static void escaping(void) {
  DUMP_EQ("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>1</v></c><c r=\"B1\" t=\"s\"><v>2</v></c>"
          "<c r=\"C1\" t=\"inlineStr\"><is><t>a\nb&#13;c</t></is></c>"
          "<c r=\"D1\" t=\"s\"><v>4</v></c></row>",
          false,
          "Sheet1\tA1\ts\ttab\\there\nSheet1\tB1\ts\tback\\\\slash\n"
          "Sheet1\tC1\ts\ta\\nb\\rc\nSheet1\tD1\ts\tHà Nội\n");
}

static void skips_empty(void) {
  /* empty shared string, empty inline string, formula without a value, no value */
  DUMP_EQ("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>3</v></c><c r=\"B1\" t=\"inlineStr\"><is><t/></is></c>"
          "<c r=\"C1\"><f>1+1</f></c><c r=\"D1\" s=\"1\"/><c r=\"E1\"><v>5</v></c></row>",
          false, "Sheet1\tE1\tn\t5\n");
  DUMP_EQ("", false, "");
}

static void dates_by_style(void) {
  DUMP_EQ("<row r=\"1\"><c r=\"A1\" s=\"1\"><v>45000</v></c><c r=\"B1\" s=\"2\"><v>45000.5</v></c>"
          "<c r=\"C1\" s=\"1\"><v>60</v></c><c r=\"D1\" s=\"2\"><v>0.25</v></c>"
          "<c r=\"E1\" s=\"4\"><v>1.5</v></c><c r=\"F1\" s=\"1\"><v>-1</v></c>"
          "<c r=\"G1\" s=\"1\"><v>3000000</v></c><c r=\"H1\" s=\"99\"><v>45000</v></c></row>",
          false,
          "Sheet1\tA1\td\t2023-03-15\n"
          "Sheet1\tB1\td\t2023-03-15T12:00:00\n"
          "Sheet1\tC1\td\t1900-02-29\n"
          "Sheet1\tD1\td\t06:00:00\n"
          "Sheet1\tE1\td\t1900-01-01T12:00:00\n"
          "Sheet1\tF1\tn\t-1\n"       /* outside the date range: the number */
          "Sheet1\tG1\tn\t3000000\n"
          "Sheet1\tH1\tn\t45000\n");  /* unknown style: style 0, General */
}

static void dates_1904(void) {
  DUMP_EQ("<row r=\"1\"><c r=\"A1\" s=\"1\"><v>1</v></c><c r=\"B1\" s=\"1\"><v>43538</v></c>"
          "<c r=\"C1\" t=\"d\"><v>2023-03-15</v></c></row>",
          true,
          "Sheet1\tA1\td\t1904-01-02\n"
          "Sheet1\tB1\td\t2023-03-15\n"
          "Sheet1\tC1\td\t2023-03-15\n"); /* t="d" is ISO text whatever the system */
}

static void cells_sorted_in_row(void) {
  DUMP_EQ("<row r=\"1\"><c r=\"C1\"><v>3</v></c><c r=\"A1\"><v>1</v></c><c r=\"B1\"><v>2</v></c></row>"
          "<row r=\"2\"><c r=\"B2\"><v>5</v></c><c r=\"A2\"><v>4</v></c></row>",
          false,
          "Sheet1\tA1\tn\t1\nSheet1\tB1\tn\t2\nSheet1\tC1\tn\t3\n"
          "Sheet1\tA2\tn\t4\nSheet1\tB2\tn\t5\n");
}

static void rows_out_of_order(void) {
  DUMP_EQ("<row r=\"3\"><c r=\"A3\"><v>3</v></c></row><row r=\"1\"><c r=\"B1\"><v>12</v></c>"
          "<c r=\"A1\"><v>11</v></c></row><row r=\"2\"><c r=\"A2\"><v>2</v></c></row>",
          false, "Sheet1\tA1\tn\t11\nSheet1\tB1\tn\t12\nSheet1\tA2\tn\t2\nSheet1\tA3\tn\t3\n");
}

static void duplicate_cells_last_wins(void) {
  DUMP_EQ("<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"A1\"><v>2</v></c><c r=\"B1\"><v>3</v></c></row>",
          false, "Sheet1\tA1\tn\t2\nSheet1\tB1\tn\t3\n");
  DUMP_EQ("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\"><v>2</v></c></row>"
          "<row r=\"1\"><c r=\"A1\"><v>9</v></c></row>",
          false, "Sheet1\tA1\tn\t9\nSheet1\tA2\tn\t2\n");
}

static void positions_without_r(void) {
  DUMP_EQ("<row><c><v>1</v></c><c t=\"s\"><v>0</v></c></row><row><c/><c><v>2</v></c></row>",
          false, "Sheet1\tA1\tn\t1\nSheet1\tB1\ts\tName\nSheet1\tB2\tn\t2\n");
}

static void sheets_in_order_and_filter(void) {
  char *s1 = xc_test_sheet_xml("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>");
  char *s2 = xc_test_sheet_xml("<row r=\"2\"><c r=\"B2\"><v>2</v></c></row>");
  const char *sheets[] = {s1, s2};
  const char *names[] = {"Đầu", "Second"};
  xc_test_book b = {.nsheets = 2, .sheets = sheets, .names = names};
  xc_err rc;
  xc_error e = {0};
  char *all = dump_book(&b, NULL, &rc, &e);
  CHECK_INT(rc, XC_OK);
  CHECK_STR(all, "Đầu\tA1\tn\t1\nSecond\tB2\tn\t2\n");
  free(all);
  xc_error e2 = {0};
  char *one = dump_book(&b, "Second", &rc, &e2);
  CHECK_INT(rc, XC_OK);
  CHECK_STR(one, "Second\tB2\tn\t2\n");
  free(one);
  xc_error e3 = {0};
  char *none = dump_book(&b, "Third", &rc, &e3);
  CHECK_INT(rc, XC_ERR_NO_SHEET);
  CHECK_INT(e3.code, XC_ERR_NO_SHEET);
  free(none);
  free(s1);
  free(s2);
}

static void sheet_name_escaped(void) {
  char *s1 = xc_test_sheet_xml("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>");
  const char *sheets[] = {s1};
  const char *names[] = {"a&#9;b\\c"};
  xc_test_book b = {.nsheets = 1, .sheets = sheets, .names = names};
  xc_err rc;
  xc_error e = {0};
  char *all = dump_book(&b, NULL, &rc, &e);
  CHECK_INT(rc, XC_OK);
  CHECK_STR(all, "a\\tb\\\\c\tA1\tn\t1\n");
  free(all);
  free(s1);
}

static void sheet_error_reported(void) {
  xc_err rc;
  xc_error e = {0};
  char *text = dump_data("<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"B1\" t=\"s\"><v>77</v></c></row>",
                         false, &rc, &e);
  CHECK_INT(rc, XC_ERR_SST_INDEX);
  CHECK_INT(e.code, XC_ERR_SST_INDEX);
  CHECK_STR(e.part, "xl/worksheets/sheet1.xml");
  CHECK_UINT(e.line, 2);
  CHECK(strstr(e.detail, "B1") != NULL);
  free(text);
}

/* The sheet part is read in 64 KiB chunks: put a multi-byte character, a
 * tag and a number across each boundary offset. */
static void chunk_boundaries(void) {
  static const char *const pieces[] = {
      "<c r=\"A2\" t=\"inlineStr\"><is><t>\xF0\x9F\x98\x80\xE1\xBB\x87</t></is></c>",
      "<c r=\"A2\"><v>123456.75</v></c>",
      "<c r=\"A2\" t=\"inlineStr\"><is><t>a&amp;b</t></is></c>",
  };
  static const char *const want_value[] = {"s\t\xF0\x9F\x98\x80\xE1\xBB\x87", "n\t123456.75",
                                           "s\ta&b"};
  for (int store = 0; store < 2; store++)
    for (size_t p = 0; p < 3; p++)
      for (int shift = -40; shift <= 8; shift++) {
        const char *head = XML_HEAD "<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"1\">"
                                    "<c r=\"A1\" t=\"inlineStr\"><is><t>";
        const char *mid = "</t></is></c></row><row r=\"2\">";
        const char *tail = "</row></sheetData></worksheet>";
        /* the piece starts 'shift' bytes before offset 65536 + 16 */
        size_t pad = 65536 + 16 - (size_t)(-shift + 16) - strlen(head) - strlen(mid);
        size_t total = strlen(head) + pad + strlen(mid) + strlen(pieces[p]) + strlen(tail);
        char *xml = malloc(total + 1);
        REQUIRE(xml != NULL);
        size_t o = 0;
        memcpy(xml + o, head, strlen(head)), o += strlen(head);
        memset(xml + o, 'x', pad), o += pad;
        memcpy(xml + o, mid, strlen(mid)), o += strlen(mid);
        memcpy(xml + o, pieces[p], strlen(pieces[p])), o += strlen(pieces[p]);
        memcpy(xml + o, tail, strlen(tail) + 1);
        const char *sheets[] = {xml};
        xc_test_book b = {.nsheets = 1, .sheets = sheets, .store = store};
        xc_err rc;
        xc_error e = {0};
        char *text = dump_book(&b, NULL, &rc, &e);
        char want[200];
        snprintf(want, sizeof want, "Sheet1\tA2\t%s\n", want_value[p]);
        const char *line2 = text ? strstr(text, "\nSheet1\tA2\t") : NULL;
        if (rc != XC_OK || !line2 || strcmp(line2 + 1, want) != 0 || strlen(text) != 13 + pad + strlen(want)) {
          xc_test_fail(__FILE__, __LINE__, "piece %zu shift %d store %d: %s (%zu bytes, tail %s)", p, shift, store,
                       rc != XC_OK ? xc_err_name(rc) : "wrong text", text ? strlen(text) : 0, line2 ? line2 : "-");
          free(text);
          free(xml);
          return;
        }
        free(text);
        free(xml);
      }
}

static void large_sheet_rows_out_of_order(void) {
  /* more than 4 MiB of dump text, then an earlier row: too late to re-sort */
  size_t rows = 200000;
  char *data = malloc(rows * 120 + 200);
  REQUIRE(data != NULL);
  size_t o = 0;
  for (size_t r = 2; r <= rows; r++)
    o += (size_t)sprintf(data + o, "<row r=\"%zu\"><c r=\"A%zu\" t=\"inlineStr\"><is><t>"
                                   "some text to fill</t></is></c></row>", r, r);
  sprintf(data + o, "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>");
  xc_err rc;
  xc_error e = {0};
  char *text = dump_data(data, false, &rc, &e);
  CHECK_INT(rc, XC_ERR_ROW_ORDER);
  CHECK_INT(e.code, XC_ERR_ROW_ORDER);
  CHECK(strstr(e.detail, "Sheet1") != NULL);
  free(text);
  /* a small sheet with the same shape is re-sorted instead */
  o = 0;
  for (size_t r = 2; r <= 1000; r++)
    o += (size_t)sprintf(data + o, "<row r=\"%zu\"><c r=\"A%zu\"><v>%zu</v></c></row>", r, r, r);
  sprintf(data + o, "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>");
  xc_error e2 = {0};
  text = dump_data(data, false, &rc, &e2);
  CHECK_INT(rc, XC_OK);
  CHECK(text && strncmp(text, "Sheet1\tA1\tn\t1\nSheet1\tA2\tn\t2\n", 28) == 0);
  free(text);
  free(data);
}

static void part_limit_while_dumping(void) {
  size_t rows = 2000;
  char *data = malloc(rows * 60 + 100);
  REQUIRE(data != NULL);
  size_t o = 0;
  for (size_t r = 1; r <= rows; r++)
    o += (size_t)sprintf(data + o, "<row r=\"%zu\"><c r=\"A%zu\"><v>%zu</v></c></row>", r, r, r);
  char *xml = xc_test_sheet_xml(data);
  free(data);
  const char *sheets[] = {xml};
  xc_test_book b = {.nsheets = 1, .sheets = sheets};
  size_t n = 0;
  unsigned char *zip = xc_test_xlsx(&b, &n);
  REQUIRE(zip != NULL);
  xc_limits lim;
  xc_limits_default(&lim);
  lim.max_part = 10000; /* the sheet is about 80 kB, the other parts are small */
  xc_error e = {0};
  xc_workbook *wb = xc_workbook_open_mem(zip, n, &lim, &e);
  REQUIRE(wb != NULL);
  xc_err rc;
  char *text = xc_test_dump(wb, NULL, &rc, &e);
  CHECK_INT(rc, XC_ERR_TOO_BIG);
  CHECK_STR(e.part, "xl/worksheets/sheet1.xml");
  free(text);
  xc_workbook_free(wb);
  free(zip);
  free(xml);
}

static void compression_ratio_limit(void) {
  /* 6 MiB of one repeated row deflates to a few kB: a ratio far above 100 */
  size_t rows = 100000;
  const char *row = "<row><c><v>1</v></c><c><v>1</v></c><c><v>1</v></c><c><v>1</v></c></row>";
  size_t rl = strlen(row);
  char *data = malloc(rows * rl + 1);
  REQUIRE(data != NULL);
  for (size_t r = 0; r < rows; r++) memcpy(data + r * rl, row, rl);
  data[rows * rl] = '\0';
  char *xml = xc_test_sheet_xml(data);
  free(data);
  const char *sheets[] = {xml};
  xc_test_book b = {.nsheets = 1, .sheets = sheets};
  size_t n = 0;
  unsigned char *zip = xc_test_xlsx(&b, &n);
  REQUIRE(zip != NULL);
  xc_error e = {0};
  xc_workbook *wb = xc_workbook_open_mem(zip, n, NULL, &e);
  REQUIRE(wb != NULL);
  xc_err rc;
  char *text = xc_test_dump(wb, NULL, &rc, &e);
  CHECK_INT(rc, XC_ERR_RATIO);
  free(text);
  xc_workbook_free(wb);
  xc_limits lim;
  xc_limits_default(&lim);
  lim.max_ratio = 1e9; /* allowed when asked for */
  xc_error e2 = {0};
  wb = xc_workbook_open_mem(zip, n, &lim, &e2);
  REQUIRE(wb != NULL);
  FILE *devnull = fopen("/dev/null", "w");
  REQUIRE(devnull != NULL);
  CHECK_INT(xc_dump(wb, NULL, xc_write_stdio, devnull, &e2), XC_OK);
  fclose(devnull);
  xc_workbook_free(wb);
  free(zip);
  free(xml);
}

static void write_error(void) {
  char *xml = xc_test_sheet_xml("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>");
  const char *sheets[] = {xml};
  xc_test_book b = {.nsheets = 1, .sheets = sheets};
  size_t n = 0;
  unsigned char *zip = xc_test_xlsx(&b, &n);
  REQUIRE(zip != NULL);
  xc_error e = {0};
  xc_workbook *wb = xc_workbook_open_mem(zip, n, NULL, &e);
  REQUIRE(wb != NULL);
  FILE *full = fopen("/dev/full", "w");
  if (full) {
    CHECK_INT(xc_dump(wb, NULL, xc_write_stdio, full, &e), XC_ERR_WRITE);
    fclose(full);
  }
  xc_workbook_free(wb);
  free(zip);
  free(xml);
}


/* A sheet of `rows` rows, two cells each: A = the row number, B = text that
 * compresses badly (so a deflated part stays large too). */
static char *big_sheet(size_t rows, size_t bad_row) {
  char *data = malloc(rows * 140 + 100);
  if (!data) return NULL;
  size_t o = 0;
  uint32_t u = 2463534242u;
  for (size_t r = 1; r <= rows; r++) {
    char word[41];
    for (int k = 0; k < 40; k++) {
      u ^= u << 13, u ^= u >> 17, u ^= u << 5;
      word[k] = (char)('a' + u % 26);
    }
    word[40] = '\0';
    o += (size_t)sprintf(data + o, "<row r=\"%zu\"><c r=\"A%zu\"><v>%s</v></c><c r=\"B%zu\" "
                                   "t=\"inlineStr\"><is><t>%s</t></is></c></row>",
                         r, r, r == bad_row ? "bad" : "1", r, word);
  }
  data[o] = '\0';
  char *xml = xc_test_sheet_xml(data);
  free(data);
  return xml;
}

static unsigned char *big_book(size_t rows, size_t bad_row, bool store, size_t *n) {
  char *xml = big_sheet(rows, bad_row);
  if (!xml) return NULL;
  const char *sheets[] = {xml};
  xc_test_book b = {.nsheets = 1, .sheets = sheets, .store = store};
  unsigned char *zip = xc_test_xlsx(&b, n);
  free(xml);
  return zip;
}

static size_t count_lines(const char *s) {
  size_t n = 0;
  for (; s && *s; s++) n += *s == '\n';
  return n;
}

/* Parts whose compressed size passes 1 MiB are inflated on a second thread. */
static void threaded_large_part(void) {
  for (int store = 1; store >= 0; store--) {
    size_t n = 0, rows = 60000;
    unsigned char *zip = big_book(rows, 0, store, &n);
    REQUIRE(zip != NULL);
    CHECK(n > (1u << 20) + (1u << 17)); /* past 1 MiB even deflated */
    xc_error e = {0};
    xc_workbook *wb = xc_workbook_open_mem(zip, n, NULL, &e);
    REQUIRE(wb != NULL);
    xc_err rc;
    char *text = xc_test_dump(wb, NULL, &rc, &e);
    CHECK_INT(rc, XC_OK);
    CHECK_UINT(count_lines(text), 2 * rows);
    CHECK(text && strncmp(text, "Sheet1\tA1\tn\t1\nSheet1\tB1\ts\t", 26) == 0);
    CHECK(text && strstr(text, "\nSheet1\tA60000\tn\t1\nSheet1\tB60000\ts\t") != NULL);
    free(text);
    xc_workbook_free(wb);
    free(zip);
  }
}

static void threaded_error_stops_early(void) {
  for (int store = 1; store >= 0; store--) {
    size_t n = 0;
    unsigned char *zip = big_book(40000, 10, store, &n);
    REQUIRE(zip != NULL);
    xc_error e = {0};
    xc_workbook *wb = xc_workbook_open_mem(zip, n, NULL, &e);
    REQUIRE(wb != NULL);
    xc_err rc;
    char *text = xc_test_dump(wb, NULL, &rc, &e);
    CHECK_INT(rc, XC_ERR_NUMBER);
    CHECK(strstr(e.detail, "A10") != NULL);
    free(text);
    xc_workbook_free(wb);
    free(zip);
  }
}

static void threaded_error_at_end(void) {
  size_t n = 0;
  unsigned char *zip = big_book(40000, 40000, true, &n);
  REQUIRE(zip != NULL);
  xc_error e = {0};
  xc_workbook *wb = xc_workbook_open_mem(zip, n, NULL, &e);
  REQUIRE(wb != NULL);
  xc_err rc;
  char *text = xc_test_dump(wb, NULL, &rc, &e);
  CHECK_INT(rc, XC_ERR_NUMBER);
  CHECK(strstr(e.detail, "A40000") != NULL);
  free(text);
  xc_workbook_free(wb);
  free(zip);
}

static void threaded_total_limit(void) {
  size_t n = 0;
  unsigned char *zip = big_book(40000, 0, true, &n);
  REQUIRE(zip != NULL);
  xc_limits lim;
  xc_limits_default(&lim);
  lim.max_total = 2u << 20; /* the sheet alone is over 4 MiB */
  xc_error e = {0};
  xc_workbook *wb = xc_workbook_open_mem(zip, n, &lim, &e);
  REQUIRE(wb != NULL);
  xc_err rc;
  char *text = xc_test_dump(wb, NULL, &rc, &e);
  CHECK_INT(rc, XC_ERR_TOO_BIG);
  CHECK_INT(e.code, XC_ERR_TOO_BIG);
  CHECK_STR(e.part, "xl/worksheets/sheet1.xml");
  free(text);
  xc_workbook_free(wb);
  free(zip);
}

static void number_more_than_19_digits(void) {
  DUMP_EQ("<row r=\"1\"><c r=\"A1\"><v>10000000000000001025</v></c></row>", false,
          "Sheet1\tA1\tn\t1.0000000000000002e+19\n");
}

const xc_test_case xc_tests_dump[] = {
    TEST(all_types),
    TEST(numbers),
    TEST(escaping),
    TEST(skips_empty),
    TEST(dates_by_style),
    TEST(dates_1904),
    TEST(cells_sorted_in_row),
    TEST(rows_out_of_order),
    TEST(duplicate_cells_last_wins),
    TEST(positions_without_r),
    TEST(sheets_in_order_and_filter),
    TEST(sheet_name_escaped),
    TEST(sheet_error_reported),
    TEST(chunk_boundaries),
    TEST(large_sheet_rows_out_of_order),
    TEST(part_limit_while_dumping),
    TEST(compression_ratio_limit),
    TEST(write_error),
    TEST(threaded_large_part),
    TEST(threaded_error_stops_early),
    TEST(threaded_error_at_end),
    TEST(threaded_total_limit),
    TEST(number_more_than_19_digits),
    {0},
};
