/* checkmerge.c: the merge's self-checks on the province workbook (scope P):
 * M-7 and CT-9 (computed rows equal what the units' values give) and M-6
 * (a distinct count is at least every unit's). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "cellref.h"
#include "decimal.h"
#include "rx.h"
#include "textkey.h"
#include "units.h"
#include "value.h"

#include "checkint.h"

/* ---- the merge's self-checks (scope P) ------------------------------------ */

static bool agg_is(const char *agg, const char *name) {
  size_t n = strlen(name);
  return strncmp(agg, name, n) == 0 && (agg[n] == '\0' || agg[n] == '(');
}

/* Rows the arguments name: `merge-agg` = every row; `merge-agg CT T T.1` = those. */
static bool merge_row_selected(ctx *c, int sheet, const char *key) {
  if (c->rule->ncheck_args == 0) return true;
  if (strcmp(c->rs->sheets[sheet].id, c->rule->check_args[0]) != 0) return false;
  if (c->rule->ncheck_args == 1) return true;
  for (size_t i = 1; i < c->rule->ncheck_args; i++)
    if (strcmp(c->rule->check_args[i], key) == 0) return true;
  return false;
}

/* A finding of the merge's self-checks at the province cell `got`: {lhs} its
 * value, {rhs} prefix + want (prefix NULL: "(trống)", the value due is blank). */
static void emit_merge(ctx *c, int s, const char *key, const rv *got, const char *prefix, xc_dec want) {
  xc_buf a, e;
  xc_buf_init(&a, 0);
  xc_buf_init(&e, 0);
  xc_chk_describe(c, got, &a, got->decimals);
  if (!prefix) xc_buf_adds(&e, BLANK_WORD(c));
  else {
    xc_buf_adds(&e, prefix);
    xc_dec_format_vi(&e, want, -1);
  }
  c->ph_l = xc_buf_str(&a);
  c->ph_r = xc_buf_str(&e);
  xc_chk_emit(c, s, got->row, got->col, key, xc_buf_str(&a), xc_buf_str(&e), NULL, NULL, NULL);
  c->ph_l = c->ph_r = NULL;
  xc_buf_free(&a);
  xc_buf_free(&e);
}

/* A keyed row of the province file, with its agg (scope P self-checks). */
typedef void merge_row_fn(ctx *c, int sheet, size_t spec, const xc_spec_row *sr);

static void for_each_merged_row(ctx *c, merge_row_fn *fn) {
  if (!c->opts->merge) return;
  for (size_t s = 0; s < c->rs->nsheets; s++) {
    const xc_form_sheet *fs = &c->rs->sheets[s];
    if (fs->type != XC_SHEET_KEYED || c->b->sheets[s].ws < 0) continue;
    for (size_t r = 0; r < fs->nrows; r++)
      if (fs->rows[r].agg) fn(c, (int)s, r, &fs->rows[r]);
  }
}

/* M-7, CT-9: the province value of every computed row equals what the merge
 * recomputes from the units' values (ratios and means with the PCT tolerance). */
static void merge_agg_row(ctx *c, int s, size_t r, const xc_spec_row *sr) {
  const xc_merge_view *mv = c->opts->merge;
  if (!(agg_is(sr->agg, "sum") || agg_is(sr->agg, "ratio") || agg_is(sr->agg, "sum_of") ||
        agg_is(sr->agg, "count_of") || agg_is(sr->agg, "mean")))
    return;
  if (!merge_row_selected(c, s, sr->key)) return;
  xc_dec want;
  bool want_blank = false;
  if (!mv->recomputed(mv->ctx, s, r, &want, &want_blank)) return;
  rv got = xc_chk_read_keyed(c, s, sr->key, NULL, false);
  if (got.k == RV_SKIP) return;
  bool ok;
  if (want_blank) ok = got.k == RV_BLANK;
  else if (got.k != RV_NUM) ok = false;
  else {
    rv w = num(want, -1);
    xc_dec tol = agg_is(sr->agg, "ratio") || agg_is(sr->agg, "mean") ? xc_dec_tol_pct(2) : xc_dec_tol_ex();
    ok = xc_chk_cmp_tol(&got, &w, tol) == 0;
  }
  if (!ok) emit_merge(c, s, sr->key, &got, want_blank ? NULL : "", want);
}

/* M-6: a distinct count over the union of the units' lists is at least the
 * largest unit value of the same row. */
static void merge_distinct_row(ctx *c, int s, size_t r, const xc_spec_row *sr) {
  const xc_merge_view *mv = c->opts->merge;
  xc_dec most;
  if (!agg_is(sr->agg, "distinct") || !mv->unit_max(mv->ctx, s, r, &most)) return;
  rv got = xc_chk_read_keyed(c, s, sr->key, NULL, false);
  if (got.k != RV_NUM) return;
  rv w = num(most, 0);
  if (xc_chk_cmp_tol(&got, &w, xc_dec_tol_ex()) < 0) emit_merge(c, s, sr->key, &got, "≥ ", most);
}

void xc_chk_merge_agg(ctx *c) { for_each_merged_row(c, merge_agg_row); }
void xc_chk_merge_distinct(ctx *c) { for_each_merged_row(c, merge_distinct_row); }
