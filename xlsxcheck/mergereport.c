/* mergereport.c: bao-cao.html and manifest.json of the merge bundle. */
#include "mergereport.h"

#include "json.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "msg.h"
#include "report.h"
#include "report_html.h"
#include "version.h"

static const char *status_id(xc_file_status st) {
  switch (st) {
    case XC_ST_MERGED: return "merged";
    case XC_ST_MERGED_ERRORS: return "merged-with-errors";
    case XC_ST_LEFT_OUT: return "left-out";
    default: return "unreadable";
  }
}

static const char *unit_label(const xc_merge *mg, const xc_unit_file *f) {
  return f->unit >= 0 ? mg->units->units[f->unit].official_name : f->unit_text;
}

/* The findings of one file: errors and warnings (its own list holds what
 * the log has of it). */
static void count_findings(const xc_unit_file *f, size_t *e, size_t *w) {
  *e = *w = 0;
  for (size_t k = 0; k < f->diags.n; k++) {
    if (f->diags.items[k].severity == XC_SEV_ERROR) (*e)++;
    else if (f->diags.items[k].severity == XC_SEV_WARNING) (*w)++;
  }
}

/* The log's groups, built once, and each file's run of them (a sorted log
 * keeps a file's findings, hence its groups, side by side). */
typedef struct {
  xc_groups all;
  const char **file;  /* per run: its file */
  size_t *start, *end;
  size_t n;
} file_runs;

/* false when memory runs out (no runs then; runs_free either way) */
static bool runs_build(const xc_diags *log, file_runs *r) {
  memset(r, 0, sizeof *r);
  if (!xc_groups_build(log, &r->all)) return false;
  size_t cap = r->all.n ? r->all.n : 1;
  r->file = xc_try_malloc(cap * sizeof *r->file);
  r->start = xc_try_malloc(cap * sizeof *r->start);
  r->end = xc_try_malloc(cap * sizeof *r->end);
  if (!r->file || !r->start || !r->end) return false;
  for (size_t i = 0; i < r->all.n; i++) {
    const char *f = r->all.items[i].first->file;
    if (r->n && strcmp(r->file[r->n - 1], f) == 0) {
      r->end[r->n - 1] = i + 1;
      continue;
    }
    r->file[r->n] = f;
    r->start[r->n] = i;
    r->end[r->n++] = i + 1;
  }
  return true;
}

static void runs_free(file_runs *r) {
  xc_groups_free(&r->all);
  free(r->file);
  free(r->start);
  free(r->end);
}

/* One file's groups (a view into the runs), and its counts. */
static xc_groups runs_of(const file_runs *r, const char *file, size_t *e, size_t *w) {
  xc_groups g;
  memset(&g, 0, sizeof g);
  for (size_t k = 0; k < r->n; k++) {
    if (strcmp(r->file[k], file) != 0) continue;
    g.items = r->all.items + r->start[k];
    g.n = r->end[k] - r->start[k];
    break;
  }
  for (size_t i = 0; i < g.n; i++) {
    if (g.items[i].first->severity == XC_SEV_ERROR) g.errors += g.items[i].n;
    else if (g.items[i].first->severity == XC_SEV_WARNING) g.warnings += g.items[i].n;
  }
  if (e) *e = g.errors;
  if (w) *w = g.warnings;
  return g;
}

static void file_groups(xc_buf *b, const file_runs *r, const char *file, bool errors_only, xc_lang L) {
  xc_groups gs = runs_of(r, file, NULL, NULL);
  xc_html_opts o = {L, errors_only, 10};
  xc_html_groups(b, &gs, &o);
}

static void page_link(xc_buf *b, const char *href, const char *label, bool current) {
  xc_buf_printf(b, "<a href=\"%s\"%s>", href, current ? " aria-current=\"page\"" : "");
  xc_html_esc(b, label);
  xc_buf_adds(b, "</a>");
}

void xc_merge_html(const xc_merge *mg, const xc_diags *log, const char *xlsx_name, const xc_indicators *ind,
                   bool errors_only, xc_lang L, xc_buf *b) {
  xc_merge_row *rows;
  size_t nrows = xc_merge_rows(mg, &rows);
  file_runs runs;
  bool runs_ok = runs_build(log, &runs);
  if (nrows == SIZE_MAX || !runs_ok) { /* no memory: no page (the caller sees b->nomem) */
    b->nomem = true;
    free(rows);
    runs_free(&runs);
    return;
  }
  size_t with_errors = 0;
  for (size_t i = 0; i < nrows; i++) with_errors += rows[i].cls == XC_ROW_ERRORS;
  const char *form = mg->rs->form_title ? mg->rs->form_title : mg->rs->form_id;

  xc_buf_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
                L == XC_LANG_EN ? "en" : "vi");
  if (log->errors) xc_buf_printf(b, "%s: ", xc_msg(L, "Lỗi", "Errors"));
  xc_buf_printf(b, "%s ", errors_only ? xc_msg(L, "Các lỗi cần sửa –", "Errors to correct –")
                                      : xc_msg(L, "Tổng hợp", "Merge:"));
  xc_html_esc(b, mg->province);
  xc_buf_adds(b, " – ");
  xc_html_esc(b, mg->period);
  xc_buf_printf(b, "</title>\n<style>%s</style></head><body>\n<header>\n<h1>", xc_html_css());
  xc_html_esc(b, errors_only ? xc_msg(L, "Các lỗi cần sửa", "Errors to correct") : xc_msg(L, "Báo cáo tổng hợp", "Merge report"));
  xc_buf_adds(b, ": ");
  xc_html_esc(b, form);
  xc_buf_adds(b, "</h1>\n<p>");
  xc_buf_printf(b, "%s: <b>", xc_msg(L, "Tỉnh", "Province"));
  xc_html_esc(b, mg->province);
  xc_buf_printf(b, "</b> · %s: <b>", xc_msg(L, "Kỳ báo cáo", "Period"));
  xc_html_esc(b, mg->period[0] ? mg->period : "?");
  xc_buf_printf(b, "</b> · %s: <code>", xc_msg(L, "Tệp tổng hợp", "Merged workbook"));
  xc_html_esc(b, xlsx_name);
  xc_buf_adds(b, "</code></p>\n<nav class=\"xc-views\" aria-label=\"");
  xc_html_esc(b, xc_msg(L, "Cách xem", "Views"));
  xc_buf_adds(b, "\">");
  page_link(b, XC_MERGE_HTML, xc_msg(L, "Toàn bộ báo cáo", "The whole report"), !errors_only);
  page_link(b, XC_MERGE_HTML_ERRORS, xc_msg(L, "Chỉ xem lỗi (bản in cho lãnh đạo)", "Errors only (to print)"), errors_only);
  xc_buf_adds(b, "</nav>\n</header>\n<main>\n");

  /* a list longer than one Excel sheet continues on more sheets */
  if (mg->split_vi) {
    xc_buf_adds(b, "<p><span class=\"xc-badge xc-badge-warning\">");
    xc_html_esc(b, L == XC_LANG_EN ? mg->split_en : mg->split_vi);
    xc_buf_adds(b, ".</span></p>\n");
  }

  /* overview */
  xc_buf_printf(b, "<section id=\"tong-quan\"><h2>%s</h2>\n", xc_msg(L, "Tổng quan", "Overview"));
  xc_html_merge_overview(b, mg, rows, nrows, log, errors_only, L);
  xc_buf_adds(b, "</section>\n");

  /* the units, errors first; each links to its section */
  xc_buf_printf(b, "<section id=\"don-vi\"><h2>%s</h2>\n", xc_msg(L, "Các đơn vị", "Units"));
  xc_buf_printf(b, "<p class=\"xc-muted\">%s</p>\n",
                xc_msg(L, "Đơn vị có lỗi trước, rồi đơn vị chỉ có cảnh báo, không có lỗi, không tổng hợp, thiếu tệp. Bấm tên đơn vị để xem chi tiết. Tệp của từng đơn vị có lỗi hoặc cảnh báo, ô có lỗi tô đỏ (cảnh báo tô vàng), nằm trong thư mục don-vi/ của gói; tệp không có lỗi thì không cần bản đánh dấu (cột Ghi chú).",
                       "Units with errors first, then warnings only, clean, left out, missing. Click a unit for its details. The file of each unit with findings, cells with errors in red (warnings in yellow), is in the bundle's don-vi/ folder; a file without findings needs no annotated copy (column Note)."));
  xc_html_merge_status(b, mg, rows, nrows, true, L);
  xc_buf_adds(b, "</section>\n");

  /* charts */
  xc_buf_printf(b, "<section id=\"bieu-do\"><h2>%s</h2>\n<div class=\"xc-charts\">\n<figure>", xc_msg(L, "Biểu đồ", "Charts"));
  xc_buf_printf(b, "<figcaption>%s</figcaption>\n", xc_msg(L, "Lỗi và cảnh báo của từng đơn vị", "Errors and warnings per unit"));
  xc_html_chart_findings(b, rows, nrows, L);
  xc_buf_adds(b, "</figure>\n");
  if (ind && ind->n && mg->nmerged) {
    const char **names = xc_try_malloc(mg->nmerged * sizeof *names);
    if (!names) b->nomem = true;
    for (size_t i = 0; names && i < mg->nmerged; i++) names[i] = unit_label(mg, &mg->files[mg->order[i]]);
    for (size_t k = 0; names && k < ind->n; k++) {
      xc_buf_adds(b, "<figure><figcaption>");
      xc_html_esc(b, ind->items[k].label);
      xc_buf_adds(b, "</figcaption>\n");
      xc_html_chart_indicator(b, &ind->items[k], names, mg->nmerged, L);
      xc_buf_adds(b, "</figure>\n");
    }
    free(names);
  }
  xc_buf_adds(b, "</div>\n</section>\n");

  /* the PAR-index ranking */
  if (mg->cs_sheet >= 0 && mg->nmerged && !errors_only) {
    xc_buf_printf(b, "<section id=\"xep-hang\"><h2>%s</h2>\n<table><thead><tr><th scope=\"col\" class=\"xc-num\">%s</th><th scope=\"col\">%s</th><th scope=\"col\" class=\"xc-num\">%s</th><th scope=\"col\" class=\"xc-num\">%s</th><th scope=\"col\" class=\"xc-num\">%s</th><th scope=\"col\" class=\"xc-num\">%s</th></tr></thead>\n<tbody>\n",
                  xc_msg(L, "Xếp hạng Chỉ số CCHC", "PAR index ranking"), xc_msg(L, "Hạng", "Rank"),
                  xc_msg(L, "Đơn vị", "Unit"), xc_msg(L, "Điểm tối đa", "Maximum"), xc_msg(L, "Tự đánh giá", "Self-assessed"),
                  xc_msg(L, "Thẩm định", "Appraised"), xc_msg(L, "Chỉ số (%)", "Index (%)"));
    xc_buf t;
    xc_buf_init(&t, 0);
    for (size_t i = 0; i < mg->nmerged; i++) {
      const xc_rank_line *R = &mg->ranking[i];
      xc_buf_printf(b, "<tr><td class=\"xc-num\">%zu</td><td>", R->rank);
      xc_html_esc(b, mg->units->units[mg->files[R->file].unit].official_name);
      xc_buf_adds(b, "</td>");
      const xc_dec *v[] = {&R->max, &R->self, &R->appraisal, R->has_index ? &R->index : NULL};
      for (size_t k = 0; k < 4; k++) {
        xc_buf_clear(&t);
        if (v[k]) xc_dec_format_vi(&t, *v[k], -1);
        xc_buf_printf(b, "<td class=\"xc-num\">%s</td>", xc_buf_str(&t));
      }
      xc_buf_adds(b, "</tr>\n");
    }
    xc_buf_free(&t);
    xc_buf_adds(b, "</tbody></table>\n</section>\n");
  }

  /* each unit's findings, in the table's order */
  xc_buf_printf(b, "<section id=\"chi-tiet\"><h2>%s</h2>\n",
                errors_only ? xc_msg(L, "Lỗi của từng đơn vị", "Errors per unit") : xc_msg(L, "Chi tiết theo đơn vị", "Details per unit"));
  if (errors_only && !with_errors)
    xc_buf_printf(b, "<p>%s</p>\n", xc_msg(L, "Không đơn vị nào có lỗi.", "No unit has errors."));
  else if (!errors_only) {
    xc_buf_printf(b, "<nav aria-label=\"%s\"><ol class=\"xc-toc\">\n", xc_msg(L, "Mục lục", "Contents"));
    for (size_t i = 0; i < nrows; i++) {
      if (rows[i].file < 0) continue;
      xc_buf_printf(b, "<li><a href=\"#%s\">", rows[i].anchor);
      xc_html_esc(b, rows[i].name);
      xc_buf_printf(b, "</a> — %zu %s, %zu %s</li>\n", rows[i].errors, xc_msg(L, "lỗi", "errors"), rows[i].warnings,
                    xc_msg(L, "cảnh báo", "warnings"));
    }
    xc_buf_adds(b, "</ol></nav>\n");
  }
  for (size_t i = 0; i < nrows; i++) {
    const xc_merge_row *r = &rows[i];
    if (r->file < 0 || (errors_only && !r->errors)) continue;
    const xc_unit_file *f = &mg->files[r->file];
    /* open: units with errors (and every unit of the errors-only page, which is the one to print) */
    xc_buf_printf(b, "<details class=\"xc-unit\" id=\"%s\"%s><summary><h3>", r->anchor,
                  r->errors || errors_only ? " open" : "");
    xc_html_esc(b, r->name);
    xc_buf_adds(b, "</h3> — ");
    xc_html_esc(b, xc_merge_status_name(f->status, L));
    xc_buf_adds(b, " — ");
    if (r->errors) xc_buf_printf(b, "<span class=\"xc-badge xc-badge-error\">%zu %s</span> ", r->errors, xc_msg(L, "lỗi", "errors"));
    if (r->warnings && !errors_only)
      xc_buf_printf(b, "<span class=\"xc-badge xc-badge-warning\">%zu %s</span>", r->warnings, xc_msg(L, "cảnh báo", "warnings"));
    if (!r->errors && !r->warnings) xc_buf_printf(b, "<span class=\"xc-badge xc-badge-ok\">%s</span>", xc_msg(L, "không có lỗi", "no findings"));
    xc_buf_adds(b, "</summary>\n");
    xc_buf_printf(b, "<p>%s: <code>", xc_msg(L, "Tệp", "File"));
    xc_html_esc(b, f->path);
    xc_buf_printf(b, "</code> · %s: ", xc_msg(L, "Kỳ báo cáo", "Period"));
    xc_html_esc(b, f->period_text[0] ? f->period_text : "?");
    const char *note = L == XC_LANG_EN ? f->note_en : f->note_vi;
    if (note[0]) {
      xc_buf_adds(b, " · ");
      xc_html_esc(b, note);
    }
    xc_buf_adds(b, "</p>\n");
    file_groups(b, &runs, f->path, errors_only, L);
    xc_buf_adds(b, "</details>\n");
  }
  xc_buf_adds(b, "</section>\n");

  /* the merge's own findings and the province workbook's */
  size_t e, w;
  runs_of(&runs, "", &e, &w);
  if (e || (w && !errors_only)) {
    xc_buf_printf(b, "<section id=\"dot-tong-hop\"><h2>%s</h2>\n", xc_msg(L, "Phát hiện chung của đợt tổng hợp", "Findings about the whole merge"));
    file_groups(b, &runs, "", errors_only, L);
    xc_buf_adds(b, "</section>\n");
  }
  runs_of(&runs, xlsx_name, &e, &w);
  if (e || (w && !errors_only)) {
    xc_buf_printf(b, "<section id=\"tinh\"><h2>%s: <code>", xc_msg(L, "Tệp tổng hợp của tỉnh", "The province workbook"));
    xc_html_esc(b, xlsx_name);
    xc_buf_adds(b, "</code></h2>\n");
    file_groups(b, &runs, xlsx_name, errors_only, L);
    xc_buf_adds(b, "</section>\n");
  }
  xc_buf_printf(b, "</main>\n<footer><p class=\"xc-muted\">xlsxcheck %s</p></footer>\n</body></html>\n", XC_VERSION);
  runs_free(&runs);
  free(rows);
}

static int cmp_cstr(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

static const char *base_name(const char *p) {
  const char *s = strrchr(p, '/');
  return s ? s + 1 : p;
}

/* {"file": base name, "sha256": …} of a file the merge used */
static json_t *file_ref(const char *path) {
  char hex[65];
  uint64_t size;
  xc_sha256_file(path, hex, &size);
  json_t *o = json_object();
  if (o && (!xc_json_put_text(o, "file", base_name(path)) || !xc_json_put_text(o, "sha256", hex))) {
    json_decref(o);
    return NULL;
  }
  return o;
}

void xc_merge_manifest(const xc_merge *mg, const xc_diags *log, const char **entries, size_t n, xc_buf *b) {
  json_t *doc = json_object(), *inputs = json_array(), *missing = json_array(), *ents = json_array();
  bool ok = doc && inputs && missing && ents && xc_json_put_text(doc, "tool", "xlsxcheck") &&
            xc_json_put_text(doc, "version", XC_VERSION) && xc_json_put_text(doc, "form", mg->rs->form_id) &&
            json_object_set_new(doc, "ruleset", file_ref(mg->rs->path)) == 0 &&
            json_object_set_new(doc, "units_registry", file_ref(mg->units_path ? mg->units_path : "")) == 0 &&
            xc_json_put_text(doc, "province", mg->province) && xc_json_put_text(doc, "period", mg->period) &&
            xc_json_put_int(doc, "units_merged", (long long)mg->nmerged) &&
            xc_json_put_int(doc, "units_in_registry", (long long)mg->units->n) &&
            xc_json_put_int(doc, "errors", (long long)log->errors) &&
            xc_json_put_int(doc, "warnings", (long long)log->warnings);
  for (size_t i = 0; ok && i < mg->nfiles; i++) {
    const xc_unit_file *f = &mg->files[i];
    size_t e, w;
    count_findings(f, &e, &w);
    json_t *o = json_object();
    ok = o && xc_json_put_text(o, "name", f->path) && xc_json_put_text(o, "sha256", f->sha256) &&
         xc_json_put_int(o, "size", (long long)f->size) && xc_json_put_text(o, "unit", unit_label(mg, f)) &&
         xc_json_put_text(o, "unit_code", f->unit >= 0 ? mg->units->units[f->unit].code : "") &&
         xc_json_put_text(o, "period", f->period[0] ? f->period : f->period_text) &&
         xc_json_put_text(o, "status", status_id(f->status)) && xc_json_put_int(o, "errors", (long long)e) &&
         xc_json_put_int(o, "warnings", (long long)w) && xc_json_put_text(o, "note", f->note_en) &&
         xc_json_put_text(o, "note_vi", f->note_vi) &&
         /* its annotated copy, or why there is none */
         json_object_set_new(o, "copy", f->copy ? xc_json_text(f->copy) : json_null()) == 0 &&
         xc_json_put_text(o, "copy_note", f->copy ? "" : xc_merge_copy_text(mg, f, XC_LANG_EN)) &&
         xc_json_put_text(o, "copy_note_vi", f->copy ? "" : xc_merge_copy_text(mg, f, XC_LANG_VI)) &&
         json_array_append(inputs, o) == 0;
    json_decref(o);
  }
  bool *has = xc_try_calloc(mg->units->n + 1, sizeof *has); /* the units that sent a file */
  if (!has) ok = false;
  for (size_t i = 0; has && i < mg->nfiles; i++)
    if (mg->files[i].unit >= 0 && (size_t)mg->files[i].unit < mg->units->n) has[mg->files[i].unit] = true;
  for (size_t u = 0; ok && u < mg->units->n; u++)
    if (!has[u]) ok = json_array_append_new(missing, xc_json_text(mg->units->units[u].official_name)) == 0;
  free(has);
  const char **sorted = xc_try_malloc((n ? n : 1) * sizeof *sorted);
  if (!sorted) ok = false;
  if (n && sorted) memcpy(sorted, entries, n * sizeof *sorted);
  if (sorted) qsort(sorted, n, sizeof *sorted, cmp_cstr);
  for (size_t i = 0; ok && i < n; i++) ok = json_array_append_new(ents, xc_json_text(sorted[i])) == 0;
  free(sorted);
  ok = ok && json_object_set(doc, "inputs", inputs) == 0 && json_object_set(doc, "missing_units", missing) == 0 &&
       json_object_set(doc, "entries", ents) == 0;
  if (!ok || !xc_json_dump(doc, true, b)) b->nomem = true; /* jansson fails only for want of memory */
  json_decref(ents);
  json_decref(missing);
  json_decref(inputs);
  json_decref(doc);
}
