/* numtext.c: number and date formatting, field escaping, _xHHHH_ decoding. */
#include "numtext.h"

#include "alloc.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Splits a number text ([-+] digits [. digits] [e [-+] digits], no spaces)
 * into its significant digits and exponent, validating it on the way.
 * false when the text is not such a number. */
static bool decompose(const char *s, size_t n, xc_decimal *d) {
  size_t i = 0;
  d->neg = false;
  d->nd = 0;
  d->more = false;
  if (i < n && (s[i] == '-' || s[i] == '+')) d->neg = s[i++] == '-';
  long point = 0; /* digits before the decimal point, from the first significant one */
  bool seen_point = false, seen_sig = false;
  long zeros_after_point = 0;
  size_t pending_zeros = 0, mantissa_digits = 0;
  for (; i < n; i++) {
    char c = s[i];
    if (c == '.') {
      if (seen_point) return false;
      seen_point = true;
      continue;
    }
    if (!is_digit(c)) break;
    mantissa_digits++;
    if (!seen_sig && c == '0') {
      if (seen_point) zeros_after_point++;
      continue;
    }
    seen_sig = true;
    if (!seen_point) point++;
    if (c == '0') {
      pending_zeros++;
      continue;
    }
    for (; pending_zeros > 0; pending_zeros--) {
      if (d->nd < 19) d->digits[d->nd++] = '0';
      else d->more = true;
    }
    if (d->nd < 19) d->digits[d->nd++] = c;
    else d->more = true;
  }
  if (mantissa_digits == 0) return false;
  long e = 0;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    bool eneg = false;
    if (i < n && (s[i] == '-' || s[i] == '+')) eneg = s[i++] == '-';
    size_t exp_digits = 0;
    for (; i < n && is_digit(s[i]); i++, exp_digits++)
      if (e < 1000000) e = e * 10 + (s[i] - '0');
    if (exp_digits == 0) return false;
    if (eneg) e = -e;
  }
  if (i != n) return false;
  d->digits[d->nd] = '\0';
  d->exp10 = (int32_t)((seen_point && point == 0 ? -zeros_after_point - 1 : point - 1) + e);
  return true;
}

static const double pow10_exact[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

bool xc_parse_number(const char *s, size_t n, double *out, xc_decimal *d, bool *overflow) {
  *overflow = false;
  size_t i = 0;
  while (i < n && is_space(s[i])) i++;
  while (n > i && is_space(s[n - 1])) n--;
  if (!decompose(s + i, n - i, d)) return false;
  if (d->nd == 0) {
    *out = d->neg ? -0.0 : 0.0;
    return true;
  }
  /* Clinger's fast path: at most 15 digits and an exact power of ten make one
   * correctly rounded multiplication or division. */
  uint64_t mi = 0;
  if (!d->more && d->nd <= 19)
    for (size_t k = 0; k < d->nd; k++) mi = mi * 10 + (uint64_t)(d->digits[k] - '0');
  if (!d->more && d->nd <= 19 && mi <= (1ull << 53)) { /* the mantissa is exact in a double */
    double m = (double)mi;
    long scale = (long)d->exp10 - (long)d->nd + 1; /* value = m x 10^scale */
    if (scale >= 0 && scale <= 22) {
      *out = d->neg ? -(m * pow10_exact[scale]) : m * pow10_exact[scale];
      return true;
    }
    if (scale < 0 && scale >= -22) {
      *out = d->neg ? -(m / pow10_exact[-scale]) : m / pow10_exact[-scale];
      return true;
    }
  }
  if (d->exp10 > 400 || d->exp10 < -400) { /* beyond any double (or zero) */
    if (d->exp10 > 0) {
      *overflow = true;
      return true;
    }
    *out = d->neg ? -0.0 : 0.0;
    return true;
  }
  /* strtod on the canonical digits; with more than 19 significant digits,
   * on the whole text (a sticky digit cannot decide every halfway case) */
  char tmp[48], whole[512];
  char *heap = NULL;
  const char *src = tmp;
  if (d->more && n - i < sizeof whole) { /* most long numbers fit here: no allocation */
    memcpy(whole, s + i, n - i);
    whole[n - i] = '\0';
    src = whole;
  } else if (d->more && (heap = xc_try_malloc(n - i + 1))) {
    memcpy(heap, s + i, n - i);
    heap[n - i] = '\0';
    src = heap;
  }
  if (src == tmp) { /* (a text of 512+ digits when memory ran out: its first 19 and a sticky digit) */
    /* "-0.DIGITSeEXP", built by hand: this runs for every full-precision
     * number of a sheet, and snprintf cost more than strtod */
    char *o = tmp;
    if (d->neg) *o++ = '-';
    *o++ = '0';
    *o++ = '.';
    memcpy(o, d->digits, d->nd);
    o += d->nd;
    *o++ = 'e';
    long ex = (long)d->exp10 + 1; /* |ex| <= 401: checked above */
    if (ex < 0) {
      *o++ = '-';
      ex = -ex;
    }
    char rev[8];
    int k = 0;
    do rev[k++] = (char)('0' + ex % 10);
    while ((ex /= 10) != 0 && k < (int)sizeof rev);
    while (k > 0) *o++ = rev[--k];
    *o = '\0';
  }
  double v = strtod(src, NULL); /* C locale: no setlocale anywhere */
  free(heap);
  if (!isfinite(v)) {
    *overflow = true;
    return true;
  }
  *out = v;
  return true;
}

bool xc_parse_xml_number(const char *s, size_t n, double *out, bool *overflow) {
  xc_decimal d;
  return xc_parse_number(s, n, out, &d, overflow);
}

static void put_uint(xc_buf *b, unsigned long long v) {
  char tmp[24];
  size_t n = sizeof tmp;
  do {
    tmp[--n] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  xc_buf_add(b, tmp + n, sizeof tmp - n);
}

/* Python's repr layout for shortest digits d1..dn and exponent e. */
static void put_repr(xc_buf *b, bool neg, const char *digits, size_t nd, int exp10) {
  if (neg) xc_buf_addc(b, '-');
  if (exp10 < -4 || exp10 >= 16) {
    xc_buf_addc(b, digits[0]);
    if (nd > 1) {
      xc_buf_addc(b, '.');
      xc_buf_add(b, digits + 1, nd - 1);
    }
    xc_buf_addc(b, 'e');
    xc_buf_addc(b, exp10 < 0 ? '-' : '+');
    unsigned ae = (unsigned)(exp10 < 0 ? -exp10 : exp10);
    if (ae < 10) xc_buf_addc(b, '0');
    put_uint(b, ae);
  } else if (exp10 < 0) {
    xc_buf_adds(b, "0.");
    for (int k = -1; k > exp10; k--) xc_buf_addc(b, '0');
    xc_buf_add(b, digits, nd);
  } else if ((size_t)exp10 + 1 >= nd) {
    xc_buf_add(b, digits, nd);
    for (size_t k = nd; k < (size_t)exp10 + 1; k++) xc_buf_addc(b, '0');
    xc_buf_adds(b, ".0");
  } else {
    xc_buf_add(b, digits, (size_t)exp10 + 1);
    xc_buf_addc(b, '.');
    xc_buf_add(b, digits + exp10 + 1, nd - (size_t)exp10 - 1);
  }
}

static void format_number_from(xc_buf *b, double x, int first);

/* Rounds digits d1..dn (n > 15) to 15 significant digits, half up, into out;
 * returns the new exponent adjustment (1 when 9.99… rounded up to 10). */
static int round15(const char *digits, size_t nd, char out[16], size_t *outn) {
  memcpy(out, digits, 15);
  int carry = digits[15] >= '5';
  for (int k = 14; k >= 0 && carry; k--) {
    if (out[k] == '9') out[k] = '0';
    else out[k]++, carry = 0;
  }
  size_t n = 15;
  int bump = 0;
  if (carry) { /* 999…9 -> 1000…0 */
    out[0] = '1';
    memset(out + 1, '0', 14);
    bump = 1;
  }
  while (n > 1 && out[n - 1] == '0') n--;
  out[n] = '\0';
  *outn = n;
  (void)nd;
  return bump;
}

void xc_format_decimal(xc_buf *b, const xc_decimal *d, double x) {
  /* 16 or 17 digits as written (Excel writes 953.67999999999995): when the
   * 15-digit rounding reads back to x, it is the shortest form (see
   * xc_format_number), found without printf */
  /* (from 2^53 up every double is an integer and a written "…993" may stand for
   * "…992": those take the full search) */
  if (d && !d->more && d->nd > 15 && d->exp10 > -290 && d->exp10 < 290 && isfinite(x) &&
      fabs(x) >= DBL_MIN && fabs(x) < 9007199254740992.0 && x != floor(x)) {
    char r[16];
    size_t rn;
    int bump = round15(d->digits, d->nd, r, &rn);
    long exp10 = d->exp10 + bump;
    double m = 0;
    for (size_t k = 0; k < rn; k++) m = m * 10 + (r[k] - '0');
    long scale = exp10 - (long)rn + 1;
    double v = 0;
    bool exact = true;
    if (scale >= 0 && scale <= 22) v = m * pow10_exact[scale];
    else if (scale < 0 && scale >= -22) v = m / pow10_exact[-scale];
    else exact = false;
    if (d->neg) v = -v;
    if (exact && v == x) {
      put_repr(b, d->neg, r, rn, (int)exp10);
      return;
    }
    /* No 15-digit form: the shortest has 16 or 17 digits, and producers write
     * the correctly rounded ones (%.16G, %.17G), so the written digits serve,
     * unless they sit on a rounding boundary ("…5", "…50") where the exact
     * value might round the other way: then the full search below. */
    if (exact && d->nd == 16 && d->digits[15] != '5') {
      size_t n = 16;
      while (n > 1 && d->digits[n - 1] == '0') n--;
      put_repr(b, d->neg, d->digits, n, (int)d->exp10);
      return;
    }
    if (exact && d->nd == 17 && d->digits[16] != '5') {
      /* a 16-digit form? its mantissa is exact below 2^53 */
      char r16[17];
      memcpy(r16, d->digits, 16);
      int carry = d->digits[16] >= '5';
      for (int k = 15; k >= 0 && carry; k--) {
        if (r16[k] == '9') r16[k] = '0';
        else r16[k]++, carry = 0;
      }
      if (!carry) {
        double m16 = 0;
        for (int k = 0; k < 16; k++) m16 = m16 * 10 + (r16[k] - '0');
        long sc16 = d->exp10 - 15;
        if (m16 <= 9007199254740992.0 && sc16 >= -22 && sc16 <= 22) {
          double v16 = sc16 >= 0 ? m16 * pow10_exact[sc16] : m16 / pow10_exact[-sc16];
          if (d->neg) v16 = -v16;
          size_t n = 16;
          while (n > 1 && r16[n - 1] == '0') n--;
          if (v16 == x) put_repr(b, d->neg, r16, n, (int)d->exp10);
          else put_repr(b, d->neg, d->digits, 17, (int)d->exp10);
          return;
        }
      }
    }
  }
  /* With at most 15 significant digits the stored text is already the shortest
   * that reads back to x (DBL_DIG = 15: no two such decimals share a double),
   * so only its layout needs normalising; no printf, no strtod. */
  if (d && !d->more && d->nd <= 15 && d->exp10 > -300 && d->exp10 < 300) {
    if (d->nd == 0) {
      xc_buf_addc(b, '0');
      return;
    }
    bool integral = d->exp10 >= (int32_t)d->nd - 1;
    if (integral && d->exp10 <= 14) { /* below 10^15 < 2^53 */
      if (d->neg) xc_buf_addc(b, '-');
      xc_buf_add(b, d->digits, d->nd);
      for (int32_t k = (int32_t)d->nd; k <= d->exp10; k++) xc_buf_addc(b, '0');
      return;
    }
    if (!integral || d->exp10 >= 16) {
      put_repr(b, d->neg, d->digits, d->nd, (int)d->exp10);
      return;
    }
  }
  xc_format_number(b, x);
}

void xc_format_number_text(xc_buf *b, double x, const char *text, size_t n) {
  xc_decimal d;
  bool overflow;
  double v;
  if (text && xc_parse_number(text, n, &v, &d, &overflow) && !overflow && v == x)
    xc_format_decimal(b, &d, x);
  else
    xc_format_number(b, x);
}

/* "d.ddde+XX" -> the same digits plus one unit in the last place, in place.
 * false when that would change the exponent (the caller tries more digits). */
static bool next_up_digits(char *e) {
  char *p = strchr(e, 'e');
  if (!p) return false;
  for (char *q = p - 1; q >= e; q--) {
    if (*q == '.') continue;
    if (*q == '-') return false;
    if (*q < '9') {
      (*q)++;
      return true;
    }
    *q = '0';
  }
  return false;
}

void xc_format_number(xc_buf *b, double x) { format_number_from(b, x, 15); }

static void format_number_from(xc_buf *b, double x, int first_prec) {
  if (!isfinite(x)) {
    xc_buf_adds(b, isnan(x) ? "nan" : (x > 0 ? "inf" : "-inf"));
    return;
  }
  if (x == floor(x) && fabs(x) < 9007199254740992.0) {
    if (x < 0) xc_buf_addc(b, '-');
    put_uint(b, (unsigned long long)fabs(x));
    return;
  }
  /* The shortest digits: a normal double whose shortest form has at most 15
   * digits is exactly its 15-digit rounding with trailing zeros dropped (its
   * distance to x is below half a 15-digit step), so try 15, 16, then 17
   * digits; subnormals take the long way. */
  char e[40];
  int first = fabs(x) < DBL_MIN ? 1 : first_prec, exp2;
  bool pow2 = frexp(x, &exp2) == (x < 0 ? -0.5 : 0.5);
  for (int prec = first; prec <= 17; prec++) {
    snprintf(e, sizeof e, "%.*e", prec - 1, x);
    if (strtod(e, NULL) == x) break;
    /* a power of two has a lopsided rounding interval (twice as wide above):
     * the next decimal up may read back to x where the nearest does not */
    if (pow2 && next_up_digits(e) && strtod(e, NULL) == x) break;
  }
  /* e = "[-]d.ddde[+-]XX": split into sign, digits and exponent */
  const char *p = e;
  bool neg = false;
  if (*p == '-') neg = true, p++;
  char digits[24];
  size_t nd = 0;
  for (; *p && *p != 'e'; p++)
    if (is_digit(*p)) digits[nd++] = *p;
  while (nd > 1 && digits[nd - 1] == '0') nd--;
  digits[nd] = '\0';
  put_repr(b, neg, digits, nd, atoi(p + 1));
}

/* days since 1970-01-01 <-> civil date (H. Hinnant's algorithms) */
int64_t xc_date_days(int y, int m, int d) {
  int64_t yy = (int64_t)y - (m <= 2);
  const int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
  const int64_t yoe = yy - era * 400;
  const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void xc_date_from_days(int64_t z, int *y, int *m, int *d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)(yoe + era * 400 + (*m <= 2));
}

static void put_2(char *o, unsigned v) { /* two digits, 00-99 */
  o[0] = (char)('0' + v / 10 % 10);
  o[1] = (char)('0' + v % 10);
}

#define EPOCH_1900 (-25569) /* 1899-12-30 */
#define EPOCH_1904 (-24107) /* 1904-01-01 */
#define MAX_SERIAL_1900 2958465.0 /* 9999-12-31 */

bool xc_format_serial(xc_buf *b, double serial, bool date1904) {
  double max = date1904 ? MAX_SERIAL_1900 - 1462 : MAX_SERIAL_1900;
  if (!(serial >= 0) || serial >= max + 1) return false;
  int64_t days = (int64_t)floor(serial);
  int64_t ms = llround((serial - (double)days) * 86400000.0);
  if (ms >= 86400000) days++, ms -= 86400000;
  if ((double)days > max) return false;
  unsigned hh = (unsigned)(ms / 3600000), mi = (unsigned)(ms / 60000 % 60),
           ss = (unsigned)(ms / 1000 % 60), mss = (unsigned)(ms % 1000);
  if (serial < 1 && days == 0) {
    xc_buf_printf(b, "%02u:%02u:%02u", hh, mi, ss);
  } else {
    int y, m, d;
    if (date1904) {
      xc_date_from_days(EPOCH_1904 + days, &y, &m, &d);
    } else if (days == 60) {
      y = 1900, m = 2, d = 29; /* Excel's fictitious leap day */
    } else {
      xc_date_from_days(EPOCH_1900 + days + (days < 60), &y, &m, &d);
    }
    char t[32];
    put_2(t, (unsigned)(y / 100));
    put_2(t + 2, (unsigned)(y % 100));
    t[4] = '-';
    put_2(t + 5, (unsigned)m);
    t[7] = '-';
    put_2(t + 8, (unsigned)d);
    xc_buf_add(b, t, 10);
    if (ms == 0) return true;
    t[0] = 'T';
    put_2(t + 1, hh);
    t[3] = ':';
    put_2(t + 4, mi);
    t[6] = ':';
    put_2(t + 7, ss);
    xc_buf_add(b, t, 9);
  }
  if (mss) xc_buf_printf(b, ".%03u", mss);
  return true;
}

static bool take_uint(const char *s, size_t n, size_t *i, size_t len, unsigned *v) {
  *v = 0;
  for (size_t k = 0; k < len; k++) {
    if (*i >= n || !is_digit(s[*i])) return false;
    *v = *v * 10 + (unsigned)(s[(*i)++] - '0');
  }
  return true;
}

static bool take_char(const char *s, size_t n, size_t *i, char c) {
  if (*i < n && s[*i] == c) {
    (*i)++;
    return true;
  }
  return false;
}

bool xc_parse_iso_date(const char *s, size_t n, bool date1904, double *serial) {
  size_t i = 0;
  unsigned y = 0, m = 0, d = 0, hh = 0, mi = 0, ss = 0;
  double frac = 0;
  bool has_date = false;
  if (n >= 10 && s[4] == '-') {
    if (!take_uint(s, n, &i, 4, &y) || !take_char(s, n, &i, '-') ||
        !take_uint(s, n, &i, 2, &m) || !take_char(s, n, &i, '-') || !take_uint(s, n, &i, 2, &d))
      return false;
    static const unsigned mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1]) return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m == 2 && d == 29 && !leap && y != 1900) return false; /* 1900-02-29: Excel's serial 60 */
    has_date = true;
    if (i < n && !take_char(s, n, &i, 'T') && !take_char(s, n, &i, ' ')) return false;
    if (i == n && (s[n - 1] == 'T' || s[n - 1] == ' ')) return false;
  }
  if (i < n) {
    if (!take_uint(s, n, &i, 2, &hh) || !take_char(s, n, &i, ':') ||
        !take_uint(s, n, &i, 2, &mi))
      return false;
    if (take_char(s, n, &i, ':') && !take_uint(s, n, &i, 2, &ss)) return false;
    if (take_char(s, n, &i, '.')) {
      double scale = 0.1;
      size_t k = 0;
      while (i < n && is_digit(s[i])) frac += (s[i++] - '0') * scale, scale /= 10, k++;
      if (k == 0) return false;
    }
    if (i < n && s[i] == 'Z') i++;
    if (i != n || hh > 23 || mi > 59 || ss > 60) return false;
  }
  if (!has_date && n == 0) return false;
  double t = (hh * 3600.0 + mi * 60.0 + ss + frac) / 86400.0;
  if (!has_date) {
    *serial = t;
    return true;
  }
  int64_t days;
  if (date1904) {
    days = xc_date_days((int)y, (int)m, (int)d) - EPOCH_1904;
  } else if (y == 1900 && m == 2 && d == 29) {
    days = 60;
  } else {
    days = xc_date_days((int)y, (int)m, (int)d) - EPOCH_1900;
    if (days <= 60) days--; /* before the fictitious 1900-02-29 */
  }
  *serial = (double)days + t;
  return true;
}

void xc_escape_field(xc_buf *b, const char *s, size_t n) {
  size_t run = 0;
  for (size_t i = 0; i < n; i++) {
    const char *esc = NULL;
    switch (s[i]) {
      case '\t': esc = "\\t"; break;
      case '\n': esc = "\\n"; break;
      case '\r': esc = "\\r"; break;
      case '\\': esc = "\\\\"; break;
      default: continue;
    }
    xc_buf_add(b, s + run, i - run);
    xc_buf_add(b, esc, 2);
    run = i + 1;
  }
  xc_buf_add(b, s + run, n - run);
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static bool escape_at(const char *s, size_t n, size_t i, unsigned *cp) {
  if (i + 7 > n || s[i] != '_' || s[i + 1] != 'x' || s[i + 6] != '_') return false;
  unsigned v = 0;
  for (size_t k = 2; k < 6; k++) {
    int h = hexval(s[i + k]);
    if (h < 0) return false;
    v = v * 16 + (unsigned)h;
  }
  *cp = v;
  return true;
}

static size_t put_utf8(char *o, unsigned cp) {
  if (cp < 0x80) {
    o[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    o[0] = (char)(0xC0 | (cp >> 6));
    o[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    o[0] = (char)(0xE0 | (cp >> 12));
    o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  o[0] = (char)(0xF0 | (cp >> 18));
  o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  o[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

size_t xc_decode_xstring(char *s, size_t n) {
  if (!memchr(s, '_', n)) return n;
  size_t o = 0;
  for (size_t i = 0; i < n;) {
    unsigned cp, lo;
    if (escape_at(s, n, i, &cp)) {
      if (cp >= 0xD800 && cp <= 0xDBFF && escape_at(s, n, i + 7, &lo) && lo >= 0xDC00 &&
          lo <= 0xDFFF) {
        o += put_utf8(s + o, 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00));
        i += 14;
        continue;
      }
      if (cp < 0xD800 || cp > 0xDFFF) { /* a lone surrogate stays literal */
        o += put_utf8(s + o, cp);     /* at most 3 bytes for 7 read: never overtakes i */
        i += 7;
        continue;
      }
    }
    s[o++] = s[i++];
  }
  return o;
}

bool xc_utf8_valid(const char *str, size_t n) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0;
  while (i < n) {
    unsigned c = s[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t len;
    unsigned cp;
    if (c >= 0xC2 && c <= 0xDF) len = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF) len = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4) len = 4, cp = c & 0x07;
    else return false;
    if (i + len > n) return false;
    for (size_t k = 1; k < len; k++) {
      if ((s[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
      return false;
    i += len;
  }
  return true;
}
