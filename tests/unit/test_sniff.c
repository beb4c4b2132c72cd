/* test_sniff.c: what a file really is (xc_sniff) and opening packages
 * (xc_zip_open_mem, xc_zip_open). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "testutil.h"
#include "zipio.h"

#define SUITE "sniff"

static xc_file_kind sniff(const void *s, size_t n) {
  return xc_sniff(s, n, s, n);
}
#define SNIFF(lit) sniff((lit), sizeof(lit) - 1)

static void empty(void) {
  CHECK_INT(sniff("", 0), XC_KIND_EMPTY);
}

static void zip_magic(void) {
  CHECK_INT(SNIFF("PK\x03\x04rest"), XC_KIND_ZIP);
  CHECK_INT(SNIFF("PK\x05\x06" "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"), XC_KIND_ZIP); /* empty ZIP */
  CHECK_INT(SNIFF("PK\x07\x08"), XC_KIND_ZIP); /* spanned */
  CHECK(SNIFF("PK") != XC_KIND_ZIP);
  CHECK(SNIFF("PK\x03") != XC_KIND_ZIP);
  CHECK(SNIFF("PKZIP notes\n") != XC_KIND_ZIP);
}

static void ole_magic(void) {
  unsigned char ole[512] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
  CHECK_INT(sniff(ole, sizeof ole), XC_KIND_OLE);
  CHECK_INT(sniff(ole, 8), XC_KIND_OLE);
  CHECK(sniff(ole, 7) != XC_KIND_OLE);
}

static void ole_encrypted(void) {
  unsigned char f[2048] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
  const char *name = "EncryptedPackage"; /* a directory entry name, UTF-16LE */
  for (size_t i = 0; name[i]; i++) f[1024 + 2 * i] = (unsigned char)name[i];
  CHECK_INT(sniff(f, sizeof f), XC_KIND_ENCRYPTED);
  /* the name may sit past the head: the whole buffer is searched */
  CHECK_INT(xc_sniff(f, 512, f, sizeof f), XC_KIND_ENCRYPTED);
  memset(f + 1024, 0, 64);
  name = "EncryptionInfo";
  for (size_t i = 0; name[i]; i++) f[1500 + 2 * i] = (unsigned char)name[i];
  CHECK_INT(sniff(f, sizeof f), XC_KIND_ENCRYPTED);
}

static void html(void) {
  CHECK_INT(SNIFF("<html><body><table><tr><td>1</td></tr></table></body></html>"), XC_KIND_HTML);
  CHECK_INT(SNIFF("<!DOCTYPE html>\n<HTML>"), XC_KIND_HTML);
  CHECK_INT(SNIFF("\xEF\xBB\xBF  \r\n<table border=1>"), XC_KIND_HTML);
  CHECK_INT(SNIFF("<?xml version=\"1.0\"?><html xmlns:x=\"urn:schemas-microsoft-com:office:excel\">"),
            XC_KIND_HTML);
}

static void xml2003(void) {
  CHECK_INT(SNIFF("<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n"
                  "<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">"),
            XC_KIND_XML);
  /* other XML is no workbook either: it counts as text */
  CHECK_INT(SNIFF("<?xml version=\"1.0\"?><Workbook/>"), XC_KIND_TEXT);
  CHECK_INT(SNIFF("<note><to>x</to></note>"), XC_KIND_TEXT);
}

/* Builds UTF-16 (little or big endian, with a BOM) from ASCII. */
static size_t utf16(unsigned char *out, const char *ascii, bool le) {
  size_t o = 0;
  out[o++] = le ? 0xFF : 0xFE;
  out[o++] = le ? 0xFE : 0xFF;
  for (; *ascii; ascii++) {
    out[o++] = le ? (unsigned char)*ascii : 0;
    out[o++] = le ? 0 : (unsigned char)*ascii;
  }
  return o;
}

static void utf16_files(void) {
  unsigned char buf[600];
  for (int le = 0; le < 2; le++) {
    size_t n = utf16(buf, "Name\tValue\r\nA\t1\r\n", le);
    CHECK_INT(sniff(buf, n), XC_KIND_TEXT); /* Excel's "Unicode Text" */
    n = utf16(buf, "  <html><body><table><tr><td>1</td></tr></table></body></html>", le);
    CHECK_INT(sniff(buf, n), XC_KIND_HTML);
    n = utf16(buf, "<?xml version=\"1.0\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"/>", le);
    CHECK_INT(sniff(buf, n), XC_KIND_XML);
  }
}

static void text(void) {
  CHECK_INT(SNIFF("a,b,c\n1,2,3\n"), XC_KIND_TEXT);
  CHECK_INT(SNIFF("Mã;Tên;Số lượng\r\n1;Hà Nội;12,5\r\n"), XC_KIND_TEXT);
  CHECK_INT(SNIFF("x"), XC_KIND_TEXT);
  CHECK_INT(SNIFF("col1\tcol2\fnext page\n"), XC_KIND_TEXT);
}

static void binary(void) {
  CHECK_INT(SNIFF("\x00\x01\x02\x03\x04\x05"), XC_KIND_BINARY);
  CHECK_INT(SNIFF("a\0b"), XC_KIND_BINARY);
  CHECK_INT(SNIFF("\xFF\xD8\xFF\xE0\x00\x10JFIF"), XC_KIND_BINARY); /* a JPEG */
  CHECK_INT(SNIFF("\x1B\x1B\x1B\x1B text"), XC_KIND_BINARY);
  /* UTF-16 text has NULs: binary, not text */
  CHECK_INT(SNIFF("a\0,\0b\0\n\0"), XC_KIND_BINARY);
}

static void kind_names(void) {
  CHECK_STR(xc_file_kind_name(XC_KIND_ZIP), "zip");
  CHECK_STR(xc_file_kind_name(XC_KIND_EMPTY), "empty");
  CHECK_STR(xc_file_kind_name(XC_KIND_OLE), "ole");
  CHECK_STR(xc_file_kind_name(XC_KIND_ENCRYPTED), "encrypted");
  CHECK_STR(xc_file_kind_name(XC_KIND_HTML), "html");
  CHECK_STR(xc_file_kind_name(XC_KIND_XML), "xml");
  CHECK_STR(xc_file_kind_name(XC_KIND_TEXT), "text");
  CHECK_STR(xc_file_kind_name(XC_KIND_BINARY), "binary");
}

/* ---- opening -------------------------------------------------------- */

static xc_err open_mem_code(const void *data, size_t n) {
  xc_limits lim;
  xc_limits_default(&lim);
  xc_error e = {0};
  xc_zip *z = xc_zip_open_mem(data, n, &lim, &e);
  xc_zip_close(z);
  if (z && e.code != XC_OK) return (xc_err)-1;
  return z ? XC_OK : e.code;
}

static void open_mem_not_zip(void) {
  unsigned char ole[512] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
  CHECK_INT(open_mem_code("", 0), XC_ERR_EMPTY);
  CHECK_INT(open_mem_code(ole, sizeof ole), XC_ERR_XLS);
  CHECK_INT(open_mem_code("<html>", 6), XC_ERR_HTML);
  CHECK_INT(open_mem_code("a,b\n", 4), XC_ERR_TEXT);
  CHECK_INT(open_mem_code("<?xml version=\"1.0\"?><Workbook/>", 32), XC_ERR_TEXT);
  static const char x2003[] = "<?xml version=\"1.0\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"/>";
  CHECK_INT(open_mem_code(x2003, sizeof x2003 - 1), XC_ERR_XML2003);
  CHECK_INT(open_mem_code("\0\1\2\3", 4), XC_ERR_NOT_ZIP);
}

static void open_mem_truncated(void) {
  static const xc_test_part parts[] = {{"a.txt", "hello hello hello", 0}, {NULL, NULL, 0}};
  size_t n = 0;
  unsigned char *zip = xc_test_zip(parts, false, &n);
  REQUIRE(zip != NULL);
  CHECK_INT(open_mem_code(zip, n), XC_OK);
  CHECK_INT(open_mem_code(zip, n - 10), XC_ERR_ZIP_DAMAGED); /* end record cut */
  CHECK_INT(open_mem_code(zip, 30), XC_ERR_ZIP_DAMAGED);
  free(zip);
}

static xc_err stream_sink(void *ctx, const char *data, size_t n, bool last) {
  (void)last;
  return xc_buf_add(ctx, data, n) ? XC_OK : XC_ERR_LIMIT;
}

static void find_parts(void) {
  static const xc_test_part parts[] = {{"xl/workbook.xml", "<w/>", 0},
                                       {"/xl/Styles.xml", "<s/>", 0},
                                       {"xl\\worksheets\\sheet1.xml", "<ws/>", 0},
                                       {NULL, NULL, 0}};
  size_t n = 0;
  unsigned char *zip = xc_test_zip(parts, false, &n);
  REQUIRE(zip != NULL);
  xc_limits lim;
  xc_limits_default(&lim);
  xc_error e = {0};
  xc_zip *z = xc_zip_open_mem(zip, n, &lim, &e);
  REQUIRE(z != NULL);
  CHECK_UINT(xc_zip_count(z), 3);
  CHECK(xc_zip_find(z, "xl/workbook.xml") >= 0);
  CHECK(xc_zip_find(z, "/xl/workbook.xml") >= 0);
  CHECK(xc_zip_find(z, "XL/WORKBOOK.XML") >= 0);
  CHECK(xc_zip_find(z, "xl/styles.xml") >= 0);          /* leading slash and case */
  CHECK(xc_zip_find(z, "xl/worksheets/sheet1.xml") >= 0); /* backslashes */
  CHECK(xc_zip_find(z, "xl/missing.xml") < 0);
  CHECK(xc_zip_find(z, "xl/workbook.xm") < 0);
  CHECK(xc_zip_find(z, "") < 0);
  xc_error e2 = {0};
  xc_buf none = {0};
  CHECK_INT(xc_zip_stream(z, "xl/missing.xml", stream_sink, &none, &e2), XC_ERR_PART_MISSING);
  CHECK_STR(e2.part, "xl/missing.xml");
  int64_t i = xc_zip_find(z, "xl/workbook.xml");
  CHECK_UINT(xc_zip_size(z, (uint64_t)i), 4);
  xc_buf b;
  xc_buf_init(&b, 0);
  CHECK_INT(xc_zip_stream(z, "XL/Worksheets/Sheet1.xml", stream_sink, &b, &e), XC_OK);
  CHECK_STR(xc_buf_str(&b), "<ws/>");
  xc_buf_free(&b);
  xc_zip_close(z);
  free(zip);
}

static void case_equivalent_names_refused(void) {
  /* OPC part names are case-insensitive: "A.xml" and "a.xml" are the same part
   * twice, and readers would pick differently between them */
  static const xc_test_part parts[] = {{"A.xml", "upper", 0}, {"a.xml", "lower", 0}, {NULL, NULL, 0}};
  size_t n = 0;
  unsigned char *zip = xc_test_zip(parts, true, &n);
  REQUIRE(zip != NULL);
  xc_limits lim;
  xc_limits_default(&lim);
  xc_error e = {0};
  xc_zip *z = xc_zip_open_mem(zip, n, &lim, &e);
  CHECK(z == NULL);
  CHECK_INT(e.code, XC_ERR_ZIP_DAMAGED);
  xc_zip_close(z);
  free(zip);
}

static void open_path_errors(void) {
  xc_limits lim;
  xc_limits_default(&lim);
  xc_error e = {0};
  CHECK(xc_zip_open("/nonexistent/dir/book.xlsx", &lim, &e) == NULL);
  CHECK_INT(e.code, XC_ERR_OPEN);
  xc_error e2 = {0};
  CHECK(xc_zip_open("/", &lim, &e2) == NULL); /* a folder: not a regular file */
  CHECK_INT(e2.code, XC_ERR_NOT_REGULAR);
  xc_error e5 = {0}; /* a device would be read for ever: refused at once */
  CHECK(xc_zip_open("/dev/zero", &lim, &e5) == NULL);
  CHECK_INT(e5.code, XC_ERR_NOT_REGULAR);
  char *path = xc_test_write_temp("a;b\n", 4);
  REQUIRE(path != NULL);
  xc_error e3 = {0};
  CHECK(xc_zip_open(path, &lim, &e3) == NULL);
  CHECK_INT(e3.code, XC_ERR_TEXT);
  unlink(path);
  free(path);
  path = xc_test_write_temp("", 0);
  REQUIRE(path != NULL);
  xc_error e4 = {0};
  CHECK(xc_zip_open(path, &lim, &e4) == NULL);
  CHECK_INT(e4.code, XC_ERR_EMPTY);
  unlink(path);
  free(path);
}

static void open_path_zip(void) {
  static const xc_test_part parts[] = {{"x.txt", "content", 0}, {NULL, NULL, 0}};
  size_t n = 0;
  unsigned char *zip = xc_test_zip(parts, false, &n);
  REQUIRE(zip != NULL);
  char *path = xc_test_write_temp(zip, n);
  free(zip);
  REQUIRE(path != NULL);
  xc_limits lim;
  xc_limits_default(&lim);
  xc_error e = {0};
  xc_zip *z = xc_zip_open(path, &lim, &e);
  CHECK(z != NULL);
  if (z) {
    xc_buf b;
    xc_buf_init(&b, 0);
    CHECK_INT(xc_zip_stream(z, "x.txt", stream_sink, &b, &e), XC_OK);
    CHECK_STR(xc_buf_str(&b), "content");
    xc_buf_free(&b);
  }
  xc_zip_close(z);
  unlink(path);
  free(path);
}

static void zip_close_null(void) {
  xc_zip_close(NULL); /* must not crash */
  CHECK(true);
}

const xc_test_case xc_tests_sniff[] = {
    TEST(empty),
    TEST(zip_magic),
    TEST(ole_magic),
    TEST(ole_encrypted),
    TEST(html),
    TEST(xml2003),
    TEST(utf16_files),
    TEST(text),
    TEST(binary),
    TEST(kind_names),
    TEST(open_mem_not_zip),
    TEST(open_mem_truncated),
    TEST(find_parts),
    TEST(case_equivalent_names_refused),
    TEST(open_path_errors),
    TEST(open_path_zip),
    TEST(zip_close_null),
    {0},
};
