/* provcheck.h: the scope-P check of the province workbook the merge wrote.
 *
 * The workbook is the program's own output, so none of the caps meant for
 * untrusted inputs applies (no cell cap, no size or ratio cap), and it is
 * never held whole in memory: it is read back in one streaming pass.  The
 * keyed sheets (small) and the head of each detail list (its titles and
 * header rows) go into one model, checked with every scope-P rule; the rows
 * of each list, and its
 * continuation sheets ("Danh mục TTHC (2)" …), are checked window by window
 * (WINDOW rows at a time, each with the list's header rows), keeping from
 * each window only the findings on its own rows.  That is exact for the
 * rules a list row takes part in in scope P (G-8 required cells, G-9 kinds,
 * N-1 decimal marks: one row at a time); no scope-P rule aggregates a list,
 * and xc_province_check refuses a ruleset where one would (so a window can
 * never hide a finding). */
#ifndef XC_PROVCHECK_H
#define XC_PROVCHECK_H
#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "merge.h"

/* Checks the province workbook at path (its entry name in the bundle:
 * name; the sheets the merge adds to the form, mg->view.extra_sheets, are
 * not read) and appends the findings to out.  window: list rows per window (0:
 * the default, 16,384).  false with a message in err when it cannot be read. */
bool xc_province_check(const xc_merge *mg, const char *path, const char *name, size_t window, xc_lang lang,
                       xc_diags *out, xc_errtext *err);

#endif
