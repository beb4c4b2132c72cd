/* formwrite.h: writes a workbook on the official form with libxlsxwriter,
 * from the spec in rulesets/forms (layout.tsv, layout-rows.tsv, the form
 * TSVs) and a units registry: titles, the header rows, keys in column A,
 * labels in B, units or code legends in C, values in D, notes in E; the
 * three detail lists; the PAR-index criteria sheet.  The blank templates
 * (templates/mktemplates.c), the merged province workbook and the annotated
 * unit workbooks are all written by this one module, so they share one
 * layout.
 *
 * Cells are filled through a source of callbacks; a cell may carry a mark
 * (error: red fill, warning: yellow fill) and a comment.  The output is
 * byte-reproducible: fixed document dates, formats created in program order.
 *
 * A spec is loaded once (xc_fw_spec_load) and is read-only afterwards, so
 * several threads may write workbooks from one spec at the same time. */
#ifndef XC_FORMWRITE_H
#define XC_FORMWRITE_H
#include <stdbool.h>
#include <stddef.h>
#include <xlsxwriter.h>

#include "buf.h"

typedef struct xc_fw_spec xc_fw_spec;
typedef struct xc_fw xc_fw;

/* Loads rules_dir/forms/layout.tsv, layout-rows.tsv, the form TSVs they
 * name, and the units TSV (units_path; NULL = rules_dir/units/kon-tum.tsv).
 * NULL with a message naming file and line in err when the spec is wrong. */
xc_fw_spec *xc_fw_spec_load(const char *rules_dir, const char *units_path, xc_buf *err);
void xc_fw_spec_free(xc_fw_spec *s);
/* true when the spec has sheets for this book ("bao-cao-dinh-ky"). */
bool xc_fw_spec_has_book(const xc_fw_spec *s, const char *book);

typedef enum { XC_FW_BLANK, XC_FW_NUMBER, XC_FW_TEXT } xc_fw_type;
typedef enum { XC_FW_MARK_NONE, XC_FW_MARK_WARNING, XC_FW_MARK_ERROR } xc_fw_mark;

typedef struct {
  xc_fw_type type;     /* BLANK: the template's (empty) cell */
  double number;       /* XC_FW_NUMBER */
  const char *text;    /* XC_FW_TEXT: UTF-8, NUL-terminated */
  xc_fw_mark mark;     /* fill colour of the cell */
  const char *comment; /* a cell comment (UTF-8), or NULL */
} xc_fw_cell;

/* Where the values come from.  Every callback may be NULL (blank form).
 * The callbacks receive out zeroed (a blank, unmarked cell); out's text and
 * comment need stay valid only until the next callback. */
typedef struct {
  void *ctx;
  /* keyed sheets and the criteria sheet: the cell of column col (0-based:
   * 3 = D, 4 = E; on the criteria sheet 2..7 = C..H) in the row of `key`.
   * Called for the input columns (D and E of keyed sheets; D..H of the
   * criteria sheet, and C of its total row, whose formula keeps its text and
   * takes the number as cached value). */
  void (*keyed_cell)(void *ctx, const char *sheet, const char *key, unsigned col,
                     xc_fw_cell *out);
  /* detail lists: the number of data rows (the form still draws at least
   * its input_rows boxes), then each cell (row 0-based, col 0-based over the
   * written columns, including the unit column below when there is one). */
  size_t (*list_rows)(void *ctx, const char *sheet);
  void (*list_cell)(void *ctx, const char *sheet, size_t row, unsigned col, xc_fw_cell *out);
  /* when not NULL, every detail list gets a first column with this header
   * (the merged workbook's "Đơn vị"), and the form's columns move right */
  const char *list_unit_header;
} xc_fw_source;

/* Document properties of a written workbook, and where libxlsxwriter keeps
 * the parts while it writes (tmpdir; NULL: the system's temporary folder). */
typedef struct {
  const char *title, *subject, *comments;
  const char *form; /* the custom property "xlsxcheck-form" (the book name) */
  const char *tmpdir;
  /* the detail lists written row by row straight to a temporary file
   * (libxlsxwriter's constant_memory mode, for that sheet only: text inline,
   * not in the shared strings), so a province's long lists do not stay in
   * memory until the workbook is closed */
  bool stream_lists;
  /* rows of a sheet: 0 = Excel's 1,048,576.  A list longer than one sheet
   * holds continues on "<sheet> (2)", "<sheet> (3)" … (xc_fw_list_parts);
   * tests lower it */
  size_t max_rows;
} xc_fw_props;

/* How many data rows of the detail list `sheet` one sheet holds when a
 * sheet has max_rows rows (0 = Excel's 1,048,576); 0 when the spec has no
 * such list. */
size_t xc_fw_list_capacity(const xc_fw_spec *spec, const char *sheet, size_t max_rows);
/* The name of part k (1-based) of a list: the sheet's own for k = 1, else
 * "<sheet> (k)". */
void xc_fw_part_name(const char *sheet, size_t k, xc_buf *out);

/* Starts writing `book` to path (the file is created by libxlsxwriter when
 * the workbook is closed).  NULL with err filled when it cannot start. */
xc_fw *xc_fw_open(const xc_fw_spec *spec, const char *book, const char *path,
                  const xc_fw_props *props, xc_buf *err);
/* Adds the form's sheets in layout order, filled from src (NULL: blank). */
bool xc_fw_form(xc_fw *w, const xc_fw_source *src, xc_buf *err);
/* For extra sheets after the form's: the workbook and the module's styles. */
lxw_workbook *xc_fw_workbook(xc_fw *w);
typedef enum {
  XC_FW_STYLE_TITLE,  /* bold 14 pt, centred, no border */
  XC_FW_STYLE_HEAD,   /* bold, blue-grey fill, border, wrapped */
  XC_FW_STYLE_TEXT,   /* border, wrapped */
  XC_FW_STYLE_NUMBER, /* border, General number format */
  XC_FW_STYLE_ERROR,  /* border, wrapped, red fill */
  XC_FW_STYLE_WARNING, /* border, wrapped, yellow fill */
  XC_FW_STYLE_DATE     /* border, d/m/yyyy */
} xc_fw_style;
lxw_format *xc_fw_format(xc_fw *w, xc_fw_style style);
/* A cell's or comment's text as Excel can hold it: valid UTF-8 (bad bytes
 * become U+FFFD) and at most 32,767 characters (cut with "…").  NULL when v
 * is fine as it is, else a copy to free; *nomem is set when it could not be
 * made. */
char *xc_fw_cell_text(const char *v, bool *nomem);
/* Writes the file and frees w.  false with err filled on failure; after a
 * failed xc_fw_form nothing is written (w is only freed).  err may be NULL. */
bool xc_fw_close(xc_fw *w, xc_buf *err);
/* Around a fork() while other threads may be closing workbooks: begin
 * before it, end after it in the parent and in the child, so that a child
 * never inherits the close lock held by a thread it does not have. */
void xc_fw_fork_begin(void);
void xc_fw_fork_end(void);

#endif
