/* model.c: loading worksheets into sorted cell arrays. */
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "recalc.h"

#define DEFAULT_MAX_CELLS 2000000u

typedef struct {
  xc_model *m;
  xc_mcell *cells;
  size_t n, cap, total, max;
  uint64_t text_bytes, max_text;
} load_ctx;

static xc_err on_cell(void *ctx, const xc_cell *c) {
  load_ctx *l = ctx;
  if (c->type == XC_CV_NONE) l->m->formulas_without_value++;
  if (++l->total > l->max) return XC_ERR_LIMIT;
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 256;
    xc_mcell *cells = xc_try_realloc(l->cells, cap * sizeof *l->cells);
    if (!cells) return XC_ERR_NOMEM;
    l->cells = cells;
    l->cap = cap;
  }
  /* text the cells stand for: one long shared string in every cell must not
   * make a small file cost gigabytes downstream (same cap as dump's output) */
  l->text_bytes += c->len;
  if (l->text_bytes > l->max_text) return XC_ERR_LIMIT;
  const char *text = "";
  if (c->sst >= 0) /* shared strings live as long as the workbook: no copy */
    text = c->text;
  else if (c->text && !(text = xc_arena_try_strndup(&l->m->arena, c->text, c->len)))
    return XC_ERR_NOMEM;
  xc_mcell *mc = &l->cells[l->n++];
  mc->cell = *c;
  if (c->dec) mc->dec = *c->dec;
  mc->cell.dec = NULL; /* fixed up after sorting: the array moves */
  mc->cell.ref = NULL;
  mc->cell.text = text;
  return XC_OK;
}

static int cmp_cells(const void *a, const void *b) {
  const xc_mcell *x = a, *y = b;
  if (x->cell.row != y->cell.row) return x->cell.row < y->cell.row ? -1 : 1;
  if (x->cell.col != y->cell.col) return x->cell.col < y->cell.col ? -1 : 1;
  return 0;
}

/* Out-of-order sheets: sort (position, arrival) pairs, keep the last arrival. */
typedef struct {
  uint32_t row, col;
  size_t idx;
} order;

static int cmp_order(const void *a, const void *b) {
  const order *x = a, *y = b;
  if (x->row != y->row) return x->row < y->row ? -1 : 1;
  if (x->col != y->col) return x->col < y->col ? -1 : 1;
  return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static bool sort_unique(load_ctx *l, xc_msheet *s) {
  size_t n = l->n;
  bool sorted = true;
  for (size_t i = 1; i < n && sorted; i++) sorted = cmp_cells(&l->cells[i - 1], &l->cells[i]) < 0;
  xc_mcell *out = xc_arena_try_alloc(&l->m->arena, (n ? n : 1) * sizeof *out);
  order *ord = out && !sorted ? xc_try_malloc((n ? n : 1) * sizeof *ord) : NULL;
  if (!out || (!sorted && !ord)) return false;
  size_t k = 0;
  if (sorted) {
    if (n) memcpy(out, l->cells, n * sizeof *out);
    k = n;
  } else {
    for (size_t i = 0; i < n; i++) ord[i] = (order){l->cells[i].cell.row, l->cells[i].cell.col, i};
    qsort(ord, n, sizeof *ord, cmp_order);
    for (size_t i = 0; i < n; i++) {
      if (i + 1 < n && ord[i + 1].row == ord[i].row && ord[i + 1].col == ord[i].col) continue;
      out[k++] = l->cells[ord[i].idx];
    }
    free(ord);
  }
  for (size_t i = 0; i < k; i++) {
    if (out[i].cell.type == XC_CV_NUMBER) out[i].cell.dec = &out[i].dec;
    if (out[i].cell.row > s->max_row) s->max_row = out[i].cell.row;
    if (out[i].cell.col > s->max_col) s->max_col = out[i].cell.col;
  }
  s->cells = out;
  s->ncells = k;
  return true;
}

xc_model *xc_model_load(xc_workbook *wb, size_t max_cells, xc_error *e) {
  xc_model *m = xc_try_calloc(1, sizeof *m);
  if (m) m->sheets = xc_try_calloc(wb->nsheets ? wb->nsheets : 1, sizeof *m->sheets);
  if (!m || !m->sheets) {
    free(m);
    xc_fail(e, XC_ERR_NOMEM, NULL, NULL);
    return NULL;
  }
  m->wb = wb;
  xc_arena_init(&m->arena);
  m->nsheets = wb->nsheets;
  load_ctx l = {m, NULL, 0, 0, 0, max_cells ? max_cells : DEFAULT_MAX_CELLS, 0, 0};
  uint64_t fs = xc_zip_file_size(wb->zip);
  l.max_text = fs * 2000 > (1ull << 30) ? fs * 2000 : (1ull << 30);
  for (size_t i = 0; i < wb->nsheets; i++) {
    xc_msheet *s = &m->sheets[i];
    s->name = wb->sheets[i].name;
    s->visibility = wb->sheets[i].visibility;
    s->kind = wb->sheets[i].kind;
    l.n = 0;
    xc_sheet_meta meta;
    xc_err rc = xc_sheet_stream(wb, i, on_cell, &l, &meta, e);
    if (rc != XC_OK) {
      if (rc == XC_ERR_LIMIT && e && l.total > l.max)
        snprintf(e->detail, sizeof e->detail, "> %zu ô / cells", l.max);
      else if (rc == XC_ERR_LIMIT && e)
        snprintf(e->detail, sizeof e->detail, "> %llu MiB văn bản / of text",
                 (unsigned long long)(l.max_text >> 20));
      xc_sheet_meta_free(&meta);
      free(l.cells);
      xc_model_free(m);
      return NULL;
    }
    if (!sort_unique(&l, s) ||
        (meta.nmerges && !(s->merges = xc_arena_try_alloc(&m->arena, meta.nmerges * sizeof *s->merges)))) {
      xc_fail(e, XC_ERR_NOMEM, NULL, NULL);
      xc_sheet_meta_free(&meta);
      free(l.cells);
      xc_model_free(m);
      return NULL;
    }
    if (meta.nmerges) {
      memcpy(s->merges, meta.merges, meta.nmerges * sizeof *s->merges);
      s->nmerges = meta.nmerges;
    }
    xc_sheet_meta_free(&meta);
  }
  free(l.cells);
  if (!xc_recalc(m)) { /* formulas without a stored value */
    xc_fail(e, XC_ERR_NOMEM, NULL, NULL);
    xc_model_free(m);
    return NULL;
  }
  return m;
}

xc_model *xc_model_new(xc_workbook *wb, size_t nsheets) {
  xc_model *m = xc_try_calloc(1, sizeof *m);
  if (m) m->sheets = xc_try_calloc(nsheets ? nsheets : 1, sizeof *m->sheets);
  if (!m || !m->sheets) {
    free(m);
    return NULL;
  }
  m->wb = wb;
  xc_arena_init(&m->arena);
  m->nsheets = nsheets;
  return m;
}

bool xc_model_put_sheet(xc_model *m, size_t i, const char *name, xc_visibility vis, xc_sheet_kind kind,
                        const xc_mcell *cells, size_t n, const xc_range *merges, size_t nmerges) {
  xc_msheet *s = &m->sheets[i];
  s->name = name;
  s->visibility = vis;
  s->kind = kind;
  load_ctx l = {m, (xc_mcell *)cells, n, n, n, 0, 0, 0};
  if (!sort_unique(&l, s)) return false;
  if (nmerges) {
    s->merges = xc_arena_try_alloc(&m->arena, nmerges * sizeof *s->merges);
    if (!s->merges) return false;
    memcpy(s->merges, merges, nmerges * sizeof *s->merges);
    s->nmerges = nmerges;
  }
  return true;
}

void xc_model_free(xc_model *m) {
  if (!m) return;
  free(m->sheets);
  xc_arena_free(&m->arena);
  free(m);
}
