/* test_decimal.c: exact decimals (decimal.h): construction, arithmetic,
 * rounding, the tolerances of relations.md section 0, and the Vietnamese
 * and plain notations. */
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "decimal.h"
#include "harness.h"
#include "numtext.h"

#define SUITE "decimal"

static xc_dec D(int64_t m, int32_t e) { return (xc_dec){m, e}; }

/* A decimal from C notation ("201238.4"); fails the test when malformed. */
static xc_dec P(const char *s) {
  xc_dec d = {0, 0};
  if (!xc_dec_parse_plain(s, strlen(s), &d)) xc_test_fail(__FILE__, __LINE__, "cannot parse %s", s);
  return d;
}

static void check_dec(xc_dec got, int64_t m, int32_t e, const char *what, int line) {
  if (got.m != m || got.e != e)
    xc_test_fail(__FILE__, line, "%s is {%lld, %d}, want {%lld, %d}", what, (long long)got.m,
                 (int)got.e, (long long)m, (int)e);
}
#define CHECK_DEC(got, m, e) check_dec((got), (m), (e), #got, __LINE__)

static void check_vi(xc_dec d, int decimals, const char *want, int line) {
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_dec_format_vi(&b, d, decimals);
  xc_test_str(xc_buf_str(&b), want, "xc_dec_format_vi", __FILE__, line);
  xc_buf_free(&b);
}
#define VI(d, k, want) check_vi((d), (k), (want), __LINE__)

static void check_plain(xc_dec d, int decimals, const char *want, int line) {
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_dec_format_plain(&b, d, decimals);
  xc_test_str(xc_buf_str(&b), want, "xc_dec_format_plain", __FILE__, line);
  xc_buf_free(&b);
}
#define PLAIN(d, k, want) check_plain((d), (k), (want), __LINE__)

/* ---- construction ---------------------------------------------------------- */

static void from_int_is_canonical(void) {
  CHECK_DEC(xc_dec_from_int(1079), 1079, 0);
  CHECK_DEC(xc_dec_from_int(1000), 1, 3);
  CHECK_DEC(xc_dec_from_int(0), 0, 0);
  CHECK_DEC(xc_dec_from_int(-300), -3, 2);
  CHECK_DEC(xc_dec_from_int(INT64_MAX), INT64_MAX, 0);
  CHECK_DEC(xc_dec_norm(D(5200, -3)), 52, -1);
  CHECK_DEC(xc_dec_norm(D(0, -7)), 0, 0);
}

static xc_dec_rc from_text(const char *s, xc_dec *out) {
  xc_decimal d;
  double v;
  bool overflow;
  if (!xc_parse_number(s, strlen(s), &v, &d, &overflow)) return XC_DEC_OVERFLOW;
  return xc_dec_from_decimal(&d, out);
}

static void from_decimal_exact(void) {
  xc_dec d;
  CHECK_INT(from_text("201238.4", &d), XC_DEC_OK);
  CHECK_DEC(d, 2012384, -1);
  CHECK_INT(from_text("0.052", &d), XC_DEC_OK);
  CHECK_DEC(d, 52, -3);
  CHECK_INT(from_text("100000000000", &d), XC_DEC_OK); /* 10^11 VND */
  CHECK_DEC(d, 1, 11);
  CHECK_INT(from_text("-1.5E-7", &d), XC_DEC_OK);
  CHECK_DEC(d, -15, -8);
  CHECK_INT(from_text("0", &d), XC_DEC_OK);
  CHECK_DEC(d, 0, 0);
  CHECK_INT(from_text("0.30000000000000004", &d), XC_DEC_OK); /* 17 digits: exact */
  CHECK_DEC(d, 30000000000000004, -17);
}

static void from_decimal_long(void) {
  xc_dec d;
  CHECK_INT(from_text("9223372036854775807", &d), XC_DEC_OK);
  CHECK_DEC(d, INT64_MAX, 0);
  CHECK_INT(from_text("9999999999999999999", &d), XC_DEC_INEXACT); /* 19 digits > 2^63 */
  CHECK_DEC(d, 1, 19);
  CHECK_INT(from_text("1234567890123456789012", &d), XC_DEC_INEXACT);
  CHECK_DEC(d, 123456789012345679, 4);
  CHECK_INT(from_text("1e5000", &d), XC_DEC_OVERFLOW); /* exponent past XC_DEC_EMAX */
}

static void from_double_shortest(void) {
  xc_dec d;
  CHECK_INT(xc_dec_from_double(0.1, &d), XC_DEC_OK);
  CHECK_DEC(d, 1, -1);
  CHECK_INT(xc_dec_from_double(5.2, &d), XC_DEC_OK);
  CHECK_DEC(d, 52, -1);
  CHECK_INT(xc_dec_from_double(-1079.0, &d), XC_DEC_OK);
  CHECK_DEC(d, -1079, 0);
  CHECK_INT(xc_dec_from_double(NAN, &d), XC_DEC_OVERFLOW);
  CHECK_INT(xc_dec_from_double(INFINITY, &d), XC_DEC_OVERFLOW);
}

static void parse_plain(void) {
  xc_dec d;
  CHECK(xc_dec_parse_plain("5.2", 3, &d));
  CHECK_DEC(d, 52, -1);
  CHECK(xc_dec_parse_plain("-3", 2, &d));
  CHECK_DEC(d, -3, 0);
  CHECK(xc_dec_parse_plain("1e3", 3, &d));
  CHECK_DEC(d, 1, 3);
  CHECK(!xc_dec_parse_plain("5,2", 3, &d)); /* Vietnamese notation is value.h's job */
  CHECK(!xc_dec_parse_plain(" 1", 2, &d));
  CHECK(!xc_dec_parse_plain("1\n", 2, &d));
  CHECK(!xc_dec_parse_plain("", 0, &d));
  CHECK(!xc_dec_parse_plain("abc", 3, &d));
}

/* ---- arithmetic ---------------------------------------------------------------- */

static void add_is_exact(void) {
  xc_dec r;
  REQUIRE_INT(xc_dec_add(P("0.1"), P("0.2"), &r), XC_DEC_OK);
  CHECK(xc_dec_eq(r, P("0.3"))); /* never 0.30000000000000004 */
  CHECK_DEC(r, 3, -1);
  REQUIRE_INT(xc_dec_sub(P("201238.4"), P("0.4"), &r), XC_DEC_OK);
  CHECK_DEC(r, 201238, 0);
  REQUIRE_INT(xc_dec_add(P("123456789012.5"), P("987654321098.75"), &r), XC_DEC_OK);
  CHECK(xc_dec_eq(r, P("1111111110111.25")));
  REQUIRE_INT(xc_dec_sub(P("5"), P("5"), &r), XC_DEC_OK);
  CHECK_DEC(r, 0, 0);
  REQUIRE_INT(xc_dec_add(P("-2.5"), P("1"), &r), XC_DEC_OK);
  CHECK_DEC(r, -15, -1);
}

static void sums_of_seed_scores(void) {
  /* CS-5: 90,29 = 12,88 + 10 + 16,97 + 10 + 11 + 12 + 11,44 + 6 + 0 */
  const char *parts[] = {"12.88", "10", "16.97", "10", "11", "12", "11.44", "6", "0"};
  xc_dec sum = {0, 0};
  for (size_t i = 0; i < 9; i++) REQUIRE_INT(xc_dec_add(sum, P(parts[i]), &sum), XC_DEC_OK);
  CHECK(xc_dec_eq(sum, P("90.29")));
  /* 89,21 = 12,89 + 10 + 16 + 10 + 10 + 11,09 + 13,23 + 6 + 0 */
  const char *app[] = {"12.89", "10", "16", "10", "10", "11.09", "13.23", "6", "0"};
  sum = (xc_dec){0, 0};
  for (size_t i = 0; i < 9; i++) REQUIRE_INT(xc_dec_add(sum, P(app[i]), &sum), XC_DEC_OK);
  CHECK(xc_dec_eq(sum, P("89.21")));
  /* Biên chế 1086 = 78 + 863 + 1 + 144 */
  sum = (xc_dec){0, 0};
  const int64_t bc[] = {78, 863, 1, 144};
  for (size_t i = 0; i < 4; i++) REQUIRE_INT(xc_dec_add(sum, xc_dec_from_int(bc[i]), &sum), XC_DEC_OK);
  CHECK(xc_dec_eq(sum, xc_dec_from_int(1086)));
}

static void add_reports_overflow(void) {
  xc_dec r = {42, 0};
  CHECK_INT(xc_dec_add(D(INT64_MAX, 0), D(1, 0), &r), XC_DEC_OVERFLOW);
  CHECK_DEC(r, 42, 0); /* untouched */
  CHECK_INT(xc_dec_sub(D(-INT64_MAX, 0), D(2, 0), &r), XC_DEC_OVERFLOW);
  /* 10^30 + 1 needs 31 digits */
  CHECK_INT(xc_dec_add(D(1, 30), D(1, 0), &r), XC_DEC_OVERFLOW);
  /* but 10^30 + 10^30 is 2 x 10^30 */
  CHECK_INT(xc_dec_add(D(1, 30), D(1, 30), &r), XC_DEC_OK);
  CHECK_DEC(r, 2, 30);
  /* exponents too far apart to align */
  CHECK_INT(xc_dec_add(D(1, 500), D(1, -500), &r), XC_DEC_OVERFLOW);
}

static void mul_int(void) {
  xc_dec r;
  REQUIRE_INT(xc_dec_mul_int(P("0.5"), 3, &r), XC_DEC_OK);
  CHECK_DEC(r, 15, -1);
  REQUIRE_INT(xc_dec_mul_int(P("36.36"), 100, &r), XC_DEC_OK);
  CHECK_DEC(r, 3636, 0);
  CHECK_INT(xc_dec_mul_int(D(INT64_MAX, 0), 3, &r), XC_DEC_OVERFLOW);
  REQUIRE_INT(xc_dec_mul(P("1.5"), P("-1.5"), &r), XC_DEC_OK);
  CHECK_DEC(r, -225, -2);
}

static void cmp_exact(void) {
  CHECK_INT(xc_dec_cmp(D(52, -1), D(520, -2)), 0); /* 5,2 = 5,20 */
  CHECK_INT(xc_dec_cmp(P("5.2"), P("5.205")), -1);
  CHECK_INT(xc_dec_cmp(P("-5.2"), P("-5.205")), 1);
  CHECK_INT(xc_dec_cmp(D(1, 300), D(INT64_MAX, 0)), 1);
  CHECK_INT(xc_dec_cmp(D(1, -1000), D(0, 0)), 1);
  CHECK_INT(xc_dec_cmp(D(-1, -1000), D(0, 5)), -1);
  CHECK_INT(xc_dec_cmp(D(INT64_MAX, -18), D(INT64_MAX - 1, -18)), 1);
  CHECK_INT(xc_dec_cmp(D(INT64_MIN, 0), D(-INT64_MAX, 0)), -1);
  /* the same value written with far-apart exponents */
  CHECK_INT(xc_dec_cmp(D(1000000000000000000, -18), D(1, 0)), 0);
  CHECK_INT(xc_dec_cmp(D(0, 9), D(0, -9)), 0);
  CHECK(xc_dec_eq(P("0.1"), D(1, -1)));
  CHECK_INT(xc_dec_sign(P("-0.001")), -1);
}

static void integer_and_decimals(void) {
  CHECK(!xc_dec_is_integer(D(520, -2)));
  CHECK_INT(xc_dec_decimals(D(520, -2)), 1);
  CHECK(xc_dec_is_integer(D(100, -2)));
  CHECK_INT(xc_dec_decimals(D(100, -2)), 0);
  CHECK(xc_dec_is_integer(D(0, -5)));
  CHECK(xc_dec_is_integer(D(7, 3)));
  CHECK_INT(xc_dec_decimals(P("36.3636")), 4);
  int64_t v = 0;
  CHECK(xc_dec_to_int(D(1, 3), &v));
  CHECK_INT(v, 1000);
  CHECK(!xc_dec_to_int(D(5, -1), &v));
  CHECK(!xc_dec_to_int(D(1, 19), &v));
}

static void to_double(void) {
  CHECK_DBL(xc_dec_to_double(P("5.2")), 5.2);
  CHECK_DBL(xc_dec_to_double(P("201238.4")), 201238.4);
  CHECK_DBL(xc_dec_to_double(D(-3, 0)), -3.0);
  CHECK_DBL(xc_dec_to_double(D(0, 0)), 0.0);
  CHECK_DBL(xc_dec_to_double(D(1, 400)), HUGE_VAL);
  CHECK_DBL(xc_dec_to_double(D(INT64_MAX, -18)), 9.223372036854775807);
}

/* The fast path (an exact mantissa and power of ten) gives the double the
 * decimal's text parses to, bit for bit: a spread of mantissas and
 * exponents on both sides of its limits (2^53, 10^±22). */
static void to_double_as_parsed(void) {
  static const int64_t ms[] = {1, 7, 12, 999, 123456789, 4503599627370495, 9007199254740991, 9007199254740992,
                               9007199254740993, 12345678901234567, INT64_MAX, 3, 1000000007, 2251799813685248};
  size_t bad = 0, n = 0;
  char first[192] = "";
  for (size_t i = 0; i < sizeof ms / sizeof *ms; i++)
    for (int sign = -1; sign <= 1; sign += 2)
      for (int e = -30; e <= 30; e++) {
        xc_dec d = D(sign * ms[i], e);
        char t[48];
        snprintf(t, sizeof t, "%llde%d", (long long)(sign * ms[i]), e);
        double want = 0;
        bool overflow = false;
        CHECK(xc_parse_xml_number(t, strlen(t), &want, &overflow));
        double got = xc_dec_to_double(d);
        n++;
        if (memcmp(&got, &want, sizeof got) != 0) {
          if (!bad++) snprintf(first, sizeof first, "%s: %.17g, parsed %.17g", t, got, want);
        }
      }
  if (bad) xc_test_fail(__FILE__, __LINE__, "%zu of %zu differ, first %s", bad, n, first);
}

/* ---- rounding ------------------------------------------------------------------------ */

static void round_half_away_from_zero(void) {
  CHECK(xc_dec_eq(xc_dec_round(P("2.345"), 2), P("2.35")));
  CHECK(xc_dec_eq(xc_dec_round(P("2.344"), 2), P("2.34")));
  CHECK(xc_dec_eq(xc_dec_round(P("-2.5"), 0), P("-3")));
  CHECK(xc_dec_eq(xc_dec_round(P("2.5"), 0), P("3")));
  CHECK(xc_dec_eq(xc_dec_round(P("0.05"), 1), P("0.1")));
  CHECK(xc_dec_eq(xc_dec_round(P("999.95"), 1), P("1000")));
  CHECK(xc_dec_eq(xc_dec_round(P("1250"), -2), P("1300")));
  CHECK(xc_dec_eq(xc_dec_round(P("36.363636"), 2), P("36.36")));
  CHECK_DEC(xc_dec_round(P("-0.004"), 2), 0, 0); /* no negative zero */
  CHECK(xc_dec_eq(xc_dec_round(P("5.2"), 3), P("5.2"))); /* nothing to drop */
  CHECK_DEC(xc_dec_round(D(INT64_MAX, -40), 2), 0, 0);
  CHECK_DEC(xc_dec_round(D(5, -1), -3), 0, 0);
}

static void round_significant(void) {
  /* Excel keeps 15 significant digits: binary noise disappears */
  CHECK(xc_dec_eq(xc_dec_round_sig(P("0.30000000000000004"), 15), P("0.3")));
  CHECK(xc_dec_eq(xc_dec_round_sig(P("5.1999999999999998"), 15), P("5.2")));
  CHECK(xc_dec_eq(xc_dec_round_sig(P("2.9999999999999996"), 15), P("3")));
  CHECK(xc_dec_eq(xc_dec_round_sig(P("123456789012.5"), 15), P("123456789012.5")));
  CHECK(xc_dec_eq(xc_dec_round_sig(P("91.96907216494845"), 5), P("91.969")));
}

static void div_and_pct(void) {
  xc_dec r;
  REQUIRE_INT(xc_dec_pct(D(8, 0), D(22, 0), 2, &r), XC_DEC_OK);
  CHECK(xc_dec_eq(r, P("36.36"))); /* BM1!2: 8/22 */
  REQUIRE_INT(xc_dec_pct(D(1102, 0), D(1797, 0), 2, &r), XC_DEC_OK);
  CHECK(xc_dec_eq(r, P("61.32")));
  REQUIRE_INT(xc_dec_pct(D(3113, 0), D(9267, 0), 2, &r), XC_DEC_OK);
  CHECK(xc_dec_eq(r, P("33.59")));
  REQUIRE_INT(xc_dec_pct(D(1, 0), D(32, 0), 3, &r), XC_DEC_OK);
  CHECK(xc_dec_eq(r, P("3.125")));
  REQUIRE_INT(xc_dec_pct(P("192.944"), P("277002"), 2, &r), XC_DEC_OK);
  CHECK(xc_dec_eq(r, P("0.07"))); /* F47, read the Vietnamese way */
  /* CS-10: 100 x 89,21 / 97 = 91,969 */
  REQUIRE_INT(xc_dec_pct(P("89.21"), D(97, 0), 3, &r), XC_DEC_OK);
  CHECK(xc_dec_eq(r, P("91.969")));
  REQUIRE_INT(xc_dec_div_round(D(-1, 0), D(3, 0), 2, &r), XC_DEC_OK);
  CHECK(xc_dec_eq(r, P("-0.33")));
  REQUIRE_INT(xc_dec_div_round(D(2, 0), D(3, 0), 0, &r), XC_DEC_OK);
  CHECK_DEC(r, 1, 0);
  REQUIRE_INT(xc_dec_div_round(D(1, 0), D(8, 0), 2, &r), XC_DEC_OK);
  CHECK(xc_dec_eq(r, P("0.13"))); /* 0,125: half away from zero */
  CHECK_INT(xc_dec_pct(D(5, 0), D(0, 0), 2, &r), XC_DEC_DIVZERO);
  CHECK_INT(xc_dec_div_round(D(INT64_MAX, 0), D(1, -30), 0, &r), XC_DEC_OVERFLOW);
  REQUIRE_INT(xc_dec_div_round(D(1, 0), D(INT64_MAX, 30), 2, &r), XC_DEC_OK);
  CHECK_DEC(r, 0, 0);
  /* merge "mean": (12,5 + 13) / 2 */
  REQUIRE_INT(xc_dec_div_round(P("25.5"), D(2, 0), 2, &r), XC_DEC_OK);
  CHECK(xc_dec_eq(r, P("12.75")));
}

/* ---- tolerances (relations.md section 0) ------------------------------------------- */

static void tolerance_values(void) {
  CHECK(xc_dec_eq(xc_dec_tol_pct(0), P("0.5")));
  CHECK(xc_dec_eq(xc_dec_tol_pct(1), P("0.1")));
  CHECK(xc_dec_eq(xc_dec_tol_pct(2), P("0.1")));
  CHECK(xc_dec_eq(xc_dec_tol_pct(5), P("0.1")));
  CHECK(xc_dec_eq(xc_dec_tol_amt(0, 2), P("1")));   /* 0,5 x 10^0 x 2 */
  CHECK(xc_dec_eq(xc_dec_tol_amt(1, 3), P("0.15"))); /* 0,5 x 10^-1 x 3 */
  CHECK(xc_dec_eq(xc_dec_tol_amt(2, 1), P("0.005")));
  CHECK(xc_dec_eq(xc_dec_tol_sc(), P("0.01")));
  CHECK(xc_dec_eq(xc_dec_tol_rng(), P("0.1")));
  CHECK(xc_dec_is_zero(xc_dec_tol_ex()));
}

static void pct_examples_of_the_spec(void) {
  /* "5,2" matches 5,205; "61" matches 61,32; "42" does not match 33,59 */
  CHECK(xc_dec_near(P("5.2"), P("5.205"), xc_dec_tol_pct(1)));
  CHECK(xc_dec_near(P("61"), P("61.32"), xc_dec_tol_pct(0)));
  CHECK(!xc_dec_near(P("42"), P("33.59"), xc_dec_tol_pct(0)));
  /* the bound itself passes */
  CHECK(xc_dec_near(P("5.2"), P("5.3"), xc_dec_tol_pct(1)));
  CHECK(!xc_dec_near(P("5.2"), P("5.30001"), xc_dec_tol_pct(1)));
}

static void ratio_ok_seed_fractions(void) {
  /* FT-1 and BM relations as in relations.md: r = 100 x n / d */
  CHECK(xc_dec_ratio_ok(P("36.36"), D(8, 0), D(22, 0), xc_dec_tol_pct(2)));
  CHECK(xc_dec_ratio_ok(P("61"), D(1102, 0), D(1797, 0), xc_dec_tol_pct(0)));
  CHECK(!xc_dec_ratio_ok(P("42"), D(3113, 0), D(9267, 0), xc_dec_tol_pct(0)));
  CHECK(!xc_dec_ratio_ok(P("8.68"), D(1, 0), D(32, 0), xc_dec_tol_pct(2)));
  CHECK(xc_dec_ratio_ok(P("57.89"), D(11, 0), D(19, 0), xc_dec_tol_pct(2)));
  CHECK(xc_dec_ratio_ok(P("77.86"), D(503, 0), D(646, 0), xc_dec_tol_pct(2)));
  CHECK(xc_dec_ratio_ok(P("96"), D(20192, 0), D(20969, 0), xc_dec_tol_pct(0)));
  CHECK(xc_dec_ratio_ok(P("100"), D(275, 0), D(275, 0), xc_dec_tol_pct(0)));
  CHECK(xc_dec_ratio_ok(P("35"), D(7, 0), D(20, 0), xc_dec_tol_pct(0)));
  CHECK(!xc_dec_ratio_ok(P("1.86"), P("192.944"), P("277002"), xc_dec_tol_pct(2)));
  CHECK(xc_dec_ratio_ok(P("5.2"), D(52, 0), D(1000, 0), xc_dec_tol_pct(1)));
}

static void ratio_ok_edges(void) {
  CHECK(!xc_dec_ratio_ok(P("0"), D(0, 0), D(0, 0), xc_dec_tol_pct(0))); /* d = 0: skipped */
  CHECK(!xc_dec_ratio_ok(P("50"), D(1, 0), D(-2, 0), xc_dec_tol_pct(0)));
  CHECK(xc_dec_ratio_ok(P("0"), D(0, 0), D(5, 0), xc_dec_tol_pct(0)));
  /* a displayed 100 over 99/100 is off by 1; 199/200 = 99,5 is on the bound */
  CHECK(!xc_dec_ratio_ok(P("100"), D(99, 0), D(100, 0), xc_dec_tol_pct(0)));
  CHECK(xc_dec_ratio_ok(P("100"), D(199, 0), D(200, 0), xc_dec_tol_pct(0)));
  CHECK(xc_dec_ratio_ok(P("100"), D(1999, 0), D(2001, 0), xc_dec_tol_pct(1))); /* 99,90005 */
  CHECK(!xc_dec_ratio_ok(P("100"), D(1998, 0), D(2001, 0), xc_dec_tol_pct(1))); /* 99,85 */
  /* amounts in VND, 10^11 scale, with decimals */
  CHECK(xc_dec_ratio_ok(P("50"), P("50000000000.5"), P("100000000001"), xc_dec_tol_pct(0)));
  /* operands with far-apart exponents still give an answer */
  CHECK(xc_dec_ratio_ok(D(1, 2), D(1, 300), D(1, 300), xc_dec_tol_pct(0)));
  CHECK(!xc_dec_ratio_ok(D(1, 2), D(1, 300), D(3, 300), xc_dec_tol_pct(0)));
}

static void amt_and_sc(void) {
  /* AMT: 6,7 against 1,1 + 2,2 + 3,3 with k = 1, m = 3: |6,7 - 6,6| <= 0,15 */
  xc_dec sum = {0, 0};
  xc_dec_add(sum, P("1.1"), &sum);
  xc_dec_add(sum, P("2.2"), &sum);
  xc_dec_add(sum, P("3.3"), &sum);
  CHECK(xc_dec_near(P("6.7"), sum, xc_dec_tol_amt(1, 3)));
  CHECK(!xc_dec_near(P("6.8"), sum, xc_dec_tol_amt(1, 3)));
  CHECK(xc_dec_near(P("201238.4"), P("201238.4"), xc_dec_tol_amt(1, 2)));
  /* SC: CS-3 3,47 = 0,97 + 1 + 1 + 0,5 */
  CHECK(xc_dec_near(P("3.47"), P("3.47"), xc_dec_tol_sc()));
  CHECK(xc_dec_near(P("3.48"), P("3.47"), xc_dec_tol_sc()));
  CHECK(!xc_dec_near(P("3.49"), P("3.47"), xc_dec_tol_sc()));
  /* CS-10: 91,969 within 0,001 of 100 x 89,21 / 97 */
  xc_dec idx;
  xc_dec_pct(P("89.21"), D(97, 0), 6, &idx);
  CHECK(xc_dec_near(P("91.969"), idx, P("0.001")));
  CHECK(!xc_dec_near(P("91.97"), idx, P("0.0005")));
  /* EX */
  CHECK(xc_dec_near(D(455, 0), D(455, 0), xc_dec_tol_ex()));
  CHECK(!xc_dec_near(D(455, 0), D(454, 0), xc_dec_tol_ex()));
  /* far-apart exponents fall back without crashing */
  CHECK(!xc_dec_near(D(1, 300), D(1, -300), D(1, 0)));
}

/* ---- notation -------------------------------------------------------------------------- */

static void format_vietnamese(void) {
  VI(D(1079, 0), -1, "1.079");
  VI(P("5.2"), -1, "5,2");
  VI(P("36.36"), -1, "36,36");
  VI(P("201238.4"), -1, "201.238,4");
  VI(D(-3, 0), -1, "-3");
  VI(D(0, 0), -1, "0");
  VI(P("0.05"), -1, "0,05");
  VI(D(1, 6), -1, "1.000.000");
  VI(D(999, 0), -1, "999");
  VI(D(1, 12), -1, "1.000.000.000.000");
  VI(P("-1234.5"), 2, "-1.234,50");
  VI(P("0.000123"), -1, "0,000123");
  VI(D(109442, 0), -1, "109.442");
  VI(D(123456, 0), -1, "123.456");
  VI(D(-100, 0), 0, "-100");
}

static void format_rounds_to_decimals(void) {
  VI(P("36.363636"), 2, "36,36");
  VI(P("5.205"), 1, "5,2");
  VI(P("5.25"), 1, "5,3");
  VI(P("5.2"), 2, "5,20");
  VI(P("5.2"), 0, "5");
  VI(P("-0.004"), 2, "0,00"); /* no "-0,00" */
  VI(P("999.95"), 1, "1.000,0");
  VI(D(1079, 0), 0, "1.079");
}

static void format_plain(void) {
  PLAIN(D(1079, 0), -1, "1079");
  PLAIN(P("5.2"), -1, "5.2");
  PLAIN(D(-3, 0), -1, "-3");
  PLAIN(P("201238.4"), -1, "201238.4");
  PLAIN(P("5.2"), 2, "5.20");
  PLAIN(D(1, 6), -1, "1000000");
  PLAIN(P("-0.5"), -1, "-0.5");
  PLAIN(D(INT64_MIN, 0), -1, "-9223372036854775808");
}

static void format_appends(void) {
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_buf_adds(&b, "giá trị ");
  xc_dec_format_vi(&b, D(1079, 0), -1);
  xc_buf_adds(&b, " / ");
  xc_dec_format_plain(&b, D(1079, 0), -1);
  CHECK_STR(xc_buf_str(&b), "giá trị 1.079 / 1079");
  xc_buf_free(&b);
  xc_buf_init(&b, 3); /* a capped buffer says so */
  CHECK(!xc_dec_format_vi(&b, D(1079, 0), -1));
  xc_buf_free(&b);
}

const xc_test_case xc_tests_decimal[] = {
    TEST(from_int_is_canonical),
    TEST(from_decimal_exact),
    TEST(from_decimal_long),
    TEST(from_double_shortest),
    TEST(parse_plain),
    TEST(add_is_exact),
    TEST(sums_of_seed_scores),
    TEST(add_reports_overflow),
    TEST(mul_int),
    TEST(cmp_exact),
    TEST(integer_and_decimals),
    TEST(to_double),
    TEST(to_double_as_parsed),
    TEST(round_half_away_from_zero),
    TEST(round_significant),
    TEST(div_and_pct),
    TEST(tolerance_values),
    TEST(pct_examples_of_the_spec),
    TEST(ratio_ok_seed_fractions),
    TEST(ratio_ok_edges),
    TEST(amt_and_sc),
    TEST(format_vietnamese),
    TEST(format_rounds_to_decimals),
    TEST(format_plain),
    TEST(format_appends),
    {0},
};
