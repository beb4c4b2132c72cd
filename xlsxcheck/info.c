/* info.c: the workbook summary. */
#include "info.h"

#include "buf.h"

#include <string.h>

#include "cellref.h"
#include "msg.h"
#include "sheet.h"

typedef struct {
  const xc_workbook *wb;
  size_t counts[6]; /* by xc_cell_type; numbers with a date format count as dates */
  uint32_t r1, c1, r2, c2;
  size_t total;
} sheet_stats;

static xc_err count_cell(void *ctx, const xc_cell *c) {
  sheet_stats *s = ctx;
  xc_cell_type t = c->type;
  if (t == XC_CV_NUMBER && (xc_workbook_style(s->wb, c->style)->flags & XC_FMT_DATE)) t = XC_CV_ISODATE;
  s->counts[t]++; /* the types dump prints */
  if (c->type == XC_CV_NONE || (c->type == XC_CV_STRING && c->len == 0)) return XC_OK;
  if (s->total++ == 0) {
    s->r1 = s->r2 = c->row;
    s->c1 = s->c2 = c->col;
  }
  if (c->row < s->r1) s->r1 = c->row;
  if (c->row > s->r2) s->r2 = c->row;
  if (c->col < s->c1) s->c1 = c->col;
  if (c->col > s->c2) s->c2 = c->col;
  return XC_OK;
}

static const char *kind_name(xc_sheet_kind k, xc_lang L) {
  switch (k) {
    case XC_SHEET_WORKSHEET: return xc_msg(L, "trang tính", "worksheet");
    case XC_SHEET_CHART: return xc_msg(L, "trang biểu đồ", "chartsheet");
    case XC_SHEET_DIALOG: return xc_msg(L, "trang hộp thoại", "dialogsheet");
    case XC_SHEET_MACRO: return xc_msg(L, "trang macro", "macrosheet");
    default: return xc_msg(L, "trang khác", "other sheet");
  }
}

static const char *vis_name(xc_visibility v, xc_lang L) {
  switch (v) {
    case XC_VIS_HIDDEN: return xc_msg(L, "ẩn", "hidden");
    case XC_VIS_VERY_HIDDEN: return xc_msg(L, "ẩn sâu (veryHidden)", "very hidden");
    default: return xc_msg(L, "hiện", "visible");
  }
}

xc_err xc_info(xc_workbook *wb, const char *name, xc_lang L, xc_buf *out, xc_error *e) {
  xc_buf_printf(out, "%s: %s\n", xc_msg(L, "Tệp", "File"), name);
  xc_buf_printf(out, "%s: %s%s%s\n", xc_msg(L, "Chương trình tạo", "Written by"),
          wb->application && *wb->application ? wb->application
                                              : xc_msg(L, "(không rõ)", "(unknown)"),
          wb->app_version ? " " : "", wb->app_version ? wb->app_version : "");
  xc_buf_printf(out, "%s: %s, OOXML %s\n", xc_msg(L, "Định dạng", "Format"), xc_workbook_kind(wb),
          wb->strict ? "Strict" : "Transitional");
  xc_buf_printf(out, "%s: %s\n", xc_msg(L, "Hệ ngày", "Date system"), wb->date1904 ? "1904" : "1900");
  xc_buf_printf(out, "%s: %zu\n", xc_msg(L, "Chuỗi dùng chung", "Shared strings"), wb->nsst);
  xc_buf_printf(out, "%s: %zu\n", xc_msg(L, "Số trang", "Sheets"), wb->nsheets);
  size_t all = 0;
  for (size_t i = 0; i < wb->nsheets; i++) {
    const xc_sheet_info *s = &wb->sheets[i];
    sheet_stats st = {0};
    st.wb = wb;
    xc_sheet_meta meta;
    xc_err rc = xc_sheet_stream(wb, i, count_cell, &st, &meta, e);
    if (rc != XC_OK) {
      xc_sheet_meta_free(&meta);
      return rc;
    }
    xc_buf_printf(out, "  %zu. \"%s\" — %s, %s", i + 1, s->name, kind_name(s->kind, L),
            vis_name(s->visibility, L));
    if (s->kind == XC_SHEET_WORKSHEET) {
      if (st.total) {
        char a[12], b[12];
        xc_cellref_format(st.r1, st.c1, a);
        xc_cellref_format(st.r2, st.c2, b);
        xc_buf_printf(out, ", %s %s:%s", xc_msg(L, "vùng dữ liệu", "used range"), a, b);
      }
      if (meta.dimension[0])
        xc_buf_printf(out, " (%s %s)", xc_msg(L, "khai báo", "declared"), meta.dimension);
      xc_buf_printf(out, ", %zu %s (n=%zu s=%zu b=%zu e=%zu d=%zu)", st.total, xc_msg(L, "ô", "cells"),
              st.counts[XC_CV_NUMBER], st.counts[XC_CV_STRING], st.counts[XC_CV_BOOL],
              st.counts[XC_CV_ERROR], st.counts[XC_CV_ISODATE]);
      if (st.counts[XC_CV_NONE])
        xc_buf_printf(out, xc_msg(L, ", %zu công thức chưa có giá trị", ", %zu formulas without value"),
                st.counts[XC_CV_NONE]);
      if (meta.nmerges)
        xc_buf_printf(out, xc_msg(L, ", %zu vùng gộp ô", ", %zu merged ranges"), meta.nmerges);
    }
    xc_buf_printf(out, "\n");
    all += st.total;
    xc_sheet_meta_free(&meta);
  }
  xc_buf_printf(out, "%s: %zu\n", xc_msg(L, "Tổng số ô có dữ liệu", "Non-empty cells"), all);
  return XC_OK;
}
