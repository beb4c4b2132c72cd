/* model.h: a whole workbook in memory, for checking and merging (report
 * workbooks are small: a district file has a few thousand cells).  Cells of
 * each worksheet are sorted row-major with duplicates resolved (the last
 * value of a cell wins), so a cell is found by binary search.  Everything
 * is owned by the model; free it with xc_model_free. */
#ifndef XC_MODEL_H
#define XC_MODEL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "formula.h"
#include "sheet.h"
#include "workbook.h"

typedef struct {
  xc_cell cell; /* text and dec point into the model */
  xc_decimal dec;
} xc_mcell;

typedef struct {
  const char *name;
  xc_visibility visibility;
  xc_sheet_kind kind;
  xc_mcell *cells;
  size_t ncells;
  xc_range *merges;
  size_t nmerges;
  uint32_t max_row, max_col;
} xc_msheet;

/* A formula cell the file gave no value (recalc.h). */
typedef struct {
  size_t sheet; /* index in sheets */
  uint32_t row, col;
  xc_fx_status status; /* XC_FX_OK: computed, the cell now holds the value */
  const char *text;    /* the formula, without '=' ("" for a shared formula's follower) */
  const char *detail;  /* formula.h's detail ("VLOOKUP"), or "" */
} xc_mformula;

typedef struct {
  xc_workbook *wb; /* not owned */
  xc_msheet *sheets;
  size_t nsheets;
  size_t formulas_without_value; /* as the file has them, computed or not */
  xc_mformula *formulas;          /* those cells, by sheet and position, and what became of them */
  size_t nformulas;
  xc_arena arena;
} xc_model;

/* Loads every worksheet of wb, then computes the formulas the file gives no
 * value (recalc.h).  max_cells caps the total (0 = 2,000,000).  NULL on
 * failure with e filled. */
xc_model *xc_model_load(xc_workbook *wb, size_t max_cells, xc_error *e);
void xc_model_free(xc_model *m);

/* A model put together from cells streamed elsewhere (the merge reads its
 * own province workbook back in windows of rows, never whole): nsheets
 * empty sheets, each then given its cells with xc_model_put_sheet.  The
 * cells are copied and sorted as xc_model_load sorts them (the last of two
 * cells at one position wins); their text is not copied and must outlive
 * the model.  NULL / false when memory runs out. */
xc_model *xc_model_new(xc_workbook *wb, size_t nsheets);
bool xc_model_put_sheet(xc_model *m, size_t i, const char *name, xc_visibility vis, xc_sheet_kind kind,
                        const xc_mcell *cells, size_t n, const xc_range *merges, size_t nmerges);

/* The cell at (row, col), or NULL when empty. */
const xc_mcell *xc_msheet_cell(const xc_msheet *s, uint32_t row, uint32_t col);
/* Index of the first cell of `row` (or of the next row after it) in s->cells. */
size_t xc_msheet_row_start(const xc_msheet *s, uint32_t row);

#endif
