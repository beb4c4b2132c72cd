/* checkbuiltin.c: the built-in checks (relations no expression states:
 * the binding's events, kinds, codes, levels, the information sheet,
 * fractions, trees, documents, thresholds, the PAR-index scheme) and the
 * table that names them. */
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

/* ---- built-in checks ----------------------------------------------------- */

static bool arg_is(const xc_rule *r, size_t i, const char *s) {
  return i < r->ncheck_args && strcmp(r->check_args[i], s) == 0;
}

static void check_events(ctx *c, xc_event_kind kind) {
  /* `check keys CS`: only the named sheets */
  int only = -1;
  if (c->rule->ncheck_args && (kind == XC_EV_KEY_MISSING || kind == XC_EV_KEY_DUPLICATE))
    only = xc_ruleset_sheet(c->rs, c->rule->check_args[0]);
  for (size_t i = 0; i < c->b->nevents; i++) {
    const xc_event *ev = &c->b->events[i];
    if (ev->kind != kind || (only >= 0 && ev->sheet != only)) continue;
    bool extra = ev->kind == XC_EV_SHEET_EXTRA;
    if (extra && c->opts->merge) { /* the sheets the merge adds to the form */
      bool ours = false;
      for (const char *const *x = c->opts->merge->extra_sheets; x && *x; x++) ours |= strcmp(*x, ev->text) == 0;
      if (ours) continue;
    }
    bool keyless = extra || kind == XC_EV_SHEET_MISSING || kind == XC_EV_HEADER_MISSING;
    c->sheet_name = extra ? ev->text : NULL; /* the workbook's own sheet, at its A1 */
    xc_chk_emit(c, ev->sheet, extra ? 1 : ev->row, extra ? 1 : ev->col, keyless ? "" : ev->text, ev->text, "",
         NULL, NULL, NULL);
    c->sheet_name = NULL;
  }
}

/* a keyed row excluded by `except SHEET!KEY …` */
static bool excepted(ctx *c, int sheet, const char *key) {
  const xc_rule *r = c->rule;
  for (size_t i = 0; i < r->ncheck_args; i++) {
    const char *a = r->check_args[i];
    const char *bang = strchr(a, '!');
    if (!bang) continue;
    if (strncmp(a, c->rs->sheets[sheet].id, (size_t)(bang - a)) == 0 &&
        c->rs->sheets[sheet].id[bang - a] == '\0' && strcmp(bang + 1, key) == 0)
      return true;
  }
  return false;
}

typedef void (*row_fn)(ctx *c, int sheet, size_t spec, uint32_t row, const xc_value *v);

static void for_each_keyed(ctx *c, row_fn fn) {
  for (size_t s = 0; s < c->rs->nsheets; s++) {
    const xc_form_sheet *fs = &c->rs->sheets[s];
    const xc_bound *bs = &c->b->sheets[s];
    if (fs->type != XC_SHEET_KEYED || bs->ws < 0 || xc_bind_redefines_d(fs)) continue;
    for (size_t r = 0; r < fs->nrows; r++) {
      uint32_t row = bs->key_row[r];
      if (!row) continue;
      xc_value v;
      xc_chk_cell_value(c, bs->ws, row, 4, &v);
      fn(c, (int)s, r, row, &v);
    }
  }
}

static void describe_value(const ctx *c, const xc_value *v, xc_buf *b) {
  xc_buf_clear(b);
  xc_value_describe(b, v, c->opts->lang);
}

static void kind_row(ctx *c, int sheet, size_t spec, uint32_t row, const xc_value *v) {
  const xc_spec_row *sr = &c->rs->sheets[sheet].rows[spec];
  if (v->kind == XC_V_BLANK) return;
  const char *k = sr->kind;
  bool ok = true;
  const char *want_vi = "", *want_en = "";
  if (strcmp(k, "count") == 0) {
    ok = v->kind == XC_V_NUMBER && xc_dec_is_integer(v->num) && xc_dec_sign(v->num) >= 0;
    want_vi = "số nguyên ≥ 0", want_en = "an integer ≥ 0";
  } else if (strcmp(k, "percent") == 0) {
    ok = v->kind == XC_V_NUMBER && xc_dec_cmp(v->num, xc_dec_neg(xc_dec_tol_rng())) >= 0;
    if (ok && !excepted(c, sheet, sr->key)) {
      xc_dec lim;
      xc_dec_add(xc_dec_from_int(100), xc_dec_tol_rng(), &lim);
      ok = xc_dec_cmp(v->num, lim) <= 0;
    }
    want_vi = "tỷ lệ từ 0 đến 100", want_en = "a percentage from 0 to 100";
  } else if (strcmp(k, "amount") == 0) {
    ok = v->kind == XC_V_NUMBER && xc_dec_sign(v->num) >= 0;
    want_vi = "số tiền ≥ 0", want_en = "an amount ≥ 0";
  } else if (strcmp(k, "date") == 0) {
    int y, m, d;
    bool time;
    ok = v->kind == XC_V_DATE || (v->kind == XC_V_NUMBER &&
                                  xc_date_from_serial(v->num, c->m->wb->date1904, &y, &m, &d, &time));
    want_vi = "ngày hợp lệ (ngày/tháng/năm)", want_en = "a valid date (d/m/yyyy)";
  } else {
    return; /* text; codes: check codes; headers: check levels */
  }
  if (ok) return;
  xc_buf a;
  xc_buf_init(&a, 0);
  describe_value(c, v, &a);
  xc_chk_emit(c, sheet, row, 4, sr->key, xc_buf_str(&a), c->opts->lang == XC_LANG_EN ? want_en : want_vi, NULL,
       NULL, NULL);
  xc_buf_free(&a);
}

static void code_row(ctx *c, int sheet, size_t spec, uint32_t row, const xc_value *v) {
  const xc_spec_row *sr = &c->rs->sheets[sheet].rows[spec];
  if (sr->rkind != XC_RK_CODE || !sr->codes[0] || v->kind == XC_V_BLANK) return;
  xc_buf a;
  xc_buf_init(&a, 0);
  bool ok = false;
  xc_dec d;
  if (v->kind == XC_V_NUMBER) {
    /* the number must be one of the codes */
    const char *p = sr->codes;
    while (*p && !ok) {
      const char *semi = strchr(p, ';');
      size_t n = semi ? (size_t)(semi - p) : strlen(p);
      const char *eq = memchr(p, '=', n);
      if (eq && xc_dec_parse_plain(p, (size_t)(eq - p), &d)) ok = xc_dec_cmp(d, v->num) == 0;
      p += n + (semi ? 1 : 0);
    }
  } else if (v->kind == XC_V_TEXT) {
    ok = xc_chk_code_of(c, sr->codes, v->text, v->len, &d);
  }
  if (!ok) {
    describe_value(c, v, &a);
    xc_chk_emit(c, sheet, row, 4, sr->key, xc_buf_str(&a), sr->codes, NULL, NULL, NULL);
  }
  xc_buf_free(&a);
}

static void english_row(ctx *c, int sheet, size_t spec, uint32_t row, const xc_value *v) {
  if (!(v->flags & XC_VF_ENGLISH_DECIMAL)) return;
  xc_buf a;
  xc_buf_init(&a, 0);
  xc_buf_add(&a, v->text, v->len);
  xc_buf e;
  xc_buf_init(&e, 0);
  xc_value_describe(&e, v, c->opts->lang);
  xc_chk_emit(c, sheet, row, 4, c->rs->sheets[sheet].rows[spec].key, xc_buf_str(&a), xc_buf_str(&e), NULL,
       NULL, NULL);
  xc_buf_free(&a);
  xc_buf_free(&e);
}


static void level_row(ctx *c, int sheet, size_t spec, uint32_t row, const xc_value *v) {
  const xc_spec_row *sr = &c->rs->sheets[sheet].rows[spec];
  bool header = sr->rkind == XC_RK_HEADER;
  if (strcmp(c->level, "header") == 0) {
    if (header && v->kind != XC_V_BLANK) {
      xc_buf a;
      xc_buf_init(&a, 0);
      describe_value(c, v, &a);
      xc_chk_emit(c, sheet, row, 4, sr->key, xc_buf_str(&a), "", NULL, NULL, NULL);
      xc_buf_free(&a);
    }
    return;
  }
  if (header || strcmp(sr->level, c->level) != 0 || excepted(c, sheet, sr->key)) return;
  bool must_fill = c->want_filled;
  if (must_fill && v->kind == XC_V_BLANK && !(v->flags & XC_VF_NO_CACHE))
    xc_chk_emit(c, sheet, row, 4, sr->key, BLANK_WORD(c), "", NULL, NULL, NULL);
  if (!must_fill && v->kind != XC_V_BLANK) {
    xc_buf a;
    xc_buf_init(&a, 0);
    describe_value(c, v, &a);
    xc_chk_emit(c, sheet, row, 4, sr->key, xc_buf_str(&a), BLANK_WORD(c), NULL, NULL, NULL);
    xc_buf_free(&a);
  }
}

/* LV-5, LV-6, R-1, R-2: about the rules that define a total or a ratio
 * (`CELL = …arithmetic…`): blank although computable; filled although an
 * operand is blank; a ratio shown as 100 (or 0) that is not. */
static bool defining(const xc_rule *r) {
  return r->body == XC_BODY_EXPR && r->expr->kind == XC_N_CMP && r->expr->nargs == 2 &&
         r->expr->ops[0] == XC_OP_EQ && r->expr->args[0]->kind == XC_N_REF &&
         xc_chk_has_arith(r->expr->args[1]);
}

static bool is_ratio(const xc_node *n) {
  return n->kind == XC_N_ARITH && n->op == '/';
}

static bool node_has_blank_ref(ctx *c, const xc_node *n) {
  if (n->kind == XC_N_REF) {
    rv v = xc_chk_read_keyed(c, n->sheet, n->text, n->col, true);
    return v.k == RV_BLANK;
  }
  for (size_t i = 0; i < n->nargs; i++)
    if (node_has_blank_ref(c, n->args[i])) return true;
  return false;
}

static void check_defining(ctx *c, const char *what) {
  const xc_rule *self = c->rule;
  for (size_t i = 0; i < c->rs->nrules; i++) {
    const xc_rule *r = &c->rs->rules[i];
    if (!defining(r) || !(r->scopes & c->opts->scope)) continue;
    const xc_node *lhs = r->expr->args[0], *rhs = r->expr->args[1];
    c->rule = r; /* tolerances of the defining rule */
    c->nrefs = 0;
    rv l = xc_chk_read_keyed(c, lhs->sheet, lhs->text, lhs->col, false);
    if (l.k == RV_SKIP) {
      c->rule = self;
      continue;
    }
    if (!c->def_done[i]) { /* the four built-ins share one evaluation per rule */
      c->def_rhs[i] = xc_chk_eval(c, rhs);
      c->def_done[i] = true;
    }
    rv rr = c->def_rhs[i];
    c->rule = self;
    xc_buf a, e;
    xc_buf_init(&a, 0);
    xc_buf_init(&e, 0);
    const char *key = lhs->text;
    const xc_spec_row *lrow = xc_form_sheet_row(&c->rs->sheets[lhs->sheet], lhs->text);
    bool huyen = lrow && strcmp(lrow->level, "huyen") == 0 && xc_chk_in_scope_d(c);
    if (strcmp(what, "derivable") == 0) {
      if (l.k == RV_BLANK && rr.k == RV_NUM && !huyen) { /* a blank huyen row: LV-1's error */
        xc_chk_describe(c, &rr, &e, 2);
        xc_chk_emit(c, lhs->sheet, l.row, l.col, key, BLANK_WORD(c), xc_buf_str(&e), NULL, NULL, NULL);
      }
    } else if (strcmp(what, "filled-operands") == 0) {
      if (l.k == RV_NUM && node_has_blank_ref(c, rhs) &&
          (rr.k == RV_SKIP || rr.k == RV_BLANK || is_ratio(rhs))) {
        xc_chk_describe(c, &l, &a, -1);
        xc_chk_emit(c, lhs->sheet, l.row, l.col, key, xc_buf_str(&a), "", NULL, NULL, NULL);
      }
    } else if (is_ratio(rhs) && l.k == RV_NUM && rr.k == RV_NUM) {
      /* ratio100 / ratio0: rhs = 100 * n / d; compare what the cell shows */
      bool shows100 = xc_dec_cmp(l.num, xc_dec_from_int(100)) == 0;
      bool shows0 = xc_dec_is_zero(l.num);
      rv hundred = num(xc_dec_from_int(100), 0), zero = num(xc_dec_from_int(0), 0);
      bool fire = strcmp(what, "ratio100") == 0 ? shows100 && xc_chk_cmp_tol(&rr, &hundred, xc_dec_tol_ex()) != 0
                                                 : shows0 && xc_chk_cmp_tol(&rr, &zero, xc_dec_tol_ex()) > 0;
      if (fire) {
        /* {lhs} = the numerator N, {rhs} = the denominator D of 100 * N / D */
        const xc_node *nn = rhs->args[0], *dn = rhs->args[1];
        if (nn->kind == XC_N_ARITH && nn->op == '*')
          nn = nn->args[0]->kind == XC_N_NUM ? nn->args[1] : nn->args[0];
        c->rule = r;
        rv nv = xc_chk_eval(c, nn), dv = xc_chk_eval(c, dn);
        c->rule = self;
        xc_buf pn, pd;
        xc_buf_init(&pn, 0);
        xc_buf_init(&pd, 0);
        xc_chk_describe(c, &nv, &pn, -1);
        xc_chk_describe(c, &dv, &pd, -1);
        xc_chk_describe(c, &l, &a, -1);
        xc_chk_describe(c, &rr, &e, 2);
        c->ph_l = xc_buf_str(&pn);
        c->ph_r = xc_buf_str(&pd);
        xc_chk_emit(c, lhs->sheet, l.row, l.col, key, xc_buf_str(&a), xc_buf_str(&e), NULL, NULL, NULL);
        c->ph_l = c->ph_r = NULL;
        xc_buf_free(&pn);
        xc_buf_free(&pd);
      }
    }
    xc_buf_free(&a);
    xc_buf_free(&e);
  }
}

static void check_required(ctx *c) {
  for (size_t s = 0; s < c->rs->nsheets; s++) {
    const xc_form_sheet *fs = &c->rs->sheets[s];
    const xc_bound *bs = &c->b->sheets[s];
    if (fs->type != XC_SHEET_LIST || bs->ws < 0) continue;
    for (size_t i = 0; i < bs->nrows; i++)
      for (size_t k = 0; k < fs->ncols; k++) {
        if (!fs->cols[k].required || !bs->col_of[k]) continue;
        xc_value v;
        xc_chk_cell_value(c, bs->ws, bs->rows[i], bs->col_of[k], &v);
        if (v.kind != XC_V_BLANK || (v.flags & XC_VF_NO_CACHE)) continue; /* a formula not computed: F-2 */
        char key[24];
        snprintf(key, sizeof key, "#%zu", i + 1);
        xc_chk_emit(c, (int)s, bs->rows[i], bs->col_of[k], key, BLANK_WORD(c), fs->cols[k].header, NULL, NULL,
             NULL);
      }
  }
}

static void check_list_kinds(ctx *c) {
  for (size_t s = 0; s < c->rs->nsheets; s++) {
    const xc_form_sheet *fs = &c->rs->sheets[s];
    const xc_bound *bs = &c->b->sheets[s];
    if (fs->type != XC_SHEET_LIST || bs->ws < 0) continue;
    for (size_t i = 0; i < bs->nrows; i++)
      for (size_t k = 0; k < fs->ncols; k++) {
        if (!bs->col_of[k] || fs->cols[k].rkind != XC_RK_COUNT) continue;
        xc_value v;
        xc_chk_cell_value(c, bs->ws, bs->rows[i], bs->col_of[k], &v);
        if (v.kind == XC_V_BLANK ||
            (v.kind == XC_V_NUMBER && xc_dec_is_integer(v.num) && xc_dec_sign(v.num) >= 0))
          continue;
        xc_buf a;
        xc_buf_init(&a, 0);
        describe_value(c, &v, &a);
        char key[24];
        snprintf(key, sizeof key, "#%zu", i + 1);
        xc_chk_emit(c, (int)s, bs->rows[i], bs->col_of[k], key, xc_buf_str(&a), "số nguyên ≥ 0", NULL,
             "an integer ≥ 0", NULL);
        xc_buf_free(&a);
      }
  }
}


/* ---- identity: unit, province, period (TI-1, TI-2, TI-3) ------------------ */

/* The keyed cell an argument "SHEET!KEY" names: its text, or false. */
static bool arg_cell(ctx *c, const char *arg, int *sheet, uint32_t *row, xc_value *v,
                     const char **key) {
  const char *bang = arg ? strchr(arg, '!') : NULL;
  if (!bang) return false;
  char id[32];
  snprintf(id, sizeof id, "%.*s", (int)(bang - arg), arg);
  int s = xc_ruleset_sheet(c->rs, id);
  if (s < 0 || c->b->sheets[s].ws < 0) return false;
  const xc_form_sheet *fs = &c->rs->sheets[s];
  const xc_spec_row *sr = xc_form_sheet_row(fs, bang + 1);
  if (!sr) return false;
  uint32_t r = c->b->sheets[s].key_row[sr - fs->rows];
  if (!r) return false;
  xc_chk_cell_value(c, c->b->sheets[s].ws, r, 4, v);
  *sheet = s;
  *row = r;
  *key = sr->key;
  return true;
}

static void b_unit(ctx *c) {
  int s;
  uint32_t row;
  xc_value v;
  const char *key;
  if (c->rule->ncheck_args < 1 || !arg_cell(c, c->rule->check_args[0], &s, &row, &v, &key)) return;
  if (v.kind == XC_V_BLANK) return; /* required-ness is another rule's (TI-0) */
  const xc_units *u = c->opts->units; /* loaded once by the caller (xc_lib, the merge) */
  if (!u) return;
  size_t ix;
  xc_unit_rc rc = xc_units_resolve(u, v.text, v.len, &ix);
  if (rc != XC_UNIT_OK) {
    xc_buf a;
    xc_buf_init(&a, 0);
    xc_value_describe(&a, &v, c->opts->lang);
    xc_chk_emit(c, s, row, 4, key, xc_buf_str(&a), rc == XC_UNIT_PROVINCE ? "một huyện/thành phố, không phải tên tỉnh" : "",
         NULL, NULL, NULL);
    xc_buf_free(&a);
  }
}

static void b_province(ctx *c) {
  int s;
  uint32_t row;
  xc_value v;
  const char *key;
  if (c->rule->ncheck_args < 1 || !c->rs->province ||
      !arg_cell(c, c->rule->check_args[0], &s, &row, &v, &key) || v.kind == XC_V_BLANK)
    return;
  xc_buf got, want;
  xc_buf_init(&got, 0);
  xc_buf_init(&want, 0);
  xc_units_province_key(v.text, v.len, &got);
  xc_units_province_key(c->rs->province, strlen(c->rs->province), &want);
  if (strcmp(xc_buf_str(&got), xc_buf_str(&want)) != 0) {
    xc_buf a;
    xc_buf_init(&a, 0);
    xc_value_describe(&a, &v, c->opts->lang);
    xc_chk_emit(c, s, row, 4, key, xc_buf_str(&a), c->rs->province, NULL, NULL, NULL);
    xc_buf_free(&a);
  }
  xc_buf_free(&got);
  xc_buf_free(&want);
}

static void b_period(ctx *c) {
  int s;
  uint32_t row;
  xc_value v;
  const char *key;
  if (c->rule->ncheck_args < 1 || !arg_cell(c, c->rule->check_args[0], &s, &row, &v, &key) ||
      v.kind == XC_V_BLANK)
    return;
  bool annual = arg_is(c->rule, 1, "annual");
  xc_buf canon;
  xc_buf_init(&canon, 0);
  xc_buf text;
  xc_buf_init(&text, 0);
  if (v.kind == XC_V_NUMBER) xc_dec_format_plain(&text, v.num, -1);
  else xc_buf_add(&text, v.text, v.len);
  bool ok = xc_period_canonical(xc_buf_str(&text), text.len, &canon);
  if (ok && annual) ok = strncmp(xc_buf_str(&canon), "Năm ", 5) == 0 || strncmp(xc_buf_str(&canon), "Năm", 4) == 0;
  if (!ok) {
    xc_buf a;
    xc_buf_init(&a, 0);
    xc_value_describe(&a, &v, c->opts->lang);
    xc_chk_emit(c, s, row, 4, key, xc_buf_str(&a),
         annual ? "Năm YYYY" : "Quý I/YYYY, 6 tháng/YYYY, 9 tháng/YYYY hoặc Năm YYYY", NULL, NULL, NULL);
    xc_buf_free(&a);
  }
  xc_buf_free(&canon);
  xc_buf_free(&text);
}

/* ---- free-text fractions (FT-1, FT-2) ----------------------------------- */

/* The text cells a fraction check reads, named by its arguments: a column
 * letter (that column of every keyed sheet without value columns), a value
 * column name (sheets declaring it) or a list column short name. */
static void fraction_cells(ctx *c, void (*fn)(ctx *c, int sheet, uint32_t row, uint32_t col,
                                             const char *key, const xc_value *v)) {
  const xc_rule *r = c->rule;
  for (size_t a = 0; a < r->ncheck_args; a++) {
    const char *w = r->check_args[a];
    for (size_t s = 0; s < c->rs->nsheets; s++) {
      const xc_form_sheet *fs = &c->rs->sheets[s];
      const xc_bound *bs = &c->b->sheets[s];
      if (bs->ws < 0) continue;
      if (fs->type == XC_SHEET_KEYED) {
        uint32_t col = 0;
        for (size_t k = 0; k < fs->nvcols; k++)
          if (strcmp(fs->vcol_names[k], w) == 0) col = xc_col_number(fs->vcol_letters[k]);
        if (!col && strlen(w) <= 2 && !xc_bind_redefines_d(fs)) col = xc_col_number(w);
        if (!col) continue;
        for (size_t k = 0; k < fs->nrows; k++) {
          if (!bs->key_row[k]) continue;
          xc_value v;
          xc_chk_cell_value(c, bs->ws, bs->key_row[k], col, &v);
          if (v.kind == XC_V_TEXT) fn(c, (int)s, bs->key_row[k], col, fs->rows[k].key, &v);
        }
      } else {
        const xc_spec_col *sc = xc_form_sheet_col(fs, w);
        if (!sc || !sc->short_name || strcmp(sc->short_name, w) != 0 || !bs->col_of[sc - fs->cols])
          continue;
        uint32_t col = bs->col_of[sc - fs->cols];
        for (size_t i = 0; i < bs->nrows; i++) {
          xc_value v;
          xc_chk_cell_value(c, bs->ws, bs->rows[i], col, &v);
          char key[24];
          snprintf(key, sizeof key, "#%zu", i + 1);
          if (v.kind == XC_V_TEXT) fn(c, (int)s, bs->rows[i], col, key, &v);
        }
      }
    }
  }
}

static bool vn_number(const char *s, size_t n, xc_value *v) {
  xc_value_parse_text(s, n, v);
  return v->kind == XC_V_NUMBER;
}

/* The fraction pattern: the ruleset's `pattern fraction /…/`, else the
 * built-in one (XC_FRACTION_PATTERN, compiled with the ruleset). */
static const xc_rx *fraction_rx(ctx *c) {
  const xc_pattern *p = xc_ruleset_pattern(c->rs, "fraction");
  return p ? p->rx : c->rs->fraction_default;
}

/* not a fraction: a date or period ("ngày 31/12", "tháng 9/2023", "(15/12)"), a
 * rank ("thứ 06/10"), or anything inside a URL */
static bool not_a_fraction(const char *t, size_t len, size_t a0, size_t b1) {
  static const char *const lead[] = {"ngày ", "ngày", "tháng ", "thứ ", "Ngày ", "Tháng ", "Thứ ", NULL};
  for (int k = 0; lead[k]; k++) {
    size_t ln = strlen(lead[k]);
    if (a0 >= ln && strncmp(t + a0 - ln, lead[k], ln) == 0) return true;
  }
  if (a0 >= 1 && t[a0 - 1] == '(' && b1 < len && t[b1] == ')') return true;
  size_t w = a0;
  while (w > 0 && t[w - 1] != ' ' && t[w - 1] != '\n') w--;
  for (size_t i = w; i < a0 + 8 && i + 3 <= len; i++)
    if (strncmp(t + i, "://", 3) == 0 || strncmp(t + i, "www.", 4) == 0) return true;
  return false;
}

static void fraction_cell_mode(ctx *c, int sheet, uint32_t row, uint32_t col, const char *key,
                               const xc_value *v, bool paired) {
  const xc_rx *rx = fraction_rx(c);
  if (!rx) return;
  long g[8];
  size_t start = 0;
  while (start < v->len && xc_rx_match(rx, v->text, v->len, start, g, 4, &c->nomem)) {
    size_t next = (size_t)g[1] > start ? (size_t)g[1] : start + 1;
    start = next;
    if (g[2] < 0 || g[4] < 0 || not_a_fraction(v->text, v->len, (size_t)g[2], (size_t)g[5])) continue;
    xc_value a, b, p;
    if (!vn_number(v->text + g[2], (size_t)(g[3] - g[2]), &a) ||
        !vn_number(v->text + g[4], (size_t)(g[5] - g[4]), &b) || xc_dec_is_zero(b.num))
      continue;
    xc_buf act, exp;
    xc_buf_init(&act, 0);
    xc_buf_init(&exp, 0);
    if (paired && g[6] >= 0 && vn_number(v->text + g[6], (size_t)(g[7] - g[6]), &p)) {
      if (!xc_dec_ratio_ok(p.num, a.num, b.num, xc_dec_tol_pct(p.decimals))) {
        xc_buf_add(&act, v->text + g[2], (size_t)(g[1] - g[2]));
        xc_dec q;
        if (xc_dec_pct(a.num, b.num, p.decimals > 2 ? p.decimals : 2, &q) == XC_DEC_OK) {
          xc_buf_add(&exp, v->text + g[2], (size_t)(g[5] - g[2]));
          xc_buf_adds(&exp, " = ");
          xc_dec_format_vi(&exp, q, -1);
          xc_buf_addc(&exp, '%');
        }
        xc_chk_emit(c, sheet, row, col, key, xc_buf_str(&act), xc_buf_str(&exp), NULL, NULL, NULL);
      }
    } else if (!paired && g[6] < 0 && xc_dec_cmp(a.num, b.num) > 0) {
      xc_buf_add(&act, v->text + g[2], (size_t)(g[5] - g[2]));
      xc_chk_emit(c, sheet, row, col, key, xc_buf_str(&act), "", NULL, NULL, NULL);
    }
    xc_buf_free(&act);
    xc_buf_free(&exp);
  }
}

static void fraction_cell(ctx *c, int sheet, uint32_t row, uint32_t col, const char *key,
                          const xc_value *v) {
  fraction_cell_mode(c, sheet, row, col, key, v, true);
}

static void fraction_part_cell(ctx *c, int sheet, uint32_t row, uint32_t col, const char *key,
                               const xc_value *v) {
  fraction_cell_mode(c, sheet, row, col, key, v, false);
}

static void b_fractions(ctx *c) { fraction_cells(c, fraction_cell); }
static void b_fraction_parts(ctx *c) { fraction_cells(c, fraction_part_cell); }

/* ---- trees: parent = Σ children (chi-so-cchc) ----------------------------- */

static void b_tree(ctx *c) {
  if (c->rule->ncheck_args < 2) return;
  int s = xc_ruleset_sheet(c->rs, c->rule->check_args[0]);
  if (s < 0 || c->b->sheets[s].ws < 0) return;
  const xc_form_sheet *fs = &c->rs->sheets[s];
  const xc_bound *bs = &c->b->sheets[s];
  uint32_t col = xc_bind_value_col(fs, c->rule->check_args[1]);
  xc_dec tol = c->rule->tol == XC_TOL_SC ? xc_dec_tol_sc() : xc_dec_tol_ex();
  for (size_t r = 0; r < fs->nrows; r++) {
    const char *pk = fs->rows[r].key;
    if (strcmp(pk, "T") == 0 || !bs->key_row[r]) continue;
    xc_dec sum = xc_dec_from_int(0);
    bool kids = false, any = false, broken = false;
    for (size_t k = 0; k < fs->nrows; k++) {
      if (strcmp(fs->rows[k].parent, pk) != 0) continue;
      kids = true;
      if (!bs->key_row[k]) {
        broken = true;
        continue;
      }
      xc_value v;
      xc_chk_cell_value(c, bs->ws, bs->key_row[k], col, &v);
      if (v.kind == XC_V_BLANK) continue;
      if (v.kind != XC_V_NUMBER) {
        broken = true;
        continue;
      }
      any = true;
      if (xc_dec_add(sum, v.num, &sum) != XC_DEC_OK) broken = true;
    }
    if (!kids || broken) continue;
    xc_value pv;
    xc_chk_cell_value(c, bs->ws, bs->key_row[r], col, &pv);
    if (pv.kind != XC_V_NUMBER || !any) continue;
    if (xc_dec_near(pv.num, sum, tol)) continue;
    xc_buf a, e;
    xc_buf_init(&a, 0);
    xc_buf_init(&e, 0);
    xc_dec_format_vi(&a, pv.num, -1);
    xc_dec_format_vi(&e, sum, -1);
    xc_chk_emit(c, s, bs->key_row[r], col, pk, xc_buf_str(&a), xc_buf_str(&e), NULL, NULL, NULL);
    xc_buf_free(&a);
    xc_buf_free(&e);
  }
}

/* ---- documents of a list (VB-8, VB-9, VB-11) ----------------------------- */

typedef struct {
  uint32_t row, col;
  size_t index;     /* data row number - 1 */
  int64_t n;        /* group 1 */
  char x[32], y[64]; /* groups 3 and 4, upper-cased ASCII as written */
  int year;         /* group 7 */
  int64_t days;     /* the date */
  bool typed;       /* a typed document (not Công văn / Văn bản) */
} doc_row;

/* Parses COL of every data row of LIST with PATTERN; rows that do not match are
 * left out (VB-3 reports them). */
static size_t doc_rows(ctx *c, const char *list, const char *col, const char *pattern,
                       const char *typecol, doc_row **out) {
  *out = NULL;
  int s = xc_ruleset_sheet(c->rs, list);
  const xc_pattern *pat = pattern ? xc_ruleset_pattern(c->rs, pattern) : NULL;
  if (s < 0 || !pat || c->b->sheets[s].ws < 0) return 0;
  const xc_bound *bs = &c->b->sheets[s];
  doc_row *rows = xc_try_calloc(bs->nrows ? bs->nrows : 1, sizeof *rows);
  if (!rows) {
    c->nomem = true;
    return 0;
  }
  size_t n = 0;
  for (size_t i = 0; i < bs->nrows; i++) {
    rv v = xc_chk_read_list(c, s, bs->rows[i], col);
    if (v.k != RV_TEXT) continue;
    /* NFC, collapsed spaces (relations.md §11) */
    xc_buf t;
    xc_buf_init(&t, 0);
    xc_nfc(v.text, v.len, &t);
    if (t.nomem) c->nomem = true;
    long g[16];
    if (!xc_rx_match(pat->rx, xc_buf_str(&t), t.len, 0, g, 8, &c->nomem) || g[14] < 0) {
      xc_buf_free(&t);
      continue;
    }
    const char *txt = xc_buf_str(&t);
    doc_row *d = &rows[n];
    d->row = bs->rows[i];
    d->col = v.col;
    d->index = i;
    d->n = strtoll(txt + g[2], NULL, 10);
    snprintf(d->x, sizeof d->x, "%.*s", (int)(g[7] - g[6]), txt + g[6]);
    snprintf(d->y, sizeof d->y, "%.*s", (int)(g[9] - g[8]), txt + g[8]);
    int day = (int)strtol(txt + g[10], NULL, 10), mon = (int)strtol(txt + g[12], NULL, 10);
    d->year = (int)strtol(txt + g[14], NULL, 10);
    xc_buf_free(&t);
    if (!xc_date_valid(d->year, mon, day)) continue;
    d->days = xc_date_days(d->year, mon, day);
    d->typed = true;
    if (typecol) {
      rv tv = xc_chk_read_list(c, s, bs->rows[i], typecol);
      if (tv.k == RV_TEXT) {
        xc_buf k;
        xc_buf_init(&k, 0);
        xc_match_key(tv.text, tv.len, &k);
        d->typed = strcmp(xc_buf_str(&k), "công văn") != 0 && strcmp(xc_buf_str(&k), "văn bản") != 0;
        xc_buf_free(&k);
      }
    }
    n++;
  }
  *out = rows;
  return n;
}

/* A finding on a document row of a list (key "#n"); frees a and e. */
static void emit_doc(ctx *c, int list, const doc_row *d, xc_buf *a, xc_buf *e) {
  char key[24];
  snprintf(key, sizeof key, "#%zu", d->index + 1);
  xc_chk_emit(c, list, d->row, d->col, key, xc_buf_str(a), xc_buf_str(e), NULL, NULL, NULL);
  xc_buf_free(a);
  xc_buf_free(e);
}

static void fmt_days(xc_buf *b, int64_t days) {
  int y, m, d;
  xc_date_from_days(days, &y, &m, &d);
  xc_buf_printf(b, "%02d/%02d/%04d", d, m, y);
}

static int list_index(ctx *c, const char *id) { return xc_ruleset_sheet(c->rs, id); }

static bool keyed_date(ctx *c, const char *cellarg, int64_t *days, xc_value *raw) {
  int s;
  uint32_t row;
  const char *key;
  xc_value v;
  if (!arg_cell(c, cellarg, &s, &row, &v, &key)) return false;
  if (raw) *raw = v;
  int y, m, d;
  bool time;
  if (v.kind == XC_V_NUMBER && xc_date_from_serial(v.num, c->m->wb->date1904, &y, &m, &d, &time)) {
    *days = xc_date_days(y, m, d); /* a date serial without a date format */
    return true;
  }
  if (v.kind != XC_V_DATE) return false;
  *days = xc_date_days(v.y, v.m, v.d);
  return true;
}

/* The year of the reporting period (TI!3), or 0. */
static int period_year(ctx *c, const char *cellarg) {
  int s;
  uint32_t row;
  const char *key;
  xc_value v;
  if (!arg_cell(c, cellarg, &s, &row, &v, &key) || v.kind != XC_V_TEXT) return 0;
  xc_buf canon;
  xc_buf_init(&canon, 0);
  int y = 0;
  if (xc_period_canonical(v.text, v.len, &canon)) {
    const char *p = xc_buf_str(&canon);
    y = atoi(p + strlen(p) - 4);
  }
  xc_buf_free(&canon);
  return y;
}

static void b_doc_date_window(ctx *c) {
  const xc_rule *r = c->rule;
  if (r->ncheck_args < 3) return;
  doc_row *rows;
  size_t n = doc_rows(c, r->check_args[0], r->check_args[1], r->check_args[2], NULL, &rows);
  int64_t start = 0, end = 0;
  bool has_start = keyed_date(c, XC_INFO_SHEET "!" XC_INFO_DATA_FROM, &start, NULL),
       has_end = keyed_date(c, XC_INFO_SHEET "!" XC_INFO_REPORT_DATE, &end, NULL);
  if (!has_start) {
    int y = period_year(c, XC_INFO_SHEET "!" XC_INFO_PERIOD);
    if (y) start = xc_date_days(y - 1, 12, 1), has_start = true;
  }
  int li = list_index(c, r->check_args[0]);
  for (size_t i = 0; i < n; i++) {
    if ((has_start && rows[i].days < start) || (has_end && rows[i].days > end)) {
      xc_buf a, e;
      xc_buf_init(&a, 0);
      xc_buf_init(&e, 0);
      fmt_days(&a, rows[i].days);
      if (has_start) fmt_days(&e, start);
      xc_buf_adds(&e, " – ");
      if (has_end) fmt_days(&e, end);
      emit_doc(c, li, &rows[i], &a, &e);
    }
  }
  free(rows);
}

static void b_doc_same_number(ctx *c) {
  const xc_rule *r = c->rule;
  if (r->ncheck_args < 3) return;
  doc_row *rows;
  size_t n = doc_rows(c, r->check_args[0], r->check_args[1], r->check_args[2], NULL, &rows);
  int li = list_index(c, r->check_args[0]);
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < i; j++) {
      if (rows[i].n != rows[j].n || rows[i].year != rows[j].year || strcasecmp(rows[i].x, rows[j].x) ||
          strcasecmp(rows[i].y, rows[j].y) || rows[i].days == rows[j].days)
        continue;
      xc_buf a, e;
      xc_buf_init(&a, 0);
      xc_buf_init(&e, 0);
      fmt_days(&a, rows[i].days);
      fmt_days(&e, rows[j].days);
      emit_doc(c, li, &rows[i], &a, &e);
      break;
    }
  free(rows);
}

static int cmp_doc(const void *a, const void *b) {
  const doc_row *x = a, *y = b;
  if (x->n != y->n) return x->n < y->n ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

static void b_doc_number_order(ctx *c) {
  const xc_rule *r = c->rule;
  if (r->ncheck_args < 4) return;
  doc_row *rows;
  size_t n = doc_rows(c, r->check_args[0], r->check_args[1], r->check_args[3], r->check_args[2], &rows);
  int li = list_index(c, r->check_args[0]);
  bool *done = xc_try_calloc(n ? n : 1, sizeof *done);
  doc_row *reg = xc_try_malloc((n ? n : 1) * sizeof *reg);
  if (!done || !reg) {
    c->nomem = true;
    n = 0; /* nothing checked: the run fails with XC_ERR_NOMEM */
  }
  for (size_t i = 0; i < n; i++) {
    if (done[i]) continue;
    size_t m = 0;
    for (size_t j = i; j < n; j++) {
      bool same = rows[j].year == rows[i].year && rows[j].typed == rows[i].typed &&
                  (!rows[i].typed || (strcasecmp(rows[j].x, rows[i].x) == 0 &&
                                      strcasecmp(rows[j].y, rows[i].y) == 0));
      if (!same || done[j]) continue;
      done[j] = true;
      reg[m++] = rows[j];
    }
    qsort(reg, m, sizeof *reg, cmp_doc);
    for (size_t k = 1; k < m; k++) {
      if (reg[k].days >= reg[k - 1].days) continue;
      xc_buf a, e;
      xc_buf_init(&a, 0);
      xc_buf_init(&e, 0);
      xc_buf_printf(&a, "%lld ", (long long)reg[k].n);
      fmt_days(&a, reg[k].days);
      xc_buf_printf(&e, "%lld ", (long long)reg[k - 1].n);
      fmt_days(&e, reg[k - 1].days);
      emit_doc(c, li, &reg[k], &a, &e);
    }
  }
  free(reg);
  free(done);
  free(rows);
}

/* ---- CT-8: a target's threshold against the rate its explanation states ---- */

/* a leading "N%" ("30% cơ quan …") */
static bool leading_pct(const char *s, xc_dec *out) {
  const char *q = s;
  while ((*q >= '0' && *q <= '9') || *q == ',' || *q == '.') q++;
  if (q == s || *q != '%') return false;
  xc_value v;
  xc_value_parse_text(s, (size_t)(q - s), &v);
  if (v.kind != XC_V_NUMBER) return false;
  *out = v.num;
  return true;
}

/* the "N%" right after the last occurrence of `phrase` (e.g. "tối thiểu 80%") */
static bool last_pct_after(const char *s, const char *phrase, xc_dec *out) {
  if (!*phrase) return false;
  const char *p = s, *hit = NULL;
  while ((p = strstr(p, phrase))) hit = p, p += strlen(phrase);
  if (!hit) return false;
  const char *q = hit + strlen(phrase);
  while (*q == ' ') q++;
  return leading_pct(q, out);
}

static void b_target_threshold(ctx *c) {
  if (!c->rule->ncheck_args) return;
  int s = xc_ruleset_sheet(c->rs, c->rule->check_args[0]);
  if (s < 0 || c->b->sheets[s].ws < 0) return;
  const xc_form_sheet *fs = &c->rs->sheets[s];
  const xc_bound *bs = &c->b->sheets[s];
  xc_buf exp;
  xc_buf_init(&exp, 0);
  for (size_t r = 0; r < fs->nrows; r++) {
    const xc_spec_row *sr = &fs->rows[r];
    if (sr->rkind != XC_RK_CODE || !bs->key_row[r]) continue;
    rv v = xc_chk_read_keyed(c, s, sr->key, NULL, false);
    if (v.k != RV_NUM) continue;
    int64_t code = 0;
    xc_dec_to_int(v.num, &code);
    if (code == 3) continue;
    /* thresholds: the last "tối thiểu N%" / "từ N%" phrase, else a leading "N%" */
    xc_dec thr;
    bool has = last_pct_after(sr->label, "tối thiểu", &thr) || last_pct_after(sr->label, "Tối thiểu", &thr) ||
               last_pct_after(sr->label, "từ", &thr) || leading_pct(sr->label, &thr);
    if (!has) continue;
    xc_value e;
    xc_chk_cell_value(c, bs->ws, bs->key_row[r], 5, &e);
    if (e.kind != XC_V_TEXT) continue;
    xc_buf_clear(&exp);
    xc_buf_add(&exp, e.text, e.len);
    xc_dec p;
    if (!last_pct_after(xc_buf_str(&exp), "đạt", &p)) continue;
    bool dat = code == 1, reached = xc_dec_cmp(p, thr) >= 0;
    if (dat == reached) continue;
    xc_buf a, w;
    xc_buf_init(&a, 0);
    xc_buf_init(&w, 0);
    xc_dec_format_vi(&a, p, -1);
    xc_buf_addc(&a, '%');
    xc_dec_format_vi(&w, thr, -1);
    xc_buf_addc(&w, '%');
    xc_chk_emit(c, s, bs->key_row[r], 4, sr->key, xc_buf_str(&a), xc_buf_str(&w), NULL, NULL, NULL);
    xc_buf_free(&a);
    xc_buf_free(&w);
  }
  xc_buf_free(&exp);
}

/* ---- TI-10: the report date inside the usual window of its period ---------- */

static void b_report_date_window(ctx *c) {
  const xc_rule *r = c->rule;
  if (r->ncheck_args < 2) return;
  int s;
  uint32_t row;
  const char *key;
  xc_value pv, dv;
  if (!arg_cell(c, r->check_args[0], &s, &row, &pv, &key) || pv.kind != XC_V_TEXT) return;
  pv.text = keep(c, pv.text, pv.len); /* the next read reuses the scratch buffer */
  int ds;
  uint32_t drow;
  const char *dkey;
  if (!arg_cell(c, r->check_args[1], &ds, &drow, &dv, &dkey)) return;
  if (dv.kind == XC_V_NUMBER) { /* a date serial without a date format */
    bool time;
    if (!xc_date_from_serial(dv.num, c->m->wb->date1904, &dv.y, &dv.m, &dv.d, &time)) return;
    dv.kind = XC_V_DATE;
  }
  if (dv.kind != XC_V_DATE) return;
  xc_buf canon;
  xc_buf_init(&canon, 0);
  if (!xc_period_canonical(pv.text, pv.len, &canon)) {
    xc_buf_free(&canon);
    return;
  }
  const char *p = xc_buf_str(&canon);
  int y = atoi(p + strlen(p) - 4);
  int64_t from, to;
  if (strncmp(p, "Quý I/", 6) == 0) from = xc_date_days(y, 3, 1), to = xc_date_days(y, 4, 30);
  else if (strncmp(p, "6 tháng", 7) == 0) from = xc_date_days(y, 6, 1), to = xc_date_days(y, 7, 31);
  else if (strncmp(p, "9 tháng", 7) == 0) from = xc_date_days(y, 9, 1), to = xc_date_days(y, 10, 31);
  else from = xc_date_days(y, 12, 1), to = xc_date_days(y + 1, 1, 31);
  xc_buf_free(&canon);
  int64_t d = xc_date_days(dv.y, dv.m, dv.d);
  if (d >= from && d <= to) return;
  xc_buf a, e;
  xc_buf_init(&a, 0);
  xc_buf_init(&e, 0);
  fmt_days(&a, d);
  fmt_days(&e, from);
  xc_buf_adds(&e, " – ");
  fmt_days(&e, to);
  xc_chk_emit(c, ds, drow, 4, dkey, xc_buf_str(&a), xc_buf_str(&e), NULL, NULL, NULL);
  xc_buf_free(&a);
  xc_buf_free(&e);
}

/* ---- chi-so-cchc: total maximum, score ranges, exclusions, the scheme ---- */

/* the keyed sheet (args[0]) and a value column (args[i]) of a CS built-in */
static bool cs_args(ctx *c, int *s, uint32_t *col, size_t i) {
  if (c->rule->ncheck_args <= i) return false;
  *s = xc_ruleset_sheet(c->rs, c->rule->check_args[0]);
  if (*s < 0 || c->b->sheets[*s].ws < 0) return false;
  *col = xc_bind_value_col(&c->rs->sheets[*s], c->rule->check_args[i]);
  return true;
}

static bool cs_num(ctx *c, int s, size_t r, uint32_t col, xc_value *v) {
  uint32_t row = c->b->sheets[s].key_row[r];
  if (!row) return false;
  xc_chk_cell_value(c, c->b->sheets[s].ws, row, col, v);
  return v->kind == XC_V_NUMBER;
}

static bool cs_flagged(ctx *c, int s, size_t r, uint32_t flagcol) {
  uint32_t row = c->b->sheets[s].key_row[r];
  if (!row) return false;
  xc_value v;
  xc_chk_cell_value(c, c->b->sheets[s].ws, row, flagcol, &v);
  return v.kind != XC_V_BLANK;
}

static void emit_num(ctx *c, int s, uint32_t row, uint32_t col, const char *key, xc_dec got, xc_dec want,
                     const char *want_text) {
  xc_buf a, e;
  xc_buf_init(&a, 0);
  xc_buf_init(&e, 0);
  xc_dec_format_vi(&a, got, -1);
  if (want_text) xc_buf_adds(&e, want_text);
  else xc_dec_format_vi(&e, want, -1);
  xc_chk_emit(c, s, row, col, key, xc_buf_str(&a), xc_buf_str(&e), NULL, NULL, NULL);
  xc_buf_free(&a);
  xc_buf_free(&e);
}

static void b_tree_total(ctx *c) {
  int s;
  uint32_t maxcol, flagcol;
  if (!cs_args(c, &s, &maxcol, 1) || !cs_args(c, &s, &flagcol, 2)) return;
  const xc_form_sheet *fs = &c->rs->sheets[s];
  const xc_spec_row *t = xc_form_sheet_row(fs, "T");
  if (!t) return;
  xc_value tv;
  if (!cs_num(c, s, (size_t)(t - fs->rows), maxcol, &tv)) return;
  xc_dec total = xc_dec_from_int(0);
  for (size_t r = 0; r < fs->nrows; r++) {
    xc_value v;
    if (strcmp(fs->rows[r].parent, "T") == 0 && cs_num(c, s, r, maxcol, &v))
      xc_dec_add(total, v.num, &total);
  }
  for (size_t r = 0; r < fs->nrows; r++) {
    if (!cs_flagged(c, s, r, flagcol)) continue;
    bool ancestor = false; /* a flagged ancestor already took this maximum away */
    for (const char *p = fs->rows[r].parent; p && *p && strcmp(p, "T") != 0 && !ancestor;) {
      const xc_spec_row *pr = xc_form_sheet_row(fs, p);
      if (!pr) break;
      ancestor = cs_flagged(c, s, (size_t)(pr - fs->rows), flagcol);
      p = pr->parent;
    }
    xc_value v;
    if (!ancestor && cs_num(c, s, r, maxcol, &v)) xc_dec_sub(total, v.num, &total);
  }
  xc_dec tol = c->rule->tol == XC_TOL_SC ? xc_dec_tol_sc() : xc_dec_tol_ex();
  if (!xc_dec_near(tv.num, total, tol))
    emit_num(c, s, c->b->sheets[s].key_row[t - fs->rows], maxcol, "T", tv.num, total, NULL);
}

static void b_score_range(ctx *c) {
  int s;
  uint32_t col;
  if (!cs_args(c, &s, &col, 0) && c->rule->ncheck_args < 1) return;
  s = xc_ruleset_sheet(c->rs, c->rule->check_args[0]);
  if (s < 0 || c->b->sheets[s].ws < 0) return;
  const xc_form_sheet *fs = &c->rs->sheets[s];
  uint32_t maxcol = xc_bind_value_col(fs, "max");
  uint32_t cols[2] = {xc_bind_value_col(fs, "self"), xc_bind_value_col(fs, "appraisal")};
  xc_dec margin = xc_dec_tol_rng();
  for (size_t r = 0; r < fs->nrows; r++) {
    const char *k = fs->rows[r].key;
    size_t sec = strcspn(k, ".");
    bool listed = false;
    for (size_t a = 1; a < c->rule->ncheck_args && !listed; a++)
      listed = strlen(c->rule->check_args[a]) == sec && strncmp(c->rule->check_args[a], k, sec) == 0;
    if (!listed) continue;
    xc_value mv;
    if (!cs_num(c, s, r, maxcol, &mv)) continue;
    for (int q = 0; q < 2; q++) {
      xc_value v;
      if (!cs_num(c, s, r, cols[q], &v)) continue;
      xc_dec lo = xc_dec_neg(margin), hi;
      xc_dec_add(mv.num, margin, &hi);
      if (xc_dec_cmp(v.num, lo) >= 0 && xc_dec_cmp(v.num, hi) <= 0) continue;
      xc_buf range;
      xc_buf_init(&range, 0);
      xc_buf_adds(&range, "0 – ");
      xc_dec_format_vi(&range, mv.num, -1);
      emit_num(c, s, c->b->sheets[s].key_row[r], cols[q], k, v.num, v.num, xc_buf_str(&range));
      xc_buf_free(&range);
    }
  }
}

static void b_exclude_allowed(ctx *c) {
  int s;
  uint32_t flagcol;
  if (!cs_args(c, &s, &flagcol, 1)) return;
  const xc_form_sheet *fs = &c->rs->sheets[s];
  for (size_t r = 0; r < fs->nrows; r++)
    if (!fs->rows[r].can_exclude && cs_flagged(c, s, r, flagcol))
      xc_chk_emit(c, s, c->b->sheets[s].key_row[r], flagcol, fs->rows[r].key, "x", "", NULL, NULL, NULL);
}

/* CS-12: the maximum the form prints for each criterion (the 2023 scheme).  The
 * total T is left to CS-4: its maximum depends on the criteria not assessed. */
static void b_spec_max(ctx *c) {
  int s;
  uint32_t maxcol;
  if (!cs_args(c, &s, &maxcol, 1)) return;
  const xc_form_sheet *fs = &c->rs->sheets[s];
  xc_dec tol = xc_dec_tol_sc();
  for (size_t r = 0; r < fs->nrows; r++) {
    if (strcmp(fs->rows[r].key, "T") == 0 || !fs->rows[r].max || !fs->rows[r].max[0]) continue;
    xc_value want, got;
    xc_value_parse_text(fs->rows[r].max, strlen(fs->rows[r].max), &want);
    if (want.kind != XC_V_NUMBER || !cs_num(c, s, r, maxcol, &got)) continue;
    if (!xc_dec_near(got.num, want.num, tol))
      emit_num(c, s, c->b->sheets[s].key_row[r], maxcol, fs->rows[r].key, got.num, want.num, NULL);
  }
}

typedef struct {
  const char *name;
  void (*fn)(ctx *c);
} builtin;

static void b_sheets(ctx *c) { check_events(c, XC_EV_SHEET_MISSING); }
static void b_extra(ctx *c) { check_events(c, XC_EV_SHEET_EXTRA); }
static void b_keys(ctx *c) {
  check_events(c, XC_EV_KEY_MISSING);
  check_events(c, XC_EV_KEY_DUPLICATE);
}
static void b_unknown(ctx *c) { check_events(c, XC_EV_KEY_UNKNOWN); }
static void b_numeric(ctx *c) { check_events(c, XC_EV_KEY_NUMERIC); }
static void b_label(ctx *c) { check_events(c, XC_EV_KEY_BY_LABEL); }
static void b_headers(ctx *c) { check_events(c, XC_EV_HEADER_MISSING); }
static void b_kinds(ctx *c) {
  for_each_keyed(c, kind_row);
  check_list_kinds(c);
}
static void b_codes(ctx *c) { for_each_keyed(c, code_row); } /* lists: DM-3, BC-12, VB-6 */
static void b_english(ctx *c) { for_each_keyed(c, english_row); }
static void b_levels(ctx *c) {
  c->level = c->rule->ncheck_args ? c->rule->check_args[0] : "huyen";
  c->want_filled = strcmp(c->level, "huyen") == 0;
  for (size_t i = 1; i < c->rule->ncheck_args; i++) {
    if (strcmp(c->rule->check_args[i], "filled") == 0) c->want_filled = true;
    if (strcmp(c->rule->check_args[i], "blank") == 0) c->want_filled = false;
  }
  for_each_keyed(c, level_row);
}
static void b_header_blank(ctx *c) {
  c->level = "header";
  for_each_keyed(c, level_row);
}
static void b_derivable(ctx *c) { check_defining(c, "derivable"); }
static void b_filled(ctx *c) { check_defining(c, "filled-operands"); }
static void b_ratio100(ctx *c) { check_defining(c, "ratio100"); }
static void b_ratio0(ctx *c) { check_defining(c, "ratio0"); }
static void b_required(ctx *c) { check_required(c); }


static const builtin BUILTINS[] = {
    {"merge-agg", xc_chk_merge_agg},
    {"merge-distinct", xc_chk_merge_distinct},
    {"sheets", b_sheets},
    {"extra-sheets", b_extra},
    {"keys", b_keys},
    {"unknown-keys", b_unknown},
    {"numeric-keys", b_numeric},
    {"label-fallback", b_label},
    {"list-headers", b_headers},
    {"required-cells", b_required},
    {"kinds", b_kinds},
    {"codes", b_codes},
    {"decimal-dot", b_english},
    {"levels", b_levels},
    {"header-blank", b_header_blank},
    {"derivable-blank", b_derivable},
    {"unverifiable-total", b_filled},
    {"ratio-hundred", b_ratio100},
    {"ratio-zero", b_ratio0},
    {"unit", b_unit},
    {"province", b_province},
    {"period", b_period},
    {"fractions", b_fractions},
    {"fraction-parts", b_fraction_parts},
    {"tree", b_tree},
    {"tree-total", b_tree_total},
    {"score-range", b_score_range},
    {"exclude-allowed", b_exclude_allowed},
    {"spec-max", b_spec_max},
    {"doc-date-window", b_doc_date_window},
    {"doc-same-number", b_doc_same_number},
    {"doc-number-order", b_doc_number_order},
    {"target-threshold", b_target_threshold},
    {"report-date-window", b_report_date_window},
    {NULL, NULL}};

size_t xc_check_lint(const xc_ruleset *rs, xc_buf *out) { return xc_ruleset_lint(rs, xc_check_builtin_known, out); }

bool xc_check_builtin_known(const char *name) {
  for (const builtin *b = BUILTINS; b->name; b++)
    if (strcmp(b->name, name) == 0) return true;
  return false;
}

void xc_chk_builtin(ctx *c) {
  for (const builtin *b = BUILTINS; b->name; b++)
    if (strcmp(b->name, c->rule->check) == 0) {
      b->fn(c);
      return;
    }
  (void)arg_is;
}
