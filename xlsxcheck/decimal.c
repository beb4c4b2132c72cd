/* decimal.c: exact decimal arithmetic on m x 10^e, with 128-bit
 * intermediates.  See decimal.h for the contract. */
#include "decimal.h"

#include <math.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* __extension__ keeps -pedantic quiet about the GNU 128-bit types. */
__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

/* 10^k for 0 <= k <= 38 (10^38 < 2^128), from a table (the arithmetic
 * asks for them on every sum and comparison). */
static const u128 POW10[39] = {
    (u128)1u,
    (u128)10u,
    (u128)100u,
    (u128)1000u,
    (u128)10000u,
    (u128)100000u,
    (u128)1000000u,
    (u128)10000000u,
    (u128)100000000u,
    (u128)1000000000u,
    (u128)10000000000ull,
    (u128)100000000000ull,
    (u128)1000000000000ull,
    (u128)10000000000000ull,
    (u128)100000000000000ull,
    (u128)1000000000000000ull,
    (u128)10000000000000000ull,
    (u128)100000000000000000ull,
    (u128)1000000000000000000ull,
    (u128)10000000000000000000ull,
    (u128)10000000000000000000ull * 10ull,
    (u128)10000000000000000000ull * 100ull,
    (u128)10000000000000000000ull * 1000ull,
    (u128)10000000000000000000ull * 10000ull,
    (u128)10000000000000000000ull * 100000ull,
    (u128)10000000000000000000ull * 1000000ull,
    (u128)10000000000000000000ull * 10000000ull,
    (u128)10000000000000000000ull * 100000000ull,
    (u128)10000000000000000000ull * 1000000000ull,
    (u128)10000000000000000000ull * 10000000000ull,
    (u128)10000000000000000000ull * 100000000000ull,
    (u128)10000000000000000000ull * 1000000000000ull,
    (u128)10000000000000000000ull * 10000000000000ull,
    (u128)10000000000000000000ull * 100000000000000ull,
    (u128)10000000000000000000ull * 1000000000000000ull,
    (u128)10000000000000000000ull * 10000000000000000ull,
    (u128)10000000000000000000ull * 100000000000000000ull,
    (u128)10000000000000000000ull * 1000000000000000000ull,
    (u128)10000000000000000000ull * 10000000000000000000ull};

static u128 p10(int k) {
  if (k <= 0) return 1;
  if (k <= 38) return POW10[k];
  u128 r = POW10[38]; /* beyond: wraps as the product did */
  for (k -= 38; k > 0; k--) r *= 10;
  return r;
}

/* The number of decimal digits of x (0 for 0). */
static int ndigits(u128 x) {
  int n = 0;
  while (n < 39 && x >= POW10[n]) n++;
  return n;
}

static u128 mag64(int64_t m) { return m < 0 ? (u128)(-(i128)m) : (u128)m; }

/* ---- wide values: sign, magnitude < 10^38, exponent ---------------------- */

typedef struct {
  bool neg;
  u128 mag;
  int64_t e;
} wide;

/* Sums stay below 10^38 (the comparison scales up to 38 digits) when both
 * terms are below this. */
#define WIDE_HALF ((u128)5 * p10(37))

static wide wide_of(xc_dec d) {
  wide w = {d.m < 0, mag64(d.m), d.e};
  return w;
}

static wide wide_mul(xc_dec a, xc_dec b) { /* < 2^126 < 10^38 */
  wide w = {(a.m < 0) != (b.m < 0), mag64(a.m) * mag64(b.m), (int64_t)a.e + b.e};
  if (w.mag == 0) w.neg = false;
  return w;
}

/* Rescales w to exponent e <= w->e; false when the magnitude would pass WIDE_HALF. */
static bool wide_scale(wide *w, int64_t e) {
  if (w->mag == 0) {
    w->e = e;
    return true;
  }
  int64_t k = w->e - e;
  if (k < 0 || k > 37) return false;
  u128 f = p10((int)k);
  if (w->mag > WIDE_HALF / f) return false;
  w->mag *= f;
  w->e = e;
  return true;
}

static bool wide_add(wide a, wide b, wide *out) {
  int64_t e = a.e < b.e ? a.e : b.e;
  if (a.mag == 0) e = b.e;
  if (b.mag == 0) e = a.e;
  if (!wide_scale(&a, e) || !wide_scale(&b, e) || a.mag > WIDE_HALF || b.mag > WIDE_HALF)
    return false;
  out->e = e;
  if (a.neg == b.neg) {
    out->mag = a.mag + b.mag;
    out->neg = a.neg;
  } else if (a.mag >= b.mag) {
    out->mag = a.mag - b.mag;
    out->neg = a.neg;
  } else {
    out->mag = b.mag - a.mag;
    out->neg = b.neg;
  }
  if (out->mag == 0) out->neg = false;
  return true;
}

/* Compares magnitudes am x 10^ae and bm x 10^be (both below 10^38). */
static int cmp_mag(u128 am, int64_t ae, u128 bm, int64_t be) {
  if (am == 0 || bm == 0) return (am != 0) - (bm != 0);
  int da = ndigits(am), db = ndigits(bm);
  int64_t la = da + ae, lb = db + be; /* position of the leading digit */
  if (la != lb) return la < lb ? -1 : 1;
  if (da < db) am *= p10(db - da);
  else bm *= p10(da - db);
  return (am > bm) - (am < bm);
}

static int wide_cmp(wide a, wide b) {
  int sa = a.mag == 0 ? 0 : (a.neg ? -1 : 1);
  int sb = b.mag == 0 ? 0 : (b.neg ? -1 : 1);
  if (sa != sb) return sa < sb ? -1 : 1;
  if (sa == 0) return 0;
  int c = cmp_mag(a.mag, a.e, b.mag, b.e);
  return sa < 0 ? -c : c;
}

/* Canonical xc_dec from a wide value; XC_DEC_OVERFLOW when it does not fit. */
static xc_dec_rc wide_to_dec(wide w, xc_dec *out) {
  if (w.mag == 0) {
    out->m = 0;
    out->e = 0;
    return XC_DEC_OK;
  }
  while (w.mag % 10 == 0) w.mag /= 10, w.e++;
  if (w.mag > (u128)INT64_MAX || w.e > XC_DEC_EMAX || w.e < -XC_DEC_EMAX) return XC_DEC_OVERFLOW;
  out->m = w.neg ? -(int64_t)w.mag : (int64_t)w.mag;
  out->e = (int32_t)w.e;
  return XC_DEC_OK;
}

/* ---- construction -------------------------------------------------------- */

xc_dec xc_dec_norm(xc_dec d) {
  if (d.m == 0) return (xc_dec){0, 0};
  while (d.m % 10 == 0 && d.e < INT32_MAX) d.m /= 10, d.e++;
  return d;
}

xc_dec xc_dec_from_int(int64_t v) { return xc_dec_norm((xc_dec){v, 0}); }

xc_dec_rc xc_dec_from_decimal(const xc_decimal *d, xc_dec *out) {
  if (d->nd == 0) {
    *out = (xc_dec){0, 0};
    return XC_DEC_OK;
  }
  uint64_t v = 0;
  for (unsigned k = 0; k < d->nd && k < 19; k++) v = v * 10 + (uint64_t)(d->digits[k] - '0');
  int64_t e = (int64_t)d->exp10 - d->nd + 1;
  xc_dec_rc rc = XC_DEC_OK;
  if (v > (uint64_t)INT64_MAX || d->more) { /* 19 digits above 2^63, or more than 19 */
    v = v / 10 + (v % 10 >= 5);
    e++;
    rc = XC_DEC_INEXACT;
  }
  wide w = {d->neg, v, e};
  if (wide_to_dec(w, out) != XC_DEC_OK) return XC_DEC_OVERFLOW;
  return rc;
}

xc_dec_rc xc_dec_from_double(double x, xc_dec *out) {
  if (!isfinite(x)) return XC_DEC_OVERFLOW;
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_format_number(&b, x);
  xc_decimal d;
  double back;
  bool overflow;
  xc_dec_rc rc = XC_DEC_OVERFLOW;
  if (xc_parse_number(xc_buf_str(&b), b.len, &back, &d, &overflow) && !overflow)
    rc = xc_dec_from_decimal(&d, out);
  xc_buf_free(&b);
  return rc;
}

bool xc_dec_parse_plain(const char *s, size_t n, xc_dec *out) {
  xc_decimal d;
  double v;
  bool overflow;
  if (n == 0 || !xc_parse_number(s, n, &v, &d, &overflow)) return false;
  const char *ws = " \t\n\r";
  if (memchr(ws, s[0], 4) || memchr(ws, s[n - 1], 4)) return false; /* exact text only */
  if (d.nd > 0 && (d.exp10 > XC_DEC_EMAX + 19 || d.exp10 < -XC_DEC_EMAX - 19)) return false;
  return xc_dec_from_decimal(&d, out) == XC_DEC_OK;
}

/* ---- arithmetic ----------------------------------------------------------- */

xc_dec xc_dec_neg(xc_dec a) {
  if (a.m != INT64_MIN) a.m = -a.m;
  return a;
}

xc_dec xc_dec_abs(xc_dec a) { return a.m < 0 ? xc_dec_neg(a) : a; }

xc_dec_rc xc_dec_add(xc_dec a, xc_dec b, xc_dec *out) {
  wide w;
  if (!wide_add(wide_of(a), wide_of(b), &w)) return XC_DEC_OVERFLOW;
  return wide_to_dec(w, out);
}

xc_dec_rc xc_dec_sub(xc_dec a, xc_dec b, xc_dec *out) {
  wide wb = wide_of(b), w;
  if (wb.mag) wb.neg = !wb.neg;
  if (!wide_add(wide_of(a), wb, &w)) return XC_DEC_OVERFLOW;
  return wide_to_dec(w, out);
}

xc_dec_rc xc_dec_mul(xc_dec a, xc_dec b, xc_dec *out) { return wide_to_dec(wide_mul(a, b), out); }

xc_dec_rc xc_dec_mul_int(xc_dec a, int64_t k, xc_dec *out) {
  return xc_dec_mul(a, (xc_dec){k, 0}, out);
}

int xc_dec_cmp(xc_dec a, xc_dec b) { return wide_cmp(wide_of(a), wide_of(b)); }

int xc_dec_sign(xc_dec a) { return (a.m > 0) - (a.m < 0); }

bool xc_dec_eq(xc_dec a, xc_dec b) { return xc_dec_cmp(a, b) == 0; }

bool xc_dec_is_zero(xc_dec a) { return a.m == 0; }

bool xc_dec_is_integer(xc_dec a) {
  a = xc_dec_norm(a);
  return a.e >= 0;
}

int xc_dec_decimals(xc_dec a) {
  a = xc_dec_norm(a);
  return a.e >= 0 ? 0 : a.e == INT32_MIN ? INT32_MAX : -a.e;
}

static const double pow10_exact[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                       1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

double xc_dec_to_double(xc_dec a) {
  a = xc_dec_norm(a);
  /* Clinger's fast path, as numtext.c's parser takes it: an exact mantissa
   * and an exact power of ten make one correctly rounded operation, the
   * double the text would parse to */
  uint64_t mag = a.m < 0 ? (uint64_t)0 - (uint64_t)a.m : (uint64_t)a.m;
  if (mag <= (1ull << 53)) {
    double m = (double)mag;
    if (a.e >= 0 && a.e <= 22) return a.m < 0 ? -(m * pow10_exact[a.e]) : m * pow10_exact[a.e];
    if (a.e < 0 && a.e >= -22) return a.m < 0 ? -(m / pow10_exact[-a.e]) : m / pow10_exact[-a.e];
  }
  char t[48]; /* digits only: locale-free; on the stack (nothing to fail) */
  int n = a.e ? snprintf(t, sizeof t, "%llde%d", (long long)a.m, (int)a.e) : snprintf(t, sizeof t, "%lld", (long long)a.m);
  double v = 0;
  bool overflow = false;
  if (n < 0 || (size_t)n >= sizeof t || !xc_parse_xml_number(t, (size_t)n, &v, &overflow)) v = NAN;
  if (overflow) v = a.m < 0 ? -HUGE_VAL : HUGE_VAL;
  return v;
}

bool xc_dec_to_int(xc_dec a, int64_t *out) {
  a = xc_dec_norm(a);
  if (a.e < 0) return false;
  i128 v = a.m;
  for (int32_t k = 0; k < a.e; k++) {
    v *= 10;
    if (v > INT64_MAX || v < INT64_MIN) return false;
  }
  *out = (int64_t)v;
  return true;
}

/* ---- rounding ------------------------------------------------------------- */

xc_dec xc_dec_round(xc_dec a, int k) {
  a = xc_dec_norm(a);
  int64_t shift = -(int64_t)k - a.e; /* digits of m to drop */
  if (a.m == 0 || shift <= 0) return a;
  u128 m = mag64(a.m), q = 0;
  if (shift <= 38) {
    u128 f = p10((int)shift), r;
    q = m / f;
    r = m % f;
    if (r >= f - r) q++; /* r >= f/2: half away from zero */
  } /* else |a| < 10^19 x 10^-(k+39): rounds to 0 */
  wide w = {a.m < 0, q, -(int64_t)k};
  xc_dec out;
  if (wide_to_dec(w, &out) != XC_DEC_OK) return (xc_dec){0, 0}; /* k beyond EMAX */
  return out;
}

xc_dec xc_dec_round_sig(xc_dec a, int sig) {
  a = xc_dec_norm(a);
  if (sig < 1) sig = 1;
  int nd = ndigits(mag64(a.m));
  if (nd <= sig) return a;
  int64_t k = -((int64_t)a.e + (nd - sig)); /* keep sig digits */
  if (k > INT32_MAX || k < INT32_MIN) return a;
  return xc_dec_round(a, (int)k);
}

xc_dec_rc xc_dec_div_round(xc_dec n, xc_dec d, int k, xc_dec *out) {
  if (d.m == 0) return XC_DEC_DIVZERO;
  if (n.m == 0) {
    *out = (xc_dec){0, 0};
    return XC_DEC_OK;
  }
  /* result = round(|mn| x 10^s / |md|), s = en - ed + k */
  int64_t s = (int64_t)n.e - d.e + k;
  u128 num = mag64(n.m), den = mag64(d.m);
  if (s >= 0) {
    if (s > 38) return XC_DEC_OVERFLOW;
    u128 f = p10((int)s);
    if (num > (~(u128)0) / f) return XC_DEC_OVERFLOW;
    num *= f;
  } else {
    if (-s > 38) {
      num = 0; /* |n/d| x 10^k < 10^19 x 10^-39: rounds to 0 */
    } else {
      u128 f = p10((int)-s);
      if (den > (~(u128)0) / f) num = 0; /* den x f > 2^128 > 2 num */
      else den *= f;
    }
  }
  u128 q = num / den, r = num % den;
  if (r >= den - r) q++;
  if (q > (u128)INT64_MAX) return XC_DEC_OVERFLOW;
  wide w = {(n.m < 0) != (d.m < 0), q, -(int64_t)k};
  return wide_to_dec(w, out);
}

xc_dec_rc xc_dec_pct(xc_dec n, xc_dec d, int k, xc_dec *out) {
  if (n.e > INT32_MAX - 2) return XC_DEC_OVERFLOW;
  n.e += 2;
  return xc_dec_div_round(n, d, k, out);
}

/* ---- tolerances ----------------------------------------------------------- */

static long double to_ld(xc_dec a) { return (long double)xc_dec_to_double(a); }

bool xc_dec_near(xc_dec a, xc_dec b, xc_dec tol) {
  wide wb = wide_of(b), diff;
  if (wb.mag) wb.neg = !wb.neg;
  if (!wide_add(wide_of(a), wb, &diff)) /* exponents far apart */
    return fabsl(to_ld(a) - to_ld(b)) <= to_ld(tol);
  wide t = wide_of(tol);
  return cmp_mag(diff.mag, diff.e, t.mag, t.e) <= 0 && !t.neg;
}

bool xc_dec_ratio_ok(xc_dec r, xc_dec n, xc_dec d, xc_dec tol) {
  if (d.m <= 0) return false;
  wide x = wide_mul(r, d);           /* r.d */
  wide y = wide_of(n), diff;         /* 100.n */
  y.e += 2;
  if (y.mag) y.neg = !y.neg;
  wide t = wide_mul(tol, d);         /* tol.d */
  if (!wide_add(x, y, &diff))
    return fabsl(to_ld(r) - 100.0L * to_ld(n) / to_ld(d)) <= to_ld(tol);
  return !t.neg && cmp_mag(diff.mag, diff.e, t.mag, t.e) <= 0;
}

xc_dec xc_dec_tol_pct(int k) { return k <= 0 ? (xc_dec){5, -1} : (xc_dec){1, -1}; }

xc_dec xc_dec_tol_amt(int k, int m) {
  if (k < 0) k = 0;
  if (k > XC_DEC_EMAX - 1) k = XC_DEC_EMAX - 1;
  if (m < 1) m = 1;
  return xc_dec_norm((xc_dec){5 * (int64_t)m, -(int32_t)k - 1});
}

xc_dec xc_dec_tol_sc(void) { return (xc_dec){1, -2}; }

xc_dec xc_dec_tol_rng(void) { return (xc_dec){1, -1}; }

xc_dec xc_dec_tol_ex(void) { return (xc_dec){0, 0}; }

/* ---- text ----------------------------------------------------------------- */

/* Lays out a: sign, integer digits (grouped by `group` every three when
 * nonzero), then `point` and the fraction: exactly `decimals` digits when
 * decimals >= 0 (after rounding), else as many as needed. */
static bool format(xc_buf *b, xc_dec a, int decimals, char group, char point) {
  a = decimals >= 0 ? xc_dec_round(a, decimals) : xc_dec_norm(a);
  char digits[24];
  size_t nd = 0;
  u128 m = mag64(a.m);
  do {
    digits[sizeof digits - ++nd] = (char)('0' + (int)(m % 10));
    m /= 10;
  } while (m);
  const char *dg = digits + sizeof digits - nd;
  /* digit i (0-based from the left) has weight 10^(nd - 1 - i + e) */
  int64_t int_len = (int64_t)nd + a.e; /* digits before the point (may be <= 0) */
  int64_t frac = decimals >= 0 ? decimals : (a.e < 0 ? -(int64_t)a.e : 0);
  bool ok = true;
  if (a.m < 0) ok &= xc_buf_addc(b, '-');
  if (int_len <= 0) {
    ok &= xc_buf_addc(b, '0');
  } else {
    for (int64_t i = 0; i < int_len; i++) {
      if (group && i > 0 && (int_len - i) % 3 == 0) ok &= xc_buf_addc(b, group);
      ok &= xc_buf_addc(b, i < (int64_t)nd ? dg[i] : '0');
    }
  }
  if (frac > 0) {
    ok &= xc_buf_addc(b, point);
    for (int64_t i = int_len; i < int_len + frac; i++)
      ok &= xc_buf_addc(b, i >= 0 && i < (int64_t)nd ? dg[i] : '0');
  }
  return ok;
}

bool xc_dec_format_vi(xc_buf *b, xc_dec a, int decimals) { return format(b, a, decimals, '.', ','); }

bool xc_dec_format_plain(xc_buf *b, xc_dec a, int decimals) {
  return format(b, a, decimals, 0, '.');
}
