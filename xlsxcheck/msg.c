/* msg.c: printing errors for people. */
#include "msg.h"

#include <stdarg.h>

const char *xc_msg(xc_lang lang, const char *vi, const char *en) {
  return lang == XC_LANG_EN ? en : vi;
}

void xc_msg_error(FILE *to, const char *file, const xc_error *e, xc_lang lang) {
  fprintf(to, "xlsxcheck: %s: %s: %s", xc_msg(lang, "lỗi", "error"), file,
          xc_strerror(e->code, lang));
  if (e->detail[0]) fprintf(to, " (%s)", e->detail);
  if (e->part[0]) {
    fprintf(to, " — %s %s", xc_msg(lang, "phần", "part"), e->part);
    if (e->line)
      fprintf(to, xc_msg(lang, ", dòng %lu, cột %lu", ", line %lu, column %lu"), e->line, e->col);
  }
  fprintf(to, ".\n");
  const char *todo = xc_err_todo(e->code, lang);
  if (todo[0]) fprintf(to, "  %s: %s\n", xc_msg(lang, "Cách xử lý", "What to do"), todo);
}

void xc_msg_usage_error(FILE *to, xc_lang lang, const char *fmt, ...) {
  fprintf(to, "xlsxcheck: %s: ", xc_msg(lang, "lỗi", "error"));
  va_list ap;
  va_start(ap, fmt);
  vfprintf(to, fmt, ap);
  va_end(ap);
  fprintf(to, "\n  %s\n", xc_err_todo(XC_ERR_USAGE, lang));
}
