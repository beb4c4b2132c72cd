/* sheetstream.c: a worksheet streamed cell by cell: on every core by the
 * split reader (sheetsplit.c) when the part is large, else (or when the
 * split reader gives up) by the one serial read with sheet.c's handlers. */
#include "sheet.h"

#include <string.h>

#include "sheetctx.h"
#include "xmlpart.h"

/* The serial read: the first `skip` cells were delivered already. */
typedef struct {
  xc_cell_fn fn;
  void *ctx;
  uint64_t skip;
} skipper;

static xc_err skip_cell(void *ud, const xc_cell *c) {
  skipper *s = ud;
  if (s->skip > 0) {
    s->skip--;
    return XC_OK;
  }
  return s->fn(s->ctx, c);
}

xc_err xc_sheet_stream(xc_workbook *wb, size_t index, xc_cell_fn fn, void *ctx,
                       xc_sheet_meta *meta, xc_error *e) {
  if (meta) memset(meta, 0, sizeof *meta);
  if (index >= wb->nsheets) return xc_fail(e, XC_ERR_NO_SHEET, NULL, "#%zu", index);
  const xc_sheet_info *s = &wb->sheets[index];
  if (s->kind != XC_SHEET_WORKSHEET || !s->part) return XC_OK;
  xc_err rc = XC_OK;
  uint64_t delivered = 0;
  xc_error entry = e ? *e : (xc_error){0};
  switch (xc_sheet_split(wb, s->part, fn, ctx, meta, e, &rc, &delivered)) {
    case XC_SPLIT_DONE: return rc;
    case XC_SPLIT_FALLBACK: /* again from the start, as if never split */
      xc_sheet_meta_free(meta);
      if (e) *e = entry;
      break;
    case XC_SPLIT_NOT_TRIED: break;
  }
  skipper sk = {fn, ctx, delivered};
  sheet_ctx c;
  xc_sheet_ctx_init(&c, wb, delivered ? skip_cell : fn, delivered ? (void *)&sk : ctx, meta);
  rc = xc_xml_parse_part(wb->zip, s->part, &xc_sheet_handlers, &c, e);
  xc_sheet_ctx_free(&c);
  return rc;
}
