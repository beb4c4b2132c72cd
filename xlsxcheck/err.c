/* err.c: message tables generated from the XC_ERRORS list. */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef struct {
  xc_err code;
  const char *name, *what[2], *todo[2];
} err_entry;

static const err_entry table[] = {
#define XC_ERR_ROW(name, num, vi, en, tvi, ten) {name, #name, {vi, en}, {tvi, ten}},
    XC_ERRORS(XC_ERR_ROW)
#undef XC_ERR_ROW
};

static const err_entry *find(xc_err code) {
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
    if (table[i].code == code) return &table[i];
  return NULL;
}

const char *xc_strerror(xc_err code, xc_lang lang) {
  const err_entry *t = find(code);
  return t ? t->what[lang == XC_LANG_EN] : "?";
}

const char *xc_err_todo(xc_err code, xc_lang lang) {
  const err_entry *t = find(code);
  return t ? t->todo[lang == XC_LANG_EN] : "";
}

const char *xc_err_name(xc_err code) {
  const err_entry *t = find(code);
  return t ? t->name : "XC_ERR_UNKNOWN";
}

xc_err xc_fail(xc_error *e, xc_err code, const char *part, const char *fmt, ...) {
  if (!e || e->code != XC_OK) return code; /* keep the first error */
  e->code = code;
  snprintf(e->part, sizeof e->part, "%s", part ? part : "");
  e->line = e->col = 0;
  e->detail[0] = '\0';
  if (fmt) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->detail, sizeof e->detail, fmt, ap);
    va_end(ap);
  }
  return code;
}
