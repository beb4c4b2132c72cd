/* value.c: cells as typed values; the Vietnamese number and date notation.
 * See value.h for the rules.  The text parsers are small functions on a
 * cursor that return 0 on success and nonzero otherwise (curl's STRPARSE). */
#include "value.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "textkey.h"

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* ---- cursor ----------------------------------------------------------------- */

typedef struct {
  const char *s;
  size_t n, i;
} cur;

/* Moves *a forward and *b back over whitespace (xc_space_len). */
static void trim(const char *s, size_t *a, size_t *b) {
  size_t k;
  while (*a < *b && (k = xc_space_len(s + *a, *b - *a)) > 0) *a += k;
  for (bool more = true; more && *a < *b;) {
    more = false;
    for (k = 1; k <= 3 && k <= *b - *a; k++)
      if (xc_space_len(s + *b - k, k) == k) {
        *b -= k;
        more = true;
        break;
      }
  }
}

/* 0 when between min and max digits follow (max <= 9); their value in *v. */
static int take_digits(cur *c, size_t min, size_t max, int *v) {
  size_t k = 0;
  *v = 0;
  while (c->i < c->n && k < max && is_digit(c->s[c->i])) *v = *v * 10 + (c->s[c->i++] - '0'), k++;
  if (k < min || (c->i < c->n && is_digit(c->s[c->i]))) return 1;
  return 0;
}

static int take_char(cur *c, char ch) {
  if (c->i < c->n && c->s[c->i] == ch) {
    c->i++;
    return 0;
  }
  return 1;
}

static int at_end(const cur *c) { return c->i == c->n ? 0 : 1; }

/* ---- calendar --------------------------------------------------------------- */

static int days_in_month(int y, int m) {
  static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : dim[m - 1];
}

bool xc_date_valid(int y, int m, int d) {
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

#define MAX_SERIAL_1900 2958465 /* 9999-12-31 */
#define MAX_SERIAL_1904 (MAX_SERIAL_1900 - 1462)

bool xc_date_from_serial(xc_dec serial, bool date1904, int *y, int *m, int *d, bool *time) {
  int64_t max = date1904 ? MAX_SERIAL_1904 : MAX_SERIAL_1900;
  serial = xc_dec_norm(serial);
  if (serial.m < 0 || xc_dec_cmp(serial, xc_dec_from_int(max + 1)) >= 0) return false;
  int64_t day = 0;
  bool frac = false;
  if (serial.e >= 0) {
    if (!xc_dec_to_int(serial, &day)) return false;
  } else if (serial.e >= -18) {
    int64_t f = 1;
    for (int32_t k = 0; k < -serial.e; k++) f *= 10;
    day = serial.m / f;
    frac = serial.m % f != 0;
  } else {
    frac = serial.m != 0; /* below 1 */
  }
  int64_t days;
  if (date1904) {
    days = xc_date_days(1904, 1, 1) + day;
  } else {
    if (day == 0 || day == 60) return false; /* 00/01/1900 and the fictitious 29/02/1900 */
    days = day < 60 ? xc_date_days(1899, 12, 31) + day : xc_date_days(1899, 12, 30) + day;
  }
  xc_date_from_days(days, y, m, d);
  if (time) *time = frac;
  return true;
}

int64_t xc_date_to_serial(int y, int m, int d, bool date1904) {
  int64_t days = xc_date_days(y, m, d);
  if (date1904) return days - xc_date_days(1904, 1, 1);
  int64_t s = days - xc_date_days(1899, 12, 30);
  return s <= 60 ? s - 1 : s;
}

/* ---- dates in text ------------------------------------------------------------ */

/* d/m/yyyy on the cursor, to its end. */
static int parse_dmy(cur *c, int *y, int *m, int *d) {
  if (take_digits(c, 1, 2, d) || take_char(c, '/') || take_digits(c, 1, 2, m) ||
      take_char(c, '/') || take_digits(c, 4, 4, y) || at_end(c))
    return 1;
  return xc_date_valid(*y, *m, *d) ? 0 : 1;
}

bool xc_value_parse_date_vi(const char *s, size_t n, int *y, int *m, int *d) {
  size_t a = 0, b = n;
  trim(s, &a, &b);
  cur c = {s + a, b - a, 0};
  int yy, mm, dd;
  if (parse_dmy(&c, &yy, &mm, &dd)) return false;
  *y = yy, *m = mm, *d = dd;
  return true;
}

static bool sep_char(char ch) { return ch == '/' || ch == '-' || ch == '.'; }

bool xc_value_looks_like_date(const char *s, size_t n) {
  size_t a = 0, b = n;
  trim(s, &a, &b);
  size_t len[3] = {0, 0, 0}, groups = 0, slash_or_dash = 0;
  size_t i = a;
  while (i < b) {
    size_t k = 0;
    while (i < b && is_digit(s[i])) i++, k++;
    if (k == 0 || groups == 3) return false;
    len[groups++] = k;
    if (i == b) break;
    size_t seps = 0, sp;
    while (i < b) {
      if (sep_char(s[i])) {
        slash_or_dash += s[i] != '.';
        seps++, i++;
      } else if ((sp = xc_space_len(s + i, b - i)) > 0) {
        i += sp;
      } else {
        break;
      }
    }
    if (seps == 0 || i == b) return false;
  }
  if (groups != 3) return false;
  bool dmy = len[0] <= 2 && len[1] <= 2 && (len[2] == 2 || len[2] == 4);
  bool ymd = len[0] == 4 && len[1] <= 2 && len[2] <= 2;
  if (slash_or_dash == 0) return (dmy && len[2] == 4) || ymd;
  return dmy || ymd;
}

/* A t="d" cell: "YYYY-MM-DD" optionally followed by a time. */
static bool parse_iso(const char *s, size_t n, int *y, int *m, int *d, bool *time) {
  cur c = {s, n, 0};
  if (take_digits(&c, 4, 4, y) || take_char(&c, '-') || take_digits(&c, 2, 2, m) ||
      take_char(&c, '-') || take_digits(&c, 2, 2, d) || !xc_date_valid(*y, *m, *d))
    return false;
  *time = false;
  if (at_end(&c) == 0) return true;
  if (s[c.i] != 'T' && s[c.i] != ' ') return false;
  for (size_t k = c.i + 1; k < n; k++) /* a time of day: any non-zero digit */
    if (is_digit(s[k]) && s[k] != '0') *time = true;
  return c.i + 1 < n;
}

/* ---- numbers in text ------------------------------------------------------------ */

/* The first group of a thousands-grouped part: 1..3 digits, not all zero,
 * then ".ddd" groups to the end.  p[0..n) holds digits and dots only. */
static bool grouping_ok(const char *p, size_t n) {
  size_t i = 0;
  bool nonzero = false;
  while (i < n && is_digit(p[i])) nonzero |= p[i++] != '0';
  if (i == 0 || i > 3 || !nonzero) return false;
  while (i < n) {
    if (p[i] != '.' || i + 4 > n) return false;
    for (size_t k = 1; k <= 3; k++)
      if (!is_digit(p[i + k])) return false;
    i += 4;
  }
  return true;
}

static bool all_digits(const char *p, size_t n) {
  if (n == 0) return false;
  for (size_t i = 0; i < n; i++)
    if (!is_digit(p[i])) return false;
  return true;
}

static size_t count(const char *p, size_t n, char ch) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++) k += p[i] == ch;
  return k;
}

typedef enum { NUM_OK, NUM_NOT, NUM_OVERFLOW } num_rc;

/* The digits of int_part (dots skipped) then frac, as m x 10^e. */
static num_rc accumulate(const char *ip, size_t in, const char *fp, size_t fn, bool neg,
                         xc_dec *out) {
  uint64_t m = 0;
  int64_t pending = 0; /* zeros seen after a significant digit, not yet applied */
  bool over = false;
  for (int part = 0; part < 2; part++) {
    const char *p = part ? fp : ip;
    size_t n = part ? fn : in;
    for (size_t i = 0; i < n && !over; i++) {
      if (!is_digit(p[i])) continue;
      if (p[i] == '0') {
        if (m) pending++;
        continue;
      }
      for (; pending > 0 && !over; pending--) {
        if (m > (uint64_t)INT64_MAX / 10) over = true;
        else m *= 10;
      }
      uint64_t dgt = (uint64_t)(p[i] - '0');
      if (over || m > ((uint64_t)INT64_MAX - dgt) / 10) over = true;
      else m = m * 10 + dgt;
    }
  }
  if (over) return NUM_OVERFLOW;
  if (m == 0) {
    *out = (xc_dec){0, 0};
    return NUM_OK;
  }
  int64_t e = pending - (int64_t)fn; /* fn <= SIZE_MAX: a text that long is not in memory */
  if (e > XC_DEC_EMAX || e < -XC_DEC_EMAX) return NUM_OVERFLOW;
  *out = (xc_dec){neg ? -(int64_t)m : (int64_t)m, (int32_t)e};
  return NUM_OK;
}

/* t[0..n): the number without spaces. */
static num_rc parse_compact(const char *t, size_t n, xc_value *out) {
  size_t i = 0;
  bool neg = n > 0 && t[0] == '-';
  if (neg) i++;
  unsigned flags = XC_VF_FROM_TEXT;
  if (n > i && t[n - 1] == '%') {
    flags |= XC_VF_PERCENT;
    n--;
  }
  const char *body = t + i;
  size_t bn = n - i;
  if (bn == 0) return NUM_NOT;
  for (size_t k = 0; k < bn; k++)
    if (!is_digit(body[k]) && body[k] != '.' && body[k] != ',') return NUM_NOT;
  size_t commas = count(body, bn, ','), dots;
  const char *ip = body, *fp = "";
  size_t in = bn, fn = 0;
  if (commas > 1) return NUM_NOT;
  if (commas == 1) {
    in = (size_t)((const char *)memchr(body, ',', bn) - body);
    fp = body + in + 1;
    fn = bn - in - 1;
    if (!all_digits(fp, fn) || in == 0) return NUM_NOT;
    if (count(ip, in, '.') > 0 && !grouping_ok(ip, in)) return NUM_NOT;
  } else if ((dots = count(body, bn, '.')) > 0) {
    if (grouping_ok(body, bn)) {
      if (dots == 1) flags |= XC_VF_AMBIGUOUS;
    } else if (dots == 1) {
      in = (size_t)((const char *)memchr(body, '.', bn) - body);
      fp = body + in + 1;
      fn = bn - in - 1;
      if (!all_digits(ip, in) || !all_digits(fp, fn)) return NUM_NOT;
      flags |= XC_VF_ENGLISH_DECIMAL;
    } else {
      return NUM_NOT;
    }
  }
  if (in > 1 && ip[0] == '0' && is_digit(ip[1])) flags |= XC_VF_LEADING_ZERO;
  xc_dec v;
  num_rc rc = accumulate(ip, in, fp, fn, neg, &v);
  if (rc != NUM_OK) return rc;
  out->kind = XC_V_NUMBER;
  out->flags |= flags;
  out->num = v;
  out->decimals = fn > 1000000 ? 1000000 : (int)fn;
  return NUM_OK;
}

/* A line break (LF, VT, FF, CR, U+0085, U+2028, U+2029) of sp bytes at s. */
static bool is_line_break(const char *s, size_t sp) {
  if (sp == 1) return s[0] != ' ' && s[0] != '\t';
  return (sp == 2 && memcmp(s, "\xC2\x85", 2) == 0) ||
         (sp == 3 && (memcmp(s, "\xE2\x80\xA8", 3) == 0 || memcmp(s, "\xE2\x80\xA9", 3) == 0));
}

/* A number in Vietnamese notation: spaces dropped, then parse_compact.  A
 * line break inside is not a space: "1\n5" (two HTML paragraphs) is text. */
static num_rc parse_number(const char *s, size_t n, xc_value *out) {
  char small[4096];
  char *t = n <= sizeof small ? small : xc_try_malloc(n);
  if (!t) return NUM_NOT; /* 4 KiB of a cell and no memory: read as the text it is */
  size_t k = 0, sp;
  num_rc rc = NUM_NOT;
  for (size_t i = 0; i < n;) {
    if ((sp = xc_space_len(s + i, n - i)) > 0) {
      if (is_line_break(s + i, sp)) goto done;
      i += sp;
      continue;
    }
    t[k++] = s[i++];
  }
  rc = parse_compact(t, k, out);
done:
  if (t != small) free(t);
  return rc;
}

/* ---- text values ------------------------------------------------------------------ */

static bool is_dash(const char *s, size_t n) {
  return (n == 1 && s[0] == '-') || (n == 3 && (memcmp(s, "\xE2\x80\x93", 3) == 0 ||
                                                 memcmp(s, "\xE2\x80\x94", 3) == 0));
}

bool xc_text_is_blank(const char *s, size_t n) {
  size_t a = 0, b = n;
  trim(s, &a, &b);
  return a == b || is_dash(s + a, b - a);
}

static void init(xc_value *out, const char *text, size_t len) {
  memset(out, 0, sizeof *out);
  out->kind = XC_V_BLANK;
  out->text = text ? text : "";
  out->len = text ? len : 0;
}

void xc_value_parse_text(const char *s, size_t n, xc_value *out) {
  init(out, s, n);
  if (!s) return;
  size_t a = 0, b = n;
  trim(s, &a, &b);
  if (a == b) return;
  if (is_dash(s + a, b - a)) {
    out->flags |= XC_VF_DASH;
    return;
  }
  int y, m, d;
  if (xc_value_parse_date_vi(s + a, b - a, &y, &m, &d)) {
    out->kind = XC_V_DATE;
    out->flags |= XC_VF_FROM_TEXT;
    out->y = y, out->m = m, out->d = d;
    return;
  }
  num_rc rc = parse_number(s + a, b - a, out);
  if (rc == NUM_OK) return;
  out->kind = XC_V_TEXT;
  if (rc == NUM_OVERFLOW) out->flags |= XC_VF_OVERFLOW;
  if (xc_value_looks_like_date(s + a, b - a)) out->flags |= XC_VF_BAD_DATE;
}

static unsigned clean_flags(unsigned t) {
  return (t & XC_TEXT_HTML ? XC_VF_HTML : 0) | (t & XC_TEXT_NOT_NFC ? XC_VF_NOT_NFC : 0);
}

void xc_value_parse_text_clean(const char *s, size_t n, xc_buf *scratch, xc_value *out) {
  xc_buf_clear(scratch);
  unsigned t = xc_text_clean(s ? s : "", s ? n : 0, scratch);
  xc_value_parse_text(xc_buf_str(scratch), scratch->len, out);
  out->flags |= clean_flags(t);
}

/* ---- cells ------------------------------------------------------------------------- */

static void from_number(const xc_cell *cell, const xc_style *style, bool date1904, xc_value *out) {
  xc_dec v = {0, 0};
  if (!cell->dec || xc_dec_from_decimal(cell->dec, &v) == XC_DEC_OVERFLOW)
    if (xc_dec_from_double(cell->num, &v) != XC_DEC_OK) v = (xc_dec){0, 0};
  v = xc_dec_round_sig(v, 15); /* what Excel keeps and shows */
  unsigned fmt = style ? style->flags : 0;
  int y, m, d;
  bool time;
  if ((fmt & XC_FMT_DATE) && !(fmt & XC_FMT_DURATION) &&
      xc_date_from_serial(v, date1904, &y, &m, &d, &time)) {
    out->kind = XC_V_DATE;
    out->flags |= XC_VF_SERIAL_DATE | (time ? XC_VF_TIME : 0);
    out->num = v;
    out->y = y, out->m = m, out->d = d;
    return;
  }
  if ((fmt & XC_FMT_PERCENT) && v.m != 0 && v.e <= XC_DEC_EMAX - 2) {
    v.e += 2;
    out->flags |= XC_VF_PERCENT;
  } else if (fmt & XC_FMT_PERCENT) {
    out->flags |= XC_VF_PERCENT;
  }
  out->kind = XC_V_NUMBER;
  out->num = v;
  out->decimals = style && style->decimals >= 0 ? style->decimals : xc_dec_decimals(v);
}

static void from_cell(const xc_cell *cell, const xc_style *style, bool date1904, xc_buf *scratch,
                      xc_value *out) {
  init(out, cell->text, cell->len);
  unsigned formula = cell->formula ? XC_VF_FORMULA : 0;
  switch (cell->type) {
    case XC_CV_NUMBER:
      from_number(cell, style, date1904, out);
      break;
    case XC_CV_STRING:
      if (scratch) xc_value_parse_text_clean(cell->text, cell->len, scratch, out);
      else xc_value_parse_text(cell->text, cell->len, out);
      break;
    case XC_CV_BOOL:
      out->kind = XC_V_BOOL;
      out->num = xc_dec_from_int(cell->num != 0);
      break;
    case XC_CV_ERROR:
      out->kind = XC_V_ERROR;
      break;
    case XC_CV_ISODATE: {
      int y, m, d;
      bool time;
      if (cell->text && parse_iso(cell->text, cell->len, &y, &m, &d, &time)) {
        out->kind = XC_V_DATE;
        out->y = y, out->m = m, out->d = d;
        if (time) out->flags |= XC_VF_TIME;
      } else {
        out->kind = XC_V_TEXT;
        out->flags |= XC_VF_BAD_DATE;
      }
      break;
    }
    case XC_CV_NONE:
    default:
      out->flags |= XC_VF_NO_CACHE;
      break;
  }
  out->flags |= formula;
}

void xc_value_from_cell(const xc_cell *cell, const xc_style *style, bool date1904, xc_value *out) {
  from_cell(cell, style, date1904, NULL, out);
}

void xc_value_from_cell_clean(const xc_cell *cell, const xc_style *style, bool date1904,
                              xc_buf *scratch, xc_value *out) {
  from_cell(cell, style, date1904, scratch, out);
}

/* ---- using values ------------------------------------------------------------------ */

xc_dec xc_value_shown(const xc_value *v) {
  if (v->kind != XC_V_NUMBER) return v->num;
  return xc_dec_round(v->num, v->decimals);
}

/* s quoted on one line, cut after max characters (UTF-8 aware). */
static bool quote_text(xc_buf *b, const char *s, size_t n, size_t max) {
  bool ok = xc_buf_addc(b, '"');
  size_t chars = 0, i = 0;
  while (i < n && chars < max) {
    size_t k = 1;
    unsigned char c = (unsigned char)s[i];
    if (c >= 0xC0) /* the whole sequence, as long as it is well formed */
      while (i + k < n && k < 4 && ((unsigned char)s[i + k] & 0xC0) == 0x80) k++;
    if (c == '\n' || c == '\r' || c == '\t') ok &= xc_buf_addc(b, ' ');
    else ok &= xc_buf_add(b, s + i, k);
    i += k;
    chars++;
  }
  if (i < n) ok &= xc_buf_adds(b, "\xE2\x80\xA6"); /* … */
  return ok && xc_buf_addc(b, '"');
}

bool xc_value_describe(xc_buf *b, const xc_value *v, xc_lang lang) {
  switch (v->kind) {
    case XC_V_BLANK:
      return xc_buf_adds(b, lang == XC_LANG_VI ? "(trống)" : "(blank)");
    case XC_V_NUMBER: {
      bool ok = xc_dec_format_vi(b, v->num, v->decimals);
      if (v->flags & XC_VF_PERCENT) ok &= xc_buf_addc(b, '%');
      return ok;
    }
    case XC_V_DATE:
      return xc_buf_printf(b, "%02d/%02d/%04d", v->d, v->m, v->y);
    case XC_V_BOOL:
      return xc_buf_adds(b, v->num.m ? "TRUE" : "FALSE");
    case XC_V_ERROR:
      return xc_buf_add(b, v->text, v->len);
    case XC_V_TEXT:
    default:
      return quote_text(b, v->text, v->len, 60);
  }
}
