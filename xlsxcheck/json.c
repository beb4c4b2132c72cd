/* json.c: JSON through jansson, text repaired to valid UTF-8 (json.h). */
#include "json.h"

#include <stdlib.h>
#include <string.h>

json_t *xc_json_text(const char *s) {
  if (!s) s = "";
  char *copy;
  const char *v = xc_utf8_repair(s, strlen(s), &copy);
  json_t *j = v ? json_string(v) : NULL;
  free(copy);
  if (!j && v) { /* a sequence jansson refuses that utf8proc let through: ASCII only */
    size_t n = strlen(s);
    char *a = malloc(n * 3 + 1);
    size_t o = 0;
    for (size_t i = 0; a && i < n; i++) {
      if ((unsigned char)s[i] < 0x80) a[o++] = s[i];
      else memcpy(a + o, "\xEF\xBF\xBD", 3), o += 3;
    }
    if (a) a[o] = '\0';
    j = a ? json_string(a) : NULL;
    free(a);
  }
  return j;
}

bool xc_json_put_text(json_t *obj, const char *key, const char *s) {
  json_t *v = xc_json_text(s);
  return v && json_object_set_new(obj, key, v) == 0;
}

bool xc_json_put_int(json_t *obj, const char *key, long long v) {
  json_t *j = json_integer((json_int_t)v);
  return j && json_object_set_new(obj, key, j) == 0;
}

bool xc_json_dump(const json_t *doc, bool pretty, xc_buf *out) {
  size_t flags = JSON_PRESERVE_ORDER | (pretty ? JSON_INDENT(2) : JSON_COMPACT);
  char *s = json_dumps(doc, flags);
  if (!s) return false;
  bool ok = xc_buf_adds(out, s) && xc_buf_addc(out, '\n');
  free(s);
  return ok;
}

void xc_json_str(xc_buf *b, const char *s) {
  json_t *j = xc_json_text(s);
  char *t = j ? json_dumps(j, JSON_ENCODE_ANY) : NULL;
  if (!t) b->nomem = true; /* jansson fails only for want of memory */
  xc_buf_adds(b, t ? t : "\"\"");
  free(t);
  json_decref(j);
}
