/* checkslip.c: the typing-slip hint: when a sum or ratio fails and one
 * digit changed (or two adjacent digits swapped) in one operand would
 * satisfy every rule that cell takes part in, the hint says so. */
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

/* ---- the typing-slip hint ------------------------------------------------ */

static bool rule_passes(ctx *c, const xc_rule *r);

/* Variants of an integer written with its digits: one digit changed, or two
 * adjacent digits swapped. */
static size_t digit_variants(int64_t v, int64_t *out, size_t cap) {
  char s[24];
  int n = snprintf(s, sizeof s, "%lld", (long long)(v < 0 ? -v : v));
  size_t k = 0;
  for (int i = 0; i < n; i++)
    for (char d = '0'; d <= '9'; d++) {
      if (d == s[i] || (i == 0 && d == '0' && n > 1)) continue;
      char t[24];
      memcpy(t, s, (size_t)n + 1);
      t[i] = d;
      if (k < cap) out[k++] = strtoll(t, NULL, 10);
    }
  for (int i = 0; i + 1 < n; i++) {
    if (s[i] == s[i + 1] || (i == 0 && s[1] == '0')) continue;
    char t[24];
    memcpy(t, s, (size_t)n + 1);
    t[i] = s[i + 1];
    t[i + 1] = s[i];
    if (k < cap) out[k++] = strtoll(t, NULL, 10);
  }
  return k;
}

static void prepare_rule_refs(ctx *c) {
  if (c->rule_refs_ready) return;
  const xc_rule *saved = c->rule;
  for (size_t i = 0; i < c->rs->nrules; i++) {
    const xc_rule *r = &c->rs->rules[i];
    if (r->body != XC_BODY_EXPR || !(r->scopes & c->opts->scope)) continue;
    c->rule = r;
    c->nrefs = 0;
    c->have_fail = false;
    (void)xc_chk_eval(c, r->expr);
    c->rule_refs[i] = xc_try_malloc((c->nrefs ? c->nrefs : 1) * sizeof *c->rule_refs[i]);
    if (!c->rule_refs[i]) {
      c->nomem = true;
      continue; /* no refs: no hint; the run fails with XC_ERR_NOMEM */
    }
    memcpy(c->rule_refs[i], c->refs, c->nrefs * sizeof *c->refs);
    c->rule_nrefs[i] = c->nrefs;
  }
  c->rule = saved;
  c->rule_refs_ready = true;
}

static bool rule_reads(ctx *c, const xc_rule *r, const ref_loc *cell) {
  size_t i = (size_t)(r - c->rs->rules);
  for (size_t k = 0; k < c->rule_nrefs[i]; k++)
    if (c->rule_refs[i][k].sheet == cell->sheet && c->rule_refs[i][k].row == cell->row &&
        c->rule_refs[i][k].col == cell->col)
      return true;
  return false;
}

void xc_chk_slip_hint(ctx *c, const ref_loc *refs, size_t nrefs, xc_buf *out) {
  const xc_rule *failing = c->rule;
  prepare_rule_refs(c);
  for (size_t i = 0; i < nrefs; i++) {
    const ref_loc *rl = &refs[i];
    if (c->rs->sheets[rl->sheet].type != XC_SHEET_KEYED) continue;
    xc_value v;
    xc_chk_cell_value(c, c->b->sheets[rl->sheet].ws, rl->row, rl->col, &v);
    int64_t iv;
    if (v.kind != XC_V_NUMBER || !xc_dec_to_int(v.num, &iv) || iv < 10) continue;
    /* the rules this cell takes part in */
    const xc_rule *related[256];
    size_t nrel = 0;
    for (size_t r = 0; r < c->rs->nrules && nrel < 256; r++) {
      const xc_rule *rr = &c->rs->rules[r];
      if (rr->body != XC_BODY_EXPR || !(rr->scopes & c->opts->scope)) continue;
      if (rule_reads(c, rr, rl)) related[nrel++] = rr;
    }
    int64_t variants[256];
    size_t nv = digit_variants(iv, variants, 256);
    for (size_t k = 0; k < nv; k++) {
      c->ov_on = true;
      c->ov_sheet = rl->sheet;
      c->ov_row = rl->row;
      c->ov_col = rl->col;
      c->ov_num = xc_dec_from_int(variants[k]);
      bool all = rule_passes(c, failing);
      for (size_t r = 0; r < nrel && all; r++) all = rule_passes(c, related[r]);
      c->ov_on = false;
      if (!all) continue;
      xc_buf a, b;
      xc_buf_init(&a, 0);
      xc_buf_init(&b, 0);
      xc_dec_format_vi(&a, xc_dec_from_int(iv), 0);
      xc_dec_format_vi(&b, xc_dec_from_int(variants[k]), 0);
      if (out->len) xc_buf_adds(out, "; ");
      xc_buf_printf(out, "%s!%s: %s có thể là %s (gõ nhầm?)", c->rs->sheets[rl->sheet].id,
                    c->rs->sheets[rl->sheet].rows[rl->spec].key, xc_buf_str(&a), xc_buf_str(&b));
      xc_buf_free(&a);
      xc_buf_free(&b);
    }
  }
  c->rule = failing;
}

/* true unless the rule evaluates to false (skipped counts as passing). */
static bool rule_passes(ctx *c, const xc_rule *r) {
  const xc_rule *saved = c->rule;
  c->rule = r;
  c->nrefs = 0;
  c->have_fail = false;
  rv v = r->expr ? xc_chk_eval(c, r->expr) : mk(RV_SKIP);
  c->rule = saved;
  return !(v.k == RV_BOOL && !v.b);
}
