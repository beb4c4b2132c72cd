/* formspec.h: the spec of the official forms as formwrite reads it once
 * (formspec.c) and lays it out (formwrite.c): layout.tsv's sheets with their
 * keyed rows, list columns or PAR-index criteria.  Private to those two. */
#ifndef XC_FORMSPEC_H
#define XC_FORMSPEC_H
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "formwrite.h"
#include "spec.h"


#define MAX_LIST       64   /* dropdown entries */
#define MAX_COLS       16   /* columns of a form sheet */
#define UNIT_COL_WIDTH 22.0 /* the merged workbook's "Đơn vị" column */
#define FORMULA_MAX    8192 /* Excel's limit on a formula's length */
#define FILL_ERROR     0xFFC7CE
#define FILL_WARNING   0xFFEB9C

#if defined(__GNUC__)
#define PRINTF_LIKE(a, b) __attribute__((format(printf, a, b)))
#else
#define PRINTF_LIKE(a, b)
#endif

typedef struct { /* one row of a keyed sheet */
  const char *key, *label, *ctext, *note, *lvmsg, *legend, *hint;
  xc_row_kind kind;
  bool hdr, not_ours;
  char **val, **lab; /* code rows: NULL-terminated codes and their labels */
  char **choices;    /* the layout-rows.tsv dropdown (NULL-terminated), or NULL */
} krow;

typedef struct { /* one column of a detail list */
  const char *header, *title, *msg;
  xc_row_kind kind;
  char **list; /* code columns: the dropdown (NULL-terminated) */
} lcol;

typedef struct { /* one criterion of the PAR index */
  const char *key, *parent, *label;
  double max;
  bool can_exclude, level1;
  int nchild;
} crit;

typedef enum { T_KEYED, T_LIST, T_CRITERIA } sheet_type;

typedef struct { /* one line of layout.tsv with its form */
  const char *book, *sheet, *title, *subtitle;
  sheet_type type;
  int line;
  double w[MAX_COLS];
  char *h[8]; /* header parts (keyed, criteria) */
  size_t nh;
  bool notes, by_label;
  size_t input_rows;
  krow *rows;   /* keyed */
  lcol *cols;   /* list */
  crit *crits;  /* criteria */
  size_t n;     /* rows, columns or criteria */
  size_t total; /* criteria: the row without parent */
  double level1_sum;
} fsheet;

struct xc_fw_spec {
  xc_arena arena;
  fsheet *sheets;
  size_t nsheets;
};

/* Appends one message line to err (may be NULL); always false. */
bool xc_fw_fail(xc_buf *err, const char *fmt, ...) PRINTF_LIKE(2, 3);
bool xc_fw_vfail(xc_buf *err, const char *fmt, va_list ap);
size_t xc_fw_u8len(const char *s);
void xc_fw_vn_format(double v, char *out, size_t n);
size_t xc_fw_crit_find(const crit *c, size_t n, const char *key);

#endif
