/* test_numfmt.c: number-format classification (xc_numfmt_flags) and the
 * built-in format table. */
#include <string.h>

#include "harness.h"
#include "workbook.h"

#define SUITE "numfmt"

/* code has exactly these flags and this many decimals (99: don't care). */
static void check_fmt(const char *code, unsigned flags, int decimals, int line) {
  int8_t dec = 77;
  unsigned got = xc_numfmt_flags(code, &dec);
  if (got != flags)
    xc_test_fail(__FILE__, line, "flags of \"%s\" are 0x%X, want 0x%X", code, got, flags);
  else if (decimals != 99 && dec != decimals)
    xc_test_fail(__FILE__, line, "decimals of \"%s\" are %d, want %d", code, dec, decimals);
}
#define FMT(code, flags, dec) check_fmt((code), (flags), (dec), __LINE__)

enum { D = XC_FMT_DATE, P = XC_FMT_PERCENT, T = XC_FMT_TEXT, H = XC_FMT_DURATION, ANY = 99 };

static void dates(void) {
  FMT("yyyy-mm-dd", D, ANY);
  FMT("d/m/yyyy", D, ANY);
  FMT("dd/mm/yyyy", D, ANY);
  FMT("mm-dd-yy", D, ANY);
  FMT("d-mmm-yy", D, ANY);
  FMT("mmm-yy", D, ANY);
  FMT("m/d/yy h:mm", D, ANY);
  FMT("yyyy-mm-dd hh:mm:ss", D, ANY);
  FMT("DD/MM/YYYY", D, ANY);
}

static void times(void) {
  FMT("h:mm", D, ANY);
  FMT("h:mm:ss", D, ANY);
  FMT("h:mm AM/PM", D, ANY);
  FMT("mm:ss", D, ANY); /* not elapsed time: no [ ] */
  FMT("mm:ss.0", D, ANY);
  FMT("hh:mm:ss.000", D, ANY);
}

static void durations(void) {
  FMT("[h]:mm:ss", D | H, ANY);
  FMT("[hh]:mm", D | H, ANY);
  FMT("[H]:mm", D | H, ANY);
  FMT("[mm]:ss", D | H, ANY);
  FMT("[ss]", D | H, ANY);
  FMT("[m]", D | H, ANY);
}

static void locale_prefixes(void) {
  FMT("[$-409]d-mmm-yy", D, ANY);
  FMT("[$-F800]dddd, mmmm dd, yyyy", D, ANY);
  FMT("[$-42A]dd/mm/yyyy", D, ANY); /* Vietnamese */
  FMT("[$-409]h:mm:ss AM/PM", D, ANY);
}

static void not_dates(void) {
  FMT("General", 0, -1);
  FMT("general", 0, -1);
  FMT("0", 0, 0);
  FMT("0.00", 0, 2);
  FMT("#,##0", 0, 0);
  FMT("#,##0.00", 0, 2);
  FMT("0.00E+00", 0, 2);
  FMT("##0.0E+0", 0, 1);
  FMT("# ?/?", 0, 0);
}

static void percents(void) {
  FMT("0%", P, 0);
  FMT("0.0%", P, 1);
  FMT("0.00%", P, 2);
  FMT("0.000%", P, 3);
  FMT("#,##0.0%;[Red]-#,##0.0%", P, 1);
}

static void literals_are_not_dates(void) {
  FMT("\"d\"0", 0, 0);
  FMT("0\" days\"", 0, 0);
  FMT("#,##0 \"đ\"", 0, 0);
  FMT("#,##0 \"VND\"", 0, 0);
  FMT("0.00\\h", 0, 2);
  FMT("0.00\"%\"", 0, 2); /* a quoted % does not scale */
  FMT("#,##0.00 [$₫-42A]", 0, 2);
  FMT("#,##0 ₫", 0, 0);
}

static void colors_and_conditions(void) {
  FMT("[Red]0.00", 0, 2);
  FMT("[Blue]#,##0;[Red]-#,##0", 0, 0);
  FMT("[Color10]0.0", 0, 1);
  FMT("[>=100]0;[Red]0.00", 0, 0);
  FMT("[Red][<=100]0.0", 0, 1);
  FMT("[Red]dd/mm/yyyy", D, ANY);
}

static void padding_and_fill(void) {
  FMT("#,##0.00_);(#,##0.00)", 0, 2);
  FMT("#,##0_);[Red](#,##0)", 0, 0);
  FMT("_(* #,##0.00_);_(* \\(#,##0.00\\);_(* \"-\"??_);_(@_)", 0, 2);
  FMT("_-* #,##0\\ _₫_-;\\-* #,##0\\ _₫_-;_-* \"-\"\\ _₫_-;_-@_-", 0, 0);
  FMT("0*s", 0, 0); /* the fill character is not a seconds code */
  FMT("0_s", 0, 0);
}

static void text_format(void) {
  int8_t dec;
  CHECK_UINT(xc_numfmt_flags("@", &dec), T);
  CHECK_UINT(xc_numfmt_flags("\"Mã: \"@", &dec), T);
}

static void decimals(void) {
  FMT("0.00", 0, 2);
  FMT("#,##0", 0, 0);
  FMT("0.000%", P, 3);
  FMT("#,##0.0#", 0, 2);
  FMT("0.", 0, 0);
  FMT("#.###", 0, 3);
  FMT("0.00;[Red]-0.0", 0, 2); /* the first section decides */
  FMT("General", 0, -1);
}

static void null_and_empty(void) {
  int8_t dec = 5;
  CHECK_UINT(xc_numfmt_flags(NULL, &dec), 0);
  CHECK_INT(dec, -1);
  CHECK_UINT(xc_numfmt_flags("", &dec), 0);
  CHECK_INT(dec, 0);
}

static void malformed_codes(void) {
  /* unterminated quote, bracket, escape: classified, never read past the end */
  int8_t dec;
  xc_numfmt_flags("\"abc", &dec);
  xc_numfmt_flags("[Red", &dec);
  xc_numfmt_flags("0.00\\", &dec);
  xc_numfmt_flags("_", &dec);
  xc_numfmt_flags("*", &dec);
  xc_numfmt_flags("[", &dec);
  xc_numfmt_flags("[]", &dec);
  char big[1000];
  memset(big, '0', sizeof big - 1);
  big[1] = '.';
  big[sizeof big - 1] = '\0';
  CHECK_UINT(xc_numfmt_flags(big, &dec), 0);
}

/* decimals is -1 for General only: a long run of decimal places must not
 * wrap the int8_t into a negative count. */
static void decimals_never_negative(void) {
  char code[300];
  int8_t dec;
  for (size_t places = 1; places < 260; places++) {
    code[0] = '0';
    code[1] = '.';
    memset(code + 2, '0', places);
    code[places + 2] = '\0';
    xc_numfmt_flags(code, &dec);
    if (dec < 0) {
      xc_test_fail(__FILE__, __LINE__, "\"0.\" + %zu zeros: decimals = %d", places, dec);
      return;
    }
  }
}

static void builtin_table(void) {
  CHECK_STR(xc_builtin_numfmt(0), "General");
  CHECK_STR(xc_builtin_numfmt(1), "0");
  CHECK_STR(xc_builtin_numfmt(2), "0.00");
  CHECK_STR(xc_builtin_numfmt(9), "0%");
  CHECK_STR(xc_builtin_numfmt(10), "0.00%");
  CHECK_STR(xc_builtin_numfmt(14), "mm-dd-yy");
  CHECK_STR(xc_builtin_numfmt(46), "[h]:mm:ss");
  CHECK_STR(xc_builtin_numfmt(49), "@");
  CHECK(xc_builtin_numfmt(23) == NULL);
  CHECK(xc_builtin_numfmt(50) != NULL); /* East Asian dates */
  CHECK(xc_builtin_numfmt(59) == NULL);
  CHECK(xc_builtin_numfmt(164) == NULL); /* custom ids start here */
  CHECK(xc_builtin_numfmt(100000) == NULL);
}

/* 41-44 are the accounting formats: four sections, numbers, no '@' in the
 * first section. */
static void builtin_accounting(void) {
  static const int want_dec[4] = {0, 0, 2, 2};
  for (unsigned id = 41; id <= 44; id++) {
    const char *code = xc_builtin_numfmt(id);
    REQUIRE(code != NULL);
    size_t semis = 0;
    for (const char *p = code; *p; p++) semis += *p == ';';
    if (semis != 3) xc_test_fail(__FILE__, __LINE__, "built-in %u \"%s\" has %zu sections", id, code, semis + 1);
    int8_t dec;
    unsigned flags = xc_numfmt_flags(code, &dec);
    if (flags != 0 || dec != want_dec[id - 41])
      xc_test_fail(__FILE__, __LINE__, "built-in %u: flags 0x%X, decimals %d; want 0, %d", id,
                   flags, dec, want_dec[id - 41]);
  }
  CHECK_STR(xc_builtin_numfmt(44),
            "_(\"$\"* #,##0.00_);_(\"$\"* \\(#,##0.00\\);_(\"$\"* \"-\"??_);_(@_)");
}

/* Built-ins 14-22 and 45-47 are dates or times, 27-36 and 50-58 East Asian
 * dates; the rest are not. */
static void builtin_classes(void) {
  for (unsigned id = 0; id < 60; id++) {
    const char *code = xc_builtin_numfmt(id);
    if (!code) continue;
    int8_t dec;
    bool date = (xc_numfmt_flags(code, &dec) & XC_FMT_DATE) != 0;
    bool want = (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
                (id >= 50 && id <= 58);
    if (date != want)
      xc_test_fail(__FILE__, __LINE__, "built-in %u \"%s\": date=%d", id, code, date);
  }
  int8_t dec;
  CHECK_UINT(xc_numfmt_flags(xc_builtin_numfmt(46), &dec), D | H);
  CHECK_UINT(xc_numfmt_flags(xc_builtin_numfmt(9), &dec), P);
  CHECK_UINT(xc_numfmt_flags(xc_builtin_numfmt(49), &dec), T);
}

const xc_test_case xc_tests_numfmt[] = {
    TEST(dates),
    TEST(times),
    TEST(durations),
    TEST(locale_prefixes),
    TEST(not_dates),
    TEST(percents),
    TEST(literals_are_not_dates),
    TEST(colors_and_conditions),
    TEST(padding_and_fill),
    TEST(text_format),
    TEST(decimals),
    TEST(null_and_empty),
    TEST(malformed_codes),
    TEST(decimals_never_negative),
    TEST(builtin_table),
    TEST(builtin_accounting),
    TEST(builtin_classes),
    {0},
};
