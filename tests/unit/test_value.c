/* test_value.c: typed cell values (value.h): blanks, Vietnamese numbers,
 * dates, numeric cells and their formats, cleaning, descriptions; every
 * example of shared/forms/README.md section 2. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "decimal.h"
#include "harness.h"
#include "numtext.h"
#include "sheet.h"
#include "testutil.h"
#include "value.h"
#include "workbook.h"

#define SUITE "value"

static const char *kind_name(xc_vkind k) {
  static const char *const names[] = {"BLANK", "NUMBER", "TEXT", "DATE", "BOOL", "ERROR"};
  return (unsigned)k < 6 ? names[k] : "?";
}

static xc_value parse(const char *s) {
  xc_value v;
  xc_value_parse_text(s, strlen(s), &v);
  return v;
}

static bool dec_is(xc_dec got, const char *plain) {
  xc_dec want;
  return xc_dec_parse_plain(plain, strlen(plain), &want) && xc_dec_eq(got, want);
}

static void check_kind(const char *s, xc_vkind want, int line) {
  xc_value v = parse(s);
  if (v.kind != want)
    xc_test_fail(__FILE__, line, "\"%s\" is %s, want %s", s, kind_name(v.kind), kind_name(want));
}
#define KIND(s, k) check_kind((s), (k), __LINE__)

/* s is a NUMBER equal to plain (C notation), with these decimals and exactly
 * these flags. */
static void check_num(const char *s, const char *plain, int decimals, unsigned flags, int line) {
  xc_value v = parse(s);
  if (v.kind != XC_V_NUMBER) {
    xc_test_fail(__FILE__, line, "\"%s\" is %s, want NUMBER %s", s, kind_name(v.kind), plain);
    return;
  }
  if (!dec_is(v.num, plain)) {
    xc_buf b;
    xc_buf_init(&b, 0);
    xc_dec_format_plain(&b, v.num, -1);
    xc_test_fail(__FILE__, line, "\"%s\" reads %s, want %s", s, xc_buf_str(&b), plain);
    xc_buf_free(&b);
  }
  if (v.decimals != decimals)
    xc_test_fail(__FILE__, line, "\"%s\" has %d decimals, want %d", s, v.decimals, decimals);
  if (v.flags != (flags | XC_VF_FROM_TEXT))
    xc_test_fail(__FILE__, line, "\"%s\" has flags %#x, want %#x", s, v.flags, flags | XC_VF_FROM_TEXT);
}
#define NUM(s, plain, k, flags) check_num((s), (plain), (k), (flags), __LINE__)

static void check_date(const char *s, int y, int m, int d, int line) {
  xc_value v = parse(s);
  if (v.kind != XC_V_DATE || v.y != y || v.m != m || v.d != d)
    xc_test_fail(__FILE__, line, "\"%s\" is %s %d-%d-%d, want DATE %d-%d-%d", s, kind_name(v.kind),
                 v.y, v.m, v.d, y, m, d);
}
#define DATE(s, y, m, d) check_date((s), (y), (m), (d), __LINE__)

static void check_bad_date(const char *s, int line) {
  xc_value v = parse(s);
  if (v.kind != XC_V_TEXT || !(v.flags & XC_VF_BAD_DATE))
    xc_test_fail(__FILE__, line, "\"%s\" is %s flags %#x, want TEXT + BAD_DATE", s,
                 kind_name(v.kind), v.flags);
}
#define BAD_DATE(s) check_bad_date((s), __LINE__)

static void check_describe(const xc_value *v, xc_lang lang, const char *want, int line) {
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_value_describe(&b, v, lang);
  xc_test_str(xc_buf_str(&b), want, "xc_value_describe", __FILE__, line);
  xc_buf_free(&b);
}
#define DESCRIBE(s, want) \
  do {                      \
    xc_value v_ = parse(s); \
    check_describe(&v_, XC_LANG_VI, (want), __LINE__); \
  } while (0)

/* ---- blanks ------------------------------------------------------------------------------ */

static void blanks(void) {
  KIND("", XC_V_BLANK);
  KIND("  ", XC_V_BLANK);
  KIND("\xC2\xA0", XC_V_BLANK);          /* U+00A0 */
  KIND("\xC2\xA0 \t\r\n", XC_V_BLANK);
  KIND("\xE2\x80\xAF\xE3\x80\x80", XC_V_BLANK); /* U+202F, U+3000 */
  KIND("-", XC_V_BLANK);
  KIND("\xE2\x80\x93", XC_V_BLANK);      /* – */
  KIND("\xE2\x80\x94", XC_V_BLANK);      /* — */
  KIND(" - ", XC_V_BLANK);
  CHECK(parse("-").flags & XC_VF_DASH);
  CHECK(parse("\xE2\x80\x94").flags & XC_VF_DASH);
  CHECK(!(parse(" ").flags & XC_VF_DASH));
  CHECK(xc_text_is_blank("\xC2\xA0", 2));
  CHECK(xc_text_is_blank(NULL, 0));
  xc_value v;
  xc_value_parse_text(NULL, 0, &v);
  CHECK_INT(v.kind, XC_V_BLANK);
  CHECK_STR(v.text, "");
}

static void not_blank(void) {
  NUM("0", "0", 0, 0); /* 0 is a value */
  KIND("--", XC_V_TEXT);
  KIND("- -", XC_V_TEXT);
  KIND("-\xE2\x80\x93", XC_V_TEXT);
  KIND("x", XC_V_TEXT);
  KIND("\xC2", XC_V_TEXT); /* a broken sequence is not whitespace */
  CHECK(!xc_text_is_blank("0", 1));
}

/* ---- numbers in text ----------------------------------------------------------------------- */

static void thousands_groups(void) {
  NUM("1.079", "1079", 0, XC_VF_AMBIGUOUS);
  NUM("109.442", "109442", 0, XC_VF_AMBIGUOUS);
  NUM("20.192", "20192", 0, XC_VF_AMBIGUOUS);
  NUM("20.969", "20969", 0, XC_VF_AMBIGUOUS);
  NUM("1.234.567", "1234567", 0, 0); /* two groups: no English reading */
  NUM("100.000.000.000", "100000000000", 0, 0);
  NUM("01.079", "1079", 0, XC_VF_AMBIGUOUS | XC_VF_LEADING_ZERO);
}

static void decimal_comma(void) {
  NUM("5,2", "5.2", 1, 0);
  NUM("77,86%", "77.86", 2, XC_VF_PERCENT);
  NUM("201.238,4", "201238.4", 1, 0);
  NUM("57,89", "57.89", 2, 0);
  NUM("5,20", "5.2", 2, 0); /* decimals as written */
  NUM("0,5", "0.5", 1, 0);
  NUM("12,88", "12.88", 2, 0);
  NUM("1.234.567,891", "1234567.891", 3, 0);
}

static void english_decimal(void) {
  /* N-1: all of these occur in seeds 001 and 004 */
  NUM("19.1%", "19.1", 1, XC_VF_ENGLISH_DECIMAL | XC_VF_PERCENT);
  NUM("87.89%", "87.89", 2, XC_VF_ENGLISH_DECIMAL | XC_VF_PERCENT);
  NUM("92.96%", "92.96", 2, XC_VF_ENGLISH_DECIMAL | XC_VF_PERCENT);
  NUM("98.8%", "98.8", 1, XC_VF_ENGLISH_DECIMAL | XC_VF_PERCENT);
  NUM("0.5", "0.5", 1, XC_VF_ENGLISH_DECIMAL);
  NUM("2.10", "2.1", 2, XC_VF_ENGLISH_DECIMAL);
  /* a first group that cannot start a thousands number */
  NUM("0.500", "0.5", 3, XC_VF_ENGLISH_DECIMAL);
  NUM("1234.567", "1234.567", 3, XC_VF_ENGLISH_DECIMAL);
  NUM("1.0795", "1.0795", 4, XC_VF_ENGLISH_DECIMAL);
}

static void percent_sign(void) {
  NUM("100%", "100", 0, XC_VF_PERCENT);
  NUM("5,2%", "5.2", 1, XC_VF_PERCENT);
  NUM("35 %", "35", 0, XC_VF_PERCENT);
  NUM("0%", "0", 0, XC_VF_PERCENT);
  KIND("%", XC_V_TEXT);
  KIND("5%%", XC_V_TEXT);
  KIND("%5", XC_V_TEXT);
}

static void leading_zeros(void) {
  NUM("08", "8", 0, XC_VF_LEADING_ZERO);
  NUM("01", "1", 0, XC_VF_LEADING_ZERO);
  NUM("04", "4", 0, XC_VF_LEADING_ZERO);
  NUM("05", "5", 0, XC_VF_LEADING_ZERO);
  NUM("07", "7", 0, XC_VF_LEADING_ZERO);
  NUM("00", "0", 0, XC_VF_LEADING_ZERO);
  NUM("0", "0", 0, 0);
  NUM("10", "10", 0, 0);
  NUM("06,5", "6.5", 1, XC_VF_LEADING_ZERO);
}

static void spaces_inside(void) {
  NUM("1 079", "1079", 0, 0);
  NUM("1\xC2\xA0" "079", "1079", 0, 0);
  NUM(" 5 % ", "5", 0, XC_VF_PERCENT);
  NUM("- 3", "-3", 0, 0);
  NUM("201 238,4", "201238.4", 1, 0);
  NUM("1. 079", "1079", 0, XC_VF_AMBIGUOUS);
  NUM("1\xE2\x80\x89" "079", "1079", 0, 0); /* U+2009 thin space */
  KIND("1\n5", XC_V_TEXT);                     /* a line break is not a space */
  KIND("1\r\n079", XC_V_TEXT);
  KIND("1\xE2\x80\xA8" "5", XC_V_TEXT);        /* U+2028 */
  NUM("\n5\n", "5", 0, 0);                     /* but it is trimmed */
}

static void negatives(void) {
  NUM("-3", "-3", 0, 0);
  NUM("-0,5", "-0.5", 1, 0); /* a deduction (ĐIỂM TRỪ) */
  NUM("-1.079", "-1079", 0, XC_VF_AMBIGUOUS);
  NUM("-0", "0", 0, 0);
  KIND("+5", XC_V_TEXT);
  KIND("5-", XC_V_TEXT);
  KIND("--5", XC_V_TEXT);
  KIND("\xE2\x80\x93" "5", XC_V_TEXT); /* an en dash is not a minus */
}

static void not_numbers(void) {
  KIND("1,2,3", XC_V_TEXT); /* more than one "," */
  KIND("1,079.5", XC_V_TEXT);
  KIND("1.5,2", XC_V_TEXT);
  KIND("1.2.3", XC_V_TEXT);
  KIND("3.3.2.", XC_V_TEXT); /* a key, not a number */
  KIND("0.079.5", XC_V_TEXT);
  KIND(",5", XC_V_TEXT);
  KIND("5,", XC_V_TEXT);
  KIND(".5", XC_V_TEXT);
  KIND("5.", XC_V_TEXT);
  KIND("1e5", XC_V_TEXT);
  KIND("0x10", XC_V_TEXT);
  KIND("12a", XC_V_TEXT);
  KIND("Có", XC_V_TEXT);
  KIND("07/20", XC_V_TEXT);
  KIND("35 đơn vị", XC_V_TEXT);
  KIND("1.02", XC_V_NUMBER); /* English 1,02 */
  CHECK(!(parse("1,2,3").flags & (XC_VF_OVERFLOW | XC_VF_BAD_DATE)));
}

static void overflow_int64(void) {
  NUM("9223372036854775807", "9223372036854775807", 0, 0);
  xc_value v = parse("9223372036854775808");
  CHECK_INT(v.kind, XC_V_TEXT);
  CHECK(v.flags & XC_VF_OVERFLOW);
  v = parse("99999999999999999999");
  CHECK_INT(v.kind, XC_V_TEXT);
  CHECK(v.flags & XC_VF_OVERFLOW);
  v = parse("-12345678901234567890,5");
  CHECK_INT(v.kind, XC_V_TEXT);
  CHECK(v.flags & XC_VF_OVERFLOW);
  /* trailing zeros are an exponent, not digits */
  NUM("100000000000000000000000000000", "1e29", 0, 0);
  NUM("0,000000000000000000000000000001", "1e-30", 30, 0);
  /* but not past XC_DEC_EMAX */
  char big[1105];
  memset(big, '0', sizeof big);
  big[0] = '1';
  big[sizeof big - 1] = '\0';
  xc_value_parse_text(big, strlen(big), &v);
  CHECK_INT(v.kind, XC_V_TEXT);
  CHECK(v.flags & XC_VF_OVERFLOW);
  /* a long number past the stack buffer of the parser */
  char longz[300];
  memset(longz, '0', sizeof longz);
  longz[sizeof longz - 2] = '7';
  longz[sizeof longz - 1] = '\0';
  xc_value_parse_text(longz, strlen(longz), &v);
  CHECK_INT(v.kind, XC_V_NUMBER);
  CHECK(dec_is(v.num, "7"));
  CHECK(v.flags & XC_VF_LEADING_ZERO);
}

static void shown_value(void) {
  xc_value v = parse("36,36");
  CHECK(dec_is(xc_value_shown(&v), "36.36"));
  v = parse("5,20");
  CHECK(dec_is(xc_value_shown(&v), "5.2"));
}

/* ---- dates -------------------------------------------------------------------------------------- */

static void dates_of_the_spec(void) {
  DATE("8/12/2023", 2023, 12, 8);
  DATE("01/3/2023", 2023, 3, 1);
  DATE("15/12/2022", 2022, 12, 15);
  DATE("10/3/2023", 2023, 3, 10);
  DATE("06/12/2022", 2022, 12, 6);
  DATE(" 02/6/2023\xC2\xA0", 2023, 6, 2);
  CHECK(parse("15/12/2022").flags & XC_VF_FROM_TEXT);
}

static void dates_must_exist(void) {
  BAD_DATE("29/02/2023");
  DATE("29/02/2024", 2024, 2, 29);
  DATE("29/02/2000", 2000, 2, 29);
  BAD_DATE("29/02/1900");
  BAD_DATE("31/04/2023");
  BAD_DATE("0/1/2023");
  BAD_DATE("12/13/2023");
  BAD_DATE("12/31/2023"); /* month/day order is never read */
  BAD_DATE("1/1/0000");
}

static void malformed_dates(void) {
  BAD_DATE("30/12//2022"); /* seed 002 */
  BAD_DATE("15/12/22");
  BAD_DATE("15.12.2022");
  BAD_DATE("15-12-2022");
  BAD_DATE("2022-12-15");
  BAD_DATE("15 / 12 / 2022");
  /* text that merely contains a date, or a fraction, is plain text */
  xc_value v = parse("15/12/2022 (dự kiến)");
  CHECK_INT(v.kind, XC_V_TEXT);
  CHECK(!(v.flags & XC_VF_BAD_DATE));
  CHECK(!(parse("07/20").flags & XC_VF_BAD_DATE));
  CHECK(!(parse("tháng 9/2023").flags & XC_VF_BAD_DATE));
  CHECK(!(parse("1.2.10").flags & XC_VF_BAD_DATE));
  CHECK(!(parse("75/BC-UBND").flags & XC_VF_BAD_DATE));
}

static void looks_like_date(void) {
  CHECK(xc_value_looks_like_date("30/12//2022", 11));
  CHECK(xc_value_looks_like_date("15/12/2022", 10)); /* valid ones too */
  CHECK(xc_value_looks_like_date("2023-3-5", 8));
  CHECK(!xc_value_looks_like_date("1.234.567", 9));
  CHECK(!xc_value_looks_like_date("1/2/3", 5));
  CHECK(!xc_value_looks_like_date("15/12/2022/1", 12));
  CHECK(!xc_value_looks_like_date("15/12/", 6));
  CHECK(!xc_value_looks_like_date("", 0));
}

static void parse_date_vi(void) {
  int y = 0, m = 0, d = 0;
  CHECK(xc_value_parse_date_vi("8/12/2023", 9, &y, &m, &d));
  CHECK(y == 2023 && m == 12 && d == 8);
  CHECK(!xc_value_parse_date_vi("30/12//2022", 11, &y, &m, &d));
  CHECK(!xc_value_parse_date_vi("29/02/2023", 10, &y, &m, &d));
  CHECK(!xc_value_parse_date_vi("8/12/20234", 10, &y, &m, &d));
  CHECK(!xc_value_parse_date_vi("", 0, &y, &m, &d));
}

static void calendar(void) {
  CHECK(xc_date_valid(2024, 2, 29));
  CHECK(!xc_date_valid(2023, 2, 29));
  CHECK(!xc_date_valid(1900, 2, 29));
  CHECK(xc_date_valid(2000, 2, 29));
  CHECK(!xc_date_valid(2100, 2, 29));
  CHECK(!xc_date_valid(2023, 4, 31));
  CHECK(!xc_date_valid(2023, 0, 1));
  CHECK(!xc_date_valid(10000, 1, 1));
  CHECK_INT(xc_date_days(1970, 1, 1), 0);
  CHECK_INT(xc_date_days(1969, 12, 31), -1);
  /* TI-9 window of seed 002: 15/12/2022 .. 10/3/2023 */
  CHECK_INT(xc_date_days(2023, 3, 10) - xc_date_days(2022, 12, 15), 85);
  CHECK(xc_date_days(2022, 12, 15) < xc_date_days(2023, 3, 10));
  for (int64_t z = xc_date_days(1, 1, 1); z <= xc_date_days(9999, 12, 31); z += 997) {
    int y, m, d;
    xc_date_from_days(z, &y, &m, &d);
    if (!xc_date_valid(y, m, d) || xc_date_days(y, m, d) != z) {
      xc_test_fail(__FILE__, __LINE__, "day %lld -> %d-%d-%d", (long long)z, y, m, d);
      break;
    }
  }
}

static void serials(void) {
  int y, m, d;
  bool t;
  CHECK(xc_date_from_serial(xc_dec_from_int(45000), false, &y, &m, &d, &t));
  CHECK(y == 2023 && m == 3 && d == 15 && !t);
  CHECK(xc_date_from_serial(xc_dec_from_int(1), false, &y, &m, &d, &t));
  CHECK(y == 1900 && m == 1 && d == 1);
  CHECK(xc_date_from_serial(xc_dec_from_int(59), false, &y, &m, &d, &t));
  CHECK(y == 1900 && m == 2 && d == 28);
  CHECK(!xc_date_from_serial(xc_dec_from_int(60), false, &y, &m, &d, &t)); /* 29/02/1900 */
  CHECK(xc_date_from_serial(xc_dec_from_int(61), false, &y, &m, &d, &t));
  CHECK(y == 1900 && m == 3 && d == 1);
  CHECK(!xc_date_from_serial(xc_dec_from_int(0), false, &y, &m, &d, &t));
  CHECK(!xc_date_from_serial(xc_dec_from_int(-1), false, &y, &m, &d, &t));
  CHECK(xc_date_from_serial(xc_dec_from_int(2958465), false, &y, &m, &d, &t));
  CHECK(y == 9999 && m == 12 && d == 31);
  CHECK(!xc_date_from_serial(xc_dec_from_int(2958466), false, &y, &m, &d, &t));
  CHECK(xc_date_from_serial(xc_dec_from_int(0), true, &y, &m, &d, &t));
  CHECK(y == 1904 && m == 1 && d == 1);
  CHECK(xc_date_from_serial(xc_dec_from_int(45000 - 1462), true, &y, &m, &d, &t));
  CHECK(y == 2023 && m == 3 && d == 15);
  CHECK(xc_date_from_serial((xc_dec){450005, -1}, false, &y, &m, &d, &t)); /* noon */
  CHECK(y == 2023 && m == 3 && d == 15 && t);
  CHECK(!xc_date_from_serial((xc_dec){5, -1}, false, &y, &m, &d, &t)); /* a time only */
  CHECK_INT(xc_date_to_serial(2023, 3, 15, false), 45000);
  CHECK_INT(xc_date_to_serial(1900, 1, 1, false), 1);
  CHECK_INT(xc_date_to_serial(1900, 2, 28, false), 59);
  CHECK_INT(xc_date_to_serial(1900, 3, 1, false), 61);
  CHECK_INT(xc_date_to_serial(2023, 3, 15, true), 45000 - 1462);
  for (int64_t s = 1; s < 2958466; s += 7919) {
    if (s == 60) continue;
    if (!xc_date_from_serial(xc_dec_from_int(s), false, &y, &m, &d, &t) ||
        xc_date_to_serial(y, m, d, false) != s) {
      xc_test_fail(__FILE__, __LINE__, "serial %lld does not round-trip", (long long)s);
      break;
    }
  }
}

/* ---- numeric cells ---------------------------------------------------------------------------------- */

/* A numeric cell holding text (the <v> content) with a style of format code. */
typedef struct {
  xc_decimal dec;
  xc_cell cell;
  xc_style style;
} num_cell;

static void make_num(num_cell *c, const char *v, const char *code) {
  memset(c, 0, sizeof *c);
  bool overflow;
  xc_parse_number(v, strlen(v), &c->cell.num, &c->dec, &overflow);
  c->cell.type = XC_CV_NUMBER;
  c->cell.text = v;
  c->cell.len = strlen(v);
  c->cell.dec = &c->dec;
  c->style.code = code;
  c->style.flags = xc_numfmt_flags(code, &c->style.decimals);
}

static xc_value num_value(const char *v, const char *code, bool date1904) {
  num_cell c;
  make_num(&c, v, code);
  xc_value out;
  xc_value_from_cell(&c.cell, &c.style, date1904, &out);
  return out;
}

static void percent_format_times_100(void) {
  xc_value v = num_value("0.052", "0.0%", false);
  CHECK_INT(v.kind, XC_V_NUMBER);
  CHECK(dec_is(v.num, "5.2"));
  CHECK_INT(v.decimals, 1);
  CHECK(v.flags & XC_VF_PERCENT);
  CHECK(!(v.flags & XC_VF_FROM_TEXT));
  check_describe(&v, XC_LANG_VI, "5,2%", __LINE__);
  v = num_value("1", "0%", false);
  CHECK(dec_is(v.num, "100"));
  CHECK_INT(v.decimals, 0);
  v = num_value("0.36363636363636365", "0.00%", false);
  CHECK(dec_is(v.num, "36.3636363636364")); /* 15 significant digits, x 100 */
  CHECK(dec_is(xc_value_shown(&v), "36.36"));
  check_describe(&v, XC_LANG_VI, "36,36%", __LINE__);
  v = num_value("0", "0.00%", false);
  CHECK(dec_is(v.num, "0"));
  CHECK(v.flags & XC_VF_PERCENT);
}

static void decimals_from_format(void) {
  xc_value v = num_value("36.363636363636", "0.00", false);
  CHECK_INT(v.decimals, 2);
  CHECK(dec_is(v.num, "36.363636363636"));
  CHECK(dec_is(xc_value_shown(&v), "36.36"));
  v = num_value("1079", "#,##0", false);
  CHECK_INT(v.decimals, 0);
  check_describe(&v, XC_LANG_VI, "1.079", __LINE__);
  v = num_value("5", "0.00", false);
  CHECK_INT(v.decimals, 2);
  check_describe(&v, XC_LANG_VI, "5,00", __LINE__);
  v = num_value("2.4", "0", false); /* shown as 2 */
  CHECK(dec_is(v.num, "2.4"));
  CHECK(dec_is(xc_value_shown(&v), "2"));
}

static void decimals_general(void) {
  xc_value v = num_value("201238.4", "General", false);
  CHECK_INT(v.decimals, 1);
  CHECK(dec_is(v.num, "201238.4"));
  v = num_value("0.30000000000000004", "General", false); /* binary noise */
  CHECK_INT(v.decimals, 1);
  CHECK(dec_is(v.num, "0.3"));
  v = num_value("5.1999999999999998", "General", false);
  CHECK(dec_is(v.num, "5.2"));
  CHECK_INT(v.decimals, 1);
  v = num_value("1086", "General", false);
  CHECK_INT(v.decimals, 0);
  CHECK(!(v.flags & XC_VF_PERCENT));
  /* no style at all is General */
  num_cell c;
  make_num(&c, "12.88", "General");
  xc_value_from_cell(&c.cell, NULL, false, &v);
  CHECK_INT(v.decimals, 2);
  CHECK(dec_is(v.num, "12.88"));
}

static void numeric_without_digits(void) {
  num_cell c;
  make_num(&c, "0.1", "General");
  c.cell.dec = NULL; /* only the double */
  xc_value v;
  xc_value_from_cell(&c.cell, &c.style, false, &v);
  CHECK(dec_is(v.num, "0.1"));
  CHECK_INT(v.decimals, 1);
}

static void date_formatted_numbers(void) {
  xc_value v = num_value("44910", "dd/mm/yyyy", false);
  CHECK_INT(v.kind, XC_V_DATE);
  CHECK(v.y == 2022 && v.m == 12 && v.d == 15);
  CHECK(v.flags & XC_VF_SERIAL_DATE);
  CHECK(dec_is(v.num, "44910"));
  check_describe(&v, XC_LANG_VI, "15/12/2022", __LINE__);
  v = num_value("43448", "dd/mm/yyyy", true); /* 1904 system */
  CHECK(v.kind == XC_V_DATE && v.y == 2022 && v.m == 12 && v.d == 15);
  v = num_value("45000.75", "d/m/yyyy h:mm", false);
  CHECK(v.kind == XC_V_DATE && v.y == 2023 && v.m == 3 && v.d == 15);
  CHECK(v.flags & XC_VF_TIME);
  v = num_value("0.5", "h:mm", false); /* a time of day is no date */
  CHECK_INT(v.kind, XC_V_NUMBER);
  v = num_value("60", "dd/mm/yyyy", false);
  CHECK_INT(v.kind, XC_V_NUMBER);
  v = num_value("1.5", "[h]:mm", false); /* a duration */
  CHECK_INT(v.kind, XC_V_NUMBER);
  v = num_value("-3", "dd/mm/yyyy", false);
  CHECK_INT(v.kind, XC_V_NUMBER);
  v = num_value("1e300", "dd/mm/yyyy", false);
  CHECK_INT(v.kind, XC_V_NUMBER);
}

static void other_cells(void) {
  xc_value v;
  xc_cell c = {.type = XC_CV_STRING, .text = "1.079", .len = 5};
  xc_value_from_cell(&c, NULL, false, &v);
  CHECK(v.kind == XC_V_NUMBER && dec_is(v.num, "1079"));
  CHECK(v.flags & XC_VF_FROM_TEXT);
  CHECK(v.text == c.text);
  /* a string cell in a % format is the percentage itself: no x 100 */
  xc_style pct = {.code = "0.0%", .flags = XC_FMT_PERCENT, .decimals = 1};
  c = (xc_cell){.type = XC_CV_STRING, .text = "5,2", .len = 3};
  xc_value_from_cell(&c, &pct, false, &v);
  CHECK(dec_is(v.num, "5.2"));
  c = (xc_cell){.type = XC_CV_BOOL, .num = 1, .text = "1", .len = 1};
  xc_value_from_cell(&c, NULL, false, &v);
  CHECK(v.kind == XC_V_BOOL && v.num.m == 1);
  c = (xc_cell){.type = XC_CV_ERROR, .text = "#DIV/0!", .len = 7, .formula = true};
  xc_value_from_cell(&c, NULL, false, &v);
  CHECK_INT(v.kind, XC_V_ERROR);
  CHECK(v.flags & XC_VF_FORMULA);
  check_describe(&v, XC_LANG_VI, "#DIV/0!", __LINE__);
  c = (xc_cell){.type = XC_CV_NONE, .text = "", .formula = true};
  xc_value_from_cell(&c, NULL, false, &v);
  CHECK_INT(v.kind, XC_V_BLANK);
  CHECK(v.flags & XC_VF_NO_CACHE);
  c = (xc_cell){.type = XC_CV_ISODATE, .text = "2023-03-15T00:00:00", .len = 19};
  xc_value_from_cell(&c, NULL, false, &v);
  CHECK(v.kind == XC_V_DATE && v.y == 2023 && v.m == 3 && v.d == 15);
  CHECK(!(v.flags & XC_VF_TIME));
  c = (xc_cell){.type = XC_CV_ISODATE, .text = "2023-02-30", .len = 10};
  xc_value_from_cell(&c, NULL, false, &v);
  CHECK_INT(v.kind, XC_V_TEXT);
  CHECK(v.flags & XC_VF_BAD_DATE);
  c = (xc_cell){.type = XC_CV_ISODATE, .text = "2023-03-15T08:30:00", .len = 19};
  xc_value_from_cell(&c, NULL, false, &v);
  CHECK(v.kind == XC_V_DATE && (v.flags & XC_VF_TIME));
}

/* ---- cleaning --------------------------------------------------------------------------------------- */

static void clean_html_and_nfd(void) {
  xc_buf scratch;
  xc_buf_init(&scratch, 0);
  xc_value v;
  xc_value_parse_text_clean("<p>1,5</p>", 10, &scratch, &v); /* 004 rows 5.1.3-5.4 */
  CHECK(v.kind == XC_V_NUMBER && dec_is(v.num, "1.5"));
  CHECK(v.flags & XC_VF_HTML);
  CHECK_MEM(v.text, v.len, "1,5", 3);
  xc_value_parse_text_clean("<p>&nbsp;</p>", 13, &scratch, &v);
  CHECK_INT(v.kind, XC_V_BLANK);
  xc_value_parse_text_clean("ch\xC6\xB0\xCC\x81" "c", 7, &scratch, &v);
  CHECK_INT(v.kind, XC_V_TEXT);
  CHECK(v.flags & XC_VF_NOT_NFC);
  CHECK_MEM(v.text, v.len, "chức", strlen("chức"));
  xc_value_parse_text_clean("<p>-</p>", 8, &scratch, &v);
  CHECK_INT(v.kind, XC_V_BLANK);
  /* a raw parse keeps the markup */
  xc_value_parse_text("<p>1,5</p>", 10, &v);
  CHECK_INT(v.kind, XC_V_TEXT);
  /* through a cell */
  xc_cell c = {.type = XC_CV_STRING, .text = "<p>12,88</p>", .len = 12};
  xc_value_from_cell_clean(&c, NULL, false, &scratch, &v);
  CHECK(v.kind == XC_V_NUMBER && dec_is(v.num, "12.88"));
  xc_buf_free(&scratch);
}

/* ---- descriptions ------------------------------------------------------------------------------------ */

static void describe(void) {
  DESCRIBE("1.079", "1.079");
  DESCRIBE("201.238,4", "201.238,4");
  DESCRIBE("5,2", "5,2");
  DESCRIBE("77,86%", "77,86%");
  DESCRIBE("-3", "-3");
  DESCRIBE("08", "8");
  DESCRIBE("87.89%", "87,89%");
  DESCRIBE("8/12/2023", "08/12/2023");
  DESCRIBE("15/12/2022", "15/12/2022");
  DESCRIBE("Có", "\"Có\"");
  DESCRIBE("30/12//2022", "\"30/12//2022\"");
  DESCRIBE("a\nb", "\"a b\"");
  DESCRIBE("", "(trống)");
  xc_value v = parse("-");
  check_describe(&v, XC_LANG_EN, "(blank)", __LINE__);
  v = parse("Đây là một đoạn ghi chú rất dài, dài hơn sáu mươi ký tự để thử cắt bớt.");
  check_describe(&v, XC_LANG_VI, "\"Đây là một đoạn ghi chú rất dài, dài hơn sáu mươi ký tự để t…\"",
                 __LINE__);
  v = (xc_value){.kind = XC_V_BOOL, .num = {1, 0}, .text = ""};
  check_describe(&v, XC_LANG_VI, "TRUE", __LINE__);
}

/* Vietnamese notation prints back to the same number. */
static void notation_round_trip(void) {
  const char *in[] = {"1.079",  "5,2",     "36,36",  "201.238,4", "-3",   "0",     "0,05",
                      "1.000.000", "999",  "-1.234,50", "100%", "57,89%", "08",   "12.345.678,9",
                      "0,000123", "-0,5", "19.1%", "1234.567", "9.223.372.036.854.775.807"};
  for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
    xc_value a = parse(in[i]), b;
    if (a.kind != XC_V_NUMBER) {
      xc_test_fail(__FILE__, __LINE__, "\"%s\" is %s", in[i], kind_name(a.kind));
      continue;
    }
    xc_buf buf;
    xc_buf_init(&buf, 0);
    xc_value_describe(&buf, &a, XC_LANG_VI);
    xc_value_parse_text(buf.data, buf.len, &b);
    if (b.kind != XC_V_NUMBER || !xc_dec_eq(a.num, b.num) || a.decimals != b.decimals ||
        (a.flags & XC_VF_PERCENT) != (b.flags & XC_VF_PERCENT))
      xc_test_fail(__FILE__, __LINE__, "\"%s\" -> \"%s\" reads back differently", in[i],
                   xc_buf_str(&buf));
    xc_buf_free(&buf);
  }
}

/* ---- through the reader ------------------------------------------------------------------------------- */

#define XML_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

typedef struct {
  xc_workbook *wb;
  xc_value v[8];
  char text[8][32];
  size_t n;
} collected;

static xc_err collect_values(void *ctx, const xc_cell *cell) {
  collected *c = ctx;
  if (c->n >= 8) return XC_OK;
  xc_value *v = &c->v[c->n];
  xc_value_from_cell(cell, xc_workbook_style(c->wb, cell->style), c->wb->date1904, v);
  size_t k = v->len < 31 ? v->len : 31; /* the text dies with the callback */
  memcpy(c->text[c->n], v->text, k);
  c->text[c->n][k] = '\0';
  v->text = c->text[c->n];
  v->len = k;
  c->n++;
  return XC_OK;
}

static void through_the_reader(void) {
  static const char styles[] =
      XML_HEAD "<styleSheet xmlns=\"" NS_MAIN "\"><numFmts count=\"1\">"
               "<numFmt numFmtId=\"164\" formatCode=\"0.0%\"/></numFmts>"
               "<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/>"
               "<xf numFmtId=\"14\"/><xf numFmtId=\"4\"/></cellXfs></styleSheet>";
  const char *sheets[1];
  char *xml = xc_test_sheet_xml(
      "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>0.052</v></c>"
      "<c r=\"B1\" s=\"2\"><v>44910</v></c>"
      "<c r=\"C1\" t=\"inlineStr\"><is><t>1.079</t></is></c>"
      "<c r=\"D1\" s=\"3\"><v>201238.4</v></c>"
      "<c r=\"E1\" t=\"inlineStr\"><is><t>\xC2\xA0</t></is></c>"
      "<c r=\"F1\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c></row>");
  sheets[0] = xml;
  xc_test_book b = {.nsheets = 1, .sheets = sheets, .styles = styles};
  size_t n = 0;
  unsigned char *zip = xc_test_xlsx(&b, &n);
  free(xml);
  REQUIRE(zip != NULL);
  xc_error e = {0};
  xc_workbook *wb = xc_workbook_open_mem(zip, n, NULL, &e);
  if (!wb) free(zip);
  REQUIRE(wb != NULL);
  collected c = {.wb = wb};
  CHECK_INT(xc_sheet_stream(wb, 0, collect_values, &c, NULL, &e), XC_OK);
  REQUIRE_INT(c.n, 6);
  CHECK(c.v[0].kind == XC_V_NUMBER && dec_is(c.v[0].num, "5.2") && c.v[0].decimals == 1);
  CHECK(c.v[0].flags & XC_VF_PERCENT);
  CHECK(c.v[1].kind == XC_V_DATE && c.v[1].y == 2022 && c.v[1].m == 12 && c.v[1].d == 15);
  CHECK(c.v[2].kind == XC_V_NUMBER && dec_is(c.v[2].num, "1079"));
  CHECK(c.v[3].kind == XC_V_NUMBER && c.v[3].decimals == 2); /* #,##0.00 */
  check_describe(&c.v[3], XC_LANG_VI, "201.238,40", __LINE__);
  CHECK_INT(c.v[4].kind, XC_V_BLANK);
  CHECK(c.v[5].kind == XC_V_ERROR && (c.v[5].flags & XC_VF_FORMULA));
  xc_workbook_free(wb);
  free(zip);
}

const xc_test_case xc_tests_value[] = {
    TEST(blanks),
    TEST(not_blank),
    TEST(thousands_groups),
    TEST(decimal_comma),
    TEST(english_decimal),
    TEST(percent_sign),
    TEST(leading_zeros),
    TEST(spaces_inside),
    TEST(negatives),
    TEST(not_numbers),
    TEST(overflow_int64),
    TEST(shown_value),
    TEST(dates_of_the_spec),
    TEST(dates_must_exist),
    TEST(malformed_dates),
    TEST(looks_like_date),
    TEST(parse_date_vi),
    TEST(calendar),
    TEST(serials),
    TEST(percent_format_times_100),
    TEST(decimals_from_format),
    TEST(decimals_general),
    TEST(numeric_without_digits),
    TEST(date_formatted_numbers),
    TEST(other_cells),
    TEST(clean_html_and_nfd),
    TEST(describe),
    TEST(notation_round_trip),
    TEST(through_the_reader),
    {0},
};
