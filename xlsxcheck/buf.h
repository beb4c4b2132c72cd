/* buf.h: a growable byte buffer with a maximum size (curl's dynbuf).
 * The text is always NUL-terminated.  xc_buf_free releases the memory;
 * a zeroed xc_buf is an empty, unlimited buffer. */
#ifndef XC_BUF_H
#define XC_BUF_H
#include <stdbool.h>
#include <stddef.h>

typedef struct {
  char *data;
  size_t len, cap;
  size_t max; /* 0 = no limit */
  bool nomem; /* a growth failed for want of memory (not max) */
} xc_buf;

void xc_buf_init(xc_buf *b, size_t max);
void xc_buf_free(xc_buf *b);
void xc_buf_clear(xc_buf *b);
/* Room for n more bytes (and the NUL) without changing len; false past max. */
bool xc_buf_reserve(xc_buf *b, size_t n);
/* false when the append would pass b->max (nothing is appended then) */
bool xc_buf_add(xc_buf *b, const void *p, size_t n);
bool xc_buf_addc(xc_buf *b, char c);
bool xc_buf_adds(xc_buf *b, const char *s);
bool xc_buf_printf(xc_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
const char *xc_buf_str(const xc_buf *b); /* "" when empty */
/* Why an append failed: XC_ERR_NOMEM, or limit (the caller's code for max). */
#define XC_BUF_FAIL(b, limit) ((b)->nomem ? XC_ERR_NOMEM : (limit))

#endif
