/* alloc.h: allocation wrappers.  On out-of-memory they print one line and
 * abort (there is nothing sensible to recover), so callers never test for
 * NULL. */
#ifndef XC_ALLOC_H
#define XC_ALLOC_H
#include <stddef.h>

void *xc_malloc(size_t n);
void *xc_calloc(size_t count, size_t size);
void *xc_realloc(void *p, size_t n);
char *xc_strndup(const char *s, size_t n);
char *xc_strdup(const char *s);

#endif
