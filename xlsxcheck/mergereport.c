/* mergereport.c: bao-cao.html and manifest.json of the merge bundle. */
#include "mergereport.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "msg.h"
#include "report.h"
#include "version.h"

const char *xc_merge_status_name(xc_file_status st, xc_lang L) {
  switch (st) {
    case XC_ST_MERGED: return xc_msg(L, "Đã tổng hợp", "Merged");
    case XC_ST_MERGED_ERRORS: return xc_msg(L, "Đã tổng hợp, có lỗi", "Merged with errors");
    case XC_ST_LEFT_OUT: return xc_msg(L, "Không tổng hợp", "Left out");
    default: return xc_msg(L, "Không đọc được", "Unreadable");
  }
}

static const char *status_id(xc_file_status st) {
  switch (st) {
    case XC_ST_MERGED: return "merged";
    case XC_ST_MERGED_ERRORS: return "merged-with-errors";
    case XC_ST_LEFT_OUT: return "left-out";
    default: return "unreadable";
  }
}

static void html_esc(xc_buf *b, const char *s) {
  for (; *s; s++) switch (*s) {
      case '<': xc_buf_adds(b, "&lt;"); break;
      case '>': xc_buf_adds(b, "&gt;"); break;
      case '&': xc_buf_adds(b, "&amp;"); break;
      case '"': xc_buf_adds(b, "&quot;"); break;
      case '\n': xc_buf_adds(b, "<br>"); break;
      default: xc_buf_addc(b, *s);
    }
}

static void td(xc_buf *b, const char *s) {
  xc_buf_adds(b, "<td>");
  html_esc(b, s ? s : "");
  xc_buf_adds(b, "</td>");
}

static const char *unit_label(const xc_merge *mg, const xc_unit_file *f) {
  return f->unit >= 0 ? mg->units->units[f->unit].official_name : f->unit_text;
}

/* The findings of one file in the log: errors and warnings. */
static void count_findings(const xc_diags *log, const char *file, size_t *e, size_t *w) {
  *e = *w = 0;
  for (size_t k = 0; k < log->n; k++)
    if (strcmp(log->items[k].file, file) == 0) log->items[k].severity == XC_SEV_ERROR ? (*e)++ : (*w)++;
}

/* What the bundle holds of a file's annotated copy: its entry, the words of
 * a clean file (which gets none), or "" (unreadable, another form). */
static const char *copy_text(const xc_merge *mg, const xc_unit_file *f, xc_lang L) {
  if (f->copy) return f->copy;
  if (f->readable && f->rs == mg->rs && f->diags.n == 0) return xc_merge_no_copy_note(L);
  return "";
}

const char *xc_merge_no_copy_note(xc_lang L) {
  return xc_msg(L, "không có lỗi — không cần bản đánh dấu", "no findings — no annotated copy needed");
}

/* One line of the units table: a file and its status. */
static void file_row(xc_buf *b, const xc_merge *mg, const xc_diags *log, const xc_unit_file *f, const char *unit,
                     xc_lang L) {
  size_t e, w;
  count_findings(log, f->path, &e, &w);
  const char *cls = f->status == XC_ST_MERGED ? "ok" : f->status == XC_ST_MERGED_ERRORS ? "warning" : "error";
  xc_buf_printf(b, "<tr class=\"%s\">", cls);
  td(b, unit);
  td(b, f->path);
  td(b, f->period_text);
  td(b, xc_merge_status_name(f->status, L));
  xc_buf_printf(b, "<td class=\"num\">%zu</td><td class=\"num\">%zu</td>", e, w);
  td(b, L == XC_LANG_EN ? f->note_en : f->note_vi);
  td(b, copy_text(mg, f, L));
  xc_buf_adds(b, "</tr>\n");
}

static const char CSS[] =
    "body{font-family:'Times New Roman',serif;margin:2em;max-width:80em}"
    "h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.5em}"
    "table{border-collapse:collapse;width:100%;margin:.5em 0}"
    "td,th{border:1px solid #999;padding:.25em .5em;vertical-align:top;text-align:left}"
    "th{background:#ddebf7}.error{background:#ffc7ce}.warning{background:#ffeb9c}"
    ".ok{background:#c6efce}.missing{background:#eee}.num{text-align:right}"
    ".hint{color:#444;font-style:italic}";

static void findings_table(xc_buf *b, const xc_diags *log, const char *file, xc_lang L) {
  size_t shown = 0;
  for (size_t i = 0; i < log->n; i++) {
    const xc_diag *d = &log->items[i];
    if (strcmp(d->file, file) != 0) continue;
    if (!shown++)
      xc_buf_printf(b, "<table><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>\n",
                    xc_msg(L, "Trang", "Sheet"), xc_msg(L, "Ô", "Cell"), xc_msg(L, "STT", "Key"),
                    xc_msg(L, "Mã", "Rule"), xc_msg(L, "Nội dung", "Message"), xc_msg(L, "Cách sửa", "Fix"));
    bool en = L == XC_LANG_EN;
    xc_buf_printf(b, "<tr class=\"%s\">", d->severity == XC_SEV_ERROR ? "error" : "warning");
    td(b, d->sheet);
    td(b, d->cell);
    td(b, d->key);
    td(b, d->rule);
    xc_buf_adds(b, "<td>");
    html_esc(b, en && d->msg_en[0] ? d->msg_en : d->msg_vi);
    if (d->actual[0] || d->expected[0]) {
      xc_buf_adds(b, " —");
      if (d->actual[0]) {
        xc_buf_printf(b, " %s ", xc_msg(L, "có", "is"));
        html_esc(b, d->actual);
      }
      if (d->expected[0]) {
        xc_buf_printf(b, "%s %s ", d->actual[0] ? "," : "", xc_msg(L, "cần", "expected"));
        html_esc(b, d->expected);
      }
    }
    xc_buf_adds(b, "</td><td class=\"hint\">");
    html_esc(b, en && d->hint_en[0] ? d->hint_en : d->hint_vi);
    xc_buf_adds(b, "</td></tr>\n");
  }
  if (shown) xc_buf_adds(b, "</table>\n");
  else xc_buf_printf(b, "<p>%s</p>\n", xc_msg(L, "Không có lỗi.", "No findings."));
}

void xc_merge_html(const xc_merge *mg, const xc_diags *log, const char *xlsx_name, xc_lang L, xc_buf *b) {
  xc_buf_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">\n<title>", L == XC_LANG_EN ? "en" : "vi");
  xc_buf_printf(b, "%s %s – %s", xc_msg(L, "Tổng hợp tỉnh", "Province merge:"), mg->province, mg->period);
  xc_buf_printf(b, "</title>\n<style>%s</style></head><body>\n<h1>", CSS);
  html_esc(b, xc_msg(L, "Báo cáo tổng hợp", "Merge report"));
  xc_buf_adds(b, ": ");
  html_esc(b, mg->rs->form_title ? mg->rs->form_title : mg->rs->form_id);
  xc_buf_adds(b, "</h1>\n<p>");
  xc_buf_printf(b, "%s: <b>", xc_msg(L, "Tỉnh", "Province"));
  html_esc(b, mg->province);
  xc_buf_printf(b, "</b> · %s: <b>", xc_msg(L, "Kỳ báo cáo", "Period"));
  html_esc(b, mg->period[0] ? mg->period : "?");
  xc_buf_printf(b, "</b> · %s: <b>%zu/%zu</b> · %s: <b>%zu</b> · %s: <b>%zu</b></p>\n",
                xc_msg(L, "Đơn vị đã tổng hợp", "Units merged"), mg->nmerged, mg->units->n,
                xc_msg(L, "Lỗi", "Errors"), log->errors, xc_msg(L, "Cảnh báo", "Warnings"), log->warnings);
  xc_buf_printf(b, "<p>%s: <code>", xc_msg(L, "Tệp tổng hợp", "Merged workbook"));
  html_esc(b, xlsx_name);
  xc_buf_printf(b, "</code>. %s</p>\n",
                xc_msg(L, "Tệp của từng đơn vị có lỗi hoặc cảnh báo, ô có lỗi tô đỏ (cảnh báo tô vàng), nằm trong thư mục don-vi/; tệp không có lỗi thì không cần bản đánh dấu (cột Bản đánh dấu).",
                       "The file of each unit with findings, cells with errors in red (warnings in yellow), is in the don-vi/ folder; a file without findings needs no annotated copy (column Annotated copy)."));

  /* a list longer than one Excel sheet continues on more sheets */
  if (mg->split_vi) {
    xc_buf_adds(b, "<p class=\"warning\">");
    html_esc(b, L == XC_LANG_EN ? mg->split_en : mg->split_vi);
    xc_buf_adds(b, ".</p>\n");
  }

  /* units and their status, in registry order, then files of no unit */
  xc_buf_printf(b, "<h2>%s</h2>\n<table><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th><th>%s</th><th>%s</th></tr>\n",
                xc_msg(L, "Các đơn vị", "Units"), xc_msg(L, "Đơn vị", "Unit"), xc_msg(L, "Tệp", "File"),
                xc_msg(L, "Kỳ báo cáo", "Period"), xc_msg(L, "Tình trạng", "Status"), xc_msg(L, "Lỗi", "Errors"),
                xc_msg(L, "Cảnh báo", "Warnings"), xc_msg(L, "Ghi chú", "Note"),
                xc_msg(L, "Bản đánh dấu", "Annotated copy"));
  bool *listed = xc_calloc(mg->nfiles ? mg->nfiles : 1, sizeof *listed);
  for (size_t u = 0; u < mg->units->n; u++) {
    bool any = false;
    for (size_t i = 0; i < mg->nfiles; i++) {
      const xc_unit_file *f = &mg->files[i];
      if (f->unit != (int)u) continue;
      any = listed[i] = true;
      file_row(b, mg, log, f, mg->units->units[u].official_name, L);
    }
    if (!any) {
      xc_buf_adds(b, "<tr class=\"missing\">");
      td(b, mg->units->units[u].official_name);
      td(b, "");
      td(b, "");
      td(b, xc_msg(L, "Thiếu: chưa có tệp", "Missing: no file"));
      xc_buf_adds(b, "<td></td><td></td><td></td><td></td></tr>\n");
    }
  }
  for (size_t i = 0; i < mg->nfiles; i++) {
    if (listed[i]) continue;
    const xc_unit_file *f = &mg->files[i];
    file_row(b, mg, log, f, f->unit_text[0] ? f->unit_text : "?", L);
  }
  xc_buf_adds(b, "</table>\n");

  /* the PAR-index ranking */
  if (mg->cs_sheet >= 0 && mg->nmerged) {
    xc_buf_printf(b, "<h2>%s</h2>\n<table><tr><th class=\"num\">%s</th><th>%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th></tr>\n",
                  xc_msg(L, "Xếp hạng Chỉ số CCHC", "PAR index ranking"), xc_msg(L, "Hạng", "Rank"),
                  xc_msg(L, "Đơn vị", "Unit"), xc_msg(L, "Điểm tối đa", "Maximum"), xc_msg(L, "Tự đánh giá", "Self-assessed"),
                  xc_msg(L, "Thẩm định", "Appraised"), xc_msg(L, "Chỉ số (%)", "Index (%)"));
    xc_buf t;
    xc_buf_init(&t, 0);
    for (size_t i = 0; i < mg->nmerged; i++) {
      const xc_rank_line *R = &mg->ranking[i];
      xc_buf_printf(b, "<tr><td class=\"num\">%zu</td>", R->rank);
      td(b, mg->units->units[mg->files[R->file].unit].official_name);
      const xc_dec *v[] = {&R->max, &R->self, &R->appraisal, R->has_index ? &R->index : NULL};
      for (size_t k = 0; k < 4; k++) {
        xc_buf_clear(&t);
        if (v[k]) xc_dec_format_vi(&t, *v[k], -1);
        xc_buf_printf(b, "<td class=\"num\">%s</td>", xc_buf_str(&t));
      }
      xc_buf_adds(b, "</tr>\n");
    }
    xc_buf_free(&t);
    xc_buf_adds(b, "</table>\n");
  }

  /* findings: the merge's own, the province workbook's, then each file's */
  xc_buf_printf(b, "<h2>%s</h2>\n", xc_msg(L, "Lỗi chung của đợt tổng hợp", "Findings about the whole merge"));
  findings_table(b, log, "", L);
  xc_buf_printf(b, "<h2>%s: ", xc_msg(L, "Tệp tổng hợp của tỉnh", "The province workbook"));
  html_esc(b, xlsx_name);
  xc_buf_adds(b, "</h2>\n");
  findings_table(b, log, xlsx_name, L);
  for (size_t i = 0; i < mg->nfiles; i++) {
    const xc_unit_file *f = &mg->files[i];
    xc_buf_adds(b, "<h2>");
    html_esc(b, unit_label(mg, f)[0] ? unit_label(mg, f) : "?");
    xc_buf_adds(b, " — <code>");
    html_esc(b, f->path);
    xc_buf_printf(b, "</code> (%s)</h2>\n", xc_merge_status_name(f->status, L));
    findings_table(b, log, f->path, L);
  }
  xc_buf_printf(b, "<p class=\"hint\">xlsxcheck %s</p>\n</body></html>\n", XC_VERSION);
  free(listed);
}

static int cmp_cstr(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

static const char *base_name(const char *p) {
  const char *s = strrchr(p, '/');
  return s ? s + 1 : p;
}

void xc_merge_manifest(const xc_merge *mg, const xc_diags *log, const char **entries, size_t n, xc_buf *b) {
  char hex[65];
  uint64_t size;
  xc_buf_printf(b, "{\n  \"tool\": \"xlsxcheck\",\n  \"version\": \"%s\",\n  \"form\": ", XC_VERSION);
  xc_json_str(b, mg->rs->form_id);
  xc_buf_adds(b, ",\n  \"ruleset\": {\"file\": ");
  xc_json_str(b, base_name(mg->rs->path));
  xc_sha256_file(mg->rs->path, hex, &size);
  xc_buf_adds(b, ", \"sha256\": ");
  xc_json_str(b, hex);
  xc_buf_adds(b, "},\n  \"units_registry\": {\"file\": ");
  const char *up = mg->units_path ? mg->units_path : "";
  xc_json_str(b, base_name(up));
  xc_sha256_file(up, hex, &size);
  xc_buf_adds(b, ", \"sha256\": ");
  xc_json_str(b, hex);
  xc_buf_adds(b, "},\n  \"province\": ");
  xc_json_str(b, mg->province);
  xc_buf_adds(b, ",\n  \"period\": ");
  xc_json_str(b, mg->period);
  xc_buf_printf(b, ",\n  \"units_merged\": %zu,\n  \"units_in_registry\": %zu,\n  \"errors\": %zu,\n  \"warnings\": %zu,\n  \"inputs\": [",
                mg->nmerged, mg->units->n, log->errors, log->warnings);
  for (size_t i = 0; i < mg->nfiles; i++) {
    const xc_unit_file *f = &mg->files[i];
    xc_buf_adds(b, i ? ",\n    {" : "\n    {");
    xc_buf_adds(b, "\"name\": ");
    xc_json_str(b, f->path);
    xc_buf_adds(b, ", \"sha256\": ");
    xc_json_str(b, f->sha256);
    xc_buf_printf(b, ", \"size\": %llu, \"unit\": ", (unsigned long long)f->size);
    xc_json_str(b, unit_label(mg, f));
    xc_buf_adds(b, ", \"unit_code\": ");
    xc_json_str(b, f->unit >= 0 ? mg->units->units[f->unit].code : "");
    xc_buf_adds(b, ", \"period\": ");
    xc_json_str(b, f->period[0] ? f->period : f->period_text);
    xc_buf_adds(b, ", \"status\": ");
    xc_json_str(b, status_id(f->status));
    size_t e, w;
    count_findings(log, f->path, &e, &w);
    xc_buf_printf(b, ", \"errors\": %zu, \"warnings\": %zu, \"note\": ", e, w);
    xc_json_str(b, f->note_en);
    xc_buf_adds(b, ", \"note_vi\": ");
    xc_json_str(b, f->note_vi);
    /* its annotated copy, or why there is none */
    xc_buf_adds(b, ", \"copy\": ");
    if (f->copy) xc_json_str(b, f->copy);
    else xc_buf_adds(b, "null");
    xc_buf_adds(b, ", \"copy_note\": ");
    xc_json_str(b, f->copy ? "" : copy_text(mg, f, XC_LANG_EN));
    xc_buf_adds(b, ", \"copy_note_vi\": ");
    xc_json_str(b, f->copy ? "" : copy_text(mg, f, XC_LANG_VI));
    xc_buf_adds(b, "}");
  }
  xc_buf_adds(b, mg->nfiles ? "\n  ],\n  \"missing_units\": [" : "],\n  \"missing_units\": [");
  size_t m = 0;
  for (size_t u = 0; u < mg->units->n; u++) {
    bool has = false;
    for (size_t i = 0; i < mg->nfiles; i++) has |= mg->files[i].unit == (int)u;
    if (has) continue;
    if (m++) xc_buf_adds(b, ", ");
    xc_json_str(b, mg->units->units[u].official_name);
  }
  xc_buf_adds(b, "],\n  \"entries\": [");
  const char **sorted = xc_malloc((n ? n : 1) * sizeof *sorted);
  memcpy(sorted, entries, n * sizeof *sorted);
  qsort(sorted, n, sizeof *sorted, cmp_cstr);
  for (size_t i = 0; i < n; i++) {
    if (i) xc_buf_adds(b, ", ");
    xc_json_str(b, sorted[i]);
  }
  free(sorted);
  xc_buf_adds(b, "]\n}\n");
}
