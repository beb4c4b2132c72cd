/* msheet.c: finding a cell of a loaded sheet (model.h): its cells are
 * sorted row-major, so a binary search.  Apart from model.c, which loads
 * the sheets, so that what model.c calls (the formulas' recalculation)
 * can look cells up without calling back into it. */
#include "model.h"

size_t xc_msheet_row_start(const xc_msheet *s, uint32_t row) {
  size_t lo = 0, hi = s->ncells;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (s->cells[mid].cell.row < row) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const xc_mcell *xc_msheet_cell(const xc_msheet *s, uint32_t row, uint32_t col) {
  size_t lo = 0, hi = s->ncells;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    const xc_cell *c = &s->cells[mid].cell;
    if (c->row < row || (c->row == row && c->col < col)) lo = mid + 1;
    else hi = mid;
  }
  if (lo < s->ncells && s->cells[lo].cell.row == row && s->cells[lo].cell.col == col)
    return &s->cells[lo];
  return NULL;
}
