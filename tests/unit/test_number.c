/* test_number.c: xc_format_number (shortest round-trip text, Python repr for
 * non-integers) and xc_parse_xml_number. */
#include <float.h>
#include <math.h>
#include <stdio.h>
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

/* Significant digits of a printed number ("1.25e-07" -> 3, "100.5" -> 4). */
static int sig_digits(const char *s) {
  int n = 0, pending = 0;
  bool seen = false;
  for (; *s && *s != 'e'; s++) {
    if (*s < '0' || *s > '9') continue;
    if (*s == '0') {
      if (seen) pending++;
      continue;
    }
    seen = true;
    n += pending + 1;
    pending = 0;
  }
  return n ? n : 1;
}

/* A deterministic sweep over bit patterns: every output reads back exactly,
 * integers below 2^53 have no '.' or 'e', the others do, and no shorter
 * digit string would read back (the output is the shortest). */
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
    double back = strtod(s, NULL);
    bool integral = x == floor(x) && fabs(x) < 0x1p53;
    bool shortest = true;
    int k = sig_digits(s);
    if (!integral && k > 1) {
      char shorter[40];
      snprintf(shorter, sizeof shorter, "%.*e", k - 2, x);
      shortest = strtod(shorter, NULL) != x;
    }
    if (back != x || (integral && strpbrk(s, ".e")) || (!integral && !strpbrk(s, ".e")) ||
        !shortest) {
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
  memset(s, '1', 310); /* about 1.1e309: past DBL_MAX */
  s[310] = '\0';
  CHECK(num(s, &v, &ovf));
  CHECK(ovf);
  s[300] = '\0'; /* about 1.1e299: long, but a finite double */
  CHECK(num(s, &v, &ovf));
  CHECK(!ovf);
  CHECK_DBL(v, strtod(s, NULL));
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


/* ---- xc_parse_number, xc_format_decimal, xc_format_number_text ----------- */

static void decimal_fields(void) {
  xc_decimal d;
  double v;
  bool ovf;
  const char *s = "-0012.3400e1";
  CHECK(xc_parse_number(s, strlen(s), &v, &d, &ovf));
  CHECK_DBL(v, -123.4);
  CHECK(d.neg);
  CHECK(!d.more);
  CHECK_UINT(d.nd, 4);
  CHECK_MEM(d.digits, d.nd, "1234", 4);
  CHECK_INT(d.exp10, 2);
  s = " 0.000 ";
  CHECK(xc_parse_number(s, strlen(s), &v, &d, &ovf));
  CHECK_UINT(d.nd, 0);
  CHECK_DBL(v, 0.0);
  s = "123456789012345678901234"; /* 24 digits: 19 kept */
  CHECK(xc_parse_number(s, strlen(s), &v, &d, &ovf));
  CHECK(d.more);
  CHECK_UINT(d.nd, 19);
  CHECK_INT(d.exp10, 23);
  s = "1000000000000000000000000"; /* trailing zeros are not digits */
  CHECK(xc_parse_number(s, strlen(s), &v, &d, &ovf));
  CHECK(!d.more);
  CHECK_UINT(d.nd, 1);
  CHECK_INT(d.exp10, 24);
  CHECK(!xc_parse_number("1.2.3", 5, &v, &d, &ovf));
}

/* xc_parse_xml_number agrees with a correctly rounded strtod. */
static void check_parse(const char *s, int line) {
  double v = -777, want = strtod(s, NULL);
  bool ovf;
  if (!xc_parse_xml_number(s, strlen(s), &v, &ovf))
    xc_test_fail(__FILE__, line, "\"%s\" refused", s);
  else if (ovf ? isfinite(want) : memcmp(&v, &want, sizeof v) != 0)
    xc_test_fail(__FILE__, line, "\"%s\" -> %.17g%s, want %.17g", s, v, ovf ? " (overflow)" : "",
                 want);
}
#define PARSE(s) check_parse((s), __LINE__)

static void parse_correctly_rounded(void) {
  PARSE("0.1");
  PARSE("123456789012345");    /* the exact fast path */
  PARSE("1234567890123456");   /* 16 digits: strtod */
  PARSE("9007199254740993");   /* halfway: ties to even */
  PARSE("9007199254740995");
  PARSE("1e22");
  PARSE("1e23");
  PARSE("123456789012345e-22");
  PARSE("8.98846567431158e307");
  PARSE("1.7976931348623157e308");
  PARSE("2.2250738585072011e-308"); /* the subnormal boundary */
  PARSE("2.2250738585072014e-308");
  PARSE("4.9e-324");
  PARSE("2.4703282292062328e-324"); /* just over half the smallest subnormal */
  PARSE("2.4703282292062327e-324"); /* just under: zero */
  PARSE("0.000000000000000000000000000001");
  PARSE("1000000000000000000000000000000.5");
  PARSE("12345678901234567890");    /* exactly 20 digits */
  PARSE("1234567890123456789");     /* 19 digits */
}

/* More than 19 significant digits: the digits after the 19th still decide
 * the rounding when the value is near a halfway point. */
static void parse_long_mantissa_rounding(void) {
  PARSE("10000000000000001025");     /* just above 1e19 + 1024, halfway: rounds up */
  PARSE("10000000000000001023");     /* just below: rounds down */
  PARSE("61747.0657311884606355459");
  PARSE("32571039.152667405089118");
  PARSE("0.1000000000000000055511151231257827021181583404541015625"); /* exact 0.1 */
  PARSE("9007199254740993.0000000000000000000001");                   /* above halfway */
}

/* Random number texts of up to 19 significant digits: same as strtod. */
static void parse_sweep_short(void) {
  uint64_t u = 88172645463325252ull;
  char t[64];
  int bad = 0;
  for (int it = 0; it < 300000 && bad < 5; it++) {
    u ^= u << 13, u ^= u >> 7, u ^= u << 17;
    if (it % 2) {
      double x;
      memcpy(&x, &u, sizeof x);
      if (!isfinite(x)) continue;
      snprintf(t, sizeof t, "%.*g", (int)(u % 19) + 1, x);
    } else {
      int nd = (int)(u % 19) + 1, o = 0;
      uint64_t r = u;
      if ((r >> 8) & 1) t[o++] = '-';
      int point = (int)((r >> 9) % (unsigned)(nd + 2)) - 1;
      for (int k = 0; k < nd; k++) {
        if (k == point) t[o++] = '.';
        r = r * 6364136223846793005ull + 1442695040888963407ull;
        t[o++] = (char)('0' + (r >> 33) % 10);
      }
      if ((r >> 40) & 1) o += snprintf(t + o, sizeof t - (size_t)o, "e%d", (int)((r >> 41) % 80) - 40);
      t[o] = '\0';
    }
    double v, w = strtod(t, NULL);
    bool ovf;
    if (!xc_parse_xml_number(t, strlen(t), &v, &ovf) || (ovf ? isfinite(w) : memcmp(&v, &w, sizeof v) != 0)) {
      xc_test_fail(__FILE__, __LINE__, "\"%s\" -> %.17g, want %.17g", t, v, w);
      bad++;
    }
  }
}

/* Random texts of 20 to 30 significant digits: same as strtod. */
static void parse_sweep_long(void) {
  uint64_t u = 0x2545F4914F6CDD1Dull;
  char t[64];
  int bad = 0;
  for (int it = 0; it < 200000 && bad < 5; it++) {
    int nd = 20 + it % 11, o = 0;
    u ^= u << 13, u ^= u >> 7, u ^= u << 17;
    uint64_t r = u;
    int point = (int)(r % (unsigned)(nd + 1));
    for (int k = 0; k < nd; k++) {
      if (k == point && k > 0) t[o++] = '.';
      r = r * 6364136223846793005ull + 1442695040888963407ull;
      t[o++] = (char)((k == 0 ? '1' : '0') + (r >> 33) % (k == 0 ? 9 : 10));
    }
    t[o] = '\0';
    double v, w = strtod(t, NULL);
    bool ovf;
    if (!xc_parse_xml_number(t, strlen(t), &v, &ovf) || ovf || memcmp(&v, &w, sizeof v) != 0) {
      xc_test_fail(__FILE__, __LINE__, "\"%s\" -> %.17g, want %.17g", t, v, w);
      bad++;
    }
  }
}

/* Printing from the stored digits gives the same text as printing the double. */
static void format_decimal_matches(void) {
  static const char *const texts[] = {
      "0",      "-0",      "1.50",   "100",    "1E3",         "0.00120",  "1e-5",  "-1.5e-07",
      "1e15",   "1e16",    "12e15",  "123456789012345", "999999999999999", "0.1", "1E20",
      "1.5E300", "5e-324", "4e-324", "1e-301", "1e299",     "12345.678", "0.0001", "0.00001",
      "1234567890123456", "0.30000000000000004", "45000.5", "+7", " 2 ", "1e-400"};
  xc_buf a, b, c;
  xc_buf_init(&a, 0);
  xc_buf_init(&b, 0);
  xc_buf_init(&c, 0);
  for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
    xc_decimal d;
    double v;
    bool ovf;
    size_t n = strlen(texts[i]);
    if (!CHECK(xc_parse_number(texts[i], n, &v, &d, &ovf) && !ovf)) continue;
    xc_buf_clear(&a);
    xc_buf_clear(&b);
    xc_buf_clear(&c);
    xc_format_number(&a, v);
    xc_format_decimal(&b, &d, v);
    xc_format_number_text(&c, v, texts[i], n);
    if (strcmp(xc_buf_str(&a), xc_buf_str(&b)) != 0 || strcmp(xc_buf_str(&a), xc_buf_str(&c)) != 0)
      xc_test_fail(__FILE__, __LINE__, "\"%s\": number \"%s\", decimal \"%s\", text \"%s\"", texts[i],
                   xc_buf_str(&a), xc_buf_str(&b), xc_buf_str(&c));
  }
  xc_buf_free(&a);
  xc_buf_free(&b);
  xc_buf_free(&c);
}

static void format_decimal_sweep(void) {
  uint64_t u = 0x123456789ABCDEFull;
  char t[64];
  xc_buf a, b;
  xc_buf_init(&a, 0);
  xc_buf_init(&b, 0);
  int bad = 0;
  for (int it = 0; it < 200000 && bad < 5; it++) {
    u ^= u << 13, u ^= u >> 7, u ^= u << 17;
    double x;
    uint64_t bits = it % 2 ? u : (u & 0x800FFFFFFFFFFFFFull) | ((uint64_t)(1023 + it % 120 - 60) << 52);
    memcpy(&x, &bits, sizeof x);
    if (!isfinite(x)) continue;
    /* the forms a writer might use: %g at any precision, %e, %f */
    int p = (int)(u % 17) + 1;
    switch (it % 3) {
      case 0: snprintf(t, sizeof t, "%.*g", p, x); break;
      case 1: snprintf(t, sizeof t, "%.*E", p - 1, x); break;
      default:
        if (fabs(x) > 1e20 || fabs(x) < 1e-20) snprintf(t, sizeof t, "%.*g", p, x);
        else snprintf(t, sizeof t, "%.*f", p, x);
    }
    xc_decimal d;
    double v;
    bool ovf;
    if (!xc_parse_number(t, strlen(t), &v, &d, &ovf) || ovf) continue;
    xc_buf_clear(&a);
    xc_buf_clear(&b);
    xc_format_number(&a, v);
    xc_format_decimal(&b, &d, v);
    if (strcmp(xc_buf_str(&a), xc_buf_str(&b)) != 0) {
      xc_test_fail(__FILE__, __LINE__, "\"%s\": number \"%s\", decimal \"%s\"", t, xc_buf_str(&a),
                   xc_buf_str(&b));
      bad++;
    }
  }
  xc_buf_free(&a);
  xc_buf_free(&b);
}

static void format_number_text_fallbacks(void) {
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_format_number_text(&b, 3, "2", 1); /* the text is not the value: print the value */
  CHECK_STR(xc_buf_str(&b), "3");
  xc_buf_clear(&b);
  xc_format_number_text(&b, 0.5, NULL, 0);
  CHECK_STR(xc_buf_str(&b), "0.5");
  xc_buf_clear(&b);
  xc_format_number_text(&b, 0.25, "abc", 3);
  CHECK_STR(xc_buf_str(&b), "0.25");
  xc_buf_clear(&b);
  xc_format_number_text(&b, 1e20, "100000000000000000000", 21);
  CHECK_STR(xc_buf_str(&b), "1e+20");
  xc_buf_clear(&b);
  xc_format_decimal(&b, NULL, 2.5);
  CHECK_STR(xc_buf_str(&b), "2.5");
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
    TEST(decimal_fields),
    TEST(parse_correctly_rounded),
    TEST(parse_long_mantissa_rounding),
    TEST(parse_sweep_short),
    TEST(parse_sweep_long),
    TEST(format_decimal_matches),
    TEST(format_decimal_sweep),
    TEST(format_number_text_fallbacks),
    {0},
};
