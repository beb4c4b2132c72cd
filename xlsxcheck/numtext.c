/* numtext.c: number and date formatting, field escaping, _xHHHH_ decoding. */
#include "numtext.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool xc_parse_xml_number(const char *s, size_t n, double *out, bool *overflow) {
  char tmp[128];
  size_t i = 0, j = 0;
  *overflow = false;
  while (i < n && is_space(s[i])) i++;
  while (n > i && is_space(s[n - 1])) n--;
  size_t start = i;
  if (i < n && (s[i] == '-' || s[i] == '+')) i++;
  size_t int_digits = 0, frac_digits = 0;
  while (i < n && is_digit(s[i])) i++, int_digits++;
  if (i < n && s[i] == '.') {
    i++;
    while (i < n && is_digit(s[i])) i++, frac_digits++;
  }
  if (int_digits + frac_digits == 0) return false;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    if (i < n && (s[i] == '-' || s[i] == '+')) i++;
    size_t exp_digits = 0;
    while (i < n && is_digit(s[i])) i++, exp_digits++;
    if (exp_digits == 0) return false;
  }
  if (i != n) return false;
  if (n - start >= sizeof tmp) { /* absurdly long: digits beyond 17 carry nothing */
    *overflow = true;
    return true;
  }
  for (size_t k = start; k < n; k++) tmp[j++] = s[k];
  tmp[j] = '\0';
  double v = strtod(tmp, NULL); /* C locale: no setlocale anywhere */
  if (!isfinite(v)) {
    *overflow = true;
    return true;
  }
  *out = v;
  return true;
}

void xc_format_number(xc_buf *b, double x) {
  if (!isfinite(x)) {
    xc_buf_adds(b, isnan(x) ? "nan" : (x > 0 ? "inf" : "-inf"));
    return;
  }
  if (x == floor(x) && fabs(x) < 9007199254740992.0) {
    xc_buf_printf(b, "%lld", (long long)x);
    return;
  }
  char e[40];
  int prec;
  for (prec = 1; prec <= 17; prec++) {
    snprintf(e, sizeof e, "%.*e", prec - 1, x);
    if (strtod(e, NULL) == x) break;
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
  int exp10 = atoi(p + 1);
  if (neg) xc_buf_addc(b, '-');
  if (exp10 < -4 || exp10 >= 16) {
    xc_buf_addc(b, digits[0]);
    if (nd > 1) {
      xc_buf_addc(b, '.');
      xc_buf_add(b, digits + 1, nd - 1);
    }
    xc_buf_printf(b, "e%c%02d", exp10 < 0 ? '-' : '+', abs(exp10));
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

/* days since 1970-01-01 <-> civil date (H. Hinnant's algorithms) */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = (unsigned)(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = (unsigned)(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t yy = (int64_t)yoe + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = (int)(yy + (*m <= 2));
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
    int y;
    unsigned m, d;
    if (date1904) {
      civil_from_days(EPOCH_1904 + days, &y, &m, &d);
    } else if (days == 60) {
      y = 1900, m = 2, d = 29; /* Excel's fictitious leap day */
    } else {
      civil_from_days(EPOCH_1900 + days + (days < 60), &y, &m, &d);
    }
    xc_buf_printf(b, "%04d-%02u-%02u", y, m, d);
    if (ms == 0) return true;
    xc_buf_printf(b, "T%02u:%02u:%02u", hh, mi, ss);
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
    if (m < 1 || m > 12 || d < 1 || d > 31) return false;
    has_date = true;
    if (i < n && !take_char(s, n, &i, 'T') && !take_char(s, n, &i, ' ')) return false;
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
    days = days_from_civil(y, m, d) - EPOCH_1904;
  } else if (y == 1900 && m == 2 && d == 29) {
    days = 60;
  } else {
    days = days_from_civil(y, m, d) - EPOCH_1900;
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
