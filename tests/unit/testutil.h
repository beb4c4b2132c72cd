/* testutil.h: helpers shared by the unit tests: XLSX packages built in
 * memory with libzip, a cell collector for the sheet streamer, and xc_dump
 * into a string.  Every returned pointer is malloc'd; the caller frees it. */
#ifndef XC_TEST_UTIL_H
#define XC_TEST_UTIL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "sheet.h"
#include "workbook.h"

typedef struct {
  const char *name; /* NULL ends a list */
  const char *data;
  size_t n; /* 0: strlen(data) */
} xc_test_part;

/* A ZIP of parts (stored when store, else deflated); *n is its size. */
unsigned char *xc_test_zip(const xc_test_part *parts, bool store, size_t *n);

/* A minimal workbook: sheets named "Sheet1".."SheetN" (or names[i]) whose
 * XML is sheets[i]; sst and styles are the full parts, or NULL to leave them
 * out.  extra: more parts (may be NULL). */
typedef struct {
  size_t nsheets;
  const char *const *sheets;
  const char *const *names;
  const char *sst;
  const char *styles;
  bool date1904;
  const xc_test_part *extra;
  bool store;
} xc_test_book;
unsigned char *xc_test_xlsx(const xc_test_book *b, size_t *n);

/* <worksheet> around the given sheetData content. */
char *xc_test_sheet_xml(const char *sheetdata);

/* Collected cells, text copied. */
typedef struct {
  uint32_t row, col;
  xc_cell_type type;
  double num;
  char *text;
  size_t len;
  uint32_t style;
  bool formula;
} xc_test_cell;
typedef struct {
  xc_test_cell *cells;
  size_t n, cap;
  size_t stop_after; /* > 0: return XC_ERR_LIMIT once this many were seen */
} xc_test_cells;
xc_err xc_test_collect(void *ctx, const xc_cell *cell);
void xc_test_cells_free(xc_test_cells *c);

/* xc_dump of wb (sheet may be NULL) into a string; *rc gets the result. */
char *xc_test_dump(xc_workbook *wb, const char *sheet, xc_err *rc, xc_error *e);

/* A fresh path in the test scratch folder ($XC_TEST_TMP, $TMPDIR or /tmp)
 * holding n bytes of data; NULL on failure. */
char *xc_test_write_temp(const void *data, size_t n);

#endif
