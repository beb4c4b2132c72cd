/* test_workbook.c: opening packages built in memory: sheets, date system,
 * shared strings, styles, app properties, missing parts, hostile parts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "testutil.h"
#include "workbook.h"

#define SUITE "workbook"

#define XML_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

static const char styles_xml[] =
    XML_HEAD "<styleSheet xmlns=\"" NS_MAIN "\"><numFmts count=\"3\">"
    "<numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd hh:mm\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"[h]:mm:ss\"/>"
    "<numFmt numFmtId=\"166\" formatCode=\"#,##0.000\"/></numFmts>"
    "<cellXfs count=\"8\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/>"
    "<xf numFmtId=\"10\"/><xf numFmtId=\"165\"/><xf numFmtId=\"49\"/><xf numFmtId=\"166\"/>"
    "<xf numFmtId=\"999\"/></cellXfs></styleSheet>";

static const char sst_xml[] =
    XML_HEAD "<sst xmlns=\"" NS_MAIN "\" count=\"6\" uniqueCount=\"6\">"
    "<si><t>Name</t></si>"
    "<si><r><t>Rich</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\"> text</t></r></si>"
    "<si><t>Hà Nội</t></si>"
    "<si><t>a_x000D_b</t></si>"
    "<si><t>x</t><rPh sb=\"0\" eb=\"1\"><t>phonetic</t></rPh></si>"
    "<si><t/></si></sst>";

static const char simple_sheet[] =
    XML_HEAD "<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c>"
    "</row></sheetData></worksheet>";

static xc_workbook *open_book(const xc_test_book *b, unsigned char **zip, xc_error *e) {
  size_t n = 0;
  *zip = xc_test_xlsx(b, &n);
  if (!*zip) return NULL;
  return xc_workbook_open_mem(*zip, n, NULL, e);
}

static void opens_minimal(void) {
  const char *sheets[] = {simple_sheet};
  xc_test_book b = {.nsheets = 1, .sheets = sheets};
  unsigned char *zip;
  xc_error e = {0};
  xc_workbook *wb = open_book(&b, &zip, &e);
  REQUIRE(wb != NULL);
  CHECK_INT(e.code, XC_OK);
  CHECK_UINT(wb->nsheets, 1);
  CHECK_STR(wb->sheets[0].name, "Sheet1");
  CHECK_STR(wb->sheets[0].part, "xl/worksheets/sheet1.xml");
  CHECK_INT(wb->sheets[0].kind, XC_SHEET_WORKSHEET);
  CHECK_INT(wb->sheets[0].visibility, XC_VIS_VISIBLE);
  CHECK_STR(wb->workbook_part, "xl/workbook.xml");
  CHECK(wb->content_type && strstr(wb->content_type, "spreadsheetml.sheet.main+xml"));
  CHECK(!wb->date1904);
  CHECK(!wb->strict);
  CHECK_UINT(wb->nsst, 0);
  CHECK_UINT(wb->nstyles, 0);
  CHECK(wb->application == NULL);
  const xc_style *st = xc_workbook_style(wb, 0);
  CHECK_STR(st->code, "General");
  CHECK_INT(st->decimals, -1);
  xc_workbook_free(wb);
  free(zip);
}

static void sheet_names_and_lookup(void) {
  const char *sheets[] = {simple_sheet, simple_sheet, simple_sheet};
  const char *names[] = {"Báo cáo", "Data &amp; more", "Sheet1"};
  xc_test_book b = {.nsheets = 3, .sheets = sheets, .names = names};
  unsigned char *zip;
  xc_error e = {0};
  xc_workbook *wb = open_book(&b, &zip, &e);
  REQUIRE(wb != NULL);
  REQUIRE_INT(wb->nsheets, 3);
  CHECK_STR(wb->sheets[0].name, "Báo cáo");
  CHECK_STR(wb->sheets[1].name, "Data & more");
  CHECK_INT(xc_workbook_find_sheet(wb, "Data & more"), 1);
  CHECK_INT(xc_workbook_find_sheet(wb, "Sheet1"), 2);
  CHECK_INT(xc_workbook_find_sheet(wb, "sheet1"), -1);
  CHECK_INT(xc_workbook_find_sheet(wb, "Nope"), -1);
  xc_workbook_free(wb);
  free(zip);
}

static void date1904_flag(void) {
  const char *sheets[] = {simple_sheet};
  xc_test_book b = {.nsheets = 1, .sheets = sheets, .date1904 = true};
  unsigned char *zip;
  xc_error e = {0};
  xc_workbook *wb = open_book(&b, &zip, &e);
  REQUIRE(wb != NULL);
  CHECK(wb->date1904);
  xc_workbook_free(wb);
  free(zip);
}

static void shared_strings(void) {
  const char *sheets[] = {simple_sheet};
  xc_test_book b = {.nsheets = 1, .sheets = sheets, .sst = sst_xml};
  unsigned char *zip;
  xc_error e = {0};
  xc_workbook *wb = open_book(&b, &zip, &e);
  REQUIRE(wb != NULL);
  REQUIRE_INT(wb->nsst, 6);
  CHECK_STR(wb->sst[0], "Name");
  CHECK_STR(wb->sst[1], "Rich text");
  CHECK_STR(wb->sst[2], "Hà Nội");
  CHECK_STR(wb->sst[3], "a\rb");
  CHECK_STR(wb->sst[4], "x");
  CHECK_STR(wb->sst[5], "");
  CHECK_UINT(wb->sst_len[1], 9);
  CHECK_UINT(wb->sst_len[3], 3);
  CHECK_UINT(wb->sst_len[5], 0);
  xc_workbook_free(wb);
  free(zip);
}

static void styles(void) {
  const char *sheets[] = {simple_sheet};
  xc_test_book b = {.nsheets = 1, .sheets = sheets, .styles = styles_xml};
  unsigned char *zip;
  xc_error e = {0};
  xc_workbook *wb = open_book(&b, &zip, &e);
  REQUIRE(wb != NULL);
  REQUIRE_INT(wb->nstyles, 8);
  CHECK_STR(wb->styles[0].code, "General");
  CHECK_INT(wb->styles[0].flags, 0);
  CHECK_INT(wb->styles[0].decimals, -1);
  CHECK_STR(wb->styles[1].code, "mm-dd-yy");
  CHECK_INT(wb->styles[1].flags, XC_FMT_DATE);
  CHECK_UINT(wb->styles[2].numfmt_id, 164);
  CHECK_STR(wb->styles[2].code, "yyyy-mm-dd hh:mm");
  CHECK_INT(wb->styles[2].flags, XC_FMT_DATE);
  CHECK_INT(wb->styles[3].flags, XC_FMT_PERCENT);
  CHECK_INT(wb->styles[3].decimals, 2);
  CHECK_INT(wb->styles[4].flags, XC_FMT_DATE | XC_FMT_DURATION);
  CHECK_INT(wb->styles[5].flags, XC_FMT_TEXT);
  CHECK_INT(wb->styles[6].decimals, 3);
  CHECK_STR(wb->styles[7].code, "General"); /* an unknown id */
  CHECK(xc_workbook_style(wb, 6) == &wb->styles[6]);
  CHECK(xc_workbook_style(wb, 8) == &wb->styles[0]); /* out of range: style 0 */
  CHECK(xc_workbook_style(wb, UINT32_MAX) == &wb->styles[0]);
  xc_workbook_free(wb);
  free(zip);
}

static void app_properties(void) {
  const char *sheets[] = {simple_sheet};
  static const xc_test_part extra[] = {
      {"docProps/app.xml",
       XML_HEAD "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                "extended-properties\"><Application>Microsoft Excel</Application>"
                "<TitlesOfParts><Application>nested</Application></TitlesOfParts>"
                "<AppVersion>16.0300</AppVersion></Properties>",
       0},
      {NULL, NULL, 0}};
  xc_test_book b = {.nsheets = 1, .sheets = sheets, .extra = extra};
  unsigned char *zip;
  xc_error e = {0};
  xc_workbook *wb = open_book(&b, &zip, &e);
  REQUIRE(wb != NULL);
  CHECK_STR(wb->application, "Microsoft Excel");
  CHECK_STR(wb->app_version, "16.0300");
  xc_workbook_free(wb);
  free(zip);
}

static void broken_app_properties_ignored(void) {
  const char *sheets[] = {simple_sheet};
  static const xc_test_part extra[] = {{"docProps/app.xml", "<Properties><Application>x", 0},
                                       {NULL, NULL, 0}};
  xc_test_book b = {.nsheets = 1, .sheets = sheets, .extra = extra};
  unsigned char *zip;
  xc_error e = {0};
  xc_workbook *wb = open_book(&b, &zip, &e);
  CHECK(wb != NULL);
  CHECK_INT(e.code, XC_OK);
  xc_workbook_free(wb);
  free(zip);
}

/* Parts assembled by hand, for the error paths. */
#define CT_XML                                                                        \
  XML_HEAD "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" \
           "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd."       \
           "openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>"
#define PKG_RELS                                                                        \
  XML_HEAD "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"       \
           "relationships\"><Relationship Id=\"rId1\" Type=\"" NS_REL                     \
           "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
#define WB_XML(sheets) \
  XML_HEAD "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\"><sheets>" sheets "</sheets></workbook>"
#define WB_RELS(rels)                                                                   \
  XML_HEAD "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"       \
           "relationships\">" rels "</Relationships>"
#define WS_REL(id, target) \
  "<Relationship Id=\"" id "\" Type=\"" NS_REL "/worksheet\" Target=\"" target "\"/>"

static xc_workbook *open_parts(const xc_test_part *parts, const xc_limits *lim, xc_error *e,
                               unsigned char **zip) {
  size_t n = 0;
  *zip = xc_test_zip(parts, false, &n);
  if (!*zip) return NULL;
  return xc_workbook_open_mem(*zip, n, lim, e);
}

static xc_err open_parts_code(const xc_test_part *parts, xc_error *e) {
  unsigned char *zip = NULL;
  xc_workbook *wb = open_parts(parts, NULL, e, &zip);
  xc_err rc = wb ? XC_OK : e->code;
  if (wb && e->code != XC_OK) rc = (xc_err)-1; /* an error left behind a success */
  xc_workbook_free(wb);
  free(zip);
  return rc;
}

static void missing_sheet_part(void) {
  const xc_test_part parts[] = {
      {"[Content_Types].xml", CT_XML, 0},
      {"_rels/.rels", PKG_RELS, 0},
      {"xl/workbook.xml", WB_XML("<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>"), 0},
      {"xl/_rels/workbook.xml.rels", WB_RELS(WS_REL("rId1", "worksheets/sheet1.xml")), 0},
      {NULL, NULL, 0}};
  xc_error e = {0};
  CHECK_INT(open_parts_code(parts, &e), XC_ERR_PART_MISSING);
  CHECK_STR(e.part, "xl/worksheets/sheet1.xml");
}

static void missing_relationship(void) {
  const xc_test_part parts[] = {
      {"[Content_Types].xml", CT_XML, 0},
      {"_rels/.rels", PKG_RELS, 0},
      {"xl/workbook.xml", WB_XML("<sheet name=\"S\" sheetId=\"1\" r:id=\"rId7\"/>"), 0},
      {"xl/_rels/workbook.xml.rels", WB_RELS(WS_REL("rId1", "worksheets/sheet1.xml")), 0},
      {"xl/worksheets/sheet1.xml", simple_sheet, 0},
      {NULL, NULL, 0}};
  xc_error e = {0};
  CHECK_INT(open_parts_code(parts, &e), XC_ERR_PART_MISSING);
  CHECK(strstr(e.detail, "rId7") != NULL);
}

static void missing_workbook_rels(void) {
  const xc_test_part parts[] = {
      {"[Content_Types].xml", CT_XML, 0},
      {"_rels/.rels", PKG_RELS, 0},
      {"xl/workbook.xml", WB_XML("<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>"), 0},
      {"xl/worksheets/sheet1.xml", simple_sheet, 0},
      {NULL, NULL, 0}};
  xc_error e = {0};
  CHECK_INT(open_parts_code(parts, &e), XC_ERR_PART_MISSING);
}

static void target_forms(void) {
  /* absolute, "..", backslashes and a stored name with backslashes */
  static const char *const targets[] = {"/xl/worksheets/sheet1.xml", "../xl/worksheets/sheet1.xml",
                                        "worksheets\\sheet1.xml", "./worksheets/./sheet1.xml"};
  for (size_t i = 0; i < 4; i++) {
    char rels[600];
    snprintf(rels, sizeof rels, WB_RELS("<Relationship Id=\"rId1\" Type=\"" NS_REL
                                        "/worksheet\" Target=\"%s\"/>"),
             targets[i]);
    const xc_test_part parts[] = {
        {"[Content_Types].xml", CT_XML, 0},
        {"_rels/.rels", PKG_RELS, 0},
        {"xl/workbook.xml", WB_XML("<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>"), 0},
        {"xl/_rels/workbook.xml.rels", rels, 0},
        {i == 2 ? "xl\\worksheets\\sheet1.xml" : "xl/worksheets/sheet1.xml", simple_sheet, 0},
        {NULL, NULL, 0}};
    xc_error e = {0};
    unsigned char *zip = NULL;
    xc_workbook *wb = open_parts(parts, NULL, &e, &zip);
    if (!wb || wb->nsheets != 1 || strcmp(wb->sheets[0].part, "xl/worksheets/sheet1.xml") != 0)
      xc_test_fail(__FILE__, __LINE__, "target \"%s\": %s (%s)", targets[i],
                   wb ? wb->sheets[0].part : "not opened", xc_err_name(e.code));
    xc_workbook_free(wb);
    free(zip);
  }
}

static void no_package_rels(void) {
  /* [Content_Types].xml still names the workbook */
  const xc_test_part parts[] = {
      {"[Content_Types].xml", CT_XML, 0},
      {"xl/workbook.xml", WB_XML("<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>"), 0},
      {"xl/_rels/workbook.xml.rels", WB_RELS(WS_REL("rId1", "worksheets/sheet1.xml")), 0},
      {"xl/worksheets/sheet1.xml", simple_sheet, 0},
      {NULL, NULL, 0}};
  xc_error e = {0};
  CHECK_INT(open_parts_code(parts, &e), XC_OK);
}

static void other_sheet_kinds(void) {
  const xc_test_part parts[] = {
      {"[Content_Types].xml", CT_XML, 0},
      {"_rels/.rels", PKG_RELS, 0},
      {"xl/workbook.xml",
       WB_XML("<sheet name=\"Chart\" sheetId=\"1\" r:id=\"rId1\" state=\"hidden\"/>"
              "<sheet name=\"S\" sheetId=\"2\" r:id=\"rId2\" state=\"veryHidden\"/>"),
       0},
      {"xl/_rels/workbook.xml.rels",
       WB_RELS("<Relationship Id=\"rId1\" Type=\"" NS_REL "/chartsheet\" Target=\"chartsheets/"
               "sheet1.xml\"/>" WS_REL("rId2", "worksheets/sheet1.xml")),
       0},
      {"xl/worksheets/sheet1.xml", simple_sheet, 0},
      {NULL, NULL, 0}};
  xc_error e = {0};
  unsigned char *zip = NULL;
  xc_workbook *wb = open_parts(parts, NULL, &e, &zip);
  REQUIRE(wb != NULL);
  REQUIRE_INT(wb->nsheets, 2);
  CHECK_INT(wb->sheets[0].kind, XC_SHEET_CHART);
  CHECK_INT(wb->sheets[0].visibility, XC_VIS_HIDDEN);
  CHECK_INT(wb->sheets[1].kind, XC_SHEET_WORKSHEET);
  CHECK_INT(wb->sheets[1].visibility, XC_VIS_VERY_HIDDEN);
  xc_workbook_free(wb);
  free(zip);
}

static void not_a_workbook(void) {
  static const xc_test_part docx[] = {{"word/document.xml", "<w:document/>", 0},
                                      {NULL, NULL, 0}};
  static const xc_test_part ods[] = {{"mimetype", "application/vnd.oasis.opendocument.spreadsheet", 0},
                                     {"content.xml", "<office:document-content/>", 0},
                                     {NULL, NULL, 0}};
  xc_error e = {0};
  CHECK_INT(open_parts_code(docx, &e), XC_ERR_NOT_XLSX);
  CHECK(strstr(e.detail, "Word") != NULL);
  xc_error e2 = {0};
  CHECK_INT(open_parts_code(ods, &e2), XC_ERR_NOT_XLSX);
  CHECK(strstr(e2.detail, "OpenDocument") != NULL);
  const xc_test_part wrong_root[] = {
      {"[Content_Types].xml", CT_XML, 0},
      {"_rels/.rels", PKG_RELS, 0},
      {"xl/workbook.xml", XML_HEAD "<worksheet xmlns=\"" NS_MAIN "\"/>", 0},
      {NULL, NULL, 0}};
  xc_error e3 = {0};
  CHECK_INT(open_parts_code(wrong_root, &e3), XC_ERR_NOT_XLSX);
}

static void doctype_in_parts(void) {
  static const char *const which[] = {"workbook", "rels", "sst", "styles", "ctypes"};
  for (size_t k = 0; k < 5; k++) {
    const char *dtd = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]>";
    char wb[1000], rels[1000], sst[1000], sty[1000], ct[1000];
    snprintf(wb, sizeof wb, "%s%s", k == 0 ? dtd : "",
             "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\"><sheets><sheet name=\"S\" "
             "sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
    snprintf(rels, sizeof rels, "%s%s", k == 1 ? dtd : "",
             "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
             WS_REL("rId1", "worksheets/sheet1.xml") "<Relationship Id=\"rId2\" Type=\"" NS_REL
             "/sharedStrings\" Target=\"sharedStrings.xml\"/><Relationship Id=\"rId3\" Type=\""
             NS_REL "/styles\" Target=\"styles.xml\"/></Relationships>");
    snprintf(sst, sizeof sst, "%s%s", k == 2 ? dtd : "", "<sst><si><t>a</t></si></sst>");
    snprintf(sty, sizeof sty, "%s%s", k == 3 ? dtd : "", "<styleSheet/>");
    snprintf(ct, sizeof ct, "%s%s", k == 4 ? dtd : "", "<Types/>");
    const xc_test_part parts[] = {{"[Content_Types].xml", ct, 0},
                                  {"_rels/.rels", PKG_RELS, 0},
                                  {"xl/workbook.xml", wb, 0},
                                  {"xl/_rels/workbook.xml.rels", rels, 0},
                                  {"xl/sharedStrings.xml", sst, 0},
                                  {"xl/styles.xml", sty, 0},
                                  {"xl/worksheets/sheet1.xml", simple_sheet, 0},
                                  {NULL, NULL, 0}};
    xc_error e = {0};
    xc_err rc = open_parts_code(parts, &e);
    if (rc != XC_ERR_DTD) xc_test_fail(__FILE__, __LINE__, "DOCTYPE in %s: %s", which[k], xc_err_name(rc));
  }
}

static void part_size_limit(void) {
  const char *sheets[] = {simple_sheet};
  xc_test_book b = {.nsheets = 1, .sheets = sheets, .sst = sst_xml};
  size_t n = 0;
  unsigned char *zip = xc_test_xlsx(&b, &n);
  REQUIRE(zip != NULL);
  xc_limits lim;
  xc_limits_default(&lim);
  lim.max_part = 200; /* sharedStrings.xml is larger */
  xc_error e = {0};
  xc_workbook *wb = xc_workbook_open_mem(zip, n, &lim, &e);
  CHECK(wb == NULL);
  CHECK_INT(e.code, XC_ERR_TOO_BIG);
  xc_workbook_free(wb);
  xc_limits_default(&lim);
  lim.max_total = 1000; /* the parts together are larger */
  xc_error e2 = {0};
  wb = xc_workbook_open_mem(zip, n, &lim, &e2);
  CHECK(wb == NULL);
  CHECK_INT(e2.code, XC_ERR_TOO_BIG);
  xc_workbook_free(wb);
  free(zip);
}

static void open_from_file(void) {
  const char *sheets[] = {simple_sheet};
  xc_test_book b = {.nsheets = 1, .sheets = sheets, .sst = sst_xml, .styles = styles_xml};
  size_t n = 0;
  unsigned char *zip = xc_test_xlsx(&b, &n);
  REQUIRE(zip != NULL);
  char *path = xc_test_write_temp(zip, n);
  free(zip);
  REQUIRE(path != NULL);
  xc_error e = {0};
  xc_workbook *wb = xc_workbook_open(path, NULL, &e);
  CHECK(wb != NULL);
  if (wb) {
    CHECK_STR(wb->path, path);
    CHECK_UINT(wb->nsst, 6);
    CHECK_UINT(wb->nstyles, 8);
  }
  xc_workbook_free(wb);
  unlink(path);
  free(path);
  xc_error e2 = {0};
  CHECK(xc_workbook_open("/nonexistent/book.xlsx", NULL, &e2) == NULL);
  CHECK_INT(e2.code, XC_ERR_OPEN);
  xc_workbook_free(NULL);
}

static void open_mem_not_zip(void) {
  xc_error e = {0};
  CHECK(xc_workbook_open_mem("Name,Value\n", 11, NULL, &e) == NULL);
  CHECK_INT(e.code, XC_ERR_TEXT);
  xc_error e2 = {0};
  CHECK(xc_workbook_open_mem("", 0, NULL, &e2) == NULL);
  CHECK_INT(e2.code, XC_ERR_EMPTY);
}


static void missing_shared_strings_part(void) {
  /* a shared-strings part the workbook names must exist */
  const xc_test_part parts[] = {
      {"[Content_Types].xml", CT_XML, 0},
      {"_rels/.rels", PKG_RELS, 0},
      {"xl/workbook.xml", WB_XML("<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>"), 0},
      {"xl/_rels/workbook.xml.rels",
       WB_RELS(WS_REL("rId1", "worksheets/sheet1.xml") "<Relationship Id=\"rId2\" Type=\"" NS_REL
               "/sharedStrings\" Target=\"sharedStrings.xml\"/>"),
       0},
      {"xl/worksheets/sheet1.xml", simple_sheet, 0},
      {NULL, NULL, 0}};
  xc_error e = {0};
  CHECK_INT(open_parts_code(parts, &e), XC_ERR_PART_MISSING);
  CHECK_STR(e.part, "xl/sharedStrings.xml");
}

static void duplicate_numfmt_last_wins(void) {
  static const char styles_dup[] =
      XML_HEAD "<styleSheet xmlns=\"" NS_MAIN "\"><numFmts count=\"3\">"
      "<numFmt numFmtId=\"165\" formatCode=\"0.0\"/>"
      "<numFmt numFmtId=\"164\" formatCode=\"0.00\"/>"
      "<numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/></numFmts>"
      "<cellXfs count=\"2\"><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/></cellXfs></styleSheet>";
  const char *sheets[] = {simple_sheet};
  xc_test_book b = {.nsheets = 1, .sheets = sheets, .styles = styles_dup};
  unsigned char *zip;
  xc_error e = {0};
  xc_workbook *wb = open_book(&b, &zip, &e);
  REQUIRE(wb != NULL);
  REQUIRE_INT(wb->nstyles, 2);
  CHECK_STR(wb->styles[0].code, "yyyy-mm-dd");
  CHECK_INT(wb->styles[0].flags, XC_FMT_DATE);
  CHECK_STR(wb->styles[1].code, "0.0");
  xc_workbook_free(wb);
  free(zip);
}

static void stream_by_index(void) {
  const xc_test_part parts[] = {
      {"[Content_Types].xml", CT_XML, 0},
      {"_rels/.rels", PKG_RELS, 0},
      {"xl/workbook.xml",
       WB_XML("<sheet name=\"Chart\" sheetId=\"1\" r:id=\"rId1\"/>"
              "<sheet name=\"S\" sheetId=\"2\" r:id=\"rId2\"/>"),
       0},
      {"xl/_rels/workbook.xml.rels",
       WB_RELS("<Relationship Id=\"rId1\" Type=\"" NS_REL "/chartsheet\" Target=\"chartsheets/"
               "sheet1.xml\"/>" WS_REL("rId2", "worksheets/sheet1.xml")),
       0},
      {"xl/worksheets/sheet1.xml", simple_sheet, 0},
      {NULL, NULL, 0}};
  xc_error e = {0};
  unsigned char *zip = NULL;
  xc_workbook *wb = open_parts(parts, NULL, &e, &zip);
  REQUIRE(wb != NULL);
  xc_test_cells c = {0};
  xc_sheet_meta m;
  CHECK_INT(xc_sheet_stream(wb, 0, xc_test_collect, &c, &m, &e), XC_OK); /* a chart: no cells */
  CHECK_UINT(c.n, 0);
  CHECK_INT(xc_sheet_stream(wb, 1, xc_test_collect, &c, &m, &e), XC_OK);
  CHECK_UINT(c.n, 1);
  xc_sheet_meta_free(&m);
  xc_error e2 = {0};
  CHECK_INT(xc_sheet_stream(wb, 2, xc_test_collect, &c, NULL, &e2), XC_ERR_NO_SHEET);
  CHECK_INT(e2.code, XC_ERR_NO_SHEET);
  /* streaming twice gives the same cells */
  CHECK_INT(xc_sheet_stream(wb, 1, xc_test_collect, &c, NULL, &e), XC_OK);
  CHECK(c.n == 2 && c.cells[1].row == 1 && c.cells[1].col == 1 && c.cells[1].num == 1);
  xc_test_cells_free(&c);
  xc_workbook_free(wb);
  free(zip);
}

const xc_test_case xc_tests_workbook[] = {
    TEST(opens_minimal),
    TEST(sheet_names_and_lookup),
    TEST(date1904_flag),
    TEST(shared_strings),
    TEST(styles),
    TEST(app_properties),
    TEST(broken_app_properties_ignored),
    TEST(missing_sheet_part),
    TEST(missing_relationship),
    TEST(missing_workbook_rels),
    TEST(target_forms),
    TEST(no_package_rels),
    TEST(other_sheet_kinds),
    TEST(not_a_workbook),
    TEST(doctype_in_parts),
    TEST(part_size_limit),
    TEST(open_from_file),
    TEST(open_mem_not_zip),
    TEST(missing_shared_strings_part),
    TEST(duplicate_numfmt_last_wins),
    TEST(stream_by_index),
    {0},
};
