/* fuzz_formula.c: the formula subset (formula.c): parser, dependency order
 * and evaluator.
 *
 * The input is up to 24 formulas, one per line; line i sits at A(i+1) of
 * "Sheet1" (odd lines) or of "Biểu mẫu 1" (even lines), beside a few
 * constants (numbers, text, an error) in columns B and C.  Formulas may
 * read each other, so cycles, dependents of failed formulas and long
 * chains all come up.  These must hold:
 *   - every cell gets a known status; a computed value is a finite number,
 *     text, a boolean, or one of Excel's error texts; a failure is never a
 *     value;
 *   - computing the same set twice gives the same statuses and values;
 *   - each line alone (xc_fx_eval1) never crashes and never takes longer
 *     than its budget. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decimal.h"
#include "formula.h"

#define FUZZ_DICT "fuzz/formula.dict"
#include "common.h"

typedef struct {
  int sheet;
  uint32_t row, col;
  xc_fx_value v;
} konst;

static const konst constants[] = {
    {0, 1, 2, {XC_FX_NUMBER, {5, 0}, "", 0}},  {0, 2, 2, {XC_FX_NUMBER, {-25, -1}, "", 0}},
    {0, 3, 2, {XC_FX_TEXT, {0, 0}, "12", 2}},  {0, 4, 2, {XC_FX_ERROR, {0, 0}, "#DIV/0!", 7}},
    {1, 1, 2, {XC_FX_NUMBER, {0, 0}, "", 0}},  {1, 2, 2, {XC_FX_BOOL, {1, 0}, "", 0}},
    {1, 1, 3, {XC_FX_NUMBER, {999999999999999999, 0}, "", 0}},
};
static const char *const names[] = {"Sheet1", "Biểu mẫu 1"};

static size_t each(void *ctx, int sheet, uint32_t r1, uint32_t c1, uint32_t r2, uint32_t c2,
                   xc_fx_visit visit, void *vctx) {
  (void)ctx;
  size_t cost = 0;
  for (size_t i = 0; i < sizeof constants / sizeof *constants; i++) {
    const konst *k = &constants[i];
    cost++;
    if (k->sheet != sheet || k->row < r1 || k->row > r2 || k->col < c1 || k->col > c2) continue;
    if (!visit(vctx, k->row, k->col, &k->v)) break;
  }
  return cost;
}

static void check_cell(const xc_fx_cell *c) {
  if (c->status > XC_FX_LIMIT) abort();
  if (!c->detail) abort();
  if (c->status != XC_FX_OK) return;
  switch (c->value.kind) {
    case XC_FX_NUMBER:
      if (!isfinite(xc_dec_to_double(c->value.num))) abort();
      break;
    case XC_FX_ERROR:
      if (!c->value.text || c->value.len < 2 || c->value.text[0] != '#') abort();
      break;
    case XC_FX_TEXT:
      if (!c->value.text) abort();
      break;
    case XC_FX_BOOL:
      if (c->value.num.m != 0 && c->value.num.m != 1) abort();
      break;
    default:
      abort(); /* a blank result is shown as 0 */
  }
}

static bool same_value(const xc_fx_value *a, const xc_fx_value *b) {
  if (a->kind != b->kind) return false;
  if (a->kind == XC_FX_NUMBER || a->kind == XC_FX_BOOL) return xc_dec_cmp(a->num, b->num) == 0;
  return a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  enum { MAXF = 24 };
  if (size > 20000) return 0;
  char *text = malloc(size + 1);
  memcpy(text, data, size);
  text[size] = '\0';
  xc_fx_cell cells[MAXF], again[MAXF];
  size_t n = 0, at = 0;
  while (at <= size && n < MAXF) {
    char *nl = memchr(text + at, '\n', size - at);
    size_t end = nl ? (size_t)(nl - text) : size;
    cells[n] = (xc_fx_cell){.sheet = (int)(n % 2), .row = (uint32_t)(n + 1), .col = 1, .text = text + at,
                            .len = end - at};
    n++;
    at = end + 1;
  }
  xc_fx_book book = {NULL, names, 2, each};
  xc_fx_limits lim = {.max_work = 200000};
  xc_arena arena;
  xc_arena_init(&arena);
  memcpy(again, cells, sizeof cells);
  xc_fx_compute(cells, n, &book, &lim, &arena);
  xc_fx_compute(again, n, &book, &lim, &arena);
  for (size_t i = 0; i < n; i++) {
    check_cell(&cells[i]);
    if (cells[i].status != again[i].status) abort();
    if (cells[i].status == XC_FX_OK && !same_value(&cells[i].value, &again[i].value)) abort();
    xc_fx_value v;
    const char *detail;
    xc_fx_status st = xc_fx_eval1(cells[i].text, cells[i].len, 0, &book, &arena, &v, &detail);
    if (st > XC_FX_LIMIT || !detail) abort();
  }
  xc_arena_free(&arena);
  free(text);
  return 0;
}
