/* mergereport.h: the two texts of the merge bundle that are not workbooks
 * or the CSV log: bao-cao.html (one self-contained page a person reads: the
 * units and their status, then the findings by file with sheet, cell, key,
 * message and hint) and manifest.json (tool and ruleset versions, and for
 * every input its name, SHA-256, size, unit, period and status). */
#ifndef XC_MERGEREPORT_H
#define XC_MERGEREPORT_H
#include "buf.h"
#include "diag.h"
#include "merge.h"

void xc_merge_html(const xc_merge *mg, const xc_diags *log, const char *xlsx_name, xc_lang lang,
                   xc_buf *out);
/* entries: the bundle's entry names (sorted by the caller or not: they are sorted here) */
void xc_merge_manifest(const xc_merge *mg, const xc_diags *log, const char **entries, size_t n,
                       xc_buf *out);
/* The words for a clean file, which gets no annotated copy. */
const char *xc_merge_no_copy_note(xc_lang lang);
/* The status of a file, for people. */
const char *xc_merge_status_name(xc_file_status st, xc_lang lang);

#endif
