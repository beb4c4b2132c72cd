/* mergereport.h: the texts of the merge bundle that are not workbooks or
 * the CSV log: bao-cao.html (one self-contained page a person reads: an
 * overview, the units in reading order, charts, then each unit's grouped
 * findings; assembled from report_html.h's fragments), its errors-only twin
 * bao-cao-chi-loi.html, and manifest.json (tool and ruleset versions, and for
 * every input its name, SHA-256, size, unit, period and status). */
#ifndef XC_MERGEREPORT_H
#define XC_MERGEREPORT_H
#include "buf.h"
#include "diag.h"
#include "indicators.h"
#include "merge.h"

/* The bundle's two pages: the whole report, and the errors only (the one
 * the Sở prints); they link to each other by these names. */
#define XC_MERGE_HTML "bao-cao.html"
#define XC_MERGE_HTML_ERRORS "bao-cao-chi-loi.html"
/* ind: the key indicators to draw (NULL or none: no indicator chart). */
void xc_merge_html(const xc_merge *mg, const xc_diags *log, const char *xlsx_name, const xc_indicators *ind,
                   bool errors_only, xc_lang lang, xc_buf *out);
/* entries: the bundle's entry names (sorted by the caller or not: they are sorted here) */
void xc_merge_manifest(const xc_merge *mg, const xc_diags *log, const char **entries, size_t n,
                       xc_buf *out);

#endif
