/* diag.c: the findings list. */
#include "diag.h"

#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

void xc_diags_init(xc_diags *d) {
  memset(d, 0, sizeof *d);
  xc_arena_init(&d->arena);
}

void xc_diags_free(xc_diags *d) {
  free(d->items);
  xc_arena_free(&d->arena);
  memset(d, 0, sizeof *d);
}

const char *xc_diags_str(xc_diags *d, const char *s) {
  if (!s) return "";
  const char *copy = xc_arena_try_strndup(&d->arena, s, strlen(s));
  if (copy) return copy;
  d->nomem = true;
  return "";
}

bool xc_diags_add(xc_diags *d, const xc_diag *item) {
  if (d->n == d->cap) {
    size_t cap = d->cap ? d->cap * 2 : 32;
    xc_diag *more = xc_try_realloc(d->items, cap * sizeof *d->items);
    if (!more) {
      d->nomem = true;
      return false;
    }
    d->items = more;
    d->cap = cap;
  }
  xc_diag *x = &d->items[d->n];
  *x = *item;
  x->seq = d->n + 1;
  x->file = xc_diags_str(d, item->file);
  x->unit = xc_diags_str(d, item->unit);
  x->sheet = xc_diags_str(d, item->sheet);
  x->key = xc_diags_str(d, item->key);
  x->rule = xc_diags_str(d, item->rule);
  x->msg_vi = xc_diags_str(d, item->msg_vi);
  x->msg_en = xc_diags_str(d, item->msg_en);
  x->expected = xc_diags_str(d, item->expected);
  x->actual = xc_diags_str(d, item->actual);
  x->hint_vi = xc_diags_str(d, item->hint_vi);
  x->hint_en = xc_diags_str(d, item->hint_en);
  if (d->nomem) return false; /* a string was lost: the item is not kept */
  d->n++;
  if (item->severity == XC_SEV_ERROR) d->errors++;
  else if (item->severity == XC_SEV_WARNING) d->warnings++;
  return true;
}

static int cell_row(const char *cell) {
  int r = 0;
  for (const char *p = cell; *p; p++)
    if (*p >= '0' && *p <= '9') r = r * 10 + (*p - '0');
  return r;
}

static int cmp_file(const void *a, const void *b) {
  const xc_diag *x = a, *y = b;
  int c = strcmp(x->file, y->file);
  if (c) return c;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int cmp_diag(const void *a, const void *b) {
  const xc_diag *x = a, *y = b;
  if (x->file_rank != y->file_rank) return x->file_rank < y->file_rank ? -1 : 1;
  int c = strcmp(x->file, y->file);
  if (c) return c;
  if (x->severity != y->severity) return x->severity < y->severity ? -1 : 1; /* errors, warnings, then the rest */
  /* the form's sheets in its order; a sheet the form does not have after them */
  int kx = x->rank < 0 && x->sheet[0] ? INT_MAX : x->rank, ky = y->rank < 0 && y->sheet[0] ? INT_MAX : y->rank;
  if (kx != ky) return kx < ky ? -1 : 1;
  if (kx == INT_MAX && (c = strcmp(x->sheet, y->sheet)) != 0) return c;
  int rx = cell_row(x->cell), ry = cell_row(y->cell);
  if (rx != ry) return rx < ry ? -1 : 1;
  size_t lx = strlen(x->cell), ly = strlen(y->cell);
  if (lx != ly) return lx < ly ? -1 : 1;
  c = strcmp(x->cell, y->cell);
  if (c) return c;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void xc_diags_sort(xc_diags *d) {
  if (d->n < 2) return;
  /* each file's rank: its findings side by side first */
  qsort(d->items, d->n, sizeof *d->items, cmp_file);
  for (size_t i = 0, j; i < d->n; i = j) {
    bool errors = false;
    for (j = i; j < d->n && strcmp(d->items[j].file, d->items[i].file) == 0; j++)
      errors |= d->items[j].severity == XC_SEV_ERROR;
    for (size_t k = i; k < j; k++) d->items[k].file_rank = errors ? 0 : 1;
  }
  qsort(d->items, d->n, sizeof *d->items, cmp_diag);
}

const char *xc_severity_name(xc_severity s, xc_lang lang, bool machine) {
  bool en = lang == XC_LANG_EN;
  switch (s) {
    case XC_SEV_ERROR: return machine ? "error" : en ? "error" : "lỗi";
    case XC_SEV_WARNING: return machine ? "warning" : en ? "warning" : "cảnh báo";
    case XC_SEV_INFO: default: return machine ? "info" : en ? "information" : "thông tin";
  }
}
