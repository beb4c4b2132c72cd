/* recalc.h: formulas without a stored value, computed when a workbook is
 * loaded into a model (model.c calls xc_recalc), and the two findings that
 * say so.
 *
 * A formula cell the file gives no value (a program that writes formulas
 * but never computes them wrote it) is computed with formula.h over the
 * model's cells; a computed cell becomes an ordinary number, text, boolean
 * or error cell (its formula flag kept), so every reader downstream (check,
 * merge, the annotated workbooks) sees the value Excel would show.  A
 * formula outside the subset stays XC_CV_NONE: value.c reads it as blank
 * with XC_VF_NO_CACHE, and check.c reads such a cell as unknown, never as
 * blank.  xc_model.formulas lists every such cell with its outcome. */
#ifndef XC_RECALC_H
#define XC_RECALC_H
#include "diag.h"
#include "formula.h"
#include "model.h"

/* Computes m's formulas without a value and fills m->formulas. */
bool xc_recalc(xc_model *m); /* false when memory runs out */

/* The findings of one file: F-1 (information) names the cells computed and
 * their values, F-2 (warning) the cells that could not be computed, why, and
 * how to fix it.  Nothing when the workbook has no such formula. */
void xc_recalc_diags(const xc_model *m, const char *file, const char *unit, xc_diags *out);

/* Why a formula was not computed, in a few words ("hàm VLOOKUP" /
 * "function VLOOKUP"); appended to b. */
void xc_recalc_reason(xc_buf *b, const xc_mformula *f, xc_lang lang);

#endif
