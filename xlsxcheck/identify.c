/* identify.c: the one decision of which form, scope, unit and period a
 * workbook is (identify.h). */
#include "identify.h"

#include <stdint.h>
#include <string.h>

#include "buf.h"

const xc_ruleset *xc_identify_form(xc_ruleset *const *rulesets, size_t n, bool forced,
                                   const xc_workbook *wb, size_t *score) {
  size_t best = 0, best_score = 0;
  for (size_t r = 0; r < n; r++) {
    size_t sc = xc_bind_score(rulesets[r], wb);
    if (sc == SIZE_MAX) {
      if (score) *score = SIZE_MAX;
      return NULL;
    }
    if (sc > best_score) best = r, best_score = sc;
  }
  if (score) *score = best_score;
  if (n == 0 || (!forced && best_score == 0)) return NULL;
  return rulesets[best];
}

unsigned xc_form_scope(const xc_ruleset *rs) {
  for (size_t i = 0; i < rs->nrules; i++)
    if ((rs->rules[i].scopes & (XC_SCOPE_D | XC_SCOPE_P | XC_SCOPE_A)) == XC_SCOPE_A) return XC_SCOPE_A;
  return XC_SCOPE_D;
}

/* A row of the information sheet as the rules read it, copied into a. */
static const char *info_text(xc_ident *id, int sheet, const char *key, xc_arena *a) {
  if (sheet < 0) return "";
  const xc_form_sheet *fs = &id->rs->sheets[sheet];
  const xc_spec_row *sr = xc_form_sheet_row(fs, key);
  if (!sr) return "";
  xc_rval v = xc_reader_keyed(id->rd, sheet, (size_t)(sr - fs->rows), 0);
  if (v.kind != XC_RV_TEXT) return "";
  const char *copy = xc_arena_try_strndup(a, v.text, v.len);
  if (!copy) id->nomem = true;
  return copy ? copy : "";
}

bool xc_identify_model(xc_ident *id, xc_ruleset *const *rulesets, size_t n, bool forced,
                       const xc_units *const *units, const xc_model *m, struct xc_keycache *keys,
                       const char *file, xc_lang lang, xc_arena *a) {
  memset(id, 0, sizeof *id);
  id->unit = -1;
  id->unit_rc = XC_UNIT_EMPTY;
  id->unit_text = id->province_text = id->period_text = id->period = "";
  id->rs = xc_identify_form(rulesets, n, forced, m->wb, &id->score);
  if (id->score == SIZE_MAX) id->nomem = true;
  if (!id->rs) return false;
  const xc_units *reg = NULL;
  for (size_t r = 0; units && r < n; r++)
    if (rulesets[r] == id->rs) reg = units[r];
  id->scope = xc_form_scope(id->rs);
  id->b = keys ? xc_bind_cached(id->rs, m, keys) : xc_bind(id->rs, m);
  if (!id->b) {
    id->nomem = true;
    return false;
  }
  id->co.file = file;
  id->co.unit = "";
  id->co.scope = id->scope;
  id->co.lang = lang;
  id->co.units = reg;
  id->rd = xc_reader_new(id->rs, m, id->b, &id->co);
  if (!id->rd) {
    id->nomem = true;
    return false;
  }
  int ti = xc_ruleset_sheet(id->rs, XC_INFO_SHEET);
  id->unit_text = info_text(id, ti, XC_INFO_UNIT, a);
  id->province_text = info_text(id, ti, XC_INFO_PROVINCE, a);
  id->period_text = info_text(id, ti, XC_INFO_PERIOD, a);
  xc_buf pb;
  xc_buf_init(&pb, 0);
  if (xc_period_canonical(id->period_text, strlen(id->period_text), &pb) &&
      !(id->period = xc_arena_try_strndup(a, pb.data, pb.len)))
    id->nomem = true;
  if (pb.nomem) id->nomem = true;
  xc_buf_free(&pb);
  size_t ui;
  if (reg) {
    id->unit_rc = xc_units_resolve(reg, id->unit_text, strlen(id->unit_text), &ui);
    if (id->unit_rc == XC_UNIT_OK) id->unit = (int)ui;
    if (id->unit_rc == XC_UNIT_NOMEM) id->nomem = true;
  }
  id->co.unit = id->unit_text;
  if (xc_reader_nomem(id->rd)) id->nomem = true;
  return !id->nomem;
}

void xc_ident_free(xc_ident *id) {
  xc_reader_free(id->rd);
  xc_binding_free(id->b);
  id->rd = NULL;
  id->b = NULL;
}
