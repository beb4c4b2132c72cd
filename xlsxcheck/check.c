/* check.c: the rule evaluator: cells as the rules read them, expressions
 * in exact decimal arithmetic with the blank rules of relations.md §0, the
 * findings with their messages, the rule bodies, and the reader the merge
 * uses.  Built-in checks: checkbuiltin.c; the merge's self-checks:
 * checkmerge.c; the typing-slip hint: checkslip.c; the run of a ruleset
 * over a file: checkrun.c. */
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

#include "checkint.h"

/* ---- reading cells ------------------------------------------------------- */

bool xc_chk_in_scope_d(const ctx *c) { return c->opts->scope == XC_SCOPE_D; }

static void note_ref(ctx *c, int sheet, uint32_t row, uint32_t col, size_t spec) {
  if (c->rs->sheets[sheet].type != XC_SHEET_KEYED) return; /* list cells: too many to track */
  for (size_t i = 0; i < c->nrefs; i++)
    if (c->refs[i].sheet == sheet && c->refs[i].row == row && c->refs[i].col == col) return;
  if (c->nrefs < MAX_REFS) c->refs[c->nrefs++] = (ref_loc){sheet, row, col, spec};
}

static const xc_style *style_of(const ctx *c, const xc_cell *cell) {
  return xc_workbook_style(c->m->wb, cell->style);
}

/* Builds the row index of workbook sheet ws (cells are sorted row-major):
 * row_at[ws][r - first] is the index of row r's first cell, for every row
 * from the first to the last plus one past it.  Left NULL when the rows are
 * too sparse for it to pay (a window of a long list under its head rows). */
static void build_row_index(ctx *c, int ws) {
  const xc_msheet *ms = &c->m->sheets[ws];
  c->row_tried[ws] = true;
  if (!ms->ncells || ms->ncells > UINT32_MAX) return;
  uint32_t first = ms->cells[0].cell.row, last = ms->cells[ms->ncells - 1].cell.row;
  uint64_t span = (uint64_t)last - first + 1;
  if (span > 2 * (uint64_t)ms->ncells + 1024) return;
  uint32_t *at = xc_try_malloc(((size_t)span + 1) * sizeof *at);
  if (!at) return; /* no memory for the index: the binary search (it only saves time) */
  size_t i = 0;
  for (uint64_t r = 0; r <= span; r++) {
    while (i < ms->ncells && ms->cells[i].cell.row < first + r) i++;
    at[r] = (uint32_t)i;
  }
  c->row_at[ws] = at;
  c->row_first[ws] = first;
  c->row_span[ws] = (uint32_t)span;
}

/* The cell (row, col) of workbook sheet ws, or NULL: through the row index
 * when the sheet has one, else a binary search over its cells. */
static const xc_mcell *find_cell(ctx *c, int ws, uint32_t row, uint32_t col) {
  const xc_msheet *ms = &c->m->sheets[ws];
  if (!c->row_tried[ws]) build_row_index(c, ws);
  const uint32_t *at = c->row_at[ws];
  if (!at) return xc_msheet_cell(ms, row, col);
  if (row < c->row_first[ws] || row - c->row_first[ws] >= c->row_span[ws]) return NULL;
  size_t lo = at[row - c->row_first[ws]], hi = at[row - c->row_first[ws] + 1];
  while (lo < hi) { /* the row's cells, sorted by column */
    size_t mid = (lo + hi) / 2;
    if (ms->cells[mid].cell.col < col) lo = mid + 1;
    else hi = mid;
  }
  return lo < at[row - c->row_first[ws] + 1] && ms->cells[lo].cell.col == col ? &ms->cells[lo] : NULL;
}

/* The value of a workbook cell (ws = workbook sheet index) as the rules read it;
 * each cell is read (cleaned, normalised, parsed) once per run. */
void xc_chk_cell_value(ctx *c, int ws, uint32_t row, uint32_t col, xc_value *v) {
  const xc_msheet *ms = ws >= 0 ? &c->m->sheets[ws] : NULL;
  const xc_mcell *mc = ms && row ? find_cell(c, ws, row, col) : NULL;
  if (!mc) {
    xc_value_parse_text("", 0, v);
    return;
  }
  size_t at = (size_t)(mc - ms->cells);
  if (!c->vcache[ws] || !c->vdone[ws]) {
    free(c->vcache[ws]);
    free(c->vdone[ws]);
    c->vcache[ws] = xc_try_calloc(ms->ncells ? ms->ncells : 1, sizeof **c->vcache);
    c->vdone[ws] = xc_try_calloc(ms->ncells ? ms->ncells : 1, sizeof **c->vdone);
    if (!c->vcache[ws] || !c->vdone[ws]) {
      c->nomem = true;
      xc_value_parse_text("", 0, v);
      return;
    }
  }
  if (!c->vdone[ws][at]) {
    xc_value fresh;
    xc_value_from_cell_clean(&mc->cell, style_of(c, &mc->cell), c->m->wb->date1904, &c->scratch, &fresh);
    const char *kept = xc_arena_try_strndup(c->vtexts, fresh.text, fresh.len); /* the scratch buffer is reused */
    if (!kept) { /* the run fails with XC_ERR_NOMEM; nothing half-made is cached */
      c->nomem = true;
      *v = fresh;
      v->text = "";
      v->len = 0;
      return;
    }
    fresh.text = kept;
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
bool xc_chk_code_of(ctx *c, const char *codes, const char *text, size_t len, xc_dec *out) {
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

rv xc_chk_read_keyed(ctx *c, int sheet, const char *key, const char *col, bool as_operand) {
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
    if (as_operand && xc_chk_in_scope_d(c) && (strcmp(sr->level, "so") == 0 || strcmp(sr->level, "khong") == 0))
      r = mk(RV_BLANK);
    else {
      xc_value v;
      xc_chk_cell_value(c, bs->ws, row, colno, &v);
      r = from_value(c, &v);
      if (sr->rkind == XC_RK_TEXT && r.k != RV_BLANK && r.k != RV_SKIP) r = as_text(c, &v);
      if (sr->rkind == XC_RK_DATE && r.k == RV_NUM) r = serial_date(c, &v, r);
      xc_dec code;
      if (r.k == RV_TEXT && sr->rkind == XC_RK_CODE && sr->codes[0] &&
          xc_chk_code_of(c, sr->codes, r.text, r.len, &code))
        r = num(code, 0);
    }
  }
  return located(r, sheet, row, colno);
}

static rv read_list_uncached(ctx *c, int list, uint32_t row, const xc_spec_col *sc, uint32_t colno);

/* A list cell in the current row; code columns read as their canonical value. */
rv xc_chk_read_list(ctx *c, int list, uint32_t row, const char *colname) {
  const xc_form_sheet *fs = &c->rs->sheets[list];
  /* the column by name, remembered by the name's address (the ruleset's) */
  size_t slot = (size_t)((((uintptr_t)colname * 0x9E3779B97F4A7C15ull) >> 58) ^ ((unsigned)list & 63u));
  const xc_spec_col *sc;
  if (c->col_memo[slot].name == colname && c->col_memo[slot].list == list) {
    sc = c->col_memo[slot].col;
  } else {
    sc = xc_form_sheet_col(fs, colname);
    c->col_memo[slot].name = colname;
    c->col_memo[slot].list = list;
    c->col_memo[slot].col = sc;
  }
  const xc_bound *bs = &c->b->sheets[list];
  if (!sc || bs->ws < 0) return mk(RV_SKIP);
  size_t ci = (size_t)(sc - fs->cols);
  uint32_t colno = bs->col_of[ci];
  if (!colno) return mk(RV_SKIP);
  size_t lo = 0, hi = bs->nrows;
  if (c->row_memo_list == list && c->row_memo_row == row) {
    lo = c->row_memo_at; /* the row of the previous read (a row's columns come together) */
  } else {
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if (bs->rows[mid] < row) lo = mid + 1;
      else hi = mid;
    }
    c->row_memo_list = list;
    c->row_memo_row = row;
    c->row_memo_at = lo;
  }
  if (lo >= bs->nrows || bs->rows[lo] != row) return read_list_uncached(c, list, row, sc, colno);
  if (!c->list_cache[list] || !c->list_cached[list]) {
    size_t n = bs->nrows * fs->ncols;
    free(c->list_cache[list]);
    free(c->list_cached[list]);
    c->list_cache[list] = xc_try_calloc(n ? n : 1, sizeof **c->list_cache);
    c->list_cached[list] = xc_try_calloc(n ? n : 1, sizeof **c->list_cached);
    if (!c->list_cache[list] || !c->list_cached[list]) {
      c->nomem = true;
      return read_list_uncached(c, list, row, sc, colno);
    }
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
  xc_chk_cell_value(c, bs->ws, row, colno, &v);
  rv r = from_value(c, &v);
  if (sc->rkind == XC_RK_TEXT && r.k != RV_BLANK && r.k != RV_SKIP) r = as_text(c, &v);
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
int xc_chk_cmp_tol(const rv *a, const rv *b, xc_dec tol) {
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
        xc_chk_cell_value(c, bs->ws, c->refs[i].row, c->refs[i].col, &v);
        if (v.kind == XC_V_NUMBER && v.decimals > k) k = v.decimals;
      }
      return xc_dec_tol_amt(k, (int)(noperands ? noperands : 1));
    }
    default: return xc_dec_tol_ex();
  }
}

/* ---- evaluation ---------------------------------------------------------- */


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
    rv t = xc_chk_eval(c, terms[i]);
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
    rv e = xc_chk_eval(c, set->args[i]);
    if (x->k == RV_NUM && e.k == RV_NUM) hit = xc_chk_cmp_tol(x, &e, xc_dec_tol_ex()) == 0;
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
  rv left = xc_chk_eval(c, n->args[0]);
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
      bool m = rx && xc_rx_match(rx, t, tl, 0, NULL, 0, &c->nomem);
      if (m != (op == XC_OP_MATCH)) {
        note_fail(c, &left, NULL);
        return boolv(false);
      }
      continue;
    }
    rv right = xc_chk_eval(c, n->args[i]);
    if (left.k == RV_SKIP || right.k == RV_SKIP || left.k == RV_BLANK || right.k == RV_BLANK)
      return mk(RV_SKIP);
    bool ok;
    if (left.k == RV_NUM && right.k == RV_NUM) {
      xc_dec tol = rule_tol(c, &left, n->nargs);
      if (op == XC_OP_LT || op == XC_OP_GT || op == XC_OP_NE) tol = xc_dec_tol_ex();
      int s = xc_chk_cmp_tol(&left, &right, tol);
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
    rv x = xc_chk_eval(c, n->args[0]);
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
      rv x = xc_chk_eval(c, n->args[i]);
      if (x.k == RV_SKIP) return x;
      if (x.k != RV_NUM) continue;
      if (best.k == RV_BLANK) best = x;
      else {
        int s = xc_chk_cmp_tol(&x, &best, xc_dec_tol_ex());
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
    xc_chk_cell_value(c, bs->ws, c->list_row, col, &v);
    if (v.kind == XC_V_BLANK)
      return located(mk(v.flags & XC_VF_NO_CACHE ? RV_SKIP : RV_BLANK), c->list, c->list_row, col);
    return located(as_text(c, &v), c->list, c->list_row, col);
  }
  if (strcmp(f, "abs") == 0 && n->nargs == 1) {
    rv x = xc_chk_eval(c, n->args[0]);
    if (x.k == RV_NUM) x.num = xc_dec_abs(x.num);
    return x;
  }
  if (strcmp(f, "left") == 0 && n->nargs == 2) {
    rv t = xc_chk_eval(c, n->args[0]), k = xc_chk_eval(c, n->args[1]);
    rv r = fn_left(c, &t, &k);
    return t.is_ref ? located(r, t.sheet, t.row, t.col) : r;
  }
  if ((strcmp(f, "norm") == 0 || strcmp(f, "key") == 0) && n->nargs == 1) {
    rv t = xc_chk_eval(c, n->args[0]);
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
    rv t = xc_chk_eval(c, n->args[0]), g = xc_chk_eval(c, n->args[2]);
    if (t.k != RV_TEXT || g.k != RV_NUM) return t.k == RV_BLANK ? t : mk(RV_SKIP);
    const xc_pattern *p = xc_ruleset_pattern(c->rs, n->args[1]->text);
    int64_t gi = 0;
    xc_dec_to_int(g.num, &gi);
    long groups[2 * 16];
    if (!p || gi < 0 || gi >= 16 || !xc_rx_match(p->rx, t.text, t.len, 0, groups, 16, &c->nomem))
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
    rv k = xc_chk_eval(c, n->args[1]);
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
    rv t = xc_chk_eval(c, n->args[0]);
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
    rv t = xc_chk_eval(c, n->args[0]);
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

/* Whether a filter reads the list row in scope only (its columns,
 * literals, operators, functions of those): then an aggregate over the
 * list has one value for the whole run. */
static bool row_local(const xc_node *n) {
  if (!n) return true;
  switch (n->kind) {
    case XC_N_REF: case XC_N_LISTCOL: case XC_N_AGG: return false;
    default: break;
  }
  for (size_t i = 0; i < n->nargs; i++)
    if (!row_local(n->args[i])) return false;
  return row_local(n->where);
}

static rv eval_agg_uncached(ctx *c, const xc_node *n);

static rv eval_agg(ctx *c, const xc_node *n) {
  if (n->from || !row_local(n->where)) return eval_agg_uncached(c, n);
  size_t slot = (size_t)((((uintptr_t)n >> 4) ^ ((uintptr_t)c->rule >> 4) * 7u) % 128u);
  if (c->agg_memo[slot].node == n && c->agg_memo[slot].rule == c->rule) return c->agg_memo[slot].value;
  rv v = eval_agg_uncached(c, n);
  c->agg_memo[slot].node = n;
  c->agg_memo[slot].rule = c->rule;
  c->agg_memo[slot].value = v;
  return v;
}

static rv eval_agg_uncached(ctx *c, const xc_node *n) {
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
      if (fs->rows[r].rkind == XC_RK_HEADER) continue;
      c->krange_sheet = n->sheet;
      c->krange_spec = r;
      if (n->where) {
        rv w = xc_chk_eval(c, n->where);
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
      rv w = xc_chk_eval(c, n->where);
      c->have_fail = saved_fail, c->fail_no_rhs = saved_norhs;
      c->fail_l = saved_l, c->fail_r = saved_r;
      if (!truthy(&w)) continue;
    }
    if (count) {
      hits++;
      continue;
    }
    rv v = xc_chk_read_list(c, n->sheet, bs->rows[i], n->col);
    if (distinct) {
      size_t tl;
      const char *t = text_of(c, &v, &tl);
      if (!tl) continue;
      bool dup = false;
      for (size_t k = 0; k < nseen && !dup; k++) dup = strcmp(seen[k], t) == 0;
      if (!dup) {
        char **more = xc_try_realloc(seen, (nseen + 1) * sizeof *seen);
        if (!more) {
          c->nomem = true;
          break;
        }
        seen = more;
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
  if (strcmp(name, "value") == 0) return xc_chk_read_keyed(c, c->krange_sheet, key, NULL, true);
  bool declared = false;
  for (size_t i = 0; i < fs->nvcols; i++) declared |= strcmp(fs->vcol_names[i], name) == 0;
  if (declared) return xc_chk_read_keyed(c, c->krange_sheet, key, name, true);
  if (strcmp(name, "note") == 0) {
    const xc_bound *bs = &c->b->sheets[c->krange_sheet];
    uint32_t row = bs->key_row[c->krange_spec];
    if (!row || bs->ws < 0) return mk(RV_SKIP);
    xc_value v;
    xc_chk_cell_value(c, bs->ws, row, 5, &v);
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

rv xc_chk_eval(ctx *c, const xc_node *n) {
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
    case XC_N_REF: return xc_chk_read_keyed(c, n->sheet, n->text, n->col, true);
    case XC_N_COL:
      if (c->list >= 0) return xc_chk_read_list(c, c->list, c->list_row, n->text);
      if (c->krange_sheet >= 0) return read_krange(c, n->text);
      return mk(RV_SKIP);
    case XC_N_NEG: {
      rv x = xc_chk_eval(c, n->args[0]);
      if (x.k == RV_NUM) x.num = xc_dec_neg(x.num), x.is_ref = false;
      return x;
    }
    case XC_N_ARITH: {
      if (n->op == '+' || n->op == '-') return eval_sum(c, n);
      rv a = xc_chk_eval(c, n->args[0]), b = xc_chk_eval(c, n->args[1]);
      if (a.k == RV_SKIP || b.k == RV_SKIP) return mk(RV_SKIP);
      if (n->op == '/' && (a.k == RV_BLANK || b.k == RV_BLANK)) return mk(RV_SKIP);
      if (a.k == RV_BLANK || b.k == RV_BLANK) return mk(RV_BLANK);
      if (a.k != RV_NUM || b.k != RV_NUM) return mk(RV_SKIP);
      return arith(&a, n->op, &b);
    }
    case XC_N_CMP: return eval_cmp(c, n);
    case XC_N_NOT: {
      rv x = xc_chk_eval(c, n->args[0]);
      if (x.k == RV_BOOL && x.b && n->args[0]->kind == XC_N_CMP && n->args[0]->nargs) {
        /* not (X in {…}) fails at X: the finding names its cell and value */
        rv l = xc_chk_eval(c, n->args[0]->args[0]);
        note_fail(c, &l, NULL);
      }
      return x.k == RV_BOOL ? boolv(!x.b) : x;
    }
    case XC_N_AND: {
      rv a = xc_chk_eval(c, n->args[0]);
      if (a.k == RV_BOOL && !a.b) return a;
      rv b = xc_chk_eval(c, n->args[1]);
      if (b.k == RV_BOOL && !b.b) return b;
      if (a.k != RV_BOOL || b.k != RV_BOOL) return mk(RV_SKIP);
      return boolv(true);
    }
    case XC_N_OR: {
      rv a = xc_chk_eval(c, n->args[0]);
      if (truthy(&a)) return a;
      bool saved = c->have_fail;
      rv b = xc_chk_eval(c, n->args[1]);
      if (truthy(&b)) {
        c->have_fail = saved;
        return b;
      }
      if (a.k != RV_BOOL || b.k != RV_BOOL) return mk(RV_SKIP);
      return boolv(false);
    }
    case XC_N_IMPLIES: {
      bool saved = c->have_fail;
      rv cond = xc_chk_eval(c, n->args[0]);
      c->have_fail = saved;
      if (!truthy(&cond)) return cond.k == RV_SKIP ? cond : boolv(true);
      return xc_chk_eval(c, n->args[1]);
    }
    case XC_N_CALL: return eval_call(c, n);
    case XC_N_AGG: return eval_agg(c, n);
    default: return mk(RV_SKIP);
  }
}

/* ---- findings ------------------------------------------------------------ */

void xc_chk_describe(ctx *c, const rv *v, xc_buf *b, int decimals) {
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
void xc_chk_emit(ctx *c, int sheet, uint32_t row, uint32_t col, const char *key,
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

/* true when an expression computes (a sum, a ratio, an aggregate): its
 * failure may be a typing slip. */
bool xc_chk_has_arith(const xc_node *n) {
  if (!n) return false;
  if (n->kind == XC_N_ARITH || n->kind == XC_N_AGG) return true;
  for (size_t i = 0; i < n->nargs; i++)
    if (xc_chk_has_arith(n->args[i])) return true;
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

void xc_chk_run_expr(ctx *c) {
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
  rv v = xc_chk_eval(c, expr);
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
  xc_chk_describe(c, &fl, &a, -1);
  if (!c->fail_no_rhs) xc_chk_describe(c, &fr, &e, fl.decimals >= 0 ? (fl.decimals > 2 ? fl.decimals : 2) : 2);
  if (expr->kind == XC_N_CMP && xc_chk_has_arith(expr) && c->slip_hint) c->slip_hint(c, refs, nrefs, &slip);
  xc_chk_emit(c, at.sheet, at.row, at.col, at.sheet >= 0 ? key_of_ref(c, &at) : "", xc_buf_str(&a),
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
    rv w = xc_chk_eval(c, c->rule->where);
    if (!truthy(&w)) return;
    c->have_fail = false;
    c->fail_no_rhs = false;
    c->fail_l = c->fail_r = mk(RV_BLANK);
  }
  rv v = xc_chk_eval(c, c->rule->expr);
  if (!(v.k == RV_BOOL && !v.b)) return;
  xc_buf x, e;
  xc_buf_init(&x, 0);
  xc_buf_init(&e, 0);
  xc_chk_describe(c, &c->fail_l, &x, -1);
  if (!c->fail_no_rhs && c->fail_r.k != RV_BLANK) xc_chk_describe(c, &c->fail_r, &e, 2);
  uint32_t col = c->fail_l.is_ref ? c->fail_l.col : default_col;
  xc_chk_emit(c, sheet, row, col, key, xc_buf_str(&x), xc_buf_str(&e), NULL, NULL, NULL);
  xc_buf_free(&x);
  xc_buf_free(&e);
}

void xc_chk_run_each(ctx *c) {
  if (c->rule->from) { /* each SHEET!A..B: keyed rows */
    const xc_form_sheet *fs = &c->rs->sheets[c->rule->list];
    const xc_bound *bs = &c->b->sheets[c->rule->list];
    size_t a, b;
    if (bs->ws < 0 || !krange_bounds(fs, c->rule->from, c->rule->to, &a, &b)) return;
    for (size_t r = a; r <= b; r++) {
      if (fs->rows[r].rkind == XC_RK_HEADER || !bs->key_row[r]) continue;
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

/* FNV-1a of a row's key, for the table of xc_chk_run_unique */
static uint64_t key_hash(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 1099511628211ull;
  }
  return h;
}

void xc_chk_run_unique(ctx *c) {
  const xc_bound *bs = &c->b->sheets[c->rule->list];
  if (bs->ws < 0) return;
  /* each row's key (the match keys of its columns, joined), and a table of
   * the first row with each key: the earliest earlier row with the same key
   * is the one a duplicate names */
  size_t cap = 16;
  while (cap < 2 * bs->nrows) cap *= 2;
  size_t *first_of = xc_try_calloc(cap, sizeof *first_of); /* row index + 1; 0: free */
  char **keys = xc_try_calloc(bs->nrows ? bs->nrows : 1, sizeof *keys);
  uint64_t *hashes = xc_try_calloc(bs->nrows ? bs->nrows : 1, sizeof *hashes);
  xc_buf k;
  xc_buf_init(&k, 0);
  if (!first_of || !keys || !hashes) c->nomem = true;
  for (size_t i = 0; i < bs->nrows && !c->nomem; i++) {
    c->list = c->rule->list;
    c->list_row = bs->rows[i];
    xc_buf_clear(&k);
    bool blank = true;
    for (size_t a = 0; a < c->rule->expr->nargs; a++) {
      rv v = xc_chk_eval(c, c->rule->expr->args[a]);
      size_t tl;
      const char *t = text_of(c, &v, &tl);
      const char *kk = KEY(c, t, tl); /* the match key, through the memo */
      size_t kl = strlen(kk);
      if (kl) blank = false;
      xc_buf_add(&k, kk, kl);
      xc_buf_addc(&k, '\x1f');
    }
    if (k.nomem) c->nomem = true;
    if (blank || c->nomem) continue;
    if (!(keys[i] = xc_try_malloc(k.len + 1))) {
      c->nomem = true;
      continue;
    }
    memcpy(keys[i], xc_buf_str(&k), k.len + 1);
    hashes[i] = key_hash(keys[i], k.len);
    size_t j = (size_t)(hashes[i] & (cap - 1));
    while (first_of[j] && (hashes[first_of[j] - 1] != hashes[i] || strcmp(keys[first_of[j] - 1], keys[i]) != 0))
      j = (j + 1) & (cap - 1);
    if (!first_of[j]) {
      first_of[j] = i + 1;
      continue;
    }
    char key[24], first[48];
    snprintf(key, sizeof key, "#%zu", i + 1);
    snprintf(first, sizeof first, "#%zu", first_of[j]);
    xc_chk_emit(c, c->rule->list, bs->rows[i], 1, key, key, first, NULL, NULL, NULL);
  }
  xc_buf_free(&k);
  for (size_t i = 0; keys && i < bs->nrows; i++) free(keys[i]);
  free(keys);
  free(hashes);
  free(first_of);
  c->list = -1;
}

void xc_chk_run_sequence(ctx *c) {
  const xc_bound *bs = &c->b->sheets[c->rule->list];
  if (bs->ws < 0) return;
  for (size_t i = 0; i < bs->nrows; i++) {
    rv v = xc_chk_read_list(c, c->rule->list, bs->rows[i], c->rule->column);
    rv want = num(xc_dec_from_int((int64_t)i + 1), 0);
    if (v.k == RV_NUM && xc_chk_cmp_tol(&v, &want, xc_dec_tol_ex()) == 0) continue;
    xc_buf a, e;
    xc_buf_init(&a, 0);
    xc_buf_init(&e, 0);
    xc_chk_describe(c, &v, &a, -1);
    xc_chk_describe(c, &want, &e, 0);
    char key[24];
    snprintf(key, sizeof key, "#%zu", i + 1);
    xc_chk_emit(c, c->rule->list, bs->rows[i], v.is_ref ? v.col : 1, key, xc_buf_str(&a), xc_buf_str(&e),
         NULL, NULL, NULL);
    xc_buf_free(&a);
    xc_buf_free(&e);
    break; /* the numbering is off from here on: one finding says it */
  }
}


bool xc_chk_ctx_init(ctx *c, const xc_ruleset *rs, const xc_model *m, const xc_binding *b,
                     const xc_check_opts *opts, xc_diags *out) {
  memset(c, 0, sizeof *c);
  c->rs = rs;
  c->m = m;
  c->b = b;
  c->opts = opts;
  c->out = out;
  c->list = -1;
  c->krange_sheet = -1;
  c->row_memo_list = -1;
  xc_arena_init(&c->arena);
  c->vtexts = &c->arena;
  xc_buf_init(&c->scratch, 0);
  c->def_rhs = xc_try_calloc(rs->nrules ? rs->nrules : 1, sizeof *c->def_rhs);
  c->def_done = xc_try_calloc(rs->nrules ? rs->nrules : 1, sizeof *c->def_done);
  c->vcache = xc_try_calloc(m->nsheets ? m->nsheets : 1, sizeof *c->vcache);
  c->vdone = xc_try_calloc(m->nsheets ? m->nsheets : 1, sizeof *c->vdone);
  c->row_at = xc_try_calloc(m->nsheets ? m->nsheets : 1, sizeof *c->row_at);
  c->row_first = xc_try_calloc(m->nsheets ? m->nsheets : 1, sizeof *c->row_first);
  c->row_span = xc_try_calloc(m->nsheets ? m->nsheets : 1, sizeof *c->row_span);
  c->row_tried = xc_try_calloc(m->nsheets ? m->nsheets : 1, sizeof *c->row_tried);
  c->list_cache = xc_try_calloc(rs->nsheets ? rs->nsheets : 1, sizeof *c->list_cache);
  c->list_cached = xc_try_calloc(rs->nsheets ? rs->nsheets : 1, sizeof *c->list_cached);
  c->rule_refs = xc_try_calloc(rs->nrules ? rs->nrules : 1, sizeof *c->rule_refs);
  c->rule_nrefs = xc_try_calloc(rs->nrules ? rs->nrules : 1, sizeof *c->rule_nrefs);
  if (!c->def_rhs || !c->def_done || !c->vcache || !c->vdone || !c->row_at || !c->row_first || !c->row_span ||
      !c->row_tried || !c->list_cache || !c->list_cached || !c->rule_refs || !c->rule_nrefs)
    c->nomem = true;
  return !c->nomem;
}

/* The cell-value tables c owns (parsed values, row index), per sheet. */
static void free_value_tables(ctx *c) {
  for (size_t i = 0; i < c->m->nsheets; i++) {
    if (c->vcache) free(c->vcache[i]);
    if (c->vdone) free(c->vdone[i]);
    if (c->row_at) free(c->row_at[i]);
  }
  free(c->vcache);
  free(c->vdone);
  free(c->row_at);
  free(c->row_first);
  free(c->row_span);
  free(c->row_tried);
}

void xc_chk_ctx_free(ctx *c) {
  for (size_t i = 0; i < c->rs->nsheets; i++) {
    if (c->list_cache) free(c->list_cache[i]);
    if (c->list_cached) free(c->list_cached[i]);
  }
  free(c->list_cache);
  free(c->list_cached);
  if (!c->borrowed) free_value_tables(c);
  free(c->def_rhs);
  free(c->def_done);
  for (size_t i = 0; c->rule_refs && i < c->rs->nrules; i++) free(c->rule_refs[i]);
  free(c->rule_refs);
  free(c->rule_nrefs);
  xc_buf_free(&c->scratch);
  xc_arena_free(&c->arena);
}

/* ---- the reader: cells as the rules read them ---------------------------- */

struct xc_reader {
  ctx c;
  xc_diags none; /* the reader emits nothing; ctx wants a list */
};

xc_reader *xc_reader_new(const xc_ruleset *rs, const xc_model *m, const xc_binding *b,
                         const xc_check_opts *opts) {
  xc_reader *r = xc_try_calloc(1, sizeof *r);
  if (!r) return NULL;
  xc_diags_init(&r->none);
  if (!xc_chk_ctx_init(&r->c, rs, m, b, opts, &r->none)) {
    xc_reader_free(r);
    return NULL;
  }
  return r;
}

bool xc_reader_nomem(const xc_reader *r) { return run_nomem(&r->c); }

/* c reads its cell values through rd's tables (same model): what one
 * parsed, the other finds. */
void xc_chk_share_values(ctx *c, xc_reader *rd) {
  ctx *o = &rd->c;
  if (o->m != c->m || c->borrowed || !c->vcache || !c->vdone || !c->row_at) return;
  free_value_tables(c);
  c->vcache = o->vcache;
  c->vdone = o->vdone;
  c->row_at = o->row_at;
  c->row_first = o->row_first;
  c->row_span = o->row_span;
  c->row_tried = o->row_tried;
  c->vtexts = &o->arena;
  c->borrowed = true;
}

void xc_reader_free(xc_reader *r) {
  if (!r) return;
  xc_chk_ctx_free(&r->c);
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
