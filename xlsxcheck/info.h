/* info.h: `xlsxcheck info`: what wrote a workbook, its sheets with
 * visibility, dimensions and cell counts, and its date system. */
#ifndef XC_INFO_H
#define XC_INFO_H

#include "buf.h"

#include "err.h"
#include "workbook.h"

/* Appends the description to out (what was gathered before an error too). */
xc_err xc_info(xc_workbook *wb, const char *display_name, xc_lang lang, xc_buf *out, xc_error *e);

#endif
