/* alloc.h: allocation that may fail.
 *
 * Out of memory is an error, never an abort: every allocation of the
 * library may fail, and the failure goes up as XC_ERR_NOMEM (or the
 * module's own error path: a NULL, a false, an xc_buf's nomem flag, a
 * context's sticky nomem flag) to the public interface, so a command exits
 * 2 with the message after cleaning up and a server fails the one request.
 * The library never prints and never aborts (tests/layout checks that no
 * library object calls abort). */
#ifndef XC_ALLOC_H
#define XC_ALLOC_H
#include <stddef.h>

/* NULL when the memory is not there (nothing printed); a size of 0 asks
 * for 1 byte, so NULL always means no memory. */
void *xc_try_malloc(size_t n);
void *xc_try_calloc(size_t count, size_t size);
void *xc_try_realloc(void *p, size_t n);

#endif
