/* provcheck.c: the scope-P check of the province workbook, read back in one
 * streaming pass and checked in windows of list rows (see provcheck.h). */
#include "provcheck.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "bind.h"
#include "cellref.h"
#include "check.h"
#include "model.h"
#include "msg.h"
#include "sheet.h"
#include "workbook.h"

#define DEFAULT_WINDOW 16384u
/* the rows where a list's titles and header are (bind.c looks for the
 * header in a list's first 30 rows) */
#define HEAD_ROWS 30u

/* Cells collected from the stream; their text lives in an arena. */
typedef struct {
  xc_mcell *cells;
  size_t n, cap;
  uint32_t min_row, max_row; /* of the cells below HEAD_ROWS */
  size_t nrows;              /* rows below HEAD_ROWS (cells come row by row) */
} cellvec;

static void vec_add(cellvec *v, xc_arena *a, const xc_cell *c) {
  if (v->n == v->cap) {
    v->cap = v->cap ? v->cap * 2 : 256;
    v->cells = xc_realloc(v->cells, v->cap * sizeof *v->cells);
  }
  xc_mcell *mc = &v->cells[v->n++];
  mc->cell = *c;
  if (c->dec) mc->dec = *c->dec;
  mc->cell.dec = NULL; /* the model points it at its own copy of dec */
  mc->cell.ref = NULL;
  if (c->sst >= 0) /* shared strings live as long as the workbook */
    mc->cell.text = c->text;
  else
    mc->cell.text = c->text ? xc_arena_strndup(a, c->text, c->len) : "";
  if (c->row > HEAD_ROWS) {
    if (c->row != v->max_row) v->nrows++;
    if (!v->min_row || c->row < v->min_row) v->min_row = c->row;
    if (c->row > v->max_row) v->max_row = c->row;
  }
}

/* Appends src's cells to dst, their text copied into a (src's arena may go). */
static void vec_copy(cellvec *dst, xc_arena *a, const cellvec *src) {
  for (size_t i = 0; i < src->n; i++) {
    if (dst->n == dst->cap) {
      dst->cap = dst->cap ? dst->cap * 2 : 256;
      dst->cells = xc_realloc(dst->cells, dst->cap * sizeof *dst->cells);
    }
    xc_mcell *mc = &dst->cells[dst->n++];
    *mc = src->cells[i];
    if (mc->cell.sst < 0) mc->cell.text = xc_arena_strndup(a, mc->cell.text, mc->cell.len);
  }
}

static void vec_clear(cellvec *v) {
  v->n = 0;
  v->min_row = v->max_row = 0;
  v->nrows = 0;
}

/* A workbook sheet: a keyed (or other) sheet, or part k of list `list`. */
typedef struct {
  int list;   /* ruleset sheet of the list, or -1 */
  size_t part; /* 1: the list's own sheet; 2…: "<list> (k)" */
} sheet_role;

/* One window to check: its model (built by the streaming thread), the
 * texts its cells point to, and what to keep of its findings. */
typedef struct win_job {
  xc_model *m;
  xc_arena texts;    /* the window's own texts (its cells point into them) */
  const char *list;  /* the list's form name: findings on that sheet are kept */
  xc_buf part;       /* the sheet the findings are said of ("Danh mục TTHC (2)") */
  uint32_t lo, hi;   /* the rows whose findings are kept */
  bool first;        /* the part's first window: its head rows too, keys as counted */
  size_t rows_before; /* data rows of the part in earlier windows (keys "#N") */
  xc_diags kept;
  bool done;
  struct win_job *next;
} win_job;

/* The windows are checked by one worker thread while the stream reads on
 * (the reading is itself spread over the split reader's threads); their
 * findings are added in window order at the end, so the log is the same
 * as checking them one after the other. */
#define MAX_PENDING 1 /* windows built and waiting: each holds a model */

typedef struct {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  pthread_t th;
  bool running, closing;
  win_job *jobs, *last; /* every window, in order */
  win_job *next;        /* the next one to check */
  size_t pending;       /* built and not yet checked */
} checker;

typedef struct {
  const xc_merge *mg;
  const char *name;
  xc_lang lang;
  checker chk;
  xc_workbook *wb;
  size_t window;
  xc_diags *out;
  /* the fixed sheets (keyed and others), cells and merges, for every model */
  cellvec *fixed;
  xc_sheet_meta *fixed_meta;
  bool *is_fixed;
  xc_arena fixed_arena;
  /* the list being streamed */
  int list;
  size_t part, ws;
  cellvec head;      /* rows 1..HEAD_ROWS of the current part */
  xc_sheet_meta head_meta;
  cellvec win;       /* the current window's rows */
  xc_arena win_arena;
  size_t nwin;       /* windows checked of the current part */
  size_t rows_before; /* the part's data rows below HEAD_ROWS in earlier windows */
  bool head_in_main; /* the part is the list's own sheet: its head goes to the main model */
  cellvec main_list; /* part 1's head + first window, per list (for the main model) */
  cellvec *main_lists;
  xc_sheet_meta *main_meta;
} pc_ctx;

/* A scope-P rule that looks at a list as a whole (an aggregate, unique,
 * sequence, or a built-in comparing rows) cannot be checked window by
 * window. */
static bool node_aggregates_list(const xc_ruleset *rs, const xc_node *n) {
  if (!n) return false;
  if ((n->kind == XC_N_AGG || n->kind == XC_N_LISTCOL) && n->sheet >= 0 && (size_t)n->sheet < rs->nsheets &&
      rs->sheets[n->sheet].type == XC_SHEET_LIST)
    return true;
  for (size_t i = 0; i < n->nargs; i++)
    if (node_aggregates_list(rs, n->args[i])) return true;
  return node_aggregates_list(rs, n->where);
}

static bool whole_list_rules(const xc_ruleset *rs) {
  static const char *const row_local[] = {"sheets", "extra-sheets", "keys", "unknown-keys", "numeric-keys",
                                          "label-fallback", "list-headers", "required-cells", "kinds",
                                          "codes", "decimal-dot", "levels", "header-blank", "derivable-blank",
                                          "unverifiable-total", "ratio-hundred", "ratio-zero", "doc-date-window",
                                          "target-threshold", "merge-agg", "merge-distinct", "unit", "province",
                                          "fractions", "fraction-parts", NULL};
  for (size_t i = 0; i < rs->nrules; i++) {
    const xc_rule *r = &rs->rules[i];
    if (!(r->scopes & XC_SCOPE_P)) continue;
    if (r->body == XC_BODY_UNIQUE || r->body == XC_BODY_SEQUENCE) return true;
    if (r->body == XC_BODY_CHECK) {
      bool known = false;
      for (size_t k = 0; row_local[k] && !known; k++) known = strcmp(r->check, row_local[k]) == 0;
      if (!known) return true;
    }
    if (node_aggregates_list(rs, r->expr) || node_aggregates_list(rs, r->where)) return true;
  }
  return false;
}

/* The model of the fixed sheets, in workbook order, plus the list at
 * workbook index ws under its form name (a continuation sheet is checked
 * as the list itself), with cells a then b. */
static xc_model *build_model(pc_ctx *c, size_t ws, const char *list_name, const cellvec *a, const cellvec *b,
                             const xc_sheet_meta *meta) {
  xc_workbook *wb = c->wb;
  size_t n = 0;
  for (size_t i = 0; i < wb->nsheets; i++) n += c->is_fixed[i] || i == ws;
  xc_model *m = xc_model_new(wb, n);
  size_t k = 0;
  for (size_t i = 0; i < wb->nsheets; i++) {
    if (c->is_fixed[i]) {
      xc_model_put_sheet(m, k++, wb->sheets[i].name, wb->sheets[i].visibility, wb->sheets[i].kind,
                         c->fixed[i].cells, c->fixed[i].n, c->fixed_meta[i].merges, c->fixed_meta[i].nmerges);
    } else if (i == ws) {
      size_t nc = a->n + (b ? b->n : 0);
      xc_mcell *all = xc_malloc((nc ? nc : 1) * sizeof *all);
      if (a->n) memcpy(all, a->cells, a->n * sizeof *all);
      if (b && b->n) memcpy(all + a->n, b->cells, b->n * sizeof *all);
      xc_model_put_sheet(m, k++, list_name, wb->sheets[i].visibility, wb->sheets[i].kind, all, nc,
                         meta ? meta->merges : NULL, meta ? meta->nmerges : 0);
      free(all);
    }
  }
  return m;
}

static void run_check(const pc_ctx *c, const xc_model *m, xc_diags *into) {
  const xc_merge *mg = c->mg;
  xc_binding *b = xc_bind(mg->rs, m);
  xc_buf unit;
  xc_buf_init(&unit, 0);
  xc_buf_printf(&unit, "Tỉnh %s", mg->province);
  xc_check_opts co;
  memset(&co, 0, sizeof co);
  co.file = c->name;
  co.unit = xc_buf_str(&unit);
  co.scope = XC_SCOPE_P;
  co.units = mg->units;
  co.lang = c->lang;
  co.merge = &mg->view;
  xc_check_run(mg->rs, m, b, &co, into);
  xc_buf_free(&unit);
  xc_binding_free(b);
}

/* Checks one window and keeps the findings on its own rows; frees its
 * model and texts. */
static void run_job(const pc_ctx *c, win_job *j) {
  xc_diags found;
  xc_diags_init(&found);
  run_check(c, j->m, &found);
  for (size_t i = 0; i < found.n; i++) {
    xc_diag d = found.items[i];
    if (strcmp(d.sheet, j->list) != 0) continue;
    uint32_t row = 0, col = 0;
    bool placed = d.cell[0] && xc_cellref_parse(d.cell, strlen(d.cell), &row, &col);
    if (placed ? row < j->lo || row > j->hi : !j->first) continue;
    d.sheet = xc_buf_str(&j->part);
    /* a list row's key "#N" counts the part's data rows: add those of the
     * earlier windows (this window's model has only the head before it) */
    char key[32];
    if (!j->first && d.key[0] == '#') {
      char *end;
      unsigned long long k = strtoull(d.key + 1, &end, 10);
      if (!*end) {
        snprintf(key, sizeof key, "#%llu", k + (unsigned long long)j->rows_before);
        d.key = key;
      }
    }
    xc_diags_add(&j->kept, &d);
  }
  xc_diags_free(&found);
  xc_model_free(j->m);
  j->m = NULL;
  xc_arena_free(&j->texts);
}

static void *checker_main(void *arg) {
  pc_ctx *c = arg;
  checker *k = &c->chk;
  pthread_mutex_lock(&k->mu);
  for (;;) {
    while (!k->next && !k->closing) pthread_cond_wait(&k->cv, &k->mu);
    win_job *j = k->next;
    if (!j) break; /* closing, and every window checked */
    k->next = j->next;
    pthread_mutex_unlock(&k->mu);
    run_job(c, j);
    pthread_mutex_lock(&k->mu);
    j->done = true;
    k->pending--;
    pthread_cond_broadcast(&k->cv);
  }
  pthread_mutex_unlock(&k->mu);
  return NULL;
}

/* Hands a window to the worker (started on first use), waiting while
 * MAX_PENDING are waiting; without a thread, checks it here. */
static void submit_job(pc_ctx *c, win_job *j) {
  checker *k = &c->chk;
  if (!k->running && !k->closing) {
    if (pthread_create(&k->th, NULL, checker_main, c) == 0) k->running = true;
    else k->closing = true; /* no thread: every window checked here */
  }
  pthread_mutex_lock(&k->mu);
  if (k->last) k->last->next = j;
  else k->jobs = j;
  k->last = j;
  if (!k->running) {
    pthread_mutex_unlock(&k->mu);
    run_job(c, j);
    j->done = true;
    return;
  }
  if (!k->next) k->next = j;
  k->pending++;
  pthread_cond_broadcast(&k->cv);
  while (k->pending > MAX_PENDING) pthread_cond_wait(&k->cv, &k->mu);
  pthread_mutex_unlock(&k->mu);
}

/* Waits for every window, then adds their findings to out in window order
 * and frees them. */
static void finish_jobs(pc_ctx *c, xc_diags *out) {
  checker *k = &c->chk;
  pthread_mutex_lock(&k->mu);
  k->closing = true;
  pthread_cond_broadcast(&k->cv);
  pthread_mutex_unlock(&k->mu);
  if (k->running) pthread_join(k->th, NULL);
  k->running = false;
  for (win_job *j = k->jobs, *nx; j; j = nx) {
    nx = j->next;
    for (size_t i = 0; out && i < j->kept.n; i++) xc_diags_add(out, &j->kept.items[i]);
    xc_diags_free(&j->kept);
    xc_buf_free(&j->part);
    if (j->m) xc_model_free(j->m);
    xc_arena_free(&j->texts);
    free(j);
  }
  k->jobs = k->last = k->next = NULL;
}

/* Checks the window in c->win (with the part's head when it is the part's
 * first window), keeping the findings on its own rows: builds its model
 * here and hands it to the worker. */
static void check_window(pc_ctx *c) {
  if (!c->win.n && (c->nwin > 0 || c->head_in_main)) return; /* nothing past the head */
  const xc_form_sheet *fs = &c->mg->rs->sheets[c->list];
  win_job *j = xc_calloc(1, sizeof *j);
  /* the first window of a continuation sheet owns its head rows too (the
   * head of the list's own sheet is in the main model) */
  j->first = c->nwin == 0 && !c->head_in_main;
  j->m = build_model(c, c->ws, fs->name, &c->head, &c->win, &c->head_meta);
  j->texts = c->win_arena; /* the window's cells point into it: it goes with them */
  xc_arena_init(&c->win_arena);
  j->list = fs->name;
  xc_buf_init(&j->part, 0);
  xc_fw_part_name(fs->name, c->part, &j->part);
  j->lo = j->first ? 1 : c->win.min_row;
  j->hi = c->win.max_row ? c->win.max_row : HEAD_ROWS;
  j->rows_before = c->rows_before;
  xc_diags_init(&j->kept);
  submit_job(c, j);
  c->nwin++;
  c->rows_before += c->win.nrows;
  vec_clear(&c->win);
}

static xc_err on_fixed(void *ctx, const xc_cell *cell) {
  pc_ctx *c = ctx;
  vec_add(&c->fixed[c->ws], &c->fixed_arena, cell);
  return XC_OK;
}

static xc_err on_list(void *ctx, const xc_cell *cell) {
  pc_ctx *c = ctx;
  if (cell->row <= HEAD_ROWS) {
    vec_add(&c->head, &c->fixed_arena, cell);
    return XC_OK;
  }
  /* a new row past the window's end: check the window first */
  if (c->win.n && cell->row != c->win.max_row && cell->row - c->win.min_row >= c->window) check_window(c);
  vec_add(&c->win, &c->win_arena, cell);
  return XC_OK;
}

/* The role of each workbook sheet: a list's part, or fixed. */
static sheet_role role_of(const xc_merge *mg, const char *name, xc_buf *tmp) {
  sheet_role r = {-1, 0};
  for (size_t s = 0; s < mg->rs->nsheets; s++) {
    const xc_form_sheet *fs = &mg->rs->sheets[s];
    if (fs->type != XC_SHEET_LIST) continue;
    size_t len = strlen(fs->name);
    if (strcmp(name, fs->name) == 0) return (sheet_role){(int)s, 1};
    if (strncmp(name, fs->name, len) != 0 || strncmp(name + len, " (", 2) != 0) continue;
    char *end;
    unsigned long k = strtoul(name + len + 2, &end, 10);
    if (k < 2 || strcmp(end, ")") != 0) continue;
    xc_buf_clear(tmp);
    xc_fw_part_name(fs->name, k, tmp);
    if (strcmp(xc_buf_str(tmp), name) == 0) return (sheet_role){(int)s, k};
  }
  return r;
}

bool xc_province_check(const xc_merge *mg, const char *path, const char *name, size_t window, xc_lang L,
                       xc_diags *out, xc_errtext *err) {
  /* the program's own output: no cap meant for untrusted inputs */
  xc_limits lim;
  xc_limits_default(&lim); /* the split reader's settings */
  lim.max_part = lim.max_total = UINT64_MAX;
  lim.max_ratio = 1e300;
  xc_error e;
  memset(&e, 0, sizeof e);
  xc_workbook *wb = xc_workbook_open(path, &lim, &e);
  if (!wb) {
    XC_ERRTEXT_PRINTF(err, "%s: %s (%s)", name, xc_strerror(e.code, XC_L), e.detail);
    return false;
  }
  pc_ctx c;
  memset(&c, 0, sizeof c);
  c.mg = mg;
  c.name = name;
  c.lang = L;
  c.wb = wb;
  c.window = window ? window : DEFAULT_WINDOW;
  if (whole_list_rules(mg->rs)) c.window = SIZE_MAX; /* one window: the whole list */
  c.out = out;
  size_t n = wb->nsheets;
  c.fixed = xc_calloc(n ? n : 1, sizeof *c.fixed);
  c.fixed_meta = xc_calloc(n ? n : 1, sizeof *c.fixed_meta);
  c.is_fixed = xc_calloc(n ? n : 1, sizeof *c.is_fixed);
  sheet_role *roles = xc_calloc(n ? n : 1, sizeof *roles);
  c.main_lists = xc_calloc(mg->rs->nsheets, sizeof *c.main_lists);
  c.main_meta = xc_calloc(mg->rs->nsheets, sizeof *c.main_meta);
  size_t *main_ws = xc_calloc(mg->rs->nsheets, sizeof *main_ws);
  xc_arena_init(&c.fixed_arena);
  xc_arena_init(&c.win_arena);
  pthread_mutex_init(&c.chk.mu, NULL);
  pthread_cond_init(&c.chk.cv, NULL);
  xc_buf tmp;
  xc_buf_init(&tmp, 0);
  bool ok = true;
  /* 1. the fixed sheets, whole (every model has them) */
  for (size_t i = 0; i < n && ok; i++) {
    roles[i] = role_of(mg, wb->sheets[i].name, &tmp);
    if (roles[i].list >= 0) continue;
    /* the merge's own sheets (Chi tiết theo đơn vị …) are not the form's:
     * no rule reads them */
    bool extra = false;
    for (const char *const *x = mg->view.extra_sheets; x && *x && !extra; x++) extra = strcmp(*x, wb->sheets[i].name) == 0;
    if (extra) continue;
    c.is_fixed[i] = true;
    c.ws = i;
    ok = xc_sheet_stream(wb, i, on_fixed, &c, &c.fixed_meta[i], &e) == XC_OK;
  }
  /* 2. the lists, part by part, window by window */
  for (size_t i = 0; i < n && ok; i++) {
    if (roles[i].list < 0) continue;
    c.list = roles[i].list;
    c.part = roles[i].part;
    c.ws = i;
    c.nwin = 0;
    c.rows_before = 0;
    c.head_in_main = c.part == 1;
    vec_clear(&c.head);
    vec_clear(&c.win);
    memset(&c.head_meta, 0, sizeof c.head_meta);
    ok = xc_sheet_stream(wb, i, on_list, &c, &c.head_meta, &e) == XC_OK;
    if (ok) check_window(&c); /* the last window */
    if (c.part == 1) {
      vec_copy(&c.main_lists[c.list], &c.fixed_arena, &c.head);
      c.main_meta[c.list] = c.head_meta; /* kept for the main model */
      main_ws[c.list] = i + 1;
    } else {
      xc_sheet_meta_free(&c.head_meta);
    }
    memset(&c.head_meta, 0, sizeof c.head_meta);
  }
  /* 3. the main model: the fixed sheets and each list's own sheet as far as
   * its first window (continuation sheets were checked above, as the list) */
  if (ok) {
    size_t nm = 0;
    for (size_t i = 0; i < n; i++) nm += c.is_fixed[i] || (roles[i].part == 1 && main_ws[roles[i].list] == i + 1);
    xc_model *m = xc_model_new(wb, nm);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
      const cellvec *v = NULL;
      const xc_sheet_meta *meta = NULL;
      if (c.is_fixed[i]) v = &c.fixed[i], meta = &c.fixed_meta[i];
      else if (roles[i].part == 1 && main_ws[roles[i].list] == i + 1)
        v = &c.main_lists[roles[i].list], meta = &c.main_meta[roles[i].list];
      if (v)
        xc_model_put_sheet(m, k++, wb->sheets[i].name, wb->sheets[i].visibility, wb->sheets[i].kind, v->cells,
                           v->n, meta->merges, meta->nmerges);
    }
    xc_diags found; /* checked while the worker finishes the last windows */
    xc_diags_init(&found);
    run_check(&c, m, &found);
    xc_model_free(m);
    finish_jobs(&c, out);
    for (size_t i = 0; i < found.n; i++) xc_diags_add(out, &found.items[i]);
    xc_diags_free(&found);
  } else {
    finish_jobs(&c, out);
    XC_ERRTEXT_PRINTF(err, "%s: %s (%s)", name, xc_strerror(e.code, XC_L), e.detail);
  }
  pthread_mutex_destroy(&c.chk.mu);
  pthread_cond_destroy(&c.chk.cv);
  for (size_t i = 0; i < n; i++) {
    free(c.fixed[i].cells);
    xc_sheet_meta_free(&c.fixed_meta[i]);
  }
  for (size_t s = 0; s < mg->rs->nsheets; s++) {
    free(c.main_lists[s].cells);
    if (main_ws[s]) xc_sheet_meta_free(&c.main_meta[s]);
  }
  free(c.fixed);
  free(c.fixed_meta);
  free(c.is_fixed);
  free(c.main_lists);
  free(c.main_meta);
  free(main_ws);
  free(roles);
  free(c.head.cells);
  free(c.win.cells);
  xc_arena_free(&c.fixed_arena);
  xc_arena_free(&c.win_arena);
  xc_buf_free(&tmp);
  xc_workbook_free(wb);
  return ok;
}
