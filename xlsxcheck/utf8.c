/* utf8.c: text made valid UTF-8 before it leaves the tool (utf8.h). */
#include "utf8.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

const char *xc_utf8_repair(const char *s, size_t n, char **tofree) {
  *tofree = NULL;
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
  size_t i = 0;
  while (i < n) { /* the common case: already valid, no copy */
    if (p[i] < 0x80) { /* ASCII needs no decoding */
      i++;
      continue;
    }
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
    if (k <= 0) break;
    i += (size_t)k;
  }
  if (i == n) return s;
  char *out = malloc(n * 3 + 1); /* each bad byte becomes 3 */
  if (!out) return NULL;
  size_t o = 0;
  memcpy(out, s, i);
  o = i;
  while (i < n) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
    if (k > 0) {
      memcpy(out + o, s + i, (size_t)k);
      o += (size_t)k;
      i += (size_t)k;
    } else {
      memcpy(out + o, "\xEF\xBF\xBD", 3);
      o += 3;
      i++;
    }
  }
  out[o] = '\0';
  *tofree = out;
  return out;
}

size_t xc_utf8_seq(const char *s, size_t n) {
  if (n && (unsigned char)*s < 0x80) return 1;
  utf8proc_int32_t cp;
  utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &cp);
  return k > 0 ? (size_t)k : 0;
}
