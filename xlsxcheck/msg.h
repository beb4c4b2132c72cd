/* msg.h: the front ends' one wording of an error for people, in
 * Vietnamese (default) or English, into a buffer (the library never prints:
 * the command line puts it on standard error, the server in a page). */
#ifndef XC_MSG_H
#define XC_MSG_H
#include "buf.h"
#include "err.h"

/* "xlsxcheck: lỗi: FILE: what (detail) — phần PART, dòng L, cột C.\n  Cách xử lý: …\n" */
void xc_msg_error(xc_buf *to, const char *file, const xc_error *e, xc_lang lang);
/* A usage problem: "xlsxcheck: lỗi: WHAT\n  <what to do>\n". */
void xc_msg_usage_error(xc_buf *to, xc_lang lang, const char *what);
/* A label in the current language. */
const char *xc_msg(xc_lang lang, const char *vi, const char *en);

/* An error message written in both languages at once (the merge's, the
 * bundle's, the output's): errors are data, and each caller shows the
 * language its user reads (xc_status.vi and .en). */
typedef struct {
  xc_buf text[2]; /* [XC_LANG_VI], [XC_LANG_EN] */
  bool nomem;     /* the failure was for want of memory: the caller says XC_ERR_NOMEM (sticky) */
} xc_errtext;

void xc_errtext_init(xc_errtext *t);
void xc_errtext_free(xc_errtext *t);
void xc_errtext_clear(xc_errtext *t);
bool xc_errtext_empty(const xc_errtext *t);
/* The message in lang ("" when none). */
const char *xc_errtext_str(const xc_errtext *t, xc_lang lang);
/* Appends vi to the Vietnamese message and en to the English one. */
void xc_errtext_add(xc_errtext *t, const char *vi, const char *en);
/* Appends the same text to both (a path, a library's own words). */
void xc_errtext_adds(xc_errtext *t, const char *s);
/* Appends printf(fmt, …) to each language's message, the arguments
 * evaluated once per language with XC_L naming it:
 *   XC_ERRTEXT_PRINTF(err, "%s: %s", path, xc_write_reason(e, dir, XC_L)); */
#define XC_ERRTEXT_PRINTF(t, ...)                                                      \
  do {                                                                                 \
    for (xc_lang XC_L = XC_LANG_VI; XC_L <= XC_LANG_EN; XC_L = (xc_lang)(XC_L + 1)) \
      xc_buf_printf(&(t)->text[XC_L], __VA_ARGS__);                                    \
  } while (0)

#endif
