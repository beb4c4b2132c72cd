/* fuzz_units.c: the units registry (`merge --units FILE` reads a TSV the
 * user hands in), unit-name resolution and reporting periods.
 *
 * The input is split at the first 0x00 byte: before it, the registry file;
 * after it, names to resolve, one per line (each is also read as a period).
 * These must hold:
 *   - xc_units_load never crashes; a registry it refuses says why (a code);
 *     one it accepts has at least one unit, codes, folded keys and slugs
 *     filled and unique, and every unit's official name resolves to a unit
 *     (itself, or an earlier unit with the same name);
 *   - xc_units_resolve returns OK only with an index inside the registry;
 *   - xc_period_canonical's output is a period again, the same one
 *     (idempotent). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "units.h"

const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void) { return "halt_on_error=1:print_stacktrace=1"; }

static void fail(const char *what, const char *text, size_t n) {
  fprintf(stderr, "units: %s: \"", what);
  fwrite(text, 1, n, stderr);
  fprintf(stderr, "\"\n");
  abort();
}

static void check_period(const char *s, size_t n) {
  xc_buf a, b;
  xc_buf_init(&a, 0);
  xc_buf_init(&b, 0);
  if (xc_period_canonical(s, n, &a)) {
    if (!xc_period_canonical(a.data, a.len, &b)) fail("canonical period is no period", a.data, a.len);
    if (a.len != b.len || memcmp(a.data, b.data, a.len) != 0) fail("period not idempotent", s, n);
  }
  xc_buf_free(&a);
  xc_buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *text = (const char *)data;
  const char *nul = memchr(text, 0, size);
  size_t reg_n = nul ? (size_t)(nul - text) : size;
  char path[] = "/tmp/fuzz-units-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return 0;
  if (write(fd, text, reg_n) != (ssize_t)reg_n) {
    close(fd);
    unlink(path);
    return 0;
  }
  close(fd);
  xc_error err = {0};
  xc_units *u = xc_units_load(path, &err);
  unlink(path);
  if (!u && err.code == XC_OK) fail("refused a registry without saying why", text, reg_n);
  if (u) {
    if (u->n == 0) fail("accepted an empty registry", text, reg_n);
    for (size_t i = 0; i < u->n; i++) /* validated: codes, keys and slugs are filled and unique */
      for (size_t k = 0; k < i; k++)
        if (!u->units[i].code[0] || !u->units[i].slug[0] || strcmp(u->units[i].code, u->units[k].code) == 0 ||
            strcmp(u->units[i].folded_key, u->units[k].folded_key) == 0 || strcmp(u->units[i].slug, u->units[k].slug) == 0)
          fail("accepted a registry with an empty or repeated code, key or slug", text, reg_n);
    for (size_t i = 0; i < u->n; i++) {
      size_t ix = SIZE_MAX;
      const char *name = u->units[i].official_name;
      xc_unit_rc rc = xc_units_resolve(u, name, strlen(name), &ix);
      if (rc == XC_UNIT_OK && ix >= u->n) fail("index outside the registry", name, strlen(name));
    }
  }
  const char *p = nul ? nul + 1 : text + size, *end = text + size;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
    if (u) {
      size_t ix = SIZE_MAX;
      if (xc_units_resolve(u, p, n, &ix) == XC_UNIT_OK && ix >= u->n) fail("index outside the registry", p, n);
    }
    check_period(p, n);
    p += n + 1;
  }
  xc_units_free(u);
  return 0;
}
