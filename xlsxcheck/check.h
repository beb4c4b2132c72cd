/* check.h: runs a ruleset over a bound workbook and appends findings.
 *
 * Expressions are evaluated with the blank rules of relations.md §0 (a sum
 * counts a blank operand as 0 when another is filled; a comparison with a
 * blank side, or a ratio with a blank or zero denominator, is skipped) in
 * exact decimal arithmetic, with the rule's tolerance.  Built-in checks turn
 * the binding's events and the spec's kinds, codes and levels into findings.
 * When a sum or ratio fails and a single typing slip in one operand (one
 * digit changed, or two adjacent digits swapped) would satisfy every rule
 * that cell takes part in, the hint says so.  Data are never changed. */
#ifndef XC_CHECK_H
#define XC_CHECK_H
#include "bind.h"
#include "decimal.h"
#include "diag.h"
#include "model.h"
#include "ruleset.h"

/* What the province-scope built-ins need from the merge (merge.c): the
 * number of files merged (@n, nfiles()), the value it computed for a keyed
 * row from the units' values, and the largest unit value of a row. */
typedef struct {
  size_t nfiles;
  const char *const *extra_sheets; /* the sheets it adds to the form (NULL-terminated) */
  const void *ctx;
  /* false when the row was not merged by a computed agg; *blank when the
   * merged value is blank */
  bool (*recomputed)(const void *ctx, int sheet, size_t spec, xc_dec *out, bool *blank);
  /* false when no unit has a number in the row */
  bool (*unit_max)(const void *ctx, int sheet, size_t spec, xc_dec *out);
} xc_merge_view;

typedef struct {
  const char *file; /* as named on the command line */
  const char *unit; /* the unit the file is from, or "" */
  unsigned scope;   /* XC_SCOPE_D, _P or _A: which rules apply */
  xc_lang lang;     /* the language of values in findings ("(trống)" / "(blank)") */
  const xc_merge_view *merge; /* scope P: the merge that made the file, or NULL */
  const struct xc_units_s *units; /* the units registry (TI-1), or NULL: TI-1 is not checked */
} xc_check_opts;

/* Appends the findings to out. */
void xc_check_run(const xc_ruleset *rs, const xc_model *m, const xc_binding *b,
                  const xc_check_opts *opts, xc_diags *out);

/* true when the evaluator implements built-in check `name` (checkbuiltin.c). */
bool xc_check_builtin_known(const char *name);
/* The ruleset's lint (xc_ruleset_lint) with the evaluator's built-ins. */
size_t xc_check_lint(const xc_ruleset *rs, xc_buf *out);

/* xc_check_run sharing the cell values rd has read or will read (rd was
 * made for the same model): each cell is cleaned and parsed once for the
 * check and the merge's reading together. */
struct xc_reader;
void xc_check_run_shared(const xc_ruleset *rs, const xc_model *m, const xc_binding *b,
                         const xc_check_opts *opts, xc_diags *out, struct xc_reader *rd);

/* ---- reading cells as the rules read them (for the merge) ---------------- */

typedef enum { XC_RV_BLANK, XC_RV_NUM, XC_RV_TEXT, XC_RV_DATE, XC_RV_SKIP } xc_rval_kind;
typedef struct {
  xc_rval_kind kind; /* SKIP: no such row or cell, or an error value */
  xc_dec num;        /* NUM (a code row reads as its code) */
  int decimals;      /* NUM: as displayed */
  const char *text;  /* TEXT: the cleaned text (NFC, HTML stripped); lives as long as the reader */
  size_t len;
  int64_t days;      /* DATE: days since 1970-01-01 */
} xc_rval;

typedef struct xc_reader xc_reader;
xc_reader *xc_reader_new(const xc_ruleset *rs, const xc_model *m, const xc_binding *b,
                         const xc_check_opts *opts);
void xc_reader_free(xc_reader *r);
/* Column colno (1-based; 0 = the value column) of the keyed row spec of sheet. */
xc_rval xc_reader_keyed(xc_reader *r, int sheet, size_t spec, uint32_t colno);
/* Column spec_col of list row `row` (a workbook row of b->sheets[list].rows). */
xc_rval xc_reader_list(xc_reader *r, int list, uint32_t row, size_t spec_col);

#endif
