/* bundle.c: the merge's bundle: the province workbook (checked in scope P
 * before it is written for good), the annotated unit workbooks (written in
 * parallel), the log, the HTML page, the manifest, and the zip. */
#include "bundle.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

#include "alloc.h"
#include "bind.h"
#include "group.h"
#include "indicators.h"
#include "mergereport.h"
#include "report_html.h"
#include "model.h"
#include "msg.h"
#include "numtext.h"
#include "provcheck.h"
#include "report.h"
#include "textkey.h"

/* 2023-01-01 00:00:00, the date of every zip entry (reproducible bytes), as
 * MS-DOS date and time: not through the local time zone. */
#define BUNDLE_DOS_DATE ((2023 - 1980) << 9 | 1 << 5 | 1)
#define BUNDLE_DOS_TIME 0

/* ---- the province workbook's source --------------------------------------- */

typedef struct {
  const xc_merge *mg;
  const xc_unit_file *f; /* a unit's file, or NULL for the province */
  const char *units_note;
  /* the merged lists: per ruleset sheet, (file, row) of each concatenated row */
  size_t **lfile, **lrow, *lcount;
  bool nomem; /* memory ran out while a workbook was written: it fails (err->nomem) */
  /* the sheet list_cell found last, by the writer's name for it (the writer
   * asks for one sheet's cells row after row) */
  const char *last_name;
  int last_sheet;
} src_ctx;

static int sheet_by_name(const xc_ruleset *rs, const char *name) {
  for (size_t i = 0; i < rs->nsheets; i++)
    if (strcmp(rs->sheets[i].name, name) == 0) return (int)i;
  return -1;
}

static void from_ucell(const xc_ucell *c, xc_fw_cell *out) {
  out->type = c->raw;
  out->number = c->number;
  out->text = c->text;
}

static void mark_cell(const xc_unit_file *f, int s, size_t row, unsigned col, xc_buf *msgs, xc_fw_cell *out) {
  if (!msgs) return; /* no memory for the comment: the workbook fails (src_ctx.nomem) */
  for (size_t i = 0; i < f->nmarks; i++) {
    const xc_umark *m = &f->marks[i];
    if (m->sheet != s || m->row != row || m->col != col) continue;
    if (msgs->len) xc_buf_adds(msgs, "\n\n");
    xc_buf_adds(msgs, m->msg);
    xc_fw_mark mk = m->severity == XC_SEV_ERROR ? XC_FW_MARK_ERROR
                    : m->severity == XC_SEV_WARNING ? XC_FW_MARK_WARNING : XC_FW_MARK_NONE;
    if (mk > out->mark) out->mark = mk;
  }
  if (msgs->len) out->comment = xc_buf_str(msgs);
}

/* Comments live until the workbook is closed: keep them in a list. */
typedef struct {
  src_ctx base;
  xc_buf *bufs;
  size_t nbufs, cap;
} unit_ctx;

static xc_buf *fresh_buf(unit_ctx *u) {
  if (u->nbufs == u->cap) {
    size_t cap = u->cap ? u->cap * 2 : 16;
    xc_buf *more = xc_try_realloc(u->bufs, cap * sizeof *u->bufs);
    if (!more) {
      u->base.nomem = true;
      return NULL;
    }
    u->bufs = more;
    u->cap = cap;
  }
  xc_buf *b = &u->bufs[u->nbufs++];
  xc_buf_init(b, 0);
  return b;
}

static void keyed_cell(void *vctx, const char *sheet, const char *key, unsigned col, xc_fw_cell *out) {
  src_ctx *c = vctx;
  const xc_merge *mg = c->mg;
  int s = sheet_by_name(mg->rs, sheet);
  if (s < 0 || mg->rs->sheets[s].type != XC_SHEET_KEYED) return;
  const xc_form_sheet *fs = &mg->rs->sheets[s];
  const xc_spec_row *sr = xc_form_sheet_row(fs, key);
  if (!sr) return;
  size_t r = (size_t)(sr - fs->rows);
  if (!c->f) { /* the province */
    if (s == mg->cs_sheet) { /* PAR index: the units' mean score */
      xc_dec mean;
      if (col != 2 && xc_merge_kcol(mg, s, col + 1) >= 0 && mg->rs->sheets[s].nvcols &&
          strcmp(fs->vcol_names[xc_merge_kcol(mg, s, col + 1)], "excluded") != 0 &&
          xc_merge_mean(mg, s, r, col + 1, &mean)) {
        out->type = XC_FW_NUMBER;
        out->number = xc_dec_to_double(mean);
      }
      return;
    }
    if (col + 1 == xc_bind_value_col(fs, NULL)) from_ucell(&mg->prov[s][r], out);
    else if (col == 4 && strcmp(fs->id, XC_INFO_SHEET) == 0 && strcmp(key, XC_INFO_UNIT) == 0 && c->units_note) {
      out->type = XC_FW_TEXT;
      out->text = c->units_note;
    }
    return;
  }
  int k = xc_merge_kcol(mg, s, col + 1);
  if (k < 0) return;
  from_ucell(&c->f->keyed[s][r * mg->kcols[s] + (size_t)k], out);
  unit_ctx *u = vctx;
  mark_cell(c->f, s, r, col, fresh_buf(u), out);
}

static size_t list_rows(void *vctx, const char *sheet) {
  src_ctx *c = vctx;
  int s = sheet_by_name(c->mg->rs, sheet);
  if (s < 0) return 0;
  if (c->f) return c->f->list_rows ? c->f->list_rows[s] : 0;
  return c->lcount[s];
}

static void list_cell(void *vctx, const char *sheet, size_t row, unsigned col, xc_fw_cell *out) {
  src_ctx *c = vctx;
  const xc_merge *mg = c->mg;
  if (!c->last_name || c->last_name != sheet) {
    c->last_sheet = sheet_by_name(mg->rs, sheet);
    c->last_name = sheet;
  }
  int s = c->last_sheet;
  if (s < 0) return;
  const xc_form_sheet *fs = &mg->rs->sheets[s];
  if (c->f) {
    if (col >= fs->ncols || row >= c->f->list_rows[s]) return;
    xc_ucell lu;
    xc_lcell_get(&c->f->lists[s][row * fs->ncols + col], &lu);
    from_ucell(&lu, out);
    unit_ctx *u = vctx;
    mark_cell(c->f, s, row, col, fresh_buf(u), out);
    return;
  }
  if (row >= c->lcount[s]) return;
  const xc_unit_file *f = &mg->files[c->lfile[s][row]];
  if (col == 0) { /* Đơn vị */
    out->type = XC_FW_TEXT;
    out->text = mg->units->units[f->unit].official_name;
    return;
  }
  size_t sc = col - 1;
  if (sc >= fs->ncols) return;
  if (sc == 0 && fs->cols[0].rkind == XC_RK_COUNT) { /* TT: numbered again over the province */
    out->type = XC_FW_NUMBER;
    out->number = (double)(row + 1);
    return;
  }
  /* the province list holds the values as the rules read them: codes in
   * their canonical form ("Toàn trình" -> 4), text trimmed and NFC */
  xc_ucell lu;
  xc_lcell_get(&f->lists[s][c->lrow[s][row] * fs->ncols + sc], &lu);
  const xc_ucell *u = &lu;
  if (u->v.kind == XC_RV_NUM) {
    out->type = XC_FW_NUMBER;
    out->number = xc_dec_to_double(u->v.num);
  } else if (u->v.kind == XC_RV_TEXT) {
    out->type = XC_FW_TEXT;
    out->text = u->v.text;
  } else {
    from_ucell(u, out);
  }
}

/* false (c->nomem) when memory runs out; province_lists_free either way */
static bool province_lists(src_ctx *c) {
  const xc_merge *mg = c->mg;
  size_t ns = mg->rs->nsheets;
  c->lfile = xc_try_calloc(ns, sizeof *c->lfile);
  c->lrow = xc_try_calloc(ns, sizeof *c->lrow);
  c->lcount = xc_try_calloc(ns, sizeof *c->lcount);
  if (!c->lfile || !c->lrow || !c->lcount) return !(c->nomem = true);
  for (size_t s = 0; s < ns; s++) {
    if (mg->rs->sheets[s].type != XC_SHEET_LIST) continue;
    size_t n = 0;
    for (size_t i = 0; i < mg->nmerged; i++) n += mg->files[mg->order[i]].list_rows[s];
    c->lfile[s] = xc_try_malloc((n ? n : 1) * sizeof **c->lfile);
    c->lrow[s] = xc_try_malloc((n ? n : 1) * sizeof **c->lrow);
    if (!c->lfile[s] || !c->lrow[s]) return !(c->nomem = true);
    for (size_t i = 0; i < mg->nmerged; i++) {
      const xc_unit_file *f = &mg->files[mg->order[i]];
      for (size_t r = 0; r < f->list_rows[s]; r++) {
        c->lfile[s][c->lcount[s]] = mg->order[i];
        c->lrow[s][c->lcount[s]++] = r;
      }
    }
  }
  return true;
}

static void province_lists_free(src_ctx *c) {
  for (size_t s = 0; s < c->mg->rs->nsheets; s++) {
    if (c->lfile) free(c->lfile[s]);
    if (c->lrow) free(c->lrow[s]);
  }
  free(c->lfile);
  free(c->lrow);
  free(c->lcount);
}

/* ---- extra sheets ------------------------------------------------------------ */

/* Any text of the inputs (a file name, a cell) goes through xc_fw_cell_text. */
static void put_text(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f) {
  bool nomem = false;
  char *fixed = s && *s ? xc_fw_cell_text(s, &nomem) : NULL;
  if (s && *s && !nomem) worksheet_write_string(ws, r, c, fixed ? fixed : s, f);
  else worksheet_write_blank(ws, r, c, f);
  free(fixed);
}

static void put_ucell(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const xc_ucell *u, xc_fw *w) {
  if (u->v.kind == XC_RV_DATE) {
    int y, m, d;
    xc_date_from_days(u->v.days, &y, &m, &d);
    lxw_datetime dt = {y, m, d, 0, 0, 0};
    worksheet_write_datetime(ws, r, c, &dt, xc_fw_format(w, XC_FW_STYLE_DATE));
  } else if (u->v.kind == XC_RV_NUM) worksheet_write_number(ws, r, c, xc_dec_to_double(u->v.num), xc_fw_format(w, XC_FW_STYLE_NUMBER));
  else if (u->raw == XC_FW_TEXT) put_text(ws, r, c, u->text, xc_fw_format(w, XC_FW_STYLE_TEXT));
  else if (u->raw == XC_FW_NUMBER) worksheet_write_number(ws, r, c, u->number, xc_fw_format(w, XC_FW_STYLE_NUMBER));
  else worksheet_write_blank(ws, r, c, xc_fw_format(w, XC_FW_STYLE_TEXT));
}

/* "Chi tiết theo đơn vị": every keyed row × every merged unit, then the
 * province.  false when memory ran out. */
static bool detail_sheet(xc_fw *w, const xc_merge *mg, xc_lang L) {
  lxw_worksheet *ws = workbook_add_worksheet(xc_fw_workbook(w), XC_MERGE_DETAIL_SHEET);
  if (!ws) return false;
  lxw_format *head = xc_fw_format(w, XC_FW_STYLE_HEAD), *text = xc_fw_format(w, XC_FW_STYLE_TEXT);
  worksheet_write_string(ws, 0, 0, xc_msg(L, "SỐ LIỆU CHI TIẾT THEO ĐƠN VỊ", "FIGURES BY UNIT"), xc_fw_format(w, XC_FW_STYLE_TITLE));
  const char *h[] = {"Trang", "STT", "Nội dung"};
  for (lxw_col_t c = 0; c < 3; c++) worksheet_write_string(ws, 2, c, h[c], head);
  for (size_t i = 0; i < mg->nmerged; i++)
    worksheet_write_string(ws, 2, (lxw_col_t)(3 + i), mg->units->units[mg->files[mg->order[i]].unit].official_name, head);
  lxw_col_t pc = (lxw_col_t)(3 + mg->nmerged);
  worksheet_write_string(ws, 2, pc, xc_msg(L, "Toàn tỉnh", "Province"), head);
  worksheet_set_column(ws, 0, 0, 14, NULL);
  worksheet_set_column(ws, 1, 1, 8, NULL);
  worksheet_set_column(ws, 2, 2, 48, NULL);
  worksheet_set_column(ws, 3, pc, 14, NULL);
  lxw_row_t r = 3;
  /* each unit's value column of the sheet, found once per sheet: a row
   * reads one cell of every unit, thousands of places in memory */
  const xc_ucell **col = xc_try_malloc((mg->nmerged ? mg->nmerged : 1) * sizeof *col);
  if (!col) return false;
  for (size_t s = 0; s < mg->rs->nsheets; s++) {
    const xc_form_sheet *fs = &mg->rs->sheets[s];
    if (fs->type != XC_SHEET_KEYED) continue;
    /* the value column; on the PAR-index sheet the appraisal score */
    size_t vk = 0;
    uint32_t want = xc_bind_value_col(fs, fs->nvcols ? "appraisal" : NULL);
    for (size_t k = 0; k < mg->kcols[s]; k++)
      if (mg->kcolno[s][k] == want) vk = k;
    bool par = (int)s == mg->cs_sheet;
    size_t stride = mg->kcols[s];
    for (size_t i = 0; i < mg->nmerged; i++) col[i] = mg->files[mg->order[i]].keyed[s] + vk;
    for (size_t k = 0; k < fs->nrows; k++, r++) {
      put_text(ws, r, 0, fs->name, text);
      put_text(ws, r, 1, fs->rows[k].key, text);
      put_text(ws, r, 2, fs->rows[k].label, text);
      for (size_t i = 0; i < mg->nmerged; i++) {
        if (i + 16 < mg->nmerged) __builtin_prefetch(col[i + 16] + k * stride);
        put_ucell(ws, r, (lxw_col_t)(3 + i), col[i] + k * stride, w);
      }
      xc_dec mean;
      if (!par) put_ucell(ws, r, pc, &mg->prov[s][k], w);
      else if (xc_merge_mean(mg, (int)s, k, want, &mean))
        worksheet_write_number(ws, r, pc, xc_dec_to_double(mean), xc_fw_format(w, XC_FW_STYLE_NUMBER));
    }
  }
  free(col);
  worksheet_freeze_panes(ws, 3, 3);
  return true;
}

/* "Nhật ký lỗi" of the province workbook: one row per finding, the columns
 * of the CSV log (its group id last, to filter a group in Excel). */
static void log_sheet(xc_fw *w, const xc_diags *log, xc_lang L) {
  lxw_worksheet *ws = workbook_add_worksheet(xc_fw_workbook(w), XC_MERGE_LOG_SHEET);
  if (!ws) return;
  lxw_format *head = xc_fw_format(w, XC_FW_STYLE_HEAD), *text = xc_fw_format(w, XC_FW_STYLE_TEXT);
  lxw_format *red = xc_fw_format(w, XC_FW_STYLE_ERROR), *yellow = xc_fw_format(w, XC_FW_STYLE_WARNING);
  const char *h[XC_DIAG_NFIELDS] = {"Tệp", "Đơn vị", "Trang", "Ô", "STT", "Mã", "Mức độ", "Nội dung", "Cần", "Có", "Cách sửa", "Nhóm"};
  const double wd[XC_DIAG_NFIELDS] = {28, 22, 16, 7, 8, 9, 10, 60, 14, 14, 50, 16};
  for (lxw_col_t c = 0; c < XC_DIAG_NFIELDS; c++) {
    worksheet_write_string(ws, 0, c, h[c], head);
    worksheet_set_column(ws, c, c, wd[c], NULL);
  }
  for (size_t i = 0; i < log->n; i++) {
    const xc_diag *d = &log->items[i];
    lxw_row_t r = (lxw_row_t)(i + 1);
    const char *v[XC_DIAG_NFIELDS];
    char gid[XC_GROUP_ID_MAX];
    xc_diag_fields(d, L, false, gid, v);
    for (lxw_col_t c = 0; c < XC_DIAG_NFIELDS; c++) put_text(ws, r, c, v[c], c == 6 ? (d->severity == XC_SEV_ERROR ? red : d->severity == XC_SEV_WARNING ? yellow : text) : text);
  }
  worksheet_freeze_panes(ws, 1, 0);
  if (log->n) worksheet_autofilter(ws, 0, 0, (lxw_row_t)log->n, XC_DIAG_NFIELDS - 1);
}

/* "Nhật ký lỗi" of a unit's copy: its findings grouped (group.h), one row
 * per group with every cell it covers; the cells themselves are marked on
 * the form's sheets. */
static void group_log_sheet(xc_fw *w, const xc_diags *log, xc_lang L) {
  lxw_worksheet *ws = workbook_add_worksheet(xc_fw_workbook(w), XC_MERGE_LOG_SHEET);
  if (!ws) return;
  lxw_format *head = xc_fw_format(w, XC_FW_STYLE_HEAD), *text = xc_fw_format(w, XC_FW_STYLE_TEXT);
  lxw_format *red = xc_fw_format(w, XC_FW_STYLE_ERROR), *yellow = xc_fw_format(w, XC_FW_STYLE_WARNING);
  lxw_format *numf = xc_fw_format(w, XC_FW_STYLE_NUMBER);
  const char *h[] = {"Trang", "Mã", "Mức độ", "Số ô", "Các ô", "Nội dung", "Cách sửa", "Nhóm"};
  const double wd[] = {16, 9, 10, 7, 30, 60, 50, 16};
  for (lxw_col_t c = 0; c < 8; c++) {
    worksheet_write_string(ws, 0, c, xc_msg(L, h[c], h[c]), head);
    worksheet_set_column(ws, c, c, wd[c], NULL);
  }
  xc_groups gs;
  xc_groups_build(log, &gs);
  xc_buf cells, msg;
  xc_buf_init(&cells, 0);
  xc_buf_init(&msg, 0);
  for (size_t i = 0; i < gs.n; i++) {
    const xc_group *g = &gs.items[i];
    const xc_diag *d = g->first;
    lxw_row_t r = (lxw_row_t)(i + 1);
    xc_buf_clear(&cells);
    xc_buf_clear(&msg);
    xc_group_cells(g, 0, &cells);
    xc_buf_adds(&msg, xc_group_msg(g, L));
    if (g->actual[0] || g->expected[0]) {
      xc_buf_adds(&msg, " —");
      if (g->actual[0]) xc_buf_printf(&msg, " %s %s", xc_msg(L, "có", "is"), g->actual);
      if (g->actual[0] && g->expected[0]) xc_buf_adds(&msg, ",");
      if (g->expected[0]) xc_buf_printf(&msg, " %s %s", xc_msg(L, "cần", "expected"), g->expected);
    }
    put_text(ws, r, 0, d->sheet, text);
    put_text(ws, r, 1, d->rule, text);
    put_text(ws, r, 2, xc_severity_name(d->severity, L, false),
             d->severity == XC_SEV_ERROR ? red : d->severity == XC_SEV_WARNING ? yellow : text);
    worksheet_write_number(ws, r, 3, (double)g->n, numf);
    put_text(ws, r, 4, xc_buf_str(&cells), text);
    put_text(ws, r, 5, xc_buf_str(&msg), text);
    put_text(ws, r, 6, xc_group_hint(g, L), text);
    put_text(ws, r, 7, g->id, text);
  }
  worksheet_freeze_panes(ws, 1, 0);
  if (gs.n) worksheet_autofilter(ws, 0, 0, (lxw_row_t)gs.n, 7);
  xc_buf_free(&cells);
  xc_buf_free(&msg);
  xc_groups_free(&gs);
}

/* "Tổng quan", the sheet the province workbook opens on: the units' status
 * (errors first, as bao-cao.html), then the key indicators by unit beside
 * the province (indicators.tsv) and a native bar chart of them. */
static void overview_sheet(xc_fw *w, lxw_worksheet *ws, const xc_merge *mg, const xc_diags *log,
                           const xc_indicators *ind, xc_lang L) {
  lxw_workbook *wb = xc_fw_workbook(w);
  lxw_format *head = xc_fw_format(w, XC_FW_STYLE_HEAD), *text = xc_fw_format(w, XC_FW_STYLE_TEXT);
  lxw_format *numf = xc_fw_format(w, XC_FW_STYLE_NUMBER);
  lxw_format *red = xc_fw_format(w, XC_FW_STYLE_ERROR), *yellow = xc_fw_format(w, XC_FW_STYLE_WARNING);
  lxw_format *green = workbook_add_format(wb);
  format_set_border(green, LXW_BORDER_THIN);
  format_set_bg_color(green, 0xC6EFCE);
  format_set_font_color(green, 0x006100);
  lxw_format *title = workbook_add_format(wb); /* one line, not wrapped in column A */
  format_set_bold(title);
  format_set_font_size(title, 14);
  lxw_format *pct = workbook_add_format(wb);
  format_set_border(pct, LXW_BORDER_THIN);
  format_set_num_format(pct, "0.0");
  xc_buf t;
  xc_buf_init(&t, 0);
  xc_buf_printf(&t, "%s – %s – %s %s – %s", xc_msg(L, "TỔNG QUAN", "OVERVIEW"),
                mg->rs->form_title ? mg->rs->form_title : mg->rs->form_id, xc_msg(L, "tỉnh", "province"), mg->province,
                mg->period);
  worksheet_write_string(ws, 0, 0, xc_buf_str(&t), title);
  xc_buf_clear(&t);
  xc_buf_printf(&t, xc_msg(L, "Đã tổng hợp %zu/%zu đơn vị; %zu lỗi, %zu cảnh báo (chi tiết ở trang Nhật ký lỗi và trong bao-cao.html của gói).",
                           "%zu of %zu units merged; %zu errors, %zu warnings (details in the sheet Nhật ký lỗi and in the bundle's bao-cao.html)."),
                mg->nmerged, mg->units->n, log->errors, log->warnings);
  worksheet_write_string(ws, 1, 0, xc_buf_str(&t), NULL);
  const char *h[] = {"Đơn vị", "Tình trạng", "Lỗi", "Cảnh báo", "Tệp"};
  const char *h_en[] = {"Unit", "Status", "Errors", "Warnings", "File"};
  for (lxw_col_t c = 0; c < 5; c++) worksheet_write_string(ws, 3, c, xc_msg(L, h[c], h_en[c]), head);
  worksheet_set_column(ws, 0, 0, 24, NULL);
  worksheet_set_column(ws, 1, 1, 22, NULL);
  worksheet_set_column(ws, 2, 3, 10, NULL);
  worksheet_set_column(ws, 4, 4, 48, NULL);
  xc_merge_row *rows;
  size_t nrows = xc_merge_rows(mg, &rows);
  lxw_row_t r = 4;
  for (size_t i = 0; i < nrows; i++, r++) {
    const xc_merge_row *R = &rows[i];
    put_text(ws, r, 0, R->name, text);
    if (R->file < 0) {
      put_text(ws, r, 1, xc_msg(L, "Thiếu: chưa có tệp", "Missing: no file"), text);
      for (lxw_col_t c = 2; c < 5; c++) worksheet_write_blank(ws, r, c, text);
      continue;
    }
    const xc_unit_file *f = &mg->files[R->file];
    lxw_format *sf = R->cls == XC_ROW_ERRORS ? red : R->cls == XC_ROW_WARNINGS ? yellow : R->cls == XC_ROW_CLEAN ? green : text;
    put_text(ws, r, 1, xc_merge_status_name(f->status, L), sf);
    worksheet_write_number(ws, r, 2, (double)R->errors, numf);
    worksheet_write_number(ws, r, 3, (double)R->warnings, numf);
    put_text(ws, r, 4, f->path, text);
  }
  free(rows);
  if (ind && ind->n && mg->nmerged) {
    r++;
    worksheet_write_string(ws, r++, 0, xc_msg(L, "CHỈ TIÊU CHÍNH THEO ĐƠN VỊ (%)", "KEY INDICATORS BY UNIT (%)"), title);
    lxw_row_t hr = r++;
    worksheet_write_string(ws, hr, 0, xc_msg(L, "Đơn vị", "Unit"), head);
    for (size_t k = 0; k < ind->n; k++) worksheet_write_string(ws, hr, (lxw_col_t)(1 + k), ind->items[k].label, head);
    worksheet_set_row(ws, hr, 60, NULL);
    lxw_row_t first = r;
    for (size_t i = 0; i <= mg->nmerged; i++, r++) {
      bool prov = i == mg->nmerged;
      put_text(ws, r, 0, prov ? xc_msg(L, "Toàn tỉnh", "Province") : mg->units->units[mg->files[mg->order[i]].unit].official_name,
               prov ? head : text);
      for (size_t k = 0; k < ind->n; k++) {
        const xc_indicator *x = &ind->items[k];
        bool has = prov ? x->has_province : x->has_unit[i];
        double v = prov ? x->province : x->unit[i];
        if (has) worksheet_write_number(ws, r, (lxw_col_t)(1 + k), v, pct);
        else worksheet_write_blank(ws, r, (lxw_col_t)(1 + k), pct);
      }
    }
    lxw_row_t last = r - 1;
    /* one clustered bar chart: units (and the province) down, one series per indicator */
    lxw_chart *ch = workbook_add_chart(wb, LXW_CHART_BAR);
    if (ch) {
      for (size_t k = 0; k < ind->n; k++) {
        lxw_chart_series *se = chart_add_series(ch, NULL, NULL);
        if (!se) continue;
        chart_series_set_categories(se, XC_MERGE_OVERVIEW_SHEET, first, 0, last, 0);
        chart_series_set_values(se, XC_MERGE_OVERVIEW_SHEET, first, (lxw_col_t)(1 + k), last, (lxw_col_t)(1 + k));
        chart_series_set_name_range(se, XC_MERGE_OVERVIEW_SHEET, hr, (lxw_col_t)(1 + k));
      }
      xc_buf_clear(&t);
      xc_buf_printf(&t, "%s – %s", xc_msg(L, "Chỉ tiêu chính theo đơn vị (%)", "Key indicators by unit (%)"), mg->period);
      chart_title_set_name(ch, xc_buf_str(&t));
      /* a bar chart's x axis is the horizontal (value) one */
      chart_axis_set_min(ch->x_axis, 0);
      chart_axis_set_max(ch->x_axis, 100);
      chart_axis_set_reverse(ch->y_axis); /* the first unit on top, as in the table */
      chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
      lxw_chart_options co = {0};
      co.x_scale = 1.6;
      co.y_scale = 2.4;
      worksheet_insert_chart_opt(ws, r + 1, 0, ch, &co);
    }
  }
  worksheet_freeze_panes(ws, 4, 0);
  worksheet_set_paper(ws, 9); /* A4, one page wide when printed */
  worksheet_fit_to_pages(ws, 1, 0);
  xc_buf_free(&t);
}

/* "Xếp hạng": the units ranked by their PAR index, with each field's appraisal. */
static void rank_sheet(xc_fw *w, const xc_merge *mg, xc_lang L) {
  if (mg->cs_sheet < 0) return;
  lxw_worksheet *ws = workbook_add_worksheet(xc_fw_workbook(w), XC_MERGE_RANK_SHEET);
  if (!ws) return;
  const xc_form_sheet *fs = &mg->rs->sheets[mg->cs_sheet];
  lxw_format *head = xc_fw_format(w, XC_FW_STYLE_HEAD), *text = xc_fw_format(w, XC_FW_STYLE_TEXT);
  lxw_format *numf = xc_fw_format(w, XC_FW_STYLE_NUMBER);
  xc_buf t;
  xc_buf_init(&t, 0);
  xc_buf_printf(&t, "%s %s – %s", xc_msg(L, "XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH", "PAR INDEX RANKING"),
                mg->period, mg->province);
  worksheet_write_string(ws, 0, 0, xc_buf_str(&t), xc_fw_format(w, XC_FW_STYLE_TITLE));
  const char *h[] = {"Hạng", "Đơn vị", "Điểm tối đa", "Tự đánh giá", "Thẩm định", "Chỉ số (%)"};
  for (lxw_col_t c = 0; c < 6; c++) worksheet_write_string(ws, 2, c, h[c], head);
  for (size_t k = 0; k < mg->nfields; k++) {
    xc_buf_clear(&t);
    const xc_spec_row *sr = &fs->rows[mg->fields[k]];
    xc_buf_printf(&t, "%s. %s", sr->key, sr->label);
    worksheet_write_string(ws, 2, (lxw_col_t)(6 + k), xc_buf_str(&t), head);
  }
  worksheet_set_column(ws, 0, 0, 7, NULL);
  worksheet_set_column(ws, 1, 1, 24, NULL);
  worksheet_set_column(ws, 2, 5, 12, NULL);
  worksheet_set_column(ws, 6, (lxw_col_t)(6 + mg->nfields), 16, NULL);
  worksheet_set_row(ws, 2, 90, NULL);
  for (size_t i = 0; i < mg->nmerged; i++) {
    const xc_rank_line *R = &mg->ranking[i];
    lxw_row_t r = (lxw_row_t)(3 + i);
    worksheet_write_number(ws, r, 0, (double)R->rank, numf);
    put_text(ws, r, 1, mg->units->units[mg->files[R->file].unit].official_name, text);
    worksheet_write_number(ws, r, 2, xc_dec_to_double(R->max), numf);
    worksheet_write_number(ws, r, 3, xc_dec_to_double(R->self), numf);
    worksheet_write_number(ws, r, 4, xc_dec_to_double(R->appraisal), numf);
    if (R->has_index) worksheet_write_number(ws, r, 5, xc_dec_to_double(R->index), numf);
    else worksheet_write_blank(ws, r, 5, numf);
    for (size_t k = 0; k < mg->nfields; k++)
      if (R->has_field[k]) worksheet_write_number(ws, r, (lxw_col_t)(6 + k), xc_dec_to_double(R->fields[k]), numf);
      else worksheet_write_blank(ws, r, (lxw_col_t)(6 + k), numf);
  }
  worksheet_freeze_panes(ws, 3, 2);
  xc_buf_free(&t);
}

/* ---- writing workbooks --------------------------------------------------- */

/* Rows of a sheet: Excel's 1,048,576, or XLSXCHECK_SHEET_ROWS (tests lower
 * it to see the long lists continue on more sheets without a million rows). */
static size_t sheet_rows(void) {
  const char *e = getenv("XLSXCHECK_SHEET_ROWS");
  char *end;
  unsigned long long v = e ? strtoull(e, &end, 10) : 0;
  return e && *e && !*end && v >= 8 && v < 1048576 ? (size_t)v : 0;
}

/* The lists longer than a sheet holds: "Danh mục TTHC: 1.234.567 dòng,
 * tiếp tục ở trang "Danh mục TTHC (2)"" in both languages, on mg. */
static void split_note(const xc_fw_spec *spec, xc_merge *mg, const src_ctx *c, size_t max_rows) {
  xc_buf vi, en, num, name;
  xc_buf_init(&vi, 0);
  xc_buf_init(&en, 0);
  xc_buf_init(&num, 0);
  xc_buf_init(&name, 0);
  for (size_t s = 0; s < mg->rs->nsheets; s++) {
    if (mg->rs->sheets[s].type != XC_SHEET_LIST) continue;
    const char *sheet = mg->rs->sheets[s].name;
    size_t cap = xc_fw_list_capacity(spec, sheet, max_rows);
    if (!cap || c->lcount[s] <= cap) continue;
    size_t parts = (c->lcount[s] + cap - 1) / cap;
    xc_buf_clear(&num);
    xc_dec_format_vi(&num, xc_dec_from_int((int64_t)c->lcount[s]), 0);
    xc_buf_printf(&vi, "%s%s có %s dòng, quá số dòng một trang Excel chứa được (%zu): tiếp tục ở trang ",
                  vi.len ? "; " : "", sheet, xc_buf_str(&num), cap);
    xc_buf_printf(&en, "%s%s has %zu rows, more than one Excel sheet holds (%zu): continued on sheet%s ",
                  en.len ? "; " : "", sheet, c->lcount[s], cap, parts > 2 ? "s" : "");
    for (size_t k = 2; k <= parts; k++) {
      xc_buf_clear(&name);
      xc_fw_part_name(sheet, k, &name);
      xc_buf_printf(&vi, "%s\"%s\"", k > 2 ? ", " : "", xc_buf_str(&name));
      xc_buf_printf(&en, "%s\"%s\"", k > 2 ? ", " : "", xc_buf_str(&name));
    }
  }
  mg->split_vi = vi.len && !vi.nomem ? xc_arena_try_strndup(&mg->arena, vi.data, vi.len) : NULL;
  mg->split_en = en.len && !en.nomem ? xc_arena_try_strndup(&mg->arena, en.data, en.len) : NULL;
  if (vi.nomem || en.nomem || num.nomem || name.nomem || (vi.len && !mg->split_vi) || (en.len && !mg->split_en))
    mg->nomem = true;
  xc_buf_free(&vi);
  xc_buf_free(&en);
  xc_buf_free(&num);
  xc_buf_free(&name);
}

/* The province workbook; with log NULL the form's sheets only (for the
 * scope-P check, whose findings the final version's log then holds).  Its
 * detail lists are streamed to disk as they are written (stream_lists). */
static bool write_province(const xc_fw_spec *spec, xc_merge *mg, const char *path, const xc_diags *log,
                           const xc_indicators *ind, xc_lang L, xc_buf *err) {
  src_ctx c;
  memset(&c, 0, sizeof c);
  c.mg = mg;
  size_t max_rows = sheet_rows();
  if (!province_lists(&c)) {
    province_lists_free(&c);
    err->nomem = true;
    return false;
  }
  split_note(spec, mg, &c, max_rows);
  if (mg->nomem) {
    province_lists_free(&c);
    err->nomem = true;
    return false;
  }
  xc_buf note;
  xc_buf_init(&note, 0);
  /* first, so that cutting the long list of units never hides it */
  if (mg->split_vi) xc_buf_printf(&note, "%s. ", mg->split_vi);
  xc_buf_printf(&note, "Tổng hợp từ %zu/%zu đơn vị: ", mg->nmerged, mg->units->n);
  for (size_t i = 0; i < mg->nmerged; i++)
    xc_buf_printf(&note, "%s%s", i ? "; " : "", mg->units->units[mg->files[mg->order[i]].unit].official_name);
  c.units_note = xc_buf_str(&note);
  xc_fw_source src = {&c, keyed_cell, list_rows, list_cell, "Đơn vị"};
  xc_buf title;
  xc_buf_init(&title, 0);
  xc_buf_printf(&title, "Tổng hợp %s – tỉnh %s – %s", mg->rs->form_title ? mg->rs->form_title : mg->rs->form_id,
                mg->province, mg->period);
  xc_fw_props props = {xc_buf_str(&title), "Báo cáo tổng hợp toàn tỉnh", "Tổng hợp bởi xlsxcheck merge.", mg->rs->form_id,
                       NULL, true, max_rows};
  xc_fw *w = xc_fw_open(spec, mg->rs->form_id, path, &props, err);
  /* "Tổng quan" first, so the workbook opens on it; filled once the form is written */
  lxw_worksheet *ov = w && log ? workbook_add_worksheet(xc_fw_workbook(w), XC_MERGE_OVERVIEW_SHEET) : NULL;
  bool ok = w && xc_fw_form(w, &src, err);
  if (ok && log) {
    if (ov) overview_sheet(w, ov, mg, log, ind, L);
    rank_sheet(w, mg, L);
    if (!detail_sheet(w, mg, L)) c.nomem = true;
    log_sheet(w, log, L);
  }
  if (w) ok = xc_fw_close(w, err) && ok;
  if (c.nomem || note.nomem || title.nomem) {
    err->nomem = true;
    ok = false;
  }
  province_lists_free(&c);
  xc_buf_free(&note);
  xc_buf_free(&title);
  return ok;
}

/* libxlsxwriter writes every part of a workbook to a temporary file before
 * zipping it: for the many small unit copies, files in memory (/dev/shm,
 * tmpfs) cost a third of those on disk.  The province workbook, which can
 * be large, keeps the system's temporary folder. */
static const char *small_tmpdir(void) {
  static const char shm[] = "/dev/shm";
  return access(shm, W_OK | X_OK) == 0 ? shm : NULL;
}

static bool write_unit(const xc_fw_spec *spec, const xc_merge *mg, const xc_unit_file *f, const char *path,
                       xc_lang L, xc_buf *err) {
  unit_ctx u;
  memset(&u, 0, sizeof u);
  u.base.mg = mg;
  u.base.f = f;
  xc_fw_source src = {&u, keyed_cell, list_rows, list_cell, NULL};
  xc_fw_props props = {f->unit >= 0 ? mg->units->units[f->unit].official_name : f->path,
                       "Tệp của đơn vị, ghi lại trên biểu mẫu chính thức, ô có lỗi được tô màu",
                       "Ô nền đỏ: lỗi; nền vàng: cảnh báo; nội dung ở chú thích của ô và ở trang Nhật ký lỗi.",
                       mg->rs->form_id, small_tmpdir(), false, 0};
  xc_fw *w = xc_fw_open(spec, mg->rs->form_id, path, &props, err);
  bool ok = w && xc_fw_form(w, &src, err);
  if (ok) {
    xc_diags mine;
    xc_diags_init(&mine);
    for (size_t i = 0; i < f->diags.n; i++) xc_diags_add(&mine, &f->diags.items[i]);
    xc_diags_sort(&mine);
    group_log_sheet(w, &mine, L);
    if (w) ok = xc_fw_close(w, err);
    w = NULL;
    xc_diags_free(&mine);
  }
  if (w) xc_fw_close(w, err);
  for (size_t i = 0; i < u.nbufs; i++) {
    if (u.bufs[i].nomem) u.base.nomem = true;
    xc_buf_free(&u.bufs[i]);
  }
  free(u.bufs);
  if (u.base.nomem) {
    err->nomem = true;
    ok = false;
  }
  return ok;
}

/* ---- the annotated unit workbooks, on every core ------------------------ */

/* libxlsxwriter 1.1.4 packs a workbook through process-wide state (its
 * temporary files' random names, gmtime), so two threads cannot close
 * workbooks at once (formwrite.c serialises them).  The unit workbooks are
 * written by forked processes instead: each writes every nproc-th file, and
 * reports its first failure through a pipe; so is the province workbook
 * (write_province_apart).  Every fork holds formwrite.c's close lock: in a
 * server another thread may be closing a workbook, and a child made then
 * would wait for that lock forever. */
typedef struct {
  pid_t pid;
  int fd; /* read end of the child's error pipe, or -1 */
} writer_proc;

/* A writer's exit status when memory ran out (1: any other failure). */
#define WRITER_NOMEM 3

static bool write_units_range(const xc_fw_spec *spec, const xc_merge *mg, char **paths, size_t from,
                              size_t step, xc_lang L, xc_buf *err) {
  bool ok = true;
  xc_buf e;
  xc_buf_init(&e, 0);
  for (size_t i = from; i < mg->nfiles; i += step) {
    if (!paths[i]) continue;
    xc_buf_clear(&e);
    if (!write_unit(spec, mg, &mg->files[i], paths[i], L, &e)) {
      if (ok) xc_buf_printf(err, "%s: %s", paths[i], xc_buf_str(&e));
      if (e.nomem) err->nomem = true;
      ok = false;
    }
  }
  xc_buf_free(&e);
  return ok;
}

/* Starts up to nproc writers, writer k taking files k, k + nproc, …; returns
 * how many started (fewer when fork is refused: the caller writes the rest). */

/* In a forked writer: killed with its parent, whatever kills it (the
 * parent may already be gone), and every signal unblocked. */
static void writer_child_enter(pid_t parent) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(1);
  sigset_t all;
  sigemptyset(&all);
  pthread_sigmask(SIG_SETMASK, &all, NULL);
}

/* A forked writer's end: on failure the system's reason first (a full
 * disk), then the message, down the pipe fd; the exit status says which. */
static _Noreturn void writer_child_exit(int fd, bool ok, const xc_buf *e) {
  if (!ok) {
    int sys = errno;
    char msg[4096];
    memcpy(msg, &sys, sizeof sys);
    size_t n = e->len < sizeof msg - sizeof sys ? e->len : sizeof msg - sizeof sys;
    if (n) memcpy(msg + sizeof sys, e->data, n);
    ssize_t w = write(fd, msg, sizeof sys + n);
    (void)w;
  }
  _exit(ok ? 0 : e->nomem ? WRITER_NOMEM : 1);
}
static size_t start_unit_writers(const xc_fw_spec *spec, const xc_merge *mg, char **paths, size_t nproc,
                                 xc_lang L, writer_proc *procs, xc_cleanup *cleanup) {
  fflush(NULL);
  size_t started = 0;
  pid_t parent = getpid();
  for (size_t k = 0; k < nproc; k++) {
    int fds[2];
    if (pipe(fds) != 0) break;
    xc_fw_fork_begin(); /* no workbook closing in another thread meanwhile */
    pid_t pid = fork();
    xc_fw_fork_end();
    if (pid < 0) {
      close(fds[0]);
      close(fds[1]);
      break;
    }
    if (pid == 0) { /* the child: its share, then out without running atexit handlers */
      close(fds[0]);
      writer_child_enter(parent);
      xc_buf e;
      xc_buf_init(&e, 0);
      bool ok = write_units_range(spec, mg, paths, k, nproc, L, &e);
      writer_child_exit(fds[1], ok, &e);
    }
    close(fds[1]);
    xc_cleanup_add_pid(cleanup, pid);
    procs[started].pid = pid;
    procs[started].fd = fds[0];
    started++;
  }
  return started;
}

static bool wait_unit_writers(writer_proc *procs, size_t n, xc_cleanup *cleanup, int *sys, xc_errtext *err) {
  bool ok = true;
  for (size_t k = 0; k < n; k++) {
    char buf[4096 + sizeof(int)], *msg = buf + sizeof(int);
    size_t got = 0;
    ssize_t r;
    while ((r = read(procs[k].fd, buf + got, sizeof buf - 1 - got)) > 0) got += (size_t)r;
    close(procs[k].fd);
    buf[got] = '\0';
    if (got >= sizeof(int)) {
      int e;
      memcpy(&e, buf, sizeof e);
      if (!*sys) *sys = e;
      got -= sizeof(int);
    } else {
      got = 0;
      msg = buf + got;
    }
    int status = 0;
    while (waitpid(procs[k].pid, &status, 0) < 0 && errno == EINTR) {
    }
    xc_cleanup_del_pid(cleanup, procs[k].pid);
    if (WIFEXITED(status) && WEXITSTATUS(status) == WRITER_NOMEM) err->nomem = true;
    if (WIFSIGNALED(status) &&
        (WTERMSIG(status) == SIGSEGV || WTERMSIG(status) == SIGBUS || WTERMSIG(status) == SIGABRT)) {
      /* libxlsxwriter 1.1.4 uses some of its allocations unchecked: a
       * writer that crashed ran out of memory (see write_province_apart) */
      err->nomem = true;
      if (ok && xc_errtext_empty(err))
        XC_ERRTEXT_PRINTF(err, "libxlsxwriter stopped (signal %d) for want of memory", WTERMSIG(status));
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      if (ok && xc_errtext_empty(err)) {
        if (got) xc_errtext_adds(err, msg);
        else xc_errtext_add(err, "không ghi được một tệp của đơn vị", "a unit workbook could not be written");
      }
      ok = false;
    }
  }
  return ok;
}

/* libxlsxwriter 1.1.4 is not safe when memory runs out: some of its
 * allocations are used unchecked (lxw_escape_data for the rows of a
 * constant-memory sheet, lxw_new_attribute_str, lxw_escape_control_characters
 * while the workbook is closed), so it may crash instead of failing.  The
 * province workbook is therefore written by a forked process too, as the
 * unit workbooks are: a writer that crashes takes only itself, and the merge
 * fails with XC_ERR_NOMEM after cleaning up.  The note on lists continued
 * over several sheets is made here first: the page shows it as well.
 * Returns with the writer started (w; wait_province waits for it), or with
 * the workbook written here when fork is refused. */
static bool write_province_apart(const xc_fw_spec *spec, xc_merge *mg, const char *path, const xc_diags *log,
                                 const xc_indicators *ind, xc_lang L, xc_cleanup *cleanup, writer_proc *w,
                                 xc_errtext *err) {
  w->pid = -1;
  w->fd = -1;
  src_ctx c;
  memset(&c, 0, sizeof c);
  c.mg = mg;
  if (province_lists(&c)) split_note(spec, mg, &c, sheet_rows());
  province_lists_free(&c);
  if (c.nomem || mg->nomem) {
    err->nomem = true;
    return false;
  }
  fflush(NULL);
  int fds[2];
  pid_t parent = getpid();
  pid_t pid = -2;
  if (pipe(fds) == 0) {
    /* no workbook closing in another thread meanwhile: its lock, taken in
     * this child, would never be released (a server thread annotating) */
    xc_fw_fork_begin();
    pid = fork();
    xc_fw_fork_end();
  }
  if (pid < 0) { /* no pipe or fork refused: written here */
    if (pid == -1) close(fds[0]), close(fds[1]);
    xc_buf plain;
    xc_buf_init(&plain, 0);
    bool ok = write_province(spec, mg, path, log, ind, L, &plain);
    if (plain.len) xc_errtext_adds(err, xc_buf_str(&plain));
    if (plain.nomem) err->nomem = true;
    xc_buf_free(&plain);
    return ok;
  }
  if (pid == 0) {
    close(fds[0]);
    writer_child_enter(parent);
    xc_buf e;
    xc_buf_init(&e, 0);
    bool ok = write_province(spec, mg, path, log, ind, L, &e);
    writer_child_exit(fds[1], ok, &e);
  }
  close(fds[1]);
  xc_cleanup_add_pid(cleanup, pid);
  *w = (writer_proc){pid, fds[0]};
  return true;
}

/* Waits for the province writer started by write_province_apart (none when
 * it wrote here). */
static bool wait_province(writer_proc *w, xc_cleanup *cleanup, int *sys, xc_errtext *err) {
  if (w->pid < 0) return true;
  bool ok = wait_unit_writers(w, 1, cleanup, sys, err);
  w->pid = -1;
  return ok;
}

/* ---- the province check (scope P) ------------------------------------------ */

/* List rows per window of the province check (provcheck.c): its default, or
 * XLSXCHECK_CHECK_WINDOW (tests make windows small to exercise them). */
static size_t check_window_rows(void) {
  const char *e = getenv("XLSXCHECK_CHECK_WINDOW");
  char *end;
  unsigned long long v = e ? strtoull(e, &end, 10) : 0;
  return e && *e && !*end && v >= 1 && v < SIZE_MAX ? (size_t)v : 0;
}

/* ---- the zip ---------------------------------------------------------------- */

typedef struct {
  char *name; /* entry name */
  char *path; /* file on disk */
  bool store; /* already compressed (xlsx) */
  zip_int64_t ahead; /* its index in the zip compressed ahead (zip_ahead), or -1 */
} entry;

/* How an entry is compressed in the bundle: one place, since an entry
 * compressed ahead (zip_ahead) is copied into the bundle as it is. */
static void set_entry_compression(zip_t *z, zip_int64_t idx, const entry *e) {
  zip_set_file_compression(z, (zip_uint64_t)idx, e->store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 9);
}

/* Adds the entries from..n-1 (their files) to a zip at `side`, compressed
 * as write_zip would, and notes their index there: write_zip copies them
 * without compressing them again.  false (and nothing noted) on any failure. */
static bool zip_ahead(const char *side, entry *ents, size_t from, size_t n) {
  int zerr = 0;
  zip_t *z = zip_open(side, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
  if (!z) return false;
  for (size_t i = from; i < n; i++) {
    zip_source_t *src = zip_source_file(z, ents[i].path, 0, -1);
    zip_int64_t idx = src ? zip_file_add(z, ents[i].name, src, ZIP_FL_ENC_UTF_8) : -1;
    if (idx < 0) {
      if (src) zip_source_free(src);
      zip_discard(z);
      return false;
    }
    set_entry_compression(z, idx, &ents[i]);
    ents[i].ahead = idx;
  }
  if (zip_close(z) != 0) {
    zip_discard(z);
    for (size_t i = from; i < n; i++) ents[i].ahead = -1;
    return false;
  }
  return true;
}

static int cmp_entry(const void *a, const void *b) {
  return strcmp(((const entry *)a)->name, ((const entry *)b)->name);
}

/* The reason of libzip's last error, in the user's language when it is the system's. */
static void zip_reason(zip_error_t *ze, const char *near, xc_errtext *err) {
  int sys = zip_error_code_system(ze);
  if (zip_error_system_type(ze) == ZIP_ET_SYS && sys) XC_ERRTEXT_PRINTF(err, "%s", xc_write_reason(sys, near, XC_L));
  else xc_errtext_adds(err, zip_error_strerror(ze));
}

/* The zip, written in the scratch folder (out); errors name dest. */
static bool write_zip(const char *out, const char *dest, const char *near, const char *side, entry *ents, size_t n,
                      xc_errtext *err) {
  qsort(ents, n, sizeof *ents, cmp_entry);
  int zerr = 0;
  errno = 0;
  /* the entries compressed ahead (zip_ahead) are copied from there as they are */
  zip_t *ahead = side ? zip_open(side, ZIP_RDONLY, &zerr) : NULL;
  zip_t *z = side && !ahead ? NULL : zip_open(out, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
  if (!z) {
    if (ahead) zip_discard(ahead);
    if (zerr == ZIP_ER_MEMORY || errno == ENOMEM) err->nomem = true;
    zip_error_t ze;
    zip_error_init_with_code(&ze, zerr);
    XC_ERRTEXT_PRINTF(err, "%s: ", dest);
    zip_reason(&ze, near, err);
    zip_error_fini(&ze);
    return false;
  }
  for (size_t i = 0; i < n; i++) {
    zip_source_t *src = ahead && ents[i].ahead >= 0 ? zip_source_zip(z, ahead, (zip_uint64_t)ents[i].ahead, 0, 0, -1)
                                                    : zip_source_file(z, ents[i].path, 0, -1);
    zip_int64_t idx = src ? zip_file_add(z, ents[i].name, src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) : -1;
    if (idx < 0) {
      if (src) zip_source_free(src);
      if (zip_error_code_zip(zip_get_error(z)) == ZIP_ER_MEMORY || errno == ENOMEM) err->nomem = true;
      XC_ERRTEXT_PRINTF(err, "%s: %s", ents[i].name, zip_strerror(z));
      zip_discard(z);
      if (ahead) zip_discard(ahead);
      return false;
    }
    set_entry_compression(z, idx, &ents[i]);
    zip_file_set_dostime(z, (zip_uint64_t)idx, BUNDLE_DOS_TIME, BUNDLE_DOS_DATE, 0);
    zip_file_set_external_attributes(z, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX, (zip_uint32_t)(0100644) << 16);
  }
  errno = 0;
  if (zip_close(z) != 0) { /* libzip writes a temporary file and renames it over `out` */
    zip_error_t *ze = zip_get_error(z);
    if (zip_error_code_zip(ze) == ZIP_ER_MEMORY || errno == ENOMEM ||
        (zip_error_system_type(ze) == ZIP_ET_SYS && zip_error_code_system(ze) == ENOMEM))
      err->nomem = true;
    XC_ERRTEXT_PRINTF(err, "%s: ", dest);
    zip_reason(zip_get_error(z), near, err);
    zip_discard(z);
    if (ahead) zip_discard(ahead);
    return false;
  }
  if (ahead) zip_discard(ahead);
  return true;
}

/* ---- the whole bundle ------------------------------------------------------ */

static bool write_file(const char *path, const void *data, size_t n, xc_errtext *err) {
  FILE *fp = fopen(path, "wb");
  bool ok = fp && fwrite(data, 1, n, fp) == n;
  int e = errno;
  if (fp && fclose(fp) != 0 && ok) ok = false, e = errno;
  if (!ok && e == ENOMEM) err->nomem = true; /* fopen's buffer */
  if (!ok) XC_ERRTEXT_PRINTF(err, "%s: %s", path, xc_write_reason(e ? e : EIO, path, XC_L));
  return ok;
}

/* errno values that say why a write failed (the rest: the message as it is) */
static bool is_write_errno(int e) {
  return e == ENOSPC || e == EDQUOT || e == EACCES || e == EPERM || e == EROFS || e == EIO || e == EFBIG;
}

/* The bundle must never replace one of the inputs. */
static bool is_input(const xc_merge *mg, const char *out) {
  struct stat so, si;
  if (stat(out, &so) != 0) return false;
  for (size_t i = 0; i < mg->nfiles; i++)
    if (!mg->files[i].data && stat(mg->files[i].path, &si) == 0 && si.st_dev == so.st_dev && si.st_ino == so.st_ino) return true;
  return false;
}

/* The phases' wall times (XC_TRACE_TIMING, for bench/), from the start of
 * one bundle. */
typedef struct {
  struct timespec t0;
  const xc_limits *lim; /* NULL: not asked for */
} timing;

static void timing_start(timing *tm, const xc_limits *lim) {
  tm->lim = xc_tracing(lim, XC_TRACE_TIMING) ? lim : NULL;
  clock_gettime(CLOCK_MONOTONIC, &tm->t0);
}

static void phase(const timing *tm, const char *what) {
  if (!tm->lim) return;
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  /* and the peak resident memory so far (VmHWM), to see which phase grows */
  long hwm_kb = -1;
  FILE *st = fopen("/proc/self/status", "r");
  char line[256];
  while (st && fgets(line, sizeof line, st))
    if (sscanf(line, "VmHWM: %ld kB", &hwm_kb) == 1) break;
  if (st) fclose(st);
  /* and the CPU time of this process so far (its threads; not the forked writers) */
  struct rusage ru;
  double cpu = getrusage(RUSAGE_SELF, &ru) == 0
                   ? (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6
                   : -1;
  xc_trace(tm->lim, XC_TRACE_TIMING, "xlsxcheck: timing: %-28s %8.3f s, CPU %7.2f s, peak RSS %ld MB", what,
           (double)(t.tv_sec - tm->t0.tv_sec) + (double)(t.tv_nsec - tm->t0.tv_nsec) / 1e9, cpu, hwm_kb / 1024);
}

/* A copy of s, NULL when memory runs out. */
static char *dup_text(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = xc_try_malloc(n);
  if (d) memcpy(d, s, n);
  return d;
}

/* Appends the entry (name, path) to ents; false when memory runs out. */
static bool add_entry(entry *ents, size_t *n, const char *name, const char *path, bool big) {
  char *a = dup_text(name), *b = dup_text(path);
  if (!a || !b) {
    free(a);
    free(b);
    return false;
  }
  ents[(*n)++] = (entry){a, b, big, -1};
  return true;
}

/* Forgets the entries from `from` on. */
static void drop_entries(entry *ents, size_t *n, size_t from) {
  for (size_t i = from; i < *n; i++) {
    free(ents[i].name);
    free(ents[i].path);
  }
  if (*n > from) *n = from;
}

/* The log (CSV), the two pages and the manifest for log, written into dir
 * and added to ents (the manifest names every entry, itself included). */
static bool write_pages(const xc_merge *mg, const xc_diags *log, const char *xlsx, const xc_indicators *ind, xc_lang L,
                        const char *dir, entry *ents, size_t *n, bool *nomem, xc_errtext *err) {
  char path[PATH_MAX + 64];
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_report_csv_buf(&b, log, L);
  snprintf(path, sizeof path, "%s/nhat-ky-loi.csv", dir);
  if (b.nomem || !add_entry(ents, n, "nhat-ky-loi.csv", path, false)) *nomem = true;
  bool ok = !*nomem && write_file(path, b.data, b.len, err);
  for (int errors_only = 0; errors_only < 2; errors_only++) {
    const char *page = errors_only ? XC_MERGE_HTML_ERRORS : XC_MERGE_HTML;
    xc_buf_clear(&b);
    xc_merge_html(mg, log, xlsx, ind, errors_only, L, &b);
    snprintf(path, sizeof path, "%s/%s", dir, page);
    if (ok && (b.nomem || !add_entry(ents, n, page, path, false))) *nomem = true, ok = false;
    ok = ok && write_file(path, b.data, b.len, err);
  }
  xc_buf_clear(&b);
  snprintf(path, sizeof path, "%s/manifest.json", dir);
  if (ok && !add_entry(ents, n, "manifest.json", path, false)) *nomem = true, ok = false;
  const char **names = ok ? xc_try_malloc(*n * sizeof *names) : NULL;
  if (ok && !names) *nomem = true, ok = false;
  for (size_t i = 0; ok && i < *n; i++) names[i] = ents[i].name;
  if (ok) xc_merge_manifest(mg, log, names, *n, &b);
  free(names);
  if (ok && b.nomem) *nomem = true, ok = false;
  ok = ok && write_file(path, b.data, b.len, err);
  xc_buf_free(&b);
  return ok;
}

/* The messages of the form writer, the forms' spec and the indicators (one
 * language: paths and libxlsxwriter's words), carried into err for both;
 * their want of memory too. */
static void carry(xc_buf *plain, xc_errtext *err) {
  if (plain->len) xc_errtext_adds(err, xc_buf_str(plain));
  if (plain->nomem) err->nomem = true;
  xc_buf_clear(plain);
}

bool xc_bundle_write(xc_merge *mg, const xc_bundle_opts *o, xc_bundle_result *res, xc_errtext *err) {
  timing tm;
  timing_start(&tm, o->limits);
  phase(&tm, "bundle: start");
  memset(res, 0, sizeof *res);
  xc_buf slug_p, slug_k, name;
  xc_buf_init(&slug_p, 0);
  xc_buf_init(&slug_k, 0);
  xc_buf_init(&name, 0);
  xc_slug(mg->province, &slug_p);
  xc_slug(mg->period[0] ? mg->period : "khong-ro-ky", &slug_k);
  xc_buf_printf(&name, "tong-hop_%s_%s", xc_buf_str(&slug_p), xc_buf_str(&slug_k));
  if (slug_p.nomem || slug_k.nomem || name.nomem) {
    xc_buf_free(&slug_p);
    xc_buf_free(&slug_k);
    xc_buf_free(&name);
    err->nomem = true;
    return false;
  }
  snprintf(res->xlsx, sizeof res->xlsx, "%s.xlsx", xc_buf_str(&name));
  if (o->out) snprintf(res->path, sizeof res->path, "%s", o->out);
  else {
    mkdir("dist", 0777);
    snprintf(res->path, sizeof res->path, "dist/%s.zip", xc_buf_str(&name));
  }
  xc_buf_free(&slug_p);
  xc_buf_free(&slug_k);
  xc_buf_free(&name);
  xc_dest dest;
  if (!xc_dest_resolve(res->path, &dest, err)) return false;
  if (!dest.to_stdout && is_input(mg, dest.path)) {
    XC_ERRTEXT_PRINTF(err, "%s: %s", res->path,
                  xc_msg(XC_L, "tệp kết quả trùng với một tệp đầu vào; chọn tên khác với -o",
                         "the output is one of the inputs; choose another name with -o"));
    return false;
  }
  /* a scratch folder ($TMPDIR, or beside the destination); the leftovers of
   * killed runs beside the destination go first */
  char dir[PATH_MAX];
  if (!dest.to_stdout) xc_scratch_remove_stale(dest.dir);
  if (!xc_scratch_make(dest.to_stdout ? "." : dest.dir, res->path, dir, sizeof dir, o->cleanup, err)) return false;
  char sub[PATH_MAX + 16];
  snprintf(sub, sizeof sub, "%s/don-vi", dir);
  mkdir(sub, 0777);
  xc_buf plain;
  xc_buf_init(&plain, 0);
  xc_fw_spec *spec = xc_fw_spec_load(o->rules_dir, mg->units_path, &plain);
  xc_indicators ind;
  memset(&ind, 0, sizeof ind);
  bool ok = spec != NULL && xc_indicators_load(o->rules_dir, mg, &ind, &plain);
  carry(&plain, err);
  size_t cap = mg->nfiles + 8, n = 0;
  entry *ents = xc_try_calloc(cap, sizeof *ents);
  char path[PATH_MAX + 600];

  /* 2. each unit's file on the form */
  char **upaths = xc_try_calloc(mg->nfiles ? mg->nfiles : 1, sizeof *upaths);
  bool nomem = !ents || !upaths; /* the bundle fails, its scratch removed (err->nomem) */
  if (nomem) ok = false;
  if (ok) {
    for (size_t i = 0; i < mg->nfiles; i++) {
      xc_unit_file *f = &mg->files[i];
      f->copy = NULL;
      if (!f->readable || f->rs != mg->rs) continue;
      /* a clean file needs no annotated copy (the page and the manifest say so) */
      if (f->diags.n == 0 && !o->all_copies) continue;
      xc_buf s;
      xc_buf_init(&s, 0);
      if (f->unit >= 0) xc_buf_adds(&s, mg->units->units[f->unit].slug);
      else { /* no unit: the file's name, without its extension */
        const char *base = strrchr(f->path, '/');
        char *stem = dup_text(base ? base + 1 : f->path);
        if (!stem) {
          nomem = true;
          ok = false;
          xc_buf_free(&s);
          break;
        }
        char *dot = strrchr(stem, '.');
        if (dot && dot != stem) *dot = '\0';
        xc_slug(stem, &s);
        free(stem);
      }
      /* two files may claim one unit: number the later ones */
      char ename[600];
      snprintf(ename, sizeof ename, "don-vi/%s.xlsx", xc_buf_str(&s));
      for (int dup = 2;; dup++) {
        bool taken = false;
        for (size_t k = 0; k < n; k++) taken |= strcmp(ents[k].name, ename) == 0;
        if (!taken) break;
        snprintf(ename, sizeof ename, "don-vi/%s-%d.xlsx", xc_buf_str(&s), dup);
      }
      if (s.nomem) nomem = true;
      xc_buf_free(&s);
      snprintf(path, sizeof path, "%s/%s", dir, ename);
      if (nomem || !(upaths[i] = dup_text(path)) || !add_entry(ents, &n, ename, path, true) ||
          !(f->copy = xc_arena_try_strndup(&f->arena, ename, strlen(ename)))) {
        nomem = true;
        ok = false;
        break;
      }
    }
  }
  /* 2. the unit workbooks in forked writers, the province workbook here */
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  size_t nproc = o->threads > 0 ? (size_t)o->threads : cores < 1 ? 1 : cores > 8 ? 8 : (size_t)cores;
  if (o->threads <= 0 && nproc > 1 && mg->nmerged > 0) {
    /* this process writes the province workbook meanwhile, the longest
     * single task (about 4.5 ms of CPU per merged file, against about 7 ms
     * per annotated copy): when the copies take no longer than it, one
     * writer fewer than the cores leaves it a core of its own */
    size_t ncopies = 0;
    for (size_t i = 0; i < mg->nfiles; i++) ncopies += upaths[i] != NULL;
    if (ncopies * 7 <= mg->nmerged * 9 / 2 * (nproc - 1)) nproc--;
  }
  writer_proc procs[8];
  size_t started = ok ? start_unit_writers(spec, mg, upaths, nproc, o->lang, procs, o->cleanup) : 0;
  if (ok && started < nproc) { /* fork refused: write them here, one after the other */
    for (size_t k = started; k < nproc && ok; k++) ok = write_units_range(spec, mg, upaths, k, nproc, o->lang, &plain);
    carry(&plain, err);
  }
  int sys = 0; /* the system's reason of a failed write (errno), if any */
  if (!ok) sys = errno;

  /* 3. the province workbook, checked in scope P, written again with the full log */
  xc_diags log;
  xc_diags_init(&log);
  for (size_t i = 0; i < mg->nfiles; i++)
    for (size_t k = 0; k < mg->files[i].diags.n; k++) xc_diags_add(&log, &mg->files[i].diags.items[k]);
  for (size_t k = 0; k < mg->log.n; k++) xc_diags_add(&log, &mg->log.items[k]);
  if (log.nomem) nomem = true, ok = false;
  snprintf(path, sizeof path, "%s/%s", dir, res->xlsx);
  if (ok && mg->nmerged > 0 && !add_entry(ents, &n, res->xlsx, path, true)) nomem = true, ok = false;
  size_t pages_from = n;   /* the entries of the log, the pages and the manifest */
  bool pages_done = false; /* written (and compressed ahead) for the final log */
  char side[PATH_MAX + 16];
  snprintf(side, sizeof side, "%s/pages.zip", dir);
  if (ok && mg->nmerged > 0) {
    /* written once with the log known so far, then checked in scope P; a
     * merge whose own workbook passes (the usual case) is done, else it is
     * written again with those findings in its log.  While the writer
     * runs, this process writes the pages for the log known so far and
     * compresses them ahead: they stand unless the check finds more. */
    xc_diags_sort(&log);
    size_t known = log.n;
    writer_proc pw;
    ok = write_province_apart(spec, mg, path, &log, &ind, o->lang, o->cleanup, &pw, err);
    if (ok) {
      xc_errtext ahead; /* a failure here is met again below, and said there */
      xc_errtext_init(&ahead);
      bool ahead_nomem = false;
      pages_done = write_pages(mg, &log, res->xlsx, &ind, o->lang, dir, ents, &n, &ahead_nomem, &ahead) &&
                   zip_ahead(side, ents, pages_from, n);
      xc_errtext_free(&ahead);
      phase(&tm, "pages: written ahead");
    }
    if (!wait_province(&pw, o->cleanup, &sys, err)) ok = false;
    phase(&tm, "province: written");
    ok = ok && xc_province_check(mg, path, res->xlsx, check_window_rows(), o->lang, &log, err);
    phase(&tm, "province: checked (scope P)");
    if (ok && log.n > known) {
      pages_done = false;
      xc_diags_sort(&log);
      ok = write_province_apart(spec, mg, path, &log, &ind, o->lang, o->cleanup, &pw, err);
      if (!wait_province(&pw, o->cleanup, &sys, err)) ok = false;
      phase(&tm, "province: written again with its findings");
    }
  } else {
    xc_diags_sort(&log);
  }
  if (!ok && !sys) sys = errno;
  if (!wait_unit_writers(procs, started, o->cleanup, &sys, err)) ok = false;
  phase(&tm, "unit workbooks: written");
  for (size_t i = 0; upaths && i < mg->nfiles; i++) free(upaths[i]);
  free(upaths);
  if (log.nomem) nomem = true, ok = false; /* the province check's findings were lost */

  /* 4. the log, the page, the manifest (unless written ahead for this log) */
  if (ok && !pages_done) {
    drop_entries(ents, &n, pages_from);
    ok = write_pages(mg, &log, res->xlsx, &ind, o->lang, dir, ents, &n, &nomem, err);
    if (!ok && !sys) sys = errno;
  }
  phase(&tm, "log, page, manifest");
  snprintf(path, sizeof path, "%s/bundle.zip", dir);
  if (err->nomem) nomem = true;
  if (nomem) ok = false;
  if (!ok && !nomem && is_write_errno(sys)) { /* said of the destination, not of a scratch file */
    xc_errtext_clear(err);
    XC_ERRTEXT_PRINTF(err, "%s: %s", res->path, xc_write_reason(sys, dir, XC_L));
    const char *tmpdir = getenv("TMPDIR");
    if (tmpdir && *tmpdir) XC_ERRTEXT_PRINTF(err, " (%s: TMPDIR=%s)", xc_msg(XC_L, "thư mục tạm", "scratch folder"), tmpdir);
  }
  if (ok) ok = write_zip(path, res->path, dir, pages_done ? side : NULL, ents, n, err);
  if (ok) ok = xc_publish(path, &dest, o->cleanup, err);
  phase(&tm, "zip");
  res->errors = log.errors;
  res->warnings = log.warnings;
  xc_groups gs;
  if (!xc_groups_build(&log, &gs) && ok) nomem = true; /* the bundle is published: only the count is lost */
  res->groups = gs.n;
  xc_groups_free(&gs);
  if (nomem || err->nomem) err->nomem = nomem = !ok; /* a published bundle is a success */
  xc_scratch_remove(dir);
  xc_cleanup_set_scratch(o->cleanup, "");
  for (size_t i = 0; ents && i < n; i++) {
    free(ents[i].name);
    free(ents[i].path);
  }
  free(ents);
  if (nomem) err->nomem = true;
  xc_diags_free(&log);
  xc_indicators_free(&ind);
  xc_fw_spec_free(spec);
  xc_buf_free(&plain);
  return ok;
}

bool xc_bundle_unit_write(const xc_merge *mg, size_t file, const char *rules_dir, const char *path, xc_lang lang,
                          xc_errtext *err) {
  if (file >= mg->nfiles || !mg->files[file].readable || mg->files[file].rs != mg->rs) {
    XC_ERRTEXT_PRINTF(err, "%s", xc_msg(XC_L, "tệp không theo biểu mẫu đã biết", "the file follows no known form"));
    return false;
  }
  xc_buf plain;
  xc_buf_init(&plain, 0);
  xc_fw_spec *spec = xc_fw_spec_load(rules_dir, mg->units_path, &plain);
  bool ok = spec && write_unit(spec, mg, &mg->files[file], path, lang, &plain);
  carry(&plain, err);
  xc_buf_free(&plain);
  xc_fw_spec_free(spec);
  return ok;
}
