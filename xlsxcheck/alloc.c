/* alloc.c: malloc wrappers that abort on out-of-memory. */
#include "alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Noreturn void xc_oom_abort(size_t n) {
  fprintf(stderr, "xlsxcheck: hết bộ nhớ (out of memory) allocating %zu bytes\n", n);
  abort();
}

static void *oom(size_t n) { xc_oom_abort(n); }

void *xc_malloc(size_t n) {
  void *p = malloc(n ? n : 1);
  return p ? p : oom(n);
}

void *xc_calloc(size_t count, size_t size) {
  void *p = calloc(count ? count : 1, size ? size : 1);
  return p ? p : oom(count * size);
}

void *xc_realloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  return q ? q : oom(n);
}

char *xc_strndup(const char *s, size_t n) {
  char *p = xc_malloc(n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *xc_strdup(const char *s) { return xc_strndup(s, strlen(s)); }

void *xc_try_malloc(size_t n) { return malloc(n ? n : 1); }

void *xc_try_calloc(size_t count, size_t size) { return calloc(count ? count : 1, size ? size : 1); }

void *xc_try_realloc(void *p, size_t n) { return realloc(p, n ? n : 1); }
