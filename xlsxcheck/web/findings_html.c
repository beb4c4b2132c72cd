/* findings_html.c: findings as HTML for the pages (findings_html.h).  Every
 * text from a workbook is escaped. */
#include "findings_html.h"

#include <stdlib.h>
#include <string.h>

#include "web.h"

#define FOLD_AFTER 10

static const char *L2(xc_lang l, const char *vi, const char *en) { return l == XC_LANG_EN ? en : vi; }

static void esc(xc_buf *b, const char *s) { xc_web_esc(b, s ? s : ""); }

static bool same_file(const xc_diag *d, const char *file) {
  return !file || strcmp(d->file ? d->file : "", file) == 0;
}

static void row(xc_buf *b, const xc_diag *d, xc_lang lang) {
  xc_buf_adds(b, "<tr><td>");
  esc(b, d->sheet);
  xc_buf_adds(b, "</td><td class=\"cell mono\">");
  esc(b, d->cell);
  xc_buf_adds(b, "</td><td class=\"mono\">");
  esc(b, d->key);
  xc_buf_adds(b, "</td><td>");
  esc(b, lang == XC_LANG_EN ? d->msg_en : d->msg_vi);
  xc_buf_adds(b, "</td><td>");
  esc(b, d->actual);
  xc_buf_adds(b, "</td><td>");
  esc(b, d->expected);
  xc_buf_adds(b, "</td></tr>\n");
}

static void table_head(xc_buf *b, xc_lang l) {
  xc_web_raw(b, "<table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>\n",
             L2(l, "Trang", "Sheet"), L2(l, "Ô", "Cell"), L2(l, "Dòng", "Row"), L2(l, "Nội dung", "What is wrong"),
             L2(l, "Có", "Found"), L2(l, "Cần", "Expected"));
}

/* The findings of one file and one severity, grouped by rule in order. */
static void severity_groups(xc_buf *b, const xc_diags *d, const char *file, xc_severity sev, xc_lang l) {
  bool *done = calloc(d->n ? d->n : 1, sizeof *done);
  if (!done) return;
  for (size_t i = 0; i < d->n; i++) {
    const xc_diag *first = &d->items[i];
    if (done[i] || first->severity != sev || !same_file(first, file)) continue;
    size_t count = 0;
    for (size_t k = i; k < d->n; k++)
      if (!done[k] && d->items[k].severity == sev && same_file(&d->items[k], file) && strcmp(d->items[k].rule, first->rule) == 0) count++;
    const char *cls = sev == XC_SEV_ERROR ? "error" : "warning";
    xc_web_raw(b, "<div class=\"group %s\"><h3><span class=\"badge sev-%s\">%s</span> ", cls, cls,
               sev == XC_SEV_ERROR ? L2(l, "lỗi", "error") : L2(l, "cảnh báo", "warning"));
    if (first->sheet && *first->sheet) {
      esc(b, first->sheet);
      xc_buf_adds(b, " · ");
    }
    xc_buf_adds(b, "<span class=\"mono\">");
    esc(b, first->rule);
    xc_web_raw(b, "</span> · %zu %s</h3>\n<p>", count, L2(l, "chỗ", count == 1 ? "place" : "places"));
    esc(b, l == XC_LANG_EN ? first->msg_en : first->msg_vi);
    xc_buf_adds(b, "</p>\n");
    const char *hint = l == XC_LANG_EN ? first->hint_en : first->hint_vi;
    if (hint && *hint) {
      xc_web_raw(b, "<p class=\"fix\"><strong>%s</strong> ", L2(l, "Cách sửa:", "How to fix:"));
      esc(b, hint);
      xc_buf_adds(b, "</p>\n");
    }
    table_head(b, l);
    size_t shown = 0;
    for (size_t k = i; k < d->n; k++) {
      const xc_diag *x = &d->items[k];
      if (done[k] || x->severity != sev || !same_file(x, file) || strcmp(x->rule, first->rule) != 0) continue;
      done[k] = true;
      if (shown == FOLD_AFTER)
        xc_web_raw(b, "</tbody></table>\n<details><summary>%s %zu %s</summary>\n", L2(l, "Xem thêm", "Show"), count - FOLD_AFTER,
                   L2(l, "chỗ nữa", "more"));
      if (shown == FOLD_AFTER) table_head(b, l);
      row(b, x, l);
      shown++;
    }
    xc_buf_adds(b, "</tbody></table>\n");
    if (shown > FOLD_AFTER) xc_buf_adds(b, "</details>\n");
    xc_buf_adds(b, "</div>\n");
  }
  free(done);
}

static void one_file(xc_buf *b, const xc_diags *d, const char *file, xc_lang l) {
  size_t e = 0, w = 0;
  for (size_t i = 0; i < d->n; i++)
    if (same_file(&d->items[i], file)) d->items[i].severity == XC_SEV_ERROR ? e++ : w++;
  if (!e && !w) {
    xc_web_raw(b, "<p><span class=\"badge sev-ok\">%s</span></p>\n", L2(l, "Không có lỗi, không có cảnh báo.", "No errors, no warnings."));
    return;
  }
  if (e) {
    xc_web_raw(b, "<h3 class=\"sev-head\">%s (%zu)</h3>\n", L2(l, "Lỗi — phải sửa", "Errors — must be fixed"), e);
    severity_groups(b, d, file, XC_SEV_ERROR, l);
  }
  if (w) {
    xc_web_raw(b, "<details%s><summary>%s (%zu)</summary>\n", e ? "" : " open", L2(l, "Cảnh báo — cần xem lại", "Warnings — check them"), w);
    severity_groups(b, d, file, XC_SEV_WARNING, l);
    xc_buf_adds(b, "</details>\n");
  }
}

void xc_web_findings_html(xc_buf *b, const xc_diags *d, const char *file, xc_lang l) {
  if (file) {
    one_file(b, d, file, l);
    return;
  }
  /* the files in order of appearance */
  size_t nfiles = 0;
  for (size_t i = 0; i < d->n; i++) {
    bool seen = false;
    for (size_t k = 0; k < i && !seen; k++) seen = strcmp(d->items[k].file, d->items[i].file) == 0;
    nfiles += !seen;
  }
  if (nfiles <= 1) {
    one_file(b, d, NULL, l);
    return;
  }
  for (size_t i = 0; i < d->n; i++) {
    bool seen = false;
    for (size_t k = 0; k < i && !seen; k++) seen = strcmp(d->items[k].file, d->items[i].file) == 0;
    if (seen) continue;
    xc_buf_adds(b, "<section class=\"findings-file\"><h3>");
    esc(b, *d->items[i].file ? d->items[i].file : L2(l, "Cả bộ tệp", "The whole set"));
    xc_buf_adds(b, "</h3>\n");
    one_file(b, d, d->items[i].file, l);
    xc_buf_adds(b, "</section>\n");
  }
}
