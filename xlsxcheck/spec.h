/* spec.h: the files of the forms contract (the TSVs of rulesets/forms, the units
 * registry): the one TSV reader every spec file and the registry go
 * through, the kinds of a form's rows and columns (parsed once), and the
 * information sheet every form has. */
#ifndef XC_SPEC_H
#define XC_SPEC_H
#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "err.h"

/* The information sheet ("Thông tin") and its rows: the unit, the province
 * and the period a report is for, and the dates the checks read. */
#define XC_INFO_SHEET "TI"
#define XC_INFO_UNIT "1"
#define XC_INFO_PROVINCE "2"
#define XC_INFO_PERIOD "3"
#define XC_INFO_REPORT_DATE "5"  /* the date the report was signed */
#define XC_INFO_DATA_FROM "9"    /* the first day its figures cover */

/* The kind column of a form's rows and of a list's columns. */
typedef enum {
  XC_RK_OTHER, /* none of the words below (or empty) */
  XC_RK_COUNT,
  XC_RK_PERCENT,
  XC_RK_AMOUNT,
  XC_RK_CODE,
  XC_RK_TEXT,
  XC_RK_DATE,
  XC_RK_HEADER
} xc_row_kind;

/* "count" -> XC_RK_COUNT …; XC_RK_OTHER for any other text. */
xc_row_kind xc_row_kind_parse(const char *s);
/* The word of a kind ("" for XC_RK_OTHER). */
const char *xc_row_kind_name(xc_row_kind k);

/* A TSV file: a header line naming the columns, then one record a line,
 * fields separated by tabs; no quoting, no length limit on a line. */
typedef struct {
  const char *path;
  char **head;     /* ncol column names */
  size_t ncol;
  char **cell;     /* nrows * ncol fields; "" where a line has fewer */
  size_t *nfields; /* fields each line really has */
  int *line;       /* 1-based source line of each record */
  size_t nrows;
} xc_tsv;

enum {
  /* the contract's own files: LF line ends only, every line exactly as many
   * fields as the header, no blank line */
  XC_TSV_STRICT = 1,
};

/* Reads path into a (every string lives in the arena).  Refused, with the
 * reason in e (code XC_ERR_TSV_*, e->line, the fact in e->detail): a file
 * that cannot be read, a NUL byte, a byte order mark, text that is not
 * UTF-8, no header; with XC_TSV_STRICT also a CR, a blank line, a line with
 * another number of fields than the header.  Without it, CR before LF is
 * dropped, blank lines are skipped, and a line may have fewer fields (its
 * missing ones read "") or more (ignored; nfields tells). */
xc_tsv *xc_tsv_load(xc_arena *a, const char *path, unsigned flags, xc_error *e);
/* The same from text (copied into the arena). */
xc_tsv *xc_tsv_parse(xc_arena *a, const char *text, size_t len, const char *path, unsigned flags,
                     xc_error *e);
/* The index of column name, or -1. */
int xc_tsv_col(const xc_tsv *t, const char *name);
/* The field of record r in column c ("" when c < 0). */
const char *xc_tsv_get(const xc_tsv *t, size_t r, int c);
/* "path:line: what (detail)" in lang, for messages that name the file. */
void xc_tsv_error_text(const char *path, const xc_error *e, xc_lang lang, xc_buf *out);

#endif
