/* decimal.h: exact decimal numbers for the rule engine.
 *
 * Report values reach 10^11 VND and carry a few decimals ("201.238,4",
 * "36,36"), so checks never compare floats: an xc_dec is m x 10^e with a
 * 64-bit integer m, and every operation is exact or says it is not.
 * Comparisons and the ratio check work in 128-bit integers (cross-multiplied,
 * never divided), so "5,2" against 100 x 1.102 / 1.797 is decided exactly.
 *
 * Values are plain structs passed by value; nothing here allocates except
 * the formatters, which append to a caller's xc_buf.
 *
 * Canonical form: results have no trailing zeros in m (50 x 10^-1 is stored
 * as 5 x 10^0) and zero is {0, 0}, so equal values have equal fields.  Every
 * function also accepts non-canonical input.  The number of decimals a value
 * was *shown* with is not part of an xc_dec: xc_value keeps it beside. */
#ifndef XC_DECIMAL_H
#define XC_DECIMAL_H
#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "numtext.h"

typedef struct {
  int64_t m;
  int32_t e; /* value = m x 10^e */
} xc_dec;

/* Results keep |e| <= XC_DEC_EMAX (far beyond any double); a result outside
 * is reported as XC_DEC_OVERFLOW. */
#define XC_DEC_EMAX 1000

typedef enum {
  XC_DEC_OK = 0,
  XC_DEC_OVERFLOW = 1, /* the exact result does not fit m (or e); *out untouched */
  XC_DEC_INEXACT = 2,  /* *out holds the value rounded to 18 significant digits */
  XC_DEC_DIVZERO = 3   /* division by zero; *out untouched */
} xc_dec_rc;

/* ---- construction ---------------------------------------------------- */

xc_dec xc_dec_from_int(int64_t v);
/* The number as written in the file (numtext.h), exactly when its digits fit
 * (at most 18 significant digits, or 19 below 2^63); otherwise rounded half
 * away from zero to 18 digits and XC_DEC_INEXACT. */
xc_dec_rc xc_dec_from_decimal(const xc_decimal *d, xc_dec *out);
/* The shortest decimal that reads back to x (as xc_format_number prints it).
 * XC_DEC_OVERFLOW for NaN and infinities. */
xc_dec_rc xc_dec_from_double(double x, xc_dec *out);
/* C notation as in a ruleset: [-+]digits[.digits][e[-+]digits].  false when
 * malformed or not exactly representable. */
bool xc_dec_parse_plain(const char *s, size_t n, xc_dec *out);
/* d with trailing zeros moved into e (and zero as {0, 0}). */
xc_dec xc_dec_norm(xc_dec d);

/* ---- arithmetic (exact) ---------------------------------------------- */

xc_dec_rc xc_dec_add(xc_dec a, xc_dec b, xc_dec *out);
xc_dec_rc xc_dec_sub(xc_dec a, xc_dec b, xc_dec *out);
xc_dec_rc xc_dec_mul(xc_dec a, xc_dec b, xc_dec *out);
xc_dec_rc xc_dec_mul_int(xc_dec a, int64_t k, xc_dec *out);
xc_dec xc_dec_neg(xc_dec a); /* INT64_MIN stays as it is */
xc_dec xc_dec_abs(xc_dec a);

/* -1, 0 or 1; exact for every pair of values. */
int xc_dec_cmp(xc_dec a, xc_dec b);
int xc_dec_sign(xc_dec a);
bool xc_dec_eq(xc_dec a, xc_dec b);
bool xc_dec_is_zero(xc_dec a);
bool xc_dec_is_integer(xc_dec a);
/* Digits after the decimal point in the canonical form (5,20 -> 1; 1079 -> 0). */
int xc_dec_decimals(xc_dec a);
/* The nearest double (correctly rounded); +-inf beyond the double range. */
double xc_dec_to_double(xc_dec a);
/* a as an int64 when it is an integer in range; false otherwise. */
bool xc_dec_to_int(xc_dec a, int64_t *out);

/* ---- rounding --------------------------------------------------------- */

/* a rounded to k decimals, half away from zero (Excel's ROUND: 2,345 -> 2,35,
 * -2,5 -> -3); k may be negative (k = -2 rounds to hundreds).  Never fails. */
xc_dec xc_dec_round(xc_dec a, int k);
/* a rounded to sig significant digits (sig >= 1), half away from zero. */
xc_dec xc_dec_round_sig(xc_dec a, int sig);
/* n / d rounded half away from zero to k decimals. */
xc_dec_rc xc_dec_div_round(xc_dec n, xc_dec d, int k, xc_dec *out);
/* 100 x n / d rounded to k decimals: the ratio a message shows ("36,36"). */
xc_dec_rc xc_dec_pct(xc_dec n, xc_dec d, int k, xc_dec *out);

/* ---- tolerances (relations.md section 0) ------------------------------ */

/* |a - b| <= tol, exactly (tol >= 0). */
bool xc_dec_near(xc_dec a, xc_dec b, xc_dec tol);
/* |r - 100 x n / d| <= tol, decided without dividing: |r.d - 100.n| <= tol.d.
 * false when d <= 0.  Exact whenever the exponents of r, n, d and tol lie
 * within about 19 of each other (any value read from a real report); beyond
 * that the difference is taken in long double. */
bool xc_dec_ratio_ok(xc_dec r, xc_dec n, xc_dec d, xc_dec tol);

/* PCT: max(0,1 ; 0,5 x 10^-k) for a percent shown with k decimals
 * (k <= 0: 0,5; k >= 1: 0,1). */
xc_dec xc_dec_tol_pct(int k);
/* AMT: 0,5 x 10^-k x m, k the largest displayed decimals among the m operands. */
xc_dec xc_dec_tol_amt(int k, int m);
/* SC: 0,01 (scores). */
xc_dec xc_dec_tol_sc(void);
/* RNG: the 0,1 margin of a range check. */
xc_dec xc_dec_tol_rng(void);
/* EX: 0. */
xc_dec xc_dec_tol_ex(void);

/* ---- text ------------------------------------------------------------- */

/* Vietnamese notation for messages: "." groups thousands, "," is the decimal
 * mark: "1.079", "5,2", "36,36", "201.238,4", "-3".  decimals >= 0: rounded
 * (half away from zero) and padded to exactly that many; < 0: as many as the
 * value needs.  A value that rounds to zero prints without a sign.
 * Appends to b; false when b's maximum was reached. */
bool xc_dec_format_vi(xc_buf *b, xc_dec a, int decimals);
/* The same in C notation for CSV and JSON: "1079", "5.2", "-3". */
bool xc_dec_format_plain(xc_buf *b, xc_dec a, int decimals);

#endif
