/* alloc.h: allocation wrappers.
 *
 * Out of memory is an error, not an abort, on every path whose size
 * follows the input (a sheet's cells, shared strings, parts, slices, the
 * dump's lines, the model's cells): those use the xc_try_* functions, or an
 * xc_buf (buf.h: its nomem flag), and return XC_ERR_NOMEM up to the
 * caller, so a command exits 2 with the message after cleaning up and a
 * server fails the one request.  The xc_malloc family is left for small
 * bookkeeping of a bounded size; on failure it prints one line and aborts. */
#ifndef XC_ALLOC_H
#define XC_ALLOC_H
#include <stddef.h>

void *xc_malloc(size_t n);
void *xc_calloc(size_t count, size_t size);
void *xc_realloc(void *p, size_t n);
char *xc_strndup(const char *s, size_t n);
char *xc_strdup(const char *s);

/* Prints "out of memory" and aborts (the xc_malloc family's end). */
_Noreturn void xc_oom_abort(size_t n);

/* NULL when the memory is not there (nothing printed). */
void *xc_try_malloc(size_t n);
void *xc_try_calloc(size_t count, size_t size);
void *xc_try_realloc(void *p, size_t n);

#endif
