/* report_html.h: the one HTML renderer of findings.  Every function appends
 * an escaped, self-contained HTML fragment to a buffer: the merge bundle's
 * bao-cao.html is assembled from them (mergereport.c), and the web pages use
 * the same ones.  Nothing a workbook contains is written unescaped; no
 * script, no external resource; the fragments work with JavaScript off.
 * Class names start with "xc-"; xc_html_css() is the stylesheet they need
 * (screen and print, A4 portrait), to put once in the page's <style>.
 * Colours are Excel's, as in the annotated workbooks: errors red (#FFC7CE /
 * #9C0006), warnings yellow (#FFEB9C / #9C6500), passed green (#C6EFCE /
 * #006100), always beside the word and a count. */
#ifndef XC_REPORT_HTML_H
#define XC_REPORT_HTML_H
#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "diag.h"
#include "err.h"
#include "group.h"
#include "indicators.h"
#include "merge.h"

/* s with & < > " ' escaped. */
void xc_html_esc(xc_buf *b, const char *s);
/* The stylesheet of every fragment below (no <style> tag). */
const char *xc_html_css(void);

/* ---- one file ------------------------------------------------------------ */

/* The box at the top of a file's findings: "Lỗi: 2 lỗi, 1 cảnh báo" with
 * the file, its unit and form ("" when unknown) — what was read, so a
 * clerk sees at once whether they picked the right file. */
void xc_html_file_summary(xc_buf *b, const char *file, const char *unit, const char *form, size_t errors,
                          size_t warnings, xc_lang lang);

typedef struct {
  xc_lang lang;
  bool errors_only;  /* leave the warnings out */
  size_t fold;       /* cells shown before the rest is folded in <details>; 0 = 10 */
} xc_html_opts;

/* A table of finding groups (group.h), one row per group, in the groups'
 * order (errors first): severity and rule, where (sheet, cell and row key,
 * or "21 ô"), the message with every cell (beyond `fold` folded away), the
 * fix.  "Không có lỗi." when there is nothing to show. */
void xc_html_groups(xc_buf *b, const xc_groups *g, const xc_html_opts *o);

/* Every file of a sorted findings list: per file its summary box and its
 * groups (what xc_render_findings' HTML format gives). */
void xc_html_findings(xc_buf *b, const xc_diags *d, const xc_html_opts *o);

/* ---- a merge ------------------------------------------------------------- */

/* The units of a merge in the order people read them: units with errors
 * first, then warnings only, clean, left out or unreadable, missing (no
 * file); registry order within each. */
typedef enum { XC_ROW_ERRORS, XC_ROW_WARNINGS, XC_ROW_CLEAN, XC_ROW_LEFT_OUT, XC_ROW_MISSING } xc_row_class;
typedef struct {
  long file;          /* index into mg->files, or -1 (missing) */
  long unit;          /* index into the registry, or -1 (a file of no unit) */
  const char *name;   /* the unit's official name, or the name the file gives, or "?" */
  xc_row_class cls;
  size_t errors, warnings;
  char anchor[64];    /* "u-dak-ha" (unique in the page) */
} xc_merge_row;
/* Fills *rows (free it), returns their number; SIZE_MAX (*rows NULL) when
 * memory runs out. */
size_t xc_merge_rows(const xc_merge *mg, xc_merge_row **rows);
/* "Có lỗi", "Chỉ có cảnh báo", … */
const char *xc_row_class_name(xc_row_class c, xc_lang lang);

/* The overview: units by status, totals, and the rules broken most often
 * (in how many findings and units; errors only: the errors'), from the
 * whole log, sorted (xc_diags_sort). */
void xc_html_merge_overview(xc_buf *b, const xc_merge *mg, const xc_merge_row *rows, size_t nrows,
                            const xc_diags *log, bool errors_only, xc_lang lang);
/* The units' table (unit, file, period, status, errors, warnings, note),
 * rows as xc_merge_rows gives them; with link, each unit links to
 * "#<anchor>" (the page's section of that unit).  Row classes:
 * xc-st-errors, xc-st-warnings, xc-st-clean, xc-st-left-out, xc-st-missing. */
void xc_html_merge_status(xc_buf *b, const xc_merge *mg, const xc_merge_row *rows, size_t nrows, bool link,
                          xc_lang lang);

/* ---- charts (inline SVG) ------------------------------------------------- */

/* Errors and warnings per unit, as horizontal bars in the rows' order
 * (missing units left out). */
void xc_html_chart_findings(xc_buf *b, const xc_merge_row *rows, size_t nrows, xc_lang lang);
/* One indicator: a bar per unit (names[i], in the indicator's order) and the
 * province value as a marked line. */
void xc_html_chart_indicator(xc_buf *b, const xc_indicator *ind, const char *const *names, size_t n,
                             xc_lang lang);

#endif
