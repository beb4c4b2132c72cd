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

void xc_errtext_init(xc_errtext *t) {
  xc_buf_init(&t->text[XC_LANG_VI], 0);
  xc_buf_init(&t->text[XC_LANG_EN], 0);
  t->nomem = false;
}

void xc_errtext_free(xc_errtext *t) {
  xc_buf_free(&t->text[XC_LANG_VI]);
  xc_buf_free(&t->text[XC_LANG_EN]);
}

void xc_errtext_clear(xc_errtext *t) {
  xc_buf_clear(&t->text[XC_LANG_VI]);
  xc_buf_clear(&t->text[XC_LANG_EN]);
}

bool xc_errtext_empty(const xc_errtext *t) { return t->text[XC_LANG_VI].len == 0 && t->text[XC_LANG_EN].len == 0; }

const char *xc_errtext_str(const xc_errtext *t, xc_lang lang) {
  return xc_buf_str(&t->text[lang == XC_LANG_EN]);
}

void xc_errtext_add(xc_errtext *t, const char *vi, const char *en) {
  xc_buf_adds(&t->text[XC_LANG_VI], vi);
  xc_buf_adds(&t->text[XC_LANG_EN], en);
}

void xc_errtext_adds(xc_errtext *t, const char *s) { xc_errtext_add(t, s, s); }
