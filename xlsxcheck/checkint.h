/* checkint.h: what the parts of the evaluator share (private to check.c,
 * checkslip.c, checkbuiltin.c and checkmerge.c): a value as the rules read
 * it (rv), the cells an evaluation read (ref_loc), the state of one check
 * run (ctx), and the functions the parts call across files.  Not for front
 * ends: check.h is the evaluator's interface. */
#ifndef XC_CHECKINT_H
#define XC_CHECKINT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "check.h"
#include "textkey.h"
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

typedef struct ctx ctx;
struct ctx {
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
  /* workbook cells as values, computed once: [workbook sheet][cell index];
   * their texts in *vtexts (this run's arena, or the reader's it shares
   * them with: borrowed, and then the reader frees them) */
  xc_value **vcache;
  bool **vdone;
  xc_arena *vtexts;
  bool borrowed;
  /* list cells as the rules read them, computed once: [sheet][row * ncols + col] */
  rv **list_cache;
  bool **list_cached;
  /* where each row's cells start, per workbook sheet: [ws][row - first row],
   * built on first use (NULL: the sheet's rows are too sparse, binary search) */
  uint32_t **row_at;
  uint32_t *row_first, *row_span;
  bool *row_tried;
  /* the list columns named so far, by the name's address (every caller
   * passes a name the ruleset owns), and the last list row looked up */
  struct {
    const char *name;
    int list;
    const xc_spec_col *col;
  } col_memo[64];
  /* list aggregates whose filter reads nothing but the list's own row,
   * computed once per rule (their tolerances are the rule's) */
  struct {
    const xc_node *node;
    const xc_rule *rule;
    rv value;
  } agg_memo[128];
  int row_memo_list;
  uint32_t row_memo_row;
  size_t row_memo_at;
  /* `check levels`: the level it is about, and whether its rows must be filled */
  const char *level;
  bool want_filled;
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
  /* memory ran out: values read since may be wrong, the run's findings are
   * incomplete, and the run answers XC_ERR_NOMEM (sticky, like xc_buf's) */
  bool nomem;
  /* the parts above evaluation, set by the driver (checkrun.c); NULL in
   * the merge's reader, which runs no rule */
  void (*run_builtin)(ctx *c);
  void (*slip_hint)(ctx *c, const ref_loc *refs, size_t nrefs, xc_buf *out);
};

#define BLANK_WORD(c) ((c)->opts->lang == XC_LANG_EN ? "(blank)" : "(trống)")

/* the match key of s[0..n) through the binding's memo */
#define KEY(c, s, n) xc_keycache_get((c)->b->keys, (s), (n), false)

static inline rv mk(rv_kind k) {
  rv v;
  memset(&v, 0, sizeof v);
  v.k = k;
  v.den = xc_dec_from_int(1);
  v.decimals = -1;
  v.sheet = -1;
  v.text = "";
  return v;
}

static inline rv num(xc_dec d, int decimals) {
  rv v = mk(RV_NUM);
  v.num = d;
  v.decimals = decimals;
  return v;
}

/* s[0..n) copied into the run's arena; "" (and c->nomem) when memory runs out */
static inline const char *keep(ctx *c, const char *s, size_t n) {
  const char *copy = xc_arena_try_strndup(&c->arena, s, n);
  if (copy) return copy;
  c->nomem = true;
  return "";
}
/* true when memory ran out anywhere in the run (the context, its findings,
 * its scratch text, the binding's match keys) */
static inline bool run_nomem(const ctx *c) {
  return c->nomem || c->scratch.nomem || c->out->nomem || xc_keycache_nomem(c->b->keys);
}

/* ---- across the parts ------------------------------------------------------ */

/* check.c: reading cells, evaluating, reporting */
void xc_chk_merge_agg(ctx *c);
void xc_chk_merge_distinct(ctx *c);
void xc_chk_cell_value(ctx *c, int ws, uint32_t row, uint32_t col, xc_value *v);
int xc_chk_cmp_tol(const rv *a, const rv *b, xc_dec tol);
bool xc_chk_code_of(ctx *c, const char *codes, const char *text, size_t len, xc_dec *out);
void xc_chk_describe(ctx *c, const rv *v, xc_buf *b, int decimals);
void xc_chk_emit(ctx *c, int sheet, uint32_t row, uint32_t col, const char *key,
                 const char *actual, const char *expected, const char *extra_vi,
                 const char *extra_en, const char *hint_extra);
rv xc_chk_eval(ctx *c, const xc_node *n);
bool xc_chk_has_arith(const xc_node *n);
bool xc_chk_in_scope_d(const ctx *c);
rv xc_chk_read_keyed(ctx *c, int sheet, const char *key, const char *col, bool as_operand);
rv xc_chk_read_list(ctx *c, int list, uint32_t row, const char *colname);
void xc_chk_builtin(ctx *c);
void xc_chk_share_values(ctx *c, struct xc_reader *rd);
/* false (c->nomem) when memory runs out; xc_chk_ctx_free is called either way */
bool xc_chk_ctx_init(ctx *c, const xc_ruleset *rs, const xc_model *m, const xc_binding *b,
                     const xc_check_opts *opts, xc_diags *out);
void xc_chk_ctx_free(ctx *c);
/* the rule bodies (check.c) */
void xc_chk_run_expr(ctx *c);
void xc_chk_run_each(ctx *c);
void xc_chk_run_unique(ctx *c);
void xc_chk_run_sequence(ctx *c);
void xc_chk_slip_hint(ctx *c, const ref_loc *refs, size_t nrefs, xc_buf *out);

#endif
