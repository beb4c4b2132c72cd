/* report_html.c: HTML fragments of findings (report_html.h). */
#include "report_html.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "merge.h"
#include "msg.h"
#include "textkey.h"
#include "utf8.h"

/* s[0..n) escaped, and valid UTF-8 whatever the bytes were (utf8.h) */
static void esc_n(xc_buf *b, const char *s, size_t n) {
  for (size_t i = 0; i < n;) {
    switch (s[i]) {
      case '<': xc_buf_adds(b, "&lt;"); break;
      case '>': xc_buf_adds(b, "&gt;"); break;
      case '&': xc_buf_adds(b, "&amp;"); break;
      case '"': xc_buf_adds(b, "&quot;"); break;
      case '\'': xc_buf_adds(b, "&#39;"); break;
      default: {
        size_t k = xc_utf8_seq(s + i, n - i);
        if (k) xc_buf_add(b, s + i, k), i += k;
        else xc_buf_adds(b, XC_UTF8_REPLACEMENT), i++;
        continue;
      }
    }
    i++;
  }
}

void xc_html_esc(xc_buf *b, const char *s) {
  if (s) esc_n(b, s, strlen(s));
}

/* escaped, line ends as <br> (hints and messages may have several lines) */
static void esc_lines(xc_buf *b, const char *s) {
  for (const char *p = s; p && *p;) {
    size_t n = strcspn(p, "\n");
    esc_n(b, p, n);
    p += n;
    if (*p == '\n') {
      xc_buf_adds(b, "<br>");
      p++;
    }
  }
}

static const char CSS[] =
    ":root{--err-bg:#FFC7CE;--err-fg:#9C0006;--warn-bg:#FFEB9C;--warn-fg:#9C6500;--ok-bg:#C6EFCE;--ok-fg:#006100}"
    "body{font-family:'Segoe UI',Arial,'Noto Sans',sans-serif;font-size:15px;line-height:1.45;color:#1b1b1b;"
    "margin:0 auto;padding:1rem 1.5rem;max-width:72rem;overflow-wrap:anywhere}"
    "h1{font-size:1.6rem;margin:.2rem 0 .4rem}h2{font-size:1.3rem;margin:1.6rem 0 .5rem;border-bottom:2px solid #1b1b1b}"
    "h3{font-size:1.1rem;margin:1rem 0 .4rem}"
    "a{color:#1d5aa8}a:focus,summary:focus{outline:3px solid #fd0;outline-offset:1px}"
    "code{font-family:Consolas,'DejaVu Sans Mono',monospace;font-size:.92em}"
    "table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem;table-layout:fixed}"
    "th,td{border:1px solid #b1b4b6;padding:.3rem .45rem;vertical-align:top;text-align:left}"
    /* column widths as classes, no style attribute (a page under a strict CSP) */
    ".xc-w7{width:7%}.xc-w9{width:9%}.xc-w10{width:10%}.xc-w11{width:11%}.xc-w13{width:13%}.xc-w15{width:15%}"
    ".xc-w17{width:17%}.xc-w24{width:24%}.xc-w30{width:30%}.xc-w42{width:42%}"
    "thead th{background:#f3f2f1}.xc-num{text-align:right;font-variant-numeric:tabular-nums}"
    "tr.xc-error td:first-child{border-left:6px solid var(--err-fg)}"
    "tr.xc-warning td:first-child{border-left:6px solid var(--warn-fg)}"
    ".xc-badge{display:inline-block;padding:0 .4rem;border-radius:3px;font-weight:600;white-space:nowrap}"
    ".xc-status .xc-badge{white-space:normal}"
    ".xc-badge-error{background:var(--err-bg);color:var(--err-fg)}"
    ".xc-badge-warning{background:var(--warn-bg);color:var(--warn-fg)}"
    "tr.xc-info td:first-child{border-left:6px solid #1f4e79}.xc-badge-info{background:#ddebf7;color:#1f4e79}"
    ".xc-badge-ok{background:var(--ok-bg);color:var(--ok-fg)}"
    ".xc-badge-other{background:#e8e8e8;color:#333}"
    ".xc-where{color:#333}.xc-hint{color:#333}.xc-cells{margin-top:.25rem;color:#333;font-size:.93em}"
    ".xc-cells summary{cursor:pointer;color:#1d5aa8}"
    ".xc-summary{border:4px solid #1b1b1b;padding:.6rem 1rem;margin:.6rem 0 1rem}"
    ".xc-summary.xc-has-errors{border-color:var(--err-fg)}.xc-summary.xc-has-warnings{border-color:var(--warn-fg)}"
    ".xc-summary.xc-clean{border-color:var(--ok-fg)}.xc-summary p{margin:.2rem 0}"
    ".xc-summary .xc-counts{font-size:1.2rem;font-weight:600}"
    ".xc-cards{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0;margin:.4rem 0 1rem}"
    ".xc-cards li{flex:1 1 9rem;border:1px solid #b1b4b6;border-top-width:6px;padding:.4rem .6rem}"
    ".xc-cards b{display:block;font-size:1.7rem;line-height:1.2}"
    ".xc-card-errors{border-top-color:var(--err-fg)!important}.xc-card-warnings{border-top-color:var(--warn-fg)!important}"
    ".xc-card-clean{border-top-color:var(--ok-fg)!important}"
    ".xc-chart{max-width:100%;height:auto;display:block;margin:.3rem 0 1rem}"
    ".xc-charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(30rem,1fr));gap:0 1.5rem}"
    ".xc-charts figure{margin:0}.xc-charts figcaption{font-weight:600;margin-top:.6rem}"
    "details.xc-unit{border:1px solid #b1b4b6;margin:.5rem 0;padding:0 .8rem}"
    "details.xc-unit>summary{cursor:pointer;padding:.5rem 0;font-size:1.08rem}"
    "details.xc-unit>summary h3{display:inline;font-size:1.08rem;margin:0}"
    ".xc-views a{margin-right:1rem}.xc-views [aria-current]{font-weight:700;color:#1b1b1b;text-decoration:none}"
    ".xc-toc{columns:2 18rem;padding-left:1.2rem}"
    ".xc-muted{color:#505a5f}"
    "@media print{@page{size:A4 portrait;margin:14mm 12mm}"
    "body{font-size:10.5pt;max-width:none;padding:0}.xc-views,.xc-noprint{display:none}"
    "a{color:inherit;text-decoration:none}h2{break-after:avoid}"
    "tr,figure,.xc-summary,.xc-cards li{break-inside:avoid}thead{display:table-header-group}"
    "details.xc-unit{border:0;padding:0}.xc-charts{display:block}"
    "tr.xc-error td:first-child,tr.xc-warning td:first-child{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    ".xc-badge,.xc-chart{-webkit-print-color-adjust:exact;print-color-adjust:exact}}";

const char *xc_html_css(void) { return CSS; }

/* 1234.5 -> "1.234,5" (Vietnamese notation), `dec` decimals, trailing zeros dropped. */
static void num_vi(xc_buf *b, double v, int dec) {
  char t[64];
  snprintf(t, sizeof t, "%.*f", dec, fabs(v));
  char *dot = strchr(t, '.');
  if (dot) {
    char *e = t + strlen(t) - 1;
    while (e > dot && *e == '0') *e-- = '\0';
    if (e == dot) *e = '\0';
  }
  size_t ilen = dot && *dot ? (size_t)(dot - t) : strlen(t);
  if (v < 0 && strcmp(t, "0") != 0) xc_buf_addc(b, '-');
  for (size_t i = 0; i < ilen; i++) {
    if (i && (ilen - i) % 3 == 0) xc_buf_addc(b, '.');
    xc_buf_addc(b, t[i]);
  }
  if (dot && *dot) {
    xc_buf_addc(b, ',');
    xc_buf_adds(b, dot + 1);
  }
}

static const char *sev_word(xc_severity s, xc_lang L) {
  return xc_severity_name(s, L, false);
}

/* ---- one file ------------------------------------------------------------ */

void xc_html_file_summary(xc_buf *b, const char *file, const char *unit, const char *form, size_t e, size_t w,
                          xc_lang L) {
  xc_buf_printf(b, "<div class=\"xc-summary %s\" role=\"status\">\n<p class=\"xc-counts\">",
                e ? "xc-has-errors" : w ? "xc-has-warnings" : "xc-clean");
  if (e || w) {
    if (e) xc_buf_printf(b, "<span class=\"xc-badge xc-badge-error\">%zu %s</span> ", e, xc_msg(L, "lỗi", e == 1 ? "error" : "errors"));
    if (w) xc_buf_printf(b, "<span class=\"xc-badge xc-badge-warning\">%zu %s</span> ", w, xc_msg(L, "cảnh báo", w == 1 ? "warning" : "warnings"));
    xc_buf_adds(b, e ? xc_msg(L, "— cần sửa các lỗi rồi gửi lại tệp.", "— correct the errors, then send the file again.")
                     : xc_msg(L, "— không có lỗi; xem lại các cảnh báo.", "— no error; check the warnings."));
  } else {
    xc_buf_printf(b, "<span class=\"xc-badge xc-badge-ok\">%s</span>", xc_msg(L, "Không có lỗi", "No findings"));
  }
  xc_buf_adds(b, "</p>\n<p>");
  xc_buf_printf(b, "%s: <code>", xc_msg(L, "Tệp", "File"));
  xc_html_esc(b, file);
  xc_buf_adds(b, "</code>");
  if (unit && unit[0]) {
    xc_buf_printf(b, " · %s: <b>", xc_msg(L, "Đơn vị", "Unit"));
    xc_html_esc(b, unit);
    xc_buf_adds(b, "</b>");
  }
  if (form && form[0]) {
    xc_buf_printf(b, " · %s: ", xc_msg(L, "Biểu mẫu", "Form"));
    xc_html_esc(b, form);
  }
  xc_buf_adds(b, "</p>\n</div>\n");
}

/* "Biểu mẫu 3 · ô D24 · dòng 3.3", or "Biểu mẫu 1 · 21 ô" */
static void where(xc_buf *b, const xc_group *g, xc_lang L) {
  const xc_diag *d = g->first;
  xc_html_esc(b, d->sheet[0] ? d->sheet : xc_msg(L, "(cả tệp)", "(whole file)"));
  size_t nc = xc_group_ncells(g);
  if (g->n == 1) {
    if (d->cell[0]) {
      xc_buf_printf(b, " · %s ", xc_msg(L, "ô", "cell"));
      xc_html_esc(b, d->cell);
    }
    if (d->key[0]) {
      xc_buf_printf(b, " · %s ", xc_msg(L, "dòng", "row"));
      xc_html_esc(b, d->key);
    }
  } else {
    xc_buf_printf(b, " · %zu %s", g->n, nc == g->n ? xc_msg(L, "ô", "cells") : xc_msg(L, "phát hiện", "findings"));
  }
}

static void cells_list(xc_buf *b, const xc_group *g, size_t fold, xc_lang L) {
  size_t nc = xc_group_ncells(g);
  if (g->n < 2 || !nc) return;
  xc_buf_printf(b, "<div class=\"xc-cells\">%s: ", xc_msg(L, "Các ô", "Cells"));
  size_t shown = 0;
  for (size_t i = 0; i < g->n; i++) {
    const xc_diag *d = g->items[i];
    if (!d->cell[0]) continue;
    if (shown == fold)
      xc_buf_printf(b, "<details><summary>%s %zu %s</summary>", xc_msg(L, "và", "and"), nc - fold,
                    xc_msg(L, "ô khác", nc - fold == 1 ? "more cell" : "more cells"));
    else if (shown)
      xc_buf_adds(b, ", ");
    xc_html_esc(b, d->cell);
    if (d->key[0] && strcmp(d->key, d->cell) != 0) {
      xc_buf_adds(b, " <span class=\"xc-muted\">(");
      xc_html_esc(b, d->key);
      xc_buf_adds(b, ")</span>");
    }
    shown++;
  }
  if (shown > fold) xc_buf_adds(b, "</details>");
  xc_buf_adds(b, "</div>");
}

void xc_html_groups(xc_buf *b, const xc_groups *gs, const xc_html_opts *o) {
  xc_lang L = o->lang;
  size_t fold = o->fold ? o->fold : 10;
  size_t shown = 0;
  for (size_t i = 0; i < gs->n; i++) {
    const xc_group *g = &gs->items[i];
    const xc_diag *d = g->first;
    if (o->errors_only && d->severity != XC_SEV_ERROR) continue;
    if (!shown++)
      xc_buf_printf(b, "<table class=\"xc-findings\"><colgroup><col class=\"xc-w11\"><col class=\"xc-w17\">"
                       "<col class=\"xc-w42\"><col class=\"xc-w30\"></colgroup>\n"
                       "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                       "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
                    xc_msg(L, "Mức độ", "Severity"), xc_msg(L, "Ở đâu", "Where"), xc_msg(L, "Nội dung", "What"),
                    xc_msg(L, "Cách sửa", "How to fix"));
    const char *sev = xc_severity_name(d->severity, L, true); /* error, warning, info */
    xc_buf_printf(b, "<tr class=\"xc-%s\" id=\"g-", sev);
    xc_html_esc(b, g->id);
    xc_buf_printf(b, "\"><td><span class=\"xc-badge xc-badge-%s\">%s</span><br><code>", sev,
                  sev_word(d->severity, L));
    xc_html_esc(b, d->rule);
    xc_buf_adds(b, "</code></td><td class=\"xc-where\">");
    where(b, g, L);
    xc_buf_adds(b, "</td><td>");
    esc_lines(b, xc_group_msg(g, L));
    if (g->actual[0] || g->expected[0]) {
      xc_buf_adds(b, " —");
      if (g->actual[0]) {
        xc_buf_printf(b, " %s <b>", xc_msg(L, "có", "is"));
        xc_html_esc(b, g->actual);
        xc_buf_adds(b, "</b>");
      }
      if (g->actual[0] && g->expected[0]) xc_buf_adds(b, ",");
      if (g->expected[0]) {
        xc_buf_printf(b, " %s <b>", xc_msg(L, "cần", "expected"));
        xc_html_esc(b, g->expected);
        xc_buf_adds(b, "</b>");
      }
    }
    cells_list(b, g, fold, L);
    xc_buf_adds(b, "</td><td class=\"xc-hint\">");
    esc_lines(b, xc_group_hint(g, L));
    xc_buf_adds(b, "</td></tr>\n");
  }
  if (shown) xc_buf_adds(b, "</tbody></table>\n");
  else
    xc_buf_printf(b, "<p>%s</p>\n", o->errors_only ? xc_msg(L, "Không có lỗi.", "No errors.")
                                                   : xc_msg(L, "Không có lỗi.", "No findings."));
}

void xc_html_findings(xc_buf *b, const xc_diags *d, const xc_html_opts *o) {
  xc_groups all;
  if (!xc_groups_build(d, &all)) b->nomem = true;
  for (size_t i = 0; i < all.n; i++) {
    const xc_diag *f = all.items[i].first;
    if (i && strcmp(all.items[i - 1].first->file, f->file) == 0) continue;
    size_t e = 0, w = 0;
    for (size_t k = i; k < all.n && strcmp(all.items[k].first->file, f->file) == 0; k++)
      if (all.items[k].first->severity == XC_SEV_ERROR) e += all.items[k].n;
      else if (all.items[k].first->severity == XC_SEV_WARNING) w += all.items[k].n;
    xc_html_file_summary(b, f->file, f->unit, "", e, o->errors_only ? 0 : w, o->lang);
    xc_groups gs;
    if (!xc_groups_build_file(d, f->file, &gs)) b->nomem = true;
    xc_html_groups(b, &gs, o);
    xc_groups_free(&gs);
  }
  if (!all.n) xc_buf_printf(b, "<p>%s</p>\n", xc_msg(o->lang, "Không có lỗi.", "No findings."));
  xc_groups_free(&all);
}

/* ---- a merge: rows in reading order --------------------------------------- */

const char *xc_row_class_name(xc_row_class c, xc_lang L) {
  switch (c) {
    case XC_ROW_ERRORS: return xc_msg(L, "Có lỗi", "With errors");
    case XC_ROW_WARNINGS: return xc_msg(L, "Chỉ có cảnh báo", "Warnings only");
    case XC_ROW_CLEAN: return xc_msg(L, "Không có lỗi", "Clean");
    case XC_ROW_LEFT_OUT: return xc_msg(L, "Không tổng hợp", "Left out");
    default: return xc_msg(L, "Thiếu tệp", "Missing");
  }
}

static int cmp_row(const void *a, const void *b) {
  const xc_merge_row *x = a, *y = b;
  if (x->cls != y->cls) return x->cls < y->cls ? -1 : 1;
  /* registry order; files of no unit after, in input order */
  long ux = x->unit < 0 ? 1L << 30 : x->unit, uy = y->unit < 0 ? 1L << 30 : y->unit;
  if (ux != uy) return ux < uy ? -1 : 1;
  return x->file < y->file ? -1 : x->file > y->file;
}

/* FNV-1a of an anchor */
static size_t anchor_hash(const char *a) {
  uint64_t h = 1469598103934665603ull;
  for (; *a; a++) h = (h ^ (unsigned char)*a) * 1099511628211ull;
  return (size_t)h;
}

size_t xc_merge_rows(const xc_merge *mg, xc_merge_row **out) {
  size_t cap = mg->nfiles + mg->units->n + 1, n = 0;
  *out = NULL;
  xc_merge_row *rows = xc_try_calloc(cap, sizeof *rows);
  bool *has = xc_try_calloc(mg->units->n + 1, sizeof *has);
  if (!rows || !has) {
    free(rows);
    free(has);
    return SIZE_MAX;
  }
  for (size_t i = 0; i < mg->nfiles; i++) {
    const xc_unit_file *f = &mg->files[i];
    xc_merge_row *r = &rows[n++];
    r->file = (long)i;
    r->unit = f->unit;
    if (f->unit >= 0) has[f->unit] = true;
    r->name = f->unit >= 0 ? mg->units->units[f->unit].official_name : f->unit_text[0] ? f->unit_text : "?";
    for (size_t k = 0; k < f->diags.n; k++) {
      if (f->diags.items[k].severity == XC_SEV_ERROR) r->errors++;
      else if (f->diags.items[k].severity == XC_SEV_WARNING) r->warnings++;
    }
    if (f->status == XC_ST_LEFT_OUT || f->status == XC_ST_UNREADABLE) r->cls = XC_ROW_LEFT_OUT;
    else r->cls = r->errors ? XC_ROW_ERRORS : r->warnings ? XC_ROW_WARNINGS : XC_ROW_CLEAN;
  }
  for (size_t u = 0; u < mg->units->n; u++) {
    if (has[u]) continue;
    xc_merge_row *r = &rows[n++];
    r->file = -1;
    r->unit = (long)u;
    r->name = mg->units->units[u].official_name;
    r->cls = XC_ROW_MISSING;
  }
  free(has);
  qsort(rows, n, sizeof *rows, cmp_row);
  /* anchors: the unit's slug, numbered when a unit has two files (the
   * anchors taken so far in a hash set of row indices) */
  size_t hcap = 16;
  while (hcap < 2 * n) hcap *= 2;
  size_t *taken = xc_try_malloc(hcap * sizeof *taken);
  xc_buf s;
  xc_buf_init(&s, 0);
  for (size_t h = 0; taken && h < hcap; h++) taken[h] = SIZE_MAX;
  for (size_t i = 0; taken && i < n; i++) {
    xc_buf_clear(&s);
    if (rows[i].unit >= 0) xc_buf_adds(&s, mg->units->units[rows[i].unit].slug);
    else xc_slug(rows[i].name, &s);
    snprintf(rows[i].anchor, sizeof rows[i].anchor, "u-%.50s", xc_buf_str(&s));
    for (int dup = 2;; dup++) {
      size_t h = anchor_hash(rows[i].anchor) & (hcap - 1);
      while (taken[h] != SIZE_MAX && strcmp(rows[taken[h]].anchor, rows[i].anchor) != 0) h = (h + 1) & (hcap - 1);
      if (taken[h] == SIZE_MAX) {
        taken[h] = i;
        break;
      }
      snprintf(rows[i].anchor, sizeof rows[i].anchor, "u-%.50s-%d", xc_buf_str(&s), dup);
    }
  }
  if (s.nomem || !taken) { /* an anchor lost its name */
    xc_buf_free(&s);
    free(taken);
    free(rows);
    return SIZE_MAX;
  }
  xc_buf_free(&s);
  free(taken);
  *out = rows;
  return n;
}

/* ---- a merge: overview and status ---------------------------------------- */

typedef struct {
  const char *rule;
  xc_severity severity;
  const char *msg;   /* the first group's message */
  size_t findings, units;
  const char *last_file; /* counting units: the log is sorted by file */
} rule_count;

static int cmp_rule_count(const void *a, const void *b) {
  const rule_count *x = a, *y = b;
  if (x->severity != y->severity) return x->severity < y->severity ? -1 : 1;
  if (x->units != y->units) return x->units > y->units ? -1 : 1;
  if (x->findings != y->findings) return x->findings > y->findings ? -1 : 1;
  return strcmp(x->rule, y->rule);
}

void xc_html_merge_overview(xc_buf *b, const xc_merge *mg, const xc_merge_row *rows, size_t nrows,
                            const xc_diags *log, bool errors_only, xc_lang L) {
  size_t by[5] = {0};
  for (size_t i = 0; i < nrows; i++) by[rows[i].cls]++;
  static const char *const card[5] = {"xc-card-errors", "xc-card-warnings", "xc-card-clean", "", ""};
  xc_buf_adds(b, "<ul class=\"xc-cards\">\n");
  for (int c = 0; c < 5; c++) {
    xc_buf_printf(b, "<li class=\"%s\"><b>%zu</b>", card[c], by[c]);
    xc_html_esc(b, xc_row_class_name((xc_row_class)c, L));
    xc_buf_adds(b, "</li>\n");
  }
  xc_buf_adds(b, "</ul>\n");
  xc_groups gs;
  if (!xc_groups_build(log, &gs)) b->nomem = true;
  xc_buf_printf(b, "<p>%s <b>%zu/%zu</b> %s · ", xc_msg(L, "Đã tổng hợp", "Merged"), mg->nmerged, mg->units->n,
                xc_msg(L, "đơn vị", "units"));
  xc_buf_printf(b, "<span class=\"xc-badge xc-badge-error\">%zu %s</span> <span class=\"xc-badge xc-badge-warning\">%zu %s</span> ",
                log->errors, xc_msg(L, "lỗi", "errors"), log->warnings, xc_msg(L, "cảnh báo", "warnings"));
  xc_buf_printf(b, xc_msg(L, "(%zu nhóm; mỗi nhóm là một loại lỗi trên một trang của một tệp)",
                          "(%zu groups; a group is one kind of finding on one sheet of one file)"),
                gs.n);
  xc_buf_adds(b, "</p>\n");
  /* the rules broken most often, in how many units */
  rule_count *rc = NULL;
  size_t nrc = 0, cap = 0;
  for (size_t i = 0; i < gs.n; i++) {
    const xc_group *g = &gs.items[i];
    if (errors_only && g->first->severity != XC_SEV_ERROR) continue;
    if (g->first->severity == XC_SEV_INFO) continue; /* information breaks no rule */
    rule_count *r = NULL;
    for (size_t k = 0; k < nrc && !r; k++)
      if (strcmp(rc[k].rule, g->first->rule) == 0 && rc[k].severity == g->first->severity) r = &rc[k];
    if (!r) {
      if (nrc == cap) {
        size_t ncap = cap ? cap * 2 : 16;
        rule_count *more = xc_try_realloc(rc, ncap * sizeof *rc);
        if (!more) {
          b->nomem = true;
          break;
        }
        rc = more;
        cap = ncap;
      }
      r = &rc[nrc++];
      *r = (rule_count){g->first->rule, g->first->severity, xc_group_msg(g, L), 0, 0, NULL};
    }
    r->findings += g->n;
    /* a unit counts once per rule: a sorted log keeps a file's groups side by side */
    if (!r->last_file || strcmp(r->last_file, g->first->file) != 0) {
      r->units++;
      r->last_file = g->first->file;
    }
  }
  if (nrc) {
    qsort(rc, nrc, sizeof *rc, cmp_rule_count);
    size_t top = nrc < 8 ? nrc : 8;
    xc_buf_printf(b, "<h3>%s</h3>\n<table class=\"xc-rules\"><colgroup><col class=\"xc-w13\"><col>"
                     "<col class=\"xc-w11\"><col class=\"xc-w11\"></colgroup>\n"
                     "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\" class=\"xc-num\">%s</th>"
                     "<th scope=\"col\" class=\"xc-num\">%s</th></tr></thead>\n<tbody>\n",
                  errors_only ? xc_msg(L, "Lỗi gặp nhiều nhất", "The errors met most often")
                              : xc_msg(L, "Lỗi và cảnh báo gặp nhiều nhất", "The rules broken most often"), xc_msg(L, "Mã", "Rule"),
                  xc_msg(L, "Nội dung (ví dụ)", "What (an example)"), xc_msg(L, "Số phát hiện", "Findings"),
                  xc_msg(L, "Số đơn vị", "Units"));
    for (size_t k = 0; k < top; k++) {
      const char *sev = xc_severity_name(rc[k].severity, L, true);
      xc_buf_printf(b, "<tr class=\"xc-%s\"><td><span class=\"xc-badge xc-badge-%s\">%s</span><br><code>",
                    sev, sev, sev_word(rc[k].severity, L));
      xc_html_esc(b, rc[k].rule);
      xc_buf_adds(b, "</code></td><td>");
      esc_lines(b, rc[k].msg);
      xc_buf_printf(b, "</td><td class=\"xc-num\">%zu</td><td class=\"xc-num\">%zu</td></tr>\n", rc[k].findings, rc[k].units);
    }
    xc_buf_adds(b, "</tbody></table>\n");
  }
  free(rc);
  xc_groups_free(&gs);
}

static void td(xc_buf *b, const char *s) {
  xc_buf_adds(b, "<td>");
  xc_html_esc(b, s ? s : "");
  xc_buf_adds(b, "</td>");
}

void xc_html_merge_status(xc_buf *b, const xc_merge *mg, const xc_merge_row *rows, size_t nrows, bool link,
                          xc_lang L) {
  xc_buf_printf(b, "<table class=\"xc-status\"><colgroup><col class=\"xc-w17\"><col class=\"xc-w24\">"
                   "<col class=\"xc-w10\"><col class=\"xc-w15\"><col class=\"xc-w7\"><col class=\"xc-w9\"><col></colgroup>\n"
                   "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                   "<th scope=\"col\" class=\"xc-num\">%s</th><th scope=\"col\" class=\"xc-num\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
                xc_msg(L, "Đơn vị", "Unit"), xc_msg(L, "Tệp", "File"), xc_msg(L, "Kỳ báo cáo", "Period"),
                xc_msg(L, "Tình trạng", "Status"), xc_msg(L, "Lỗi", "Errors"), xc_msg(L, "Cảnh báo", "Warnings"),
                xc_msg(L, "Ghi chú", "Note"));
  for (size_t i = 0; i < nrows; i++) {
    const xc_merge_row *r = &rows[i];
    static const char *const cls[5] = {"xc-st-errors", "xc-st-warnings", "xc-st-clean", "xc-st-left-out", "xc-st-missing"};
    xc_buf_printf(b, "<tr class=\"%s\"><th scope=\"row\">", cls[r->cls]);
    if (link && r->file >= 0) {
      xc_buf_printf(b, "<a href=\"#%s\">", r->anchor);
      xc_html_esc(b, r->name);
      xc_buf_adds(b, "</a>");
    } else {
      xc_html_esc(b, r->name);
    }
    xc_buf_adds(b, "</th>");
    if (r->file < 0) {
      xc_buf_printf(b, "<td></td><td></td><td><span class=\"xc-badge xc-badge-other\">%s</span></td><td></td><td></td><td></td></tr>\n",
                    xc_msg(L, "Thiếu: chưa có tệp", "Missing: no file"));
      continue;
    }
    const xc_unit_file *f = &mg->files[r->file];
    xc_buf_adds(b, "<td><code>");
    xc_html_esc(b, f->path);
    xc_buf_adds(b, "</code></td>");
    td(b, f->period_text);
    const char *badge = f->status == XC_ST_MERGED ? "ok" : f->status == XC_ST_MERGED_ERRORS ? "error" : "other";
    xc_buf_printf(b, "<td><span class=\"xc-badge xc-badge-%s\">", badge);
    xc_html_esc(b, xc_merge_status_name(f->status, L));
    xc_buf_printf(b, "</span></td><td class=\"xc-num\">%zu</td><td class=\"xc-num\">%zu</td><td>", r->errors, r->warnings);
    /* the note, then the file's annotated copy or why it has none */
    const char *note = L == XC_LANG_EN ? f->note_en : f->note_vi, *copy = xc_merge_copy_text(mg, f, L);
    xc_html_esc(b, note ? note : "");
    if (*copy) {
      xc_buf_adds(b, note && *note ? "<br><span class=\"xc-muted\">" : "<span class=\"xc-muted\">");
      if (f->copy) xc_buf_adds(b, "<code>");
      xc_html_esc(b, copy);
      xc_buf_adds(b, f->copy ? "</code></span>" : "</span>");
    }
    xc_buf_adds(b, "</td></tr>\n");
  }
  xc_buf_adds(b, "</tbody></table>\n");
}

/* ---- charts -------------------------------------------------------------- */

#define CH_W 600     /* the viewBox width; the SVG scales to its box */
#define CH_LABEL 160 /* room for the unit names */
#define CH_ROW 24
#define CH_TOP 28

static void svg_text(xc_buf *b, double x, double y, const char *anchor, const char *extra, const char *s) {
  /* a white halo keeps a label readable over a bar or the province line */
  xc_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" paint-order=\"stroke\" stroke=\"#fff\" stroke-width=\"3\"%s>",
                x, y, anchor, extra);
  xc_html_esc(b, s);
  xc_buf_adds(b, "</text>");
}

static void svg_open(xc_buf *b, double h, const char *title, const char *desc) {
  xc_buf_printf(b, "<svg class=\"xc-chart\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %.0f\" "
                   "width=\"%d\" height=\"%.0f\" font-family=\"Segoe UI,Arial,Noto Sans,sans-serif\" font-size=\"13\">"
                   "<title>",
                CH_W, h, CH_W, h);
  xc_html_esc(b, title);
  xc_buf_adds(b, "</title><desc>");
  xc_html_esc(b, desc);
  xc_buf_adds(b, "</desc>\n");
}

void xc_html_chart_findings(xc_buf *b, const xc_merge_row *rows, size_t nrows, xc_lang L) {
  size_t n = 0, max = 0;
  for (size_t i = 0; i < nrows; i++)
    if (rows[i].file >= 0) {
      n++;
      if (rows[i].errors + rows[i].warnings > max) max = rows[i].errors + rows[i].warnings;
    }
  if (!n) return;
  double h = CH_TOP + (double)n * CH_ROW + 8;
  double bar = CH_W - CH_LABEL - 140; /* room on the right for "3 lỗi · 145 cảnh báo" */
  xc_buf desc;
  xc_buf_init(&desc, 0);
  for (size_t i = 0; i < nrows; i++)
    if (rows[i].file >= 0)
      xc_buf_printf(&desc, "%s: %zu %s, %zu %s. ", rows[i].name, rows[i].errors, xc_msg(L, "lỗi", "errors"),
                    rows[i].warnings, xc_msg(L, "cảnh báo", "warnings"));
  svg_open(b, h, xc_msg(L, "Số lỗi và cảnh báo của từng đơn vị", "Errors and warnings per unit"), xc_buf_str(&desc));
  xc_buf_free(&desc);
  /* legend */
  xc_buf_printf(b, "<rect x=\"%d\" y=\"6\" width=\"14\" height=\"14\" fill=\"#FFC7CE\" stroke=\"#9C0006\"/>", CH_LABEL);
  svg_text(b, CH_LABEL + 20, 18, "start", "", xc_msg(L, "lỗi", "errors"));
  xc_buf_printf(b, "<rect x=\"%d\" y=\"6\" width=\"14\" height=\"14\" fill=\"#FFEB9C\" stroke=\"#9C6500\"/>", CH_LABEL + 90);
  svg_text(b, CH_LABEL + 110, 18, "start", "", xc_msg(L, "cảnh báo", "warnings"));
  size_t k = 0;
  xc_buf lab;
  xc_buf_init(&lab, 0);
  for (size_t i = 0; i < nrows; i++) {
    const xc_merge_row *r = &rows[i];
    if (r->file < 0) continue;
    double y = CH_TOP + (double)k++ * CH_ROW;
    svg_text(b, CH_LABEL - 8, y + 16, "end", "", r->name);
    double we = max ? bar * (double)r->errors / (double)max : 0, ww = max ? bar * (double)r->warnings / (double)max : 0;
    /* a finding is never invisible: at least 2 units wide */
    if (r->errors && we < 2) we = 2;
    if (r->warnings && ww < 2) ww = 2;
    if (r->errors)
      xc_buf_printf(b, "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"16\" fill=\"#FFC7CE\" stroke=\"#9C0006\"/>", CH_LABEL, y + 4, we);
    if (r->warnings)
      xc_buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"16\" fill=\"#FFEB9C\" stroke=\"#9C6500\"/>", CH_LABEL + we, y + 4, ww);
    xc_buf_clear(&lab);
    if (!r->errors && !r->warnings) xc_buf_adds(&lab, xc_msg(L, "không có lỗi", "no findings"));
    else xc_buf_printf(&lab, "%zu %s · %zu %s", r->errors, xc_msg(L, "lỗi", "errors"), r->warnings, xc_msg(L, "cảnh báo", "warnings"));
    svg_text(b, CH_LABEL + we + ww + 6, y + 16, "start", r->errors ? " font-weight=\"600\" fill=\"#9C0006\"" : "", xc_buf_str(&lab));
  }
  xc_buf_free(&lab);
  xc_buf_adds(b, "</svg>\n");
}

void xc_html_chart_indicator(xc_buf *b, const xc_indicator *ind, const char *const *names, size_t n, xc_lang L) {
  if (!n) return;
  double max = 100;
  for (size_t i = 0; i < n; i++)
    if (ind->has_unit[i] && ind->unit[i] > max) max = ind->unit[i];
  if (ind->has_province && ind->province > max) max = ind->province;
  double h = CH_TOP + (double)n * CH_ROW + 8;
  double bar = CH_W - CH_LABEL - 50;
  xc_buf desc, lab;
  xc_buf_init(&desc, 0);
  xc_buf_init(&lab, 0);
  for (size_t i = 0; i < n; i++) {
    xc_buf_printf(&desc, "%s: ", names[i]);
    if (ind->has_unit[i]) num_vi(&desc, ind->unit[i], 2);
    else xc_buf_adds(&desc, xc_msg(L, "không có số liệu", "no figure"));
    xc_buf_adds(&desc, ". ");
  }
  if (ind->has_province) {
    xc_buf_printf(&desc, "%s: ", xc_msg(L, "Toàn tỉnh", "Province"));
    num_vi(&desc, ind->province, 2);
    xc_buf_adds(&desc, ".");
  }
  svg_open(b, h, ind->label, xc_buf_str(&desc));
  xc_buf_free(&desc);
  /* scale: 0, 50, 100 (%) */
  for (int t = 0; t <= 2; t++) {
    double v = max * t / 2.0, x = CH_LABEL + bar * v / max;
    xc_buf_printf(b, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#d0d0d0\"/>", x, CH_TOP - 4, x, h - 6);
    xc_buf_clear(&lab);
    num_vi(&lab, v, 0);
    svg_text(b, x, CH_TOP - 8, "middle", " fill=\"#505a5f\" font-size=\"11\"", xc_buf_str(&lab));
  }
  for (size_t i = 0; i < n; i++) {
    double y = CH_TOP + (double)i * CH_ROW;
    svg_text(b, CH_LABEL - 8, y + 16, "end", "", names[i]);
    xc_buf_clear(&lab);
    if (ind->has_unit[i]) {
      double w = bar * (ind->unit[i] < 0 ? 0 : ind->unit[i]) / max;
      xc_buf_printf(b, "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"16\" fill=\"#9fc3e7\" stroke=\"#1d5aa8\"/>", CH_LABEL, y + 4, w);
      num_vi(&lab, ind->unit[i], 1);
      svg_text(b, CH_LABEL + w + 6, y + 16, "start", "", xc_buf_str(&lab));
    } else {
      svg_text(b, CH_LABEL + 4, y + 16, "start", " fill=\"#505a5f\" font-style=\"italic\"", xc_msg(L, "không có số liệu", "no figure"));
    }
  }
  if (ind->has_province) {
    double x = CH_LABEL + bar * (ind->province < 0 ? 0 : ind->province) / max;
    xc_buf_printf(b, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#1b1b1b\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>",
                  x, CH_TOP, x, h - 6);
    xc_buf_clear(&lab);
    xc_buf_printf(&lab, "%s ", xc_msg(L, "Toàn tỉnh", "Province"));
    num_vi(&lab, ind->province, 1);
    svg_text(b, x > CH_W - 120 ? x - 4 : x + 4, 12, x > CH_W - 120 ? "end" : "start", " font-weight=\"600\"", xc_buf_str(&lab));
  }
  xc_buf_free(&lab);
  xc_buf_adds(b, "</svg>\n");
}
