/* buf.c: capped growable buffer. */
#include "buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

void xc_buf_init(xc_buf *b, size_t max) {
  b->data = NULL;
  b->len = b->cap = 0;
  b->max = max;
  b->nomem = false;
}

void xc_buf_free(xc_buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

void xc_buf_clear(xc_buf *b) {
  b->len = 0;
  if (b->data) b->data[0] = '\0';
}

bool xc_buf_reserve(xc_buf *b, size_t n) {
  if (b->max && (n > b->max || b->len > b->max - n)) return false;
  if (n > SIZE_MAX - b->len - 1) return false;
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + n + 1) cap = cap > SIZE_MAX / 2 ? b->len + n + 1 : cap * 2;
    char *d = xc_try_realloc(b->data, cap);
    if (!d) {
      b->nomem = true;
      return false;
    }
    b->data = d;
    b->cap = cap;
  }
  return true;
}

bool xc_buf_add(xc_buf *b, const void *p, size_t n) {
  if (!xc_buf_reserve(b, n)) return false;
  if (n) memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = '\0';
  return true;
}

bool xc_buf_addc(xc_buf *b, char c) { return xc_buf_add(b, &c, 1); }

bool xc_buf_adds(xc_buf *b, const char *s) { return xc_buf_add(b, s, strlen(s)); }

bool xc_buf_printf(xc_buf *b, const char *fmt, ...) {
  char small[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) return false;
  if ((size_t)n < sizeof small) return xc_buf_add(b, small, (size_t)n);
  char *big = xc_try_malloc((size_t)n + 1);
  if (!big) {
    b->nomem = true;
    return false;
  }
  va_start(ap, fmt);
  vsnprintf(big, (size_t)n + 1, fmt, ap);
  va_end(ap);
  bool ok = xc_buf_add(b, big, (size_t)n);
  free(big);
  return ok;
}

const char *xc_buf_str(const xc_buf *b) { return b->data ? b->data : ""; }
