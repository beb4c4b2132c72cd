/* msg.h: the CLI's one reporter.  Every message a person reads comes from
 * here, in Vietnamese (default) or English. */
#ifndef XC_MSG_H
#define XC_MSG_H
#include <stdio.h>

#include "err.h"

/* "xlsxcheck: lỗi: FILE: what (detail) — phần PART, dòng L, cột C.\n  Cách xử lý: …" */
void xc_msg_error(FILE *to, const char *file, const xc_error *e, xc_lang lang);
/* A usage problem. */
void xc_msg_usage_error(FILE *to, xc_lang lang, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* A label in the current language. */
const char *xc_msg(xc_lang lang, const char *vi, const char *en);

#endif
