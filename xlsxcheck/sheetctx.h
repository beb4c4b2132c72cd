/* sheetctx.h: the worksheet parser's state and handlers, shared by the
 * serial reader (sheet.c) and the split reader (sheetsplit.c), which runs
 * the same handlers over slices of rows in worker threads. */
#ifndef XC_SHEETCTX_H
#define XC_SHEETCTX_H
#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "sheet.h"
#include "xmlpart.h"

#define MAX_TEXT (4u << 20)
#define MAX_MERGES 1000000

enum { IN_NONE, IN_V, IN_T, IN_F };

typedef struct sheet_ctx {
  xc_xml_base base;
  xc_workbook *wb;
  xc_cell_fn fn;
  void *ctx;
  xc_sheet_meta *meta;
  size_t cap_merges;
  int depth_sheetdata;
  uint32_t row, col; /* current row; last column used in it */
  bool in_cell;
  int in;           /* what the text handler collects */
  int in_is, in_rph;
  bool saw_is, saw_v;
  char t; /* 'n' 's' 'b' 'e' 'd' 'i'(inlineStr) 'f'(str) */
  xc_cell cell;
  xc_decimal dec;
  char ref[12];
  xc_buf v, is, f; /* <v>, inline string, <f> */
  /* Names arrive qualified ("x:c"): only elements whose prefix is bound to the
   * SpreadsheetML namespace (Transitional or Strict) count.  Bindings are
   * scoped: each declaration lives until the end tag of its element. */
  struct ns_binding {
    char prefix[64];
    bool main;
    uint32_t depth;
  } *ns;
  size_t nns, capns;
  uint32_t depth;
  /* the split reader: */
  bool slice;          /* parsing a slice of rows: every row must carry r */
  bool sd_seen;        /* <sheetData> has started */
  uint32_t sd_depth;   /* its depth */
  char sd_prefix[64];  /* and its prefix ("" or "x") */
} sheet_ctx;


extern const xc_xml_handlers xc_sheet_handlers;
void xc_sheet_ctx_init(sheet_ctx *c, xc_workbook *wb, xc_cell_fn fn, void *ctx,
                       xc_sheet_meta *meta);
void xc_sheet_ctx_free(sheet_ctx *c);

/* The split reader (sheetsplit.c).  DONE: it read the part (*rc set);
 * NOT_TRIED: the part is not one to split; FALLBACK: it gave up after
 * delivering *delivered cells, and the caller reads the part again serially
 * (sheetstream.c), skipping those, with meta and e as they were before. */
typedef enum { XC_SPLIT_NOT_TRIED, XC_SPLIT_DONE, XC_SPLIT_FALLBACK } xc_split_result;
xc_split_result xc_sheet_split(xc_workbook *wb, const char *part, xc_cell_fn fn, void *ctx,
                               xc_sheet_meta *meta, xc_error *e, xc_err *rc, uint64_t *delivered);

#endif
