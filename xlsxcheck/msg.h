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

#endif
