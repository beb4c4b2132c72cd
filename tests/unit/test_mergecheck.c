/* test_mergecheck.c: the merge's self-checks in scope P (check.c:
 * merge-agg for M-7 and CT-9, merge-distinct for M-6, nfiles() for BM4-4),
 * run on the official template, whose value cells are all blank, against a
 * made-up merge: each fires exactly where the merge's figures disagree with
 * the workbook, and nowhere when it has no figures. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "check.h"
#include "harness.h"
#include "model.h"
#include "ruleset.h"
#include "workbook.h"

#define SUITE "mergecheck"

static void root_path(char *out, size_t n, const char *rel) {
  const char *me = __FILE__, *tail = strstr(me, "tests/unit/");
  int len = tail ? (int)(tail - me) : 0;
  snprintf(out, n, "%.*s%s", len, me, rel);
}

/* The made-up merge: BM1!1 (agg sum) recomputes to 5, BM3!1.4.2 (agg
 * distinct) had 7 in one unit; every other row has no figure. */
typedef struct {
  const xc_ruleset *rs;
  bool active;
  int64_t most; /* the largest unit value of BM3!1.4.2 */
} fake;

static bool is_row(const fake *f, int sheet, size_t spec, const char *id, const char *key) {
  const xc_form_sheet *fs = &f->rs->sheets[sheet];
  return f->active && strcmp(fs->id, id) == 0 && strcmp(fs->rows[spec].key, key) == 0;
}

static bool recomputed(const void *ctx, int sheet, size_t spec, xc_dec *out, bool *blank) {
  if (!is_row(ctx, sheet, spec, "BM1", "1")) return false;
  *out = xc_dec_from_int(5);
  *blank = false;
  return true;
}

static bool unit_max(const void *ctx, int sheet, size_t spec, xc_dec *out) {
  if (!is_row(ctx, sheet, spec, "BM3", "1.4.2")) return false;
  *out = xc_dec_from_int(((const fake *)ctx)->most);
  return true;
}

/* Checks the template in scope P; returns how many findings have rule `rule`
 * and copies the last one's key into key. */
static size_t run_on(const char *file, bool active, int64_t most, const char *rule, char *key, size_t keyn) {
  char rules[4096], tpl[4096];
  root_path(rules, sizeof rules, "rulesets/bao-cao-dinh-ky.rules");
  root_path(tpl, sizeof tpl, file);
  xc_buf err = {0};
  xc_ruleset *rs = xc_ruleset_load(rules, &err);
  xc_limits lim;
  xc_limits_default(&lim);
  xc_error e;
  memset(&e, 0, sizeof e);
  xc_workbook *wb = rs ? xc_workbook_open(tpl, &lim, &e) : NULL;
  xc_model *m = wb ? xc_model_load(wb, 0, &e) : NULL;
  size_t hits = 0;
  if (m) {
    fake f = {rs, active, most};
    xc_merge_view mv;
    memset(&mv, 0, sizeof mv);
    mv.nfiles = 10;
    mv.ctx = &f;
    mv.recomputed = recomputed;
    mv.unit_max = unit_max;
    xc_binding *b = xc_bind(rs, m);
    xc_check_opts co;
    memset(&co, 0, sizeof co);
    co.file = "tong-hop.xlsx";
    co.scope = XC_SCOPE_P;
    co.merge = &mv;
    xc_diags d;
    xc_diags_init(&d);
    xc_check_run(rs, m, b, &co, &d);
    for (size_t i = 0; i < d.n; i++)
      if (strcmp(d.items[i].rule, rule) == 0) {
        hits++;
        snprintf(key, keyn, "%s|%s|%s", d.items[i].key, d.items[i].actual, d.items[i].expected);
      }
    xc_diags_free(&d);
    xc_binding_free(b);
  }
  xc_model_free(m);
  xc_workbook_free(wb);
  xc_ruleset_free(rs);
  xc_buf_free(&err);
  return hits;
}

static size_t run(bool active, const char *rule, char *key, size_t keyn) {
  return run_on("templates/bao-cao-dinh-ky.xlsx", active, 7, rule, key, keyn);
}

static void agg_fires_at_the_row(void) {
  char k[256] = "";
  CHECK_INT(run(true, "M-7", k, sizeof k), 1);
  CHECK_STR(k, "1|(trống)|5");
  CHECK_INT(run(false, "M-7", k, sizeof k), 0);
}

static void distinct_needs_a_number(void) {
  /* the template's 1.4.2 is blank: nothing to compare, no finding */
  char k[256] = "";
  CHECK_INT(run(true, "M-6", k, sizeof k), 0);
}

static void distinct_below_a_unit(void) {
  /* a filled workbook as the province file: Đắk Tô's BM3!1.4.2 is 88 */
  const char *f = "examples/don-vi/bao-cao-dinh-ky_dak-to_2023-q1.xlsx";
  char k[256] = "";
  CHECK_INT(run_on(f, true, 1000, "M-6", k, sizeof k), 1);
  CHECK_STR(k, "1.4.2|88|≥ 1.000");
  CHECK_INT(run_on(f, true, 88, "M-6", k, sizeof k), 0);
}

const xc_test_case xc_tests_mergecheck[] = {TEST(agg_fires_at_the_row), TEST(distinct_needs_a_number),
                                              TEST(distinct_below_a_unit), {0}};
