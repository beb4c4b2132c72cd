/* fuzz_value.c: cell text -> typed values, match keys, NFC, HTML stripping,
 * and the exact decimals behind them.
 *
 * Every input goes through all of them, and these must hold:
 *   - xc_value_parse_text: a NUMBER printed by xc_value_describe reads back
 *     to the same number, decimals and % flag; a DATE likewise; a BLANK is
 *     xc_text_is_blank; BAD_DATE implies xc_value_looks_like_date;
 *   - xc_value_parse_text_clean never fails;
 *   - xc_nfc: valid UTF-8 stays valid, NFC is idempotent and xc_is_nfc
 *     agrees; invalid UTF-8 is copied unchanged;
 *   - xc_match_key / xc_match_key_folded: valid UTF-8, NFC, idempotent,
 *     no leading/trailing/double space, and folding the key equals folding
 *     the text;
 *   - xc_html_strip: never longer than its input, valid UTF-8 stays valid;
 *   - decimals built from the input bytes: cmp is antisymmetric, a + b - b
 *     = a when both succeed, plain notation reads back, rounding never
 *     moves a value by more than half a unit. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "decimal.h"
#include "numtext.h"
#include "textkey.h"
#include "value.h"

const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void) { return "halt_on_error=1:print_stacktrace=1"; }

static void fail(const char *what, const char *text, size_t n) {
  fprintf(stderr, "value: %s: \"", what);
  fwrite(text, 1, n, stderr);
  fprintf(stderr, "\"\n");
  abort();
}

static bool same(const xc_buf *a, const xc_buf *b) {
  return a->len == b->len && (a->len == 0 || memcmp(a->data, b->data, a->len) == 0);
}

static void check_value(const char *s, size_t n) {
  xc_value v;
  xc_value_parse_text(s, n, &v);
  if (v.text != s || v.len != n) fail("text does not point at the input", s, n);
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_value_describe(&b, &v, XC_LANG_VI);
  switch (v.kind) {
    case XC_V_BLANK:
      if (!xc_text_is_blank(s, n)) fail("BLANK but not xc_text_is_blank", s, n);
      break;
    case XC_V_NUMBER: {
      if (v.decimals < xc_dec_decimals(v.num)) fail("fewer decimals than the value has", s, n);
      if (v.decimals > 4000) break; /* a very long fraction: the reprint is long, skip */
      xc_value w;
      xc_value_parse_text(b.data, b.len, &w);
      if (w.kind != XC_V_NUMBER || !xc_dec_eq(v.num, w.num) || w.decimals != v.decimals ||
          (w.flags & XC_VF_PERCENT) != (v.flags & XC_VF_PERCENT))
        fail("number does not read back from its description", s, n);
      if (w.flags & XC_VF_ENGLISH_DECIMAL) fail("description uses an English decimal", s, n);
      break;
    }
    case XC_V_DATE: {
      if (!xc_date_valid(v.y, v.m, v.d)) fail("invalid DATE", s, n);
      int y, m, d;
      if (!xc_value_parse_date_vi(b.data, b.len, &y, &m, &d) || y != v.y || m != v.m || d != v.d)
        fail("date does not read back from its description", s, n);
      break;
    }
    case XC_V_TEXT:
      if ((v.flags & XC_VF_BAD_DATE) && !xc_value_looks_like_date(s, n))
        fail("BAD_DATE without looks_like_date", s, n);
      if (xc_text_is_blank(s, n)) fail("TEXT but blank", s, n);
      break;
    default:
      fail("unexpected kind", s, n);
  }
  xc_buf_free(&b);

  xc_buf scratch;
  xc_buf_init(&scratch, 0);
  xc_value_parse_text_clean(s, n, &scratch, &v);
  if (v.text != xc_buf_str(&scratch) || v.len != scratch.len) fail("clean text not in scratch", s, n);
  xc_buf_free(&scratch);
}

static void check_nfc(const char *s, size_t n, bool valid) {
  xc_buf a, b;
  xc_buf_init(&a, 0);
  xc_buf_init(&b, 0);
  xc_nfc(s, n, &a);
  if (!valid) {
    if (a.len != n || (n && memcmp(a.data, s, n) != 0)) fail("invalid UTF-8 not copied", s, n);
  } else {
    if (!xc_utf8_valid(xc_buf_str(&a), a.len)) fail("NFC broke UTF-8", s, n);
    xc_nfc(xc_buf_str(&a), a.len, &b);
    if (!same(&a, &b)) fail("NFC not idempotent", s, n);
    if (!xc_is_nfc(xc_buf_str(&a), a.len)) fail("NFC output not xc_is_nfc", s, n);
    bool was = a.len == n && (n == 0 || memcmp(a.data, s, n) == 0);
    if (was != xc_is_nfc(s, n)) fail("xc_is_nfc disagrees with xc_nfc", s, n);
  }
  xc_buf_free(&a);
  xc_buf_free(&b);
}

static void check_key(const char *s, size_t n, bool folded) {
  bool (*fn)(const char *, size_t, xc_buf *) = folded ? xc_match_key_folded : xc_match_key;
  xc_buf a, b;
  xc_buf_init(&a, 0);
  xc_buf_init(&b, 0);
  fn(s, n, &a);
  const char *k = xc_buf_str(&a);
  if (!xc_utf8_valid(k, a.len)) fail("key is not UTF-8", s, n);
  if (!xc_is_nfc(k, a.len)) fail("key is not NFC", s, n);
  if (a.len && (k[0] == ' ' || k[a.len - 1] == ' ')) fail("key not trimmed", s, n);
  if (strstr(k, "  ") && memchr(k, '\0', a.len) == NULL) fail("key has a double space", s, n);
  fn(k, a.len, &b);
  if (!same(&a, &b)) fail(folded ? "folded key not idempotent" : "key not idempotent", s, n);
  if (!folded) { /* folding the key = folding the text */
    xc_buf c, d;
    xc_buf_init(&c, 0);
    xc_buf_init(&d, 0);
    xc_match_key_folded(k, a.len, &c);
    xc_match_key_folded(s, n, &d);
    if (!same(&c, &d)) fail("folded(key(s)) != folded(s)", s, n);
    xc_buf_free(&c);
    xc_buf_free(&d);
  }
  xc_buf_free(&a);
  xc_buf_free(&b);
}

static void check_html(const char *s, size_t n, bool valid) {
  xc_buf a;
  xc_buf_init(&a, 0);
  bool changed = false;
  xc_html_strip(s, n, &a, &changed);
  if (a.len > n) fail("html_strip grew the text", s, n);
  if (!changed && (a.len != n || (n && memcmp(a.data, s, n) != 0))) fail("unchanged but different", s, n);
  if (valid && !xc_utf8_valid(xc_buf_str(&a), a.len)) fail("html_strip broke UTF-8", s, n);
  xc_buf_free(&a);
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_text_clean(s, n, &b);
  xc_buf_free(&b);
}

/* ---- decimals from raw bytes ------------------------------------------------------- */

static xc_dec dec_from(const uint8_t *p) {
  int64_t m;
  int16_t e;
  memcpy(&m, p, 8);
  memcpy(&e, p + 8, 2);
  return (xc_dec){m, (int32_t)(e % 60)};
}

static void check_decimals(const uint8_t *data, size_t size) {
  if (size < 20) return;
  xc_dec a = dec_from(data), b = dec_from(data + 10), r, back;
  if (xc_dec_cmp(a, b) != -xc_dec_cmp(b, a)) fail("cmp not antisymmetric", (const char *)data, 0);
  if (xc_dec_cmp(a, a) != 0) fail("cmp(a, a) != 0", (const char *)data, 0);
  if (xc_dec_add(a, b, &r) == XC_DEC_OK && a.m != INT64_MIN && b.m != INT64_MIN &&
      xc_dec_sub(r, b, &back) == XC_DEC_OK && !xc_dec_eq(back, a))
    fail("a + b - b != a", (const char *)data, 0);
  xc_buf t;
  xc_buf_init(&t, 0);
  xc_dec_format_plain(&t, a, -1);
  xc_dec p;
  if (a.m != INT64_MIN && (!xc_dec_parse_plain(t.data, t.len, &p) || !xc_dec_eq(p, a)))
    fail("plain notation round trip", xc_buf_str(&t), t.len);
  xc_buf_clear(&t);
  xc_dec_format_vi(&t, a, -1);
  xc_value v;
  xc_value_parse_text(t.data, t.len, &v);
  if (a.m != INT64_MIN && (v.kind != XC_V_NUMBER || !xc_dec_eq(v.num, a)))
    fail("Vietnamese notation round trip", xc_buf_str(&t), t.len);
  xc_buf_free(&t);
  int k = (int8_t)data[18] % 25;
  xc_dec rd = xc_dec_round(a, k), diff;
  if (a.m != INT64_MIN && xc_dec_sub(a, rd, &diff) == XC_DEC_OK) {
    xc_dec half = xc_dec_norm((xc_dec){5, -k - 1});
    if (xc_dec_cmp(xc_dec_abs(diff), half) > 0) fail("round moved too far", (const char *)data, 0);
  }
  xc_dec tol = xc_dec_tol_pct(data[19] % 4);
  (void)xc_dec_ratio_ok(a, b, xc_dec_abs(b), tol);
  (void)xc_dec_near(a, b, tol);
  (void)xc_dec_pct(a, b, data[19] % 5, &r);
  (void)xc_dec_to_double(a);
  int64_t iv;
  (void)xc_dec_to_int(a, &iv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 4096) return 0;
  char *s = malloc(size + 1);
  memcpy(s, data, size);
  s[size] = '\0';
  bool valid = xc_utf8_valid(s, size);
  check_value(s, size);
  check_nfc(s, size, valid);
  check_key(s, size, false);
  check_key(s, size, true);
  check_html(s, size, valid);
  int y, m, d;
  if (xc_value_parse_date_vi(s, size, &y, &m, &d) && !xc_date_valid(y, m, d))
    fail("parse_date_vi gave an invalid date", s, size);
  check_decimals(data, size);
  free(s);
  return 0;
}
