/* test_number.c: xc_format_number (shortest round-trip text, Python repr for
 * non-integers) and xc_parse_xml_number. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "harness.h"
#include "numtext.h"

#define SUITE "number"

static const char *fmt(xc_buf *b, double x) {
  xc_buf_clear(b);
  xc_format_number(b, x);
  return xc_buf_str(b);
}

/* x prints as want, and the text reads back to exactly x. */
static void check_format(double x, const char *want, int line) {
  xc_buf b;
  xc_buf_init(&b, 0);
  const char *got = fmt(&b, x);
  if (xc_test_str(got, want, "xc_format_number", __FILE__, line)) {
    double back = strtod(got, NULL);
    if (back != x) xc_test_fail(__FILE__, line, "\"%s\" reads back as %.17g", got, back);
  }
  xc_buf_free(&b);
}
#define FMT(x, want) check_format((x), (want), __LINE__)

static void integers(void) {
  FMT(0.0, "0");
  FMT(3.0, "3");
  FMT(-3.0, "-3");
  FMT(1.0, "1");
  FMT(1234567.0, "1234567");
  FMT(1e15, "1000000000000000");
  FMT(-1e15, "-1000000000000000");
}

static void fractions(void) {
  FMT(0.1, "0.1");
  FMT(-0.1, "-0.1");
  FMT(0.5, "0.5");
  FMT(1234.5, "1234.5");
  FMT(-1234.5678, "-1234.5678");
  FMT(123456789012.5, "123456789012.5");
  FMT(0.0001, "0.0001");
  FMT(0.00012, "0.00012");
}

static void exponent_forms(void) {
  FMT(1e-05, "1e-05");
  FMT(-1.5e-07, "-1.5e-07");
  FMT(1e20, "1e+20");
  FMT(1e16, "1e+16");
  FMT(-1e16, "-1e+16");
  FMT(1e22, "1e+22");
  FMT(1e23, "1e+23");
  FMT(1.5e300, "1.5e+300");
  FMT(1.2345678901234567e-5, "1.2345678901234568e-05");
}

static void around_2_pow_53(void) {
  FMT(0x1p53 - 1, "9007199254740991");
  FMT(-(0x1p53 - 1), "-9007199254740991");
  FMT(0x1p53, "9007199254740992.0");
  FMT(-0x1p53, "-9007199254740992.0");
  FMT(0x1p53 + 2, "9007199254740994.0");
  FMT(0x1p54, "1.8014398509481984e+16");
  FMT(0x1p52 - 0.5, "4503599627370495.5");
  FMT(1e15 + 0.3, "1000000000000000.2");
}

static void extremes(void) {
  FMT(5e-324, "5e-324"); /* the smallest subnormal */
  FMT(-5e-324, "-5e-324");
  FMT(DBL_MIN, "2.2250738585072014e-308");
  FMT(DBL_MAX, "1.7976931348623157e+308");
  FMT(-DBL_MAX, "-1.7976931348623157e+308");
}

static void seventeen_digits(void) {
  FMT(0.1 + 0.2, "0.30000000000000004");
  FMT(1.0 / 3, "0.3333333333333333");
  FMT(2.0 / 3, "0.6666666666666666");
  FMT(100.0 / 3, "33.333333333333336");
  FMT(123456789.12345679, "123456789.12345679");
  FMT(1.0000000000000002, "1.0000000000000002");
  FMT(0.9999999999999999, "0.9999999999999999");
}

static void negative_zero(void) {
  /* -0.0 is an integral value: printed by the integer rule, like 0 */
  xc_buf b;
  xc_buf_init(&b, 0);
  CHECK_STR(fmt(&b, -0.0), "0");
  xc_buf_free(&b);
}

static void non_finite(void) {
  xc_buf b;
  xc_buf_init(&b, 0);
  CHECK_STR(fmt(&b, INFINITY), "inf");
  CHECK_STR(fmt(&b, -INFINITY), "-inf");
  CHECK_STR(fmt(&b, NAN), "nan");
  xc_buf_free(&b);
}

static void appends(void) {
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_buf_adds(&b, "x=");
  xc_format_number(&b, 2.5);
  xc_buf_addc(&b, ';');
  xc_format_number(&b, 7);
  CHECK_STR(xc_buf_str(&b), "x=2.5;7");
  xc_buf_free(&b);
}

/* A deterministic sweep over bit patterns: every output reads back exactly,
 * is no longer than %.17g, and integers below 2^53 have no '.' or 'e'. */
static void round_trip_sweep(void) {
  xc_buf b;
  xc_buf_init(&b, 0);
  uint64_t u = 0x9E3779B97F4A7C15ull;
  int bad = 0;
  for (int i = 0; i < 200000 && bad < 5; i++) {
    u ^= u << 13, u ^= u >> 7, u ^= u << 17; /* xorshift64 */
    double x;
    uint64_t bits = i % 4 == 0 ? u : (u & 0x800FFFFFFFFFFFFFull) | ((uint64_t)(1023 + i % 80 - 20) << 52);
    memcpy(&x, &bits, sizeof x);
    if (!isfinite(x)) continue;
    const char *s = fmt(&b, x);
    char g17[40];
    snprintf(g17, sizeof g17, "%.17g", x);
    double back = strtod(s, NULL);
    bool integral = x == floor(x) && fabs(x) < 0x1p53;
    if (back != x || (integral && strpbrk(s, ".e")) || (!integral && !strpbrk(s, ".e")) ||
        strlen(s) > strlen(g17) + 2) {
      xc_test_fail(__FILE__, __LINE__, "%.17g printed as \"%s\"", x, s);
      bad++;
    }
  }
  xc_buf_free(&b);
}

/* ---- xc_parse_xml_number ---------------------------------------------- */

static bool num(const char *s, double *v, bool *ovf) {
  *v = -12345;
  *ovf = true;
  return xc_parse_xml_number(s, strlen(s), v, ovf);
}

static void parse_accepts(void) {
  static const struct {
    const char *s;
    double v;
  } cases[] = {{"1", 1},       {"-1.5", -1.5}, {"1E3", 1000},    {"1e3", 1000},
               {" 2 ", 2},     {"\t\n2\r\n", 2}, {"+7", 7},      {"0", 0},
               {".5", 0.5},    {"5.", 5},      {"1.5e-3", 0.0015}, {"-2E+2", -200},
               {"0.1", 0.1},   {"45000.5", 45000.5}, {"1e-400", 0}, {"00012", 12},
               {"9007199254740993", 9007199254740992.0}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    double v;
    bool ovf;
    if (!num(cases[i].s, &v, &ovf) || ovf || v != cases[i].v)
      xc_test_fail(__FILE__, __LINE__, "\"%s\" -> %.17g (overflow %d), want %.17g",
                   cases[i].s, v, ovf, cases[i].v);
  }
}

static void parse_negative_zero(void) {
  double v;
  bool ovf;
  CHECK(num("-0", &v, &ovf));
  CHECK_DBL(v, -0.0);
}

static void parse_rejects(void) {
  static const char *const bad[] = {"",     " ",    "-",    "+",    ".",     "1.2.3", "abc",
                                    "1e",   "1e+",  "e5",   "0x10", "inf",   "-inf",  "nan",
                                    "NaN",  "1 2",  "1,5",  "1_000", "--1",  "+-1",   "1e5.5",
                                    "1d5",  "١"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    double v;
    bool ovf;
    if (num(bad[i], &v, &ovf)) xc_test_fail(__FILE__, __LINE__, "\"%s\" accepted", bad[i]);
  }
}

static void parse_respects_length(void) {
  double v;
  bool ovf;
  CHECK(xc_parse_xml_number("123", 2, &v, &ovf) && v == 12);
  CHECK(!xc_parse_xml_number("12\0", 3, &v, &ovf));
  CHECK(xc_parse_xml_number("7e5x", 3, &v, &ovf) && v == 700000);
}

static void parse_overflow(void) {
  double v;
  bool ovf;
  CHECK(num("1e400", &v, &ovf));
  CHECK(ovf);
  CHECK(num("-1e400", &v, &ovf));
  CHECK(ovf);
  CHECK(num("1.8e308", &v, &ovf));
  CHECK(ovf);
  CHECK(num("1.7976931348623157e308", &v, &ovf));
  CHECK(!ovf);
  CHECK_DBL(v, DBL_MAX);
}

static void parse_long_digit_strings(void) {
  char s[400];
  double v;
  bool ovf;
  memset(s, '9', 350); /* 350 nines: about 1e350 */
  s[350] = '\0';
  CHECK(num(s, &v, &ovf));
  CHECK(ovf);
  memset(s, '1', 300);
  s[300] = '\0';
  CHECK(num(s, &v, &ovf));
  CHECK(ovf);
  /* 100 digits still fit the parser's buffer and are a finite 1e99 */
  s[0] = '1';
  memset(s + 1, '0', 99);
  s[100] = '\0';
  CHECK(num(s, &v, &ovf));
  CHECK(!ovf);
  CHECK_DBL(v, 1e99);
}

/* What xc_format_number prints, xc_parse_xml_number reads back exactly. */
static void format_parse_round_trip(void) {
  static const double xs[] = {0, 3, -3, 0.1, 1e20, 1e-5, 1234.5, 0x1p53, 0x1p53 + 2,
                              5e-324, DBL_MAX, 123456789012.5, 0.1 + 0.2};
  xc_buf b;
  xc_buf_init(&b, 0);
  for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
    fmt(&b, xs[i]);
    double v;
    bool ovf;
    CHECK(xc_parse_xml_number(b.data, b.len, &v, &ovf) && !ovf && v == xs[i]);
  }
  xc_buf_free(&b);
}

const xc_test_case xc_tests_number[] = {
    TEST(integers),
    TEST(fractions),
    TEST(exponent_forms),
    TEST(around_2_pow_53),
    TEST(extremes),
    TEST(seventeen_digits),
    TEST(negative_zero),
    TEST(non_finite),
    TEST(appends),
    TEST(round_trip_sweep),
    TEST(parse_accepts),
    TEST(parse_negative_zero),
    TEST(parse_rejects),
    TEST(parse_respects_length),
    TEST(parse_overflow),
    TEST(parse_long_digit_strings),
    TEST(format_parse_round_trip),
    {0},
};
