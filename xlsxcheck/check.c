/* check.c: the rule evaluator, the built-in checks and the typing-slip hint. */
#include "check.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "cellref.h"
#include "decimal.h"
#include "recalc.h"
#include "rx.h"
#include "textkey.h"
#include "units.h"
#include "value.h"

/* ---- evaluated values ---------------------------------------------------- */

typedef enum { RV_BLANK, RV_NUM, RV_TEXT, RV_BOOL, RV_DATE, RV_SKIP } rv_kind;

typedef struct {
  rv_kind k;
  xc_dec num, den; /* NUM: num / den, den > 0 (1 unless a division made it) */
  int decimals;    /* as displayed, for a cell; -1 for a computed value */
  bool plain;      /* print without thousands separators (a year) */
  const char *text;
  size_t len;
  const char *key; /* TEXT: its match key when already known, else NULL */
  bool b;
  int64_t days; /* DATE */
  bool is_ref;
  int sheet;
  uint32_t row, col;
} rv;

typedef struct {
  int sheet;
  uint32_t row, col;
  size_t spec; /* spec row index (keyed) */
} ref_loc;

#define MAX_REFS 64

typedef struct {
  const xc_ruleset *rs;
  const xc_model *m;
  const xc_binding *b;
  const xc_check_opts *opts;
  xc_diags *out;
  xc_arena arena; /* texts of evaluated values */
  const xc_rule *rule;
  /* the list row in scope of `each` and `where` */
  int list;
  uint32_t list_row;
  /* the keyed row in scope of `each SHEET!A..B` and `count(SHEET!A..B where …)` */
  int krange_sheet;
  size_t krange_spec;
  /* cells the current evaluation read, in order */
  ref_loc refs[MAX_REFS];
  size_t nrefs;
  /* the first failing comparison: its two sides */
  rv fail_l, fail_r;
  bool have_fail;
  bool fail_no_rhs; /* the failure was `in {…}` or `=~`: no single expected value */
  const char *ph_l, *ph_r; /* when set, {lhs}/{rhs} in messages (else actual/expected) */
  const char *sheet_name;   /* a finding on a sheet the form does not know (G-2) */
  /* the right side of each defining rule, evaluated once (LV-5, LV-6, R-1, R-2) */
  rv *def_rhs;
  bool *def_done;
  /* workbook cells as values, computed once: [workbook sheet][cell index] */
  xc_value **vcache;
  bool **vdone;
  /* list cells as the rules read them, computed once: [sheet][row * ncols + col] */
  rv **list_cache;
  bool **list_cached;
  /* `check levels`: the level it is about, and whether its rows must be filled */
  const char *level;
  bool want_filled;
  xc_rx *default_fraction; /* compiled on first use */
  /* keyed cells each expression rule reads (for the typing-slip hint), computed once */
  ref_loc **rule_refs;
  size_t *rule_nrefs;
  bool rule_refs_ready;
  /* a typing-slip trial: this cell reads as `ov` */
  bool ov_on;
  int ov_sheet;
  uint32_t ov_row, ov_col;
  xc_dec ov_num;
  xc_buf scratch;
} ctx;

#define BLANK_WORD(c) ((c)->opts->lang == XC_LANG_EN ? "(blank)" : "(trống)")

/* the match key of s[0..n) through the binding's memo */
#define KEY(c, s, n) xc_keycache_get((c)->b->keys, (s), (n), false)

static rv mk(rv_kind k) {
  rv v;
  memset(&v, 0, sizeof v);
  v.k = k;
  v.den = xc_dec_from_int(1);
  v.decimals = -1;
  v.sheet = -1;
  v.text = "";
  return v;
}

static rv num(xc_dec d, int decimals) {
  rv v = mk(RV_NUM);
  v.num = d;
  v.decimals = decimals;
  return v;
}

static const char *keep(ctx *c, const char *s, size_t n) { return xc_arena_strndup(&c->arena, s, n); }

/* ---- reading cells ------------------------------------------------------- */

static bool in_scope_d(const ctx *c) { return c->opts->scope == XC_SCOPE_D; }

static void note_ref(ctx *c, int sheet, uint32_t row, uint32_t col, size_t spec) {
  if (c->rs->sheets[sheet].type != XC_SHEET_KEYED) return; /* list cells: too many to track */
  for (size_t i = 0; i < c->nrefs; i++)
    if (c->refs[i].sheet == sheet && c->refs[i].row == row && c->refs[i].col == col) return;
  if (c->nrefs < MAX_REFS) c->refs[c->nrefs++] = (ref_loc){sheet, row, col, spec};
}

static const xc_style *style_of(const ctx *c, const xc_cell *cell) {
  return xc_workbook_style(c->m->wb, cell->style);
}

/* The value of a workbook cell (ws = workbook sheet index) as the rules read it;
 * each cell is read (cleaned, normalised, parsed) once per run. */
static void cell_value(ctx *c, int ws, uint32_t row, uint32_t col, xc_value *v) {
  const xc_msheet *ms = ws >= 0 ? &c->m->sheets[ws] : NULL;
  const xc_mcell *mc = ms && row ? xc_msheet_cell(ms, row, col) : NULL;
  if (!mc) {
    xc_value_parse_text("", 0, v);
    return;
  }
  size_t at = (size_t)(mc - ms->cells);
  if (!c->vcache[ws]) {
    c->vcache[ws] = xc_calloc(ms->ncells ? ms->ncells : 1, sizeof **c->vcache);
    c->vdone[ws] = xc_calloc(ms->ncells ? ms->ncells : 1, sizeof **c->vdone);
  }
  if (!c->vdone[ws][at]) {
    xc_value fresh;
    xc_value_from_cell_clean(&mc->cell, style_of(c, &mc->cell), c->m->wb->date1904, &c->scratch, &fresh);
    fresh.text = keep(c, fresh.text, fresh.len); /* the scratch buffer is reused */
    c->vcache[ws][at] = fresh;
    c->vdone[ws][at] = true;
  }
  *v = c->vcache[ws][at];
}

static rv from_value(ctx *c, const xc_value *v) {
  switch (v->kind) {
    case XC_V_BLANK: return mk(v->flags & XC_VF_NO_CACHE ? RV_SKIP : RV_BLANK); /* a formula not computed: unknown */
    case XC_V_NUMBER: return num(v->num, v->decimals);
    case XC_V_BOOL: return num(v->num, 0);
    case XC_V_DATE: {
      rv r = mk(RV_DATE);
      r.days = xc_date_days(v->y, v->m, v->d);
      return r;
    }
    case XC_V_ERROR: return mk(RV_SKIP);
    default: {
      rv r = mk(RV_TEXT);
      r.text = keep(c, v->text, v->len);
      r.len = v->len;
      return r;
    }
  }
}

/* A date row holding a bare number: an Excel date serial (README §2). */
static rv serial_date(ctx *c, const xc_value *v, rv keep_if_not) {
  int y, m, d;
  bool time;
  if (!xc_date_from_serial(v->num, c->m->wb->date1904, &y, &m, &d, &time)) return keep_if_not;
  rv r = mk(RV_DATE);
  r.days = xc_date_days(y, m, d);
  return r;
}

/* r, remembered as read from (sheet, row, col) */
static rv located(rv r, int sheet, uint32_t row, uint32_t col) {
  r.is_ref = true;
  r.sheet = sheet;
  r.row = row;
  r.col = col;
  return r;
}

/* A text-kind cell keeps its text even when it looks like a number
 * ("1.004227", "0905 123 456"). */
static rv as_text(ctx *c, const xc_value *v) {
  rv r = mk(RV_TEXT);
  r.text = keep(c, v->text, v->len);
  r.len = v->len;
  return r;
}

/* A code row ("1=Có;0=Không") read as its code: "Có" -> 1. */
static bool code_of(ctx *c, const char *codes, const char *text, size_t len, xc_dec *out) {
  const char *tk = KEY(c, text, len);
  const char *p = codes;
  while (*p) {
    const char *semi = strchr(p, ';');
    size_t n = semi ? (size_t)(semi - p) : strlen(p);
    const char *eq = memchr(p, '=', n);
    if (eq && strcmp(tk, KEY(c, eq + 1, n - (size_t)(eq + 1 - p))) == 0)
      return xc_dec_parse_plain(p, (size_t)(eq - p), out);
    p += n + (semi ? 1 : 0);
  }
  return false;
}

static rv read_keyed_at(ctx *c, int sheet, const char *key, uint32_t colno, bool as_operand);

static rv read_keyed(ctx *c, int sheet, const char *key, const char *col, bool as_operand) {
  return read_keyed_at(c, sheet, key, xc_bind_value_col(&c->rs->sheets[sheet], col), as_operand);
}

/* Column colno (1-based) of the keyed row `key`, as the rules read it. */
static rv read_keyed_at(ctx *c, int sheet, const char *key, uint32_t colno, bool as_operand) {
  const xc_form_sheet *fs = &c->rs->sheets[sheet];
  const xc_spec_row *sr = xc_form_sheet_row(fs, key);
  const xc_bound *bs = &c->b->sheets[sheet];
  if (!sr || bs->ws < 0) return mk(RV_SKIP);
  size_t spec = (size_t)(sr - fs->rows);
  uint32_t row = bs->key_row[spec];
  if (!row) return mk(RV_SKIP); /* the key is missing: reported by the key check */
  note_ref(c, sheet, row, colno, spec);
  rv r;
  if (c->ov_on && c->ov_sheet == sheet && c->ov_row == row && c->ov_col == colno) {
    r = num(c->ov_num, 0);
  } else {
    /* in a district file, rows the district does not report read as blank */
    if (as_operand && in_scope_d(c) && (strcmp(sr->level, "so") == 0 || strcmp(sr->level, "khong") == 0))
      r = mk(RV_BLANK);
    else {
      xc_value v;
      cell_value(c, bs->ws, row, colno, &v);
      r = from_value(c, &v);
      if (strcmp(sr->kind, "text") == 0 && r.k != RV_BLANK && r.k != RV_SKIP) r = as_text(c, &v);
      if (strcmp(sr->kind, "date") == 0 && r.k == RV_NUM) r = serial_date(c, &v, r);
      xc_dec code;
      if (r.k == RV_TEXT && strcmp(sr->kind, "code") == 0 && sr->codes[0] &&
          code_of(c, sr->codes, r.text, r.len, &code))
        r = num(code, 0);
    }
  }
  return located(r, sheet, row, colno);
}

static rv read_list_uncached(ctx *c, int list, uint32_t row, const xc_spec_col *sc, uint32_t colno);

/* A list cell in the current row; code columns read as their canonical value. */
static rv read_list(ctx *c, int list, uint32_t row, const char *colname) {
  const xc_form_sheet *fs = &c->rs->sheets[list];
  const xc_spec_col *sc = xc_form_sheet_col(fs, colname);
  const xc_bound *bs = &c->b->sheets[list];
  if (!sc || bs->ws < 0) return mk(RV_SKIP);
  size_t ci = (size_t)(sc - fs->cols);
  uint32_t colno = bs->col_of[ci];
  if (!colno) return mk(RV_SKIP);
  size_t lo = 0, hi = bs->nrows;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (bs->rows[mid] < row) lo = mid + 1;
    else hi = mid;
  }
  if (lo >= bs->nrows || bs->rows[lo] != row) return read_list_uncached(c, list, row, sc, colno);
  if (!c->list_cache[list]) {
    size_t n = bs->nrows * fs->ncols;
    c->list_cache[list] = xc_calloc(n ? n : 1, sizeof **c->list_cache);
    c->list_cached[list] = xc_calloc(n ? n : 1, sizeof **c->list_cached);
  }
  size_t at = lo * fs->ncols + ci;
  if (!c->list_cached[list][at]) {
    rv v = read_list_uncached(c, list, row, sc, colno);
    if (v.k == RV_TEXT) v.key = KEY(c, v.text, v.len);
    c->list_cache[list][at] = v;
    c->list_cached[list][at] = true;
  }
  return c->list_cache[list][at];
}

static rv read_list_uncached(ctx *c, int list, uint32_t row, const xc_spec_col *sc, uint32_t colno) {
  const xc_bound *bs = &c->b->sheets[list];
  xc_value v;
  cell_value(c, bs->ws, row, colno, &v);
  rv r = from_value(c, &v);
  if (strcmp(sc->kind, "text") == 0 && r.k != RV_BLANK && r.k != RV_SKIP) r = as_text(c, &v);
  if (sc->ncodes && r.k != RV_BLANK) {
    const char *t = r.k == RV_TEXT ? r.text : v.text;
    size_t tl = r.k == RV_TEXT ? r.len : v.len;
    const char *tk = KEY(c, t, tl);
    for (size_t i = 0; i < sc->ncodes; i++) {
      const char *sp = sc->code_spellings[i];
      bool hit = false;
      while (*sp && !hit) {
        const char *bar = strchr(sp, '|');
        size_t n = bar ? (size_t)(bar - sp) : strlen(sp);
        hit = strcmp(tk, KEY(c, sp, n)) == 0;
        sp += n + (bar ? 1 : 0);
      }
      if (hit) {
        r = mk(RV_TEXT);
        r.text = sc->code_values[i];
        r.len = strlen(r.text);
        break;
      }
    }
  }
  return located(r, list, row, colno);
}

/* ---- arithmetic on num/den pairs ----------------------------------------- */

static bool rmul(xc_dec a, xc_dec b, xc_dec *o) { return xc_dec_mul(a, b, o) == XC_DEC_OK; }

static rv arith(const rv *a, int op, const rv *b) {
  rv r = mk(RV_NUM);
  xc_dec t1, t2;
  switch (op) {
    case '+':
    case '-':
      if (!rmul(a->num, b->den, &t1) || !rmul(b->num, a->den, &t2) || !rmul(a->den, b->den, &r.den))
        return mk(RV_SKIP);
      if ((op == '+' ? xc_dec_add(t1, t2, &r.num) : xc_dec_sub(t1, t2, &r.num)) != XC_DEC_OK)
        return mk(RV_SKIP);
      break;
    case '*':
      if (!rmul(a->num, b->num, &r.num) || !rmul(a->den, b->den, &r.den)) return mk(RV_SKIP);
      break;
    default: /* '/' */
      if (xc_dec_is_zero(b->num)) return mk(RV_SKIP);
      if (!rmul(a->num, b->den, &r.num) || !rmul(a->den, b->num, &r.den)) return mk(RV_SKIP);
      if (xc_dec_sign(r.den) < 0) {
        r.num = xc_dec_neg(r.num);
        r.den = xc_dec_neg(r.den);
      }
      break;
  }
  return r;
}

/* a - b compared with tolerance: -1 below, 0 within, 1 above. */
static int cmp_tol(const rv *a, const rv *b, xc_dec tol) {
  xc_dec t1, t2, dd, diff, lim;
  if (rmul(a->num, b->den, &t1) && rmul(b->num, a->den, &t2) && rmul(a->den, b->den, &dd) &&
      xc_dec_sub(t1, t2, &diff) == XC_DEC_OK && rmul(tol, dd, &lim)) {
    if (xc_dec_cmp(xc_dec_abs(diff), lim) <= 0) return 0;
    return xc_dec_sign(diff);
  }
  long double x = (long double)xc_dec_to_double(a->num) / xc_dec_to_double(a->den);
  long double y = (long double)xc_dec_to_double(b->num) / xc_dec_to_double(b->den);
  long double t = xc_dec_to_double(tol);
  if (x - y > t) return 1;
  if (y - x > t) return -1;
  return 0;
}

/* ---- the tolerance of the current rule ----------------------------------- */

static xc_dec rule_tol(ctx *c, const rv *lhs, size_t noperands) {
  switch (c->rule->tol) {
    case XC_TOL_PCT: return xc_dec_tol_pct(lhs->decimals > 0 ? lhs->decimals : 0);
    case XC_TOL_SC: return xc_dec_tol_sc();
    case XC_TOL_RNG: return xc_dec_tol_rng();
    case XC_TOL_AMT: {
      int k = 0;
      for (size_t i = 0; i < c->nrefs; i++) {
        xc_value v;
        const xc_bound *bs = &c->b->sheets[c->refs[i].sheet];
        cell_value(c, bs->ws, c->refs[i].row, c->refs[i].col, &v);
        if (v.kind == XC_V_NUMBER && v.decimals > k) k = v.decimals;
      }
      return xc_dec_tol_amt(k, (int)(noperands ? noperands : 1));
    }
    default: return xc_dec_tol_ex();
  }
}

/* ---- evaluation ---------------------------------------------------------- */

static rv eval(ctx *c, const xc_node *n);

static bool truthy(const rv *v) { return v->k == RV_BOOL && v->b; }

static rv boolv(bool b) {
  rv r = mk(RV_BOOL);
  r.b = b;
  return r;
}

/* Terms of a +/- chain: blanks count 0 when any term is filled (relations.md §0). */
static void collect_terms(const xc_node *n, int sign, const xc_node **terms, int *signs,
                          size_t *nt, size_t cap) {
  if (n->kind == XC_N_ARITH && (n->op == '+' || n->op == '-')) {
    collect_terms(n->args[0], sign, terms, signs, nt, cap);
    collect_terms(n->args[1], n->op == '-' ? -sign : sign, terms, signs, nt, cap);
    return;
  }
  if (*nt < cap) {
    terms[*nt] = n;
    signs[(*nt)++] = sign;
  }
}

static rv eval_sum(ctx *c, const xc_node *n) {
  const xc_node *terms[64];
  int signs[64];
  size_t nt = 0;
  collect_terms(n, 1, terms, signs, &nt, 64);
  rv acc = num(xc_dec_from_int(0), -1);
  bool any = false;
  for (size_t i = 0; i < nt; i++) {
    rv t = eval(c, terms[i]);
    if (t.k == RV_SKIP || t.k == RV_TEXT || t.k == RV_BOOL) return mk(RV_SKIP);
    if (t.k == RV_DATE) {
      if (nt == 2 && i == 1 && signs[1] < 0 && acc.k == RV_NUM) { /* date - date = days */
      }
      return mk(RV_SKIP);
    }
    if (t.k == RV_BLANK) continue;
    any = true;
    acc = arith(&acc, signs[i] < 0 ? '-' : '+', &t);
    if (acc.k == RV_SKIP) return acc;
  }
  return any ? acc : mk(RV_BLANK);
}

static const char *rv_key(ctx *c, const rv *v) { return v->key ? v->key : KEY(c, v->text, v->len); }

static bool set_contains(ctx *c, const xc_node *set, const rv *x) {
  const char *xk = x->k == RV_TEXT ? rv_key(c, x) : NULL;
  bool hit = false;
  for (size_t i = 0; i < set->nargs && !hit; i++) {
    if (set->args[i]->kind == XC_N_BLANK) {
      hit = x->k == RV_BLANK;
      continue;
    }
    rv e = eval(c, set->args[i]);
    if (x->k == RV_NUM && e.k == RV_NUM) hit = cmp_tol(x, &e, xc_dec_tol_ex()) == 0;
    else if (xk && e.k == RV_TEXT) hit = strcmp(xk, rv_key(c, &e)) == 0;
    else if (x->k == RV_NUM && e.k == RV_TEXT) { /* a code compared with its spelling */
      xc_dec d;
      hit = xc_dec_parse_plain(e.text, e.len, &d) && xc_dec_cmp(d, x->num) == 0 &&
            xc_dec_is_integer(x->den);
    }
  }
  return hit;
}

static const xc_rx *pattern_of(ctx *c, const xc_node *n) {
  if (n->rx) return n->rx;
  const xc_pattern *p = xc_ruleset_pattern(c->rs, n->text);
  return p ? p->rx : NULL;
}

/* text of a value for matching: numbers as written in Vietnamese notation */
static const char *text_of(ctx *c, const rv *v, size_t *len) {
  if (v->k == RV_TEXT) {
    *len = v->len;
    return v->text;
  }
  if (v->k == RV_NUM) {
    xc_buf b;
    xc_buf_init(&b, 0);
    xc_dec q;
    if (xc_dec_div_round(v->num, v->den, 15, &q) != XC_DEC_OK) q = v->num;
    xc_dec_format_plain(&b, xc_dec_norm(q), -1);
    const char *s = keep(c, xc_buf_str(&b), b.len);
    *len = b.len;
    xc_buf_free(&b);
    return s;
  }
  *len = 0;
  return "";
}

/* Records the first failing comparison of an evaluation: its two sides, or
 * one side only (a set, a pattern, blank()/filled()) when right is NULL. */
static void note_fail(ctx *c, const rv *left, const rv *right) {
  if (c->have_fail) return;
  c->fail_l = *left;
  c->fail_r = right ? *right : mk(RV_BLANK);
  c->fail_no_rhs = right == NULL;
  c->have_fail = true;
}

static rv eval_cmp(ctx *c, const xc_node *n) {
  rv left = eval(c, n->args[0]);
  for (size_t i = 1; i < n->nargs; i++) {
    int op = n->ops[i - 1];
    if (op == XC_OP_IN) {
      if (left.k == RV_SKIP) return left;
      if (!set_contains(c, n->args[i], &left)) {
        note_fail(c, &left, NULL);
        return boolv(false);
      }
      continue;
    }
    if (op == XC_OP_MATCH || op == XC_OP_NOMATCH) {
      if (left.k == RV_BLANK || left.k == RV_SKIP) return mk(RV_SKIP);
      const xc_rx *rx = pattern_of(c, n->args[i]);
      size_t tl;
      const char *t = text_of(c, &left, &tl);
      bool m = rx && xc_rx_match(rx, t, tl, 0, NULL, 0);
      if (m != (op == XC_OP_MATCH)) {
        note_fail(c, &left, NULL);
        return boolv(false);
      }
      continue;
    }
    rv right = eval(c, n->args[i]);
    if (left.k == RV_SKIP || right.k == RV_SKIP || left.k == RV_BLANK || right.k == RV_BLANK)
      return mk(RV_SKIP);
    bool ok;
    if (left.k == RV_NUM && right.k == RV_NUM) {
      xc_dec tol = rule_tol(c, &left, n->nargs);
      if (op == XC_OP_LT || op == XC_OP_GT || op == XC_OP_NE) tol = xc_dec_tol_ex();
      int s = cmp_tol(&left, &right, tol);
      ok = op == XC_OP_EQ ? s == 0 : op == XC_OP_NE ? s != 0 : op == XC_OP_LE ? s <= 0
           : op == XC_OP_GE ? s >= 0 : op == XC_OP_LT ? s < 0 : s > 0;
    } else if (left.k == RV_DATE && right.k == RV_DATE) {
      int s = left.days < right.days ? -1 : left.days > right.days;
      ok = op == XC_OP_EQ ? s == 0 : op == XC_OP_NE ? s != 0 : op == XC_OP_LE ? s <= 0
           : op == XC_OP_GE ? s >= 0 : op == XC_OP_LT ? s < 0 : s > 0;
    } else if (left.k == RV_TEXT && right.k == RV_TEXT && (op == XC_OP_EQ || op == XC_OP_NE)) {
      bool eq = strcmp(rv_key(c, &left), rv_key(c, &right)) == 0;
      ok = op == XC_OP_EQ ? eq : !eq;
    } else if (left.k == RV_NUM && right.k == RV_TEXT && (op == XC_OP_EQ || op == XC_OP_NE)) {
      xc_dec d;
      bool eq = xc_dec_parse_plain(right.text, right.len, &d) && xc_dec_cmp(d, left.num) == 0;
      ok = op == XC_OP_EQ ? eq : !eq;
    } else {
      return mk(RV_SKIP); /* a text where a number is due: the kind check reports it */
    }
    if (!ok) {
      note_fail(c, &left, &right);
      return boolv(false);
    }
    left = right;
  }
  return boolv(true);
}

/* utf-8 aware left(text, n) */
static rv fn_left(ctx *c, const rv *t, const rv *nn) {
  if (t->k != RV_TEXT || nn->k != RV_NUM) return t->k == RV_BLANK ? mk(RV_BLANK) : mk(RV_SKIP);
  int64_t k = 0;
  xc_dec_to_int(nn->num, &k);
  size_t i = 0;
  for (int64_t cps = 0; i < t->len && cps < k; cps++) {
    i++;
    while (i < t->len && ((unsigned char)t->text[i] & 0xC0) == 0x80) i++;
  }
  rv r = mk(RV_TEXT);
  r.text = keep(c, t->text, i);
  r.len = i;
  return r;
}

static rv eval_call(ctx *c, const xc_node *n) {
  const char *f = n->text;
  if (strcmp(f, "blank") == 0 || strcmp(f, "filled") == 0) {
    if (n->nargs != 1) return mk(RV_SKIP);
    rv x = eval(c, n->args[0]);
    if (x.k == RV_SKIP) return x;
    bool blank = x.k == RV_BLANK;
    bool res = f[0] == 'b' ? blank : !blank;
    if (!res) note_fail(c, &x, NULL); /* the cell that is (not) blank is the finding's */
    return boolv(res);
  }
  if (strcmp(f, "nfiles") == 0 && n->nargs == 0) {
    /* @n: the number of files merged into a province file (scope P only) */
    if (!c->opts->merge) return mk(RV_SKIP);
    return num(xc_dec_from_int((int64_t)c->opts->merge->nfiles), 0);
  }
  if (strcmp(f, "min") == 0 || strcmp(f, "max") == 0) {
    rv best = mk(RV_BLANK);
    for (size_t i = 0; i < n->nargs; i++) {
      rv x = eval(c, n->args[i]);
      if (x.k == RV_SKIP) return x;
      if (x.k != RV_NUM) continue;
      if (best.k == RV_BLANK) best = x;
      else {
        int s = cmp_tol(&x, &best, xc_dec_tol_ex());
        if ((f[1] == 'i' && s < 0) || (f[1] == 'a' && s > 0)) best = x;
      }
    }
    best.is_ref = false;
    return best;
  }
  if (strcmp(f, "raw") == 0 && n->nargs == 1 && n->args[0]->kind == XC_N_COL && c->list >= 0) {
    /* a list cell's text as typed, before its codes are read */
    const xc_form_sheet *fs = &c->rs->sheets[c->list];
    const xc_spec_col *sc = xc_form_sheet_col(fs, n->args[0]->text);
    const xc_bound *bs = &c->b->sheets[c->list];
    if (!sc || bs->ws < 0 || !bs->col_of[sc - fs->cols]) return mk(RV_SKIP);
    uint32_t col = bs->col_of[sc - fs->cols];
    xc_value v;
    cell_value(c, bs->ws, c->list_row, col, &v);
    if (v.kind == XC_V_BLANK)
      return located(mk(v.flags & XC_VF_NO_CACHE ? RV_SKIP : RV_BLANK), c->list, c->list_row, col);
    return located(as_text(c, &v), c->list, c->list_row, col);
  }
  if (strcmp(f, "abs") == 0 && n->nargs == 1) {
    rv x = eval(c, n->args[0]);
    if (x.k == RV_NUM) x.num = xc_dec_abs(x.num);
    return x;
  }
  if (strcmp(f, "left") == 0 && n->nargs == 2) {
    rv t = eval(c, n->args[0]), k = eval(c, n->args[1]);
    rv r = fn_left(c, &t, &k);
    return t.is_ref ? located(r, t.sheet, t.row, t.col) : r;
  }
  if ((strcmp(f, "norm") == 0 || strcmp(f, "key") == 0) && n->nargs == 1) {
    rv t = eval(c, n->args[0]);
    if (t.k != RV_TEXT) return t;
    xc_buf b;
    xc_buf_init(&b, 0);
    if (f[0] == 'k') xc_match_key(t.text, t.len, &b);
    else { /* NFC with runs of spaces collapsed, trimmed */
      xc_buf tmp;
      xc_buf_init(&tmp, 0);
      xc_nfc(t.text, t.len, &tmp);
      const char *s = xc_buf_str(&tmp);
      bool space = true;
      for (size_t i = 0; i < tmp.len;) {
        size_t sl = xc_space_len(s + i, tmp.len - i);
        if (sl) {
          if (!space) xc_buf_addc(&b, ' ');
          space = true;
          i += sl;
        } else {
          xc_buf_addc(&b, s[i++]);
          space = false;
        }
      }
      while (b.len && b.data[b.len - 1] == ' ') b.data[--b.len] = '\0';
      xc_buf_free(&tmp);
    }
    rv r = mk(RV_TEXT);
    r.text = keep(c, xc_buf_str(&b), b.len);
    r.len = b.len;
    xc_buf_free(&b);
    return t.is_ref ? located(r, t.sheet, t.row, t.col) : r;
  }
  if (strcmp(f, "group") == 0 && n->nargs == 3) {
    rv t = eval(c, n->args[0]), g = eval(c, n->args[2]);
    if (t.k != RV_TEXT || g.k != RV_NUM) return t.k == RV_BLANK ? t : mk(RV_SKIP);
    const xc_pattern *p = xc_ruleset_pattern(c->rs, n->args[1]->text);
    int64_t gi = 0;
    xc_dec_to_int(g.num, &gi);
    long groups[2 * 16];
    if (!p || gi < 0 || gi >= 16 || !xc_rx_match(p->rx, t.text, t.len, 0, groups, 16))
      return t.is_ref ? located(mk(RV_BLANK), t.sheet, t.row, t.col) : mk(RV_BLANK);
    rv r = mk(RV_BLANK);
    if (groups[2 * gi] >= 0) {
      r = mk(RV_TEXT);
      r.len = (size_t)(groups[2 * gi + 1] - groups[2 * gi]);
      r.text = keep(c, t.text + groups[2 * gi], r.len);
    }
    return t.is_ref ? located(r, t.sheet, t.row, t.col) : r;
  }
  if (strcmp(f, "lookup") == 0 && n->nargs == 2) {
    const xc_map *m = xc_ruleset_map(c->rs, n->args[0]->text);
    rv k = eval(c, n->args[1]);
    if (!m || k.k != RV_TEXT) return k.k == RV_BLANK ? k : mk(RV_SKIP);
    const char *kk = KEY(c, k.text, k.len);
    rv r = mk(RV_BLANK);
    for (size_t i = 0; i < m->n; i++) {
      if (strcmp(kk, KEY(c, m->keys[i], strlen(m->keys[i]))) == 0) {
        r = mk(RV_TEXT);
        r.text = m->values[i];
        r.len = strlen(r.text);
        break;
      }
    }
    return k.is_ref ? located(r, k.sheet, k.row, k.col) : r;
  }
  if (strcmp(f, "date") == 0 && n->nargs == 1) {
    rv t = eval(c, n->args[0]);
    if (t.k == RV_DATE || t.k == RV_BLANK) return t;
    if (t.k != RV_TEXT) return mk(RV_SKIP);
    int y, mo, d;
    /* the first d/m/yyyy inside the text */
    for (size_t i = 0; i < t.len; i++) {
      if (t.text[i] < '0' || t.text[i] > '9' || (i && t.text[i - 1] >= '0' && t.text[i - 1] <= '9'))
        continue;
      size_t j = i;
      while (j < t.len && ((t.text[j] >= '0' && t.text[j] <= '9') || t.text[j] == '/')) j++;
      if (xc_value_parse_date_vi(t.text + i, j - i, &y, &mo, &d)) {
        rv r = mk(RV_DATE);
        r.days = xc_date_days(y, mo, d);
        return r;
      }
    }
    return mk(RV_BLANK);
  }
  if (strcmp(f, "year") == 0 && n->nargs == 1) {
    rv t = eval(c, n->args[0]);
    if (t.k != RV_DATE) return t.k == RV_BLANK ? t : mk(RV_SKIP);
    int y, mo, d;
    xc_date_from_days(t.days, &y, &mo, &d);
    rv r = num(xc_dec_from_int(y), 0);
    r.plain = true;
    return t.is_ref ? located(r, t.sheet, t.row, t.col) : r;
  }
  return mk(RV_SKIP);
}

static bool krange_bounds(const xc_form_sheet *fs, const char *from, const char *to, size_t *a, size_t *b);
static rv read_krange(ctx *c, const char *name);

static rv eval_agg(ctx *c, const xc_node *n) {
  if (n->from) { /* count(SHEET!A..B where …) */
    const xc_form_sheet *fs = &c->rs->sheets[n->sheet];
    size_t a, b;
    if (c->b->sheets[n->sheet].ws < 0 || !krange_bounds(fs, n->from, n->to, &a, &b)) return mk(RV_SKIP);
    int saved_sheet = c->krange_sheet;
    size_t saved_spec = c->krange_spec;
    bool saved_fail = c->have_fail, saved_norhs = c->fail_no_rhs;
    rv saved_l = c->fail_l, saved_r = c->fail_r;
    int64_t hits = 0;
    for (size_t r = a; r <= b; r++) {
      if (strcmp(fs->rows[r].kind, "header") == 0) continue;
      c->krange_sheet = n->sheet;
      c->krange_spec = r;
      if (n->where) {
        rv w = eval(c, n->where);
        c->have_fail = saved_fail, c->fail_no_rhs = saved_norhs;
        c->fail_l = saved_l, c->fail_r = saved_r;
        if (!truthy(&w)) continue;
      }
      hits++;
    }
    c->krange_sheet = saved_sheet;
    c->krange_spec = saved_spec;
    return num(xc_dec_from_int(hits), 0);
  }
  const xc_bound *bs = &c->b->sheets[n->sheet];
  if (bs->ws < 0 || !bs->header_row) return mk(RV_SKIP);
  int saved_list = c->list;
  uint32_t saved_row = c->list_row;
  bool count = strcmp(n->text, "count") == 0 || strcmp(n->text, "rows") == 0;
  bool distinct = strcmp(n->text, "distinct") == 0;
  rv acc = num(xc_dec_from_int(0), 0);
  size_t hits = 0;
  char **seen = NULL;
  size_t nseen = 0;
  bool skip = false;
  bool saved_fail = c->have_fail, saved_norhs = c->fail_no_rhs;
  rv saved_l = c->fail_l, saved_r = c->fail_r;
  for (size_t i = 0; i < bs->nrows && !skip; i++) {
    c->list = n->sheet;
    c->list_row = bs->rows[i];
    if (n->where) {
      rv w = eval(c, n->where);
      c->have_fail = saved_fail, c->fail_no_rhs = saved_norhs;
      c->fail_l = saved_l, c->fail_r = saved_r;
      if (!truthy(&w)) continue;
    }
    if (count) {
      hits++;
      continue;
    }
    rv v = read_list(c, n->sheet, bs->rows[i], n->col);
    if (distinct) {
      size_t tl;
      const char *t = text_of(c, &v, &tl);
      if (!tl) continue;
      bool dup = false;
      for (size_t k = 0; k < nseen && !dup; k++) dup = strcmp(seen[k], t) == 0;
      if (!dup) {
        seen = xc_realloc(seen, (nseen + 1) * sizeof *seen);
        seen[nseen++] = (char *)t;
      }
      continue;
    }
    if (v.k == RV_BLANK) continue;
    if (v.k != RV_NUM) {
      skip = true;
      break;
    }
    acc = arith(&acc, '+', &v);
    if (acc.k == RV_SKIP) skip = true;
  }
  free(seen);
  c->list = saved_list;
  c->list_row = saved_row;
  if (skip) return mk(RV_SKIP);
  if (count) return num(xc_dec_from_int((int64_t)hits), 0);
  if (distinct) return num(xc_dec_from_int((int64_t)nseen), 0);
  return acc;
}

/* A column of the keyed row in scope: `value` (D), `note` (E unless the sheet
 * declares a `note` value column) or a declared value column. */
static rv read_krange(ctx *c, const char *name) {
  const xc_form_sheet *fs = &c->rs->sheets[c->krange_sheet];
  const char *key = fs->rows[c->krange_spec].key;
  if (strcmp(name, "value") == 0) return read_keyed(c, c->krange_sheet, key, NULL, true);
  bool declared = false;
  for (size_t i = 0; i < fs->nvcols; i++) declared |= strcmp(fs->vcol_names[i], name) == 0;
  if (declared) return read_keyed(c, c->krange_sheet, key, name, true);
  if (strcmp(name, "note") == 0) {
    const xc_bound *bs = &c->b->sheets[c->krange_sheet];
    uint32_t row = bs->key_row[c->krange_spec];
    if (!row || bs->ws < 0) return mk(RV_SKIP);
    xc_value v;
    cell_value(c, bs->ws, row, 5, &v);
    rv r = from_value(c, &v);
    if (r.k != RV_BLANK && r.k != RV_SKIP) r = as_text(c, &v);
    return located(r, c->krange_sheet, row, 5);
  }
  return mk(RV_SKIP);
}

/* spec row indexes of FROM..TO (inclusive, spec order); false when unknown */
static bool krange_bounds(const xc_form_sheet *fs, const char *from, const char *to, size_t *a, size_t *b) {
  const xc_spec_row *ra = xc_form_sheet_row(fs, from), *rb = xc_form_sheet_row(fs, to);
  if (!ra || !rb) return false;
  *a = (size_t)(ra - fs->rows);
  *b = (size_t)(rb - fs->rows);
  return *a <= *b;
}

static rv eval(ctx *c, const xc_node *n) {
  switch (n->kind) {
    case XC_N_NUM: {
      xc_dec d;
      if (!xc_dec_parse_plain(n->text, strlen(n->text), &d)) return mk(RV_SKIP);
      return num(d, -1);
    }
    case XC_N_STR: {
      rv r = mk(RV_TEXT);
      r.text = n->text;
      r.len = strlen(n->text);
      r.key = n->key;
      return r;
    }
    case XC_N_BLANK: return mk(RV_BLANK);
    case XC_N_REF: return read_keyed(c, n->sheet, n->text, n->col, true);
    case XC_N_COL:
      if (c->list >= 0) return read_list(c, c->list, c->list_row, n->text);
      if (c->krange_sheet >= 0) return read_krange(c, n->text);
      return mk(RV_SKIP);
    case XC_N_NEG: {
      rv x = eval(c, n->args[0]);
      if (x.k == RV_NUM) x.num = xc_dec_neg(x.num), x.is_ref = false;
      return x;
    }
    case XC_N_ARITH: {
      if (n->op == '+' || n->op == '-') return eval_sum(c, n);
      rv a = eval(c, n->args[0]), b = eval(c, n->args[1]);
      if (a.k == RV_SKIP || b.k == RV_SKIP) return mk(RV_SKIP);
      if (n->op == '/' && (a.k == RV_BLANK || b.k == RV_BLANK)) return mk(RV_SKIP);
      if (a.k == RV_BLANK || b.k == RV_BLANK) return mk(RV_BLANK);
      if (a.k != RV_NUM || b.k != RV_NUM) return mk(RV_SKIP);
      return arith(&a, n->op, &b);
    }
    case XC_N_CMP: return eval_cmp(c, n);
    case XC_N_NOT: {
      rv x = eval(c, n->args[0]);
      if (x.k == RV_BOOL && x.b && n->args[0]->kind == XC_N_CMP && n->args[0]->nargs) {
        /* not (X in {…}) fails at X: the finding names its cell and value */
        rv l = eval(c, n->args[0]->args[0]);
        note_fail(c, &l, NULL);
      }
      return x.k == RV_BOOL ? boolv(!x.b) : x;
    }
    case XC_N_AND: {
      rv a = eval(c, n->args[0]);
      if (a.k == RV_BOOL && !a.b) return a;
      rv b = eval(c, n->args[1]);
      if (b.k == RV_BOOL && !b.b) return b;
      if (a.k != RV_BOOL || b.k != RV_BOOL) return mk(RV_SKIP);
      return boolv(true);
    }
    case XC_N_OR: {
      rv a = eval(c, n->args[0]);
      if (truthy(&a)) return a;
      bool saved = c->have_fail;
      rv b = eval(c, n->args[1]);
      if (truthy(&b)) {
        c->have_fail = saved;
        return b;
      }
      if (a.k != RV_BOOL || b.k != RV_BOOL) return mk(RV_SKIP);
      return boolv(false);
    }
    case XC_N_IMPLIES: {
      bool saved = c->have_fail;
      rv cond = eval(c, n->args[0]);
      c->have_fail = saved;
      if (!truthy(&cond)) return cond.k == RV_SKIP ? cond : boolv(true);
      return eval(c, n->args[1]);
    }
    case XC_N_CALL: return eval_call(c, n);
    case XC_N_AGG: return eval_agg(c, n);
    default: return mk(RV_SKIP);
  }
}

/* ---- findings ------------------------------------------------------------ */

static void describe(ctx *c, const rv *v, xc_buf *b, int decimals) {
  switch (v->k) {
    case RV_NUM: {
      xc_dec q = v->num;
      if (v->plain) {
        xc_dec_format_plain(b, q, -1);
        break;
      }
      if (!xc_dec_eq(v->den, xc_dec_from_int(1))) {
        int k = decimals >= 0 ? decimals : 2;
        if (xc_dec_div_round(v->num, v->den, k, &q) != XC_DEC_OK) q = v->num;
        xc_dec_format_vi(b, xc_dec_norm(q), -1);
      } else {
        xc_dec_format_vi(b, q, -1);
      }
      break;
    }
    case RV_TEXT: xc_buf_printf(b, "\"%.*s\"", (int)(v->len > 80 ? 80 : v->len), v->text); break;
    case RV_DATE: {
      int y, m, d;
      xc_date_from_days(v->days, &y, &m, &d);
      xc_buf_printf(b, "%02d/%02d/%04d", d, m, y);
      break;
    }
    case RV_BOOL:
      xc_buf_adds(b, c->opts->lang == XC_LANG_EN ? (v->b ? "true" : "false") : (v->b ? "đúng" : "sai"));
      break;
    case RV_BLANK: xc_buf_adds(b, BLANK_WORD(c)); break;
    default: break;
  }
  (void)c;
}

static void substitute(xc_buf *out, const char *tmpl, const char *lhs, const char *rhs,
                       const char *cell, const char *key) {
  for (const char *p = tmpl ? tmpl : ""; *p; p++) {
    if (*p == '{') {
      const char *val = strncmp(p, "{lhs}", 5) == 0 ? lhs : strncmp(p, "{rhs}", 5) == 0 ? rhs
                        : strncmp(p, "{cell}", 6) == 0 ? cell : strncmp(p, "{key}", 5) == 0 ? key
                                                                                          : NULL;
      if (val) {
        xc_buf_adds(out, val);
        p = strchr(p, '}');
        continue;
      }
    }
    xc_buf_addc(out, *p);
  }
}

/* One finding of the current rule at (ruleset sheet, row, col). */
static void emit(ctx *c, int sheet, uint32_t row, uint32_t col, const char *key,
                 const char *actual, const char *expected, const char *extra_vi,
                 const char *extra_en, const char *hint_extra) {
  const xc_rule *r = c->rule;
  xc_diag d;
  memset(&d, 0, sizeof d);
  d.file = c->opts->file;
  d.unit = c->opts->unit ? c->opts->unit : "";
  d.sheet = sheet >= 0 ? c->rs->sheets[sheet].name : c->sheet_name ? c->sheet_name : "";
  d.rank = sheet;
  if (row && col) xc_cellref_format(row, col, d.cell);
  d.key = key ? key : "";
  /* DM-3.w: the warning half of relation DM-3 is reported as DM-3 */
  char idbuf[64];
  snprintf(idbuf, sizeof idbuf, "%s", r->id);
  char *dot = strrchr(idbuf, '.');
  if (dot && dot[1] >= 'a' && dot[1] <= 'z') *dot = '\0';
  d.rule = idbuf;
  d.severity = r->severity;
  xc_buf vi, en, hint;
  xc_buf_init(&vi, 0);
  xc_buf_init(&en, 0);
  xc_buf_init(&hint, 0);
  const char *pl = c->ph_l ? c->ph_l : actual ? actual : "";
  const char *pr = c->ph_r ? c->ph_r : expected ? expected : "";
  substitute(&vi, r->msg_vi ? r->msg_vi : r->id, pl, pr, d.cell, d.key);
  substitute(&en, r->msg_en ? r->msg_en : (r->msg_vi ? r->msg_vi : r->id), pl, pr, d.cell, d.key);
  if (extra_vi && *extra_vi) xc_buf_printf(&vi, " (%s)", extra_vi);
  if (extra_en && *extra_en) xc_buf_printf(&en, " (%s)", extra_en);
  if (hint_extra && *hint_extra) {
    xc_buf_adds(&hint, hint_extra);
    if (r->hint_vi) xc_buf_adds(&hint, "; ");
  }
  if (r->hint_vi) substitute(&hint, r->hint_vi, pl, pr, d.cell, d.key);
  d.msg_vi = xc_buf_str(&vi);
  d.msg_en = xc_buf_str(&en);
  d.expected = expected ? expected : "";
  d.actual = actual ? actual : "";
  d.hint_vi = xc_buf_str(&hint);
  xc_buf hint_en;
  xc_buf_init(&hint_en, 0);
  if (r->hint_en) substitute(&hint_en, r->hint_en, pl, pr, d.cell, d.key);
  d.hint_en = xc_buf_str(&hint_en);
  xc_diags_add(c->out, &d);
  xc_buf_free(&hint_en);
  xc_buf_free(&vi);
  xc_buf_free(&en);
  xc_buf_free(&hint);
}

static const char *key_of_ref(ctx *c, const ref_loc *rl) {
  const xc_form_sheet *fs = &c->rs->sheets[rl->sheet];
  if (fs->type == XC_SHEET_KEYED) return fs->rows[rl->spec].key;
  const xc_bound *bs = &c->b->sheets[rl->sheet];
  for (size_t i = 0; i < bs->nrows; i++)
    if (bs->rows[i] == rl->row) {
      char tmp[24];
      snprintf(tmp, sizeof tmp, "#%zu", i + 1);
      return keep(c, tmp, strlen(tmp));
    }
  return "";
}

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
    (void)eval(c, r->expr);
    c->rule_refs[i] = xc_malloc((c->nrefs ? c->nrefs : 1) * sizeof *c->rule_refs[i]);
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

static void slip_hint(ctx *c, const ref_loc *refs, size_t nrefs, xc_buf *out) {
  const xc_rule *failing = c->rule;
  prepare_rule_refs(c);
  for (size_t i = 0; i < nrefs; i++) {
    const ref_loc *rl = &refs[i];
    if (c->rs->sheets[rl->sheet].type != XC_SHEET_KEYED) continue;
    xc_value v;
    cell_value(c, c->b->sheets[rl->sheet].ws, rl->row, rl->col, &v);
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
  rv v = r->expr ? eval(c, r->expr) : mk(RV_SKIP);
  c->rule = saved;
  return !(v.k == RV_BOOL && !v.b);
}

static bool has_arith(const xc_node *n) {
  if (!n) return false;
  if (n->kind == XC_N_ARITH || n->kind == XC_N_AGG) return true;
  for (size_t i = 0; i < n->nargs; i++)
    if (has_arith(n->args[i])) return true;
  return false;
}

/* ---- rule bodies --------------------------------------------------------- */

static void run_expr_node(ctx *c, const xc_node *expr);

/* A body that is a conjunction of independent checks (TI-0: filled(…) and
 * filled(…) …) gives one finding per false part. */
static void collect_and(const xc_node *n, const xc_node **out, size_t *k, size_t cap) {
  if (n->kind == XC_N_AND) {
    collect_and(n->args[0], out, k, cap);
    collect_and(n->args[1], out, k, cap);
  } else if (*k < cap) {
    out[(*k)++] = n;
  }
}

static void run_expr(ctx *c) {
  const xc_node *parts[64];
  size_t k = 0;
  collect_and(c->rule->expr, parts, &k, 64);
  if (k > 1 && k < 64) {
    for (size_t i = 0; i < k; i++) run_expr_node(c, parts[i]);
    return;
  }
  run_expr_node(c, c->rule->expr);
}

static void run_expr_node(ctx *c, const xc_node *expr) {
  c->nrefs = 0;
  c->have_fail = false;
  c->fail_no_rhs = false;
  c->fail_l = c->fail_r = mk(RV_BLANK);
  c->list = -1;
  rv v = eval(c, expr);
  if (!(v.k == RV_BOOL && !v.b)) return;
  ref_loc refs[MAX_REFS];
  size_t nrefs = c->nrefs;
  memcpy(refs, c->refs, nrefs * sizeof *refs);
  rv fl = c->fail_l, fr = c->fail_r;
  if (!fl.is_ref && fr.is_ref) { /* min(…) <= CELL: the cell is what is wrong */
    rv t = fl;
    fl = fr;
    fr = t;
  }
  fl.plain = fr.plain = fl.plain || fr.plain; /* a year against a year */
  /* the finding sits on the left side's cell, or on the first cell read */
  ref_loc at = nrefs ? refs[0] : (ref_loc){-1, 0, 0, 0};
  if (fl.is_ref)
    for (size_t i = 0; i < nrefs; i++)
      if (refs[i].sheet == fl.sheet && refs[i].row == fl.row && refs[i].col == fl.col) at = refs[i];
  xc_buf a, e, slip;
  xc_buf_init(&a, 0);
  xc_buf_init(&e, 0);
  xc_buf_init(&slip, 0);
  describe(c, &fl, &a, -1);
  if (!c->fail_no_rhs) describe(c, &fr, &e, fl.decimals >= 0 ? (fl.decimals > 2 ? fl.decimals : 2) : 2);
  if (expr->kind == XC_N_CMP && has_arith(expr)) slip_hint(c, refs, nrefs, &slip);
  emit(c, at.sheet, at.row, at.col, at.sheet >= 0 ? key_of_ref(c, &at) : "", xc_buf_str(&a),
       xc_buf_str(&e), NULL, NULL, xc_buf_str(&slip));
  xc_buf_free(&a);
  xc_buf_free(&e);
  xc_buf_free(&slip);
}

/* One row of `each` (the row in scope is set by the caller): the filter, the
 * body, and a finding at the failing cell (or at default_col). */
static void each_row(ctx *c, int sheet, uint32_t row, uint32_t default_col, const char *key) {
  c->nrefs = 0;
  c->have_fail = false;
  c->fail_no_rhs = false;
  c->fail_l = c->fail_r = mk(RV_BLANK);
  if (c->rule->where) {
    rv w = eval(c, c->rule->where);
    if (!truthy(&w)) return;
    c->have_fail = false;
    c->fail_no_rhs = false;
    c->fail_l = c->fail_r = mk(RV_BLANK);
  }
  rv v = eval(c, c->rule->expr);
  if (!(v.k == RV_BOOL && !v.b)) return;
  xc_buf x, e;
  xc_buf_init(&x, 0);
  xc_buf_init(&e, 0);
  describe(c, &c->fail_l, &x, -1);
  if (!c->fail_no_rhs && c->fail_r.k != RV_BLANK) describe(c, &c->fail_r, &e, 2);
  uint32_t col = c->fail_l.is_ref ? c->fail_l.col : default_col;
  emit(c, sheet, row, col, key, xc_buf_str(&x), xc_buf_str(&e), NULL, NULL, NULL);
  xc_buf_free(&x);
  xc_buf_free(&e);
}

static void run_each(ctx *c) {
  if (c->rule->from) { /* each SHEET!A..B: keyed rows */
    const xc_form_sheet *fs = &c->rs->sheets[c->rule->list];
    const xc_bound *bs = &c->b->sheets[c->rule->list];
    size_t a, b;
    if (bs->ws < 0 || !krange_bounds(fs, c->rule->from, c->rule->to, &a, &b)) return;
    for (size_t r = a; r <= b; r++) {
      if (strcmp(fs->rows[r].kind, "header") == 0 || !bs->key_row[r]) continue;
      c->krange_sheet = c->rule->list;
      c->krange_spec = r;
      each_row(c, c->rule->list, bs->key_row[r], 4, fs->rows[r].key);
    }
    c->krange_sheet = -1;
    return;
  }
  const xc_bound *bs = &c->b->sheets[c->rule->list];
  if (bs->ws < 0) return;
  for (size_t i = 0; i < bs->nrows; i++) {
    c->list = c->rule->list;
    c->list_row = bs->rows[i];
    char key[24];
    snprintf(key, sizeof key, "#%zu", i + 1);
    each_row(c, c->rule->list, bs->rows[i], 1, key);
  }
  c->list = -1;
}

static void run_unique(ctx *c) {
  const xc_bound *bs = &c->b->sheets[c->rule->list];
  if (bs->ws < 0) return;
  char **keys = xc_calloc(bs->nrows ? bs->nrows : 1, sizeof *keys);
  for (size_t i = 0; i < bs->nrows; i++) {
    c->list = c->rule->list;
    c->list_row = bs->rows[i];
    xc_buf k;
    xc_buf_init(&k, 0);
    bool blank = true;
    for (size_t a = 0; a < c->rule->expr->nargs; a++) {
      rv v = eval(c, c->rule->expr->args[a]);
      size_t tl;
      const char *t = text_of(c, &v, &tl);
      xc_buf kk;
      xc_buf_init(&kk, 0);
      xc_match_key(t, tl, &kk);
      if (kk.len) blank = false;
      xc_buf_add(&k, xc_buf_str(&kk), kk.len);
      xc_buf_addc(&k, '\x1f');
      xc_buf_free(&kk);
    }
    keys[i] = blank ? NULL : xc_strdup(xc_buf_str(&k));
    xc_buf_free(&k);
    for (size_t j = 0; j < i && keys[i]; j++)
      if (keys[j] && strcmp(keys[j], keys[i]) == 0) {
        char key[24], first[48];
        snprintf(key, sizeof key, "#%zu", i + 1);
        snprintf(first, sizeof first, "#%zu", j + 1);
        emit(c, c->rule->list, bs->rows[i], 1, key, key, first, NULL, NULL, NULL);
        break;
      }
  }
  for (size_t i = 0; i < bs->nrows; i++) free(keys[i]);
  free(keys);
  c->list = -1;
}

static void run_sequence(ctx *c) {
  const xc_bound *bs = &c->b->sheets[c->rule->list];
  if (bs->ws < 0) return;
  for (size_t i = 0; i < bs->nrows; i++) {
    rv v = read_list(c, c->rule->list, bs->rows[i], c->rule->column);
    rv want = num(xc_dec_from_int((int64_t)i + 1), 0);
    if (v.k == RV_NUM && cmp_tol(&v, &want, xc_dec_tol_ex()) == 0) continue;
    xc_buf a, e;
    xc_buf_init(&a, 0);
    xc_buf_init(&e, 0);
    describe(c, &v, &a, -1);
    describe(c, &want, &e, 0);
    char key[24];
    snprintf(key, sizeof key, "#%zu", i + 1);
    emit(c, c->rule->list, bs->rows[i], v.is_ref ? v.col : 1, key, xc_buf_str(&a), xc_buf_str(&e),
         NULL, NULL, NULL);
    xc_buf_free(&a);
    xc_buf_free(&e);
    break; /* the numbering is off from here on: one finding says it */
  }
}

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
    emit(c, ev->sheet, extra ? 1 : ev->row, extra ? 1 : ev->col, keyless ? "" : ev->text, ev->text, "",
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
      cell_value(c, bs->ws, row, 4, &v);
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
  emit(c, sheet, row, 4, sr->key, xc_buf_str(&a), c->opts->lang == XC_LANG_EN ? want_en : want_vi, NULL,
       NULL, NULL);
  xc_buf_free(&a);
}

static void code_row(ctx *c, int sheet, size_t spec, uint32_t row, const xc_value *v) {
  const xc_spec_row *sr = &c->rs->sheets[sheet].rows[spec];
  if (strcmp(sr->kind, "code") != 0 || !sr->codes[0] || v->kind == XC_V_BLANK) return;
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
    ok = code_of(c, sr->codes, v->text, v->len, &d);
  }
  if (!ok) {
    describe_value(c, v, &a);
    emit(c, sheet, row, 4, sr->key, xc_buf_str(&a), sr->codes, NULL, NULL, NULL);
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
  emit(c, sheet, row, 4, c->rs->sheets[sheet].rows[spec].key, xc_buf_str(&a), xc_buf_str(&e), NULL,
       NULL, NULL);
  xc_buf_free(&a);
  xc_buf_free(&e);
}


static void level_row(ctx *c, int sheet, size_t spec, uint32_t row, const xc_value *v) {
  const xc_spec_row *sr = &c->rs->sheets[sheet].rows[spec];
  bool header = strcmp(sr->kind, "header") == 0;
  if (strcmp(c->level, "header") == 0) {
    if (header && v->kind != XC_V_BLANK) {
      xc_buf a;
      xc_buf_init(&a, 0);
      describe_value(c, v, &a);
      emit(c, sheet, row, 4, sr->key, xc_buf_str(&a), "", NULL, NULL, NULL);
      xc_buf_free(&a);
    }
    return;
  }
  if (header || strcmp(sr->level, c->level) != 0 || excepted(c, sheet, sr->key)) return;
  bool must_fill = c->want_filled;
  if (must_fill && v->kind == XC_V_BLANK && !(v->flags & XC_VF_NO_CACHE)) emit(c, sheet, row, 4, sr->key, BLANK_WORD(c), "", NULL, NULL, NULL);
  if (!must_fill && v->kind != XC_V_BLANK) {
    xc_buf a;
    xc_buf_init(&a, 0);
    describe_value(c, v, &a);
    emit(c, sheet, row, 4, sr->key, xc_buf_str(&a), BLANK_WORD(c), NULL, NULL, NULL);
    xc_buf_free(&a);
  }
}

/* LV-5, LV-6, R-1, R-2: about the rules that define a total or a ratio
 * (`CELL = …arithmetic…`): blank although computable; filled although an
 * operand is blank; a ratio shown as 100 (or 0) that is not. */
static bool defining(const xc_rule *r) {
  return r->body == XC_BODY_EXPR && r->expr->kind == XC_N_CMP && r->expr->nargs == 2 &&
         r->expr->ops[0] == XC_OP_EQ && r->expr->args[0]->kind == XC_N_REF &&
         has_arith(r->expr->args[1]);
}

static bool is_ratio(const xc_node *n) {
  return n->kind == XC_N_ARITH && n->op == '/';
}

static bool node_has_blank_ref(ctx *c, const xc_node *n) {
  if (n->kind == XC_N_REF) {
    rv v = read_keyed(c, n->sheet, n->text, n->col, true);
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
    rv l = read_keyed(c, lhs->sheet, lhs->text, lhs->col, false);
    if (l.k == RV_SKIP) {
      c->rule = self;
      continue;
    }
    if (!c->def_done[i]) { /* the four built-ins share one evaluation per rule */
      c->def_rhs[i] = eval(c, rhs);
      c->def_done[i] = true;
    }
    rv rr = c->def_rhs[i];
    c->rule = self;
    xc_buf a, e;
    xc_buf_init(&a, 0);
    xc_buf_init(&e, 0);
    const char *key = lhs->text;
    const xc_spec_row *lrow = xc_form_sheet_row(&c->rs->sheets[lhs->sheet], lhs->text);
    bool huyen = lrow && strcmp(lrow->level, "huyen") == 0 && in_scope_d(c);
    if (strcmp(what, "derivable") == 0) {
      if (l.k == RV_BLANK && rr.k == RV_NUM && !huyen) { /* a blank huyen row: LV-1's error */
        describe(c, &rr, &e, 2);
        emit(c, lhs->sheet, l.row, l.col, key, BLANK_WORD(c), xc_buf_str(&e), NULL, NULL, NULL);
      }
    } else if (strcmp(what, "filled-operands") == 0) {
      if (l.k == RV_NUM && node_has_blank_ref(c, rhs) &&
          (rr.k == RV_SKIP || rr.k == RV_BLANK || is_ratio(rhs))) {
        describe(c, &l, &a, -1);
        emit(c, lhs->sheet, l.row, l.col, key, xc_buf_str(&a), "", NULL, NULL, NULL);
      }
    } else if (is_ratio(rhs) && l.k == RV_NUM && rr.k == RV_NUM) {
      /* ratio100 / ratio0: rhs = 100 * n / d; compare what the cell shows */
      bool shows100 = xc_dec_cmp(l.num, xc_dec_from_int(100)) == 0;
      bool shows0 = xc_dec_is_zero(l.num);
      rv hundred = num(xc_dec_from_int(100), 0), zero = num(xc_dec_from_int(0), 0);
      bool fire = strcmp(what, "ratio100") == 0 ? shows100 && cmp_tol(&rr, &hundred, xc_dec_tol_ex()) != 0
                                                 : shows0 && cmp_tol(&rr, &zero, xc_dec_tol_ex()) > 0;
      if (fire) {
        /* {lhs} = the numerator N, {rhs} = the denominator D of 100 * N / D */
        const xc_node *nn = rhs->args[0], *dn = rhs->args[1];
        if (nn->kind == XC_N_ARITH && nn->op == '*')
          nn = nn->args[0]->kind == XC_N_NUM ? nn->args[1] : nn->args[0];
        c->rule = r;
        rv nv = eval(c, nn), dv = eval(c, dn);
        c->rule = self;
        xc_buf pn, pd;
        xc_buf_init(&pn, 0);
        xc_buf_init(&pd, 0);
        describe(c, &nv, &pn, -1);
        describe(c, &dv, &pd, -1);
        describe(c, &l, &a, -1);
        describe(c, &rr, &e, 2);
        c->ph_l = xc_buf_str(&pn);
        c->ph_r = xc_buf_str(&pd);
        emit(c, lhs->sheet, l.row, l.col, key, xc_buf_str(&a), xc_buf_str(&e), NULL, NULL, NULL);
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
        cell_value(c, bs->ws, bs->rows[i], bs->col_of[k], &v);
        if (v.kind != XC_V_BLANK || (v.flags & XC_VF_NO_CACHE)) continue; /* a formula not computed: F-2 */
        char key[24];
        snprintf(key, sizeof key, "#%zu", i + 1);
        emit(c, (int)s, bs->rows[i], bs->col_of[k], key, BLANK_WORD(c), fs->cols[k].header, NULL, NULL,
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
        if (!bs->col_of[k] || strcmp(fs->cols[k].kind, "count") != 0) continue;
        xc_value v;
        cell_value(c, bs->ws, bs->rows[i], bs->col_of[k], &v);
        if (v.kind == XC_V_BLANK ||
            (v.kind == XC_V_NUMBER && xc_dec_is_integer(v.num) && xc_dec_sign(v.num) >= 0))
          continue;
        xc_buf a;
        xc_buf_init(&a, 0);
        describe_value(c, &v, &a);
        char key[24];
        snprintf(key, sizeof key, "#%zu", i + 1);
        emit(c, (int)s, bs->rows[i], bs->col_of[k], key, xc_buf_str(&a), "số nguyên ≥ 0", NULL,
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
  cell_value(c, c->b->sheets[s].ws, r, 4, v);
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
  xc_buf err;
  xc_buf_init(&err, 0);
  const xc_units *given = c->opts->units;
  xc_units *u = given ? NULL : c->rs->units_file ? xc_units_load(c->rs->units_file, &err) : NULL;
  xc_buf_free(&err);
  if (given) u = (xc_units *)given;
  if (!u) return;
  size_t ix;
  xc_unit_rc rc = xc_units_resolve(u, v.text, v.len, &ix);
  if (rc != XC_UNIT_OK) {
    xc_buf a;
    xc_buf_init(&a, 0);
    xc_value_describe(&a, &v, c->opts->lang);
    emit(c, s, row, 4, key, xc_buf_str(&a), rc == XC_UNIT_PROVINCE ? "một huyện/thành phố, không phải tên tỉnh" : "",
         NULL, NULL, NULL);
    xc_buf_free(&a);
  }
  if (!given) xc_units_free(u);
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
    emit(c, s, row, 4, key, xc_buf_str(&a), c->rs->province, NULL, NULL, NULL);
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
    emit(c, s, row, 4, key, xc_buf_str(&a),
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
          cell_value(c, bs->ws, bs->key_row[k], col, &v);
          if (v.kind == XC_V_TEXT) fn(c, (int)s, bs->key_row[k], col, fs->rows[k].key, &v);
        }
      } else {
        const xc_spec_col *sc = xc_form_sheet_col(fs, w);
        if (!sc || !sc->short_name || strcmp(sc->short_name, w) != 0 || !bs->col_of[sc - fs->cols])
          continue;
        uint32_t col = bs->col_of[sc - fs->cols];
        for (size_t i = 0; i < bs->nrows; i++) {
          xc_value v;
          cell_value(c, bs->ws, bs->rows[i], col, &v);
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

/* relations.md §16: a fraction a/b in Vietnamese notation, paired with the first
 * "đạt / đạt tỷ lệ / chiếm (tỷ lệ) / = / (đạt" P% within 40 characters of the same
 * sentence with no other fraction between.  Groups: 1 a, 2 b, 3 P (unset when
 * unpaired).  A ruleset may replace it with `pattern fraction /…/`. */
#define NUM_VI "\\d{1,3}(?:\\.\\d{3})+(?:,\\d+)?|\\d+(?:,\\d+)?"
static const char DEFAULT_FRACTION[] =
    "(?<![\\d.,/])(" NUM_VI ")\\s*/\\s*(" NUM_VI ")(?![\\d/])"
    "(?:[^.;!?/%\\n]{0,40}?(?:\\(đạt|đạt tỷ lệ|đạt|chiếm tỷ lệ|chiếm|=)\\s*(" NUM_VI ")\\s*%)?";

static const xc_rx *fraction_rx(ctx *c) {
  const xc_pattern *p = xc_ruleset_pattern(c->rs, "fraction");
  if (p) return p->rx;
  if (!c->default_fraction) {
    char err[256];
    size_t off;
    c->default_fraction = xc_rx_compile(DEFAULT_FRACTION, strlen(DEFAULT_FRACTION), true, err,
                                        sizeof err, &off);
  }
  return c->default_fraction;
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
  while (start < v->len && xc_rx_match(rx, v->text, v->len, start, g, 4)) {
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
        emit(c, sheet, row, col, key, xc_buf_str(&act), xc_buf_str(&exp), NULL, NULL, NULL);
      }
    } else if (!paired && g[6] < 0 && xc_dec_cmp(a.num, b.num) > 0) {
      xc_buf_add(&act, v->text + g[2], (size_t)(g[5] - g[2]));
      emit(c, sheet, row, col, key, xc_buf_str(&act), "", NULL, NULL, NULL);
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
      cell_value(c, bs->ws, bs->key_row[k], col, &v);
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
    cell_value(c, bs->ws, bs->key_row[r], col, &pv);
    if (pv.kind != XC_V_NUMBER || !any) continue;
    if (xc_dec_near(pv.num, sum, tol)) continue;
    xc_buf a, e;
    xc_buf_init(&a, 0);
    xc_buf_init(&e, 0);
    xc_dec_format_vi(&a, pv.num, -1);
    xc_dec_format_vi(&e, sum, -1);
    emit(c, s, bs->key_row[r], col, pk, xc_buf_str(&a), xc_buf_str(&e), NULL, NULL, NULL);
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
  doc_row *rows = xc_calloc(bs->nrows ? bs->nrows : 1, sizeof *rows);
  size_t n = 0;
  for (size_t i = 0; i < bs->nrows; i++) {
    rv v = read_list(c, s, bs->rows[i], col);
    if (v.k != RV_TEXT) continue;
    /* NFC, collapsed spaces (relations.md §11) */
    xc_buf t;
    xc_buf_init(&t, 0);
    xc_nfc(v.text, v.len, &t);
    long g[16];
    if (!xc_rx_match(pat->rx, xc_buf_str(&t), t.len, 0, g, 8) || g[14] < 0) {
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
      rv tv = read_list(c, s, bs->rows[i], typecol);
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
  emit(c, list, d->row, d->col, key, xc_buf_str(a), xc_buf_str(e), NULL, NULL, NULL);
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
  bool has_start = keyed_date(c, "TI!9", &start, NULL), has_end = keyed_date(c, "TI!5", &end, NULL);
  if (!has_start) {
    int y = period_year(c, "TI!3");
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
  bool *done = xc_calloc(n ? n : 1, sizeof *done);
  doc_row *reg = xc_malloc((n ? n : 1) * sizeof *reg);
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
  xc_buf lab, exp;
  xc_buf_init(&lab, 0);
  xc_buf_init(&exp, 0);
  for (size_t r = 0; r < fs->nrows; r++) {
    const xc_spec_row *sr = &fs->rows[r];
    if (strcmp(sr->kind, "code") != 0 || !bs->key_row[r]) continue;
    rv v = read_keyed(c, s, sr->key, NULL, false);
    if (v.k != RV_NUM) continue;
    int64_t code = 0;
    xc_dec_to_int(v.num, &code);
    if (code == 3) continue;
    xc_buf_clear(&lab);
    xc_match_key(sr->label, strlen(sr->label), &lab);
    /* thresholds: the last "tối thiểu N%" / "từ N%" phrase, else a leading "N%" */
    xc_dec thr;
    bool has = last_pct_after(sr->label, "tối thiểu", &thr) || last_pct_after(sr->label, "Tối thiểu", &thr) ||
               last_pct_after(sr->label, "từ", &thr) || leading_pct(sr->label, &thr);
    if (!has) continue;
    xc_value e;
    cell_value(c, bs->ws, bs->key_row[r], 5, &e);
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
    emit(c, s, bs->key_row[r], 4, sr->key, xc_buf_str(&a), xc_buf_str(&w), NULL, NULL, NULL);
    xc_buf_free(&a);
    xc_buf_free(&w);
  }
  xc_buf_free(&lab);
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
  emit(c, ds, drow, 4, dkey, xc_buf_str(&a), xc_buf_str(&e), NULL, NULL, NULL);
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
  cell_value(c, c->b->sheets[s].ws, row, col, v);
  return v->kind == XC_V_NUMBER;
}

static bool cs_flagged(ctx *c, int s, size_t r, uint32_t flagcol) {
  uint32_t row = c->b->sheets[s].key_row[r];
  if (!row) return false;
  xc_value v;
  cell_value(c, c->b->sheets[s].ws, row, flagcol, &v);
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
  emit(c, s, row, col, key, xc_buf_str(&a), xc_buf_str(&e), NULL, NULL, NULL);
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
      emit(c, s, c->b->sheets[s].key_row[r], flagcol, fs->rows[r].key, "x", "", NULL, NULL, NULL);
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
  describe(c, got, &a, got->decimals);
  if (!prefix) xc_buf_adds(&e, BLANK_WORD(c));
  else {
    xc_buf_adds(&e, prefix);
    xc_dec_format_vi(&e, want, -1);
  }
  c->ph_l = xc_buf_str(&a);
  c->ph_r = xc_buf_str(&e);
  emit(c, s, got->row, got->col, key, xc_buf_str(&a), xc_buf_str(&e), NULL, NULL, NULL);
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
  rv got = read_keyed(c, s, sr->key, NULL, false);
  if (got.k == RV_SKIP) return;
  bool ok;
  if (want_blank) ok = got.k == RV_BLANK;
  else if (got.k != RV_NUM) ok = false;
  else {
    rv w = num(want, -1);
    xc_dec tol = agg_is(sr->agg, "ratio") || agg_is(sr->agg, "mean") ? xc_dec_tol_pct(2) : xc_dec_tol_ex();
    ok = cmp_tol(&got, &w, tol) == 0;
  }
  if (!ok) emit_merge(c, s, sr->key, &got, want_blank ? NULL : "", want);
}

/* M-6: a distinct count over the union of the units' lists is at least the
 * largest unit value of the same row. */
static void merge_distinct_row(ctx *c, int s, size_t r, const xc_spec_row *sr) {
  const xc_merge_view *mv = c->opts->merge;
  xc_dec most;
  if (!agg_is(sr->agg, "distinct") || !mv->unit_max(mv->ctx, s, r, &most)) return;
  rv got = read_keyed(c, s, sr->key, NULL, false);
  if (got.k != RV_NUM) return;
  rv w = num(most, 0);
  if (cmp_tol(&got, &w, xc_dec_tol_ex()) < 0) emit_merge(c, s, sr->key, &got, "≥ ", most);
}

static void b_merge_agg(ctx *c) { for_each_merged_row(c, merge_agg_row); }
static void b_merge_distinct(ctx *c) { for_each_merged_row(c, merge_distinct_row); }

static const builtin BUILTINS[] = {
    {"merge-agg", b_merge_agg},
    {"merge-distinct", b_merge_distinct},
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

bool xc_check_builtin_known(const char *name) {
  for (const builtin *b = BUILTINS; b->name; b++)
    if (strcmp(b->name, name) == 0) return true;
  return false;
}

static void run_check(ctx *c) {
  for (const builtin *b = BUILTINS; b->name; b++)
    if (strcmp(b->name, c->rule->check) == 0) {
      b->fn(c);
      return;
    }
  (void)arg_is;
}

static void ctx_init(ctx *c, const xc_ruleset *rs, const xc_model *m, const xc_binding *b,
                     const xc_check_opts *opts, xc_diags *out) {
  memset(c, 0, sizeof *c);
  c->rs = rs;
  c->m = m;
  c->b = b;
  c->opts = opts;
  c->out = out;
  c->list = -1;
  c->krange_sheet = -1;
  xc_arena_init(&c->arena);
  xc_buf_init(&c->scratch, 0);
  c->def_rhs = xc_calloc(rs->nrules ? rs->nrules : 1, sizeof *c->def_rhs);
  c->def_done = xc_calloc(rs->nrules ? rs->nrules : 1, sizeof *c->def_done);
  c->vcache = xc_calloc(m->nsheets ? m->nsheets : 1, sizeof *c->vcache);
  c->vdone = xc_calloc(m->nsheets ? m->nsheets : 1, sizeof *c->vdone);
  c->list_cache = xc_calloc(rs->nsheets ? rs->nsheets : 1, sizeof *c->list_cache);
  c->list_cached = xc_calloc(rs->nsheets ? rs->nsheets : 1, sizeof *c->list_cached);
  c->rule_refs = xc_calloc(rs->nrules ? rs->nrules : 1, sizeof *c->rule_refs);
  c->rule_nrefs = xc_calloc(rs->nrules ? rs->nrules : 1, sizeof *c->rule_nrefs);
}

static void ctx_free(ctx *c) {
  for (size_t i = 0; i < c->rs->nsheets; i++) {
    free(c->list_cache[i]);
    free(c->list_cached[i]);
  }
  free(c->list_cache);
  free(c->list_cached);
  for (size_t i = 0; i < c->m->nsheets; i++) {
    free(c->vcache[i]);
    free(c->vdone[i]);
  }
  free(c->vcache);
  free(c->vdone);
  free(c->def_rhs);
  free(c->def_done);
  for (size_t i = 0; i < c->rs->nrules; i++) free(c->rule_refs[i]);
  free(c->rule_refs);
  free(c->rule_nrefs);
  xc_buf_free(&c->scratch);
  xc_arena_free(&c->arena);
  xc_rx_free(c->default_fraction);
}

void xc_check_run(const xc_ruleset *rs, const xc_model *m, const xc_binding *b,
                  const xc_check_opts *opts, xc_diags *out) {
  ctx c;
  ctx_init(&c, rs, m, b, opts, out);
  for (size_t i = 0; i < rs->nrules; i++) {
    const xc_rule *r = &rs->rules[i];
    if (!(r->scopes & opts->scope)) continue;
    c.rule = r;
    switch (r->body) {
      case XC_BODY_EXPR: run_expr(&c); break;
      case XC_BODY_EACH: run_each(&c); break;
      case XC_BODY_UNIQUE: run_unique(&c); break;
      case XC_BODY_SEQUENCE: run_sequence(&c); break;
      case XC_BODY_CHECK: run_check(&c); break;
    }
  }
  xc_recalc_diags(m, opts->file, opts->unit, out); /* formulas without a stored value: F-1, F-2 */
  ctx_free(&c);
}

/* ---- the reader: cells as the rules read them ---------------------------- */

struct xc_reader {
  ctx c;
  xc_diags none; /* the reader emits nothing; ctx wants a list */
};

xc_reader *xc_reader_new(const xc_ruleset *rs, const xc_model *m, const xc_binding *b,
                         const xc_check_opts *opts) {
  xc_reader *r = xc_calloc(1, sizeof *r);
  xc_diags_init(&r->none);
  ctx_init(&r->c, rs, m, b, opts, &r->none);
  return r;
}

void xc_reader_free(xc_reader *r) {
  if (!r) return;
  ctx_free(&r->c);
  xc_diags_free(&r->none);
  free(r);
}

static xc_rval to_rval(rv v) {
  xc_rval o;
  memset(&o, 0, sizeof o);
  switch (v.k) {
    case RV_BLANK: o.kind = XC_RV_BLANK; break;
    case RV_NUM:
      o.kind = XC_RV_NUM;
      o.num = v.num;
      o.decimals = v.decimals < 0 ? 0 : v.decimals;
      break;
    case RV_TEXT:
      o.kind = XC_RV_TEXT;
      o.text = v.text;
      o.len = v.len;
      break;
    case RV_DATE:
      o.kind = XC_RV_DATE;
      o.days = v.days;
      break;
    default: o.kind = XC_RV_SKIP;
  }
  return o;
}

xc_rval xc_reader_keyed(xc_reader *r, int sheet, size_t spec, uint32_t colno) {
  const xc_form_sheet *fs = &r->c.rs->sheets[sheet];
  r->c.nrefs = 0;
  if (!colno) colno = xc_bind_value_col(fs, NULL);
  return to_rval(read_keyed_at(&r->c, sheet, fs->rows[spec].key, colno, false));
}

xc_rval xc_reader_list(xc_reader *r, int list, uint32_t row, size_t spec_col) {
  const xc_form_sheet *fs = &r->c.rs->sheets[list];
  const xc_bound *bs = &r->c.b->sheets[list];
  if (bs->ws < 0 || spec_col >= fs->ncols || !bs->col_of[spec_col]) {
    xc_rval o;
    memset(&o, 0, sizeof o);
    o.kind = XC_RV_SKIP;
    return o;
  }
  return to_rval(read_list_uncached(&r->c, list, row, &fs->cols[spec_col], bs->col_of[spec_col]));
}
