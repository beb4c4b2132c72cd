/* msg.c: the wording of errors for people, into a buffer. */
#include "msg.h"

const char *xc_msg(xc_lang lang, const char *vi, const char *en) {
  return lang == XC_LANG_EN ? en : vi;
}

void xc_msg_error(xc_buf *to, const char *file, const xc_error *e, xc_lang lang) {
  xc_buf_printf(to, "xlsxcheck: %s: %s: %s", xc_msg(lang, "lỗi", "error"), file,
                xc_strerror(e->code, lang));
  if (e->detail[0]) xc_buf_printf(to, " (%s)", e->detail);
  if (e->part[0]) {
    xc_buf_printf(to, " — %s %s", xc_msg(lang, "phần", "part"), e->part);
    if (e->line)
      xc_buf_printf(to, lang == XC_LANG_EN ? ", line %lu, column %lu" : ", dòng %lu, cột %lu", e->line, e->col);
  }
  xc_buf_adds(to, ".\n");
  const char *todo = xc_err_todo(e->code, lang);
  if (todo[0]) xc_buf_printf(to, "  %s: %s\n", xc_msg(lang, "Cách xử lý", "What to do"), todo);
}

void xc_msg_usage_error(xc_buf *to, xc_lang lang, const char *what) {
  xc_buf_printf(to, "xlsxcheck: %s: %s\n  %s\n", xc_msg(lang, "lỗi", "error"), what,
                xc_err_todo(XC_ERR_USAGE, lang));
}
