/* findings_html.h: findings as HTML for the pages: per file, errors first,
 * grouped by rule, each group with its fix and its cells (beyond ten folded). */
#ifndef XC_WEB_FINDINGS_HTML_H
#define XC_WEB_FINDINGS_HTML_H
#include "../buf.h"
#include "../diag.h"
#include "../err.h"

/* file: only that file's findings, or NULL for all (one heading per file when several). */
void xc_web_findings_html(xc_buf *b, const xc_diags *d, const char *file, xc_lang lang);

#endif
