/* sheet.h: streams one worksheet part, cell by cell, in file order.
 *
 * The callback sees each cell once, with its value decoded: a shared
 * string resolved, an inline string's runs joined (phonetic runs
 * dropped), _xHHHH_ escapes decoded, numbers parsed.  Text pointers are
 * valid only during the callback.  Cells and rows without an r attribute
 * take the next position.  Large sheets are parsed on every core
 * (sheetsplit.c); the callback still runs on the calling thread, in file
 * order, with the same cells. */
#ifndef XC_SHEET_H
#define XC_SHEET_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "numtext.h"
#include "workbook.h"

typedef enum {
  XC_CV_NUMBER,  /* num */
  XC_CV_STRING,  /* text */
  XC_CV_BOOL,    /* num: 0 or 1 */
  XC_CV_ERROR,   /* text: "#DIV/0!" */
  XC_CV_ISODATE, /* text: a t="d" ISO 8601 value */
  XC_CV_NONE     /* a formula with no cached value; text: the formula ("" for a shared one's follower) */
} xc_cell_type;

typedef struct {
  uint32_t row, col; /* 1-based */
  xc_cell_type type;
  double num;
  const char *text; /* NUL-terminated; for a number, the text stored in the file */
  size_t len;
  const xc_decimal *dec; /* a number's digits as written, or NULL */
  uint32_t style;         /* cellXfs index */
  int64_t sst;            /* a shared string's index, or -1 */
  const char *ref;        /* the r attribute when it is canonical ("B7"), else NULL */
  uint8_t ref_len;
  bool formula;
} xc_cell;

typedef struct {
  uint32_t r1, c1, r2, c2;
} xc_range;

/* Facts gathered while streaming (owned by the caller; free with xc_sheet_meta_free). */
typedef struct {
  char dimension[32]; /* the <dimension ref>, or "" */
  xc_range *merges;
  size_t nmerges;
} xc_sheet_meta;

void xc_sheet_meta_free(xc_sheet_meta *m);

/* Return XC_OK to go on; anything else stops the stream and is returned.
 * A callback that refuses a cell must refuse it again if handed it again:
 * a large sheet read on several cores (sheetsplit.c) that meets a refusal
 * is read again serially from the cells already accepted. */
typedef xc_err (*xc_cell_fn)(void *ctx, const xc_cell *cell);

/* Streams sheet `index` of wb (a worksheet; other kinds have no cells).
 * meta may be NULL. */
xc_err xc_sheet_stream(xc_workbook *wb, size_t index, xc_cell_fn fn, void *ctx,
                       xc_sheet_meta *meta, xc_error *e);
/* The same over a worksheet XML held in memory (fuzzing, unit tests). */
xc_err xc_sheet_stream_mem(xc_workbook *wb, const char *xml, size_t n, xc_cell_fn fn, void *ctx,
                           xc_sheet_meta *meta, xc_error *e);

#endif
