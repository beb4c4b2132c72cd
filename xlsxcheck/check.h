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
#include "diag.h"
#include "model.h"
#include "ruleset.h"

typedef struct {
  const char *file; /* as named on the command line */
  const char *unit; /* the unit the file is from, or "" */
  unsigned scope;   /* XC_SCOPE_D, _P or _A: which rules apply */
  xc_lang lang;     /* the language of values in findings ("(trống)" / "(blank)") */
} xc_check_opts;

/* Appends the findings to out. */
void xc_check_run(const xc_ruleset *rs, const xc_model *m, const xc_binding *b,
                  const xc_check_opts *opts, xc_diags *out);

#endif
