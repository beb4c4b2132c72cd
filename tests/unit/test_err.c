/* test_err.c: the error table and xc_fail. */
#include <string.h>

#include "err.h"
#include "harness.h"

#define SUITE "err"

/* The last code: the table has no gaps, so it is the one before the first
 * number without a name. */
static int last_code(void) {
  int c = 0;
  while (c < 1000 && strcmp(xc_err_name((xc_err)(c + 1)), "XC_ERR_UNKNOWN") != 0) c++;
  return c;
}

static void codes_are_numbered(void) {
  /* the numbers are part of the interface: never renumbered */
  CHECK_INT(XC_OK, 0);
  CHECK_INT(XC_ERR_NOMEM, 1);
  CHECK_INT(XC_ERR_XLS, 4);
  CHECK_INT(XC_ERR_DTD, 13);
  CHECK_INT(XC_ERR_SST_INDEX, 16);
  CHECK_INT(XC_ERR_CELLREF, 18);
  CHECK_INT(XC_ERR_NUMBER, 19);
  CHECK_INT(XC_ERR_LIMIT, 21);
  CHECK_INT(XC_ERR_USAGE, 25);
  CHECK_INT(XC_ERR_XML2003, 26);
}

static void every_code_has_text(void) {
  int last = last_code();
  CHECK(last >= XC_ERR_USAGE);
  for (int c = 0; c <= last; c++) {
    const char *name = xc_err_name((xc_err)c);
    if (strncmp(name, "XC_", 3) != 0 || strcmp(name, "XC_ERR_UNKNOWN") == 0)
      xc_test_fail(__FILE__, __LINE__, "code %d has name \"%s\"", c, name);
    for (int lang = 0; lang < 2; lang++) {
      const char *what = xc_strerror((xc_err)c, (xc_lang)lang);
      const char *todo = xc_err_todo((xc_err)c, (xc_lang)lang);
      if (!what || !*what || !todo || (c != XC_OK && !*todo))
        xc_test_fail(__FILE__, __LINE__, "code %d (%s) lacks text in language %d", c, name,
                     lang);
    }
    for (int d = 0; d < c; d++)
      if (strcmp(xc_err_name((xc_err)d), name) == 0)
        xc_test_fail(__FILE__, __LINE__, "codes %d and %d share the name %s", d, c, name);
  }
}

static void languages_differ(void) {
  CHECK_STR(xc_strerror(XC_ERR_EMPTY, XC_LANG_EN), "the file is empty (0 bytes)");
  CHECK_STR(xc_strerror(XC_ERR_EMPTY, XC_LANG_VI), "tệp rỗng (0 byte)");
  CHECK_STR(xc_err_name(XC_ERR_DTD), "XC_ERR_DTD");
}

static void unknown_code(void) {
  CHECK_STR(xc_strerror((xc_err)9999, XC_LANG_EN), "?");
  CHECK_STR(xc_err_todo((xc_err)9999, XC_LANG_VI), "");
  CHECK_STR(xc_err_name((xc_err)-1), "XC_ERR_UNKNOWN");
}

static void fail_fills_error(void) {
  xc_error e = {0};
  CHECK_INT(xc_fail(&e, XC_ERR_XML, "xl/workbook.xml", "line %d", 7), XC_ERR_XML);
  CHECK_INT(e.code, XC_ERR_XML);
  CHECK_STR(e.part, "xl/workbook.xml");
  CHECK_STR(e.detail, "line 7");
  CHECK_UINT(e.line, 0);
}

static void fail_keeps_first(void) {
  xc_error e = {0};
  xc_fail(&e, XC_ERR_OPEN, NULL, "first");
  CHECK_INT(xc_fail(&e, XC_ERR_XML, "x", "second"), XC_ERR_XML);
  CHECK_INT(e.code, XC_ERR_OPEN);
  CHECK_STR(e.detail, "first");
  CHECK_STR(e.part, "");
}

static void fail_without_error(void) {
  CHECK_INT(xc_fail(NULL, XC_ERR_NOMEM, "p", "%s", "x"), XC_ERR_NOMEM);
  xc_error e = {0};
  xc_fail(&e, XC_ERR_LIMIT, NULL, NULL);
  CHECK_STR(e.detail, "");
}

static void fail_truncates(void) {
  char longpart[1000], longdetail[2000];
  memset(longpart, 'p', sizeof longpart - 1);
  longpart[sizeof longpart - 1] = '\0';
  memset(longdetail, 'd', sizeof longdetail - 1);
  longdetail[sizeof longdetail - 1] = '\0';
  xc_error e = {0};
  xc_fail(&e, XC_ERR_XML, longpart, "%s", longdetail);
  CHECK_UINT(strlen(e.part), sizeof e.part - 1);
  CHECK_UINT(strlen(e.detail), sizeof e.detail - 1);
}

const xc_test_case xc_tests_err[] = {
    TEST(codes_are_numbered),
    TEST(every_code_has_text),
    TEST(languages_differ),
    TEST(unknown_code),
    TEST(fail_fills_error),
    TEST(fail_keeps_first),
    TEST(fail_without_error),
    TEST(fail_truncates),
    {0},
};
