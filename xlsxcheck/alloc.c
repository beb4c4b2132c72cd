/* alloc.c: allocation that may fail (alloc.h). */
#include "alloc.h"

#include <stdlib.h>

void *xc_try_malloc(size_t n) { return malloc(n ? n : 1); }

void *xc_try_calloc(size_t count, size_t size) { return calloc(count ? count : 1, size ? size : 1); }

void *xc_try_realloc(void *p, size_t n) { return realloc(p, n ? n : 1); }
