/* workbook.h: an opened workbook: the package (content types, relationships),
 * xl/workbook.xml (sheets, order, visibility, date system), the shared
 * strings, the number formats of the cell styles, and docProps/app.xml.
 *
 * Worksheets themselves are not loaded here: sheet.h streams them.
 * Everything a workbook owns is freed by xc_workbook_free. */
#ifndef XC_WORKBOOK_H
#define XC_WORKBOOK_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "zipio.h"

typedef enum { XC_VIS_VISIBLE, XC_VIS_HIDDEN, XC_VIS_VERY_HIDDEN } xc_visibility;
typedef enum {
  XC_SHEET_WORKSHEET,
  XC_SHEET_CHART,
  XC_SHEET_DIALOG,
  XC_SHEET_MACRO,
  XC_SHEET_OTHER
} xc_sheet_kind;

typedef struct {
  const char *name; /* as stored (UTF-8) */
  const char *part; /* resolved part name, or NULL for a sheet without a part */
  xc_visibility visibility;
  xc_sheet_kind kind;
} xc_sheet_info;

/* Number-format facts of one cell style (cellXfs entry). */
enum {
  XC_FMT_DATE = 1,     /* a date or time format */
  XC_FMT_PERCENT = 2,  /* '%' in the first section */
  XC_FMT_TEXT = 4,     /* '@' */
  XC_FMT_DURATION = 8, /* [h]:mm and the like */
};
typedef struct {
  uint16_t numfmt_id;
  uint8_t flags;
  int8_t decimals; /* decimals displayed; -1 for General */
  const char *code; /* the format code, "General" when none */
} xc_style;

typedef struct {
  xc_zip *zip;
  char *path;
  xc_arena arena;
  xc_sheet_info *sheets;
  size_t nsheets;
  bool date1904;
  bool strict;                  /* Strict OOXML namespaces */
  const char *workbook_part;
  const char *content_type;     /* of the workbook part: tells xlsx/xlsm/xltx */
  const char *application;      /* docProps/app.xml, or NULL */
  const char *app_version;
  const char **sst;             /* shared strings */
  uint32_t *sst_len;
  size_t nsst;
  xc_style *styles;
  size_t nstyles;
  xc_limits limits;
} xc_workbook;

/* Opens and reads a workbook.  NULL on failure, with e filled.
 * Free with xc_workbook_free (accepts NULL). */
xc_workbook *xc_workbook_open(const char *path, const xc_limits *lim, xc_error *e);
/* The same from memory (the buffer must outlive the workbook). */
xc_workbook *xc_workbook_open_mem(const void *data, size_t n, const xc_limits *lim,
                                  xc_error *e);
void xc_workbook_free(xc_workbook *wb);

/* The style of cell style index s (index 0 when out of range; a default when none). */
const xc_style *xc_workbook_style(const xc_workbook *wb, uint32_t s);

/* Sheet index by exact name, or -1. */
long xc_workbook_find_sheet(const xc_workbook *wb, const char *name);

/* Classifies a number format code (exposed for tests). */
uint8_t xc_numfmt_flags(const char *code, int8_t *decimals);
/* The built-in format code of an id, or NULL. */
const char *xc_builtin_numfmt(unsigned id);

/* "xlsx", "xlsm", "xltx" or "xltm", from the main part's content type. */
const char *xc_workbook_kind(const xc_workbook *wb);

#endif
